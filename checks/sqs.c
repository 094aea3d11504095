/*
 * sqs.c — checks about SQS queues.
 *
 * SQS001: every queue is watched by at least one CloudWatch alarm. An alarm
 * watches a queue when one of its QueueName dimensions (in Dimensions, or in
 * Metrics[].MetricStat.Metric.Dimensions for metric math) names it by
 * !GetAtt Q.QueueName, by "${Q.QueueName}" in a Fn::Sub, or by the queue's
 * literal QueueName (sqs_common.c), and its metric is one the rule asks for:
 * the parameters queue-metrics (work queues; default any metric) and
 * dlq-metrics (dead-letter queues; default ApproximateNumberOfMessagesVisible).
 * The lookup is linear in alarms plus queues: alarms mark queues, queues
 * never scan alarms.
 */
#include <string.h>

#include "sqs_common.h"

/* A metric list parameter: a list of metric names, or one name; "any"
 * accepts every metric. */
typedef struct MetricList {
    const char *const *names;
    size_t len;
    bool any;
    const char *text;       /* for messages: "A or B" */
} MetricList;

static MetricList metric_list(CheckCtx *ctx, const char *param, const char *dflt)
{
    const Node *v = rule_param(ctx, param);
    MetricList l = {0};
    if (!v) {
        const char **one = arena_alloc(ctx->arena, sizeof *one);
        one[0] = dflt;
        l.names = one;
        l.len = 1;
        l.any = strcmp(dflt, "any") == 0;
        l.text = dflt;
        return l;
    }
    const Node *const *items = node_is_seq(v) ? (const Node *const *)v->u.items : &v;
    uint32_t n = node_is_seq(v) ? v->len : 1;
    const char **names = arena_alloc(ctx->arena, (n ? n : 1) * sizeof *names);
    const char *text = "";
    for (uint32_t i = 0; i < n; i++) {
        const char *s = node_str(items[i]);
        if (!s)
            continue;
        l.any |= strcmp(s, "any") == 0;
        names[l.len++] = s;
        text = *text ? arena_printf(ctx->arena, "%s or %s", text, s) : s;
    }
    l.names = names;
    l.text = text;
    return l;
}

static bool metric_in(const MetricList *l, const char *metric)
{
    if (l->any || !metric)      /* a metric hidden behind an intrinsic gets the benefit of the doubt */
        return true;
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->names[i], metric) == 0)
            return true;
    return false;
}

typedef struct SqsScan {
    CheckCtx *ctx;
    SqsIndex ix;
    MetricList queue_metrics, dlq_metrics;
    const Node **dlq;               /* per resource index: why it is a dead-letter queue */
    uint8_t *watched;               /* per resource index: by an alarm on a wanted metric */
    const Resource **other_alarm;   /* per resource index: an alarm on another metric */
    const char **other_metric;
    const Resource **url_alarm;     /* per resource index: an alarm that used !Ref (the URL) */
    /* the dimension being looked at */
    const Resource *alarm;
    const char *metric;
} SqsScan;

static void mark_queue(void *ud, const Resource *q, SqsHow how)
{
    SqsScan *s = ud;
    if (how == SQS_BY_URL) {
        if (!s->url_alarm[q->index])
            s->url_alarm[q->index] = s->alarm;
        return;
    }
    if (how != SQS_BY_NAME)
        return;
    if (metric_in(s->dlq[q->index] ? &s->dlq_metrics : &s->queue_metrics, s->metric)) {
        s->watched[q->index] = 1;
    } else if (!s->other_alarm[q->index]) {
        s->other_alarm[q->index] = s->alarm;
        s->other_metric[q->index] = s->metric;
    }
}

static void on_dimension(void *ud, const Resource *alarm, const Node *value, const char *metric,
                         const char *ns)
{
    SqsScan *s = ud;
    (void)ns;
    s->alarm = alarm;
    s->metric = metric;
    sqs_name_value(&s->ix, value, mark_queue, s);
}

void check_sqs_queue_without_alarm(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    SqsScan s = {.ctx = ctx};
    if (!sqs_index_build(&s.ix, ctx))
        return;
    s.queue_metrics = metric_list(ctx, "queue-metrics", "any");
    s.dlq_metrics = metric_list(ctx, "dlq-metrics", "ApproximateNumberOfMessagesVisible");
    s.dlq = sqs_dead_letter_queues(&s.ix);
    s.watched = arena_calloc(ctx->arena, m->nresources, 1);
    s.url_alarm = arena_calloc(ctx->arena, m->nresources, sizeof *s.url_alarm);
    s.other_alarm = arena_calloc(ctx->arena, m->nresources, sizeof *s.other_alarm);
    s.other_metric = arena_calloc(ctx->arena, m->nresources, sizeof *s.other_metric);

    for (size_t i = 0; i < m->nresources; i++)
        if (resource_is(&m->resources[i], "AWS::CloudWatch::Alarm"))
            sqs_alarm_dimensions(&m->resources[i], on_dimension, &s);

    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *q = &m->resources[i];
        if (!resource_is(q, "AWS::SQS::Queue") || s.watched[i])
            continue;
        bool dlq = s.dlq[i] != NULL;
        const MetricList *want = dlq ? &s.dlq_metrics : &s.queue_metrics;
        if (s.other_alarm[i])
            report(ctx, q->id_node, q,
                   "SQS %s '%s' has no CloudWatch alarm on %s: alarm '%s' watches %s, which "
                   "%s; add an alarm on %s with dimension QueueName: "
                   "!GetAtt %s.QueueName%s",
                   dlq ? "dead-letter queue" : "queue", q->id, want->text, s.other_alarm[i]->id,
                   s.other_metric[i], dlq ? "does not show messages arriving in a dead-letter queue"
                                          : "is not among the metrics queue-metrics names",
                   want->text, q->id, dlq ? " (Maximum > 0: every message there is a failure)" : "");
        else if (s.url_alarm[i])
            report(ctx, q->id_node, q,
                   "SQS queue '%s' has no working CloudWatch alarm: alarm '%s' names it with "
                   "!Ref, which is the queue's URL, so the alarm never receives data; use "
                   "!GetAtt %s.QueueName as the QueueName dimension",
                   q->id, s.url_alarm[i]->id, q->id);
        else if (dlq)
            report(ctx, q->id_node, q,
                   "SQS dead-letter queue '%s' has no CloudWatch alarm; add an "
                   "AWS::CloudWatch::Alarm on %s (Maximum > 0) with dimension QueueName: "
                   "!GetAtt %s.QueueName and an AlarmActions target, so someone learns when a "
                   "message fails for good",
                   q->id, want->any ? "ApproximateNumberOfMessagesVisible" : want->text, q->id);
        else
            report(ctx, q->id_node, q,
                   "SQS queue '%s' has no CloudWatch alarm; add an AWS::CloudWatch::Alarm on %s "
                   "with dimension QueueName: !GetAtt %s.QueueName and an AlarmActions target, so "
                   "someone learns when messages pile up",
                   q->id, want->any ? "an AWS/SQS metric (e.g. ApproximateAgeOfOldestMessage)" : want->text,
                   q->id);
    }
}
