#!/usr/bin/env bash
# fuzz/run.sh — `make fuzz`: runs each libFuzzer harness (build/fuzz/<name>)
# for FUZZ_TIME seconds (default 60) at low priority, one after the other.
#
#   FUZZ=yaml        run only this harness (several: FUZZ="yaml json")
#   FUZZ_TIME=600    seconds per harness
#   FUZZ_JOBS=2      harnesses run at once (default 1)
#   FUZZ_ARGS=...    extra libFuzzer flags (e.g. -max_len=100000)
#
# The working corpus of each harness is kept in build/fuzz/corpus/<name>/
# (it grows run after run); seeds come from fixtures/ and ../shared/corpus/
# (fuzz/seeds.sh). A crash leaves its input in build/fuzz/artifacts/<name>/:
# fix the code, then add the input to fuzz/regressions/<name>/ (tests/fuzz.sh
# replays every file there on each `make test`). Each run's log is
# build/fuzz/logs/<name>.log; a summary line per harness goes to stdout and
# build/fuzz/results.tsv.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
ALL="yaml json model iam vars lsp"
HARNESSES=${FUZZ:-$ALL}
FUZZ_TIME=${FUZZ_TIME:-60}
FUZZ_JOBS=${FUZZ_JOBS:-1}
mkdir -p build/fuzz/logs
results=build/fuzz/results.tsv
[ -f "$results" ] || printf 'date\tharness\tseconds\texecs\texecs_per_s\tcorpus_units\tnew_files\tcov\tresult\n' >"$results"

dict_of() {
    case $1 in
    lsp) echo fuzz/lsp.dict ;;
    *) echo fuzz/cfn.dict ;;
    esac
}

one() {
    local h=$1 bin=build/fuzz/$1 log=build/fuzz/logs/$1.log rc=0 start took
    if [ ! -x "$bin" ]; then
        echo "fuzz $h: $bin is missing (make fuzz-build)"
        return 1
    fi
    mkdir -p "build/fuzz/corpus/$h" "build/fuzz/artifacts/$h"
    rm -rf "build/fuzz/seeds/$h"
    fuzz/seeds.sh "$h" "build/fuzz/seeds/$h"
    start=$(date +%s)
    # shellcheck disable=SC2086
    nice -n 19 "$bin" -max_total_time="$FUZZ_TIME" -timeout=20 -rss_limit_mb=4096 \
        -max_len=65536 -print_final_stats=1 -dict="$(dict_of "$h")" \
        -artifact_prefix="build/fuzz/artifacts/$h/" ${FUZZ_ARGS:-} \
        "build/fuzz/corpus/$h" "build/fuzz/seeds/$h" fuzz/regressions/"$h" >"$log" 2>&1 || rc=$?
    took=$(( $(date +%s) - start ))
    # units: libFuzzer's corpus after the run (seeds that add coverage and
    # new inputs); new files: what build/fuzz/corpus/<name>/ holds in all
    local execs cov units files result
    execs=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log" | tail -n 1)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
    units=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -n 1 | cut -d' ' -f2)
    files=$(find "build/fuzz/corpus/$h" -type f | wc -l)
    if [ "$rc" -eq 0 ]; then
        result=ok
    else
        result="FOUND (exit $rc): $(ls -t "build/fuzz/artifacts/$h" | head -n 1)"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$h" "$took" "${execs:-?}" \
        "$(( ${execs:-0} / (took > 0 ? took : 1) ))" "${units:-?}" "$files" "${cov:-?}" "$result" >>"$results"
    printf 'fuzz %-6s %5ss  %10s execs  corpus %s units (%s new files)  cov %s  %s\n' "$h" "$took" \
        "${execs:-?}" "${units:-?}" "$files" "${cov:-?}" "$result"
    [ "$rc" -eq 0 ]
}

failed=0
running=0
for h in $HARNESSES; do
    case " $ALL " in *" $h "*) ;; *) echo "fuzz: no harness '$h' (have: $ALL)"; exit 2 ;; esac
    if [ "$FUZZ_JOBS" -gt 1 ]; then
        one "$h" &
        running=$((running + 1))
        if [ "$running" -ge "$FUZZ_JOBS" ]; then
            wait -n || failed=1
            running=$((running - 1))
        fi
    else
        one "$h" || failed=1
    fi
done
while [ "$running" -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
done
exit "$failed"
