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

bool tpl_preprocessed(const Model *m)
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

bool tpl_is_custom(const char *type)
{
    return strncmp(type, "Custom::", 8) == 0 ||
           strcmp(type, "AWS::CloudFormation::CustomResource") == 0;
}

bool tpl_is_sam(const char *type)
{
    return strncmp(type, "AWS::Serverless::", 17) == 0;
}
