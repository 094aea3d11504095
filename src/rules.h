/*
 * rules.h — the rule catalogue.
 *
 * Each rule is one Markdown file in rules/ (front matter with id, name,
 * severity, tags, check, summary; the body is the rule's documentation).
 * tools/gen_rules.c turns them into the RULES table at build time, so a
 * typo in a rule's metadata fails the build, and --list-rules, --explain and
 * the SARIF rule metadata all read the same source.
 */
#ifndef STACKLINT_RULES_H
#define STACKLINT_RULES_H

#include <stddef.h>

typedef enum Severity {
    SEV_NONE = 0,
    SEV_NOTE = 1,
    SEV_WARNING = 2,
    SEV_ERROR = 3,
} Severity;

struct CheckCtx;
typedef void (*CheckFn)(struct CheckCtx *ctx);

typedef struct Rule {
    const char *id;         /* SQS001 */
    const char *name;       /* sqs-queue-without-alarm */
    Severity severity;      /* default severity */
    const char *tags;       /* comma-separated */
    const char *summary;    /* one sentence */
    const char *docs;       /* Markdown body of rules/<ID>.md */
    const char *source;     /* rules/<ID>.md */
    CheckFn check;          /* NULL for findings the engine itself emits */
    const char *params;     /* comma-separated parameter names the check reads
                               (front matter `params:`), set per rule in
                               .stacklint.yaml; "" when it takes none */
    int default_off;        /* not run unless turned on in .stacklint.yaml: every
                               note rule, unless its page says `default: on` */
} Rule;

extern const Rule RULES[];
extern const size_t RULE_COUNT;

/* By id (case-insensitive) or name; NULL when unknown. */
const Rule *rule_find(const char *id_or_name);
size_t rule_index(const Rule *r);
const char *severity_name(Severity s);
Severity severity_parse(const char *s);    /* SEV_NONE when unknown */

/* Where the project's documentation lives; rule pages are under rules/. */
#define STACKLINT_HOME "https://github.com/stacklint/stacklint"
#define STACKLINT_RULE_DOC_BASE STACKLINT_HOME "/blob/main/rules/"

#endif
