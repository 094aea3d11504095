/*
 * baseline.h — adopting stacklint on an existing repository.
 *
 * `--write-baseline FILE` records the findings of a run; `--baseline FILE`
 * then reports only findings that are not in it. A finding is matched by
 * its path and its fingerprint (rule, resource and the text of what it is
 * about, with an ordinal among equal ones; see engine.c), never by its line,
 * so adding lines above, reordering resources or changing white space does
 * not bring recorded findings back. The file is JSON, sorted, one finding
 * per entry, meant to be committed and reviewed.
 */
#ifndef STACKLINT_BASELINE_H
#define STACKLINT_BASELINE_H

#include <stdbool.h>

#include "../checks/finding.h"

typedef struct Baseline {
    char **keys;        /* "path\nfingerprint", sorted */
    size_t len;
} Baseline;

/* Writes the findings (suppressed ones are skipped). 0, or -1 with a
 * message on stderr. */
int baseline_write(const char *file, const Finding *const *fs, size_t n);

/* Reads a baseline file. 0, or -1 with a message on stderr. */
int baseline_load(Baseline *b, const char *file);

bool baseline_has(const Baseline *b, const Finding *f);
void baseline_free(Baseline *b);

#endif
