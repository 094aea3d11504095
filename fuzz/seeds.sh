#!/usr/bin/env bash
# fuzz/seeds.sh HARNESS OUTDIR [MAX] — gathers a seed corpus for one harness
# into OUTDIR: fixtures/ always, ../shared/corpus/ when it is there (a note
# says so when it is not). MAX caps the number of files (0: all), taken
# evenly across the list. fuzz/run.sh and tests/fuzz.sh call it.
set -u
h=$1 out=$2 max=${3:-0}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=$ROOT/../shared/corpus
mkdir -p "$out"
if [ ! -d "$corpus" ]; then
    echo "note: ../shared/corpus is absent: seeds for $h come from fixtures/ only" >&2
    corpus=
fi
list() {
    case $h in
    yaml)  find "$ROOT/fixtures" ${corpus:+"$corpus"} -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.template' \) ;;
    json)  find "$ROOT/fixtures" ${corpus:+"$corpus"} -type f -name '*.json' ;;
    model) find "$ROOT/fixtures" ${corpus:+"$corpus"} -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) ;;
    iam)   { find "$ROOT/fixtures" -type f \( -path '*/IAM*' -o -path '*/RES*' -o -path '*/S3*' \) \( -name '*.yaml' -o -name '*.json' \)
             [ -n "$corpus" ] && find "$corpus/iam" -type f; } ;;
    vars)  { grep -rlE 'service:|\$\{(self|opt|file|env):?' "$ROOT/fixtures" --include='*.yml' --include='*.yaml'
             [ -n "$corpus" ] && find "$corpus/serverless" -type f; } ;;
    lsp)   find "$ROOT/fixtures" -type f -name '*.yaml' | LC_ALL=C sort | awk 'NR % 7 == 1' ;;
    esac 2>/dev/null | LC_ALL=C sort
}
files=$(list)
if [ "$max" -gt 0 ]; then
    # spread over the list rather than its first MAX files
    n=$(printf '%s\n' "$files" | grep -c .)
    step=$(( n > max ? n / max : 1 ))
    files=$(printf '%s\n' "$files" | awk -v s="$step" -v m="$max" 'NF && (NR - 1) % s == 0 && c++ < m')
fi
if [ "$h" = lsp ]; then
    if ! command -v node >/dev/null; then
        echo "note: node is absent: no LSP session seeds" >&2
        exit 0
    fi
    # shellcheck disable=SC2086
    node "$ROOT/fuzz/lsp-seeds.js" "$out" $files
else
    i=0
    while IFS= read -r f; do
        [ -n "$f" ] || continue
        i=$((i + 1))
        cp "$f" "$out/$i-${f##*/}"
    done <<<"$files"
fi
