/*
 * vars.c — Serverless Framework variables (`${source:address, fallback}`).
 *
 * sls_resolve_vars() returns a copy of the tree in which every scalar with
 * variables is replaced by its value, keeping the scalar's span:
 *
 *   ${self:a.b}            the value at a.b in the same file (resolved too)
 *   ${file(./x.yml)}       another YAML/JSON file of the project, whole or
 *   ${file(./x.yml):a.b}   at a path; its nodes take the span of the reference
 *   ${opt:stage, 'dev'}    fallbacks: quoted strings, numbers, other variables
 *   ${env:X} ${ssm:...} ${cf:...} ${opt:...} ...  unknown: the text stays
 *
 * Strings that are not variables for the Framework (CloudFormation's own
 * ${AWS::Region} or ${Bucket.Arn} inside Fn::Sub) are left alone.
 *
 * Bounded: each node is resolved once (a pointer-keyed memo, which also finds
 * cycles: a node met again while it is being resolved), the recursion is
 * capped (ParseLimits.max_var_depth: a LIMIT001 finding where it stops),
 * included files are read with the run's limits (a limit hit inside one is
 * reported at its ${file()}), strings are capped (1 MiB each, 64 MiB in
 * all), at most 32 files are
 * read, none outside the folder of the file being linted, and copies of
 * included content are limited in total nodes.
 */
#include "normalize.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IN_PROGRESS ((Node *)1)
#define MAX_STRING (1u << 20)
#define MAX_FILES 32
#define MAX_FILE_SIZE (8u << 20)
#define MAX_EVALS 200000
#define MAX_BYTES (64u << 20)   /* all strings made by substitution, together */

typedef struct Memo {
    const Node **keys;
    Node **vals;
    uint32_t mask, len;
} Memo;

typedef struct LoadedFile {
    char *real;
    Node *root;
} LoadedFile;

typedef struct Vars {
    Arena *a;
    const ParseLimits *lim;
    ParseIssue **limits;        /* limit hits, appended (Model.var_limits) */
    bool depth_hit;             /* max_var_depth was reported */
    Node *root;
    char *dir;                  /* real path of the project folder, or NULL */
    PtrVec *cycles;
    Memo memo;
    uint32_t frames, evals;
    uint64_t copy_budget, bytes;
    LoadedFile files[MAX_FILES];
    int nfiles;
    const Node *file_at;        /* outermost ${file()} being resolved, or NULL */
} Vars;

/* --- memo: Node* -> resolved Node* ------------------------------------------ */

static uint32_t ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (uint32_t)x;
}

static void memo_put(Vars *v, const Node *k, Node *val);

static void memo_grow(Vars *v)
{
    Memo old = v->memo;
    uint32_t cap = old.keys ? (old.mask + 1) * 2 : 256;
    v->memo.keys = arena_calloc(v->a, cap, sizeof *v->memo.keys);
    v->memo.vals = arena_calloc(v->a, cap, sizeof *v->memo.vals);
    v->memo.mask = cap - 1;
    v->memo.len = 0;
    if (old.keys)
        for (uint32_t i = 0; i <= old.mask; i++)
            if (old.keys[i])
                memo_put(v, old.keys[i], old.vals[i]);
}

static Node *memo_get(const Vars *v, const Node *k)
{
    if (!v->memo.keys)
        return NULL;
    for (uint32_t h = ptr_hash(k) & v->memo.mask; v->memo.keys[h]; h = (h + 1) & v->memo.mask)
        if (v->memo.keys[h] == k)
            return v->memo.vals[h];
    return NULL;
}

static void memo_put(Vars *v, const Node *k, Node *val)
{
    if (!v->memo.keys || (v->memo.len + 1) * 2 > v->memo.mask + 1)
        memo_grow(v);
    uint32_t h = ptr_hash(k) & v->memo.mask;
    while (v->memo.keys[h] && v->memo.keys[h] != k)
        h = (h + 1) & v->memo.mask;
    if (!v->memo.keys[h])
        v->memo.len++;
    v->memo.keys[h] = k;
    v->memo.vals[h] = val;
}

/* --- small strings ------------------------------------------------------------ */

typedef struct Buf {
    char *s;
    size_t len, cap;
    bool over;
} Buf;

static void buf_add(Arena *a, Buf *b, const char *s, size_t n)
{
    if (b->over || b->len + n > MAX_STRING) {
        b->over = true;
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *ns = arena_alloc(a, cap);
        if (b->len)
            memcpy(ns, b->s, b->len);
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t' || **s == '\n'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\n'))
        (*n)--;
}

/* Where the "${" at s[i] closes (index of its "}"), or len when it does not. */
static size_t var_end(const char *s, size_t len, size_t i)
{
    int depth = 0;
    for (size_t j = i; j < len; j++) {
        if (s[j] == '$' && j + 1 < len && s[j + 1] == '{') {
            depth++;
            j++;
        } else if (s[j] == '}' && --depth == 0) {
            return j;
        }
    }
    return len;
}

/* True when inner text is a Framework variable: "source:" or "source(". */
static bool is_variable(const char *s, size_t n)
{
    trim(&s, &n);
    size_t i = 0;
    while (i < n && (s[i] == '_' || s[i] == '-' || (s[i] >= 'a' && s[i] <= 'z') ||
                     (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
        i++;
    if (i == 0 || i >= n)
        return false;
    if (s[i] == '(')
        return true;
    return s[i] == ':' && !(i + 1 < n && s[i + 1] == ':');
}

static bool has_variable(const char *s, size_t len)
{
    for (const char *p = s; (p = memchr(p, '$', len - (size_t)(p - s))) != NULL; p++) {
        if (p + 1 >= s + len)
            return false;
        if (p[1] != '{')
            continue;
        size_t i = (size_t)(p - s), e = var_end(s, len, i);
        if (e < len && is_variable(p + 2, e - i - 2))
            return true;
    }
    return false;
}

/* --- resolution ---------------------------------------------------------------- */

/* Records a limit hit at node `at` (a LIMIT001 finding). */
static void var_limit(Vars *v, const Node *at, const char *msg)
{
    ParseIssue *is = arena_calloc(v->a, 1, sizeof *is);
    is->kind = ISSUE_LIMIT;
    is->span = at->span;
    is->message = msg;
    while (*v->limits)
        v->limits = &(*v->limits)->next;
    *v->limits = is;
}

static Node *resolve_node(Vars *v, Node *n);
static Node *eval_var(Vars *v, const char *s, size_t n, const Node *at);

/* s with every variable replaced by its scalar value (unknown ones keep
 * their text). Sets *whole to the value when s is exactly one variable. */
static bool subst(Vars *v, const char *s, size_t len, const Node *at, Buf *out, Node **whole)
{
    bool changed = false;
    size_t i = 0, lit = 0;
    if (whole)
        *whole = NULL;
    while (i + 1 < len) {
        if (s[i] != '$' || s[i + 1] != '{') {
            i++;
            continue;
        }
        size_t e = var_end(s, len, i);
        if (e >= len)
            break;
        if (!is_variable(s + i + 2, e - i - 2)) {
            i = e + 1;
            continue;
        }
        Node *val = eval_var(v, s + i + 2, e - i - 2, at);
        if (whole && i == 0 && e == len - 1) {
            *whole = val;
            return val != NULL;
        }
        buf_add(v->a, out, s + lit, i - lit);
        if (node_is_scalar(val)) {
            buf_add(v->a, out, val->u.str, val->len);
            changed = true;
        } else {
            buf_add(v->a, out, s + i, e + 1 - i);
        }
        lit = i = e + 1;
    }
    buf_add(v->a, out, s + lit, len - lit);
    return changed && !out->over;
}

/* The node at a dotted path below base; scalars met on the way are
 * resolved first (custom: ${file(./c.yml)} then ${self:custom.x}). */
static Node *lookup(Vars *v, Node *base, const char *path, size_t n)
{
    Node *cur = base;
    size_t i = 0;
    bool stepped = false;
    while (cur && i <= n) {
        size_t j = i;
        while (j < n && path[j] != '.')
            j++;
        if (j == i) {
            if (j >= n)
                break;
            i = j + 1;
            continue;
        }
        if (node_is_scalar(cur))
            cur = resolve_node(v, cur);
        char *seg = arena_strndup(v->a, path + i, j - i);
        if (node_is_map(cur)) {
            cur = node_get(cur, seg);
        } else if (node_is_seq(cur)) {
            char *end;
            long k = strtol(seg, &end, 10);
            cur = (*end == '\0' && k >= 0 && k < (long)cur->len) ? cur->u.items[k] : NULL;
        } else {
            cur = NULL;
        }
        i = j + 1;
        stepped = true;
    }
    /* ${self:} alone would be the whole file, which contains itself */
    return cur && stepped ? resolve_node(v, cur) : NULL;
}

static Node *load_file(Vars *v, const char *rel, size_t n, const Node *at)
{
    if (!v->dir || n == 0 || n > PATH_MAX / 2 || memchr(rel, '\0', n))
        return NULL;
    char *joined = arena_printf(v->a, "%s/%.*s", v->dir, (int)n, rel);
    char real[PATH_MAX];
    if (!realpath(joined, real))
        return NULL;
    size_t dl = strlen(v->dir), rl = strlen(real);
    if (strncmp(real, v->dir, dl) != 0 || real[dl] != '/')
        return NULL;    /* outside the project folder */
    if (!(rl > 4 && (strcmp(real + rl - 4, ".yml") == 0 || strcmp(real + rl - 5, ".yaml") == 0 ||
                     strcmp(real + rl - 5, ".json") == 0)))
        return NULL;
    for (int i = 0; i < v->nfiles; i++)
        if (strcmp(v->files[i].real, real) == 0)
            return v->files[i].root;
    if (v->nfiles >= MAX_FILES)
        return NULL;
    int fd = open(real, O_RDONLY | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    struct stat st;
    Node *root = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= MAX_FILE_SIZE) {
        size_t size = (size_t)st.st_size, got = 0;
        char *text = arena_alloc(v->a, size + 1);
        ssize_t r;
        while (got < size && (r = read(fd, text + got, size - got)) > 0)
            got += (size_t)r;
        text[got] = '\0';
        Document doc;
        document_read(v->a, text, got, v->lim, &doc);
        root = doc.root;
        for (const ParseIssue *is = doc.issues; is; is = is->next)
            if (is->kind == ISSUE_LIMIT) {
                /* reported where the file is included: its own text is not linted */
                var_limit(v, at, arena_printf(v->a, "the file '%.*s' that ${file()} includes here "
                                                    "hits a limit: %s", (int)n, rel, is->message));
                break;
            }
    }
    close(fd);
    v->files[v->nfiles++] = (LoadedFile){arena_strdup(v->a, real), root};
    return root;
}

/* ${file(./x.yml)} or ${file(./x.yml):a.b}: term starts after "file(". */
static Node *eval_file(Vars *v, const char *t, size_t n, const Node *at)
{
    const char *close = memchr(t, ')', n);
    if (!close)
        return NULL;
    const char *p = t;
    size_t pl = (size_t)(close - t);
    trim(&p, &pl);
    if (pl >= 2 && (p[0] == '\'' || p[0] == '"') && p[pl - 1] == p[0])
        p++, pl -= 2;
    Node *root = load_file(v, p, pl, at);
    if (!root)
        return NULL;
    const Node *outer = v->file_at;
    if (!outer)
        v->file_at = at;
    const char *rest = close + 1;
    size_t rl = n - (size_t)(rest - t);
    Node *val = (rl > 1 && rest[0] == ':') ? lookup(v, root, rest + 1, rl - 1) : resolve_node(v, root);
    v->file_at = outer;
    return val ? syn_respan(v->a, val, at->span, &v->copy_budget) : NULL;
}

static Node *literal(Vars *v, const char *s, size_t n, const Node *at)
{
    return node_new_scalar(v->a, s, n, SCALAR_QUOTED, at->span);
}

/* One term of a variable: a source with its address, or a literal fallback. */
static Node *eval_term(Vars *v, const char *t, size_t n, bool first, const Node *at)
{
    trim(&t, &n);
    if (n >= 2 && (t[0] == '\'' || t[0] == '"') && t[n - 1] == t[0])
        return literal(v, t + 1, n - 2, at);
    if (n > 5 && strncmp(t, "self:", 5) == 0)
        return lookup(v, v->root, t + 5, n - 5);
    if (n > 5 && strncmp(t, "file(", 5) == 0)
        return eval_file(v, t + 5, n - 5, at);
    if (is_variable(t, n))
        return NULL;    /* opt, env, ssm, cf, s3, sls, param, aws, ...: unknown here */
    return first || n == 0 ? NULL : literal(v, t, n, at);   /* 42, true, bare words */
}

static Node *eval_var(Vars *v, const char *s, size_t n, const Node *at)
{
    if (v->evals++ >= MAX_EVALS)
        return NULL;
    Buf flat = {0};
    if (memmem(s, n, "${", 2)) {
        subst(v, s, n, at, &flat, NULL);
        if (flat.over)
            return NULL;
        s = flat.s ? flat.s : "";
        n = flat.len;
    }
    /* split at top-level commas */
    size_t start = 0;
    int depth = 0;
    char quote = 0;
    bool first = true;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : ',';
        if (quote) {
            if (c == quote)
                quote = 0;
            if (i < n)
                continue;
        }
        if (c == '\'' || c == '"')
            quote = c;
        else if (c == '(' || c == '[')
            depth++;
        else if ((c == ')' || c == ']') && depth > 0)
            depth--;
        else if (c == ',' && (depth == 0 || i == n)) {
            Node *val = eval_term(v, s + start, i - start, first, at);
            if (val)
                return val;
            first = false;
            start = i + 1;
        }
    }
    return NULL;
}

static Node *resolve_scalar(Vars *v, Node *n)
{
    Buf out = {0};
    Node *whole;
    bool changed = subst(v, n->u.str, n->len, n, &out, &whole);
    if (whole && whole->kind == NODE_SCALAR && whole != n) {
        /* a value taken from elsewhere is reported where it is used */
        Node *r = arena_alloc(v->a, sizeof *r);
        *r = *whole;
        r->span = n->span;
        return r;
    }
    if (whole)
        return whole;
    if (!changed || (v->bytes += out.len) > MAX_BYTES)
        return n;
    Node *r = node_new_scalar(v->a, out.s, out.len, (ScalarStyle)n->style, n->span);
    r->flags = n->flags & ~NODE_TAGGED;   /* the tag belongs to the node as written */
    return r;
}

static Node *resolve_children(Vars *v, Node *n)
{
    Node *copy = NULL;
    for (uint32_t i = 0; i < n->len; i++) {
        Node *old = n->kind == NODE_MAP ? n->u.entries[i].value : n->u.items[i];
        Node *val = resolve_node(v, old);
        if (!val || val == old)
            continue;
        if (!copy) {
            copy = arena_alloc(v->a, sizeof *copy);
            *copy = *n;
            size_t sz = n->kind == NODE_MAP ? sizeof(MapEntry) : sizeof(Node *);
            void *items = arena_alloc(v->a, (n->len ? n->len : 1) * sz);
            memcpy(items, n->kind == NODE_MAP ? (void *)n->u.entries : (void *)n->u.items, n->len * sz);
            if (n->kind == NODE_MAP)
                copy->u.entries = items;
            else
                copy->u.items = items;
        }
        if (n->kind == NODE_MAP)
            copy->u.entries[i].value = val;
        else
            copy->u.items[i] = val;
    }
    return copy ? copy : n;
}

static Node *resolve_node(Vars *v, Node *n)
{
    if (!n || (n->kind == NODE_SCALAR && !has_variable(n->u.str, n->len)))
        return n;
    Node *m = memo_get(v, n);
    if (m == IN_PROGRESS) {
        const Node *at = v->file_at ? v->file_at : n;
        bool seen = false;
        for (size_t i = 0; i < v->cycles->len && !seen; i++)
            seen = v->cycles->items[i] == at;
        if (!seen)
            ptrvec_push(v->a, v->cycles, (void *)at);
        return NULL;
    }
    if (m)
        return m;
    if (v->frames >= v->lim->max_var_depth) {
        if (!v->depth_hit) {
            v->depth_hit = true;
            var_limit(v, v->file_at ? v->file_at : n,
                      arena_printf(v->a, "resolving serverless variables nests deeper than %u "
                                         "levels here (variables whose values hold variables, "
                                         "${file()} includes and the maps inside them); the rest "
                                         "stays unresolved; the limit is set with --max-var-depth",
                                   v->lim->max_var_depth));
        }
        return n;
    }
    v->frames++;
    memo_put(v, n, IN_PROGRESS);
    Node *r = n->kind == NODE_SCALAR ? resolve_scalar(v, n) : resolve_children(v, n);
    if (!r)
        r = n;
    memo_put(v, n, r);
    v->frames--;
    return r;
}

Node *sls_resolve_vars(Arena *a, Node *root, const char *path, const ParseLimits *lim,
                       PtrVec *cycles, ParseIssue **limits)
{
    Vars *v = arena_calloc(a, 1, sizeof *v);
    v->a = a;
    v->lim = lim ? lim : &PARSE_LIMITS_DEFAULT;
    v->limits = limits;
    v->root = root;
    v->cycles = cycles;
    v->copy_budget = 500000;
    if (path && strcmp(path, "-") != 0) {
        const char *slash = strrchr(path, '/');
        char *dir = slash ? arena_strndup(a, path, (size_t)(slash - path)) : arena_strdup(a, ".");
        if (slash == path)
            dir = arena_strdup(a, "/");
        char real[PATH_MAX];
        if (realpath(dir, real))
            v->dir = arena_strdup(a, strcmp(real, "/") == 0 ? "" : real);
    }
    Node *r = resolve_node(v, root);
    return r ? r : root;
}
