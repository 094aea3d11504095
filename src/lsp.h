/*
 * lsp.h — `stacklint lsp`: the language server (Language Server Protocol
 * over standard input and output).
 *
 * main.c hands over to lsp_main() when the first argument is "lsp". The
 * server lints the editor's buffers with lint_buffer() (never the files on
 * disk) and publishes the findings as diagnostics; see lsp.c.
 */
#ifndef STACKLINT_LSP_H
#define STACKLINT_LSP_H

#include <stdbool.h>

#include "engine.h"

/* Runs the server until the client says "exit" or goes away. argv[0] is
 * "lsp". Returns the process exit code (0 after shutdown + exit). */
int lsp_main(int argc, char **argv);

/* The server loop itself on any pair of descriptors (lsp_main uses standard
 * input and output; the fuzz harness a memory file and /dev/null), with the
 * limits of opt (NULL: the defaults) of which given[id] says which were
 * given as arguments (NULL: none). With lint_each, changed documents are
 * linted after every message, as if the client paused there (input read
 * from a file is always "waiting", so the coalescing would otherwise never
 * lint). Returns what lsp_main does. */
int lsp_serve(int in_fd, int out_fd, const LintOptions *opt, const bool *given, bool lint_each);

#endif
