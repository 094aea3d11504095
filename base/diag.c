/* diag.c — errors in the user's files, printed or collected (diag.h). */
#include "diag.h"

#include <stdio.h>

#include "source.h"

static DiagSink g_sink;
static void *g_ud;

void diag_set_sink(DiagSink fn, void *ud)
{
    g_sink = fn;
    g_ud = ud;
}

void diag_verror(const char *file, unsigned line, unsigned col, const char *fmt, va_list ap)
{
    if (g_sink) {
        char msg[1024];
        vsnprintf(msg, sizeof msg, fmt, ap);
        g_sink(g_ud, file, line, col, msg);
        return;
    }
    if (line)
        fprintf(stderr, "%s:%u:%u: error: ", file, line, col);
    else
        fputs("stacklint: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void diag_error(const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(file, line, col, fmt, ap);
    va_end(ap);
}

void diag_verror_at(const char *file, const LineTable *lines, uint32_t offset, const char *fmt,
                    va_list ap)
{
    LineCol lc = linetable_pos(lines, offset, COL_CODEPOINTS);
    diag_verror(file, lc.line, lc.col, fmt, ap);
}
