#!/usr/bin/env bash
# readme-tables.sh — the README's generated tables, from the rule pages.
#
#   scripts/readme-tables.sh GEN_RULES          rewrite README.md in place
#   scripts/readme-tables.sh GEN_RULES --check  exit 1 when README.md is stale
#
# GEN_RULES is the built tools/gen_rules.c. Between each pair of markers
#   <!-- BEGIN NAME: ... -->  and  <!-- END NAME -->
# it writes what `GEN_RULES --NAME rules/*.md` prints: the rules table and
# the peer-equivalents tables. `make docs` runs it.
set -euo pipefail
gen=$1
mode=${2:-}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp README.md "$tmp/README.md"
for name in rules-table equivalents-table; do
    "$gen" "--$name" rules/*.md >"$tmp/$name.md"
    awk -v name="$name" -v body="$tmp/$name.md" '
        index($0, "<!-- BEGIN " name ":") == 1 { print; while ((getline l < body) > 0) print l; skip = 1; next }
        index($0, "<!-- END " name " -->") == 1 { skip = 0 }
        !skip { print }' "$tmp/README.md" >"$tmp/README.new"
    grep -q "<!-- END $name -->" "$tmp/README.new" || { echo "README.md: no markers for $name" >&2; exit 2; }
    mv "$tmp/README.new" "$tmp/README.md"
done
if [ "$mode" = --check ]; then
    if ! cmp -s README.md "$tmp/README.md"; then
        diff README.md "$tmp/README.md" | head -20 >&2
        exit 1
    fi
    exit 0
fi
cp "$tmp/README.md" README.md
