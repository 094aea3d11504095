/*
 * rules.h — what a rule is, and the rule catalogue.
 *
 * Each built-in rule is one Markdown file in rules/ (front matter with id,
 * name, severity, tags, check or not, summary, params, equivalents; the
 * body is the rule's documentation). Its check is either a C function
 * (front matter `check:`) or a declarative body, rules/<ID>.yaml beside the
 * page, in the language teams write their own rules in. tools/gen_rules.c
 * turns them into the RULES table at build time, so a typo in a rule's
 * metadata fails the build, and --list-rules, --explain, the SARIF rule
 * metadata and the suppressions of other linters all read the same source.
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

/* Another linter whose checks a rule stands for. */
typedef enum PeerTool {
    PEER_CFN_LINT = 1,
    PEER_CFN_NAG,
    PEER_CHECKOV,
    PEER_TFSEC,
    PEER_TRIVY,
} PeerTool;

/* One of that linter's checks that finds the same problem as the rule: a
 * suppression of it (cfn_nag's rules_to_suppress, checkov's skip, cfn-lint's
 * ignore_checks) suppresses the rule too. Declared on the rule page
 * (`equivalents: {cfn_nag: [W48], checkov: [CKV_AWS_27]}`). */
typedef struct Equivalent {
    PeerTool tool;
    const char *id;
} Equivalent;

/* The name of a peer tool as the front matter and the JSON output write it:
 * "cfn-lint", "cfn_nag", "checkov", "tfsec", "trivy". checks/finding.c */
const char *peer_tool_name(PeerTool t);

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
    const Equivalent *equivalents;  /* the peer checks it stands for, by tool; NULL if none */
    size_t nequivalents;
    const char *body;       /* a built-in declarative rule's body (the text of
                               rules/<ID>.yaml, compiled by src/rulelang.c); NULL
                               for a C check and for the team's rules */
    size_t index;           /* its place in the catalogue: rule_at(index) == this rule */
} Rule;

/* The built-in rules, generated from rules/ (build/gen/rules_data.c). */
extern const Rule RULES[];
extern const size_t RULE_COUNT;

/* The catalogue: the built-in rules, then the team's declarative rules in
 * the order they were loaded (--rules, custom-rules). Defined by
 * src/catalog.c, which the rule loader (src/rulelang.c) adds to; declared
 * here so that the checks can look a rule up without including src/. */
size_t rule_count(void);
const Rule *rule_at(size_t i);              /* i < rule_count() */
/* By id (case-insensitive) or name; NULL when unknown. */
const Rule *rule_find(const char *id_or_name);
static inline size_t rule_index(const Rule *r) { return r->index; }

/* checks/finding.c */
const char *severity_name(Severity s);
Severity severity_parse(const char *s);    /* SEV_NONE when unknown */

/* Where the project's documentation lives; rule pages are under rules/. */
#define STACKLINT_HOME "https://github.com/stacklint/stacklint"
#define STACKLINT_RULE_DOC_BASE STACKLINT_HOME "/blob/main/rules/"

#endif
