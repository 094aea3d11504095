#!/usr/bin/env bash
# validate.sh — stacklint's SARIF through real clients.
#
# Each SARIF log (all of fixtures/, the CLI data files, a clean file) goes
# through the Microsoft SARIF validator (@microsoft/sarif-multitool 5.7.0,
# pinned in tests/tools) and through ajv against the SARIF 2.1.0 JSON schema
# that ships inside that package (the validator misses some schema errors,
# e.g. an unknown "level"). Then what neither checks: ruleIndex points at the
# rule named by ruleId, regions start at line and column 1 or later, and the
# results say what the JSON output says.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "sarif"
cd "$ROOT" || exit 2

tools=$ROOT/tests/tools/node_modules
multitool=$tools/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -f "$multitool" ] || [ ! -d "$tools/ajv" ]; then
    fail "sarif: test tools installed" "missing $multitool or ajv (run: scripts/deps.sh test)"
    exit 0
fi
# npm ci --ignore-scripts skips the package's postinstall (chmod u+x).
[ -x "$multitool" ] || chmod u+x "$multitool"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# multitool_check SARIF: prints the validator's error-level results (one per
# line) and returns 1 when there are any, 2 when the validator did not run.
# Warnings go to stderr. A log the validator cannot read at all (it gives up
# silently, e.g. on an unknown enum value) gets no result of any level, while
# a readable one always gets some notes (SARIF2002, SARIF2003, ...): no result
# at all counts as an error.
multitool_check() {
    local in=$1 out=$1.validation rc=0
    rm -f "$out"
    timeout -k 5 180 "$multitool" validate "$in" --output "$out" --log ForceOverwrite \
        --level "Error;Warning;Note" >"$in.validator-log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ] || [ ! -s "$out" ]; then
        echo "the validator did not run (exit $rc):"
        tail -n 20 "$in.validator-log"
        return 2
    fi
    node - "$out" <<'EOF'
const log = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
let errors = 0, total = 0;
for (const run of log.runs || []) {
    for (const r of run.results || []) {
        const level = r.level || 'warning';
        const loc = r.locations && r.locations[0] && r.locations[0].physicalLocation;
        const region = loc && loc.region ? `(${loc.region.startLine},${loc.region.startColumn})` : '';
        const args = r.message && r.message.arguments ? r.message.arguments.join(' | ') : '';
        const text = r.message && r.message.text ? r.message.text : `${r.message && r.message.id}: ${args}`;
        const line = `${level} ${r.ruleId}${region}: ${text}`;
        total++;
        if (level === 'error') { errors++; console.log(line); }
        else if (level === 'warning') console.error('validator ' + line);
    }
    for (const inv of run.invocations || [])
        for (const n of inv.toolExecutionNotifications || [])
            if (n.level === 'error') { errors++; console.log(`tool error: ${n.message && n.message.text}`); }
}
if (!total) { errors++; console.log('the validator reported nothing, not even notes: it could not read the log'); }
process.exit(errors ? 1 : 0);
EOF
}

# semantic_check SARIF [JSON-FINDINGS]: what the schema cannot say.
semantic_check() {
    node - "$@" <<'EOF'
const fs = require('fs');
const [sarifFile, jsonFile] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
const out = m => console.log(m);
if (log.version !== '2.1.0') out(`version is ${JSON.stringify(log.version)}`);
if (!Array.isArray(log.runs) || log.runs.length !== 1) { out('want exactly one run'); process.exit(0); }
const run = log.runs[0];
const driver = run.tool && run.tool.driver;
if (!driver || driver.name !== 'stacklint') out(`tool.driver.name is ${JSON.stringify(driver && driver.name)}`);
const rules = (driver && driver.rules) || [];
if (!Array.isArray(driver && driver.rules)) out('tool.driver.rules is missing');
const ids = rules.map(r => r.id);
if (new Set(ids).size !== ids.length) out(`duplicate rule ids in tool.driver.rules: ${ids.join(' ')}`);
if (!Array.isArray(run.results)) { out('results is missing'); process.exit(0); }
const levels = { error: 'error', warning: 'warning', note: 'note' };
run.results.forEach((r, i) => {
    const where = `result ${i} (${r.ruleId})`;
    if (!Number.isInteger(r.ruleIndex)) out(`${where}: no ruleIndex`);
    else if (!rules[r.ruleIndex]) out(`${where}: ruleIndex ${r.ruleIndex} out of range (${rules.length} rules)`);
    else if (rules[r.ruleIndex].id !== r.ruleId) out(`${where}: ruleIndex ${r.ruleIndex} is ${rules[r.ruleIndex].id}`);
    if (!levels[r.level]) out(`${where}: level ${JSON.stringify(r.level)}`);
    if (!r.message || typeof r.message.text !== 'string' || !r.message.text) out(`${where}: no message.text`);
    const pl = r.locations && r.locations[0] && r.locations[0].physicalLocation;
    if (!pl) { out(`${where}: no locations[0].physicalLocation`); return; }
    const al = pl.artifactLocation || {};
    if (!al.uri) out(`${where}: no artifactLocation.uri`);
    if (al.uriBaseId !== 'SRCROOT') out(`${where}: uriBaseId ${JSON.stringify(al.uriBaseId)}, want "SRCROOT"`);
    if (al.uri && (/^[a-z]+:/i.test(al.uri) || al.uri.startsWith('/'))) out(`${where}: uri ${al.uri} is not relative to SRCROOT`);
    const g = pl.region || {};
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn'])
        if (!Number.isInteger(g[k]) || g[k] < 1) out(`${where}: region.${k} is ${JSON.stringify(g[k])}`);
    if (g.endLine < g.startLine || (g.endLine === g.startLine && g.endColumn < g.startColumn))
        out(`${where}: region ends before it starts ${JSON.stringify(g)}`);
    const fp = r.partialFingerprints;
    if (!fp || typeof fp !== 'object' || !Object.keys(fp).length) out(`${where}: no partialFingerprints`);
});
if (jsonFile) {    // the same findings as --format json, plus the suppressed ones (SARIF only)
    const key = (rule, path, sl, sc, el, ec, level) => [rule, path, sl, sc, el, ec, level].join(' ');
    const want = JSON.parse(fs.readFileSync(jsonFile, 'utf8'))
        .map(f => key(f.rule, f.path, f.start.line, f.start.column, f.end.line, f.end.column, f.severity)).sort();
    const got = run.results.filter(r => !r.suppressions).map(r => {
        const pl = r.locations[0].physicalLocation, g = pl.region || {};
        let uri = pl.artifactLocation.uri;
        try { uri = decodeURI(uri); } catch (e) { }
        return key(r.ruleId, uri, g.startLine, g.startColumn, g.endLine, g.endColumn, r.level);
    }).sort();
    const w = new Set(want), h = new Set(got);
    for (const k of want) if (!h.has(k)) out(`in --format json, not in SARIF: ${k}`);
    for (const k of got) if (!w.has(k)) out(`in SARIF, not in --format json: ${k}`);
    if (!want.length) out('no findings to compare (expected some)');
}
EOF
}

# check_sarif NAME SARIF [JSON]: all three checks, one test each.
check_sarif() {
    local name=$1 sarif=$2 json=${3:-} why
    if why=$(multitool_check "$sarif" 2>"$sarif.notes"); then
        pass "sarif $name: Microsoft SARIF validator finds no error"
        if [ -s "$sarif.notes" ]; then sed 's/^/      (note) /' "$sarif.notes" | head -n 10; fi
    else
        fail "sarif $name: Microsoft SARIF validator finds no error" "$why"
    fi
    if why=$(node "$ROOT/tests/sarif/ajv-validate.js" "$sarif" 2>&1); then
        pass "sarif $name: valid against the sarif-2.1.0 JSON schema (ajv)"
    else
        fail "sarif $name: valid against the sarif-2.1.0 JSON schema (ajv)" "$why"
    fi
    why=$(semantic_check "$sarif" ${json:+"$json"} 2>&1)
    if [ -z "$why" ]; then
        pass "sarif $name: ruleIndex, regions, locations${json:+, same findings as --format json}"
    else
        fail "sarif $name: ruleIndex, regions, locations${json:+, same findings as --format json}" "$why"
    fi
}

# The validators themselves must catch a broken log, or a pass means nothing.
# (A log the multitool cannot read at all, e.g. with "level": "critical", gets
# zero results from it: that is what ajv is for.)
cat >"$T/no-message.sarif" <<'EOF'
{"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
 "runs": [{"tool": {"driver": {"name": "stacklint", "rules": [{"id": "SQS001"}]}},
  "results": [{"ruleId": "SQS001", "ruleIndex": 0, "level": "warning",
   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "t.yaml", "uriBaseId": "SRCROOT"},
    "region": {"startLine": 1, "startColumn": 1}}}]}]}]}
EOF
sed 's/"level": "warning"/"level": "critical"/; s/"startLine": 1/"startLine": 0/' "$T/no-message.sarif" >"$T/bad-level.sarif"
rc=0
why=$(multitool_check "$T/no-message.sarif" 2>&1) || rc=$?
if [ "$rc" -eq 1 ] && printf '%s' "$why" | grep -q JSON1002; then
    pass "sarif: the Microsoft validator rejects a result without a message"
else
    fail "sarif: the Microsoft validator rejects a result without a message" "exit $rc: $why"
fi
why=$(node tests/sarif/ajv-validate.js "$T/bad-level.sarif" 2>&1)
if printf '%s' "$why" | grep -q level && printf '%s' "$why" | grep -q startLine; then
    pass "sarif: ajv rejects an unknown level and a line 0"
else
    fail "sarif: ajv rejects an unknown level and a line 0" "$why"
fi

# All fixtures: many rules, many findings.
sl --format sarif --fail-on none fixtures
cp "$OUT" "$T/fixtures.sarif"
[ "$RC" -eq 0 ] || fail "sarif fixtures/: stacklint exits 0 with --fail-on none" "$(show_run)"
sl --format json --fail-on none fixtures
cp "$OUT" "$T/fixtures.json"
check_sarif "fixtures/" "$T/fixtures.sarif" "$T/fixtures.json"

# The CLI data files, named one by one.
sl --format sarif tests/cli/data/queue.yaml tests/cli/data/policy.json tests/cli/data/bucket.yaml
cp "$OUT" "$T/data.sarif"
[ "$RC" -eq 1 ] || fail "sarif tests/cli/data: exit 1 on findings" "$(show_run)"
sl --format json tests/cli/data/queue.yaml tests/cli/data/policy.json tests/cli/data/bucket.yaml
cp "$OUT" "$T/data.json"
check_sarif "tests/cli/data" "$T/data.sarif" "$T/data.json"

# A clean file: a valid log with an empty results array.
sl --format sarif tests/cli/data/clean.yaml
cp "$OUT" "$T/clean.sarif"
if [ "$RC" -eq 0 ] && node -e 'const l = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        process.exit(Array.isArray(l.runs[0].results) && l.runs[0].results.length === 0 ? 0 : 1)' "$T/clean.sarif" 2>/dev/null; then
    pass "sarif clean file: exit 0, zero results"
else
    fail "sarif clean file: exit 0, zero results" "$(show_run)"
fi
check_sarif "clean file" "$T/clean.sarif"
exit 0
