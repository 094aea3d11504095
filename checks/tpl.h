/*
 * tpl.h — what the TPL rules (tpl.c, tpl_refs.c, tpl_structure.c) share:
 * which templates and resource types the specification can judge.
 */
#ifndef STACKLINT_TPL_H
#define STACKLINT_TPL_H

#include <stdbool.h>

#include "checks.h"
#include "spec.h"

/* A template that another tool rewrites before CloudFormation validates it:
 * a Transform other than SAM's (a macro, AWS::LanguageExtensions with its
 * Fn::ForEach), or rain directives (Rain::Module, Rain::Embed). Its
 * resources and references are not yet what CloudFormation will see, so
 * only its sections and YAML features are checked. */
bool tpl_preprocessed(const Model *m);

/* Custom resources take any properties and return any attributes. */
bool tpl_is_custom(const char *type);

/* AWS::Serverless::* types: the specification package carries an older,
 * partial model of them, so their properties are not validated. */
bool tpl_is_sam(const char *type);

#endif
