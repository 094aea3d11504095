#!/usr/bin/env bash
# valgrind-quick.sh — the part of `make valgrind` that every `make test`
# runs: a few stacklint invocations over all the fixtures (every rule, the
# suppression filter, each output format, a baseline, declarative rules,
# standard input) under valgrind memcheck. A memory error or a definite or
# indirect leak fails. The whole suite under valgrind is tests/valgrind.sh.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 2
need_stacklint "valgrind"
if ! command -v valgrind >/dev/null; then
    fail "valgrind" "valgrind is not installed (scripts/deps.sh test)"
    exit 0
fi
real=${STACKLINT_WRAPPED:-$STACKLINT}     # not twice under valgrind
VG=(valgrind --quiet --error-exitcode=97 --leak-check=full
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
    --num-callers=30)
SL_TIMEOUT=300

# vg NAME WANT_RC ARGS...: stacklint ARGS under memcheck
vg() {
    local name="memcheck: $1" want=$2
    shift 2
    run "${VG[@]}" --log-file="$T/vg.log" "$real" "$@"
    if [ "$RC" -eq "$want" ] && [ ! -s "$T/vg.log" ]; then
        pass "$name"
    else
        fail "$name" "expected exit $want, got $RC
$(head -n 40 "$T/vg.log")
$(show_run)"
    fi
}

vg "all fixtures, JSON" 0 --format json --fail-on none --report-unused-suppressions fixtures
vg "all fixtures, SARIF, 1 job" 0 --format sarif --fail-on none -j 1 fixtures
vg "all fixtures, text and GitHub" 0 --format github --fail-on none fixtures examples
vg "write a baseline" 0 --write-baseline "$T/baseline.json" fixtures
vg "lint against the baseline" 0 --baseline "$T/baseline.json" --format text fixtures
vg "declarative rules" 1 --rules examples/rules --format json examples
run cat fixtures/SQS001/bad-*.yaml
cp "$OUT" "$T/stdin.yaml"
run "${VG[@]}" --log-file="$T/vg.log" "$real" --stdin-filename q.yaml - <"$T/stdin.yaml"
if { [ "$RC" -eq 0 ] || [ "$RC" -eq 1 ]; } && [ ! -s "$T/vg.log" ]; then
    pass "memcheck: standard input"
else
    fail "memcheck: standard input" "exit $RC
$(head -n 40 "$T/vg.log")"
fi
vg "--list-rules" 0 --list-rules --format json
vg "--explain" 0 --explain IAM001
vg "--print-config" 0 --print-config
exit 0
