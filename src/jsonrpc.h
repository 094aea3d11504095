/*
 * jsonrpc.h — JSON-RPC 2.0 messages over a byte stream with LSP's
 * "Content-Length" framing, for the language server (lsp.c).
 *
 * The reader owns a buffer on a file descriptor, so the server can ask
 * whether another message is already waiting (to coalesce rapid edits)
 * without blocking. Every limit is explicit: a header line, the header
 * block and the body have maximum sizes, so hostile input costs bounded
 * memory, and end of input is reported once, never spun on.
 */
#ifndef STACKLINT_JSONRPC_H
#define STACKLINT_JSONRPC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* The largest body accepted: the largest file stacklint reads (64 MiB)
 * escaped in JSON can be larger, so leave room. */
#define JSONRPC_MAX_BODY (160u * 1024u * 1024u)

typedef struct RpcReader {
    int fd;
    char *buf;
    size_t len, pos, cap;
    bool eof;
} RpcReader;

typedef enum RpcStatus {
    RPC_OK,         /* *body holds one message body (heap, NUL-terminated) */
    RPC_EOF,        /* the stream ended (or failed): stop */
    RPC_BAD_FRAME,  /* a header block without a usable Content-Length, or a body
                       over the limit (skipped); reading may continue */
} RpcStatus;

void rpc_reader_init(RpcReader *r, int fd);
void rpc_reader_free(RpcReader *r);

/* Reads the next framed message. Blocks until one is complete or the
 * stream ends. */
RpcStatus rpc_read(RpcReader *r, char **body, size_t *len);

/* Whether input is waiting (buffered, or readable within timeout_ms). */
bool rpc_pending(RpcReader *r, int timeout_ms);

/* Writes one message with its header; false when the peer has gone. */
bool rpc_write(int fd, const cJSON *msg);

/* Helpers that build and send, then free, a message. */
bool rpc_send_result(int fd, const cJSON *id, cJSON *result);
bool rpc_send_error(int fd, const cJSON *id, int code, const char *message);
bool rpc_send_notification(int fd, const char *method, cJSON *params);

enum {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL_ERROR = -32603,
    RPC_SERVER_NOT_INITIALIZED = -32002,
};

#endif
