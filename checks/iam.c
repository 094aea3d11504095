/*
 * iam.c — checks on normalised IAM statements (parser/model.h).
 *
 * IAM001: an Allow statement of an identity policy grants "*" or a whole
 * service ("dynamodb:*"). IAM action names are case-insensitive, so is the
 * match. Partial wildcards ("s3:Get*") and resource policies are other
 * rules' business, and so is an action string another rule already
 * reports (iam_policy.h: IAM002, IAM011 and IAM007 come first).
 */
#include <string.h>

#include "iam_policy.h"

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
            StmtFacts f;
            iam_statement_facts(ctx, st, &f);
            for (size_t k = 0; k < st->action.len; k++) {
                const IamValue *v = &st->action.items[k];
                if (f.verdicts[k] != VERDICT_IAM001)
                    continue;
                const char *vals[64], *s = "*";
                size_t nv = iam_resolve(m, v->node, vals, 64);
                for (size_t j = 0; j < nv; j++)
                    if (strchr(vals[j], '*'))
                        s = vals[j];
                const char *colon = strchr(s, ':');
                if (!colon)
                    report(ctx, v->node, pd->owner,
                           "Action '*' allows every action of every AWS service; list only the "
                           "actions this policy needs");
                else
                    report(ctx, v->node, pd->owner,
                           "Action '%s' allows every %.*s action, including any AWS adds later; "
                           "list only the %.*s actions this policy needs",
                           s, (int)(colon - s), s, (int)(colon - s), s);
            }
        }
    }
}
