#!/usr/bin/env bash
# fuzz-inputs.sh — what the command line and the language server make of
# the inputs that once crashed a fuzz harness (fuzz/regressions/): never a
# crash or a sanitizer report (release and ASan builds), and where such an
# input breaks a template, a finding with a position — SYNTAX001 or
# LIMIT001 on the line of the break — rather than silence.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli fuzz inputs"
cd "$ROOT" || exit 2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
sanitizer_report='runtime error|AddressSanitizer|LeakSanitizer|Segmentation'

# Every file input of the file harnesses, as a file of each name the CLI
# treats differently.
n=0 bad=""
for f in fuzz/regressions/{yaml,json,model,iam,vars}/*; do
    [ -f "$f" ] || continue
    for name in template.yaml policy.json serverless.yml; do
        cp "$f" "$T/$name"
        for bin in "$STACKLINT" "$STACKLINT_ASAN"; do
            [ -x "$bin" ] || continue
            n=$((n + 1))
            run "$bin" --format json --fail-on none "$T/$name"
            if [ "$RC" -ne 0 ] || grep -qE "$sanitizer_report" "$ERR"; then
                bad+="${f} as $name (${bin#"$ROOT"/}): exit $RC $(head -c 300 "$ERR")"$'\n'
            fi
        done
    done
done
[ -z "$bad" ]
check $? "fuzz regressions through the CLI ($n runs): exit 0, no sanitizer report" "$bad"

# The same bytes inside a template: the reader stops there and says where.
# (A '[' left open: the reader's empty child list used to be a null
# pointer; ':' with no key; '?' with no value.)
want_finding() {   # want_finding NAME RULE LINE TEXT
    local name=$1 rule=$2 line=$3
    printf '%s' "$4" >"$T/in.yaml"
    sl --format json --fail-on none "$T/in.yaml"
    got=$(findings_tsv <"$OUT" | cut -f1,2 | tr '\t' ' ')
    [ "$RC" -eq 0 ] && printf '%s\n' "$got" | grep -qx "$line $rule"
    check $? "$name: $rule at line $line" "got: ${got:-nothing}; $(show_run)"
}
want_finding "a flow sequence left open" SYNTAX001 3 $'AWSTemplateFormatVersion: "2010-09-09"\nResources: [\n'
want_finding "a key-less ':' in a template" SYNTAX001 2 $'AWSTemplateFormatVersion: "2010-09-09"\n:\n'
want_finding "an open JSON template" SYNTAX001 1 '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ['

# A cfn-lint ignore_checks entry that is a map (cfn-lint wants rule ids):
# the suppression reader looked it up by a null key and crashed (found by
# the lsp harness). Now it is no suppression, and the file is linted (the
# string entry SQS002 is no cfn-lint id either: both findings stay).
printf '%s\n' "AWSTemplateFormatVersion: '2010-09-09'" 'Metadata:' '  cfn-lint:' '    config:' \
    '      ignore_checks:' '        - {SQS001: x}' '        - SQS002' 'Resources:' '  Q:' \
    '    Type: AWS::SQS::Queue' '    Properties:' '      SqsManagedSseEnabled: true' >"$T/cl.yaml"
sl --format json --fail-on none "$T/cl.yaml"
got=$(findings_tsv <"$OUT" | cut -f1,2 | tr '\t' ' ' | tr '\n' ',')
[ "$RC" -eq 0 ] && [ "$got" = "9 SQS001,9 SQS002," ]
check $? "a cfn-lint ignore_checks entry that is a map: no crash, no suppression" "got: ${got:-nothing}; $(show_run)"

# The language server on the LSP regressions (an empty stream first among
# them): it ends (exit 1: no shutdown was asked) without crashing.
for f in fuzz/regressions/lsp/*; do
    [ -f "$f" ] || continue
    for bin in "$STACKLINT" "$STACKLINT_ASAN"; do
        [ -x "$bin" ] || continue
        run "$bin" lsp <"$f"
        { [ "$RC" -eq 0 ] || [ "$RC" -eq 1 ]; } && ! grep -qE "$sanitizer_report" "$ERR"
        check $? "lsp (${bin#"$ROOT"/}) on ${f#fuzz/regressions/}: ends cleanly" "$(show_run)"
    done
done
exit 0
