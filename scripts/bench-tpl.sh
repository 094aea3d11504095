#!/usr/bin/env bash
# bench-tpl.sh — the cost of template validation (the TPL rules) on the
# shared corpus: CPU time of one single-threaded run with and without them.
#
#   scripts/bench-tpl.sh [RUNS]      (default 7 runs each; the best is shown)
#
# "Without" is the same commit built from a copy whose rules/TPL*.md are
# removed, so the TPL checks are not in the rule table. Needs ../shared/corpus.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$root/../shared/corpus
runs=${1:-7}
[ -d "$corpus" ] || { echo "bench-tpl: ../shared/corpus is absent" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stacklint-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
make -C "$root" -s build/stacklint
(cd "$root" && git ls-files | tar -cf - -T -) | tar -xf - -C "$tmp"
rm -f "$tmp"/rules/TPL*.md
ln -s "$root/deps/node_modules" "$tmp/deps/node_modules"
cp "$root/deps/.installed-lock" "$tmp/deps/" 2>/dev/null || true
mkdir -p "$tmp/build" && touch "$tmp/build/.deps"
make -C "$tmp" -s build/stacklint >/dev/null
best() {    # best BINARY: least user+system seconds over $runs runs
    local i t min=""
    for i in $(seq "$runs"); do
        /usr/bin/time -o "$tmp/time" -f '%U %S' "$1" -q -j1 -f json -o /dev/null \
            cfn sam iam serverless >/dev/null 2>&1 || true
        t=$(tail -n 1 "$tmp/time" | awk '{ print $1 + $2 }')
        if [ -z "$min" ] || awk -v a="$t" -v b="$min" 'BEGIN { exit !(a < b) }'; then min=$t; fi
    done
    echo "$min"
}
cd "$corpus"
without=$(best "$tmp/build/stacklint")
with=$(best "$root/build/stacklint")
files=$(awk 'NR > 1' MANIFEST.tsv | wc -l)
echo "corpus: $files files, one thread, best CPU time of $runs runs"
echo "  without TPL rules: ${without} s"
echo "  with TPL rules:    ${with} s"
awk -v a="$without" -v b="$with" 'BEGIN { if (a > 0) printf "  validation adds %.0f%%\n", (b - a) * 100 / a }'
