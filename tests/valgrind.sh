#!/usr/bin/env bash
# valgrind.sh — `make valgrind`: the fixtures and the CLI tests with every
# stacklint run under valgrind memcheck. Any memory error or any definite or
# indirect leak fails: such a run exits 97 (which the test expecting 0 or 1
# reports), and each process's valgrind log is checked at the end, so a
# test that ignores the exit code still cannot hide an error.
#
#   tests/valgrind.sh [SCRIPT...]     default: tests/fixtures.sh tests/cli/*.sh
#
# Ends with "N passed, N failed" like tests/run.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
export ROOT
export STACKLINT=${STACKLINT:-build/stacklint}
command -v valgrind >/dev/null || { echo "valgrind is not installed (scripts/deps.sh test)"; exit 2; }

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/stacklint-vg.XXXXXX")
TEST_RESULTS=$TEST_TMP/results
: >"$TEST_RESULTS"
export TEST_TMP TEST_RESULTS
trap 'rm -rf "$TEST_TMP"' EXIT
VGLOG=$TEST_TMP/vglog
mkdir -p "$VGLOG"
export STACKLINT_WRAPPER="valgrind --quiet --error-exitcode=97 --leak-check=full \
--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
--num-callers=30 --log-file=$VGLOG/%p.log"
export SL_TIMEOUT=${SL_TIMEOUT:-300}      # memcheck is 20-50 times slower
# shellcheck source=tests/lib.sh
. "$ROOT/tests/lib.sh"

start=$SECONDS
scripts=("$@")
[ "${#scripts[@]}" -gt 0 ] || scripts=("$ROOT/tests/fixtures.sh" "$ROOT"/tests/cli/*.sh)
for s in "${scripts[@]}"; do
    printf '\n== %s (under valgrind)\n' "${s#"$ROOT"/}"
    before=$(grep -c '^F' "$TEST_RESULTS")
    rc=0
    bash "$s" || rc=$?
    after=$(grep -c '^F' "$TEST_RESULTS")
    if [ "$rc" -ne 0 ] && [ "$after" -eq "$before" ]; then
        fail "${s#"$ROOT"/}" "the test script itself exited $rc"
    fi
done

printf '\n== valgrind logs\n'
runs=$(find "$VGLOG" -name '*.log' | wc -l)
bad=0
for log in "$VGLOG"/*.log; do
    [ -s "$log" ] || continue
    bad=$((bad + 1))
    [ "$bad" -le 10 ] || continue
    fail "valgrind: process ${log##*/}" "$(head -n 40 "$log")"
done
if [ "$bad" -eq 0 ]; then
    pass "valgrind: $runs stacklint runs without a memory error or leak"
fi
printf '      (%s runs under memcheck, %s with a report; %s s in all)\n' "$runs" "$bad" "$((SECONDS - start))"

passed=$(grep -c '^P' "$TEST_RESULTS")
failed=$(grep -c '^F' "$TEST_RESULTS")
skipped=$(grep -c '^S' "$TEST_RESULTS")
if [ "$failed" -gt 0 ]; then
    printf '\n== failed\n'
    grep '^F' "$TEST_RESULTS" | cut -f2- | sed 's/^/  /'
fi
echo
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
