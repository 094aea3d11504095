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
#include <pthread.h>
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
    const char *param;      /* a test of the rule parameter of this name, not of a path */
    const char *rhs_param;  /* the value compared with is this rule parameter's ({param: NAME}) */
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
    const Rule *rule;       /* RULES[i] for a built-in rule, else &own */
    Rule own;               /* a team rule's metadata, from its file */
    bool builtin;           /* rules/<ID>.yaml: skips what stacklint synthesised */
    const Node *param_defaults;     /* params: {NAME: default}, or NULL */
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
    const Rule *page;       /* a built-in body: the page its metadata comes from */
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

/* A parameter the rule declares in its params (with its default). */
static const char *param_name(Loader *l, const Node *v)
{
    const char *name = str_of(l, v, "a parameter name");
    if (name && !node_get(l->rule->param_defaults, name)) {
        errorf(l, v, "'%s' is not a parameter of this rule: declare it with its default under "
                     "params: {%s: VALUE}", name, name);
        return NULL;
    }
    return name;
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
        } else if (strcmp(name, "param") == 0) {
            if (!(e->param = param_name(l, val)))
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
            errorf(l, k, "unknown key '%s' (a test is path or param plus one of exists, absent, "
                         "equals, one-of, matches, gt, ge, lt, le, length, all, any; or and, or, "
                         "not, referenced-by, references)", name);
            return NULL;
        }
    }
    if (!opk) {
        errorf(l, v, "this test has no check (exists, absent, equals, one-of, matches, gt, ge, "
                     "lt, le, length, all or any)");
        return NULL;
    }
    const char *op = node_str(opk);
    if (e->param && e->path.n) {
        errorf(l, v, "a test has a path or a param, not both");
        return NULL;
    }
    if (e->param && (strcmp(op, "all") == 0 || strcmp(op, "any") == 0)) {
        errorf(l, opk, "'%s' goes through a list at a path, not a param", op);
        return NULL;
    }
    /* {param: NAME} in place of the value compared with */
    if (node_is_map(arg) && arg->len == 1 && node_str_eq(arg->u.entries[0].key, "param")) {
        int o = test_op(op);
        if (o != T_EQUALS && o != T_ONE_OF && o != T_GT && o != T_GE && o != T_LT && o != T_LE) {
            errorf(l, arg, "'%s' cannot compare with a parameter ({param: NAME} works with equals, "
                           "one-of, gt, ge, lt and le)", op);
            return NULL;
        }
        if (!(e->rhs_param = param_name(l, arg->u.entries[0].value)))
            return NULL;
        e->op = (TestOp)o;
        return e;
    }
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
    "report-at, params, assert";
/* A built-in rule's body (rules/<ID>.yaml): its page has the rest. */
static const char *const BODY_KEYS =
    "message, resources, unknown, each, report-at, params, assert";

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

/* report-at: PATH | TEST | a list of them, tried in order: report at every
 * node the first one to find any finds (a bare path: every node there; a
 * test: the nodes at its path that pass it). */
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

/* params: {NAME: default, ...}: the rule's parameters, set per rule in
 * .stacklint.yaml (rules: {ID: {params: {NAME: VALUE}}}). */
static const char *compile_params(Loader *l, const Node *v)
{
    if (!node_is_map(v) || !v->len) {
        errorf(l, v, "'params' is a map of parameter names to their default values");
        return "";
    }
    size_t len = 1;
    for (uint32_t i = 0; i < v->len; i++) {
        const char *name = node_str(v->u.entries[i].key);
        if (!valid_name(name) || !*name)
            errorf(l, v->u.entries[i].key, "parameter name '%s' must be lower-case-with-dashes", name);
        len += v->u.entries[i].key->len + 1;
    }
    l->rule->param_defaults = v;
    char *names = arena_alloc(l->a, len);
    names[0] = '\0';
    for (uint32_t i = 0; i < v->len; i++) {
        if (i)
            strcat(names, ",");
        strcat(names, node_str(v->u.entries[i].key));
    }
    return names;
}

/* What a built-in body's page already says, and so the body must not. */
static const char *const PAGE_KEYS[] = {"id", "name", "severity", "summary", "rationale", "help",
                                        "tags", NULL};

static void compile_rule(Loader *l, const Node *root)
{
    CRule *cr = l->rule;
    Rule *own = &cr->own;
    const char *id = NULL, *name = NULL, *summary = NULL, *rationale = NULL, *help = NULL;
    const char *params = "";
    const Node *assert = NULL, *sev = NULL, *res = NULL, *params_node = NULL;
    own->tags = "";
    /* params first: the assertion names them */
    if ((params_node = node_get(root, "params")))
        params = compile_params(l, params_node);
    for (uint32_t i = 0; i < root->len; i++) {
        const Node *k = root->u.entries[i].key, *v = root->u.entries[i].value;
        const char *key = node_str(k);
        bool page_key = false;
        for (const char *const *pk = PAGE_KEYS; *pk; pk++)
            page_key |= strcmp(key, *pk) == 0;
        if (l->page && page_key) {
            errorf(l, k, "'%s' comes from the rule's page (%s), not from its body", key,
                   l->page->source);
        } else if (strcmp(key, "id") == 0) {
            if ((id = str_of(l, v, "id")) && !valid_id(id))
                errorf(l, v, "id '%s' must be upper-case letters and digits ending in a digit, "
                             "like TEAM001", id);
        } else if (strcmp(key, "name") == 0) {
            if ((name = str_of(l, v, "name")) && !valid_name(name))
                errorf(l, v, "name '%s' must be lower-case-with-dashes", name);
        } else if (strcmp(key, "severity") == 0) {
            sev = v;
            const char *s = str_of(l, v, "severity");
            if (s && (own->severity = severity_parse(s)) == SEV_NONE)
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
            own->tags = join_tags(l, v);
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
        } else if (strcmp(key, "params") != 0) {
            errorf(l, k, "unknown key '%s' (a rule has %s)", key,
                   l->page ? BODY_KEYS : RULE_KEYS);
        }
    }
    const char *missing = l->page ? (!cr->message ? "message" : !res ? "resources"
                                     : !assert ? "assert" : NULL)
                        : !id ? "id" : !name ? "name" : !sev ? "severity" : !cr->message ? "message"
                        : !res ? "resources" : !assert ? "assert" : NULL;
    if (missing && !l->errors)
        errorf(l, root, "the rule has no '%s' (a rule has %s)", missing,
               l->page ? BODY_KEYS : RULE_KEYS);
    if (assert && !(cr->assert = compile(l, assert)) && !l->errors)
        l->errors++;
    if (l->errors)
        return;
    if (l->page) {      /* the page declares the parameter names; the body gives their defaults */
        if (strcmp(params, l->page->params ? l->page->params : "") != 0)
            errorf(l, params_node ? params_node : root, "the body's params (%s) are not the ones "
                   "its page declares (%s), in the same order", *params ? params : "none",
                   l->page->params && *l->page->params ? l->page->params : "none");
        cr->rule = l->page;
        cr->builtin = true;
        return;
    }
    if (rule_find(id))
        errorf(l, node_get(root, "id"), "rule id or name '%s' is already taken by %s", id,
               rule_find(id)->id);
    else if (rule_find(name))
        errorf(l, node_get(root, "name"), "rule name '%s' is already taken by %s", name,
               rule_find(name)->id);
    own->id = id;
    own->name = name;
    own->summary = summary ? summary : cr->message;
    own->docs = make_docs(l, own->summary, rationale, help);
    own->source = l->path;
    own->params = params;
    cr->rule = own;
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

static void index_rules(void);

/* Compiles one rule from text, whose errors are reported at `path`. page is
 * the built-in rule whose body it is, or NULL for a team's rule file. */
static CRule *compile_text(const char *path, const char *src, size_t len, const Rule *page)
{
    if (!g_arena_ready) {
        arena_init(&g_arena);
        g_arena_ready = true;
    }
    Loader l = {.a = &g_arena, .path = arena_strdup(&g_arena, path), .page = page};
    char *text = arena_strndup(&g_arena, src, len);
    linetable_build(&g_arena, &l.lines, text, len);
    Document doc;
    document_read(&g_arena, text, len, &PARSE_LIMITS_DEFAULT, &doc);
    for (const ParseIssue *is = doc.issues; is; is = is->next) {
        LineCol lc = linetable_pos(&l.lines, is->span.start, COL_CODEPOINTS);
        diag_error(l.path, lc.line, lc.col, "%s", is->message);
        l.errors++;
    }
    if (l.errors)
        return NULL;
    if (!node_is_map(doc.root)) {
        errorf(&l, doc.root, "a rule file holds one rule: a map with %s", page ? BODY_KEYS : RULE_KEYS);
        return NULL;
    }
    l.rule = arena_calloc(&g_arena, 1, sizeof *l.rule);
    compile_rule(&l, doc.root);
    if (l.errors)
        return NULL;
    if (g_n == g_cap) {
        g_cap = g_cap ? g_cap * 2 : 8;
        g_rules = xrealloc(g_rules, g_cap * sizeof *g_rules);
    }
    g_rules[g_n++] = l.rule;
    return l.rule;
}

int rulelang_load_file(const char *path)
{
    size_t len = 0;
    char *buf = slurp(path, &len);
    if (!buf) {
        diag_error(path, 0, 0, "cannot read the rule file '%s': %s", path, strerror(errno));
        return -1;
    }
    CRule *cr = compile_text(path, buf, len, NULL);
    free(buf);
    if (!cr)
        return -1;
    catalog_add(&cr->own);
    index_rules();
    return 0;
}

static pthread_once_t g_builtins_once = PTHREAD_ONCE_INIT;
static int g_builtin_errors;

static void compile_builtins(void)
{
    for (size_t i = 0; i < RULE_COUNT; i++) {
        const Rule *r = &RULES[i];
        if (!r->body)
            continue;
        char path[64];
        snprintf(path, sizeof path, "rules/%s.yaml", r->id);
        if (!compile_text(path, r->body, strlen(r->body), r))
            g_builtin_errors++;
    }
    index_rules();
}

int rulelang_builtins(void)
{
    pthread_once(&g_builtins_once, compile_builtins);
    return g_builtin_errors ? -1 : 0;
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

/* A value, the map key it was reached by (NULL when none), and where a
 * finding about it is shown when that is not the value itself: the Ref whose
 * parameter's value it is (NULL: the value). */
typedef struct Hit {
    const Node *node, *key, *at;
} Hit;

typedef struct NodeSet {
    Hit *items;
    size_t len, cap;
    bool unknown;       /* an intrinsic function stood where the path went on */
} NodeSet;

#define NODESET_MAX 1000000

/* What a resource's values can depend on: the condition of each Fn::If in
 * it, and each parameter with AllowedValues it refers to. A scenario picks
 * a branch of every such condition and an allowed value of every such
 * parameter; a finding is reported only when the rule fails in every
 * scenario, so a property that is bad in one branch of an Fn::If and good
 * in the other is not reported. At most SCENARIOS_MAX scenarios: what does
 * not fit stays unknown. */
#define SCENARIOS_MAX 64
#define DIMS_WALK_MAX 20000     /* nodes of a resource looked at for them */

typedef struct Dim {
    const char *name;       /* a condition, or a parameter */
    const Node *values;     /* a parameter's AllowedValues (a list); NULL for a condition */
    uint32_t n;             /* choices: 2 for a condition (true, false), else the values */
    uint32_t stride;
} Dim;

typedef struct Dims {
    Dim *d;
    uint32_t n, nscen;
    bool defaults;          /* it refers to a parameter with a Default */
    int cond_fixed;         /* the dim of the resource's own Condition (true), or -1 */
} Dims;

typedef struct Run {
    CheckCtx *ctx;
    const Model *m;
    const CRule *cr;
    uint8_t **marks;        /* per relationship: per resource index */
    const char ***keys;     /* per relationship: sorted literal keys (or-same-as) */
    size_t *nkeys;
    Dims **dims;            /* per resource index, computed once per file (shared by the rules) */
    /* the scenario being evaluated */
    const Dims *scen_dims;  /* NULL: none; every Fn::If and parameter is unknown */
    uint32_t scen;
    bool use_defaults;      /* a parameter no scenario chooses takes its Default */
    const char *defaulted;  /* the first parameter whose Default was taken */
    const Node *defaulted_value;
    /* the values of an `each` rule that failed for certain, on this resource */
    Hit *done;
    size_t ndone, capdone;
    /* findings on values the resource shares with others (SAM Globals): once */
    const Node **shared;
    size_t nshared, capshared;
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

static const Dim *dim_named(const Dims *d, const char *name, bool param)
{
    for (uint32_t i = 0; d && i < d->n; i++)
        if ((d->d[i].values != NULL) == param && strcmp(d->d[i].name, name) == 0)
            return &d->d[i];
    return NULL;
}

typedef enum Pick { PICK_UNKNOWN, PICK_VALUE, PICK_ABSENT } Pick;

/* An intrinsic function's value in the current scenario: a branch of Fn::If,
 * an allowed value or (with use_defaults) the Default of a parameter, or
 * nothing for !Ref AWS::NoValue. */
static Pick pick(Run *r, const Node *n, const Node **out)
{
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (!fn)
        return PICK_UNKNOWN;
    if (strcmp(fn, "Ref") == 0 && node_is_scalar(arg)) {
        if (node_str_eq(arg, "AWS::NoValue"))
            return PICK_ABSENT;
        const Node *param = node_get(r->m->parameters, node_str(arg));
        if (!node_is_map(param))
            return PICK_UNKNOWN;
        const Dim *d = dim_named(r->scen_dims, node_str(arg), true);
        if (d) {
            *out = d->values->u.items[(r->scen / d->stride) % d->n];
            return PICK_VALUE;
        }
        const Node *def = node_get(param, "Default");
        if (r->use_defaults && node_is_scalar(def) &&
            !node_str_eq(node_get(param, "Type"), "CommaDelimitedList")) {
            if (!r->defaulted) {
                r->defaulted = node_str(arg);
                r->defaulted_value = def;
            }
            *out = def;
            return PICK_VALUE;
        }
        return PICK_UNKNOWN;
    }
    if (strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3 &&
        node_is_scalar(arg->u.items[0])) {
        const Dim *d = dim_named(r->scen_dims, node_str(arg->u.items[0]), false);
        if (!d)
            return PICK_UNKNOWN;
        *out = arg->u.items[(r->scen / d->stride) % 2 == 0 ? 1 : 2];
        return PICK_VALUE;
    }
    return PICK_UNKNOWN;
}

static void resolve_from(Run *r, Hit h, const Path *p, size_t i, NodeSet *out, int depth);

/* [*]: list items, both branches of Fn::If, nothing for !Ref AWS::NoValue,
 * a single value as itself — what CloudFormation and IAM accept. Both
 * branches whatever the scenario: every value the template could take. */
static void each_value(Run *r, Hit h, const Path *p, size_t i, NodeSet *out, int depth)
{
    const Node *n = h.node;
    if (depth > 64)
        return;
    if (node_is_seq(n)) {
        for (uint32_t k = 0; k < n->len && out->len < NODESET_MAX; k++)
            each_value(r, (Hit){n->u.items[k], NULL, NULL}, p, i, out, depth + 1);
        return;
    }
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (fn && strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3) {
        each_value(r, (Hit){arg->u.items[1], h.key, h.at}, p, i, out, depth + 1);
        each_value(r, (Hit){arg->u.items[2], h.key, h.at}, p, i, out, depth + 1);
        return;
    }
    if (fn && strcmp(fn, "Ref") == 0 && node_str_eq(arg, "AWS::NoValue"))
        return;
    resolve_from(r, h, p, i, out, depth + 1);
}

static void resolve_from(Run *r, Hit h, const Path *p, size_t i, NodeSet *out, int depth)
{
    const Node *n = h.node;
    if (!n || depth > 256)
        return;
    const PathStep *st = i < p->n ? &p->steps[i] : NULL;
    if (st && st->kind == STEP_KEYOF) {
        if (h.key)
            resolve_from(r, (Hit){h.key, NULL, NULL}, p, i + 1, out, depth + 1);
        return;
    }
    if (st && st->kind == STEP_EACH) {
        each_value(r, h, p, i + 1, out, depth + 1);
        return;
    }
    if (is_intrinsic(n)) {
        const Node *v = NULL;
        switch (pick(r, n, &v)) {
        case PICK_ABSENT:
            return;
        case PICK_VALUE:
            resolve_from(r, (Hit){v, h.key, h.at ? h.at : n}, p, i, out, depth + 1);
            return;
        case PICK_UNKNOWN:
            if (!st) {
                set_push(r->ctx->arena, out, h);    /* a test on it is unknown; exists is true */
                return;
            }
            out->unknown = true;
            return;
        }
    }
    if (!st) {
        set_push(r->ctx->arena, out, h);
        return;
    }
    if (st->kind == STEP_KEY) {
        MapEntry *e = node_get_entry(n, st->key);
        if (e)
            resolve_from(r, (Hit){e->value, e->key, NULL}, p, i + 1, out, depth + 1);
    } else if (st->kind == STEP_VALUES) {
        for (uint32_t k = 0; node_is_map(n) && k < n->len && out->len < NODESET_MAX; k++)
            resolve_from(r, (Hit){n->u.entries[k].value, n->u.entries[k].key, NULL}, p, i + 1,
                         out, depth + 1);
    } else if (node_is_seq(n) && (uint32_t)st->index < n->len) {
        resolve_from(r, (Hit){n->u.items[st->index], NULL, NULL}, p, i + 1, out, depth + 1);
    }
}

static NodeSet resolve(Run *r, Hit ctx, const Path *p)
{
    NodeSet s = {0};
    resolve_from(r, ctx, p, 0, &s, 0);
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

/* The value of the rule's parameter name: as configured for this rule in
 * .stacklint.yaml, else its default from the rule's params. */
static const Node *param_value(Run *r, const char *name)
{
    const Node *v = rule_param(r->ctx, name);
    return v ? v : node_get(r->cr->param_defaults, name);
}

static Tri test_value(Run *r, const Expr *e, const Node *v)
{
    if (is_intrinsic(v))
        return TRI_UNKNOWN;
    const Node *one[1];
    const Node *const *values = e->values;
    size_t nvalues = e->nvalues;
    double x, num = e->num;
    if (e->rhs_param) {     /* compared with a parameter: one value, a list (one-of), a number */
        const Node *pv = param_value(r, e->rhs_param);
        if (node_is_seq(pv)) {
            values = (const Node *const *)pv->u.items;
            nvalues = pv->len;
        } else {
            one[0] = pv;
            values = one;
            nvalues = pv ? 1 : 0;
        }
        if (e->op != T_EQUALS && e->op != T_ONE_OF && !parse_number(pv, &num))
            return TRI_UNKNOWN;
    }
    switch (e->op) {
    case T_EQUALS:
    case T_ONE_OF:
        if (!node_is_scalar(v))
            return TRI_FALSE;
        for (size_t i = 0; i < nvalues; i++)
            if (node_is_scalar(values[i]) && scalar_equal(v, values[i]))
                return TRI_TRUE;
        return TRI_FALSE;
    case T_MATCHES:
        return node_is_scalar(v) && regexec(e->re, node_str(v), 0, NULL, 0) == 0 ? TRI_TRUE
                                                                                  : TRI_FALSE;
    case T_LENGTH:
        return compare(e->num_op, (double)v->len, num) ? TRI_TRUE : TRI_FALSE;
    default:
        return parse_number(v, &x) && compare(e->op, x, num) ? TRI_TRUE : TRI_FALSE;
    }
}

static Tri eval(Run *r, const Expr *e, Hit ctx, const Resource *res);

static Tri eval_test(Run *r, const Expr *e, Hit ctx)
{
    NodeSet s = {0};
    if (e->param) {
        const Node *pv = param_value(r, e->param);
        if (pv)
            set_push(r->ctx->arena, &s, (Hit){pv, NULL, NULL});
    } else {
        s = resolve(r, ctx, &e->path);
    }
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
        t = tri_and(t, test_value(r, e, s.items[i].node));
    return t;
}

/* all / any: over the items of the list at the path (a single value is a
 * list of one); an empty or missing list makes all true and any false. An
 * item that is an intrinsic function is looked at like any value: the tests
 * under it are unknown where they need what it computes, not where they do
 * not (its key, with @key). */
static Tri eval_each(Run *r, const Expr *e, Hit ctx, const Resource *res)
{
    NodeSet s = resolve(r, ctx, &e->path);
    bool all = e->kind == E_ALL;
    Tri t = all ? TRI_TRUE : TRI_FALSE;
    if (s.unknown)
        t = TRI_UNKNOWN;
    for (size_t i = 0; i < s.len; i++) {
        const Node *n = s.items[i].node;
        uint32_t count = node_is_seq(n) ? n->len : 1;
        for (uint32_t k = 0; k < count; k++) {
            Hit item = node_is_seq(n) ? (Hit){n->u.items[k], NULL, NULL} : s.items[i];
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
    NodeSet s = resolve(r, (Hit){res->node, NULL, NULL}, &rel->same_as);
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

static bool is_glob(const char *t)
{
    return strpbrk(t, "*?[") != NULL;
}

static bool type_in(const char *type, const char *const *types, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_glob(types[i]) ? glob_match(types[i], type) : strcmp(types[i], type) == 0)
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
    for (size_t i = 0; i < rel->nat; i++) {
        NodeSet at = resolve(r, (Hit){h->node, NULL, NULL}, &rel->at[i]);
        for (size_t j = 0; j < at.len; j++) {
            if (rel->where && eval(r, rel->where, at.items[j], h) != TRI_TRUE)
                continue;
            if (!rel->value.n) {
                follow(r, rel, h, at.items[j].node, keys, 0);
                continue;
            }
            NodeSet vs = resolve(r, at.items[j], &rel->value);
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

/* --- scenarios: what a resource's values depend on --------------------------------------- */

typedef struct DimScan {
    Run *r;
    Dim items[8];
    uint32_t n;
    bool defaults, full;
    size_t budget;
} DimScan;

static void dim_add(DimScan *ds, const char *name, const Node *values, uint32_t n)
{
    for (uint32_t i = 0; i < ds->n; i++)
        if ((ds->items[i].values != NULL) == (values != NULL) && strcmp(ds->items[i].name, name) == 0)
            return;
    uint32_t scen = 1;
    for (uint32_t i = 0; i < ds->n; i++)
        scen *= ds->items[i].n;
    if (ds->n == sizeof ds->items / sizeof *ds->items || scen * n > SCENARIOS_MAX) {
        ds->full = true;    /* this one stays unknown */
        return;
    }
    ds->items[ds->n++] = (Dim){name, values, n, scen};
}

static void dim_walk(DimScan *ds, const Node *n, int depth)
{
    if (!n || depth > 64 || !ds->budget)
        return;
    ds->budget--;
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (fn && strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3 &&
        node_is_scalar(arg->u.items[0]) && node_get(ds->r->m->conditions, node_str(arg->u.items[0])))
        dim_add(ds, node_str(arg->u.items[0]), NULL, 2);
    if (fn && strcmp(fn, "Ref") == 0 && node_is_scalar(arg)) {
        const Node *param = node_get(ds->r->m->parameters, node_str(arg));
        const Node *allowed = node_get(param, "AllowedValues");
        bool scalars = node_is_seq(allowed) && allowed->len > 0 && allowed->len <= SCENARIOS_MAX;
        for (uint32_t i = 0; scalars && i < allowed->len; i++)
            scalars = node_is_scalar(allowed->u.items[i]);
        if (scalars && !node_str_eq(node_get(param, "Type"), "CommaDelimitedList"))
            dim_add(ds, node_str(arg), allowed, allowed->len);
        if (node_is_scalar(node_get(param, "Default")))
            ds->defaults = true;
        return;
    }
    if (node_is_map(n))
        for (uint32_t i = 0; i < n->len; i++)
            dim_walk(ds, n->u.entries[i].value, depth + 1);
    else if (node_is_seq(n))
        for (uint32_t i = 0; i < n->len; i++)
            dim_walk(ds, n->u.items[i], depth + 1);
}

static const Dims *dims_of(Run *r, const Resource *res)
{
    bool cached = res->index < r->m->nresources && r->dims;
    if (cached && r->dims[res->index])
        return r->dims[res->index];
    Arena *a = r->ctx->arena;
    DimScan ds = {.r = r, .budget = DIMS_WALK_MAX};
    if (r->m->conditions || r->m->parameters)
        dim_walk(&ds, res->node, 0);
    Dims *d = arena_calloc(a, 1, sizeof *d);
    d->n = ds.n;
    d->defaults = ds.defaults;
    d->cond_fixed = -1;
    d->nscen = 1;
    if (ds.n) {
        d->d = arena_alloc(a, ds.n * sizeof *d->d);
        memcpy(d->d, ds.items, ds.n * sizeof *d->d);
        for (uint32_t i = 0; i < ds.n; i++)
            d->nscen *= ds.items[i].n;
    }
    /* the resource exists only where its own Condition holds */
    for (uint32_t i = 0; res->condition && i < d->n; i++)
        if (!d->d[i].values && strcmp(d->d[i].name, res->condition) == 0)
            d->cond_fixed = (int)i;
    if (cached)
        r->dims[res->index] = d;
    return d;
}

static bool scenario_possible(const Dims *d, uint32_t s)
{
    return d->cond_fixed < 0 || (s / d->d[d->cond_fixed].stride) % 2 == 0;
}

/* --- running ----------------------------------------------------------------------------- */

/* The message with {resource}, {type}, {rule} and {value} (the text of the
 * value reported, when it is a short scalar) filled in. */
static const char *format_message(Arena *a, const CRule *cr, const Resource *res, const Node *at)
{
    const char *id = res->id ? res->id : "";
    const char *value = node_is_scalar(at) && !is_intrinsic(at) && at->len <= 120 ? node_str(at) : "";
    size_t cap = strlen(cr->message) + 64, len = 0;
    char *out = arena_alloc(a, cap);
    for (const char *p = cr->message; *p;) {
        const char *val = NULL;
        size_t skip = 0;
        if (strncmp(p, "{resource}", 10) == 0) { val = id; skip = 10; }
        else if (strncmp(p, "{type}", 6) == 0) { val = res->type; skip = 6; }
        else if (strncmp(p, "{rule}", 6) == 0) { val = cr->rule->id; skip = 6; }
        else if (strncmp(p, "{value}", 7) == 0) { val = value; skip = 7; }
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

/* A value outside the resource's own text (merged from SAM's Globals) is
 * reported once for all the resources that share it. */
static bool shared_seen(Run *r, const Resource *res, const Node *n)
{
    if (!res->node || (n->span.start >= res->node->span.start && n->span.end <= res->node->span.end))
        return false;
    for (size_t i = 0; i < r->nshared; i++)
        if (r->shared[i] == n)
            return true;
    r->shared = arena_grow(r->ctx->arena, r->shared, r->nshared, &r->capshared, sizeof *r->shared, 8);
    r->shared[r->nshared++] = n;
    return false;
}

/* The message of a finding about value v; a "may" finding says which
 * parameter's Default it rests on. */
static const char *message_for(Run *r, const CRule *cr, const Resource *res, const Node *v)
{
    const char *msg = format_message(r->ctx->arena, cr, res, v);
    if (!r->defaulted)
        return msg;
    const char *d = node_str(r->defaulted_value);
    return arena_printf(r->ctx->arena, "%s (with parameter '%s' at its Default%s%s%s; a deployment "
                        "that passes another value may comply)", msg, r->defaulted,
                        d ? " '" : "", d ? d : "", d ? "'" : "");
}

static void report_one(Run *r, const Resource *res, const Node *n, uint32_t start, uint32_t end,
                       const char *msg)
{
    if (shared_seen(r, res, n))
        return;
    report_span(r->ctx, start, end, res->id ? res : NULL, "%s", msg);
}

/* Reports one failing value: at the values report-at finds under it, else
 * at the value itself (from its key with report: key). A value that is a
 * parameter's (its Default, an allowed value) is reported where the
 * resource refers to the parameter. A pseudo-resource (a policy file) has
 * no logical id. */
static void report_node(Run *r, const CRule *cr, const Resource *res, Hit at, bool key,
                        const Node *fallback)
{
    CheckCtx *ctx = r->ctx;
    const Node *shown = at.at ? at.at : fallback;
    const char *msg = message_for(r, cr, res, at.node);
    size_t before = ctx->out->len;
    /* the first report-at that finds a place: the most precise one there is */
    for (size_t i = 0; i < cr->nreport_at && ctx->out->len == before; i++) {
        const Expr *e = cr->report_at[i];
        NodeSet s = resolve(r, at, &e->path);
        for (size_t k = 0; k < s.len; k++) {
            if (e->op != T_EXISTS && test_value(r, e, s.items[k].node) != TRI_TRUE)
                continue;
            const Node *n = s.items[k].at ? s.items[k].at : s.items[k].node;
            /* a map or list is shown from its key: a block map's own text
             * starts at its first entry, a line below the key to edit */
            bool from_key = !node_is_scalar(n) && !is_intrinsic(n) && s.items[k].key &&
                            !s.items[k].at;
            uint32_t from = from_key ? s.items[k].key->span.start : n->span.start;
            report_one(r, res, n, from, n->span.end, message_for(r, cr, res, s.items[k].node));
        }
    }
    if (ctx->out->len > before || shared_seen(r, res, shown))
        return;
    if ((key || (!node_is_scalar(at.node) && !is_intrinsic(at.node))) && at.key && !at.at &&
        shown == at.node)
        report_span(ctx, at.key->span.start, at.node->span.end, res->id ? res : NULL, "%s", msg);
    else
        report_span(ctx, shown->span.start, shown->span.end, res->id ? res : NULL, "%s", msg);
}

static bool fails(const CRule *cr, Tri t)
{
    return t == TRI_FALSE || (t == TRI_UNKNOWN && cr->unknown_fails);
}

/* One scenario's failing values of an `each` rule. */
static NodeSet failing_values(Run *r, const CRule *cr, const Resource *res, size_t path)
{
    NodeSet s = resolve(r, (Hit){res->node, NULL, NULL}, &cr->each[path].path), bad = {0};
    for (size_t k = 0; k < s.len; k++)
        if (fails(cr, eval(r, cr->assert, s.items[k], res)))
            set_push(r->ctx->arena, &bad, s.items[k]);
    return bad;
}

/* The same value in two scenarios: the same node, or what stands for the
 * values a scenario picks (the Fn::If or the Ref whose branch or value it is). */
static bool same_hit(Hit a, Hit b)
{
    return (a.at ? a.at : a.node) == (b.at ? b.at : b.node) && a.key == b.key;
}

/* Evaluates the rule on a resource in every scenario and reports what fails
 * in all of them. use_defaults: parameters take their Default (a "may"
 * finding). Returns whether it reported. */
static bool verdict(Run *r, const CRule *cr, const Resource *res, const Dims *d, bool use_defaults)
{
    r->scen_dims = d;
    r->use_defaults = use_defaults;
    r->defaulted = NULL;
    uint32_t first = 0;
    while (first < d->nscen && !scenario_possible(d, first))
        first++;
    if (first == d->nscen)
        return false;
    if (!cr->neach) {
        for (uint32_t s = first; s < d->nscen; s++) {
            if (!scenario_possible(d, s))
                continue;
            r->scen = s;
            if (!fails(cr, eval(r, cr->assert, (Hit){res->node, NULL, NULL}, res)))
                return false;
        }
        if (use_defaults && !r->defaulted)
            return false;
        r->scen = first;
        report_node(r, cr, res, (Hit){res->node, NULL, NULL}, false, res->id_node);
        return true;
    }
    bool any = false;
    for (size_t i = 0; i < cr->neach; i++) {
        r->scen = first;
        NodeSet bad = failing_values(r, cr, res, i);
        for (uint32_t s = first + 1; s < d->nscen && bad.len; s++) {
            if (!scenario_possible(d, s))
                continue;
            r->scen = s;
            NodeSet also = failing_values(r, cr, res, i);
            size_t keep = 0;
            for (size_t k = 0; k < bad.len; k++) {
                bool in = false;
                for (size_t j = 0; j < also.len && !in; j++)
                    in = same_hit(bad.items[k], also.items[j]);
                if (in)
                    bad.items[keep++] = bad.items[k];
            }
            bad.len = keep;
        }
        if (use_defaults && !r->defaulted)
            continue;
        r->scen = first;
        for (size_t k = 0; k < bad.len; k++) {
            /* with the Defaults, only what did not fail for certain already */
            bool done = false;
            for (size_t j = 0; j < r->ndone && !done; j++)
                done = same_hit(r->done[j], bad.items[k]);
            if (done)
                continue;
            report_node(r, cr, res, bad.items[k], cr->each[i].report_key, bad.items[k].node);
            if (!use_defaults) {
                r->done = arena_grow(r->ctx->arena, r->done, r->ndone, &r->capdone,
                                     sizeof *r->done, 8);
                r->done[r->ndone++] = bad.items[k];
            }
            any = true;
        }
    }
    return any;
}

static void check_resource(Run *r, const CRule *cr, const Resource *res)
{
    const Dims *d = dims_of(r, res);
    r->ndone = 0;
    /* nothing definite (or, for `each`, values not failing for certain):
     * would the parameters' Defaults make them fail? */
    if ((!verdict(r, cr, res, d, false) || cr->neach) && d->defaults)
        verdict(r, cr, res, d, true);
    r->scen_dims = NULL;
    r->use_defaults = false;
    r->defaulted = NULL;
}

/* --- which rules a template pays for: an index of the rules by resource type ------------ */

typedef struct TypeRule {
    const char *type;
    uint32_t rule;          /* index in g_rules */
} TypeRule;

static TypeRule *g_type_index;      /* exact types, sorted by type then rule */
static size_t g_ntype_index;
static uint32_t *g_glob_rules;      /* rules with a type glob: looked at for every file */
static size_t g_nglob_rules;

static int cmp_type_rule(const void *a, const void *b)
{
    const TypeRule *x = a, *y = b;
    int c = strcmp(x->type, y->type);
    return c ? c : (x->rule > y->rule) - (x->rule < y->rule);
}

/* Called after each load; loading never runs while files are linted. */
static void index_rules(void)
{
    free(g_type_index);
    free(g_glob_rules);
    size_t n = 0;
    for (size_t i = 0; i < g_n; i++)
        n += g_rules[i]->ntypes;
    g_type_index = xmalloc((n ? n : 1) * sizeof *g_type_index);
    g_glob_rules = xmalloc((g_n ? g_n : 1) * sizeof *g_glob_rules);
    g_ntype_index = g_nglob_rules = 0;
    for (size_t i = 0; i < g_n; i++) {
        bool glob = false;
        for (size_t k = 0; k < g_rules[i]->ntypes; k++) {
            const char *t = g_rules[i]->types[k];
            if (is_glob(t))
                glob = true;
            else
                g_type_index[g_ntype_index++] = (TypeRule){t, (uint32_t)i};
        }
        if (glob)
            g_glob_rules[g_nglob_rules++] = (uint32_t)i;
    }
    if (g_ntype_index)
        qsort(g_type_index, g_ntype_index, sizeof *g_type_index, cmp_type_rule);
}

static void run_rule(CheckCtx *ctx, Run *base, const CRule *cr, const Resource *res, size_t nres)
{
    Run r = *base;      /* base->dims is shared: the dims of a resource are the same for every rule */
    r.cr = cr;
    size_t nr = cr->nrels ? cr->nrels : 1;
    r.marks = arena_calloc(ctx->arena, nr, sizeof *r.marks);
    r.keys = arena_calloc(ctx->arena, nr, sizeof *r.keys);
    r.nkeys = arena_calloc(ctx->arena, nr, sizeof *r.nkeys);
    r.shared = NULL;
    r.nshared = r.capshared = 0;
    r.done = NULL;
    r.ndone = r.capdone = 0;
    ctx->rule = cr->rule;
    for (size_t i = 0; i < cr->nrels; i++)
        compute_rel(&r, cr, cr->rels[i]);
    bool exact = res == ctx->model->resources;
    for (size_t k = 0; k < cr->ntypes && exact; k++)
        exact = !is_glob(cr->types[k]);
    if (exact) {    /* the model's resources of each type: no walk over the others */
        for (size_t k = 0; k < cr->ntypes; k++) {
            size_t n = 0;
            const Resource *const *rs = model_resources_of_type(ctx->model, cr->types[k], &n);
            for (size_t i = 0; i < n; i++)
                if (!(cr->builtin && rs[i]->synthetic))
                    check_resource(&r, cr, rs[i]);
        }
        return;
    }
    for (size_t i = 0; i < nres; i++) {
        if (!type_in(res[i].type, cr->types, cr->ntypes))
            continue;
        /* a built-in rule checks what the author wrote, not what stacklint
         * made from serverless.yml functions or SAM's generated resources */
        if (cr->builtin && res[i].synthetic)
            continue;
        check_resource(&r, cr, &res[i]);
    }
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

static int cmp_type_key(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const TypeRule *)elem)->type);
}

void rulelang_run(CheckCtx *ctx)
{
    rulelang_builtins();
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
    if (!nres)
        return;
    /* the rules for the types this template has: the exact types from the
     * index, the globs for every file */
    uint8_t *want = arena_calloc(ctx->arena, g_n, 1);
    const char *prev = NULL;
    for (size_t i = 0; i < nres; i++) {
        if (prev == res[i].type || (prev && strcmp(prev, res[i].type) == 0))
            continue;       /* the model keeps one copy of each type: mostly pointer-equal runs */
        prev = res[i].type;
        const TypeRule *t = bsearch(res[i].type, g_type_index, g_ntype_index, sizeof *t, cmp_type_key);
        while (t && t > g_type_index && strcmp(t[-1].type, res[i].type) == 0)
            t--;
        for (; t && t < g_type_index + g_ntype_index && strcmp(t->type, res[i].type) == 0; t++)
            want[t->rule] = 1;
    }
    for (size_t i = 0; i < g_nglob_rules; i++)
        want[g_glob_rules[i]] = 1;
    Run base = {.ctx = ctx, .m = m};
    base.dims = arena_calloc(ctx->arena, m->nresources ? m->nresources : 1, sizeof *base.dims);
    for (size_t i = 0; i < g_n; i++)
        if (want[i] && check_rule_on(ctx, g_rules[i]->rule))
            run_rule(ctx, &base, g_rules[i], res, nres);
}
