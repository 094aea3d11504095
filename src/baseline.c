/*
 * baseline.c — writing and reading baseline files (baseline.h).
 *
 *   {"stacklint-baseline": 1,
 *    "findings": [{"path": ..., "rule": ..., "fingerprint": ..., "resource": ..., "message": ...}]}
 *
 * Only path and fingerprint are used for matching; rule, resource and
 * message are there for the person reviewing the file. Lookups are binary
 * searches in the sorted keys.
 */
#include "baseline.h"

#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASELINE_MAX_SIZE (256u << 20)

static const char *norm_path(const char *p)
{
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    return p;
}

static char *make_key(const char *path, const char *fp)
{
    path = norm_path(path);
    size_t a = strlen(path), b = strlen(fp);
    char *k = xmalloc(a + b + 2);
    memcpy(k, path, a);
    k[a] = '\n';
    memcpy(k + a + 1, fp, b + 1);
    return k;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int baseline_write(const char *file, const Finding *const *fs, size_t n)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "stacklint-baseline", 1);
    cJSON *arr = cJSON_AddArrayToObject(root, "findings");
    for (size_t i = 0; i < n; i++) {
        const Finding *f = fs[i];
        if (f->suppressed)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "path", norm_path(f->path));
        cJSON_AddStringToObject(o, "rule", f->rule->id);
        cJSON_AddStringToObject(o, "fingerprint", f->fingerprint);
        if (f->resource)
            cJSON_AddStringToObject(o, "resource", f->resource);
        cJSON_AddStringToObject(o, "message", f->message);
        cJSON_AddItemToArray(arr, o);
    }
    char *s = cJSON_Print(root);
    cJSON_Delete(root);
    FILE *out = s ? fopen(file, "w") : NULL;
    int rc = 0;
    if (!out || fputs(s, out) < 0 || fputc('\n', out) == EOF)
        rc = -1;
    if (out && fclose(out) != 0)
        rc = -1;
    if (rc)
        fprintf(stderr, "stacklint: cannot write the baseline '%s': %s\n", file, strerror(errno));
    cJSON_free(s);
    return rc;
}

static char *slurp(const char *file, size_t *len)
{
    FILE *f = fopen(file, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap > BASELINE_MAX_SIZE) {
                free(buf);
                fclose(f);
                errno = EFBIG;
                return NULL;
            }
            buf = xrealloc(buf, cap *= 2);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (!got)
            break;
        n += got;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

static int bad_file(const char *file, const char *why)
{
    fprintf(stderr, "stacklint: %s: error: not a stacklint baseline: %s\n", file, why);
    return -1;
}

int baseline_load(Baseline *b, const char *file)
{
    memset(b, 0, sizeof *b);
    size_t len = 0;
    char *text = slurp(file, &len);
    if (!text) {
        fprintf(stderr, "stacklint: cannot read the baseline '%s': %s\n", file, strerror(errno));
        return -1;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    if (!root)
        return bad_file(file, "it is not JSON");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "stacklint-baseline");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "findings");
    if (!cJSON_IsNumber(ver) || ver->valueint != 1 || !cJSON_IsArray(arr)) {
        cJSON_Delete(root);
        return bad_file(file, "it needs \"stacklint-baseline\": 1 and a \"findings\" list");
    }
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    b->keys = xmalloc((n ? n : 1) * sizeof *b->keys);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "path");
        const cJSON *fp = cJSON_GetObjectItemCaseSensitive(it, "fingerprint");
        if (!cJSON_IsString(p) || !cJSON_IsString(fp)) {
            char why[96];
            snprintf(why, sizeof why, "finding %zu has no \"path\" or \"fingerprint\" string", i + 1);
            b->len = i;
            baseline_free(b);
            cJSON_Delete(root);
            return bad_file(file, why);
        }
        b->keys[i++] = make_key(p->valuestring, fp->valuestring);
    }
    b->len = i;
    cJSON_Delete(root);
    qsort(b->keys, b->len, sizeof *b->keys, cmp_key);
    return 0;
}

bool baseline_has(const Baseline *b, const Finding *f)
{
    if (!b->len)
        return false;
    char *k = make_key(f->path, f->fingerprint);
    bool hit = bsearch(&k, b->keys, b->len, sizeof *b->keys, cmp_key) != NULL;
    free(k);
    return hit;
}

void baseline_free(Baseline *b)
{
    for (size_t i = 0; i < b->len; i++)
        free(b->keys[i]);
    free(b->keys);
    memset(b, 0, sizeof *b);
}
