/*
 * arena.c — the per-file bump allocator (see arena.h).
 *
 * Blocks grow geometrically up to 1 MiB; a request larger than a block gets a
 * block of its own. Alignment is 16 bytes so any C object can live here.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

#define ARENA_MIN_BLOCK (16u * 1024u)
#define ARENA_MAX_BLOCK (1024u * 1024u)

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("stacklint: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("stacklint: out of memory\n", stderr);
        exit(2);
    }
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *d = xmalloc(n + 1);
    memcpy(d, s, n + 1);
    return d;
}

void arena_init(Arena *a)
{
    a->head = NULL;
    a->total = 0;
}

void arena_free(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

void *arena_alloc(Arena *a, size_t n)
{
    n = (n + 15u) & ~(size_t)15u;
    ArenaBlock *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = b ? b->size * 2 : ARENA_MIN_BLOCK;
        if (size > ARENA_MAX_BLOCK)
            size = ARENA_MAX_BLOCK;
        if (size < n)
            size = n;
        ArenaBlock *nb = xmalloc(sizeof *nb + size);
        nb->used = 0;
        nb->size = size;
        /* A block made just for a large request goes behind the current
         * block, so the current block's free space is not abandoned. */
        if (b && size == n && b->size - b->used > 256) {
            nb->next = b->next;
            b->next = nb;
            nb->used = n;
            a->total += n;
            return nb->data;
        }
        nb->next = b;
        a->head = b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    return p;
}

void *arena_calloc(Arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) {
        fputs("stacklint: allocation overflow\n", stderr);
        exit(2);
    }
    void *p = arena_alloc(a, count * size);
    memset(p, 0, count * size);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
    char buf[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof buf)
        return arena_strndup(a, buf, (size_t)n);
    char *d = arena_alloc(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return d;
}

void *arena_grow(Arena *a, void *items, size_t len, size_t *cap, size_t size, size_t first)
{
    if (len < *cap)
        return items;
    size_t n = *cap ? *cap * 2 : first;
    void *grown = arena_alloc(a, n * size);
    if (len)
        memcpy(grown, items, len * size);
    *cap = n;
    return grown;
}

void ptrvec_push(Arena *a, PtrVec *v, void *p)
{
    v->items = arena_grow(a, v->items, v->len, &v->cap, sizeof *v->items, 8);
    v->items[v->len++] = p;
}
