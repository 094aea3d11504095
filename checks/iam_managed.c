/*
 * iam_managed.c — IAM009 admin-managed-policy: a role, user or group gets
 * an AWS managed policy that makes it (nearly) an administrator through
 * ManagedPolicyArns. The ARN may be written plainly, with !Sub and
 * ${AWS::Partition}, or with Fn::Join; it is recognised by its tail
 * ":iam::aws:policy/NAME".
 */
#include <string.h>

#include "iam_policy.h"

typedef struct AdminPolicy {
    const char *name;
    Severity severity;
    const char *what;
} AdminPolicy;

static const AdminPolicy ADMIN_POLICIES[] = {
    {"AdministratorAccess", SEV_ERROR, "every action on every resource"},
    {"PowerUserAccess", SEV_WARNING, "every action except most of IAM and Organizations"},
    {"IAMFullAccess", SEV_WARNING, "every IAM action, so it can make itself an administrator"},
};

static const AdminPolicy *admin_policy(const Node *v)
{
    char buf[512];
    if (!iam_value_text(v, buf, sizeof buf) || strncmp(buf, "arn:", 4) != 0)
        return NULL;
    const char *tail = strstr(buf, ":iam::aws:policy/");
    if (!tail)
        return NULL;
    tail += strlen(":iam::aws:policy/");
    for (size_t i = 0; i < sizeof ADMIN_POLICIES / sizeof *ADMIN_POLICIES; i++)
        if (strcmp(tail, ADMIN_POLICIES[i].name) == 0)
            return &ADMIN_POLICIES[i];
    return NULL;
}

static void check_arns(CheckCtx *ctx, const Resource *r, const Node *arns)
{
    if (!arns)
        return;
    if (node_is_seq(arns)) {
        for (uint32_t i = 0; i < arns->len; i++)
            check_arns(ctx, r, arns->u.items[i]);
        return;
    }
    Node *arg;
    const char *fn = node_intrinsic(arns, &arg);
    if (fn && strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3) {
        check_arns(ctx, r, arg->u.items[1]);
        check_arns(ctx, r, arg->u.items[2]);
        return;
    }
    const AdminPolicy *a = admin_policy(arns);
    if (!a)
        return;
    report(ctx, arns, r,
           "'%s' gets the AWS managed policy %s, which allows %s; attach a policy with only the "
           "actions it needs%s",
           r->id, a->name, a->what,
           a->severity == SEV_ERROR ? " (keep AdministratorAccess for a documented break-glass "
                                      "role, with a suppression that says so)" : "");
    /* the rule's severity is AdministratorAccess's; the others are warnings */
    if (a->severity != ctx->rule->severity && ctx->out->len)
        ctx->out->items[ctx->out->len - 1].severity = a->severity;
}

void check_iam_admin_managed_policy(CheckCtx *ctx)
{
    static const char *const owners[] = {"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", NULL};
    const Model *m = ctx->model;
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        for (const char *const *t = owners; *t; t++)
            if (resource_is(r, *t) && r->props)
                check_arns(ctx, r, node_get(r->props, "ManagedPolicyArns"));
    }
}
