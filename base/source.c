/*
 * source.c — line tables and column conversion (see source.h).
 */
#include "source.h"

#include <stdbool.h>
#include <string.h>

size_t utf8_seq_len(const unsigned char *p, size_t avail)
{
    unsigned c = p[0];
    size_t n;
    if (c < 0x80)
        return 1;
    else if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 1;
    if (n > avail)
        return 1;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

const char *text_find(const char *s, size_t n, const char *needle, size_t k)
{
    const char *end = s + n;
    while (k && (size_t)(end - s) >= k) {
        const char *p = memchr(s, needle[0], (size_t)(end - s) - k + 1);
        if (!p)
            return NULL;
        if (memcmp(p + 1, needle + 1, k - 1) == 0)
            return p;
        s = p + 1;
    }
    return NULL;
}

void linetable_build(Arena *a, LineTable *t, const char *text, size_t size)
{
    uint32_t cap = 64, count = 0;
    uint32_t *starts = arena_alloc(a, cap * sizeof *starts);
    starts[count++] = 0;
    /* Most files have no '\r': then memchr finds each '\n' many bytes at a
     * time, which matters on multi-megabyte files. */
    bool cr = memchr(text, '\r', size) != NULL;
    for (size_t i = 0; i < size; i++) {
        if (!cr) {
            const char *nl = memchr(text + i, '\n', size - i);
            if (!nl)
                break;
            i = (size_t)(nl - text);
        } else {
            char c = text[i];
            if (c != '\n' && c != '\r')
                continue;
            if (c == '\r' && i + 1 < size && text[i + 1] == '\n')
                i++;
        }
        if (count == cap) {
            uint32_t *ns = arena_alloc(a, cap * 2 * sizeof *ns);
            memcpy(ns, starts, cap * sizeof *ns);
            starts = ns;
            cap *= 2;
        }
        starts[count++] = (uint32_t)(i + 1);
    }
    t->text = text;
    t->size = size;
    t->starts = starts;
    t->count = count;
}

static uint32_t line_index(const LineTable *t, uint32_t offset)
{
    uint32_t lo = 0, hi = t->count;     /* invariant: starts[lo] <= offset */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (t->starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static uint32_t count_units(const unsigned char *p, size_t n, ColumnUnit unit)
{
    if (unit == COL_BYTES)
        return (uint32_t)n;
    uint32_t units = 0;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_seq_len(p + i, n - i);
        units += (unit == COL_UTF16 && k == 4) ? 2 : 1;
        i += k;
    }
    return units;
}

LineCol linetable_pos(const LineTable *t, uint32_t offset, ColumnUnit unit)
{
    if (offset > t->size)
        offset = (uint32_t)t->size;
    uint32_t li = line_index(t, offset);
    uint32_t start = t->starts[li];
    LineCol lc;
    lc.line = li + 1;
    lc.col = 1 + count_units((const unsigned char *)t->text + start, offset - start, unit);
    return lc;
}

LineCol linetable_advance(const LineTable *t, uint32_t from, LineCol at, uint32_t to, ColumnUnit unit)
{
    if (to > t->size)
        to = (uint32_t)t->size;
    uint32_t next = at.line < t->count ? t->starts[at.line] : (uint32_t)t->size + 1;
    if (to < from || to >= next || at.line == 0)
        return linetable_pos(t, to, unit);
    LineCol lc = at;
    lc.col += count_units((const unsigned char *)t->text + from, to - from, unit);
    return lc;
}

uint32_t linetable_offset(const LineTable *t, uint32_t line0, uint32_t col0, ColumnUnit unit)
{
    if (line0 >= t->count)
        return (uint32_t)t->size;
    uint32_t start = t->starts[line0];
    uint32_t end = line0 + 1 < t->count ? t->starts[line0 + 1] : (uint32_t)t->size;
    /* the line's content ends before its line break */
    while (end > start && (t->text[end - 1] == '\n' || t->text[end - 1] == '\r'))
        end--;
    const unsigned char *p = (const unsigned char *)t->text;
    uint32_t off = start, units = 0;
    while (off < end && units < col0) {
        size_t k = unit == COL_BYTES ? 1 : utf8_seq_len(p + off, end - off);
        units += (unit == COL_UTF16 && k == 4) ? 2 : 1;
        off += (uint32_t)k;
    }
    return off;
}
