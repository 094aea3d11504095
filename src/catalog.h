/*
 * catalog.h — the rule catalogue on the command line: `--list-rules` (a table,
 * or JSON) and `--explain RULE` (the rule's page from rules/<ID>.md, followed
 * by how to suppress it). `make docs` writes each rule's documentation page
 * with the same function, so the pages and --explain cannot disagree.
 */
#ifndef STACKLINT_CATALOG_H
#define STACKLINT_CATALOG_H

#include <stdio.h>

#include "report.h"
#include "rules.h"

/* OUT_TEXT: an aligned table (ID, NAME, SEVERITY, TAGS); OUT_JSON: an array of
 * objects with id, name, severity, tags, summary and docs (the page's URL).
 * Returns 0, or -1 when writing failed or the format has no catalogue form. */
int catalog_list(FILE *out, OutputFormat fmt);

/* The rule's documentation as Markdown: title, summary, its page and a
 * "How to suppress" section. */
void catalog_explain(FILE *out, const Rule *r);

#endif
