#!/usr/bin/env bash
# limits.sh — the safety limits and their options: each --max-* flag, on a
# small input with the limit lowered, gives a LIMIT001 finding at the place
# reading stopped, naming the flag; the defaults still let ordinary files
# through; the other files of the run are still linted; bad values are usage
# errors (exit 2); the `limits:` section of .stacklint.yaml sets them too,
# with --print-config saying where each value came from.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli limits"
cd "$T" || exit 2

cp "$ROOT/tests/cli/data/queue.yaml" ok.yaml      # one SQS001 finding, 194 bytes
# a template within every lowered limit below: 39 bytes, 7 nodes, 3 levels
printf 'Resources: {Q: {Type: AWS::SQS::Queue}}\n' >small.yaml

# limit_case NAME WANT_LINE FLAG ARGS... FILE: one LIMIT001 finding for FILE
# at line WANT_LINE, naming FLAG; small.yaml, linted in the same run, still
# gets its SQS001 finding.
limit_case() {
    local name=$1 line=$2 flag=$3
    shift 3
    sl "$@" small.yaml
    local file=${!#}    # the last of "$@": the file under test
    if [ "$RC" -ne 1 ]; then
        fail "$name" "expected exit 1; $(show_run)"
    elif ! grep -q "^${file}:${line}:[0-9]*: error: .*$flag.* \[LIMIT001\]$" "$OUT"; then
        fail "$name" "no LIMIT001 at line $line naming $flag; $(show_run)"
    elif ! grep -q '^small.yaml:1:13: .*\[SQS001\]$' "$OUT" || grep -q '^small.yaml.*LIMIT001' "$OUT"; then
        fail "$name" "the other file was not linted; $(show_run)"
    else
        pass "$name"
    fi
}

# --- each limit, lowered ------------------------------------------------------------
limit_case "--max-file-size 100: the file is not read, LIMIT001 at 1:1" 1 --max-file-size \
    --max-file-size 100 "$ROOT/tests/cli/data/bucket.yaml"
grep -q "bucket.yaml:1:1: error: the file is [0-9]* bytes, larger than the limit of 100 bytes" "$OUT"
check $? "--max-file-size: the message names the size and the limit" "$(show_run)"
sl --max-file-size 1K ok.yaml
[ "$RC" -eq 1 ] && ! grep -q LIMIT001 "$OUT"
check $? "--max-file-size 1K: a 194-byte file is read" "$(show_run)"

printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags:\n        - Key: a\n          Value: b\n' >nested.yaml
limit_case "--max-depth 4: LIMIT001 where the fifth level opens" 7 --max-depth --max-depth 4 nested.yaml
sl --max-depth 6 nested.yaml
[ "$RC" -eq 0 ] && [ ! -s "$OUT" ]
check $? "--max-depth 6: the same file (6 levels) is clean" "$(show_run)"
printf '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"T": {"Type": "AWS::SNS::Topic",\n "Properties": {"Tags": [{"Key": "a", "Value": "b"}]}}}}\n' >nested.json
limit_case "--max-depth 4 on JSON" 2 --max-depth --max-depth 4 nested.json

limit_case "--max-nodes 10: LIMIT001 at the eleventh node" 6 --max-nodes --max-nodes 10 nested.yaml
limit_case "--max-nodes 7 on JSON" 1 --max-nodes --max-nodes 7 nested.json
sl --max-nodes 18 nested.yaml
[ "$RC" -eq 0 ] && [ ! -s "$OUT" ]
check $? "--max-nodes 18: the 18-node file is clean" "$(show_run)"
sl --max-nodes 17 nested.yaml
grep -q '^nested.yaml:8:.*more than 17 nodes.*\[LIMIT001\]$' "$OUT"
check $? "--max-nodes 17: LIMIT001 at its last node" "$(show_run)"

printf 'AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  a: &a [x, x, x]\n  b: [*a, *a, *a]\nResources:\n  T:\n    Type: AWS::SNS::Topic\n' >alias.yaml
limit_case "--max-alias-expansion 7: LIMIT001 at the alias that passes it" 4 --max-alias-expansion \
    --max-alias-expansion 7 alias.yaml
grep -q '^alias.yaml:4:11: ' "$OUT"
check $? "--max-alias-expansion 7: the second alias (4 + 4 > 7), column 11" "$(show_run)"
sl --max-alias-expansion 12 alias.yaml
[ "$RC" -eq 1 ] && ! grep -q LIMIT001 "$OUT" && grep -q TPL012 "$OUT"
check $? "--max-alias-expansion 12: three aliases of 4 nodes are read (TPL012 only)" "$(show_run)"

printf 'AWSTemplateFormatVersion: "2010-09-09"\nDescription: "%s"\nResources:\n  T:\n    Type: AWS::SNS::Topic\n' \
    "$(head -c 3000 /dev/zero | tr '\0' 'x')" >long.yaml
limit_case "--max-string 2K: LIMIT001 at the long string" 2 --max-string --max-string 2K long.yaml
grep -q 'a string of 3000 bytes is longer than the limit of 2048 bytes' "$OUT"
check $? "--max-string 2K: the message names both sizes" "$(show_run)"
printf '{"AWSTemplateFormatVersion": "2010-09-09",\n "Description": "%s", "Resources": {}}\n' \
    "$(head -c 3000 /dev/zero | tr '\0' 'x')" >long.json
limit_case "--max-string 2K on JSON" 2 --max-string --max-string 2K long.json

mkdir sls
{
    printf 'service: chain\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  stage: ${self:custom.v0}\ncustom:\n'
    for i in $(seq 0 39); do printf '  v%d: ${self:custom.v%d}\n' "$i" $((i + 1)); done
    printf '  v40: dev\n'
} >sls/serverless.yml
limit_case "--max-var-depth 20: LIMIT001 where variable resolution stops" 24 --max-var-depth \
    --max-var-depth 20 sls/serverless.yml
sl sls/serverless.yml
[ "$RC" -eq 0 ] && [ ! -s "$OUT" ]
check $? "default --max-var-depth: a chain of 40 variables resolves" "$(show_run)"

mkdir inc
printf 'deep: [[[[[[x]]]]]]\n' >inc/deep.yml
printf 'service: inc\nprovider:\n  name: aws\n  runtime: nodejs20.x\ncustom:\n  d: ${file(./deep.yml)}\n' >inc/serverless.yml
limit_case "a limit hit inside a \${file()} include: LIMIT001 at the include" 6 --max-depth \
    --max-depth 4 inc/serverless.yml
grep -q "the file './deep.yml' that \${file()} includes here hits a limit" "$OUT"
check $? "\${file()} include: the message names the included file" "$(show_run)"

# --- the defaults still hold ----------------------------------------------------------
{ printf 'AWSTemplateFormatVersion: x\nA: '; head -c 257 /dev/zero | tr '\0' '['; head -c 257 /dev/zero | tr '\0' ']'; echo; } >d257.yaml
{ printf 'AWSTemplateFormatVersion: x\nA: '; head -c 255 /dev/zero | tr '\0' '['; head -c 255 /dev/zero | tr '\0' ']'; echo; } >d255.yaml
sl d257.yaml d255.yaml
grep -q '^d257.yaml:2:.*nesting deeper than 256 levels.*--max-depth \[LIMIT001\]$' "$OUT" && ! grep -q '^d255.yaml.*LIMIT001' "$OUT"
check $? "default depth 256: 257 levels are a finding, 255 are not" "$(show_run)"
{
    echo "AWSTemplateFormatVersion: '2010-09-09'"
    echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    prev=a
    for n in b c d e f g h i j k; do
        echo "$n: &$n [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"
        prev=$n
    done
} >laughs.yaml
sl laughs.yaml
grep -q '^laughs.yaml:8:.*more than 1000000 nodes.*--max-alias-expansion \[LIMIT001\]$' "$OUT"
check $? "default alias expansion 1,000,000: billion laughs stops on the line of g" "$(show_run)"
printf 'AWSTemplateFormatVersion: x\n' >huge.yaml
truncate -s 65M huge.yaml
sl huge.yaml
grep -q '^huge.yaml:1:1: error: the file is 68157440 bytes, larger than the limit of 67108864 bytes' "$OUT"
check $? "default file size 64M: a 65 MB file is not read" "$(show_run)"
sl --max-file-size 66M --max-string 1 huge.yaml
[ "$RC" -ne 2 ] && ! grep -q 'larger than the limit' "$OUT"
check $? "--max-file-size 66M: the 65 MB file is read" "$(show_run)"
rm -f huge.yaml

# --- bad values -------------------------------------------------------------------------
for bad in "--max-depth 0" "--max-depth 1001" "--max-depth x" "--max-depth -5" "--max-nodes 1e6" \
    "--max-file-size 12Q" "--max-file-size 4G" "--max-string 0" "--max-var-depth 5001" \
    "--max-alias-expansion 99999999999" "--max-depth"; do
    # shellcheck disable=SC2086
    sl $bad ok.yaml
    [ "$RC" -eq 2 ] && [ ! -s "$OUT" ] && grep -q "^stacklint: .*${bad%% *}" "$ERR"
    check $? "bad value '$bad': usage error, exit 2" "$(show_run)"
done
sl --max-depth 5 --max-file-size 64k --max-string 1KiB --max-alias-expansion 0 ok.yaml
expect_rc "good values: 5, 64k, 1KiB, 0 aliases" 1

# --- the configuration file ---------------------------------------------------------
printf 'limits:\n  max-depth: 4\n  max-file-size: 1M\n' >cfg.yaml
sl --config cfg.yaml nested.yaml ok.yaml
grep -q '^nested.yaml:7:.*--max-depth \[LIMIT001\]$' "$OUT"
check $? "limits: max-depth 4 in the configuration applies" "$(show_run)"
sl --config cfg.yaml --max-depth 6 nested.yaml
[ "$RC" -eq 0 ] && [ ! -s "$OUT" ]
check $? "--max-depth on the command line wins over the configuration" "$(show_run)"
sl --config cfg.yaml --max-nodes 77 --print-config
grep -q '^  max-depth: 4  # cfg.yaml:2:14$' "$OUT" && grep -q '^  max-file-size: 1M  # cfg.yaml:3:18$' "$OUT" &&
    grep -q '^  max-nodes: 77  # command line$' "$OUT" && grep -q '^  max-string: 8M  # default$' "$OUT"
check $? "--print-config: each limit and where it came from" "$(show_run)"
printf 'limits:\n  max-depht: 4\n  max-nodes: lots\n  max-string: [1]\n' >bad.yaml
sl --config bad.yaml ok.yaml
[ "$RC" -eq 2 ] && grep -q "bad.yaml:2:3: error: unknown limit 'max-depht'" "$ERR" &&
    grep -q "bad.yaml:3:14: error: limit 'max-nodes' must be a whole number" "$ERR" &&
    grep -q "bad.yaml:4:15: error: limit 'max-string' must be a size" "$ERR"
check $? "limits: bad names and values are configuration errors (exit 2)" "$(show_run)"

# --- the language server takes the same flags --------------------------------------
sl lsp --max-depth 0 </dev/null
[ "$RC" -eq 2 ] && grep -q -- '--max-depth takes a whole number' "$ERR"
check $? "stacklint lsp --max-depth 0: usage error" "$(show_run)"
sl lsp --help
grep -q -- '--max-file-size' "$OUT"
check $? "stacklint lsp --help names the limits" "$(show_run)"
exit 0
