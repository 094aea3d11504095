/*
 * cloudwatch.c — checks about CloudWatch alarms.
 *
 * CW001: an alarm tells someone. It has AlarmActions (and does not turn
 *        them off with ActionsEnabled: false), or something else acts on
 *        its state: a composite alarm that itself tells someone (children
 *        named by reference or by their literal AlarmName in AlarmRule), a
 *        CodeDeploy deployment group, a SAM DeploymentPreference, an
 *        AppConfig environment, a Route 53 health check, an ECS deployment
 *        alarm, an FIS stop condition. Composite chains are followed with a
 *        memo, so the check is linear in alarms plus references.
 * CW002: an AWS/SQS alarm's QueueName dimension names a queue by its name:
 *        not by !Ref (the URL) or its ARN, and not by a name that matches no
 *        queue of the template while one with a near name exists.
 */
#include <stdlib.h>
#include <string.h>

#include "sqs_common.h"

/* --- CW001 ------------------------------------------------------------------------ */

/* Resources that act on an alarm's state without the alarm's own actions. */
static const char *const ALARM_CONSUMERS[] = {
    "AWS::CodeDeploy::DeploymentGroup", "AWS::Serverless::Function",
    "AWS::Serverless::StateMachine", "AWS::AppConfig::Environment",
    "AWS::Route53::HealthCheck", "AWS::ECS::Service", "AWS::FIS::ExperimentTemplate",
    "AWS::ARCZonalShift::ZonalAutoshiftConfiguration", NULL,
};

static bool is_alarm(const Resource *r)
{
    return resource_is(r, "AWS::CloudWatch::Alarm") || resource_is(r, "AWS::CloudWatch::CompositeAlarm");
}

typedef struct Parent {
    uint32_t composite;
    struct Parent *next;
} Parent;

typedef struct AlarmKey {
    const char *key;    /* model_value_key of AlarmName */
    uint32_t res;
} AlarmKey;

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const AlarmKey *)a)->key, ((const AlarmKey *)b)->key);
}

typedef struct CwScan {
    const Model *m;
    Arena *a;
    Parent **parents;       /* per resource index: composites whose rule names it */
    uint8_t *consumed;      /* per resource index: another resource acts on it */
    uint8_t *state;         /* memo: 0 unknown, 1 in progress, 2 tells someone, 3 tells nobody */
    AlarmKey *keys;
    size_t nkeys;
} CwScan;

static void add_parent(CwScan *s, uint32_t child, uint32_t composite)
{
    Parent *p = arena_alloc(s->a, sizeof *p);
    *p = (Parent){composite, s->parents[child]};
    s->parents[child] = p;
}

/* An alarm's own actions: a non-empty AlarmActions (an intrinsic counts). */
static bool has_actions(const Resource *r)
{
    const Node *aa = node_get(r->props, "AlarmActions");
    return aa && !(node_is_seq(aa) && aa->len == 0);
}

static bool tells(CwScan *s, uint32_t i)
{
    if (s->state[i] == 1)
        return false;       /* a cycle of composites tells nobody */
    if (s->state[i])
        return s->state[i] == 2;
    s->state[i] = 1;
    const Resource *r = &s->m->resources[i];
    bool yes = (has_actions(r) && !node_is_false(node_get(r->props, "ActionsEnabled"))) || s->consumed[i];
    for (const Parent *p = s->parents[i]; p && !yes; p = p->next)
        yes = tells(s, p->composite);
    s->state[i] = yes ? 2 : 3;
    return yes;
}

/* The names inside ALARM(...), OK(...) and INSUFFICIENT_DATA(...) of a
 * composite's AlarmRule text; a name from a Fn::Sub text is keyed as the
 * child's Sub AlarmName would be. */
static void rule_names(CwScan *s, uint32_t composite, const char *text, bool sub)
{
    static const char *const FNS[] = {"ALARM(", "OK(", "INSUFFICIENT_DATA(", NULL};
    for (const char *p = text; *p; p++) {
        for (const char *const *f = FNS; *f; f++) {
            size_t n = strlen(*f);
            if (strncmp(p, *f, n) != 0 || (p > text && (p[-1] == '_' || (p[-1] >= 'A' && p[-1] <= 'Z'))))
                continue;
            const char *b = p + n, *e = strchr(b, ')');
            if (!e)
                return;
            while (b < e && (*b == ' ' || *b == '"' || *b == '\''))
                b++;
            const char *z = e;
            while (z > b && (z[-1] == ' ' || z[-1] == '"' || z[-1] == '\''))
                z--;
            /* a child may be named by its ARN: arn:...:cloudwatch:...:alarm:NAME */
            const char *arn_name = memmem(b, (size_t)(z - b), ":alarm:", 7);
            if (arn_name)
                b = (const char *)arn_name + 7;
            const char *name = arena_printf(s->a, "%s%.*s", sub && memchr(b, '$', (size_t)(z - b)) ? "sub:" : "",
                                            (int)(z - b), b);
            AlarmKey probe = {name, 0};
            const AlarmKey *hit = s->nkeys ? bsearch(&probe, s->keys, s->nkeys, sizeof *s->keys, cmp_key) : NULL;
            if (hit)
                add_parent(s, hit->res, composite);
            p = e;
            break;
        }
    }
}

/* The text of an AlarmRule: a string, a Fn::Sub, or a Fn::Join of those. */
static void rule_text(CwScan *s, uint32_t composite, const Node *rule, int depth)
{
    Node *arg;
    const char *fn = node_intrinsic(rule, &arg);
    if (node_is_scalar(rule)) {
        rule_names(s, composite, node_str(rule), false);
    } else if (fn && strcmp(fn, "Fn::Sub") == 0) {
        const Node *t = node_is_seq(arg) && arg->len ? arg->u.items[0] : arg;
        if (node_str(t))
            rule_names(s, composite, node_str(t), true);
    } else if (fn && strcmp(fn, "Fn::Join") == 0 && node_is_seq(arg) && arg->len == 2 &&
               node_is_seq(arg->u.items[1]) && depth < 8) {
        const Node *parts = arg->u.items[1];
        for (uint32_t i = 0; i < parts->len; i++)
            rule_text(s, composite, parts->u.items[i], depth + 1);
    }
}

static void composite_rule(CwScan *s, const Resource *c)
{
    rule_text(s, c->index, node_get(c->props, "AlarmRule"), 0);
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

void check_cw_alarm_without_action(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    size_t nalarms = 0;
    for (size_t i = 0; i < m->nresources; i++)
        nalarms += is_alarm(&m->resources[i]);
    if (!nalarms)
        return;
    CwScan s = {.m = m, .a = ctx->arena};
    s.parents = arena_calloc(ctx->arena, m->nresources, sizeof *s.parents);
    s.consumed = arena_calloc(ctx->arena, m->nresources, 1);
    s.state = arena_calloc(ctx->arena, m->nresources, 1);
    s.keys = arena_alloc(ctx->arena, nalarms * sizeof *s.keys);
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        const char *key = is_alarm(r) ? model_value_key(ctx->arena, node_get(r->props, "AlarmName")) : NULL;
        if (key)
            s.keys[s.nkeys++] = (AlarmKey){key, r->index};
    }
    qsort(s.keys, s.nkeys, sizeof *s.keys, cmp_key);

    for (size_t i = 0; i < m->nrefs; i++) {
        const Reference *ref = &m->refs[i];
        if (!ref->from || !ref->to || ref->kind == REF_DEPENDS_ON || !is_alarm(ref->to) || ref->from == ref->to)
            continue;
        if (resource_is(ref->from, "AWS::CloudWatch::CompositeAlarm"))
            add_parent(&s, ref->to->index, ref->from->index);
        else if (in_list(ref->from->type, ALARM_CONSUMERS))
            s.consumed[ref->to->index] = 1;
    }
    size_t n_composites;
    const Resource *const *composites = model_resources_of_type(m, "AWS::CloudWatch::CompositeAlarm", &n_composites);
    for (size_t i = 0; i < n_composites; i++)
        composite_rule(&s, composites[i]);

    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        if (!is_alarm(r) || tells(&s, (uint32_t)i))
            continue;
        const char *kind = resource_is(r, "AWS::CloudWatch::CompositeAlarm") ? "composite alarm" : "alarm";
        const Node *off = node_get(r->props, "ActionsEnabled");
        if (r->synthetic && m->kind == KIND_SERVERLESS)
            report(ctx, r->id_node, r,
                   "this custom.sqs-alarms entry has no topic, so its alarm tells nobody when it "
                   "fires; add topic: <the SNS topic to notify>");
        else if (has_actions(r) && node_is_false(off))
            report(ctx, off, r,
                   "%s %s has ActionsEnabled: false, so its AlarmActions never run and it tells "
                   "nobody when it fires; remove ActionsEnabled (it defaults to true), or make it "
                   "the child of a composite alarm that has actions",
                   kind, r->id);
        else
            report(ctx, r->id_node, r,
                   "%s %s has no AlarmActions, so it tells nobody when it fires%s; add AlarmActions: "
                   "[!Ref AlertsTopic] (an SNS topic someone is subscribed to), or use it in a "
                   "composite alarm that has actions",
                   kind, r->id,
                   node_get(r->props, "OKActions") || node_get(r->props, "InsufficientDataActions")
                       ? " (its OKActions / InsufficientDataActions do not run on ALARM)" : "");
    }
}

/* --- CW002 ------------------------------------------------------------------------ */

typedef struct DimScan {
    CheckCtx *ctx;
    SqsIndex ix;
    const Resource *alarm;
    const Node *value;
    const Resource *url, *arn;  /* a queue named by its URL / ARN */
    bool named;                 /* some branch names a queue by its name */
} DimScan;

static void on_queue(void *ud, const Resource *q, SqsHow how)
{
    DimScan *s = ud;
    if (how == SQS_BY_NAME)
        s->named = true;
    else if (how == SQS_BY_URL && !s->url)
        s->url = q;
    else if (how == SQS_BY_ARN && !s->arn)
        s->arn = q;
}

static void on_dim(void *ud, const Resource *alarm, const Node *value, const char *metric, const char *ns)
{
    DimScan *s = ud;
    (void)metric;
    if (!ns || strcmp(ns, "AWS/SQS") != 0)
        return;
    s->alarm = alarm;
    s->url = s->arn = NULL;
    s->named = false;
    size_t n = sqs_name_value(&s->ix, value, on_queue, s);
    CheckCtx *ctx = s->ctx;
    if (s->url || (s->arn && !s->named)) {
        const Resource *q = s->url ? s->url : s->arn;
        report(ctx, value, alarm,
               "alarm %s names queue %s by its %s in the QueueName dimension, so the alarm "
               "never receives data (SQS metrics are keyed by the queue's name); use !GetAtt "
               "%s.QueueName",
               alarm->id, q->id, s->url ? "URL (!Ref returns the URL)" : "ARN", q->id);
        return;
    }
    if (n)
        return;
    const char *key = model_value_key(ctx->arena, value);
    const Resource *near = key ? sqs_similar_queue(&s->ix, key) : NULL;
    if (!near)
        return;
    const Node *qn = node_get(near->props, "QueueName");
    const char *near_name = node_str(qn) ? node_str(qn) : model_value_key(ctx->arena, qn) + 4;
    const char *name = strncmp(key, "sub:", 4) == 0 ? key + 4 : key;
    if (alarm->synthetic)   /* a serverless-sqs-alarms-plugin entry: the name is all one writes */
        report(ctx, value, alarm,
               "this custom.sqs-alarms entry watches a queue named '%s', which no queue of this "
               "file has, so its alarm may never receive data; queue %s is named '%s': write that",
               name, near->id, near_name);
    else
        report(ctx, value, alarm,
               "alarm %s watches a queue named '%s', which no queue of this template has, so "
               "the alarm may never receive data; queue %s is named '%s': use !GetAtt %s.QueueName",
               alarm->id, name, near->id, near_name, near->id);
}

void check_cw_sqs_alarm_wrong_dimension(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    DimScan s = {.ctx = ctx};
    if (!sqs_index_build(&s.ix, ctx))
        return;
    size_t n_alarms;
    const Resource *const *alarms = model_resources_of_type(m, "AWS::CloudWatch::Alarm", &n_alarms);
    for (size_t i = 0; i < n_alarms; i++)
        sqs_alarm_dimensions(alarms[i], on_dim, &s);
}
