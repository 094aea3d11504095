/*
 * tpl_graph.c — circular dependencies between resources (TPL009).
 *
 * The edges are the model's references from one resource to another: Ref,
 * Fn::GetAtt, ${X} / ${X.Attr} in Fn::Sub and DependsOn. In SAM resources,
 * references the transform moves to resources of their own (a function's
 * Events, an API's stage settings) are not edges. Strongly connected
 * components are found with an iterative Tarjan walk (no recursion, so a
 * long chain of resources cannot overflow the stack); each component that
 * is a cycle is reported once, at the first reference of the cycle, with the
 * cycle spelled out. O(resources + references).
 */
#include <stdlib.h>
#include <string.h>

#include "tpl.h"

typedef struct Graph {
    uint32_t n;
    uint32_t *start;        /* CSR: edges of v are edge[start[v] .. start[v+1]) */
    uint32_t *edge;         /* target resource index */
    uint32_t *src;          /* source resource index of each edge */
    const Reference **ref;  /* the reference that makes each edge */
} Graph;

/* A reference inside the Events of a SAM resource: the transform turns each
 * event into resources of its own (permissions, event source mappings,
 * API methods), so it makes no dependency of the SAM resource itself. */
static bool in_sam_events(const Reference *r)
{
    if (!tpl_is_sam(r->from->type))
        return false;
    const Node *ev = node_get(r->from->props, "Events");
    return ev && r->at->span.start >= ev->span.start && r->at->span.end <= ev->span.end;
}

/* A reference in a SAM API's stage settings: the transform moves them to a
 * separate Stage resource, while Ref to the API names the API itself. */
static bool in_sam_stage(const Reference *r)
{
    static const char *const STAGE[] = {
        "AccessLogSetting", "AccessLogSettings", "CacheClusterEnabled", "CacheClusterSize",
        "CanarySetting", "DefaultRouteSettings", "MethodSettings", "RouteSettings",
        "StageName", "StageVariables", "TracingEnabled", "Variables", NULL};
    if (strcmp(r->from->type, "AWS::Serverless::Api") != 0 &&
        strcmp(r->from->type, "AWS::Serverless::HttpApi") != 0)
        return false;
    for (const char *const *k = STAGE; *k; k++) {
        const Node *v = node_get(r->from->props, *k);
        if (v && r->at->span.start >= v->span.start && r->at->span.end <= v->span.end)
            return true;
    }
    return false;
}

static bool is_edge(const Reference *r)
{
    return r->from && r->to && !in_sam_events(r) && !in_sam_stage(r);
}

static Graph build_graph(Arena *a, const Model *m)
{
    Graph g = {.n = (uint32_t)m->nresources};
    g.start = arena_calloc(a, g.n + 2, sizeof *g.start);
    size_t ne = 0;
    for (size_t i = 0; i < m->nrefs; i++)
        if (is_edge(&m->refs[i])) {
            g.start[m->refs[i].from->index + 2]++;
            ne++;
        }
    for (uint32_t v = 0; v < g.n; v++)
        g.start[v + 2] += g.start[v + 1];
    g.edge = arena_alloc(a, (ne + 1) * sizeof *g.edge);
    g.ref = arena_alloc(a, (ne + 1) * sizeof *g.ref);
    g.src = arena_alloc(a, (ne + 1) * sizeof *g.src);
    for (size_t i = 0; i < m->nrefs; i++) {
        const Reference *r = &m->refs[i];
        if (is_edge(r)) {
            uint32_t slot = g.start[r->from->index + 1]++;
            g.edge[slot] = r->to->index;
            g.src[slot] = r->from->index;
            g.ref[slot] = r;
        }
    }
    return g;   /* start[v]..start[v+1] now delimit v's edges */
}

typedef struct Tarjan {
    uint32_t *index, *low, *comp;   /* comp: component id + 1, 0 while open */
    uint8_t *on_stack;
    uint32_t *stack, sp;
    uint32_t *call_v, *call_e, csp;
    uint32_t next_index, ncomp;
} Tarjan;

#define UNSEEN UINT32_MAX

static void tarjan_from(Tarjan *t, const Graph *g, uint32_t root)
{
    t->call_v[0] = root;
    t->call_e[0] = g->start[root];
    t->csp = 1;
    t->index[root] = t->low[root] = t->next_index++;
    t->stack[t->sp++] = root;
    t->on_stack[root] = 1;
    while (t->csp) {
        uint32_t v = t->call_v[t->csp - 1];
        uint32_t *e = &t->call_e[t->csp - 1];
        if (*e < g->start[v + 1]) {
            uint32_t w = g->edge[(*e)++];
            if (t->index[w] == UNSEEN) {
                t->index[w] = t->low[w] = t->next_index++;
                t->stack[t->sp++] = w;
                t->on_stack[w] = 1;
                t->call_v[t->csp] = w;
                t->call_e[t->csp++] = g->start[w];
            } else if (t->on_stack[w] && t->index[w] < t->low[v]) {
                t->low[v] = t->index[w];
            }
            continue;
        }
        if (t->low[v] == t->index[v]) {
            uint32_t id = ++t->ncomp, w;
            do {
                w = t->stack[--t->sp];
                t->on_stack[w] = 0;
                t->comp[w] = id;
            } while (w != v);
        }
        t->csp--;
        if (t->csp) {
            uint32_t parent = t->call_v[t->csp - 1];
            if (t->low[v] < t->low[parent])
                t->low[parent] = t->low[v];
        }
    }
}

/* Scratch space for find_cycle, allocated once per file. */
typedef struct Bfs {
    uint32_t *via;      /* per vertex: the edge that reached it, or UNSEEN */
    uint32_t *queue;
} Bfs;

/* A cycle through `start` inside its component, found breadth-first; writes
 * the edges (indices into g->edge) to path in order and returns their count,
 * 0 when there is none. O(vertices + edges). */
static uint32_t find_cycle(Bfs *b, const Graph *g, const uint32_t *comp, uint32_t start,
                           uint32_t *path)
{
    uint32_t head = 0, tail = 0, closing = UNSEEN;
    b->queue[tail++] = start;
    while (head < tail && closing == UNSEEN) {
        uint32_t v = b->queue[head++];
        for (uint32_t e = g->start[v]; e < g->start[v + 1]; e++) {
            uint32_t w = g->edge[e];
            if (comp[w] != comp[start])
                continue;
            if (w == start) {
                closing = e;
                break;
            }
            if (b->via[w] == UNSEEN) {
                b->via[w] = e;
                b->queue[tail++] = w;
            }
        }
    }
    uint32_t n = 0;
    if (closing != UNSEEN) {
        path[n++] = closing;
        for (uint32_t v = g->src[closing]; v != start; v = g->src[b->via[v]])
            path[n++] = b->via[v];
        for (uint32_t i = 0; i < n / 2; i++) {
            uint32_t t = path[i];
            path[i] = path[n - 1 - i];
            path[n - 1 - i] = t;
        }
    }
    for (uint32_t i = 0; i < tail; i++)     /* leave the scratch space clean */
        b->via[b->queue[i]] = UNSEEN;
    return n;
}

static const char *edge_kind(RefKind k)
{
    switch (k) {
    case REF_REF: return "Ref";
    case REF_GETATT: return "GetAtt";
    case REF_SUB: return "Sub";
    default: return "DependsOn";
    }
}

static void report_cycle(CheckCtx *ctx, const Graph *g, const uint32_t *path, uint32_t n)
{
    const Reference *first = g->ref[path[0]];
    const char *text = first->from->id;
    uint32_t shown = n > 20 ? 20 : n;
    for (uint32_t i = 0; i < shown; i++) {
        const Reference *r = g->ref[path[i]];
        text = arena_printf(ctx->arena, "%s -(%s)-> %s", text, edge_kind(r->kind), r->to->id);
    }
    if (shown < n)
        text = arena_printf(ctx->arena, "%s ... (%u resources in all)", text, n);
    report(ctx, first->at, first->from, "circular dependency: %s; CloudFormation cannot order "
           "these resources, so break one of the references", text);
}

static bool self_loop(const Graph *g, uint32_t v)
{
    for (uint32_t e = g->start[v]; e < g->start[v + 1]; e++)
        if (g->edge[e] == v)
            return true;
    return false;
}

void check_tpl_circular_dependency(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || !m->nresources || tpl_preprocessed(m))
        return;
    Arena *a = ctx->arena;
    Graph g = build_graph(a, m);
    uint32_t n = g.n;
    Tarjan t = {0};
    t.index = arena_alloc(a, n * sizeof *t.index);
    t.low = arena_alloc(a, n * sizeof *t.low);
    t.comp = arena_calloc(a, n, sizeof *t.comp);
    t.on_stack = arena_calloc(a, n, 1);
    t.stack = arena_alloc(a, n * sizeof *t.stack);
    t.call_v = arena_alloc(a, n * sizeof *t.call_v);
    t.call_e = arena_alloc(a, n * sizeof *t.call_e);
    for (uint32_t v = 0; v < n; v++)
        t.index[v] = UNSEEN;
    for (uint32_t v = 0; v < n; v++)
        if (t.index[v] == UNSEEN)
            tarjan_from(&t, &g, v);
    /* one report per cyclic component, from its first resource in source
     * order: a component of several resources, or one that references itself */
    uint32_t *size = arena_calloc(a, t.ncomp + 1, sizeof *size);
    for (uint32_t v = 0; v < n; v++)
        size[t.comp[v]]++;
    uint8_t *done = arena_calloc(a, t.ncomp + 1, 1);
    uint32_t *path = arena_alloc(a, (n + 1) * sizeof *path);
    Bfs b = {arena_alloc(a, n * sizeof *b.via), arena_alloc(a, (n + 1) * sizeof *b.queue)};
    for (uint32_t v = 0; v < n; v++)
        b.via[v] = UNSEEN;
    int budget = 64;    /* each report costs a search over the graph */
    for (uint32_t v = 0; v < n && budget > 0; v++) {
        if (done[t.comp[v]] || (size[t.comp[v]] < 2 && !self_loop(&g, v)))
            continue;
        uint32_t len = find_cycle(&b, &g, t.comp, v, path);
        done[t.comp[v]] = 1;
        if (!len)
            continue;
        budget--;
        report_cycle(ctx, &g, path, len);
    }
}
