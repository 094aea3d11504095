/*
 * s3.c — checks about S3 buckets and bucket policies.
 *
 * S3001: a bucket is public through a canned ACL, a public access block
 * with a setting turned off, or a bucket policy that allows everyone
 * without a condition tying the request to a known source (the narrowing
 * logic is shared with RES001 and IAM010: iam_policy.c).
 *
 * S3002: every bucket has a bucket policy statement that refuses plain-HTTP
 * requests: Effect Deny, Principal "*", Action "s3:*" (or "*"), Resource
 * the bucket and its objects, Condition Bool aws:SecureTransport false. A
 * policy is tied to its bucket through `Bucket: !Ref B` (or the bucket's
 * literal BucketName); buckets mark themselves from the policies, so the
 * work is linear in statements plus buckets.
 */
#include <string.h>
#include <strings.h>

#include <stdio.h>
#include <stdlib.h>

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
    size_t n_buckets;
    const Resource *const *buckets = model_resources_of_type(m, "AWS::S3::Bucket", &n_buckets);
    for (size_t i = 0; i < n_buckets; i++)
        if (buckets[i]->props)
            check_bucket(ctx, buckets[i]);
    for (size_t p = 0; p < m->npolicies; p++)
        if (resource_is(m->policies[p].owner, "AWS::S3::BucketPolicy"))
            check_bucket_policy(ctx, &m->policies[p]);
}

/* --- S3002 ------------------------------------------------------------------ */

/* Condition {Bool | BoolIfExists: {aws:SecureTransport: false}}, the value
 * a boolean, the string "false" or a list holding one of them. */
static bool denies_plain_http(const Node *cond)
{
    if (!node_is_map(cond))
        return false;
    for (uint32_t i = 0; i < cond->len; i++) {
        const Node *op = cond->u.entries[i].key, *tests = cond->u.entries[i].value;
        if (!node_str_eq(op, "Bool") && !node_str_eq(op, "BoolIfExists"))
            continue;
        if (!node_is_map(tests))
            continue;
        for (uint32_t k = 0; k < tests->len; k++) {
            if (!node_str_ieq(tests->u.entries[k].key, "aws:SecureTransport"))
                continue;
            const Node *v = tests->u.entries[k].value;
            if (node_is_false(v))
                return true;
            if (node_is_seq(v) && v->len == 1 && node_is_false(v->u.items[0]))
                return true;
        }
    }
    return false;
}


/* The text of a value with references written as ${X} / ${X.Attr}: a
 * string, Ref, GetAtt, a Fn::Sub template or a Fn::Join of those. */
static bool value_text(Arena *a, const Node *n, char *buf, size_t size, int depth)
{
    buf[0] = 0;
    if (node_is_scalar(n))
        return snprintf(buf, size, "%s", node_str(n)) < (int)size;
    const char *target, *attr;
    RefKind k = model_ref_of(n, &target, &attr, a);
    if (k == REF_REF || k == REF_GETATT)
        return snprintf(buf, size, "${%s%s%s}", target, attr ? "." : "", attr ? attr : "") < (int)size;
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (fn && strcmp(fn, "Fn::Sub") == 0) {
        const Node *t = node_is_seq(arg) && arg->len ? arg->u.items[0] : arg;
        return node_str(t) && snprintf(buf, size, "%s", node_str(t)) < (int)size;
    }
    if (fn && strcmp(fn, "Fn::Join") == 0 && depth < 8 && node_is_seq(arg) && arg->len == 2 &&
        node_str(arg->u.items[0]) && node_is_seq(arg->u.items[1])) {
        const Node *parts = arg->u.items[1];
        size_t used = 0;
        for (uint32_t i = 0; i < parts->len; i++) {
            char part[512];
            if (!value_text(a, parts->u.items[i], part, sizeof part, depth + 1))
                return false;
            int w = snprintf(buf + used, size - used, "%s%s", i ? node_str(arg->u.items[0]) : "", part);
            if (w < 0 || (size_t)w >= size - used)
                return false;
            used += (size_t)w;
        }
        return true;
    }
    return false;
}

enum { COVERS_BUCKET = 1, COVERS_OBJECTS = 2 };

/* What one Resource value of a policy attached to a bucket names: "*"
 * both, a text ending in slash-star the objects, anything else (!GetAtt
 * B.Arn, arn:...:::name) the bucket itself. */
static int resource_coverage(Arena *a, const IamValue *v)
{
    char text[1024];
    if (!value_text(a, v->node, text, sizeof text, 0))
        return 0;
    size_t n = strlen(text);
    if (strcmp(text, "*") == 0)
        return COVERS_BUCKET | COVERS_OBJECTS;
    if (n >= 2 && strcmp(text + n - 2, "/*") == 0)
        return COVERS_OBJECTS;
    return COVERS_BUCKET;
}

static bool tls_statement(CheckCtx *ctx, const Statement *st)
{
    if (st->effect != EFFECT_DENY || st->not_principal || st->action.negated || st->resource.negated)
        return false;
    if (!denies_plain_http(st->condition))
        return false;
    bool everyone = false;
    for (size_t k = 0; k < st->nprincipals && !everyone; k++)
        everyone = iam_principal_is_everyone(ctx->model, &st->principals[k]);
    if (!everyone)
        return false;
    bool all_actions = false;
    for (size_t k = 0; k < st->action.len && !all_actions; k++) {
        const char *a = st->action.items[k].str;
        all_actions = a && (strcmp(a, "*") == 0 || strcasecmp(a, "s3:*") == 0);
    }
    if (!all_actions)
        return false;
    int covers = 0;
    for (size_t k = 0; k < st->resource.len; k++)
        covers |= resource_coverage(ctx->arena, &st->resource.items[k]);
    return covers == (COVERS_BUCKET | COVERS_OBJECTS);
}

/* Buckets by their literal BucketName (or Fn::Sub template), sorted, so a
 * policy naming its bucket by name is a binary search. */
typedef struct NamedBucket {
    const char *name;
    const Resource *bucket;
} NamedBucket;

static int cmp_named_bucket(const void *a, const void *b)
{
    return strcmp(((const NamedBucket *)a)->name, ((const NamedBucket *)b)->name);
}

typedef struct BucketNames {
    NamedBucket *items;
    size_t len;
} BucketNames;

static BucketNames bucket_names(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    BucketNames bn = {arena_alloc(ctx->arena, (m->nresources ? m->nresources : 1) * sizeof *bn.items), 0};
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        const char *name = resource_is(r, "AWS::S3::Bucket")
                               ? model_value_key(ctx->arena, node_get(r->props, "BucketName")) : NULL;
        if (name)
            bn.items[bn.len++] = (NamedBucket){name, r};
    }
    qsort(bn.items, bn.len, sizeof *bn.items, cmp_named_bucket);
    return bn;
}

/* The bucket of this template a bucket policy's `Bucket` names, or NULL. */
static const Resource *policy_bucket(CheckCtx *ctx, const BucketNames *bn, const Resource *policy)
{
    const Node *b = node_get(policy->props, "Bucket");
    const char *target, *attr;
    RefKind k = model_ref_of(b, &target, &attr, ctx->arena);
    if (k == REF_REF || (k == REF_SUB && !attr)) {
        const Resource *r = model_resource(ctx->model, target);
        return resource_is(r, "AWS::S3::Bucket") ? r : NULL;
    }
    NamedBucket probe = {model_value_key(ctx->arena, b), NULL};
    if (!probe.name || !bn->len)
        return NULL;
    const NamedBucket *hit = bsearch(&probe, bn->items, bn->len, sizeof *bn->items, cmp_named_bucket);
    return hit ? hit->bucket : NULL;
}

void check_s3_tls_not_enforced(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    size_t n_buckets;
    const Resource *const *buckets = model_resources_of_type(m, "AWS::S3::Bucket", &n_buckets);
    if (!n_buckets)
        return;
    BucketNames bn = bucket_names(ctx);
    uint8_t *enforced = arena_calloc(ctx->arena, m->nresources, 1);
    const PolicyDoc **policy = arena_calloc(ctx->arena, m->nresources, sizeof *policy);
    /* a policy document stacklint cannot read (a JSON string, a Fn::Sub of
     * one, an import) may well hold the statement: its bucket is not reported */
    size_t n_bucket_policies;
    const Resource *const *bucket_policies = model_resources_of_type(m, "AWS::S3::BucketPolicy", &n_bucket_policies);
    for (size_t i = 0; i < n_bucket_policies; i++) {
        const Resource *p = bucket_policies[i];
        if (!p->props)
            continue;
        const Node *doc = node_get(p->props, "PolicyDocument");
        Node *arg;
        const char *fn = node_intrinsic(doc, &arg);
        if (node_is_map(doc) && (!fn || strcmp(fn, "Fn::If") == 0))
            continue;
        const Resource *b = policy_bucket(ctx, &bn, p);
        if (b)
            enforced[b->index] = 1;
    }
    for (size_t p = 0; p < m->npolicies; p++) {
        const PolicyDoc *pd = &m->policies[p];
        if (!resource_is(pd->owner, "AWS::S3::BucketPolicy"))
            continue;
        const Resource *b = policy_bucket(ctx, &bn, pd->owner);
        if (!b)
            continue;
        if (!policy[b->index])
            policy[b->index] = pd;
        for (size_t k = 0; k < pd->nstmts && !enforced[b->index]; k++)
            enforced[b->index] = tls_statement(ctx, &pd->stmts[k]);
    }
    static const char fix[] =
        "a statement with Effect: Deny, Principal: '*', Action: 's3:*', Resource: the bucket's "
        "ARN and its ARN followed by /*, and Condition: {Bool: {aws:SecureTransport: false}}";
    for (size_t i = 0; i < n_buckets; i++) {
        const Resource *b = buckets[i];
        if (enforced[b->index])
            continue;
        const PolicyDoc *pd = policy[b->index];
        if (pd) {
            MapEntry *e = node_get_entry(pd->node, "Statement");
            report(ctx, e ? e->key : pd->node, pd->owner,
                   "bucket policy '%s' does not refuse plain-HTTP requests to bucket '%s'; add %s",
                   pd->owner->id, b->id, fix);
        } else {
            report(ctx, b->id_node, b,
                   "bucket '%s' accepts plain-HTTP requests: no bucket policy denies them; add an "
                   "AWS::S3::BucketPolicy with Bucket: !Ref %s and %s",
                   b->id, b->id, fix);
        }
    }
}
