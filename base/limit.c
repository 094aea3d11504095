/*
 * limit.c — the table of the safety limits and their values (limit.h).
 */
#include "limit.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const ParseLimits PARSE_LIMITS_DEFAULT = PARSE_LIMITS_DEFAULT_INIT;

/* The upper bounds keep what the limits protect: byte offsets are 32-bit
 * (a file or a string under 4 GiB), and the checks walk the tree
 * recursively, so nesting stays far below what a thread's stack holds. */
const LimitDef LIMIT_DEFS[LIMIT_COUNT] = {
    [LIMIT_FILE_SIZE] = {"max-file-size", true, 1, UINT32_MAX - 1, "size of a file"},
    [LIMIT_DEPTH] = {"max-depth", false, 1, 1000, "nesting of maps and lists"},
    [LIMIT_NODES] = {"max-nodes", false, 1, UINT32_MAX, "nodes in a file"},
    [LIMIT_ALIAS] = {"max-alias-expansion", false, 0, UINT32_MAX,
                     "nodes YAML aliases add, each alias counted as the copy it stands for"},
    [LIMIT_STRING] = {"max-string", true, 1, UINT32_MAX - 1, "size of one string or other scalar"},
    [LIMIT_VAR_DEPTH] = {"max-var-depth", false, 1, 5000,
                         "nesting of serverless.yml variable resolution"},
};

LimitId limit_by_name(const char *name)
{
    for (int i = 0; i < LIMIT_COUNT; i++)
        if (strcmp(name, LIMIT_DEFS[i].name) == 0)
            return (LimitId)i;
    return LIMIT_COUNT;
}

int limit_parse(LimitId id, const char *text, uint64_t *out, const char **why)
{
    const LimitDef *d = &LIMIT_DEFS[id];
    static char msg[LIMIT_COUNT][96];     /* read before any thread starts */
    char *m = msg[id];
    if (d->size)
        snprintf(m, sizeof msg[0], "a size in bytes with an optional K, M or G, less than 4G "
                 "(e.g. 64M)");
    else
        snprintf(m, sizeof msg[0], "a whole number from %llu to %llu",
                 (unsigned long long)d->min, (unsigned long long)d->max);
    *why = m;
    const char *p = text;
    if (!isdigit((unsigned char)*p))
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(p, &end, 10);
    if (errno == ERANGE)
        return -1;
    if (d->size && *end) {
        unsigned shift = 0;
        switch (tolower((unsigned char)*end)) {
        case 'k': shift = 10; break;
        case 'm': shift = 20; break;
        case 'g': shift = 30; break;
        default: return -1;
        }
        end++;
        if (strcasecmp(end, "b") == 0 || strcasecmp(end, "ib") == 0)
            end += strlen(end);
        if (v > (UINT64_MAX >> shift))
            return -1;
        v <<= shift;
    }
    if (*end || v < d->min || v > d->max)
        return -1;
    *out = v;
    return 0;
}

void limit_format(LimitId id, uint64_t v, char *buf, size_t size)
{
    static const char units[] = "KMG";
    if (LIMIT_DEFS[id].size && v) {
        int u = -1;
        while (u < 2 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        if (u >= 0) {
            snprintf(buf, size, "%llu%c", (unsigned long long)v, units[u]);
            return;
        }
    }
    snprintf(buf, size, "%llu", (unsigned long long)v);
}

uint64_t limit_get(const ParseLimits *lim, LimitId id)
{
    switch (id) {
    case LIMIT_FILE_SIZE: return lim->max_file_size;
    case LIMIT_DEPTH: return lim->max_depth;
    case LIMIT_NODES: return lim->max_nodes;
    case LIMIT_ALIAS: return lim->max_alias_expansion;
    case LIMIT_STRING: return lim->max_scalar;
    case LIMIT_VAR_DEPTH: return lim->max_var_depth;
    default: return 0;
    }
}

void limit_set(ParseLimits *lim, LimitId id, uint64_t v)
{
    switch (id) {
    case LIMIT_FILE_SIZE: lim->max_file_size = v; break;
    case LIMIT_DEPTH: lim->max_depth = (uint32_t)v; break;
    case LIMIT_NODES: lim->max_nodes = v; break;
    case LIMIT_ALIAS: lim->max_alias_expansion = v; break;
    case LIMIT_STRING: lim->max_scalar = (uint32_t)v; break;
    case LIMIT_VAR_DEPTH: lim->max_var_depth = (uint32_t)v; break;
    default: break;
    }
}
