/*
 * parse_floor.c — the benchmark's floor: read each file and parse it with
 * the same parser stacklint uses (libyaml's event API for YAML,
 * tree-sitter-json for JSON), building nothing. stacklint's time divided by
 * this time says how much the linting itself costs on top of parsing.
 *
 *   parse_floor FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>
#include <yaml.h>

const TSLanguage *tree_sitter_json(void);

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)(n > 0 ? n : 1));
    *len = buf ? fread(buf, 1, (size_t)(n > 0 ? n : 0), f) : 0;
    fclose(f);
    return buf;
}

static int is_json(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && strchr(" \t\r\n", s[i]))
        i++;
    return i < n && (s[i] == '{' || s[i] == '[');
}

static unsigned long parse_yaml(const char *s, size_t n)
{
    yaml_parser_t p;
    yaml_event_t ev;
    unsigned long events = 0;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
    while (yaml_parser_parse(&p, &ev)) {
        int end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        events++;
        if (end)
            break;
    }
    yaml_parser_delete(&p);
    return events;
}

static unsigned long parse_json(TSParser *p, const char *s, size_t n)
{
    TSTree *t = ts_parser_parse_string(p, NULL, s, (uint32_t)n);
    unsigned long count = t ? ts_node_child_count(ts_tree_root_node(t)) : 0;
    ts_tree_delete(t);
    return count;
}

int main(int argc, char **argv)
{
    TSParser *p = ts_parser_new();
    ts_parser_set_language(p, tree_sitter_json());
    unsigned long total = 0;
    for (int i = 1; i < argc; i++) {
        size_t n;
        char *s = slurp(argv[i], &n);
        if (!s)
            continue;
        total += is_json(s, n) ? parse_json(p, s, n) : parse_yaml(s, n);
        free(s);
    }
    ts_parser_delete(p);
    printf("%lu\n", total);
    return 0;
}
