/*
 * test_serverless.c — Serverless Framework and SAM input in the model:
 * variables (values, fallbacks, files, cycles, bounds), what each section
 * becomes, the positions synthesised elements keep, SAM policy templates
 * and Globals, standalone policy shapes; and every serverless and SAM file
 * of the shared corpus modelled with all its positions inside its text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../parser/model.h"
#include "unit.h"

static Arena A;

static Model build(const char *text, const char *path)
{
    Document *d = arena_alloc(&A, sizeof *d);
    document_read(&A, text, strlen(text), &PARSE_LIMITS_DEFAULT, d);
    Model m;
    model_build_at(&A, d, model_classify(d->root), path, &m);
    return m;
}

static const char *text_at(const Model *m, const Node *n)
{
    if (!n)
        return "(null)";
    return arena_strndup(&A, m->doc->text + n->span.start, n->span.end - n->span.start);
}

static const Node *prop(const Model *m, const char *res, const char *key)
{
    return node_get(model_resource(m, res) ? model_resource(m, res)->props : NULL, key);
}

static const Node *env_var(const Model *m, const char *fn, const char *name)
{
    return node_get(node_get(prop(m, fn, "Environment"), "Variables"), name);
}

static void test_variables(void)
{
    TEST("serverless: self, nested addresses, fallbacks and unknown sources") {
        Model m = build("service: orders\n"
                        "custom:\n"
                        "  stage: ${opt:stage, 'dev'}\n"
                        "  sizes: {dev: 256}\n"
                        "  size: ${self:custom.sizes.${self:custom.stage}, 512}\n"
                        "  region: ${opt:region, env:AWS_REGION, \"eu-west-1\"}\n"
                        "provider:\n  name: aws\n"
                        "  environment:\n"
                        "    NAME: ${self:service}-${self:custom.stage}\n"
                        "    SIZE: ${self:custom.size}\n"
                        "    REGION: ${self:custom.region}\n"
                        "    SECRET: ${ssm:/x/${self:custom.stage}}\n"
                        "    ENV: ${env:HOME}\n"
                        "    SUB: !Sub '${AWS::Region}-${Bucket.Arn}'\n"
                        "functions:\n  api:\n    handler: h.api\n",
                        NULL);
        CHECK_EQ_INT(m.kind, KIND_SERVERLESS);
        CHECK_EQ_STR(node_str(env_var(&m, "ApiLambdaFunction", "NAME")), "orders-dev");
        CHECK_EQ_STR(node_str(env_var(&m, "ApiLambdaFunction", "SIZE")), "256");
        CHECK_EQ_STR(node_str(env_var(&m, "ApiLambdaFunction", "REGION")), "eu-west-1");
        CHECK_EQ_STR(node_str(env_var(&m, "ApiLambdaFunction", "SECRET")), "${ssm:/x/${self:custom.stage}}");
        CHECK_EQ_STR(node_str(env_var(&m, "ApiLambdaFunction", "ENV")), "${env:HOME}");
        Node *arg;
        const Node *sub = env_var(&m, "ApiLambdaFunction", "SUB");
        CHECK(node_intrinsic(sub, &arg) && node_str_eq(arg, "${AWS::Region}-${Bucket.Arn}"), "Fn::Sub untouched");
        /* a value taken from elsewhere is located where it is used */
        CHECK_EQ_STR(text_at(&m, env_var(&m, "ApiLambdaFunction", "SIZE")), "${self:custom.size}");
        CHECK_EQ_INT(m.nvar_cycles, 0);
    }
    TEST("serverless: a cycle is recorded once, the rest still resolves") {
        Model m = build("service: s\nprovider: {name: aws}\n"
                        "custom:\n  a: ${self:custom.b}\n  b: x${self:custom.a}\n  c: ${self:custom.c}\n"
                        "  d: ${self:service}\n",
                        NULL);
        CHECK_EQ_INT(m.nvar_cycles, 2);
        if (m.nvar_cycles == 2) {
            CHECK_EQ_STR(text_at(&m, m.var_cycles[0]), "${self:custom.b}");
            CHECK_EQ_STR(text_at(&m, m.var_cycles[1]), "${self:custom.c}");
        }
    }
    TEST("serverless: malformed variables and shapes are values, not errors") {
        Model m = build("service: s\nprovider: {name: aws}\ncustom:\n  a: ${self:custom.b\n  b: ${${${${\n"
                        "  c: ${}\n  d: ${:}\n  e: ${self:}\n  f: ${self:.....}\n  g: ${file()}\n"
                        "  m: ${opt:x, ${opt:y, ${opt:z, ${self:custom.zz, 'deep'}}}}\n"
                        "  n: ${self:custom.list.99999999999999999999}\n  list: [1]\n"
                        "functions: [1, [2], {a: 3}, {b: {events: [1, {}, {sqs: }, {http: [1]}], "
                        "iamRoleStatements: 5, destinations: 7}}]\n"
                        "resources: [1, {Resources: [1]}, {Resources: {X: 1, Y: {Type: [1]}}}]\n",
                        NULL);
        CHECK_EQ_INT(m.kind, KIND_SERVERLESS);
        CHECK_EQ_INT(m.nvar_cycles, 0);
        CHECK_EQ_STR(node_str(node_get(node_get(m.root, "custom"), "e")), "${self:}");
        Model sam = build("Transform: AWS::Serverless-2016-10-31\nGlobals: {Function: [1], Api: {Auth: 5}}\n"
                          "Resources:\n  F: {Type: AWS::Serverless::Function, Properties: {Policies: [1, {}, "
                          "{SQSPollerPolicy: 5}, {SQSPollerPolicy: {QueueName: [1]}}, {NoSuch: {}}, {Statement: 1}, [1]], "
                          "Events: [1], Role: }}\n"
                          "  G: {Type: AWS::Serverless::Function, Properties: {Policies: {DynamoDBCrudPolicy: {}}, "
                          "Events: {A: 1, B: {Type: Api, Properties: {RestApiId: !Ref Nope}}}}}\n",
                          NULL);
        CHECK_EQ_INT(sam.kind, KIND_CFN);
        CHECK(model_resource(&sam, "GRole") != NULL, "G's role");
    }
    TEST("serverless: long chains and doubling strings stay bounded") {
        size_t cap = 4 << 20, len = 0;
        char *t = malloc(cap);
        len += (size_t)snprintf(t + len, cap - len, "service: s\nprovider: {name: aws}\ncustom:\n");
        for (int i = 0; i < 5000; i++)
            len += (size_t)snprintf(t + len, cap - len, "  a%d: ${self:custom.a%d}\n", i, i + 1);
        for (int i = 0; i < 60; i++)
            len += (size_t)snprintf(t + len, cap - len, "  b%d: ${self:custom.b%d}${self:custom.b%d}\n", i, i + 1, i + 1);
        len += (size_t)snprintf(t + len, cap - len, "  a5000: end\n  b60: xxxxxxxxxxxxxxxx\n");
        clock_t c0 = clock();
        Arena local;
        arena_init(&local);
        Document d;
        document_read(&local, t, len, &PARSE_LIMITS_DEFAULT, &d);
        Model m;
        model_build_at(&local, &d, KIND_SERVERLESS, NULL, &m);
        double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
        CHECK(secs < 2.0, "took %.2f s", secs);
        CHECK(local.total < (512u << 20), "used %zu bytes", local.total);
        arena_free(&local);
        free(t);
    }
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_files(void)
{
    TEST("serverless: ${file()} reads next to the file, never outside its folder") {
        char dir[] = "/tmp/stacklint-unit-XXXXXX";
        CHECK(mkdtemp(dir) != NULL, "mkdtemp");
        char *proj = arena_printf(&A, "%s/svc", dir);
        mkdir(proj, 0700);
        mkdir(arena_printf(&A, "%s/config", proj), 0700);
        write_file(arena_printf(&A, "%s/config/env.yml", proj), "vars:\n  TABLE: orders\n  ACTION: 's3:*'\n");
        write_file(arena_printf(&A, "%s/secret.yml", dir), "key: outside\n");
        const char *path = arena_printf(&A, "%s/serverless.yml", proj);
        Model m = build("service: s\n"
                        "provider:\n  name: aws\n"
                        "  environment: ${file(./config/env.yml):vars}\n"
                        "  iamRoleStatements:\n"
                        "    - Effect: Allow\n"
                        "      Action: ${file(./config/env.yml):vars.ACTION}\n"
                        "      Resource: '*'\n"
                        "custom:\n  leak: ${file(../secret.yml):key, 'blocked'}\n"
                        "  none: ${file(./missing.yml), 'fallback'}\n"
                        "functions:\n  f:\n    handler: h.f\n    environment:\n"
                        "      LEAK: ${self:custom.leak}\n      NONE: ${self:custom.none}\n",
                        path);
        CHECK_EQ_STR(node_str(env_var(&m, "FLambdaFunction", "TABLE")), "orders");
        CHECK_EQ_STR(text_at(&m, env_var(&m, "FLambdaFunction", "TABLE")), "${file(./config/env.yml):vars}");
        CHECK_EQ_STR(node_str(env_var(&m, "FLambdaFunction", "LEAK")), "blocked");
        CHECK_EQ_STR(node_str(env_var(&m, "FLambdaFunction", "NONE")), "fallback");
        CHECK_EQ_INT(m.npolicies, 1);
        if (m.npolicies == 1 && m.policies[0].nstmts == 1 && m.policies[0].stmts[0].action.len == 1) {
            const IamValue *v = &m.policies[0].stmts[0].action.items[0];
            CHECK_EQ_STR(v->str, "s3:*");
            CHECK_EQ_STR(text_at(&m, v->node), "${file(./config/env.yml):vars.ACTION}");
        }
        unlink(arena_printf(&A, "%s/config/env.yml", proj));
        unlink(arena_printf(&A, "%s/secret.yml", dir));
        rmdir(arena_printf(&A, "%s/config", proj));
        rmdir(proj);
        rmdir(dir);
    }
}

static void test_sections(void)
{
    TEST("serverless: roles, functions, events, buckets, sqs-alarms, resource blocks") {
        Model m = build("service: orders\n"
                        "provider:\n  name: aws\n  runtime: nodejs20.x\n"
                        "  iam:\n    role:\n      statements:\n"
                        "        - {Effect: Allow, Action: 'sqs:*', Resource: '*'}\n"
                        "      managedPolicies: [arn:aws:iam::aws:policy/ReadOnlyAccess]\n"
                        "  s3:\n    uploads: {name: up, accessControl: PublicRead}\n"
                        "custom:\n  sqs-alarms:\n    - queue: jobs\n"
                        "functions:\n  my-fn_x:\n    handler: h.f\n"
                        "    iamRoleStatements: [{Effect: Allow, Action: 'sns:Publish', Resource: '*'}]\n"
                        "    events:\n      - sqs: {arn: !GetAtt Jobs.Arn}\n"
                        "      - http: {path: /x, method: get, authorizer: aws_iam}\n"
                        "resources:\n  - Resources:\n      Jobs: {Type: AWS::SQS::Queue}\n"
                        "  - Outputs:\n      Url: {Value: !Ref Jobs}\n",
                        NULL);
        const Resource *role = model_resource(&m, "IamRoleLambdaExecution");
        CHECK(resource_is(role, "AWS::IAM::Role"), "provider role");
        CHECK_EQ_STR(text_at(&m, role ? role->id_node : NULL), "statements");
        CHECK(role && role->synthetic, "the role is marked synthetic");
        CHECK(!model_resource(&m, "Jobs") || !model_resource(&m, "Jobs")->synthetic, "written resources are not");
        const Resource *fn = model_resource(&m, "MyDashfnUnderscorexLambdaFunction");
        CHECK(resource_is(fn, "AWS::Lambda::Function"), "function");
        CHECK_EQ_STR(text_at(&m, fn ? fn->id_node : NULL), "my-fn_x");
        CHECK_EQ_STR(node_str(prop(&m, "MyDashfnUnderscorexLambdaFunction", "Runtime")), "nodejs20.x");
        CHECK(resource_is(model_resource(&m, "MyDashfnUnderscorexIamRoleLambdaExecution"), "AWS::IAM::Role"), "own role");
        CHECK(resource_is(model_resource(&m, "S3BucketUploads"), "AWS::S3::Bucket"), "bucket");
        CHECK_EQ_STR(node_str(prop(&m, "S3BucketUploads", "AccessControl")), "PublicRead");
        CHECK(resource_is(model_resource(&m, "SqsAlarmsPlugin1"), "AWS::CloudWatch::Alarm"), "alarm");
        CHECK(resource_is(model_resource(&m, "Jobs"), "AWS::SQS::Queue"), "resources block");
        CHECK(node_get(m.outputs, "Url") != NULL, "outputs block");
        CHECK_EQ_INT(m.npolicies, 2);
        CHECK_EQ_INT(m.ntriggers, 2);
        if (m.ntriggers == 2) {
            CHECK_EQ_STR(m.triggers[0].event, "sqs");
            CHECK_EQ_STR(m.triggers[0].function, "MyDashfnUnderscorexLambdaFunction");
            CHECK(node_intrinsic(m.triggers[0].source, NULL) != NULL, "sqs source is the GetAtt");
            CHECK_EQ_STR(m.triggers[1].event, "http");
            CHECK_EQ_STR(node_str(m.triggers[1].auth), "aws_iam");
            CHECK_EQ_STR(node_str(node_get(m.triggers[1].props, "method")), "get");
        }
    }
}

static void test_sam(void)
{
    TEST("sam: Globals merge, policy templates expand at their name, events") {
        Model m = build("Transform: AWS::Serverless-2016-10-31\n"
                        "Globals:\n  Function:\n    Runtime: python3.12\n"
                        "    Environment: {Variables: {A: '1'}}\n"
                        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                        "      Handler: app.h\n      Environment: {Variables: {B: '2'}}\n"
                        "      Policies:\n        - AWSLambdaBasicExecutionRole\n"
                        "        - SQSPollerPolicy:\n            QueueName: jobs\n"
                        "        - Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]\n"
                        "      Events:\n        Q: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}\n"
                        "  Jobs: {Type: AWS::SQS::Queue}\n",
                        NULL);
        CHECK(m.sam_transform && m.has_sam, "SAM");
        const Resource *fn = model_resource(&m, "Fn");
        CHECK_EQ_STR(text_at(&m, node_get(fn ? fn->props : NULL, "Runtime")), "python3.12");
        const Node *vars = node_get(node_get(fn ? fn->props : NULL, "Environment"), "Variables");
        CHECK(node_get(vars, "A") && node_get(vars, "B"), "maps merge");
        const Resource *role = model_resource(&m, "FnRole");
        CHECK(resource_is(role, "AWS::IAM::Role"), "generated role");
        CHECK_EQ_INT(m.npolicies, 2);
        bool found = false;
        for (size_t p = 0; p < m.npolicies; p++)
            for (size_t s = 0; s < m.policies[p].nstmts; s++)
                for (size_t k = 0; k < m.policies[p].stmts[s].action.len; k++) {
                    const IamValue *v = &m.policies[p].stmts[s].action.items[k];
                    if (v->str && strcmp(v->str, "sqs:ReceiveMessage") == 0) {
                        found = true;
                        CHECK_EQ_STR(text_at(&m, v->node), "SQSPollerPolicy");
                    }
                }
        CHECK(found, "SQSPollerPolicy expands to sqs:ReceiveMessage");
        CHECK_EQ_INT(m.ntriggers, 1);
        if (m.ntriggers == 1)
            CHECK_EQ_STR(m.triggers[0].event, "SQS");
    }
    TEST("sam: Api events inherit their API's DefaultAuthorizer") {
        Model m = build("Transform: AWS::Serverless-2016-10-31\n"
                        "Globals:\n  Api:\n    Auth: {DefaultAuthorizer: AWS_IAM}\n"
                        "Resources:\n"
                        "  Api: {Type: AWS::Serverless::Api, Properties: {StageName: v1, Auth: {DefaultAuthorizer: Cognito}}}\n"
                        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.h\n"
                        "      Events:\n"
                        "        A: {Type: Api, Properties: {Path: /a, Method: get, RestApiId: !Ref Api}}\n"
                        "        B: {Type: Api, Properties: {Path: /b, Method: get}}\n"
                        "        C: {Type: Api, Properties: {Path: /c, Method: get, Auth: {Authorizer: NONE}}}\n",
                        NULL);
        CHECK_EQ_INT(m.ntriggers, 3);
        if (m.ntriggers == 3) {
            CHECK_EQ_STR(node_str(m.triggers[0].auth), "Cognito");
            CHECK_EQ_STR(node_str(m.triggers[1].auth), "AWS_IAM");
            CHECK(node_is_map(m.triggers[2].auth), "own Auth");
            CHECK_EQ_STR(node_str(node_get(m.triggers[2].props, "Path")), "/c");
        }
    }
    TEST("serverless: tracing and destinations") {
        Model m = build("service: s\nprovider:\n  name: aws\n  tracing: {lambda: true}\n"
                        "functions:\n  f:\n    handler: h.f\n"
                        "    destinations: {onFailure: arn:aws:sqs:eu-west-1:123456789012:failed}\n",
                        NULL);
        CHECK_EQ_STR(node_str(node_get(prop(&m, "FLambdaFunction", "TracingConfig"), "Mode")), "Active");
        const Node *dc = prop(&m, "FLambdaEvConf", "DestinationConfig");
        CHECK_EQ_STR(node_str(node_get(node_get(dc, "OnFailure"), "Destination")),
                     "arn:aws:sqs:eu-west-1:123456789012:failed");
    }
    TEST("iam: policy lists and AWS CLI output are policies") {
        CHECK_EQ_INT(build("[{\"Version\": \"2012-10-17\", \"Statement\": []}]", NULL).kind, KIND_IAM_POLICY);
        Model m = build("{\"PolicyVersion\": {\"Document\": {\"Version\": \"2012-10-17\", \"Statement\": "
                        "[{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}}}",
                        NULL);
        CHECK_EQ_INT(m.kind, KIND_IAM_POLICY);
        CHECK_EQ_INT(m.npolicies, 1);
        CHECK_EQ_INT(build("{\"RoleName\": \"r\", \"PolicyDocument\": {\"Statement\": "
                           "[{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"}]}}", NULL).kind,
                     KIND_IAM_POLICY);
        CHECK_EQ_INT(build("- name: x\n- name: y\n", NULL).kind, KIND_UNKNOWN);
    }
}

/* --- the corpus ------------------------------------------------------------------ */

static bool in_text(const Model *m, const Node *n)
{
    return !n || (n->span.start <= n->span.end && n->span.end <= m->doc->size);
}

/* Models one file; returns a description of the first broken invariant, or NULL. */
static const char *model_invariants(const char *path, size_t *resources)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return "cannot read";
    Arena a;
    arena_init(&a);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = arena_alloc(&a, (size_t)n + 1);
    size_t got = fread(text, 1, (size_t)n, f);
    fclose(f);
    Document d;
    document_read(&a, text, got, &PARSE_LIMITS_DEFAULT, &d);
    Model m;
    model_build_at(&a, &d, model_classify(d.root), path, &m);
    const char *why = NULL;
    for (size_t i = 0; i < m.nresources && !why; i++)
        if (!in_text(&m, m.resources[i].id_node) || !in_text(&m, m.resources[i].type_node))
            why = arena_printf(&A, "resource %s has a position outside the text", m.resources[i].id);
    for (size_t p = 0; p < m.npolicies && !why; p++)
        for (size_t s = 0; s < m.policies[p].nstmts && !why; s++)
            for (size_t k = 0; k < m.policies[p].stmts[s].action.len; k++)
                if (!in_text(&m, m.policies[p].stmts[s].action.items[k].node))
                    why = "an IAM action has a position outside the text";
    for (size_t t = 0; t < m.ntriggers && !why; t++)
        if (!model_resource(&m, m.triggers[t].function) || !in_text(&m, m.triggers[t].node))
            why = arena_printf(&A, "trigger %s names no function", m.triggers[t].event);
    for (size_t i = 0; i < m.nvar_cycles && !why; i++)
        if (!in_text(&m, m.var_cycles[i]))
            why = "a variable cycle has a position outside the text";
    *resources += m.nresources;
    arena_free(&a);
    return why;
}

static void test_lambda_facts(void)
{
    TEST("serverless: url, log groups with retention, event settings on triggers") {
        Model m = build("service: hooks\n"
                        "provider:\n  name: aws\n  logRetentionInDays: 14\n"
                        "functions:\n"
                        "  web:\n    handler: h.web\n    url: true\n"
                        "  api:\n    handler: h.api\n    logRetentionInDays: 90\n"
                        "    url:\n      authorizer: aws_iam\n"
                        "    events:\n      - stream: {arn: x, destinations: {onFailure: y}}\n"
                        "  quiet:\n    handler: h.q\n    disableLogs: true\n",
                        NULL);
        CHECK(resource_is(model_resource(&m, "WebLambdaFunctionUrl"), "AWS::Lambda::Url"), "web url");
        CHECK_EQ_STR(node_str(prop(&m, "WebLambdaFunctionUrl", "AuthType")), "NONE");
        CHECK_EQ_STR(text_at(&m, prop(&m, "WebLambdaFunctionUrl", "AuthType")), "true");
        CHECK_EQ_STR(node_str(prop(&m, "ApiLambdaFunctionUrl", "AuthType")), "AWS_IAM");
        CHECK_EQ_STR(text_at(&m, prop(&m, "WebLogGroup", "RetentionInDays")), "14");
        CHECK_EQ_STR(text_at(&m, prop(&m, "ApiLogGroup", "RetentionInDays")), "90");
        CHECK(!model_resource(&m, "QuietLogGroup"), "disableLogs: no log group");
        const Trigger *t = m.ntriggers ? &m.triggers[0] : NULL;
        CHECK(t && node_str(node_get(node_get(t->props, "destinations"), "onFailure")), "trigger props");
    }
    TEST("sam: FunctionUrlConfig (also from Globals) is the function's AWS::Lambda::Url") {
        Model m = build("Transform: AWS::Serverless-2016-10-31\n"
                        "Globals:\n  Function:\n    FunctionUrlConfig: {AuthType: NONE}\n"
                        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
                        "    Properties:\n      Handler: a.h\n"
                        "      Events:\n        S:\n          Type: Kinesis\n"
                        "          Properties: {Stream: s, StartingPosition: LATEST}\n",
                        NULL);
        CHECK(resource_is(model_resource(&m, "FnUrl"), "AWS::Lambda::Url"), "FnUrl");
        CHECK(model_resource(&m, "FnUrl") && model_resource(&m, "FnUrl")->synthetic, "synthetic");
        CHECK_EQ_STR(text_at(&m, prop(&m, "FnUrl", "AuthType")), "NONE");
        const Trigger *t = m.ntriggers ? &m.triggers[0] : NULL;
        CHECK(t && node_str_eq(node_get(t->props, "StartingPosition"), "LATEST"), "trigger props");
    }
}

static void test_corpus(void)
{
    FILE *man = fopen("../shared/corpus/MANIFEST.tsv", "r");
    if (!man) {
        TEST("corpus: serverless and SAM files modelled (skipped: ../shared/corpus is absent)") {}
        return;
    }
    char line[4096];
    int files = 0, bad = 0;
    size_t resources = 0;
    const char *first_bad = NULL;
    while (fgets(line, sizeof line, man)) {
        char *tab = strchr(line, '\t');
        if (!tab || (strncmp(line, "serverless/", 11) != 0 && strncmp(line, "sam/", 4) != 0))
            continue;
        *tab = '\0';
        const char *why = model_invariants(arena_printf(&A, "../shared/corpus/%s", line), &resources);
        files++;
        if (why && bad++ == 0)
            first_bad = arena_printf(&A, "%s: %s", line, why);
    }
    fclose(man);
    TEST(arena_printf(&A, "corpus: %d serverless and SAM files modelled (%zu resources), positions inside each file",
                      files, resources)) {
        CHECK(files > 0, "no serverless or SAM file in MANIFEST.tsv");
        CHECK(bad == 0, "%d files, first %s", bad, first_bad ? first_bad : "");
    }
}

int main(void)
{
    arena_init(&A);
    test_variables();
    test_files();
    test_sections();
    test_sam();
    test_lambda_facts();
    test_corpus();
    arena_free(&A);
    return unit_done();
}
