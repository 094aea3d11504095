#!/usr/bin/env bash
# tests/integrations/github-action.sh — action.yml run as GitHub's runner runs a
# composite action: tests/integrations/run_action.py executes its runs.steps in
# order with INPUT_* from the inputs, GITHUB_WORKSPACE, GITHUB_ACTION_PATH (this
# worktree) and GITHUB_OUTPUT, in a fixture workspace. Checks the annotations,
# the step's exit status for each fail-on, and the SARIF it writes: the
# Microsoft SARIF validator, and GitHub code scanning's upload rules and limits
# (relative URIs, startLine >= 1, rule metadata, runs/results/rules/tags/
# locations within the limits, at most 10 MB gzip-compressed).
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "github action"

# verify STATUS NAME [WHY]: pass when STATUS is 0. (lib.sh's check reads $? after
# its arguments are expanded, so a "$(show_run)" argument would hide a failure.)
verify() {
    local st=$1
    shift
    if [ "$st" -eq 0 ]; then pass "$1"; else fail "$@"; fi
}
py=/usr/bin/python3
if ! "$py" -c 'import yaml' 2>/dev/null; then
    fail "action: python3-yaml is installed" "scripts/deps.sh test installs python3-yaml"
    exit 0
fi

ws=$T/workspace
mkdir -p "$ws/stacks/web" "$ws/stacks/jobs" "$ws/policies" "$ws/.github/workflows"
cp "$ROOT/tests/cli/data/bucket.yaml" "$ws/stacks/web/template.yaml"     # S3001 error
cp "$ROOT/tests/cli/data/queue.yaml" "$ws/stacks/jobs/template.yaml"     # SQS001 warning
cat >"$ws/policies/deploy.json" <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Tables",
      "Effect": "Allow",
      "Action": "dynamodb:*",
      "Resource": "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
    }
  ]
}
JSON
cat >"$ws/.github/workflows/ci.yml" <<'YAML'
name: CI
on: [pull_request]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
YAML

# action INPUT=VALUE...: runs the action in the workspace
action() {
    local here=$PWD
    cd "$ws" || return
    SL_TIMEOUT=300 run "$py" "$ROOT/tests/integrations/run_action.py" "$ROOT" "$ws" "$@"
    cd "$here" || return
}

# 1. defaults (paths ".", fail-on warning): fails, annotations, SARIF written
action
expect_rc "action: default inputs fail the step on the error and the warning" 1
grep -q '^::error file=stacks/web/template.yaml,line=6,col=22,.*title=S3001' "$OUT"
verify $? "action: an ::error annotation with the workspace-relative path, line and column" "$(show_run)"
grep -q '^::warning file=stacks/jobs/template.yaml,line=4,' "$OUT"
verify $? "action: a ::warning annotation for the warning" "$(show_run)"
! grep -q 'ci.yml' "$OUT"
verify $? "action: the GitHub workflow in the workspace is skipped" "$(show_run)"
grep -qx 'output sarif-file=stacklint.sarif' "$OUT" && [ -s "$ws/stacklint.sarif" ]
verify $? "action: the SARIF report is written and named in the step's outputs" "$(show_run)"
cp "$ws/stacklint.sarif" "$T/default.sarif"

# 2. the exit status follows fail-on
action fail-on=error
expect_rc "action: fail-on error fails on the error" 1
action fail-on=none
expect_rc "action: fail-on none never fails on findings" 0
action "paths=stacks/jobs policies" fail-on=error
expect_rc "action: fail-on error passes with only warnings (space-separated paths)" 0
action "paths=stacks/jobs
policies" fail-on=warning sarif-file=reports/jobs.sarif
expect_rc "action: fail-on warning fails on the warning (newline-separated paths)" 1
[ -s "$ws/reports/jobs.sarif" ]
verify $? "action: sarif-file may name a new directory in the workspace" "$(show_run)"
action "paths=stacks/jobs" fail-on=note sarif-file=
expect_rc "action: fail-on note fails on the warning" 1
grep -qx 'output sarif-file=' "$OUT"
verify $? "action: an empty sarif-file writes no SARIF" "$(show_run)"
action fail-on=sometimes
expect_rc "action: an unknown fail-on is bad input (exit 2)" 2
action "paths=does/not/exist" fail-on=none
expect_rc "action: a path that does not exist fails the step (exit 2)" 2

# 3. config passes --config: a configuration that switches the error's rule
# off lets the step pass with fail-on error; a missing file fails the step
printf 'rules:\n  S3001: off\n  IAM001: off\n' >"$ws/stacklint-ci.yaml"
action config=stacklint-ci.yaml fail-on=error
expect_rc "action: the config input is passed as --config (S3001 off: no error left)" 0
action config=missing.yaml fail-on=none
[ "$RC" -ne 0 ]
verify $? "action: a config file that does not exist fails the step" "$(show_run)"

# 4. the SARIF passes the Microsoft validator ...
multitool=$ROOT/tests/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ -f "$multitool" ]; then
    [ -x "$multitool" ] || chmod u+x "$multitool"
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    SL_TIMEOUT=180 run "$multitool" validate "$T/default.sarif" --output "$T/default.validation" \
        --log ForceOverwrite --level "Error;Warning;Note"
    if [ "$RC" -eq 0 ] && [ -s "$T/default.validation" ]; then
        errs=$(node -e '
            const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
            const e = [];
            for (const run of log.runs || []) for (const r of run.results || [])
                if ((r.level || "warning") === "error") e.push(r.ruleId + ": " + JSON.stringify(r.message));
            console.log(e.join("\n"));' "$T/default.validation")
        [ -z "$errs" ]
        verify $? "action: the SARIF passes the Microsoft SARIF validator" "$errs"
    else
        fail "action: the SARIF passes the Microsoft SARIF validator" "the validator did not run: $(show_run)"
    fi
else
    fail "action: the SARIF passes the Microsoft SARIF validator" "missing $multitool (scripts/deps.sh test)"
fi

# ... and GitHub code scanning's rules and limits
gz=$(gzip -c "$T/default.sarif" | wc -c)
run node - "$T/default.sarif" "$ws" "$gz" <<'JS'
const fs = require("fs"), path = require("path");
const [file, ws, gz] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(file, "utf8"));
const bad = [];
const need = (ok, what) => { if (!ok) bad.push(what); };
need(Number(gz) <= 10 * 1024 * 1024, `gzip size ${gz} > 10 MB`);
need(log.version === "2.1.0", "version 2.1.0");
need(Array.isArray(log.runs) && log.runs.length >= 1 && log.runs.length <= 20, "1 to 20 runs");
let results = 0;
for (const run of log.runs) {
    const d = run.tool && run.tool.driver;
    need(d && d.name === "stacklint" && d.version, "tool.driver name and version");
    const rules = (d && d.rules) || [];
    need(rules.length >= 1 && rules.length <= 25000, "1 to 25,000 rules per run");
    const ids = new Set();
    for (const r of rules) {
        ids.add(r.id);
        need(r.id && r.name, `rule ${r.id}: id and name`);
        need(r.shortDescription && r.shortDescription.text, `rule ${r.id}: shortDescription`);
        need(r.fullDescription && r.fullDescription.text, `rule ${r.id}: fullDescription`);
        need(r.help && (r.help.text || r.help.markdown), `rule ${r.id}: help`);
        need(r.helpUri && /^https:\/\//.test(r.helpUri), `rule ${r.id}: helpUri`);
        need(r.defaultConfiguration && ["error", "warning", "note"].includes(r.defaultConfiguration.level), `rule ${r.id}: defaultConfiguration.level`);
        const tags = (r.properties && r.properties.tags) || [];
        need(tags.length <= 20, `rule ${r.id}: at most 20 tags`);
    }
    need((run.results || []).length <= 25000, "at most 25,000 results per run");
    for (const res of run.results || []) {
        results++;
        need(ids.has(res.ruleId), `result rule ${res.ruleId} is in tool.driver.rules`);
        need(res.message && res.message.text, "result message text");
        const locs = res.locations || [];
        need(locs.length >= 1 && locs.length <= 1000, "1 to 1,000 locations per result");
        for (const l of locs) {
            const pl = l.physicalLocation || {};
            const uri = pl.artifactLocation && pl.artifactLocation.uri;
            need(uri && !/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith("/"), `relative URI: ${uri}`);
            need(uri && fs.existsSync(path.join(ws, decodeURIComponent(uri))), `URI names a workspace file: ${uri}`);
            need(pl.region && pl.region.startLine >= 1, `startLine >= 1 (${uri})`);
            need(!pl.region || !pl.region.startColumn || pl.region.startColumn >= 1, "startColumn >= 1");
        }
        need(res.partialFingerprints && Object.keys(res.partialFingerprints).length, "partialFingerprints");
    }
}
need(results === 3, `3 results (got ${results})`);
if (bad.length) { console.log(bad.join("\n")); process.exit(1); }
JS
expect_rc "action: the SARIF meets code scanning's upload rules and limits ($gz bytes gzip)" 0
