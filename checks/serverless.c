/*
 * serverless.c — checks about Serverless Framework and SAM input itself.
 *
 * SLS001: a serverless.yml variable refers back to itself, so the Framework
 * cannot resolve it (vars.c records each place in Model.var_cycles).
 * SAM001: a template has AWS::Serverless::* resources but no
 * `Transform: AWS::Serverless-2016-10-31`, so CloudFormation rejects it.
 */
#include <string.h>

#include "checks.h"

void check_sls_variable_cycle(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    for (size_t i = 0; i < m->nvar_cycles; i++) {
        const Node *n = m->var_cycles[i];
        const char *s = node_str(n);
        report(ctx, n, NULL,
               "variable '%.120s' refers back to itself, so the Serverless Framework cannot "
               "resolve it; give one of the values in the cycle a plain value",
               s ? s : "${...}");
    }
}

void check_sam_transform_missing(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (m->kind != KIND_CFN || m->sam_transform)
        return;
    size_t count = 0;
    const Resource *first = NULL;
    for (size_t i = 0; i < m->nresources; i++)
        if (strncmp(m->resources[i].type, "AWS::Serverless::", 17) == 0) {
            count++;
            if (!first)
                first = &m->resources[i];
        }
    if (!first)
        return;
    report(ctx, first->type_node, first,
           "resource '%s' is %s, which CloudFormation knows only through the SAM transform, "
           "and the template has no 'Transform: AWS::Serverless-2016-10-31' (%zu AWS::Serverless "
           "resource%s); add that line at the top level",
           first->id, first->type, count, count == 1 ? "" : "s");
}
