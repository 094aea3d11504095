#!/usr/bin/env bash
# suppressions.sh — exceptions written in the template: resource Metadata,
# inline comments (on the line, or alone on the line above), cfn_nag /
# checkov / cfn-lint suppressions of the rule pages' equivalents; hidden
# from text/JSON and the exit code, listed in SARIF as suppressed with their
# justification; SUPPRESS001 for a missing reason; SUPPRESS002 only with
# --report-unused-suppressions.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli suppressions"
cd "$ROOT/tests/cli" || exit 2

lines() { node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(a.map(f => f.start.line + ":" + f.rule).join(" "))' <"$OUT"; }

sl --no-config --format json filter-data/suppressed.yaml
[ "$(lines)" = "24:S3001" ]
check $? "Metadata, inline and line-above suppressions hide their findings; the unsuppressed one stays" "$(lines)"
sl --no-config filter-data/suppressed.yaml
expect_rc "exit 1 for the one finding left" 1
grep -q '(1 error, 0 warnings, 0 notes)' "$ERR"
check $? "the summary counts only what is not suppressed" "$(show_run)"

sl --no-config --format json filter-data/suppressed.json
[ "$(lines)" = "10:S3001" ]
check $? "Metadata suppressions work in JSON templates" "$(lines)"

sl --no-config --format json filter-data/foreign.yaml
[ "$(lines)" = "34:S3001" ]
check $? "cfn_nag, checkov Metadata and checkov inline suppressions are honoured; unmapped ids are not" "$(lines)"

# --- SARIF: suppressed results with kind inSource and the justification ----------
sl --no-config --format sarif filter-data/suppressed.yaml
node -e '
const run = JSON.parse(require("fs").readFileSync(0, "utf8")).runs[0];
const got = run.results.map(r => r.locations[0].physicalLocation.region.startLine + ":" +
    (r.suppressions ? r.suppressions.map(s => s.kind + "/" + s.justification).join() : "-"));
const want = ["11:inSource/hosts the public marketing website", "15:inSource/public assets of the web app",
              "20:inSource/release downloads", "24:-"];
if (JSON.stringify(got) !== JSON.stringify(want)) { console.log(JSON.stringify(got)); process.exit(1); }' <"$OUT" >"$T/why"
check $? "SARIF lists suppressed results with suppressions [{kind: inSource, justification}]" "$(cat "$T/why")"
expect_rc "SARIF: suppressed results do not fail the run (one finding left: exit 1)" 1
sl --no-config --format sarif --fail-on none filter-data/suppressed.yaml
cp "$OUT" "$T/s.sarif"
run node "$ROOT/tests/sarif/ajv-validate.js" "$T/s.sarif"
if [ "$RC" -eq 0 ]; then pass "SARIF with suppressions is valid against the sarif-2.1.0 schema (ajv)"
else fail "SARIF with suppressions is valid against the sarif-2.1.0 schema (ajv)" "$(show_run)"; fi

# --- SUPPRESS001 / SUPPRESS002 -------------------------------------------------------
# bucket B refuses plain HTTP (S3002), so only the suppression is at stake
tls_b='  BPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - {Effect: Deny, Principal: "*", Action: "s3:*", Resource: [!GetAtt B.Arn, !Sub "${B.Arn}/*"], Condition: {Bool: {aws:SecureTransport: false}}}\n'
printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead  # stacklint: ignore S3001\n'"$tls_b" >"$T/noreason.yaml"
sl --no-config --format json "$T/noreason.yaml"
[ "$(lines)" = "6:SUPPRESS001" ]
check $? "a suppression without a reason still applies, and is a SUPPRESS001 finding" "$(lines)"
printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: Private  # stacklint: ignore S3001 -- was public\n'"$tls_b" >"$T/unused.yaml"
sl --no-config --format json "$T/unused.yaml"
[ "$(lines)" = "" ]; check $? "an unused suppression is silent by default" "$(lines)"
sl --no-config --format json --report-unused-suppressions "$T/unused.yaml"
[ "$(lines)" = "6:SUPPRESS002" ]; check $? "--report-unused-suppressions reports it (SUPPRESS002)" "$(lines)"
printf 'report-unused-suppressions: true\n' >"$T/ru.yaml"
sl --config "$T/ru.yaml" --format json "$T/unused.yaml"
[ "$(lines)" = "6:SUPPRESS002" ]; check $? "report-unused-suppressions: true in the configuration" "$(lines)"
printf 'rules:\n  SUPPRESS001: off\n' >"$T/off.yaml"
sl --config "$T/off.yaml" --format json "$T/noreason.yaml"
[ "$(lines)" = "" ]; check $? "SUPPRESS001 can be switched off like any rule" "$(lines)"

# --- text inside a value is not a comment -------------------------------------------
# A block scalar or a quoted string may hold "# stacklint: ignore ..." as text
# (a script, a description); only real comments suppress, and a real comment
# after such a value still does.
printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n      Tags:\n        - Key: script\n          Value: |\n            echo hi\n            # stacklint: ignore S3001\n        - Key: "note # stacklint: ignore S3001"\n          Value: x\n' >"$T/inscalar.yaml"
sl --no-config --format json --report-unused-suppressions "$T/inscalar.yaml"
only() { lines | tr ' ' '\n' | grep -E ':(S3001|SUPPRESS00[12])$' | tr '\n' ' ' | sed 's/ $//'; }
[ "$(only)" = "6:S3001" ]
check $? "'# stacklint:' inside a block scalar or a quoted key is text: no suppression, no SUPPRESS001/002" "$(lines)"
printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        - Key: script\n          Value: |\n            echo "#"\n      # stacklint: ignore S3001 -- a public website\n      AccessControl: PublicRead\n' >"$T/afterblock.yaml"
sl --no-config --format json --report-unused-suppressions "$T/afterblock.yaml"
[ "$(only)" = "" ]
check $? "a comment right after a block scalar is still a suppression" "$(lines)"

# --- stdin: inline comments read from the text --------------------------------------
sl --no-config --format json --stdin-filename t.yaml - <filter-data/suppressed.yaml
[ "$(lines)" = "24:S3001" ]; check $? "suppressions work on standard input" "$(lines)"
exit 0
