#!/usr/bin/env bash
# discovery.sh — which files stacklint reads: the directory walk (extensions,
# skipped directories), files named explicitly, and files that are not ours
# (a GitHub workflow, a Kubernetes manifest, package.json) skipped silently.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_stacklint "cli discovery"
data=$ROOT/tests/cli/data
cd "$T" || exit 2

# --- files that are not templates ----------------------------------------
mkdir -p other/.github/workflows other/k8s other/web
cat >other/.github/workflows/ci.yml <<'EOF'
name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
EOF
cat >other/k8s/deployment.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.25
          resources:
            limits:
              cpu: "1"
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
EOF
cat >other/web/package.json <<'EOF'
{
  "name": "web",
  "version": "1.0.0",
  "scripts": { "test": "jest" },
  "dependencies": { "express": "^4.19.2" }
}
EOF
cat >other/web/tsconfig.json <<'EOF'
{ "compilerOptions": { "strict": true, "target": "ES2022" } }
EOF
: >other/empty.yaml
printf '# only a comment\n' >other/comment.yml

for f in other/.github/workflows/ci.yml other/k8s/deployment.yaml other/web/package.json \
    other/web/tsconfig.json other/empty.yaml other/comment.yml; do
    sl "$f"
    if [ "$RC" -eq 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]; then
        pass "not a template, skipped silently: ${f#other/}"
    else
        fail "not a template, skipped silently: ${f#other/}" "$(show_run)"
    fi
done
for fmt in text json github; do
    sl --format "$fmt" other
    if [ "$RC" -eq 0 ] && [ ! -s "$ERR" ] &&
        { [ ! -s "$OUT" ] || { [ "$fmt" = json ] && [ "$(tr -d ' \n' <"$OUT")" = "[]" ]; }; }; then
        pass "directory of non-templates: exit 0, nothing said ($fmt)"
    else
        fail "directory of non-templates: exit 0, nothing said ($fmt)" "$(show_run)"
    fi
done
sl --list-files other
if [ "$RC" -eq 0 ] && [ -s "$OUT" ] && ! grep -vq '^skipped	' "$OUT"; then
    pass "--list-files: non-templates are listed as skipped"
else
    fail "--list-files: non-templates are listed as skipped" "$(show_run)"
fi

# --- the directory walk ----------------------------------------------------
mkdir -p proj/sub proj/node_modules/pkg proj/.git proj/.serverless proj/.aws-sam/build proj/cdk.out
cp "$data/queue.yaml" proj/template.yaml
cp "$data/policy.json" proj/sub/policy.json
cp "$data/queue.yaml" proj/sub/stack.template
cp "$data/bucket.yaml" proj/sub/bucket.yml
cp "$data/queue.yaml" proj/notes.txt                       # not a considered extension
cp "$data/queue.yaml" proj/node_modules/pkg/template.yaml
cp "$data/queue.yaml" proj/.git/template.yaml
cp "$data/policy.json" proj/.serverless/cloudformation-template-update-stack.json
cp "$data/queue.yaml" proj/.aws-sam/build/template.yaml
cp "$data/policy.json" proj/cdk.out/Stack.template.json
cp other/k8s/deployment.yaml proj/sub/deployment.yaml
cat >proj/sub/sam.yaml <<'EOF'
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: src/
EOF
cat >proj/sub/serverless.yml <<'EOF'
service: hello
provider:
  name: aws
  runtime: nodejs24.x
functions:
  hello:
    handler: handler.hello
EOF

sl --list-files proj
expect_rc "--list-files exits 0" 0
LC_ALL=C sort "$OUT" >"$T/listed"
cat >"$T/want" <<'EOF'
cfn	proj/sub/bucket.yml
cfn	proj/sub/stack.template
cfn	proj/template.yaml
iam-policy	proj/sub/policy.json
sam	proj/sub/sam.yaml
skipped	proj/sub/deployment.yaml
EOF
# serverless.yml: "serverless" once the Serverless Framework is supported.
grep -v 'proj/sub/serverless.yml$' "$T/listed" >"$T/listed-core"
expect_same "--list-files: kinds, and the walk skips node_modules .git .serverless .aws-sam cdk.out and other extensions" \
    "$T/want" "$T/listed-core"
if grep -qE '^(serverless|skipped)	proj/sub/serverless\.yml$' "$T/listed"; then
    pass "--list-files: serverless.yml is serverless (or skipped while unsupported)"
else
    fail "--list-files: serverless.yml is serverless (or skipped while unsupported)" "$(cat "$T/listed")"
fi

sl --format json --fail-on none proj
node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log([...new Set(a.map(f => f.path))].sort().join("\n"))' <"$OUT" >"$T/paths" 2>&1
printf '%s\n' proj/sub/bucket.yml proj/sub/policy.json proj/sub/stack.template proj/template.yaml >"$T/want"
expect_same "directory walk: findings only from the files it should read" "$T/want" "$T/paths"

for f in proj/notes.txt proj/node_modules/pkg/template.yaml proj/.aws-sam/build/template.yaml \
    proj/cdk.out/Stack.template.json; do
    sl "$f"
    if [ "$RC" -eq 1 ] && grep -q "^$f:" "$OUT"; then
        pass "a file named explicitly is read: $f"
    else
        fail "a file named explicitly is read: $f" "$(show_run)"
    fi
done
exit 0
