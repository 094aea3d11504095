#!/usr/bin/env bash
# corpus-tpl.sh — the template validation rules (TPL*) against real templates.
#
# Templates from ../shared/corpus deploy, or are known not to. Every TPL
# error stacklint reports there must be listed in tests/corpus-tpl-expected.tsv
# with the reason it is right (a real mistake in that template); an unlisted
# error is a bug in a rule or in the data, and fails this test. So does a
# listed error that is no longer reported (the list must stay exact).
#
# Skipped (visibly) when ../shared/corpus is absent.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
corpus=$ROOT/../shared/corpus
name="corpus: every TPL error is listed in tests/corpus-tpl-expected.tsv with its reason"
if [ ! -f "$corpus/MANIFEST.tsv" ]; then
    skip "$name" "../shared/corpus is absent"
    exit 0
fi
rc=0
(cd "$corpus" && timeout -k 5 300 "$STACKLINT" -q --format json -o "$T/all.json" cfn sam iam serverless) \
    2>"$T/err" || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    fail "$name" "stacklint exited $rc: $(head -n 5 "$T/err")"
    exit 0
fi
node -e '
const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const x of f)
    if (x.rule.startsWith("TPL") && x.severity === "error")
        console.log([x.path, x.start.line, x.rule, x.message].join("\t"));
' "$T/all.json" | sort -u >"$T/got"
grep -v '^#' "$ROOT/tests/corpus-tpl-expected.tsv" | awk -F'\t' 'NF >= 4 && $4 != "" { print $1 "\t" $2 "\t" $3 }' |
    sort -u >"$T/want"
cut -f1-3 "$T/got" | sort -u >"$T/got.keys"
unlisted=$(comm -23 "$T/got.keys" "$T/want")
stale=$(comm -13 "$T/got.keys" "$T/want")
total=$(wc -l <"$T/got.keys")
if [ -z "$unlisted" ] && [ -z "$stale" ]; then
    pass "$name"
    printf '      (%s TPL errors on the corpus, all listed)\n' "$total"
else
    why=""
    if [ -n "$unlisted" ]; then
        why="TPL errors not listed (a rule or data bug, or a real mistake to list with its reason):
$(printf '%s\n' "$unlisted" | head -n 30 | while IFS=$'\t' read -r p l r; do
            grep -F "$p	$l	$r	" "$T/got" | head -n 1; done)"
    fi
    if [ -n "$stale" ]; then
        why="$why
listed but no longer reported (remove them from the list):
$(printf '%s\n' "$stale" | head -n 30)"
    fi
    fail "$name" "$why"
fi
exit 0
