/*
 * fuzz/iam.c — the IAM policy normaliser (the `policies` of parser/model.c,
 * SAM's Policies in parser/sam.c) and the IAM and resource-policy checks.
 *
 * The input is read as a document D (JSON or YAML). D is normalised as a
 * standalone policy file, then placed everywhere a template holds a policy
 * — a role's trust policy and inline policy, a managed policy, a bucket and
 * a queue policy, a SAM function's Policies — next to a parameter that a
 * `Ref` in D may name, and every check runs on both models.
 */
#include "fuzz.h"

#include "../parser/synth.h"

static Node *s(Arena *a, const char *str, const Node *at)
{
    return syn_str_at(a, str, at);
}

/* {Type: type, Properties: {key: D, more...}} */
static Node *resource(Arena *a, const char *type, Node *props, const Node *at)
{
    MapBuilder r = {0};
    mb_put_str(a, &r, "Type", s(a, type, at), at);
    mb_put_str(a, &r, "Properties", props, at);
    return mb_finish(a, &r, span_of(at));
}

static Node *template_around(Arena *a, Node *d)
{
    Span sp = span_of(d);
    MapBuilder props;

    /* Parameters: P with AllowedValues, Q with a Default */
    MapBuilder p = {0};
    mb_put_str(a, &p, "Type", s(a, "String", d), d);
    Node *allowed[] = {s(a, "*", d), s(a, "s3:GetObject", d), s(a, "arn:aws:iam::123456789012:root", d)};
    mb_put_str(a, &p, "AllowedValues", syn_seq(a, allowed, 3, sp), d);
    MapBuilder q = {0};
    mb_put_str(a, &q, "Type", s(a, "String", d), d);
    mb_put_str(a, &q, "Default", s(a, "iam:PassRole", d), d);
    MapBuilder params = {0};
    mb_put_str(a, &params, "P", mb_finish(a, &p, sp), d);
    mb_put_str(a, &params, "Q", mb_finish(a, &q, sp), d);

    MapBuilder res = {0};
    /* a role: trust policy and an inline policy */
    MapBuilder inl = {0};
    mb_put_str(a, &inl, "PolicyName", s(a, "inline", d), d);
    mb_put_str(a, &inl, "PolicyDocument", d, d);
    Node *inl_items[] = {mb_finish(a, &inl, sp)};
    props = (MapBuilder){0};
    mb_put_str(a, &props, "AssumeRolePolicyDocument", d, d);
    mb_put_str(a, &props, "Policies", syn_seq(a, inl_items, 1, sp), d);
    mb_put_str(a, &res, "Role", resource(a, "AWS::IAM::Role", mb_finish(a, &props, sp), d), d);
    /* a managed policy */
    props = (MapBuilder){0};
    mb_put_str(a, &props, "PolicyDocument", d, d);
    Node *roles[] = {syn_pair(a, "Ref", s(a, "Role", d), d)};
    mb_put_str(a, &props, "Roles", syn_seq(a, roles, 1, sp), d);
    mb_put_str(a, &res, "Managed", resource(a, "AWS::IAM::ManagedPolicy", mb_finish(a, &props, sp), d), d);
    /* resource policies */
    props = (MapBuilder){0};
    mb_put_str(a, &props, "Bucket", s(a, "my-bucket", d), d);
    mb_put_str(a, &props, "PolicyDocument", d, d);
    mb_put_str(a, &res, "BucketPolicy", resource(a, "AWS::S3::BucketPolicy", mb_finish(a, &props, sp), d), d);
    props = (MapBuilder){0};
    Node *queues[] = {s(a, "https://sqs.eu-west-1.amazonaws.com/123456789012/q", d)};
    mb_put_str(a, &props, "Queues", syn_seq(a, queues, 1, sp), d);
    mb_put_str(a, &props, "PolicyDocument", d, d);
    mb_put_str(a, &res, "QueuePolicy", resource(a, "AWS::SQS::QueuePolicy", mb_finish(a, &props, sp), d), d);
    /* a SAM function whose Policies is D (a document, a list, a template name) */
    props = (MapBuilder){0};
    mb_put_str(a, &props, "Runtime", s(a, "python3.12", d), d);
    mb_put_str(a, &props, "Handler", s(a, "app.handler", d), d);
    mb_put_str(a, &props, "CodeUri", s(a, "src/", d), d);
    mb_put_str(a, &props, "Policies", d, d);
    mb_put_str(a, &res, "Function", resource(a, "AWS::Serverless::Function", mb_finish(a, &props, sp), d), d);

    MapBuilder root = {0};
    mb_put_str(a, &root, "AWSTemplateFormatVersion", s(a, "2010-09-09", d), d);
    mb_put_str(a, &root, "Transform", s(a, "AWS::Serverless-2016-10-31", d), d);
    mb_put_str(a, &root, "Parameters", mb_finish(a, &params, sp), d);
    mb_put_str(a, &root, "Resources", mb_finish(a, &res, sp), d);
    return mb_finish(a, &root, sp);
}

static void statements_invariants(const Model *m, size_t size)
{
    for (size_t i = 0; i < m->npolicies; i++) {
        const PolicyDoc *pd = &m->policies[i];
        for (size_t j = 0; j < pd->nstmts; j++) {
            const Statement *st = &pd->stmts[j];
            const IamList *lists[] = {&st->action, &st->resource};
            for (size_t k = 0; k < 2; k++)
                for (size_t v = 0; v < lists[k]->len; v++) {
                    const Node *n = lists[k]->items[v].node;
                    if (!n || n->span.end > size)
                        FUZZ_FAIL("policy %zu statement %zu: a value without a node in the text", i, j);
                }
            for (size_t p = 0; p < st->nprincipals; p++)
                if (!st->principals[p].type || !st->principals[p].node)
                    FUZZ_FAIL("policy %zu statement %zu: principal %zu without type or node", i, j, p);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    if (size)
        memcpy(text, data, size);
    fuzz_open_mode = FUZZ_OPEN_ABORT;     /* nothing here reads files */

    Arena a;
    arena_init(&a);
    Document doc;
    document_read(&a, text, size, &PARSE_LIMITS_DEFAULT, &doc);
    if (!doc.partial && doc.root) {
        Model m;
        model_build_at(&a, &doc, KIND_IAM_POLICY, NULL, &m);
        statements_invariants(&m, size);
        fuzz_run_checks(&a, &doc, &m, "policy.json");

        Document wrapped = doc;
        wrapped.root = template_around(&a, doc.root);
        model_build_at(&a, &wrapped, KIND_CFN, NULL, &m);
        statements_invariants(&m, size);
        fuzz_run_checks(&a, &wrapped, &m, "template.yaml");
    }
    arena_free(&a);

    fuzz_open_mode = FUZZ_OPEN_ALLOW;
    free(text);
    return 0;
}
