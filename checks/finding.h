/*
 * finding.h — what a check reports, and the context a check runs in.
 *
 * A check receives a CheckCtx with the model of one file and calls
 * report() for each problem, naming the node a person must edit. The
 * engine turns the node's byte span into line/column ranges and computes a
 * fingerprint that survives unrelated edits (rule, resource, the text of the
 * node and its ordinal among equal ones — not the line number).
 */
#ifndef STACKLINT_FINDING_H
#define STACKLINT_FINDING_H

#include <stdbool.h>
#include <stdint.h>

#include "../parser/model.h"
#include "../base/source.h"
#include "rules.h"

typedef struct Finding {
    const Rule *rule;
    Severity severity;          /* the rule's, or what the check chose (report_severity) */
    bool own_severity;          /* the check chose it: a configured severity still wins */
    const char *path;           /* as given / discovered, used for display */
    const char *message;
    const char *resource;       /* logical id, or NULL */
    uint32_t start, end;        /* byte span */
    LineCol begin, finish;      /* code-point columns, 1-based; finish is exclusive */
    char fingerprint[17];       /* 16 hex digits */
    /* Set by the filter stage (src/suppress.c): the finding is suppressed
     * in the source; only SARIF shows it (with its justification). */
    bool suppressed;
    const char *justification;  /* the suppression's reason, or NULL */
} Finding;

typedef struct FindingList {
    Finding *items;
    size_t len, cap;
} FindingList;

typedef struct CheckCtx {
    Arena *arena;
    const Model *model;
    const Rule *rule;           /* the rule being run */
    FindingList *out;
    const char *path;
    const LineTable *lines;
    const struct Config *config;    /* the run's configuration (src/config.h), or NULL */
} CheckCtx;

/* Reports a finding of ctx->rule at node `at` (its whole span), about
 * resource `res` (may be NULL). The message is formatted into the arena. */
void report(CheckCtx *ctx, const Node *at, const Resource *res, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same at a severity the check chooses, for a rule whose findings are
 * not all equally serious (SQS005: error or warning). A severity set for the
 * rule in the configuration replaces it like any other (src/suppress.c). */
void report_severity(CheckCtx *ctx, Severity sev, const Node *at, const Resource *res,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same with an explicit byte span. */
void report_span(CheckCtx *ctx, uint32_t start, uint32_t end, const Resource *res,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* What the run's configuration says, as a check reads it. Declared here,
 * where the checks see it, and defined by the configuration (src/config.c),
 * so that checks/ includes nothing above it. */

/* A parameter of the rule being checked, as configured in
 * `rules: {ID: {params: {NAME: VALUE}}}`, or NULL when not set. A check
 * reads only the names its rule page declares in `params:`; the
 * configuration loader rejects any other name. */
const Node *rule_param(const CheckCtx *ctx, const char *name);
/* Whether rule r runs in this run (its default when no configuration). */
bool check_rule_on(const CheckCtx *ctx, const Rule *r);
/* The date date-dependent rules judge by (YYYY-MM-DD, written to buf[11]):
 * the configured as-of, else today (UTC). */
const char *check_as_of(const CheckCtx *ctx, char *buf);

#endif
