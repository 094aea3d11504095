/*
 * iam_rules.c — the least-privilege checks on IAM statements that need
 * the action catalog (iam_catalog.h) and the shared statement facts
 * (iam_policy.h):
 *
 *   IAM002  admin-equivalent: every action on every resource
 *   IAM003  unscoped-write: Write / Permissions-management actions on "*"
 *   IAM004  allow-not-action, IAM005 allow-not-resource, IAM006 allow-not-principal
 *   IAM007  passrole-unscoped: iam:PassRole on "*"
 *   IAM008  privilege-escalation: a known escalation method in one document
 *   IAM011  unknown-action: an action or service that does not exist
 *
 * Each walks the model's policies once; the cost per statement is the
 * expansion of its action strings (iam_catalog.c) and a scan of one bitset;
 * what a whole document denies is computed once (iam_policy.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "iam_policy.h"

typedef void (*StmtFn)(CheckCtx *ctx, const PolicyDoc *pd, const Statement *st);

static void each_statement(CheckCtx *ctx, StmtFn fn)
{
    const Model *m = ctx->model;
    for (size_t p = 0; p < m->npolicies; p++)
        for (size_t i = 0; i < m->policies[p].nstmts; i++)
            fn(ctx, &m->policies[p], &m->policies[p].stmts[i]);
}

static const char *stmt_name(CheckCtx *ctx, const Statement *st)
{
    return st->sid ? arena_printf(ctx->arena, "statement '%s'", st->sid) : "this statement";
}

/* --- IAM002 --------------------------------------------------------------------- */

static void admin_stmt(CheckCtx *ctx, const PolicyDoc *pd, const Statement *st)
{
    if (pd->kind != POLICY_IDENTITY || st->effect != EFFECT_ALLOW)
        return;
    StmtFacts f;
    iam_statement_facts(ctx, st, &f);
    if (!f.admin)
        return;
    const char *what = "allows every action on every resource: it makes the principal an "
                       "administrator of the account";
    const char *fix = "list the actions and resources it needs, or, if administrator access is "
                      "the intent, attach the AWS managed policy AdministratorAccess through "
                      "ManagedPolicyArns so that the intent is plain";
    bool reported = false;
    for (size_t k = 0; k < st->action.len; k++)
        if (f.verdicts[k] == VERDICT_IAM002) {
            report(ctx, st->action.items[k].node, pd->owner, "%s %s; %s", stmt_name(ctx, st),
                   what, fix);
            reported = true;
        }
    if (!reported && st->action.key)
        report(ctx, st->action.key, pd->owner, "%s %s%s; %s", stmt_name(ctx, st), what, st->action.negated ? " (NotAction excludes no known action)" : "", fix);
}

void check_iam_admin_equivalent(CheckCtx *ctx)
{
    each_statement(ctx, admin_stmt);
}

/* --- IAM003 --------------------------------------------------------------------- */

static bool is_passrole(uint32_t a)
{
    static uint32_t passrole = IAM_NO_ACTION;
    if (passrole == IAM_NO_ACTION)
        passrole = iam_action_find("iam:PassRole");   /* constant: racing threads agree */
    return a == passrole;
}

/* Counts the actions of a set that are scopable writes, skipping empty
 * words, and sets *first to the first of them. */
static size_t count_scopable_writes(const uint64_t *set, uint32_t *first);

/* Write / Permissions-management actions that can be scoped to resources. */
static bool scopable_write(uint32_t a)
{
    const IamActionRec *r = &IAM_ACTIONS[a];
    return r->scoped && (r->access == IAM_ACCESS_WRITE || r->access == IAM_ACCESS_PERMISSIONS) &&
           !is_passrole(a);
}

/* The scopable writes as a set, made once per process: counting them in a
 * set is then a popcount per word, not a test per action ("*" has tens of
 * thousands). */
static uint64_t *scopable_set;
static pthread_once_t scopable_once = PTHREAD_ONCE_INIT;

static void make_scopable_set(void)
{
    uint64_t *set = xmalloc(iam_set_words() * sizeof *set);
    memset(set, 0, iam_set_words() * sizeof *set);
    for (uint32_t a = 0; a < IAM_NACTIONS; a++)
        if (scopable_write(a))
            set[a / 64] |= 1ull << (a % 64);
    scopable_set = set;
}

static size_t count_scopable_writes(const uint64_t *set, uint32_t *first)
{
    pthread_once(&scopable_once, make_scopable_set);
    size_t n = 0;
    for (size_t w = 0; w < iam_set_words(); w++) {
        uint64_t bits = set[w] & scopable_set[w];
        if (!bits)
            continue;
        if (!n && first)
            *first = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
        n += (size_t)__builtin_popcountll(bits);
    }
    return n;
}

/* Names the statement's offending action strings as written ("s3:PutObject",
 * "ec2:* (481 such actions)"), at most three, and returns one offending
 * action for the ARN suggestion, or IAM_NO_ACTION. */
static uint32_t describe_writes(CheckCtx *ctx, const Statement *st, const StmtFacts *f,
                                const char **text)
{
    size_t shown = 0, more = 0;
    uint32_t pick = IAM_NO_ACTION;
    *text = "";
    for (size_t k = 0; k < st->action.len && !st->action.negated; k++) {
        const char *vals[64];
        size_t nv = iam_resolve(ctx->model, st->action.items[k].node, vals, 64);
        for (size_t j = 0; j < nv; j++) {
            size_t nmatch;
            uint32_t a = IAM_NO_ACTION;
            const uint64_t *one = iam_value_actions(ctx, st, vals[j], &nmatch);
            size_t n = nmatch ? count_scopable_writes(one, &a) : 0;
            if (n && pick == IAM_NO_ACTION)
                pick = a;
            if (!n)
                continue;
            if (shown == 3) {
                more++;
                continue;
            }
            *text = arena_printf(ctx->arena, "%s%s%s%s", *text, shown ? ", " : "", vals[j],
                                 strpbrk(vals[j], "*?") ? arena_printf(ctx->arena, " (%zu such actions)", n) : "");
            shown++;
        }
    }
    if (st->action.negated) {
        uint32_t a = IAM_NO_ACTION;
        size_t n = count_scopable_writes(f->actions, &a);
        if (n && pick == IAM_NO_ACTION)
            pick = a;
        if (n)
            *text = arena_printf(ctx->arena, "everything NotAction leaves (%zu such actions)", n);
    }
    if (more)
        *text = arena_printf(ctx->arena, "%s and %zu more", *text, more);
    return pick;
}

/* The statement's condition scopes it by resource tags (attribute-based
 * access control: aws:ResourceTag/team, ec2:ResourceTag/env, ...) with a
 * positive operator: the resources are named by their tags instead. */
static bool scoped_by_tags(const Node *cond)
{
    if (!node_is_map(cond))
        return false;
    for (uint32_t i = 0; i < cond->len; i++) {
        const char *op = cond->u.entries[i].key->u.str;
        const Node *tests = cond->u.entries[i].value;
        if (strstr(op, "Not") || strcmp(op, "Null") == 0 || !node_is_map(tests))
            continue;
        for (uint32_t k = 0; k < tests->len; k++)
            if (strstr(tests->u.entries[k].key->u.str, ":ResourceTag/"))
                return true;
    }
    return false;
}

static void unscoped_write_stmt(CheckCtx *ctx, const PolicyDoc *pd, const Statement *st)
{
    if (pd->kind != POLICY_IDENTITY || st->effect != EFFECT_ALLOW || scoped_by_tags(st->condition))
        return;
    StmtFacts f;
    iam_statement_facts(ctx, st, &f);
    if (!f.unscoped || f.admin)
        return;
    const char *text;
    uint32_t pick = describe_writes(ctx, st, &f, &text);
    if (pick == IAM_NO_ACTION)
        return;
    report(ctx, f.unscoped->node, pd->owner,
           "Resource '*'%s lets Write or Permissions-management actions that can be limited to "
           "named resources act on every resource of the account: %s; scope Resource to the ARNs "
           "they need, such as %s",
           iam_sid_note(ctx, st), text,
           iam_arn_for_template(ctx, IAM_STR + IAM_ACTIONS[pick].arn));
}

void check_iam_unscoped_write(CheckCtx *ctx)
{
    each_statement(ctx, unscoped_write_stmt);
}

/* --- IAM004, IAM005, IAM006 ----------------------------------------------------- */

static void not_action_stmt(CheckCtx *ctx, const PolicyDoc *pd, const Statement *st)
{
    if (st->effect == EFFECT_ALLOW && st->action.negated && st->action.key)
        report(ctx, st->action.key, pd->owner,
               "Allow with NotAction%s allows every action of every service except those "
               "listed, including actions AWS adds later; list the allowed actions in Action "
               "instead (NotAction belongs in Deny statements)",
               iam_sid_note(ctx, st));
}

static void not_resource_stmt(CheckCtx *ctx, const PolicyDoc *pd, const Statement *st)
{
    if (st->effect == EFFECT_ALLOW && st->resource.negated && st->resource.key)
        report(ctx, st->resource.key, pd->owner,
               "Allow with NotResource%s allows the actions on every resource except those "
               "listed, including resources created later; list the allowed resources in "
               "Resource instead (NotResource belongs in Deny statements)",
               iam_sid_note(ctx, st));
}

static void not_principal_stmt(CheckCtx *ctx, const PolicyDoc *pd, const Statement *st)
{
    if (st->effect == EFFECT_ALLOW && st->not_principal && st->principal_key)
        report(ctx, st->principal_key, pd->owner,
               "Allow with NotPrincipal%s allows every principal except those listed, "
               "anonymous users included; name the principals that may act in Principal instead",
               iam_sid_note(ctx, st));
}

void check_iam_allow_not_action(CheckCtx *ctx)
{
    each_statement(ctx, not_action_stmt);
}

void check_iam_allow_not_resource(CheckCtx *ctx)
{
    each_statement(ctx, not_resource_stmt);
}

void check_iam_allow_not_principal(CheckCtx *ctx)
{
    each_statement(ctx, not_principal_stmt);
}

/* --- IAM007 --------------------------------------------------------------------- */

static void passrole_stmt(CheckCtx *ctx, const PolicyDoc *pd, const Statement *st)
{
    if (pd->kind != POLICY_IDENTITY || st->effect != EFFECT_ALLOW || st->action.negated)
        return;
    StmtFacts f;
    iam_statement_facts(ctx, st, &f);
    for (size_t k = 0; k < st->action.len; k++) {
        if (f.verdicts[k] != VERDICT_IAM007)
            continue;
        const IamValue *v = &st->action.items[k];
        bool direct = v->str && strcasecmp(v->str, "iam:PassRole") == 0;
        const char *what = direct || !v->str ? "iam:PassRole"
                         : arena_printf(ctx->arena, "'%s', which covers iam:PassRole,", v->str);
        report(ctx, v->node, pd->owner,
               "%s%s lets the principal pass any role in the account to a service (iam:PassRole "
               "on Resource '*'), and so act with that role's permissions; scope Resource to "
               "the ARNs of the roles it must pass (arn:${AWS::Partition}:iam::${AWS::AccountId}:"
               "role/NAME) and add the condition iam:PassedToService",
               what, iam_sid_note(ctx, st));
    }
}

void check_iam_passrole_unscoped(CheckCtx *ctx)
{
    each_statement(ctx, passrole_stmt);
}

/* --- IAM008 --------------------------------------------------------------------- */

static bool method_in(const IamEscalationRec *e, const uint64_t *set)
{
    for (uint32_t i = 0; i < e->count; i++)
        if (!iam_set_has(set, IAM_RISK_ACTIONS[e->first + i].action))
            return false;
    return e->count > 0;
}

/* The first statement (of those allowing actions on "*") that grants one of
 * the method's actions: the one the finding is reported on. */
static size_t method_stmt(const IamEscalationRec *e, uint64_t *const *sets, size_t n)
{
    for (size_t s = 0; s < n; s++)
        for (uint32_t i = 0; sets[s] && i < e->count; i++)
            if (iam_set_has(sets[s], IAM_RISK_ACTIONS[e->first + i].action))
                return s;
    return 0;
}

static void escalation_doc(CheckCtx *ctx, const PolicyDoc *pd)
{
    size_t words = iam_set_words();
    uint64_t *all = NULL;     /* made for the first statement that counts: most documents have none */
    uint64_t **sets = arena_calloc(ctx->arena, pd->nstmts ? pd->nstmts : 1, sizeof *sets);
    for (size_t s = 0; s < pd->nstmts; s++) {
        const Statement *st = &pd->stmts[s];
        StmtFacts f;
        iam_statement_facts(ctx, st, &f);
        if (!f.identity_allow || !f.unscoped)
            continue;
        if (f.admin)
            return;     /* IAM002's */
        sets[s] = f.actions;
        if (!all)
            all = arena_calloc(ctx->arena, words, sizeof *all);
        for (size_t w = 0; w < words; w++)
            all[w] |= f.actions[w];
    }
    /* (the facts' action sets already leave out what an unconditional Deny refuses) */
    if (!all)
        return;
    /* group the methods by the statement they are reported on */
    for (size_t s = 0; s < pd->nstmts; s++) {
        if (!sets[s])
            continue;
        const IamEscalationRec *first = NULL;
        size_t n = 0;
        char *names = "";
        for (uint32_t i = 0; i < IAM_NESCALATIONS; i++) {
            const IamEscalationRec *e = &IAM_ESCALATIONS[i];
            if (!method_in(e, all) || method_stmt(e, sets, pd->nstmts) != s)
                continue;
            if (!first)
                first = e;
            if (n < 4)
                names = arena_printf(ctx->arena, "%s%s%s", names, n ? ", " : "", IAM_STR + e->name);
            n++;
        }
        if (!first)
            continue;
        const char *ref = IAM_STR + first->reference;
        report(ctx, pd->stmts[s].node, pd->owner,
               "this policy allows, on Resource '*', the actions of the privilege-escalation "
               "method%s %s%s%s%s%s, with which the principal can grant itself more access; "
               "remove those actions or scope their Resource to what it must manage",
               n > 1 ? "s" : "", names,
               n > 4 ? arena_printf(ctx->arena, " and %zu more", n - 4) : "",
               *ref ? " (" : "", ref, *ref ? ")" : "");
    }
}

void check_iam_privilege_escalation(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    for (size_t p = 0; p < m->npolicies; p++)
        if (m->policies[p].kind == POLICY_IDENTITY)
            escalation_doc(ctx, &m->policies[p]);
}

/* --- IAM011 --------------------------------------------------------------------- */

static void unknown_value(CheckCtx *ctx, const PolicyDoc *pd, const IamValue *v)
{
    /* text from a SAM policy template's definition is SAM's, not the user's:
     * a spelling finding there could not be acted on */
    if (v->node->flags & NODE_SYNTHETIC)
        return;
    const char *vals[64];
    size_t k = iam_resolve(ctx->model, v->node, vals, 64);
    for (size_t j = 0; j < k; j++) {
        const char *s = vals[j], *colon = strchr(s, ':');
        char buf[160];
        IamExpand e = iam_expand(s, NULL, NULL);
        if (e == IAM_EXPAND_OK)
            continue;
        const char *hint = iam_suggest(s, buf, sizeof buf);
        const char *dym = hint ? arena_printf(ctx->arena, "; did you mean '%s'?", hint) : "";
        const char *from = iam_value_origin(ctx, v->node, true);
        int svl = colon ? (int)(colon - s) : 0;
        switch (e) {
        case IAM_EXPAND_BAD_FORM:
            report(ctx, v->node, pd->owner,
                   "'%s'%s is not an IAM action: write service:Action, for example s3:GetObject",
                   s, from);
            break;
        case IAM_EXPAND_UNKNOWN_SERVICE:
            report(ctx, v->node, pd->owner, "no AWS service has the action prefix '%.*s' in '%s'%s%s",
                   svl, s, s, from, *dym ? dym : "; check the service prefix");
            break;
        case IAM_EXPAND_UNKNOWN_ACTION:
            report(ctx, v->node, pd->owner, "'%s'%s names no action of the service '%.*s'%s", s, from,
                   svl, s, *dym ? dym : "; check the spelling against the service's actions");
            break;
        default:
            report(ctx, v->node, pd->owner,
                   "'%s'%s matches no action, so it allows or denies nothing; check the spelling", s,
                   from);
            break;
        }
        return;     /* one finding per element */
    }
}

static void unknown_stmt(CheckCtx *ctx, const PolicyDoc *pd, const Statement *st)
{
    StmtFacts f;
    iam_statement_facts(ctx, st, &f);
    for (size_t k = 0; k < st->action.len; k++)
        if (f.verdicts[k] == VERDICT_IAM011)
            unknown_value(ctx, pd, &st->action.items[k]);
}

void check_iam_unknown_action(CheckCtx *ctx)
{
    each_statement(ctx, unknown_stmt);
}
