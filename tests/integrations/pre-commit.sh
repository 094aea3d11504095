#!/usr/bin/env bash
# tests/integrations/pre-commit.sh — the hook in .pre-commit-hooks.yaml, run by
# the real pre-commit (Debian's package, installed by `scripts/deps.sh test`) in
# a temporary git repository, offline: the hook repository is a local git
# repository holding this worktree's .pre-commit-hooks.yaml, PRE_COMMIT_HOME and
# HOME are scratch directories, and the stacklint under test is first on PATH.
#
# A commit adding a template with a public bucket is refused with the finding
# shown; a clean template and an unrelated YAML file are committed.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "pre-commit"

# verify STATUS NAME [WHY]: pass when STATUS is 0. (lib.sh's check reads $? after
# its arguments are expanded, so a "$(show_run)" argument would hide a failure.)
verify() {
    local st=$1
    shift
    if [ "$st" -eq 0 ]; then pass "$1"; else fail "$@"; fi
}
for tool in pre-commit git; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        fail "pre-commit: $tool is installed" "scripts/deps.sh test installs Debian's $tool"
        exit 0
    fi
done

export HOME=$T/home PRE_COMMIT_HOME=$T/pre-commit-cache
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=stacklint-test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=stacklint-test GIT_COMMITTER_EMAIL=test@example.invalid
mkdir -p "$HOME" "$T/bin"
ln -s "$STACKLINT" "$T/bin/stacklint"
export PATH=$T/bin:$PATH
printf '[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n' >"$HOME/.gitconfig"
g() { git "$@"; }

# the hook repository: this worktree's hook definition, committed
hooks=$T/hook-repo
mkdir -p "$hooks"
cp "$ROOT/.pre-commit-hooks.yaml" "$hooks/"
(cd "$hooks" && g init -q && g add . && g commit -qm hooks) || { fail "pre-commit: hook repository"; exit 0; }
rev=$(cd "$hooks" && git rev-parse HEAD)

# the user's repository, with the hook installed as people install it
repo=$T/project
mkdir -p "$repo"
cd "$repo" || exit 2
g init -q
cat >.pre-commit-config.yaml <<CONFIG
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: stacklint
CONFIG
g add .pre-commit-config.yaml && g commit -qm config --no-verify
run pre-commit install
expect_rc "pre-commit: pre-commit install" 0

# 1. a public bucket: the commit is refused and the finding is shown
cat >bucket.yaml <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WebsiteBucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
  WebsiteBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref WebsiteBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Deny, Principal: "*", Action: "s3:*", Resource: [!GetAtt WebsiteBucket.Arn, !Sub "${WebsiteBucket.Arn}/*"], Condition: {Bool: {aws:SecureTransport: false}}}
YAML
g add bucket.yaml
head_before=$(git rev-parse HEAD)
SL_TIMEOUT=120 run git commit -m "add a public bucket"
if [ "$RC" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head_before" ]; then
    pass "pre-commit: a commit adding a public bucket is refused"
else
    fail "pre-commit: a commit adding a public bucket is refused" "$(show_run)"
fi
cat "$OUT" "$ERR" | grep -q '^bucket.yaml:6:22: error: .*\[S3001\]$'
verify $? "pre-commit: the finding is shown as path:line:column: severity: message [RULE]" "$(show_run)"
cat "$OUT" "$ERR" | grep -q '^stacklint\.*Failed'
verify $? "pre-commit: the stacklint hook is reported as Failed" "$(show_run)"
g reset -q

# 2. a clean template and an unrelated YAML file: committed
cat >queue.yaml <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: true
      RedrivePolicy:
        deadLetterTargetArn: !ImportValue shared-dead-letter-queue-arn
        maxReceiveCount: 5
  JobsAgeAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/SQS
      MetricName: ApproximateAgeOfOldestMessage
      Dimensions:
        - Name: QueueName
          Value: !GetAtt Jobs.QueueName
      Statistic: Maximum
      Period: 60
      EvaluationPeriods: 5
      Threshold: 600
      ComparisonOperator: GreaterThanThreshold
      AlarmActions:
        - !ImportValue ops-alerts-topic-arn
YAML
mkdir -p .github/workflows
cat >.github/workflows/ci.yml <<'YAML'
name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
YAML
g add queue.yaml .github/workflows/ci.yml
SL_TIMEOUT=120 run git commit -m "add a queue with its alarm, and CI"
files=$(git show --name-only --format= HEAD)
if [ "$RC" -eq 0 ] && grep -qx queue.yaml <<<"$files" && grep -qx .github/workflows/ci.yml <<<"$files"; then
    pass "pre-commit: a clean template and an unrelated YAML file are committed"
else
    fail "pre-commit: a clean template and an unrelated YAML file are committed" "$(show_run)"
fi
cat "$OUT" "$ERR" | grep -q '^stacklint\.*Passed'
verify $? "pre-commit: the stacklint hook ran on them and passed" "$(show_run)"

# 3. a JSON template with a finding is refused too; the bucket, fixed, is committed
printf '{"AWSTemplateFormatVersion": "2010-09-09",\n "Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}\n' >q.json
g add q.json
SL_TIMEOUT=120 run git commit -m "add a JSON template"
[ "$RC" -ne 0 ] && cat "$OUT" "$ERR" | grep -q '^q.json:2:.*\[SQS001\]$'
verify $? "pre-commit: a JSON template with a finding is refused" "$(show_run)"
g reset -q && rm q.json
sed -i 's/PublicRead/Private/' bucket.yaml
g add bucket.yaml
SL_TIMEOUT=120 run git commit -m "add a private bucket"
expect_rc "pre-commit: the fixed template is committed" 0
