/*
 * sqs_common.c — how a template names its SQS queues (sqs_common.h).
 */
#include "sqs_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

static int cmp_named(const void *a, const void *b)
{
    return strcmp(((const NamedQueue *)a)->name, ((const NamedQueue *)b)->name);
}

/* The index is the same for every rule that asks (SQS001-SQS005, CW002):
 * made once per file (Model.check_cache) from the resources by type, and
 * copied to each caller (the named array is shared, read-only). */
size_t sqs_index_build(SqsIndex *ix, CheckCtx *ctx)
{
    Model *m = (Model *)ctx->model;     /* the model is the checks' to annotate */
    SqsIndex *c = m->check_cache[CHECK_CACHE_SQS_INDEX];
    if (!c) {
        c = arena_calloc(ctx->arena, 1, sizeof *c);
        size_t nq;
        const Resource *const *qs = model_resources_of_type(m, "AWS::SQS::Queue", &nq);
        c->nqueues = nq;
        if (nq) {
            c->named = arena_alloc(ctx->arena, nq * sizeof *c->named);
            for (size_t i = 0; i < nq; i++) {
                const char *key = model_value_key(ctx->arena, node_get(qs[i]->props, "QueueName"));
                if (key)
                    c->named[c->nnamed++] = (NamedQueue){key, qs[i]->index};
            }
            qsort(c->named, c->nnamed, sizeof *c->named, cmp_named);
        }
        m->check_cache[CHECK_CACHE_SQS_INDEX] = c;
    }
    *ix = *c;
    ix->ctx = ctx;
    return ix->nqueues;
}

/* Calls fn for every queue whose name key is `key`. */
static size_t by_key(const SqsIndex *ix, const char *key, SqsHow how, SqsQueueFn fn, void *ud)
{
    if (!key || !ix->nnamed)
        return 0;
    NamedQueue probe = {key, 0};
    const NamedQueue *hit = bsearch(&probe, ix->named, ix->nnamed, sizeof *ix->named, cmp_named);
    if (!hit)
        return 0;
    /* several queues may share a name under different conditions */
    while (hit > ix->named && strcmp(hit[-1].name, key) == 0)
        hit--;
    size_t n = 0;
    for (; hit < ix->named + ix->nnamed && strcmp(hit->name, key) == 0; hit++, n++)
        fn(ud, &ix->ctx->model->resources[hit->res], how);
    return n;
}

/* The template text of a Fn::Sub (its string, or the first item of the
 * list form), else NULL. */
static const char *sub_text(const Node *v)
{
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    if (!fn || strcmp(fn, "Fn::Sub") != 0)
        return NULL;
    if (node_is_seq(arg) && arg->len >= 1)
        arg = arg->u.items[0];
    return node_str(arg);
}

/* The NAME of an SQS ARN "arn:PARTITION:sqs:REGION:ACCOUNT:NAME", where
 * colons inside ${...} placeholders do not separate fields; NULL when s is
 * not one. The result is arena-allocated. */
static const char *arn_queue_name(Arena *a, const char *s)
{
    const char *field[6];
    size_t nf = 0, depth = 0;
    field[nf++] = s;
    for (const char *p = s; *p; p++) {
        if (p[0] == '$' && p[1] == '{')
            depth++, p++;
        else if (*p == '}' && depth)
            depth--;
        else if (*p == ':' && !depth) {
            if (nf == 6)
                return NULL;
            field[nf++] = p + 1;
        }
    }
    if (nf != 6 || strncmp(s, "arn:", 4) != 0 || strncmp(field[2], "sqs:", 4) != 0 || !*field[5])
        return NULL;
    return arena_strdup(a, field[5]);
}

/* An ARN written out (literal, or a Fn::Sub text) naming a queue of the
 * template by its name field. */
static size_t arn_written(const SqsIndex *ix, const Node *v, SqsQueueFn fn, void *ud)
{
    Arena *a = ix->ctx->arena;
    const char *sub = sub_text(v);
    const char *text = sub ? sub : (node_is_scalar(v) ? node_str(v) : NULL);
    const char *name = text ? arn_queue_name(a, text) : NULL;
    if (!name)
        return 0;
    if (sub && strchr(name, '$')) {
        /* "${Q.QueueName}" names Q; other text names a queue whose QueueName
         * is the same Sub text */
        size_t n = strlen(name);
        if (n > 13 && strncmp(name, "${", 2) == 0 && strcmp(name + n - 11, ".QueueName}") == 0) {
            char *id = arena_strdup(a, name + 2);
            id[n - 13] = '\0';
            const Resource *q = model_resource(ix->ctx->model, id);
            if (!resource_is(q, "AWS::SQS::Queue"))
                return 0;
            fn(ud, q, SQS_BY_ARN);
            return 1;
        }
        return by_key(ix, arena_printf(a, "sub:%s", name), SQS_BY_ARN, fn, ud);
    }
    return by_key(ix, name, SQS_BY_ARN, fn, ud);
}

/* Shared by both lookups: an intrinsic naming a queue resource. Returns
 * true when v was a reference (to a queue or not). */
static bool by_ref(const SqsIndex *ix, const Node *v, SqsQueueFn fn, void *ud, size_t *n)
{
    const char *target, *attr;
    RefKind k = model_ref_of(v, &target, &attr, ix->ctx->arena);
    if (!k)
        return false;
    const Resource *q = model_resource(ix->ctx->model, target);
    if (!resource_is(q, "AWS::SQS::Queue"))
        return true;
    SqsHow how = 0;
    if (k == REF_REF || (attr && strcmp(attr, "QueueUrl") == 0))
        how = SQS_BY_URL;
    else if (attr && strcmp(attr, "QueueName") == 0)
        how = SQS_BY_NAME;
    else if (attr && strcmp(attr, "Arn") == 0)
        how = SQS_BY_ARN;
    else if (!attr)
        how = SQS_BY_URL;   /* "${Q}" in a Sub is the Ref: the URL */
    if (how) {
        fn(ud, q, how);
        (*n)++;
    }
    return true;
}

/* Fn::If: both branches. */
static const Node *if_args(const Node *v)
{
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    return fn && strcmp(fn, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3 ? arg : NULL;
}

size_t sqs_name_value(const SqsIndex *ix, const Node *v, SqsQueueFn fn, void *ud)
{
    size_t n = 0;
    if (!v || !ix->nqueues || by_ref(ix, v, fn, ud, &n))
        return n;
    const Node *branches = if_args(v);
    if (branches)
        return sqs_name_value(ix, branches->u.items[1], fn, ud) +
               sqs_name_value(ix, branches->u.items[2], fn, ud);
    n = by_key(ix, model_value_key(ix->ctx->arena, v), SQS_BY_NAME, fn, ud);
    return n ? n : arn_written(ix, v, fn, ud);
}

size_t sqs_arn_value(const SqsIndex *ix, const Node *v, SqsQueueFn fn, void *ud)
{
    size_t n = 0;
    if (!v || !ix->nqueues || by_ref(ix, v, fn, ud, &n))
        return n;
    const Node *branches = if_args(v);
    if (branches)
        return sqs_arn_value(ix, branches->u.items[1], fn, ud) +
               sqs_arn_value(ix, branches->u.items[2], fn, ud);
    return arn_written(ix, v, fn, ud);
}

static const char *named_name(const void *item)
{
    return ((const NamedQueue *)item)->name;
}

const Resource *sqs_similar_queue(const SqsIndex *ix, const char *name)
{
    if (!name || !ix->nnamed)
        return NULL;
    const char *near = spec_suggest(name, ix->named, (uint32_t)ix->nnamed, sizeof *ix->named, named_name);
    if (!near)
        return NULL;
    for (size_t i = 0; i < ix->nnamed; i++)
        if (ix->named[i].name == near)
            return &ix->ctx->model->resources[ix->named[i].res];
    return NULL;
}

/* --- dead-letter queues ------------------------------------------------------ */

typedef struct DlqScan {
    const SqsIndex *ix;
    const Node **dlq;
    const Node *at;     /* the node that names the queue being marked */
} DlqScan;

static void mark_dlq(void *ud, const Resource *q, SqsHow how)
{
    DlqScan *s = ud;
    (void)how;
    if (!s->dlq[q->index])
        s->dlq[q->index] = s->at;
}

static void dlq_arn(DlqScan *s, const Node *v, const Node *at)
{
    s->at = at ? at : v;
    sqs_arn_value(s->ix, v, mark_dlq, s);
}

/* A JSON document written as a string (RedrivePolicy: '{"deadLetterTargetArn": ...}'),
 * or as the text of a Fn::Sub, whose ${...} placeholders stay in its strings
 * (an ARN with ${AWS::AccountId} still names its queue by its last field). */
static const Node *json_in_string(Arena *a, const Node *v)
{
    const char *s = node_is_scalar(v) ? node_str(v) : sub_text(v);
    if (!s || strlen(s) < 2 || s[0] != '{')
        return NULL;
    Document doc;
    document_read(a, s, strlen(s), &PARSE_LIMITS_DEFAULT, &doc);
    return doc.partial || !node_is_map(doc.root) ? NULL : doc.root;
}

static bool key_is(const Node *k, const char *const *names)
{
    for (; *names; names++)
        if (node_str_eq(k, *names))
            return true;
    return false;
}

static const Node *first_key(const Node *map, const char *const *names)
{
    for (; *names; names++) {
        const Node *v = node_get(map, *names);
        if (v)
            return v;
    }
    return NULL;
}

static void dlq_walk(DlqScan *s, const Node *n, int depth)
{
    static const char *const TARGET[] = {"deadLetterTargetArn", "DeadLetterTargetArn", NULL};
    static const char *const CONFIG[] = {"DeadLetterConfig", "deadLetterConfig", "DeadLetterQueue", NULL};
    static const char *const CONFIG_ARN[] = {"TargetArn", "Arn", "arn", "targetArn", NULL};
    static const char *const ON_FAILURE[] = {"OnFailure", "onFailure", NULL};
    static const char *const DESTINATION[] = {"Destination", "destination", "arn", NULL};
    static const char *const REDRIVE[] = {"RedrivePolicy", "redrivePolicy", NULL};
    if (!n || depth > 24)
        return;
    if (node_is_seq(n)) {
        for (uint32_t i = 0; i < n->len; i++)
            dlq_walk(s, n->u.items[i], depth + 1);
        return;
    }
    if (!node_is_map(n))
        return;
    for (uint32_t i = 0; i < n->len; i++) {
        const Node *k = n->u.entries[i].key, *v = n->u.entries[i].value;
        /* every key below starts with one of these: most keys of a template
         * are passed over without comparing them to each name */
        char c0 = node_str(k) ? node_str(k)[0] : 0;
        if (c0 != 'd' && c0 != 'D' && c0 != 'O' && c0 != 'o' && c0 != 'R' && c0 != 'r') {
            dlq_walk(s, v, depth + 1);
            continue;
        }
        bool plain_map = node_is_map(v) && !node_intrinsic(v, NULL);
        if (key_is(k, TARGET)) {
            dlq_arn(s, v, NULL);
        } else if (key_is(k, CONFIG) || key_is(k, ON_FAILURE)) {
            const Node *t = plain_map ? first_key(v, key_is(k, CONFIG) ? CONFIG_ARN : DESTINATION) : v;
            if (t)
                dlq_arn(s, t, NULL);
        } else if (node_str_eq(k, "deadLetterTargetRef")) {
            /* serverless.yml sns event: redrivePolicy: {deadLetterTargetRef: LogicalId} */
            const Resource *q = model_resource(s->ix->ctx->model, node_str(v));
            if (resource_is(q, "AWS::SQS::Queue")) {
                s->at = v;
                mark_dlq(s, q, SQS_BY_NAME);
            }
        } else if (key_is(k, REDRIVE) && (node_is_scalar(v) || sub_text(v))) {
            const Node *doc = json_in_string(s->ix->ctx->arena, v);
            const Node *t = first_key(doc, TARGET);
            if (t)
                dlq_arn(s, t, v);
        }
        dlq_walk(s, v, depth + 1);
    }
}

/* A queue that allows others to use it as their dead-letter queue says
 * that it is one; redrivePermission denyAll says that it is not. */
static const Node *allows_redrive(Arena *a, const Resource *q)
{
    const Node *rap = node_get(q->props, "RedriveAllowPolicy");
    if (!rap)
        return NULL;
    const Node *doc = node_is_scalar(rap) ? json_in_string(a, rap) : rap;
    const Node *perm = node_get(doc, "redrivePermission");
    return node_str_eq(perm, "denyAll") ? NULL : rap;
}

static const Node **dead_letter_queues(const SqsIndex *ix)
{
    const Model *m = ix->ctx->model;
    DlqScan s = {.ix = ix};
    s.dlq = arena_calloc(ix->ctx->arena, m->nresources ? m->nresources : 1, sizeof *s.dlq);
    if (!ix->nqueues)
        return s.dlq;
    for (size_t i = 0; i < m->nresources; i++)
        dlq_walk(&s, m->resources[i].props, 0);
    for (size_t i = 0; i < m->ntriggers; i++)
        dlq_walk(&s, m->triggers[i].props, 0);
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *q = &m->resources[i];
        if (!s.dlq[i] && resource_is(q, "AWS::SQS::Queue"))
            s.dlq[i] = allows_redrive(ix->ctx->arena, q);
    }
    return s.dlq;
}

/* Several rules ask (SQS001, SQS002): the walk is made once per file. */
const Node **sqs_dead_letter_queues(const SqsIndex *ix)
{
    Model *m = (Model *)ix->ctx->model;     /* the model is the checks' to annotate */
    if (!m->check_cache[CHECK_CACHE_SQS_DLQ])
        m->check_cache[CHECK_CACHE_SQS_DLQ] = (void *)dead_letter_queues(ix);
    return (const Node **)m->check_cache[CHECK_CACHE_SQS_DLQ];
}

const Node *sqs_redrive_target(Arena *a, const Resource *q, const Node **at)
{
    const Node *rp = node_get(q->props, "RedrivePolicy");
    const Node *t = NULL;
    *at = NULL;
    if (node_is_map(rp) && !node_intrinsic(rp, NULL)) {
        t = node_get(rp, "deadLetterTargetArn");
        *at = t;
    } else if (node_is_scalar(rp) || sub_text(rp)) {
        t = node_get(json_in_string(a, rp), "deadLetterTargetArn");
        *at = rp;
    }
    return t;
}

static bool ends_fifo(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n >= 5 && strcmp(s + n - 5, ".fifo") == 0;
}

int sqs_queue_fifo(const Resource *q)
{
    const Node *f = node_get(q->props, "FifoQueue");
    const Node *name = node_get(q->props, "QueueName");
    if (node_is_true(f) || ends_fifo(node_str(name)) || ends_fifo(sub_text(name)))
        return 1;
    return f && !node_is_false(f) ? -1 : 0;
}

long sqs_number(const Node *v, bool *absent)
{
    *absent = v == NULL;
    const char *s = node_is_scalar(v) ? node_str(v) : NULL;
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    return *end || errno || n < 0 ? -1 : n;
}

/* --- alarms ------------------------------------------------------------------ */

static void dims_of(const Resource *alarm, const Node *metric_map, const Node *dims, SqsDimFn fn, void *ud)
{
    if (!node_is_seq(dims))
        return;
    const char *metric = node_str(node_get(metric_map, "MetricName"));
    const char *ns = node_str(node_get(metric_map, "Namespace"));
    for (uint32_t i = 0; i < dims->len; i++) {
        const Node *d = dims->u.items[i];
        if (node_str_eq(node_get(d, "Name"), "QueueName") && node_get(d, "Value"))
            fn(ud, alarm, node_get(d, "Value"), metric, ns);
    }
}

void sqs_alarm_dimensions(const Resource *alarm, SqsDimFn fn, void *ud)
{
    const Node *p = alarm->props;
    if (!p)
        return;
    dims_of(alarm, p, node_get(p, "Dimensions"), fn, ud);
    const Node *metrics = node_get(p, "Metrics");
    if (node_is_seq(metrics))
        for (uint32_t k = 0; k < metrics->len; k++) {
            const Node *metric = node_get(node_get(metrics->u.items[k], "MetricStat"), "Metric");
            dims_of(alarm, metric, node_get(metric, "Dimensions"), fn, ud);
        }
}
