/*
 * serverless.c — a Serverless Framework file (v3/v4 `serverless.yml`) as the
 * CloudFormation the Framework would deploy, for the template model.
 *
 * Input is the tree after variable resolution (vars.c). Output is a root map
 * {Resources, Outputs, Conditions, Parameters, Mappings} holding:
 *   - every block of `resources` (a map, or a list of blocks), as written;
 *   - IamRoleLambdaExecution, an AWS::IAM::Role with `provider.iam.role.statements`
 *     (or the older `provider.iamRoleStatements`) and the managed policies;
 *   - one AWS::Lambda::Function per function (<Name>LambdaFunction), with a
 *     role of its own when it has `iamRoleStatements` (the per-function-roles
 *     plugin: <Name>IamRoleLambdaExecution), its `tracing` as TracingConfig
 *     its `destinations` as an AWS::Lambda::EventInvokeConfig, its `url` as
 *     an AWS::Lambda::Url and its log group (<Name>LogGroup, with
 *     `logRetentionInDays`) as an AWS::Logs::LogGroup;
 *   - the buckets of `provider.s3` (S3Bucket<Name>), properties in the
 *     Framework's camelCase turned into CloudFormation's names;
 *   - one AWS::CloudWatch::Alarm per `custom.sqs-alarms` entry
 *     (serverless-sqs-alarms-plugin), with the QueueName dimension it names
 *     and its `topic` as AlarmActions.
 * Function events become triggers. Each synthesised key and value carries the
 * span of what the user wrote: a statement list's key, a function's name.
 */
#include "normalize.h"

#include <ctype.h>
#include <string.h>

typedef struct Sls {
    Arena *a;
    const Node *root, *provider;
    MapBuilder res, outputs, conditions, parameters, mappings;
    PtrVec *triggers;
    bool provider_role;
} Sls;

const char *sls_logical_name(Arena *a, const char *name)
{
    size_t n = strlen(name);
    char *out = arena_alloc(a, n * 10 + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c == '-') {
            memcpy(o, "Dash", 4), o += 4;
        } else if (c == '_') {
            memcpy(o, "Underscore", 10), o += 10;
        } else if (isalnum((unsigned char)c)) {
            char u = (char)(o == out ? toupper((unsigned char)c) : c);
            *o++ = u;
        }
    }
    *o = '\0';
    return out;
}

Trigger *trigger_new(Arena *a, PtrVec *out, const char *event, const char *function,
                     const Node *node, const Node *source)
{
    Trigger *t = arena_calloc(a, 1, sizeof *t);
    t->event = event;
    t->function = function;
    t->node = node;
    t->source = source;
    ptrvec_push(a, out, t);
    return t;
}

static void append_entries(Sls *s, MapBuilder *b, const Node *map)
{
    if (!node_is_map(map))
        return;
    for (uint32_t i = 0; i < map->len; i++)
        mb_put(s->a, b, map->u.entries[i].key, map->u.entries[i].value);
}

static void add_block(Sls *s, const Node *block)
{
    if (node_is_seq(block)) {
        for (uint32_t i = 0; i < block->len; i++)
            add_block(s, block->u.items[i]);
        return;
    }
    append_entries(s, &s->res, node_get(block, "Resources"));
    append_entries(s, &s->outputs, node_get(block, "Outputs"));
    append_entries(s, &s->conditions, node_get(block, "Conditions"));
    append_entries(s, &s->parameters, node_get(block, "Parameters"));
    append_entries(s, &s->mappings, node_get(block, "Mappings"));
}

static void add_resource(Sls *s, const char *id, const Node *at, const char *type, Node *props,
                         const Node *whole)
{
    MapBuilder r = {0};
    mb_put_str(s->a, &r, "Type", syn_str_at(s->a, type, at), at);
    mb_put_str(s->a, &r, "Properties", props, at);
    Node *n = mb_finish(s->a, &r, span_of(whole ? whole : at));
    n->flags |= NODE_SYNTHETIC;
    mb_put(s->a, &s->res, syn_str_at(s->a, id, at), n);
}

/* An AWS::IAM::Role holding `statements` (an IAM statement list) and the
 * managed policy ARNs `managed`. at: where the user wrote them. */
static void add_role(Sls *s, const char *id, const Node *at, Node *statements, Node *managed,
                     const char *policy_name)
{
    Arena *a = s->a;
    MapBuilder props = {0};
    if (statements) {
        MapBuilder doc = {0}, pol = {0};
        mb_put_str(a, &doc, "Version", syn_str_at(a, "2012-10-17", at), at);
        mb_put_str(a, &doc, "Statement", statements, at);
        mb_put_str(a, &pol, "PolicyName", syn_str_at(a, policy_name, at), at);
        mb_put_str(a, &pol, "PolicyDocument", mb_finish(a, &doc, span_of(statements)), at);
        Node *p = mb_finish(a, &pol, span_of(statements));
        mb_put_str(a, &props, "Policies", syn_seq(a, &p, 1, span_of(statements)), at);
    }
    if (managed)
        mb_put_str(a, &props, "ManagedPolicyArns", managed, at);
    add_resource(s, id, at, "AWS::IAM::Role", mb_finish(a, &props, span_of(at)), at);
}

static void provider_role(Sls *s)
{
    const Node *p = s->provider;
    Node *role = node_get(node_get(p, "iam"), "role");
    if (role && !node_is_map(role))
        return;     /* an existing role, by name or ARN: the Framework makes none */
    MapEntry *st = node_get_entry(role, "statements");
    if (!st)
        st = node_get_entry(p, "iamRoleStatements");
    MapEntry *mp = node_get_entry(role, "managedPolicies");
    if (!mp)
        mp = node_get_entry(p, "iamManagedPolicies");
    if (!st && !mp)
        return;
    const char *svc = node_str(node_get(s->root, "service"));
    if (!svc)
        svc = node_str(node_get(node_get(s->root, "service"), "name"));
    add_role(s, "IamRoleLambdaExecution", (st ? st : mp)->key, st ? st->value : NULL,
             mp ? mp->value : NULL, arena_printf(s->a, "%s-lambda", svc ? svc : "service"));
    s->provider_role = true;
}

/* --- functions ---------------------------------------------------------------- */

static const Node *first_of(const Node *a, const Node *b)
{
    return a ? a : b;
}

static Node *environment(Sls *s, const Node *fn, const Node *at)
{
    const Node *pe = node_get(s->provider, "environment"), *fe = node_get(fn, "environment");
    if (!node_is_map(pe) && !node_is_map(fe))
        return NULL;
    MapBuilder vars = {0};
    append_entries(s, &vars, fe);
    if (node_is_map(pe))
        for (uint32_t i = 0; i < pe->len; i++)
            if (!node_get(fe, pe->u.entries[i].key->u.str))
                mb_put(s->a, &vars, pe->u.entries[i].key, pe->u.entries[i].value);
    return syn_pair(s->a, "Variables", mb_finish(s->a, &vars, span_of(fe ? fe : pe)), at);
}

/* The node naming what fires an event: its ARN, bucket, topic, path, ... */
static const Node *event_source(const char *type, const Node *v)
{
    if (!node_is_map(v) || node_intrinsic(v, NULL))
        return v;
    static const char *const keys[] = {"arn", "queue", "bucket", "topicName", "path", "rate",
                                       "pattern", "eventBus", "stream", "name", NULL};
    (void)type;
    for (const char *const *k = keys; *k; k++)
        if (node_get(v, *k))
            return node_get(v, *k);
    return v;
}

static void function_events(Sls *s, const char *fn_id, const Node *events)
{
    if (!node_is_seq(events))
        return;
    for (uint32_t i = 0; i < events->len; i++) {
        const Node *ev = events->u.items[i];
        if (!node_is_map(ev) || ev->len < 1)
            continue;
        const MapEntry *e = &ev->u.entries[0];
        Trigger *t = trigger_new(s->a, s->triggers, e->key->u.str, fn_id, e->key,
                                 event_source(e->key->u.str, e->value));
        t->props = e->value;
        const Node *auth = node_get(e->value, "authorizer");
        if (!auth)
            auth = node_get(e->value, "private");
        t->auth = auth;
    }
}

/* destinations: {onSuccess, onFailure} -> AWS::Lambda::EventInvokeConfig. */
static void add_destinations(Sls *s, const char *base, const char *fn_id, const MapEntry *d)
{
    if (!d || !node_is_map(d->value))
        return;
    Arena *a = s->a;
    MapBuilder cfg = {0}, props = {0};
    static const char *const keys[][2] = {{"onSuccess", "OnSuccess"}, {"onFailure", "OnFailure"}};
    for (int i = 0; i < 2; i++) {
        MapEntry *e = node_get_entry(d->value, keys[i][0]);
        if (!e)
            continue;
        /* a target is an ARN or a name, or a map {type, arn} (Framework v3.x) */
        Node *target = node_is_map(e->value) && node_get(e->value, "arn") ? node_get(e->value, "arn") : e->value;
        mb_put(a, &cfg, syn_scalar(a, keys[i][1], e->key->span), syn_pair(a, "Destination", target, e->key));
    }
    Node *args[1] = {syn_str_at(a, fn_id, d->key)};
    mb_put_str(a, &props, "FunctionName", syn_pair(a, "Ref", args[0], d->key), d->key);
    mb_put_str(a, &props, "Qualifier", syn_str_at(a, "$LATEST", d->key), d->key);
    mb_put_str(a, &props, "DestinationConfig", mb_finish(a, &cfg, d->value->span), d->key);
    add_resource(s, arena_printf(a, "%sLambdaEvConf", base), d->key, "AWS::Lambda::EventInvokeConfig",
                 mb_finish(a, &props, d->value->span), d->value);
}

/* url: true | {authorizer: aws_iam, cors: ...} -> AWS::Lambda::Url
 * (<Base>LambdaFunctionUrl). Without `authorizer: aws_iam` the Framework
 * makes the URL public (AuthType NONE), located at what the user wrote. */
static void add_function_url(Sls *s, const char *base, const char *fn_id, const MapEntry *u)
{
    if (!u || node_is_false(u->value) || (!node_is_true(u->value) && !node_is_map(u->value)))
        return;
    Arena *a = s->a;
    MapEntry *auth = node_get_entry(u->value, "authorizer");
    Node *type = auth && node_str_ieq(auth->value, "aws_iam") ? syn_str_at(a, "AWS_IAM", auth->value)
                                                              : syn_str_at(a, "NONE", auth ? auth->value : node_is_map(u->value) ? u->key : u->value);
    MapBuilder props = {0};
    mb_put_str(a, &props, "AuthType", type, auth ? auth->key : u->key);
    mb_put_str(a, &props, "TargetFunctionArn", syn_pair(a, "Fn::GetAtt", syn_str_at(a, arena_printf(a, "%s.Arn", fn_id), u->key), u->key), u->key);
    add_resource(s, arena_printf(a, "%sLambdaFunctionUrl", base), u->key, "AWS::Lambda::Url",
                 mb_finish(a, &props, u->value->span), u->value);
}

/* The log group the Framework makes for each function (<Base>LogGroup,
 * /aws/lambda/<function name>), with `logRetentionInDays` (the function's,
 * else the provider's) as RetentionInDays. None with `disableLogs: true`. */
static void add_log_group(Sls *s, const char *base, const char *fn_id, const Node *key, const Node *fn)
{
    if (node_is_true(node_get(fn, "disableLogs")))
        return;
    Arena *a = s->a;
    MapBuilder props = {0};
    mb_put_str(a, &props, "LogGroupName", syn_pair(a, "Fn::Sub", syn_str_at(a, arena_printf(a, "/aws/lambda/${%s}", fn_id), key), key), key);
    mb_put_str(a, &props, "RetentionInDays",
               (Node *)first_of(node_get(fn, "logRetentionInDays"), node_get(s->provider, "logRetentionInDays")), NULL);
    add_resource(s, arena_printf(a, "%sLogGroup", base), key, "AWS::Logs::LogGroup", mb_finish(a, &props, key->span), key);
}

static void add_function(Sls *s, const Node *key, const Node *fn)
{
    Arena *a = s->a;
    const char *base = sls_logical_name(a, key->u.str);
    const char *id = arena_printf(a, "%sLambdaFunction", base);
    const Node *p = s->provider;
    MapBuilder props = {0};
    mb_put_str(a, &props, "Handler", node_get(fn, "handler"), NULL);
    mb_put_str(a, &props, "Runtime", (Node *)first_of(node_get(fn, "runtime"), node_get(p, "runtime")), NULL);
    mb_put_str(a, &props, "MemorySize", (Node *)first_of(node_get(fn, "memorySize"), node_get(p, "memorySize")), NULL);
    mb_put_str(a, &props, "Timeout", (Node *)first_of(node_get(fn, "timeout"), node_get(p, "timeout")), NULL);
    mb_put_str(a, &props, "Environment", environment(s, fn, key), key);
    mb_put_str(a, &props, "Layers", node_get(fn, "layers"), NULL);
    if (node_get(fn, "onError"))
        mb_put_str(a, &props, "DeadLetterConfig", syn_pair(a, "TargetArn", node_get(fn, "onError"), key), key);
    MapEntry *tracing = node_get_entry(fn, "tracing");
    Node *mode = tracing ? tracing->value : node_get(node_get(p, "tracing"), "lambda");
    if (mode)
        mb_put_str(a, &props, "TracingConfig", syn_pair(a, "Mode", node_is_true(mode) ? syn_str_at(a, "Active", mode)
                                                             : node_is_false(mode) ? syn_str_at(a, "PassThrough", mode) : mode, mode), mode);

    MapEntry *own = node_get_entry(fn, "iamRoleStatements");
    Node *role = node_get(fn, "role");
    const Node *prole = node_get(node_get(p, "iam"), "role");
    if (!role && !own && prole && !node_is_map(prole))
        role = (Node *)prole;
    if (!role && !node_get(p, "role") && (own || s->provider_role)) {
        const char *rid = own ? arena_printf(a, "%sIamRoleLambdaExecution", base) : "IamRoleLambdaExecution";
        Node *args[2] = {syn_str_at(a, rid, key), syn_str_at(a, "Arn", key)};
        role = syn_pair(a, "Fn::GetAtt", syn_seq(a, args, 2, key->span), key);
    }
    if (!role)
        role = node_get(p, "role");
    mb_put_str(a, &props, "Role", role, key);
    if (own)
        add_role(s, arena_printf(a, "%sIamRoleLambdaExecution", base), own->key, own->value,
                 node_get(fn, "iamManagedPolicies"), arena_printf(a, "%s-lambda", key->u.str));
    add_resource(s, id, key, "AWS::Lambda::Function", mb_finish(a, &props, span_of(fn)), fn);
    add_destinations(s, base, id, node_get_entry(fn, "destinations"));
    add_function_url(s, base, id, node_get_entry(fn, "url"));
    add_log_group(s, base, id, key, fn);
    function_events(s, id, node_get(fn, "events"));
}

static void add_functions(Sls *s, const Node *fns)
{
    if (node_is_seq(fns)) {     /* functions: [ {a: ...}, ${file(...)} ] */
        for (uint32_t i = 0; i < fns->len; i++)
            add_functions(s, fns->u.items[i]);
        return;
    }
    if (!node_is_map(fns))
        return;
    for (uint32_t i = 0; i < fns->len; i++)
        if (node_is_map(fns->u.entries[i].value))
            add_function(s, fns->u.entries[i].key, fns->u.entries[i].value);
}

/* --- provider.s3 buckets, sqs-alarms ------------------------------------------ */

/* A copy of a camelCase property map with CloudFormation's capitalised keys. */
static Node *capitalised(Arena *a, Node *n, int depth)
{
    if (!node_is_map(n) || node_intrinsic(n, NULL) || depth > 8)
        return n;
    MapBuilder b = {0};
    for (uint32_t i = 0; i < n->len; i++) {
        const Node *k = n->u.entries[i].key;
        char *name = arena_strdup(a, k->u.str);
        name[0] = (char)toupper((unsigned char)name[0]);
        mb_put(a, &b, syn_scalar(a, name, k->span), capitalised(a, n->u.entries[i].value, depth + 1));
    }
    return mb_finish(a, &b, n->span);
}

static void add_buckets(Sls *s)
{
    const Node *b = node_get(s->provider, "s3");
    if (!node_is_map(b))
        return;
    for (uint32_t i = 0; i < b->len; i++) {
        const Node *key = b->u.entries[i].key, *cfg = b->u.entries[i].value;
        if (!node_is_map(cfg))
            continue;
        MapBuilder props = {0};
        for (uint32_t k = 0; k < cfg->len; k++) {
            const Node *pk = cfg->u.entries[k].key;
            if (node_str_eq(pk, "name")) {
                mb_put(s->a, &props, syn_scalar(s->a, "BucketName", pk->span), cfg->u.entries[k].value);
                continue;
            }
            char *name = arena_strdup(s->a, pk->u.str);
            name[0] = (char)toupper((unsigned char)name[0]);
            mb_put(s->a, &props, syn_scalar(s->a, name, pk->span),
                   capitalised(s->a, cfg->u.entries[k].value, 0));
        }
        add_resource(s, arena_printf(s->a, "S3Bucket%s", sls_logical_name(s->a, key->u.str)), key,
                     "AWS::S3::Bucket", mb_finish(s->a, &props, cfg->span), cfg);
    }
}

static void add_sqs_alarms(Sls *s)
{
    const Node *list = node_get(node_get(s->root, "custom"), "sqs-alarms");
    if (!node_is_seq(list))
        return;
    Arena *a = s->a;
    for (uint32_t i = 0; i < list->len; i++) {
        MapEntry *q = node_get_entry(list->u.items[i], "queue");
        if (!q)
            continue;
        const Node *at = q->key;
        MapBuilder dim = {0}, props = {0};
        mb_put_str(a, &dim, "Name", syn_str_at(a, "QueueName", at), at);
        mb_put_str(a, &dim, "Value", q->value, at);
        Node *d = mb_finish(a, &dim, span_of(q->value));
        mb_put_str(a, &props, "Namespace", syn_str_at(a, "AWS/SQS", at), at);
        mb_put_str(a, &props, "MetricName", syn_str_at(a, "ApproximateNumberOfMessagesVisible", at), at);
        mb_put_str(a, &props, "Dimensions", syn_seq(a, &d, 1, span_of(q->value)), at);
        /* the plugin notifies the SNS topic its `topic` names */
        MapEntry *topic = node_get_entry(list->u.items[i], "topic");
        if (topic)
            mb_put_str(a, &props, "AlarmActions", syn_seq(a, &topic->value, 1, span_of(topic->value)), topic->key);
        add_resource(s, arena_printf(a, "SqsAlarmsPlugin%u", i + 1), at, "AWS::CloudWatch::Alarm",
                     mb_finish(a, &props, span_of(list->u.items[i])), list->u.items[i]);
    }
}

Node *sls_normalize(Arena *a, const Node *root, PtrVec *triggers)
{
    Sls s = {.a = a, .root = root, .provider = node_get(root, "provider"), .triggers = triggers};
    add_block(&s, node_get(root, "resources"));
    provider_role(&s);
    add_functions(&s, node_get(root, "functions"));
    add_buckets(&s);
    add_sqs_alarms(&s);
    MapBuilder out = {0};
    Span sp = span_of(root);
    mb_put(a, &out, syn_scalar(a, "Resources", sp), mb_finish(a, &s.res, sp));
    if (s.outputs.len)
        mb_put(a, &out, syn_scalar(a, "Outputs", sp), mb_finish(a, &s.outputs, sp));
    if (s.conditions.len)
        mb_put(a, &out, syn_scalar(a, "Conditions", sp), mb_finish(a, &s.conditions, sp));
    if (s.parameters.len)
        mb_put(a, &out, syn_scalar(a, "Parameters", sp), mb_finish(a, &s.parameters, sp));
    if (s.mappings.len)
        mb_put(a, &out, syn_scalar(a, "Mappings", sp), mb_finish(a, &s.mappings, sp));
    return mb_finish(a, &out, sp);
}
