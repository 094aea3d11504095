/*
 * sqs.c — checks about SQS queues.
 *
 * SQS001: every queue is watched by at least one CloudWatch alarm. An alarm
 * watches a queue when one of its QueueName dimensions (in Dimensions, or in
 * Metrics[].MetricStat.Metric.Dimensions for metric math) names it by
 * !GetAtt Q.QueueName, by "${Q.QueueName}" in a Fn::Sub, or by the queue's
 * literal QueueName. The lookup is linear in alarms plus queues: alarms mark
 * queues, queues never scan alarms.
 */
#include <stdlib.h>
#include <string.h>

#include "checks.h"

typedef struct NamedQueue {
    const char *name;   /* literal QueueName, or "sub:" + Fn::Sub template */
    uint32_t res;       /* resource index */
} NamedQueue;

static int cmp_named(const void *a, const void *b)
{
    return strcmp(((const NamedQueue *)a)->name, ((const NamedQueue *)b)->name);
}

typedef struct SqsScan {
    CheckCtx *ctx;
    NamedQueue *named;
    size_t nnamed;
    uint8_t *watched;               /* per resource index */
    const Resource **url_alarm;     /* per resource index: an alarm that used !Ref (the URL) */
} SqsScan;

static void mark_value(SqsScan *s, const Resource *alarm, const Node *v)
{
    const Model *m = s->ctx->model;
    const char *target, *attr;
    RefKind k = model_ref_of(v, &target, &attr, s->ctx->arena);
    if (k) {
        const Resource *q = model_resource(m, target);
        if (!resource_is(q, "AWS::SQS::Queue"))
            return;
        if ((k == REF_GETATT || k == REF_SUB) && attr && strcmp(attr, "QueueName") == 0)
            s->watched[q->index] = 1;
        else if (k == REF_REF)
            s->url_alarm[q->index] = alarm;
        return;
    }
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    if (fn && strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3) {
        mark_value(s, alarm, arg->u.items[1]);
        mark_value(s, alarm, arg->u.items[2]);
        return;
    }
    const char *key = model_value_key(s->ctx->arena, v);
    if (!key || !s->nnamed)
        return;
    NamedQueue probe = {key, 0};
    NamedQueue *hit = bsearch(&probe, s->named, s->nnamed, sizeof *s->named, cmp_named);
    if (!hit)
        return;
    /* several queues may share a name under different conditions */
    while (hit > s->named && strcmp(hit[-1].name, key) == 0)
        hit--;
    for (; hit < s->named + s->nnamed && strcmp(hit->name, key) == 0; hit++)
        s->watched[hit->res] = 1;
}

static void mark_dimensions(SqsScan *s, const Resource *alarm, const Node *dims)
{
    if (!node_is_seq(dims))
        return;
    for (uint32_t i = 0; i < dims->len; i++) {
        const Node *d = dims->u.items[i];
        if (node_str_eq(node_get(d, "Name"), "QueueName"))
            mark_value(s, alarm, node_get(d, "Value"));
    }
}

void check_sqs_queue_without_alarm(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    size_t nq, na;
    const Resource *const *queues = model_resources_of_type(m, "AWS::SQS::Queue", &nq);
    const Resource *const *alarms = model_resources_of_type(m, "AWS::CloudWatch::Alarm", &na);
    if (!nq)
        return;

    SqsScan s = {.ctx = ctx};
    s.watched = arena_calloc(ctx->arena, m->nresources, 1);
    s.url_alarm = arena_calloc(ctx->arena, m->nresources, sizeof *s.url_alarm);
    s.named = arena_alloc(ctx->arena, nq * sizeof *s.named);
    for (size_t i = 0; i < nq; i++) {
        const char *key = model_value_key(ctx->arena, node_get(queues[i]->props, "QueueName"));
        if (key)
            s.named[s.nnamed++] = (NamedQueue){key, queues[i]->index};
    }
    qsort(s.named, s.nnamed, sizeof *s.named, cmp_named);

    for (size_t i = 0; i < na; i++) {
        const Resource *r = alarms[i];
        if (!r->props)
            continue;
        mark_dimensions(&s, r, node_get(r->props, "Dimensions"));
        const Node *metrics = node_get(r->props, "Metrics");
        if (node_is_seq(metrics))
            for (uint32_t k = 0; k < metrics->len; k++) {
                const Node *metric = node_get(node_get(metrics->u.items[k], "MetricStat"), "Metric");
                mark_dimensions(&s, r, node_get(metric, "Dimensions"));
            }
    }

    for (size_t i = 0; i < nq; i++) {
        const Resource *q = queues[i];
        if (s.watched[q->index])
            continue;
        if (s.url_alarm[q->index])
            report(ctx, q->id_node, q,
                   "SQS queue '%s' has no working CloudWatch alarm: alarm '%s' names it with "
                   "!Ref, which is the queue's URL, so the alarm never receives data; use "
                   "!GetAtt %s.QueueName as the QueueName dimension",
                   q->id, s.url_alarm[q->index]->id, q->id);
        else
            report(ctx, q->id_node, q,
                   "SQS queue '%s' has no CloudWatch alarm; add an AWS::CloudWatch::Alarm on an "
                   "AWS/SQS metric (e.g. ApproximateAgeOfOldestMessage) with dimension QueueName: "
                   "!GetAtt %s.QueueName and an AlarmActions target, so someone learns when "
                   "messages pile up",
                   q->id, q->id);
    }
}
