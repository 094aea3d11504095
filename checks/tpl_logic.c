/*
 * tpl_logic.c — conditions, parameters and mappings: TPL007 (a condition
 * named but not defined) and TPL008 (a parameter, condition or mapping
 * defined but never used).
 *
 * One walk over the template collects every use: Ref and ${X} in Fn::Sub
 * (parameters), the Condition of resources and outputs, Fn::If and
 * {Condition: X} inside Conditions (conditions), and the first argument of
 * Fn::FindInMap (mappings), once per file for both rules. Names are then
 * looked up in hash sets of the definitions, so both rules are linear in
 * the template's size.
 */
#include <stdlib.h>
#include <string.h>

#include "tpl.h"

enum { MAX_DEPTH = 1024 };

typedef enum UseKind { USE_PARAM, USE_CONDITION, USE_MAPPING } UseKind;

typedef struct Use {
    const char *name;
    UseKind kind;
    const Node *at;
} Use;

typedef struct Uses {
    Arena *a;
    Use *v;
    size_t n, cap;
    const Node *sub_locals;     /* variable map of the list-form Fn::Sub being read */
} Uses;

static void add_use(Uses *u, UseKind kind, const char *name, const Node *at)
{
    if (!name)
        return;
    u->v = arena_grow(u->a, u->v, u->n, &u->cap, sizeof *u->v, 64);
    u->v[u->n++] = (Use){name, kind, at};
}

typedef struct SubCtx {
    Uses *u;
    const Node *at;
    const Node *locals;
} SubCtx;

static void on_sub_var(void *ud, const char *name, size_t len, size_t start)
{
    (void)start;
    SubCtx *c = ud;
    const char *dot = memchr(name, '.', len);
    const char *id = arena_strndup(c->u->a, name, dot ? (size_t)(dot - name) : len);
    if (c->locals && node_get(c->locals, id))
        return;
    add_use(c->u, USE_PARAM, id, c->at);
}

static void walk(Uses *u, const Node *n, bool in_conditions, unsigned depth);

static void walk_intrinsic(Uses *u, const Node *n, const char *fn, const Node *arg,
                           bool in_conditions, unsigned depth)
{
    if (strcmp(fn, "Ref") == 0) {
        add_use(u, USE_PARAM, node_str(arg), n);
    } else if (strcmp(fn, "Fn::Sub") == 0) {
        const Node *t = node_is_seq(arg) && arg->len ? arg->u.items[0] : arg;
        const Node *vars = node_is_seq(arg) && arg->len > 1 ? arg->u.items[1] : NULL;
        if (node_is_scalar(t)) {
            SubCtx c = {u, n, node_is_map(vars) ? vars : NULL};
            model_sub_vars(t->u.str, t->len, on_sub_var, &c);
        }
        walk(u, vars, in_conditions, depth + 1);
        return;
    } else if (strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len) {
        add_use(u, USE_CONDITION, node_str(arg->u.items[0]), arg->u.items[0]);
    } else if (strcmp(fn, "Condition") == 0 && in_conditions) {
        add_use(u, USE_CONDITION, node_str(arg), arg);
        return;
    } else if (strcmp(fn, "Fn::FindInMap") == 0 && node_is_seq(arg) && arg->len) {
        add_use(u, USE_MAPPING, node_str(arg->u.items[0]), arg->u.items[0]);
    }
    walk(u, arg, in_conditions, depth + 1);
}

static void walk(Uses *u, const Node *n, bool in_conditions, unsigned depth)
{
    if (!n || n->kind == NODE_SCALAR || depth > MAX_DEPTH)
        return;
    if (n->kind == NODE_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            walk(u, n->u.items[i], in_conditions, depth + 1);
        return;
    }
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (fn) {
        walk_intrinsic(u, n, fn, arg, in_conditions, depth);
        return;
    }
    for (uint32_t i = 0; i < n->len; i++)
        walk(u, n->u.entries[i].value, in_conditions, depth + 1);
}

/* The Condition attribute of each resource and output. */
static void attribute_conditions(Uses *u, const Node *section)
{
    if (!node_is_map(section))
        return;
    for (uint32_t i = 0; i < section->len; i++) {
        const Node *c = node_get(section->u.entries[i].value, "Condition");
        if (node_is_scalar(c))
            add_use(u, USE_CONDITION, node_str(c), c);
    }
}

static Uses collect_uses(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    Uses u = {.a = ctx->arena};
    const Node *root = m->root;
    for (uint32_t i = 0; node_is_map(root) && i < root->len; i++) {
        const char *section = node_str(root->u.entries[i].key);
        if (strcmp(section, "Parameters") == 0 || strcmp(section, "Mappings") == 0)
            continue;
        walk(&u, root->u.entries[i].value, strcmp(section, "Conditions") == 0, 0);
    }
    attribute_conditions(&u, m->resources_node);
    attribute_conditions(&u, m->outputs);
    return u;
}

/* The keys of a section (Conditions, Parameters, Mappings) in a hash set,
 * each with a mark: uses are looked up in time linear in their number
 * (a template can have tens of thousands of Refs). */
typedef struct NameSet {
    const char **names;     /* open addressing; NULL: empty */
    uint8_t *mark;
    uint32_t mask;
} NameSet;

static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

/* The slot of name: where it is, or the empty slot where it would go. */
static uint32_t name_slot(const NameSet *ns, const char *name)
{
    uint32_t i = name_hash(name) & ns->mask;
    while (ns->names[i] && strcmp(ns->names[i], name) != 0)
        i = (i + 1) & ns->mask;
    return i;
}

static NameSet name_set(Arena *a, const Node *section)
{
    uint32_t n = node_is_map(section) ? section->len : 0, cap = 8;
    while (cap < 2 * n)
        cap *= 2;
    NameSet ns = {arena_calloc(a, cap, sizeof *ns.names), arena_calloc(a, cap, 1), cap - 1};
    for (uint32_t i = 0; i < n; i++) {
        const char *k = node_str(section->u.entries[i].key);
        ns.names[name_slot(&ns, k)] = k;
    }
    return ns;
}

/* Marks name when it is in the set; whether it is. */
static bool name_mark(NameSet *ns, const char *name)
{
    uint32_t i = name_slot(ns, name);
    if (!ns->names[i])
        return false;
    ns->mark[i] = 1;
    return true;
}

/* The uses of the template, collected once per file for TPL007 and TPL008. */
static const Uses *file_uses(CheckCtx *ctx)
{
    Model *m = (Model *)ctx->model;     /* the model is the checks' to annotate */
    if (!m->check_cache[CHECK_CACHE_TPL_USES]) {
        Uses *u = arena_alloc(ctx->arena, sizeof *u);
        *u = collect_uses(ctx);
        m->check_cache[CHECK_CACHE_TPL_USES] = u;
    }
    return m->check_cache[CHECK_CACHE_TPL_USES];
}

/* --- TPL007 ----------------------------------------------------------------- */

static const char *name_of(const void *item)
{
    return node_str(((const MapEntry *)item)->key);
}

void check_tpl_undefined_condition(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || tpl_preprocessed(m))
        return;
    const Uses *u = file_uses(ctx);
    const Node *defs = node_is_map(m->conditions) ? m->conditions : NULL;
    NameSet names = name_set(ctx->arena, defs);
    int budget = 64;
    for (size_t i = 0; i < u->n; i++) {
        if (u->v[i].kind != USE_CONDITION || name_mark(&names, u->v[i].name))
            continue;
        const char *s = defs && budget-- > 0
            ? spec_suggest(u->v[i].name, defs->u.entries, defs->len, sizeof *defs->u.entries,
                           name_of) : NULL;
        report(ctx, u->v[i].at, NULL, "condition '%s' is not defined in Conditions%s",
               u->v[i].name, s ? arena_printf(ctx->arena, " (did you mean '%s'?)", s) : "");
    }
}

/* --- TPL008 ----------------------------------------------------------------- */

static void report_unused(CheckCtx *ctx, const Node *section, const Uses *u, UseKind kind,
                          const char *what)
{
    if (!node_is_map(section))
        return;
    NameSet defs = name_set(ctx->arena, section);
    for (size_t i = 0; i < u->n; i++)
        if (u->v[i].kind == kind)
            name_mark(&defs, u->v[i].name);
    for (uint32_t i = 0; i < section->len; i++) {
        const Node *k = section->u.entries[i].key;
        if (!defs.mark[name_slot(&defs, node_str(k))])
            report(ctx, k, NULL, "%s '%s' is defined but never used; remove it or use it",
                   what, node_str(k));
    }
}

void check_tpl_unused_definition(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || tpl_preprocessed(m))
        return;
    const Uses *u = file_uses(ctx);
    report_unused(ctx, m->parameters, u, USE_PARAM, "parameter");
    report_unused(ctx, m->conditions, u, USE_CONDITION, "condition");
    report_unused(ctx, m->mappings, u, USE_MAPPING, "mapping");
}
