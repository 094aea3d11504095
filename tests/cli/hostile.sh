#!/usr/bin/env bash
# hostile.sh — hostile input is ordinary input: each case ends in bounded
# time (a timeout) and memory (ulimit -v), with a clear finding or a silent
# skip, never a crash; and the other files of the run are still linted.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli hostile input"
cd "$T" || exit 2
SL_TIMEOUT=20

# bounded NAME WANT_RC RULE_OR_EMPTY ARGS...: runs stacklint under a 1.5 GB
# address-space limit; passes when the exit code is WANT_RC and, if given,
# the output names RULE.
bounded() {
    local name=$1 want=$2 rule=$3
    shift 3
    RC=0
    (ulimit -v 1500000; exec timeout -k 2 "$SL_TIMEOUT" "$STACKLINT" "$@") >"$OUT" 2>"$ERR" || RC=$?
    if [ "$RC" -ne "$want" ]; then
        fail "$name" "expected exit $want; $(show_run)"
    elif [ -n "$rule" ] && ! grep -q "\[$rule\]" "$OUT"; then
        fail "$name" "no $rule finding; $(show_run)"
    elif grep -qiE 'sanitizer|segmentation|core dumped|internal' "$ERR"; then
        fail "$name" "$(show_run)"
    else
        pass "$name"
    fi
}

{
    echo "AWSTemplateFormatVersion: '2010-09-09'"
    echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    prev=a
    for n in b c d e f g h i j k; do
        echo "$n: &$n [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"
        prev=$n
    done
} >laughs.yaml
bounded "billion laughs: LIMIT001, bounded" 1 LIMIT001 laughs.yaml

{ printf 'AWSTemplateFormatVersion: x\nA: '; head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; echo; } >deep.yaml
bounded "100k-deep YAML nesting: LIMIT001 at once" 1 LIMIT001 deep.yaml
{ printf '{"AWSTemplateFormatVersion": "x", "A": '; head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; echo '}'; } >deep.json
bounded "100k-deep JSON nesting: LIMIT001 at once" 1 LIMIT001 deep.json

printf 'AWSTemplateFormatVersion: x\n' >huge.yaml
truncate -s 100M huge.yaml
bounded "a 100 MB file: LIMIT001 without reading it" 1 LIMIT001 huge.yaml
grep -q '^huge.yaml:1:1: error: the file is 104857600 bytes' "$OUT"
check $? "the 100 MB finding names the size at 1:1" "$(show_run)"

head -c 1048576 /dev/urandom >random.yaml
bounded "random binary named .yaml: skipped silently" 0 "" random.yaml
[ ! -s "$OUT" ] && [ ! -s "$ERR" ]
check $? "random binary: no output at all" "$(show_run)"

printf 'AWSTemplateFormatVersion: x\nDescription: "caf\xe9"\nResources: {}\n' >latin1.yaml
bounded "invalid UTF-8 in a template: SYNTAX001" 1 SYNTAX001 latin1.yaml
grep -q '^latin1.yaml:2:' "$OUT"
check $? "invalid UTF-8: reported on its line" "$(show_run)"

{ printf 'AWSTemplateFormatVersion: x\nDescription: "'; head -c 9000 /dev/zero | tr '\0' 'x'; printf '\0"\n'; } >nul.yaml
bounded "a NUL byte inside a template: SYNTAX001" 1 SYNTAX001 nul.yaml

mkdir walk && cp "$ROOT/tests/cli/data/queue.yaml" walk/ && mkfifo walk/pipe.yaml && ln -s .. walk/loop && ln -s loop walk/loop2
bounded "directory walk with a FIFO and symlink loops: bounded, the real file linted" 1 SQS001 walk
mkfifo lone.yaml
bounded "a FIFO named on the command line with no writer: no hang" 0 "" lone.yaml

cp "$ROOT/tests/cli/data/queue.yaml" ok.yaml
bounded "a limit hit in one file: the other files are still linted" 1 SQS001 laughs.yaml deep.json ok.yaml
grep -q 'laughs.yaml.*LIMIT001' "$OUT" && grep -q 'deep.json.*LIMIT001' "$OUT"
check $? "a limit hit in one file: every file's finding is there" "$(show_run)"

# 30,000 findings on one 3 MB line: positions are counted on from the one
# before, not from the start of the line each time (that took minutes).
awk 'BEGIN {
    printf "{\"Version\": \"2012-10-17\", \"Statement\": ["
    for (i = 0; i < 30000; i++)
        printf "%s{\"Effect\": \"Allow\", \"Action\": \"dynamodb:*\", \"Resource\": \"arn:aws:dynamodb:eu-west-1:1:table/t%d\"}", (i ? ", " : ""), i
    print "]}"
}' >oneline.json
bounded "30,000 findings on one long line: bounded time" 1 IAM001 -q oneline.json
want=$(awk '{ print index($0, "\"dynamodb:*\", \"Resource\": \"arn:aws:dynamodb:eu-west-1:1:table/t29999\"") }' oneline.json)
[ "$(grep -c . "$OUT")" -eq 30000 ] && tail -n 1 "$OUT" | grep -q "^oneline.json:1:$want: "
check $? "30,000 findings on one line: each at its own column (the last at $want)" "$(tail -n 1 "$OUT" | cut -c1-80)"

if [ "$(id -u)" = 0 ]; then
    skip "an unreadable file" "running as root, every file is readable"
else
    cp ok.yaml secret.yaml && chmod 000 secret.yaml
    bounded "an unreadable file: exit 2, the others still linted" 2 SQS001 secret.yaml ok.yaml
fi

# 100,000 resources: 50,000 queues each watched by its alarm (which notifies
# a topic), encrypted and with a dead-letter queue, and one queue without an
# alarm: exactly one finding, in bounded time.
awk 'BEGIN {
    print "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:"
    q = "    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: true\n      RedrivePolicy: {deadLetterTargetArn: !ImportValue dlq, maxReceiveCount: 5}\n"
    for (i = 0; i < 50000; i++) {
        printf "  Q%d:\n%s", i, q
        printf "  A%d:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      AlarmActions: [!ImportValue topic]\n      Dimensions:\n        - Name: QueueName\n          Value: !GetAtt Q%d.QueueName\n", i, i
    }
    printf "  Lonely:\n%s", q
}' >many.yaml
bounded "100,000 resources: bounded, exactly the one unwatched queue" 1 SQS001 many.yaml
[ "$(grep -c . "$OUT")" -eq 1 ] && grep -q "'Lonely'" "$OUT"
check $? "100,000 resources: one finding, for Lonely" "$(show_run)"
exit 0
