/*
 * arena.h — per-file bump allocator.
 *
 * Everything stacklint builds while linting one file (the node tree, the model,
 * messages of findings) is allocated from one Arena and released at once with
 * arena_free() when the file is done. Nothing allocated from an arena is freed
 * individually. Allocation failure aborts with a message: there is no partial
 * recovery from an out-of-memory condition in a per-file pipeline.
 */
#ifndef STACKLINT_ARENA_H
#define STACKLINT_ARENA_H

#include <stddef.h>
#include <stdarg.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
    ArenaBlock *head;   /* current block; older blocks are chained behind it */
    size_t total;       /* bytes handed out, for statistics and limits */
    unsigned char *cur, *end;   /* the free space of the current block */
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);          /* releases every block; the arena may be reused */
void *arena_alloc_slow(Arena *a, size_t n);      /* arena_alloc when the block is full */

/* 8-byte aligned (nothing stored in an arena needs more), uninitialised.
 * Inline: the readers make one or two allocations per node, millions for a
 * large file; 8-byte rounding keeps a short scalar (24-byte node and its
 * text) in 32 bytes where 16-byte rounding would often take 48. */
static inline void *arena_alloc(Arena *a, size_t n)
{
    n = (n + 7u) & ~(size_t)7u;
    if ((size_t)(a->end - a->cur) >= n) {
        void *p = a->cur;
        a->cur += n;
        a->total += n;
        return p;
    }
    return arena_alloc_slow(a, n);
}
void *arena_calloc(Arena *a, size_t count, size_t size);  /* zeroed */
char *arena_strndup(Arena *a, const char *s, size_t n);   /* NUL-terminated copy */
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);

/* A growable array of pointers whose storage lives in an arena. */
typedef struct PtrVec {
    void **items;
    size_t len, cap;
} PtrVec;

void ptrvec_push(Arena *a, PtrVec *v, void *p);

/* Makes room for one more element in an arena array of `len` elements of
 * `size` bytes with capacity *cap, doubling from `first`; returns the array
 * (moved when it grew: the old copy stays in the arena until it is freed). */
void *arena_grow(Arena *a, void *items, size_t len, size_t *cap, size_t size, size_t first);

/* Out-of-memory handler shared by the arena and the few heap users. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
