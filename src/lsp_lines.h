/*
 * lsp_lines.h — the line starts of an editor buffer, kept up to date through
 * edits, for the language server (lsp.c).
 *
 * An edit changes the line starts only around it: the starts before the edit
 * stay, those after it move by the change in length, and only the edited
 * bytes are scanned. The result is the same as base/source.c's
 * linetable_build() on the new text ("\n", "\r\n" and a lone "\r" end lines),
 * which tests/unit/test_lsp_lines.c checks on random edits.
 */
#ifndef STACKLINT_LSP_LINES_H
#define STACKLINT_LSP_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "../base/source.h"

typedef struct Lines {
    uint32_t *starts;
    uint32_t count, cap;
} Lines;

/* Scans the whole text. */
void lines_build(Lines *l, const char *text, size_t size);
/* After bytes [a, b) of the old text were replaced by n bytes: `text` and
 * `size` are the new text. */
void lines_splice(Lines *l, const char *text, size_t size, uint32_t a, uint32_t b, uint32_t n);
/* A LineTable over the text for linetable_pos() / linetable_offset(). */
LineTable lines_table(const Lines *l, const char *text, size_t size);
void lines_free(Lines *l);

#endif
