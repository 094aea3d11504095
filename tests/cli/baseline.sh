#!/usr/bin/env bash
# baseline.sh — adopting stacklint on an existing repository: --write-baseline
# records today's findings, --baseline reports only new ones. Matching
# survives lines added above, resources reordered and white space changed;
# a new finding of the same kind is still reported; a broken baseline file is
# an error (exit 2).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli baseline"
cd "$T" || exit 2

rules_lines() { node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(a.map(f => f.start.line + ":" + f.rule).join(" "))' <"$OUT"; }

mkdir -p stacks
cat >stacks/app.yaml <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WebsiteBucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
  OrdersQueue:
    Type: AWS::SQS::Queue
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: "dynamodb:*"
                Resource: "*"
YAML

sl --no-config --write-baseline base.json stacks
expect_rc "--write-baseline exits 0 even with findings" 0
if [ ! -s "$OUT" ] && grep -q 'recorded 7 findings' "$ERR"; then pass "--write-baseline prints no report, says how many it recorded"
else fail "--write-baseline prints no report, says how many it recorded" "$(show_run)"; fi
node -e 'const b = JSON.parse(require("fs").readFileSync("base.json", "utf8"));
    if (b["stacklint-baseline"] !== 1 || b.findings.length !== 7) process.exit(1);
    for (const f of b.findings) if (!f.path || !f.rule || !/^[0-9a-f]{16}$/.test(f.fingerprint)) process.exit(1);'
check $? "the baseline is JSON with path, rule and fingerprint per finding" "$(cat base.json)"

sl --no-config --baseline base.json stacks
if [ "$RC" -eq 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]; then pass "--baseline: nothing new, exit 0, silent"
else fail "--baseline: nothing new, exit 0, silent" "$(show_run)"; fi

# The SARIF partialFingerprints are the baseline's fingerprints.
sl --no-config --format sarif --fail-on none stacks
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const b = JSON.parse(require("fs").readFileSync("base.json", "utf8"));
const fps = s.runs[0].results.map(r => r.partialFingerprints["stacklint/v1"]).sort();
if (JSON.stringify(fps) !== JSON.stringify(b.findings.map(f => f.fingerprint).sort())) process.exit(1);' "$OUT"
check $? "the baseline's fingerprints are the SARIF partialFingerprints" ""

# Unrelated edits: lines above, resources reordered, white space.
cat >stacks/app.yaml <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Description: >
  Orders service. A new description that
  pushes everything down a few lines.
Resources:
  OrdersQueue:
    Type:   AWS::SQS::Queue
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action:   "dynamodb:*"
                Resource: "*"
  WebsiteBucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl:    PublicRead
YAML
sl --no-config --format json --baseline base.json stacks
[ "$RC" -eq 0 ] && [ "$(rules_lines)" = "" ]
check $? "lines added above, resources reordered, white space: still nothing new" "$(show_run)"

# New findings are reported: a second queue (no alarm, no dead-letter queue, no
# stated encryption), a second public bucket.
cat >>stacks/app.yaml <<'YAML'
  PaymentsQueue:
    Type: AWS::SQS::Queue
  AssetsBucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
YAML
sl --no-config --format json --baseline base.json stacks
[ "$RC" -eq 1 ] && [ "$(rules_lines)" = "23:SQS001 23:SQS002 23:SQS003 25:S3002 28:S3001" ]
check $? "new findings are reported, the recorded ones are not" "$(rules_lines); $(show_run)"

# The same template in another file is not covered by the first file's entries.
cp stacks/app.yaml stacks/copy.yaml
sl --no-config --format json --baseline base.json stacks/copy.yaml
[ "$(rules_lines | wc -w)" -eq 12 ]
check $? "entries match by path too: a copy of the file is new" "$(rules_lines)"

# "./stacks" and "stacks" name the same files.
sl --no-config --format json --baseline base.json ./stacks/app.yaml
[ "$(rules_lines)" = "23:SQS001 23:SQS002 23:SQS003 25:S3002 28:S3001" ]
check $? "paths are compared without a leading ./" "$(rules_lines)"

# Broken baselines are errors.
echo '{"findings": 3}' >bad.json
sl --no-config --baseline bad.json stacks
if [ "$RC" -eq 2 ] && [ ! -s "$OUT" ] && grep -q 'bad.json: error: not a stacklint baseline' "$ERR"; then
    pass "a file that is not a baseline: exit 2 with its name"
else fail "a file that is not a baseline: exit 2 with its name" "$(show_run)"; fi
echo 'not json' >bad2.json
sl --no-config --baseline bad2.json stacks
expect_rc "a baseline that is not JSON: exit 2" 2
sl --no-config --baseline missing.json stacks
expect_rc "a baseline that does not exist: exit 2" 2
sl --no-config --write-baseline /nonexistent-dir/b.json stacks
expect_rc "a baseline that cannot be written: exit 2" 2
exit 0
