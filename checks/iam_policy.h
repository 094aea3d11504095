/*
 * iam_policy.h — what the IAM and resource-policy checks share: values
 * resolved through parameters, whether a condition ties a request to a
 * known source (the one implementation S3001, RES001 and IAM010 use), who
 * a principal is, and the actions a statement allows after wildcard
 * expansion (iam_catalog.h).
 */
#ifndef STACKLINT_IAM_POLICY_H
#define STACKLINT_IAM_POLICY_H

#include "checks.h"
#include "iam_catalog.h"

/* The strings a value can take: a scalar is itself; {Ref: Param} is the
 * parameter's AllowedValues, else its Default. Both Fn::If branches are
 * separate values already (parser/model.c). Returns how many were written
 * to out (at most max); 0 means unknown. */
size_t iam_resolve(const Model *m, const Node *n, const char **out, size_t max);

/* True when some candidate of n equals s (ASCII case ignored). */
bool iam_value_may_be(const Model *m, const Node *n, const char *s);

/* A condition narrows who can make the request when some positive
 * operator (not ...Not..., not ...IfExists, not Null) tests a key that ties
 * it to a network, account, organisation or resource (aws:SourceArn,
 * aws:SourceAccount, aws:SourceVpce, aws:PrincipalOrgID, aws:SourceIp, ...)
 * with a value other than "*". */
bool iam_condition_narrows(const Node *cond);

/* An Allow statement is narrowed when its own condition narrows, or when a
 * Deny statement of the same document refuses, for the same actions,
 * every request that does not come from such a source (StringNotEquals
 * aws:SourceVpce, NotIpAddress aws:SourceIp, ...). */
bool iam_statement_narrowed(const Statement *st);

/* The principal is everyone: Principal "*" or {AWS: "*"} (through
 * parameters too). */
bool iam_principal_is_everyone(const Model *m, const IamPrincipal *p);

/* The principal names this template's own account: ${AWS::AccountId}
 * (or Ref AWS::AccountId) alone or as arn:...:iam::${AWS::AccountId}:root. */
bool iam_principal_is_own_account(const IamPrincipal *p);
/* The principal is an account root given literally (123456789012 or
 * arn:aws:iam::123456789012:root): it may be the owner, stacklint cannot
 * know. */
bool iam_principal_is_literal_account(const IamPrincipal *p);

/* "*" among the resource values (through parameters too) of a statement
 * with a positive Resource list. */
const IamValue *iam_unscoped_resource(const Model *m, const Statement *st);

/* The actions a statement's Action / NotAction allows, as a new set in
 * the arena. Values stacklint cannot know contribute nothing (so NotAction
 * with an unknown value is left empty: no guess). */
uint64_t *iam_statement_actions(CheckCtx *ctx, const Statement *st);

/* The candidate strings of one action value that expand to every action. */
bool iam_value_is_everything(const Model *m, const IamValue *v);

/* Formats " in statement 'Sid'" or "" for messages. */
const char *iam_sid_note(CheckCtx *ctx, const Statement *st);

#endif
