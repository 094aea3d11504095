/*
 * catalog.h — the rule catalogue: every rule in one list (its lookups,
 * rule_count(), rule_at() and rule_find(), are declared in checks/rules.h
 * for the checks), filled by the generated table and by the rule loader;
 * and the catalogue on the command line: `--list-rules` (a table, or JSON)
 * and `--explain RULE` (the rule's page from rules/<ID>.md, followed by how
 * to suppress it). `make docs` writes each rule's documentation page with
 * the same function, so the pages and --explain cannot disagree.
 */
#ifndef STACKLINT_CATALOG_H
#define STACKLINT_CATALOG_H

#include <stdio.h>

#include "report.h"
#include "../checks/rules.h"

/* Adds a rule to the catalogue after the rules already in it and sets its
 * index. The rule loader calls it for each rule it compiles; r stays owned
 * by the loader and must live as long as the process. */
void catalog_add(Rule *r);

/* The peer checks r stands for, as JSON: {"cfn_nag": ["W48"], "checkov": [...]}
 * (an empty object when none). The caller owns it. */
struct cJSON;
struct cJSON *catalog_equivalents_json(const Rule *r);

/* OUT_TEXT: an aligned table (ID, NAME, SEVERITY, TAGS); OUT_JSON: an array of
 * objects with id, name, severity, enabled, tags, summary, equivalents and docs
 * (the page's URL).
 * Returns 0, or -1 when writing failed or the format has no catalogue form. */
int catalog_list(FILE *out, OutputFormat fmt);

/* The rule's documentation as Markdown: title, summary, its page and a
 * "How to suppress" section. */
void catalog_explain(FILE *out, const Rule *r);

#endif
