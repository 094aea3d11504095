#!/usr/bin/env bash
# queues.sh — what fixtures cannot show about the queue rules: SQS005 gives
# one finding an error and another a warning, and a severity set in the
# configuration (by id, in the map form, by tag) applies to both; SARIF and
# --fail-on see each finding's own level; SQS001's and SQS003's parameters.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli queues"
cd "$ROOT" || exit 2

F=fixtures/SQS005/bad-event-source-mapping.yaml
levels() { node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(a.filter(f => f.rule === "SQS005").map(f => f.start.line + ":" + f.severity).join(" "))' <"$OUT"; }

# --- one rule, two severities ----------------------------------------------------
sl --no-config --format json --fail-on none "$F"
[ "$(levels)" = "44:error 46:warning" ]
check $? "SQS005: shorter than the function's Timeout is an error, shorter than six times it a warning" "$(levels); $(show_run)"

sl --no-config "$F"
grep -q ':44:26: error: queue JobsQueue has a VisibilityTimeout of 30 s, shorter than the 60 s Timeout of function Worker' "$OUT" &&
    grep -q ':46:3: warning: queue ReportsQueue has a VisibilityTimeout of 30 s (the default), less than six times' "$OUT"
check $? "text output shows each finding's own severity" "$(show_run)"

sl --no-config --list-rules
grep -q '^SQS005 .* warning ' "$OUT"
check $? "--list-rules shows SQS005's default severity, warning" "$(grep SQS005 "$OUT")"

sl --no-config --format sarif --fail-on none "$F"
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const run = s.runs[0];
const rule = run.tool.driver.rules.find(r => r.id === "SQS005");
const got = run.results.filter(r => r.ruleId === "SQS005")
    .map(r => r.locations[0].physicalLocation.region.startLine + ":" + r.level).sort().join(" ");
if (rule.defaultConfiguration.level !== "warning" || got !== "44:error 46:warning") {
    console.error(rule.defaultConfiguration.level, got); process.exit(1);
}' "$OUT"
check $? "SARIF: the rule's default level is warning, each result has its own level" "$(show_run)"

# --fail-on error fails on the error finding although the rule's default is warning.
sl --no-config --fail-on error "$F"
expect_rc "--fail-on error: exit 1 on SQS005's error finding" 1
sl --no-config --fail-on error fixtures/SQS005/bad-sam-globals.yaml
expect_rc "--fail-on error: exit 0 when SQS005 has only warnings" 0

# A configured severity is the last word, for both kinds of finding.
printf 'rules:\n  SQS005: note\n' >"$T/note.yaml"
sl --config "$T/note.yaml" --format json --fail-on none "$F"
[ "$(levels)" = "44:note 46:note" ]
check $? "rules: {SQS005: note} makes both findings notes" "$(levels)"
printf 'rules:\n  SQS005: {severity: warning}\n' >"$T/warning.yaml"
sl --config "$T/warning.yaml" --format json --fail-on none "$F"
[ "$(levels)" = "44:warning 46:warning" ]
check $? "severity: warning, the default written out, still applies to the error finding" "$(levels)"
printf 'rules:\n  reliability: error\n' >"$T/tag.yaml"
sl --config "$T/tag.yaml" --format json --fail-on none "$F"
[ "$(levels)" = "44:error 46:error" ]
check $? "a severity set by tag applies to both findings" "$(levels)"
printf 'rules:\n  SQS005: {enabled: true}\n' >"$T/on.yaml"
sl --config "$T/on.yaml" --format json --fail-on none "$F"
[ "$(levels)" = "44:error 46:warning" ]
check $? "a setting without severity keeps each finding's own" "$(levels)"

# --- parameters -------------------------------------------------------------------
printf 'rules:\n  SQS003:\n    params:\n      require-explicit: false\n' >"$T/sse.yaml"
sl --config "$T/sse.yaml" --format json --fail-on none fixtures/SQS003/bad-unencrypted.yaml
[ "$(node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(a.map(f => f.start.line + ":" + f.rule).join(" "))' <"$OUT")" = "9:SQS003" ]
check $? "SQS003 require-explicit: false: SqsManagedSseEnabled: false is still reported, a silent queue is not" "$(show_run)"

printf 'rules:\n  SQS001:\n    params:\n      dlq-metrics: [ApproximateNumberOfMessagesVisible, ApproximateAgeOfOldestMessage]\n' >"$T/dlq.yaml"
sl --config "$T/dlq.yaml" --format json --fail-on none fixtures/SQS001/bad-dlq-age-alarm-only.yaml
[ "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).length)' <"$OUT")" = 0 ]
check $? "SQS001 dlq-metrics: a list that names the alarm's metric accepts it" "$(show_run)"

printf 'rules:\n  SQS001:\n    params:\n      queue-metrics: [any]\n      dlq-metrics: NumberOfMessagesSent\n' >"$T/dlq2.yaml"
sl --config "$T/dlq2.yaml" --format json --fail-on none fixtures/SQS001/good-queue-and-dlq.yaml
grep -q "dead-letter queue 'WebhookDeadLetterQueue' has no CloudWatch alarm on NumberOfMessagesSent: alarm 'WebhookDeadLetterAlarm' watches ApproximateNumberOfMessagesVisible" "$OUT"
check $? "SQS001 dlq-metrics: one name without a list; the message names the alarm that does not count" "$(show_run)"
exit 0
