/*
 * suppress.h — the filter stage of one file (DESIGN.md stage 5):
 * configuration, then suppressions.
 *
 * After the checks of a file have run, filter_file():
 *   1. drops the findings of rules the configuration switches off, and
 *      applies severity overrides;
 *   2. collects the file's suppressions — resource (or template) Metadata
 *      `stacklint: ignore: [{rule, reason}]`, inline comments
 *      `# stacklint: ignore RULE -- reason` on the finding's line or alone on
 *      the line above, and cfn-lint / cfn_nag / checkov suppressions of the checks that
 *      the rule pages declare as `equivalents` — and marks each finding they cover as
 *      suppressed (kept for SARIF, hidden elsewhere);
 *   3. reports SUPPRESS001 for a suppression without a reason or naming an
 *      unknown rule, and, when asked, SUPPRESS002 for a stacklint
 *      suppression that covered nothing.
 *
 * Matching is by sorted arrays and binary search: O((findings +
 * suppressions) log n) per file.
 */
#ifndef STACKLINT_SUPPRESS_H
#define STACKLINT_SUPPRESS_H

#include <stdbool.h>

#include "../checks/finding.h"

/* ctx->out holds the file's findings (byte spans only); ctx->config may be
 * NULL. m is NULL when the file could not be modelled (then only inline
 * comments apply). */
void filter_file(CheckCtx *ctx, const Document *doc, const Model *m, bool report_unused);

#endif
