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
void check_sls_variable_cycle(CheckCtx *ctx);        /* SLS001, serverless.c */
void check_sam_transform_missing(CheckCtx *ctx);     /* SAM001, serverless.c */

/* Validation against the CloudFormation specification (spec.h). */
void check_tpl_unknown_resource_type(CheckCtx *ctx);     /* TPL001, tpl.c */
void check_tpl_unknown_property(CheckCtx *ctx);          /* TPL002, tpl.c */
void check_tpl_missing_required_property(CheckCtx *ctx); /* TPL003, tpl.c */
void check_tpl_wrong_value_type(CheckCtx *ctx);          /* TPL004, tpl.c */
void check_tpl_bad_ref(CheckCtx *ctx);                   /* TPL005, tpl_refs.c */
void check_tpl_bad_getatt(CheckCtx *ctx);                /* TPL006, tpl_refs.c */
void check_tpl_undefined_condition(CheckCtx *ctx);       /* TPL007, tpl_logic.c */
void check_tpl_unused_definition(CheckCtx *ctx);         /* TPL008, tpl_logic.c */
void check_tpl_circular_dependency(CheckCtx *ctx);       /* TPL009, tpl_graph.c */
void check_tpl_sub_needed(CheckCtx *ctx);                /* TPL010, tpl_intrinsics.c */
void check_tpl_bad_intrinsic(CheckCtx *ctx);             /* TPL011, tpl_intrinsics.c */
void check_tpl_template_structure(CheckCtx *ctx);        /* TPL012, tpl_structure.c */

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
