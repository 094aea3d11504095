/*
 * finding.c — how checks report findings (finding.h).
 */
#include "finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Finding *finding_push(FindingList *l)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    Finding *f = &l->items[l->len++];
    memset(f, 0, sizeof *f);
    return f;
}

static void vreport(CheckCtx *ctx, uint32_t start, uint32_t end, const Resource *res,
                    const char *fmt, va_list ap)
{
    Finding *f = finding_push(ctx->out);
    f->rule = ctx->rule;
    f->severity = ctx->rule->severity;
    f->path = ctx->path;
    f->message = arena_vprintf(ctx->arena, fmt, ap);
    f->resource = res ? res->id : NULL;
    f->start = start;
    f->end = end < start ? start : end;
}

void report(CheckCtx *ctx, const Node *at, const Resource *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ctx, at ? at->span.start : 0, at ? at->span.end : 0, res, fmt, ap);
    va_end(ap);
}

void report_severity(CheckCtx *ctx, Severity sev, const Node *at, const Resource *res,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ctx, at ? at->span.start : 0, at ? at->span.end : 0, res, fmt, ap);
    va_end(ap);
    Finding *f = &ctx->out->items[ctx->out->len - 1];
    f->severity = sev;
    f->own_severity = true;
}

void report_span(CheckCtx *ctx, uint32_t start, uint32_t end, const Resource *res,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ctx, start, end, res, fmt, ap);
    va_end(ap);
}

const char *severity_name(Severity s)
{
    switch (s) {
    case SEV_ERROR: return "error";
    case SEV_WARNING: return "warning";
    case SEV_NOTE: return "note";
    default: return "none";
    }
}

Severity severity_parse(const char *s)
{
    if (strcmp(s, "error") == 0) return SEV_ERROR;
    if (strcmp(s, "warning") == 0) return SEV_WARNING;
    if (strcmp(s, "note") == 0) return SEV_NOTE;
    return SEV_NONE;
}

const char *peer_tool_name(PeerTool t)
{
    switch (t) {
    case PEER_CFN_LINT: return "cfn-lint";
    case PEER_CFN_NAG: return "cfn_nag";
    case PEER_CHECKOV: return "checkov";
    case PEER_TFSEC: return "tfsec";
    case PEER_TRIVY: return "trivy";
    }
    return "";
}
