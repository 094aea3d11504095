#!/usr/bin/env bash
# github-action.sh — the "Run stacklint" step of action.yml.
#
# Environment (set by the runner from the action's inputs):
#   INPUT_PATHS        files/directories, separated by newlines if any, else spaces
#   INPUT_CONFIG       a configuration file for --config, or empty
#   INPUT_FAIL_ON      error | warning | note | none
#   INPUT_SARIF_FILE   where to write SARIF, or empty
#   GITHUB_ACTION_PATH this repository (stacklint is built in build/)
#   GITHUB_OUTPUT      the step's outputs file
# Runs in the workspace, so SARIF URIs and annotations are relative to it.
# Exit status: 0 clean, 1 a finding at or above INPUT_FAIL_ON, 2 bad input.
set -euo pipefail
sl=$GITHUB_ACTION_PATH/build/stacklint

paths=()
if [[ ${INPUT_PATHS:-} == *$'\n'* ]]; then
    while IFS= read -r p; do
        p=${p%$'\r'}
        [ -n "${p//[[:space:]]/}" ] && paths+=("$p")
    done <<<"$INPUT_PATHS"
else
    read -r -a paths <<<"${INPUT_PATHS:-}" || true
fi
[ "${#paths[@]}" -gt 0 ] || paths=(.)

common=()
if [ -n "${INPUT_CONFIG:-}" ]; then
    common+=(--config "$INPUT_CONFIG")
fi

if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    case $INPUT_SARIF_FILE in */*) mkdir -p -- "${INPUT_SARIF_FILE%/*}" ;; esac
    rc=0
    "$sl" "${common[@]}" --format sarif --output "$INPUT_SARIF_FILE" --fail-on none --quiet \
        -- "${paths[@]}" || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "::error::stacklint could not write the SARIF report (exit $rc)"
        exit "$rc"
    fi
    echo "sarif-file=$INPUT_SARIF_FILE" >>"${GITHUB_OUTPUT:-/dev/null}"
else
    echo "sarif-file=" >>"${GITHUB_OUTPUT:-/dev/null}"
fi

# annotations on the pull request; the exit status decides the step
exec "$sl" "${common[@]}" --format github --fail-on "${INPUT_FAIL_ON:-warning}" -- "${paths[@]}"
