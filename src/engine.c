/*
 * engine.c — the per-file pipeline and file discovery (engine.h).
 *
 *   text ──► document_read ──► model_classify ──► model_build ──► checks
 *        ──► positions and fingerprints ──► FileResult
 *
 * Everything built for one file lives in one arena, released before the
 * function returns; only the findings (with their messages copied into the
 * result's own small arena) survive.
 */
#include "engine.h"

#include "config.h"
#include "rulelang.h"
#include "suppress.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

const LintOptions LINT_OPTIONS_DEFAULT = {
    .limits = PARSE_LIMITS_DEFAULT_INIT,
};

const char *doc_kind_name(DocKind k, bool sam)
{
    switch (k) {
    case KIND_CFN: return sam ? "sam" : "cfn";
    case KIND_IAM_POLICY: return "iam-policy";
    case KIND_SERVERLESS: return "serverless";
    default: return "skipped";
    }
}

/* --- fingerprints -------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

/* Hash of what a finding is about, not where it is: rule, resource and
 * the text of the span with white space folded. */
static uint64_t finding_key(const Finding *f, const char *text, size_t size)
{
    uint64_t h = 1469598103934665603ull;
    h = fnv(h, f->rule->id, strlen(f->rule->id) + 1);
    if (f->resource)
        h = fnv(h, f->resource, strlen(f->resource));
    h = fnv(h, "", 1);
    uint32_t end = f->end < size ? f->end : (uint32_t)size;
    if (end - f->start > 256)
        end = f->start + 256;
    int space = 0;
    for (uint32_t i = f->start; i < end; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space)
            h = fnv(h, " ", 1);
        space = 0;
        h = fnv(h, &c, 1);
    }
    return h;
}

typedef struct KeyIdx {
    uint64_t key;
    size_t idx;
} KeyIdx;

static int cmp_keyidx(const void *a, const void *b)
{
    const KeyIdx *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int cmp_finding_offset(const void *a, const void *b)
{
    const Finding *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static int cmp_finding_pos(const void *a, const void *b)
{
    const Finding *x = a, *y = b;
    if (x->begin.line != y->begin.line)
        return x->begin.line < y->begin.line ? -1 : 1;
    if (x->begin.col != y->begin.col)
        return x->begin.col < y->begin.col ? -1 : 1;
    int c = strcmp(x->rule->id, y->rule->id);
    return c ? c : strcmp(x->message, y->message);
}

/* Positions, fingerprints (with an ordinal among equal keys, in source
 * order), and copies of the strings into the result's arena. */
static void finalize(FileResult *out, FindingList *fl, Arena *a, const char *text, size_t size)
{
    if (!fl->len)
        return;
    LineTable lt;
    linetable_build(a, &lt, text, size);
    /* positions in the order of their offsets, each counted on from the one
     * before: thousands of findings on one long line stay linear */
    qsort(fl->items, fl->len, sizeof *fl->items, cmp_finding_offset);
    uint32_t prev = 0;
    LineCol prev_lc = {1, 1};
    for (size_t i = 0; i < fl->len; i++) {
        Finding *f = &fl->items[i];
        f->begin = linetable_advance(&lt, prev, prev_lc, f->start, COL_CODEPOINTS);
        f->finish = linetable_advance(&lt, f->start, f->begin, f->end, COL_CODEPOINTS);
        prev = f->start;
        prev_lc = f->begin;
        f->message = arena_strdup(&out->strings, f->message);
        if (f->resource)
            f->resource = arena_strdup(&out->strings, f->resource);
        if (f->justification)
            f->justification = arena_strdup(&out->strings, f->justification);
        f->path = out->path;
    }
    qsort(fl->items, fl->len, sizeof *fl->items, cmp_finding_pos);
    KeyIdx *keys = arena_alloc(a, fl->len * sizeof *keys);
    for (size_t i = 0; i < fl->len; i++)
        keys[i] = (KeyIdx){finding_key(&fl->items[i], text, size), i};
    qsort(keys, fl->len, sizeof *keys, cmp_keyidx);
    uint64_t ordinal = 0;
    for (size_t i = 0; i < fl->len; i++) {
        ordinal = (i && keys[i].key == keys[i - 1].key) ? ordinal + 1 : 0;
        uint64_t h = fnv(keys[i].key, &ordinal, sizeof ordinal);
        snprintf(fl->items[keys[i].idx].fingerprint, sizeof fl->items[0].fingerprint,
                 "%016llx", (unsigned long long)h);
    }
    out->findings = *fl;
}

/* --- the pipeline ---------------------------------------------------------------- */

static const Rule *rule_syntax, *rule_limit;

static void engine_rules(void)
{
    /* rule pointers are constant data; racing threads store the same value */
    if (!rule_syntax) {
        rule_syntax = rule_find("SYNTAX001");
        rule_limit = rule_find("LIMIT001");
    }
}

/* For a file whose (partial) tree cannot be classified, whether its text
 * still looks like one of ours, so a broken template is reported while a
 * broken unrelated YAML file stays silent. */
static bool text_looks_ours(const char *text, size_t size)
{
    const char *end = text + size;
    static const char *const marks[] = {"AWSTemplateFormatVersion", "AWS::", "\"Statement\"",
                                        "Statement:", NULL};
    for (const char *const *m = marks; *m; m++)
        if (memmem(text, (size_t)(end - text), *m, strlen(*m)))
            return true;
    return false;
}

static bool looks_binary(const char *text, size_t size)
{
    return memchr(text, '\0', size < 8192 ? size : 8192) != NULL;
}

static void issue_findings(CheckCtx *ctx, const Document *doc, bool syntax, bool limits)
{
    for (const ParseIssue *is = doc->issues; is; is = is->next) {
        const Rule *r = is->kind == ISSUE_LIMIT ? rule_limit : rule_syntax;
        if (!r || (is->kind == ISSUE_LIMIT ? !limits : !syntax))
            continue;
        ctx->rule = r;
        report_span(ctx, is->span.start, is->span.end, NULL, "%s", is->message);
    }
}

void lint_buffer(const LintOptions *opt, const char *path, const char *text, size_t size,
                 FileResult *out)
{
    lint_buffer_cached(opt, path, text, size, out, NULL);
}

void lint_buffer_cached(const LintOptions *opt, const char *path, const char *text, size_t size,
                        FileResult *out, ParseCache *cache)
{
    engine_rules();
    memset(out, 0, sizeof *out);
    arena_init(&out->strings);
    out->path = xstrdup(path);
    if (looks_binary(text, size))
        return;

    Arena a;
    arena_init(&a);
    Document doc;
    document_read_cached(&a, text, size, &opt->limits, &doc, cache);
    DocKind kind = model_classify(doc.root);
    out->kind = kind;

    FindingList fl = {0};
    CheckCtx ctx = {.arena = &a, .out = &fl, .path = out->path, .config = opt->config};
    Model m, *mp = NULL;
    if (kind != KIND_UNKNOWN) {
        issue_findings(&ctx, &doc, true, true);
    } else if (doc.issues) {
        /* Not recognisably ours: limits always speak (no real file of any
         * kind hits them); syntax errors only where the text looks ours. */
        issue_findings(&ctx, &doc, text_looks_ours(text, size), true);
    }
    if (kind != KIND_UNKNOWN && !doc.partial) {
        model_build_at(&a, &doc, kind, path, &m);
        mp = &m;
        out->has_sam = m.has_sam;
        ctx.model = &m;
        for (const ParseIssue *is = m.var_limits; is && rule_limit; is = is->next) {
            ctx.rule = rule_limit;
            report_span(&ctx, is->span.start, is->span.end, NULL, "%s", is->message);
        }
        for (size_t i = 0; i < RULE_COUNT; i++) {
            if (!RULES[i].check || !config_rule_enabled(opt->config, &RULES[i]))
                continue;
            ctx.rule = &RULES[i];
            RULES[i].check(&ctx);
        }
        rulelang_run(&ctx);     /* the declarative rules (--rules, custom-rules) */
    } else if (kind == KIND_CFN) {
        out->has_sam = doc.root && node_get(doc.root, "Transform") != NULL;
    }
    /* stage 5, per file: configuration and suppressions */
    if (kind != KIND_UNKNOWN || fl.len)
        filter_file(&ctx, &doc, mp, opt->report_unused);
    finalize(out, &fl, &a, text, size);
    if (!out->findings.len)
        free(fl.items);
    arena_free(&a);
}

static void set_error(FileResult *out, const char *path, const char *what)
{
    memset(out, 0, sizeof *out);
    arena_init(&out->strings);
    out->path = xstrdup(path);
    out->error = true;
    out->error_msg = arena_printf(&out->strings, "cannot read '%s': %s", path, what);
}

void lint_too_large(const LintOptions *opt, const char *path, uint64_t size, FileResult *out)
{
    engine_rules();
    memset(out, 0, sizeof *out);
    arena_init(&out->strings);
    out->path = xstrdup(path);
    if (!rule_limit || !config_rule_enabled(opt->config, rule_limit))
        return;
    FindingList fl = {0};
    Arena a;
    arena_init(&a);
    CheckCtx ctx = {.arena = &a, .out = &fl, .path = out->path, .rule = rule_limit};
    report_span(&ctx, 0, 0, NULL,
                "the file is %llu bytes, larger than the limit of %llu bytes; it was not read; "
                "the limit is set with --max-file-size",
                (unsigned long long)size, (unsigned long long)opt->limits.max_file_size);
    fl.items[0].severity = config_rule_severity(opt->config, rule_limit);
    finalize(out, &fl, &a, "", 0);
    arena_free(&a);
}

void lint_file(const LintOptions *opt, const char *path, FileResult *out)
{
    int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        set_error(out, path, strerror(errno));
        return;
    }
    struct stat st = {0};
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        set_error(out, path, "is a directory");
        return;
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > opt->limits.max_file_size) {
        close(fd);
        lint_too_large(opt, path, (uint64_t)st.st_size, out);
        return;
    }
    /* regular files were opened non-blocking only to not hang on a FIFO's open */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (len == cap) {
            if (len > opt->limits.max_file_size)
                break;
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            free(buf);
            set_error(out, path, strerror(e));
            return;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (len > opt->limits.max_file_size)
        lint_too_large(opt, path, len, out);
    else
        lint_buffer(opt, path, buf, len, out);
    free(buf);
}

void file_result_free(FileResult *r)
{
    free(r->path);
    free(r->findings.items);
    arena_free(&r->strings);
    memset(r, 0, sizeof *r);
}

/* --- discovery ------------------------------------------------------------------- */

static const char *const SKIP_DIRS[] = {".git", "node_modules", ".serverless", ".aws-sam",
                                        "cdk.out", NULL};
static const char *const EXTENSIONS[] = {".yaml", ".yml", ".json", ".template", NULL};

static void pathlist_push(PathList *l, char *p)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->len++] = p;
}

void pathlist_free(PathList *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static bool wanted_name(const char *name)
{
    size_t n = strlen(name);
    for (const char *const *e = EXTENSIONS; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && strcasecmp(name + n - k, *e) == 0)
            return true;
    }
    return false;
}

static bool skipped_dir(const char *name)
{
    for (const char *const *s = SKIP_DIRS; *s; s++)
        if (strcmp(name, *s) == 0)
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
    if (strcmp(dir, ".") == 0)
        return xstrdup(name);
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    size_t nl = strlen(name);
    char *p = xmalloc(dl + nl + 2);
    memcpy(p, dir, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, name, nl + 1);
    return p;
}

/* Walks dir; symbolic links to directories are not followed (no loops). */
static void walk(const char *dir, PathList *out, int depth)
{
    if (depth > 64)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    PathList names = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        pathlist_push(&names, xstrdup(e->d_name));
    }
    closedir(d);
    qsort(names.items, names.len, sizeof *names.items, cmp_str);
    for (size_t i = 0; i < names.len; i++) {
        char *p = join(dir, names.items[i]);
        struct stat st;
        if (lstat(p, &st) != 0) {
            free(p);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (!skipped_dir(names.items[i]))
                walk(p, out, depth + 1);
            free(p);
        } else if (wanted_name(names.items[i]) &&
                   (S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(p, &st) == 0 &&
                                            S_ISREG(st.st_mode)))) {
            pathlist_push(out, p);
        } else {
            free(p);
        }
    }
    pathlist_free(&names);
}

void discover(char **args, int nargs, PathList *out, int *errors)
{
    for (int i = 0; i < nargs; i++) {
        const char *a = args[i];
        struct stat st;
        if (strcmp(a, "-") == 0) {
            pathlist_push(out, xstrdup(a));
        } else if (stat(a, &st) != 0) {
            fprintf(stderr, "stacklint: cannot read '%s': %s\n", a, strerror(errno));
            (*errors)++;
        } else if (S_ISDIR(st.st_mode)) {
            walk(a, out, 0);
        } else {
            pathlist_push(out, xstrdup(a));
        }
    }
}
