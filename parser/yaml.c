/*
 * yaml.c — YAML text to the document tree (node.h), with libyaml's event API.
 *
 * The event API is used rather than libyaml's document loader because the
 * loader keeps no position for an alias, builds cyclic graphs from
 * `a: &x [*x]`, and has no limits. Here every event goes through one loop
 * that owns all limits:
 *
 *   - depth: libyaml's scanner is quadratic in flow nesting depth, so the
 *     loop stops at the first event beyond ParseLimits.max_depth;
 *   - nodes: the nodes built are bounded by max_nodes;
 *   - aliases share their anchor's node; each node's "weight" (nodes
 *     reachable from it, counting through aliases) is tracked, and the sum
 *     of the weights of all aliases is bounded by max_alias_expansion, so a
 *     "billion laughs" document stops early and any later walk of the tree
 *     is bounded;
 *   - an alias to a node that is still open would make a cycle: rejected.
 *
 * libyaml's marks count characters, not bytes; CharMap converts them to byte
 * offsets in O(1) (identity for ASCII files, checkpoints every 64 characters
 * otherwise).
 *
 * CloudFormation short-form tags become their long forms here (node.h).
 * Only the first document of a stream is read: CloudFormation reads one.
 */
#include "node.h"
#include "../base/source.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* --- character index to byte offset ---------------------------------------- */

#define CHARMAP_STEP 64

typedef struct CharMap {
    const unsigned char *text;
    size_t size;
    uint32_t base;      /* byte offset of text within the document (a skipped BOM) */
    int ascii;
    uint32_t *ckpt;     /* ckpt[k] = byte offset of character k * CHARMAP_STEP */
    size_t nckpt;
    size_t last_index, last_byte;   /* the last character converted, and its offset */
} CharMap;

static void charmap_init(CharMap *cm, const char *text, size_t size, uint32_t base)
{
    cm->text = (const unsigned char *)text;
    cm->size = size;
    cm->base = base;
    cm->ascii = 1;
    cm->ckpt = NULL;
    cm->nckpt = 0;
    cm->last_index = cm->last_byte = 0;
    /* 32 bytes at a time: this reads the whole file once */
    size_t i0 = 0;
    for (; i0 + 32 <= size; i0 += 32) {
        uint64_t w[4];
        memcpy(w, cm->text + i0, sizeof w);
        if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) {
            cm->ascii = 0;
            break;
        }
    }
    for (; cm->ascii && i0 < size; i0++)
        if (cm->text[i0] & 0x80)
            cm->ascii = 0;
    if (cm->ascii)
        return;
    size_t cap = size / CHARMAP_STEP + 2;
    cm->ckpt = xmalloc(cap * sizeof *cm->ckpt);
    size_t ch = 0, i = 0;
    while (i < size) {
        if (ch % CHARMAP_STEP == 0)
            cm->ckpt[cm->nckpt++] = (uint32_t)i;
        /* eight ASCII bytes are eight characters, when no checkpoint falls among them */
        uint64_t w;
        if (CHARMAP_STEP - ch % CHARMAP_STEP >= 8 && i + 8 <= size &&
            (memcpy(&w, cm->text + i, 8), !(w & 0x8080808080808080ull))) {
            i += 8;
            ch += 8;
            continue;
        }
        i += utf8_seq_len(cm->text + i, size - i);
        ch++;
    }
    if (ch % CHARMAP_STEP == 0)
        cm->ckpt[cm->nckpt++] = (uint32_t)i;
}

static uint32_t charmap_byte(CharMap *cm, size_t index)
{
    if (cm->ascii)
        return cm->base + (uint32_t)(index < cm->size ? index : cm->size);
    size_t k = index / CHARMAP_STEP;
    if (k >= cm->nckpt)
        return cm->base + (uint32_t)cm->size;
    /* marks come mostly in increasing order, close together: count on from
     * the last one when it is nearer than the checkpoint */
    size_t i = cm->ckpt[k], n = index % CHARMAP_STEP;
    if (cm->last_index <= index && cm->last_index >= k * CHARMAP_STEP) {
        i = cm->last_byte;
        n = index - cm->last_index;
    }
    /* eight ASCII bytes at a time are eight characters */
    while (n >= 8 && i + 8 <= cm->size) {
        uint64_t w;
        memcpy(&w, cm->text + i, 8);
        if (w & 0x8080808080808080ull)
            break;
        i += 8;
        n -= 8;
    }
    for (; n > 0 && i < cm->size; n--)
        i += utf8_seq_len(cm->text + i, cm->size - i);
    cm->last_index = index;
    cm->last_byte = i;
    return cm->base + (uint32_t)i;
}

/* --- anchors --------------------------------------------------------------- */

typedef struct Anchor {
    const char *name;
    Node *node;         /* NULL while the anchored node is still open */
    uint64_t weight;
} Anchor;

typedef struct AnchorTable {
    Anchor *slots;
    size_t cap, len;
} AnchorTable;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

static Anchor *anchor_slot(AnchorTable *t, const char *name)
{
    size_t mask = t->cap - 1, i = hash_str(name) & mask;
    while (t->slots[i].name && strcmp(t->slots[i].name, name) != 0)
        i = (i + 1) & mask;
    return &t->slots[i];
}

static Anchor *anchor_find(AnchorTable *t, const char *name)
{
    if (!t->cap)
        return NULL;
    Anchor *s = anchor_slot(t, name);
    return s->name ? s : NULL;
}

/* Defines (or redefines: YAML allows it) an anchor; the node comes later. */
static Anchor *anchor_define(Arena *a, AnchorTable *t, const char *name)
{
    if (t->len * 2 >= t->cap) {
        AnchorTable nt = {NULL, t->cap ? t->cap * 2 : 64, 0};
        nt.slots = calloc(nt.cap, sizeof *nt.slots);
        if (!nt.slots)
            nt.slots = xrealloc(NULL, 1); /* unreachable in practice; xrealloc exits */
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i].name) {
                *anchor_slot(&nt, t->slots[i].name) = t->slots[i];
                nt.len++;
            }
        free(t->slots);
        *t = nt;
    }
    Anchor *s = anchor_slot(t, name);
    if (!s->name) {
        s->name = arena_strdup(a, name);
        t->len++;
    }
    s->node = NULL;
    s->weight = 0;
    return s;
}

/* --- the event loop ---------------------------------------------------------- */

typedef struct Frame {
    uint8_t kind;           /* NODE_MAP or NODE_SEQ being built: the node itself is made */
    const char *tag;        /* when it closes, with its entries right after it */
    uint32_t start;
    size_t child_start;     /* first child in Reader.kids */
    uint64_t weight;
    Anchor *anchor;
    const char *wrap_fn;    /* CFN function the finished node is wrapped in, or NULL */
    uint32_t tag_start, tag_end;
} Frame;

typedef struct Reader {
    Arena *a;
    Document *doc;
    const ParseLimits *lim;
    CharMap cm;
    AnchorTable anchors;
    Frame *frames;
    size_t nframes, cap_frames;
    Node **kids;            /* children of all open frames, one stack */
    size_t nkids, cap_kids;
    uint64_t expanded;      /* nodes built plus nodes reachable through aliases */
    uint64_t built, aliased;    /* the two parts, bounded by max_nodes and max_alias_expansion */
    int stopped;
} Reader;

static void push_kid(Reader *r, Node *n)
{
    if (r->nkids == r->cap_kids) {
        r->cap_kids = r->cap_kids ? r->cap_kids * 2 : 256;
        r->kids = xrealloc(r->kids, r->cap_kids * sizeof *r->kids);
    }
    r->kids[r->nkids++] = n;
}

/* Remembers the first anchor or alias, for TPL012. */
static void note_anchor(Reader *r, uint32_t start, uint32_t end)
{
    if (end > r->doc->size)
        end = (uint32_t)r->doc->size;
    if (!r->doc->yaml_anchor.end && end > start)
        r->doc->yaml_anchor = (Span){start, end};
}

static void limit_hit(Reader *r, uint32_t at, const char *msg)
{
    doc_issue(r->a, r->doc, ISSUE_LIMIT, at, at, msg);
    r->stopped = 1;
    r->doc->partial = true;
}

/* Adds weight to the open frame (or the document) and enforces the limits:
 * max_nodes on the nodes built, max_alias_expansion on what aliases add. */
static int account(Reader *r, uint64_t weight, uint32_t at, int via_alias)
{
    r->expanded += weight;
    if (r->nframes)
        r->frames[r->nframes - 1].weight += weight;
    if (via_alias) {
        r->aliased += weight;
        if (r->aliased > r->lim->max_alias_expansion) {
            limit_hit(r, at, arena_printf(r->a, "YAML aliases expand this document by more than %llu "
                                                "nodes; stacklint stops reading here (is this a "
                                                "'billion laughs' document?); the limit is set with "
                                                "--max-alias-expansion",
                                          (unsigned long long)r->lim->max_alias_expansion));
            return 0;
        }
    } else if ((r->built += weight) > r->lim->max_nodes) {
        limit_hit(r, at, arena_printf(r->a, "the document has more than %llu nodes; stacklint stops "
                                            "reading here; the limit is set with --max-nodes",
                                      (unsigned long long)r->lim->max_nodes));
        return 0;
    }
    return 1;
}

/* Where the value after a tag starts: the first byte after the tag that is
 * not white space or part of a comment. */
static uint32_t skip_blank(const Document *doc, uint32_t i, uint32_t limit)
{
    while (i < limit) {
        char c = doc->text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
        } else if (c == '#') {
            while (i < limit && doc->text[i] != '\n' && doc->text[i] != '\r')
                i++;
        } else {
            break;
        }
    }
    return i;
}

/* Wraps a finished node in {Fn: node} for a CloudFormation short-form tag. */
static Node *wrap_tag(Reader *r, Node *inner, const char *fn, uint32_t tag_start, uint32_t tag_end)
{
    Node *key = node_new_scalar(r->a, fn, strlen(fn), SCALAR_PLAIN, (Span){tag_start, tag_end});
    Node *map = arena_calloc(r->a, 1, sizeof *map);
    map->kind = NODE_MAP;
    map->flags = NODE_FROM_TAG;
    map->len = 1;
    map->span.start = tag_start;
    map->span.end = inner->span.end > tag_end ? inner->span.end : tag_end;
    map->u.entries = arena_alloc(r->a, sizeof *map->u.entries);
    map->u.entries[0].key = key;
    map->u.entries[0].value = inner;
    return map;
}

/* Gives a value to the open frame, or makes it the document root. */
static void attach(Reader *r, Node *n)
{
    if (r->nframes == 0) {
        if (!r->doc->root)
            r->doc->root = n;
        return;
    }
    push_kid(r, n);
}

static const char *tag_of(Reader *r, const unsigned char *tag, const char **wrap_fn)
{
    *wrap_fn = NULL;
    if (!tag)
        return NULL;
    const char *fn = cfn_tag_function((const char *)tag);
    if (fn) {
        *wrap_fn = fn;
        return NULL;
    }
    return arena_strdup(r->a, (const char *)tag);
}

static void on_scalar(Reader *r, const yaml_event_t *ev)
{
    uint32_t start = charmap_byte(&r->cm, ev->start_mark.index);
    uint32_t end = charmap_byte(&r->cm, ev->end_mark.index);
    const char *fn;
    const char *tag = tag_of(r, ev->data.scalar.tag, &fn);
    size_t len = ev->data.scalar.length;
    if (len > r->lim->max_scalar) {
        doc_issue(r->a, r->doc, ISSUE_LIMIT, start, end,
                  arena_printf(r->a, "a string of %zu bytes is longer than the limit of %u bytes; "
                                     "it is truncated; the limit is set with --max-string",
                               len, r->lim->max_scalar));
        len = r->lim->max_scalar;
    }
    ScalarStyle style = SCALAR_PLAIN;
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = SCALAR_QUOTED; break;
    case YAML_LITERAL_SCALAR_STYLE:
    case YAML_FOLDED_SCALAR_STYLE: style = SCALAR_BLOCK; break;
    default: break;
    }
    uint32_t tag_end = start;
    if (ev->data.scalar.tag && ev->data.scalar.tag[0] == '!' && start < r->doc->size &&
        r->doc->text[start] == '!') {
        tag_end = start + (uint32_t)strlen((const char *)ev->data.scalar.tag);
        if (tag_end > end)
            tag_end = end;
        /* the value itself begins after the tag (an empty value right at it) */
        start = (len || style != SCALAR_PLAIN) ? skip_blank(r->doc, tag_end, end) : tag_end;
    }
    Node *n = node_new_scalar(r->a, (const char *)ev->data.scalar.value, len, style,
                              (Span){start, end});
    if (tag)
        doc_set_tag(r->a, r->doc, n, tag);
    if (!account(r, fn ? 3 : 1, start, 0))
        return;
    if (fn)
        n = wrap_tag(r, n, fn, charmap_byte(&r->cm, ev->start_mark.index), tag_end);
    if (ev->data.scalar.anchor) {
        uint32_t at = charmap_byte(&r->cm, ev->start_mark.index);
        note_anchor(r, at, at + 1 + (uint32_t)strlen((const char *)ev->data.scalar.anchor));
        Anchor *an = anchor_define(r->a, &r->anchors, (const char *)ev->data.scalar.anchor);
        an->node = n;
        an->weight = fn ? 3 : 1;
    }
    attach(r, n);
}

static void on_alias(Reader *r, const yaml_event_t *ev)
{
    uint32_t at = charmap_byte(&r->cm, ev->start_mark.index);
    uint32_t end = charmap_byte(&r->cm, ev->end_mark.index);
    note_anchor(r, at, end);
    Anchor *an = anchor_find(&r->anchors, (const char *)ev->data.alias.anchor);
    if (!an) {
        doc_issue(r->a, r->doc, ISSUE_SYNTAX, at, end,
                  arena_printf(r->a, "YAML alias '*%s' names no anchor defined before it",
                               (const char *)ev->data.alias.anchor));
        r->stopped = 1;
        r->doc->partial = true;
        return;
    }
    if (!an->node) {
        limit_hit(r, at, arena_printf(r->a, "YAML alias '*%s' refers to a node that contains it "
                                            "(a cycle); stacklint stops reading here",
                                      (const char *)ev->data.alias.anchor));
        return;
    }
    if (!account(r, an->weight, at, 1))
        return;
    attach(r, an->node);
}

static void on_start(Reader *r, const yaml_event_t *ev, NodeKind kind)
{
    uint32_t start = charmap_byte(&r->cm, ev->start_mark.index);
    if (r->nframes >= r->lim->max_depth) {
        limit_hit(r, start, arena_printf(r->a, "nesting deeper than %u levels; stacklint stops "
                                               "reading here; the limit is set with --max-depth",
                                         r->lim->max_depth));
        return;
    }
    if (!account(r, 1, start, 0))
        return;
    const unsigned char *ytag, *yanchor;
    if (kind == NODE_MAP) {
        ytag = ev->data.mapping_start.tag;
        yanchor = ev->data.mapping_start.anchor;
    } else {
        ytag = ev->data.sequence_start.tag;
        yanchor = ev->data.sequence_start.anchor;
    }
    const char *fn;
    const char *tag = tag_of(r, ytag, &fn);
    Frame f = {.kind = (uint8_t)kind, .tag = tag, .start = start, .child_start = r->nkids,
               .weight = 1, .wrap_fn = fn};
    if (fn) {
        f.tag_start = start;
        f.tag_end = start + (uint32_t)strlen((const char *)ytag);
        if (f.tag_end > r->doc->size)
            f.tag_end = (uint32_t)r->doc->size;
        f.start = skip_blank(r->doc, f.tag_end, (uint32_t)r->doc->size);
    }
    if (yanchor)
        note_anchor(r, start, start + 1 + (uint32_t)strlen((const char *)yanchor));
    if (yanchor)
        f.anchor = anchor_define(r->a, &r->anchors, (const char *)yanchor);
    if (r->nframes == r->cap_frames) {
        r->cap_frames = r->cap_frames ? r->cap_frames * 2 : 32;
        r->frames = xrealloc(r->frames, r->cap_frames * sizeof *r->frames);
    }
    r->frames[r->nframes++] = f;
}

/* Closes the innermost frame; `end` is the byte offset where it ends. */
static void close_frame(Reader *r, uint32_t end)
{
    Frame f = r->frames[--r->nframes];
    size_t nk = r->nkids - f.child_start;
    /* r->kids stays NULL until some node has a child: no arithmetic on it
     * (undefined for a null pointer) when this one has none */
    Node **kids = nk ? r->kids + f.child_start : NULL;
    /* the node and its entries (items) in one allocation: a lookup in the
     * map finds them side by side */
    size_t count = f.kind == NODE_MAP ? nk / 2 : nk;
    size_t elem = f.kind == NODE_MAP ? sizeof(MapEntry) : sizeof(Node *);
    Node *n = arena_alloc(r->a, sizeof *n + (count ? count : 1) * elem);
    *n = (Node){.kind = f.kind, .span = {f.start, end > f.start ? end : f.start}};
    if (f.tag)
        doc_set_tag(r->a, r->doc, n, f.tag);
    if (n->kind == NODE_MAP) {
        size_t pairs = nk / 2;   /* a dangling key (partial input) is dropped */
        n->u.entries = (MapEntry *)(n + 1);
        size_t out = 0;
        for (size_t i = 0; i < pairs; i++) {
            Node *k = kids[2 * i], *v = kids[2 * i + 1];
            if (k->kind != NODE_SCALAR) {
                doc_issue(r->a, r->doc, ISSUE_SYNTAX, k->span.start, k->span.end,
                          "a map key must be a plain string in a template, not a map or a list");
                continue;
            }
            n->u.entries[out].key = k;
            n->u.entries[out].value = v;
            out++;
        }
        n->len = (uint32_t)out;
        node_check_duplicate_keys(r->a, r->doc, n);
    } else {
        n->u.items = (Node **)(n + 1);
        if (nk)
            memcpy(n->u.items, kids, nk * sizeof *kids);
        n->len = (uint32_t)nk;
    }
    r->nkids = f.child_start;
    if (f.wrap_fn) {
        n = wrap_tag(r, n, f.wrap_fn, f.tag_start, f.tag_end);
        f.weight += 2;
    }
    if (f.anchor) {
        f.anchor->node = n;
        f.anchor->weight = f.weight;
    }
    if (r->nframes)
        r->frames[r->nframes - 1].weight += f.weight;
    attach(r, n);
}

static void syntax_error(Reader *r, const yaml_parser_t *p)
{
    uint32_t at;
    const char *problem = p->problem ? p->problem : "malformed YAML";
    const char *msg;
    if (p->error == YAML_READER_ERROR) {
        at = r->cm.base + (uint32_t)(p->problem_offset < r->cm.size ? p->problem_offset : r->cm.size);
        if (p->problem_value != -1)
            msg = arena_printf(r->a, "YAML syntax error: %s (byte 0x%02X); the file must be UTF-8 text",
                               problem, (unsigned)p->problem_value & 0xFFu);
        else
            msg = arena_printf(r->a, "YAML syntax error: %s", problem);
    } else {
        at = charmap_byte(&r->cm, p->problem_mark.index);
        if (p->context)
            msg = arena_printf(r->a, "YAML syntax error: %s (%s that starts on line %zu); check the "
                                     "indentation and quoting around here",
                               problem, p->context, p->context_mark.line + 1);
        else
            msg = arena_printf(r->a, "YAML syntax error: %s", problem);
    }
    doc_issue(r->a, r->doc, ISSUE_SYNTAX, at, at, msg);
}

void yaml_read(Arena *a, const char *text, size_t size, const ParseLimits *lim, Document *doc)
{
    memset(doc, 0, sizeof *doc);
    if (!lim)
        lim = &PARSE_LIMITS_DEFAULT;
    doc->format = FORMAT_YAML;
    doc->text = text;
    doc->size = size;
    doc->limits = lim;

    uint32_t base = 0;
    if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        base = 3;
    Reader r = {.a = a, .doc = doc, .lim = lim};
    charmap_init(&r.cm, text + base, size - base, base);

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        doc_issue(a, doc, ISSUE_LIMIT, 0, 0, "out of memory initialising the YAML parser");
        free(r.cm.ckpt);
        return;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text + base, size - base);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);

    int documents = 0;
    while (!r.stopped) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            syntax_error(&r, &p);
            doc->partial = true;
            break;
        }
        yaml_event_type_t type = ev.type;
        switch (type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1)
                r.stopped = 1;
            break;
        case YAML_SCALAR_EVENT: on_scalar(&r, &ev); break;
        case YAML_ALIAS_EVENT: on_alias(&r, &ev); break;
        case YAML_MAPPING_START_EVENT: on_start(&r, &ev, NODE_MAP); break;
        case YAML_SEQUENCE_START_EVENT: on_start(&r, &ev, NODE_SEQ); break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            if (r.nframes)
                close_frame(&r, charmap_byte(&r.cm, ev.end_mark.index));
            break;
        case YAML_DOCUMENT_END_EVENT:
            r.stopped = 1;
            break;
        default: break;
        }
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT)
            break;
    }
    /* Close what is still open (input ended early or a limit was hit), so
     * the partial tree can still be classified and checked. */
    while (r.nframes)
        close_frame(&r, (uint32_t)size);

    doc->node_count = r.expanded;
    yaml_parser_delete(&p);
    free(r.frames);
    free(r.kids);
    free(r.anchors.slots);
    free(r.cm.ckpt);
}
