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

/* Runs the server until the client says "exit" or goes away. argv[0] is
 * "lsp". Returns the process exit code (0 after shutdown + exit). */
int lsp_main(int argc, char **argv);

#endif
