/*
 * checks.h — the check functions, one per built-in rule that has a check.
 *
 * rules/<ID>.md names its function in the `check:` field; the generated
 * rule table (build/gen/rules_data.c) includes this header, so a rule that
 * names a missing function fails the build.
 */
#ifndef STACKLINT_CHECKS_H
#define STACKLINT_CHECKS_H

#include "../src/finding.h"

void check_sqs_queue_without_alarm(CheckCtx *ctx);   /* SQS001, sqs.c */
void check_iam_wildcard_action(CheckCtx *ctx);       /* IAM001, iam.c */
void check_s3_public_bucket(CheckCtx *ctx);          /* S3001, s3.c */
/* IAM rules on the action catalog (iam_rules.c, iam_managed.c, resource_policy.c) */
void check_iam_admin_equivalent(CheckCtx *ctx);      /* IAM002 */
void check_iam_unscoped_write(CheckCtx *ctx);        /* IAM003 */
void check_iam_allow_not_action(CheckCtx *ctx);      /* IAM004 */
void check_iam_allow_not_resource(CheckCtx *ctx);    /* IAM005 */
void check_iam_allow_not_principal(CheckCtx *ctx);   /* IAM006 */
void check_iam_passrole_unscoped(CheckCtx *ctx);     /* IAM007 */
void check_iam_privilege_escalation(CheckCtx *ctx);  /* IAM008 */
void check_iam_admin_managed_policy(CheckCtx *ctx);  /* IAM009 */
void check_iam_trust_any_principal(CheckCtx *ctx);   /* IAM010 */
void check_iam_unknown_action(CheckCtx *ctx);        /* IAM011 */
void check_res_public_policy(CheckCtx *ctx);         /* RES001 */
void check_res_wildcard_action(CheckCtx *ctx);       /* RES002 */

#endif
