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

# Many statements with catalog-wide wildcards and Deny guards: each pattern
# is expanded once per document and each statement's facts once, so this
# stays well under a second (it took minutes when every rule re-expanded).
python3 - "$T/many.json" <<'PY'
import json, sys
st = []
for i in range(4000):
    st.append({"Effect": "Allow", "Action": ["*:Get*", "s3:Put*", "ec2:*", "iam:Pass*", "x%d:Y" % i],
               "Resource": "*"})
    st.append({"Effect": "Deny", "Action": ["iam:*"], "Resource": "*",
               "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}})
json.dump({"Version": "2012-10-17", "Statement": st}, open(sys.argv[1], "w"), indent=1)
PY
start=$(date +%s%N)
run "$STACKLINT" -q --fail-on none --format json "$T/many.json"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$RC" -eq 0 ] && [ "$ms" -lt 10000 ]; then
    pass "8,000 IAM statements with catalog-wide wildcards lint in ${ms} ms (limit 10 s)"
else
    fail "8,000 IAM statements with catalog-wide wildcards lint in ${ms} ms (limit 10 s)" "$(show_run | head -c 400)"
fi
