/*
 * node.h — the positioned document tree that every input format becomes.
 *
 * YAML (parser/yaml.c) and JSON (parser/json.c) are both read into the same
 * tree of maps, sequences and scalars. Every node, and every map key, knows the
 * byte range of the text that produced it; line and column are derived from a
 * line table (base/source.c) only when a finding is reported.
 *
 * CloudFormation short-form tags are normalised while reading: `!Ref X`
 * becomes the one-entry map {Ref: X}, `!GetAtt A.B` becomes
 * {Fn::GetAtt: "A.B"}, and so on, so that nothing downstream needs to know
 * which form the author used. Such synthetic maps carry NODE_FROM_TAG, and
 * their key spans the tag text.
 *
 * A YAML alias shares the node of its anchor, so the tree is a DAG; the
 * reader bounds the total size reachable through aliases (see ParseLimits),
 * and rejects an alias to a node that is still open (a cycle), so a walk of
 * the tree always terminates in bounded time.
 *
 * Ownership: all nodes and strings live in the Arena given to the parser.
 */
#ifndef STACKLINT_NODE_H
#define STACKLINT_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/limit.h"

typedef enum NodeKind {
    NODE_SCALAR = 1,
    NODE_MAP,
    NODE_SEQ,
} NodeKind;

/* How a scalar was written: it decides what it means where types matter
 * (a quoted "true" is a string in JSON, a plain true a boolean). */
typedef enum ScalarStyle {
    SCALAR_PLAIN = 0,   /* YAML plain scalar, or a JSON number/true/false/null */
    SCALAR_QUOTED,      /* YAML single/double quoted, or a JSON string */
    SCALAR_BLOCK,       /* YAML literal | or folded > */
} ScalarStyle;

enum {
    NODE_FROM_TAG = 1u << 0,    /* synthetic map made from a short-form tag */
    NODE_INVALID = 1u << 1,     /* placeholder for something that could not be read */
    NODE_SYNTHETIC = 1u << 2,   /* made by the serverless/SAM normalisers (normalize.h), not written by the user */
    NODE_TAGGED = 1u << 3,      /* has an explicit tag that is not a CFN short form: node_tag() */
};

typedef struct Span {
    uint32_t start, end;        /* byte offsets into the source, end exclusive */
} Span;

typedef struct Node Node;

typedef struct MapEntry {
    Node *key;      /* always a scalar; its span is the key text */
    Node *value;
} MapEntry;

struct Node {
    uint8_t kind;           /* NodeKind */
    uint8_t style;          /* ScalarStyle, scalars only */
    uint16_t flags;
    uint32_t len;           /* scalar: byte length of str; map: entries; seq: items */
    Span span;
    union {
        const char *str;    /* NUL-terminated, may contain NULs before len */
        MapEntry *entries;
        Node **items;
    } u;
};

/* Accessors. All accept NULL and return NULL / false / 0 for the wrong kind.
 * The four smallest are inline: every walk of the tree calls them per node. */
static inline const char *node_str(const Node *n)   /* scalar text or NULL */
{
    return n && n->kind == NODE_SCALAR ? n->u.str : NULL;
}
/* Whether n was written with a tag that is not a CloudFormation short form
 * (!!str, !Custom). The tag's text is kept beside the tree, not in every
 * node (node_tag), since few nodes have one and every walk reads nodes. */
static inline bool node_has_tag(const Node *n) { return n && (n->flags & NODE_TAGGED); }
static inline bool node_is_scalar(const Node *n) { return n && n->kind == NODE_SCALAR; }
static inline bool node_is_map(const Node *n) { return n && n->kind == NODE_MAP; }
static inline bool node_is_seq(const Node *n) { return n && n->kind == NODE_SEQ; }
/* Entry (key+value) for key, case-sensitive, or NULL. Inline: the rules
 * look keys up by literal names, whose length the compiler knows, so the
 * comparison of each key becomes a few word compares. */
static inline MapEntry *node_get_entry(const Node *map, const char *key)
{
    if (!node_is_map(map))
        return NULL;
    size_t klen = strlen(key);
    for (uint32_t i = 0; i < map->len; i++) {
        const Node *k = map->u.entries[i].key;
        if (k->len == klen && memcmp(k->u.str, key, klen) == 0)
            return &map->u.entries[i];
    }
    return NULL;
}
static inline Node *node_get(const Node *map, const char *key)   /* value for key */
{
    MapEntry *e = node_get_entry(map, key);
    return e ? e->value : NULL;
}
static inline bool node_str_eq(const Node *n, const char *s)      /* scalar equal to s */
{
    return node_is_scalar(n) && n->len == strlen(s) && memcmp(n->u.str, s, n->len) == 0;
}
bool node_str_ieq(const Node *n, const char *s);             /* scalar equal to s ignoring ASCII case */
/* True for a scalar that CloudFormation reads as boolean true / false
 * (true/false in any case, plain or quoted). */
bool node_is_true(const Node *n);
bool node_is_false(const Node *n);

/* An intrinsic function: a map with exactly one entry whose key is `Ref`,
 * `Condition` or starts with `Fn::`. Returns the function name and sets
 * *arg to its argument, or returns NULL. */
const char *node_intrinsic_one(const Node *n, Node **arg);     /* the one-entry case */
static inline const char *node_intrinsic(const Node *n, Node **arg)
{
    return n && n->kind == NODE_MAP && n->len == 1 ? node_intrinsic_one(n, arg) : NULL;
}

/* --- Reading files ---------------------------------------------------- */


typedef enum ParseIssueKind {
    ISSUE_SYNTAX = 1,   /* not well-formed YAML/JSON, or a duplicate key */
    ISSUE_LIMIT,        /* a resource limit was hit; the tree is partial */
} ParseIssueKind;

typedef struct ParseIssue {
    ParseIssueKind kind;
    Span span;
    const char *message;
    struct ParseIssue *next;
} ParseIssue;

typedef enum DocFormat {
    FORMAT_YAML = 1,
    FORMAT_JSON,
} DocFormat;

/* The result of reading one file. root may be NULL (empty or unreadable
 * document) or partial (when issues are present). */
typedef struct NodeTag {
    const Node *node;
    const char *tag;
    struct NodeTag *next;
} NodeTag;

typedef struct Document {
    DocFormat format;
    const char *text;       /* the source bytes (not owned) */
    size_t size;
    Node *root;
    ParseIssue *issues;     /* in source order */
    ParseIssue *issues_tail;
    NodeTag *tags;          /* the explicit tags of nodes with NODE_TAGGED, newest first */
    uint64_t node_count;        /* nodes built plus nodes reachable through aliases */
    const ParseLimits *limits;  /* the limits it was read with (never NULL after reading) */
    bool partial;           /* reading stopped early (syntax error or limit): the tree is incomplete */
    /* The first YAML anchor (&name) or alias (*name) in the file, which
     * CloudFormation rejects (TPL012); span.end == 0 when there is none. */
    Span yaml_anchor;
} Document;

/* Reads YAML with libyaml's event API. Never fails: problems become issues. */
void yaml_read(Arena *a, const char *text, size_t size, const ParseLimits *lim, Document *doc);
/* Reads JSON with tree-sitter-json. Never fails: problems become issues. */
void json_read(Arena *a, const char *text, size_t size, const ParseLimits *lim, Document *doc);
/* Picks JSON when the first significant byte is '{' or '[', YAML otherwise. */
void document_read(Arena *a, const char *text, size_t size, const ParseLimits *lim, Document *doc);

/* What reading a buffer can keep for reading it again after an edit (the
 * language server re-lints a buffer at each keystroke). For JSON it is
 * tree-sitter's tree and the bytes it parsed: the next reading tells
 * tree-sitter what changed (the common prefix and suffix of the old and new
 * bytes) and reparses incrementally, which gives the same tree as a full
 * parse for a fraction of the time. Only a file that reads without a syntax
 * error is kept. Not shared between threads. */
typedef struct ParseCache ParseCache;
ParseCache *parse_cache_new(void);
void parse_cache_free(ParseCache *c);      /* accepts NULL */
/* document_read / json_read that use and update *cache (NULL: none). */
void document_read_cached(Arena *a, const char *text, size_t size, const ParseLimits *lim,
                          Document *doc, ParseCache *cache);
void json_read_cached(Arena *a, const char *text, size_t size, const ParseLimits *lim,
                      Document *doc, ParseCache *cache);

/* Shared by the readers. */
/* The explicit tag n was written with, verbatim, or NULL (node_has_tag). */
const char *node_tag(const Document *doc, const Node *n);
void doc_set_tag(Arena *a, Document *doc, Node *n, const char *tag);
void doc_issue(Arena *a, Document *doc, ParseIssueKind kind, uint32_t start, uint32_t end,
               const char *message);
Node *node_new_scalar(Arena *a, const char *s, size_t len, ScalarStyle style, Span span);
/* Detects duplicate keys in a finished map and records an issue at each
 * later occurrence. Linear (a hash set of the keys). */
void node_check_duplicate_keys(Arena *a, Document *doc, const Node *map);
/* Maps a CloudFormation short-form tag (`!Ref`, `!GetAtt`, ...) to the long
 * form key (`Ref`, `Fn::GetAtt`, ...), or NULL when the tag is not one. */
const char *cfn_tag_function(const char *tag);

#endif
