/*
 * synth.h — building model nodes that stand for text the user wrote.
 *
 * The Serverless Framework and SAM normalisers (serverless.c, sam.c) turn
 * their input into the CloudFormation shapes the model already reads. The
 * nodes they make are ordinary Nodes whose span is the text that made them
 * (a function's name, a policy template's key, a `${...}` variable), so a
 * finding on a synthesised element points at the line a person edits.
 *
 * Everything lives in the file's arena.
 */
#ifndef STACKLINT_SYNTH_H
#define STACKLINT_SYNTH_H

#include "node.h"

/* A map under construction: entries are appended, then frozen into a Node. */
typedef struct MapBuilder {
    MapEntry *entries;
    size_t len, cap;
} MapBuilder;

Node *syn_scalar(Arena *a, const char *s, Span span);
Node *syn_str_at(Arena *a, const char *s, const Node *at);   /* span of `at` (or empty) */
void mb_put(Arena *a, MapBuilder *b, Node *key, Node *value);
void mb_put_str(Arena *a, MapBuilder *b, const char *key, Node *value, const Node *at);
Node *mb_finish(Arena *a, MapBuilder *b, Span span);
Node *syn_seq(Arena *a, Node **items, uint32_t n, Span span);
Node *syn_seq_vec(Arena *a, const PtrVec *v, Span span);
/* A one-entry map {key: value}, e.g. {Fn::GetAtt: [X, Arn]}. */
Node *syn_pair(Arena *a, const char *key, Node *value, const Node *at);

/* A copy of n in which every node's span is `span`, for text read from
 * another file (`${file(...)}`): findings then point at the reference.
 * At most *budget nodes are copied; past it the copy is cut short. */
Node *syn_respan(Arena *a, const Node *n, Span span, uint64_t *budget);

static inline Span span_of(const Node *n)
{
    return n ? n->span : (Span){0, 0};
}

#endif
