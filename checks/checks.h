/*
 * checks.h — the check functions, one per built-in rule that has a check.
 *
 * rules/<ID>.md names its function in the `check:` field; the generated
 * rule table (build/gen/rules_data.c) includes this header, so a rule that
 * names a missing function fails the build.
 */
#ifndef STACKLINT_CHECKS_H
#define STACKLINT_CHECKS_H

#include "finding.h"

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

/* Serverless operations standards (issue #5). Declared here so that each
 * rule page can name its function; each is defined in the file named. */
void check_sqs_queue_without_redrive(CheckCtx *ctx);         /* SQS002, sqs_ops.c */
void check_sqs_queue_unencrypted(CheckCtx *ctx);             /* SQS003, sqs_ops.c */
void check_sqs_dlq_type_mismatch(CheckCtx *ctx);             /* SQS004, sqs_ops.c */
void check_sqs_visibility_timeout(CheckCtx *ctx);            /* SQS005, sqs_ops.c */
void check_cw_alarm_without_action(CheckCtx *ctx);           /* CW001, cloudwatch.c */
void check_cw_sqs_alarm_wrong_dimension(CheckCtx *ctx);      /* CW002, cloudwatch.c */
void check_sns_subscription_without_redrive(CheckCtx *ctx);  /* SNS001, sqs_ops.c */

void check_lmb_permission_any_principal(CheckCtx *ctx);      /* LMB001, lambda.c */
void check_lmb_permission_without_source(CheckCtx *ctx);     /* LMB002, lambda.c */
void check_lmb_function_url_no_auth(CheckCtx *ctx);          /* LMB003, lambda.c */
void check_lmb_deprecated_runtime(CheckCtx *ctx);            /* LMB004, lambda_runtime.c */
void check_lmb_secret_in_environment(CheckCtx *ctx);         /* LMB005, lambda.c */
void check_lmb_async_failure_unhandled(CheckCtx *ctx);       /* LMB006, lambda.c */
void check_lmb_stream_without_failure_destination(CheckCtx *ctx); /* LMB007, lambda.c */
void check_lmb_log_retention_missing(CheckCtx *ctx);         /* LMB008, lambda.c */

void check_apg_api_without_authorization(CheckCtx *ctx);     /* APG001, apigateway.c */
void check_s3_tls_not_enforced(CheckCtx *ctx);               /* S3002, s3.c */
void check_ctr_trail_not_hardened(CheckCtx *ctx);            /* CTR001, cloudtrail.c */
void check_ref_hardcoded_account_region(CheckCtx *ctx);      /* REF001, hardcoding.c */
void check_ref_plaintext_secret(CheckCtx *ctx);              /* REF002, hardcoding.c */
void check_ref_explicit_physical_name(CheckCtx *ctx);        /* REF003, hardcoding.c */

#endif
