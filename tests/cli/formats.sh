#!/usr/bin/env bash
# formats.sh — what each output format looks like: text against golden files
# (what a person sees), JSON fields, GitHub annotation lines, -o FILE, stdin
# with --stdin-filename, and the order of findings.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli formats"
cd "$ROOT/tests/cli" || exit 2
# sl_root ARGS: sl run from the repository root (paths like fixtures/...).
sl_root() { cd "$ROOT" && sl "$@"; cd "$ROOT/tests/cli" || exit 2; }

# --- text: golden files --------------------------------------------------
# The golden files are written by hand from the contract (text:
# path:line:col: severity: message [RULE], sorted by path, line, col, rule;
# github: ::LEVEL file=,line=,col=,endLine=,endColumn=,title=RULE name::message)
# and the rules' documentation (where each finding is reported). When one
# differs, find out which side is wrong before touching the golden file.
sl data/queue.yaml data/policy.json data/clean.yaml data/bucket.yaml
expect_same "text output (golden/text.txt)" golden/text.txt "$OUT"
sl data
expect_same "text output of a directory walk (golden/text.txt)" golden/text.txt "$OUT"
sl --format text --stdin-filename app/template.yaml - <data/queue.yaml
expect_same "text output of stdin named by --stdin-filename (golden/stdin.txt)" golden/stdin.txt "$OUT"
expect_rc "stdin with findings exits 1" 1
sl --stdin-filename app/template.yaml - <data/clean.yaml
if [ "$RC" -eq 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]; then pass "clean stdin: exit 0, no output"
else fail "clean stdin: exit 0, no output" "$(show_run)"; fi

# --- json ------------------------------------------------------------------
# Checks the shape of every finding; prints one line per problem.
check_json() {    # check_json FILE [EXPECTED-PATH]
    node - "$@" <<'EOF'
const fs = require('fs');
const [file, wantPath] = process.argv.slice(2);
let a;
try { a = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { console.log('not JSON: ' + e.message); process.exit(0); }
if (!Array.isArray(a)) { console.log('top level is not an array'); process.exit(0); }
const keys = ['end', 'fingerprint', 'message', 'name', 'path', 'resource', 'rule', 'severity', 'start'];
const isPos = p => p && typeof p === 'object' && Number.isInteger(p.line) && Number.isInteger(p.column) &&
    p.line >= 1 && p.column >= 1 && Object.keys(p).sort().join() === 'column,line';
a.forEach((f, i) => {
    const where = `finding ${i} (${f && f.rule} line ${f && f.start && f.start.line})`;
    const p = m => console.log(`${where}: ${m}`);
    if (!f || typeof f !== 'object') return p('not an object');
    const k = Object.keys(f).sort().join();
    if (k !== keys.join()) p(`keys are ${k}, want ${keys.join()}`);
    if (typeof f.rule !== 'string' || !/^[A-Z][A-Z0-9]*[0-9]$/.test(f.rule)) p(`bad rule ${JSON.stringify(f.rule)}`);
    if (typeof f.name !== 'string' || !f.name) p(`bad name ${JSON.stringify(f.name)}`);
    if (!['error', 'warning', 'note'].includes(f.severity)) p(`bad severity ${JSON.stringify(f.severity)}`);
    if (typeof f.message !== 'string' || !f.message) p('empty message');
    if (typeof f.path !== 'string' || !f.path) p('empty path');
    if (wantPath && f.path !== wantPath) p(`path ${JSON.stringify(f.path)}, want ${JSON.stringify(wantPath)}`);
    if (!(f.resource === null || (typeof f.resource === 'string' && f.resource))) p(`bad resource ${JSON.stringify(f.resource)}`);
    if (!isPos(f.start)) p(`bad start ${JSON.stringify(f.start)}`);
    if (!isPos(f.end)) p(`bad end ${JSON.stringify(f.end)}`);
    if (isPos(f.start) && isPos(f.end) &&
        (f.end.line < f.start.line || (f.end.line === f.start.line && f.end.column < f.start.column)))
        p(`end ${JSON.stringify(f.end)} before start ${JSON.stringify(f.start)}`);
    if (typeof f.fingerprint !== 'string' || !/^\S+$/.test(f.fingerprint)) p(`bad fingerprint ${JSON.stringify(f.fingerprint)}`);
});
EOF
}

sl --format json data/queue.yaml data/policy.json data/bucket.yaml
expect_rc "json: exit 1 on findings" 1
cp "$OUT" "$T/data.json"
problems=$(check_json "$T/data.json")
n=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).length)' <"$T/data.json" 2>/dev/null)
if [ -z "$problems" ] && [ "${n:-0}" -ge 3 ]; then pass "json: every finding has all fields"
else fail "json: every finding has all fields" "${problems:-only ${n:-0} findings, expected at least 3}"; fi
if node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
        process.exit(a.some(f => f.resource === "OrdersQueue") && a.some(f => f.resource === null) ? 0 : 1)' <"$T/data.json"; then
    pass "json: resource is the logical id in a template, null in a policy document"
else
    fail "json: resource is the logical id in a template, null in a policy document" "$(cat "$T/data.json")"
fi

sl --format json data/clean.yaml
if [ "$RC" -eq 0 ] && node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8")); process.exit(Array.isArray(a) && !a.length ? 0 : 1)' <"$OUT" 2>/dev/null; then
    pass "json: a clean file gives an empty array"
else
    fail "json: a clean file gives an empty array" "$(show_run)"
fi

sl --format json --stdin-filename app/policy.json - <data/policy.json
problems=$(check_json "$OUT" app/policy.json)
if [ "$RC" -eq 1 ] && [ -z "$problems" ]; then pass "json: stdin findings carry the --stdin-filename path"
else fail "json: stdin findings carry the --stdin-filename path" "$problems
$(show_run)"; fi

# --- all fixtures: text lines are the JSON findings, sorted --------------
# The text line of each JSON finding is path:line:col: severity: message [RULE];
# the lines must come sorted by path, line, column, rule.
if [ -d "$ROOT/fixtures" ]; then
    sl_root --format json --fail-on none fixtures
    cp "$OUT" "$T/fix.json"
    problems=$(check_json "$T/fix.json")
    if [ "$RC" -eq 0 ] && [ -z "$problems" ]; then pass "json: fixtures/ findings are well-formed"
    else fail "json: fixtures/ findings are well-formed" "$problems
$(show_run)"; fi
    sl_root --format text --fail-on none fixtures
    cp "$OUT" "$T/fix.txt"
    node - "$T/fix.json" >"$T/fix.want" <<'EOF'
const a = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const cmp = (x, y) => x < y ? -1 : x > y ? 1 : 0;
a.sort((x, y) => cmp(x.path, y.path) || x.start.line - y.start.line ||
    x.start.column - y.start.column || cmp(x.rule, y.rule));
for (const f of a)
    console.log(`${f.path}:${f.start.line}:${f.start.column}: ${f.severity}: ${f.message} [${f.rule}]`);
EOF
    # Equal findings at the same place may come in either order: compare
    # the sorted-by-key view of the text, then the sets of whole lines.
    if diff <(sort "$T/fix.want") <(sort "$T/fix.txt") >"$T/d"; then
        pass "text: one line per JSON finding, path:line:col: severity: message [RULE]"
    else
        fail "text: one line per JSON finding, path:line:col: severity: message [RULE]" "$(head -n 30 "$T/d")"
    fi
    key() { sed -E 's/^(.*):([0-9]+):([0-9]+): [a-z]+: .* \[([A-Z0-9]+)\]$/\1:\2:\3:\4/' "$1"; }
    if diff <(key "$T/fix.want") <(key "$T/fix.txt") >"$T/d"; then
        pass "text: findings sorted by path, line, column, rule"
    else
        fail "text: findings sorted by path, line, column, rule" "$(head -n 30 "$T/d")"
    fi
else
    fail "fixtures/ exists" "no fixtures/ directory"
fi

# --- github --------------------------------------------------------------
sl --format github data/queue.yaml data/policy.json data/bucket.yaml
expect_rc "github: exit 1 on findings" 1
expect_same "github output (golden/github.txt)" golden/github.txt "$OUT"
# Over all fixtures: the shape of every line, and one annotation per JSON
# finding at the same place with the matching level.
sl_root --format github --fail-on none fixtures
cp "$OUT" "$T/fix.gh"
if [ -s "$T/fix.gh" ] && ! grep -vqE '^::(error|warning|notice) file=[^,]+,line=[0-9]+,col=[0-9]+,endLine=[0-9]+,endColumn=[0-9]+,title=[A-Z][A-Z0-9]* [a-z0-9-]+::.+$' "$T/fix.gh"; then
    pass "github: every line is ::level file=,line=,col=,endLine=,endColumn=,title=RULE name::message"
else
    fail "github: every line is ::level file=,line=,col=,endLine=,endColumn=,title=RULE name::message" "lines that are not:
$(grep -vE '^::(error|warning|notice) file=[^,]+,line=[0-9]+,col=[0-9]+,endLine=[0-9]+,endColumn=[0-9]+,title=[A-Z][A-Z0-9]* [a-z0-9-]+::.+$' "$T/fix.gh" | head -n 5)
$(show_run | tail -n 3)"
fi
node - "$T/fix.json" >"$T/gh.want" <<'EOF'
const a = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const lvl = { error: 'error', warning: 'warning', note: 'notice' };
for (const f of a)
    console.log(`::${lvl[f.severity]} file=${f.path},line=${f.start.line},col=${f.start.column},` +
        `endLine=${f.end.line},endColumn=${f.end.column},title=${f.rule}`);
EOF
if diff <(sort "$T/gh.want") <(sed -E 's/(,title=[A-Z][A-Z0-9]*)(::| ).*/\1/' "$T/fix.gh" | sort) >"$T/d"; then
    pass "github: one annotation per JSON finding, same place and level"
else
    fail "github: one annotation per JSON finding, same place and level" "$(head -n 20 "$T/d")"
fi
sl --format github data/clean.yaml
if [ "$RC" -eq 0 ] && [ ! -s "$OUT" ]; then pass "github: nothing for a clean file"
else fail "github: nothing for a clean file" "$(show_run)"; fi

# --- -o FILE ----------------------------------------------------------------
for fmt in text json sarif github; do
    sl --format "$fmt" data/queue.yaml data/policy.json
    cp "$OUT" "$T/stdout.$fmt"
    rm -f "$T/out.$fmt"
    sl --format "$fmt" -o "$T/out.$fmt" data/queue.yaml data/policy.json
    if [ "$RC" -eq 1 ] && [ ! -s "$OUT" ] && [ -f "$T/out.$fmt" ] &&
        { [ "$fmt" = sarif ] || cmp -s "$T/out.$fmt" "$T/stdout.$fmt"; }; then
        pass "-o FILE writes the $fmt report there (exit 1, empty stdout)"
    else
        fail "-o FILE writes the $fmt report there (exit 1, empty stdout)" "$(show_run)
$(diff "$T/stdout.$fmt" "$T/out.$fmt" 2>&1 | head -n 20)"
    fi
done
# SARIF may carry times or absolute URIs: compare its results only.
if node -e '
    const fs = require("fs");
    const r = f => JSON.stringify(JSON.parse(fs.readFileSync(f, "utf8")).runs[0].results);
    process.exit(r(process.argv[1]) === r(process.argv[2]) ? 0 : 1)' "$T/out.sarif" "$T/stdout.sarif" 2>/dev/null; then
    pass "-o FILE: the SARIF results equal those printed on stdout"
else
    fail "-o FILE: the SARIF results equal those printed on stdout" "$(head -c 1500 "$T/out.sarif")"
fi

# --- determinism --------------------------------------------------------
if [ -d "$ROOT/fixtures" ]; then
    ok=1
    for fmt in text json github; do
        sl_root --format "$fmt" --fail-on none fixtures tests/cli/data && cp "$OUT" "$T/run1"
        sl_root --format "$fmt" --fail-on none fixtures tests/cli/data && cp "$OUT" "$T/run2"
        cp "$T/run1" "$T/run3"
        # text is sorted by path: the order of the arguments does not matter.
        [ "$fmt" = text ] && sl_root --format "$fmt" --fail-on none tests/cli/data fixtures && cp "$OUT" "$T/run3"
        if ! cmp -s "$T/run1" "$T/run2" || ! cmp -s "$T/run1" "$T/run3"; then
            ok=0
            fail "output is deterministic ($fmt)" "$(diff "$T/run1" "$T/run2" | head -n 10)
$(diff "$T/run1" "$T/run3" | head -n 10)"
        fi
    done
    [ "$ok" -eq 1 ] && pass "output is deterministic (text, json, github; text whatever the order of paths)"
    # Files are linted in parallel: the number of workers changes nothing.
    sl_root --format json --fail-on none -j 1 fixtures tests/cli/data && cp "$OUT" "$T/j1"
    sl_root --format json --fail-on none -j 4 fixtures tests/cli/data && cp "$OUT" "$T/j4"
    sl_root --format json --fail-on none fixtures tests/cli/data && cp "$OUT" "$T/jdefault"
    if [ -s "$T/j1" ] && cmp -s "$T/j1" "$T/j4" && cmp -s "$T/j1" "$T/jdefault"; then
        pass "output is the same with -j 1, -j 4 and the default number of jobs"
    else
        fail "output is the same with -j 1, -j 4 and the default number of jobs" "$(diff "$T/j1" "$T/j4" | head -n 10)
$(diff "$T/j1" "$T/jdefault" | head -n 10)"
    fi
fi
exit 0
