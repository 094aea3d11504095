/*
 * node.c — accessors for the document tree and the helpers both readers
 * share: issues, duplicate-key detection, CloudFormation tag names.
 */
#include "node.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>



bool node_str_ieq(const Node *n, const char *s)
{
    return node_is_scalar(n) && n->len == strlen(s) && strncasecmp(n->u.str, s, n->len) == 0;
}

bool node_is_true(const Node *n) { return node_str_ieq(n, "true"); }
bool node_is_false(const Node *n) { return node_str_ieq(n, "false"); }

const char *node_intrinsic_one(const Node *n, Node **arg)
{
    if (!node_is_map(n) || n->len != 1)
        return NULL;
    const Node *k = n->u.entries[0].key;
    const char *name = k->u.str;
    /* the first letter decides which name it can be: most keys are none */
    bool is_fn;
    switch (name[0]) {
    case 'R': is_fn = strcmp(name, "Ref") == 0; break;
    case 'C': is_fn = strcmp(name, "Condition") == 0; break;
    case 'F': is_fn = name[1] == 'n' && name[2] == ':' && name[3] == ':'; break;
    default: is_fn = false; break;
    }
    if (is_fn) {
        if (arg)
            *arg = n->u.entries[0].value;
        return name;
    }
    return NULL;
}

void doc_issue(Arena *a, Document *doc, ParseIssueKind kind, uint32_t start, uint32_t end,
               const char *message)
{
    ParseIssue *is = arena_calloc(a, 1, sizeof *is);
    is->kind = kind;
    is->span.start = start;
    is->span.end = end < start ? start : end;
    is->message = message;
    /* keep source order: issues mostly arrive in order, so insert from the tail */
    if (!doc->issues) {
        doc->issues = doc->issues_tail = is;
    } else if (doc->issues_tail->span.start <= start) {
        doc->issues_tail->next = is;
        doc->issues_tail = is;
    } else {
        ParseIssue **pp = &doc->issues;
        while (*pp && (*pp)->span.start <= start)
            pp = &(*pp)->next;
        is->next = *pp;
        *pp = is;
        if (!is->next)
            doc->issues_tail = is;
    }
}

const char *node_tag(const Document *doc, const Node *n)
{
    if (!node_has_tag(n))
        return NULL;
    for (const NodeTag *t = doc->tags; t; t = t->next)
        if (t->node == n)
            return t->tag;
    return NULL;
}

void doc_set_tag(Arena *a, Document *doc, Node *n, const char *tag)
{
    if (!tag)
        return;
    NodeTag *t = arena_alloc(a, sizeof *t);
    *t = (NodeTag){n, tag, doc->tags};
    doc->tags = t;
    n->flags |= NODE_TAGGED;
}

Node *node_new_scalar(Arena *a, const char *s, size_t len, ScalarStyle style, Span span)
{
    /* the node and its text in one allocation, every field written: no
     * zeroing of memory that is written anyway */
    Node *n = arena_alloc(a, sizeof *n + len + 1);
    char *str = (char *)(n + 1);
    memcpy(str, s, len);
    str[len] = '\0';
    *n = (Node){.kind = NODE_SCALAR, .style = (uint8_t)style, .len = (uint32_t)len,
                .span = span, .u.str = str};
    return n;
}

static void report_duplicate(Arena *a, Document *doc, const Node *first, const Node *dup)
{
    (void)first;
    const char *msg = arena_printf(a, "duplicate key '%.*s': the later value silently replaces the "
                                      "earlier one; remove or rename one of them",
                                   (int)(dup->len > 200 ? 200 : dup->len), dup->u.str);
    doc_issue(a, doc, ISSUE_SYNTAX, dup->span.start, dup->span.end, msg);
}

void node_check_duplicate_keys(Arena *a, Document *doc, const Node *map)
{
    uint32_t n = map->len;
    if (n < 2)
        return;
    if (n <= 16) {
        for (uint32_t j = 1; j < n; j++) {
            const Node *kj = map->u.entries[j].key;
            for (uint32_t i = 0; i < j; i++) {
                const Node *ki = map->u.entries[i].key;
                if (ki->len == kj->len && memcmp(ki->u.str, kj->u.str, ki->len) == 0) {
                    report_duplicate(a, doc, ki, kj);
                    break;
                }
            }
        }
        return;
    }
    /* a hash set of the keys seen so far, in source order: linear, where
     * sorting a Resources map of thousands of keys was not */
    uint32_t cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    uint32_t *slot = arena_calloc(a, cap, sizeof *slot);   /* entry index + 1, 0: empty */
    for (uint32_t j = 0; j < n; j++) {
        const Node *k = map->u.entries[j].key;
        uint64_t h = 1469598103934665603ull;
        for (uint32_t b = 0; b < k->len; b++)
            h = (h ^ (unsigned char)k->u.str[b]) * 1099511628211ull;
        uint32_t i = (uint32_t)(h ^ (h >> 32)) & (cap - 1);
        for (; slot[i]; i = (i + 1) & (cap - 1)) {
            const Node *p = map->u.entries[slot[i] - 1].key;
            if (p->len == k->len && memcmp(p->u.str, k->u.str, k->len) == 0)
                break;
        }
        if (slot[i])
            report_duplicate(a, doc, map->u.entries[slot[i] - 1].key, k);
        else
            slot[i] = j + 1;
    }
}

static const struct {
    const char *tag, *fn;
} CFN_TAGS[] = {
    {"!Ref", "Ref"},
    {"!Condition", "Condition"},
    {"!GetAtt", "Fn::GetAtt"},
    {"!Sub", "Fn::Sub"},
    {"!Join", "Fn::Join"},
    {"!If", "Fn::If"},
    {"!Select", "Fn::Select"},
    {"!Split", "Fn::Split"},
    {"!FindInMap", "Fn::FindInMap"},
    {"!ImportValue", "Fn::ImportValue"},
    {"!Base64", "Fn::Base64"},
    {"!Cidr", "Fn::Cidr"},
    {"!GetAZs", "Fn::GetAZs"},
    {"!Equals", "Fn::Equals"},
    {"!And", "Fn::And"},
    {"!Or", "Fn::Or"},
    {"!Not", "Fn::Not"},
    {"!Transform", "Fn::Transform"},
    {"!Length", "Fn::Length"},
    {"!ToJsonString", "Fn::ToJsonString"},
    {"!ForEach", "Fn::ForEach"},
};

const char *cfn_tag_function(const char *tag)
{
    if (!tag || tag[0] != '!')
        return NULL;
    for (size_t i = 0; i < sizeof CFN_TAGS / sizeof CFN_TAGS[0]; i++)
        if (strcmp(tag, CFN_TAGS[i].tag) == 0)
            return CFN_TAGS[i].fn;
    return NULL;
}

void document_read_cached(Arena *a, const char *text, size_t size, const ParseLimits *lim,
                          Document *doc, ParseCache *cache)
{
    size_t i = 0;
    /* skip a UTF-8 byte order mark and white space */
    if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < size && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (i < size && (text[i] == '{' || text[i] == '['))
        json_read_cached(a, text, size, lim, doc, cache);
    else
        yaml_read(a, text, size, lim, doc);
}

void document_read(Arena *a, const char *text, size_t size, const ParseLimits *lim, Document *doc)
{
    document_read_cached(a, text, size, lim, doc, NULL);
}
