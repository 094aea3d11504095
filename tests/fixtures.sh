#!/usr/bin/env bash
# fixtures.sh — every fixture's expected findings, compared both ways.
#
# fixtures/<RULE>/<name>.{yaml,yml,json,template} are small inputs. What
# stacklint must report on them is written down next to the offending text:
#
#   - YAML: a trailing comment on the line the finding starts on,
#         QueueName: orders          # expect: SQS001
#     several rules on one line are comma-separated (# expect: IAM001, S3001);
#   - JSON (no comments): a sidecar <file>.expect with one line per finding
#     line, "LINE RULE[, RULE...]" (e.g. "12 IAM001"); blank lines and lines
#     starting with # are ignored. A sidecar may be used for YAML as well.
#
# A fixture may need a command-line flag (SUPPRESS002 is reported only with
# --report-unused-suppressions): a sidecar <file>.args holds the extra
# arguments, on one line. Every fixture is judged as of one fixed date
# (FIXTURE_DATE, given as --as-of unless the sidecar sets its own), so that
# a runtime reaching its deprecation date does not change what a fixture of
# another rule reports.
#
# A fixture with no expectation must produce no finding. For each fixture the
# set of "line rule" pairs from `stacklint --format json --fail-on none FILE`
# must equal the expected set: a missing finding and an extra one both fail.
#
# Also, for each rule in rules/*.md: fixtures/<ID>/ holds at least one file
# expecting that rule and at least one good-* file that does not.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 2
need_stacklint "fixtures"
FIXTURE_DATE=2026-11-21

# expectations FILE -> sorted unique "LINE<TAB>RULE" lines
expectations() {
    local f=$1
    {
        awk '
            {
                i = index($0, "# expect:")
                if (i == 0) { if (match($0, /#[ \t]*expect:/)) i = RSTART; else next }
                rest = substr($0, i)
                sub(/^#[ \t]*expect:/, "", rest)
                n = split(rest, tok, /[ \t,]+/)
                for (k = 1; k <= n; k++)
                    if (tok[k] ~ /^[A-Z][A-Z0-9]*[0-9]$/) printf "%d\t%s\n", NR, tok[k]
            }' "$f"
        if [ -f "$f.expect" ]; then
            awk '
                /^[ \t]*(#|$)/ { next }
                {
                    line = $0
                    if (!match(line, /^[ \t]*[0-9]+/)) {
                        printf "BAD\t%s\n", $0; next
                    }
                    num = substr(line, RSTART, RLENGTH) + 0
                    rest = substr(line, RSTART + RLENGTH)
                    n = split(rest, tok, /[ \t,:]+/)
                    for (k = 1; k <= n; k++)
                        if (tok[k] != "") printf "%d\t%s\n", num, tok[k]
                }' "$f.expect"
        fi
    } | sort -u
}

fixture_files() {
    find fixtures -mindepth 2 -type f \
        \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) \
        -not -path '*/node_modules/*' | LC_ALL=C sort
}

nfix=0
while IFS= read -r f; do
    nfix=$((nfix + 1))
    name="fixture $f"
    expected=$T/expected
    expectations "$f" >"$expected"
    if grep -q '^BAD' "$expected"; then
        fail "$name" "unreadable lines in $f.expect (want \"LINE RULE\"):
$(grep '^BAD' "$expected" | cut -f2-)"
        continue
    fi
    args=()
    if [ -f "$f.args" ]; then read -r -a args <"$f.args"; fi
    case " ${args[*]} " in *" --as-of "*) ;; *) args+=(--as-of "$FIXTURE_DATE") ;; esac
    sl --format json --fail-on none "${args[@]}" "$f"
    if [ "$RC" -ne 0 ]; then
        fail "$name" "stacklint --format json --fail-on none ${args[*]} $f: $(show_run)"
        continue
    fi
    if ! findings_tsv <"$OUT" >"$T/actual.tsv" 2>"$T/parse.err"; then
        fail "$name" "JSON output does not parse: $(cat "$T/parse.err")
$(head -c 2000 "$OUT")"
        continue
    fi
    cut -f1,2 "$T/actual.tsv" | sort -u >"$T/actual"
    missing=$(LC_ALL=C comm -23 <(LC_ALL=C sort "$expected") <(LC_ALL=C sort "$T/actual"))
    extra=$(LC_ALL=C comm -13 <(LC_ALL=C sort "$expected") <(LC_ALL=C sort "$T/actual"))
    if [ -z "$missing" ] && [ -z "$extra" ]; then
        pass "$name"
        continue
    fi
    why=""
    while IFS=$'\t' read -r line rule; do
        [ -n "$line" ] || continue
        text=$(sed -n "${line}p" "$f" | cut -c1-100)
        why+="missing $rule at line $line: $text"$'\n'
    done <<<"$missing"
    while IFS=$'\t' read -r line rule; do
        [ -n "$line" ] || continue
        msgs=$(awk -F'\t' -v l="$line" -v r="$rule" '$1 == l && $2 == r { print $3 }' "$T/actual.tsv" | head -n 3)
        while IFS= read -r m; do
            why+="unexpected $rule at line $line: $m"$'\n'
        done <<<"$msgs"
    done <<<"$extra"
    fail "$name" "${why%$'\n'}"
done < <(fixture_files)
[ "$nfix" -gt 0 ] || fail "fixtures" "no fixture files under fixtures/<RULE>/"

# Every rule has fixtures: a file expecting it, and a good-* file that does not.
nrules=0
for doc in rules/*.md; do
    [ -f "$doc" ] || continue
    id=$(awk 'NR == 1 && $0 != "---" { exit } NR > 1 && $0 == "---" { exit }
              /^id:[ \t]*/ { sub(/^id:[ \t]*/, ""); gsub(/["'\'' \t\r]/, ""); print; exit }' "$doc")
    [ -n "$id" ] || id=$(basename "$doc" .md)
    nrules=$((nrules + 1))
    name="rule $id has fixtures"
    if [ ! -d "fixtures/$id" ]; then
        fail "$name" "fixtures/$id/ does not exist ($doc)"
        continue
    fi
    bad=0 good=0
    while IFS= read -r f; do
        case $f in fixtures/"$id"/*) ;; *) continue ;; esac
        if expectations "$f" | cut -f2 | grep -qx "$id"; then
            bad=$((bad + 1))
        else
            case ${f##*/} in good-*) good=$((good + 1)) ;; esac
        fi
    done < <(fixture_files)
    if [ "$bad" -gt 0 ] && [ "$good" -gt 0 ]; then
        pass "$name"
    else
        why=""
        [ "$bad" -gt 0 ] || why+="no file in fixtures/$id/ expects $id"$'\n'
        [ "$good" -gt 0 ] || why+="no good-* file in fixtures/$id/ free of $id"$'\n'
        fail "$name" "${why%$'\n'}"
    fi
done
[ "$nrules" -gt 0 ] || fail "rules" "no rules/*.md"
exit 0
