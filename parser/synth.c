/*
 * synth.c — constructors for synthesised nodes (synth.h).
 */
#include "synth.h"

#include <string.h>

Node *syn_scalar(Arena *a, const char *s, Span span)
{
    return node_new_scalar(a, s, strlen(s), SCALAR_QUOTED, span);
}

Node *syn_str_at(Arena *a, const char *s, const Node *at)
{
    return syn_scalar(a, s, span_of(at));
}

void mb_put(Arena *a, MapBuilder *b, Node *key, Node *value)
{
    if (!key || !value)
        return;
    b->entries = arena_grow(a, b->entries, b->len, &b->cap, sizeof *b->entries, 8);
    b->entries[b->len++] = (MapEntry){key, value};
}

void mb_put_str(Arena *a, MapBuilder *b, const char *key, Node *value, const Node *at)
{
    if (value)
        mb_put(a, b, syn_str_at(a, key, at ? at : value), value);
}

Node *mb_finish(Arena *a, MapBuilder *b, Span span)
{
    Node *n = arena_calloc(a, 1, sizeof *n);
    n->kind = NODE_MAP;
    n->len = b->len;
    n->span = span;
    n->u.entries = b->entries;
    return n;
}

Node *syn_seq(Arena *a, Node **items, uint32_t count, Span span)
{
    Node *n = arena_calloc(a, 1, sizeof *n);
    n->kind = NODE_SEQ;
    n->len = count;
    n->span = span;
    n->u.items = arena_alloc(a, (count ? count : 1) * sizeof *n->u.items);
    if (count)
        memcpy(n->u.items, items, count * sizeof *items);
    return n;
}

Node *syn_seq_vec(Arena *a, const PtrVec *v, Span span)
{
    return syn_seq(a, (Node **)v->items, (uint32_t)v->len, span);
}

Node *syn_pair(Arena *a, const char *key, Node *value, const Node *at)
{
    MapBuilder b = {0};
    mb_put_str(a, &b, key, value, at);
    return mb_finish(a, &b, span_of(at));
}

Node *syn_respan(Arena *a, const Node *n, Span span, uint64_t *budget)
{
    if (!n || !*budget)
        return NULL;
    (*budget)--;
    Node *c = arena_alloc(a, sizeof *c);
    *c = *n;
    c->span = span;
    if (n->kind == NODE_MAP) {
        c->u.entries = arena_alloc(a, (n->len ? n->len : 1) * sizeof *c->u.entries);
        uint32_t k = 0;
        for (uint32_t i = 0; i < n->len; i++) {
            Node *key = syn_respan(a, n->u.entries[i].key, span, budget);
            Node *val = syn_respan(a, n->u.entries[i].value, span, budget);
            if (key && val)
                c->u.entries[k++] = (MapEntry){key, val};
        }
        c->len = k;
    } else if (n->kind == NODE_SEQ) {
        c->u.items = arena_alloc(a, (n->len ? n->len : 1) * sizeof *c->u.items);
        uint32_t k = 0;
        for (uint32_t i = 0; i < n->len; i++) {
            Node *it = syn_respan(a, n->u.items[i], span, budget);
            if (it)
                c->u.items[k++] = it;
        }
        c->len = k;
    }
    return c;
}
