#!/usr/bin/env bash
# info.sh — the options that tell rather than lint: --version, --help,
# --list-rules, --explain RULE.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli info"
cd "$ROOT" || exit 2

sl --version
version=$(cat VERSION)
if [ "$RC" -eq 0 ] && [ "$(cat "$OUT")" = "stacklint $version" ] && [ ! -s "$ERR" ]; then
    pass "--version prints \"stacklint $version\""
else
    fail "--version prints \"stacklint $version\"" "$(show_run)"
fi

sl --help
if [ "$RC" -eq 0 ] && [ -s "$OUT" ]; then pass "--help exits 0 and prints on stdout"
else fail "--help exits 0 and prints on stdout" "$(show_run)"; fi
missing=""
for word in --format --fail-on --list-rules --explain --list-files --stdin-filename --version -o; do
    grep -q -e "$word" "$OUT" || missing+=" $word"
done
if [ -z "$missing" ]; then pass "--help names every option"
else fail "--help names every option" "not mentioned:$missing"; fi
if grep -qi 'exit' "$OUT" && grep -qE '(^|[^0-9])0([^0-9]|$)' "$OUT" &&
    grep -qE '(^|[^0-9])1([^0-9]|$)' "$OUT" && grep -qE '(^|[^0-9])2([^0-9]|$)' "$OUT"; then
    pass "--help documents the exit codes 0, 1, 2"
else
    fail "--help documents the exit codes 0, 1, 2" "$(cat "$OUT")"
fi

sl --list-rules
expect_rc "--list-rules exits 0" 0
cp "$OUT" "$T/rules"
ids="SQS001 IAM001 S3001 SYNTAX001 LIMIT001"
for doc in rules/*.md; do
    [ -f "$doc" ] && ids+=" $(basename "$doc" .md)"
done
missing=""
for id in $(printf '%s\n' $ids | sort -u); do
    grep -qw "$id" "$T/rules" || missing+=" $id"
done
if [ -z "$missing" ]; then pass "--list-rules lists every rule (SQS001 IAM001 S3001 SYNTAX001 LIMIT001, rules/*.md)"
else fail "--list-rules lists every rule (SQS001 IAM001 S3001 SYNTAX001 LIMIT001, rules/*.md)" "missing:$missing
$(cat "$T/rules")"; fi

for id in SQS001 IAM001; do
    sl --explain "$id"
    doc=rules/$id.md
    if [ "$RC" -ne 0 ] || [ ! -s "$OUT" ]; then
        fail "--explain $id prints its documentation" "$(show_run)"
        continue
    fi
    if [ ! -f "$doc" ]; then
        fail "--explain $id prints its documentation" "$doc does not exist"
        continue
    fi
    # Every non-blank line of the body (after the front matter) must appear
    # in the output, give or take surrounding whitespace.
    awk 'NR == 1 && $0 == "---" { fm = 1; next } fm && $0 == "---" { fm = 0; next } !fm' "$doc" |
        sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep -v '^$' >"$T/body"
    sed 's/^[[:space:]]*//; s/[[:space:]]*$//' "$OUT" >"$T/shown"
    absent=$(grep -vxFf "$T/shown" "$T/body" | head -n 5)
    if [ -s "$T/body" ] && [ -z "$absent" ]; then
        pass "--explain $id prints its documentation"
    else
        fail "--explain $id prints its documentation" "lines of $doc not shown:
$absent"
    fi
done
sl --explain sqs001
if [ "$RC" -eq 0 ] && grep -q SQS001 "$OUT"; then pass "--explain takes a rule id in any case"
else fail "--explain takes a rule id in any case" "$(show_run)"; fi
exit 0
