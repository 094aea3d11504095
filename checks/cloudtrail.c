/*
 * cloudtrail.c — checks about CloudTrail trails.
 *
 * CTR001: a trail records (IsLogging is not false), covers every region
 * (IsMultiRegionTrail: true) and lets you prove its log files were not
 * altered (EnableLogFileValidation: true). Each missing setting is its own
 * finding, on the property written false or, when it is absent, on the
 * trail's logical id, since that is where the property has to be added.
 * Only a literal false and absence are reported: a value from a parameter
 * or a condition is the author's decision per environment.
 */
#include "checks.h"

/* Reports `key` of trail t when it is false, or absent and `absent_bad`. */
static void setting(CheckCtx *ctx, const Resource *t, const char *key, bool absent_bad,
                    const char *why)
{
    MapEntry *e = node_get_entry(t->props, key);
    if (e && node_is_false(e->value))
        report(ctx, e->value, t, "CloudTrail trail '%s' sets %s: false, so %s; set %s: true",
               t->id, key, why, key);
    else if (!e && absent_bad)
        report(ctx, t->id_node, t, "CloudTrail trail '%s' has no %s, so %s; add %s: true",
               t->id, key, why, key);
}

void check_ctr_trail_not_hardened(CheckCtx *ctx)
{
    const Model *m = ctx->model;
    size_t n_trails;
    const Resource *const *trails = model_resources_of_type(m, "AWS::CloudTrail::Trail", &n_trails);
    for (size_t i = 0; i < n_trails; i++) {
        const Resource *t = trails[i];
        /* IsLogging is required: TPL003 reports a trail without it */
        setting(ctx, t, "IsLogging", false, "it records nothing");
        setting(ctx, t, "IsMultiRegionTrail", true,
                "activity in the other regions (where an intruder would go) is not recorded");
        setting(ctx, t, "EnableLogFileValidation", true,
                "nobody can prove its log files were not altered or deleted");
    }
}
