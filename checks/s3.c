/*
 * s3.c — checks about S3 buckets and bucket policies.
 *
 * S3001: a bucket is public through a canned ACL, a public access block
 * with a setting turned off, or a bucket policy that allows everyone
 * without a condition tying the request to a known source (the narrowing
 * logic is shared with RES001 and IAM010: iam_policy.c).
 */
#include <string.h>
#include <strings.h>

#include "iam_policy.h"

static const char *const PUBLIC_ACLS[] = {"PublicRead", "PublicReadWrite", "AuthenticatedRead", NULL};
static const char *const BLOCK_SETTINGS[] = {"BlockPublicAcls", "BlockPublicPolicy",
                                             "IgnorePublicAcls", "RestrictPublicBuckets", NULL};
static bool in_list_ci(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(s, *list) == 0)
            return true;
    return false;
}

static void check_bucket(CheckCtx *ctx, const Resource *b)
{
    const Node *acl = node_get(b->props, "AccessControl");
    const char *acl_s = node_str(acl);
    if (acl_s && in_list_ci(acl_s, PUBLIC_ACLS))
        report(ctx, acl, b,
               "bucket '%s' is public: AccessControl %s lets %s read it; remove "
               "AccessControl (buckets are private by default) and serve public content "
               "through CloudFront with origin access control",
               b->id, acl_s,
               strcasecmp(acl_s, "AuthenticatedRead") == 0 ? "any AWS account" : "anyone");
    const Node *pab = node_get(b->props, "PublicAccessBlockConfiguration");
    for (const char *const *k = BLOCK_SETTINGS; *k; k++) {
        MapEntry *e = node_get_entry(pab, *k);
        if (e && node_is_false(e->value))
            report_span(ctx, e->key->span.start, e->value->span.end, b,
                        "bucket '%s' turns off %s, so it can be made public; set %s: true "
                        "(all four public access block settings should be true)",
                        b->id, *k, *k);
    }
}

static void check_bucket_policy(CheckCtx *ctx, const PolicyDoc *pd)
{
    for (size_t i = 0; i < pd->nstmts; i++) {
        const Statement *st = &pd->stmts[i];
        if (st->effect != EFFECT_ALLOW || st->not_principal || iam_statement_narrowed(ctx, st))
            continue;
        for (size_t k = 0; k < st->nprincipals; k++) {
            const IamPrincipal *p = &st->principals[k];
            if (!iam_principal_is_everyone(ctx->model, p))
                continue;
            report(ctx, p->node, pd->owner,
                   "bucket policy '%s' allows everyone (Principal \"*\")%s%s%s; name the "
                   "principals that need access, or add a Condition that ties the request to "
                   "your source (aws:SourceVpce, aws:SourceArn, aws:PrincipalOrgID, ...)",
                   pd->owner ? pd->owner->id : "", st->sid ? " in statement '" : "",
                   st->sid ? st->sid : "", st->sid ? "'" : "");
        }
    }
}

void check_s3_public_bucket(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    for (size_t i = 0; i < m->nresources; i++)
        if (resource_is(&m->resources[i], "AWS::S3::Bucket") && m->resources[i].props)
            check_bucket(ctx, &m->resources[i]);
    for (size_t p = 0; p < m->npolicies; p++)
        if (resource_is(m->policies[p].owner, "AWS::S3::BucketPolicy"))
            check_bucket_policy(ctx, &m->policies[p]);
}
