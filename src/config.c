/*
 * config.c — reading, checking and printing .stacklint.yaml (config.h).
 *
 * The file is read with document_read into a positioned tree; each key is
 * then checked against what it may hold. Rules are named by id, name or
 * tag: tag entries are applied first, then id and name entries, so the
 * more specific setting wins whatever the order in the file.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/source.h"
#include "../base/diag.h"
#include "report.h"
#include "rulelang.h"

#define CONFIG_MAX_SIZE (1u << 20)

static const char DEFAULT[] = "default";

void config_sync_rules(Config *c)
{
    size_t total = rule_count();
    if (total <= c->nrules)
        return;
    RuleConf *n = arena_calloc(&c->arena, total, sizeof *n);
    if (c->nrules)
        memcpy(n, c->rules, c->nrules * sizeof *n);
    for (size_t i = c->nrules; i < total; i++) {
        RuleConf *rc = &n[i];
        rc->enabled = !rule_at(i)->default_off;
        rc->severity = rule_at(i)->severity;
        rc->enabled_from = rc->severity_from = rc->params_from = DEFAULT;
    }
    c->rules = n;
    c->nrules = total;
}

void config_init(Config *c)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->arena);
    config_sync_rules(c);
    c->include.from = c->exclude.from = c->custom_rules.from = DEFAULT;
    c->fail_on = SEV_WARNING;
    c->fail_on_from = DEFAULT;
    c->format = OUT_TEXT;
    c->format_from = DEFAULT;
    c->report_unused_from = DEFAULT;
    c->as_of_from = DEFAULT;
    for (int i = 0; i < LIMIT_COUNT; i++) {
        c->limits[i] = limit_get(&LINT_OPTIONS_DEFAULT.limits, (LimitId)i);
        c->limits_from[i] = DEFAULT;
    }
}

void config_apply_limits(const Config *c, LintOptions *opt)
{
    for (int i = 0; i < LIMIT_COUNT; i++)
        limit_set(&opt->limits, (LimitId)i, c->limits[i]);
}

void config_free(Config *c)
{
    arena_free(&c->arena);
    memset(c, 0, sizeof *c);
}

/* --- finding the file ------------------------------------------------------------ */

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

char *config_find_from(const char *start)
{
    char dir[PATH_MAX], p[PATH_MAX + 32];
    if (!start || start[0] != '/' || strlen(start) >= sizeof dir)
        return NULL;
    snprintf(dir, sizeof dir, "%s", start);
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        dir[--n] = '\0';
    for (;;) {
        static const char *const names[] = {".stacklint.yaml", ".stacklint.yml", NULL};
        for (const char *const *nm = names; *nm; nm++) {
            snprintf(p, sizeof p, "%s/%s", strcmp(dir, "/") ? dir : "", *nm);
            if (is_file(p))
                return xstrdup(p);
        }
        snprintf(p, sizeof p, "%s/.git", strcmp(dir, "/") ? dir : "");
        if (exists(p) || strcmp(dir, "/") == 0)
            return NULL;
        char *slash = strrchr(dir, '/');
        if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
    }
}

char *config_find(void)
{
    char dir[PATH_MAX];
    return getcwd(dir, sizeof dir) ? config_find_from(dir) : NULL;
}

/* --- errors with positions ---------------------------------------------------------- */

typedef struct Loader {
    Config *c;
    const char *path;
    LineTable lines;
    int errors;
} Loader;

static const char *where(Loader *l, const Node *n)
{
    LineCol lc = linetable_pos(&l->lines, n ? n->span.start : 0, COL_CODEPOINTS);
    return arena_printf(&l->c->arena, "%s:%u:%u", l->path, lc.line, lc.col);
}

static void errorf(Loader *l, const Node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void errorf(Loader *l, const Node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror_at(l->path, &l->lines, n ? n->span.start : 0, fmt, ap);
    va_end(ap);
    l->errors++;
}

static const char *kind_name(const Node *n)
{
    if (!n)
        return "nothing";
    return n->kind == NODE_MAP ? "a map" : n->kind == NODE_SEQ ? "a list" : "a string";
}

/* --- values ----------------------------------------------------------------------- */

static bool want_str(Loader *l, const Node *v, const char *key, const char **out)
{
    if (!node_is_scalar(v) || node_has_tag(v)) {
        errorf(l, v, "'%s' must be a string, not %s", key, kind_name(v));
        return false;
    }
    *out = node_str(v);
    return true;
}

static bool want_bool(Loader *l, const Node *v, const char *key, bool *out)
{
    if (node_is_true(v) || node_str_eq(v, "on") || node_str_eq(v, "yes")) {
        *out = true;
        return true;
    }
    if (node_is_false(v) || node_str_eq(v, "off") || node_str_eq(v, "no")) {
        *out = false;
        return true;
    }
    errorf(l, v, "'%s' must be true or false", key);
    return false;
}

/* A list of strings; a single string is taken as a list of one. */
static void want_strlist(Loader *l, const Node *v, const char *key, StrList *out)
{
    const Node *one[1] = {v};
    const Node *const *items = one;
    size_t n = 1;
    if (node_is_seq(v)) {
        items = (const Node *const *)v->u.items;
        n = v->len;
    }
    const char **strs = arena_alloc(&l->c->arena, (n ? n : 1) * sizeof *strs);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s;
        if (want_str(l, items[i], key, &s))
            strs[k++] = s;
    }
    out->items = strs;
    out->len = k;
    out->from = where(l, v);
}

/* --- rules ------------------------------------------------------------------------ */

static bool has_tag(const Rule *r, const char *tag);

int config_switch_rules(Config *c, const char *list, bool on, const char *from, const char **bad)
{
    config_sync_rules(c);
    static __thread char word[128];
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        size_t b = 0, e = n;
        while (b < e && (p[b] == ' ' || p[b] == '\t'))
            b++;
        while (e > b && (p[e - 1] == ' ' || p[e - 1] == '\t'))
            e--;
        if (e == b || e - b >= sizeof word) {
            snprintf(word, sizeof word, "%.*s", (int)(e - b < sizeof word ? e - b : sizeof word - 1), p + b);
            *bad = word;
            return -1;
        }
        memcpy(word, p + b, e - b);
        word[e - b] = 0;
        const Rule *one = rule_find(word);
        bool any = false;
        for (size_t i = 0; i < c->nrules; i++) {
            const Rule *r = rule_at(i);
            if (one ? r == one : has_tag(r, word)) {
                c->rules[i].enabled = on;
                c->rules[i].enabled_from = from;
                any = true;
            }
        }
        if (!any) {
            *bad = word;
            return -1;
        }
        p += n + (p[n] == ',');
    }
    return 0;
}

static bool has_tag(const Rule *r, const char *tag)
{
    size_t n = strlen(tag);
    for (const char *t = r->tags; t && *t;) {
        const char *e = strchr(t, ',');
        size_t len = e ? (size_t)(e - t) : strlen(t);
        if (len == n && strncmp(t, tag, n) == 0)
            return true;
        t = e ? e + 1 : NULL;
    }
    return false;
}

static bool declares_param(const Rule *r, const char *name)
{
    return r->params && *r->params && has_tag(&(Rule){.tags = r->params}, name);
}

/* Checks a rule's parameter map against the parameters its page declares. */
static bool check_params(Loader *l, const Node *v, const Rule *r)
{
    if (!node_is_map(v)) {
        errorf(l, v, "'params' of %s must be a map of parameter names to values", r->id);
        return false;
    }
    bool ok = true;
    for (uint32_t i = 0; i < v->len; i++) {
        const char *name = node_str(v->u.entries[i].key);
        if (!declares_param(r, name)) {
            if (r->params && *r->params)
                errorf(l, v->u.entries[i].key, "rule %s has no parameter '%s' (it has: %s)", r->id,
                       name, r->params);
            else
                errorf(l, v->u.entries[i].key, "rule %s takes no parameters", r->id);
            ok = false;
        }
    }
    return ok;
}

/* One rule setting: off/on/false/true, a severity, or a map with
 * enabled, severity and params. Applies it to rule r. */
static void apply_rule_value(Loader *l, const Node *v, const Rule *r)
{
    RuleConf *rc = &l->c->rules[rule_index(r)];
    const char *from = where(l, v);
    if (node_is_scalar(v) && !node_has_tag(v)) {
        Severity s = severity_parse(node_str(v));
        bool on;
        if (s != SEV_NONE) {
            rc->enabled = true;
            rc->severity = s;
            rc->enabled_from = rc->severity_from = from;
        } else if (!node_is_true(v) && !node_is_false(v) && !node_str_eq(v, "on") &&
                   !node_str_eq(v, "off") && !node_str_eq(v, "yes") && !node_str_eq(v, "no")) {
            errorf(l, v, "the setting of %s is on, off, error, warning or note (or a map with "
                         "enabled, severity and params), not '%s'", r->id, node_str(v));
        } else if (want_bool(l, v, r->id, &on)) {
            rc->enabled = on;
            rc->enabled_from = from;
        }
        return;
    }
    if (!node_is_map(v)) {
        errorf(l, v, "a rule setting is off, on, error, warning, note, or a map with "
                     "enabled, severity and params; not %s", kind_name(v));
        return;
    }
    for (uint32_t i = 0; i < v->len; i++) {
        const Node *k = v->u.entries[i].key, *val = v->u.entries[i].value;
        const char *key = node_str(k);
        const char *s;
        bool on;
        if (strcmp(key, "enabled") == 0) {
            if (want_bool(l, val, key, &on)) {
                rc->enabled = on;
                rc->enabled_from = where(l, val);
            }
        } else if (strcmp(key, "severity") == 0) {
            if (want_str(l, val, key, &s)) {
                Severity sev = severity_parse(s);
                if (sev == SEV_NONE)
                    errorf(l, val, "unknown severity '%s' (error, warning or note)", s);
                else {
                    rc->severity = sev;
                    rc->severity_from = where(l, val);
                }
            }
        } else if (strcmp(key, "params") == 0) {
            if (check_params(l, val, r)) {
                rc->params = val;
                rc->params_from = where(l, val);
            }
        } else {
            errorf(l, k, "unknown key '%s' in the setting of %s (enabled, severity, params)", key,
                   r->id);
        }
    }
}

static void load_rules(Loader *l, const Node *v)
{
    if (!node_is_map(v)) {
        errorf(l, v, "'rules' must be a map from rule id, name or tag to its setting");
        return;
    }
    /* pass 0: tags; pass 1: ids and names, which win over tags */
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < v->len; i++) {
            const Node *k = v->u.entries[i].key, *val = v->u.entries[i].value;
            const char *key = node_str(k);
            const Rule *r = rule_find(key);
            if (pass == 1) {
                if (r)
                    apply_rule_value(l, val, r);
                continue;
            }
            if (r)
                continue;
            size_t hits = 0;
            for (size_t j = 0; j < l->c->nrules; j++)
                if (has_tag(rule_at(j), key)) {
                    hits++;
                    apply_rule_value(l, val, rule_at(j));
                }
            if (!hits)
                errorf(l, k, "unknown rule, rule name or tag '%s' (see stacklint --list-rules)",
                       key);
        }
    }
}

/* custom-rules: folders relative to the configuration file, loaded before
 * `rules` is read. */
static void load_custom(Loader *l, const Node *v, bool load)
{
    Config *c = l->c;
    want_strlist(l, v, "custom-rules", &c->custom_rules);
    for (size_t i = 0; load && i < c->custom_rules.len; i++) {
        const char *d = c->custom_rules.items[i];
        const char *full = d[0] == '/' || !c->dir ? d : arena_printf(&c->arena, "%s/%s", c->dir, d);
        if ((c->load_dir ? c->load_dir(c->load_dir_ud, full) : rulelang_load_dir(full)) != 0)
            l->errors++;
    }
    config_sync_rules(c);
}

/* limits: {max-depth: 512, max-file-size: 128M, ...}; a number or a string. */
static void load_limits(Loader *l, const Node *v)
{
    Config *c = l->c;
    if (!node_is_map(v)) {
        errorf(l, v, "'limits' must be a map of limit names to values, not %s", kind_name(v));
        return;
    }
    for (uint32_t i = 0; i < v->len; i++) {
        const Node *k = v->u.entries[i].key, *val = v->u.entries[i].value;
        LimitId id = limit_by_name(node_str(k));
        if (id == LIMIT_COUNT) {
            char names[256] = "";
            for (int j = 0; j < LIMIT_COUNT; j++)
                snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                         j ? ", " : "", LIMIT_DEFS[j].name);
            errorf(l, k, "unknown limit '%s' (%s)", node_str(k), names);
            continue;
        }
        uint64_t n;
        const char *why;
        if (!node_is_scalar(val) || node_has_tag(val) || limit_parse(id, node_str(val), &n, &why) != 0) {
            limit_parse(id, "", &n, &why);
            errorf(l, val, "limit '%s' must be %s", LIMIT_DEFS[id].name, why);
            continue;
        }
        c->limits[id] = n;
        c->limits_from[id] = where(l, val);
    }
}

static void load_top(Loader *l, const Node *root, bool custom)
{
    Config *c = l->c;
    if (!root)
        return;     /* an empty file is an empty configuration */
    if (!node_is_map(root)) {
        errorf(l, root, "the configuration must be a map (rules, include, exclude, fail-on, "
                        "format, report-unused-suppressions, as-of, custom-rules, limits)");
        return;
    }
    const MapEntry *cr = node_get_entry(root, "custom-rules");
    if (cr)
        load_custom(l, cr->value, custom);
    for (uint32_t i = 0; i < root->len; i++) {
        const Node *k = root->u.entries[i].key, *v = root->u.entries[i].value;
        const char *key = node_str(k), *s;
        if (strcmp(key, "custom-rules") == 0) {
            continue;
        } else if (strcmp(key, "rules") == 0) {
            load_rules(l, v);
        } else if (strcmp(key, "include") == 0) {
            want_strlist(l, v, key, &c->include);
        } else if (strcmp(key, "exclude") == 0) {
            want_strlist(l, v, key, &c->exclude);
        } else if (strcmp(key, "fail-on") == 0) {
            if (!want_str(l, v, key, &s))
                continue;
            Severity sev = severity_parse(s);
            if (sev == SEV_NONE && strcmp(s, "none") != 0)
                errorf(l, v, "unknown fail-on level '%s' (error, warning, note or none)", s);
            else {
                c->fail_on = sev;
                c->fail_on_from = where(l, v);
            }
        } else if (strcmp(key, "format") == 0) {
            if (!want_str(l, v, key, &s))
                continue;
            int f = output_format_parse(s);
            if (!f)
                errorf(l, v, "unknown format '%s' (text, json, sarif or github)", s);
            else {
                c->format = f;
                c->format_from = where(l, v);
            }
        } else if (strcmp(key, "report-unused-suppressions") == 0) {
            if (want_bool(l, v, key, &c->report_unused))
                c->report_unused_from = where(l, v);
        } else if (strcmp(key, "as-of") == 0) {
            if (!want_str(l, v, key, &s))
                continue;
            if (!config_date_valid(s))
                errorf(l, v, "as-of needs a date written YYYY-MM-DD, not '%s'", s);
            else {
                c->as_of = s;
                c->as_of_from = where(l, v);
            }
        } else if (strcmp(key, "limits") == 0) {
            load_limits(l, v);
        } else {
            errorf(l, k, "unknown key '%s' (rules, include, exclude, fail-on, format, "
                         "report-unused-suppressions, as-of, custom-rules, limits)", key);
        }
    }
}

static char *read_all(const char *path, size_t *len, const char **err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = strerror(errno);
        return NULL;
    }
    char *buf = xmalloc(CONFIG_MAX_SIZE + 1);
    *len = fread(buf, 1, CONFIG_MAX_SIZE + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || *len > CONFIG_MAX_SIZE) {
        *err = bad ? "read error" : "larger than 1 MiB";
        free(buf);
        return NULL;
    }
    return buf;
}

static void set_dir(Config *c, const char *path)
{
    char *abs = realpath(path, NULL);
    if (!abs)
        return;
    char *slash = strrchr(abs, '/');
    if (slash == abs)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    c->dir = arena_strdup(&c->arena, abs);
    free(abs);
}

int config_load(Config *c, const char *path, bool load_custom)
{
    size_t len = 0;
    const char *err = NULL;
    char *buf = read_all(path, &len, &err);
    if (!buf) {
        diag_error(path, 0, 0, "cannot read the configuration '%s': %s", path, err);
        return -1;
    }
    char *text = arena_strndup(&c->arena, buf, len);
    free(buf);
    c->path = arena_strdup(&c->arena, path);
    set_dir(c, path);

    Loader l = {.c = c, .path = c->path};
    linetable_build(&c->arena, &l.lines, text, len);
    Document doc;
    document_read(&c->arena, text, len, &PARSE_LIMITS_DEFAULT, &doc);
    for (const ParseIssue *is = doc.issues; is; is = is->next) {
        LineCol lc = linetable_pos(&l.lines, is->span.start, COL_CODEPOINTS);
        diag_error(c->path, lc.line, lc.col, "%s", is->message);
        l.errors++;
    }
    if (!l.errors)
        load_top(&l, doc.root, load_custom);
    return l.errors ? -1 : 0;
}

/* --- printing --------------------------------------------------------------------- */

static void print_list(FILE *out, const char *key, const StrList *s)
{
    if (!s->len) {
        fprintf(out, "%s: []  # %s\n", key, s->from);
        return;
    }
    fprintf(out, "%s:  # %s\n", key, s->from);
    for (size_t i = 0; i < s->len; i++)
        fprintf(out, "  - \"%s\"\n", s->items[i]);
}

static void print_scalar(FILE *out, const Node *v)
{
    if (node_is_scalar(v)) {
        fprintf(out, v->style == SCALAR_PLAIN ? "%s" : "\"%s\"", node_str(v));
        return;
    }
    const char *open = node_is_map(v) ? "{" : "[", *close = node_is_map(v) ? "}" : "]";
    fputs(open, out);
    for (uint32_t i = 0; v && i < v->len; i++) {
        if (i)
            fputs(", ", out);
        if (node_is_map(v)) {
            fprintf(out, "%s: ", node_str(v->u.entries[i].key));
            print_scalar(out, v->u.entries[i].value);
        } else {
            print_scalar(out, v->u.items[i]);
        }
    }
    fputs(close, out);
}

void config_print(const Config *c, FILE *out)
{
    fprintf(out, "# stacklint configuration in effect; each comment says where the value came from\n");
    fprintf(out, "# configuration file: %s\n", c->path ? c->path : "(none)");
    fprintf(out, "fail-on: %s  # %s\n", c->fail_on == SEV_NONE ? "none" : severity_name(c->fail_on),
            c->fail_on_from);
    static const char *const formats[] = {"", "text", "json", "sarif", "github"};
    fprintf(out, "format: %s  # %s\n", formats[c->format], c->format_from);
    fprintf(out, "report-unused-suppressions: %s  # %s\n", c->report_unused ? "true" : "false",
            c->report_unused_from);
    if (c->as_of)
        fprintf(out, "as-of: %s  # %s\n", c->as_of, c->as_of_from);
    else
        fprintf(out, "as-of: today  # %s\n", c->as_of_from);
    print_list(out, "include", &c->include);
    print_list(out, "exclude", &c->exclude);
    print_list(out, "custom-rules", &c->custom_rules);
    fprintf(out, "limits:\n");
    for (int i = 0; i < LIMIT_COUNT; i++) {
        char v[32];
        limit_format((LimitId)i, c->limits[i], v, sizeof v);
        fprintf(out, "  %s: %s  # %s\n", LIMIT_DEFS[i].name, v, c->limits_from[i]);
    }
    fprintf(out, "rules:\n");
    for (size_t i = 0; i < c->nrules; i++) {
        const RuleConf *rc = &c->rules[i];
        fprintf(out, "  %s:  # %s\n", rule_at(i)->id, rule_at(i)->name);
        fprintf(out, "    enabled: %s  # %s\n", rc->enabled ? "true" : "false", rc->enabled_from);
        fprintf(out, "    severity: %s  # %s\n", severity_name(rc->severity), rc->severity_from);
        if (rc->params) {
            fprintf(out, "    params: ");
            print_scalar(out, rc->params);
            fprintf(out, "  # %s\n", rc->params_from);
        }
    }
}

/* --- paths ------------------------------------------------------------------------ */

/* One `[...]` class at *pp against ch; moves *pp past the class. */
static bool class_match(const char **pp, const char *end, char ch)
{
    const char *p = *pp + 1;
    bool neg = p < end && (*p == '!' || *p == '^'), hit = false;
    if (neg)
        p++;
    for (bool first = true; p < end && (first || *p != ']'); first = false) {
        if (p + 2 < end && p[1] == '-' && p[2] != ']') {
            hit |= ch >= p[0] && ch <= p[2];
            p += 3;
        } else {
            hit |= ch == *p++;
        }
    }
    *pp = p < end ? p + 1 : p;
    return hit != neg;
}

/* One path segment against one pattern segment: `*`, `?`, `[...]`. The
 * classic single-backtrack loop: O(pattern × segment) at worst. */
static bool seg_match(const char *p, const char *pe, const char *s, const char *se)
{
    const char *star_p = NULL, *star_s = NULL;
    while (s < se) {
        if (p < pe && *p == '*') {
            star_p = ++p;
            star_s = s;
            continue;
        }
        if (p < pe && *p == '[') {
            const char *q = p;
            if (class_match(&q, pe, *s)) {
                p = q;
                s++;
                continue;
            }
        } else if (p < pe && (*p == '?' || *p == *s)) {
            p++;
            s++;
            continue;
        }
        if (!star_p)
            return false;
        p = star_p;
        s = ++star_s;
    }
    while (p < pe && *p == '*')
        p++;
    return p == pe;
}

typedef struct Seg {
    const char *s, *e;
} Seg;

static size_t split(const char *str, Seg *out, size_t max)
{
    size_t n = 0;
    for (const char *s = str;; ) {
        const char *e = strchr(s, '/');
        if (!e)
            e = s + strlen(s);
        if (n == max)
            return max + 1;
        out[n++] = (Seg){s, e};
        if (!*e)
            return n;
        s = e + 1;
    }
}

#define GLOB_MAX_SEGS 64

/* Segments compared left to right; `**` matches any number of whole
 * segments. ok[j] says whether the pattern so far can end before path
 * segment j: O(pattern segments × path segments). */
bool glob_match(const char *pat, const char *str)
{
    Seg ps[GLOB_MAX_SEGS], ss[GLOB_MAX_SEGS];
    size_t np = split(pat, ps, GLOB_MAX_SEGS), ns = split(str, ss, GLOB_MAX_SEGS);
    if (np > GLOB_MAX_SEGS || ns > GLOB_MAX_SEGS)
        return false;
    bool ok[GLOB_MAX_SEGS + 1] = {true}, next[GLOB_MAX_SEGS + 1];
    for (size_t i = 0; i < np; i++) {
        bool dstar = ps[i].e - ps[i].s == 2 && ps[i].s[0] == '*' && ps[i].s[1] == '*';
        memset(next, 0, sizeof next);
        for (size_t j = 0; j <= ns; j++) {
            if (dstar) {
                if (ok[j] || (j && next[j - 1]))
                    next[j] = true;
            } else if (j && ok[j - 1] && seg_match(ps[i].s, ps[i].e, ss[j - 1].s, ss[j - 1].e)) {
                next[j] = true;
            }
        }
        memcpy(ok, next, sizeof ok);
    }
    return ok[ns];
}

/* The path to match globs against: relative to the configuration's
 * directory when the file lies below it, else as given without "./". */
static const char *match_path(const Config *c, const char *path, char *buf, size_t size)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    if (!c->dir)
        return path;
    /* an editor's buffer may not exist on disk yet: its absolute name will do */
    char *abs = realpath(path, NULL);
    if (!abs && path[0] == '/')
        abs = xstrdup(path);
    if (!abs)
        return path;
    size_t n = strlen(c->dir);
    const char *rel = path;
    if (strcmp(c->dir, "/") == 0)
        rel = abs + 1;
    else if (strncmp(abs, c->dir, n) == 0 && abs[n] == '/')
        rel = abs + n + 1;
    snprintf(buf, size, "%s", rel);
    free(abs);
    return buf;
}

/* A pattern without '/' matches the name in any folder, like .gitignore;
 * a pattern matching a folder excludes everything below it. */
static bool any_match(const StrList *l, const char *rel)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    for (size_t i = 0; i < l->len; i++) {
        const char *pat = l->items[i];
        if (!strchr(pat, '/') ? glob_match(pat, base) : glob_match(pat, rel))
            return true;
        for (const char *s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
            char dir[PATH_MAX];
            snprintf(dir, sizeof dir, "%.*s", (int)(s - rel), rel);
            const char *db = strrchr(dir, '/');
            if (glob_match(pat, strchr(pat, '/') ? dir : (db ? db + 1 : dir)))
                return true;
        }
    }
    return false;
}

bool config_path_excluded(const Config *c, const char *path)
{
    if (!c || (!c->include.len && !c->exclude.len) || strcmp(path, "-") == 0)
        return false;
    char buf[PATH_MAX];
    const char *rel = match_path(c, path, buf, sizeof buf);
    if (c->include.len && !any_match(&c->include, rel))
        return true;
    return any_match(&c->exclude, rel);
}

/* --- lookups ------------------------------------------------------------------------ */

/* The set-up of r, or NULL (no configuration, or a rule loaded after it). */
static const RuleConf *conf_of(const Config *c, const Rule *r)
{
    if (!c || !r)
        return NULL;
    size_t i = rule_index(r);
    return i < c->nrules ? &c->rules[i] : NULL;
}

bool config_rule_enabled(const Config *c, const Rule *r)
{
    const RuleConf *rc = conf_of(c, r);
    return rc ? rc->enabled : !r->default_off;
}

Severity config_rule_severity(const Config *c, const Rule *r)
{
    const RuleConf *rc = conf_of(c, r);
    return rc ? rc->severity : r->severity;
}

bool config_date_valid(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

const char *config_as_of(const Config *c, char *buf)
{
    if (c && c->as_of) {
        snprintf(buf, 11, "%s", c->as_of);
        return buf;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
    return buf;
}

Severity config_finding_severity(const Config *c, const Finding *f)
{
    const RuleConf *rc = conf_of(c, f->rule);
    if (!f->own_severity)
        return rc ? rc->severity : f->rule->severity;
    return rc && rc->severity_from != DEFAULT ? rc->severity : f->severity;
}

const Node *rule_param(const CheckCtx *ctx, const char *name)
{
    const RuleConf *rc = conf_of(ctx->config, ctx->rule);
    return rc ? node_get(rc->params, name) : NULL;
}

bool check_rule_on(const CheckCtx *ctx, const Rule *r)
{
    return config_rule_enabled(ctx->config, r);
}

const char *check_as_of(const CheckCtx *ctx, char *buf)
{
    return config_as_of(ctx->config, buf);
}
