/*
 * tpl_refs.c — references that name nothing (TPL005) and Fn::GetAtt of
 * attributes a resource does not have (TPL006), read from the model's
 * reference graph (Ref, ${X} and ${X.Attr} in Fn::Sub, DependsOn,
 * Fn::GetAtt in both forms).
 *
 * In SAM templates the transform creates resources of its own, named after
 * the SAM resource (MyFunctionRole, MyApiStage, ServerlessRestApi, ...); a
 * reference to such a name is accepted. Lookups are by sorted arrays, so
 * the checks are O(references × log names).
 */
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "tpl.h"

static const char *const PSEUDO[] = {
    "AWS::AccountId", "AWS::NoValue", "AWS::NotificationARNs", "AWS::Partition",
    "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
};

static const char *pseudo_name(const void *item)
{
    return *(const char *const *)item;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted names: parameters, or SAM resources' logical ids. */
typedef struct Names {
    const char **v;
    size_t n;
} Names;

static bool names_has(const Names *s, const char *name)
{
    return s->n && bsearch(&name, s->v, s->n, sizeof *s->v, cmp_str) != NULL;
}

static Names parameter_names(Arena *a, const Model *m)
{
    Names s = {0};
    if (!node_is_map(m->parameters))
        return s;
    s.v = arena_alloc(a, (m->parameters->len + 1) * sizeof *s.v);
    for (uint32_t i = 0; i < m->parameters->len; i++)
        s.v[s.n++] = node_str(m->parameters->u.entries[i].key);
    qsort(s.v, s.n, sizeof *s.v, cmp_str);
    return s;
}

static Names sam_names(Arena *a, const Model *m)
{
    Names s = {0};
    if (!m->has_sam)
        return s;
    s.v = arena_alloc(a, (m->nresources + 1) * sizeof *s.v);
    for (size_t i = 0; i < m->nresources; i++)
        if (strncmp(m->resources[i].type, "AWS::Serverless::", 17) == 0)
            s.v[s.n++] = m->resources[i].id;
    qsort(s.v, s.n, sizeof *s.v, cmp_str);
    return s;
}

/* A name the SAM transform may create: ServerlessRestApi and friends, or
 * the logical id of a SAM resource followed by a suffix. */
static bool sam_generated(const Model *m, const Names *sam, const char *target)
{
    if (!m->has_sam)
        return false;
    if (strncmp(target, "Serverless", 10) == 0)
        return true;
    char prefix[129];
    size_t len = strlen(target);
    for (size_t k = len > 128 ? 128 : len; k > 0; k--) {
        memcpy(prefix, target, k);
        prefix[k] = '\0';
        if (names_has(sam, prefix))
            return true;
    }
    return false;
}

static bool is_pseudo(const char *target)
{
    return bsearch(&target, PSEUDO, sizeof PSEUDO / sizeof *PSEUDO, sizeof *PSEUDO, cmp_str);
}

static const char *ref_what(RefKind k)
{
    switch (k) {
    case REF_REF: return "Ref";
    case REF_SUB: return "Fn::Sub";
    case REF_DEPENDS_ON: return "DependsOn";
    default: return "Fn::GetAtt";
    }
}

/* Suggestions cost a scan of the names each; a file with very many bad
 * references gets them for its first ones only, so time stays linear. */
enum { SUGGEST_BUDGET = 64 };

/* The nearest resource or parameter name, for "did you mean". */
static const char *suggest_target(const Model *m, const Names *params, const char *target,
                                  bool resources_only, int *budget)
{
    const char *best = NULL;
    if (*budget <= 0)
        return NULL;
    --*budget;
    if (m->nresources) {
        const char **ids = malloc(m->nresources * sizeof *ids);
        for (size_t i = 0; i < m->nresources; i++)
            ids[i] = m->resources[i].id;
        best = spec_suggest(target, ids, (uint32_t)m->nresources, sizeof *ids, pseudo_name);
        free(ids);
    }
    if (!best && !resources_only && params->n)
        best = spec_suggest(target, params->v, (uint32_t)params->n, sizeof *params->v, pseudo_name);
    if (!best && !resources_only && strncmp(target, "AWS::", 5) == 0)
        best = spec_suggest(target, PSEUDO, sizeof PSEUDO / sizeof *PSEUDO, sizeof *PSEUDO,
                            pseudo_name);
    return best;
}

static const char *dym(Arena *a, const char *s)
{
    return s ? arena_printf(a, " (did you mean '%s'?)", s) : "";
}

void check_tpl_bad_ref(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || tpl_preprocessed(m))
        return;
    Names params = parameter_names(ctx->arena, m), sam = sam_names(ctx->arena, m);
    int budget = SUGGEST_BUDGET;
    for (size_t i = 0; i < m->nrefs; i++) {
        const Reference *r = &m->refs[i];
        if (r->to || !r->target || (r->kind != REF_REF && r->kind != REF_DEPENDS_ON &&
                                    !(r->kind == REF_SUB && !r->attr)))
            continue;
        if (r->kind != REF_DEPENDS_ON && (is_pseudo(r->target) || names_has(&params, r->target)))
            continue;
        if (sam_generated(m, &sam, r->target))
            continue;
        const char *s = suggest_target(m, &params, r->target, r->kind == REF_DEPENDS_ON, &budget);
        if (r->kind == REF_DEPENDS_ON)
            report(ctx, r->at, r->from, "DependsOn names '%s', which is not a resource of this "
                   "template%s", r->target, dym(ctx->arena, s));
        else
            report(ctx, r->at, r->from, "%s names '%s', which is not a parameter, resource or "
                   "pseudo parameter of this template%s", ref_what(r->kind), r->target,
                   dym(ctx->arena, s));
    }
}

/* Resource types whose attributes are not fixed by the spec. */
static bool open_attrs(const Resource *to, const SpecResource *sr, const char *attr)
{
    if (!sr || sr->transform || tpl_is_custom(to->type))
        return true;
    /* nested stacks and SAR applications: Outputs.<Name> */
    return strncmp(attr, "Outputs.", 8) == 0 &&
           (strcmp(to->type, "AWS::CloudFormation::Stack") == 0 ||
            strcmp(to->type, "AWS::Serverless::Application") == 0);
}

void check_tpl_bad_getatt(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || tpl_preprocessed(m))
        return;
    Names params = {0}, sam = sam_names(ctx->arena, m);
    int budget = SUGGEST_BUDGET;
    for (size_t i = 0; i < m->nrefs; i++) {
        const Reference *r = &m->refs[i];
        if (!r->target || !(r->kind == REF_GETATT || (r->kind == REF_SUB && r->attr)))
            continue;
        if (!r->to) {
            if (sam_generated(m, &sam, r->target))
                continue;
            const char *s = suggest_target(m, &params, r->target, true, &budget);
            report(ctx, r->at, r->from, "%s names '%s', which is not a resource of this "
                   "template%s", ref_what(r->kind), r->target, dym(ctx->arena, s));
            continue;
        }
        if (!r->attr)
            continue;
        const SpecResource *sr = spec_resource(r->to->type);
        if (open_attrs(r->to, sr, r->attr) || spec_has_attr(sr, r->attr))
            continue;
        if (!sr->nattrs) {
            report(ctx, r->at, r->from, "%s reads '%s' of '%s', but %s has no attributes",
                   ref_what(r->kind), r->attr, r->target, r->to->type);
            continue;
        }
        const char *s = spec_suggest(r->attr, SPEC_ATTRS + sr->attrs, sr->nattrs,
                                     sizeof *SPEC_ATTRS, spec_attr_name);
        report(ctx, r->at, r->from, "%s reads '%s' of '%s', but %s has no attribute '%s'%s",
               ref_what(r->kind), r->attr, r->target, r->to->type, r->attr, dym(ctx->arena, s));
    }
}
