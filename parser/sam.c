/*
 * sam.c — an AWS SAM template's serverless resources as the CloudFormation
 * SAM would deploy, for the template model.
 *
 * sam_normalize() returns the template's Resources map with:
 *   - `Globals` merged into each AWS::Serverless::Function, Api, HttpApi,
 *     SimpleTable, StateMachine and LayerVersion the way SAM merges them (a
 *     resource's own value wins, maps merge key by key, lists concatenate);
 *     merged values keep the positions of where each was written;
 *   - for each Function and StateMachine with `Policies` and no `Role`, the
 *     role SAM generates (<Id>Role, AWS::IAM::Role): managed policy names and
 *     ARNs become ManagedPolicyArns, inline documents stay as written, and
 *     policy templates (`- SQSPollerPolicy: {QueueName: ...}`) are expanded
 *     from SAM's published definitions (sam_policy_data.c) into the
 *     statements SAM generates, located at the template's name, with the
 *     parameter values the user wrote;
 *   - for each Function with `FunctionUrlConfig`, the AWS::Lambda::Url SAM
 *     generates (<Id>Url) with the AuthType written;
 *   - Function `Events` as triggers (with their Properties); an Api /
 *     HttpApi event without its own Auth gets the DefaultAuthorizer of its
 *     API (or of Globals).
 * Templates without AWS::Serverless resources come back unchanged.
 */
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

#include "sam_policy.h"

typedef struct Sam {
    Arena *a;
    const Node *globals;
    MapEntry *apis;             /* Api / HttpApi resources, sorted by logical id */
    size_t napis;
    MapBuilder out;
    PtrVec *triggers;
} Sam;

static const char *globals_section(const char *type)
{
    static const char *const types[] = {"Function", "Api", "HttpApi", "SimpleTable",
                                        "StateMachine", "LayerVersion", NULL};
    if (strncmp(type, "AWS::Serverless::", 17) != 0)
        return NULL;
    for (const char *const *t = types; *t; t++)
        if (strcmp(type + 17, *t) == 0)
            return *t;
    return NULL;
}

/* SAM's Globals merge: the resource's value wins; maps merge key by key,
 * lists are the global items followed by the resource's. */
static Node *merge(Arena *a, Node *global, Node *local, int depth)
{
    if (!global)
        return local;
    if (!local)
        return global;
    if (depth < 16 && node_is_map(global) && node_is_map(local) && !node_intrinsic(global, NULL) &&
        !node_intrinsic(local, NULL)) {
        MapBuilder b = {0};
        for (uint32_t i = 0; i < local->len; i++) {
            MapEntry *e = &local->u.entries[i];
            mb_put(a, &b, e->key, merge(a, node_get(global, e->key->u.str), e->value, depth + 1));
        }
        for (uint32_t i = 0; i < global->len; i++)
            if (!node_get_entry(local, global->u.entries[i].key->u.str))
                mb_put(a, &b, global->u.entries[i].key, global->u.entries[i].value);
        return mb_finish(a, &b, local->span);
    }
    if (node_is_seq(global) && node_is_seq(local)) {
        PtrVec v = {0};
        for (uint32_t i = 0; i < global->len; i++)
            ptrvec_push(a, &v, global->u.items[i]);
        for (uint32_t i = 0; i < local->len; i++)
            ptrvec_push(a, &v, local->u.items[i]);
        return syn_seq_vec(a, &v, local->span);
    }
    return local;
}

/* The resource with Globals merged into its Properties, or r itself. */
static Node *with_globals(Sam *s, Node *r, const char *section)
{
    Node *g = node_get(s->globals, section);
    if (!node_is_map(g) || !node_is_map(r))
        return r;
    MapBuilder b = {0};
    bool has_props = false;
    for (uint32_t i = 0; i < r->len; i++) {
        MapEntry *e = &r->u.entries[i];
        if (node_str_eq(e->key, "Properties")) {
            has_props = true;
            mb_put(s->a, &b, e->key, merge(s->a, g, e->value, 0));
        } else {
            mb_put(s->a, &b, e->key, e->value);
        }
    }
    if (!has_props)
        mb_put(s->a, &b, syn_scalar(s->a, "Properties", g->span), g);
    return mb_finish(s->a, &b, r->span);
}

/* --- policy templates ---------------------------------------------------------- */

static int cmp_template(const void *key, const void *elem)
{
    return strcmp(key, ((const SamPolicyTemplate *)elem)->name);
}

static bool is_param(const char *names, const char *p)
{
    size_t n = strlen(p);
    for (const char *s = names; *s;) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == n && memcmp(s, p, n) == 0)
            return true;
        if (!e)
            break;
        s = e + 1;
    }
    return false;
}

/* A copy of a template definition node located at `at`, with each
 * {Ref: Param} replaced by the value the user gave for Param. */
static Node *instantiate(Arena *a, const Node *n, const Node *at, const SamPolicyTemplate *t,
                         const Node *args, int depth)
{
    if (!n || depth > 32)
        return NULL;
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (fn && strcmp(fn, "Ref") == 0 && node_str(arg) && is_param(t->params, node_str(arg)) &&
        node_get(args, node_str(arg)))
        return node_get(args, node_str(arg));
    Node *c = arena_alloc(a, sizeof *c);
    *c = *n;
    c->span = at->span;
    c->flags |= NODE_SYNTHETIC;     /* SAM's text, located at the template's name */
    if (n->kind == NODE_MAP) {
        c->u.entries = arena_alloc(a, (n->len ? n->len : 1) * sizeof *c->u.entries);
        for (uint32_t i = 0; i < n->len; i++) {
            Node *k = arena_alloc(a, sizeof *k);
            *k = *n->u.entries[i].key;
            k->span = at->span;
            c->u.entries[i] = (MapEntry){k, instantiate(a, n->u.entries[i].value, at, t, args, depth + 1)};
        }
    } else if (n->kind == NODE_SEQ) {
        c->u.items = arena_alloc(a, (n->len ? n->len : 1) * sizeof *c->u.items);
        for (uint32_t i = 0; i < n->len; i++)
            c->u.items[i] = instantiate(a, n->u.items[i], at, t, args, depth + 1);
    }
    return c;
}

/* The policy document SAM generates for `Name: {args}`, or NULL when Name
 * is not a policy template. */
static Node *expand_template(Arena *a, const Node *key, const Node *args)
{
    const SamPolicyTemplate *t = bsearch(key->u.str, SAM_POLICY_TEMPLATES, SAM_POLICY_TEMPLATE_COUNT,
                                         sizeof *SAM_POLICY_TEMPLATES, cmp_template);
    if (!t)
        return NULL;
    Document doc;
    json_read(a, t->definition, strlen(t->definition), &PARSE_LIMITS_DEFAULT, &doc);
    return doc.root ? instantiate(a, doc.root, key, t, args, 0) : NULL;
}

/* --- roles ------------------------------------------------------------------------ */

typedef struct Policies {
    PtrVec managed, docs;
} Policies;

static void policy_item(Sam *s, Policies *p, Node *item)
{
    if (node_is_scalar(item) || node_intrinsic(item, NULL)) {
        ptrvec_push(s->a, &p->managed, item);
    } else if (node_is_map(item) && node_get(item, "Statement")) {
        ptrvec_push(s->a, &p->docs, item);
    } else if (node_is_map(item) && item->len == 1) {
        Node *doc = expand_template(s->a, item->u.entries[0].key, item->u.entries[0].value);
        if (doc)
            ptrvec_push(s->a, &p->docs, doc);
    }
}

static void add_role(Sam *s, const Node *id_key, const MapEntry *policies)
{
    Arena *a = s->a;
    Policies p = {0};
    if (node_is_seq(policies->value))
        for (uint32_t i = 0; i < policies->value->len; i++)
            policy_item(s, &p, policies->value->u.items[i]);
    else
        policy_item(s, &p, policies->value);
    const Node *at = policies->key;
    MapBuilder props = {0};
    if (p.managed.len)
        mb_put_str(a, &props, "ManagedPolicyArns", syn_seq_vec(a, &p.managed, span_of(policies->value)), at);
    PtrVec pols = {0};
    for (size_t i = 0; i < p.docs.len; i++) {
        MapBuilder pol = {0};
        mb_put_str(a, &pol, "PolicyName", syn_str_at(a, arena_printf(a, "%sRolePolicy%zu", id_key->u.str, i), at), at);
        mb_put_str(a, &pol, "PolicyDocument", p.docs.items[i], at);
        ptrvec_push(a, &pols, mb_finish(a, &pol, span_of(p.docs.items[i])));
    }
    if (pols.len)
        mb_put_str(a, &props, "Policies", syn_seq_vec(a, &pols, span_of(policies->value)), at);
    MapBuilder r = {0};
    mb_put_str(a, &r, "Type", syn_str_at(a, "AWS::IAM::Role", at), at);
    mb_put_str(a, &r, "Properties", mb_finish(a, &props, span_of(policies->value)), at);
    Node *n = mb_finish(a, &r, span_of(policies->value));
    n->flags |= NODE_SYNTHETIC;
    mb_put(a, &s->out, syn_str_at(a, arena_printf(a, "%sRole", id_key->u.str), at), n);
}

static int cmp_api(const void *x, const void *y)
{
    return strcmp(((const MapEntry *)x)->key->u.str, ((const MapEntry *)y)->key->u.str);
}

static int cmp_api_key(const void *key, const void *elem)
{
    return strcmp(key, ((const MapEntry *)elem)->key->u.str);
}

static void index_apis(Sam *s, const Node *resources)
{
    s->apis = arena_alloc(s->a, (resources->len ? resources->len : 1) * sizeof *s->apis);
    for (uint32_t i = 0; i < resources->len; i++) {
        const char *t = node_str(node_get(resources->u.entries[i].value, "Type"));
        if (t && (strcmp(t, "AWS::Serverless::Api") == 0 || strcmp(t, "AWS::Serverless::HttpApi") == 0))
            s->apis[s->napis++] = resources->u.entries[i];
    }
    qsort(s->apis, s->napis, sizeof *s->apis, cmp_api);
}

/* The DefaultAuthorizer an Api / HttpApi event inherits: from the API its
 * RestApiId / ApiId names, else from Globals (the implicit API). */
static const Node *default_authorizer(Sam *s, const char *type, const Node *api_ref)
{
    Node *arg;
    const char *fn = node_intrinsic(api_ref, &arg);
    const Node *api = NULL;
    if (fn && strcmp(fn, "Ref") == 0 && node_str(arg) && s->napis) {
        MapEntry *hit = bsearch(node_str(arg), s->apis, s->napis, sizeof *s->apis, cmp_api_key);
        api = hit ? hit->value : NULL;
    }
    const Node *auth = node_get(node_get(node_get(api, "Properties"), "Auth"), "DefaultAuthorizer");
    if (!auth)
        auth = node_get(node_get(node_get(s->globals, type), "Auth"), "DefaultAuthorizer");
    return auth;
}

static void add_triggers(Sam *s, const Node *id_key, const Node *events)
{
    if (!node_is_map(events))
        return;
    static const char *const sources[] = {"Queue", "Stream", "Bucket", "Topic", "Path", "Schedule",
                                          "Pattern", "EventBusName", NULL};
    for (uint32_t i = 0; i < events->len; i++) {
        const Node *key = events->u.entries[i].key, *ev = events->u.entries[i].value;
        const char *type = node_str(node_get(ev, "Type"));
        const Node *props = node_get(ev, "Properties"), *src = NULL;
        for (const char *const *k = sources; *k && !src; k++)
            src = node_get(props, *k);
        Trigger *t = trigger_new(s->a, s->triggers, type ? type : "", id_key->u.str, key, src);
        t->props = props;
        t->auth = node_get(props, "Auth");
        if (!t->auth && type && (strcmp(type, "Api") == 0 || strcmp(type, "HttpApi") == 0))
            t->auth = default_authorizer(s, type, node_get(props, strcmp(type, "Api") == 0 ? "RestApiId" : "ApiId"));
    }
}

/* FunctionUrlConfig -> the AWS::Lambda::Url SAM adds (<Id>Url), with the
 * AuthType and Cors the user wrote. SAM's public-URL permission is not
 * modelled: the Url carries the fact (AuthType) a person edits. */
static void add_function_url(Sam *s, const Node *id_key, const MapEntry *cfg)
{
    if (!node_is_map(cfg->value) || node_intrinsic(cfg->value, NULL))
        return;
    Arena *a = s->a;
    const Node *at = cfg->key;
    MapBuilder props = {0};
    mb_put_str(a, &props, "TargetFunctionArn", syn_pair(a, "Ref", syn_str_at(a, id_key->u.str, at), at), at);
    static const char *const keys[] = {"AuthType", "Cors", "InvokeMode", NULL};
    for (const char *const *k = keys; *k; k++) {
        MapEntry *e = node_get_entry(cfg->value, *k);
        if (e)
            mb_put(a, &props, e->key, e->value);
    }
    MapBuilder r = {0};
    mb_put_str(a, &r, "Type", syn_str_at(a, "AWS::Lambda::Url", at), at);
    mb_put_str(a, &r, "Properties", mb_finish(a, &props, cfg->value->span), at);
    Node *n = mb_finish(a, &r, cfg->value->span);
    n->flags |= NODE_SYNTHETIC;
    mb_put(a, &s->out, syn_str_at(a, arena_printf(a, "%sUrl", id_key->u.str), at), n);
}

static void serverless_resource(Sam *s, const Node *key, Node *r, const char *type)
{
    const char *section = globals_section(type);
    if (section)
        r = with_globals(s, r, section);
    mb_put(s->a, &s->out, (Node *)key, r);
    if (strcmp(type, "AWS::Serverless::Function") != 0 && strcmp(type, "AWS::Serverless::StateMachine") != 0)
        return;
    const Node *props = node_get(r, "Properties");
    MapEntry *pol = node_get_entry(props, "Policies");
    if (pol && !node_get(props, "Role"))
        add_role(s, key, pol);
    MapEntry *url = node_get_entry(props, "FunctionUrlConfig");
    if (url && strcmp(type, "AWS::Serverless::Function") == 0)
        add_function_url(s, key, url);
    add_triggers(s, key, node_get(props, "Events"));
}

Node *sam_normalize(Arena *a, const Node *root, const Node *resources, PtrVec *triggers)
{
    bool any = false;
    for (uint32_t i = 0; i < resources->len && !any; i++) {
        const char *t = node_str(node_get(resources->u.entries[i].value, "Type"));
        any = t && strncmp(t, "AWS::Serverless::", 17) == 0;
    }
    if (!any)
        return (Node *)resources;
    Sam s = {.a = a, .globals = node_get(root, "Globals"), .triggers = triggers};
    index_apis(&s, resources);
    for (uint32_t i = 0; i < resources->len; i++) {
        MapEntry *e = &resources->u.entries[i];
        const char *t = node_str(node_get(e->value, "Type"));
        if (t && strncmp(t, "AWS::Serverless::", 17) == 0)
            serverless_resource(&s, e->key, e->value, t);
        else
            mb_put(a, &s.out, e->key, e->value);
    }
    return mb_finish(a, &s.out, resources->span);
}
