/*
 * tpl.c — validation of templates against the CloudFormation specification
 * (the TPL rules; the spec tables are in spec.h).
 *
 * TPL001 unknown resource types, TPL002 unknown properties, TPL003 missing
 * required properties and TPL004 values of the wrong type walk each
 * resource's Properties against its type in the spec; TPL005 and TPL006
 * check the model's reference graph (Ref, ${X}, DependsOn, Fn::GetAtt);
 * TPL012 checks the template's structure. Every walk is linear in the
 * template: spec lookups are binary searches in constant tables.
 *
 * Intrinsic functions are accepted wherever they can produce the value
 * expected there; both branches of Fn::If are checked; {Ref: AWS::NoValue}
 * is accepted everywhere.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spec.h"
#include "tpl.h"

/* --- shared helpers ------------------------------------------------------- */

static const char *shape_name(const Node *n)
{
    if (node_is_map(n))
        return "a map";
    if (node_is_seq(n))
        return "a list";
    return "a scalar";
}

static const char *kind_name(uint8_t kind)
{
    switch (kind) {
    case SK_STRING: return "a string";
    case SK_NUMBER: return "a number";
    case SK_INTEGER: return "an integer";
    case SK_BOOLEAN: return "a boolean (true or false)";
    case SK_TAG: return "a list of tags";
    case SK_ARRAY: return "a list";
    case SK_MAP: return "a map";
    case SK_OBJECT: return "a map of properties";
    default: return "a value";
    }
}

/* " (did you mean 'X'?)" or "". */
static const char *did_you_mean(Arena *a, const char *suggestion)
{
    return suggestion ? arena_printf(a, " (did you mean '%s'?)", suggestion) : "";
}

/* --- TPL001 -------------------------------------------------------------- */

/* Namespaces the spec covers completely; any other (Org::Service::Type) is
 * a registry (third-party or private) type stacklint cannot know. */
static bool spec_namespace(const char *type)
{
    return strncasecmp(type, "AWS::", 5) == 0 || strncasecmp(type, "Alexa::", 7) == 0;
}

/* Types CloudFormation accepts that the specification does not list. */
static bool accepted_unlisted(const char *type)
{
    /* the metadata resource every CDK-synthesised template carries */
    return strcmp(type, "AWS::CDK::Metadata") == 0;
}

/* The spec's SAM types are a partial, older list: an unknown
 * AWS::Serverless::* type is reported only when it is near a known one
 * (a typo), not when it may be a newer SAM type. */
static const char *sam_typo(const char *type)
{
    const SpecResource *lo = NULL, *hi = NULL;
    for (uint32_t i = 0; i < SPEC_NRESOURCES; i++)
        if (tpl_is_sam(SPEC_S(SPEC_RESOURCES[i].name))) {
            if (!lo)
                lo = &SPEC_RESOURCES[i];
            hi = &SPEC_RESOURCES[i];
        }
    if (!lo)
        return NULL;
    return spec_suggest(type, lo, (uint32_t)(hi - lo + 1), sizeof *lo, spec_resource_name);
}

void check_tpl_unknown_resource_type(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || tpl_preprocessed(m))
        return;
    int budget = 64;    /* suggestions scan the whole table: the first few types only */
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        if (!r->type[0] || tpl_is_custom(r->type) || spec_resource(r->type) ||
            !spec_namespace(r->type) || accepted_unlisted(r->type))
            continue;
        if (tpl_is_sam(r->type)) {
            const char *s = sam_typo(r->type);
            if (s)
                report(ctx, r->type_node, r, "resource '%s' has type '%s', which is not a SAM "
                       "resource type (did you mean '%s'?)", r->id, r->type, s);
            continue;
        }
        const char *s = budget-- <= 0 ? NULL : spec_suggest(r->type, SPEC_RESOURCES, SPEC_NRESOURCES,
                                     sizeof *SPEC_RESOURCES, spec_resource_name);
        report(ctx, r->type_node, r, "resource '%s' has type '%s', which is not a CloudFormation "
               "resource type%s", r->id, r->type, did_you_mean(ctx->arena, s));
    }
}

/* --- TPL002, TPL003, TPL004: properties ------------------------------------ */

/* Who owns a property map, for messages; formatted only when a finding
 * needs it (the walk meets tens of thousands of maps in a large template). */
typedef struct Owner {
    const Resource *res;        /* a resource's Properties: "AWS::X::Y 'Id'" */
    const char *prop, *def;     /* else a property of type def: "'prop'" or "'prop' (def)" */
} Owner;

static const char *owner_text(Arena *a, const Owner *o)
{
    if (o->res)
        return arena_printf(a, "%s '%s'", o->res->type, o->res->id);
    return strcmp(o->prop, o->def) == 0 ? arena_printf(a, "'%s'", o->prop)
                                        : arena_printf(a, "'%s' (%s)", o->prop, o->def);
}

/* One walk serves TPL002, TPL003 and TPL004: each rule that is on has its
 * pointer set, and a finding is reported under its own rule. */
typedef struct Walk {
    CheckCtx *ctx;
    const Resource *res;
    const Rule *unknown, *required, *types;     /* TPL002 / TPL003 / TPL004, NULL when off */
    int suggestions;                /* "did you mean" left for this file (each scans a list) */
} Walk;

static void check_value(Walk *w, const Node *v, uint32_t expr, const char *prop);

/* Sets the rule the next report is made under. */
static CheckCtx *as(Walk *w, const Rule *r)
{
    w->ctx->rule = r;
    return w->ctx;
}

/* Properties of a map against a property list of the spec. `at` is where a
 * missing required property is reported (the key that opens the map). */
static void check_props(Walk *w, const Node *map, const SpecProp *props, uint32_t n,
                        const Node *at, const Owner *owner)
{
    if (!n)
        return;     /* the spec says nothing about this map's keys */
    for (uint32_t i = 0; i < map->len; i++) {
        const MapEntry *e = &map->u.entries[i];
        const char *key = node_str(e->key);
        const SpecProp *p = spec_prop(props, n, key);
        if (strcmp(key, "<<") == 0)
            continue;   /* a YAML merge key: TPL012 */
        if (p) {
            check_value(w, e->value, p->type, key);
        } else if (w->unknown) {
            const char *s = w->suggestions-- > 0
                ? spec_suggest(key, props, n, sizeof *props, spec_prop_name) : NULL;
            report(as(w, w->unknown), e->key, w->res, "'%s' is not a property of %s%s", key,
                   owner_text(w->ctx->arena, owner), did_you_mean(w->ctx->arena, s));
        }
    }
    if (!w->required)
        return;
    for (uint32_t i = 0; i < n; i++)
        if (props[i].required && !node_get(map, SPEC_S(props[i].name)))
            report(as(w, w->required), at, w->res, "%s is missing its required property '%s'",
                   owner_text(w->ctx->arena, owner), SPEC_S(props[i].name));
}

static bool is_number(const char *s)
{
    if (!s || !*s)
        return false;
    char *end;
    strtod(s, &end);
    while (*end == ' ')
        end++;
    return *end == '\0';
}

/* Whether a node of this shape can be a value of this kind (to choose a
 * member of a union). */
static bool shape_fits(const Node *v, uint8_t kind)
{
    switch (kind) {
    case SK_ANY:
    case SK_JSON: return true;
    case SK_STRING: return node_is_scalar(v);
    case SK_NUMBER:
    case SK_INTEGER: return node_is_scalar(v) && is_number(node_str(v));
    case SK_BOOLEAN: return node_is_true(v) || node_is_false(v);
    case SK_TAG: return node_is_seq(v) || node_is_map(v);
    case SK_ARRAY: return node_is_seq(v);
    case SK_MAP:
    case SK_OBJECT: return node_is_map(v);
    default: return true;
    }
}

/* Intrinsic functions that always return a string. */
static bool returns_string(const char *fn)
{
    return strcmp(fn, "Fn::Sub") == 0 || strcmp(fn, "Fn::Join") == 0 ||
           strcmp(fn, "Fn::Base64") == 0;
}

/* An intrinsic in place of a value: true when handled (accepted, reported,
 * or its branches checked). */
static bool check_intrinsic(Walk *w, const Node *v, const SpecExpr *t, uint32_t expr,
                            const char *prop)
{
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    if (!fn)
        return false;
    /* a one-key map {Condition: ...} is data where a map is expected */
    if (strcmp(fn, "Condition") == 0 &&
        (t->kind == SK_OBJECT || t->kind == SK_MAP || t->kind == SK_JSON || t->kind == SK_ANY))
        return false;
    if (strcmp(fn, "Fn::If") == 0) {
        if (node_is_seq(arg) && arg->len == 3) {
            check_value(w, arg->u.items[1], expr, prop);
            check_value(w, arg->u.items[2], expr, prop);
        }
        return true;
    }
    if (w->types && returns_string(fn) &&
        (t->kind == SK_ARRAY || t->kind == SK_MAP || t->kind == SK_OBJECT || t->kind == SK_TAG))
        report(as(w, w->types), v, w->res, "property '%s' must be %s, but %s returns a string", prop,
               kind_name(t->kind), fn);
    return true;
}

static void check_value(Walk *w, const Node *v, uint32_t expr, const char *prop)
{
    if (!v)
        return;
    const SpecExpr *t = &SPEC_EXPRS[expr];
    if (check_intrinsic(w, v, t, expr, prop))
        return;
    switch (t->kind) {
    case SK_UNION:
        for (uint32_t i = 0; i < t->n; i++) {
            uint32_t member = SPEC_UNION[t->arg + i];
            if (shape_fits(v, SPEC_EXPRS[member].kind)) {
                check_value(w, v, member, prop);
                return;
            }
        }
        if (w->types)
            report(as(w, w->types), v, w->res, "property '%s' cannot be %s here", prop, shape_name(v));
        return;
    case SK_ARRAY:
        if (node_is_seq(v)) {
            for (uint32_t i = 0; i < v->len; i++)
                check_value(w, v->u.items[i], t->arg, prop);
            return;
        }
        break;
    case SK_MAP:
        if (node_is_map(v)) {
            for (uint32_t i = 0; i < v->len; i++)
                check_value(w, v->u.entries[i].value, t->arg, prop);
            return;
        }
        break;
    case SK_OBJECT:
        if (node_is_map(v)) {
            const SpecTypeDef *d = &SPEC_TYPEDEFS[t->arg];
            const Owner owner = {.prop = prop, .def = SPEC_S(d->name)};
            check_props(w, v, SPEC_PROPS + d->props, d->nprops, v, &owner);
            return;
        }
        break;
    default:
        if (shape_fits(v, t->kind))
            return;
        break;
    }
    if (!w->types)
        return;
    if (node_is_scalar(v))
        report(as(w, w->types), v, w->res, "property '%s' must be %s, not '%s'", prop,
               kind_name(t->kind), node_str(v));
    else
        report(as(w, w->types), v, w->res, "property '%s' must be %s, not %s", prop,
               kind_name(t->kind), shape_name(v));
}

static void check_resource_props(Walk *w, const Resource *r)
{
    const SpecResource *sr = spec_resource(r->type);
    if (!sr || tpl_is_custom(r->type) || tpl_is_sam(r->type))
        return;
    w->res = r;
    const Node *props = r->props;
    if (!props && node_get(r->node, "Properties"))
        return;     /* computed by a function, or not a map (TPL012) */
    const Owner o = {.res = r}, *owner = &o;
    Node *arg;
    const char *fn = node_intrinsic(props, &arg);
    if (fn) {
        /* Properties: !If [Cond, {...}, {...}]: each branch is a property map */
        if (strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3)
            for (uint32_t i = 1; i < 3; i++)
                if (node_is_map(arg->u.items[i]) && !node_intrinsic(arg->u.items[i], NULL))
                    check_props(w, arg->u.items[i], SPEC_PROPS + sr->props, sr->nprops,
                                r->id_node, owner);
        return;
    }
    if (!props) {
        /* an empty map stands in for the missing Properties */
        static const Node empty = {.kind = NODE_MAP};
        props = &empty;
    }
    check_props(w, props, SPEC_PROPS + sr->props, sr->nprops, r->id_node, owner);
}

/* The rule table is constant: the three are looked up once (racing
 * threads store the same pointers). */
static const Rule *rule_tpl002, *rule_tpl003, *rule_tpl004;

static const Rule *rule_on(const CheckCtx *ctx, const Rule *r)
{
    return r && check_rule_on(ctx, r) ? r : NULL;
}

/* TPL002, TPL003 and TPL004 share one walk, made by the first of them that
 * is on; the others find it done. */
static void walk_properties(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || tpl_preprocessed(m))
        return;
    if (!rule_tpl002) {
        rule_tpl003 = rule_find("TPL003");
        rule_tpl004 = rule_find("TPL004");
        rule_tpl002 = rule_find("TPL002");
    }
    Walk w = {.ctx = ctx, .unknown = rule_on(ctx, rule_tpl002), .required = rule_on(ctx, rule_tpl003),
              .types = rule_on(ctx, rule_tpl004), .suggestions = 64};
    const Rule *first = w.unknown ? w.unknown : w.required ? w.required : w.types;
    if (first != ctx->rule)
        return;
    /* resources made from SAM or serverless.yml are not what the user wrote
     * as CloudFormation: their properties follow the generator, not the spec */
    for (size_t i = 0; i < m->nresources; i++)
        if (!m->resources[i].synthetic)
            check_resource_props(&w, &m->resources[i]);
    ctx->rule = first;
}

void check_tpl_unknown_property(CheckCtx *ctx) { walk_properties(ctx); }
void check_tpl_missing_required_property(CheckCtx *ctx) { walk_properties(ctx); }
void check_tpl_wrong_value_type(CheckCtx *ctx) { walk_properties(ctx); }
