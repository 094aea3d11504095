/*
 * lambda_runtime.c — LMB004: Lambda runtimes past their deprecation date.
 *
 * The runtime lifecycle (deprecation, create-block and update-block dates,
 * successor) is compiled in from ../shared/data/lambda-runtime-lifecycle.json
 * (lambda_runtime_data.c, make regen-lambda-runtimes). The dates are compared
 * with the run's as-of date (--as-of, `as-of:` in .stacklint.yaml, else
 * today in UTC), so a pinned CI run gives the same findings every day.
 *
 * Functions are AWS::Lambda::Function, AWS::Serverless::Function (with
 * Globals.Function.Runtime merged in by parser/sam.c) and the functions of a
 * serverless.yml (function `runtime`, else `provider.runtime`, by
 * parser/serverless.c). Several functions may take their runtime from one
 * place (Globals, provider); that place is reported once.
 */
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "lambda_runtime.h"

static int cmp_runtime(const void *key, const void *elem)
{
    return strcmp(key, ((const LambdaRuntime *)elem)->name);
}

const LambdaRuntime *lambda_runtime_find(const char *name)
{
    if (!name)
        return NULL;
    return bsearch(name, LAMBDA_RUNTIMES, LAMBDA_RUNTIME_COUNT, sizeof *LAMBDA_RUNTIMES, cmp_runtime);
}

typedef struct Use {
    const Node *at;         /* the runtime's value, where it is written */
    const char *param;      /* the parameter whose Default it is, or NULL */
    const Resource *fn;
    size_t order;
} Use;

static int cmp_use(const void *x, const void *y)
{
    const Use *a = x, *b = y;
    if (a->at != b->at)
        return a->at->span.start != b->at->span.start ? (a->at->span.start < b->at->span.start ? -1 : 1)
                                                       : (a->at < b->at ? -1 : 1);
    return a->order < b->order ? -1 : a->order > b->order;
}

/* The runtime node of a function: Runtime, or the Default of the parameter
 * that Runtime names with !Ref (what a person edits to change it). */
static const Node *runtime_node(const Model *m, const Resource *r, Arena *a, const char **param)
{
    const Node *v = node_get(r->props, "Runtime");
    const char *target, *attr;
    *param = NULL;
    if (model_ref_of(v, &target, &attr, a) == REF_REF && !model_resource(m, target)) {
        *param = target;
        return node_get(node_get(m->parameters, target), "Default");
    }
    return v;
}

/* How a person knows the function: a serverless.yml function by the key
 * written (its logical id is the Framework's), else its logical id. */
static const char *shown(CheckCtx *ctx, const Resource *r)
{
    const Document *d = ctx->model->doc;
    if (ctx->model->kind == KIND_SERVERLESS && r->synthetic && d && r->id_node &&
        r->id_node->span.end > r->id_node->span.start && r->id_node->span.end <= d->size)
        return arena_strndup(ctx->arena, d->text + r->id_node->span.start,
                             r->id_node->span.end - r->id_node->span.start);
    return r->id;
}

static void report_use(CheckCtx *ctx, const Use *u, size_t others, const char *as_of)
{
    const LambdaRuntime *rt = lambda_runtime_find(node_str(u->at));
    if (!rt || !rt->deprecated || strcmp(as_of, rt->deprecated) < 0)
        return;
    const char *name = rt->name;
    const char *also = others ? arena_printf(ctx->arena, " (and %zu other function%s that take%s the runtime "
                                             "from here)", others, others == 1 ? "" : "s",
                                             others == 1 ? "s" : "")
                              : "";
    const char *to = rt->successor
                         ? arena_printf(ctx->arena, "move to %s (or another supported runtime) and test "
                                        "the code on it", rt->successor)
                         : "move to a supported runtime";
    bool create = rt->create_block && strcmp(as_of, rt->create_block) >= 0;
    bool update = rt->update_block && strcmp(as_of, rt->update_block) >= 0;
    const char *blocked = update ? arena_printf(ctx->arena, "; since %s Lambda refuses to create or update "
                                                "functions with it, so the next deploy fails",
                                                rt->update_block)
                        : create ? arena_printf(ctx->arena, "; since %s Lambda refuses to create functions with "
                                                "it, so a new stack (or a replaced function) fails to deploy%s",
                                                rt->create_block,
                                                rt->update_block
                                                    ? arena_printf(ctx->arena, ", and updates stop on %s",
                                                                   rt->update_block)
                                                    : "")
                        : rt->create_block ? arena_printf(ctx->arena, "; creating functions with it is "
                                                          "blocked from %s", rt->create_block)
                        : "";
    /* past a block date the template no longer deploys: an error (a
     * severity configured for the rule still wins, src/suppress.c) */
    report_severity(ctx, create || update ? SEV_ERROR : ctx->rule->severity, u->at, u->fn,
                    "function '%s'%s uses the Lambda runtime %s%s, deprecated since %s (no more security "
                    "patches)%s; %s",
                    shown(ctx, u->fn), also, name,
                    u->param ? arena_printf(ctx->arena, " (the Default of parameter '%s')", u->param) : "",
                    rt->deprecated, blocked, to);
}

void check_lmb_deprecated_runtime(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    /* a serverless.yml for another provider (kubeless, openwhisk, ...) */
    const Node *provider = node_get(node_get(m->root, "provider"), "name");
    if (m->kind == KIND_SERVERLESS && node_str(provider) && !node_str_eq(provider, "aws") &&
        !strstr(node_str(provider), "${"))
        return;
    char buf[16];
    const char *as_of = check_as_of(ctx, buf);
    Use *uses = NULL;
    size_t n = 0;
    for (size_t i = 0; i < m->nresources; i++) {
        const Resource *r = &m->resources[i];
        if (!resource_is(r, "AWS::Lambda::Function") && !resource_is(r, "AWS::Serverless::Function"))
            continue;
        const char *param;
        const Node *v = runtime_node(m, r, ctx->arena, &param);
        if (!node_str(v) || !lambda_runtime_find(node_str(v)))
            continue;
        if (!uses)
            uses = arena_alloc(ctx->arena, m->nresources * sizeof *uses);
        uses[n] = (Use){v, param, r, n};
        n++;
    }
    if (!n)
        return;
    qsort(uses, n, sizeof *uses, cmp_use);
    for (size_t i = 0; i < n;) {
        size_t k = i + 1;
        while (k < n && uses[k].at == uses[i].at)
            k++;
        /* sorted by order within a place: the first function in template
         * order names it */
        report_use(ctx, &uses[i], k - i - 1, as_of);
        i = k;
    }
}
