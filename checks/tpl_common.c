/*
 * tpl_common.c — helpers the TPL rules share (tpl.h).
 */
#include <string.h>

#include "tpl.h"

static const char SAM_TRANSFORM[] = "AWS::Serverless-2016-10-31";

static bool foreign_transform(const Node *t)
{
    if (node_is_scalar(t))
        return !node_str_eq(t, SAM_TRANSFORM);
    if (node_is_seq(t)) {
        for (uint32_t i = 0; i < t->len; i++)
            if (foreign_transform(t->u.items[i]))
                return true;
        return false;
    }
    return t != NULL;   /* a map: {Name: ..., Parameters: ...} names a macro */
}

static bool preprocessed(const Model *m)
{
    if (foreign_transform(node_get(m->root, "Transform")))
        return true;
    if (m->has_rain)
        return true;
    for (size_t i = 0; i < m->nresources; i++)
        if (strncmp(m->resources[i].id, "Fn::ForEach::", 13) == 0)
            return true;
    return false;
}

/* Asked by most TPL rules: answered once per file (the scan of every
 * resource id was a cache miss per resource, for each rule). */
bool tpl_preprocessed(const Model *m)
{
    static const char yes = 1, no = 0;
    Model *mm = (Model *)m;     /* the model is the checks' to annotate */
    if (!mm->check_cache[CHECK_CACHE_TPL_PREPROCESSED])
        mm->check_cache[CHECK_CACHE_TPL_PREPROCESSED] = (void *)(preprocessed(m) ? &yes : &no);
    return *(const char *)mm->check_cache[CHECK_CACHE_TPL_PREPROCESSED];
}

bool tpl_is_custom(const char *type)
{
    return strncmp(type, "Custom::", 8) == 0 ||
           strcmp(type, "AWS::CloudFormation::CustomResource") == 0;
}

bool tpl_is_sam(const char *type)
{
    return strncmp(type, "AWS::Serverless::", 17) == 0;
}
