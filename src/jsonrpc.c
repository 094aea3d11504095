/*
 * jsonrpc.c — Content-Length framed JSON-RPC 2.0 over file descriptors
 * (jsonrpc.h). Used by the language server only.
 */
#include "jsonrpc.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../base/arena.h"

#define MAX_HEADER 8192u        /* a header block longer than this is garbage */
#define READ_CHUNK 65536u

void rpc_reader_init(RpcReader *r, int fd)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
    /* a buffer from the start: the reader looks at buf + pos before its
     * first read, and arithmetic on a null pointer is undefined */
    r->cap = READ_CHUNK;
    r->buf = xmalloc(r->cap + 1);
}

void rpc_reader_free(RpcReader *r)
{
    free(r->buf);
    memset(r, 0, sizeof *r);
}

/* Reads at least one more byte into the buffer, making room for `want`
 * bytes in all; false at end of input or on a read error. */
static bool fill(RpcReader *r, size_t want)
{
    if (r->eof)
        return false;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    if (want < r->len + READ_CHUNK)
        want = r->len + READ_CHUNK;
    if (want > r->cap) {
        r->cap = want;
        r->buf = xrealloc(r->buf, r->cap + 1);
    }
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->len, r->cap - r->len);
        if (n > 0) {
            r->len += (size_t)n;
            return true;
        }
        if (n < 0 && errno == EINTR)
            continue;
        r->eof = true;
        return false;
    }
}

/* Finds the end of the header block: returns the header length including
 * its terminator, or 0 when not yet complete. */
static size_t header_end(const char *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] != '\n')
            continue;
        if (p[i + 1] == '\n')
            return i + 2;
        if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

/* Content-Length from a header block; -1 when absent or malformed. */
static long long content_length(const char *p, size_t n)
{
    static const char NAME[] = "content-length:";
    size_t i = 0;
    while (i < n) {
        const char *line = p + i;
        const char *nl = memchr(line, '\n', n - i);
        size_t ll = nl ? (size_t)(nl - line) : n - i;
        if (ll >= sizeof NAME - 1 && strncasecmp(line, NAME, sizeof NAME - 1) == 0) {
            size_t k = sizeof NAME - 1;
            while (k < ll && (line[k] == ' ' || line[k] == '\t'))
                k++;
            long long v = 0;
            size_t digits = 0;
            while (k < ll && line[k] >= '0' && line[k] <= '9' && digits < 12) {
                v = v * 10 + (line[k++] - '0');
                digits++;
            }
            while (k < ll && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
                k++;
            return digits && k == ll ? v : -1;
        }
        i += ll + 1;
    }
    return -1;
}

/* Discards n body bytes of a message too large to keep. */
static bool skip_bytes(RpcReader *r, size_t n)
{
    while (n) {
        size_t have = r->len - r->pos;
        size_t take = have < n ? have : n;
        r->pos += take;
        n -= take;
        if (n) {
            r->pos = r->len = 0;
            if (!fill(r, READ_CHUNK))
                return false;
        }
    }
    return true;
}

RpcStatus rpc_read(RpcReader *r, char **body, size_t *len)
{
    size_t hl;
    while (!(hl = header_end(r->buf + r->pos, r->len - r->pos))) {
        if (r->len - r->pos > MAX_HEADER) {
            r->pos = r->len;        /* garbage: drop it and resynchronise */
            return RPC_BAD_FRAME;
        }
        if (!fill(r, 0))
            return RPC_EOF;
    }
    long long cl = content_length(r->buf + r->pos, hl);
    r->pos += hl;
    if (cl < 0)
        return RPC_BAD_FRAME;
    if ((unsigned long long)cl > JSONRPC_MAX_BODY)
        return skip_bytes(r, (size_t)cl) ? RPC_BAD_FRAME : RPC_EOF;
    size_t n = (size_t)cl;
    while (r->len - r->pos < n)
        if (!fill(r, n))
            return RPC_EOF;
    char *b = xmalloc(n + 1);
    memcpy(b, r->buf + r->pos, n);
    b[n] = '\0';
    r->pos += n;
    *body = b;
    *len = n;
    return RPC_OK;
}

bool rpc_pending(RpcReader *r, int timeout_ms)
{
    if (r->pos < r->len)
        return true;
    if (r->eof)
        return true;    /* the caller's next read reports the end */
    struct pollfd p = {.fd = r->fd, .events = POLLIN};
    int n;
    do
        n = poll(&p, 1, timeout_ms);
    while (n < 0 && errno == EINTR);
    return n != 0;      /* readable, hung up or failed: let the read say which */
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

bool rpc_write(int fd, const cJSON *msg)
{
    char *s = cJSON_PrintUnformatted(msg);
    if (!s)
        return false;
    size_t n = strlen(s);
    char head[64];
    int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    bool ok = write_all(fd, head, (size_t)hn) && write_all(fd, s, n);
    cJSON_free(s);
    return ok;
}

static cJSON *envelope(const cJSON *id)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "jsonrpc", "2.0");
    cJSON_AddItemToObject(m, "id", id ? cJSON_Duplicate(id, 1) : cJSON_CreateNull());
    return m;
}

bool rpc_send_result(int fd, const cJSON *id, cJSON *result)
{
    cJSON *m = envelope(id);
    cJSON_AddItemToObject(m, "result", result ? result : cJSON_CreateNull());
    bool ok = rpc_write(fd, m);
    cJSON_Delete(m);
    return ok;
}

bool rpc_send_error(int fd, const cJSON *id, int code, const char *message)
{
    cJSON *m = envelope(id);
    cJSON *e = cJSON_AddObjectToObject(m, "error");
    cJSON_AddNumberToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message", message);
    bool ok = rpc_write(fd, m);
    cJSON_Delete(m);
    return ok;
}

bool rpc_send_notification(int fd, const char *method, cJSON *params)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "jsonrpc", "2.0");
    cJSON_AddStringToObject(m, "method", method);
    cJSON_AddItemToObject(m, "params", params ? params : cJSON_CreateObject());
    bool ok = rpc_write(fd, m);
    cJSON_Delete(m);
    return ok;
}
