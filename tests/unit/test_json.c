/*
 * test_json.c — unit tests for the JSON reader (parser/json.c): positions of
 * keys and values, string decoding, syntax errors at the place to fix, the
 * JSON rules tree-sitter-json does not enforce, and resource limits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../parser/node.h"
#include "../../base/source.h"
#include "unit.h"

static Arena arena;
static Document doc;
static LineTable lines;

/* Note: no `break` inside TEST (it would skip the report); guard with if. */

/* Reads text (of explicit size, so it may hold NULs) with limits lim. */
static void read_n(const char *text, size_t size, const ParseLimits *lim)
{
    arena_free(&arena);
    arena_init(&arena);
    json_read(&arena, text, size, lim ? lim : &PARSE_LIMITS_DEFAULT, &doc);
    linetable_build(&arena, &lines, text, size);
}

static void read_s(const char *text)
{
    read_n(text, strlen(text), NULL);
}

static int issue_count(ParseIssueKind kind)
{
    int n = 0;
    for (const ParseIssue *i = doc.issues; i; i = i->next)
        n += i->kind == kind;
    return n;
}

/* The first issue of this kind, or NULL. */
static const ParseIssue *issue(ParseIssueKind kind)
{
    for (const ParseIssue *i = doc.issues; i; i = i->next)
        if (i->kind == kind)
            return i;
    return NULL;
}

static int has_text(const ParseIssue *i, const char *part)
{
    return i && i->message && strstr(i->message, part) != NULL;
}

static LineCol pos(uint32_t offset)
{
    return linetable_pos(&lines, offset, COL_CODEPOINTS);
}

/* Byte offset of the first occurrence of needle in text. */
static uint32_t off(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    return p ? (uint32_t)(p - text) : UINT32_MAX;
}

static const char TEMPLATE[] =
    "{\n"
    "  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n"
    "  \"Description\": \"caf\xC3\xA9\", \"Count\": 3,\n"
    "  \"Resources\": {\n"
    "    \"Bucket\": {\n"
    "      \"Type\": \"AWS::S3::Bucket\",\n"
    "      \"Properties\": {\"Versioning\": true, \"Tags\": [\"x\", null, -1.5e+3]}\n"
    "    }\n"
    "  }\n"
    "}\n";

static void test_positions(void)
{
    TEST("json: spans and line/col of keys and values in a multi-line template") {
        read_s(TEMPLATE);
        CHECK(doc.format == FORMAT_JSON, "format %d", doc.format);
        CHECK(doc.issues == NULL, "unexpected issue: %s", doc.issues ? doc.issues->message : "");
        CHECK(node_is_map(doc.root) && doc.root->len == 4, "root has 4 entries");
        CHECK(doc.root && doc.root->span.start == 0, "root starts at 0");
        CHECK(doc.root && doc.root->span.end == sizeof TEMPLATE - 2, "root ends after the last '}'");

        MapEntry *res = node_get_entry(doc.root, "Resources");
        CHECK(res != NULL, "Resources entry");
        if (res) {
            uint32_t k = off(TEMPLATE, "\"Resources\"");
            CHECK_EQ_INT(res->key->span.start, k);
            CHECK_EQ_INT(res->key->span.end, k + 11);      /* includes both quotes */
            CHECK_EQ_INT(pos(res->key->span.start).line, 4);
            CHECK_EQ_INT(pos(res->key->span.start).col, 3);
            CHECK(node_is_map(res->value), "Resources value is a map");
            CHECK_EQ_INT(pos(res->value->span.start).col, 16);
        }
        Node *resources = node_get(doc.root, "Resources");

        Node *type = node_get(node_get(resources, "Bucket"), "Type");
        CHECK(node_str_eq(type, "AWS::S3::Bucket"), "Type value");
        if (type) {
            uint32_t v = off(TEMPLATE, "\"AWS::S3::Bucket\"");
            CHECK_EQ_INT(type->span.start, v);
            CHECK_EQ_INT(type->span.end, v + 17);
            CHECK_EQ_INT(pos(type->span.start).line, 6);
            CHECK_EQ_INT(pos(type->span.start).col, 15);
            CHECK_EQ_INT(type->style, SCALAR_QUOTED);
        }

        /* after a 2-byte character: code-point column differs from the byte column */
        MapEntry *count = node_get_entry(doc.root, "Count");
        CHECK(count && node_str_eq(count->value, "3"), "Count value");
        if (count) {
            CHECK_EQ_INT(count->key->span.start, off(TEMPLATE, "\"Count\""));
            CHECK_EQ_INT(pos(count->key->span.start).line, 3);
            CHECK_EQ_INT(pos(count->key->span.start).col, 26);
            CHECK_EQ_INT(linetable_pos(&lines, count->key->span.start, COL_BYTES).col, 27);
        }
        CHECK(node_str_eq(node_get(doc.root, "Description"), "caf\xC3\xA9"), "UTF-8 kept");

        Node *tags = node_get(node_get(node_get(resources, "Bucket"), "Properties"), "Tags");
        CHECK(node_is_seq(tags) && tags->len == 3, "Tags has 3 items");
        if (node_is_seq(tags) && tags->len == 3) {
            uint32_t t = off(TEMPLATE, "-1.5e+3");
            CHECK_EQ_INT(tags->u.items[2]->span.start, t);
            CHECK_EQ_INT(tags->u.items[2]->span.end, t + 7);
            CHECK(node_str_eq(tags->u.items[2], "-1.5e+3"), "number text as written");
        }
        /* 1 root + 4 keys + 4 values (incl. Resources map) + Bucket key + map
         * + Type key/value + Properties key/map + 2 keys + true + seq + 3 items */
        CHECK_EQ_INT(doc.node_count, 22);
    }
}

static void test_styles(void)
{
    TEST("json: numbers, true, false, null are plain; strings are quoted") {
        read_s("[1, -2.5e+3, 0.5E-7, true, false, null, \"1\", \"true\", \"\"]");
        CHECK(doc.issues == NULL, "unexpected issue: %s", doc.issues ? doc.issues->message : "");
        CHECK(node_is_seq(doc.root) && doc.root->len == 9, "9 items");
        if (node_is_seq(doc.root) && doc.root->len == 9) {
            Node **it = doc.root->u.items;
            const char *want[] = {"1", "-2.5e+3", "0.5E-7", "true", "false", "null", "1", "true", ""};
            for (int i = 0; i < 9; i++) {
                CHECK(node_str_eq(it[i], want[i]), "item %d = '%s'", i, want[i]);
                CHECK_EQ_INT(it[i]->style, i < 6 ? SCALAR_PLAIN : SCALAR_QUOTED);
            }
            CHECK(node_is_true(it[3]) && node_is_false(it[4]), "booleans");
            CHECK_EQ_INT(it[6]->span.end - it[6]->span.start, 3);   /* "1" with quotes */
        }
    }
}

static void test_escapes(void)
{
    TEST("json: escapes decode to UTF-8; surrogate pairs join; lone surrogates become U+FFFD") {
        read_s("[\"\\n\\t\\\"\\\\\\/\\b\\f\\r\", \"\\u00e9\\u20AC\", \"\\ud83d\\ude00\", "
               "\"\\ud83d\", \"\\ude00x\", \"\\ud83d\\u0041\", \"a\\u0000b\"]");
        CHECK(doc.issues == NULL, "unexpected issue: %s", doc.issues ? doc.issues->message : "");
        CHECK(node_is_seq(doc.root) && doc.root->len == 7, "7 items");
        if (node_is_seq(doc.root) && doc.root->len == 7) {
            Node **it = doc.root->u.items;
            CHECK(node_str_eq(it[0], "\n\t\"\\/\b\f\r"), "simple escapes");
            CHECK(node_str_eq(it[1], "\xC3\xA9\xE2\x82\xAC"), "\\u00e9\\u20AC");
            CHECK(node_str_eq(it[2], "\xF0\x9F\x98\x80"), "surrogate pair -> U+1F600");
            CHECK_EQ_INT(it[2]->len, 4);
            CHECK(node_str_eq(it[3], "\xEF\xBF\xBD"), "lone high surrogate");
            CHECK(node_str_eq(it[4], "\xEF\xBF\xBDx"), "lone low surrogate");
            CHECK(node_str_eq(it[5], "\xEF\xBF\xBD" "A"), "high surrogate before a non-surrogate");
            CHECK_EQ_INT(it[6]->len, 3);
            CHECK(memcmp(it[6]->u.str, "a\0b", 3) == 0, "\\u0000 is a NUL inside the string");
            CHECK_EQ_INT(it[2]->span.end - it[2]->span.start, 14);   /* span is the source text */
        }
    }
    TEST("json: invalid escapes are syntax errors") {
        read_s("[\"ok\", \"a\\x\"]");
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "invalid escape '\\x'"), "message: %s", i ? i->message : "(none)");
        CHECK(i && i->span.start == 9, "at the backslash");
        read_s("[\"\\u12\"]");
        i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "4 hex digits") && i->span.start == 2, "bad \\u: %s",
              i ? i->message : "(none)");
    }
}

static void test_syntax_errors(void)
{
    TEST("json: a missing comma is reported where the comma belongs") {
        const char *t = "{\n  \"a\": 1\n  \"b\": 2\n}\n";
        read_s(t);
        CHECK_EQ_INT(issue_count(ISSUE_SYNTAX), 1);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "missing ','"), "message: %s", i ? i->message : "(none)");
        if (i) {
            CHECK_EQ_INT(pos(i->span.start).line, 2);
            CHECK_EQ_INT(pos(i->span.start).col, 9);
        }
        /* the parts that parsed are still in the tree */
        CHECK(node_str_eq(node_get(doc.root, "a"), "1") && node_str_eq(node_get(doc.root, "b"), "2"),
              "partial tree keeps both pairs");
    }
    TEST("json: missing '}', missing ':', trailing ',' and stray '}' have specific messages") {
        read_s("{\"a\": [1, 2]");
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "unexpected end of input (missing '}')") && i->span.start == 12,
              "missing brace: %s", i ? i->message : "(none)");
        CHECK(node_is_seq(node_get(doc.root, "a")), "partial tree");

        read_s("{\"Type\" \"AWS::S3::Bucket\"}");
        i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "missing ':' after key '\"Type\"'") && i->span.start == 7,
              "missing colon: %s", i ? i->message : "(none)");

        read_s("[1, 2,\n]");
        i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "trailing ','") && i->span.start == 5, "trailing comma: %s",
              i ? i->message : "(none)");
        read_s("{\"a\": 1,}");
        i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "trailing ','") && i->span.start == 7, "trailing comma: %s",
              i ? i->message : "(none)");

        read_s("{\"a\": 1}}");
        i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "unexpected '}'") && i->span.start == 8, "stray brace: %s",
              i ? i->message : "(none)");
        CHECK(node_str_eq(node_get(doc.root, "a"), "1"), "tree before the stray brace");

        read_s("{\"a\": True}");
        i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "unexpected 'True'") && i->span.start == 6, "True: %s",
              i ? i->message : "(none)");
    }
    TEST("json: only the first syntax error is reported") {
        read_s("[1 2 3 4 5 6]");
        CHECK_EQ_INT(issue_count(ISSUE_SYNTAX), 1);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "missing ','") && i->span.start == 2, "message: %s",
              i ? i->message : "(none)");
        CHECK(node_is_seq(doc.root) && doc.root->len >= 1, "partial tree");
    }
    TEST("json: a mismatched bracket, a missing value, an unclosed comment") {
        const char *t = "{\"a\": [1, 2}";
        read_s(t);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "unexpected '}' (expected ',' or ']')") && i->span.start == off(t, "}"),
              "mismatch: %s", i ? i->message : "(none)");
        read_s("{\"a\": }");
        i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "missing value") && i->span.start == 5, "missing value: %s",
              i ? i->message : "(none)");
        MapEntry *e = node_get_entry(doc.root, "a");
        CHECK(e && e->value && (e->value->flags & NODE_INVALID), "key kept with a placeholder");
        t = "{\"a\": 1 /* [[[";
        read_s(t);
        i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "unclosed comment") && i->span.start == off(t, "/*"), "unclosed: %s",
              i ? i->message : "(none)");
        CHECK(node_str_eq(node_get(doc.root, "a"), "1"), "tree before the comment");
    }
    TEST("json: an unterminated string is reported at its opening quote") {
        read_s("{\"a\": \"abc");
        CHECK_EQ_INT(issue_count(ISSUE_SYNTAX), 1);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "unterminated string") && i->span.start == 6, "message: %s",
              i ? i->message : "(none)");
    }
    TEST("json: a raw control character inside a string is an error") {
        read_s("{\"a\": \"x\ty\"}");
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "tab") && i->span.start == 8, "message: %s", i ? i->message : "(none)");
        CHECK(node_str_eq(node_get(doc.root, "a"), "x\ty"), "value still read");
        /* a line break inside a string must not derail the rest of the tree */
        read_s("{\"a\": \"x\ny\", \"b\": [2]}");
        CHECK_EQ_INT(issue_count(ISSUE_SYNTAX), 1);
        CHECK(has_text(issue(ISSUE_SYNTAX), "line break inside a string"), "line break reported");
        CHECK(node_str_eq(node_get(doc.root, "a"), "x\ny"), "string with the line break");
        CHECK(node_is_seq(node_get(doc.root, "b")), "the pair after it");
    }
    TEST("json: numbers tree-sitter accepts but JSON does not") {
        read_s("[1.]");
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "invalid number '1.'"), "message: %s", i ? i->message : "(none)");
        read_s("[01]");
        i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "leading zeros"), "message: %s", i ? i->message : "(none)");
    }
}

static void test_duplicates(void)
{
    TEST("json: a duplicate key is reported at its second occurrence") {
        const char *t = "{\"Type\": 1,\n \"Other\": 2,\n \"Type\": 3}";
        read_s(t);
        CHECK_EQ_INT(issue_count(ISSUE_SYNTAX), 1);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "duplicate key 'Type'"), "message: %s", i ? i->message : "(none)");
        if (i) {
            CHECK_EQ_INT(i->span.start, off(t, "\"Type\": 3"));
            CHECK_EQ_INT(i->span.end, off(t, "\"Type\": 3") + 6);
            CHECK_EQ_INT(pos(i->span.start).line, 3);
        }
    }
    TEST("json: duplicate keys in a large and in a nested map") {
        char buf[512];
        size_t n = 0;
        n += (size_t)snprintf(buf + n, sizeof buf - n, "{\"m\": {");
        for (int k = 0; k < 20; k++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "\"k%d\": %d, ", k, k);
        n += (size_t)snprintf(buf + n, sizeof buf - n, "\"k7\": 0}}");
        read_s(buf);
        CHECK_EQ_INT(issue_count(ISSUE_SYNTAX), 1);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "'k7'") && i->span.start == off(buf, "\"k7\": 0"), "message: %s",
              i ? i->message : "(none)");
    }
}

static void test_not_json(void)
{
    TEST("json: comments are rejected, the tree is still built") {
        const char *t = "{\n  \"a\": 1, // note\n  \"b\": /* x */ 2\n}";
        read_s(t);
        CHECK_EQ_INT(issue_count(ISSUE_SYNTAX), 1);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "comments are not allowed in JSON"), "message: %s",
              i ? i->message : "(none)");
        CHECK(i && i->span.start == off(t, "//") && i->span.end == off(t, "\n  \"b\""),
              "span of the first comment");
        CHECK(node_str_eq(node_get(doc.root, "b"), "2"), "values around comments");
        CHECK(doc.root && doc.root->len == 2, "two entries");
    }
    TEST("json: a '/*' inside a string is not a comment") {
        read_s("{\"Resource\": \"arn:aws:s3:::bucket/*\", \"Path\": \"/*\"}");
        CHECK(doc.issues == NULL, "unexpected issue: %s", doc.issues ? doc.issues->message : "");
        CHECK(node_str_eq(node_get(doc.root, "Path"), "/*"), "Path");
    }
    TEST("json: a second top-level value is rejected at its start") {
        const char *t = "{\"a\": 1}\n{\"b\": 2}\n";
        read_s(t);
        CHECK_EQ_INT(issue_count(ISSUE_SYNTAX), 1);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "unexpected content after the JSON value"), "message: %s",
              i ? i->message : "(none)");
        CHECK(i && pos(i->span.start).line == 2 && pos(i->span.start).col == 1, "at 2:1");
        CHECK(node_get(doc.root, "a") && !node_get(doc.root, "b"), "root is the first value");
    }
    TEST("json: empty and blank input give no root and no issue") {
        read_s("");
        CHECK(doc.root == NULL && doc.issues == NULL && doc.format == FORMAT_JSON, "empty");
        read_s(" \n\t\r\n ");
        CHECK(doc.root == NULL && doc.issues == NULL, "blank");
        CHECK_EQ_INT(doc.node_count, 0);
    }
}

static void test_bytes(void)
{
    TEST("json: NUL bytes are input like any other") {
        static const char t1[] = "[\"a\0b\", 1]";
        read_n(t1, sizeof t1 - 1, NULL);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "control character 0x00") && i->span.start == 3, "message: %s",
              i ? i->message : "(none)");
        CHECK_EQ_INT(issue_count(ISSUE_SYNTAX), 1);     /* tree-sitter saw a clean string */
        CHECK(node_is_seq(doc.root) && doc.root->len == 2, "both items");
        if (node_is_seq(doc.root) && doc.root->len == 2)
            CHECK(doc.root->u.items[0]->len == 3 && doc.root->u.items[0]->u.str[1] == '\0',
                  "NUL kept in the string");
        static const char t2[] = "[1,\0 2]";
        read_n(t2, sizeof t2 - 1, NULL);
        i = issue(ISSUE_SYNTAX);
        CHECK(i && i->span.start == 3, "error at the NUL: %s", i ? i->message : "(none)");
        static const char t3[] = "{\"a\": 1}\0";
        read_n(t3, sizeof t3 - 1, NULL);
        CHECK(issue(ISSUE_SYNTAX) != NULL, "a NUL after the value is not ignored");
    }
    TEST("json: invalid UTF-8 is reported at the first bad byte") {
        static const char t[] = "{\"a\": \"ok \xC3\xA9\", \"b\": \"x\xFFy\xC0\", \"c\": \"\xED\xA0\x80\"}";
        read_n(t, sizeof t - 1, NULL);
        CHECK_EQ_INT(issue_count(ISSUE_SYNTAX), 1);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "invalid UTF-8 byte") && i->span.start == off(t, "\xFF"), "message: %s",
              i ? i->message : "(none)");
        CHECK(node_str_eq(node_get(doc.root, "b"), "x\xEF\xBF\xBDy\xEF\xBF\xBD"),
              "bad bytes read as U+FFFD");
        CHECK(node_str_eq(node_get(doc.root, "c"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"),
              "an encoded surrogate is not UTF-8");
        CHECK(node_str_eq(node_get(doc.root, "a"), "ok \xC3\xA9"), "valid UTF-8 untouched");
    }
}

static void test_limits(void)
{
    TEST("json: 100000 '[' stop at max_depth quickly with no tree") {
        static char deep[100000];
        memset(deep, '[', sizeof deep);
        clock_t t0 = clock();
        read_n(deep, sizeof deep, NULL);
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        const ParseIssue *i = issue(ISSUE_LIMIT);
        CHECK(has_text(i, "nesting deeper than 256 levels"), "message: %s",
              i ? i->message : "(none)");
        CHECK(i && i->span.start == 256, "at the 257th '['");
        CHECK(doc.root == NULL, "no tree");
        CHECK(secs < 0.5, "took %.3f s", secs);
    }
    TEST("json: nesting at the limit is fine; brackets in strings and comments do not count") {
        static char t[1024];
        memset(t, '[', 256);
        memset(t + 256, ']', 256);
        read_n(t, 512, NULL);
        CHECK(doc.issues == NULL, "256 levels: %s", doc.issues ? doc.issues->message : "");
        int depth = 0;
        for (const Node *n = doc.root; node_is_seq(n); n = n->len ? n->u.items[0] : NULL)
            depth++;
        CHECK_EQ_INT(depth, 256);
        ParseLimits lim = PARSE_LIMITS_DEFAULT;
        lim.max_depth = 2;
        const char *s = "[[\"[[[{{{\", 1 /* [[[ */]]";
        read_n(s, strlen(s), &lim);
        CHECK(issue_count(ISSUE_LIMIT) == 0, "brackets in strings/comments counted");
        s = "{\"a\": [[1]]}";
        read_n(s, strlen(s), &lim);
        const ParseIssue *i = issue(ISSUE_LIMIT);
        CHECK(i && i->span.start == 7 && has_text(i, "deeper than 2 levels"), "limit 2: %s",
              i ? i->message : "(none)");
    }
    TEST("json: inputs that crash tree-sitter 0.20.7 never reach it as such") {
        /* "[}" repeated: tree-sitter's recovery skips each '}' and nests deeper
         * until its parse stack overflows; 70000 comments in a row do the same */
        static char t[280002];
        for (int k = 0; k < 100000; k++)
            memcpy(t + 2 * k, "[}", 2);
        clock_t t0 = clock();
        read_n(t, 200000, NULL);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "unexpected '}'") && i->span.start == 1, "[}: %s",
              i ? i->message : "(none)");
        t[0] = '[';
        for (int k = 0; k < 70000; k++)
            memcpy(t + 1 + 4 * k, "/**/", 4);
        t[280001] = ']';
        read_n(t, sizeof t, NULL);
        CHECK(node_is_seq(doc.root) && doc.root->len == 0, "empty array read");
        CHECK(has_text(issue(ISSUE_SYNTAX), "comments are not allowed"), "comment reported");
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        CHECK(secs < 2.0, "took %.3f s", secs);
    }
    TEST("json: a small broken file is recovered whole, a large one up to its first error") {
        /* [[1] [1],[1],...]: the missing ',' is at offset 4 */
        static char t[64 * 1024];
        size_t n = 0;
        t[n++] = '[';
        for (int k = 0; n < 40000; k++) {
            memcpy(t + n, k == 0 ? "[1] " : k == 1 ? "[1]" : ",[1]", k < 2 ? 3 + (k == 0) : 4);
            n += k < 2 ? 3 + (k == 0) : 4;
        }
        t[n++] = ']';
        read_n(t, n, NULL);
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "missing ','") && i->span.start == 4, "large: %s",
              i ? i->message : "(none)");
        CHECK(node_is_seq(doc.root) && doc.root->len == 1, "large file: only the prefix");
        size_t small = 4001;            /* the same text cut to ~4 KB and closed */
        t[small - 1] = ']';
        t[small - 2] = ']';
        read_n(t, small, NULL);
        i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "missing ','") && i->span.start == 4, "small: %s",
              i ? i->message : "(none)");
        CHECK(node_is_seq(doc.root) && doc.root->len > 100, "small file: recovered past the error");
    }
    TEST("json: the prefix of a large broken file is closed where it breaks") {
        static char t[48 * 1024];
        size_t n = (size_t)snprintf(t, sizeof t, "{\"Pad\": \"");
        memset(t + n, 'x', 40000);
        n += 40000;
        n += (size_t)snprintf(t + n, sizeof t - n, "\", \"Resources\": {\"A\": {\"Type\": \"T\", "
                                                   "\"P\": [1, 2], \"Q\" 5}}, \"Z\": 1}");
        read_n(t, n, NULL);
        uint32_t clean = off(t, "], \"Q\"") + 1;  /* just after the last complete value */
        const ParseIssue *i = issue(ISSUE_SYNTAX);
        CHECK(has_text(i, "missing ':' after key '\"Q\"'"), "message: %s", i ? i->message : "(none)");
        Node *res = node_get(doc.root, "Resources");
        Node *a = node_get(res, "A");
        CHECK(node_str_eq(node_get(a, "Type"), "T"), "Type before the error");
        CHECK(node_is_seq(node_get(a, "P")) && node_get(a, "P")->len == 2, "P holds 1 and 2");
        CHECK(a && a->len == 2 && !node_get(a, "Q") && !node_get(doc.root, "Z"),
              "nothing from the error on");
        CHECK(a && a->span.end == clean && res->span.end == clean && doc.root->span.end == clean,
              "open containers end after the last complete value");
    }
    TEST("json: max_nodes stops the build with a partial tree") {
        ParseLimits lim = PARSE_LIMITS_DEFAULT;
        lim.max_nodes = 5;
        const char *s = "[1, 2, 3, 4, 5, 6, 7]";
        read_n(s, strlen(s), &lim);
        const ParseIssue *i = issue(ISSUE_LIMIT);
        CHECK(i && has_text(i, "5") && i->span.start == 13, "limit issue: %s",
              i ? i->message : "(none)");
        CHECK_EQ_INT(doc.node_count, 5);
        CHECK(doc.root && doc.root->len == 4, "seq with 4 items");
    }
    TEST("json: max_scalar truncates long strings on a character boundary") {
        ParseLimits lim = PARSE_LIMITS_DEFAULT;
        lim.max_scalar = 4;
        const char *s = "[\"abcdefgh\", \"abc\\u00e9\", \"ab\xC3\xA9z\", \"abcd\"]";
        read_n(s, strlen(s), &lim);
        CHECK_EQ_INT(issue_count(ISSUE_LIMIT), 3);
        CHECK(doc.root && doc.root->len == 4, "4 items");
        if (doc.root && doc.root->len == 4) {
            Node **it = doc.root->u.items;
            CHECK(node_str_eq(it[0], "abcd"), "ascii cut");
            CHECK(node_str_eq(it[1], "abc"), "escape not split");
            CHECK(node_str_eq(it[2], "ab\xC3\xA9"), "raw UTF-8 kept whole");
            CHECK(node_str_eq(it[3], "abcd"), "exactly at the limit is not cut");
        }
        CHECK(has_text(issue(ISSUE_LIMIT), "longer than 4 bytes"), "message names the limit");
    }
}

/* --- incremental reparsing (ParseCache) ------------------------------------- */

/* Appends a dump of the tree: kinds, spans, flags, styles and texts, so
 * that two readings compare as strings. */
static void dump(const Node *n, char *out, size_t cap, size_t *len)
{
    if (*len + 96 >= cap)
        return;
    if (!n) {
        *len += (size_t)snprintf(out + *len, cap - *len, "-");
        return;
    }
    *len += (size_t)snprintf(out + *len, cap - *len, "(%d %u-%u %u %u ", n->kind, n->span.start,
                             n->span.end, n->flags, n->style);
    if (n->kind == NODE_SCALAR) {
        *len += (size_t)snprintf(out + *len, cap - *len, "'%.40s'", n->u.str);
    } else {
        for (uint32_t i = 0; i < n->len; i++) {
            if (n->kind == NODE_MAP) {
                dump(n->u.entries[i].key, out, cap, len);
                dump(n->u.entries[i].value, out, cap, len);
            } else {
                dump(n->u.items[i], out, cap, len);
            }
        }
    }
    if (*len + 2 < cap)
        out[(*len)++] = ')';
    out[*len] = 0;
}

/* A dump of the document and its issues. */
static void dump_doc(const Document *d, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = 0;
    dump(d->root, out, cap, &len);
    for (const ParseIssue *is = d->issues; is && len + 200 < cap; is = is->next)
        len += (size_t)snprintf(out + len, cap - len, "|%d %u %s", is->kind, is->span.start,
                                is->message);
}

static void test_incremental(void)
{
    /* each text is read fresh and through the cache kept from the text before
     * it: the trees must be the same, node for node */
    static const char *const texts[] = {
        "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}",
        "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queues\"}}}",         /* a byte added */
        "{\"Resources\": {\"Qx\": {\"Type\": \"AWS::SQS::Queues\"}}}",
        "{\"Resources\": {\"Qx\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"A\": [1, 2.5e+3, true, null]}}}}",
        "{\"Resources\": {\"Qx\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"A\": [1, 2.5e+3, true, null}}}}",  /* broken */
        "{\"Resources\": {\"Qx\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"A\": [1, true]}}}}",   /* fixed */
        "{\n  \"Resources\": {\n    \"Qx\": {\"Type\": \"AWS::SQS::Queue\"}\n  }\n}\n",  /* new lines */
        "{\n  \"Resources\": {\n    \"Qx\": {\"Type\": \"AWS::SQS::Queue\"},\n    \"T\": {\"Type\": \"AWS::SNS::Topic\"}\n  }\n}\n",
        "{\n  // a comment\n  \"Resources\": {\n    \"T\": {\"Type\": \"AWS::SNS::Topic\", \"Type\": \"x\"}\n  }\n}\n",
        "{\n  \"Resources\": {\n    \"T\": {\"Type\": \"AWS::SNS::Topic\", \"S\": \"caf\u00e9 \\u00e9 \\n\"}\n  }\n}\n",
        "[{\"Statement\": []}]",
        "{\"Resources\": {}}",
        "{\"Resources\": {}}",                                                    /* unchanged */
        "",
        "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}",
    };
    static char fresh[16384], cached[16384];
    ParseCache *cache = parse_cache_new();
    Arena a2;
    arena_init(&a2);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        Document d2;
        read_s(texts[i]);
        json_read_cached(&a2, texts[i], strlen(texts[i]), &PARSE_LIMITS_DEFAULT, &d2, cache);
        dump_doc(&doc, fresh, sizeof fresh);
        dump_doc(&d2, cached, sizeof cached);
        TEST("json: a reading through the cache is the fresh reading") {
            CHECK(strcmp(fresh, cached) == 0, "text %zu:\n  fresh  %s\n  cached %s", i, fresh, cached);
        }
        arena_free(&a2);
        arena_init(&a2);
    }
    /* a large document edited in the middle, then at both ends */
    size_t n = 4000;
    char *big = xmalloc(n * 64 + 64), *big2 = xmalloc(n * 64 + 64);
    size_t len = (size_t)sprintf(big, "{\"Resources\": {");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(big + len, "%s\"R%zu\": {\"Type\": \"AWS::SQS::Queue\"}", i ? ", " : "", i);
    len += (size_t)sprintf(big + len, "}}");
    memcpy(big2, big, len + 1);
    json_read_cached(&a2, big, len, &PARSE_LIMITS_DEFAULT, &doc, cache);
    char *mid = strstr(big2, "\"R2000\"");
    mid[2] = '9';      /* R2000 -> R9000: a duplicate of nothing, a new name */
    big2[1] = ' ';     /* the first quote of "Resources" becomes a blank: broken */
    const char *steps[] = {big2, big};
    for (int k = 0; k < 2; k++) {
        Document d2;
        read_n(steps[k], len, NULL);
        arena_free(&a2);
        arena_init(&a2);
        json_read_cached(&a2, steps[k], len, &PARSE_LIMITS_DEFAULT, &d2, cache);
        static char f2[1 << 20], c2[1 << 20];
        dump_doc(&doc, f2, sizeof f2);
        dump_doc(&d2, c2, sizeof c2);
        TEST("json: a large document edited through the cache reads as fresh") {
            CHECK(strcmp(f2, c2) == 0, "step %d differs", k);
        }
    }
    big2[1] = '"';      /* only the middle edit: valid, incremental */
    {
        Document d2;
        read_n(big2, len, NULL);
        arena_free(&a2);
        arena_init(&a2);
        json_read_cached(&a2, big2, len, &PARSE_LIMITS_DEFAULT, &d2, cache);
        static char f2[1 << 20], c2[1 << 20];
        dump_doc(&doc, f2, sizeof f2);
        dump_doc(&d2, c2, sizeof c2);
        TEST("json: a large valid document edited in the middle reads as fresh") {
            CHECK(strcmp(f2, c2) == 0, "differs");
            CHECK(d2.root && node_get(node_get(d2.root, "Resources"), "R9000"), "the edit is seen");
        }
    }
    free(big);
    free(big2);
    arena_free(&a2);
    parse_cache_free(cache);
}

int main(void)
{
    arena_init(&arena);
    test_positions();
    test_styles();
    test_escapes();
    test_syntax_errors();
    test_duplicates();
    test_not_json();
    test_bytes();
    test_limits();
    test_incremental();
    arena_free(&arena);
    return unit_done();
}
