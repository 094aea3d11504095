/*
 * lsp.c — the language server behind `stacklint lsp` (lsp.h).
 *
 * One thread, one loop: read a framed message (jsonrpc.c), act on it, and
 * when no further message is already waiting, lint the documents that
 * changed and publish their diagnostics. A burst of edits therefore costs
 * one lint, not one per keystroke, without adding any delay.
 *
 * Each open document keeps its text (the editor's buffer, kept in sync
 * through full or incremental changes), a line table over it, and the
 * findings of its last lint, so hover and code actions answer from what the
 * user sees. Positions go out in the encoding the client chose (UTF-16 code
 * units when it names none; UTF-8 or UTF-32 when it offers them).
 *
 * Configuration: each document is linted with the .stacklint.yaml the
 * command line would use for it — the nearest one walking up from its folder
 * to the repository root (config_find_from) — read once and cached by path.
 * A change to one (didChangeWatchedFiles, or didSave of the file in the
 * editor) reloads it and re-lints every open document. A broken one is
 * published as diagnostics on its own URI, and its documents are linted
 * with the defaults until it is fixed. Limits given to `stacklint lsp` win
 * over the file's. Declarative rules (custom-rules) are process-wide: each
 * folder is loaded once and its rules are on only for the configurations
 * that name it; a folder whose files changed needs a restart, which the
 * server says through window/showMessage.
 *
 * Robustness: malformed frames and JSON get a parse error, unknown requests
 * "method not found", requests before `initialize` "server not
 * initialized"; end of input or a failed write ends the server. Nothing a
 * client sends can make it crash or spin.
 */
#include "lsp.h"

#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>

#include "config.h"
#include "../base/diag.h"
#include "engine.h"
#include "jsonrpc.h"
#include "rulelang.h"
#include "../base/limit.h"
#include "lsp_lines.h"

/* An error in a configuration or rule file, for its URI. */
typedef struct CfgDiag {
    char *file, *msg;
    unsigned line, col;     /* 1-based, col in code points; line 0: no position */
} CfgDiag;

typedef struct CfgDiags {
    CfgDiag *items;
    size_t len, cap;
} CfgDiags;

/* A custom-rules folder, loaded into the process once. */
typedef struct RuleDir {
    char *path;             /* real path */
    size_t first, end;      /* its rules: rulelang indices [first, end) */
    char *sig;              /* its files' names, sizes and times when loaded */
    int rc;
    CfgDiags errors;        /* what loading it reported, replayed on each use */
} RuleDir;

/* One configuration file, read once, or the defaults (path NULL). */
typedef struct CfgEntry {
    char *path;
    Config cfg;
    bool broken;            /* it has errors: cfg holds the defaults */
    size_t *dirs;           /* indices of the RuleDirs it names */
    size_t ndirs;
    CfgDiags errors;
} CfgEntry;

typedef struct Doc {
    char *uri;
    char *path;             /* for display and the lint; from the URI */
    char *text;             /* the buffer, NUL-terminated */
    size_t len, cap;
    Lines starts;           /* line starts, updated through edits */
    LineTable lines;        /* a view of them over text */
    FileResult result;      /* findings of the last lint */
    ParseCache *cache;      /* the last reading's parse tree, for an incremental reparse */
    bool linted, dirty;
    int version;
    CfgEntry *cfg;          /* the configuration that applies; NULL: look it up */
} Doc;

typedef struct Server {
    int out;
    RpcReader in;
    bool initialized, shutting_down, exit_now;
    ColumnUnit enc;
    bool markdown;          /* the client renders Markdown hovers */
    bool watch_registration;
    Doc **docs;
    size_t ndocs, capdocs;
    long next_id;           /* ids of our own requests to the client */
    bool timing;            /* STACKLINT_LSP_TIMING: log each lint's time on stderr */
    uint64_t limits[LIMIT_COUNT];   /* given as arguments: they win over the files */
    bool limit_given[LIMIT_COUNT];
    CfgEntry **cfgs;        /* by path; the one without a path: the defaults */
    size_t ncfgs;
    RuleDir *rdirs;
    size_t nrdirs;
    CfgDiags *collect;      /* where diag.h's errors go while loading */
    CfgEntry *loading;      /* the entry config_load is reading */
    char **err_uris;        /* URIs that carry configuration errors now */
    size_t nerr_uris;
} Server;

static const char SUGGESTION_REASON[] = "reason";

/* --- documents ----------------------------------------------------------------- */

static Doc *doc_find(Server *s, const char *uri)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0)
            return s->docs[i];
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* file:///a%20b/t.yaml -> /a b/t.yaml; other schemes are kept whole. */
static char *uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return xstrdup(uri);
    const char *p = uri + 7;
    char *out = xmalloc(strlen(p) + 1), *o = out;
    for (; *p; p++) {
        int h, l;
        if (*p == '%' && (h = hexval(p[1])) >= 0 && (l = hexval(p[2])) >= 0 && (h || l)) {
            *o++ = (char)(h * 16 + l);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static void doc_reindex(Doc *d)
{
    lines_build(&d->starts, d->text, d->len);
    d->lines = lines_table(&d->starts, d->text, d->len);
}

static void doc_set_text(Doc *d, const char *text, size_t n)
{
    if (n + 1 > d->cap) {
        d->cap = n + 1 + n / 4;
        d->text = xrealloc(d->text, d->cap);
    }
    memcpy(d->text, text, n);
    d->text[n] = '\0';
    d->len = n;
    d->dirty = true;
    doc_reindex(d);
}

/* Replaces bytes [a, b) with `text`. */
static void doc_splice(Doc *d, size_t a, size_t b, const char *text, size_t n)
{
    size_t len = d->len - (b - a) + n;
    if (len + 1 > d->cap) {
        d->cap = len + 1 + len / 4;
        d->text = xrealloc(d->text, d->cap);
    }
    memmove(d->text + a + n, d->text + b, d->len - b);
    memcpy(d->text + a, text, n);
    d->len = len;
    d->text[len] = '\0';
    d->dirty = true;
    lines_splice(&d->starts, d->text, d->len, (uint32_t)a, (uint32_t)b, (uint32_t)n);
    d->lines = lines_table(&d->starts, d->text, d->len);
}

static Doc *doc_open(Server *s, const char *uri)
{
    Doc *d = doc_find(s, uri);
    if (d)
        return d;
    d = xmalloc(sizeof *d);
    memset(d, 0, sizeof *d);
    d->uri = xstrdup(uri);
    d->path = uri_to_path(uri);
    doc_set_text(d, "", 0);
    if (s->ndocs == s->capdocs) {
        s->capdocs = s->capdocs ? s->capdocs * 2 : 8;
        s->docs = xrealloc(s->docs, s->capdocs * sizeof *s->docs);
    }
    s->docs[s->ndocs++] = d;
    return d;
}

static void doc_free(Doc *d)
{
    if (d->linted)
        file_result_free(&d->result);
    lines_free(&d->starts);
    parse_cache_free(d->cache);
    free(d->uri);
    free(d->path);
    free(d->text);
    free(d);
}

static void doc_close(Server *s, Doc *d)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i] == d) {
            s->docs[i] = s->docs[--s->ndocs];
            break;
        }
    doc_free(d);
}

/* --- positions ------------------------------------------------------------------- */

static cJSON *position_json(const Server *s, const Doc *d, uint32_t offset)
{
    LineCol lc = linetable_pos(&d->lines, offset, s->enc);
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "line", lc.line - 1);
    cJSON_AddNumberToObject(p, "character", lc.col - 1);
    return p;
}

static cJSON *range_json(const Server *s, const Doc *d, uint32_t a, uint32_t b)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddItemToObject(r, "start", position_json(s, d, a));
    cJSON_AddItemToObject(r, "end", position_json(s, d, b));
    return r;
}

static bool json_uint(const cJSON *o, const char *key, uint32_t *v)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(n) || n->valuedouble < 0)
        return false;
    *v = n->valuedouble > 4294967295.0 ? UINT32_MAX : (uint32_t)n->valuedouble;
    return true;
}

/* An LSP Position to a byte offset in d; false when malformed. */
static bool position_offset(const Server *s, const Doc *d, const cJSON *pos, uint32_t *off)
{
    uint32_t line, ch;
    if (!cJSON_IsObject(pos) || !json_uint(pos, "line", &line) || !json_uint(pos, "character", &ch))
        return false;
    *off = linetable_offset(&d->lines, line, ch, s->enc);
    return true;
}

/* --- diagnostics ------------------------------------------------------------------- */

static int lsp_severity(Severity v)
{
    return v == SEV_ERROR ? 1 : v == SEV_WARNING ? 2 : 3;
}

static cJSON *diagnostic_json(const Server *s, const Doc *d, const Finding *f)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddItemToObject(j, "range", range_json(s, d, f->start, f->end));
    cJSON_AddNumberToObject(j, "severity", lsp_severity(f->severity));
    cJSON_AddStringToObject(j, "code", f->rule->id);
    cJSON *cd = cJSON_AddObjectToObject(j, "codeDescription");
    char href[256];
    snprintf(href, sizeof href, "%s%s.md", STACKLINT_RULE_DOC_BASE, f->rule->id);
    cJSON_AddStringToObject(cd, "href", href);
    cJSON_AddStringToObject(j, "source", "stacklint");
    cJSON_AddStringToObject(j, "message", f->message);
    return j;
}

static bool publish(Server *s, const Doc *d, bool clear)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "uri", d->uri);
    if (!clear)
        cJSON_AddNumberToObject(p, "version", d->version);
    cJSON *arr = cJSON_AddArrayToObject(p, "diagnostics");
    if (!clear && d->linted)
        for (size_t i = 0; i < d->result.findings.len; i++)
            cJSON_AddItemToArray(arr, diagnostic_json(s, d, &d->result.findings.items[i]));
    return rpc_send_notification(s->out, "textDocument/publishDiagnostics", p);
}

/* --- configuration ------------------------------------------------------------------- */

static const char NOT_NAMED[] = "not in this configuration's custom-rules";

static bool is_config_name(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    return strcmp(b, ".stacklint.yaml") == 0 || strcmp(b, ".stacklint.yml") == 0;
}

static void diags_add(CfgDiags *l, const char *file, unsigned line, unsigned col, const char *msg)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->len++] = (CfgDiag){xstrdup(file), xstrdup(msg), line, col};
}

static void diags_free(CfgDiags *l)
{
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].file);
        free(l->items[i].msg);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* diag.h's sink while a configuration loads. */
static void collect_error(void *ud, const char *file, unsigned line, unsigned col, const char *msg)
{
    Server *s = ud;
    struct stat st;
    /* a custom-rules folder that cannot be read: say it on the configuration */
    if (!line && s->loading && (stat(file, &st) != 0 || !S_ISREG(st.st_mode)))
        file = s->loading->path;
    if (s->collect)
        diags_add(s->collect, file, line, col, msg);
}

static bool show_message(Server *s, int type, const char *text)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "type", type);      /* 1 error, 2 warning, 3 info */
    cJSON_AddStringToObject(p, "message", text);
    return rpc_send_notification(s->out, "window/showMessage", p);
}

/* The names, sizes and modification times of a folder's rule files: what
 * tells that a loaded folder changed on disk. */
static char *dir_signature(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return xstrdup("");
    char **names = NULL;
    size_t n = 0, cap = 0, total = 1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || !((len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) ||
                                     (len > 4 && strcmp(e->d_name + len - 4, ".yml") == 0)))
            continue;
        char p[PATH_MAX + 256], item[PATH_MAX + 320];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (stat(p, &st) != 0)
            continue;
        snprintf(item, sizeof item, "%s %lld %lld.%09ld\n", e->d_name, (long long)st.st_size,
                 (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
        if (n == cap)
            names = xrealloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
        names[n++] = xstrdup(item);
        total += strlen(item);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++)      /* readdir's order is the file system's: sort */
        for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
            char *t = names[k];
            names[k] = names[k - 1];
            names[k - 1] = t;
        }
    char *sig = xmalloc(total);
    sig[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strcat(sig, names[i]);
        free(names[i]);
    }
    free(names);
    return sig;
}

/* Says once per change that a loaded custom-rules folder changed on disk:
 * its rules stay as first loaded until the server restarts. */
static void check_rule_dir(Server *s, RuleDir *rd)
{
    char *sig = dir_signature(rd->path);
    if (strcmp(sig, rd->sig) == 0) {
        free(sig);
        return;
    }
    free(rd->sig);
    rd->sig = sig;
    char msg[PATH_MAX + 200];
    snprintf(msg, sizeof msg, "stacklint: the custom rules in %s changed; restart the language "
             "server to load them (until then it uses the rules as first loaded)", rd->path);
    show_message(s, 2, msg);
}

/* Config.load_dir: a custom-rules folder, loaded once per process. */
static int load_rule_dir(void *ud, const char *dir)
{
    Server *s = ud;
    char *real = realpath(dir, NULL);
    if (!real)
        return rulelang_load_dir(dir);      /* reports why it cannot be read */
    size_t i = 0;
    while (i < s->nrdirs && strcmp(s->rdirs[i].path, real) != 0)
        i++;
    if (i == s->nrdirs) {
        s->rdirs = xrealloc(s->rdirs, (s->nrdirs + 1) * sizeof *s->rdirs);
        RuleDir *rd = &s->rdirs[s->nrdirs++];
        memset(rd, 0, sizeof *rd);
        rd->path = real;
        rd->sig = dir_signature(real);
        size_t before = s->collect ? s->collect->len : 0;
        rd->first = rule_count() - RULE_COUNT;
        rd->rc = rulelang_load_dir(real);
        rd->end = rule_count() - RULE_COUNT;
        for (size_t k = before; s->collect && k < s->collect->len; k++) {
            const CfgDiag *e = &s->collect->items[k];
            diags_add(&rd->errors, e->file, e->line, e->col, e->msg);
        }
    } else {
        free(real);
        check_rule_dir(s, &s->rdirs[i]);
        for (size_t k = 0; s->collect && k < s->rdirs[i].errors.len; k++) {
            const CfgDiag *e = &s->rdirs[i].errors.items[k];
            diags_add(s->collect, e->file, e->line, e->col, e->msg);
        }
    }
    CfgEntry *e = s->loading;
    if (e) {
        e->dirs = xrealloc(e->dirs, (e->ndirs + 1) * sizeof *e->dirs);
        e->dirs[e->ndirs++] = i;
    }
    return s->rdirs[i].rc;
}

/* Declarative rules are process-wide: each configuration runs only those of
 * the folders it names, so that one project's rules never show in another.
 * Called after every load, since a load may add rules the others have not
 * seen. */
static void scope_rules(Server *s)
{
    for (size_t k = 0; k < s->ncfgs; k++) {
        CfgEntry *e = s->cfgs[k];
        if (!e->cfg.rules)
            continue;       /* not read yet */
        config_sync_rules(&e->cfg);
        for (size_t i = RULE_COUNT; i < e->cfg.nrules; i++) {
            size_t r = i - RULE_COUNT;
            bool mine = false;
            for (size_t j = 0; j < e->ndirs && !mine; j++)
                mine = r >= s->rdirs[e->dirs[j]].first && r < s->rdirs[e->dirs[j]].end;
            if (!mine) {
                e->cfg.rules[i].enabled = false;
                e->cfg.rules[i].enabled_from = NOT_NAMED;
            }
        }
    }
}

/* The limits given to `stacklint lsp` win over the file's, as on the
 * command line. */
static void apply_cli_limits(const Server *s, Config *c)
{
    for (int i = 0; i < LIMIT_COUNT; i++)
        if (s->limit_given[i]) {
            c->limits[i] = s->limits[i];
            c->limits_from[i] = "command line";
        }
}

/* (Re)reads entry e from its file; on errors keeps them in e->errors and
 * sets e up with the defaults. */
static void cfg_load(Server *s, CfgEntry *e)
{
    config_free(&e->cfg);
    diags_free(&e->errors);
    free(e->dirs);
    e->dirs = NULL;
    e->ndirs = 0;
    e->broken = false;
    config_init(&e->cfg);
    e->cfg.load_dir = load_rule_dir;
    e->cfg.load_dir_ud = s;
    if (e->path) {
        s->collect = &e->errors;
        s->loading = e;
        diag_set_sink(collect_error, s);
        int rc = config_load(&e->cfg, e->path, true);
        diag_set_sink(NULL, NULL);
        s->loading = NULL;
        s->collect = NULL;
        if (rc != 0) {
            e->broken = true;
            if (!e->errors.len)     /* every error goes through the sink; just in case */
                diags_add(&e->errors, e->path, 0, 0, "the configuration has errors");
            config_free(&e->cfg);
            config_init(&e->cfg);
            free(e->dirs);
            e->dirs = NULL;
            e->ndirs = 0;
        }
    }
    apply_cli_limits(s, &e->cfg);
    scope_rules(s);
}

/* cfg_load, and a word to the user when the file is broken. */
static void cfg_reload(Server *s, CfgEntry *e)
{
    cfg_load(s, e);
    if (e->broken) {
        char msg[PATH_MAX + 200];
        snprintf(msg, sizeof msg, "stacklint: %s has errors (see its diagnostics); linting "
                 "with the default configuration until it is fixed", e->path);
        show_message(s, 2, msg);
    }
}

static CfgEntry *cfg_get(Server *s, const char *path)
{
    for (size_t i = 0; i < s->ncfgs; i++) {
        const char *p = s->cfgs[i]->path;
        if (p == path || (p && path && strcmp(p, path) == 0))
            return s->cfgs[i];
    }
    CfgEntry *e = xmalloc(sizeof *e);
    memset(e, 0, sizeof *e);
    e->path = path ? xstrdup(path) : NULL;
    s->cfgs = xrealloc(s->cfgs, (s->ncfgs + 1) * sizeof *s->cfgs);
    s->cfgs[s->ncfgs++] = e;
    return e;
}

static void cfg_entry_free(CfgEntry *e)
{
    config_free(&e->cfg);
    diags_free(&e->errors);
    free(e->dirs);
    free(e->path);
    free(e);
}

/* file path -> file:// URI, percent-encoding what a URI path cannot hold;
 * the URI of an open document when one names the file. */
static char *path_uri(const Server *s, const char *path)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->path, path) == 0)
            return xstrdup(s->docs[i]->uri);
    char *u = xmalloc(strlen(path) * 3 + 8), *o = u;
    o += sprintf(o, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    *o = '\0';
    return u;
}

static char *slurp_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = xmalloc((1u << 20) + 1);
    *len = fread(buf, 1, 1u << 20, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* The errors of one file as LSP diagnostics, positions in the client's
 * encoding over the file as it is on disk (what was loaded). */
static cJSON *file_diagnostics(const Server *s, const char *file, const CfgDiag *const *ds, size_t n)
{
    size_t len = 0;
    char *text = slurp_file(file, &len);
    Lines starts = {0};
    lines_build(&starts, text ? text : "", text ? len : 0);
    LineTable lt = lines_table(&starts, text ? text : "", text ? len : 0);
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        uint32_t a = 0, b = 0;
        if (ds[i]->line && text) {
            a = linetable_offset(&lt, ds[i]->line - 1, ds[i]->col - 1, COL_CODEPOINTS);
            b = a;      /* to the end of the word, so that the mark is visible */
            while (b < len && !strchr(" \t\r\n:,]}", text[b]))
                b++;
        }
        cJSON *j = cJSON_CreateObject();
        cJSON *r = cJSON_AddObjectToObject(j, "range");
        LineCol pa = linetable_pos(&lt, a, s->enc), pb = linetable_pos(&lt, b, s->enc);
        cJSON *st = cJSON_AddObjectToObject(r, "start"), *en = cJSON_AddObjectToObject(r, "end");
        cJSON_AddNumberToObject(st, "line", pa.line - 1);
        cJSON_AddNumberToObject(st, "character", pa.col - 1);
        cJSON_AddNumberToObject(en, "line", pb.line - 1);
        cJSON_AddNumberToObject(en, "character", pb.col - 1);
        cJSON_AddNumberToObject(j, "severity", 1);
        cJSON_AddStringToObject(j, "source", "stacklint");
        cJSON_AddStringToObject(j, "message", ds[i]->msg);
        cJSON_AddItemToArray(arr, j);
    }
    lines_free(&starts);
    free(text);
    return arr;
}

/* Publishes the errors of every configuration (and of the rule files they
 * load) on the files' URIs, and clears the URIs that had errors before. */
static bool publish_config_errors(Server *s)
{
    /* every error once, grouped by file */
    const CfgDiag **all = NULL;
    size_t n = 0;
    for (size_t k = 0; k < s->ncfgs; k++)
        for (size_t i = 0; i < s->cfgs[k]->errors.len; i++) {
            const CfgDiag *d = &s->cfgs[k]->errors.items[i];
            bool dup = false;
            for (size_t j = 0; j < n && !dup; j++)
                dup = all[j]->line == d->line && all[j]->col == d->col &&
                      strcmp(all[j]->file, d->file) == 0 && strcmp(all[j]->msg, d->msg) == 0;
            if (!dup) {
                all = xrealloc(all, (n + 1) * sizeof *all);
                all[n++] = d;
            }
        }
    bool ok = true;
    char **uris = NULL;
    size_t nuris = 0;
    const CfgDiag **group = xmalloc((n ? n : 1) * sizeof *group);
    for (size_t i = 0; i < n; i++) {
        bool done = false;
        for (size_t j = 0; j < i && !done; j++)
            done = strcmp(all[j]->file, all[i]->file) == 0;
        if (done)
            continue;
        size_t g = 0;
        for (size_t j = i; j < n; j++)
            if (strcmp(all[j]->file, all[i]->file) == 0)
                group[g++] = all[j];
        char *abs = all[i]->file[0] == '/' ? NULL : realpath(all[i]->file, NULL);
        char *uri = path_uri(s, abs ? abs : all[i]->file);
        free(abs);
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "uri", uri);
        cJSON_AddItemToObject(p, "diagnostics", file_diagnostics(s, all[i]->file, group, g));
        ok = ok && rpc_send_notification(s->out, "textDocument/publishDiagnostics", p);
        uris = xrealloc(uris, (nuris + 1) * sizeof *uris);
        uris[nuris++] = uri;
    }
    for (size_t i = 0; i < s->nerr_uris; i++) {
        bool still = false;
        for (size_t j = 0; j < nuris && !still; j++)
            still = strcmp(uris[j], s->err_uris[i]) == 0;
        if (!still) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "uri", s->err_uris[i]);
            cJSON_AddArrayToObject(p, "diagnostics");
            ok = ok && rpc_send_notification(s->out, "textDocument/publishDiagnostics", p);
        }
        free(s->err_uris[i]);
    }
    free(s->err_uris);
    s->err_uris = uris;
    s->nerr_uris = nuris;
    free(group);
    free(all);
    return ok;
}

/* The configuration for a document: the nearest file above it, loaded on
 * first use; the defaults when there is none. */
static CfgEntry *doc_config(Server *s, Doc *d)
{
    if (d->cfg)
        return d->cfg;
    char *found = NULL;
    if (d->path[0] == '/') {
        char *dir = xstrdup(d->path);
        char *slash = strrchr(dir, '/');
        slash[slash == dir] = '\0';
        found = config_find_from(dir);
        free(dir);
    }
    CfgEntry *e = cfg_get(s, found);
    free(found);
    if (!e->cfg.rules) {        /* new: read it */
        cfg_reload(s, e);
        publish_config_errors(s);
    }
    d->cfg = e;
    return e;
}

/* The configuration at `path` changed (or appeared, or went away): read it
 * again, look up every document's configuration again, lint them all. */
static void config_changed(Server *s, const char *path)
{
    for (size_t i = 0; i < s->ncfgs; i++) {
        CfgEntry *e = s->cfgs[i];
        if (!e->path || (path && strcmp(e->path, path) != 0))
            continue;
        struct stat st;
        if (stat(e->path, &st) != 0) {      /* deleted: forget it */
            cfg_entry_free(e);
            s->cfgs[i--] = s->cfgs[--s->ncfgs];
            continue;
        }
        cfg_reload(s, e);
    }
    for (size_t i = 0; i < s->ndocs; i++) {
        Doc *d = s->docs[i];
        d->cfg = NULL;
        d->dirty = true;
        parse_cache_free(d->cache);     /* the limits may have changed */
        d->cache = NULL;
    }
    publish_config_errors(s);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static bool lint_doc(Server *s, Doc *d)
{
    if (!d->dirty)
        return true;
    if (is_config_name(d->path)) {
        /* a configuration is not a template: its diagnostics are its errors */
        d->dirty = false;
        struct stat st;
        if (d->path[0] != '/' || stat(d->path, &st) != 0)
            return true;
        CfgEntry *e = cfg_get(s, d->path);
        if (e->cfg.rules)
            return true;
        cfg_reload(s, e);
        return publish_config_errors(s);
    }
    double t0 = s->timing ? now_ms() : 0;
    CfgEntry *e = doc_config(s, d);
    if (d->linted)
        file_result_free(&d->result);
    memset(&d->result, 0, sizeof d->result);
    d->linted = false;
    d->dirty = false;
    if (config_path_excluded(&e->cfg, d->path))
        return publish(s, d, false);    /* include / exclude leave it out: nothing */
    LintOptions opt = LINT_OPTIONS_DEFAULT;
    config_apply_limits(&e->cfg, &opt);
    opt.config = &e->cfg;
    opt.report_unused = e->cfg.report_unused;
    if (d->len > opt.limits.max_file_size) {
        lint_too_large(&opt, d->path, d->len, &d->result);    /* LIMIT001 at its start */
    } else {
        if (!d->cache)
            d->cache = parse_cache_new();
        lint_buffer_cached(&opt, d->path, d->text, d->len, &d->result, d->cache);
    }
    d->linted = true;
    double t1 = s->timing ? now_ms() : 0;
    bool ok = publish(s, d, false);
    if (s->timing)
        fprintf(stderr, "stacklint lsp: version %d: lint %.2f ms, publish %.2f ms\n", d->version,
                t1 - t0, now_ms() - t1);
    return ok;
}

static bool lint_dirty(Server *s)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (!lint_doc(s, s->docs[i]))
            return false;
    return true;
}

static bool any_dirty(const Server *s)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i]->dirty)
            return true;
    return false;
}

/* --- lifecycle ------------------------------------------------------------------------ */

static bool offers(const cJSON *arr, const char *name)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
        if (cJSON_IsString(e) && strcmp(e->valuestring, name) == 0)
            return true;
    return false;
}

static const cJSON *path_get(const cJSON *o, const char *const *keys)
{
    for (; *keys && o; keys++)
        o = cJSON_GetObjectItemCaseSensitive(o, *keys);
    return o;
}

static cJSON *on_initialize(Server *s, const cJSON *params)
{
    static const char *const ENC[] = {"capabilities", "general", "positionEncodings", NULL};
    static const char *const HOVER[] = {"capabilities", "textDocument", "hover", "contentFormat", NULL};
    static const char *const WATCH[] = {"capabilities", "workspace", "didChangeWatchedFiles",
                                        "dynamicRegistration", NULL};
    const cJSON *encs = path_get(params, ENC);
    const char *enc_name = "utf-16";
    s->enc = COL_UTF16;
    if (offers(encs, "utf-8")) {
        s->enc = COL_BYTES;
        enc_name = "utf-8";
    } else if (offers(encs, "utf-32")) {
        s->enc = COL_CODEPOINTS;
        enc_name = "utf-32";
    }
    const cJSON *formats = path_get(params, HOVER);
    s->markdown = !cJSON_IsArray(formats) || offers(formats, "markdown");
    s->watch_registration = cJSON_IsTrue(path_get(params, WATCH));

    cJSON *r = cJSON_CreateObject();
    cJSON *caps = cJSON_AddObjectToObject(r, "capabilities");
    cJSON_AddStringToObject(caps, "positionEncoding", enc_name);
    cJSON *sync = cJSON_AddObjectToObject(caps, "textDocumentSync");
    cJSON_AddBoolToObject(sync, "openClose", 1);
    cJSON_AddNumberToObject(sync, "change", 2);     /* incremental */
    cJSON_AddBoolToObject(cJSON_AddObjectToObject(sync, "save"), "includeText", 1);
    cJSON_AddBoolToObject(caps, "hoverProvider", 1);
    cJSON *ca = cJSON_AddObjectToObject(caps, "codeActionProvider");
    cJSON *kinds = cJSON_AddArrayToObject(ca, "codeActionKinds");
    cJSON_AddItemToArray(kinds, cJSON_CreateString("quickfix"));
    cJSON *info = cJSON_AddObjectToObject(r, "serverInfo");
    cJSON_AddStringToObject(info, "name", "stacklint");
    cJSON_AddStringToObject(info, "version", STACKLINT_VERSION);
    s->initialized = true;
    return r;
}

/* Asks the client to tell us about changes to the configuration file, when
 * it can register file watchers dynamically. */
static bool on_initialized(Server *s)
{
    if (!s->watch_registration)
        return true;
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "jsonrpc", "2.0");
    cJSON_AddNumberToObject(m, "id", (double)++s->next_id);
    cJSON_AddStringToObject(m, "method", "client/registerCapability");
    cJSON *regs = cJSON_AddArrayToObject(cJSON_AddObjectToObject(m, "params"), "registrations");
    cJSON *reg = cJSON_CreateObject();
    cJSON_AddItemToArray(regs, reg);
    cJSON_AddStringToObject(reg, "id", "stacklint-config");
    cJSON_AddStringToObject(reg, "method", "workspace/didChangeWatchedFiles");
    cJSON *w = cJSON_AddArrayToObject(cJSON_AddObjectToObject(reg, "registerOptions"), "watchers");
    cJSON *g = cJSON_CreateObject();
    cJSON_AddStringToObject(g, "globPattern", "**/.stacklint.{yaml,yml}");
    cJSON_AddItemToArray(w, g);
    bool ok = rpc_write(s->out, m);
    cJSON_Delete(m);
    return ok;
}

/* --- text synchronisation ------------------------------------------------------------ */

static const cJSON *text_document(const cJSON *params, const char **uri)
{
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(td, "uri");
    *uri = cJSON_IsString(u) ? u->valuestring : NULL;
    return td;
}

static void set_version(Doc *d, const cJSON *td)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(td, "version");
    if (cJSON_IsNumber(v))
        d->version = v->valueint;
}

static void on_did_open(Server *s, const cJSON *params)
{
    const char *uri;
    const cJSON *td = text_document(params, &uri);
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(td, "text");
    if (!uri || !cJSON_IsString(text))
        return;
    Doc *d = doc_open(s, uri);
    doc_set_text(d, text->valuestring, strlen(text->valuestring));
    set_version(d, td);
}

/* One content change: the whole text, or a range and its replacement. */
static void apply_change(Server *s, Doc *d, const cJSON *ch)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(ch, "text");
    if (!cJSON_IsString(text))
        return;
    size_t n = strlen(text->valuestring);
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(ch, "range");
    if (!range) {
        doc_set_text(d, text->valuestring, n);
        return;
    }
    uint32_t a, b;
    if (!position_offset(s, d, cJSON_GetObjectItemCaseSensitive(range, "start"), &a) ||
        !position_offset(s, d, cJSON_GetObjectItemCaseSensitive(range, "end"), &b))
        return;
    if (a > b) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    doc_splice(d, a, b, text->valuestring, n);
}

static void on_did_change(Server *s, const cJSON *params)
{
    const char *uri;
    const cJSON *td = text_document(params, &uri);
    Doc *d = uri ? doc_find(s, uri) : NULL;
    if (!d)
        return;
    const cJSON *ch;
    cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(params, "contentChanges"))
        apply_change(s, d, ch);
    set_version(d, td);
}

static void on_did_save(Server *s, const cJSON *params)
{
    const char *uri;
    text_document(params, &uri);
    Doc *d = uri ? doc_find(s, uri) : NULL;
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(params, "text");
    if (d && cJSON_IsString(text) && (strlen(text->valuestring) != d->len ||
                                      memcmp(text->valuestring, d->text, d->len) != 0))
        doc_set_text(d, text->valuestring, strlen(text->valuestring));
    if (!d)
        return;
    if (is_config_name(d->path)) {
        config_changed(s, d->path);     /* the file on disk is now what the editor shows */
        return;
    }
    /* a saved rule file of a loaded custom-rules folder: say that it needs a restart */
    char *real = realpath(d->path, NULL);
    char *slash = real ? strrchr(real, '/') : NULL;
    if (slash) {
        *slash = '\0';
        for (size_t i = 0; i < s->nrdirs; i++)
            if (strcmp(s->rdirs[i].path, real) == 0)
                check_rule_dir(s, &s->rdirs[i]);
    }
    free(real);
}

static bool on_did_close(Server *s, const cJSON *params)
{
    const char *uri;
    text_document(params, &uri);
    Doc *d = uri ? doc_find(s, uri) : NULL;
    if (!d)
        return true;
    /* a configuration's errors stay while the file is broken, open or not */
    bool ok = is_config_name(d->path) || publish(s, d, true);
    doc_close(s, d);
    return ok;
}

/* A change to a .stacklint.yaml (created, changed, deleted) can change
 * every result: read it again and re-lint. */
static void on_watched_files(Server *s, const cJSON *params)
{
    const cJSON *ch;
    cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(params, "changes")) {
        const cJSON *u = cJSON_GetObjectItemCaseSensitive(ch, "uri");
        if (!cJSON_IsString(u))
            continue;
        char *path = uri_to_path(u->valuestring);
        if (is_config_name(path))
            config_changed(s, path);
        free(path);
    }
}

/* --- hover and code actions ------------------------------------------------------ */

static Doc *request_doc(Server *s, const cJSON *params)
{
    const char *uri;
    text_document(params, &uri);
    Doc *d = uri ? doc_find(s, uri) : NULL;
    if (d)
        lint_doc(s, d);     /* answer from the current text */
    return d;
}

static cJSON *on_hover(Server *s, const cJSON *params, int *err)
{
    Doc *d = request_doc(s, params);
    uint32_t off;
    if (!d || !position_offset(s, d, cJSON_GetObjectItemCaseSensitive(params, "position"), &off)) {
        *err = d ? RPC_INVALID_PARAMS : 0;
        return NULL;
    }
    Arena a;
    arena_init(&a);
    char *text = arena_strdup(&a, "");
    const Finding *first = NULL;
    for (size_t i = 0; i < d->result.findings.len; i++) {
        const Finding *f = &d->result.findings.items[i];
        if (off < f->start || off > f->end)
            continue;
        bool seen = false;      /* one explanation per rule */
        for (size_t k = 0; k < i && !seen; k++) {
            const Finding *g = &d->result.findings.items[k];
            seen = g->rule == f->rule && off >= g->start && off <= g->end;
        }
        if (!first)
            first = f;
        if (seen)
            text = arena_printf(&a, "%s%s\n\n", text, f->message);
        else
            text = arena_printf(&a, s->markdown ? "%s%s**%s** %s (%s): %s\n\n%s\n\n%s\n"
                                                : "%s%s%s %s (%s): %s\n\n%s\n\n%s\n",
                                text, *text ? "\n---\n\n" : "", f->rule->id, f->rule->name,
                                severity_name(f->severity), f->message, f->rule->summary,
                                f->rule->docs);
    }
    cJSON *r = NULL;
    if (first) {
        r = cJSON_CreateObject();
        cJSON *c = cJSON_AddObjectToObject(r, "contents");
        cJSON_AddStringToObject(c, "kind", s->markdown ? "markdown" : "plaintext");
        cJSON_AddStringToObject(c, "value", text);
        cJSON_AddItemToObject(r, "range", range_json(s, d, first->start, first->end));
    }
    arena_free(&a);
    return r;
}

static bool doc_is_json(const Doc *d)
{
    size_t i = 0;
    while (i < d->len && strchr(" \t\r\n", d->text[i]))
        i++;
    return i < d->len && (d->text[i] == '{' || d->text[i] == '[');
}

/* The quick fix for one finding: the inline suppression comment on the line
 * above, indented like the finding's line. */
static cJSON *suppress_action(const Server *s, const Doc *d, const Finding *f)
{
    uint32_t line0 = linetable_pos(&d->lines, f->start, COL_BYTES).line - 1;
    uint32_t ls = d->lines.starts[line0], ws = ls;
    while (ws < d->len && (d->text[ws] == ' ' || d->text[ws] == '\t'))
        ws++;
    uint32_t le = line0 + 1 < d->lines.count ? d->lines.starts[line0 + 1] : (uint32_t)d->len;
    bool crlf = le >= 2 && d->text[le - 2] == '\r' && d->text[le - 1] == '\n';
    char *insert = xmalloc(ws - ls + strlen(f->rule->id) + 64);
    sprintf(insert, "%.*s# stacklint: ignore %s -- %s%s", (int)(ws - ls), d->text + ls,
            f->rule->id, SUGGESTION_REASON, crlf ? "\r\n" : "\n");

    cJSON *act = cJSON_CreateObject();
    char title[128];
    snprintf(title, sizeof title, "Suppress %s on this line (stacklint: ignore)", f->rule->id);
    cJSON_AddStringToObject(act, "title", title);
    cJSON_AddStringToObject(act, "kind", "quickfix");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(act, "diagnostics"), diagnostic_json(s, d, f));
    cJSON *changes = cJSON_AddObjectToObject(cJSON_AddObjectToObject(act, "edit"), "changes");
    cJSON *edits = cJSON_AddArrayToObject(changes, d->uri);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddItemToArray(edits, e);
    cJSON_AddItemToObject(e, "range", range_json(s, d, ls, ls));
    cJSON_AddStringToObject(e, "newText", insert);
    free(insert);
    return act;
}

static cJSON *on_code_action(Server *s, const cJSON *params, int *err)
{
    Doc *d = request_doc(s, params);
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(params, "range");
    uint32_t a, b;
    if (!d || !position_offset(s, d, cJSON_GetObjectItemCaseSensitive(range, "start"), &a) ||
        !position_offset(s, d, cJSON_GetObjectItemCaseSensitive(range, "end"), &b)) {
        *err = d ? RPC_INVALID_PARAMS : 0;
        return d ? NULL : cJSON_CreateArray();
    }
    cJSON *list = cJSON_CreateArray();
    if (doc_is_json(d))     /* JSON has no comments */
        return list;
    uint32_t la = linetable_pos(&d->lines, a, COL_BYTES).line;
    uint32_t lb = linetable_pos(&d->lines, b, COL_BYTES).line;
    const Rule *last_rule = NULL;
    uint32_t last_line = 0;
    for (size_t i = 0; i < d->result.findings.len; i++) {
        const Finding *f = &d->result.findings.items[i];
        uint32_t fl = linetable_pos(&d->lines, f->start, COL_BYTES).line;
        uint32_t fe = linetable_pos(&d->lines, f->end, COL_BYTES).line;
        if (fe < la || fl > lb || (f->rule == last_rule && fl == last_line))
            continue;
        last_rule = f->rule;
        last_line = fl;
        cJSON_AddItemToArray(list, suppress_action(s, d, f));
    }
    return list;
}

/* --- dispatch ---------------------------------------------------------------------- */

static bool on_request(Server *s, const char *method, const cJSON *id, const cJSON *params)
{
    if (strcmp(method, "initialize") == 0) {
        if (s->initialized)
            return rpc_send_error(s->out, id, RPC_INVALID_REQUEST, "already initialized");
        return rpc_send_result(s->out, id, on_initialize(s, params));
    }
    if (!s->initialized)
        return rpc_send_error(s->out, id, RPC_SERVER_NOT_INITIALIZED, "server not initialized");
    if (s->shutting_down)
        return rpc_send_error(s->out, id, RPC_INVALID_REQUEST, "server is shutting down");
    if (strcmp(method, "shutdown") == 0) {
        s->shutting_down = true;
        return rpc_send_result(s->out, id, NULL);
    }
    int err = 0;
    cJSON *r;
    if (strcmp(method, "textDocument/hover") == 0)
        r = on_hover(s, params, &err);
    else if (strcmp(method, "textDocument/codeAction") == 0)
        r = on_code_action(s, params, &err);
    else
        return rpc_send_error(s->out, id, RPC_METHOD_NOT_FOUND, "method not found");
    if (err) {
        cJSON_Delete(r);
        return rpc_send_error(s->out, id, err, "invalid params");
    }
    return rpc_send_result(s->out, id, r);
}

static bool on_notification(Server *s, const char *method, const cJSON *params)
{
    if (strcmp(method, "exit") == 0) {
        s->exit_now = true;
        return true;
    }
    if (!s->initialized || s->shutting_down)
        return true;        /* dropped, as the protocol says */
    if (strcmp(method, "initialized") == 0)
        return on_initialized(s);
    if (strcmp(method, "textDocument/didOpen") == 0)
        on_did_open(s, params);
    else if (strcmp(method, "textDocument/didChange") == 0)
        on_did_change(s, params);
    else if (strcmp(method, "textDocument/didSave") == 0)
        on_did_save(s, params);
    else if (strcmp(method, "textDocument/didClose") == 0)
        return on_did_close(s, params);
    else if (strcmp(method, "workspace/didChangeConfiguration") == 0)
        config_changed(s, NULL);    /* read every configuration again */
    else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0)
        on_watched_files(s, params);
    return true;    /* other notifications ($/cancelRequest, ...) need no answer */
}

/* One message body. False when the client can no longer be written to. */
static bool handle(Server *s, const char *body, size_t len)
{
    cJSON *m = cJSON_ParseWithLength(body, len);
    if (!m)
        return rpc_send_error(s->out, NULL, RPC_PARSE_ERROR, "parse error: the body is not JSON");
    bool ok = true;
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(m, "method");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(m, "id");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(m, "params");
    bool id_ok = cJSON_IsNumber(id) || cJSON_IsString(id);
    if (!cJSON_IsObject(m) || (id && !id_ok && !cJSON_IsNull(id)))
        ok = rpc_send_error(s->out, NULL, RPC_INVALID_REQUEST, "invalid request");
    else if (!method)
        ;   /* a response to one of our requests: nothing to do */
    else if (!cJSON_IsString(method))
        ok = rpc_send_error(s->out, id_ok ? id : NULL, RPC_INVALID_REQUEST, "invalid request");
    else if (id_ok)
        ok = on_request(s, method->valuestring, id, params);
    else
        ok = on_notification(s, method->valuestring, params);
    cJSON_Delete(m);
    return ok;
}

int lsp_serve(int in_fd, int out_fd, const LintOptions *opt, const bool *given, bool lint_each)
{
    Server s = {.out = out_fd, .enc = COL_UTF16, .markdown = true,
                .timing = getenv("STACKLINT_LSP_TIMING") != NULL};
    for (int i = 0; i < LIMIT_COUNT; i++) {
        s.limits[i] = limit_get(&(opt ? opt : &LINT_OPTIONS_DEFAULT)->limits, (LimitId)i);
        s.limit_given[i] = given && given[i];
    }
    rpc_reader_init(&s.in, in_fd);
    bool alive = true;
    while (alive && !s.exit_now) {
        /* coalescing: lint only when no further message is already waiting */
        if (any_dirty(&s) && (lint_each || !rpc_pending(&s.in, 0)) && !lint_dirty(&s))
            break;
        char *body = NULL;
        size_t len = 0;
        RpcStatus st = rpc_read(&s.in, &body, &len);
        if (st == RPC_EOF)
            break;
        if (st == RPC_BAD_FRAME)
            alive = rpc_send_error(s.out, NULL, RPC_PARSE_ERROR,
                                   "parse error: a message without a valid Content-Length");
        else
            alive = handle(&s, body, len);
        free(body);
    }
    for (size_t i = 0; i < s.ndocs; i++)
        doc_free(s.docs[i]);
    free(s.docs);
    for (size_t i = 0; i < s.ncfgs; i++)
        cfg_entry_free(s.cfgs[i]);
    free(s.cfgs);
    for (size_t i = 0; i < s.nrdirs; i++) {
        free(s.rdirs[i].path);
        free(s.rdirs[i].sig);
        diags_free(&s.rdirs[i].errors);
    }
    free(s.rdirs);
    for (size_t i = 0; i < s.nerr_uris; i++)
        free(s.err_uris[i]);
    free(s.err_uris);
    rpc_reader_free(&s.in);
    return s.exit_now && s.shutting_down ? 0 : 1;
}

static void lsp_usage(FILE *f)
{
    fputs("Usage: stacklint lsp [--stdio] [--max-file-size SIZE] [--max-depth N] ...\n"
          "\n"
          "Runs the stacklint language server: Language Server Protocol over standard\n"
          "input and output. Editors start it; it lints their buffers as people type.\n"
          "The limits (--max-file-size, --max-depth, --max-nodes, --max-alias-expansion,\n"
          "--max-string, --max-var-depth) are those of 'stacklint --help'.\n",
          f);
}

int lsp_main(int argc, char **argv)
{
    LintOptions opt = LINT_OPTIONS_DEFAULT;
    bool given[LIMIT_COUNT] = {false};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--stdio") == 0)
            continue;
        /* the limits, as on the command line: --max-depth N or --max-depth=N */
        const char *eq = strchr(argv[i], '=');
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)(eq ? eq - argv[i] : (long)strlen(argv[i])), argv[i]);
        LimitId id = strncmp(name, "--", 2) == 0 ? limit_by_name(name + 2) : LIMIT_COUNT;
        if (id != LIMIT_COUNT) {
            const char *val = eq ? eq + 1 : i + 1 < argc ? argv[++i] : "";
            uint64_t v;
            const char *why;
            if (limit_parse(id, val, &v, &why) != 0) {
                fprintf(stderr, "stacklint lsp: %s takes %s, not '%s'\n", name, why, val);
                return 2;
            }
            limit_set(&opt.limits, id, v);
            given[id] = true;
            continue;
        }
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            lsp_usage(stdout);
            return 0;
        }
        fprintf(stderr, "stacklint lsp: unknown argument '%s'\n", argv[i]);
        lsp_usage(stderr);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);   /* a vanished client is a failed write, not a signal */
    return lsp_serve(STDIN_FILENO, STDOUT_FILENO, &opt, given, false);
}
