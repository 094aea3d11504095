/*
 * rulelang.h — the declarative rule language: a team's own standards as
 * YAML files, one rule per file (docs/writing-your-own-standards.md).
 *
 * rulelang_load_dir() reads every *.yaml / *.yml file of a folder, checks
 * it completely (unknown keys, wrong types, bad regular expressions, bad
 * paths are errors at FILE:LINE:COL) and compiles it into an expression
 * tree. Loading happens once, before linting; the compiled rules are then
 * read-only and shared by the workers.
 *
 * rulelang_run() evaluates every loaded rule on one CloudFormation model:
 * select resources by type glob, evaluate the assertion in three-valued
 * logic (true, false, unknown when an intrinsic function hides the value),
 * and report at the resource (or at `report-at`). Relationships are
 * computed once per rule and file from the reference graph, so a rule costs
 * O(resources + references) per file, never resources².
 */
#ifndef STACKLINT_RULELANG_H
#define STACKLINT_RULELANG_H

#include <stdbool.h>

#include "../checks/finding.h"

/* Loads the rules of dir. Returns 0, or -1 after printing every error. */
int rulelang_load_dir(const char *dir);

/* Loads one rule file. Returns 0, or -1 after printing every error. */
int rulelang_load_file(const char *path);

/* Each rule loaded is added to the catalogue (catalog_add), in load order
 * (files sorted by name within a folder), after the built-in rules. */

/* Compiles the built-in declarative rules (the rules/<ID>.yaml bodies),
 * once per process; later calls return at once. Returns 0, or -1 after
 * printing the errors of a body that does not compile (a bug of stacklint).
 * rulelang_run calls it; the command line calls it first, to fail early. */
int rulelang_builtins(void);

/* Runs every loaded rule on ctx->model (a CloudFormation template). */
void rulelang_run(CheckCtx *ctx);

#endif
