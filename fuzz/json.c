/*
 * fuzz/json.c — the JSON front end (parser/json.c, tree-sitter-json) on arbitrary bytes.
 *
 * Each input is read twice: with the default limits, and with tight ones
 * (depth 8, 300 nodes, 500 through aliases, 64-byte scalars) so that every limit is hit often.
 * The tree must keep node.h's promises (fuzz_check_tree), and every span
 * must map to a position through the line table.
 */
#include "fuzz.h"

static const ParseLimits TIGHT = {.max_depth = 8, .max_nodes = 300, .max_alias_expansion = 500,
                                  .max_scalar = 64, .max_var_depth = 8};

static void read_once(const char *text, size_t size, const ParseLimits *lim)
{
    Arena a;
    arena_init(&a);
    Document doc;
    json_read(&a, text, size, lim, &doc);
    if (doc.format != FORMAT_JSON)
        FUZZ_FAIL("json_read set format %d", doc.format);
    fuzz_check_tree(&doc, size, lim);
    if (doc.yaml_anchor.end && (doc.yaml_anchor.start > doc.yaml_anchor.end ||
                                doc.yaml_anchor.end > size))
        FUZZ_FAIL("anchor span %u..%u outside the text", doc.yaml_anchor.start, doc.yaml_anchor.end);
    LineTable t;
    linetable_build(&a, &t, text, size);
    for (const ParseIssue *i = doc.issues; i; i = i->next) {
        LineCol lc = linetable_pos(&t, i->span.start, COL_UTF16);
        if (lc.line < 1 || lc.line > t.count)
            FUZZ_FAIL("issue at line %u of %u", lc.line, t.count);
    }
    arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* exactly size bytes, no terminator: lint_file() does not add one, so
     * a read past the end is a bug that ASan must see */
    char *text = malloc(size ? size : 1);
    if (size)
        memcpy(text, data, size);
    read_once(text, size, &PARSE_LIMITS_DEFAULT);
    read_once(text, size, &TIGHT);
    free(text);
    return 0;
}
