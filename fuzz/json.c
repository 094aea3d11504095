/*
 * fuzz/json.c — the JSON front end (parser/json.c, tree-sitter-json) on arbitrary bytes.
 *
 * Each input is read twice: with the default limits, and with tight ones
 * (depth 8, 300 nodes, 500 through aliases, 64-byte scalars) so that every limit is hit often.
 * The tree must keep node.h's promises (fuzz_check_tree), and every span
 * must map to a position through the line table.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_read_input(json_read, FORMAT_JSON, data, size);
}
