/*
 * iam.c — checks on normalised IAM statements (parser/model.h).
 *
 * IAM001: an Allow statement of an identity policy grants "*" or a whole
 * service ("dynamodb:*"). IAM action names are case-insensitive, so is the
 * match. Partial wildcards ("s3:Get*") and resource policies are other
 * rules' business.
 */
#include <ctype.h>
#include <string.h>

#include "checks.h"

/* "svc:*" with a plausible service prefix; sets *svc_len. */
static bool is_service_wildcard(const char *s, size_t *svc_len)
{
    const char *colon = strchr(s, ':');
    if (!colon || colon == s || strcmp(colon + 1, "*") != 0)
        return false;
    for (const char *p = s; p < colon; p++)
        if (!isalnum((unsigned char)*p) && *p != '-')
            return false;
    *svc_len = (size_t)(colon - s);
    return true;
}

void check_iam_wildcard_action(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    for (size_t p = 0; p < m->npolicies; p++) {
        const PolicyDoc *pd = &m->policies[p];
        if (pd->kind != POLICY_IDENTITY)
            continue;
        for (size_t i = 0; i < pd->nstmts; i++) {
            const Statement *st = &pd->stmts[i];
            if (st->effect != EFFECT_ALLOW || st->action.negated)
                continue;
            for (size_t k = 0; k < st->action.len; k++) {
                const IamValue *v = &st->action.items[k];
                size_t n;
                if (!v->str)
                    continue;
                if (strcmp(v->str, "*") == 0)
                    report(ctx, v->node, pd->owner,
                           "Action '*' allows every action of every AWS service; list only the "
                           "actions this policy needs");
                else if (is_service_wildcard(v->str, &n))
                    report(ctx, v->node, pd->owner,
                           "Action '%s' allows every %.*s action, including any AWS adds later; "
                           "list only the %.*s actions this policy needs",
                           v->str, (int)n, v->str, (int)n, v->str);
            }
        }
    }
}
