# lib.sh — the small harness every test script sources (tests/run runs them).
#
#   pass NAME            record a passed test
#   fail NAME WHY...     record a failed test; WHY may span lines (it is indented)
#   skip NAME WHY        record a skipped test (printed, never silent)
#   run CMD ARGS...      run with a time limit: exit code in $RC, output in the
#                        files $OUT and $ERR (stdin is passed through)
#   sl ARGS...           run "$STACKLINT" ARGS... the same way
#   findings_tsv         JSON findings (stdin) -> "line<TAB>rule<TAB>message" lines
#
# Results are appended to $TEST_RESULTS, one "P|F|S<TAB>name" line each, so that
# tests/run can total scripts that run as separate processes. A script run on
# its own (bash tests/cli/exit-codes.sh) gets its own results file and prints
# its totals when it exits.

set -u

if [ -z "${ROOT:-}" ]; then
    ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fi
export ROOT
STACKLINT=${STACKLINT:-build/stacklint}
case $STACKLINT in /*) ;; *) STACKLINT=$ROOT/$STACKLINT ;; esac
STACKLINT_ASAN=${STACKLINT_ASAN:-build/asan/stacklint}
case $STACKLINT_ASAN in /*) ;; *) STACKLINT_ASAN=$ROOT/$STACKLINT_ASAN ;; esac
export STACKLINT STACKLINT_ASAN
SL_TIMEOUT=${SL_TIMEOUT:-30}           # seconds per stacklint run

if [ -z "${TEST_RESULTS:-}" ]; then    # running one script by itself
    TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/stacklint-test.XXXXXX")
    TEST_RESULTS=$TEST_TMP/results
    : >"$TEST_RESULTS"
    _lib_standalone_end() {
        local p f s
        p=$(grep -c '^P' "$TEST_RESULTS")
        f=$(grep -c '^F' "$TEST_RESULTS")
        s=$(grep -c '^S' "$TEST_RESULTS")
        rm -rf "$TEST_TMP"
        if [ "$s" -gt 0 ]; then echo "$p passed, $f failed, $s skipped"; else echo "$p passed, $f failed"; fi
        [ "$f" -eq 0 ]
    }
    trap _lib_standalone_end EXIT
fi
export TEST_TMP TEST_RESULTS

# STACKLINT_WRAPPER="valgrind ..." runs every stacklint the tests start under
# that command (make valgrind, tests/valgrind.sh): $STACKLINT becomes a small
# script that execs it, so tests that call "$STACKLINT" directly are covered
# as well as those that use sl. Done once; scripts started later inherit it.
if [ -n "${STACKLINT_WRAPPER:-}" ] && [ -z "${STACKLINT_WRAPPED:-}" ]; then
    _wrapped=$TEST_TMP/stacklint-wrapped
    printf '#!/bin/sh\nexec %s %s "$@"\n' "$STACKLINT_WRAPPER" "'$STACKLINT'" >"$_wrapped"
    chmod +x "$_wrapped"
    STACKLINT_WRAPPED=$STACKLINT
    STACKLINT=$_wrapped
    export STACKLINT STACKLINT_WRAPPED
fi

# Each script gets its own scratch directory inside TEST_TMP.
T=$(mktemp -d "$TEST_TMP/t.XXXXXX")
OUT=$T/stdout
ERR=$T/stderr
RC=0

pass() {
    printf 'P\t%s\n' "$1" >>"$TEST_RESULTS"
    printf 'ok    %s\n' "$1"
}

fail() {
    local name=$1
    shift
    printf 'F\t%s\n' "$name" >>"$TEST_RESULTS"
    printf 'FAIL  %s\n' "$name"
    if [ $# -gt 0 ]; then
        printf '%s\n' "$*" | head -n 60 | sed 's/^/      | /'
    fi
}

skip() {
    printf 'S\t%s: %s\n' "$1" "${2:-}" >>"$TEST_RESULTS"
    printf 'skip  %s: %s\n' "$1" "${2:-}"
}

# check STATUS NAME WHY: pass when STATUS (the previous command's $?) is 0.
# Usage: [ "$x" = y ]; check $? "name" "why it failed: $(show_run)"
# The status must be passed in: a command substitution in WHY runs before
# the function does and would overwrite $? (every check would pass).
check() {
    if [ "$1" -eq 0 ]; then pass "$2"; else fail "$2" "${3:-}"; fi
}

run() {
    RC=0
    timeout -k 5 "$SL_TIMEOUT" "$@" >"$OUT" 2>"$ERR" || RC=$?
    if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
        printf 'stacklint tests: timed out after %ss: %s\n' "$SL_TIMEOUT" "$*" >>"$ERR"
    fi
    return 0
}

sl() { run "$STACKLINT" "$@"; }

# What a failed run looked like, for fail messages.
show_run() {
    printf 'exit code %s\n' "$RC"
    if [ -s "$OUT" ]; then printf -- '--- stdout\n'; head -n 20 "$OUT"; fi
    if [ -s "$ERR" ]; then printf -- '--- stderr\n'; head -n 20 "$ERR"; fi
}

# expect_rc NAME WANT: pass when the last run exited WANT.
expect_rc() {
    if [ "$RC" -eq "$2" ]; then pass "$1"; else fail "$1" "expected exit code $2, got $(show_run)"; fi
}

# expect_same NAME EXPECTED-FILE ACTUAL-FILE: pass when identical, else a diff.
expect_same() {
    local d
    if d=$(diff -u --label expected --label actual "$2" "$3"); then
        pass "$1"
    else
        fail "$1" "$d"
    fi
}

# JSON findings on stdin -> one "line<TAB>rule<TAB>message" line per finding.
# Exits 3 with a message on stderr when stdin is not a JSON array.
findings_tsv() {
    node -e '
        let s = "";
        process.stdin.on("data", d => s += d).on("end", () => {
            let a;
            try { a = JSON.parse(s); } catch (e) { console.error("not JSON: " + e.message); process.exit(3); }
            if (!Array.isArray(a)) { console.error("not a JSON array"); process.exit(3); }
            for (const f of a) {
                const line = f && f.start ? f.start.line : "?";
                console.log(`${line}\t${f.rule}\t${String(f.message).replace(/\s+/g, " ")}`);
            }
        });'
}

need_stacklint() {
    if [ ! -x "$STACKLINT" ]; then
        fail "${1:-stacklint binary}" "$STACKLINT does not exist (run make)"
        exit 0
    fi
}
