#!/usr/bin/env bash
# switches.sh — --enable / --disable: turn rules on or off by id, name or tag
# from the command line, notes that are off by default included; later
# options win over earlier ones and over the configuration; a word that names
# no rule is a usage error.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli switches"
cd "$ROOT" || exit 2

F=fixtures/LMB008/bad-no-retention.yaml
rules_of() { node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log([...new Set(a.map(f => f.rule))].sort().join(" "))' <"$OUT"; }

sl --no-config --format json --fail-on none --as-of 2026-11-21 "$F"
rules_of | grep -qw LMB008; [ $? -ne 0 ]
check $? "LMB008 (a note) is off by default" "$(rules_of)"
sl --no-config --format json --fail-on none --as-of 2026-11-21 --enable LMB008 "$F"
rules_of | grep -qw LMB008
check $? "--enable LMB008 turns it on" "$(show_run)"
sl --no-config --format json --fail-on none --as-of 2026-11-21 --enable log-retention-missing "$F"
rules_of | grep -qw LMB008
check $? "--enable takes a rule's name" "$(show_run)"
sl --no-config --format json --fail-on none --as-of 2026-11-21 --enable LMB008 --disable LMB008 "$F"
rules_of | grep -qw LMB008; [ $? -ne 0 ]
check $? "the later option wins (--enable then --disable)" "$(rules_of)"

# a tag: every rule tagged sqs off, the others stay
sl --no-config --format json --fail-on none tests/cli/data/queue.yaml
before=$(rules_of)
sl --no-config --format json --fail-on none --disable sqs tests/cli/data/queue.yaml
after=$(rules_of)
case " $before " in *" SQS001 "*) true ;; *) false ;; esac
check $? "(the queue template has an SQS001 finding to start with)" "$before"
[ -z "$(echo "$after" | tr ' ' '\n' | grep '^SQS')" ]
check $? "--disable sqs (a tag) turns off the SQS rules" "$after"

# a list, and precedence over the configuration
printf 'rules:\n  LMB008: off\n  IAM001: on\n' >"$T/cfg.yaml"
sl --config "$T/cfg.yaml" --format json --fail-on none --as-of 2026-11-21 --enable 'REF003, LMB008' "$F"
rules_of | grep -qw LMB008
check $? "--enable with a list wins over the configuration's 'LMB008: off'" "$(show_run)"
sl --config "$T/cfg.yaml" --print-config --enable LMB008 --disable IAM001
grep -A1 '^  LMB008:' "$OUT" | grep -q 'enabled: true  # command line' &&
    grep -A1 '^  IAM001:' "$OUT" | grep -q 'enabled: false  # command line'
check $? "--print-config says the command line set them" "$(grep -A1 -E '^  (LMB008|IAM001):' "$OUT")"

# mistakes
sl --no-config --enable NOSUCH001 "$F"
expect_rc "--enable of an unknown rule exits 2" 2
grep -q "'NOSUCH001' names no rule" "$ERR"
check $? "and says which word names nothing" "$(show_run)"
sl --no-config --disable 'SQS001,,S3001' "$F"
expect_rc "an empty item in the list is a usage error" 2
exit 0
