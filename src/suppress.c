/*
 * suppress.c — configuration and suppressions applied to one file's
 * findings (suppress.h).
 *
 * Every suppression becomes one Supp per rule it names, with a scope: the
 * whole file (template Metadata), one resource (resource Metadata, or a
 * checkov comment inside the resource), or one line (inline comment). The
 * Supps of each scope are sorted by (scope key, rule) so that each finding
 * finds its suppression with a binary search.
 *
 * libyaml drops comments, so inline comments are found in the text: a `#`
 * at the start of a line or after a blank, followed by `stacklint:` or
 * `checkov:skip=`. JSON has no comments; there only Metadata applies.
 */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/source.h"
#include "config.h"

/* Whose suppression it is: stacklint's own, or a peer linter's (whose check
 * ids the rule pages' `equivalents` translate). */
typedef enum Tool {
    TOOL_STACKLINT = 0,
    TOOL_CFN_LINT = PEER_CFN_LINT,
    TOOL_CFN_NAG = PEER_CFN_NAG,
    TOOL_CHECKOV = PEER_CHECKOV,
} Tool;

typedef enum Scope { SCOPE_FILE, SCOPE_RESOURCE, SCOPE_LINE } Scope;

typedef struct Supp {
    Scope scope;
    Tool tool;
    const Rule *rule;           /* NULL: names no rule we know (invalid) */
    const char *named;          /* the rule as written */
    const Resource *res;        /* SCOPE_RESOURCE; also the finding's resource for reports */
    uint32_t line;              /* SCOPE_LINE: the line it covers */
    uint32_t start, end;        /* where it is written */
    const char *reason;         /* NULL when none */
    bool needs_reason;          /* false for cfn-lint, whose format has no reason */
    bool used;
    const char *problem;        /* a malformed suppression: what is wrong (rule is NULL) */
} Supp;

typedef struct Collect {
    Arena *a;
    const Model *m;
    Supp *items;
    size_t len, cap;
} Collect;

static Supp *supp_push(Collect *c)
{
    if (c->len == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        Supp *n = arena_alloc(c->a, c->cap * sizeof *n);
        if (c->len)
            memcpy(n, c->items, c->len * sizeof *n);
        c->items = n;
    }
    Supp *s = &c->items[c->len++];
    memset(s, 0, sizeof *s);
    return s;
}

static const char *trimmed_reason(Arena *a, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n ? arena_strndup(a, s, n) : NULL;
}

/* Adds one suppression of `named`: a stacklint rule, or a peer's check id,
 * which suppresses every built-in rule whose page declares it among its
 * equivalents (a peer id no page declares is not ours and is dropped). */
static void add(Collect *c, Tool tool, Scope scope, const Resource *res, const char *named,
                const Node *at, uint32_t start, uint32_t end, const char *reason)
{
    if (at) {
        start = at->span.start;
        end = at->span.end;
    }
    if (tool == TOOL_STACKLINT) {
        Supp *s = supp_push(c);
        *s = (Supp){scope, tool, rule_find(named), named, res, 0, start, end, reason, true, false, NULL};
        return;
    }
    for (size_t i = 0; i < RULE_COUNT; i++) {
        const Rule *r = &RULES[i];
        for (size_t k = 0; k < r->nequivalents; k++) {
            if ((Tool)r->equivalents[k].tool != tool || strcasecmp(r->equivalents[k].id, named) != 0)
                continue;
            Supp *s = supp_push(c);
            *s = (Supp){scope, tool, r, named, res, 0, start, end, reason, tool != TOOL_CFN_LINT,
                        false, NULL};
            break;
        }
    }
}

/* --- Metadata ---------------------------------------------------------------------- */

static const char *scalar_or_null(const Node *n)
{
    return node_is_scalar(n) && n->len ? node_str(n) : NULL;
}

/* stacklint: {ignore: [RULE | {rule: RULE, reason: TEXT}, ...]} */
/* A key stacklint does not know in its Metadata: reported (SUPPRESS001),
 * since a misspelt suppression silently suppresses nothing. */
static void bad_key(Collect *c, const Node *k, Scope scope, const Resource *res, const char *where,
                    const char *known, const char *effect)
{
    Supp *s = supp_push(c);
    s->scope = scope;
    s->res = res;
    s->named = node_str(k);
    s->start = k->span.start;
    s->end = k->span.end;
    s->problem = arena_printf(c->a, "unknown key '%s' in %s (%s)%s", node_str(k), where, known,
                              effect);
}

static void meta_stacklint(Collect *c, const Node *v, Scope scope, const Resource *res)
{
    for (uint32_t i = 0; node_is_map(v) && i < v->len; i++)
        if (!node_str_eq(v->u.entries[i].key, "ignore"))
            bad_key(c, v->u.entries[i].key, scope, res, "Metadata stacklint", "ignore",
                    "; it suppresses nothing");
    const Node *list = node_get(v, "ignore");
    const Node *one[1] = {list};
    Node *const *items = (Node *const *)one;
    size_t n = list ? 1 : 0;
    if (node_is_seq(list)) {
        items = list->u.items;
        n = list->len;
    }
    for (size_t i = 0; i < n; i++) {
        const Node *it = items[i];
        if (node_is_scalar(it)) {
            add(c, TOOL_STACKLINT, scope, res, node_str(it), it, 0, 0, NULL);
        } else if (node_is_map(it)) {
            for (uint32_t k = 0; k < it->len; k++)
                if (!node_str_eq(it->u.entries[k].key, "rule") &&
                    !node_str_eq(it->u.entries[k].key, "reason"))
                    bad_key(c, it->u.entries[k].key, scope, res, "a stacklint ignore entry",
                            "rule, reason", "");
            const Node *rule = node_get(it, "rule");
            const char *reason = scalar_or_null(node_get(it, "reason"));
            add(c, TOOL_STACKLINT, scope, res, node_is_scalar(rule) ? node_str(rule) : "", 
                rule ? rule : it, 0, 0, reason);
        }
    }
}

/* The list under key, with each item's id and reason keys (id_key NULL: the
 * items are the ids themselves). */
static void meta_foreign(Collect *c, Tool tool, const Node *list, const char *id_key,
                         const char *reason_key, Scope scope, const Resource *res)
{
    if (!node_is_seq(list))
        return;
    for (uint32_t i = 0; i < list->len; i++) {
        const Node *it = list->u.items[i];
        /* a map item names its rule under id_key; a tool without one
         * (cfn-lint: plain rule ids) has no rule in a map */
        const Node *id = !node_is_map(it) ? it : id_key ? node_get(it, id_key) : NULL;
        if (!node_is_scalar(id))
            continue;
        const char *reason = reason_key ? scalar_or_null(node_get(it, reason_key)) : NULL;
        add(c, tool, scope, res, node_str(id), id, 0, 0, reason);
    }
}

static void metadata(Collect *c, const Node *meta, Scope scope, const Resource *res)
{
    if (!node_is_map(meta))
        return;
    const Node *v;
    if ((v = node_get(meta, "stacklint")))
        meta_stacklint(c, v, scope, res);
    if ((v = node_get(meta, "cfn-lint")))
        meta_foreign(c, TOOL_CFN_LINT, node_get(node_get(v, "config"), "ignore_checks"), NULL,
                     NULL, scope, res);
    if ((v = node_get(meta, "cfn_nag")))
        meta_foreign(c, TOOL_CFN_NAG, node_get(v, "rules_to_suppress"), "id", "reason", scope, res);
    if ((v = node_get(meta, "checkov")))
        meta_foreign(c, TOOL_CHECKOV, node_get(v, "skip"), "id", "comment", scope, res);
}

/* --- inline comments ----------------------------------------------------------------- */

/* The resource whose text holds byte offset off (resources are in text
 * order), or NULL. */
static const Resource *resource_at(const Model *m, uint32_t off)
{
    if (!m)
        return NULL;
    size_t lo = 0, hi = m->nresources;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->resources[mid].id_node->span.start <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo)
        return NULL;
    /* up to the next resource; the last one up to the end of its last line */
    const Resource *r = &m->resources[lo - 1];
    if (lo < m->nresources)
        return r;
    const char *t = m->doc->text;
    uint32_t e = r->node ? r->node->span.end : r->id_node->span.end;
    while (e < m->doc->size && t[e] != '\n')
        e++;
    return off <= e ? r : NULL;
}

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* "# stacklint: ignore RULE[, RULE...] [-- reason]" */
static void inline_stacklint(Collect *c, const char *p, const char *eol, uint32_t hash,
                             uint32_t line, const char *text)
{
    while (p < eol && is_blank(*p))
        p++;
    uint32_t end = (uint32_t)(eol - text);
    if ((size_t)(eol - p) < 6 || strncmp(p, "ignore", 6) != 0 || (p + 6 < eol && !is_blank(p[6]))) {
        Supp *s = supp_push(c);
        *s = (Supp){SCOPE_LINE, TOOL_STACKLINT, NULL, "", NULL, line, hash, end, NULL, true, false, NULL};
        return;
    }
    p += 6;
    const char *dash = NULL;
    for (const char *q = p; q + 1 < eol; q++)
        if (q[0] == '-' && q[1] == '-') {
            dash = q;
            break;
        }
    const char *reason = dash ? trimmed_reason(c->a, dash + 2, (size_t)(eol - dash - 2)) : NULL;
    const char *stop = dash ? dash : eol;
    const char *hash2 = memchr(p, '#', (size_t)(stop - p));    /* a second comment ends the list */
    if (hash2)
        stop = hash2;
    size_t before = c->len;
    while (p < stop) {
        while (p < stop && (is_blank(*p) || *p == ','))
            p++;
        const char *w = p;
        while (p < stop && !is_blank(*p) && *p != ',')
            p++;
        if (p > w)
            add(c, TOOL_STACKLINT, SCOPE_LINE, NULL, arena_strndup(c->a, w, (size_t)(p - w)), NULL,
                hash, end, reason);
    }
    if (c->len == before)   /* "ignore" naming no rule */
        add(c, TOOL_STACKLINT, SCOPE_LINE, NULL, "", NULL, hash, end, reason);
    for (size_t i = before; i < c->len; i++)
        c->items[i].line = line;
}

/* "# checkov:skip=ID[:reason]": covers the resource it is written in. */
static void inline_checkov(Collect *c, const char *p, const char *eol, uint32_t hash,
                           const char *text)
{
    const char *id = p, *colon = memchr(p, ':', (size_t)(eol - p));
    const char *id_end = colon ? colon : eol;
    while (id_end > id && is_blank(id_end[-1]))
        id_end--;
    const char *reason = colon ? trimmed_reason(c->a, colon + 1, (size_t)(eol - colon - 1)) : NULL;
    const Resource *r = resource_at(c->m, hash);
    if (!r)
        return;
    add(c, TOOL_CHECKOV, SCOPE_RESOURCE, r, arena_strndup(c->a, id, (size_t)(id_end - id)), NULL,
        hash, (uint32_t)(eol - text), reason);
}

/* The spans of quoted and block scalars whose text holds a '#': the only
 * places where "# stacklint:" after a blank is part of a value, not a
 * comment (in a plain scalar, " #" always starts a comment). Sorted by start. */
typedef struct ScalarSpans {
    Span *items;
    size_t len, cap;
} ScalarSpans;

static void collect_scalars(Arena *a, const Node *n, const char *text, ScalarSpans *out, unsigned depth)
{
    if (!n || depth > 1024)     /* the reader caps nesting far below this */
        return;
    if (n->kind == NODE_SCALAR) {
        if (n->style == SCALAR_PLAIN || n->flags & NODE_SYNTHETIC || n->span.end <= n->span.start ||
            !memchr(text + n->span.start, '#', n->span.end - n->span.start))
            return;
        if (out->len == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 16;
            Span *grown = arena_alloc(a, cap * sizeof *grown);
            if (out->len)
                memcpy(grown, out->items, out->len * sizeof *grown);
            out->items = grown;
            out->cap = cap;
        }
        out->items[out->len++] = n->span;
    } else if (n->kind == NODE_MAP) {
        for (uint32_t i = 0; i < n->len; i++) {
            collect_scalars(a, n->u.entries[i].key, text, out, depth + 1);
            collect_scalars(a, n->u.entries[i].value, text, out, depth + 1);
        }
    } else if (n->kind == NODE_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            collect_scalars(a, n->u.items[i], text, out, depth + 1);
    }
}

static int cmp_span(const void *a, const void *b)
{
    const Span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Whether byte offset off lies inside one of the spans (which may nest
 * only by being equal: scalars do not contain each other). */
static bool in_scalar(const ScalarSpans *s, uint32_t off)
{
    size_t lo = 0, hi = s->len;
    while (lo < hi) {   /* the first span starting after off */
        size_t mid = (lo + hi) / 2;
        if (s->items[mid].start <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && off < s->items[lo - 1].end;
}

static void comments(Collect *c, const Node *root, const char *text, size_t size)
{
    /* a comment starts with '#': a file without one (memchr is fast) has none */
    if (!memchr(text, '#', size) ||
        (!memmem(text, size, "stacklint:", 10) && !memmem(text, size, "checkov:skip=", 13)))
        return;
    ScalarSpans scalars = {0};
    collect_scalars(c->a, root, text, &scalars, 0);
    if (scalars.len > 1)
        qsort(scalars.items, scalars.len, sizeof *scalars.items, cmp_span);
    uint32_t line = 1;
    const char *end = text + size;
    for (const char *p = text; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        bool alone = true;
        for (const char *q = p; q < eol; q++) {
            if (*q == '#' && (q == p || is_blank(q[-1]))) {
                const char *h = q + 1;
                while (h < eol && is_blank(*h))
                    h++;
                uint32_t at = (uint32_t)(q - text);
                if (scalars.len && in_scalar(&scalars, at))
                    continue;   /* text of a quoted or block scalar, not a comment */
                if ((size_t)(eol - h) >= 10 && strncmp(h, "stacklint:", 10) == 0)
                    inline_stacklint(c, h + 10, eol, at, alone ? line + 1 : line, text);
                else if ((size_t)(eol - h) >= 13 && strncmp(h, "checkov:skip=", 13) == 0)
                    inline_checkov(c, h + 13, eol, at, text);
                break;
            }
            if (!is_blank(*q))
                alone = false;
        }
        line++;
        p = eol + 1;
    }
}

/* --- matching ---------------------------------------------------------------------- */

static size_t rule_key(const Rule *r)
{
    return r ? rule_index(r) : (size_t)-1;
}

static int cmp_supp(const void *a, const void *b)
{
    const Supp *x = *(const Supp *const *)a, *y = *(const Supp *const *)b;
    if (x->scope == SCOPE_RESOURCE) {
        int c = strcmp(x->res->id, y->res->id);
        if (c)
            return c;
    } else if (x->line != y->line) {
        return x->line < y->line ? -1 : 1;
    }
    size_t rx = rule_key(x->rule), ry = rule_key(y->rule);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return x < y ? -1 : x > y;
}

typedef struct Index {
    Supp **items;
    size_t len;
} Index;

static bool lookup_eq(const Supp *s, Scope scope, const char *res, uint32_t line, size_t rk)
{
    if (rule_key(s->rule) != rk)
        return false;
    return scope == SCOPE_RESOURCE ? strcmp(s->res->id, res) == 0 : s->line == line;
}

static Supp *lookup(const Index *ix, Scope scope, const char *res, uint32_t line, const Rule *r)
{
    size_t lo = 0, hi = ix->len, rk = rule_key(r);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const Supp *s = ix->items[mid];
        int c = scope == SCOPE_RESOURCE ? strcmp(s->res->id, res)
                : s->line < line ? -1 : s->line > line;
        if (!c)
            c = rule_key(s->rule) < rk ? -1 : rule_key(s->rule) > rk;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->len && lookup_eq(ix->items[lo], scope, res, line, rk) ? ix->items[lo] : NULL;
}

static Index build_index(Arena *a, Collect *c, Scope scope)
{
    Index ix = {arena_alloc(a, (c->len ? c->len : 1) * sizeof *ix.items), 0};
    for (size_t i = 0; i < c->len; i++)
        if (c->items[i].scope == scope && c->items[i].rule)
            ix.items[ix.len++] = &c->items[i];
    qsort(ix.items, ix.len, sizeof *ix.items, cmp_supp);
    return ix;
}

/* The suppression covering f, most specific first: its line, its
 * resource, the whole file. */
static Supp *covering(const Index *lines, const Index *res, Supp **file, const Finding *f,
                      uint32_t line, const Model *m)
{
    Supp *s = lookup(lines, SCOPE_LINE, NULL, line, f->rule);
    if (s)
        return s;
    const char *rid = f->resource;
    if (!rid) {
        const Resource *r = resource_at(m, f->start);
        rid = r ? r->id : NULL;
    }
    if (rid && (s = lookup(res, SCOPE_RESOURCE, rid, 0, f->rule)))
        return s;
    return file[rule_index(f->rule)];
}

/* --- the filter stage ------------------------------------------------------------------ */

/* Drops the findings of disabled rules; applies severity overrides. */
static void apply_config(CheckCtx *ctx)
{
    FindingList *fl = ctx->out;
    size_t k = 0;
    for (size_t i = 0; i < fl->len; i++) {
        Finding *f = &fl->items[i];
        if (!config_rule_enabled(ctx->config, f->rule))
            continue;
        f->severity = config_finding_severity(ctx->config, f);
        fl->items[k++] = *f;
    }
    fl->len = k;
}

static const Rule *rule_invalid, *rule_unused;

static void report_supp(CheckCtx *ctx, const Rule *r, const Supp *s, const char *fmt, const char *a1,
                        const char *a2)
{
    if (!r || !config_rule_enabled(ctx->config, r))
        return;
    ctx->rule = r;
    size_t before = ctx->out->len;
    report_span(ctx, s->start, s->end, s->res, fmt, a1, a2);
    if (ctx->out->len > before)
        ctx->out->items[before].severity = config_rule_severity(ctx->config, r);
}

static const char *tool_name(Tool t)
{
    static const char *const names[] = {"stacklint", "cfn-lint", "cfn_nag", "checkov"};
    return names[t];
}

static void report_problems(CheckCtx *ctx, Collect *c, bool report_unused)
{
    for (size_t i = 0; i < c->len; i++) {
        const Supp *s = &c->items[i];
        if (s->problem) {
            report_supp(ctx, rule_invalid, s, "%s%s", s->problem, "");
        } else if (!s->rule) {
            if (!*s->named)
                report_supp(ctx, rule_invalid, s, "%s%sthis suppression names no rule; write "
                            "'stacklint: ignore RULE -- reason'", "", "");
            else
                report_supp(ctx, rule_invalid, s, "this suppression names '%s', which is no "
                            "stacklint rule%s; use a rule id or name from --list-rules", s->named, "");
        } else if (s->needs_reason && !s->reason) {
            report_supp(ctx, rule_invalid, s, "this %s suppression of %s gives no reason; say why the "
                        "rule does not apply here", tool_name(s->tool), s->rule->id);
        }
        if (report_unused && s->rule && !s->used && s->tool == TOOL_STACKLINT &&
            config_rule_enabled(ctx->config, s->rule))
            report_supp(ctx, rule_unused, s, "this suppression of %s matches no finding%s; remove it",
                        s->rule->id, "");
    }
}

void filter_file(CheckCtx *ctx, const Document *doc, const Model *m, bool report_unused)
{
    if (!rule_invalid) {    /* constant data; racing threads store the same value */
        rule_invalid = rule_find("SUPPRESS001");
        rule_unused = rule_find("SUPPRESS002");
    }
    apply_config(ctx);
    Collect c = {.a = ctx->arena, .m = m};
    if (m) {
        metadata(&c, node_get(m->root, "Metadata"), SCOPE_FILE, NULL);
        for (size_t i = 0; i < m->nresources; i++)
            metadata(&c, m->resources[i].metadata, SCOPE_RESOURCE, &m->resources[i]);
    }
    if (doc->format == FORMAT_YAML)
        comments(&c, doc->root, doc->text, doc->size);
    if (!c.len)
        return;

    Index lines = build_index(ctx->arena, &c, SCOPE_LINE);
    Index res = build_index(ctx->arena, &c, SCOPE_RESOURCE);
    size_t nrules = rule_count();     /* built-in and declarative */
    Supp **file = arena_calloc(ctx->arena, nrules ? nrules : 1, sizeof *file);
    for (size_t i = c.len; i-- > 0;)
        if (c.items[i].scope == SCOPE_FILE && c.items[i].rule)
            file[rule_index(c.items[i].rule)] = &c.items[i];
    LineTable lt = {0};
    if (lines.len)
        linetable_build(ctx->arena, &lt, doc->text, doc->size);
    for (size_t i = 0; i < ctx->out->len; i++) {
        Finding *f = &ctx->out->items[i];
        uint32_t line = lines.len ? linetable_pos(&lt, f->start, COL_BYTES).line : 0;
        Supp *s = covering(&lines, &res, file, f, line, m);
        if (!s)
            continue;
        s->used = true;
        f->suppressed = true;
        f->justification = s->reason;
    }
    report_problems(ctx, &c, report_unused);
}
