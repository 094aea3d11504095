/*
 * tpl_logic.c — conditions, parameters and mappings: TPL007 (a condition
 * named but not defined) and TPL008 (a parameter, condition or mapping
 * defined but never used).
 *
 * One walk over the template collects every use: Ref and ${X} in Fn::Sub
 * (parameters), the Condition of resources and outputs, Fn::If and
 * {Condition: X} inside Conditions (conditions), and the first argument of
 * Fn::FindInMap (mappings). Names are then looked up in sorted arrays, so
 * both rules are O(n log n) in the template's size.
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

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted names of one kind of use. */
static const char **used_names(Arena *a, const Uses *u, UseKind kind, size_t *n)
{
    const char **v = arena_alloc(a, (u->n + 1) * sizeof *v);
    *n = 0;
    for (size_t i = 0; i < u->n; i++)
        if (u->v[i].kind == kind)
            v[(*n)++] = u->v[i].name;
    qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static bool has(const char **v, size_t n, const char *name)
{
    return n && bsearch(&name, v, n, sizeof *v, cmp_str) != NULL;
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
    Uses u = collect_uses(ctx);
    const Node *defs = node_is_map(m->conditions) ? m->conditions : NULL;
    size_t ndefs = defs ? defs->len : 0;
    const char **names = arena_alloc(ctx->arena, (ndefs + 1) * sizeof *names);
    for (size_t i = 0; i < ndefs; i++)
        names[i] = node_str(defs->u.entries[i].key);
    qsort(names, ndefs, sizeof *names, cmp_str);
    int budget = 64;
    for (size_t i = 0; i < u.n; i++) {
        if (u.v[i].kind != USE_CONDITION || has(names, ndefs, u.v[i].name))
            continue;
        const char *s = defs && budget-- > 0
            ? spec_suggest(u.v[i].name, defs->u.entries, defs->len, sizeof *defs->u.entries,
                           name_of) : NULL;
        report(ctx, u.v[i].at, NULL, "condition '%s' is not defined in Conditions%s",
               u.v[i].name, s ? arena_printf(ctx->arena, " (did you mean '%s'?)", s) : "");
    }
}

/* --- TPL008 ----------------------------------------------------------------- */

static void report_unused(CheckCtx *ctx, const Node *section, const char **used, size_t nused,
                          const char *what)
{
    if (!node_is_map(section))
        return;
    for (uint32_t i = 0; i < section->len; i++) {
        const Node *k = section->u.entries[i].key;
        if (!has(used, nused, node_str(k)))
            report(ctx, k, NULL, "%s '%s' is defined but never used; remove it or use it",
                   what, node_str(k));
    }
}

void check_tpl_unused_definition(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || tpl_preprocessed(m))
        return;
    Uses u = collect_uses(ctx);
    size_t np, nc, nm;
    const char **params = used_names(ctx->arena, &u, USE_PARAM, &np);
    const char **conds = used_names(ctx->arena, &u, USE_CONDITION, &nc);
    const char **maps = used_names(ctx->arena, &u, USE_MAPPING, &nm);
    report_unused(ctx, m->parameters, params, np, "parameter");
    report_unused(ctx, m->conditions, conds, nc, "condition");
    report_unused(ctx, m->mappings, maps, nm, "mapping");
}
