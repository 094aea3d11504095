/*
 * test_iam_model.c — the policies the IAM rules see: trust policies as
 * their own kind, resource policies of keys, repositories, secrets and
 * REST APIs, and standalone trust documents.
 */
#include <stdlib.h>

#include "../../parser/model.h"
#include "unit.h"

static Arena A;

static Model build(const char *text)
{
    Document d;
    Document *dp = arena_alloc(&A, sizeof d);
    document_read(&A, text, strlen(text), &PARSE_LIMITS_DEFAULT, dp);
    Model m;
    model_build(&A, dp, model_classify(dp->root), &m);
    return m;
}

static size_t count_kind(const Model *m, PolicyKind k)
{
    size_t n = 0;
    for (size_t i = 0; i < m->npolicies; i++)
        n += m->policies[i].kind == k;
    return n;
}

int main(void)
{
    arena_init(&A);
    TEST("iam model: a role's trust policy is POLICY_TRUST, after its inline policies") {
        Model m = build("Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n"
                        "      AssumeRolePolicyDocument:\n        Statement:\n"
                        "          - Effect: Allow\n            Principal: {AWS: '*'}\n"
                        "            Action: sts:AssumeRole\n"
                        "      Policies:\n        - PolicyName: p\n          PolicyDocument:\n"
                        "            Statement: {Effect: Allow, Action: s3:GetObject, Resource: '*'}\n");
        CHECK_EQ_INT(m.npolicies, 2);
        if (m.npolicies == 2) {
            CHECK_EQ_INT(m.policies[0].kind, POLICY_IDENTITY);
            CHECK_EQ_INT(m.policies[1].kind, POLICY_TRUST);
            CHECK_EQ_INT(m.policies[1].stmts[0].nprincipals, 1);
            CHECK(m.policies[1].check_cache == NULL, "cache starts empty");
        }
    }
    TEST("iam model: key, repository, secret and REST API policies are resource policies") {
        Model m = build("Resources:\n"
                        "  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n"
                        "        Statement: [{Effect: Allow, Principal: '*', Action: 'kms:*'}]\n"
                        "  E:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryPolicyText:\n"
                        "        Statement: [{Effect: Allow, Principal: '*', Action: 'ecr:*'}]\n"
                        "  S:\n    Type: AWS::SecretsManager::ResourcePolicy\n    Properties:\n"
                        "      ResourcePolicy:\n"
                        "        Statement: [{Effect: Allow, Principal: '*', Action: 'secretsmanager:*'}]\n"
                        "  A:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Policy:\n"
                        "        Statement: [{Effect: Allow, Principal: '*', Action: 'execute-api:Invoke'}]\n"
                        "  Q:\n    Type: AWS::SQS::QueueInlinePolicy\n    Properties:\n      PolicyDocument:\n"
                        "        Statement: [{Effect: Allow, Principal: '*', Action: 'sqs:SendMessage'}]\n");
        CHECK_EQ_INT(count_kind(&m, POLICY_RESOURCE), 5);
        CHECK_EQ_INT(m.npolicies, 5);
    }
    TEST("iam model: a standalone document allowing only sts: actions to a principal is a trust policy") {
        Model t = build("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                        "\"Principal\": {\"AWS\": \"*\"}, \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]}]}");
        CHECK_EQ_INT(count_kind(&t, POLICY_TRUST), 1);
        Model r = build("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                        "\"Principal\": \"*\", \"Action\": [\"sts:AssumeRole\", \"s3:GetObject\"]}]}");
        CHECK_EQ_INT(count_kind(&r, POLICY_RESOURCE), 1);
        Model i = build("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                        "\"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"}]}");
        CHECK_EQ_INT(count_kind(&i, POLICY_IDENTITY), 1);
    }
    arena_free(&A);
    TEST("model: resources by type, in model order, with synthetic SAM roles") {
        Model m = build("Transform: AWS::Serverless-2016-10-31\nResources:\n"
                        "  A:\n    Type: AWS::SQS::Queue\n"
                        "  T:\n    Type: AWS::SNS::Topic\n"
                        "  B:\n    Type: AWS::SQS::Queue\n"
                        "  F:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                        "      Runtime: python3.12\n      Handler: a.b\n      CodeUri: .\n"
                        "      Policies: [AWSLambdaBasicExecutionRole]\n"
                        "  N:\n    Properties: {}\n");
        size_t n;
        const Resource *const *qs = model_resources_of_type(&m, "AWS::SQS::Queue", &n);
        CHECK_EQ_INT(n, 2);
        if (n == 2) {
            CHECK(strcmp(qs[0]->id, "A") == 0 && strcmp(qs[1]->id, "B") == 0, "model order");
            CHECK(qs[0] == model_resource(&m, "A"), "the model's own resources");
        }
        qs = model_resources_of_type(&m, "AWS::SNS::Topic", &n);
        CHECK(n == 1 && strcmp(qs[0]->id, "T") == 0, "one topic");
        CHECK(model_resources_of_type(&m, "AWS::S3::Bucket", &n) == NULL && n == 0, "none");
        model_resources_of_type(&m, "", &n);
        CHECK_EQ_INT(n, 1);     /* N has no Type */
        model_resources_of_type(&m, "AWS::IAM::Role", &n);
        CHECK_EQ_INT(n, 1);     /* F's role, which SAM adds */
        size_t total = 0;
        const char *types[] = {"AWS::SQS::Queue", "AWS::SNS::Topic", "", "AWS::IAM::Role",
                               "AWS::Serverless::Function"};
        for (size_t i = 0; i < 5; i++) {
            model_resources_of_type(&m, types[i], &n);
            total += n;
        }
        CHECK_EQ_INT(total, m.nresources);
    }
    return unit_done();
}
