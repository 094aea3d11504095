/*
 * iam_catalog.c — lookups, wildcard expansion and suggestions over the
 * compiled-in IAM action catalog (iam_catalog.h, iam_catalog_data.c).
 *
 * IAM compares action names without regard to case, and so does every
 * function here. Costs: an exact action is two binary searches; a wildcard
 * in the action part scans one service (at most a few hundred actions); a
 * wildcard in the service part scans only the services it can match.
 */
#include "iam_catalog.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int lc(int c)
{
    return tolower((unsigned char)c);
}

bool iam_glob(const char *pat, size_t plen, const char *s, size_t slen)
{
    size_t p = 0, i = 0, star = (size_t)-1, mark = 0;
    while (i < slen) {
        if (p < plen && (pat[p] == '?' || (pat[p] != '*' && lc(pat[p]) == lc(s[i])))) {
            p++, i++;
        } else if (p < plen && pat[p] == '*') {
            star = p++;
            mark = i;
        } else if (star != (size_t)-1) {
            p = star + 1;
            i = ++mark;
        } else {
            return false;
        }
    }
    while (p < plen && pat[p] == '*')
        p++;
    return p == plen;
}

static bool has_wild(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '*' || s[i] == '?')
            return true;
    return false;
}

/* strncasecmp of a (length n) against the NUL-terminated b, then length. */
static int cmp_ci(const char *a, size_t n, const char *b)
{
    size_t i = 0;
    for (; i < n && b[i]; i++) {
        int d = lc(a[i]) - lc(b[i]);
        if (d)
            return d;
    }
    if (i < n)
        return 1;
    return b[i] ? -1 : 0;
}

uint32_t iam_action_service(uint32_t action)
{
    uint32_t lo = 0, hi = IAM_NSERVICES;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (IAM_SERVICES[mid].first <= action)
            lo = mid;
        else
            hi = mid;
    }
    /* services without actions share a first index: skip to the owner */
    while (lo + 1 < IAM_NSERVICES && IAM_SERVICES[lo + 1].first <= action)
        lo++;
    return lo;
}

const char *iam_action_name(uint32_t action, char *buf, size_t size)
{
    const IamServiceRec *sv = &IAM_SERVICES[iam_action_service(action)];
    snprintf(buf, size, "%s:%s", IAM_STR + sv->name, IAM_STR + IAM_ACTIONS[action].name);
    return buf;
}

const char *iam_access_name(IamAccess a)
{
    switch (a) {
    case IAM_ACCESS_LIST: return "List";
    case IAM_ACCESS_READ: return "Read";
    case IAM_ACCESS_WRITE: return "Write";
    case IAM_ACCESS_PERMISSIONS: return "Permissions management";
    case IAM_ACCESS_TAGGING: return "Tagging";
    }
    return "?";
}

int iam_service_find(const char *prefix, size_t len)
{
    uint32_t lo = 0, hi = IAM_NSERVICES;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = cmp_ci(prefix, len, IAM_STR + IAM_SERVICES[mid].name);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

static uint32_t action_in_service(const IamServiceRec *sv, const char *name, size_t len)
{
    uint32_t lo = 0, hi = sv->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = cmp_ci(name, len, IAM_STR + IAM_ACTIONS[sv->first + mid].name);
        if (c == 0)
            return sv->first + mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return IAM_NO_ACTION;
}

uint32_t iam_action_find(const char *s)
{
    const char *colon = strchr(s, ':');
    if (!colon)
        return IAM_NO_ACTION;
    int sv = iam_service_find(s, (size_t)(colon - s));
    if (sv < 0)
        return IAM_NO_ACTION;
    return action_in_service(&IAM_SERVICES[sv], colon + 1, strlen(colon + 1));
}

/* --- sets -------------------------------------------------------------------- */

size_t iam_set_words(void)
{
    return (IAM_NACTIONS + 63) / 64;
}

static void set_add(uint64_t *set, uint32_t i)
{
    if (set)
        set[i >> 6] |= 1ull << (i & 63);
}

static uint64_t last_mask(void)
{
    uint32_t r = IAM_NACTIONS & 63;
    return r ? (1ull << r) - 1 : ~0ull;
}

bool iam_set_full(const uint64_t *set)
{
    size_t n = iam_set_words();
    for (size_t i = 0; i + 1 < n; i++)
        if (set[i] != ~0ull)
            return false;
    return (set[n - 1] & last_mask()) == last_mask();
}

void iam_set_invert(uint64_t *set)
{
    size_t n = iam_set_words();
    for (size_t i = 0; i < n; i++)
        set[i] = ~set[i];
    set[n - 1] &= last_mask();
}

/* Adds the actions of one service matching the action pattern. */
static size_t expand_service(const IamServiceRec *sv, const char *pat, size_t plen, uint64_t *set)
{
    if (!has_wild(pat, plen)) {
        uint32_t a = action_in_service(sv, pat, plen);
        if (a == IAM_NO_ACTION)
            return 0;
        set_add(set, a);
        return 1;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < sv->count; i++) {
        const char *name = IAM_STR + IAM_ACTIONS[sv->first + i].name;
        if (iam_glob(pat, plen, name, strlen(name))) {
            set_add(set, sv->first + i);
            n++;
        }
    }
    return n;
}

IamExpand iam_expand(const char *pattern, uint64_t *set, size_t *count)
{
    size_t n = 0;
    if (count)
        *count = 0;
    const char *colon = strchr(pattern, ':');
    if (!colon) {
        if (strspn(pattern, "*") != strlen(pattern) || !*pattern)
            return IAM_EXPAND_BAD_FORM;
        for (uint32_t i = 0; i < IAM_NACTIONS; i++)
            set_add(set, i);
        if (count)
            *count = IAM_NACTIONS;
        return IAM_EXPAND_OK;
    }
    size_t slen = (size_t)(colon - pattern);
    const char *apat = colon + 1;
    size_t alen = strlen(apat);
    if (slen == 0 || alen == 0 || strchr(apat, ':'))
        return IAM_EXPAND_BAD_FORM;
    if (!has_wild(pattern, slen)) {
        int sv = iam_service_find(pattern, slen);
        if (sv < 0)
            return IAM_EXPAND_UNKNOWN_SERVICE;
        n = expand_service(&IAM_SERVICES[sv], apat, alen, set);
        if (count)
            *count = n;
        return n ? IAM_EXPAND_OK : has_wild(apat, alen) ? IAM_EXPAND_NOTHING : IAM_EXPAND_UNKNOWN_ACTION;
    }
    for (uint32_t s = 0; s < IAM_NSERVICES; s++) {
        const char *name = IAM_STR + IAM_SERVICES[s].name;
        if (iam_glob(pattern, slen, name, strlen(name)))
            n += expand_service(&IAM_SERVICES[s], apat, alen, set);
    }
    if (count)
        *count = n;
    return n ? IAM_EXPAND_OK : IAM_EXPAND_NOTHING;
}

/* --- suggestions ----------------------------------------------------------- */

/* Case-insensitive edit distance, giving up above max (names are short). */
static size_t distance(const char *a, size_t n, const char *b, size_t m, size_t max)
{
    if (n > 64 || m > 64 || (n > m ? n - m : m - n) > max)
        return max + 1;
    size_t row[65];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t v = diag + (lc(a[i - 1]) != lc(b[j - 1]));
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
    }
    return row[m];
}

static size_t allowed_distance(size_t len)
{
    return len < 6 ? 1 : len < 12 ? 2 : 3;
}

const char *iam_suggest(const char *s, char *buf, size_t size)
{
    const char *colon = strchr(s, ':');
    if (!colon || has_wild(s, strlen(s)))
        return NULL;
    size_t slen = (size_t)(colon - s), alen = strlen(colon + 1);
    int sv = iam_service_find(s, slen);
    if (sv < 0) {
        size_t max = allowed_distance(slen), best = max + 1;
        for (uint32_t i = 0; i < IAM_NSERVICES; i++) {
            const char *name = IAM_STR + IAM_SERVICES[i].name;
            size_t d = distance(s, slen, name, strlen(name), max);
            if (d < best)
                best = d, sv = (int)i;
        }
        if (sv < 0)
            return NULL;
        /* the action may be right for the corrected service */
        uint32_t a = action_in_service(&IAM_SERVICES[sv], colon + 1, alen);
        if (a != IAM_NO_ACTION)
            return iam_action_name(a, buf, size);
        snprintf(buf, size, "%s", IAM_STR + IAM_SERVICES[sv].name);
        return buf;
    }
    const IamServiceRec *svr = &IAM_SERVICES[sv];
    size_t max = allowed_distance(alen), best = max + 1;
    uint32_t pick = IAM_NO_ACTION;
    for (uint32_t i = 0; i < svr->count; i++) {
        const char *name = IAM_STR + IAM_ACTIONS[svr->first + i].name;
        size_t d = distance(colon + 1, alen, name, strlen(name), max);
        if (d < best)
            best = d, pick = svr->first + i;
    }
    return pick == IAM_NO_ACTION ? NULL : iam_action_name(pick, buf, size);
}
