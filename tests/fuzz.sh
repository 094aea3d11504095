#!/usr/bin/env bash
# fuzz.sh — the libFuzzer harnesses (fuzz/, built by make into build/fuzz/)
# under ASan + UBSan, briefly, on every `make test`:
#
#   1. every input in fuzz/regressions/<name>/ (each once crashed a harness;
#      the code was fixed) runs again and must pass: fast and deterministic;
#   2. each harness fuzzes for FUZZ_TEST_TIME seconds (default 10) from a
#      small seed set (fuzz/seeds.sh, 40 files), so a new crash, leak,
#      sanitizer report or invariant failure fails the suite.
#
# The long runs are `make fuzz` (fuzz/README.md, fuzz/RESULTS.md).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 2
FUZZ_TEST_TIME=${FUZZ_TEST_TIME:-10}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

for h in yaml json model iam vars lsp; do
    bin=build/fuzz/$h
    if [ ! -x "$bin" ]; then
        fail "fuzz $h" "$bin does not exist (make fuzz-build; needs clang)"
        continue
    fi
    dict=fuzz/cfn.dict
    [ "$h" = lsp ] && dict=fuzz/lsp.dict

    # 1. regressions
    regs=()
    if [ -d "fuzz/regressions/$h" ]; then
        while IFS= read -r f; do regs+=("$f"); done < <(find "fuzz/regressions/$h" -type f | LC_ALL=C sort)
    fi
    if [ "${#regs[@]}" -gt 0 ]; then
        rc=0
        timeout -k 5 120 "$bin" -timeout=20 "${regs[@]}" >"$T/$h.replay" 2>&1 || rc=$?
        if [ "$rc" -eq 0 ]; then
            pass "fuzz $h: regression inputs replay clean (${#regs[@]})"
        else
            fail "fuzz $h: regression inputs replay clean (${#regs[@]})" "exit $rc:
$(grep -E -m 1 -B 2 -A 12 'ERROR|runtime error|invariant|SUMMARY' "$T/$h.replay")"
        fi
    fi

    # 2. a short run
    seeds=$T/seeds-$h corpus=$T/corpus-$h art=$T/art-$h/
    mkdir -p "$corpus" "$art"
    fuzz/seeds.sh "$h" "$seeds" 40
    rc=0
    timeout -k 5 $((FUZZ_TEST_TIME + 60)) "$bin" -max_total_time="$FUZZ_TEST_TIME" -timeout=20 \
        -rss_limit_mb=4096 -max_len=16384 -print_final_stats=1 -dict="$dict" \
        -artifact_prefix="$art" "$corpus" "$seeds" >"$T/$h.log" 2>&1 || rc=$?
    execs=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$T/$h.log" | tail -n 1)
    name="fuzz $h: ${FUZZ_TEST_TIME} s under ASan+UBSan"
    if [ "$rc" -eq 0 ]; then
        pass "$name"
        printf '      (%s executions)\n' "${execs:-?}"
    else
        saved=$(ls "$art" 2>/dev/null | head -n 1)
        if [ -n "$saved" ]; then
            mkdir -p build/fuzz/found/"$h"
            cp "$art$saved" build/fuzz/found/"$h"/
            saved="input saved as build/fuzz/found/$h/$saved"
        fi
        fail "$name" "exit $rc; $saved
$(grep -E -m 1 -B 2 -A 14 'ERROR|runtime error|invariant|SUMMARY' "$T/$h.log")"
    fi
done
exit 0
