/*
 * gen_rules.c — build-time generator of the rule table.
 *
 * Reads rules/<ID>.md files (YAML front matter between "---" lines, then
 * the rule's documentation in Markdown) and writes C source defining
 * RULES[] and RULE_COUNT (checks/rules.h) to standard output. It rejects a
 * rule page with unknown or missing metadata, an id that differs from the
 * file name, or documentation without its required sections, so a broken
 * rule page fails the build instead of shipping.
 *
 *   gen_rules rules/IAM001.md rules/S3001.md ... > build/gen/rules_data.c
 *
 * With --rules-table it writes instead the README's table of the rules, and
 * with --equivalents-table the Markdown tables of the
 * README's "Coming from cfn_nag, checkov or cfn-lint" section: for each
 * peer tool, each of its checks a page declares, with the stacklint rules
 * that stand for it (`make docs` puts them into README.md).
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static const char *const REQUIRED_SECTIONS[] = {
    "## What it checks", "## Why it matters", "## Problematic code", "## Correct code", NULL};

/* The peer tools a page may name in `equivalents:`, with the shape of their
 * check ids, so that a mistyped id fails the build instead of never matching
 * a suppression. */
static const struct {
    const char *name, *enumerator, *prefixes;   /* prefixes: '|'-separated */
    int digits_min;
} PEERS[] = {
    {"cfn-lint", "PEER_CFN_LINT", "E|W|I", 4},
    {"cfn_nag", "PEER_CFN_NAG", "F|W", 1},
    {"checkov", "PEER_CHECKOV", "CKV_AWS_|CKV2_AWS_", 1},
    {"tfsec", "PEER_TFSEC", "aws-", 0},
    {"trivy", "PEER_TRIVY", "AVD-AWS-", 4},
};
#define NPEERS (sizeof PEERS / sizeof *PEERS)

typedef struct Equiv {
    int peer;
    char *id;
} Equiv;

typedef struct RuleMeta {
    char *id, *name, *severity, *tags, *check, *summary, *params, *deflt;
    const char *docs;
    const char *path;
    char *body;             /* rules/<ID>.yaml beside the page, or NULL */
    Equiv *equivs;
    size_t nequivs;
} RuleMeta;

static int failed;

static void fail(const char *path, const char *msg, const char *detail)
{
    fprintf(stderr, "%s: %s%s%s\n", path, msg, detail ? ": " : "", detail ? detail : "");
    failed = 1;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void emit_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            fputs("\\n\"\n    \"", stdout);
        else if (c < 0x20 || c >= 0x7f)
            printf("\\%03o", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void emit_opt(const char *s)
{
    if (s)
        emit_string(s);
    else
        fputs("NULL", stdout);
}

static int valid_peer_id(int peer, const char *id)
{
    const char *p = PEERS[peer].prefixes;
    while (*p) {
        size_t n = strcspn(p, "|");
        if (strncmp(id, p, n) == 0) {
            const char *rest = id + n;
            if (PEERS[peer].digits_min == 0)        /* tfsec: aws-<service>-<words> */
                return *rest != '\0';
            size_t k = 0;
            while (isdigit((unsigned char)rest[k]))
                k++;
            return k >= (size_t)PEERS[peer].digits_min && rest[k] == '\0';
        }
        p += n + (p[n] == '|');
    }
    return 0;
}

/* equivalents: {cfn_nag: [W48], checkov: [CKV_AWS_27], cfn-lint: [...]} */
static void parse_equivalents(const char *path, yaml_document_t *d, yaml_node_t *v, RuleMeta *r)
{
    if (v->type != YAML_MAPPING_NODE) {
        fail(path, "equivalents must be a map of tool to a list of its check ids", NULL);
        return;
    }
    for (yaml_node_pair_t *pair = v->data.mapping.pairs.start; pair < v->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = yaml_document_get_node(d, pair->key);
        yaml_node_t *ids = yaml_document_get_node(d, pair->value);
        const char *tool = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
        int peer = -1;
        for (size_t i = 0; i < NPEERS; i++)
            if (strcmp(tool, PEERS[i].name) == 0)
                peer = (int)i;
        if (peer < 0) {
            fail(path, "equivalents: unknown tool (cfn-lint, cfn_nag, checkov, tfsec, trivy)", tool);
            continue;
        }
        if (ids->type != YAML_SEQUENCE_NODE) {
            fail(path, "equivalents: each tool takes a list of check ids", tool);
            continue;
        }
        for (yaml_node_item_t *it = ids->data.sequence.items.start; it < ids->data.sequence.items.top; it++) {
            yaml_node_t *t = yaml_document_get_node(d, *it);
            const char *id = t->type == YAML_SCALAR_NODE ? (const char *)t->data.scalar.value : "";
            if (!valid_peer_id(peer, id)) {
                fail(path, "equivalents: not a check id of that tool", id);
                continue;
            }
            for (size_t i = 0; i < r->nequivs; i++)
                if (r->equivs[i].peer == peer && strcmp(r->equivs[i].id, id) == 0)
                    fail(path, "equivalents: listed twice", id);
            r->equivs = realloc(r->equivs, (r->nequivs + 1) * sizeof *r->equivs);
            r->equivs[r->nequivs++] = (Equiv){peer, strdup(id)};
        }
    }
}

/* Front matter: a flat map of scalars, `tags` and `params` as lists of
 * scalars, `equivalents` as a map of lists. */
static void parse_front(const char *path, const char *text, size_t len, RuleMeta *r)
{
    yaml_parser_t p;
    yaml_document_t d;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    if (!yaml_parser_load(&p, &d)) {
        fail(path, "front matter is not valid YAML", p.problem);
        yaml_parser_delete(&p);
        return;
    }
    yaml_node_t *root = yaml_document_get_root_node(&d);
    if (!root || root->type != YAML_MAPPING_NODE) {
        fail(path, "front matter must be a map", NULL);
        goto done;
    }
    for (yaml_node_pair_t *pair = root->data.mapping.pairs.start; pair < root->data.mapping.pairs.top; pair++) {
        yaml_node_t *k = yaml_document_get_node(&d, pair->key);
        yaml_node_t *v = yaml_document_get_node(&d, pair->value);
        if (k->type != YAML_SCALAR_NODE) {
            fail(path, "front matter keys must be strings", NULL);
            continue;
        }
        const char *key = (const char *)k->data.scalar.value;
        if (strcmp(key, "tags") == 0 || strcmp(key, "params") == 0) {
            if (v->type != YAML_SEQUENCE_NODE) {
                fail(path, "tags and params must be lists", key);
                continue;
            }
            char buf[512] = "";
            for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
                yaml_node_t *t = yaml_document_get_node(&d, *it);
                if (t->type != YAML_SCALAR_NODE)
                    continue;
                if (buf[0])
                    strncat(buf, ",", sizeof buf - strlen(buf) - 1);
                strncat(buf, (const char *)t->data.scalar.value, sizeof buf - strlen(buf) - 1);
            }
            if (strcmp(key, "tags") == 0)
                r->tags = strdup(buf);
            else
                r->params = strdup(buf);
            continue;
        }
        if (strcmp(key, "equivalents") == 0) {
            parse_equivalents(path, &d, v, r);
            continue;
        }
        if (v->type != YAML_SCALAR_NODE) {
            fail(path, "front matter value must be a string", key);
            continue;
        }
        char *val = strdup((const char *)v->data.scalar.value);
        if (strcmp(key, "id") == 0) r->id = val;
        else if (strcmp(key, "name") == 0) r->name = val;
        else if (strcmp(key, "severity") == 0) r->severity = val;
        else if (strcmp(key, "check") == 0) r->check = val;
        else if (strcmp(key, "summary") == 0) r->summary = val;
        else if (strcmp(key, "default") == 0) r->deflt = val;
        else {
            fail(path, "unknown front matter key", key);
            free(val);
        }
    }
done:
    yaml_document_delete(&d);
    yaml_parser_delete(&p);
}

static void validate(RuleMeta *r)
{
    const char *base = strrchr(r->path, '/');
    base = base ? base + 1 : r->path;
    if (!r->id || !r->name || !r->severity || !r->summary) {
        fail(r->path, "front matter needs id, name, severity and summary", NULL);
        return;
    }
    if (strncmp(base, r->id, strlen(r->id)) != 0 || strcmp(base + strlen(r->id), ".md") != 0)
        fail(r->path, "the file must be named after the rule id", r->id);
    for (const char *c = r->name; *c; c++)
        if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '-') {
            fail(r->path, "name must be lower-case-with-dashes", r->name);
            break;
        }
    if (strcmp(r->severity, "error") && strcmp(r->severity, "warning") && strcmp(r->severity, "note"))
        fail(r->path, "severity must be error, warning or note", r->severity);
    if (r->body && r->check)
        fail(r->path, "a rule has a check function or a declarative body (<ID>.yaml), not both",
             r->check);
    if (r->deflt && strcmp(r->deflt, "on") && strcmp(r->deflt, "off"))
        fail(r->path, "default must be on or off", r->deflt);
    for (const char *const *s = REQUIRED_SECTIONS; *s; s++)
        if (!strstr(r->docs, *s))
            fail(r->path, "documentation lacks a section", *s);
}

typedef struct PeerRow {
    const char *id;
    char rules[512];
} PeerRow;

/* "W9" < "W48" < "F1000": by prefix, then by number. */
static int cmp_peer_id(const void *a, const void *b)
{
    const char *x = ((const PeerRow *)a)->id, *y = ((const PeerRow *)b)->id;
    size_t px = strcspn(x, "0123456789"), py = strcspn(y, "0123456789");
    int c = px == py ? strncmp(x, y, px) : strcmp(x, y);
    if (c)
        return c;
    long nx = strtol(x + px, NULL, 10), ny = strtol(y + py, NULL, 10);
    return nx < ny ? -1 : nx > ny ? 1 : strcmp(x, y);
}

static void equivalents_table(RuleMeta *rules, int n)
{
    static const char *const order[] = {"cfn_nag", "checkov", "cfn-lint", "tfsec", "trivy"};
    for (size_t o = 0; o < sizeof order / sizeof *order; o++) {
        int peer = -1;
        for (size_t i = 0; i < NPEERS; i++)
            if (strcmp(PEERS[i].name, order[o]) == 0)
                peer = (int)i;
        PeerRow *rows = NULL;
        size_t nrows = 0;
        for (int i = 0; i < n; i++)
            for (size_t k = 0; k < rules[i].nequivs; k++) {
                if (rules[i].equivs[k].peer != peer)
                    continue;
                size_t j = 0;
                while (j < nrows && strcmp(rows[j].id, rules[i].equivs[k].id) != 0)
                    j++;
                if (j == nrows) {
                    rows = realloc(rows, (nrows + 1) * sizeof *rows);
                    rows[nrows].id = rules[i].equivs[k].id;
                    rows[nrows++].rules[0] = '\0';
                }
                char link[160];
                snprintf(link, sizeof link, "%s[%s](rules/%s.md)", rows[j].rules[0] ? ", " : "",
                         rules[i].id, rules[i].id);
                strncat(rows[j].rules, link, sizeof rows[j].rules - strlen(rows[j].rules) - 1);
            }
        if (!nrows)
            continue;
        qsort(rows, nrows, sizeof *rows, cmp_peer_id);
        printf("<details><summary>%s: %zu checks</summary>\n\n| %s | stacklint |\n|---|---|\n",
               order[o], nrows, order[o]);
        for (size_t j = 0; j < nrows; j++)
            printf("| %s | %s |\n", rows[j].id, rows[j].rules);
        printf("\n</details>\n\n");
        free(rows);
    }
}

/* Text for a Markdown table cell: no '|' or line break. */
static void cell(const char *s)
{
    for (; *s; s++)
        if (*s == '|')
            fputs("\\|", stdout);
        else
            putchar(*s == '\n' ? ' ' : *s);
}

static void rules_table(RuleMeta *rules, int n)
{
    printf("| rule | name | severity | what it checks |\n|---|---|---|---|\n");
    for (int i = 0; i < n; i++) {
        RuleMeta *r = &rules[i];
        int off = r->deflt ? strcmp(r->deflt, "off") == 0 : strcmp(r->severity, "note") == 0;
        printf("| [%s](rules/%s.md) | %s | %s%s | ", r->id, r->id, r->name, r->severity,
               off ? " (off)" : "");
        cell(r->summary);
        printf(" |\n");
    }
}

int main(int argc, char **argv)
{
    int table = argc > 1 && strcmp(argv[1], "--equivalents-table") == 0 ? 1
              : argc > 1 && strcmp(argv[1], "--rules-table") == 0 ? 2 : 0;
    RuleMeta *rules = calloc((size_t)argc, sizeof *rules);
    int n = 0;
    for (int i = 1 + (table != 0); i < argc; i++) {
        size_t len;
        char *text = read_file(argv[i], &len);
        if (!text) {
            fail(argv[i], "cannot read", NULL);
            continue;
        }
        RuleMeta *r = &rules[n++];
        r->path = argv[i];
        if (strncmp(text, "---\n", 4) != 0) {
            fail(argv[i], "must start with a '---' front matter line", NULL);
            continue;
        }
        char *end = strstr(text + 4, "\n---\n");
        if (!end) {
            fail(argv[i], "front matter is not closed by a '---' line", NULL);
            continue;
        }
        parse_front(argv[i], text + 4, (size_t)(end + 1 - (text + 4)), r);
        const char *docs = end + 5;
        while (*docs == '\n')
            docs++;
        r->docs = docs;
        /* a declarative body beside the page: rules/<ID>.yaml */
        size_t plen = strlen(argv[i]);
        if (plen > 3 && strcmp(argv[i] + plen - 3, ".md") == 0) {
            char *bp = malloc(plen + 3);
            memcpy(bp, argv[i], plen - 3);
            strcpy(bp + plen - 3, ".yaml");
            size_t blen;
            r->body = read_file(bp, &blen);
            free(bp);
        }
        validate(r);
    }
    if (failed)
        return 1;
    if (table == 1)
        equivalents_table(rules, n);
    if (table == 2)
        rules_table(rules, n);
    if (table)
        return 0;
    printf("/* Generated by tools/gen_rules.c from the rule pages in rules/. Do not edit. */\n");
    printf("#include <stddef.h>\n#include \"../../checks/rules.h\"\n#include \"../../checks/checks.h\"\n\n");
    for (int i = 0; i < n; i++) {
        RuleMeta *r = &rules[i];
        if (!r->nequivs)
            continue;
        printf("static const Equivalent EQ_%s[] = {", r->id);
        for (size_t k = 0; k < r->nequivs; k++)
            printf("%s{%s, \"%s\"}", k ? ", " : "", PEERS[r->equivs[k].peer].enumerator,
                   r->equivs[k].id);
        printf("};\n");
    }
    /* each check function's prototype, so that a new check needs no header
     * of its own (checks.h declares the older ones too; both agree) */
    for (int i = 0; i < n; i++)
        if (rules[i].check)
            printf("void %s(struct CheckCtx *ctx);\n", rules[i].check);
    printf("\nconst Rule RULES[] = {\n");
    for (int i = 0; i < n; i++) {
        RuleMeta *r = &rules[i];
        printf("  {\n    .id = ");
        emit_string(r->id);
        printf(",\n    .name = ");
        emit_string(r->name);
        printf(",\n    .severity = %s,\n    .tags = ", strcmp(r->severity, "error") == 0 ? "SEV_ERROR"
                                     : strcmp(r->severity, "warning") == 0 ? "SEV_WARNING" : "SEV_NOTE");
        emit_opt(r->tags ? r->tags : "");
        printf(",\n    .summary = ");
        emit_string(r->summary);
        printf(",\n    .docs = ");
        emit_string(r->docs);
        printf(",\n    .source = ");
        emit_string(r->path);
        printf(",\n    .check = %s,\n    .params = ", r->check ? r->check : "NULL");
        emit_opt(r->params ? r->params : "");
        /* notes are off by default unless the page says `default: on` */
        int off = r->deflt ? strcmp(r->deflt, "off") == 0 : strcmp(r->severity, "note") == 0;
        printf(",\n    .default_off = %d,\n", off);
        if (r->nequivs)
            printf("    .equivalents = EQ_%s,\n    .nequivalents = %zu,\n", r->id, r->nequivs);
        if (r->body) {
            printf("    .body = ");
            emit_string(r->body);
            printf(",\n");
        }
        printf("    .index = %d,\n  },\n", i);
    }
    printf("};\n\nconst size_t RULE_COUNT = %d;\n", n);
    return 0;
}
