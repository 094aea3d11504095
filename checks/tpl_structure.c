/*
 * tpl_structure.c — the shape of a template (TPL012): only the top-level
 * sections CloudFormation knows, a non-empty Resources map, every resource
 * a map with a Type and only the attributes a resource may have, and no
 * YAML anchors, aliases or merge keys (CloudFormation's YAML reader
 * rejects them). The YAML reader records the first anchor or alias
 * (Document.yaml_anchor); merge keys are found by a walk that runs only
 * when the text contains "<<".
 */
#include <string.h>

#include "spec.h"
#include "tpl.h"

static const char *const SECTIONS[] = {
    "AWSTemplateFormatVersion", "Conditions", "Description", "Globals", "Hooks", "Mappings",
    "Metadata", "Outputs", "Parameters", "Resources", "Rules", "Transform",
};
#define NSECTIONS (sizeof SECTIONS / sizeof *SECTIONS)

static const char *const RESOURCE_KEYS[] = {
    "Condition", "Connectors", "CreationPolicy", "DeletionPolicy", "DependsOn", "Description",
    "IgnoreGlobals", "Metadata", "Properties", "Type", "UpdatePolicy", "UpdateReplacePolicy",
    "Version",
};
#define NRESOURCE_KEYS (sizeof RESOURCE_KEYS / sizeof *RESOURCE_KEYS)

static const char *name_of(const void *item)
{
    return *(const char *const *)item;
}

static bool listed(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)   /* the first letter passes over most names */
        if (list[i][0] == s[0] && strcmp(list[i], s) == 0)
            return true;
    return false;
}

/* "did you mean" for the first few unknown names of a file only: each
 * one scans a list, and a hostile file may have very many. */
static _Thread_local int suggestions;   /* reset for each file */

static const char *suggest(const char *s, const char *const *list, size_t n)
{
    if (suggestions <= 0)
        return NULL;
    suggestions--;
    return spec_suggest(s, list, (uint32_t)n, sizeof *list, name_of);
}

static const char *dym(Arena *a, const char *s)
{
    return s ? arena_printf(a, " (did you mean '%s'?)", s) : "";
}

static void check_sections(CheckCtx *ctx, const Node *root)
{
    for (uint32_t i = 0; i < root->len; i++) {
        const Node *k = root->u.entries[i].key;
        const char *s = node_str(k);
        if (listed(SECTIONS, NSECTIONS, s) &&
            (strcmp(s, "Globals") != 0 || ctx->model->has_sam))
            continue;
        report(ctx, k, NULL, "'%s' is not a section of a CloudFormation template%s", s,
               dym(ctx->arena, suggest(s, SECTIONS, NSECTIONS)));
    }
    const MapEntry *res = node_get_entry(root, "Resources");
    if (!res)
        report_span(ctx, 0, 0, NULL, "the template has no Resources section; CloudFormation "
                    "needs at least one resource");
    else if (!node_is_map(res->value) || !res->value->len)
        report(ctx, res->key, NULL, "Resources must be a map with at least one resource");
}

static void check_resource(CheckCtx *ctx, const Resource *r)
{
    if (!node_is_map(r->node)) {
        report(ctx, r->id_node, r, "resource '%s' must be a map with a Type", r->id);
        return;
    }
    const MapEntry *type = node_get_entry(r->node, "Type");
    if (!type)
        report(ctx, r->id_node, r, "resource '%s' has no Type", r->id);
    else if (!node_is_scalar(type->value) || !type->value->len)
        report(ctx, type->value, r, "the Type of resource '%s' must be a resource type name, "
               "such as AWS::SQS::Queue", r->id);
    const Node *props = node_get(r->node, "Properties");
    if (props && !node_is_map(props) && !node_intrinsic(props, NULL) &&
        !(node_is_scalar(props) && props->style == SCALAR_PLAIN && !props->len))
        report(ctx, props, r, "the Properties of resource '%s' must be a map", r->id);
    for (uint32_t i = 0; i < r->node->len; i++) {
        const Node *k = r->node->u.entries[i].key;
        if (listed(RESOURCE_KEYS, NRESOURCE_KEYS, node_str(k)))
            continue;
        const char *s = suggest(node_str(k), RESOURCE_KEYS, NRESOURCE_KEYS);
        report(ctx, k, r, "'%s' is not an attribute of a resource%s", node_str(k),
               dym(ctx->arena, s));
    }
}

/* The first merge key (<<) in the tree, or NULL. Called only when the file
 * has no anchor or alias, so the tree is a tree and the walk is linear. */
static const Node *find_merge_key(const Node *n, unsigned depth)
{
    if (!n || depth > 300 || n->kind == NODE_SCALAR)
        return NULL;
    for (uint32_t i = 0; i < n->len; i++) {
        const Node *hit;
        if (n->kind == NODE_MAP) {
            if (node_str_eq(n->u.entries[i].key, "<<") && n->u.entries[i].key->style == SCALAR_PLAIN)
                return n->u.entries[i].key;
            hit = find_merge_key(n->u.entries[i].value, depth + 1);
        } else {
            hit = find_merge_key(n->u.items[i], depth + 1);
        }
        if (hit)
            return hit;
    }
    return NULL;
}

static void check_yaml_features(CheckCtx *ctx, const Document *doc)
{
    if (doc->format != FORMAT_YAML)
        return;
    if (doc->yaml_anchor.end) {
        report_span(ctx, doc->yaml_anchor.start, doc->yaml_anchor.end, NULL,
                    "YAML anchors and aliases are not supported by CloudFormation; write the "
                    "value out in each place");
        return;
    }
    if (!text_find(doc->text, doc->size, "<<", 2))
        return;
    const Node *k = find_merge_key(doc->root, 0);
    if (k)
        report(ctx, k, NULL, "YAML merge keys (<<) are not supported by CloudFormation; write "
               "the keys out in each map");
}

void check_tpl_template_structure(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || !node_is_map(m->root))
        return;
    suggestions = 64;
    check_sections(ctx, m->root);
    if (!tpl_preprocessed(m))
        for (size_t i = 0; i < m->nresources; i++)
            check_resource(ctx, &m->resources[i]);
    check_yaml_features(ctx, m->doc);
}
