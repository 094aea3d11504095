#!/usr/bin/env bash
# declarative.sh — the team's own standards as YAML rules: --rules DIR and
# custom-rules; SQS001, S3001, IAM001 and IAM004 written declaratively give exactly
# the built-in findings (line and column) on the rules' fixtures; the three
# examples in examples/rules; unknown values; configuration, suppressions and
# SARIF for declarative rules; a broken rule file is an error with its
# position and exit 2.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli declarative rules"
cd "$ROOT" || exit 2

# The findings of the test's declarative rules (TEAM..., OPS..., and DSQS001, DS3001,
# DIAM001, DIAM004 of fixtures/declarative); the built-in rules' findings on the
# same data are other tests' business.
found() { node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(a.filter(f => /^(TEAM|OPS|DSQS|DS3|DIAM)/.test(f.rule))
        .map(f => f.start.line + ":" + f.start.column + ":" + f.rule).join(" "))' <"$OUT"; }

# --- the built-in rules, written declaratively: the same findings ------------------
# IAM001 leaves "*" on "*" to IAM002, an unknown action to IAM011 and a
# wildcard covering iam:PassRole to IAM007 (one finding per element); with
# those switched off, IAM001 reports every wildcard the declarative rule does.
# SQS001 asks, by default, for an alarm on ApproximateNumberOfMessagesVisible
# on a dead-letter queue (dlq-metrics). The declarative language cannot say
# that: "a dead-letter queue" is any queue that some other resource (a queue's
# RedrivePolicy, a function's DeadLetterConfig, an SNS subscription, an
# EventBridge target, an OnFailure destination, ...) names as one, and a
# relation's where-condition cannot look at the alarm's MetricName next to
# the dimension. So the comparison is with SQS001 set to count any metric on
# dead-letter queues (dlq-metrics: [any]), which the declarative rule does
# express; the difference under the default is checked just below.
printf 'rules:\n  IAM002: off\n  IAM007: off\n  IAM011: off\n  SQS001:\n    params:\n      dlq-metrics: [any]\n' >"$T/iam001-alone.yaml"
for id in SQS001 S3001 IAM001 IAM004; do
    sl --config "$T/iam001-alone.yaml" --rules fixtures/declarative --format json --fail-on none "fixtures/$id"
    why=$(node -e '
        const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const [id] = process.argv.slice(1);
        const key = f => `${f.path}:${f.start.line}:${f.start.column}`;
        const b = a.filter(f => f.rule === id).map(key).sort();
        const d = a.filter(f => f.rule === "D" + id).map(key).sort();
        if (!b.length) console.log(`no ${id} finding at all on fixtures/${id}`);
        for (const k of b) if (!d.includes(k)) console.log(`built-in only: ${k}`);
        for (const k of d) if (!b.includes(k)) console.log(`declarative only: ${k}`);
        console.error(`${b.length} findings`);' "$id" <"$OUT" 2>"$T/count")
    if [ "$RC" -eq 0 ] && [ -z "$why" ]; then pass "fixtures/declarative/$id.yaml gives exactly $id's findings on fixtures/$id ($(cat "$T/count"))"
    else fail "fixtures/declarative/$id.yaml gives exactly $id's findings on fixtures/$id" "$why $(show_run)"; fi
done

# Under SQS001's default, the built-in rule also reports a dead-letter queue
# watched only on another metric; the declarative one cannot, and does not.
sl --no-config --rules fixtures/declarative --format json --fail-on none fixtures/SQS001/bad-dlq-age-alarm-only.yaml
[ "$(node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(a.filter(f => /SQS001$/.test(f.rule)).map(f => f.start.line + ":" + f.rule).join(" "))' <"$OUT")" = "14:SQS001" ]
check $? "default dlq-metrics: the built-in SQS001 reports a dead-letter queue watched on the wrong metric, DSQS001 cannot" "$(show_run)"

# The same on the real-world corpus, when it is there (about half a second).
if [ -d "$ROOT/../shared/corpus" ]; then
    sl --config "$T/iam001-alone.yaml" --rules fixtures/declarative --format json --fail-on none -q "$ROOT/../shared/corpus"
    why=$(node -e '
        const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const key = f => `${f.path}:${f.start.line}:${f.start.column}`;
        for (const id of ["SQS001", "S3001", "IAM001", "IAM004"]) {
            const b = a.filter(f => f.rule === id).map(key).sort().join("\n");
            const d = a.filter(f => f.rule === "D" + id).map(key).sort().join("\n");
            if (b !== d) console.log(`${id}: the declarative rule differs on the corpus`);
        }' <"$OUT")
    if [ -z "$why" ] && [ "$RC" -eq 0 ]; then pass "declarative SQS001, S3001, IAM001, IAM004 match the built-in findings on the corpus"
    else fail "declarative SQS001, S3001, IAM001, IAM004 match the built-in findings on the corpus" "$why $(show_run)"; fi
else
    skip "declarative rules on the corpus" "../shared/corpus is not there"
fi

# --- the examples ----------------------------------------------------------------------
sl --no-config --rules examples/rules --format json --fail-on none tests/cli/rules-data/team.yaml
[ "$(found)" = "16:3:TEAM001 32:3:TEAM001 44:3:TEAM002 75:3:TEAM003 83:34:TEAM003" ]
check $? "examples/rules: team tag (plain and SAM), queue age alarm <= 900 s (GetAtt and literal name), DynamoDB deletion protection (unknown passes)" "$(found)"
sl --no-config --rules examples/rules examples/orders-service
expect_rc "examples/rules run on the example service" 1

sl --no-config --rules examples/rules --list-rules
grep -q '^TEAM001 .* lambda-team-tag ' "$OUT" && grep -q '^SQS001 ' "$OUT"
check $? "--list-rules lists the declarative rules after the built-in ones" "$(cat "$OUT")"
sl --no-config --rules examples/rules --explain queue-age-alarm
[ "$RC" -eq 0 ] && grep -q '^# TEAM002 queue-age-alarm' "$OUT" && grep -q '^Severity: warning' "$OUT" && grep -q '## Why it matters' "$OUT"
check $? "--explain shows a declarative rule by name" "$(show_run)"

# --- unknown values ---------------------------------------------------------------------
mkdir -p "$T/unk"
sed 's/^unknown: pass/unknown: fail/' examples/rules/dynamodb-deletion-protection.yaml >"$T/unk/protect.yaml"
sl --no-config --rules "$T/unk" --format json --fail-on none tests/cli/rules-data/team.yaml
[ "$(found)" = "75:3:TEAM003 83:34:TEAM003 88:34:TEAM003" ]
check $? "unknown: fail reports a value hidden behind !Ref" "$(found)"

# --- parameters, conditions and parameters' values ----------------------------------------
# tests/cli/rules-data/scenarios.yaml: log groups whose retention is a literal, an !If
# with one good branch, an !If with none, a parameter's Default, AllowedValues that are
# all too short or not, !Ref AWS::NoValue, and a resource with its own Condition.
sl --no-config --rules tests/cli/rules-data/lang --format json --fail-on none tests/cli/rules-data/scenarios.yaml
[ "$(found)" = "21:24:OPS010 33:24:OPS010 37:24:OPS010 41:24:OPS010 46:3:OPS010 60:31:OPS012 61:30:OPS012 63:29:OPS012" ]
check $? "every scenario: reported when every !If branch and every allowed value fails, not when one passes; NoValue is absent; each value on its own (OPS012), a Default's beside certain ones" "$(found)"
node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8")).filter(f => f.rule === "OPS010");
    const may = a.filter(f => /with parameter .Days. at its Default .7./.test(f.message)).map(f => f.start.line);
    const value = a.find(f => f.start.line === 21);
    process.exit(may.join() === "37" && /keeps its logs 7 days/.test(value.message) ? 0 : 1)' <"$OUT"
check $? "a finding that rests on a parameter's Default says so; {value} is the value reported" "$(cat "$OUT")"
printf 'rules:
  OPS010:
    params:
      min-days: 5
  OPS011:
    params:
      strict: true
' >"$T/params.yaml"
sl --config "$T/params.yaml" --rules tests/cli/rules-data/lang --format json --fail-on none tests/cli/rules-data/scenarios.yaml
[ "$(found | tr ' ' '\n' | grep -c OPS011)" = 10 ] && [ "$(found | tr ' ' '\n' | grep OPS010 | tr '\n' ' ')" = "41:24:OPS010 46:3:OPS010 " ]
check $? "params set in .stacklint.yaml: a number compared with ({param: NAME}) and a switch tested ({param: NAME, equals: ...})" "$(found)"
printf 'rules:
  OPS010:
    params:
      max-days: 5
' >"$T/badparam.yaml"
sl --config "$T/badparam.yaml" --rules tests/cli/rules-data/lang tests/cli/rules-data/scenarios.yaml
[ "$RC" -eq 2 ] && grep -q "max-days" "$ERR"
check $? "a parameter the declarative rule does not declare is a configuration error" "$(show_run)"
sl --no-config --rules tests/cli/rules-data/lang-bad tests/cli/rules-data/scenarios.yaml
[ "$RC" -eq 2 ] && grep -q "undeclared.yaml:10:15: error: 'max-days' is not a parameter of this rule" "$ERR"
check $? "a rule that reads a parameter it does not declare: an error at its position" "$(show_run)"

# --- the operators ----------------------------------------------------------------------
mkdir -p "$T/ops"
cat >"$T/ops/ops.yaml" <<'YAML'
id: OPS001
name: ops-check
severity: note
message: "{type} {resource} fails"
resources: "AWS::SQS::*"
assert:
  - {path: Properties.VisibilityTimeout, gt: 10}
  - {path: Properties.VisibilityTimeout, lt: 900}
  - {path: Properties.QueueName, matches: "^[a-z-]+$"}
  - {path: Properties.QueueName, length: {le: 20}}
  - {path: Properties.Tags, length: {ge: 1}}
  - path: Properties.Tags
    all: {path: Key, one-of: [team, cost-centre]}
  - not: {path: Properties.FifoQueue, equals: true}
  - or:
      - {path: Properties.DelaySeconds, absent: true}
      - {path: Properties.DelaySeconds, ge: 0}
  - references: {type: "AWS::KMS::Key", at: Properties.KmsMasterKeyId}
YAML
cat >"$T/ops.yaml" <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
  Good:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders
      VisibilityTimeout: 60
      KmsMasterKeyId: !Ref Key
      Tags: [{Key: team, Value: a}]
  BadTimeout:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders
      VisibilityTimeout: 5
      KmsMasterKeyId: !Ref Key
      Tags: [{Key: team, Value: a}]
  BadName:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: Orders_Queue
      VisibilityTimeout: 60
      KmsMasterKeyId: !Ref Key
      Tags: [{Key: team, Value: a}]
  BadTags:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders
      VisibilityTimeout: 60
      KmsMasterKeyId: !Ref Key
      Tags: [{Key: team, Value: a}, {Key: other, Value: b}]
  NoKey:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders
      VisibilityTimeout: 60
      KmsMasterKeyId: alias/aws/sqs
      Tags: [{Key: team, Value: a}]
  Fifo:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders
      VisibilityTimeout: 60
      KmsMasterKeyId: !Ref Key
      FifoQueue: true
      Tags: [{Key: team, Value: a}]
YAML
sl --no-config --rules "$T/ops" --format json --fail-on none "$T/ops.yaml"
[ "$(found)" = "12:3:OPS001 19:3:OPS001 26:3:OPS001 33:3:OPS001 40:3:OPS001" ]
check $? "numbers, regex, length, all, one-of, not, or, absent, references" "$(found)"
grep -q '"message":	"AWS::SQS::Queue BadName fails"' "$OUT"
check $? "message placeholders {type} and {resource}" "$(head -c 600 "$OUT")"

# --- configuration, suppressions, SARIF -----------------------------------------------------
mkdir -p "$T/proj/.git" "$T/proj/standards"
cp examples/rules/dynamodb-deletion-protection.yaml "$T/proj/standards/"
cp tests/cli/rules-data/team.yaml "$T/proj/"
printf 'custom-rules: [standards]\nrules:\n  TEAM003: note\n' >"$T/proj/.stacklint.yaml"
(cd "$T/proj" && sl --format json --fail-on none team.yaml)
sevs=$(node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(a.filter(f => f.rule.startsWith("TEAM")).map(f => f.rule + ":" + f.severity).join(" "))' <"$OUT")
[ "$sevs" = "TEAM003:note TEAM003:note" ]
check $? "custom-rules (relative to the configuration) loaded, and set up in rules:" "$sevs"
(cd "$T/proj" && sl --print-config)
grep -q '^  TEAM003:  # dynamodb-deletion-protection' "$OUT" && grep -q 'custom-rules:  # .*/proj/.stacklint.yaml:1:15' "$OUT"
check $? "--print-config lists the declarative rules and custom-rules" "$(cat "$OUT")"
(cd "$T/proj" && printf 'rules:\n  TEAM001: off\n' >.stacklint.yaml && sl --rules "$ROOT/examples/rules" --format json --fail-on none team.yaml)
[ "$(found)" = "44:3:TEAM002 75:3:TEAM003 83:34:TEAM003" ]
check $? "--rules replaces custom-rules; a declarative rule switched off by id" "$(found) $(show_run)"
sed 's/^  PlainTable:$/  PlainTable:  # stacklint: ignore TEAM003 -- scratch table, rebuilt nightly/' tests/cli/rules-data/team.yaml >"$T/supp.yaml"
sl --no-config --rules examples/rules --format sarif --fail-on none "$T/supp.yaml"
node -e '
const run = JSON.parse(require("fs").readFileSync(0, "utf8")).runs[0];
const ids = run.tool.driver.rules.map(r => r.id);
for (const id of ["TEAM001", "TEAM002", "TEAM003"]) if (!ids.includes(id)) { console.log("missing rule " + id); process.exit(1); }
for (const r of run.results) if (run.tool.driver.rules[r.ruleIndex].id !== r.ruleId) { console.log("bad ruleIndex " + r.ruleId); process.exit(1); }
const s = run.results.filter(r => r.suppressions);
if (s.length !== 1 || s[0].ruleId !== "TEAM003" || s[0].suppressions[0].justification !== "scratch table, rebuilt nightly") {
    console.log(JSON.stringify(s)); process.exit(1); }' <"$OUT" >"$T/why"
check $? "SARIF: declarative rules in driver.rules, ruleIndex right, inline suppression of a declarative rule" "$(cat "$T/why")"
cp "$OUT" "$T/team.sarif"
run node tests/sarif/ajv-validate.js "$T/team.sarif"
expect_rc "SARIF with declarative rules is valid against the schema (ajv)" 0

# --- broken rule files: FILE:LINE:COL, exit 2, nothing checked -----------------------------
broken() {   # broken NAME WANT-REGEX < rule text
    local name=$1 want=$2
    rm -rf "$T/broken" && mkdir -p "$T/broken"
    cat >"$T/broken/rule.yaml"
    sl --no-config --rules "$T/broken" tests/cli/rules-data/team.yaml
    if [ "$RC" -eq 2 ] && [ ! -s "$OUT" ] && grep -qE "^$T/broken/rule.yaml:$want" "$ERR"; then
        pass "broken rule file: $name"
    else
        fail "broken rule file: $name" "want exit 2, no stdout, stderr matching rule.yaml:$want; $(show_run)"
    fi
}
HEAD='id: BAD001
name: bad-rule
severity: warning
message: m
resources: AWS::SQS::Queue'
broken "unknown key" "6:1: error: unknown key 'asert'" <<<"$HEAD
asert: {path: Type, exists: true}"
broken "missing assert" "1:1: error: the rule has no 'assert'" <<<"$HEAD"
broken "unknown test" "6:22: error: unknown key 'equal'" <<<"$HEAD
assert: {path: Type, equal: x}"
broken "two tests in one map" "6:36: error: one test per map" <<<"$HEAD
assert: {path: Type, exists: true, equals: x}"
broken "bad regular expression" "6:31: error: bad regular expression" <<<"$HEAD
assert: {path: Type, matches: \"a(b\"}"
broken "bad path" "6:16: error: path 'Properties..X'" <<<"$HEAD
assert: {path: Properties..X, exists: true}"
broken "@key before another step" "6:16: error: path 'Tags.@key.Value': @key comes last" <<<"$HEAD
assert: {path: Tags.@key.Value, exists: true}"
broken "not a number" "6:26: error: 'gt' needs a number" <<<"$HEAD
assert: {path: Type, gt: ten}"
broken "bad severity" "3:11: error: severity must be" <<<'id: BAD001
name: bad-rule
severity: critical
message: m
resources: AWS::SQS::Queue
assert: {path: Type, exists: true}'
broken "bad id" "1:5: error: id 'bad1'" <<<'id: bad1
name: bad-rule
severity: warning
message: m
resources: AWS::SQS::Queue
assert: {path: Type, exists: true}'
broken "an id taken by a built-in rule" "1:5: error: rule id or name 'SQS001' is already taken" <<<'id: SQS001
name: my-sqs
severity: warning
message: m
resources: AWS::SQS::Queue
assert: {path: Type, exists: true}'
broken "relationship without type" "6:25: error: 'referenced-by' needs a type" <<<"$HEAD
assert: {referenced-by: {at: Properties}}"
broken "YAML syntax error" "[0-9]+:[0-9]+: error: YAML syntax error" <<<"$HEAD
assert: {path: Type, exists: true"
broken "and with a scalar" "6:15: error: 'and' takes a list" <<<"$HEAD
assert: {and: x}"
sl --no-config --rules "$T/does-not-exist" tests/cli/rules-data/team.yaml
expect_rc "a --rules folder that does not exist: exit 2" 2
exit 0
