/*
 * fuzz/lsp.c — the language server (src/lsp.c) behind its JSON-RPC framing
 * (src/jsonrpc.c): the input is the byte stream a client writes to the
 * server's standard input — "Content-Length" headers, bodies, anything.
 *
 * The server reads it from a memory file and writes to /dev/null. It lints
 * after every message (lsp_serve's lint_each), as if the client paused, so
 * didOpen / didChange are followed by a lint and publishDiagnostics, and
 * hover and code actions answer from real findings. Document URIs may name
 * any path: an open() outside the sandbox (fuzz.h) fails with EACCES, so a
 * serverless.yml "at" /etc reads nothing there.
 */
#include "fuzz.h"

#include <sys/mman.h>

#include "../src/lsp.h"

static int devnull = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_sandbox();
    devnull = openat(AT_FDCWD, "/dev/null", O_WRONLY);
    if (devnull < 0)
        FUZZ_FAIL("cannot open /dev/null");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int in = memfd_create("lsp-input", MFD_CLOEXEC);
    if (in < 0)
        FUZZ_FAIL("memfd_create");
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(in, data + off, size - off);
        if (w <= 0)
            FUZZ_FAIL("write to the memory file");
        off += (size_t)w;
    }
    lseek(in, 0, SEEK_SET);
    fuzz_open_mode = FUZZ_OPEN_DENY;
    int rc = lsp_serve(in, devnull, NULL, NULL, true);
    fuzz_open_mode = FUZZ_OPEN_ALLOW;
    if (rc != 0 && rc != 1)
        FUZZ_FAIL("lsp_serve returned %d", rc);
    close(in);
    return 0;
}
