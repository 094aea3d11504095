#!/usr/bin/env bash
# catalog.sh — the command line's polish: --list-rules as a table and as JSON,
# --explain with how to suppress, the rule pages of `make docs` (the same text
# as --explain), the man page (renders without warnings, names every option
# of --help, installed by `make install`), and --color with NO_COLOR and
# terminals (a real pseudo-terminal through script(1)).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli catalog"
cd "$ROOT" || exit 2
data=$ROOT/tests/cli/data

# verify STATUS NAME [WHY]: pass when STATUS is 0 (taken before WHY is expanded)
verify() {
    local st=$1
    shift
    if [ "$st" -eq 0 ]; then pass "$1"; else fail "$@"; fi
}

ids=$(for d in rules/*.md; do basename "$d" .md; done | sort)

# --- --list-rules ---------------------------------------------------------
sl --list-rules
expect_rc "--list-rules exits 0" 0
head -n 1 "$OUT" | grep -qE '^ID +NAME +SEVERITY +TAGS$'
verify $? "--list-rules prints a table headed ID, NAME, SEVERITY, TAGS" "$(head -n 3 "$OUT")"
bad=""
for id in $ids; do
    doc=rules/$id.md
    name=$(sed -n 's/^name: *//p' "$doc" | head -n 1)
    sev=$(sed -n 's/^severity: *//p' "$doc" | head -n 1)
    tags=$(sed -n 's/^tags: *\[\(.*\)\]/\1/p' "$doc" | head -n 1 | sed 's/ *, */, /g')
    dflt=$(sed -n '/^---$/,/^---$/s/^default: *//p' "$doc" | head -n 1)
    # a note is off by default unless its page says `default: on`
    if [ "$dflt" = off ] || { [ "$sev" = note ] && [ "$dflt" != on ]; }; then sev="$sev \\(off\\)"; fi
    grep -qE "^$id +$name +$sev +$tags\$" "$OUT" || bad+="$id ($name $sev $tags) "
done
[ -z "$bad" ]
verify $? "--list-rules has a row per rule with its name, severity and tags from rules/*.md" "$bad
$(cat "$OUT")"
# where the 2nd, 3rd and 4th columns start, on every line (header included);
# "note (off)" is one severity
sed 's/ (off)/_(off)/' "$OUT" | awk '{ s = $0; p = 0; out = ""
       for (i = 1; i <= 4; i++) { match(s, /[^ ]+/); p += RSTART; if (i > 1) out = out " " p
                                  p += RLENGTH - 1; s = substr(s, RSTART + RLENGTH) }
       print out }' | sort -u | [ "$(wc -l)" -eq 1 ]
verify $? "--list-rules aligns its columns" "$(cat "$OUT")"

sl --list-rules --format json
node -e '
    const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const ids = process.argv[2].split(/\s+/).filter(Boolean);
    const got = a.map(r => r.id).sort();
    if (JSON.stringify(got) !== JSON.stringify(ids)) throw new Error("ids " + got + " != " + ids);
    for (const r of a) {
        if (!r.name || !["error", "warning", "note"].includes(r.severity) || !Array.isArray(r.tags) ||
            !r.tags.length || !r.summary || !/\/rules\/.+\.md$/.test(r.docs))
            throw new Error("incomplete: " + JSON.stringify(r));
    }' "$OUT" "$ids" 2>"$T/json-err"
verify $? "--list-rules --format json: every rule with id, name, severity, tags, summary, docs" "$(cat "$T/json-err")"
# equivalents: what each page's front matter declares, in the JSON and in SARIF
node -e '
    const fs = require("fs");
    const a = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const bad = [];
    let declared = 0;
    for (const r of a) {
        const page = fs.readFileSync(`rules/${r.id}.md`, "utf8").split("\n---\n")[0];
        const want = {};
        const m = page.match(/^equivalents:\n((?:  .*\n?)*)/m);
        for (const line of m ? m[1].split("\n") : []) {
            const t = line.match(/^  ([a-z_-]+): \[(.*)\]$/);
            if (t) want[t[1]] = t[2].split(",").map(x => x.trim()).filter(Boolean);
        }
        declared += Object.values(want).flat().length;
        if (JSON.stringify(r.equivalents) !== JSON.stringify(want))
            bad.push(`${r.id}: ${JSON.stringify(r.equivalents)} != page ${JSON.stringify(want)}`);
    }
    if (!declared) bad.push("no rule declares an equivalent");
    if (bad.length) throw new Error(bad.join("\n"));' "$OUT" 2>"$T/eq-err"
verify $? "--list-rules --format json: each rule's equivalents are those its page declares" "$(cat "$T/eq-err")"
sl --format sarif --fail-on none fixtures/S3001
node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const rules = s.runs[0].tool.driver.rules;
    const r = rules.find(x => x.id === "S3001"), t = rules.find(x => x.id === "SQS005");
    if (!r.properties.equivalents || !r.properties.equivalents.cfn_nag.includes("W31"))
        throw new Error("S3001: " + JSON.stringify(r.properties));
    if (t && t.properties.equivalents && !Object.keys(t.properties.equivalents).length)
        throw new Error("an empty equivalents object");' "$OUT" 2>"$T/sarif-eq"
verify $? "SARIF rule metadata carries the equivalents (properties.equivalents)" "$(cat "$T/sarif-eq")"
if [ -x build/gen_rules ]; then
    scripts/readme-tables.sh build/gen_rules --check 2>"$T/readme"
    verify $? "README.md's rules and equivalents tables are what make docs writes from rules/*.md" "$(cat "$T/readme")"
fi
sl --format json --list-rules
[ "$RC" -eq 0 ] && node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$OUT"
verify $? "--format json may come before or after --list-rules" "$(show_run)"
sl --list-rules --format sarif
expect_rc "--list-rules --format sarif is a usage error" 2

# --- --explain and the rule pages -------------------------------------------
bad=""
for id in $ids; do
    sl --explain "$id"
    [ "$RC" -eq 0 ] && grep -q "^# $id " "$OUT" && grep -q '^## How to suppress$' "$OUT" &&
        grep -q "# stacklint: ignore $id -- " "$OUT" && grep -q '^## What it checks$' "$OUT" || bad+="$id "
done
[ -z "$bad" ]
verify $? "--explain shows each rule's page and how to suppress it" "not for: $bad"

docs=$T/docs
mkdir -p "$docs"
if make -s --no-print-directory docs >"$T/make-docs.log" 2>&1; then
    bad=""
    for id in $ids; do
        "$STACKLINT" --explain "$id" | cmp -s - "build/docs/rules/$id.md" || bad+="$id "
    done
    n=$(find build/docs/rules -name '*.md' | wc -l)
    [ -z "$bad" ] && [ "$n" -eq "$(wc -w <<<"$ids")" ]
    verify $? "make docs writes one page per rule, identical to --explain" "differs: $bad; $n pages"
else
    fail "make docs writes one page per rule, identical to --explain" "$(cat "$T/make-docs.log")"
fi

# --- the man page -------------------------------------------------------------
man=docs/stacklint.1
if command -v groff >/dev/null 2>&1; then
    warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$man" 2>&1)
    [ -z "$warnings" ]
    verify $? "the man page renders without warnings" "$warnings"
else
    skip "the man page renders without warnings" "groff is not installed"
fi
sl --help
missing=""
for opt in $(grep -oE -- '--[a-z][a-z-]+' "$OUT" | sort -u); do
    grep -qF -- "$(sed 's/-/\\-/g' <<<"$opt")" "$man" || missing+=" $opt"
done
[ -z "$missing" ]
verify $? "the man page describes every option --help names" "missing:$missing"
dest=$T/install
if make -s --no-print-directory install DESTDIR="$dest" PREFIX=/usr >"$T/install.log" 2>&1 &&
    [ -x "$dest/usr/bin/stacklint" ] && [ -f "$dest/usr/share/man/man1/stacklint.1" ] &&
    [ -f "$dest/usr/share/doc/stacklint/rules/S3001.md" ]; then
    pass "make install installs the binary, the man page and the rule pages"
else
    fail "make install installs the binary, the man page and the rule pages" "$(cat "$T/install.log"; find "$dest" -type f)"
fi

# --- colour ----------------------------------------------------------------------
esc=$'\033['
sl --color always "$data/bucket.yaml"
grep -qF "$esc" "$OUT" && grep -qF "${esc}1;31merror:" "$OUT"
verify $? "--color always colours the text format (errors red)" "$(cat -v "$OUT")"
NO_COLOR=1 run "$STACKLINT" --color always "$data/bucket.yaml"
grep -qF "$esc" "$OUT"
verify $? "--color always wins over NO_COLOR" "$(cat -v "$OUT")"
sl --color never "$data/bucket.yaml"
! grep -qF "$esc" "$OUT"
verify $? "--color never: no escapes" "$(cat -v "$OUT")"
sl "$data/bucket.yaml"
! grep -qF "$esc" "$OUT"
verify $? "auto: no colour into a pipe or file" "$(cat -v "$OUT")"
bad=""
for f in json sarif github; do
    sl --color always --format "$f" "$data/bucket.yaml"
    ! grep -qF "$esc" "$OUT" || bad+="$f "
done
[ -z "$bad" ]
verify $? "--color always colours only the text format" "coloured: $bad"
sl --color sometimes "$data/bucket.yaml"
expect_rc "--color takes auto, always or never" 2

# on a real terminal (script(1) gives the command a pseudo-terminal)
if command -v script >/dev/null 2>&1; then
    tty_run() {   # tty_run ENV-ASSIGNMENTS... -- prints what the terminal showed
        env "$@" TERM=xterm script -qec "$STACKLINT $data/bucket.yaml" /dev/null </dev/null 2>/dev/null
    }
    tty_run >"$T/tty.out"
    grep -qF "${esc}1;31merror:" "$T/tty.out"
    verify $? "auto: colour on a terminal" "$(cat -v "$T/tty.out")"
    tty_run NO_COLOR=1 >"$T/tty.out"
    grep -q 'error:' "$T/tty.out" && ! grep -qF "$esc" "$T/tty.out"
    verify $? "auto: no colour on a terminal when NO_COLOR is set" "$(cat -v "$T/tty.out")"
    tty_run NO_COLOR= >"$T/tty.out"
    grep -qF "$esc" "$T/tty.out"
    verify $? "auto: an empty NO_COLOR does not turn colour off" "$(cat -v "$T/tty.out")"
    env TERM=xterm script -qec "$STACKLINT --format github $data/bucket.yaml" /dev/null </dev/null >"$T/tty.out" 2>/dev/null
    grep -q '^::error' "$T/tty.out" && ! grep -qF "$esc" "$T/tty.out"
    verify $? "auto: formats other than text are never coloured, even on a terminal" "$(cat -v "$T/tty.out")"
else
    skip "--color on a terminal" "script(1) is not installed"
fi
exit 0
