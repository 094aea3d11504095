/*
 * report.h — the output formats.
 *
 * Each reporter writes the findings of one run, already sorted by path,
 * line, column and rule, to a stream. Columns are Unicode code points,
 * 1-based (SARIF columnKind "unicodeCodePoints").
 */
#ifndef STACKLINT_REPORT_H
#define STACKLINT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "../checks/finding.h"

typedef enum OutputFormat {
    OUT_TEXT = 1,
    OUT_JSON,
    OUT_SARIF,
    OUT_GITHUB,
} OutputFormat;

int output_format_parse(const char *s);     /* 0 when unknown */

/* When true, the text format colours paths, severities and rule ids with ANSI
 * escapes (main.c decides: --color, NO_COLOR, a terminal). */
extern bool report_color;

/* Returns 0, or -1 when writing failed. */
int report_write(FILE *out, OutputFormat fmt, const Finding *const *findings, size_t n);

#endif
