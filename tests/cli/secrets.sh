#!/usr/bin/env bash
# secrets.sh — REF002 never repeats a secret: not in any output format, not
# in the language server's diagnostics' messages. The secrets are those
# written in fixtures/REF002/bad-literal-secrets.yaml.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli secrets"
cd "$ROOT" || exit 2

f=fixtures/REF002/bad-literal-secrets.yaml
secrets='hunter2-but-longer|ChangeMe-2024|abc123|/partner/api-key'
for format in text json sarif github; do
    sl --no-config --format "$format" --fail-on none "$f"
    n=$(grep -c 'REF002\|plaintext-secret' "$OUT")
    if [ "$RC" -eq 0 ] && [ "$n" -gt 0 ] && ! grep -qE "$secrets" "$OUT" "$ERR"; then
        pass "REF002 --format $format: findings reported, no secret repeated"
    else
        fail "REF002 --format $format: findings reported, no secret repeated" \
            "$(grep -nE "$secrets" "$OUT" "$ERR" | head -n 5; show_run | head -c 800)"
    fi
done

# no finding spans a secret: its fingerprint (a hash of the text it covers,
# in baselines and SARIF) stays the same when the secrets change
sl --no-config --format json --fail-on none "$f"
fps() { node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(a.filter(f => f.rule === "REF002").map(f => f.fingerprint).join(" "))' <"$OUT"; }
before=$(fps)
sed -e 's/hunter2-but-longer/another-password/' -e 's/ChangeMe-2024/Other-2025/' \
    -e 's/abc123/xyz789/' -e 's|/partner/api-key|/partner/other-key|' "$f" >"$T/other.yaml"
sl --no-config --format json --fail-on none "$T/other.yaml"
after=$(fps)
[ "$(echo "$before" | wc -w)" -eq 5 ] && [ "$before" = "$after" ]
check $? "REF002: the five fingerprints do not depend on the secrets" "before: $before
after:  $after"
exit 0
