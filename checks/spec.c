/*
 * spec.c — lookups in the compiled-in CloudFormation specification (spec.h):
 * binary searches over the generated tables, and "did you mean" suggestions
 * by edit distance for names that are not there.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

const char *spec_resource_name(const void *item)
{
    return SPEC_S(((const SpecResource *)item)->name);
}

const char *spec_prop_name(const void *item)
{
    return SPEC_S(((const SpecProp *)item)->name);
}

const char *spec_attr_name(const void *item)
{
    return SPEC_S(*(const uint32_t *)item);
}

/* Index of name in the sorted items, or -1. */
/* Inline into each caller, so that name_of is a known function, not a call
 * through a pointer at every step; the first letters are compared before
 * strcmp (which orders by unsigned char just the same). */
static inline __attribute__((always_inline)) long find(const char *name, const void *items,
                                                       uint32_t n, size_t stride,
                                                       const char *(*name_of)(const void *))
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const char *it = name_of((const char *)items + (size_t)mid * stride);
        int c = (unsigned char)name[0] - (unsigned char)it[0];
        if (c == 0)
            c = strcmp(name, it);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

const SpecResource *spec_resource(const char *type)
{
    /* Several rules ask for each resource's type, and a template uses few
     * types: the types found last are remembered per thread, by their text,
     * so a repeat costs a hash and one compare instead of a binary search
     * whose names all begin alike ("AWS::"). */
    static _Thread_local const SpecResource *memo[64];
    uint32_t h = 2166136261u;
    for (const char *p = type; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    const SpecResource **slot = &memo[h & 63];
    if (*slot && strcmp(SPEC_S((*slot)->name), type) == 0)
        return *slot;
    long i = find(type, SPEC_RESOURCES, SPEC_NRESOURCES, sizeof *SPEC_RESOURCES, spec_resource_name);
    if (i < 0)
        return NULL;
    *slot = &SPEC_RESOURCES[i];
    return *slot;
}

const SpecProp *spec_prop(const SpecProp *props, uint32_t n, const char *name)
{
    long i = find(name, props, n, sizeof *props, spec_prop_name);
    return i < 0 ? NULL : &props[i];
}

bool spec_has_attr(const SpecResource *r, const char *attr)
{
    return find(attr, SPEC_ATTRS + r->attrs, r->nattrs, sizeof *SPEC_ATTRS, spec_attr_name) >= 0;
}

/* Edit distance (insertions, deletions, substitutions, adjacent
 * transpositions) ignoring ASCII case, or a value above `max` as soon as
 * it must exceed it. Names are short: longer ones are not compared. */
static size_t distance(const char *a, const char *b, size_t max)
{
    enum { CAP = 128 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= CAP || lb >= CAP || (la > lb ? la - lb : lb - la) > max)
        return max + 1;
    static _Thread_local size_t d[3][CAP];
    size_t *pp = d[0], *p = d[1], *c = d[2];
    for (size_t j = 0; j <= lb; j++)
        p[j] = j;
    for (size_t i = 1; i <= la; i++) {
        c[0] = i;
        size_t best = c[0];
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            size_t v = p[j - 1] + (ca != cb);
            if (p[j] + 1 < v)
                v = p[j] + 1;
            if (c[j - 1] + 1 < v)
                v = c[j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            c[j] = v;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
        size_t *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[lb];
}

const char *spec_suggest(const char *s, const void *items, uint32_t n, size_t stride,
                         const char *(*name_of)(const void *item))
{
    size_t len = strlen(s);
    size_t max = len <= 3 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = max + 1;
    for (uint32_t i = 0; i < n && best_d > 0; i++) {
        const char *name = name_of((const char *)items + (size_t)i * stride);
        size_t d = distance(s, name, best_d - 1);
        if (d < best_d) {
            best_d = d;
            best = name;
        }
    }
    return best;
}
