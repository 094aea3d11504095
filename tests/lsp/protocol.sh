#!/usr/bin/env bash
# tests/lsp/protocol.sh — the language server at the protocol level: lifecycle,
# text synchronisation (full and incremental, in UTF-16, UTF-8 and UTF-32
# positions), diagnostics, hover, code actions, coalescing, and malformed or
# hostile input. tests/lsp/protocol.js drives `stacklint lsp`; this script runs
# it against the release build and the sanitizer build and records each test.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "lsp protocol"

# protocol_run LABEL BINARY: each "ok - NAME" / "not ok - NAME" line becomes a result
protocol_run() {
    local label=$1 bin=$2 log=$T/protocol.$1.log why="" line
    SL_TIMEOUT=120 run node "$ROOT/tests/lsp/protocol.js" "$bin"
    cat "$OUT" "$ERR" >"$log"
    while IFS= read -r line; do
        case $line in
            "# "*) why="$why${line#\# }"$'\n' ;;
            "ok - "*) pass "lsp/$label: ${line#ok - }"; why="" ;;
            "not ok - "*) fail "lsp/$label: ${line#not ok - }" "$why"; why="" ;;
        esac
    done <"$OUT"
    if [ "$RC" -ne 0 ] && ! grep -q '^not ok - ' "$OUT"; then
        fail "lsp/$label: protocol.js" "$(show_run)"
    fi
}

protocol_run release "$STACKLINT"
if [ -x "$STACKLINT_ASAN" ]; then
    # the sanitizer build aborts on memory errors and leaks; the tests see the crash
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86} protocol_run asan "$STACKLINT_ASAN"
else
    skip "lsp/asan" "$STACKLINT_ASAN not built (make asan)"
fi
