#!/usr/bin/python3
"""run_action.py — runs a composite GitHub Action's steps as the runner would.

    run_action.py ACTION_DIR WORKSPACE [INPUT=VALUE ...]

Reads ACTION_DIR/action.yml and runs runs.steps in order, each `run` script
with `bash --noprofile --norc -eo pipefail` (GitHub's `shell: bash`) in the
workspace (or the step's working-directory), with the variables GitHub sets:
GITHUB_WORKSPACE, GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_ENV,
GITHUB_STEP_SUMMARY, RUNNER_TEMP, CI, GITHUB_ACTIONS, and the step's `env:`
with `${{ inputs.NAME }}` (defaults from action.yml, overridden by the
arguments), `${{ github.action_path }}`, `${{ github.workspace }}` and
`${{ runner.temp }}` substituted. Stops at the first step that fails, like the
runner, and exits with its status. Prints each step's outputs as
"output NAME=VALUE". Anything it cannot emulate faithfully (`uses:`, `if:`,
other shells, other expressions, `${{ }}` inside a script) is an error, so the
action cannot drift away from what this test proves.
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def fail(msg):
    print("run_action: " + msg, file=sys.stderr)
    sys.exit(3)


def main():
    if len(sys.argv) < 3:
        fail("usage: run_action.py ACTION_DIR WORKSPACE [INPUT=VALUE ...]")
    action_dir = os.path.abspath(sys.argv[1])
    workspace = os.path.abspath(sys.argv[2])
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    if action.get("runs", {}).get("using") != "composite":
        fail("not a composite action")

    declared = action.get("inputs") or {}
    inputs = {k: str(v.get("default", "")) for k, v in declared.items()}
    for arg in sys.argv[3:]:
        name, _, value = arg.partition("=")
        if name not in declared:
            fail("unknown input " + name)
        inputs[name] = value

    temp = tempfile.mkdtemp(prefix="runner-temp.")
    files = {k: os.path.join(temp, k) for k in ("output", "env", "summary")}
    for p in files.values():
        open(p, "w").close()
    context = {"github.action_path": action_dir, "github.workspace": workspace, "runner.temp": temp}

    def expand(value):
        def one(m):
            e = m.group(1)
            if e.startswith("inputs."):
                name = e[len("inputs."):]
                if name not in inputs:
                    fail("expression names an undeclared input: " + e)
                return inputs[name]
            if e in context:
                return context[e]
            fail("expression this runner does not emulate: " + e)
        return EXPR.sub(one, str(value))

    base = dict(os.environ)
    base.update({
        "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace,
        "GITHUB_ACTION_PATH": action_dir, "RUNNER_TEMP": temp,
        "GITHUB_OUTPUT": files["output"], "GITHUB_ENV": files["env"],
        "GITHUB_STEP_SUMMARY": files["summary"],
    })
    for i, step in enumerate(action["runs"]["steps"]):
        for key in step:
            if key not in ("name", "id", "shell", "run", "env", "working-directory"):
                fail(f"step {i + 1}: '{key}' is not emulated")
        if step.get("shell") != "bash":
            fail(f"step {i + 1}: shell must be bash")
        if "${{" in step["run"]:
            fail(f"step {i + 1}: an expression inside the script (pass it through env)")
        env = dict(base)
        env.update({k: expand(v) for k, v in (step.get("env") or {}).items()})
        cwd = os.path.join(workspace, expand(step.get("working-directory", ".")))
        script = os.path.join(temp, f"step{i + 1}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(step["run"])
        open(files["output"], "w").close()
        print(f"run_action: step {i + 1}: {step.get('name', '')}", file=sys.stderr, flush=True)
        rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=cwd, env=env)
        with open(files["output"], encoding="utf-8") as f:
            for line in f.read().splitlines():
                if "=" in line:
                    print("output " + line, flush=True)
        if rc != 0:
            print(f"run_action: step {i + 1} failed with exit code {rc}", file=sys.stderr)
            sys.exit(rc)
    sys.exit(0)


if __name__ == "__main__":
    main()
