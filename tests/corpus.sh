#!/usr/bin/env bash
# corpus.sh — real templates written by other people (shared/corpus, beside
# the repository) through the sanitizer build: no crash, no sanitizer report,
# no leak, exit 0 or 1, in bounded time (apps/ too: the templates of real
# serverless applications). The same SARIF for any number of jobs. And every CloudFormation, SAM, IAM
# policy and Serverless Framework file of the corpus is recognised as such by
# --list-files; the count of files per kind is printed.
#
# Skipped (visibly) when ../shared/corpus is absent.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
corpus=$ROOT/../shared/corpus
if [ ! -f "$corpus/MANIFEST.tsv" ]; then
    skip "corpus" "../shared/corpus is absent"
    exit 0
fi
corpus=$(cd "$corpus" && pwd)
if [ ! -x "$STACKLINT_ASAN" ]; then
    fail "corpus" "$STACKLINT_ASAN does not exist (run make asan)"
    exit 0
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
sanitizer_report='runtime error|AddressSanitizer|LeakSanitizer'
cd "$corpus" || exit 2

# When a group fails, find which of its files do it, within a time budget.
culprits() {    # culprits GROUP
    local f rc deadline=$((SECONDS + 120)) n=0
    while IFS= read -r f; do
        if [ "$SECONDS" -ge "$deadline" ]; then echo "(stopped looking after 120 s)"; break; fi
        rc=0
        timeout -k 5 60 "$STACKLINT_ASAN" --format json -o /dev/null "$f" >/dev/null 2>"$T/one.err" || rc=$?
        if { [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; } || grep -qE "$sanitizer_report" "$T/one.err"; then
            echo "$f: exit $rc"
            grep -E -m 3 -A 6 "$sanitizer_report|ERROR" "$T/one.err" | head -n 12 | sed 's/^/    /'
            n=$((n + 1))
            [ "$n" -ge 5 ] && { echo "(first 5 shown)"; break; }
        fi
    done < <(awk -F'\t' -v g="$1/" 'NR > 1 && index($1, g) == 1 { print $1 }' MANIFEST.tsv)
    [ "$n" -gt 0 ] || echo "(none: each file passes alone; it takes several files in one run)"
}

for group in cfn sam iam serverless apps; do
    [ -d "$group" ] || continue
    files=$(awk -F'\t' -v g="$group/" 'NR > 1 && index($1, g) == 1' MANIFEST.tsv | wc -l)
    [ "$files" -gt 0 ] || files=$(find "$group" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) | wc -l)
    name="corpus $group/ ($files files) under ASan+UBSan"
    rc=0
    start=$SECONDS
    timeout -k 5 300 "$STACKLINT_ASAN" --format json -o "$T/$group.json" "$group" \
        >"$T/$group.out" 2>"$T/$group.err" || rc=$?
    took=$((SECONDS - start))
    if { [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; } && ! grep -qE "$sanitizer_report" "$T/$group.err"; then
        pass "$name"
        n=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).length)' \
            "$T/$group.json" 2>/dev/null) || n="?"
        printf '      (%s findings, %ss)\n' "$n" "$took"
    else
        why="exit $rc after ${took}s"
        [ "$rc" -eq 124 ] && why="timed out after 300 s"
        fail "$name" "$why
$(grep -E -m 3 -A 8 "$sanitizer_report" "$T/$group.err" | head -n 30)
$(grep -qE "$sanitizer_report" "$T/$group.err" || tail -n 10 "$T/$group.err")
files that fail alone:
$(culprits "$group")"
    fi
done

# The whole corpus at once, in SARIF (the largest report).
rc=0
timeout -k 5 300 "$STACKLINT_ASAN" --format sarif -o "$T/all.sarif" cfn sam iam serverless apps \
    >/dev/null 2>"$T/all.err" || rc=$?
if { [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; } && ! grep -qE "$sanitizer_report" "$T/all.err" &&
    node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$T/all.sarif" 2>/dev/null; then
    pass "corpus: all groups at once, SARIF report, under ASan+UBSan"
else
    fail "corpus: all groups at once, SARIF report, under ASan+UBSan" "exit $rc
$(grep -E -m 3 -A 8 "$sanitizer_report" "$T/all.err" | head -n 30)"
fi

# Classification: MANIFEST.tsv kinds against --list-files (the release build:
# the sanitizers had their turn above).
rc=0
timeout -k 5 300 "$STACKLINT" --list-files cfn sam iam serverless >"$T/listed" 2>"$T/listed.err" || rc=$?
if [ "$rc" -ne 0 ]; then
    fail "corpus: --list-files" "exit $rc
$(head -n 20 "$T/listed.err")"
    exit 0
fi
for group in cfn sam iam serverless; do
    awk -F'\t' -v g="$group/" 'NR > 1 && index($1, g) == 1' MANIFEST.tsv >"$T/manifest.$group"
    [ -s "$T/manifest.$group" ] || continue
    n=$(wc -l <"$T/manifest.$group")
    # want: manifest kind -> accepted --list-files kinds
    mismatches=$(awk -F'\t' '
        NR == FNR { kind[$2] = $1; next }
        {
            want = $2 == "cfn-yaml" || $2 == "cfn-json" ? "cfn" : $2
            got = ($1 in kind) ? kind[$1] : "(not listed)"
            ok = got == want
            if (!ok) { printf "%s: %s, listed as %s\n", $1, $2, got; bad++ }
        }
        END { if (bad > 20) printf "(%d in all)\n", bad }' "$T/listed" "$T/manifest.$group")
    name="corpus $group/: every file ($n) classified as its MANIFEST kind"
    if [ -z "$mismatches" ]; then
        pass "$name"
    else
        count=$(printf '%s\n' "$mismatches" | grep -vc '^(')
        fail "$name" "$count mismatches:
$(printf '%s\n' "$mismatches" | head -n 20)"
    fi
done
# The same findings, in the same order and with the same fingerprints, whatever
# the number of jobs (the release build, every rule on, notes included).
same=1
off=$("$STACKLINT" --list-rules | awk '/\(off\)/ { print $1 }' | paste -sd, -)
for j in 1 2 7; do
    timeout -k 5 300 "$STACKLINT" --format sarif --fail-on none --as-of 2026-11-21 -q -j "$j" \
        ${off:+--enable "$off"} . >"$T/j$j.sarif" 2>/dev/null || same=0
done
cmp -s "$T/j1.sarif" "$T/j2.sarif" && cmp -s "$T/j1.sarif" "$T/j7.sarif" || same=0
if [ "$same" = 1 ]; then
    pass "corpus: byte-identical SARIF with -j 1, -j 2 and -j 7 (every rule, notes on)"
else
    fail "corpus: byte-identical SARIF with -j 1, -j 2 and -j 7 (every rule, notes on)" \
        "$(diff "$T/j1.sarif" "$T/j2.sarif" | head -n 10)"
fi

# Files per detected kind (the model of every serverless and SAM file is
# checked for internal consistency by build/tests/test_serverless).
counts=$(cut -f1 "$T/listed" | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
echo "      (--list-files: $counts)"
exit 0
