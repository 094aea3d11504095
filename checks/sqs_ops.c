/*
 * sqs_ops.c — how queues and subscriptions behave when processing fails.
 *
 * SQS002: a queue has a RedrivePolicy, unless it is itself a dead-letter
 *         queue (sqs_dead_letter_queues()).
 * SQS003: a queue is encrypted at rest, and says so.
 * SQS004: a queue and its dead-letter queue are of the same type (FIFO or
 *         standard).
 * SQS005: a queue consumed by a Lambda function keeps a message invisible
 *         longer than the function may take (error), and by the margin AWS
 *         recommends, six times (warning): one rule, two severities.
 * SNS001: an SNS subscription to SQS or Lambda has a RedrivePolicy; so do
 *         SAM SNS events and serverless.yml sns events.
 *
 * Queues are named as sqs_common.c reads them; every check is linear in the
 * template.
 */
#include <string.h>
#include <strings.h>

#include "sqs_common.h"

/* "OrdersQueue" -> "OrdersDLQ", "Orders" -> "OrdersDLQ": the name a
 * message suggests for a dead-letter queue. */
static const char *dlq_name(Arena *a, const char *id)
{
    size_t n = strlen(id);
    if (n > 5 && strcmp(id + n - 5, "Queue") == 0)
        return arena_printf(a, "%.*sDLQ", (int)(n - 5), id);
    return arena_printf(a, "%sDLQ", id);
}

/* A function's name as its author wrote it: a serverless.yml function's key
 * (its synthetic resource's id node spans it), else the logical id. */
static const char *function_name(CheckCtx *ctx, const Resource *fn)
{
    const Model *m = ctx->model;
    if (fn->synthetic && m->kind == KIND_SERVERLESS && fn->id_node->span.end > fn->id_node->span.start) {
        Span sp = fn->id_node->span;
        return arena_printf(ctx->arena, "%.*s", (int)(sp.end - sp.start), m->doc->text + sp.start);
    }
    return fn->id;
}

/* --- SQS002 ------------------------------------------------------------------------ */

void check_sqs_queue_without_redrive(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    SqsIndex ix;
    if (!sqs_index_build(&ix, ctx))
        return;
    const Node **dlq = sqs_dead_letter_queues(&ix);
    size_t n_queues;
    const Resource *const *queues = model_resources_of_type(m, "AWS::SQS::Queue", &n_queues);
    for (size_t i = 0; i < n_queues; i++) {
        const Resource *q = queues[i];
        if (dlq[q->index] || node_get(q->props, "RedrivePolicy"))
            continue;
        report(ctx, q->id_node, q,
               "queue %s has no RedrivePolicy: a message that keeps failing is received again "
               "and again until it expires (MessageRetentionPeriod, 4 days by default) and is "
               "then lost; add a dead-letter queue with RedrivePolicy: {deadLetterTargetArn: "
               "!GetAtt %s.Arn, maxReceiveCount: 5}",
               q->id, dlq_name(ctx->arena, q->id));
    }
}

/* --- SQS003 ------------------------------------------------------------------------ */

void check_sqs_queue_unencrypted(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    /* require-explicit: false accepts a queue that leaves encryption to
     * SQS's default (SSE-SQS for queues created since October 2022) */
    bool explicit_only = !node_is_false(rule_param(ctx, "require-explicit"));
    size_t n_queues;
    const Resource *const *queues = model_resources_of_type(m, "AWS::SQS::Queue", &n_queues);
    for (size_t i = 0; i < n_queues; i++) {
        const Resource *q = queues[i];
        if (node_get(q->props, "KmsMasterKeyId"))
            continue;
        const Node *sse = node_get(q->props, "SqsManagedSseEnabled");
        if (node_is_false(sse))
            report(ctx, sse, q,
                   "queue %s turns server-side encryption off (SqsManagedSseEnabled: false) and "
                   "sets no KmsMasterKeyId, so its messages are stored unencrypted; set "
                   "SqsManagedSseEnabled: true, or KmsMasterKeyId: alias/aws/sqs (or a key of "
                   "your own)",
                   q->id);
        else if (!sse && explicit_only)
            report(ctx, q->id_node, q,
                   "queue %s does not say how it is encrypted: SQS encrypts queues created since "
                   "October 2022 with SSE-SQS by default, but not older queues, and the template "
                   "does not show which this is; add SqsManagedSseEnabled: true, or "
                   "KmsMasterKeyId: alias/aws/sqs (or a key of your own)",
                   q->id);
    }
}

/* --- SQS004 ------------------------------------------------------------------------ */

typedef struct TypeScan {
    CheckCtx *ctx;
    const Resource *queue;
    const Node *at;
    int fifo;
} TypeScan;

static void compare_type(void *ud, const Resource *dlq, SqsHow how)
{
    TypeScan *s = ud;
    int fd = sqs_queue_fifo(dlq);
    (void)how;
    if (fd < 0 || fd == s->fifo || dlq == s->queue)
        return;
    if (s->fifo)
        report(s->ctx, s->at, s->queue,
               "FIFO queue %s has the standard queue %s as its dead-letter queue, which SQS "
               "rejects (a FIFO queue's dead-letter queue must be FIFO too); make %s a FIFO "
               "queue (FifoQueue: true and a QueueName ending in .fifo) or point "
               "deadLetterTargetArn at a FIFO queue",
               s->queue->id, dlq->id, dlq->id);
    else
        report(s->ctx, s->at, s->queue,
               "standard queue %s has the FIFO queue %s as its dead-letter queue, which SQS "
               "rejects (a standard queue's dead-letter queue must be standard too); point "
               "deadLetterTargetArn at a standard queue",
               s->queue->id, dlq->id);
}

void check_sqs_dlq_type_mismatch(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    SqsIndex ix;
    if (!sqs_index_build(&ix, ctx))
        return;
    size_t n_queues;
    const Resource *const *queues = model_resources_of_type(m, "AWS::SQS::Queue", &n_queues);
    for (size_t i = 0; i < n_queues; i++) {
        const Resource *q = queues[i];
        TypeScan s = {.ctx = ctx, .queue = q, .fifo = sqs_queue_fifo(q)};
        const Node *target = sqs_redrive_target(ctx->arena, q, &s.at);
        if (target && s.fifo >= 0)
            sqs_arn_value(&ix, target, compare_type, &s);
    }
}

/* --- SQS005 ------------------------------------------------------------------------ */

#define SQS_DEFAULT_VISIBILITY 30
#define LAMBDA_DEFAULT_TIMEOUT 3
#define SLS_DEFAULT_TIMEOUT 6       /* the Serverless Framework's own default */

typedef struct Consumers {
    CheckCtx *ctx;
    const Resource **fn;    /* per queue index: the consumer with the longest timeout */
    long *timeout;
    const Resource *cur;    /* the function being attached */
    long cur_timeout;
} Consumers;

/* A function's Timeout in seconds: its property, or the default of what
 * made it; -1 when an intrinsic hides it. */
static long function_timeout(const Model *m, const Resource *fn)
{
    bool absent;
    long t = sqs_number(node_get(fn->props, "Timeout"), &absent);
    if (absent)
        return m->kind == KIND_SERVERLESS && fn->synthetic ? SLS_DEFAULT_TIMEOUT : LAMBDA_DEFAULT_TIMEOUT;
    return t;
}

static void attach(void *ud, const Resource *q, SqsHow how)
{
    Consumers *c = ud;
    (void)how;
    if (!c->fn[q->index] || c->cur_timeout > c->timeout[q->index]) {
        c->fn[q->index] = c->cur;
        c->timeout[q->index] = c->cur_timeout;
    }
}

static void consumer(Consumers *c, SqsIndex *ix, const Resource *fn, const Node *source)
{
    if (!fn || !(resource_is(fn, "AWS::Lambda::Function") || resource_is(fn, "AWS::Serverless::Function")))
        return;
    c->cur = fn;
    c->cur_timeout = function_timeout(c->ctx->model, fn);
    if (c->cur_timeout > 0)
        sqs_arn_value(ix, source, attach, c);
}

/* The function an event source mapping's FunctionName names: !Ref F,
 * !GetAtt F.Arn, "${F}" or "${F.Arn}". */
static const Resource *mapped_function(CheckCtx *ctx, const Node *v)
{
    const char *target, *attr;
    RefKind k = model_ref_of(v, &target, &attr, ctx->arena);
    if (!k || (attr && strcmp(attr, "Arn") != 0))
        return NULL;
    return model_resource(ctx->model, target);
}

void check_sqs_visibility_timeout(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    SqsIndex ix;
    if (!sqs_index_build(&ix, ctx))
        return;
    Consumers c = {.ctx = ctx};
    c.fn = arena_calloc(ctx->arena, m->nresources, sizeof *c.fn);
    c.timeout = arena_calloc(ctx->arena, m->nresources, sizeof *c.timeout);
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        if (resource_is(r, "AWS::Lambda::EventSourceMapping"))
            consumer(&c, &ix, mapped_function(ctx, node_get(r->props, "FunctionName")),
                     node_get(r->props, "EventSourceArn"));
    }
    for (size_t i = 0; i < m->ntriggers; i++) {
        const Trigger *t = &m->triggers[i];
        if (strcmp(t->event, "SQS") == 0 || strcmp(t->event, "sqs") == 0)
            consumer(&c, &ix, model_resource(m, t->function), t->source);
    }

    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *q = &m->resources[i], *fn = c.fn[i];
        if (!fn)
            continue;
        const Node *vt_node = node_get(q->props, "VisibilityTimeout");
        bool absent;
        long vt = sqs_number(vt_node, &absent);
        if (absent)
            vt = SQS_DEFAULT_VISIBILITY;
        long t = c.timeout[i];
        if (vt < 0 || vt >= 6 * t)
            continue;
        const Node *at = absent ? q->id_node : vt_node;
        const char *how = absent ? " (the default)" : "";
        long want = 6 * t > 43200 ? 43200 : 6 * t;
        if (vt < t)
            report_severity(ctx, SEV_ERROR, at, q,
                            "queue %s has a VisibilityTimeout of %ld s%s, shorter than the %ld s "
                            "Timeout of function %s that consumes it: a message becomes visible "
                            "again while the function still works on it, and is processed twice; "
                            "set VisibilityTimeout to at least %ld (six times the function's "
                            "Timeout)",
                            q->id, vt, how, t, function_name(ctx, fn), want);
        else
            report_severity(ctx, SEV_WARNING, at, q,
                            "queue %s has a VisibilityTimeout of %ld s%s, less than six times the "
                            "%ld s Timeout of function %s that consumes it: when Lambda retries a "
                            "throttled or failed batch, its messages can come back while still in "
                            "work; set VisibilityTimeout to at least %ld, as AWS recommends",
                            q->id, vt, how, t, function_name(ctx, fn), want);
    }
}

/* --- SNS001 ------------------------------------------------------------------------ */

void check_sns_subscription_without_redrive(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    size_t n_subscriptions;
    const Resource *const *subscriptions = model_resources_of_type(m, "AWS::SNS::Subscription", &n_subscriptions);
    for (size_t i = 0; i < n_subscriptions; i++) {
        const Resource *s = subscriptions[i];
        if (node_get(s->props, "RedrivePolicy"))
            continue;
        const char *proto = node_str(node_get(s->props, "Protocol"));
        if (!proto || (strcasecmp(proto, "sqs") != 0 && strcasecmp(proto, "lambda") != 0))
            continue;
        bool sqs = strcasecmp(proto, "sqs") == 0;
        report(ctx, s->id_node, s,
               "subscription %s delivers to %s with no RedrivePolicy: a message SNS cannot "
               "deliver (%s) is dropped once SNS stops retrying; add RedrivePolicy: "
               "{deadLetterTargetArn: !GetAtt %s.Arn} naming an SQS queue whose policy lets "
               "sns.amazonaws.com send to it",
               s->id, sqs ? "an SQS queue" : "a Lambda function",
               sqs ? "the queue was deleted, or its policy or KMS key denies SNS"
                   : "the function was deleted, is throttled, or denies SNS",
               dlq_name(ctx->arena, s->id));
    }
    for (size_t i = 0; i < m->ntriggers; i++) {
        const Trigger *t = &m->triggers[i];
        bool sam = strcmp(t->event, "SNS") == 0, sls = strcmp(t->event, "sns") == 0;
        if (!(sam && m->kind == KIND_CFN) && !(sls && m->kind == KIND_SERVERLESS))
            continue;
        if (node_get(t->props, sam ? "RedrivePolicy" : "redrivePolicy"))
            continue;
        const Resource *fn = model_resource(m, t->function);
        const char *name = fn ? function_name(ctx, fn) : t->function;
        if (sam)
            report(ctx, t->node, fn,
                   "the SNS event %s of function %s subscribes it with no RedrivePolicy: a message "
                   "SNS cannot deliver is dropped once SNS stops retrying; add RedrivePolicy: "
                   "{deadLetterTargetArn: !GetAtt <DLQ>.Arn} to the event's Properties",
                   node_str(t->node), name);
        else
            report(ctx, t->node, fn,
                   "the sns event of function %s subscribes it with no redrivePolicy: a message "
                   "SNS cannot deliver is dropped once SNS stops retrying; add redrivePolicy: "
                   "{deadLetterTargetRef: <DLQ logical id>} to the event",
                   name);
    }
}
