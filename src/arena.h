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
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);          /* releases every block; the arena may be reused */
void *arena_alloc(Arena *a, size_t n);           /* 16-byte aligned, uninitialised */
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
