/*
 * fuzz.h — what the libFuzzer harnesses in fuzz/ share (fuzz/README.md).
 *
 *   fuzz_check_tree()   walks a document tree and aborts when an invariant
 *                       of node.h does not hold (a span outside the text,
 *                       a key that is not a scalar, a walk that does not end
 *                       within the node budget the reader promised);
 *   fuzz_run_checks()   runs every rule's check function (note rules too)
 *                       and the suppression filter on a built model;
 *   fuzz_read_input()   the reader harnesses (yaml, json): each input read
 *                       with the default limits and with FUZZ_TIGHT ones, the
 *                       tree checked and every issue placed through the line table;
 *   fuzz_sandbox()      a private folder of small YAML/JSON files for
 *                       ${file(...)} to read, and a guard on open(): while a
 *                       harness runs an input, an open() of any path outside
 *                       the sandbox aborts (FUZZ_OPEN_ABORT) or fails with
 *                       EACCES (FUZZ_OPEN_DENY), so no input reads the host.
 *
 * Every harness is one translation unit that includes this header once.
 */
#ifndef STACKLINT_FUZZ_H
#define STACKLINT_FUZZ_H

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../checks/checks.h"
#include "../parser/model.h"
#include "../parser/node.h"
#include "../base/source.h"
#include "../checks/finding.h"
#include "../src/rulelang.h"
#include "../checks/rules.h"
#include "../src/suppress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_FAIL(...)                                                        \
    do {                                                                      \
        fprintf(stderr, "fuzz invariant violated (%s:%d): ", __FILE__, __LINE__); \
        fprintf(stderr, __VA_ARGS__);                                         \
        fputc('\n', stderr);                                                  \
        abort();                                                              \
    } while (0)

/* --- tree invariants ----------------------------------------------------- */

typedef struct TreeWalk {
    size_t size;            /* bytes of source text: every span lies within */
    uint64_t visited, budget;
} TreeWalk;

static inline void fuzz_walk(TreeWalk *w, const Node *n, uint32_t depth)
{
    if (!n)
        FUZZ_FAIL("a NULL node inside the tree");
    if (++w->visited > w->budget)
        FUZZ_FAIL("the tree has more than %llu reachable nodes (alias expansion unbounded?)",
                  (unsigned long long)w->budget);
    if (depth > 100000)
        FUZZ_FAIL("the tree is deeper than any limit");
    if (n->span.start > n->span.end || n->span.end > w->size)
        FUZZ_FAIL("span %u..%u outside the text (%zu bytes)", n->span.start, n->span.end, w->size);
    switch (n->kind) {
    case NODE_SCALAR:
        if (!n->u.str)
            FUZZ_FAIL("a scalar without text");
        if (n->u.str[n->len] != '\0')
            FUZZ_FAIL("a scalar of %u bytes is not NUL-terminated at its length", n->len);
        break;
    case NODE_MAP:
        for (uint32_t i = 0; i < n->len; i++) {
            const MapEntry *e = &n->u.entries[i];
            if (!e->key || e->key->kind != NODE_SCALAR)
                FUZZ_FAIL("a map key that is not a scalar");
            fuzz_walk(w, e->key, depth + 1);
            fuzz_walk(w, e->value, depth + 1);
        }
        break;
    case NODE_SEQ:
        for (uint32_t i = 0; i < n->len; i++)
            fuzz_walk(w, n->u.items[i], depth + 1);
        break;
    default:
        FUZZ_FAIL("node kind %d", n->kind);
    }
}

/* The promises of node.h about a document just read with limits lim. */
static inline void fuzz_check_tree(const Document *doc, size_t size, const ParseLimits *lim)
{
    for (const ParseIssue *i = doc->issues; i; i = i->next) {
        if (i->span.start > i->span.end || i->span.end > size)
            FUZZ_FAIL("issue span %u..%u outside the text (%zu bytes)", i->span.start,
                      i->span.end, size);
        if (!i->message || !*i->message)
            FUZZ_FAIL("an issue without a message");
        if (i->kind != ISSUE_SYNTAX && i->kind != ISSUE_LIMIT)
            FUZZ_FAIL("issue kind %d", i->kind);
    }
    if (!doc->root)
        return;
    /* Reachable nodes are bounded by the nodes built plus what aliases
     * expand to; the slack covers the nodes a reader makes per entry (keys). */
    TreeWalk w = {.size = size, .budget = 3 * (lim->max_nodes + lim->max_alias_expansion) + 64};
    fuzz_walk(&w, doc->root, 0);
}

/* --- every check on one model ------------------------------------------------ */

static inline void fuzz_run_checks(Arena *a, const Document *doc, Model *m, const char *path)
{
    FindingList fl = {0};
    LineTable lines;
    linetable_build(a, &lines, doc->text, doc->size);
    CheckCtx ctx = {.arena = a, .out = &fl, .path = path, .model = m, .lines = &lines};
    for (size_t i = 0; i < RULE_COUNT; i++) {
        if (!RULES[i].check)
            continue;
        ctx.rule = &RULES[i];
        RULES[i].check(&ctx);
    }
    ctx.rule = NULL;
    rulelang_run(&ctx);
    filter_file(&ctx, doc, m, true);
    for (size_t i = 0; i < fl.len; i++) {
        const Finding *f = &fl.items[i];
        if (f->start > f->end || f->end > doc->size)
            FUZZ_FAIL("finding %s at %u..%u outside the text (%zu bytes)",
                      f->rule ? f->rule->id : "?", f->start, f->end, doc->size);
        if (!f->message)
            FUZZ_FAIL("finding %s without a message", f->rule ? f->rule->id : "?");
        (void)linetable_pos(&lines, f->start, COL_UTF16);
        (void)linetable_pos(&lines, f->end, COL_CODEPOINTS);
    }
    free(fl.items);
}

/* --- the sandbox ------------------------------------------------------------------ */

enum { FUZZ_OPEN_ALLOW = 0, FUZZ_OPEN_ABORT, FUZZ_OPEN_DENY };
int open(const char *path, int flags, ...);     /* the guard, defined below */
static int fuzz_open_mode;          /* set around each input */
static char fuzz_sandbox_dir[256];

static inline void fuzz_write(const char *rel, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", fuzz_sandbox_dir, rel);
    FILE *f = fopen(p, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        FUZZ_FAIL("cannot write %s", p);
}

/* Makes the sandbox once: <tmp>/sandbox/ with files to include, a folder
 * and a symbolic link that leads out of it (to <tmp>/outside.yml, which the
 * resolver must refuse). Returns the sandbox folder. */
static inline const char *fuzz_sandbox(void)
{
    if (fuzz_sandbox_dir[0])
        return fuzz_sandbox_dir;
    char tmpl[] = "/tmp/stacklint-fuzz.XXXXXX";
    if (!mkdtemp(tmpl))
        FUZZ_FAIL("mkdtemp");
    char outside[300];
    snprintf(outside, sizeof outside, "%s/outside.yml", tmpl);
    FILE *f = fopen(outside, "w");
    if (f) {
        fputs("secret: outside the sandbox\n", f);
        fclose(f);
    }
    snprintf(fuzz_sandbox_dir, sizeof fuzz_sandbox_dir, "%s/sandbox", tmpl);
    if (mkdir(fuzz_sandbox_dir, 0700) != 0)
        FUZZ_FAIL("mkdir %s", fuzz_sandbox_dir);
    char sub[300];
    snprintf(sub, sizeof sub, "%s/sub", fuzz_sandbox_dir);
    mkdir(sub, 0700);
    fuzz_write("vars.yml", "stage: dev\nregion: eu-west-1\nqueue: ${self:stage}-q\n"
                           "nested:\n  a: [1, 2, {b: ${file(./sub/deep.json):x}}]\n"
                           "loop: ${file(./vars.yml):loop}\n");
    fuzz_write("resources.yml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
                                "    Properties:\n      QueueName: ${self:custom.name}\n");
    fuzz_write("sub/deep.json", "{\"x\": \"${file(../vars.yml):stage}\", \"y\": [1, 2, 3]}");
    fuzz_write("self.yml", "a: ${file(./self.yml)}\n");
    fuzz_write("broken.yml", "a: [unclosed\n");
    fuzz_write("notes.txt", "not yaml: it has the wrong extension\n");
    char link[300];
    snprintf(link, sizeof link, "%s/escape.yml", fuzz_sandbox_dir);
    if (symlink(outside, link) != 0 && errno != EEXIST)
        FUZZ_FAIL("symlink %s", link);

    /* the guard below is what keeps inputs in here: see that it works */
    char inside[300];
    snprintf(inside, sizeof inside, "%s/vars.yml", fuzz_sandbox_dir);
    fuzz_open_mode = FUZZ_OPEN_DENY;
    int fd_in = open(inside, O_RDONLY), fd_link = open(link, O_RDONLY),
        fd_out = open(outside, O_RDONLY);
    fuzz_open_mode = FUZZ_OPEN_ALLOW;
    if (fd_in < 0 || fd_link >= 0 || fd_out >= 0)
        FUZZ_FAIL("the sandbox guard on open() does not work (%d %d %d)", fd_in, fd_link, fd_out);
    close(fd_in);
    return fuzz_sandbox_dir;
}

/* The only open() of this process while an input runs: stacklint's own
 * (the ${file(...)} reader). libFuzzer and stdio open through libc's
 * internal entry points, not this symbol. */
int open(const char *path, int flags, ...)
{
    static int (*real_open)(const char *, int, ...);
    if (!real_open)
        real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    if (fuzz_open_mode != FUZZ_OPEN_ALLOW) {
        /* by where the path really leads: a link inside to a file outside
         * is outside */
        char real[4096];
        size_t dl = strlen(fuzz_sandbox_dir);
        bool inside = dl && realpath(path, real) && strncmp(real, fuzz_sandbox_dir, dl) == 0 &&
                      real[dl] == '/' && !(flags & (O_WRONLY | O_RDWR | O_CREAT));
        if (!inside) {
            if (fuzz_open_mode == FUZZ_OPEN_ABORT)
                FUZZ_FAIL("open(\"%s\", %#x) outside the sandbox %s", path, flags,
                          fuzz_sandbox_dir);
            errno = EACCES;
            return -1;
        }
    }
    return real_open(path, flags, mode);
}

/* --- the reader harnesses -------------------------------------------------------- */

typedef void (*FuzzReader)(Arena *a, const char *text, size_t size, const ParseLimits *lim,
                           Document *doc);

/* Tight limits (depth 8, 300 nodes, 500 through aliases, 64-byte scalars), so that
 * every limit is hit often. */
static const ParseLimits FUZZ_TIGHT = {.max_depth = 8, .max_nodes = 300, .max_alias_expansion = 500,
                                       .max_scalar = 64, .max_var_depth = 8};

static inline void fuzz_read_once(FuzzReader read, DocFormat format, const char *text, size_t size,
                                  const ParseLimits *lim)
{
    Arena a;
    arena_init(&a);
    Document doc;
    read(&a, text, size, lim, &doc);
    if (doc.format != format)
        FUZZ_FAIL("the reader set format %d, not %d", doc.format, format);
    fuzz_check_tree(&doc, size, lim);
    if (doc.yaml_anchor.end && (doc.yaml_anchor.start > doc.yaml_anchor.end ||
                                doc.yaml_anchor.end > size))
        FUZZ_FAIL("anchor span %u..%u outside the text", doc.yaml_anchor.start, doc.yaml_anchor.end);
    LineTable t;
    linetable_build(&a, &t, text, size);
    for (const ParseIssue *i = doc.issues; i; i = i->next) {
        LineCol lc = linetable_pos(&t, i->span.start, COL_UTF16);
        if (lc.line < 1 || lc.line > t.count)
            FUZZ_FAIL("issue at line %u of %u", lc.line, t.count);
    }
    arena_free(&a);
}

static inline int fuzz_read_input(FuzzReader read, DocFormat format, const uint8_t *data, size_t size)
{
    /* exactly size bytes, no terminator: lint_file() does not add one, so
     * a read past the end is a bug that ASan must see */
    char *text = malloc(size ? size : 1);
    if (size)
        memcpy(text, data, size);
    fuzz_read_once(read, format, text, size, &PARSE_LIMITS_DEFAULT);
    fuzz_read_once(read, format, text, size, &FUZZ_TIGHT);
    free(text);
    return 0;
}

#endif
