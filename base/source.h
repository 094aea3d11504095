/*
 * source.h — line tables: byte offsets to the line/column units people and
 * protocols use.
 *
 * Lines end at "\n", "\r\n" or a lone "\r" (the breaks editors and LSP
 * recognise). Columns are 1-based and counted in one of three units:
 * bytes, Unicode code points (the text and SARIF output; SARIF
 * columnKind "unicodeCodePoints"), or UTF-16 code units (LSP's default).
 * Invalid UTF-8 bytes count as one code point / one UTF-16 unit each.
 */
#ifndef STACKLINT_SOURCE_H
#define STACKLINT_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef enum ColumnUnit {
    COL_BYTES,
    COL_CODEPOINTS,
    COL_UTF16,
} ColumnUnit;

typedef struct LineTable {
    const char *text;
    size_t size;
    uint32_t *starts;   /* byte offset of each line's first byte */
    uint32_t count;     /* number of lines (at least 1) */
} LineTable;

typedef struct LineCol {
    uint32_t line;  /* 1-based */
    uint32_t col;   /* 1-based, in the requested unit */
} LineCol;

void linetable_build(Arena *a, LineTable *t, const char *text, size_t size);
LineCol linetable_pos(const LineTable *t, uint32_t offset, ColumnUnit unit);
/* linetable_pos(t, to, unit), given that offset `from` is at `at`: when `to`
 * lies later on the same line, only the text between them is counted, so
 * positions taken in increasing order along one long line cost linear time
 * in total, not quadratic. */
LineCol linetable_advance(const LineTable *t, uint32_t from, LineCol at, uint32_t to, ColumnUnit unit);
/* The inverse of linetable_pos: a 0-based line and column in `unit` to a byte
 * offset, clamped to the line's end (used by the language server). */
uint32_t linetable_offset(const LineTable *t, uint32_t line0, uint32_t col0, ColumnUnit unit);

/* The first occurrence of needle (k > 0 bytes) in s[0..n), or NULL: memmem
 * that skips ahead with memchr on the needle's first byte. Several times
 * faster than glibc's memmem when that byte is rare ("<<"); glibc's is
 * better for longer needles starting with a common letter. */
const char *text_find(const char *s, size_t n, const char *needle, size_t k);

/* Length in bytes of the UTF-8 sequence starting at p (1 for invalid bytes). */
size_t utf8_seq_len(const unsigned char *p, size_t avail);

#endif
