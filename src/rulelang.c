/*
 * rulelang.c — loading, checking and evaluating declarative rules
 * (rulelang.h; the language is documented in
 * docs/writing-your-own-standards.md).
 *
 * A rule file is read with document_read, so every mistake has a position.
 * It is compiled into an Expr tree:
 *
 *   and / or / not            three-valued: false wins in and, true in or
 *   test                      path + exists | absent | equals | one-of |
 *                             matches | gt | ge | lt | le | length
 *   all / any                 path to a list + an expression per item
 *   referenced-by / references  relationships through the reference graph
 *
 * A path is keys separated by dots, with [*] (every item; a single value
 * counts as a list of one, as CloudFormation and IAM allow) and [N].
 * Reaching an intrinsic function (Ref, Fn::If, ...) where a value is
 * needed makes the result unknown; the rule says whether unknown passes.
 */
#include "rulelang.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/source.h"
#include "catalog.h"
#include "config.h"
#include "../base/diag.h"

typedef enum Tri { TRI_FALSE = 0, TRI_TRUE = 1, TRI_UNKNOWN = 2 } Tri;

typedef enum StepKind {
    STEP_KEY,       /* Name: the value of that key */
    STEP_EACH,      /* [*]: every value (list items, both Fn::If branches, none for AWS::NoValue) */
    STEP_INDEX,     /* [N] */
    STEP_VALUES,    /* *: every value of a map, each with its key */
    STEP_KEYOF,     /* @key: the key the value so far was reached by (last step only) */
} StepKind;

typedef struct PathStep {
    StepKind kind;
    const char *key;
    int index;
} PathStep;

typedef struct Path {
    PathStep *steps;
    size_t n;
} Path;

typedef enum ExprKind { E_AND, E_OR, E_NOT, E_TEST, E_ALL, E_ANY, E_REL } ExprKind;

typedef enum TestOp {
    T_EXISTS, T_ABSENT, T_EQUALS, T_ONE_OF, T_MATCHES, T_GT, T_GE, T_LT, T_LE, T_LENGTH
} TestOp;

typedef struct Rel Rel;

typedef struct Expr {
    ExprKind kind;
    struct Expr **kids;
    size_t nkids;
    Path path;
    TestOp op;
    const Node **values;    /* equals (1) / one-of (n) */
    size_t nvalues;
    regex_t *re;
    TestOp num_op;          /* for T_LENGTH: the comparison */
    double num;
    Rel *rel;
} Expr;

struct Rel {
    bool inbound;           /* referenced-by */
    const char **types;
    size_t ntypes;
    Path *at;               /* NULL: any reference anywhere in the resource */
    size_t nat;
    Expr *where;
    Path value;             /* n == 0: the `at` node itself */
    const char *attribute;  /* required Fn::GetAtt / ${X.Attr} attribute, or NULL */
    Path same_as;           /* n > 0: a literal equal to the subject's value there also counts */
    size_t slot;
};

typedef struct EachPath {
    Path path;
    bool report_key;        /* report from the key to the value (report: key) */
} EachPath;

typedef struct CRule {
    Rule rule;
    const char **types;
    size_t ntypes;
    Expr *assert;
    bool unknown_fails;
    EachPath *each;         /* NULL: the resource is checked as a whole */
    size_t neach;
    Expr **report_at;       /* tests naming the nodes to report at */
    size_t nreport_at;
    const char *message;
    Rel **rels;
    size_t nrels;
} CRule;

static Arena g_arena;
static bool g_arena_ready;
static CRule **g_rules;
static size_t g_n, g_cap;

/* --- loading: errors with positions ------------------------------------------------ */

typedef struct Loader {
    Arena *a;
    const char *path;
    LineTable lines;
    int errors;
    CRule *rule;
} Loader;

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

static const char *str_of(Loader *l, const Node *v, const char *what)
{
    if (!node_is_scalar(v) || node_has_tag(v) || !v->len) {
        errorf(l, v, "%s must be a non-empty string", what);
        return NULL;
    }
    return node_str(v);
}

static bool parse_path(Loader *l, const Node *v, Path *out)
{
    const char *s = str_of(l, v, "a path");
    if (!s)
        return false;
    size_t cap = 4;
    out->steps = arena_alloc(l->a, cap * sizeof *out->steps);
    out->n = 0;
    for (const char *p = s; *p;) {
        if (out->n + 1 >= cap) {
            PathStep *n = arena_alloc(l->a, cap * 2 * sizeof *n);
            memcpy(n, out->steps, out->n * sizeof *n);
            out->steps = n;
            cap *= 2;
        }
        if (*p == '[') {
            const char *e = strchr(p, ']');
            if (!e) {
                errorf(l, v, "path '%s': '[' without ']'", s);
                return false;
            }
            if (e == p + 2 && p[1] == '*') {
                out->steps[out->n++] = (PathStep){STEP_EACH, NULL, 0};
            } else {
                char *end;
                long idx = strtol(p + 1, &end, 10);
                if (end != e || p + 1 == e || idx < 0 || idx > 1000000) {
                    errorf(l, v, "path '%s': an index is [*] or a number, as in Items[0]", s);
                    return false;
                }
                out->steps[out->n++] = (PathStep){STEP_INDEX, NULL, (int)idx};
            }
            p = e + 1;
            if (*p == '.')
                p++;
            continue;
        }
        size_t len = strcspn(p, ".[");
        if (!len) {
            errorf(l, v, "path '%s': an empty key (two dots, or a leading dot)", s);
            return false;
        }
        char *key = arena_strndup(l->a, p, len);
        StepKind k = strcmp(key, "*") == 0 ? STEP_VALUES : strcmp(key, "@key") == 0 ? STEP_KEYOF
                   : STEP_KEY;
        if (k == STEP_KEYOF && p[len]) {
            errorf(l, v, "path '%s': @key comes last (the key by which the value before it "
                         "was reached)", s);
            return false;
        }
        out->steps[out->n++] = (PathStep){k, key, 0};
        p += len;
        if (*p == '.') {
            p++;
            if (!*p) {
                errorf(l, v, "path '%s' ends with a dot", s);
                return false;
            }
        }
    }
    return true;
}

static bool parse_number(const Node *v, double *out)
{
    if (!node_is_scalar(v) || node_has_tag(v) || !v->len)
        return false;
    char *end;
    errno = 0;
    *out = strtod(node_str(v), &end);
    return *end == '\0' && errno == 0;
}

static const char **parse_types(Loader *l, const Node *v, size_t *n, const char *what)
{
    const Node *one[1] = {v};
    const Node *const *items = one;
    size_t count = 1;
    if (node_is_seq(v)) {
        items = (const Node *const *)v->u.items;
        count = v->len;
    }
    if (!count) {
        errorf(l, v, "%s needs at least one resource type", what);
        return NULL;
    }
    const char **t = arena_alloc(l->a, count * sizeof *t);
    for (size_t i = 0; i < count; i++)
        if (!(t[i] = str_of(l, items[i], "a resource type (a glob like AWS::SQS::*)")))
            return NULL;
    *n = count;
    return t;
}

static Expr *compile(Loader *l, const Node *v);

static Expr *new_expr(Loader *l, ExprKind k)
{
    Expr *e = arena_calloc(l->a, 1, sizeof *e);
    e->kind = k;
    return e;
}

static Expr *compile_list(Loader *l, const Node *v, ExprKind k, const char *key)
{
    if (!node_is_seq(v) || !v->len) {
        errorf(l, v, "'%s' takes a list of one or more expressions", key);
        return NULL;
    }
    Expr *e = new_expr(l, k);
    e->kids = arena_alloc(l->a, v->len * sizeof *e->kids);
    for (uint32_t i = 0; i < v->len; i++)
        if (!(e->kids[e->nkids++] = compile(l, v->u.items[i])))
            return NULL;
    return e;
}

static Rel *compile_rel(Loader *l, const Node *v, bool inbound)
{
    const char *key = inbound ? "referenced-by" : "references";
    if (!node_is_map(v)) {
        errorf(l, v, "'%s' takes a map: type, and optionally at, where, value, attribute%s", key,
               inbound ? ", or-same-as" : "");
        return NULL;
    }
    Rel *r = arena_calloc(l->a, 1, sizeof *r);
    r->inbound = inbound;
    const Node *type = NULL;
    for (uint32_t i = 0; i < v->len; i++) {
        const Node *k = v->u.entries[i].key, *val = v->u.entries[i].value;
        const char *name = node_str(k);
        if (strcmp(name, "type") == 0) {
            type = val;
            if (!(r->types = parse_types(l, val, &r->ntypes, key)))
                return NULL;
        } else if (strcmp(name, "at") == 0) {
            const Node *one[1] = {val};
            const Node *const *items = node_is_seq(val) ? (const Node *const *)val->u.items : one;
            size_t n = node_is_seq(val) ? val->len : 1;
            r->at = arena_alloc(l->a, (n ? n : 1) * sizeof *r->at);
            for (size_t j = 0; j < n; j++)
                if (!parse_path(l, items[j], &r->at[r->nat++]))
                    return NULL;
        } else if (strcmp(name, "where") == 0) {
            if (!(r->where = compile(l, val)))
                return NULL;
        } else if (strcmp(name, "value") == 0) {
            if (!parse_path(l, val, &r->value))
                return NULL;
        } else if (strcmp(name, "attribute") == 0) {
            if (!(r->attribute = str_of(l, val, "attribute")))
                return NULL;
        } else if (inbound && strcmp(name, "or-same-as") == 0) {
            if (!parse_path(l, val, &r->same_as))
                return NULL;
        } else {
            errorf(l, k, "unknown key '%s' in '%s' (type, at, where, value, attribute%s)", name, key,
                   inbound ? ", or-same-as" : "");
            return NULL;
        }
    }
    if (!type) {
        errorf(l, v, "'%s' needs a type (a resource type glob)", key);
        return NULL;
    }
    if ((r->where || r->value.n) && !r->at) {
        errorf(l, v, "'where' and 'value' in '%s' need 'at' (the paths to look at)", key);
        return NULL;
    }
    CRule *cr = l->rule;
    Rel **n = arena_alloc(l->a, (cr->nrels + 1) * sizeof *n);
    if (cr->nrels)
        memcpy(n, cr->rels, cr->nrels * sizeof *n);
    r->slot = cr->nrels;
    n[cr->nrels++] = r;
    cr->rels = n;
    return r;
}

static const char *const TEST_OPS[] = {"exists", "absent", "equals", "one-of", "matches",
                                       "gt", "ge", "lt", "le", "length", NULL};

static int test_op(const char *k)
{
    for (int i = 0; TEST_OPS[i]; i++)
        if (strcmp(k, TEST_OPS[i]) == 0)
            return i;
    return -1;
}

static bool compile_number_test(Loader *l, const Node *v, Expr *e)
{
    if (!node_is_map(v) || v->len != 1) {
        errorf(l, v, "'length' takes one comparison, as in {ge: 1} (gt, ge, lt, le, equals)");
        return false;
    }
    const char *op = node_str(v->u.entries[0].key);
    int o = test_op(op);
    if (o != T_GT && o != T_GE && o != T_LT && o != T_LE && o != T_EQUALS) {
        errorf(l, v->u.entries[0].key, "'length' compares with gt, ge, lt, le or equals, not '%s'", op);
        return false;
    }
    e->num_op = (TestOp)o;
    if (!parse_number(v->u.entries[0].value, &e->num)) {
        errorf(l, v->u.entries[0].value, "'%s' needs a number", op);
        return false;
    }
    return true;
}

/* A test: {path: P, OP: ARG}; or all/any: {path: P, all: EXPR}. */
static Expr *compile_test(Loader *l, const Node *v)
{
    Expr *e = new_expr(l, E_TEST);
    const Node *opk = NULL, *arg = NULL;
    for (uint32_t i = 0; i < v->len; i++) {
        const Node *k = v->u.entries[i].key, *val = v->u.entries[i].value;
        const char *name = node_str(k);
        if (strcmp(name, "path") == 0) {
            if (!parse_path(l, val, &e->path))
                return NULL;
        } else if (test_op(name) >= 0 || strcmp(name, "all") == 0 || strcmp(name, "any") == 0) {
            if (opk) {
                errorf(l, k, "one test per map: '%s' and '%s' are both here; combine them with and",
                       node_str(opk), name);
                return NULL;
            }
            opk = k;
            arg = val;
        } else {
            errorf(l, k, "unknown key '%s' (a test is path plus one of exists, absent, equals, "
                         "one-of, matches, gt, ge, lt, le, length, all, any; or and, or, not, "
                         "referenced-by, references)", name);
            return NULL;
        }
    }
    if (!opk) {
        errorf(l, v, "this test has no check (exists, absent, equals, one-of, matches, gt, ge, "
                     "lt, le, length, all or any)");
        return NULL;
    }
    const char *op = node_str(opk);
    if (strcmp(op, "all") == 0 || strcmp(op, "any") == 0) {
        e->kind = op[1] == 'l' ? E_ALL : E_ANY;
        e->kids = arena_alloc(l->a, sizeof *e->kids);
        e->nkids = 1;
        return (e->kids[0] = compile(l, arg)) ? e : NULL;
    }
    e->op = (TestOp)test_op(op);
    switch (e->op) {
    case T_EXISTS:
    case T_ABSENT:
        if (!node_is_true(arg) && !node_is_false(arg)) {
            errorf(l, arg, "'%s' takes true or false", op);
            return NULL;
        }
        if (node_is_false(arg))
            e->op = e->op == T_EXISTS ? T_ABSENT : T_EXISTS;
        break;
    case T_EQUALS:
        if (!node_is_scalar(arg)) {
            errorf(l, arg, "'equals' compares with a single value (a string, number or boolean)");
            return NULL;
        }
        e->values = arena_alloc(l->a, sizeof *e->values);
        e->values[0] = arg;
        e->nvalues = 1;
        break;
    case T_ONE_OF:
        if (!node_is_seq(arg) || !arg->len) {
            errorf(l, arg, "'one-of' takes a list of values");
            return NULL;
        }
        e->values = (const Node **)arg->u.items;
        e->nvalues = arg->len;
        for (size_t i = 0; i < e->nvalues; i++)
            if (!node_is_scalar(e->values[i])) {
                errorf(l, e->values[i], "'one-of' values are strings, numbers or booleans");
                return NULL;
            }
        break;
    case T_MATCHES: {
        int flags = REG_EXTENDED | REG_NOSUB;
        const Node *rx = arg;
        if (node_is_map(arg)) {     /* {regex: RE, ignore-case: true} */
            rx = node_get(arg, "regex");
            const Node *ic = node_get(arg, "ignore-case");
            for (uint32_t i = 0; i < arg->len; i++) {
                const char *k = node_str(arg->u.entries[i].key);
                if (strcmp(k, "regex") && strcmp(k, "ignore-case")) {
                    errorf(l, arg->u.entries[i].key, "unknown key '%s' in matches (regex, ignore-case)", k);
                    return NULL;
                }
            }
            if (ic && !node_is_true(ic) && !node_is_false(ic)) {
                errorf(l, ic, "'ignore-case' takes true or false");
                return NULL;
            }
            if (node_is_true(ic))
                flags |= REG_ICASE;
        }
        const char *re = str_of(l, rx ? rx : arg, "'matches' (a regular expression, or {regex, ignore-case})");
        if (!re)
            return NULL;
        e->re = arena_alloc(l->a, sizeof *e->re);
        int rc = regcomp(e->re, re, flags);
        if (rc) {
            char buf[256];
            regerror(rc, e->re, buf, sizeof buf);
            errorf(l, arg, "bad regular expression '%s': %s", re, buf);
            return NULL;
        }
        break;
    }
    case T_LENGTH:
        if (!compile_number_test(l, arg, e))
            return NULL;
        break;
    default:
        if (!parse_number(arg, &e->num)) {
            errorf(l, arg, "'%s' needs a number", op);
            return NULL;
        }
    }
    return e;
}

static Expr *compile(Loader *l, const Node *v)
{
    if (node_is_seq(v))
        return compile_list(l, v, E_AND, "and");
    if (!node_is_map(v) || !v->len) {
        errorf(l, v, "an expression is a map: a test (path + check), and, or, not, "
                     "referenced-by or references");
        return NULL;
    }
    const char *k0 = node_str(v->u.entries[0].key);
    const Node *a0 = v->u.entries[0].value;
    bool logic = strcmp(k0, "and") == 0 || strcmp(k0, "or") == 0 || strcmp(k0, "not") == 0 ||
                 strcmp(k0, "referenced-by") == 0 || strcmp(k0, "references") == 0;
    if (logic && v->len != 1) {
        errorf(l, v->u.entries[1].key, "'%s' stands alone in its map; put '%s' in a separate "
               "list item", k0, node_str(v->u.entries[1].key));
        return NULL;
    }
    if (strcmp(k0, "and") == 0)
        return compile_list(l, a0, E_AND, k0);
    if (strcmp(k0, "or") == 0)
        return compile_list(l, a0, E_OR, k0);
    if (strcmp(k0, "not") == 0) {
        Expr *e = new_expr(l, E_NOT);
        e->kids = arena_alloc(l->a, sizeof *e->kids);
        e->nkids = 1;
        return (e->kids[0] = compile(l, a0)) ? e : NULL;
    }
    if (strcmp(k0, "referenced-by") == 0 || strcmp(k0, "references") == 0) {
        Expr *e = new_expr(l, E_REL);
        return (e->rel = compile_rel(l, a0, strcmp(k0, "referenced-by") == 0)) ? e : NULL;
    }
    return compile_test(l, v);
}

/* --- rule files --------------------------------------------------------------------- */

static bool valid_id(const char *s)
{
    if (!isupper((unsigned char)s[0]))
        return false;
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
            return false;
    return isdigit((unsigned char)s[n - 1]) && n <= 32;
}

static bool valid_name(const char *s)
{
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
            return false;
    return true;
}

static const char *join_tags(Loader *l, const Node *v)
{
    if (!node_is_seq(v)) {
        errorf(l, v, "'tags' must be a list of words");
        return "";
    }
    size_t len = 1;
    for (uint32_t i = 0; i < v->len; i++)
        len += (node_is_scalar(v->u.items[i]) ? v->u.items[i]->len : 0) + 1;
    char *s = arena_alloc(l->a, len);
    s[0] = '\0';
    for (uint32_t i = 0; i < v->len; i++) {
        const char *t = str_of(l, v->u.items[i], "a tag");
        if (!t)
            continue;
        if (*s)
            strcat(s, ",");
        strcat(s, t);
    }
    return s;
}

/* The documentation shown by --explain and in SARIF, from the rule's
 * fields, with the sections every rule page has. */
static const char *make_docs(Loader *l, const char *summary, const char *rationale, const char *help)
{
    return arena_printf(l->a,
                        "## What it checks\n\n%s\n\n## Why it matters\n\n%s\n\n## Problematic code\n\n"
                        "See the rule file %s.\n\n## Correct code\n\n%s\n",
                        summary, rationale ? rationale : "(no rationale given)", l->path,
                        help ? help : "(no help given)");
}

static const char *const RULE_KEYS =
    "id, name, severity, message, summary, rationale, help, tags, resources, unknown, each, "
    "report-at, assert";

/* each: PATH | {path: PATH, report: key|value} | a list of them. */
static void compile_each(Loader *l, const Node *v)
{
    CRule *cr = l->rule;
    const Node *one[1] = {v};
    const Node *const *items = node_is_seq(v) ? (const Node *const *)v->u.items : one;
    size_t n = node_is_seq(v) ? v->len : 1;
    cr->each = arena_calloc(l->a, n ? n : 1, sizeof *cr->each);
    for (size_t i = 0; i < n; i++) {
        const Node *it = items[i], *path = it;
        EachPath *ep = &cr->each[cr->neach++];
        if (node_is_map(it)) {
            path = node_get(it, "path");
            const Node *rep = node_get(it, "report");
            for (uint32_t k = 0; k < it->len; k++) {
                const char *key = node_str(it->u.entries[k].key);
                if (strcmp(key, "path") && strcmp(key, "report"))
                    errorf(l, it->u.entries[k].key, "unknown key '%s' in each (path, report)", key);
            }
            if (rep && !node_str_eq(rep, "key") && !node_str_eq(rep, "value"))
                errorf(l, rep, "'report' is key (from the key to the value) or value");
            ep->report_key = node_str_eq(rep, "key");
            if (!path) {
                errorf(l, it, "this item of each has no path");
                continue;
            }
        }
        parse_path(l, path, &ep->path);
    }
}

/* report-at: PATH | TEST | a list of them: report at every node they find
 * (a bare path: every node there; a test: the nodes at its path that pass it). */
static void compile_report_at(Loader *l, const Node *v)
{
    CRule *cr = l->rule;
    const Node *one[1] = {v};
    const Node *const *items = node_is_seq(v) ? (const Node *const *)v->u.items : one;
    size_t n = node_is_seq(v) ? v->len : 1;
    cr->report_at = arena_calloc(l->a, n ? n : 1, sizeof *cr->report_at);
    for (size_t i = 0; i < n; i++) {
        Expr *e = NULL;
        if (node_is_scalar(items[i])) {
            e = new_expr(l, E_TEST);
            e->op = T_EXISTS;
            if (!parse_path(l, items[i], &e->path))
                continue;
        } else if (node_is_map(items[i])) {
            e = compile_test(l, items[i]);
            if (e && (e->kind != E_TEST || e->op == T_ABSENT)) {
                errorf(l, items[i], "report-at takes a path, or a path with one value test");
                e = NULL;
            }
        } else {
            errorf(l, items[i], "report-at takes a path, or a path with one value test");
        }
        if (e)
            cr->report_at[cr->nreport_at++] = e;
    }
}

static void compile_rule(Loader *l, const Node *root)
{
    CRule *cr = l->rule;
    const char *id = NULL, *name = NULL, *summary = NULL, *rationale = NULL, *help = NULL;
    const Node *assert = NULL, *sev = NULL, *res = NULL;
    cr->rule.tags = "";
    for (uint32_t i = 0; i < root->len; i++) {
        const Node *k = root->u.entries[i].key, *v = root->u.entries[i].value;
        const char *key = node_str(k);
        if (strcmp(key, "id") == 0) {
            if ((id = str_of(l, v, "id")) && !valid_id(id))
                errorf(l, v, "id '%s' must be upper-case letters and digits ending in a digit, "
                             "like TEAM001", id);
        } else if (strcmp(key, "name") == 0) {
            if ((name = str_of(l, v, "name")) && !valid_name(name))
                errorf(l, v, "name '%s' must be lower-case-with-dashes", name);
        } else if (strcmp(key, "severity") == 0) {
            sev = v;
            const char *s = str_of(l, v, "severity");
            if (s && (cr->rule.severity = severity_parse(s)) == SEV_NONE)
                errorf(l, v, "severity must be error, warning or note, not '%s'", s);
        } else if (strcmp(key, "message") == 0) {
            cr->message = str_of(l, v, "message");
        } else if (strcmp(key, "summary") == 0) {
            summary = str_of(l, v, "summary");
        } else if (strcmp(key, "rationale") == 0) {
            rationale = str_of(l, v, "rationale");
        } else if (strcmp(key, "help") == 0) {
            help = str_of(l, v, "help");
        } else if (strcmp(key, "tags") == 0) {
            cr->rule.tags = join_tags(l, v);
        } else if (strcmp(key, "resources") == 0) {
            res = v;
            cr->types = parse_types(l, v, &cr->ntypes, "resources");
        } else if (strcmp(key, "unknown") == 0) {
            if (node_str_eq(v, "fail"))
                cr->unknown_fails = true;
            else if (!node_str_eq(v, "pass"))
                errorf(l, v, "'unknown' is pass or fail: whether a value stacklint cannot know "
                             "(a Ref, Fn::If, ...) passes the rule");
        } else if (strcmp(key, "report-at") == 0) {
            compile_report_at(l, v);
        } else if (strcmp(key, "each") == 0) {
            compile_each(l, v);
        } else if (strcmp(key, "assert") == 0) {
            assert = v;
        } else {
            errorf(l, k, "unknown key '%s' (a rule has %s)", key, RULE_KEYS);
        }
    }
    const char *missing = !id ? "id" : !name ? "name" : !sev ? "severity" : !cr->message ? "message"
                        : !res ? "resources" : !assert ? "assert" : NULL;
    if (missing && !l->errors)
        errorf(l, root, "the rule has no '%s' (a rule has %s)", missing, RULE_KEYS);
    if (assert && !(cr->assert = compile(l, assert)) && !l->errors)
        l->errors++;
    if (l->errors)
        return;
    if (rule_find(id))
        errorf(l, node_get(root, "id"), "rule id or name '%s' is already taken by %s", id,
               rule_find(id)->id);
    else if (rule_find(name))
        errorf(l, node_get(root, "name"), "rule name '%s' is already taken by %s", name,
               rule_find(name)->id);
    cr->rule.id = id;
    cr->rule.name = name;
    cr->rule.summary = summary ? summary : cr->message;
    cr->rule.docs = make_docs(l, cr->rule.summary, rationale, help);
    cr->rule.source = l->path;
    cr->rule.params = "";
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = xmalloc((1u << 20) + 1);
    *len = fread(buf, 1, (1u << 20) + 1, f);
    fclose(f);
    if (*len > (1u << 20)) {
        free(buf);
        errno = EFBIG;
        return NULL;
    }
    return buf;
}

int rulelang_load_file(const char *path)
{
    if (!g_arena_ready) {
        arena_init(&g_arena);
        g_arena_ready = true;
    }
    size_t len = 0;
    char *buf = slurp(path, &len);
    if (!buf) {
        diag_error(path, 0, 0, "cannot read the rule file '%s': %s", path, strerror(errno));
        return -1;
    }
    Loader l = {.a = &g_arena, .path = arena_strdup(&g_arena, path)};
    char *text = arena_strndup(&g_arena, buf, len);
    free(buf);
    linetable_build(&g_arena, &l.lines, text, len);
    Document doc;
    document_read(&g_arena, text, len, &PARSE_LIMITS_DEFAULT, &doc);
    for (const ParseIssue *is = doc.issues; is; is = is->next) {
        LineCol lc = linetable_pos(&l.lines, is->span.start, COL_CODEPOINTS);
        diag_error(l.path, lc.line, lc.col, "%s", is->message);
        l.errors++;
    }
    if (l.errors)
        return -1;
    if (!node_is_map(doc.root)) {
        errorf(&l, doc.root, "a rule file holds one rule: a map with %s", RULE_KEYS);
        return -1;
    }
    l.rule = arena_calloc(&g_arena, 1, sizeof *l.rule);
    compile_rule(&l, doc.root);
    if (l.errors)
        return -1;
    if (g_n == g_cap) {
        g_cap = g_cap ? g_cap * 2 : 8;
        g_rules = xrealloc(g_rules, g_cap * sizeof *g_rules);
    }
    g_rules[g_n++] = l.rule;
    catalog_add(&l.rule->rule);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int rulelang_load_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        diag_error(dir, 0, 0, "cannot read the rules folder '%s': %s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        bool yaml = (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) ||
                    (len > 4 && strcmp(e->d_name + len - 4, ".yml") == 0);
        if (!yaml || e->d_name[0] == '.')
            continue;
        if (n == cap)
            names = xrealloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char *p = xmalloc(strlen(dir) + strlen(names[i]) + 2);
        sprintf(p, "%s/%s", dir, names[i]);
        if (rulelang_load_file(p) != 0)
            rc = -1;
        free(p);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* --- evaluation ------------------------------------------------------------------------ */

/* A value and the map key it was reached by (NULL when none). */
typedef struct Hit {
    const Node *node, *key;
} Hit;

typedef struct NodeSet {
    Hit *items;
    size_t len, cap;
    bool unknown;       /* an intrinsic function stood where the path went on */
} NodeSet;

#define NODESET_MAX 1000000

typedef struct Run {
    CheckCtx *ctx;
    const Model *m;
    uint8_t **marks;        /* per relationship: per resource index */
    const char ***keys;     /* per relationship: sorted literal keys (or-same-as) */
    size_t *nkeys;
} Run;

static void set_push(Arena *a, NodeSet *s, Hit h)
{
    if (s->len == NODESET_MAX)
        return;
    s->items = arena_grow(a, s->items, s->len, &s->cap, sizeof *s->items, 8);
    s->items[s->len++] = h;
}

static bool is_intrinsic(const Node *n)
{
    Node *arg;
    return node_intrinsic(n, &arg) != NULL;
}

static void resolve_from(Arena *a, Hit h, const Path *p, size_t i, NodeSet *out, int depth);

/* [*]: list items, both branches of Fn::If, nothing for !Ref AWS::NoValue,
 * a single value as itself — what CloudFormation and IAM accept. */
static void each_value(Arena *a, Hit h, const Path *p, size_t i, NodeSet *out, int depth)
{
    const Node *n = h.node;
    if (depth > 64)
        return;
    if (node_is_seq(n)) {
        for (uint32_t k = 0; k < n->len && out->len < NODESET_MAX; k++)
            each_value(a, (Hit){n->u.items[k], NULL}, p, i, out, depth + 1);
        return;
    }
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (fn && strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3) {
        each_value(a, (Hit){arg->u.items[1], h.key}, p, i, out, depth + 1);
        each_value(a, (Hit){arg->u.items[2], h.key}, p, i, out, depth + 1);
        return;
    }
    if (fn && strcmp(fn, "Ref") == 0 && node_str_eq(arg, "AWS::NoValue"))
        return;
    resolve_from(a, h, p, i, out, depth + 1);
}

static void resolve_from(Arena *a, Hit h, const Path *p, size_t i, NodeSet *out, int depth)
{
    const Node *n = h.node;
    if (!n || depth > 256)
        return;
    if (i == p->n) {
        set_push(a, out, h);
        return;
    }
    const PathStep *st = &p->steps[i];
    if (st->kind == STEP_KEYOF) {
        if (h.key)
            resolve_from(a, (Hit){h.key, NULL}, p, i + 1, out, depth + 1);
        return;
    }
    if (st->kind == STEP_EACH) {
        each_value(a, h, p, i + 1, out, depth + 1);
        return;
    }
    if (is_intrinsic(n)) {
        out->unknown = true;
        return;
    }
    if (st->kind == STEP_KEY) {
        MapEntry *e = node_get_entry(n, st->key);
        if (e)
            resolve_from(a, (Hit){e->value, e->key}, p, i + 1, out, depth + 1);
    } else if (st->kind == STEP_VALUES) {
        for (uint32_t k = 0; node_is_map(n) && k < n->len && out->len < NODESET_MAX; k++)
            resolve_from(a, (Hit){n->u.entries[k].value, n->u.entries[k].key}, p, i + 1, out,
                         depth + 1);
    } else if (node_is_seq(n) && (uint32_t)st->index < n->len) {
        resolve_from(a, (Hit){n->u.items[st->index], NULL}, p, i + 1, out, depth + 1);
    }
}

static NodeSet resolve(Arena *a, Hit ctx, const Path *p)
{
    NodeSet s = {0};
    resolve_from(a, ctx, p, 0, &s, 0);
    return s;
}

static Tri tri_and(Tri x, Tri y)
{
    if (x == TRI_FALSE || y == TRI_FALSE)
        return TRI_FALSE;
    return x == TRI_UNKNOWN || y == TRI_UNKNOWN ? TRI_UNKNOWN : TRI_TRUE;
}

static Tri tri_or(Tri x, Tri y)
{
    if (x == TRI_TRUE || y == TRI_TRUE)
        return TRI_TRUE;
    return x == TRI_UNKNOWN || y == TRI_UNKNOWN ? TRI_UNKNOWN : TRI_FALSE;
}

static bool bool_like(const Node *n)
{
    return node_is_true(n) || node_is_false(n);
}

static bool scalar_equal(const Node *a, const Node *b)
{
    if (bool_like(a) && bool_like(b))
        return node_is_true(a) == node_is_true(b);
    double x, y;
    if (parse_number(a, &x) && parse_number(b, &y))
        return x == y;
    return a->len == b->len && memcmp(node_str(a), node_str(b), a->len) == 0;
}

static bool compare(TestOp op, double x, double y)
{
    switch (op) {
    case T_GT: return x > y;
    case T_GE: return x >= y;
    case T_LT: return x < y;
    case T_LE: return x <= y;
    default: return x == y;
    }
}

static Tri test_value(const Expr *e, const Node *v)
{
    if (is_intrinsic(v))
        return TRI_UNKNOWN;
    double x;
    switch (e->op) {
    case T_EQUALS:
    case T_ONE_OF:
        if (!node_is_scalar(v))
            return TRI_FALSE;
        for (size_t i = 0; i < e->nvalues; i++)
            if (scalar_equal(v, e->values[i]))
                return TRI_TRUE;
        return TRI_FALSE;
    case T_MATCHES:
        return node_is_scalar(v) && regexec(e->re, node_str(v), 0, NULL, 0) == 0 ? TRI_TRUE
                                                                                  : TRI_FALSE;
    case T_LENGTH:
        return compare(e->num_op, (double)v->len, e->num) ? TRI_TRUE : TRI_FALSE;
    default:
        return parse_number(v, &x) && compare(e->op, x, e->num) ? TRI_TRUE : TRI_FALSE;
    }
}

static Tri eval(Run *r, const Expr *e, Hit ctx, const Resource *res);

static Tri eval_test(Run *r, const Expr *e, Hit ctx)
{
    NodeSet s = resolve(r->ctx->arena, ctx, &e->path);
    if (e->op == T_EXISTS || e->op == T_ABSENT) {
        Tri t = s.len ? TRI_TRUE : s.unknown ? TRI_UNKNOWN : TRI_FALSE;
        if (e->op == T_ABSENT && t != TRI_UNKNOWN)
            t = t == TRI_TRUE ? TRI_FALSE : TRI_TRUE;
        return t;
    }
    if (!s.len)
        return s.unknown ? TRI_UNKNOWN : TRI_FALSE;
    Tri t = s.unknown ? TRI_UNKNOWN : TRI_TRUE;
    for (size_t i = 0; i < s.len && t != TRI_FALSE; i++)
        t = tri_and(t, test_value(e, s.items[i].node));
    return t;
}

/* all / any: over the items of the list at the path (a single value is a
 * list of one); an empty or missing list makes all true and any false. */
static Tri eval_each(Run *r, const Expr *e, Hit ctx, const Resource *res)
{
    NodeSet s = resolve(r->ctx->arena, ctx, &e->path);
    bool all = e->kind == E_ALL;
    Tri t = all ? TRI_TRUE : TRI_FALSE;
    if (s.unknown)
        t = TRI_UNKNOWN;
    for (size_t i = 0; i < s.len; i++) {
        const Node *n = s.items[i].node;
        if (is_intrinsic(n)) {
            t = all ? tri_and(t, TRI_UNKNOWN) : tri_or(t, TRI_UNKNOWN);
            continue;
        }
        uint32_t count = node_is_seq(n) ? n->len : 1;
        for (uint32_t k = 0; k < count; k++) {
            Hit item = node_is_seq(n) ? (Hit){n->u.items[k], NULL} : s.items[i];
            Tri x = eval(r, e->kids[0], item, res);
            t = all ? tri_and(t, x) : tri_or(t, x);
            if (t == (all ? TRI_FALSE : TRI_TRUE))
                return t;
        }
    }
    return t;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static Tri eval_rel(Run *r, const Rel *rel, const Resource *res)
{
    if (res->index < r->m->nresources && r->marks[rel->slot][res->index])
        return TRI_TRUE;
    if (!rel->same_as.n || !r->nkeys[rel->slot])
        return TRI_FALSE;
    NodeSet s = resolve(r->ctx->arena, (Hit){res->node, NULL}, &rel->same_as);
    for (size_t i = 0; i < s.len; i++) {
        const char *k = model_value_key(r->ctx->arena, s.items[i].node);
        if (k && bsearch(&k, r->keys[rel->slot], r->nkeys[rel->slot], sizeof(char *), cmp_cstr))
            return TRI_TRUE;
    }
    return TRI_FALSE;
}

static Tri eval(Run *r, const Expr *e, Hit ctx, const Resource *res)
{
    Tri t;
    switch (e->kind) {
    case E_AND:
        t = TRI_TRUE;
        for (size_t i = 0; i < e->nkids && t != TRI_FALSE; i++)
            t = tri_and(t, eval(r, e->kids[i], ctx, res));
        return t;
    case E_OR:
        t = TRI_FALSE;
        for (size_t i = 0; i < e->nkids && t != TRI_TRUE; i++)
            t = tri_or(t, eval(r, e->kids[i], ctx, res));
        return t;
    case E_NOT:
        t = eval(r, e->kids[0], ctx, res);
        return t == TRI_UNKNOWN ? t : t == TRI_TRUE ? TRI_FALSE : TRI_TRUE;
    case E_TEST:
        return eval_test(r, e, ctx);
    case E_ALL:
    case E_ANY:
        return eval_each(r, e, ctx, res);
    case E_REL:
        return eval_rel(r, e->rel, res);
    }
    return TRI_UNKNOWN;
}

/* --- relationships: computed once per rule and file ------------------------------------ */

static bool type_in(const char *type, const char *const *types, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (glob_match(types[i], type))
            return true;
    return false;
}

typedef struct KeyList {
    const char **items;
    size_t len, cap;
} KeyList;

/* Follows one value of holder h: a reference to a resource, through Fn::If
 * branches; or a literal, kept as a key for or-same-as. */
static void follow(Run *r, const Rel *rel, const Resource *h, const Node *v, KeyList *keys,
                   int depth)
{
    if (!v || depth > 16)
        return;
    const char *target, *attr;
    RefKind k = model_ref_of(v, &target, &attr, r->ctx->arena);
    if (k) {
        const Resource *t = model_resource(r->m, target);
        if (!t || (rel->attribute && (!attr || strcmp(attr, rel->attribute) != 0)))
            return;
        if (rel->inbound)
            r->marks[rel->slot][t->index] = 1;
        else if (type_in(t->type, rel->types, rel->ntypes))
            r->marks[rel->slot][h->index] = 1;
        return;
    }
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    if (fn && strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3) {
        follow(r, rel, h, arg->u.items[1], keys, depth + 1);
        follow(r, rel, h, arg->u.items[2], keys, depth + 1);
        return;
    }
    const char *key = rel->same_as.n ? model_value_key(r->ctx->arena, v) : NULL;
    if (!key)
        return;
    keys->items = arena_grow(r->ctx->arena, keys->items, keys->len, &keys->cap,
                             sizeof *keys->items, 16);
    keys->items[keys->len++] = key;
}

static void holder_values(Run *r, const Rel *rel, const Resource *h, KeyList *keys)
{
    Arena *a = r->ctx->arena;
    for (size_t i = 0; i < rel->nat; i++) {
        NodeSet at = resolve(a, (Hit){h->node, NULL}, &rel->at[i]);
        for (size_t j = 0; j < at.len; j++) {
            if (rel->where && eval(r, rel->where, at.items[j], h) != TRI_TRUE)
                continue;
            if (!rel->value.n) {
                follow(r, rel, h, at.items[j].node, keys, 0);
                continue;
            }
            NodeSet vs = resolve(a, at.items[j], &rel->value);
            for (size_t k = 0; k < vs.len; k++)
                follow(r, rel, h, vs.items[k].node, keys, 0);
        }
    }
}

static void compute_rel(Run *r, const CRule *cr, const Rel *rel)
{
    const Model *m = r->m;
    r->marks[rel->slot] = arena_calloc(r->ctx->arena, m->nresources ? m->nresources : 1, 1);
    KeyList keys = {0};
    if (!rel->at) {     /* any reference anywhere in the holder: the model's graph */
        for (size_t i = 0; i < m->nrefs; i++) {
            const Reference *ref = &m->refs[i];
            if (!ref->from || !ref->to || ref->kind == REF_DEPENDS_ON)
                continue;
            if (rel->attribute && (!ref->attr || strcmp(ref->attr, rel->attribute) != 0))
                continue;
            if (rel->inbound && type_in(ref->from->type, rel->types, rel->ntypes))
                r->marks[rel->slot][ref->to->index] = 1;
            else if (!rel->inbound && type_in(ref->to->type, rel->types, rel->ntypes))
                r->marks[rel->slot][ref->from->index] = 1;
        }
    } else {
        for (size_t i = 0; i < m->nresources; i++) {
            const Resource *h = &m->resources[i];
            bool holder = rel->inbound ? type_in(h->type, rel->types, rel->ntypes)
                                       : type_in(h->type, cr->types, cr->ntypes);
            if (holder)
                holder_values(r, rel, h, &keys);
        }
    }
    if (keys.len)
        qsort(keys.items, keys.len, sizeof *keys.items, cmp_cstr);
    r->keys[rel->slot] = keys.items;
    r->nkeys[rel->slot] = keys.len;
}

/* --- running ----------------------------------------------------------------------------- */

/* The message with {resource}, {type} and {rule} filled in. */
static const char *format_message(Arena *a, const CRule *cr, const Resource *res)
{
    const char *id = res->id ? res->id : "";
    size_t cap = strlen(cr->message) + 64, len = 0;
    char *out = arena_alloc(a, cap);
    for (const char *p = cr->message; *p;) {
        const char *val = NULL;
        size_t skip = 0;
        if (strncmp(p, "{resource}", 10) == 0) { val = id; skip = 10; }
        else if (strncmp(p, "{type}", 6) == 0) { val = res->type; skip = 6; }
        else if (strncmp(p, "{rule}", 6) == 0) { val = cr->rule.id; skip = 6; }
        size_t need = val ? strlen(val) : 1;
        if (len + need + 1 > cap) {
            char *n = arena_alloc(a, cap = (cap + need) * 2);
            memcpy(n, out, len);
            out = n;
        }
        if (val) {
            memcpy(out + len, val, need);
            len += need;
            p += skip;
        } else {
            out[len++] = *p++;
        }
    }
    out[len] = '\0';
    return out;
}

/* Reports one failing node: at the nodes report-at finds under it, else
 * at the node itself (from its key with report: key). A pseudo-resource
 * (a policy file) has no logical id. */
static void report_node(Run *r, const CRule *cr, const Resource *res, Hit at, bool key,
                        const Node *fallback)
{
    CheckCtx *ctx = r->ctx;
    const Resource *who = res->id ? res : NULL;
    const char *msg = format_message(ctx->arena, cr, res);
    size_t before = ctx->out->len;
    for (size_t i = 0; i < cr->nreport_at; i++) {
        const Expr *e = cr->report_at[i];
        NodeSet s = resolve(ctx->arena, at, &e->path);
        for (size_t k = 0; k < s.len; k++)
            if (e->op == T_EXISTS || test_value(e, s.items[k].node) == TRI_TRUE)
                report(ctx, s.items[k].node, who, "%s", msg);
    }
    if (ctx->out->len > before)
        return;
    if (key && at.key)
        report_span(ctx, at.key->span.start, at.node->span.end, who, "%s", msg);
    else
        report(ctx, fallback, who, "%s", msg);
}

static bool fails(const CRule *cr, Tri t)
{
    return t == TRI_FALSE || (t == TRI_UNKNOWN && cr->unknown_fails);
}

static void check_resource(Run *r, const CRule *cr, const Resource *res)
{
    Hit whole = {res->node, NULL};
    if (!cr->neach) {
        if (fails(cr, eval(r, cr->assert, whole, res)))
            report_node(r, cr, res, whole, false, res->id_node);
        return;
    }
    for (size_t i = 0; i < cr->neach; i++) {
        NodeSet s = resolve(r->ctx->arena, whole, &cr->each[i].path);
        for (size_t k = 0; k < s.len; k++)
            if (fails(cr, eval(r, cr->assert, s.items[k], res)))
                report_node(r, cr, res, s.items[k], cr->each[i].report_key, s.items[k].node);
    }
}

static void run_rule(CheckCtx *ctx, const CRule *cr, const Resource *res, size_t nres)
{
    const Model *m = ctx->model;
    Run r = {.ctx = ctx, .m = m};
    size_t nr = cr->nrels ? cr->nrels : 1;
    r.marks = arena_calloc(ctx->arena, nr, sizeof *r.marks);
    r.keys = arena_calloc(ctx->arena, nr, sizeof *r.keys);
    r.nkeys = arena_calloc(ctx->arena, nr, sizeof *r.nkeys);
    bool any = false;
    for (size_t i = 0; i < nres && !any; i++)
        any = type_in(res[i].type, cr->types, cr->ntypes);
    if (!any)
        return;
    for (size_t i = 0; i < cr->nrels; i++)
        compute_rel(&r, cr, cr->rels[i]);
    ctx->rule = &cr->rule;
    for (size_t i = 0; i < nres; i++)
        if (type_in(res[i].type, cr->types, cr->ntypes))
            check_resource(&r, cr, &res[i]);
}

/* A standalone policy file gives one pseudo-resource per policy document
 * in it (a file may hold a list of them, or the AWS CLI's wrappers), typed
 * by what the model made of it: stacklint::IdentityPolicy or
 * stacklint::ResourcePolicy. */
static size_t policy_files(CheckCtx *ctx, const Model *m, Resource **out)
{
    size_t n = 0;
    *out = arena_calloc(ctx->arena, m->npolicies ? m->npolicies : 1, sizeof **out);
    for (size_t i = 0; i < m->npolicies; i++) {
        const PolicyDoc *pd = &m->policies[i];
        if (pd->owner || !pd->node)
            continue;
        Resource *r = &(*out)[n++];
        r->type = pd->kind == POLICY_IDENTITY ? "stacklint::IdentityPolicy"
                : pd->kind == POLICY_RESOURCE ? "stacklint::ResourcePolicy"
                                              : "stacklint::TrustPolicy";
        r->node = r->id_node = (Node *)pd->node;
        r->index = (uint32_t)m->nresources;   /* outside the relationship marks */
    }
    return n;
}

void rulelang_run(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (!m || !g_n)
        return;
    const Resource *res = m->resources;
    size_t nres = m->nresources;
    if (m->kind == KIND_IAM_POLICY) {
        Resource *pseudo;
        nres = policy_files(ctx, m, &pseudo);
        res = pseudo;
    } else if (m->kind != KIND_CFN && m->kind != KIND_SERVERLESS) {
        return;
    }
    for (size_t i = 0; i < g_n; i++)
        if (config_rule_enabled(ctx->config, &g_rules[i]->rule))
            run_rule(ctx, g_rules[i], res, nres);
}
