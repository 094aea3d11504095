#!/usr/bin/env bash
# inputs-untouched.sh — stacklint never writes to what it reads: after runs in
# every format and mode, the inputs have the same bytes and modification
# times, and no file has appeared or vanished beside them.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli inputs untouched"
cd "$T" || exit 2

mkdir in
cp -p "$ROOT"/tests/cli/data/* in/
[ -d "$ROOT/fixtures" ] && cp -pr "$ROOT/fixtures" in/fixtures
state() { (cd in && find . -print0 | LC_ALL=C sort -z | xargs -0 stat -c '%n %s %Y %a' &&
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
state >before

for fmt in text json sarif github; do
    sl --format "$fmt" --fail-on none in
    [ "$RC" -eq 0 ] || fail "lint in/ --format $fmt" "$(show_run)"
done
sl --list-files in
sl --format sarif -o "$T/report.sarif" in/queue.yaml in/policy.json
sl --stdin-filename in/queue.yaml - <in/queue.yaml
sl in/queue.yaml in/queue.yaml in/policy.json

state >after
expect_same "inputs unchanged after runs in every format (bytes, mtimes, no new files)" before after
exit 0
