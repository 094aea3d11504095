/*
 * tpl_intrinsics.c — intrinsic functions: TPL010 (a ${Name} naming a
 * parameter, resource or pseudo parameter in a string that is not inside
 * Fn::Sub, so it stays literal text) and TPL011 (an intrinsic function
 * whose argument has the wrong shape).
 *
 * Both walk Resources, Outputs and Conditions once. Shapes follow the
 * CloudFormation intrinsic function reference; functions of the
 * AWS::LanguageExtensions transform are not checked, since templates with
 * that transform are not validated (tpl.h).
 */
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "tpl.h"

enum { MAX_DEPTH = 1024 };

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* --- TPL011 ------------------------------------------------------------------ */

static bool is_intrinsic(const Node *n)
{
    return node_intrinsic(n, NULL) != NULL;
}

static bool is_seq_len(const Node *n, uint32_t lo, uint32_t hi)
{
    return node_is_seq(n) && n->len >= lo && n->len <= hi;
}

static bool is_integer(const Node *n)
{
    const char *s = node_str(n);
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* A list, or a function that can return one. */
static bool listish(const Node *n)
{
    return node_is_seq(n) || is_intrinsic(n);
}

static bool stringish(const Node *n)
{
    return node_is_scalar(n) || is_intrinsic(n);
}

/* NULL when the argument fits the function, else what it should be. */
static const char *shape_error(const char *fn, const Node *arg)
{
    if (strcmp(fn, "Ref") == 0)
        return node_is_scalar(arg) && arg->len ? NULL : "the name of a parameter or resource";
    if (strcmp(fn, "Fn::GetAtt") == 0) {
        if (node_is_scalar(arg))
            return strchr(node_str(arg), '.') ? NULL : "\"Resource.Attribute\" or [Resource, Attribute]";
        return is_seq_len(arg, 2, 2) && node_is_scalar(arg->u.items[0]) &&
               stringish(arg->u.items[1]) ? NULL : "[Resource, Attribute]";
    }
    if (strcmp(fn, "Fn::Sub") == 0) {
        if (node_is_scalar(arg))
            return NULL;
        return is_seq_len(arg, 1, 2) && node_is_scalar(arg->u.items[0]) &&
               (arg->len == 1 || node_is_map(arg->u.items[1])) ? NULL : "a string, or [String, {Variables}]";
    }
    if (strcmp(fn, "Fn::Join") == 0)
        return is_seq_len(arg, 2, 2) && node_is_scalar(arg->u.items[0]) && listish(arg->u.items[1])
            ? NULL : "[Delimiter, [Values]]";
    if (strcmp(fn, "Fn::Select") == 0) {
        if (!is_seq_len(arg, 2, 2) || !listish(arg->u.items[1]))
            return "[Index, [Values]]";
        const Node *i = arg->u.items[0];
        return is_intrinsic(i) || is_integer(i) ? NULL : "[Index, [Values]] with a whole-number Index";
    }
    if (strcmp(fn, "Fn::Split") == 0)
        return is_seq_len(arg, 2, 2) && node_is_scalar(arg->u.items[0]) && stringish(arg->u.items[1])
            ? NULL : "[Delimiter, String]";
    if (strcmp(fn, "Fn::If") == 0)
        return is_seq_len(arg, 3, 3) && node_is_scalar(arg->u.items[0])
            ? NULL : "[Condition, ValueIfTrue, ValueIfFalse]";
    if (strcmp(fn, "Fn::Equals") == 0)
        return is_seq_len(arg, 2, 2) ? NULL : "[Value1, Value2]";
    if (strcmp(fn, "Fn::And") == 0 || strcmp(fn, "Fn::Or") == 0)
        return is_seq_len(arg, 2, 10) ? NULL : "a list of 2 to 10 conditions";
    if (strcmp(fn, "Fn::Not") == 0)
        return is_seq_len(arg, 1, 1) ? NULL : "a list of one condition";
    if (strcmp(fn, "Fn::FindInMap") == 0)
        return is_seq_len(arg, 3, 3) ? NULL : "[MapName, TopLevelKey, SecondLevelKey]";
    if (strcmp(fn, "Fn::Cidr") == 0)
        return is_seq_len(arg, 3, 3) ? NULL : "[IpBlock, Count, CidrBits]";
    if (strcmp(fn, "Fn::Base64") == 0 || strcmp(fn, "Fn::ImportValue") == 0 ||
        strcmp(fn, "Fn::GetAZs") == 0)
        return stringish(arg) ? NULL : "a string or a function that returns one";
    return NULL;
}

/* One walk serves TPL010 and TPL011, each reporting under its own rule. */
typedef struct Scan {
    CheckCtx *ctx;
    const Rule *shapes;     /* TPL011 when on, else NULL */
    const Rule *strings;    /* TPL010 when on, else NULL */
    bool in_strings;        /* TPL010 reads this part (not Metadata or Conditions) */
    const char **names;     /* sorted parameter and resource names (TPL010), made when needed */
    size_t nnames;
    const Node *subst;      /* DefinitionSubstitutions of the resource being read */
} Scan;

static void scan(Scan *s, const Node *n, unsigned depth);

/* --- TPL010 ------------------------------------------------------------------ */

typedef struct VarCtx {
    Scan *s;
    const Node *at;
    const char *hit;
} VarCtx;

/* The parameter and resource names, sorted: made when a string first needs
 * them (most templates have no ${...} outside Fn::Sub at all). */
static void sort_names(Scan *s)
{
    const Model *m = s->ctx->model;
    size_t np = node_is_map(m->parameters) ? m->parameters->len : 0;
    s->names = arena_alloc(s->ctx->arena, (np + m->nresources + 1) * sizeof *s->names);
    for (size_t i = 0; i < np; i++)
        s->names[s->nnames++] = node_str(m->parameters->u.entries[i].key);
    for (size_t i = 0; i < m->nresources; i++)
        s->names[s->nnames++] = m->resources[i].id;
    qsort(s->names, s->nnames, sizeof *s->names, cmp_str);
}

static void on_var(void *ud, const char *name, size_t len, size_t start)
{
    (void)start;
    VarCtx *c = ud;
    if (c->hit || !len || name[0] == '!')
        return;
    const char *dot = memchr(name, '.', len);
    const char *id = arena_strndup(c->s->ctx->arena, name, dot ? (size_t)(dot - name) : len);
    if (c->s->subst && node_get(c->s->subst, id))
        return;     /* Step Functions substitutes these itself */
    if (!c->s->names)
        sort_names(c->s);
    bool known = strncmp(id, "AWS::", 5) == 0 ||
                 (c->s->nnames && bsearch(&id, c->s->names, c->s->nnames, sizeof *c->s->names,
                                          cmp_str));
    if (known)
        c->hit = arena_strndup(c->s->ctx->arena, name, len);
}

/* Properties whose text is a template or code of its own, where ${...}
 * belongs to that template or language. */
static bool embedded_text(const char *key)
{
    static const char *const KEYS[] = {"InlineCode", "TemplateBody", "ZipFile", NULL};
    for (const char *const *k = KEYS; key && *k; k++)
        if (strcmp(key, *k) == 0)
            return true;
    return false;
}

static void check_string(Scan *s, const Node *n)
{
    if (!memchr(n->u.str, '$', n->len))
        return;
    VarCtx c = {s, n, NULL};
    model_sub_vars(n->u.str, n->len, on_var, &c);
    s->ctx->rule = s->strings;
    if (c.hit)
        report(s->ctx, n, NULL, "'${%s}' stays literal text outside Fn::Sub; write the value "
               "with !Sub (or Fn::Sub) so CloudFormation substitutes it", c.hit);
}

static void scan_intrinsic(Scan *s, const Node *n, const char *fn, const Node *arg,
                           unsigned depth)
{
    if (s->shapes) {
        const char *want = shape_error(fn, arg);
        s->ctx->rule = s->shapes;
        if (want)
            report(s->ctx, n, NULL, "%s takes %s", fn, want);
    }
    if (strcmp(fn, "Fn::Sub") == 0) {
        /* the template string is Sub's own; its variables' values are not */
        if (node_is_seq(arg) && arg->len > 1)
            scan(s, arg->u.items[1], depth + 1);
        return;
    }
    if (strcmp(fn, "Ref") == 0 || strcmp(fn, "Fn::GetAtt") == 0 || strcmp(fn, "Condition") == 0)
        return;
    scan(s, arg, depth + 1);
}

static void scan(Scan *s, const Node *n, unsigned depth)
{
    if (!n || depth > MAX_DEPTH)
        return;
    if (n->kind == NODE_SCALAR) {
        if (s->in_strings)
            check_string(s, n);
        return;
    }
    if (n->kind == NODE_SEQ) {
        for (uint32_t i = 0; i < n->len; i++)
            scan(s, n->u.items[i], depth + 1);
        return;
    }
    Node *arg;
    const char *fn = node_intrinsic(n, &arg);
    if (fn) {
        scan_intrinsic(s, n, fn, arg, depth);
        return;
    }
    for (uint32_t i = 0; i < n->len; i++) {
        const MapEntry *e = &n->u.entries[i];
        /* a scalar has nothing for TPL011: skipping it changes nothing there */
        if (node_is_scalar(e->value) && embedded_text(node_str(e->key)))
            continue;
        scan(s, e->value, depth + 1);
    }
}

static void scan_template(Scan *s)
{
    const Model *m = s->ctx->model;
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        s->subst = node_get(r->props, "DefinitionSubstitutions");
        s->in_strings = s->strings != NULL;
        scan(s, r->props, 0);
        s->in_strings = false;
        if (s->shapes)
            scan(s, r->metadata, 0);
        s->subst = NULL;
    }
    s->in_strings = s->strings != NULL;
    scan(s, m->outputs, 0);
    s->in_strings = false;
    if (s->shapes)
        scan(s, m->conditions, 0);
}

/* The rule table is constant: the two are looked up once (racing threads
 * store the same pointers). */
static const Rule *rule_tpl010, *rule_tpl011;

static const Rule *rule_on(const CheckCtx *ctx, const Rule *r)
{
    return r && check_rule_on(ctx, r) ? r : NULL;
}

/* TPL010 and TPL011 share one walk, made by the first of them that is on. */
static void scan_intrinsics(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || tpl_preprocessed(m))
        return;
    if (!rule_tpl010) {
        rule_tpl011 = rule_find("TPL011");
        rule_tpl010 = rule_find("TPL010");
    }
    Scan s = {.ctx = ctx, .strings = rule_on(ctx, rule_tpl010), .shapes = rule_on(ctx, rule_tpl011)};
    const Rule *first = s.strings ? s.strings : s.shapes;
    if (first != ctx->rule)
        return;
    scan_template(&s);
    ctx->rule = first;
}

void check_tpl_bad_intrinsic(CheckCtx *ctx) { scan_intrinsics(ctx); }
void check_tpl_sub_needed(CheckCtx *ctx) { scan_intrinsics(ctx); }
