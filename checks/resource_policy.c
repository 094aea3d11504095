/*
 * resource_policy.c — checks on who a policy lets in: resource policies
 * (queues, topics, keys, repositories, secrets, REST APIs) and role trust
 * policies. A Lambda permission open to everyone is LMB001 (lambda.c).
 *
 *   RES001  public-resource-policy: everyone is allowed, and no condition
 *           ties the request to a known source
 *   RES002  resource-policy-wildcard-action: "*" or "service:*" granted to
 *           a principal other than the owning account
 *   IAM010  trust-any-principal: anyone may assume the role
 *
 * Whether a condition narrows a statement is decided by
 * iam_statement_narrowed() (iam_policy.c), the implementation S3001 uses
 * too. S3 bucket policies stay S3001's for "public"; RES002 covers them.
 */
#include <string.h>

#include "iam_policy.h"

static const char *owner_what(const PolicyDoc *pd)
{
    static const char *const names[][2] = {
        {"AWS::SQS::QueuePolicy", "queue policy"},  {"AWS::SQS::QueueInlinePolicy", "queue policy"},
        {"AWS::SNS::TopicPolicy", "topic policy"},  {"AWS::SNS::TopicInlinePolicy", "topic policy"},
        {"AWS::KMS::Key", "key policy"},            {"AWS::ECR::Repository", "repository policy"},
        {"AWS::SecretsManager::ResourcePolicy", "secret's resource policy"},
        {"AWS::ApiGateway::RestApi", "REST API's resource policy"},
        {"AWS::S3::BucketPolicy", "bucket policy"},
    };
    for (size_t i = 0; pd->owner && i < sizeof names / sizeof *names; i++)
        if (resource_is(pd->owner, names[i][0]))
            return names[i][1];
    return "resource policy";
}

/* --- RES001 ------------------------------------------------------------------------ */

static void public_doc(CheckCtx *ctx, const PolicyDoc *pd)
{
    for (size_t i = 0; i < pd->nstmts; i++) {
        const Statement *st = &pd->stmts[i];
        if (st->effect != EFFECT_ALLOW || st->not_principal || iam_statement_narrowed(ctx, st))
            continue;
        for (size_t k = 0; k < st->nprincipals; k++)
            if (iam_principal_is_everyone(ctx->model, &st->principals[k]))
                report(ctx, st->principals[k].node, pd->owner,
                       "%s%s%s%s allows everyone (Principal \"*\"%s)%s; name the principals that "
                       "need access, or add a Condition that ties the request to your source "
                       "(aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce, ...)",
                       owner_what(pd), pd->owner ? " '" : "", pd->owner ? pd->owner->id : "",
                       pd->owner ? "'" : "", iam_value_origin(ctx, st->principals[k].node, false),
                       iam_sid_note(ctx, st));
    }
}

void check_res_public_policy(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    for (size_t p = 0; p < m->npolicies; p++) {
        const PolicyDoc *pd = &m->policies[p];
        if (pd->kind == POLICY_RESOURCE && !resource_is(pd->owner, "AWS::S3::BucketPolicy"))
            public_doc(ctx, pd);
    }
    /* AWS::Lambda::Permission (no policy document) is LMB001's (lambda.c) */
}

/* --- RES002 ------------------------------------------------------------------------ */

static const IamPrincipal *other_principal(const Model *m, const Statement *st)
{
    for (size_t k = 0; k < st->nprincipals; k++)
        if (iam_principal_class(m, &st->principals[k]) == PRINCIPAL_OTHER)
            return &st->principals[k];
    return NULL;
}

void check_res_wildcard_action(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    for (size_t p = 0; p < m->npolicies; p++) {
        const PolicyDoc *pd = &m->policies[p];
        if (pd->kind != POLICY_RESOURCE)
            continue;
        for (size_t i = 0; i < pd->nstmts; i++) {
            const Statement *st = &pd->stmts[i];
            if (st->effect != EFFECT_ALLOW || st->action.negated || st->not_principal)
                continue;
            const IamPrincipal *who = other_principal(m, st);
            if (!who)
                continue;
            StmtFacts f;
            iam_statement_facts(ctx, st, &f);
            for (size_t k = 0; k < st->action.len; k++) {
                const IamValue *v = &st->action.items[k];
                if (f.verdicts[k] != VERDICT_NONE || !iam_value_whole_service(m, v))
                    continue;
                const char *vals[64];
                size_t nv = iam_resolve(m, v->node, vals, 64);
                const char *act = nv ? vals[0] : "*";
                for (size_t j = 0; j < nv; j++)
                    if (strchr(vals[j], '*'))
                        act = vals[j];
                report(ctx, v->node, pd->owner,
                       "%s%s%s%s grants '%s' (%s) to %s; grant only the actions that principal "
                       "needs (only the owning account itself may hold every action, as in the "
                       "default key policy)",
                       owner_what(pd), pd->owner ? " '" : "", pd->owner ? pd->owner->id : "",
                       pd->owner ? "'" : "", act,
                       strcmp(act, "*") == 0 ? "every action of every service"
                                             : "every action of the service",
                       who->str ? arena_printf(ctx->arena, "%s \"%s\"", who->type, who->str)
                                : "a principal other than this account");
            }
        }
    }
}

/* --- IAM010 ------------------------------------------------------------------------ */

void check_iam_trust_any_principal(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    for (size_t p = 0; p < m->npolicies; p++) {
        const PolicyDoc *pd = &m->policies[p];
        if (pd->kind != POLICY_TRUST)
            continue;
        for (size_t i = 0; i < pd->nstmts; i++) {
            const Statement *st = &pd->stmts[i];
            if (st->effect != EFFECT_ALLOW || st->not_principal || iam_statement_narrowed(ctx, st))
                continue;
            for (size_t k = 0; k < st->nprincipals; k++)
                if (iam_principal_is_everyone(m, &st->principals[k]))
                    report(ctx, st->principals[k].node, pd->owner,
                           "the trust policy%s%s%s lets anyone, in any AWS account, assume this "
                           "role (Principal \"*\")%s; name the account, role or service that may "
                           "assume it, or add a Condition on aws:PrincipalOrgID or "
                           "aws:PrincipalAccount",
                           pd->owner ? " of '" : "", pd->owner ? pd->owner->id : "",
                           pd->owner ? "'" : "", iam_sid_note(ctx, st));
        }
    }
}
