#!/usr/bin/env bash
# bench/run.sh — stacklint's benchmark (`make bench`).
#
# Measures the release build against the floor — reading and parsing the same
# bytes with the same parsers (libyaml events, tree-sitter-json) and nothing
# else — on the real templates in ../shared/corpus and on generated templates
# of 1, 10 and 50 MB (YAML and JSON), plus start-up and the one-small-file case
# of a pre-commit hook. Each figure is the median of several runs in this one
# run, since this machine's speed drifts between runs. Writes bench/results.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SL=build/stacklint MEASURE=build/bench/measure FLOOR=build/bench/parse_floor GEN=build/bench/gen_bench
RUNS=${BENCH_RUNS:-5}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stacklint-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
OUT=bench/results.md
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

# median of column $2 over the lines of file $1
median() { sort -n -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print v[int((NR+1)/2)]}'; }

# measure NAME RUNS CMD...: leaves wall, cpu, rss medians in W C R
measure() {     # the command's output goes to $MEASURE_OUT when set
    local runs=$1; shift
    "$MEASURE" -n "$runs" -o "${MEASURE_OUT:-/dev/null}" -- "$@" >"$WORK/m"
    W=$(median "$WORK/m" 1) C=$(median "$WORK/m" 2) R=$(median "$WORK/m" 3)
}

row() { printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@" | tee -a "$WORK/table"; }

: >"$WORK/table"
echo "stacklint benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$SL" --version)" | tee "$WORK/head"

# Extra stacklint options for the next bench_files (the 50 MB rows raise the
# node limit, so that they measure the whole lint, not reading up to a limit).
SL_EXTRA=()
LIMIT_HITS=""

bench_files() {   # NAME BYTES FILES...: stacklint -j1 vs floor on the same files
    local name=$1 bytes=$2; shift 2
    measure "$RUNS" "$FLOOR" "$@"; local fw=$W fc=$C fr=$R
    MEASURE_OUT="$WORK/findings" measure "$RUNS" "$SL" -j1 -q --fail-on none "${SL_EXTRA[@]}" "$@"
    local sw=$W sc=$C sr=$R
    # a row must measure linting, not a file cut short: say so when a limit is hit
    if grep -q '\[LIMIT001\]$' "$WORK/findings"; then
        name="$name (hit a limit: LIMIT001)"
        LIMIT_HITS="$LIMIT_HITS $name;"
    fi
    local mb; mb=$(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1048576}')
    row "$name" "$mb" "$(awk -v w="$sw" -v b="$bytes" 'BEGIN{printf "%.1f", b/1048576/w}')" \
        "$(awk -v w="$sw" -v c="$sc" 'BEGIN{printf "%.3f / %.3f", w, c}')" \
        "$(awk -v r="$sr" -v f="$fr" 'BEGIN{printf "%.0f (floor %.0f)", r/1024, f/1024}')" \
        "$(awk -v w="$fw" -v c="$fc" 'BEGIN{printf "%.3f / %.3f", w, c}')" \
        "$(awk -v s="$sw" -v f="$fw" 'BEGIN{printf "%.2f×", s/f}')" \
        "$(awk -v s="$sc" -v f="$fc" 'BEGIN{printf "%.2f×", s/f}')"
    PERMB_LAST=$(awk -v w="$sw" -v b="$bytes" 'BEGIN{printf "%.1f", w*1000/(b/1048576)}')
    PERMB="$PERMB $name=${PERMB_LAST}ms/MB"
}

PERMB=""
printf '\n| input | MB | MB/s | stacklint wall / CPU s | peak RSS MB | floor wall / CPU s | stacklint / floor (wall) | (CPU) |\n|---|---|---|---|---|---|---|---|\n' | tee -a "$WORK/table"

if [ -d ../shared/corpus ]; then
    "$SL" --list-files ../shared/corpus | cut -f2 >"$WORK/corpus.list"
    nfiles=$(wc -l <"$WORK/corpus.list")
    bytes=$(xargs -d '\n' cat <"$WORK/corpus.list" | wc -c)
    mapfile -t files <"$WORK/corpus.list"
    bench_files "corpus ($nfiles files)" "$bytes" "${files[@]}"
    measure "$RUNS" "$SL" -q --fail-on none "${files[@]}"
    corpus_par="corpus with -j $(nproc): $(awk -v w="$W" 'BEGIN{printf "%.3f", w}') s wall, $(awk -v w="$W" -v n="$nfiles" 'BEGIN{printf "%.0f", n/w}') files/s"
else
    echo "(../shared/corpus not found: corpus rows skipped)"
    corpus_par="corpus: not present"
fi

# The generated 50 MB files have more nodes than the default --max-nodes
# (4,000,000): their rows raise it, so they lint the whole file like the others.
BIG_LIMITS=(--max-nodes 20000000)
declare -A COST
for size in 1 10 50; do
    for fmt in yaml json; do
        f="$WORK/gen-${size}mb.$fmt"
        "$GEN" "$fmt" $((size * 1048576)) >"$f"
        runs=$RUNS; [ "$size" -ge 50 ] && runs=3
        RUNS_SAVE=$RUNS RUNS=$runs
        label="generated $fmt ${size} MB"
        if [ "$size" -ge 50 ]; then
            SL_EXTRA=("${BIG_LIMITS[@]}")
            label="$label (${BIG_LIMITS[*]})"
        fi
        bench_files "$label" "$(wc -c <"$f")" "$f"
        COST[$fmt,$size]=$PERMB_LAST
        SL_EXTRA=()
        RUNS=$RUNS_SAVE
        rm -f "$f"
    done
done
cost_lines=""
for fmt in yaml json; do
    cost_lines="$cost_lines
- cost per MB, generated $fmt (stacklint -j1): 1 MB ${COST[$fmt,1]} ms, 10 MB ${COST[$fmt,10]} ms, 50 MB ${COST[$fmt,50]} ms; 50 MB / 1 MB = $(awk -v a="${COST[$fmt,50]}" -v b="${COST[$fmt,1]}" 'BEGIN{printf "%.2f", a/b}')× (linear: 1.00×)"
done

# 5,000 units = 10,000 queues (each work queue has a dead-letter queue), their
# alarms and roles: the
# SQS001 lookup and the reference graph must stay linear.
f="$WORK/queues-10k.yaml"
"$GEN" yaml 5000u >"$f"
nq=$(grep -c 'Type: AWS::SQS::Queue' "$f")
bench_files "$nq queues + alarms (YAML)" "$(wc -c <"$f")" "$f"
rm -f "$f"

# The rule set against an earlier version of stacklint on the same corpus:
# BENCH_BEFORE is a commit (default: the last one before the security
# baseline, issue 13, added its rules), built once into build/bench/before/.
# Both binaries lint the corpus with -j1, alternately, RUNS times each.
BENCH_BEFORE=${BENCH_BEFORE:-13383c4}
before_line="the rule set against $BENCH_BEFORE: not measured (no corpus, or that commit is not in this clone)"
if [ -d ../shared/corpus ] && git cat-file -e "$BENCH_BEFORE^{commit}" 2>/dev/null; then
    bdir=build/bench/before
    if [ "$(cat "$bdir/.commit" 2>/dev/null)" != "$(git rev-parse "$BENCH_BEFORE")" ]; then
        rm -rf "$bdir" && mkdir -p "$bdir"
        git archive "$BENCH_BEFORE" | tar -x -C "$bdir"
        cp -r deps/node_modules "$bdir/deps/"     # the same pinned grammar; no second download
        cp deps/.installed-lock "$bdir/deps/" 2>/dev/null || true
        make -C "$bdir" -s build/stacklint >/dev/null
        git rev-parse "$BENCH_BEFORE" >"$bdir/.commit"
    fi
    : >"$WORK/before" && : >"$WORK/after"
    for _ in $(seq "$RUNS"); do
        "$MEASURE" -n 1 -o /dev/null -- "$bdir/build/stacklint" -j1 -q --fail-on none "${files[@]}" >>"$WORK/before"
        "$MEASURE" -n 1 -o /dev/null -- "$SL" -j1 -q --fail-on none "${files[@]}" >>"$WORK/after"
    done
    nb=$("$bdir/build/stacklint" --list-rules | tail -n +2 | wc -l)
    na=$("$SL" --list-rules | tail -n +2 | wc -l)
    cb=$(median "$WORK/before" 2) ca=$(median "$WORK/after" 2)
    before_line="the rule set on the corpus (-j1, CPU, median of $RUNS alternating runs): $nb rules at $BENCH_BEFORE $(awk -v c="$cb" 'BEGIN{printf "%.3f", c}') s; $na rules now $(awk -v c="$ca" 'BEGIN{printf "%.3f", c}') s; $(awk -v a="$ca" -v b="$cb" 'BEGIN{printf "%+.1f%%", (a/b-1)*100}')"
fi

measure 21 "$SL" --version
startup=$(awk -v w="$W" 'BEGIN{printf "%.1f", w*1000}')
measure 21 "$SL" -q examples/orders-service/template.yaml
small=$(awk -v w="$W" 'BEGIN{printf "%.1f", w*1000}')

# The language server: a one-character edit in the middle of a 500 KB template,
# from didChange sent to publishDiagnostics received (bench/lsp_bench.js).
lsp_lines=""
for fmt in yaml json; do
    f="$WORK/lsp-500kb.$fmt"
    "$GEN" "$fmt" 512000 >"$f"
    lsp_lines="$lsp_lines
- \`stacklint lsp\`, re-lint after a small edit (goal < 20 ms): $(node bench/lsp_bench.js "$SL" "$f" 41)"
    rm -f "$f"
done

{
    cat "$WORK/head"
    echo
    echo "Generated by \`make bench\` (bench/run.sh). Medians of $RUNS runs (3 for 50 MB); stacklint runs"
    echo "with \`-j1\` in the table so it compares with the single-threaded floor: reading and"
    echo "parsing the same files with libyaml's event API / tree-sitter-json and nothing else."
    echo "The ratio is given for wall time and for CPU time (user + system): on a shared machine"
    echo "the CPU ratio is the steadier one, since waiting for a core does not count in it."
    echo "Load average (1, 5, 15 min) when the run started: $LOAD_BEFORE; when it ended: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)."
    cat "$WORK/table"
    echo
    echo "- $corpus_par"
    echo "- $before_line"
    echo "- the 50 MB rows run stacklint with \`${BIG_LIMITS[*]}\`: the generated files have more nodes"
    echo "  than the default limit of 4,000,000, and a row must measure linting the whole file"
    if [ -n "$LIMIT_HITS" ]; then
        echo "- WARNING: rows that hit a limit (they measure reading up to it, not linting):$LIMIT_HITS"
    fi
    echo "${cost_lines#?}"
    echo "- time per MB (stacklint -j1):$PERMB"
    echo "- start-up (\`--version\`, median of 21): ${startup} ms"
    echo "- one small template (pre-commit case, median of 21): ${small} ms"
    echo "${lsp_lines#?}"
} >"$OUT"
echo
tail -n 6 "$OUT"
echo "results written to $OUT"
