/*
 * arena.c — the per-file bump allocator (see arena.h).
 *
 * Blocks grow geometrically up to 1 MiB; a request larger than a block gets a
 * block of its own. Alignment is 16 bytes so any C object can live here.
 *
 * Once an arena holds ARENA_HUGE_AFTER bytes (a large file: a 10 MB
 * template builds about 100 MB), its further blocks are mapped directly, in
 * whole 2 MiB pages where the kernel offers transparent huge pages for the
 * asking (madvise mode): one page fault per 2 MiB instead of 512, and far
 * fewer TLB misses while the checks walk the tree. Small files never get one.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct ArenaBlock {
    ArenaBlock *next;
    size_t size;
    size_t mapped;      /* length of the mapping holding the block, or 0 (malloc) */
    _Alignas(16) unsigned char data[];
};

#define ARENA_MIN_BLOCK (16u * 1024u)
#define ARENA_MAX_BLOCK (1024u * 1024u)
#define ARENA_HUGE_AFTER (8u * 1024u * 1024u)
#define HUGE_PAGE (2u * 1024u * 1024u)
#define ARENA_HUGE_BLOCK (4u * HUGE_PAGE)

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
    a->cur = a->end = NULL;
}

/* A block of `size` data bytes in its own mapping, aligned to a huge page
 * and advised to use huge pages; NULL when the system will not map it. */
static ArenaBlock *map_block(size_t size)
{
    size_t len = (sizeof(ArenaBlock) + size + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
    unsigned char *p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    /* keep the aligned part: unmap the head before it and the tail after it */
    uintptr_t at = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    size_t head = at - (uintptr_t)p;
    if (head)
        munmap(p, head);
    if (HUGE_PAGE - head)
        munmap((unsigned char *)at + len, HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
    madvise((void *)at, len, MADV_HUGEPAGE);
#endif
    ArenaBlock *b = (ArenaBlock *)at;
    b->mapped = len;
    b->size = len - sizeof(ArenaBlock);
    return b;
}

void arena_free(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *next = b->next;
        if (b->mapped)
            munmap(b, b->mapped);
        else
            free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
    a->cur = a->end = NULL;
}

void *arena_alloc_slow(Arena *a, size_t n)
{
    n = (n + 7u) & ~(size_t)7u;
    ArenaBlock *b = a->head;
    if (!b || (size_t)(a->end - a->cur) < n) {
        size_t size = b ? b->size * 2 : ARENA_MIN_BLOCK;
        if (size > ARENA_MAX_BLOCK)
            size = ARENA_MAX_BLOCK;
        if (size < n)
            size = n;
        ArenaBlock *nb = NULL;
        if (a->total >= ARENA_HUGE_AFTER)
            nb = map_block(size > ARENA_HUGE_BLOCK ? size : ARENA_HUGE_BLOCK);
        if (nb) {
            size = nb->size;
        } else {
            nb = xmalloc(sizeof *nb + size);
            nb->size = size;
            nb->mapped = 0;
        }
        /* A block made just for a large request goes behind the current
         * block, so the current block's free space is not abandoned. */
        if (b && size == n && (size_t)(a->end - a->cur) > 256) {
            nb->next = b->next;
            b->next = nb;
            a->total += n;
            return nb->data;
        }
        nb->next = b;
        a->head = nb;
        a->cur = nb->data;
        a->end = nb->data + size;
    }
    void *p = a->cur;
    a->cur += n;
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
