#!/usr/bin/env bash
# iam.sh — the IAM action catalog as the command line shows it: its version
# and size in --version --verbose, and --explain for every IAM and
# resource-policy rule.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli iam"
cd "$ROOT" || exit 2

sl --version --verbose
pinned=$(sed -n 's/.*"@cloud-copilot\/iam-data": "\([^"]*\)".*/\1/p' tools/iam-data/package.json)
if [ "$RC" -eq 0 ] && grep -q "iam-data $pinned, [0-9]* services, [0-9]* actions" "$OUT"; then
    pass "--version --verbose names the IAM catalog version ($pinned) and its action count"
else
    fail "--version --verbose names the IAM catalog version ($pinned) and its action count" "$(show_run)"
fi

for doc in rules/IAM0*.md rules/RES0*.md; do
    id=$(basename "$doc" .md)
    sl --explain "$id"
    if [ "$RC" -eq 0 ] && grep -q "## What it checks" "$OUT" && grep -q "Unknown values\|unknown" "$OUT"; then
        pass "--explain $id prints its page, which says how unknown values are treated"
    else
        fail "--explain $id prints its page, which says how unknown values are treated" "$(show_run | head -c 600)"
    fi
done
