/*
 * lambda.c — checks about Lambda functions and what invokes them.
 *
 *   LMB001  a permission that lets anyone invoke a function
 *   LMB002  a permission for an AWS service without the source it is for
 *   LMB003  a function URL without authentication
 *   LMB005  a secret written into a function's environment
 *   LMB006  an asynchronously invoked function that drops failed events
 *   LMB007  a stream event source without an on-failure destination
 *   LMB008  a function whose logs are kept forever
 *
 * A function is an AWS::Lambda::Function, an AWS::Serverless::Function
 * (Globals merged by parser/sam.c) or a serverless.yml function (made into
 * an AWS::Lambda::Function by parser/serverless.c, with its onError as
 * DeadLetterConfig, its destinations as an AWS::Lambda::EventInvokeConfig,
 * its url as an AWS::Lambda::Url and its log group). SAM and serverless
 * events come from Model.triggers. Each finding is reported where the
 * setting to change is written: the function's name, the event, the value.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "iam_policy.h"

/* --- shared helpers -------------------------------------------------------------------- */

static bool is_function(const Resource *r)
{
    return resource_is(r, "AWS::Lambda::Function") || resource_is(r, "AWS::Serverless::Function");
}

static bool is_sam_function(const Resource *r)
{
    return resource_is(r, "AWS::Serverless::Function");
}

/* A serverless.yml for another provider (kubeless, openwhisk, ...): its
 * functions are not Lambda functions. */
static bool foreign_provider(const CheckCtx *ctx)
{
    const Model *m = ctx->model;
    const Node *name = node_get(node_get(m->root, "provider"), "name");
    return m->kind == KIND_SERVERLESS && node_str(name) && !node_str_eq(name, "aws") &&
           !strstr(node_str(name), "${");     /* a variable: maybe aws */
}

/* A serverless.yml function: synthetic, named by the key the user wrote. */
static bool is_sls(const CheckCtx *ctx, const Resource *r)
{
    return ctx->model->kind == KIND_SERVERLESS && r && r->synthetic;
}

/* How a person knows the resource: the serverless function's key as
 * written (its logical id is the Framework's), else the logical id. */
static const char *shown(CheckCtx *ctx, const Resource *r)
{
    const Document *d = ctx->model->doc;
    if (is_sls(ctx, r) && r->id_node && d && r->id_node->span.end > r->id_node->span.start &&
        r->id_node->span.end <= d->size)
        return arena_strndup(ctx->arena, d->text + r->id_node->span.start,
                             r->id_node->span.end - r->id_node->span.start);
    return r->id;
}

/* The text of a scalar, or the template of a Fn::Sub; NULL otherwise. */
static const char *text_or_sub(const Node *v)
{
    if (node_is_scalar(v))
        return node_str(v);
    Node *arg;
    const char *fn = node_intrinsic(v, &arg);
    if (fn && strcmp(fn, "Fn::Sub") == 0) {
        if (node_is_seq(arg) && arg->len >= 1)
            arg = arg->u.items[0];
        return node_str(arg);
    }
    return NULL;
}

/* The function resource a value names: !Ref / !GetAtt / ${X} / ${X.Arn} of
 * a function, or of an alias or version of one (their FunctionName). */
static const Resource *function_of(CheckCtx *ctx, const Node *v, int depth)
{
    const Model *m = ctx->model;
    const char *target, *attr;
    if (!model_ref_of(v, &target, &attr, ctx->arena) || depth > 2)
        return NULL;
    const Resource *r = model_resource(m, target);
    if (is_function(r))
        return r;
    if (resource_is(r, "AWS::Lambda::Alias") || resource_is(r, "AWS::Lambda::Version"))
        return function_of(ctx, node_get(r->props, "FunctionName"), depth + 1);
    return NULL;
}

/* Resources by a name they are known by (sorted, built on first use):
 * functions by FunctionName (its text, "sub:" + a Fn::Sub template, or
 * "ref:" + the parameter a !Ref names), log groups by LogGroupName. The
 * lookups stay linear in the template however many there are. */
typedef struct Named {
    const char *key;
    const Resource *res;
} Named;

typedef struct NameIndex {
    CheckCtx *ctx;
    const char *type;           /* "function" or a resource type */
    const char *prop;           /* the property that names it */
    Named *items;
    size_t len;
    bool built;
} NameIndex;

static int cmp_named(const void *a, const void *b)
{
    const Named *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c || !x->res || !y->res)
        return c;
    return x->res->index < y->res->index ? -1 : x->res->index > y->res->index;
}

static const char *name_key(CheckCtx *ctx, const Node *v)
{
    const char *target, *attr;
    if (model_ref_of(v, &target, &attr, ctx->arena) == REF_REF)
        return arena_printf(ctx->arena, "ref:%s", target);
    return model_value_key(ctx->arena, v);
}

static const Resource *index_find(NameIndex *ix, const char *key)
{
    if (!key)
        return NULL;
    if (!ix->built) {
        const Model *m = ix->ctx->model;
        ix->built = true;
        ix->items = arena_alloc(ix->ctx->arena, (m->nresources ? m->nresources : 1) * sizeof *ix->items);
        for (size_t i = 0; i < m->nresources; i++) {
            const Resource *r = &m->resources[i];
            bool kind = strcmp(ix->type, "function") == 0 ? is_function(r) : resource_is(r, ix->type);
            const char *k = kind ? name_key(ix->ctx, node_get(r->props, ix->prop)) : NULL;
            if (k)
                ix->items[ix->len++] = (Named){k, r};
        }
        qsort(ix->items, ix->len, sizeof *ix->items, cmp_named);
    }
    Named probe = {key, NULL};
    const Named *hit = ix->len ? bsearch(&probe, ix->items, ix->len, sizeof *ix->items, cmp_named) : NULL;
    while (hit && hit > ix->items && strcmp(hit[-1].key, key) == 0)
        hit--;      /* the first in template order among equal names */
    return hit ? hit->res : NULL;
}

static NameIndex function_index(CheckCtx *ctx)
{
    return (NameIndex){.ctx = ctx, .type = "function", .prop = "FunctionName"};
}

/* The function an EventInvokeConfig, a permission or a mapping names in
 * FunctionName: a reference, or the function's literal FunctionName. */
static const Resource *function_named(NameIndex *fns, const Node *v)
{
    const Resource *r = function_of(fns->ctx, v, 0);
    if (r)
        return r;
    const char *key = model_value_key(fns->ctx->arena, v);
    return key ? index_find(fns, key) : NULL;
}

/* Calls fn for v, or for each branch of a Fn::If. */
typedef void (*ValueFn)(void *ud, const Node *v);
static void each_value(const Node *v, ValueFn fn, void *ud, int depth)
{
    Node *arg;
    const char *f = node_intrinsic(v, &arg);
    if (f && strcmp(f, "Fn::If") == 0 && node_is_seq(arg) && arg->len == 3 && depth < 8) {
        each_value(arg->u.items[1], fn, ud, depth + 1);
        each_value(arg->u.items[2], fn, ud, depth + 1);
        return;
    }
    if (f && strcmp(f, "Ref") == 0 && node_str_eq(arg, "AWS::NoValue"))
        return;
    fn(ud, v);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* --- LMB001, LMB002: AWS::Lambda::Permission ------------------------------------------- */

typedef struct PermScan {
    CheckCtx *ctx;
    const Resource *perm;
    NameIndex fns;
} PermScan;

static const char *perm_function(PermScan *p)
{
    const Resource *f = function_named(&p->fns, node_get(p->perm->props, "FunctionName"));
    return f ? arena_printf(p->ctx->arena, "function '%s'", shown(p->ctx, f)) : "the function";
}

static void any_principal(void *ud, const Node *v)
{
    PermScan *p = ud;
    /* "*", or a parameter that may be "*" (its AllowedValues or Default) */
    IamPrincipal pr = {.type = "*", .node = v, .str = node_str(v)};
    if (!iam_principal_is_everyone(p->ctx->model, &pr))
        return;
    const Node *props = p->perm->props;
    /* a URL permission for AuthType AWS_IAM still needs a signed request
     * from a principal with lambda:InvokeFunctionUrl in its own policy */
    if (node_str_eq(node_get(props, "FunctionUrlAuthType"), "AWS_IAM"))
        return;
    /* scoped to an organization, or to what a service does for one source */
    if (node_get(props, "PrincipalOrgID") || node_get(props, "SourceArn") || node_get(props, "SourceAccount"))
        return;
    report(p->ctx, v, p->perm,
           "Lambda permission '%s' lets any AWS account (Principal '*') invoke %s; name the account, "
           "role or service principal that calls it (with SourceArn for a service), or set "
           "PrincipalOrgID to limit it to your organization",
           p->perm->id, perm_function(p));
}

/* Calls fn for each value of every Lambda permission's Principal. */
static void each_permission_principal(CheckCtx *ctx, ValueFn fn)
{
    const Model *m = ctx->model;
    if (foreign_provider(ctx))
        return;
    PermScan p = {.ctx = ctx, .fns = function_index(ctx)};
    size_t n_perms;
    const Resource *const *perms = model_resources_of_type(m, "AWS::Lambda::Permission", &n_perms);
    for (size_t i = 0; i < n_perms; i++) {
        const Resource *r = perms[i];
        if (!r->props)
            continue;
        p.perm = r;
        each_value(node_get(r->props, "Principal"), fn, &p, 0);
    }
}

void check_lmb_permission_any_principal(CheckCtx *ctx)
{
    each_permission_principal(ctx, any_principal);
}

/* The service of a service principal ("s3" for s3.amazonaws.com, also
 * written !Sub s3.${AWS::URLSuffix}), or NULL for any other principal. */
static const char *service_of(Arena *a, const char *p)
{
    if (!p || strncmp(p, "arn:", 4) == 0)
        return NULL;
    const char *dot = strchr(p, '.');
    if (!dot || dot == p)
        return NULL;
    if (!ends_with(p, ".amazonaws.com") && !ends_with(p, ".amazonaws.com.cn") && !ends_with(p, ".${AWS::URLSuffix}"))
        return NULL;
    return arena_strndup(a, p, (size_t)(dot - p));
}

static void service_principal(void *ud, const Node *v)
{
    PermScan *p = ud;
    CheckCtx *ctx = p->ctx;
    const char *svc = service_of(ctx->arena, text_or_sub(v));
    if (!svc)
        return;
    const Node *props = p->perm->props;
    bool arn = node_get(props, "SourceArn") != NULL, account = node_get(props, "SourceAccount") != NULL;
    /* a bucket's ARN carries no account: someone else may own a bucket of
     * that name (after yours is deleted), so S3 needs SourceAccount too */
    bool s3 = strcmp(svc, "s3") == 0;
    if (arn && (!s3 || account))
        return;
    if (s3 && arn)
        report(ctx, v, p->perm,
               "Lambda permission '%s' lets S3 invoke %s for the bucket in SourceArn but without "
               "SourceAccount; a bucket ARN names no account, so add SourceAccount: !Ref AWS::AccountId",
               p->perm->id, perm_function(p));
    else if (account)
        report(ctx, v, p->perm,
               "Lambda permission '%s' lets the service %s invoke %s on behalf of any of its resources "
               "in the account in SourceAccount; add SourceArn with the ARN of the %s resource that "
               "calls it",
               p->perm->id, text_or_sub(v), perm_function(p), svc);
    else
        report(ctx, v, p->perm,
               "Lambda permission '%s' lets the service %s invoke %s on behalf of any resource in any "
               "account (a confused deputy); add SourceArn with the ARN of the %s resource that calls "
               "it%s",
               p->perm->id, text_or_sub(v), perm_function(p), svc,
               s3 ? " and SourceAccount: !Ref AWS::AccountId (a bucket ARN names no account)" : "");
}

void check_lmb_permission_without_source(CheckCtx *ctx)
{
    each_permission_principal(ctx, service_principal);
}

/* --- LMB003: function URLs ----------------------------------------------------------------- */

typedef struct UrlScan {
    CheckCtx *ctx;
    const Resource *url;
    const Node **done;      /* AuthType values reported: one in Globals serves many functions */
    size_t ndone, cap;
} UrlScan;

static void url_auth(void *ud, const Node *v)
{
    UrlScan *u = ud;
    CheckCtx *ctx = u->ctx;
    if (!node_str_eq(v, "NONE"))
        return;
    if (u->url->synthetic) {    /* SAM's, from FunctionUrlConfig, maybe in Globals */
        for (size_t k = 0; k < u->ndone; k++)
            if (u->done[k] == v)
                return;
        u->done = arena_grow(ctx->arena, u->done, u->ndone, &u->cap, sizeof *u->done, 8);
        u->done[u->ndone++] = v;
    }
    const Resource *f = function_of(ctx, node_get(u->url->props, "TargetFunctionArn"), 0);
    const char *name = f ? shown(ctx, f) : u->url->id;
    if (is_sls(ctx, u->url))
        report(ctx, v, u->url,
               "function '%s' has a public URL (url without authorizer: aws_iam): anyone on the "
               "internet can invoke it; set url: {authorizer: aws_iam} and sign the requests (e.g. "
               "CloudFront with origin access control), or authenticate every request in the code "
               "and say so in a suppression",
               name);
    else
        report(ctx, v, u->url,
               "function URL of '%s' has AuthType NONE: anyone on the internet can invoke the "
               "function; set AuthType: AWS_IAM and sign the requests (e.g. CloudFront with origin "
               "access control), or authenticate every request in the code and say so in a "
               "suppression",
               name);
}

void check_lmb_function_url_no_auth(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (foreign_provider(ctx))
        return;
    UrlScan u = {.ctx = ctx};
    size_t n_urls;
    const Resource *const *urls = model_resources_of_type(m, "AWS::Lambda::Url", &n_urls);
    for (size_t i = 0; i < n_urls; i++) {
        const Resource *r = urls[i];
        if (!r->props)
            continue;
        u.url = r;
        each_value(node_get(r->props, "AuthType"), url_auth, &u, 0);
    }
}

/* --- LMB005: secrets in environment variables ---------------------------------------------- */

/* Splits an environment variable name into upper-case words at '_', '-',
 * '.' and lower-to-upper case changes: "dbPassword" -> DB PASSWORD. */
static size_t name_words(const char *name, char words[][24], size_t max)
{
    size_t n = 0, len = 0;
    for (const char *s = name;; s++) {
        bool split = !*s || *s == '_' || *s == '-' || *s == '.' ||
                     (s > name && islower((unsigned char)s[-1]) && isupper((unsigned char)*s));
        if (split && len) {
            words[n][len] = '\0';
            if (++n == max)
                return n;
            len = 0;
        }
        if (!*s)
            return n;
        if (*s != '_' && *s != '-' && *s != '.' && len < 23)
            words[n][len++] = (char)toupper((unsigned char)*s);
    }
}

static bool word_in(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(w, *list) == 0)
            return true;
    return false;
}

/* Whether a variable name says it holds a secret: a secret word in it
 * (PASSWORD, SECRET, TOKEN, API KEY, PRIVATE KEY, ...), and its last word
 * not one that says it holds where the secret is or something about it
 * (SECRET_ARN, TOKEN_PARAMETER_NAME, PASSWORD_MIN_LENGTH, TOKEN_URL). */
static bool secret_name(const char *name)
{
    static const char *const secret[] = {"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "SECRETS", "TOKEN",
                                         "APIKEY", "CREDENTIAL", "CREDENTIALS", NULL};
    static const char *const keyish[] = {"API", "PRIVATE", "ACCESS", "SIGNING", "ENCRYPTION", "AUTH",
                                         "CLIENT", "MASTER", "LICENSE", "WEBHOOK", NULL};
    static const char *const pointer[] = {"ARN", "ARNS", "NAME", "NAMES", "ID", "IDS", "PARAM", "PARAMS",
                                          "PARAMETER", "PARAMETERS", "PATH", "PREFIX", "URL", "URI",
                                          "ENDPOINT", "HOST", "HEADER", "TTL", "EXPIRY", "EXPIRATION",
                                          "EXPIRES", "LENGTH", "TABLE", "BUCKET", "QUEUE", "TOPIC",
                                          "REGION", "FILE", "ENABLED", "DISABLED", "TYPE", "VERSION",
                                          "FIELD", "KEYID", "LOCATION", "SOURCE", "STORE", "MANAGER",
                                          "SSM", "COOKIE", "AUDIENCE", "ISSUER", "SCOPE", "SCOPES",
                                          "ALGORITHM", "USER", "USERNAME", "TIMEOUT", "LIMIT", NULL};
    char words[16][24];
    size_t n = name_words(name, words, 16);
    /* AWS_ACCESS_KEY_ID names a key (the secret half is the other one),
     * DB_PASSWORD_SECRET_ARN names where the password is */
    if (!n || word_in(words[n - 1], pointer))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (word_in(words[i], secret))
            return true;
        if (strcmp(words[i], "KEY") == 0 && i > 0 && word_in(words[i - 1], keyish))
            return true;
    }
    return false;
}

/* An AWS access key id: AKIA or ASIA and 16 upper-case letters or digits,
 * not inside a longer word. */
static bool has_access_key(const char *s, size_t len)
{
    for (size_t i = 0; i + 20 <= len; i++) {
        if ((memcmp(s + i, "AKIA", 4) != 0 && memcmp(s + i, "ASIA", 4) != 0) ||
            (i > 0 && isalnum((unsigned char)s[i - 1])))
            continue;
        size_t k = 4;
        while (k < 20 && (isupper((unsigned char)s[i + k]) || isdigit((unsigned char)s[i + k])))
            k++;
        if (k == 20 && (i + 20 == len || !isalnum((unsigned char)s[i + 20])))
            return true;
    }
    return false;
}

static bool has_private_key(const char *s, size_t len)
{
    const char *b = memmem(s, len, "-----BEGIN ", 11);
    return b && memmem(b, len - (size_t)(b - s), "PRIVATE KEY-----", 16) != NULL;
}

/* A value that says where a secret is rather than being one: a dynamic
 * reference, an ARN, an SSM parameter path, a serverless variable left
 * unresolved (${ssm:...}), or a value no secret looks like. */
static bool reference_value(const Node *v, const char *s)
{
    if (!*s || strstr(s, "{{resolve:") || strncmp(s, "arn:", 4) == 0 || s[0] == '/' || strstr(s, "${"))
        return true;
    if (node_is_true(v) || node_is_false(v) ||
        (v->style == SCALAR_PLAIN && (node_str_eq(v, "null") || node_str_eq(v, "~"))))
        return true;
    char *end;
    (void)strtod(s, &end);
    return *end == '\0';    /* a number */
}

typedef struct EnvScan {
    CheckCtx *ctx;
    const Resource *fn;
    const Node *name;       /* the variable's key */
    const char *why;        /* set when the value is a secret */
    const Node **done;      /* keys already reported (Globals / provider are shared) */
    size_t ndone, cap;
} EnvScan;

static void env_value(void *ud, const Node *v)
{
    EnvScan *e = ud;
    if (e->why)
        return;
    const char *s = NULL;
    size_t len = 0;
    if (node_is_scalar(v)) {
        s = node_str(v);
        len = v->len;
    } else {
        /* a Fn::Sub without placeholders is a literal too */
        Node *arg;
        const char *fn = node_intrinsic(v, &arg);
        if (fn && strcmp(fn, "Fn::Sub") == 0 && node_is_scalar(arg) && !strstr(node_str(arg), "${")) {
            s = node_str(arg);
            len = arg->len;
        }
        if (!s && fn && strcmp(fn, "Fn::Sub") == 0 && node_is_scalar(arg)) {
            /* placeholders make it a reference, but a key in the text stays a key */
            s = node_str(arg);
            len = arg->len;
            if (has_access_key(s, len))
                e->why = "contains an AWS access key id";
            else if (has_private_key(s, len))
                e->why = "contains a private key";
            return;
        }
    }
    if (!s)
        return;
    if (has_access_key(s, len))
        e->why = "holds an AWS access key id";
    else if (has_private_key(s, len))
        e->why = "holds a private key";
    else if (secret_name(node_str(e->name)) && !reference_value(v, s))
        e->why = "holds a literal secret (its name says so)";
}

static void check_env(EnvScan *e, const Node *vars)
{
    if (!node_is_map(vars) || node_intrinsic(vars, NULL))
        return;
    CheckCtx *ctx = e->ctx;
    for (uint32_t i = 0; i < vars->len; i++) {
        const Node *key = vars->u.entries[i].key;
        /* a key outside the function's own text comes from Globals or the
         * provider and is shared: report it once */
        const Node *own = e->fn->node;
        bool shared = !own || key->span.start < own->span.start || key->span.end > own->span.end;
        bool seen = false;
        for (size_t k = 0; shared && k < e->ndone && !seen; k++)
            seen = e->done[k] == key;
        if (seen)
            continue;
        e->name = key;
        e->why = NULL;
        each_value(vars->u.entries[i].value, env_value, e, 0);
        if (!e->why)
            continue;
        if (shared) {
            e->done = arena_grow(ctx->arena, e->done, e->ndone, &e->cap, sizeof *e->done, 8);
            e->done[e->ndone++] = key;
        }
        /* the name only: the value must never reach a report */
        const char *fix = is_sls(ctx, e->fn)
                              ? "keep the secret in Secrets Manager or SSM Parameter Store and pass its name "
                                "(e.g. ${ssm:/path} resolves at deploy time; better, read it at run time)"
                              : "keep the secret in Secrets Manager or SSM Parameter Store and pass its ARN or "
                                "name for the code to read at run time (or a {{resolve:secretsmanager:...}} "
                                "reference)";
        report(ctx, key, e->fn,
               "environment variable '%s' of function '%s' %s, which anyone who can read the function's "
               "configuration or the template sees; %s, and rotate the exposed value",
               node_str(key), shown(ctx, e->fn), e->why, fix);
    }
}

void check_lmb_secret_in_environment(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (foreign_provider(ctx))
        return;
    EnvScan e = {.ctx = ctx};
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        if (!is_function(r) || !r->props)
            continue;
        e.fn = r;
        check_env(&e, node_get(node_get(r->props, "Environment"), "Variables"));
    }
}

/* --- LMB006: asynchronous invocation without failure handling ----------------------------- */

/* What invokes a function asynchronously: the first source found. */
typedef struct Async {
    const char *by;         /* "S3 bucket 'Uploads'", "its SNS event 'Alerts'" */
} Async;

static void mark_async(CheckCtx *ctx, Async *async, const Resource *fn, const char *by)
{
    if (fn && !async[fn->index].by)
        async[fn->index].by = by;
    (void)ctx;
}

static bool async_event(const char *type)
{
    static const char *const types[] = {
        /* SAM */
        "S3", "SNS", "EventBridgeRule", "Schedule", "ScheduleV2", "CloudWatchEvent", "CloudWatchLogs",
        "IoTRule",
        /* serverless.yml */
        "s3", "sns", "eventBridge", "schedule", "cloudwatchEvent", "cloudwatchLog", "iot", NULL};
    return word_in(type, types);
}

static void cfn_async_sources(CheckCtx *ctx, Async *async)
{
    const Model *m = ctx->model;
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        if (!r->props)
            continue;
        if (resource_is(r, "AWS::S3::Bucket")) {
            const Node *cfgs = node_get(node_get(r->props, "NotificationConfiguration"), "LambdaConfigurations");
            for (uint32_t k = 0; node_is_seq(cfgs) && k < cfgs->len; k++)
                mark_async(ctx, async, function_of(ctx, node_get(cfgs->u.items[k], "Function"), 0),
                           arena_printf(ctx->arena, "S3 bucket '%s'", r->id));
        } else if (resource_is(r, "AWS::SNS::Subscription")) {
            if (node_str_ieq(node_get(r->props, "Protocol"), "lambda"))
                mark_async(ctx, async, function_of(ctx, node_get(r->props, "Endpoint"), 0),
                           arena_printf(ctx->arena, "SNS subscription '%s'", r->id));
        } else if (resource_is(r, "AWS::SNS::Topic")) {
            const Node *subs = node_get(r->props, "Subscription");
            for (uint32_t k = 0; node_is_seq(subs) && k < subs->len; k++)
                if (node_str_ieq(node_get(subs->u.items[k], "Protocol"), "lambda"))
                    mark_async(ctx, async, function_of(ctx, node_get(subs->u.items[k], "Endpoint"), 0),
                               arena_printf(ctx->arena, "SNS topic '%s'", r->id));
        } else if (resource_is(r, "AWS::Events::Rule")) {
            const Node *targets = node_get(r->props, "Targets");
            for (uint32_t k = 0; node_is_seq(targets) && k < targets->len; k++)
                mark_async(ctx, async, function_of(ctx, node_get(targets->u.items[k], "Arn"), 0),
                           arena_printf(ctx->arena, "EventBridge rule '%s'", r->id));
        } else if (resource_is(r, "AWS::Logs::SubscriptionFilter")) {
            mark_async(ctx, async, function_of(ctx, node_get(r->props, "DestinationArn"), 0),
                       arena_printf(ctx->arena, "log subscription filter '%s'", r->id));
        } else if (resource_is(r, "AWS::IoT::TopicRule")) {
            const Node *actions = node_get(node_get(r->props, "TopicRulePayload"), "Actions");
            for (uint32_t k = 0; node_is_seq(actions) && k < actions->len; k++)
                mark_async(ctx, async,
                           function_of(ctx, node_get(node_get(actions->u.items[k], "Lambda"), "FunctionArn"), 0),
                           arena_printf(ctx->arena, "IoT topic rule '%s'", r->id));
        } else if (resource_is(r, "AWS::Scheduler::Schedule")) {
            mark_async(ctx, async, function_of(ctx, node_get(node_get(r->props, "Target"), "Arn"), 0),
                       arena_printf(ctx->arena, "EventBridge Scheduler schedule '%s'", r->id));
        }
    }
}

static bool has_target(const Node *n)
{
    return n && !(node_is_scalar(n) && n->len == 0);
}

/* Marks the functions that keep failed asynchronous events: a dead-letter
 * queue, or an on-failure destination (on the SAM function, or in an
 * AWS::Lambda::EventInvokeConfig for it). */
static void mark_handled(CheckCtx *ctx, uint8_t *handled)
{
    const Model *m = ctx->model;
    NameIndex fns = function_index(ctx);
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        if (!r->props)
            continue;
        if (is_function(r)) {
            if (has_target(node_get(node_get(r->props, "DeadLetterConfig"), "TargetArn")) ||
                (is_sam_function(r) && has_target(node_get(node_get(r->props, "DeadLetterQueue"), "TargetArn"))) ||
                (is_sam_function(r) &&
                 node_get(node_get(node_get(r->props, "EventInvokeConfig"), "DestinationConfig"), "OnFailure")))
                handled[r->index] = 1;
        } else if (resource_is(r, "AWS::Lambda::EventInvokeConfig")) {
            const Node *dest = node_get(node_get(node_get(r->props, "DestinationConfig"), "OnFailure"), "Destination");
            const Resource *f = has_target(dest) ? function_named(&fns, node_get(r->props, "FunctionName")) : NULL;
            if (f)
                handled[f->index] = 1;
        }
    }
}

void check_lmb_async_failure_unhandled(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (foreign_provider(ctx))
        return;
    bool any = false;
    for (size_t i = 0; i < m->nresources && !any; i++)
        any = is_function(&m->resources[i]);
    if (!any)
        return;
    Async *async = arena_calloc(ctx->arena, m->nresources, sizeof *async);
    uint8_t *handled = arena_calloc(ctx->arena, m->nresources, 1);
    cfn_async_sources(ctx, async);
    for (size_t i = 0; i < m->ntriggers; i++) {
        const Trigger *t = &m->triggers[i];
        if (!async_event(t->event))
            continue;
        const Resource *fn = model_resource(m, t->function);
        const char *by = m->kind == KIND_SERVERLESS
                             ? arena_printf(ctx->arena, "its %s event", t->event)
                             : arena_printf(ctx->arena, "its %s event '%s'", t->event, node_str(t->node));
        if (is_function(fn))
            mark_async(ctx, async, fn, by);
    }
    mark_handled(ctx, handled);
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        if (!async[i].by || handled[i])
            continue;
        const char *fix = is_sls(ctx, r)
                              ? "set onError (an SNS topic or SQS queue ARN) or destinations.onFailure on the "
                                "function"
                          : is_sam_function(r)
                              ? "add DeadLetterQueue (Type: SQS, TargetArn: ...) or EventInvokeConfig with "
                                "DestinationConfig.OnFailure to the function"
                              : "add DeadLetterConfig.TargetArn (an SQS queue or SNS topic) to the function, or an "
                                "AWS::Lambda::EventInvokeConfig for it with DestinationConfig.OnFailure";
        report(ctx, r->id_node, r,
               "function '%s' is invoked asynchronously (by %s) but keeps no failed event: after its retries "
               "Lambda discards the event without a trace; %s, and alarm on it",
               shown(ctx, r), async[i].by, fix);
    }
}

/* --- LMB007: stream event sources without an on-failure destination ------------------------ */

/* "Kinesis" or "DynamoDB" when an event source ARN names a stream of one,
 * else NULL. */
static const char *stream_kind(CheckCtx *ctx, const Node *arn)
{
    const char *target, *attr;
    if (model_ref_of(arn, &target, &attr, ctx->arena)) {
        const Resource *r = model_resource(ctx->model, target);
        if (resource_is(r, "AWS::Kinesis::Stream") || resource_is(r, "AWS::Kinesis::StreamConsumer"))
            return "Kinesis";
        if (resource_is(r, "AWS::DynamoDB::Table") || resource_is(r, "AWS::DynamoDB::GlobalTable") ||
            resource_is(r, "AWS::Serverless::SimpleTable"))
            return "DynamoDB";
        return NULL;
    }
    const char *s = text_or_sub(arn);
    if (!s)
        return NULL;
    if (strstr(s, ":kinesis:"))
        return "Kinesis";
    if (strstr(s, ":dynamodb:") && strstr(s, "/stream/"))
        return "DynamoDB";
    return NULL;
}

static const char *stream_source_name(CheckCtx *ctx, const Node *arn)
{
    const char *target, *attr;
    if (model_ref_of(arn, &target, &attr, ctx->arena) && model_resource(ctx->model, target))
        return arena_printf(ctx->arena, " '%s'", target);
    return "";
}

static const char *why_stream(void)
{
    return "a batch that keeps failing is retried until its records expire (blocking the shard meanwhile) "
           "and is then lost";
}

void check_lmb_stream_without_failure_destination(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (foreign_provider(ctx))
        return;
    NameIndex fns = function_index(ctx);
    size_t n_mappings;
    const Resource *const *mappings = model_resources_of_type(m, "AWS::Lambda::EventSourceMapping", &n_mappings);
    for (size_t i = 0; i < n_mappings; i++) {
        const Resource *r = mappings[i];
        if (!r->props || r->synthetic)
            continue;
        const Node *arn = node_get(r->props, "EventSourceArn");
        const char *kind = stream_kind(ctx, arn);
        if (!kind)
            continue;
        if (has_target(node_get(node_get(node_get(r->props, "DestinationConfig"), "OnFailure"), "Destination")))
            continue;
        const Resource *fn = function_named(&fns, node_get(r->props, "FunctionName"));
        report(ctx, r->id_node, r,
               "event source mapping '%s' reads the %s stream%s into %s%s%s without an on-failure "
               "destination: %s; set DestinationConfig.OnFailure.Destination to an SQS queue or SNS topic "
               "(with MaximumRetryAttempts and BisectBatchOnFunctionError)",
               r->id, kind, stream_source_name(ctx, arn), fn ? "function '" : "its function",
               fn ? shown(ctx, fn) : "", fn ? "'" : "", why_stream());
    }
    for (size_t i = 0; i < m->ntriggers; i++) {
        const Trigger *t = &m->triggers[i];
        const Resource *fn = model_resource(m, t->function);
        if (!fn)
            continue;
        if (strcmp(t->event, "Kinesis") == 0 || strcmp(t->event, "DynamoDB") == 0) {
            const Node *onf = node_get(node_get(t->props, "DestinationConfig"), "OnFailure");
            if (has_target(node_get(onf, "Destination")))
                continue;
            report(ctx, t->node, fn,
                   "%s event '%s' of function '%s' has no on-failure destination: %s; set "
                   "DestinationConfig.OnFailure.Destination in the event's Properties to an SQS queue or "
                   "SNS topic (with MaximumRetryAttempts and BisectBatchOnFunctionError)",
                   t->event, node_str(t->node), shown(ctx, fn), why_stream());
        } else if (m->kind == KIND_SERVERLESS && strcmp(t->event, "stream") == 0) {
            const Node *onf = node_get(node_get(t->props, "destinations"), "onFailure");
            if (node_is_map(onf) && !node_intrinsic(onf, NULL))
                onf = node_get(onf, "arn");
            if (has_target(onf))
                continue;
            report(ctx, t->node, fn,
                   "stream event of function '%s' has no on-failure destination: %s; give the event "
                   "destinations: {onFailure: <SQS queue or SNS topic ARN>} (with maximumRetryAttempts and "
                   "bisectBatchOnFunctionError)",
                   shown(ctx, fn), why_stream());
        }
    }
}

/* --- LMB008: log retention ---------------------------------------------------------------- */

/* The function a log group's LogGroupName is for, by the name Lambda
 * writes to (/aws/lambda/<function name>): !Sub /aws/lambda/${Fn},
 * !Join ['', [/aws/lambda/, !Ref Fn]], /aws/lambda/ and the function's
 * literal FunctionName (or the same Fn::Sub text), or !Sub
 * /aws/lambda/${Name} where FunctionName is !Ref Name. */
static const Resource *log_group_function(NameIndex *fns, const Node *name)
{
    CheckCtx *ctx = fns->ctx;
    Node *arg;
    const char *fn = node_intrinsic(name, &arg);
    if (fn && strcmp(fn, "Fn::Join") == 0 && node_is_seq(arg) && arg->len == 2 && node_str_eq(arg->u.items[0], "")) {
        const Node *parts = arg->u.items[1];
        if (node_is_seq(parts) && parts->len == 2 && node_str_eq(parts->u.items[0], "/aws/lambda/"))
            return function_of(ctx, parts->u.items[1], 0);
        return NULL;
    }
    const char *s = text_or_sub(name);
    if (!s || strncmp(s, "/aws/lambda/", 12) != 0)
        return NULL;
    const char *rest = s + 12;
    if (node_is_scalar(name))
        return index_find(fns, rest);
    const char *close = strchr(rest, '}');
    if (rest[0] == '$' && rest[1] == '{' && close && close[1] == '\0') {
        const char *id = arena_strndup(ctx->arena, rest + 2, (size_t)(close - rest - 2));
        const Resource *f = model_resource(ctx->model, id);
        if (is_function(f))
            return f;
        f = index_find(fns, arena_printf(ctx->arena, "ref:%s", id));
        if (f)
            return f;
    }
    return index_find(fns, arena_printf(ctx->arena, "sub:%s", rest));
}

/* The log group a function's LoggingConfig.LogGroup names, when it is in
 * the template; *outside is set when it names one elsewhere. */
static const Resource *logging_config_group(NameIndex *groups, const Resource *f, bool *outside)
{
    CheckCtx *ctx = groups->ctx;
    const Node *v = node_get(node_get(f->props, "LoggingConfig"), "LogGroup");
    *outside = false;
    if (!v)
        return NULL;
    const char *target, *attr;
    const Resource *g = NULL;
    if (model_ref_of(v, &target, &attr, ctx->arena)) {
        g = model_resource(ctx->model, target);
        g = resource_is(g, "AWS::Logs::LogGroup") ? g : NULL;
    } else {
        g = index_find(groups, model_value_key(ctx->arena, v));
    }
    *outside = g == NULL;
    return g;
}

void check_lmb_log_retention_missing(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    if (foreign_provider(ctx))
        return;
    const Resource **group = arena_calloc(ctx->arena, m->nresources ? m->nresources : 1, sizeof *group);
    NameIndex fns = function_index(ctx);
    NameIndex groups = {.ctx = ctx, .type = "AWS::Logs::LogGroup", .prop = "LogGroupName"};
    size_t n_log_groups;
    const Resource *const *log_groups = model_resources_of_type(m, "AWS::Logs::LogGroup", &n_log_groups);
    for (size_t i = 0; i < n_log_groups; i++) {
        const Resource *g = log_groups[i];
        const Resource *f = log_group_function(&fns, node_get(g->props, "LogGroupName"));
        if (f && (!group[f->index] || node_get(g->props, "RetentionInDays")))
            group[f->index] = g;
    }
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *f = &m->resources[i];
        if (!is_function(f))
            continue;
        bool outside;
        const Resource *g = logging_config_group(&groups, f, &outside);
        if (outside)
            continue;   /* a shared log group defined elsewhere */
        if (!g)
            g = group[i];
        if (g && node_get(g->props, "RetentionInDays"))
            continue;
        if (is_sls(ctx, f))
            report(ctx, f->id_node, f,
                   "function '%s' keeps its logs forever: its log group has no retention; set "
                   "provider.logRetentionInDays (or logRetentionInDays on the function), e.g. 30",
                   shown(ctx, f));
        else if (g)
            report(ctx, g->id_node, g,
                   "log group '%s' of function '%s' keeps the logs forever; set RetentionInDays (e.g. 30)",
                   g->id, f->id);
        else
            report(ctx, f->id_node, f,
                   "function '%s' has no log group in the template, so Lambda creates "
                   "/aws/lambda/<function name> on first use and keeps the logs forever; add an "
                   "AWS::Logs::LogGroup with LogGroupName: !Sub /aws/lambda/${%s} (or name it in "
                   "LoggingConfig.LogGroup) and RetentionInDays",
                   f->id, f->id);
    }
}
