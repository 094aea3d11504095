#!/bin/sh
# deps.sh — installs what stacklint needs to build, and nothing else.
#
#   scripts/deps.sh build   C libraries (Debian packages) and the pinned
#                           tree-sitter-json grammar sources (npm, lockfile)
#   scripts/deps.sh fuzz    additionally clang and its libFuzzer runtime
#                           (make fuzz, and the fuzz part of make test)
#   scripts/deps.sh test    additionally clang, valgrind and the test clients:
#                           the Microsoft SARIF validator, ajv (npm, lockfile),
#                           a sanitizer runtime,
#                           and the real clients of the integrations: Neovim
#                           (its built-in LSP client), pre-commit and git, and
#                           python3-yaml (tests/integrations/run_action.py)
#
# Idempotent and quiet when everything is present. Debian packages are
# installed with apt-get when missing (root, or sudo without a password).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-build}

say() { printf 'deps: %s\n' "$*" >&2; }

apt_install() {
    missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    say "installing Debian packages:$missing"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo -n"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null || { say "apt-get update failed"; exit 2; }
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
        { say "could not install:$missing"; exit 2; }
}

npm_ci() {     # npm_ci DIR: installs DIR/package-lock.json exactly, without install scripts
    dir=$1
    if [ -f "$dir/node_modules/.package-lock.json" ] &&
        cmp -s "$dir/package-lock.json" "$dir/.installed-lock" 2>/dev/null; then
        return 0
    fi
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    say "installing pinned npm packages in ${dir#"$here"/}"
    (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null 2>&1) ||
        (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) ||
        { say "npm ci failed in $dir"; exit 2; }
    cp "$dir/package-lock.json" "$dir/.installed-lock"
}

apt_install gcc make pkg-config libyaml-dev libcjson-dev libtree-sitter-dev
npm_ci "$here/deps"

if [ "$what" = fuzz ] || [ "$what" = test ]; then
    apt_install clang libclang-rt-14-dev
fi
if [ "$what" = test ]; then
    npm_ci "$here/tests/tools"
    apt_install neovim pre-commit git python3-yaml valgrind
fi
