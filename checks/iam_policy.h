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

/* For messages: " (a value parameter 'X' allows)" (or, without paren,
 * ", a value parameter 'X' allows") when n is a Ref to a parameter whose
 * AllowedValues or Default were used, else "". */
const char *iam_value_origin(CheckCtx *ctx, const Node *n, bool paren);

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
 * aws:SourceVpce, NotIpAddress aws:SourceIp, ...). In a trust policy, a
 * positive test of an identity provider's claim (accounts.google.com:aud,
 * token.actions.githubusercontent.com:sub) narrows too. */
bool iam_statement_narrowed(CheckCtx *ctx, const Statement *st);

/* The actions unconditional Deny statements on Resource "*" of the
 * document refuse, or NULL when there are none. Computed once per document. */
const uint64_t *iam_doc_denied(CheckCtx *ctx, const PolicyDoc *pd);

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

/* The text of a value with references written as ${Name}: a string, a
 * Fn::Sub template, a Ref, or a Fn::Join of those; false for anything else. */
bool iam_value_text(const Node *n, char *buf, size_t size);

/* Who a principal is, as far as the template says. */
typedef enum IamPrincipalClass {
    PRINCIPAL_UNKNOWN = 0,  /* a parameter, an import, an account given by number */
    PRINCIPAL_OWN,          /* this template's account (${AWS::AccountId}) */
    PRINCIPAL_OTHER,        /* everyone, a service, a role or user, another account's ... */
} IamPrincipalClass;
IamPrincipalClass iam_principal_class(const Model *m, const IamPrincipal *p);

/* Writes an ARN pattern of the catalog (arn:${Partition}:s3:::${BucketName})
 * in the words of a template (arn:${AWS::Partition}:s3:::${BucketName}). */
const char *iam_arn_for_template(CheckCtx *ctx, const char *arn);

/* "*" among the resource values (through parameters too) of a statement
 * with a positive Resource list. */
const IamValue *iam_unscoped_resource(const Model *m, const Statement *st);

/* The actions a statement's Action / NotAction allows, as a new set in
 * the arena. Values stacklint cannot know contribute nothing (so NotAction
 * with an unknown value is left empty: no guess). */
uint64_t *iam_statement_actions(CheckCtx *ctx, const Statement *st);

/* Some candidate of the value is "*" or "service:*" of a known service. */
bool iam_value_whole_service(const Model *m, const IamValue *v);

/* The actions one pattern of a statement matches (*count of them), cached
 * per document: the set is shared and must not be changed. */
const uint64_t *iam_value_actions(CheckCtx *ctx, const Statement *st, const char *pattern,
                                  size_t *count);

/* --- one finding per element ----------------------------------------------
 *
 * Several rules look at the same action strings; each string gets at most
 * one finding, from the first rule in this order that applies:
 *   IAM002  the statement allows every action on every resource;
 *   IAM011  the string names no known action (or a wildcard matches none);
 *   IAM007  it covers iam:PassRole on Resource "*";
 *   IAM001  it is "*" or a whole known service ("dynamodb:*").
 * A statement that allows every action on every resource is IAM002's
 * alone: IAM003, IAM007 and IAM008 stay silent on it. */
typedef enum IamVerdict {
    VERDICT_NONE = 0,
    VERDICT_IAM002,
    VERDICT_IAM011,
    VERDICT_IAM007,
    VERDICT_IAM001,
} IamVerdict;

typedef struct StmtFacts {
    bool identity_allow;        /* an Allow statement of an identity policy */
    const IamValue *unscoped;   /* its Resource "*" value, or NULL */
    bool admin;                 /* allows every action on every resource */
    uint64_t *actions;          /* what it allows (NotAction complemented) */
    uint8_t *verdicts;          /* per action value, IamVerdict */
} StmtFacts;

/* The facts of one statement, computed once per statement into the arena
 * and shared by every rule (f->actions and f->verdicts must not be changed). */
void iam_statement_facts(CheckCtx *ctx, const Statement *st, StmtFacts *f);

/* Formats " in statement 'Sid'" or "" for messages. */
const char *iam_sid_note(CheckCtx *ctx, const Statement *st);

#endif
