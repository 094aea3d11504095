#!/usr/bin/env bash
# exit-codes.sh — the exit code contract: 0 when nothing at or above
# --fail-on (default warning), 1 when findings, 2 on a usage error or an
# unreadable path; stderr carries a summary only when there are findings.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli exit codes"
cd "$ROOT/tests/cli" || exit 2

sl data/clean.yaml
expect_rc "exit 0 on a clean template" 0
if [ "$RC" -eq 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]; then
    pass "clean template: empty stdout and stderr"
else
    fail "clean template: empty stdout and stderr" "$(show_run)"
fi

sl data/queue.yaml
expect_rc "exit 1 on findings" 1
if [ -s "$ERR" ]; then pass "summary on stderr when findings"; else fail "summary on stderr when findings" "$(show_run)"; fi
if [ -s "$OUT" ] && ! grep -vqE '^.+:[0-9]+:[0-9]+: (error|warning|note): .+ \[[A-Z][A-Z0-9]*\]$' "$OUT"; then
    pass "text stdout holds only finding lines"
else
    fail "text stdout holds only finding lines" "$(show_run)"
fi

sl --definitely-not-an-option data/clean.yaml
expect_rc "exit 2 on an unknown option" 2
if [ ! -s "$OUT" ] && [ -s "$ERR" ]; then pass "unknown option: message on stderr, nothing on stdout"
else fail "unknown option: message on stderr, nothing on stdout" "$(show_run)"; fi

sl data/does-not-exist.yaml
expect_rc "exit 2 on a nonexistent path" 2
if grep -q 'does-not-exist.yaml' "$ERR"; then pass "nonexistent path named on stderr"
else fail "nonexistent path named on stderr" "$(show_run)"; fi

sl data/clean.yaml data/does-not-exist.yaml
expect_rc "exit 2 when one of several paths does not exist" 2

sl --format yaml data/clean.yaml
expect_rc "exit 2 on an unknown --format" 2
sl --fail-on critical data/clean.yaml
expect_rc "exit 2 on an unknown --fail-on" 2
sl --explain NOPE999
expect_rc "exit 2 on --explain of an unknown rule" 2
sl --format
expect_rc "exit 2 on an option missing its value" 2

# --fail-on: the exit code follows the most severe finding. The expectation
# is computed from the JSON output, so it holds whatever the rules' severities.
rank() { case $1 in error) echo 3 ;; warning) echo 2 ;; note) echo 1 ;; none) echo 99 ;; *) echo 0 ;; esac; }
for input in data/queue.yaml data/policy.json data/bucket.yaml data/clean.yaml; do
    sl --format json --fail-on none "$input"
    if [ "$RC" -ne 0 ]; then
        fail "--fail-on none exits 0 ($input)" "$(show_run)"
        continue
    fi
    pass "--fail-on none exits 0 ($input)"
    worst=$(node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const r = { error: 3, warning: 2, note: 1 };
        console.log(a.reduce((m, f) => Math.max(m, r[f.severity] || 0), 0));' <"$OUT") || worst=0
    for level in error warning note; do
        want=0
        [ "$worst" -ge "$(rank $level)" ] && want=1
        sl --fail-on "$level" "$input"
        expect_rc "--fail-on $level exits $want ($input)" "$want"
    done
done

# The default threshold is warning: a file with warnings only exits 1, and 0
# with --fail-on error.
sl --format json --fail-on none data/queue.yaml
sevs=$(node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log([...new Set(a.map(f => f.severity))].sort().join(","))' <"$OUT" 2>/dev/null)
if [ "$sevs" = warning ]; then
    sl data/queue.yaml
    expect_rc "warnings only: exit 1 by default" 1
    sl --fail-on error data/queue.yaml
    expect_rc "warnings only: --fail-on error exits 0" 0
    if [ "$RC" -eq 0 ] && [ -s "$OUT" ]; then
        pass "warnings only: --fail-on error still prints the findings"
    else
        fail "warnings only: --fail-on error still prints the findings" "$(show_run)"
    fi
else
    fail "warnings only: data/queue.yaml has only warnings" "severities found: '${sevs}' (expected SQS001 to be a warning)"
fi
exit 0
