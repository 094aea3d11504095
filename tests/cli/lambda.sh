#!/usr/bin/env bash
# lambda.sh — the Lambda rules' command-line contract: --as-of (and the as-of
# configuration key), LMB004's severities and its compiled-in data, and that
# LMB005 never prints a secret it found.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli lambda"
cd "$ROOT" || exit 2

# --- --as-of ------------------------------------------------------------------------
for bad in 2026-02-29 2026-13-01 26-11-21 2026/11/21 today 2026-11-21x ""; do
    sl --as-of "$bad" fixtures/LMB004/good-current.yaml
    [ "$RC" -eq 2 ] && grep -q "as-of needs a date written YYYY-MM-DD" "$ERR" && [ ! -s "$OUT" ]
    check $? "--as-of '$bad' is a usage error (exit 2, says the form)" "$(show_run)"
done
sl --as-of 2024-02-29 fixtures/LMB004/good-current.yaml
expect_rc "--as-of accepts a leap day" 0
sl --help
grep -q -- "--as-of DATE" "$OUT"
check $? "--help documents --as-of" "$(show_run)"
grep -q -- 'as\\-of' docs/stacklint.1
check $? "the man page documents --as-of" "docs/stacklint.1 does not mention --as-of"

# The date decides: nodejs18.x was deprecated on 2025-09-01.
f=fixtures/LMB004/good-before-deprecation.yaml
sl --format json --as-of 2025-08-31 "$f"
expect_rc "no LMB004 the day before the deprecation date" 0
sl --format json --fail-on none --as-of 2025-09-01 "$f"
grep -q '"rule":[[:space:]]*"LMB004"' "$OUT" && grep -q '"severity":[[:space:]]*"warning"' "$OUT"
check $? "an LMB004 warning on the deprecation date" "$(show_run)"
sl --format json --fail-on none --as-of 2027-02-01 "$f"
grep -q '"severity":[[:space:]]*"error"' "$OUT" && grep -q 'refuses to create' "$OUT"
check $? "an LMB004 error once creating functions with the runtime is blocked" "$(show_run)"
grep -q 'nodejs24.x' "$OUT"
check $? "the LMB004 message names the successor runtime" "$(show_run)"

# Default: today (UTC), the same as naming today's date.
today=$(date -u +%F)
sl --format json --fail-on none --no-config fixtures/LMB004/bad-deprecated.yaml
cp "$OUT" "$T/default.json"
sl --format json --fail-on none --no-config --as-of "$today" fixtures/LMB004/bad-deprecated.yaml
expect_same "without --as-of, dates are judged as of today ($today, UTC)" "$T/default.json" "$OUT"

# A configured severity wins over the error LMB004 raises for blocked runtimes.
printf 'rules:\n  LMB004: note\n' >"$T/note.yaml"
sl --format json --fail-on none --config "$T/note.yaml" --as-of 2026-11-21 fixtures/LMB004/bad-deprecated.yaml
! grep -q '"severity":[[:space:]]*"error"' "$OUT" && grep -q '"severity":[[:space:]]*"note"' "$OUT"
check $? "rules: {LMB004: note} makes every LMB004 finding a note" "$(show_run)"

# as-of in .stacklint.yaml; the command line wins.
printf 'as-of: 2025-08-31\n' >"$T/asof.yaml"
sl --format json --config "$T/asof.yaml" "$f"
expect_rc "as-of in the configuration sets the date" 0
sl --format json --fail-on none --config "$T/asof.yaml" --as-of 2025-09-01 "$f"
grep -q '"rule":[[:space:]]*"LMB004"' "$OUT"
check $? "--as-of wins over the configuration's as-of" "$(show_run)"
sl --print-config --config "$T/asof.yaml"
grep -q "^as-of: 2025-08-31  # .*asof.yaml:1:" "$OUT"
check $? "--print-config shows as-of and where it came from" "$(show_run)"
sl --print-config --no-config
grep -q "^as-of: today  # default" "$OUT"
check $? "--print-config shows the default as-of (today)" "$(show_run)"
printf 'as-of: 2025-02-30\n' >"$T/badasof.yaml"
sl --config "$T/badasof.yaml" "$f"
[ "$RC" -eq 2 ] && grep -q "badasof.yaml:1:.*as-of needs a date written YYYY-MM-DD" "$ERR"
check $? "a bad as-of in the configuration is an error at its line (exit 2)" "$(show_run)"

# --- the compiled-in runtime lifecycle --------------------------------------------------
sl --version --verbose
grep -q "^lambda runtime lifecycle: .*cfn-lint.*commit [0-9a-f]\{8\}.*, [0-9][0-9]* runtimes$" "$OUT"
check $? "--version --verbose names the Lambda runtime data, its source and its size" "$(show_run)"

data=${LAMBDA_RUNTIME_JSON:-$ROOT/../shared/data/lambda-runtime-lifecycle.json}
if [ -f "$data" ]; then
    gen=$T/gen_lambda_runtimes
    if cc -std=c11 -O1 $(pkg-config --cflags libcjson 2>/dev/null) -o "$gen" tools/gen_lambda_runtimes.c \
        $(pkg-config --libs libcjson 2>/dev/null || echo -lcjson) 2>"$T/cc.err"; then
        "$gen" "$data" "$(dirname "$data")/SOURCES.md" >"$T/data.c" 2>"$T/gen.err"
        expect_same "checks/lambda_runtime_data.c is what make regen-lambda-runtimes makes from the data" \
            checks/lambda_runtime_data.c "$T/data.c"
    else
        fail "tools/gen_lambda_runtimes.c builds" "$(cat "$T/cc.err")"
    fi
else
    skip "checks/lambda_runtime_data.c matches the data" "$data is not here (a clone without ../shared)"
fi

# --- LMB005 never prints a secret -----------------------------------------------------------
secrets=(hunter2-Prod-Value-7781 sk_live_51HfakeFAKEfake0000 oauth-client-secret-9f2c AKIAZ7Q4EXAMPLE2XK3M
         dev-session-token-1234 MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu
         xoxb-000000000000-fake-token-value correct-horse-battery SG.fakefakefake.fakefakefake
         whsec_fake_0123456789)
files=(fixtures/LMB005/bad-literal-secrets.yaml fixtures/LMB005/bad-literal-secrets.json
       fixtures/LMB005/bad-sam-globals.yaml fixtures/LMB005/bad-serverless.yml)
for fmt in text json sarif github; do
    sl --format "$fmt" --fail-on none "${files[@]}"
    n=$(grep -c 'LMB005\|secret-in-environment' "$OUT")
    leaked=""
    for s in "${secrets[@]}"; do
        grep -qF -- "$s" "$OUT" "$ERR" && leaked+=" $s"
    done
    [ "$RC" -eq 0 ] && [ "$n" -gt 0 ] && [ -z "$leaked" ]
    check $? "LMB005 reports ($fmt) name the variables and never contain a value" \
        "findings: $n, values printed:${leaked:-none}; $(show_run)"
done
sl --format json --fail-on none "${files[@]}"
for name in DB_PASSWORD stripeApiKey UPLOADER_ID SIGNING_CERT SLACK_TOKEN WEBHOOK_SECRET; do
    grep -q "environment variable '$name'" "$OUT" || { fail "LMB005 names variable $name" "$(show_run)"; continue; }
    pass "LMB005 names variable $name"
done
sl --fail-on none --write-baseline "$T/baseline.json" "${files[@]}"
leaked=""
for s in "${secrets[@]}"; do grep -qF -- "$s" "$T/baseline.json" && leaked+=" $s"; done
[ -z "$leaked" ]
check $? "a baseline of LMB005 findings holds no secret value" "printed:$leaked"
