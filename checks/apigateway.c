/*
 * apigateway.c — checks about API Gateway APIs.
 *
 * APG001: every API operation asks who is calling. One function reads the
 * four ways a template declares an operation:
 *   - AWS::ApiGateway::Method (REST APIs): AuthorizationType NONE or absent;
 *   - AWS::ApiGatewayV2::Route (HTTP and WebSocket APIs): the same;
 *   - SAM Api / HttpApi events: no Auth.Authorizer on the event and no
 *     Auth.DefaultAuthorizer on the API it attaches to (Globals for the
 *     implicit API), or an explicit Authorizer: NONE;
 *   - Serverless Framework http / httpApi events without `authorizer`.
 * Accepted everywhere: CORS preflight (OPTIONS), an API key requirement,
 * IAM authorization, and private REST APIs (endpoint type PRIVATE with a
 * resource policy, which decides who may call them).
 */
#include <string.h>
#include <strings.h>

#include "checks.h"

static bool is_options(const Node *method)
{
    return node_str_ieq(method, "OPTIONS");
}

/* EndpointConfiguration naming PRIVATE: a string, {Type: PRIVATE} (SAM)
 * or {Types: [PRIVATE]} (CloudFormation). */
static bool endpoint_private(const Node *ec)
{
    if (node_str_ieq(ec, "PRIVATE") || node_str_ieq(node_get(ec, "Type"), "PRIVATE"))
        return true;
    const Node *types = node_get(ec, "Types");
    if (node_str_ieq(types, "PRIVATE"))
        return true;
    if (node_is_seq(types))
        for (uint32_t i = 0; i < types->len; i++)
            if (node_str_ieq(types->u.items[i], "PRIVATE"))
                return true;
    return false;
}

/* The resource of this template that a RestApiId / ApiId names. */
static const Resource *named_resource(CheckCtx *ctx, const Node *ref)
{
    const char *target, *attr;
    if (model_ref_of(ref, &target, &attr, ctx->arena) != REF_REF)
        return NULL;
    return model_resource(ctx->model, target);
}

/* --- CloudFormation ---------------------------------------------------------- */

/* A private REST API with a resource policy: only the VPC endpoints and
 * principals the policy names reach it. */
static bool private_rest_api(const Resource *api)
{
    return resource_is(api, "AWS::ApiGateway::RestApi") &&
           endpoint_private(node_get(api->props, "EndpointConfiguration")) &&
           node_get(api->props, "Policy");
}

/* Reports an AuthorizationType that is NONE or absent; other values
 * (AWS_IAM, CUSTOM, COGNITO_USER_POOLS, JWT) and values from parameters or
 * conditions are the author's. */
static void authorization_type(CheckCtx *ctx, const Resource *r, const char *what, const char *fix)
{
    MapEntry *e = node_get_entry(r->props, "AuthorizationType");
    if (e && !node_str_ieq(e->value, "NONE"))
        return;
    if (e)
        report(ctx, e->value, r, "%s '%s' lets anyone call it (AuthorizationType NONE); %s", what,
               r->id, fix);
    else
        report(ctx, r->id_node, r,
               "%s '%s' lets anyone call it (no AuthorizationType, which means NONE); %s", what,
               r->id, fix);
}

static void rest_method(CheckCtx *ctx, const Resource *r)
{
    if (is_options(node_get(r->props, "HttpMethod")) || node_is_true(node_get(r->props, "ApiKeyRequired")))
        return;
    if (private_rest_api(named_resource(ctx, node_get(r->props, "RestApiId"))))
        return;
    authorization_type(ctx, r, "API Gateway method",
                       "set AuthorizationType to AWS_IAM, COGNITO_USER_POOLS or CUSTOM (with an "
                       "AuthorizerId), or require an API key (ApiKeyRequired: true)");
}

static void v2_route(CheckCtx *ctx, const Resource *r)
{
    const char *key = node_str(node_get(r->props, "RouteKey"));
    const Resource *api = named_resource(ctx, node_get(r->props, "ApiId"));
    bool websocket = node_str_ieq(node_get(api ? api->props : NULL, "ProtocolType"), "WEBSOCKET");
    if (key && !api && !strchr(key, ' ') && strcmp(key, "$default") != 0)
        websocket = true;   /* HTTP route keys are "METHOD /path" or $default */
    if (websocket) {
        /* a WebSocket API authorizes the connection: only $connect takes an authorizer */
        if (!key || strcmp(key, "$connect") != 0 || node_is_true(node_get(r->props, "ApiKeyRequired")))
            return;
        authorization_type(ctx, r, "WebSocket $connect route",
                           "set AuthorizationType to AWS_IAM or CUSTOM (with an AuthorizerId)");
        return;
    }
    if (key && strncasecmp(key, "OPTIONS ", 8) == 0)
        return;
    authorization_type(ctx, r, "API Gateway route",
                       "set AuthorizationType to JWT or CUSTOM (with an AuthorizerId) or AWS_IAM");
}

/* --- SAM ----------------------------------------------------------------------- */

/* The Properties of the API a SAM event attaches to: the one RestApiId /
 * ApiId names, or the implicit API, configured by Globals. */
static const Node *sam_api(CheckCtx *ctx, const Trigger *t, bool rest, const Resource **res)
{
    const Node *ref = node_get(t->props, rest ? "RestApiId" : "ApiId");
    *res = NULL;
    if (ref) {
        *res = named_resource(ctx, ref);
        return *res ? (*res)->props : NULL;
    }
    return node_get(node_get(ctx->model->root, "Globals"), rest ? "Api" : "HttpApi");
}

static void sam_event(CheckCtx *ctx, const Trigger *t, const Resource *fn)
{
    bool rest = strcmp(t->event, "Api") == 0;
    if (is_options(node_get(t->props, "Method")))
        return;
    const Resource *api_res;
    const Node *api = sam_api(ctx, t, rest, &api_res);
    /* an OpenAPI definition carries its own security: stacklint does not read it */
    if (node_get(api, "DefinitionBody") || node_get(api, "DefinitionUri"))
        return;
    const Node *auth = node_get(t->props, "Auth"), *api_auth = node_get(api, "Auth");
    if (rest && (node_is_true(node_get(auth, "ApiKeyRequired")) ||
                 node_is_true(node_get(api_auth, "ApiKeyRequired"))))
        return;
    if (rest && endpoint_private(node_get(api, "EndpointConfiguration")) &&
        node_get(api_auth, "ResourcePolicy"))
        return;
    const char *api_name = api_res ? api_res->id : rest ? "the implicit API" : "the implicit HTTP API";
    MapEntry *own = node_get_entry(auth, "Authorizer");
    if (own && node_str_ieq(own->value, "NONE")) {
        bool has_default = node_get(api_auth, "DefaultAuthorizer") != NULL;
        report(ctx, own->value, fn,
               "%s event '%s' of function '%s' turns authorization off (Authorizer: NONE), so "
               "anyone can call it; name an authorizer (or AWS_IAM)%s%s%s",
               t->event, t->node->u.str, fn ? fn->id : t->function,
               rest ? ", require an API key (ApiKeyRequired: true)" : "",
               has_default ? ", or remove the override to use the DefaultAuthorizer of " : "",
               has_default ? api_name : "");
        return;
    }
    if (own || node_get(api_auth, "DefaultAuthorizer"))
        return;
    report(ctx, t->node, fn,
           "%s event '%s' of function '%s' lets anyone call it: neither the event nor %s names "
           "an authorizer; add Auth: {Authorizer: <name or AWS_IAM>} to the event, or Auth: "
           "{DefaultAuthorizer: ...} to the API%s",
           t->event, t->node->u.str, fn ? fn->id : t->function, api_name,
           rest ? ", or require an API key (Auth: {ApiKeyRequired: true})" : "");
}

/* --- Serverless Framework ---------------------------------------------------- */

/* The method of an http / httpApi event: `method:`, or the first word of
 * the short form "GET /users". */
static bool sls_options(const Node *settings)
{
    const char *s = node_str(settings);
    if (s)
        return strncasecmp(s, "OPTIONS ", 8) == 0;
    return is_options(node_get(settings, "method"));
}

static bool sls_private_api(const Node *root)
{
    const Node *provider = node_get(root, "provider");
    return node_str_ieq(node_get(provider, "endpointType"), "PRIVATE") &&
           node_get(node_get(provider, "apiGateway"), "resourcePolicy");
}

/* The function's name as written in the serverless.yml (its logical id is
 * the Framework's spelling of it). */
static const char *written_name(CheckCtx *ctx, const Resource *fn, const char *fallback)
{
    const Document *doc = ctx->model->doc;
    if (!fn || !fn->id_node || !doc || !doc->text || fn->id_node->span.end > doc->size ||
        fn->id_node->span.end <= fn->id_node->span.start)
        return fallback;
    return arena_strndup(ctx->arena, doc->text + fn->id_node->span.start,
                         fn->id_node->span.end - fn->id_node->span.start);
}

static void sls_event(CheckCtx *ctx, const Trigger *t, const Resource *fn, bool private_api)
{
    bool rest = strcmp(t->event, "http") == 0;
    if (sls_options(t->props))
        return;
    if (t->auth && !node_is_false(t->auth))
        return;     /* `authorizer: ...`, or `private: true` (an API key) */
    if (rest && private_api)
        return;
    report(ctx, t->node, fn,
           "%s event of function '%s' lets anyone call it; add `authorizer:` (the name of a "
           "%s, or %s)%s",
           t->event, written_name(ctx, fn, t->function),
           rest ? "Lambda or Cognito authorizer" : "provider.httpApi.authorizers entry",
           rest ? "aws_iam" : "type: aws_iam",
           rest ? ", or `private: true` to require an API key" : "");
}

void check_apg_api_without_authorization(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    size_t n_methods, n_routes;
    const Resource *const *methods = model_resources_of_type(m, "AWS::ApiGateway::Method", &n_methods);
    for (size_t i = 0; i < n_methods; i++)
        rest_method(ctx, methods[i]);
    const Resource *const *routes = model_resources_of_type(m, "AWS::ApiGatewayV2::Route", &n_routes);
    for (size_t i = 0; i < n_routes; i++)
        v2_route(ctx, routes[i]);
    bool private_api = m->kind == KIND_SERVERLESS && sls_private_api(m->root);
    for (size_t i = 0; i < m->ntriggers; i++) {
        const Trigger *t = &m->triggers[i];
        const Resource *fn = model_resource(m, t->function);
        if (m->kind == KIND_SERVERLESS) {
            if (strcmp(t->event, "http") == 0 || strcmp(t->event, "httpApi") == 0)
                sls_event(ctx, t, fn, private_api);
        } else if (strcmp(t->event, "Api") == 0 || strcmp(t->event, "HttpApi") == 0) {
            sam_event(ctx, t, fn);
        }
    }
}
