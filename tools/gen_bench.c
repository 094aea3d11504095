/*
 * gen_bench.c — writes large, realistic CloudFormation templates for the
 * benchmark: repeated units of an SQS queue with its dead-letter queue, an
 * alarm on each, a consumer role with an inline policy, and now and then a
 * bucket with a bucket policy. Some units carry deliberate problems, so
 * every rule has work to do. Output is deterministic.
 *
 *   gen_bench yaml|json BYTES > template     (at least BYTES long)
 *   gen_bench yaml|json Nu > template        (exactly N units)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t written;

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#include <stdarg.h>
static void out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    if (n > 0)
        written += (size_t)n;
}

static void unit_yaml(int i)
{
    out("  Queue%d:\n    Type: AWS::SQS::Queue\n    Properties:\n"
        "      QueueName: !Sub '${AWS::StackName}-orders-%d'\n      VisibilityTimeout: 180\n"
        "      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Dlq%d.Arn\n        maxReceiveCount: 5\n", i, i, i);
    out("  Dlq%d:\n    Type: AWS::SQS::Queue\n    Properties:\n      MessageRetentionPeriod: 1209600\n", i);
    out("  Queue%dAgeAlarm:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n"
        "      Namespace: AWS/SQS\n      MetricName: ApproximateAgeOfOldestMessage\n"
        "      Dimensions:\n        - Name: QueueName\n          Value: !GetAtt Queue%d.QueueName\n"
        "      Statistic: Maximum\n      Period: 60\n      EvaluationPeriods: 5\n      Threshold: 600\n"
        "      ComparisonOperator: GreaterThanThreshold\n      AlarmActions: [!Ref AlarmTopic]\n", i, i);
    if (i % 7)   /* every seventh dead-letter queue has no alarm */
        out("  Dlq%dAlarm:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n"
            "      Namespace: AWS/SQS\n      MetricName: ApproximateNumberOfMessagesVisible\n"
            "      Dimensions:\n        - Name: QueueName\n          Value: !GetAtt Dlq%d.QueueName\n"
            "      Statistic: Maximum\n      Period: 60\n      EvaluationPeriods: 1\n      Threshold: 0\n"
            "      ComparisonOperator: GreaterThanThreshold\n      AlarmActions: [!Ref AlarmTopic]\n", i, i);
    out("  Consumer%dRole:\n    Type: AWS::IAM::Role\n    Properties:\n"
        "      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
        "          - Effect: Allow\n            Principal: {Service: lambda.amazonaws.com}\n"
        "            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: consume\n"
        "          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n"
        "              - Effect: Allow\n                Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]\n"
        "                Resource: !GetAtt Queue%d.Arn\n"
        "              - Effect: Allow\n                Action: %s\n"
        "                Resource: !Sub 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders-%d'\n",
        i, i, i % 10 ? "[dynamodb:GetItem, dynamodb:PutItem]" : "'dynamodb:*'", i);
    if (i % 50 == 0)
        out("  Assets%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      PublicAccessBlockConfiguration:\n"
            "        BlockPublicAcls: true\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n"
            "        RestrictPublicBuckets: true\n"
            "  Assets%dPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Assets%d\n"
            "      PolicyDocument:\n        Statement:\n          - Effect: Deny\n            Principal: '*'\n"
            "            Action: 's3:*'\n            Resource: [!GetAtt Assets%d.Arn, !Sub '${Assets%d.Arn}/*']\n"
            "            Condition: {Bool: {'aws:SecureTransport': false}}\n", i, i, i, i, i);
}

static void unit_json(int i, int first)
{
    out("%s    \"Queue%d\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\n"
        "      \"QueueName\": {\"Fn::Sub\": \"${AWS::StackName}-orders-%d\"}, \"VisibilityTimeout\": 180,\n"
        "      \"RedrivePolicy\": {\"deadLetterTargetArn\": {\"Fn::GetAtt\": [\"Dlq%d\", \"Arn\"]}, \"maxReceiveCount\": 5}}},\n",
        first ? "" : ",\n", i, i, i);
    out("    \"Dlq%d\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"MessageRetentionPeriod\": 1209600}},\n", i);
    out("    \"Queue%dAgeAlarm\": {\"Type\": \"AWS::CloudWatch::Alarm\", \"Properties\": {\n"
        "      \"Namespace\": \"AWS/SQS\", \"MetricName\": \"ApproximateAgeOfOldestMessage\",\n"
        "      \"Dimensions\": [{\"Name\": \"QueueName\", \"Value\": {\"Fn::GetAtt\": [\"Queue%d\", \"QueueName\"]}}],\n"
        "      \"Statistic\": \"Maximum\", \"Period\": 60, \"EvaluationPeriods\": 5, \"Threshold\": 600,\n"
        "      \"ComparisonOperator\": \"GreaterThanThreshold\", \"AlarmActions\": [{\"Ref\": \"AlarmTopic\"}]}},\n", i, i);
    if (i % 7)
        out("    \"Dlq%dAlarm\": {\"Type\": \"AWS::CloudWatch::Alarm\", \"Properties\": {\n"
            "      \"Namespace\": \"AWS/SQS\", \"MetricName\": \"ApproximateNumberOfMessagesVisible\",\n"
            "      \"Dimensions\": [{\"Name\": \"QueueName\", \"Value\": {\"Fn::GetAtt\": [\"Dlq%d\", \"QueueName\"]}}],\n"
            "      \"Statistic\": \"Maximum\", \"Period\": 60, \"EvaluationPeriods\": 1, \"Threshold\": 0,\n"
            "      \"ComparisonOperator\": \"GreaterThanThreshold\", \"AlarmActions\": [{\"Ref\": \"AlarmTopic\"}]}},\n", i, i);
    out("    \"Consumer%dRole\": {\"Type\": \"AWS::IAM::Role\", \"Properties\": {\n"
        "      \"AssumeRolePolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\",\n"
        "        \"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]},\n"
        "      \"Policies\": [{\"PolicyName\": \"consume\", \"PolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": [\n"
        "        {\"Effect\": \"Allow\", \"Action\": [\"sqs:ReceiveMessage\", \"sqs:DeleteMessage\", \"sqs:GetQueueAttributes\"],\n"
        "         \"Resource\": {\"Fn::GetAtt\": [\"Queue%d\", \"Arn\"]}},\n"
        "        {\"Effect\": \"Allow\", \"Action\": %s,\n"
        "         \"Resource\": {\"Fn::Sub\": \"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders-%d\"}}]}}]}}",
        i, i, i % 10 ? "[\"dynamodb:GetItem\", \"dynamodb:PutItem\"]" : "\"dynamodb:*\"", i);
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "yaml") && strcmp(argv[1], "json"))) {
        fprintf(stderr, "usage: gen_bench yaml|json BYTES|Nu\n");
        return 2;
    }
    int json = strcmp(argv[1], "json") == 0;
    char *end;
    size_t target = strtoull(argv[2], &end, 10), units = 0;
    if (*end == 'u') {
        units = target;
        target = 0;
    }
#define MORE(i) (units ? (size_t)(i) <= units : written < target)
    if (json) {
        out("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Description\": \"stacklint benchmark template\",\n"
            "  \"Resources\": {\n    \"AlarmTopic\": {\"Type\": \"AWS::SNS::Topic\"},\n");
        for (int i = 1; MORE(i); i++)
            unit_json(i, i == 1);
        out("\n  }\n}\n");
    } else {
        out("AWSTemplateFormatVersion: '2010-09-09'\nDescription: stacklint benchmark template\nResources:\n"
            "  AlarmTopic:\n    Type: AWS::SNS::Topic\n");
        for (int i = 1; MORE(i); i++)
            unit_yaml(i);
    }
    return 0;
}
