/*
 * sqs_common.h — how a template names its SQS queues, shared by the queue
 * rules (sqs.c, sqs_ops.c) and the alarm rules (cloudwatch.c).
 *
 * A queue is named by its logical id through an intrinsic (!GetAtt Q.Arn,
 * !GetAtt Q.QueueName, "${Q.Arn}" in a Fn::Sub), or by its physical name:
 * the queue's QueueName written as a plain string, or as the same Fn::Sub
 * text (the same template evaluates to the same name in one stack). An ARN
 * written out (arn:aws:sqs:REGION:ACCOUNT:NAME, literally or in a Fn::Sub)
 * names the queue whose QueueName is NAME.
 *
 * Work is linear in the template: the index sorts the named queues once,
 * and each lookup is a binary search.
 */
#ifndef STACKLINT_SQS_COMMON_H
#define STACKLINT_SQS_COMMON_H

#include <stdbool.h>

#include "checks.h"

typedef struct NamedQueue {
    const char *name;   /* literal QueueName, or "sub:" + Fn::Sub template */
    uint32_t res;       /* resource index */
} NamedQueue;

typedef struct SqsIndex {
    CheckCtx *ctx;
    size_t nqueues;             /* AWS::SQS::Queue resources */
    NamedQueue *named;          /* the queues with a QueueName we can read, sorted by name */
    size_t nnamed;
} SqsIndex;

/* How a value names a queue. */
typedef enum SqsHow {
    SQS_BY_NAME = 1,    /* the queue's name: GetAtt QueueName, literal or same Sub name */
    SQS_BY_ARN,         /* the queue's ARN: GetAtt Arn, or an ARN written out */
    SQS_BY_URL,         /* !Ref Q, which is the queue's URL */
    SQS_BY_OTHER,       /* another attribute (GetAtt Q.Arn where a name is wanted, ...) */
} SqsHow;

typedef void (*SqsQueueFn)(void *ud, const Resource *queue, SqsHow how);

/* Builds the index of ctx->model's queues; returns how many queues there are
 * (nothing else is set up when there are none). */
size_t sqs_index_build(SqsIndex *ix, CheckCtx *ctx);

/* The value v read where a queue's NAME is expected (an alarm's QueueName
 * dimension): calls fn for every queue it names, and how. Fn::If gives
 * both branches; several queues may share a name under different
 * conditions. Returns the number of calls. */
size_t sqs_name_value(const SqsIndex *ix, const Node *v, SqsQueueFn fn, void *ud);

/* The value v read where a queue's ARN is expected (deadLetterTargetArn,
 * EventSourceArn, DeadLetterConfig.TargetArn, ...): the same, with
 * SQS_BY_ARN for a right ARN. */
size_t sqs_arn_value(const SqsIndex *ix, const Node *v, SqsQueueFn fn, void *ud);

/* The queues whose name is near `name` (a name key as in NamedQueue) by
 * edit distance, for "did you mean": NULL when none is near. */
const Resource *sqs_similar_queue(const SqsIndex *ix, const char *name);

/* The dead-letter queues of the template: per resource index, the node
 * that makes the queue a dead-letter queue (a deadLetterTargetArn,
 * DeadLetterConfig, DeadLetterQueue or OnFailure destination naming it,
 * in any resource or function event, or its own RedriveAllowPolicy), or
 * NULL. Computed once per file (Model.check_cache), linear in the template;
 * shared: callers must not change it. */
const Node **sqs_dead_letter_queues(const SqsIndex *ix);

/* A queue's RedrivePolicy target (its deadLetterTargetArn), read from a
 * map or from a JSON string. *at is set to the node to report on (the
 * target, or the whole RedrivePolicy when it is a string). NULL when the
 * queue has no readable target. */
const Node *sqs_redrive_target(Arena *a, const Resource *q, const Node **at);

/* 1 for a FIFO queue (FifoQueue: true, or a QueueName ending in ".fifo"),
 * 0 for a standard queue, -1 when an intrinsic hides it. */
int sqs_queue_fifo(const Resource *q);

/* The numeric value of a property written as a number (plain or quoted),
 * or -1 when absent (*absent set) or not a number (intrinsic, ...). */
long sqs_number(const Node *v, bool *absent);

/* Calls fn for each QueueName dimension of an alarm (Dimensions, and
 * Metrics[].MetricStat.Metric.Dimensions), with the node of its value and
 * the metric name and namespace it belongs to (NULL when not a string). */
typedef void (*SqsDimFn)(void *ud, const Resource *alarm, const Node *value, const char *metric,
                         const char *ns);
void sqs_alarm_dimensions(const Resource *alarm, SqsDimFn fn, void *ud);

#endif
