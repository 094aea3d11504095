/*
 * gen_common.h — what the data generators (tools/gen_*.c that read a JSON
 * data file and print a C table) share: reading the file, printing a C
 * string literal, and sorting cJSON object members by name so the table is
 * in a stable order.
 */
#ifndef STACKLINT_GEN_COMMON_H
#define STACKLINT_GEN_COMMON_H

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file, NUL-terminated, or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(s);
        return NULL;
    }
    s[n] = '\0';
    fclose(f);
    return s;
}

/* s as a C string literal; NULL as NULL. */
static void c_string(const char *s)
{
    if (!s) {
        fputs("NULL", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if (*s == '\n')
            printf("\\n");
        else
            putchar(*s);
    }
    putchar('"');
}

/* qsort order of cJSON members by name */
static int cmp_names(const void *a, const void *b)
{
    return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

#endif
