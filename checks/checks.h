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

#endif
