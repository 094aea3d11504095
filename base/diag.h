/*
 * diag.h — where the errors of a configuration or a rule file go.
 *
 * config.c and rulelang.c report every mistake in a file the user wrote as
 * "FILE:LINE:COL: error: MESSAGE" on stderr, which is what the command line
 * wants. The language server cannot print: it installs a sink that collects
 * the errors and publishes them as diagnostics on the file's URI. The sink is
 * process-wide and meant for one thread (the server's); the command line
 * never sets one.
 */
#ifndef STACKLINT_DIAG_H
#define STACKLINT_DIAG_H

#include <stdarg.h>
#include <stdint.h>

/* line and col are 1-based, col in code points; line 0 means the error has
 * no position (the file could not be read). */
typedef void (*DiagSink)(void *ud, const char *file, unsigned line, unsigned col, const char *msg);

/* Sends the errors to fn (NULL: back to stderr). */
void diag_set_sink(DiagSink fn, void *ud);

/* One error: to the sink, or printed as "FILE:LINE:COL: error: MSG"
 * (line > 0) or "stacklint: MSG" (line 0). */
void diag_error(const char *file, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_verror(const char *file, unsigned line, unsigned col, const char *fmt, va_list ap);

/* The same at byte offset `offset` of a file whose line table is lines:
 * the position the configuration and rule readers give (a node's start). */
struct LineTable;
void diag_verror_at(const char *file, const struct LineTable *lines, uint32_t offset,
                    const char *fmt, va_list ap);

#endif
