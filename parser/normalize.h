/*
 * normalize.h — Serverless Framework and AWS SAM input, normalised into the
 * CloudFormation shapes of the template model (model.h).
 *
 *   serverless.yml ──► vars.c (${...} variables) ──► serverless.c ──► a
 *   CloudFormation-shaped tree (resources, roles, alarms) ──► model_build
 *
 *   SAM template ──► sam.c (Globals, Policies and policy templates, roles)
 *   ──► extra resources in the same model
 *
 * Every node made here carries the span of the text that made it, so the
 * existing checks report on the line the user wrote. Internal to parser/.
 */
#ifndef STACKLINT_NORMALIZE_H
#define STACKLINT_NORMALIZE_H

#include "model.h"
#include "synth.h"

/* Resolves Serverless Framework variables in the tree under root: ${self:},
 * ${opt:} / ${env:} / ... with fallbacks, ${file(...)} next to `path`.
 * Unknown values keep their text. Each place where a variable refers back to
 * itself is pushed to *cycles (a Node*). Never fails, bounded work: `lim`
 * (NULL: the defaults) bounds the recursion and the files included; each
 * limit hit is appended to the list at *limits. */
Node *sls_resolve_vars(Arena *a, Node *root, const char *path, const ParseLimits *lim,
                       PtrVec *cycles, ParseIssue **limits);

/* A CloudFormation-shaped root {Resources, Outputs, ...} for a resolved
 * serverless.yml tree; triggers (function events) go to *triggers. */
Node *sls_normalize(Arena *a, const Node *root, PtrVec *triggers);

/* The Resources map of a SAM template with Globals merged into its
 * serverless resources and the resources SAM would add (roles with the
 * expanded policies); triggers (function events) go to *triggers. */
Node *sam_normalize(Arena *a, const Node *root, const Node *resources, PtrVec *triggers);

/* Serverless Framework's logical-id spelling of a name: first letter
 * upper case, '-' -> "Dash", '_' -> "Underscore". */
const char *sls_logical_name(Arena *a, const char *name);

/* A trigger under construction (copied into Model.triggers). */
Trigger *trigger_new(Arena *a, PtrVec *out, const char *event, const char *function,
                     const Node *node, const Node *source);

#endif
