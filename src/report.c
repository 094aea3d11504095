/*
 * report.c — text, JSON, SARIF 2.1.0 and GitHub workflow-command output.
 *
 * JSON and SARIF are built with cJSON. SARIF artifact URIs are relative to
 * the working directory (uriBaseId SRCROOT, defined in originalUriBaseIds)
 * when the file lies below it, and absolute file: URIs otherwise.
 */
#include "report.h"
#include "catalog.h"


#include <cJSON.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int output_format_parse(const char *s)
{
    if (strcmp(s, "text") == 0) return OUT_TEXT;
    if (strcmp(s, "json") == 0) return OUT_JSON;
    if (strcmp(s, "sarif") == 0) return OUT_SARIF;
    if (strcmp(s, "github") == 0) return OUT_GITHUB;
    return 0;
}

/* --- text and GitHub -------------------------------------------------------------- */

bool report_color;

static void write_text(FILE *out, const Finding *const *fs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Finding *f = fs[i];
        if (!report_color) {
            fprintf(out, "%s:%u:%u: %s: %s [%s]\n", f->path, f->begin.line, f->begin.col,
                    severity_name(f->severity), f->message, f->rule->id);
            continue;
        }
        /* bold location, red/yellow/cyan severity, dim rule id */
        const char *sev = f->severity == SEV_ERROR ? "\033[1;31m"
                        : f->severity == SEV_WARNING ? "\033[1;33m" : "\033[1;36m";
        fprintf(out, "\033[1m%s:%u:%u:\033[0m %s%s:\033[0m %s \033[2m[%s]\033[0m\n", f->path,
                f->begin.line, f->begin.col, sev, severity_name(f->severity), f->message,
                f->rule->id);
    }
}

/* GitHub workflow commands escape %, CR and LF everywhere, and also ':'
 * and ',' in property values. */
static void gh_escape(FILE *out, const char *s, int property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': property ? fputs("%3A", out) : fputc(':', out); break;
        case ',': property ? fputs("%2C", out) : fputc(',', out); break;
        default: fputc(*s, out);
        }
    }
}

static void write_github(FILE *out, const Finding *const *fs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Finding *f = fs[i];
        const char *cmd = f->severity == SEV_ERROR ? "error"
                        : f->severity == SEV_WARNING ? "warning" : "notice";
        fprintf(out, "::%s file=", cmd);
        gh_escape(out, f->path, 1);
        fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=", f->begin.line,
                f->begin.col, f->finish.line, f->finish.col);
        gh_escape(out, f->rule->id, 1);
        fputs(" ", out);
        gh_escape(out, f->rule->name, 1);
        fputs("::", out);
        gh_escape(out, f->message, 0);
        fputc('\n', out);
    }
}

/* --- JSON ------------------------------------------------------------------------------ */

static cJSON *json_pos(LineCol lc)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "line", lc.line);
    cJSON_AddNumberToObject(o, "column", lc.col);
    return o;
}

static int print_json(FILE *out, cJSON *root, int pretty)
{
    char *s = pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!s)
        return -1;
    int rc = fputs(s, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
    cJSON_free(s);
    return rc;
}

static int write_json(FILE *out, const Finding *const *fs, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        const Finding *f = fs[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "rule", f->rule->id);
        cJSON_AddStringToObject(o, "name", f->rule->name);
        cJSON_AddStringToObject(o, "severity", severity_name(f->severity));
        cJSON_AddStringToObject(o, "message", f->message);
        cJSON_AddStringToObject(o, "path", f->path);
        if (f->resource)
            cJSON_AddStringToObject(o, "resource", f->resource);
        else
            cJSON_AddNullToObject(o, "resource");
        cJSON_AddItemToObject(o, "start", json_pos(f->begin));
        cJSON_AddItemToObject(o, "end", json_pos(f->finish));
        cJSON_AddStringToObject(o, "fingerprint", f->fingerprint);
        cJSON_AddItemToArray(arr, o);
    }
    return print_json(out, arr, 1);
}

/* --- SARIF ------------------------------------------------------------------------------ */

static char *uri_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *o = malloc(n * 3 + 1), *p = o;
    if (!o)
        return NULL;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-._~/", c)) {
            *p++ = (char)c;
        } else {
            *p++ = '%';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
    }
    *p = '\0';
    return o;
}

/* The artifact location of a path: relative to SRCROOT (the working
 * directory) when it is below it, else an absolute file URI. */
static cJSON *artifact_location(const char *path, const char *cwd)
{
    cJSON *loc = cJSON_CreateObject();
    const char *rel = NULL;
    if (path[0] != '/') {
        rel = path;
        while (rel[0] == '.' && rel[1] == '/')
            rel += 2;
        if (strncmp(rel, "../", 3) == 0 || strcmp(rel, "..") == 0)
            rel = NULL;
    } else if (cwd && strncmp(path, cwd, strlen(cwd)) == 0 && path[strlen(cwd)] == '/') {
        rel = path + strlen(cwd) + 1;
    }
    if (rel) {
        char *u = uri_escape(rel);
        cJSON_AddStringToObject(loc, "uri", u ? u : "");
        cJSON_AddStringToObject(loc, "uriBaseId", "SRCROOT");
        free(u);
        return loc;
    }
    char *abs = realpath(path, NULL);
    if (!abs && path[0] != '/' && cwd) {
        abs = malloc(strlen(cwd) + strlen(path) + 2);
        if (abs)
            sprintf(abs, "%s/%s", cwd, path);
    }
    char *u = uri_escape(abs ? abs : path);
    free(abs);
    char *full = malloc(strlen(u ? u : "") + 8);
    if (full) {
        sprintf(full, "file://%s", u ? u : "");
        cJSON_AddStringToObject(loc, "uri", full);
    }
    free(full);
    free(u);
    return loc;
}

static const char *sarif_level(Severity s)
{
    return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static cJSON *text_obj(const char *key, const char *text)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, key, text);
    return o;
}

/* The first paragraph of a rule's "What it checks" section, for
 * fullDescription; the summary when there is none. */
static char *first_paragraph(const Rule *r)
{
    const char *s = strstr(r->docs, "## What it checks");
    if (!s)
        return strdup(r->summary);
    s = strchr(s, '\n');
    while (s && *s == '\n')
        s++;
    if (!s || !*s || *s == '#')
        return strdup(r->summary);
    const char *e = strstr(s, "\n\n");
    size_t n = e ? (size_t)(e - s) : strlen(s);
    char *p = strndup(s, n);
    for (char *c = p; *c; c++)
        if (*c == '\n')
            *c = ' ';
    return p;
}

static cJSON *sarif_rule(const Rule *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", r->id);
    cJSON_AddStringToObject(o, "name", r->name);
    cJSON_AddItemToObject(o, "shortDescription", text_obj("text", r->summary));
    char *full = first_paragraph(r);
    cJSON_AddItemToObject(o, "fullDescription", text_obj("text", full ? full : r->summary));
    free(full);
    cJSON *help = cJSON_CreateObject();
    cJSON_AddStringToObject(help, "text", r->docs);
    cJSON_AddStringToObject(help, "markdown", r->docs);
    cJSON_AddItemToObject(o, "help", help);
    char uri[256];
    snprintf(uri, sizeof uri, "%s%s.md", STACKLINT_RULE_DOC_BASE, r->id);
    if (rule_index(r) < RULE_COUNT)     /* a team's own rule has no page there */
        cJSON_AddStringToObject(o, "helpUri", uri);
    cJSON *conf = cJSON_CreateObject();
    cJSON_AddStringToObject(conf, "level", sarif_level(r->severity));
    cJSON_AddItemToObject(o, "defaultConfiguration", conf);
    cJSON *props = cJSON_CreateObject();
    cJSON *tags = cJSON_CreateArray();
    char *t = strdup(r->tags ? r->tags : ""), *save = NULL;
    for (char *tok = t ? strtok_r(t, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save))
        cJSON_AddItemToArray(tags, cJSON_CreateString(tok));
    free(t);
    cJSON_AddItemToObject(props, "tags", tags);
    if (r->nequivalents)    /* the peer checks it stands for (rules/<ID>.md `equivalents`) */
        cJSON_AddItemToObject(props, "equivalents", catalog_equivalents_json(r));
    cJSON_AddItemToObject(o, "properties", props);
    return o;
}

static cJSON *sarif_result(const Finding *f, const char *cwd)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "ruleId", f->rule->id);
    cJSON_AddNumberToObject(o, "ruleIndex", (double)rule_index(f->rule));
    cJSON_AddStringToObject(o, "level", sarif_level(f->severity));
    cJSON_AddItemToObject(o, "message", text_obj("text", f->message));
    cJSON *region = cJSON_CreateObject();
    cJSON_AddNumberToObject(region, "startLine", f->begin.line);
    cJSON_AddNumberToObject(region, "startColumn", f->begin.col);
    cJSON_AddNumberToObject(region, "endLine", f->finish.line);
    cJSON_AddNumberToObject(region, "endColumn", f->finish.col);
    cJSON *phys = cJSON_CreateObject();
    cJSON_AddItemToObject(phys, "artifactLocation", artifact_location(f->path, cwd));
    cJSON_AddItemToObject(phys, "region", region);
    cJSON *loc = cJSON_CreateObject();
    cJSON_AddItemToObject(loc, "physicalLocation", phys);
    if (f->resource) {
        cJSON *logical = cJSON_CreateArray();
        cJSON *l = cJSON_CreateObject();
        cJSON_AddStringToObject(l, "name", f->resource);
        cJSON_AddStringToObject(l, "kind", "resource");
        cJSON_AddItemToArray(logical, l);
        cJSON_AddItemToObject(loc, "logicalLocations", logical);
    }
    cJSON *locs = cJSON_CreateArray();
    cJSON_AddItemToArray(locs, loc);
    cJSON_AddItemToObject(o, "locations", locs);
    cJSON *fp = cJSON_CreateObject();
    cJSON_AddStringToObject(fp, "stacklint/v1", f->fingerprint);
    cJSON_AddItemToObject(o, "partialFingerprints", fp);
    if (f->suppressed) {    /* suppressed in the source (src/suppress.c) */
        cJSON *sup = cJSON_CreateObject();
        cJSON_AddStringToObject(sup, "kind", "inSource");
        if (f->justification)
            cJSON_AddStringToObject(sup, "justification", f->justification);
        cJSON *sups = cJSON_AddArrayToObject(o, "suppressions");
        cJSON_AddItemToArray(sups, sup);
    }
    return o;
}

static int write_sarif(FILE *out, const Finding *const *fs, size_t n)
{
    char cwd[PATH_MAX];
    const char *cwdp = getcwd(cwd, sizeof cwd) ? cwd : NULL;

    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    cJSON_AddStringToObject(root, "version", "2.1.0");
    cJSON *runs = cJSON_AddArrayToObject(root, "runs");
    cJSON *run = cJSON_CreateObject();
    cJSON_AddItemToArray(runs, run);

    cJSON *tool = cJSON_AddObjectToObject(run, "tool");
    cJSON *driver = cJSON_AddObjectToObject(tool, "driver");
    cJSON_AddStringToObject(driver, "name", "stacklint");
    cJSON_AddStringToObject(driver, "version", STACKLINT_VERSION);
    cJSON_AddStringToObject(driver, "semanticVersion", STACKLINT_VERSION);
    cJSON_AddStringToObject(driver, "informationUri", STACKLINT_HOME);
    cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
    for (size_t i = 0; i < rule_count(); i++)     /* the team's rules after the built-in ones */
        cJSON_AddItemToArray(rules, sarif_rule(rule_at(i)));

    if (cwdp) {
        char *u = uri_escape(cwdp);
        char *base = malloc(strlen(u ? u : "") + 16);
        if (base) {
            sprintf(base, "file://%s/", u ? u : "");
            cJSON *bases = cJSON_AddObjectToObject(run, "originalUriBaseIds");
            cJSON *src = cJSON_AddObjectToObject(bases, "SRCROOT");
            cJSON_AddStringToObject(src, "uri", base);
        }
        free(base);
        free(u);
    }
    cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints");
    cJSON *results = cJSON_AddArrayToObject(run, "results");
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(results, sarif_result(fs[i], cwdp));
    return print_json(out, root, 1);
}

int report_write(FILE *out, OutputFormat fmt, const Finding *const *fs, size_t n)
{
    switch (fmt) {
    case OUT_JSON: return write_json(out, fs, n);
    case OUT_SARIF: return write_sarif(out, fs, n);
    case OUT_GITHUB: write_github(out, fs, n); break;
    default: write_text(out, fs, n); break;
    }
    return ferror(out) ? -1 : 0;
}
