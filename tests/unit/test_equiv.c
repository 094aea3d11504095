/*
 * test_equiv.c — the YAML and JSON forms of one template give the same
 * tree and the same model: short tags equal their Fn:: forms, and nothing
 * downstream can tell which syntax the author used.
 */
#include "../../parser/model.h"
#include "unit.h"

static Arena A;

static const char YAML_FORM[] =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Parameters:\n"
    "  Stage: {Type: String}\n"
    "Conditions:\n"
    "  IsProd: !Equals [!Ref Stage, prod]\n"
    "Resources:\n"
    "  Queue:\n"
    "    Type: AWS::SQS::Queue\n"
    "    Properties:\n"
    "      QueueName: !Sub '${AWS::StackName}-orders'\n"
    "      RedrivePolicy:\n"
    "        deadLetterTargetArn: !GetAtt DLQ.Arn\n"
    "        maxReceiveCount: 5\n"
    "  DLQ:\n"
    "    Type: AWS::SQS::Queue\n"
    "  Alarm:\n"
    "    Type: AWS::CloudWatch::Alarm\n"
    "    Condition: IsProd\n"
    "    Properties:\n"
    "      Namespace: AWS/SQS\n"
    "      MetricName: ApproximateAgeOfOldestMessage\n"
    "      Dimensions:\n"
    "        - Name: QueueName\n"
    "          Value: !GetAtt [Queue, QueueName]\n"
    "      AlarmActions: [!If [IsProd, !Ref Topic, !Ref 'AWS::NoValue']]\n"
    "  Topic:\n"
    "    Type: AWS::SNS::Topic\n"
    "  Role:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      AssumeRolePolicyDocument:\n"
    "        Statement:\n"
    "          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}\n"
    "      Policies:\n"
    "        - PolicyName: read\n"
    "          PolicyDocument:\n"
    "            Version: '2012-10-17'\n"
    "            Statement:\n"
    "              - Effect: Allow\n"
    "                Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage']\n"
    "                Resource: !GetAtt Queue.Arn\n"
    "Outputs:\n"
    "  Url:\n"
    "    Value: !Join ['', [!Ref Queue, !Select [0, !Split [',', 'a,b']]]]\n";

static const char JSON_FORM[] =
    "{\n"
    "  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n"
    "  \"Parameters\": {\"Stage\": {\"Type\": \"String\"}},\n"
    "  \"Conditions\": {\"IsProd\": {\"Fn::Equals\": [{\"Ref\": \"Stage\"}, \"prod\"]}},\n"
    "  \"Resources\": {\n"
    "    \"Queue\": {\n"
    "      \"Type\": \"AWS::SQS::Queue\",\n"
    "      \"Properties\": {\n"
    "        \"QueueName\": {\"Fn::Sub\": \"${AWS::StackName}-orders\"},\n"
    "        \"RedrivePolicy\": {\"deadLetterTargetArn\": {\"Fn::GetAtt\": \"DLQ.Arn\"}, \"maxReceiveCount\": 5}\n"
    "      }\n"
    "    },\n"
    "    \"DLQ\": {\"Type\": \"AWS::SQS::Queue\"},\n"
    "    \"Alarm\": {\n"
    "      \"Type\": \"AWS::CloudWatch::Alarm\",\n"
    "      \"Condition\": \"IsProd\",\n"
    "      \"Properties\": {\n"
    "        \"Namespace\": \"AWS/SQS\",\n"
    "        \"MetricName\": \"ApproximateAgeOfOldestMessage\",\n"
    "        \"Dimensions\": [{\"Name\": \"QueueName\", \"Value\": {\"Fn::GetAtt\": [\"Queue\", \"QueueName\"]}}],\n"
    "        \"AlarmActions\": [{\"Fn::If\": [\"IsProd\", {\"Ref\": \"Topic\"}, {\"Ref\": \"AWS::NoValue\"}]}]\n"
    "      }\n"
    "    },\n"
    "    \"Topic\": {\"Type\": \"AWS::SNS::Topic\"},\n"
    "    \"Role\": {\n"
    "      \"Type\": \"AWS::IAM::Role\",\n"
    "      \"Properties\": {\n"
    "        \"AssumeRolePolicyDocument\": {\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]},\n"
    "        \"Policies\": [{\"PolicyName\": \"read\", \"PolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": [\n"
    "          {\"Effect\": \"Allow\", \"Action\": [\"sqs:ReceiveMessage\", \"sqs:DeleteMessage\"], \"Resource\": {\"Fn::GetAtt\": \"Queue.Arn\"}}]}}]\n"
    "      }\n"
    "    }\n"
    "  },\n"
    "  \"Outputs\": {\"Url\": {\"Value\": {\"Fn::Join\": [\"\", [{\"Ref\": \"Queue\"}, {\"Fn::Select\": [0, {\"Fn::Split\": [\",\", \"a,b\"]}]}]]}}}\n"
    "}\n";

/* Structural equality: kinds, keys, scalar text; not positions or style.
 * Returns NULL when equal, else a description of the first difference. */
static const char *tree_diff(const Node *a, const Node *b, const char *path)
{
    if (!a || !b)
        return a == b ? NULL : arena_printf(&A, "%s: one side missing", path);
    if (a->kind != b->kind)
        return arena_printf(&A, "%s: kind %d vs %d", path, a->kind, b->kind);
    if (a->kind == NODE_SCALAR)
        return a->len == b->len && memcmp(a->u.str, b->u.str, a->len) == 0
                   ? NULL : arena_printf(&A, "%s: '%s' vs '%s'", path, a->u.str, b->u.str);
    if (a->len != b->len)
        return arena_printf(&A, "%s: %u vs %u children", path, a->len, b->len);
    for (uint32_t i = 0; i < a->len; i++) {
        const char *d;
        if (a->kind == NODE_MAP) {
            const char *sub = arena_printf(&A, "%s/%s", path, a->u.entries[i].key->u.str);
            if (strcmp(a->u.entries[i].key->u.str, b->u.entries[i].key->u.str) != 0)
                return arena_printf(&A, "%s: key '%s' vs '%s'", path, a->u.entries[i].key->u.str,
                                    b->u.entries[i].key->u.str);
            d = tree_diff(a->u.entries[i].value, b->u.entries[i].value, sub);
        } else {
            d = tree_diff(a->u.items[i], b->u.items[i], arena_printf(&A, "%s/%u", path, i));
        }
        if (d)
            return d;
    }
    return NULL;
}

int main(void)
{
    arena_init(&A);
    Document y, j;
    document_read(&A, YAML_FORM, sizeof YAML_FORM - 1, &PARSE_LIMITS_DEFAULT, &y);
    document_read(&A, JSON_FORM, sizeof JSON_FORM - 1, &PARSE_LIMITS_DEFAULT, &j);

    TEST("equiv: both forms read without issues, each with its reader") {
        CHECK(y.issues == NULL, "YAML issue: %s", y.issues ? y.issues->message : "");
        CHECK(j.issues == NULL, "JSON issue: %s", j.issues ? j.issues->message : "");
        CHECK_EQ_INT(y.format, FORMAT_YAML);
        CHECK_EQ_INT(j.format, FORMAT_JSON);
    }
    TEST("equiv: the YAML short tags and the JSON Fn:: forms give the same tree") {
        const char *d = tree_diff(y.root, j.root, "");
        CHECK(d == NULL, "trees differ at %s", d);
    }
    TEST("equiv: the same model: resources, references, policies") {
        Model my, mj;
        model_build(&A, &y, model_classify(y.root), &my);
        model_build(&A, &j, model_classify(j.root), &mj);
        CHECK_EQ_INT(my.kind, KIND_CFN);
        CHECK_EQ_INT(mj.kind, KIND_CFN);
        CHECK_EQ_INT(my.nresources, 5);
        CHECK_EQ_INT(mj.nresources, my.nresources);
        for (size_t i = 0; i < my.nresources && i < mj.nresources; i++) {
            CHECK_EQ_STR(mj.resources[i].id, my.resources[i].id);
            CHECK_EQ_STR(mj.resources[i].type, my.resources[i].type);
        }
        CHECK(my.nrefs >= 6, "only %zu references", my.nrefs);
        CHECK_EQ_INT(mj.nrefs, my.nrefs);
        for (size_t i = 0; i < my.nrefs && i < mj.nrefs; i++) {
            CHECK_EQ_INT(mj.refs[i].kind, my.refs[i].kind);
            CHECK_EQ_STR(mj.refs[i].target, my.refs[i].target);
            CHECK((mj.refs[i].attr == NULL) == (my.refs[i].attr == NULL) &&
                  (!my.refs[i].attr || strcmp(mj.refs[i].attr, my.refs[i].attr) == 0),
                  "ref %zu attr differs", i);
        }
        /* the role's inline policy, then its trust policy */
        CHECK_EQ_INT(my.npolicies, 2);
        CHECK_EQ_INT(mj.npolicies, my.npolicies);
        if (my.npolicies == 2 && mj.npolicies == 2) {
            CHECK_EQ_INT(my.policies[1].kind, POLICY_TRUST);
            CHECK_EQ_INT(mj.policies[1].kind, POLICY_TRUST);
            CHECK_EQ_INT(my.policies[0].stmts[0].action.len, 2);
            CHECK_EQ_INT(mj.policies[0].stmts[0].action.len, 2);
            CHECK_EQ_STR(mj.policies[0].stmts[0].action.items[1].str, "sqs:DeleteMessage");
        }
    }
    arena_free(&A);
    return unit_done();
}
