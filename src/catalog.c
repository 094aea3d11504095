/*
 * catalog.c — the rule catalogue (checks/rules.h, catalog.h): every rule
 * stacklint knows, built-in or the team's, in one list; and its faces on the
 * command line, `--list-rules` and `--explain`.
 *
 * The built-in rules are the generated table RULES[] (the pages in rules/, with the
 * declarative bodies beside them). The team's declarative rules are added by
 * the rule loader (rulelang.c) as it compiles them, after the built-in ones;
 * nothing here calls back into the loader.
 */
#include "catalog.h"

#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "../base/arena.h"

static Rule **g_added;          /* the team's rules, in load order (owned by the loader) */
static size_t g_nadded, g_cap;

size_t rule_count(void)
{
    return RULE_COUNT + g_nadded;
}

const Rule *rule_at(size_t i)
{
    return i < RULE_COUNT ? &RULES[i] : g_added[i - RULE_COUNT];
}

void catalog_add(Rule *r)
{
    if (g_nadded == g_cap)
        g_added = xrealloc(g_added, (g_cap = g_cap ? g_cap * 2 : 16) * sizeof *g_added);
    r->index = RULE_COUNT + g_nadded;
    g_added[g_nadded++] = r;
}

const Rule *rule_find(const char *id_or_name)
{
    for (size_t i = 0; i < rule_count(); i++) {
        const Rule *r = rule_at(i);
        if (strcasecmp(r->id, id_or_name) == 0 || strcmp(r->name, id_or_name) == 0)
            return r;
    }
    return NULL;
}

static size_t max_len(size_t w, const char *s)
{
    size_t n = strlen(s ? s : "");
    return n > w ? n : w;
}

/* "sqs,cloudwatch" -> "sqs, cloudwatch" */
static void print_tags(FILE *out, const char *tags)
{
    for (const char *p = tags ? tags : ""; *p; p++) {
        fputc(*p, out);
        if (*p == ',')
            fputc(' ', out);
    }
}

/* The severity column: "note (off)" for a rule that runs only when the
 * configuration turns it on. */
static const char *sev_text(const Rule *r)
{
    if (!r->default_off)
        return severity_name(r->severity);
    switch (r->severity) {
    case SEV_ERROR: return "error (off)";
    case SEV_WARNING: return "warning (off)";
    default: return "note (off)";
    }
}

static void list_text(FILE *out)
{
    size_t wid = strlen("ID"), wname = strlen("NAME"), wsev = strlen("SEVERITY");
    for (size_t i = 0; i < rule_count(); i++) {
        wid = max_len(wid, rule_at(i)->id);
        wname = max_len(wname, rule_at(i)->name);
        wsev = max_len(wsev, sev_text(rule_at(i)));
    }
    fprintf(out, "%-*s  %-*s  %-*s  %s\n", (int)wid, "ID", (int)wname, "NAME", (int)wsev,
            "SEVERITY", "TAGS");
    for (size_t i = 0; i < rule_count(); i++) {
        const Rule *r = rule_at(i);
        fprintf(out, "%-*s  %-*s  %-*s  ", (int)wid, r->id, (int)wname, r->name, (int)wsev,
                sev_text(r));
        print_tags(out, r->tags);
        fputc('\n', out);
    }
}

cJSON *catalog_equivalents_json(const Rule *r)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < r->nequivalents; i++) {
        const char *tool = peer_tool_name(r->equivalents[i].tool);
        cJSON *ids = cJSON_GetObjectItemCaseSensitive(o, tool);
        if (!ids)
            ids = cJSON_AddArrayToObject(o, tool);
        cJSON_AddItemToArray(ids, cJSON_CreateString(r->equivalents[i].id));
    }
    return o;
}

static int list_json(FILE *out)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < rule_count(); i++) {
        const Rule *r = rule_at(i);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", r->id);
        cJSON_AddStringToObject(o, "name", r->name);
        cJSON_AddStringToObject(o, "severity", severity_name(r->severity));
        cJSON_AddBoolToObject(o, "enabled", !r->default_off);
        cJSON *tags = cJSON_AddArrayToObject(o, "tags");
        const char *p = r->tags ? r->tags : "";
        while (*p) {
            size_t n = strcspn(p, ",");
            char tag[128];
            snprintf(tag, sizeof tag, "%.*s", (int)(n < sizeof tag ? n : sizeof tag - 1), p);
            cJSON_AddItemToArray(tags, cJSON_CreateString(tag));
            p += n + (p[n] == ',');
        }
        cJSON_AddStringToObject(o, "summary", r->summary);
        cJSON_AddItemToObject(o, "equivalents", catalog_equivalents_json(r));
        char uri[256];
        snprintf(uri, sizeof uri, "%s%s.md", STACKLINT_RULE_DOC_BASE, r->id);
        cJSON_AddStringToObject(o, "docs", uri);
        cJSON_AddItemToArray(arr, o);
    }
    char *s = cJSON_Print(arr);
    cJSON_Delete(arr);
    if (!s)
        return -1;
    fputs(s, out);
    fputc('\n', out);
    cJSON_free(s);
    return 0;
}

int catalog_list(FILE *out, OutputFormat fmt)
{
    if (fmt == OUT_JSON) {
        if (list_json(out) != 0)
            return -1;
    } else if (fmt == OUT_TEXT) {
        list_text(out);
    } else {
        return -1;
    }
    return ferror(out) ? -1 : 0;
}

void catalog_explain(FILE *out, const Rule *r)
{
    fprintf(out, "# %s %s\n\n", r->id, r->name);
    fprintf(out, "Severity: %s", severity_name(r->severity));
    if (r->default_off)
        fprintf(out, " (off by default; turn it on in .stacklint.yaml with `rules: {%s: on}`)", r->id);
    fprintf(out, ". Tags: ");
    print_tags(out, r->tags);
    fprintf(out, ".\n\n%s\n\n", r->summary);
    if (r->nequivalents) {      /* the peer checks it stands for, by tool, as the page declares */
        fprintf(out, "Equivalents (a suppression of one of these suppresses %s too): ", r->id);
        for (size_t i = 0; i < r->nequivalents; i++) {
            bool first_of_tool = !i || r->equivalents[i - 1].tool != r->equivalents[i].tool;
            if (first_of_tool)
                fprintf(out, "%s%s ", i ? "; " : "", peer_tool_name(r->equivalents[i].tool));
            fprintf(out, "%s%s", first_of_tool ? "" : ", ", r->equivalents[i].id);
        }
        fprintf(out, ".\n\n");
    }
    const char *docs = r->docs ? r->docs : "";
    fputs(docs, out);
    if (*docs && docs[strlen(docs) - 1] != '\n')
        fputc('\n', out);
    fprintf(out,
            "\n## How to suppress\n"
            "\n"
            "Where a finding is a deliberate exception, suppress it with a reason, on\n"
            "the line of the finding or the line above it (YAML):\n"
            "\n"
            "    # stacklint: ignore %s -- why this is acceptable here\n"
            "\n"
            "or, also in JSON (which has no comments), on the resource:\n"
            "\n"
            "    Metadata:\n"
            "      stacklint:\n"
            "        ignore:\n"
            "          - rule: %s\n"
            "            reason: why this is acceptable here\n"
            "\n"
            "Language servers offer the comment as a quick fix (`stacklint lsp`).\n",
            r->id, r->id);
}
