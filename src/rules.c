/*
 * rules.c — lookups in the generated rule table (rules.h).
 */
#include "rules.h"

#include "rulelang.h"

#include <string.h>
#include <strings.h>

const Rule *rule_find(const char *id_or_name)
{
    for (size_t i = 0; i < RULE_COUNT; i++)
        if (strcasecmp(RULES[i].id, id_or_name) == 0 || strcmp(RULES[i].name, id_or_name) == 0)
            return &RULES[i];
    for (size_t i = 0; i < rulelang_count(); i++) {     /* the team's own rules */
        const Rule *r = rulelang_rule(i);
        if (strcasecmp(r->id, id_or_name) == 0 || strcmp(r->name, id_or_name) == 0)
            return r;
    }
    return NULL;
}

/* Built-in rules first, then the loaded declarative rules (the order of
 * SARIF's tool.driver.rules). */
size_t rule_index(const Rule *r)
{
    if (r >= RULES && r < RULES + RULE_COUNT)
        return (size_t)(r - RULES);
    return RULE_COUNT + rulelang_index(r);
}

const char *severity_name(Severity s)
{
    switch (s) {
    case SEV_ERROR: return "error";
    case SEV_WARNING: return "warning";
    case SEV_NOTE: return "note";
    default: return "none";
    }
}

Severity severity_parse(const char *s)
{
    if (strcmp(s, "error") == 0) return SEV_ERROR;
    if (strcmp(s, "warning") == 0) return SEV_WARNING;
    if (strcmp(s, "note") == 0) return SEV_NOTE;
    return SEV_NONE;
}
