#!/usr/bin/env bash
# tests/lsp/neovim.sh — the language server with a real editor: Debian's Neovim
# (0.7, installed by `scripts/deps.sh test`) runs headless with its built-in LSP
# client and tests/lsp/neovim.lua, which opens copies of tests/lsp/data/, edits
# the buffers and checks the diagnostics, hover and code action Neovim received.
# Runs against the release build and the sanitizer build.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "lsp neovim"
if ! command -v nvim >/dev/null 2>&1; then
    fail "lsp/neovim" "nvim is not installed (scripts/deps.sh test installs Debian's neovim)"
    exit 0
fi

# neovim_run LABEL BINARY
neovim_run() {
    local label=$1 bin=$2 dir=$T/nvim-$1 line why=""
    mkdir -p "$dir/data" "$dir/home"
    cp "$ROOT"/tests/lsp/data/* "$dir/data/"
    # a private HOME and XDG dirs: no user configuration, logs stay in the scratch dir
    HOME=$dir/home XDG_CONFIG_HOME=$dir/home XDG_DATA_HOME=$dir/home XDG_STATE_HOME=$dir/home \
        XDG_CACHE_HOME=$dir/home STACKLINT=$bin DATA=$dir/data RESULT=$dir/result \
        SL_TIMEOUT=120 run nvim --headless --clean -n -c "luafile $ROOT/tests/lsp/neovim.lua"
    if [ ! -s "$dir/result" ]; then
        fail "lsp/neovim-$label: Neovim ran the test" "$(show_run)"
        return
    fi
    while IFS= read -r line; do
        case $line in
            "# "*) why="$why${line#\# }"$'\n' ;;
            "ok - "*) pass "lsp/neovim-$label: ${line#ok - }"; why="" ;;
            "not ok - "*) fail "lsp/neovim-$label: ${line#not ok - }" "$why"; why="" ;;
        esac
    done <"$dir/result"
    if [ "$RC" -ne 0 ]; then
        fail "lsp/neovim-$label: Neovim exited cleanly" "$(show_run)"
    fi
    # the source files were never written: everything happened in buffers
    for f in "$ROOT"/tests/lsp/data/*; do
        cmp -s "$f" "$dir/data/${f##*/}" || fail "lsp/neovim-$label: ${f##*/} unchanged on disk"
    done
}

neovim_run release "$STACKLINT"
if [ -x "$STACKLINT_ASAN" ]; then
    neovim_run asan "$STACKLINT_ASAN"
else
    skip "lsp/neovim-asan" "$STACKLINT_ASAN not built (make asan)"
fi
