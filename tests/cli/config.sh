#!/usr/bin/env bash
# config.sh — .stacklint.yaml: found by walking up to the repository root or
# named with --config; rules switched off by id, name or tag; severity
# overrides; fail-on and format; include / exclude globs; flags override the
# file; --print-config says where each value came from; every mistake in the
# file is an error at file:line:col with exit 2 and nothing linted.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli config"

APP=$ROOT/tests/cli/filter-data/app.yaml
# repo/ is a repository (it has .git); its configuration is at the top.
mkrepo() {
    rm -rf "$T/repo"
    mkdir -p "$T/repo/.git" "$T/repo/stacks/orders" "$T/repo/legacy"
    cp "$APP" "$T/repo/stacks/orders/app.yaml"
    cp "$APP" "$T/repo/legacy/old.yaml"
    printf '%s\n' "$@" >"$T/repo/.stacklint.yaml"
}
rules_of() { node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(a.map(f => f.rule + ":" + f.severity).sort().join(" "))' <"$OUT"; }

# --- found by walking up ---------------------------------------------------
mkrepo 'rules:' '  S3001: off'
(cd "$T/repo/stacks/orders" && sl --format json app.yaml)
[ "$(rules_of)" = "SQS001:warning" ]
check $? "found in the repository root from a subdirectory: S3001 off" "$(rules_of)"

# A configuration above the repository root does not apply.
mkdir -p "$T/outer/repo/.git"
printf 'rules:\n  S3001: off\n' >"$T/outer/.stacklint.yaml"
cp "$APP" "$T/outer/repo/app.yaml"
(cd "$T/outer/repo" && sl --format json app.yaml && [ "$(rules_of)" = "S3001:error SQS001:warning" ])
check $? "a configuration above the repository root is not used" "$(cd "$T/outer/repo" && sl --format json app.yaml; rules_of)"

# .stacklint.yml works too; --no-config ignores it; --config names one.
rm -rf "$T/yml" && mkdir -p "$T/yml/.git" && cp "$APP" "$T/yml/app.yaml"
printf 'rules:\n  SQS001: off\n' >"$T/yml/.stacklint.yml"
(cd "$T/yml" && sl --format json app.yaml && [ "$(rules_of)" = "S3001:error" ])
check $? ".stacklint.yml is read" "$(cd "$T/yml" && sl --format json app.yaml; rules_of)"
(cd "$T/yml" && sl --no-config --format json app.yaml && [ "$(rules_of)" = "S3001:error SQS001:warning" ])
check $? "--no-config ignores the file" "$(cd "$T/yml" && sl --no-config --format json app.yaml; rules_of)"
printf 'rules:\n  s3-public-bucket: false\n' >"$T/named.yaml"
(cd "$T/yml" && sl --config "$T/named.yaml" --format json app.yaml && [ "$(rules_of)" = "SQS001:warning" ])
check $? "--config FILE replaces the found file; a rule named by name" "$(cd "$T/yml" && sl --config "$T/named.yaml" --format json app.yaml; rules_of)"

# --- rules: tags, severity, id over tag -------------------------------------
cfg() { printf '%s\n' "$@" >"$T/c.yaml"; sl --config "$T/c.yaml" --format json --fail-on none "$APP"; }
cfg 'rules:' '  security: off'
[ "$(rules_of)" = "SQS001:warning" ]; check $? "a tag switches its rules off" "$(show_run)"
cfg 'rules:' '  S3001: on' '  security: off'
[ "$(rules_of)" = "S3001:error SQS001:warning" ]; check $? "an id wins over a tag, whatever the order" "$(rules_of)"
cfg 'rules:' '  SQS001: error' '  S3001: {severity: note}'
[ "$(rules_of)" = "S3001:note SQS001:error" ]; check $? "severity overrides (short and map forms)" "$(rules_of)"
cfg 'rules:' '  SQS001: {enabled: false}'
[ "$(rules_of)" = "S3001:error" ]; check $? "enabled: false in the map form" "$(rules_of)"

# --- fail-on and format; the command line wins --------------------------------
printf 'fail-on: error\nrules:\n  S3001: off\n' >"$T/f.yaml"
sl --config "$T/f.yaml" "$APP"
expect_rc "fail-on: error from the file (warnings only: exit 0)" 0
sl --config "$T/f.yaml" --fail-on warning "$APP"
expect_rc "--fail-on on the command line wins over the file" 1
printf 'format: json\n' >"$T/j.yaml"
sl --config "$T/j.yaml" --fail-on none "$APP"
node -e 'JSON.parse(require("fs").readFileSync(0, "utf8"))' <"$OUT" 2>/dev/null
check $? "format: json from the file" "$(show_run)"
sl --config "$T/j.yaml" --format text --fail-on none "$APP"
grep -q '^/.*app.yaml:6:22: error: .*\[S3001\]$' "$OUT"
check $? "--format on the command line wins over the file" "$(show_run)"

# --- include / exclude ------------------------------------------------------------
mkrepo 'exclude:' '  - "legacy/**"'
(cd "$T/repo" && sl --list-files .)
[ "$(grep -v '^skipped' "$OUT" | cut -f2 | tr '\n' ' ')" = "stacks/orders/app.yaml " ]
check $? "exclude: legacy/** leaves the folder out" "$(cat "$OUT")"
mkrepo 'include: ["stacks/**/*.yaml"]'
(cd "$T/repo" && sl --list-files .)
[ "$(cut -f2 "$OUT" | tr '\n' ' ')" = "stacks/orders/app.yaml " ]
check $? "include: only matching files are linted" "$(cat "$OUT")"
mkrepo 'exclude: [old.yaml]'
(cd "$T/repo/legacy" && sl --list-files .)
[ ! -s "$OUT" ]; check $? "a pattern without / matches the name in any folder, from a subdirectory" "$(cat "$OUT")"
mkrepo 'exclude: [legacy]'
(cd "$T/repo" && sl --list-files legacy/old.yaml stacks)
[ "$(cut -f2 "$OUT" | tr '\n' ' ')" = "stacks/orders/app.yaml " ]
check $? "a pattern naming a folder excludes what is below it, named files too" "$(cat "$OUT")"

# --- --print-config ------------------------------------------------------------------
mkrepo 'fail-on: error' 'rules:' '  SQS001:' '    severity: note' '  security: off'
(cd "$T/repo/stacks" && sl --print-config --format sarif)
expect_rc "--print-config exits 0" 0
grep -qx 'fail-on: error  # .*/repo/.stacklint.yaml:1:10' "$OUT"
check $? "--print-config: a value from the file names file:line:col" "$(cat "$OUT")"
grep -qx 'format: sarif  # command line' "$OUT"
check $? "--print-config: a value from the command line says so" "$(cat "$OUT")"
grep -qx 'report-unused-suppressions: false  # default' "$OUT"
check $? "--print-config: a default says so" "$(cat "$OUT")"
awk '/^  SQS001:/ { s = 1; next } s && /severity:/ { print; exit }' "$OUT" | grep -q 'severity: note  # .*stacklint.yaml:4:15'
check $? "--print-config: a rule's severity and where it was set" "$(cat "$OUT")"
awk '/^  S3001:/ { s = 1; next } s && /enabled:/ { print; exit }' "$OUT" | grep -q 'enabled: false  # .*stacklint.yaml:5:13'
check $? "--print-config: a rule switched off through its tag" "$(cat "$OUT")"

# --- mistakes: file:line:col, exit 2, nothing linted ------------------------------------
bad() {   # bad NAME WANT-REGEX LINES...
    local name=$1 want=$2
    shift 2
    printf '%s\n' "$@" >"$T/bad.yaml"
    sl --config "$T/bad.yaml" "$APP"
    if [ "$RC" -eq 2 ] && [ ! -s "$OUT" ] && grep -qE "^$T/bad.yaml:$want" "$ERR"; then
        pass "config error: $name"
    else
        fail "config error: $name" "want exit 2, no stdout, stderr matching $T/bad.yaml:$want; $(show_run)"
    fi
}
bad "unknown key" '1:1: error: unknown key .failon.' 'failon: error'
bad "unknown rule id" "3:3: error: unknown rule, rule name or tag 'SQS01'" 'rules:' '  S3001: off' '  SQS01: off'
bad "wrong type for a rule" '2:11: error: ' 'rules:' '  SQS001: [off]'
bad "unknown severity" "2:22: error: unknown severity 'critical'" 'rules:' '  SQS001: {severity: critical}'
bad "a rule setting that is no severity or switch" "2:10: error: the setting of S3001 is on, off, error, warning or note .or a map with enabled, severity and params., not 'of'" 'rules:' '  S3001: of'
bad "unknown key in a rule" "2:12: error: unknown key 'enable'" 'rules:' '  SQS001: {enable: false}'
bad "a parameter the rule does not take" '2:20: error: rule S3001 takes no parameters' 'rules:' '  S3001: {params: {metric: x}}'
bad "a parameter the rule does not have" "2:21: error: rule SQS001 has no parameter 'metric'" 'rules:' '  SQS001: {params: {metric: x}}'
bad "fail-on value" "1:10: error: unknown fail-on level 'high'" 'fail-on: high'
bad "format value" "1:9: error: unknown format 'xml'" 'format: xml'
bad "exclude of the wrong type" "1:11: error: 'exclude' must be a string" 'exclude: [{a: b}]'
bad "not a map" '1:1: error: the configuration must be a map' '- rules'
bad "YAML syntax error" '3:4: error: YAML syntax error' 'rules:' ' S3001: off' '  x: [unclosed'
bad "a duplicate key" '3:3: error: ' 'rules:' '  S3001: off' '  S3001: on'
printf 'rules:\n  SQS01: off\n  S3010: off\n' >"$T/two.yaml"
sl --config "$T/two.yaml" "$APP"
[ "$(grep -c ': error: ' "$ERR")" -eq 2 ]; check $? "every mistake is reported, not only the first" "$(show_run)"
sl --config "$T/does-not-exist.yaml" "$APP"
expect_rc "a --config file that does not exist: exit 2" 2
printf '' >"$T/empty.yaml"
sl --config "$T/empty.yaml" --format json --fail-on none "$APP"
[ "$RC" -eq 0 ] && [ "$(rules_of)" = "S3001:error SQS001:warning" ]; check $? "an empty file is the default configuration" "$(show_run)"
exit 0
