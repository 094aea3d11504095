/*
 * lsp_lines.c — line starts maintained through edits (lsp_lines.h).
 */
#include "lsp_lines.h"

#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"

static void push(Lines *l, uint32_t v)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->starts = xrealloc(l->starts, l->cap * sizeof *l->starts);
    }
    l->starts[l->count++] = v;
}

/* Whether a line starts at p (1 <= p <= size), as linetable_build decides. */
static int is_start(const char *text, size_t size, size_t p)
{
    char c = text[p - 1];
    return c == '\n' || (c == '\r' && (p == size || text[p] != '\n'));
}

void lines_build(Lines *l, const char *text, size_t size)
{
    l->count = 0;
    push(l, 0);
    for (size_t p = 1; p <= size; p++)
        if (is_start(text, size, p))
            push(l, (uint32_t)p);
}

/* Index of the first start > v. */
static uint32_t upper(const Lines *l, uint32_t v)
{
    uint32_t lo = 0, hi = l->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (l->starts[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void lines_splice(Lines *l, const char *text, size_t size, uint32_t a, uint32_t b, uint32_t n)
{
    /* Starts before a depend only on bytes before a: kept. Starts after b
     * (old) depend only on bytes from b on: moved by the change in length.
     * Starts in [a, a + n] of the new text are scanned. */
    uint32_t keep = upper(l, (a ? a : 1) - 1);     /* starts[0] = 0 always stays */
    uint32_t tail = upper(l, b);
    uint32_t ntail = l->count - tail;
    uint32_t *moved = xmalloc((ntail ? ntail : 1) * sizeof *moved);
    int64_t delta = (int64_t)n - (int64_t)(b - a);
    for (uint32_t i = 0; i < ntail; i++)
        moved[i] = (uint32_t)((int64_t)l->starts[tail + i] + delta);
    l->count = keep;
    for (size_t p = a ? a : 1; p <= (size_t)a + n && p <= size; p++)
        if (is_start(text, size, p))
            push(l, (uint32_t)p);
    for (uint32_t i = 0; i < ntail; i++)
        if (moved[i] > a + n)
            push(l, moved[i]);
    free(moved);
}

LineTable lines_table(const Lines *l, const char *text, size_t size)
{
    LineTable t = {.text = text, .size = size, .starts = l->starts, .count = l->count};
    return t;
}

void lines_free(Lines *l)
{
    free(l->starts);
    memset(l, 0, sizeof *l);
}
