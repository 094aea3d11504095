/*
 * model.c — document tree to template model (see model.h).
 *
 * Classification is by content, never by file name. Building the model is
 * one pass over the top-level sections, one walk over each resource for the
 * reference graph, and one pass over the resources that can carry IAM
 * policies. Every walk is bounded: the tree's depth and its size counted
 * through aliases are limited by the reader.
 */
#include "model.h"
#include "../base/source.h"

#include <string.h>
#include <strings.h>

#include "normalize.h"

/* --- classification -------------------------------------------------------- */

static bool looks_like_cfn_resources(const Node *res)
{
    if (!node_is_map(res))
        return false;
    for (uint32_t i = 0; i < res->len; i++) {
        const char *t = node_str(node_get(res->u.entries[i].value, "Type"));
        if (t && strstr(t, "::"))
            return true;
    }
    return false;
}

static bool looks_like_statement(const Node *st)
{
    if (node_is_map(st))
        return node_get(st, "Effect") || node_get(st, "Action") || node_get(st, "NotAction");
    if (node_is_seq(st))
        for (uint32_t i = 0; i < st->len; i++)
            if (looks_like_statement(st->u.items[i]))
                return true;
    return false;
}

/* The policy documents of a standalone file: a document, a list of them,
 * {"PolicyDocument": doc} (aws iam get-role-policy and friends), or
 * {"PolicyVersion": {"Document": doc}} (aws iam get-policy-version). */
static void policy_shapes(Arena *a, const Node *n, PtrVec *out, int depth)
{
    if (depth > 4)
        return;
    if (node_is_seq(n)) {
        for (uint32_t i = 0; i < n->len; i++)
            policy_shapes(a, n->u.items[i], out, depth + 1);
    } else if (node_is_map(n)) {
        const Node *st = node_get(n, "Statement");
        if (st && (node_get(n, "Version") || looks_like_statement(st)))
            ptrvec_push(a, out, (void *)n);
        else if (node_get(n, "PolicyDocument"))
            policy_shapes(a, node_get(n, "PolicyDocument"), out, depth + 1);
        else if (node_get(n, "PolicyVersion"))
            policy_shapes(a, node_get(node_get(n, "PolicyVersion"), "Document"), out, depth + 1);
    }
}

static bool is_policy_shape(const Node *root)
{
    if (!node_is_seq(root) && !node_get(root, "PolicyDocument") && !node_get(root, "PolicyVersion"))
        return false;
    Arena a;
    arena_init(&a);
    PtrVec v = {0};
    policy_shapes(&a, root, &v, 0);
    bool yes = v.len > 0;
    arena_free(&a);
    return yes;
}

DocKind model_classify(const Node *root)
{
    if (!node_is_map(root))
        return is_policy_shape(root) ? KIND_IAM_POLICY : KIND_UNKNOWN;
    if (node_get(root, "service") && node_get(root, "provider"))
        return KIND_SERVERLESS;
    if (node_get(root, "AWSTemplateFormatVersion"))
        return KIND_CFN;
    const Node *res = node_get(root, "Resources");
    if (looks_like_cfn_resources(res))
        return KIND_CFN;
    if (res && node_get(root, "Transform"))
        return KIND_CFN;
    const Node *st = node_get(root, "Statement");
    if (st && !res && (node_get(root, "Version") || looks_like_statement(st)))
        return KIND_IAM_POLICY;
    if (!res && is_policy_shape(root))
        return KIND_IAM_POLICY;
    return KIND_UNKNOWN;
}

/* --- helpers ---------------------------------------------------------------- */

/* Whether the text holds "Rain::": memchr to each 'R' (a few thousand a
 * megabyte) is several times cheaper than memmem over the whole file. */
static bool mentions_rain(const char *s, size_t n)
{
    const char *end = s + n, *p = s;
    while ((size_t)(end - p) >= 6 && (p = memchr(p, 'R', (size_t)(end - p) - 5)) != NULL) {
        if (memcmp(p, "Rain::", 6) == 0)
            return true;
        p++;
    }
    return false;
}


static uint64_t hash_bytes(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

static void index_resources(Arena *a, Model *m)
{
    uint32_t cap = 16;
    while (cap < m->nresources * 2 + 2)
        cap *= 2;
    m->res_index = arena_alloc(a, cap * sizeof *m->res_index);
    memset(m->res_index, 0xFF, cap * sizeof *m->res_index);
    m->res_index_mask = cap - 1;
    for (size_t i = 0; i < m->nresources; i++) {
        uint32_t h = (uint32_t)hash_bytes(m->resources[i].id) & m->res_index_mask;
        while (m->res_index[h] != UINT32_MAX) {
            /* a duplicate id keeps its first definition, like lookups by readers */
            if (strcmp(m->resources[m->res_index[h]].id, m->resources[i].id) == 0)
                goto next;
            h = (h + 1) & m->res_index_mask;
        }
        m->res_index[h] = (uint32_t)i;
    next:;
    }
}

struct TypeGroup {
    const char *type;
    uint32_t first, count;      /* the group's place in Model.by_type */
};

static struct TypeGroup *type_group(const Model *m, const char *type)
{
    uint32_t h = (uint32_t)hash_bytes(type) & m->type_groups_mask;
    while (m->type_groups[h].type && strcmp(m->type_groups[h].type, type) != 0)
        h = (h + 1) & m->type_groups_mask;
    return &m->type_groups[h];
}

/* Groups the resources by type: count each type, place the groups one after
 * the other, then fill them in model order. Linear. */
static void index_types(Arena *a, Model *m)
{
    uint32_t cap = 16;
    while (cap < m->nresources * 2 + 2)
        cap *= 2;
    m->type_groups = arena_calloc(a, cap, sizeof *m->type_groups);
    m->type_groups_mask = cap - 1;
    m->by_type = arena_alloc(a, (m->nresources ? m->nresources : 1) * sizeof *m->by_type);
    for (size_t i = 0; i < m->nresources; i++) {
        struct TypeGroup *g = type_group(m, m->resources[i].type);
        if (!g->type)   /* the distinct type names side by side, away from the tree */
            g->type = arena_strdup(a, m->resources[i].type);
        g->count++;
    }
    uint32_t next = 0;
    for (uint32_t h = 0; h < cap; h++)
        if (m->type_groups[h].type) {
            m->type_groups[h].first = next;
            next += m->type_groups[h].count;
            m->type_groups[h].count = 0;
        }
    for (size_t i = 0; i < m->nresources; i++) {
        struct TypeGroup *g = type_group(m, m->resources[i].type);
        m->by_type[g->first + g->count++] = &m->resources[i];
        /* Rules compare every resource's type with theirs: pointing each
         * resource at its group's copy keeps those strings in cache rather
         * than one in each resource's part of the node tree. */
        m->resources[i].type = g->type;
    }
}

const Resource *const *model_resources_of_type(const Model *m, const char *type, size_t *n)
{
    *n = 0;
    if (!m->type_groups || !type)
        return NULL;
    const struct TypeGroup *g = type_group(m, type);
    if (!g->type)
        return NULL;
    *n = g->count;
    return m->by_type + g->first;
}

const Resource *model_resource(const Model *m, const char *id)
{
    if (!m->res_index || !id)
        return NULL;
    uint32_t h = (uint32_t)hash_bytes(id) & m->res_index_mask;
    while (m->res_index[h] != UINT32_MAX) {
        const Resource *r = &m->resources[m->res_index[h]];
        if (strcmp(r->id, id) == 0)
            return r;
        h = (h + 1) & m->res_index_mask;
    }
    return NULL;
}

void model_sub_vars(const char *s, size_t len, SubVarFn fn, void *ud)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '$' || s[i + 1] != '{')
            continue;
        size_t j = i + 2;
        if (j < len && s[j] == '!') {     /* ${!Literal} is escaped text */
            i = j;
            continue;
        }
        size_t name = j;
        while (j < len && s[j] != '}')
            j++;
        if (j >= len)
            return;
        /* trim blanks the way CloudFormation tolerates "${ Name }" */
        size_t b = name, e = j;
        while (b < e && (s[b] == ' ' || s[b] == '\t'))
            b++;
        while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
            e--;
        if (e > b)
            fn(ud, s + b, e - b, b);
        i = j;
    }
}

const char *model_value_key(Arena *a, const Node *v)
{
    if (node_is_scalar(v))
        return node_str(v);
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    if (fn && strcmp(fn, "Fn::Sub") == 0 && node_is_scalar(arg))
        return arena_printf(a, "sub:%s", node_str(arg));
    return NULL;
}

RefKind model_ref_of(const Node *n, const char **target, const char **attr, Arena *a)
{
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (!fn)
        return 0;
    *attr = NULL;
    if (strcmp(fn, "Ref") == 0 && node_str(arg)) {
        *target = node_str(arg);
        return REF_REF;
    }
    if (strcmp(fn, "Fn::GetAtt") == 0) {
        if (node_is_scalar(arg)) {
            const char *s = node_str(arg), *dot = strchr(s, '.');
            if (!dot)
                return 0;
            *target = arena_strndup(a, s, (size_t)(dot - s));
            *attr = dot + 1;
            return REF_GETATT;
        }
        if (node_is_seq(arg) && arg->len == 2 && node_str(arg->u.items[0])) {
            *target = node_str(arg->u.items[0]);
            *attr = node_str(arg->u.items[1]);   /* NULL when computed */
            return REF_GETATT;
        }
        return 0;
    }
    if (strcmp(fn, "Fn::Sub") == 0) {
        const Node *t = node_is_seq(arg) && arg->len ? arg->u.items[0] : arg;
        const char *s = node_str(t);
        if (!s || t->len < 4 || s[0] != '$' || s[1] != '{' || s[t->len - 1] != '}' ||
            memchr(s + 2, '$', t->len - 3) || s[2] == '!')
            return 0;
        const char *dot = memchr(s + 2, '.', t->len - 3);
        if (dot) {
            *target = arena_strndup(a, s + 2, (size_t)(dot - (s + 2)));
            *attr = arena_strndup(a, dot + 1, (size_t)(s + t->len - 1 - (dot + 1)));
        } else {
            *target = arena_strndup(a, s + 2, t->len - 3);
        }
        return REF_SUB;
    }
    return 0;
}

/* --- the reference graph ----------------------------------------------------- */

typedef struct RefBuilder {
    Arena *a;
    Model *m;
    Reference *items;
    size_t len, cap;
    const Resource *from;
    const Node *at;
    const Node *locals;     /* the variable map of a list-form Fn::Sub */
} RefBuilder;

static void add_ref(RefBuilder *b, RefKind kind, const char *target, const char *attr, const Node *at)
{
    b->items = arena_grow(b->a, b->items, b->len, &b->cap, sizeof *b->items, 64);
    Reference *r = &b->items[b->len++];
    r->kind = kind;
    r->target = target;
    r->attr = attr;
    r->at = at;
    r->from = b->from;
    r->to = NULL;   /* resolved once all resources are indexed */
}

static void on_sub_var(void *ud, const char *name, size_t len, size_t start)
{
    (void)start;
    RefBuilder *b = ud;
    const char *dot = memchr(name, '.', len);
    const char *target = arena_strndup(b->a, name, dot ? (size_t)(dot - name) : len);
    if (b->locals && node_get(b->locals, target))
        return;
    const char *attr = dot ? arena_strndup(b->a, dot + 1, len - (size_t)(dot + 1 - name)) : NULL;
    add_ref(b, REF_SUB, target, attr, b->at);
}

static void collect_refs(RefBuilder *b, const Node *n)
{
    if (!n)
        return;
    if (n->kind == NODE_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            collect_refs(b, n->u.items[i]);
        return;
    }
    if (n->kind != NODE_MAP)
        return;
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (fn) {
        const char *target, *attr;
        RefKind k = strcmp(fn, "Fn::Sub") == 0 ? 0 : model_ref_of(n, &target, &attr, b->a);
        if (k) {
            add_ref(b, k, target, attr, n);
            return;
        }
        if (strcmp(fn, "Fn::Sub") == 0) {
            const Node *t = node_is_seq(arg) && arg->len ? arg->u.items[0] : arg;
            const Node *vars = node_is_seq(arg) && arg->len > 1 ? arg->u.items[1] : NULL;
            if (node_is_scalar(t)) {
                b->at = n;
                b->locals = node_is_map(vars) ? vars : NULL;
                model_sub_vars(t->u.str, t->len, on_sub_var, b);
                b->locals = NULL;
            }
            collect_refs(b, vars);
            return;
        }
    }
    for (uint32_t i = 0; i < n->len; i++)
        collect_refs(b, n->u.entries[i].value);
}

static void build_refs(Arena *a, Model *m)
{
    RefBuilder b = {.a = a, .m = m};
    for (size_t i = 0; i < m->nresources; i++) {
        Resource *r = &m->resources[i];
        b.from = r;
        collect_refs(&b, r->props);
        collect_refs(&b, r->metadata);
        const Node *dep = r->depends_on;
        if (node_is_scalar(dep))
            add_ref(&b, REF_DEPENDS_ON, node_str(dep), NULL, dep);
        else if (node_is_seq(dep))
            for (uint32_t k = 0; k < dep->len; k++)
                if (node_str(dep->u.items[k]))
                    add_ref(&b, REF_DEPENDS_ON, node_str(dep->u.items[k]), NULL, dep->u.items[k]);
    }
    b.from = NULL;
    collect_refs(&b, m->outputs);
    collect_refs(&b, m->conditions);
    for (size_t i = 0; i < b.len; i++)
        b.items[i].to = model_resource(m, b.items[i].target);
    m->refs = b.items;
    m->nrefs = b.len;
}

/* --- IAM policies ----------------------------------------------------------- */

/* Appends to out the values of n: a list's items, both branches of an
 * Fn::If, nothing for {Ref: AWS::NoValue}, else n itself. */
static void flatten(Arena *a, const Node *n, PtrVec *out)
{
    if (!n)
        return;
    if (n->kind == NODE_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            flatten(a, n->u.items[i], out);
        return;
    }
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (fn && strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3) {
        flatten(a, arg->u.items[1], out);
        flatten(a, arg->u.items[2], out);
        return;
    }
    if (fn && strcmp(fn, "Ref") == 0 && node_str_eq(arg, "AWS::NoValue"))
        return;
    ptrvec_push(a, out, (void *)n);
}

static void iam_list(Arena *a, const Node *st, const char *key, const char *notkey, IamList *l)
{
    MapEntry *e = node_get_entry(st, key);
    l->negated = false;
    if (!e && (e = node_get_entry(st, notkey)))
        l->negated = true;
    l->key = e ? e->key : NULL;
    l->items = NULL;
    l->len = 0;
    if (!e)
        return;
    PtrVec v = {0};
    flatten(a, e->value, &v);
    l->items = arena_alloc(a, (v.len ? v.len : 1) * sizeof *l->items);
    for (size_t i = 0; i < v.len; i++) {
        const Node *n = v.items[i];
        l->items[i].node = n;
        l->items[i].str = node_str(n);
    }
    l->len = v.len;
}

static void add_principal(Arena *a, PtrVec *v, const char *type, const Node *n)
{
    IamPrincipal *p = arena_alloc(a, sizeof *p);
    p->type = type;
    p->node = n;
    p->str = node_str(n);
    ptrvec_push(a, v, p);
}

static void iam_principals(Arena *a, const Node *st, Statement *s)
{
    MapEntry *e = node_get_entry(st, "Principal");
    s->not_principal = false;
    if (!e && (e = node_get_entry(st, "NotPrincipal")))
        s->not_principal = true;
    s->has_principal = e != NULL;
    s->principal_key = e ? e->key : NULL;
    s->principals = NULL;
    s->nprincipals = 0;
    if (!e)
        return;
    PtrVec v = {0};
    const Node *p = e->value;
    if (node_is_map(p) && !node_intrinsic(p, NULL)) {
        for (uint32_t i = 0; i < p->len; i++) {
            PtrVec vals = {0};
            flatten(a, p->u.entries[i].value, &vals);
            for (size_t k = 0; k < vals.len; k++)
                add_principal(a, &v, p->u.entries[i].key->u.str, vals.items[k]);
        }
    } else {
        PtrVec vals = {0};
        flatten(a, p, &vals);
        for (size_t k = 0; k < vals.len; k++)
            add_principal(a, &v, "*", vals.items[k]);
    }
    s->principals = arena_alloc(a, (v.len ? v.len : 1) * sizeof *s->principals);
    for (size_t i = 0; i < v.len; i++)
        s->principals[i] = *(IamPrincipal *)v.items[i];
    s->nprincipals = v.len;
}

/* True when every action of the document is an sts: action (AssumeRole,
 * AssumeRoleWithWebIdentity, TagSession, ...) and there is one. */
static bool only_sts_actions(const PolicyDoc *pd)
{
    size_t n = 0;
    for (size_t i = 0; i < pd->nstmts; i++) {
        const IamList *l = &pd->stmts[i].action;
        if (l->negated)
            return false;
        for (size_t k = 0; k < l->len; k++, n++)
            if (!l->items[k].str || strncasecmp(l->items[k].str, "sts:", 4) != 0)
                return false;
    }
    return n > 0;
}

static void add_policy(Arena *a, PtrVec *out, PolicyKind kind, const Resource *owner,
                       const Node *doc, const char *name)
{
    if (!node_is_map(doc))
        return;
    PolicyDoc *pd = arena_calloc(a, 1, sizeof *pd);
    pd->kind = kind;
    pd->owner = owner;
    pd->node = doc;
    pd->name = name;
    PtrVec sts = {0};
    flatten(a, node_get(doc, "Statement"), &sts);
    pd->stmts = arena_calloc(a, sts.len ? sts.len : 1, sizeof *pd->stmts);
    size_t n = 0;
    bool any_principal = false;
    for (size_t i = 0; i < sts.len; i++) {
        const Node *st = sts.items[i];
        if (!node_is_map(st))
            continue;
        Statement *s = &pd->stmts[n++];
        s->node = st;
        s->doc = pd;
        s->sid = node_str(node_get(st, "Sid"));
        s->effect_node = node_get(st, "Effect");
        s->effect = node_str_eq(s->effect_node, "Allow") ? EFFECT_ALLOW
                  : node_str_eq(s->effect_node, "Deny") ? EFFECT_DENY : EFFECT_UNKNOWN;
        iam_list(a, st, "Action", "NotAction", &s->action);
        iam_list(a, st, "Resource", "NotResource", &s->resource);
        iam_principals(a, st, s);
        any_principal |= s->has_principal;
        const Node *c = node_get(st, "Condition");
        s->condition = node_is_map(c) ? c : NULL;
    }
    pd->nstmts = n;
    /* a standalone document with principals is a resource policy, or a
     * trust policy when all it allows is assuming a role */
    if (!owner && any_principal)
        pd->kind = only_sts_actions(pd) ? POLICY_TRUST : POLICY_RESOURCE;
    ptrvec_push(a, out, pd);
}

static bool type_in(const char *t, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(t, *list) == 0)
            return true;
    return false;
}

static void build_policies(Arena *a, Model *m)
{
    static const char *const inline_owners[] = {"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", NULL};
    static const char *const identity_docs[] = {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
                                                "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy",
                                                "AWS::IAM::GroupPolicy", NULL};
    static const char *const resource_docs[] = {"AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy",
                                                "AWS::SNS::TopicPolicy", "AWS::SQS::QueueInlinePolicy",
                                                "AWS::SNS::TopicInlinePolicy", NULL};
    /* resources whose policy sits in a property of another name */
    static const char *const resource_props[][2] = {
        {"AWS::KMS::Key", "KeyPolicy"},
        {"AWS::ECR::Repository", "RepositoryPolicyText"},
        {"AWS::SecretsManager::ResourcePolicy", "ResourcePolicy"},
        {"AWS::ApiGateway::RestApi", "Policy"},
    };
    PtrVec out = {0};
    if (m->kind == KIND_IAM_POLICY) {
        PtrVec docs = {0};
        policy_shapes(a, m->root, &docs, 0);
        for (size_t d = 0; d < docs.len; d++)
            add_policy(a, &out, POLICY_IDENTITY, NULL, docs.items[d], NULL);
    }
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        if (!r->props)
            continue;
        /* every type below is AWS::<service> with a service starting with one
         * of these letters: most resources are passed over at once */
        if (strncmp(r->type, "AWS::", 5) != 0 || !strchr("ISKEA", r->type[5]) || !r->type[5])
            continue;
        for (size_t k = 0; k < sizeof resource_props / sizeof *resource_props; k++)
            if (strcmp(r->type, resource_props[k][0]) == 0)
                add_policy(a, &out, POLICY_RESOURCE, r, node_get(r->props, resource_props[k][1]), NULL);
        if (type_in(r->type, inline_owners)) {
            PtrVec pols = {0};
            flatten(a, node_get(r->props, "Policies"), &pols);
            for (size_t k = 0; k < pols.len; k++) {
                const Node *p = pols.items[k];
                PtrVec docs = {0};
                flatten(a, node_get(p, "PolicyDocument"), &docs);
                for (size_t d = 0; d < docs.len; d++)
                    add_policy(a, &out, POLICY_IDENTITY, r, docs.items[d],
                               node_str(node_get(p, "PolicyName")));
            }
            if (resource_is(r, "AWS::IAM::Role"))
                add_policy(a, &out, POLICY_TRUST, r, node_get(r->props, "AssumeRolePolicyDocument"),
                           NULL);
        } else if (type_in(r->type, identity_docs) || type_in(r->type, resource_docs)) {
            PolicyKind kind = type_in(r->type, identity_docs) ? POLICY_IDENTITY : POLICY_RESOURCE;
            PtrVec docs = {0};
            flatten(a, node_get(r->props, "PolicyDocument"), &docs);
            for (size_t d = 0; d < docs.len; d++)
                add_policy(a, &out, kind, r, docs.items[d],
                           node_str(node_get(r->props, "PolicyName")));
        }
    }
    m->policies = arena_alloc(a, (out.len ? out.len : 1) * sizeof *m->policies);
    for (size_t i = 0; i < out.len; i++)
        m->policies[i] = *(PolicyDoc *)out.items[i];
    m->npolicies = out.len;
    /* statements point at their document: fix them up after the copy */
    for (size_t i = 0; i < m->npolicies; i++)
        for (size_t k = 0; k < m->policies[i].nstmts; k++)
            m->policies[i].stmts[k].doc = &m->policies[i];
}

/* --- building ------------------------------------------------------------------ */

static bool names_sam(const Node *transform)
{
    if (node_is_scalar(transform))
        return strncmp(node_str(transform), "AWS::Serverless", 15) == 0;
    if (node_is_seq(transform))
        for (uint32_t i = 0; i < transform->len; i++)
            if (names_sam(transform->u.items[i]))
                return true;
    return false;
}

static void copy_triggers(Arena *a, Model *m, const PtrVec *t)
{
    m->triggers = arena_alloc(a, (t->len ? t->len : 1) * sizeof *m->triggers);
    for (size_t i = 0; i < t->len; i++)
        m->triggers[i] = *(Trigger *)t->items[i];
    m->ntriggers = t->len;
}

void model_build(Arena *a, const Document *doc, DocKind kind, Model *m)
{
    model_build_at(a, doc, kind, NULL, m);
}

void model_build_at(Arena *a, const Document *doc, DocKind kind, const char *path, Model *m)
{
    memset(m, 0, sizeof *m);
    m->kind = kind;
    m->doc = doc;
    m->root = doc->root;
    m->path = path;
    if (kind != KIND_CFN && kind != KIND_IAM_POLICY && kind != KIND_SERVERLESS)
        return;
    PtrVec triggers = {0};
    const Node *root = doc->root;
    if (kind == KIND_SERVERLESS) {
        PtrVec cycles = {0};
        Node *resolved = sls_resolve_vars(a, doc->root, path, doc->limits, &cycles,
                                          &m->var_limits);
        m->var_cycles = (const Node **)cycles.items;
        m->nvar_cycles = cycles.len;
        root = sls_normalize(a, resolved, &triggers);
    }
    if (kind == KIND_CFN || kind == KIND_SERVERLESS) {
        m->resources_node = node_get(root, "Resources");
        m->parameters = node_get(root, "Parameters");
        m->conditions = node_get(root, "Conditions");
        m->mappings = node_get(root, "Mappings");
        m->outputs = node_get(root, "Outputs");
        m->has_sam = m->sam_transform = names_sam(node_get(root, "Transform"));
        m->has_rain = mentions_rain(doc->text, doc->size);
        const Node *rs = m->resources_node;
        if (kind == KIND_CFN && node_is_map(rs))
            rs = m->resources_node = sam_normalize(a, root, rs, &triggers);
        if (node_is_map(rs)) {
            m->resources = arena_calloc(a, rs->len ? rs->len : 1, sizeof *m->resources);
            for (uint32_t i = 0; i < rs->len; i++) {
                Resource *r = &m->resources[m->nresources];
                r->index = (uint32_t)m->nresources++;
                r->id = rs->u.entries[i].key->u.str;
                r->id_node = rs->u.entries[i].key;
                r->node = rs->u.entries[i].value;
                /* one pass over the resource's keys (the first of each wins,
                 * as with node_get): large templates have tens of thousands */
                Node *props = NULL, *cond = NULL;
                for (uint32_t k = 0; node_is_map(r->node) && k < r->node->len; k++) {
                    const Node *key = r->node->u.entries[k].key;
                    Node *v = r->node->u.entries[k].value;
                    Node **slot = NULL;
                    switch (key->len) {
                    case 4: slot = memcmp(key->u.str, "Type", 4) == 0 ? &r->type_node : NULL; break;
                    case 8: slot = memcmp(key->u.str, "Metadata", 8) == 0 ? &r->metadata : NULL; break;
                    case 9: slot = memcmp(key->u.str, "DependsOn", 9) == 0 ? &r->depends_on
                                 : memcmp(key->u.str, "Condition", 9) == 0 ? &cond : NULL; break;
                    case 10: slot = memcmp(key->u.str, "Properties", 10) == 0 ? &props : NULL; break;
                    default: break;
                    }
                    if (slot && !*slot)
                        *slot = v;
                }
                r->type = node_str(r->type_node) ? node_str(r->type_node) : "";
                r->props = node_is_map(props) ? props : NULL;
                r->condition = node_str(cond);
                r->synthetic = r->node && (r->node->flags & NODE_SYNTHETIC);
                if (strncmp(r->type, "AWS::Serverless::", 17) == 0)
                    m->has_sam = true;
            }
        }
        index_resources(a, m);
        index_types(a, m);
        build_refs(a, m);
    }
    copy_triggers(a, m, &triggers);
    build_policies(a, m);
}
