/*
 * json.c — reads a JSON template into the positioned document tree (node.h).
 *
 * tree-sitter-json builds the tree: it keeps the byte range of every token
 * and recovers from errors, so a file with a typo still gives a partial tree
 * that classification and checks can look at. Before it runs, json_check()
 * reads the bytes once as strict JSON (RFC 8259):
 *
 *   - it reports the first syntax error precisely (missing ',' or ':',
 *     trailing ',', a bracket that does not match, a bad number or literal,
 *     a second top-level value, the end of input), plus, without stopping,
 *     comments, raw control characters and bad escapes in strings, \v and \f
 *     used as white space, and invalid UTF-8 — the grammar accepts most of
 *     these;
 *   - it counts nesting with a stack of the open brackets; input nested
 *     deeper than ParseLimits.max_depth is not parsed at all (root NULL);
 *   - it makes the view tree-sitter parses (json_patch): same length, so
 *     every offset stays true, but every string in it lexes cleanly
 *     (control characters and a bad escape's backslash become spaces, and
 *     as defence in depth brackets inside become '_'), comments become
 *     spaces, and the exponent sign the grammar lacks ("1e+5") becomes '0'.
 *     So tree-sitter never needs error recovery on a file json_check
 *     accepts. Node text is always taken from the real bytes.
 *
 * Why tree-sitter never sees arbitrary input: tree-sitter 0.20.7 corrupts
 * its heap once its parse stack holds about 65536 entries. Valid JSON keeps
 * that stack as deep as the nesting (at most max_depth levels) plus any run
 * of consecutive comments (70000 "/ * * /" crash it), hence no comments in
 * the view. Error recovery is the other way there ("[}" repeated 100000
 * times: it skips each '}' and nests deeper), and it is quadratic on some
 * inputs ('{"a" "a" "a" ...'). So a broken file is parsed whole only when
 * it is at most JSON_RECOVER_MAX_BYTES long: the stack holds at most one
 * entry per token plus one inserted MISSING token per token, fewer than
 * 65536. A larger broken file is parsed only up to its first error: the
 * valid prefix up to the last complete value, followed by the closing
 * brackets still open there (json_make_prefix), so no recovery at all. A
 * time budget (JSON_PARSE_*) is the last resort for the quadratic cases:
 * when it runs out, the prefix is parsed instead.
 *
 * Reporting policy: a broken file is reported by its first error, because
 * that is what a person fixes and what later errors usually follow from:
 * at most one issue of each kind (syntax error, problem inside a string,
 * invalid UTF-8, comment). Duplicate keys (node_check_duplicate_keys) and
 * limits are all reported. tree-sitter's ERROR / MISSING nodes only give a
 * message when json_check found nothing (a disagreement between the two).
 *
 * The tree is built in one iterative TSTreeCursor walk with an explicit
 * stack of frames (never recursion in the depth of the input). ERROR nodes
 * directly inside an object or array are looked through, so complete pairs
 * and values tree-sitter put inside them still reach the tree; elsewhere
 * ERROR subtrees are skipped. Nodes and strings live in the arena, each
 * string copied from the text once (escaped strings are decoded in a
 * scratch buffer first). One TSParser per thread, made on first use.
 *
 * The language server passes a ParseCache (node.h): the tree of the last
 * error-free reading is kept, and the next reading edits it by the bytes
 * that changed and reparses incrementally (json_ts_parse).
 */
#include "node.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_json(void);

#define JSON_SYM_ERROR ((TSSymbol)-1)   /* ts_builtin_sym_error */
#define JSON_SNIPPET_MAX 24
#define JSON_STOP SIZE_MAX              /* json_check: nesting too deep, do not parse */

/* See the top of the file: 2 stack entries per byte stay below 65536, and
 * the slowest recovery known ('{"a" "a" ...', quadratic) takes 0.07 s at
 * this size against 1 s at 32 KB, so the time budget, which depends on the
 * machine and its load, is never what decides how a file is read. */
#define JSON_RECOVER_MAX_BYTES 8191u

/* Parse time budget: 1 s plus 1 us per byte (normal speed is about 0.1 us
 * per byte). The only limit that depends on the machine. */
#define JSON_PARSE_BASE_US 1000000u
#define JSON_PARSE_NS_PER_BYTE 1000u

/* --- the grammar, one parser per thread ------------------------------- */

typedef struct JsonGrammar {
    TSParser *parser;
    bool tried, ok;
    TSSymbol document, object, pair, array, string, number, true_, false_, null_;
    TSFieldId key, value;
} JsonGrammar;

static __thread JsonGrammar json_grammar;

/* Deletes a thread's parser when the thread exits (else LeakSanitizer
 * reports every worker thread's parser). */
static pthread_once_t json_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t json_key;
static bool json_key_ok;

static void json_parser_free(void *parser)
{
    ts_parser_delete(parser);
}

static void json_key_init(void)
{
    json_key_ok = pthread_key_create(&json_key, json_parser_free) == 0;
}

static TSSymbol json_symbol(const TSLanguage *lang, const char *name)
{
    return ts_language_symbol_for_name(lang, name, (uint32_t)strlen(name), true);
}

static const JsonGrammar *json_grammar_get(void)
{
    JsonGrammar *g = &json_grammar;
    if (g->tried)
        return g;
    g->tried = true;
    const TSLanguage *lang = tree_sitter_json();
    g->parser = ts_parser_new();
    pthread_once(&json_key_once, json_key_init);
    if (json_key_ok)
        pthread_setspecific(json_key, g->parser);
    g->ok = ts_parser_set_language(g->parser, lang);
    g->document = json_symbol(lang, "document");
    g->object = json_symbol(lang, "object");
    g->pair = json_symbol(lang, "pair");
    g->array = json_symbol(lang, "array");
    g->string = json_symbol(lang, "string");
    g->number = json_symbol(lang, "number");
    g->true_ = json_symbol(lang, "true");
    g->false_ = json_symbol(lang, "false");
    g->null_ = json_symbol(lang, "null");
    g->key = ts_language_field_id_for_name(lang, "key", 3);
    g->value = ts_language_field_id_for_name(lang, "value", 5);
    return g;
}

static bool json_is_value(const JsonGrammar *g, TSSymbol s)
{
    return s == g->object || s == g->array || s == g->string || s == g->number ||
           s == g->true_ || s == g->false_ || s == g->null_;
}

/* --- reader state -------------------------------------------------------- */

enum { JF_DOC, JF_MAP, JF_SEQ, JF_PAIR, JF_ERROR };

/* One node the walk has descended into. */
typedef struct JsonFrame {
    uint8_t kind;
    bool broken;        /* JF_DOC: an ERROR seen at top level; only an object or
                           array may still become the root */
    uint32_t target;    /* frame that receives items: self, or for JF_ERROR the
                           container it is looked through to */
    uint32_t map;       /* JF_PAIR: the frame of its object */
    uint32_t cap;       /* JF_MAP / JF_SEQ: allocated entries / items */
    Node *node;         /* JF_MAP / JF_SEQ */
    Node *key, *value;  /* JF_PAIR */
} JsonFrame;

typedef struct JsonReader {
    Arena *a;
    Document *doc;
    const ParseLimits *lim;
    const JsonGrammar *g;
    const char *text;
    uint32_t size;
    uint32_t last_sig;      /* offset just past the last non-blank byte */
    uint32_t clean;         /* end of the last complete value or opening bracket */
    bool failed;            /* json_check found a syntax error; the text is valid */
    uint32_t cut;           /* JSON up to here (the value of `clean` then) */
    uint32_t clamp;         /* spans end at most here (past it: closers json.c added) */
    bool lex_done, utf8_done, comment_done, tree_done, depth_done, stop;
    uint64_t nodes;
    uint32_t depth;         /* open maps and sequences while building */
    /* json_check */
    char *view;             /* what tree-sitter parses, made on the first patch */
    uint32_t view_size;
    char *open;             /* stack of open brackets */
    uint32_t nopen, capopen;
    /* walk */
    JsonFrame *frames;
    uint32_t nframes, capframes;
    char *scratch;
    size_t capscratch;
} JsonReader;

static Span json_span(const JsonReader *r, TSNode n)
{
    Span s = {ts_node_start_byte(n), ts_node_end_byte(n)};
    if (s.end > r->clamp)
        s.end = r->clamp;
    if (s.start > s.end)
        s.start = s.end;
    return s;
}

static bool json_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool json_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool json_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* c is one of the characters of set (never true for NUL). */
static bool json_in(char c, const char *set)
{
    return c && strchr(set, c);
}

/* A value can start with byte c. */
static bool json_value_start(char c)
{
    return json_in(c, "\"{[-tfn") || json_digit((unsigned char)c);
}

/* --- messages ------------------------------------------------------------ */

/* The bytes [off, off+len) as printable ASCII, cut at a line break and at
 * JSON_SNIPPET_MAX bytes. */
static const char *json_snippet(JsonReader *r, uint32_t off, uint32_t len)
{
    char buf[JSON_SNIPPET_MAX + 4];
    uint32_t n = 0;
    while (n < len && n < JSON_SNIPPET_MAX && off + n < r->size) {
        unsigned char c = (unsigned char)r->text[off + n];
        if (c == '\n' || c == '\r')
            break;
        buf[n++] = (c >= 0x20 && c < 0x7F) ? (char)c : '?';
    }
    if (n < len && off + n < r->size)
        memcpy(buf + n, "...", 3), n += 3;
    buf[n] = '\0';
    return arena_strdup(r->a, buf);
}

/* End of the token starting at off: a whole string, or up to a delimiter. */
static uint32_t json_token_end(const JsonReader *r, uint32_t off)
{
    const char *t = r->text;
    uint32_t i = off;
    if (i < r->size && t[i] == '"') {
        for (i++; i < r->size && t[i] != '"' && t[i] != '\n' && i - off < JSON_SNIPPET_MAX; i++)
            if (t[i] == '\\')
                i++;
        return i < r->size ? i + 1 : r->size;
    }
    if (i < r->size && json_in(t[i], "{}[],:"))
        return i + 1;
    while (i < r->size && !json_blank((unsigned char)t[i]) && !json_in(t[i], "{}[],:\""))
        i++;
    return i > off ? i : (off < r->size ? off + 1 : off);
}

static void json_syntax(JsonReader *r, uint32_t start, uint32_t end, const char *msg)
{
    doc_issue(r->a, r->doc, ISSUE_SYNTAX, start, end, msg);
}

/* Records the first syntax error (msg may be NULL when it is already
 * reported). json_check stops there; the valid prefix ends at the last
 * complete value or opening bracket before it. */
static void json_fail(JsonReader *r, uint32_t start, uint32_t end, const char *msg)
{
    if (r->failed)
        return;
    r->failed = true;
    r->cut = r->clean;
    r->doc->partial = true;
    if (msg)
        json_syntax(r, start, end, msg);
}

/* Records the first problem inside a string or white space; reading goes on. */
static bool json_lex_error(JsonReader *r, size_t start, size_t end, const char *msg)
{
    if (r->lex_done)
        return false;
    r->lex_done = true;
    json_syntax(r, (uint32_t)start, (uint32_t)end, msg);
    return true;
}

static void json_limit(JsonReader *r, uint32_t start, uint32_t end, const char *msg)
{
    doc_issue(r->a, r->doc, ISSUE_LIMIT, start, end, msg);
    r->doc->partial = true;
}

static void json_depth_limit(JsonReader *r, uint32_t at)
{
    if (r->depth_done)
        return;
    r->depth_done = true;
    json_limit(r, at, at + 1,
               arena_printf(r->a, "nesting deeper than %u levels; stacklint stops reading here; "
                                  "the limit is set with --max-depth", r->lim->max_depth));
}

/* --- lexing: strings, comments, numbers, words ------------------------- */

/* Shows tree-sitter byte c at offset i instead of the real one. */
static void json_patch(JsonReader *r, size_t i, char c)
{
    if (!r->view) {
        r->view = xmalloc(r->size);
        memcpy(r->view, r->text, r->size);
    }
    r->view[i] = c;
}

/* Length of a valid UTF-8 sequence at p (shortest form, no surrogates,
 * at most U+10FFFF), or 0. */
static size_t json_utf8_len(const unsigned char *p, size_t avail)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n > avail)
        return 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Checks the non-ASCII sequence at i; returns the index after it, or 0 for
 * an invalid byte (reported once). Inside a string or comment (quiet), the
 * byte is shown to tree-sitter as '?' and reading goes on after it. */
static size_t json_scan_utf8(JsonReader *r, size_t i, bool quiet)
{
    const unsigned char *t = (const unsigned char *)r->text;
    size_t n = json_utf8_len(t + i, r->size - i);
    if (n)
        return i + n;
    if (!r->utf8_done) {
        r->utf8_done = true;
        json_syntax(r, (uint32_t)i, (uint32_t)i + 1,
                    arena_printf(r->a, "invalid UTF-8 byte 0x%02X; JSON files must be UTF-8", t[i]));
    }
    if (!quiet)
        return 0;
    json_patch(r, i, '?');
    return i + 1;
}

static int json_hex4(const char *p, size_t avail)
{
    if (avail < 4)
        return -1;
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Checks the escape at j (a backslash); returns the index after it. A bad
 * escape's backslash is shown to tree-sitter as a space, and what follows
 * it is read as ordinary string content. */
static size_t json_scan_escape(JsonReader *r, size_t j)
{
    const char *t = r->text;
    char e = j + 1 < r->size ? t[j + 1] : 0;
    if (json_in(e, "\"\\/bfnrt"))
        return j + 2;
    if (e == 'u') {
        if (json_hex4(t + j + 2, r->size - (j + 2)) < 0)
            json_lex_error(r, j, j + 2, "JSON syntax error: '\\u' must be followed by 4 hex digits");
        return j + 2;   /* the hex digits are ordinary content */
    }
    if (j + 1 < r->size)
        json_lex_error(r, j, j + 2,
                       arena_printf(r->a, "JSON syntax error: invalid escape '\\%s' in a string",
                                    json_snippet(r, (uint32_t)j + 1, 1)));
    json_patch(r, j, ' ');
    return j + 1;
}

static const char *json_control_message(JsonReader *r, unsigned char c)
{
    if (c == '\n' || c == '\r')
        return "JSON syntax error: line break inside a string (write \\n, or close the string)";
    if (c == '\t')
        return "JSON syntax error: tab character inside a string (write \\t)";
    return arena_printf(r->a, "JSON syntax error: control character 0x%02X inside a string "
                              "(write \\u%04X)", c, c);
}

/* '[' '{' ']' '}': inside strings they are shown to tree-sitter as '_', so
 * even if its error recovery ever ran inside a string (it lexes there
 * without knowing it is in one), it could not take them for structure. */
static bool json_bracket(unsigned char c)
{
    return (c | 0x20) == '{' || (c | 0x20) == '}';
}

/* Reads the string whose opening quote is at i; returns the index after it. */
static size_t json_scan_string(JsonReader *r, size_t i)
{
    const unsigned char *t = (const unsigned char *)r->text;
    size_t n = r->size, j = i + 1;
    bool broken = false;
    while (j < n) {
        unsigned char c = t[j];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            if (json_bracket(c))
                json_patch(r, j, '_');
            j++;
        } else if (c == '"') {
            return j + 1;
        } else if (c == '\\') {
            j = json_scan_escape(r, j);
        } else if (c < 0x20) {
            bool told = json_lex_error(r, j, j + 1, json_control_message(r, c));
            broken |= told && (c == '\n' || c == '\r');
            json_patch(r, j, ' ');
            j++;
        } else {
            j = json_scan_utf8(r, j, true);
        }
    }
    /* after a line break inside it, that is the message to act on */
    json_fail(r, (uint32_t)i, (uint32_t)i + 1,
              broken ? NULL : "JSON syntax error: unterminated string (missing closing '\"')");
    return n;
}

/* Shows tree-sitter [i, j) as spaces. */
static void json_blank_out(JsonReader *r, size_t i, size_t j)
{
    json_patch(r, i, ' ');
    memset(r->view + i, ' ', j - i);
}

/* Reads the comment at i ("//" or "/ *"); returns the index after it. It is
 * blanked out of the view. */
static size_t json_scan_comment(JsonReader *r, size_t i)
{
    const unsigned char *t = (const unsigned char *)r->text;
    size_t n = r->size, j = i + 2;
    bool line = t[i + 1] == '/', closed = line;
    while (j < n) {
        if (line && t[j] == '\n')
            break;
        if (!line && t[j] == '*' && j + 1 < n && t[j + 1] == '/') {
            j += 2;
            closed = true;
            break;
        }
        j = t[j] < 0x80 ? j + 1 : json_scan_utf8(r, j, true);
    }
    if (!closed) {
        json_fail(r, (uint32_t)i, (uint32_t)i + 2,
                  "JSON syntax error: unclosed comment (and comments are not allowed in JSON)");
        json_blank_out(r, i, n);
        return n;
    }
    if (!r->comment_done) {
        r->comment_done = true;
        json_syntax(r, (uint32_t)i, (uint32_t)j, "comments are not allowed in JSON");
    }
    json_blank_out(r, i, j);
    return j;
}

/* Skips white space and comments from i; returns the next token's offset. */
static size_t json_skip_blank(JsonReader *r, size_t i)
{
    const unsigned char *t = (const unsigned char *)r->text;
    while (i < r->size && !r->failed) {
        unsigned char c = t[i];
        if (json_blank(c)) {
            i++;
        } else if (c == '\v' || c == '\f') {
            json_lex_error(r, i, i + 1,
                           arena_printf(r->a, "JSON syntax error: control character 0x%02X is not "
                                              "JSON white space", c));
            i++;
        } else if (c == '/' && i + 1 < r->size && (t[i + 1] == '/' || t[i + 1] == '*')) {
            i = json_scan_comment(r, i);
        } else {
            break;
        }
    }
    return i;
}

static void json_bad_number(JsonReader *r, size_t i, const char *why)
{
    size_t j = i;
    while (j < r->size && (json_digit((unsigned char)r->text[j]) || json_in(r->text[j], "+-.eE")))
        j++;
    const char *s = json_snippet(r, (uint32_t)i, (uint32_t)(j - i));
    json_fail(r, (uint32_t)i, (uint32_t)j,
              arena_printf(r->a, "JSON syntax error: invalid number '%s'%s", s, why));
}

static size_t json_scan_digits(const JsonReader *r, size_t j)
{
    while (j < r->size && json_digit((unsigned char)r->text[j]))
        j++;
    return j;
}

/* Reads the number at i (RFC 8259 section 6); returns its end. */
static size_t json_scan_number(JsonReader *r, size_t i)
{
    const char *t = r->text;
    size_t n = r->size, j = i + (t[i] == '-');
    if (j < n && t[j] == '0') {
        if (++j < n && json_digit((unsigned char)t[j])) {
            json_bad_number(r, i, ": leading zeros are not allowed");
            return j;
        }
    } else if (j < n && json_digit((unsigned char)t[j])) {
        j = json_scan_digits(r, j);
    } else {
        json_bad_number(r, i, "");
        return j;
    }
    if (j < n && t[j] == '.') {
        size_t d = ++j;
        if ((j = json_scan_digits(r, j)) == d) {
            json_bad_number(r, i, ": a digit must follow '.'");
            return j;
        }
    }
    if (j < n && (t[j] == 'e' || t[j] == 'E')) {
        if (++j < n && t[j] == '+')
            json_patch(r, j, '0');      /* the grammar has no '+' here */
        j += j < n && (t[j] == '+' || t[j] == '-');
        size_t d = j;
        if ((j = json_scan_digits(r, j)) == d)
            json_bad_number(r, i, ": the exponent needs digits");
    }
    return j;
}

/* The hint for a word people carry over from other languages. */
static const char *json_hint(const char *word)
{
    static const char *const lits[] = {"true", "false", "null", "none", "nil"};
    if (word[0] == '\'')
        return " (JSON strings use double quotes)";
    for (size_t i = 0; i < sizeof lits / sizeof lits[0]; i++)
        if (strcasecmp(word, lits[i]) == 0)
            return " (JSON literals are lowercase: true, false, null)";
    return NULL;
}

/* Reads the word at i; true, false and null are values, the rest an error. */
static size_t json_scan_word(JsonReader *r, size_t i)
{
    size_t j = i;
    while (j < r->size && (json_letter((unsigned char)r->text[j]) ||
                           json_digit((unsigned char)r->text[j]) || r->text[j] == '_'))
        j++;
    size_t len = j - i;
    const char *w = r->text + i;
    if ((len == 4 && memcmp(w, "true", 4) == 0) || (len == 5 && memcmp(w, "false", 5) == 0) ||
        (len == 4 && memcmp(w, "null", 4) == 0))
        return j;
    const char *s = json_snippet(r, (uint32_t)i, (uint32_t)len);
    const char *hint = json_hint(s);
    json_fail(r, (uint32_t)i, (uint32_t)j,
              arena_printf(r->a, "JSON syntax error: unexpected '%s'%s", s,
                           hint ? hint : " (strings need double quotes)"));
    return j;
}

/* --- the syntax check ---------------------------------------------------- */

/* Where json_check is: the kind of the last token read. */
typedef struct JsonCheck {
    char last;          /* 0 at the start, '{' '[' ',' ':', 'k' after a key, 'v' after a value */
    uint32_t start, end;    /* span of the last token */
} JsonCheck;

static char json_top(const JsonReader *r)
{
    return r->nopen ? r->open[r->nopen - 1] : 0;
}

static bool json_wants_value(const JsonReader *r, char last)
{
    return last == 0 || last == '[' || last == ':' || (last == ',' && json_top(r) == '[');
}

static bool json_wants_key(const JsonReader *r, char last)
{
    return last == '{' || (last == ',' && json_top(r) == '{');
}

/* What may come after `last`, for messages. */
static const char *json_expected(const JsonReader *r, char last)
{
    char top = json_top(r);
    switch (last) {
    case '{': return "a \"key\" or '}'";
    case '[': return "a value or ']'";
    case ',': return top == '{' ? "a \"key\"" : "a value";
    case 'k': return "':'";
    case 'v': return top == '{' ? "',' or '}'" : top == '[' ? "',' or ']'" : "the end of input";
    default: return "a value";
    }
}

/* Pushes the bracket at i; false when that is deeper than max_depth. */
static bool json_open(JsonReader *r, size_t i)
{
    if (r->nopen >= r->lim->max_depth) {
        json_depth_limit(r, (uint32_t)i);
        return false;
    }
    if (r->nopen == r->capopen) {
        r->capopen = r->capopen ? r->capopen * 2 : 64;
        r->open = xrealloc(r->open, r->capopen);
    }
    r->open[r->nopen++] = r->text[i];
    return true;
}

/* The message for an unexpected character that is not a token. */
static const char *json_odd_char(JsonReader *r, size_t i, const char *expected)
{
    const unsigned char *t = (const unsigned char *)r->text + i;
    if (t[0] < 0x20 || t[0] == 0x7F)
        return arena_printf(r->a, "JSON syntax error: unexpected control character 0x%02X "
                                  "(expected %s)", t[0], expected);
    size_t n = json_utf8_len(t, r->size - i);
    uint32_t cp = t[0] & (0x7F >> n);
    for (size_t k = 1; k < n; k++)
        cp = cp << 6 | (t[k] & 0x3F);
    return arena_printf(r->a, "JSON syntax error: unexpected character U+%04X (expected %s)",
                        cp, expected);
}

/* The common mistakes, named where the fix goes: a missing ',' or ':', a
 * trailing ',', a missing value. True when the token at i is one. */
static bool json_named_mistake(JsonReader *r, const JsonCheck *c, size_t i, const char *tok)
{
    char ch = r->text[i];
    if (c->last == 'v' && json_top(r) && json_value_start(ch))
        json_fail(r, c->end, c->end,
                  arena_printf(r->a, "JSON syntax error: missing ',' before '%s'", tok));
    else if (c->last == 'k')
        json_fail(r, c->end, c->end,
                  arena_printf(r->a, "JSON syntax error: missing ':' after key '%s'",
                               json_snippet(r, c->start, c->end - c->start)));
    else if (c->last == ',' && (ch == '}' || ch == ']'))
        json_fail(r, c->start, c->end,
                  arena_printf(r->a, "JSON syntax error: trailing ',' before '%c' is not allowed",
                               ch));
    else if (c->last == ':' && json_in(ch, "}],"))
        json_fail(r, c->end, c->end, "JSON syntax error: missing value");
    else
        return false;
    return true;
}

/* The token at i is not what the grammar wants after c->last. */
static size_t json_unexpected(JsonReader *r, const JsonCheck *c, size_t i)
{
    uint32_t at = (uint32_t)i, end = json_token_end(r, at);
    unsigned char ch = (unsigned char)r->text[i];
    const char *tok = json_snippet(r, at, end - at), *hint = json_hint(tok), *msg;
    if (json_named_mistake(r, c, i, tok))
        return i + 1;
    if (ch >= 0x80 && !json_utf8_len((const unsigned char *)r->text + i, r->size - i)) {
        json_scan_utf8(r, i, false);            /* reports it */
        msg = NULL;
    } else if (c->last == 'v' && !json_top(r) && json_value_start((char)ch)) {
        msg = "JSON syntax error: unexpected content after the JSON value";
    } else if (ch < 0x20 || ch >= 0x7F) {
        msg = json_odd_char(r, i, json_expected(r, c->last));
    } else if (hint) {
        msg = arena_printf(r->a, "JSON syntax error: unexpected '%s'%s", tok, hint);
    } else {
        msg = arena_printf(r->a, "JSON syntax error: unexpected '%s' (expected %s)", tok,
                           json_expected(r, c->last));
    }
    json_fail(r, at, end, msg);
    return i + 1;
}

static size_t json_took(JsonReader *r, JsonCheck *c, size_t start, size_t end, char kind)
{
    if (kind == 'v' || kind == '{' || kind == '[')
        r->clean = (uint32_t)end;
    c->last = kind;
    c->start = (uint32_t)start;
    c->end = (uint32_t)end;
    return end;
}

/* A closing bracket at i. */
static size_t json_check_close(JsonReader *r, JsonCheck *c, size_t i)
{
    char want = r->text[i] == '}' ? '{' : '[';
    if (json_top(r) != want || (c->last != 'v' && c->last != want))
        return json_unexpected(r, c, i);
    r->nopen--;
    return json_took(r, c, i, i + 1, 'v');
}

/* Checks the token at i; returns the index after it, or JSON_STOP. */
static size_t json_check_token(JsonReader *r, JsonCheck *c, size_t i)
{
    char ch = r->text[i];
    if (ch == '"' && json_wants_key(r, c->last))
        return json_took(r, c, i, json_scan_string(r, i), 'k');
    if (ch == '}' || ch == ']')
        return json_check_close(r, c, i);
    if (ch == ',' && c->last == 'v' && json_top(r))
        return json_took(r, c, i, i + 1, ',');
    if (ch == ':' && c->last == 'k')
        return json_took(r, c, i, i + 1, ':');
    if (!json_wants_value(r, c->last))
        return json_unexpected(r, c, i);
    if (ch == '"')
        return json_took(r, c, i, json_scan_string(r, i), 'v');
    if (ch == '{' || ch == '[')
        return json_open(r, i) ? json_took(r, c, i, i + 1, ch) : JSON_STOP;
    if (ch == '-' || json_digit((unsigned char)ch))
        return json_took(r, c, i, json_scan_number(r, i), 'v');
    if (json_letter((unsigned char)ch))
        return json_took(r, c, i, json_scan_word(r, i), 'v');
    return json_unexpected(r, c, i);
}

/* The end of input: complete, empty, or cut short. */
static void json_check_end(JsonReader *r, const JsonCheck *c)
{
    char top = json_top(r);
    if (c->last == 0 || (c->last == 'v' && !top))
        return;
    const char *msg = (c->last == 'v' || c->last == '{' || c->last == '[')
        ? arena_printf(r->a, "JSON syntax error: unexpected end of input (missing '%c')",
                       top == '{' ? '}' : ']')
        : arena_printf(r->a, "JSON syntax error: unexpected end of input (expected %s)",
                       json_expected(r, c->last));
    json_fail(r, r->last_sig, r->last_sig, msg);
}

/* Reads the whole text as strict JSON (see the top of the file); false
 * when nesting is too deep to parse. */
static bool json_check(JsonReader *r)
{
    JsonCheck c = {0};
    size_t i = r->size >= 3 && memcmp(r->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (;;) {
        i = json_skip_blank(r, i);
        if (r->failed)
            return true;
        if (i >= r->size) {
            json_check_end(r, &c);
            return true;
        }
        i = json_check_token(r, &c, i);
        if (i == JSON_STOP)
            return false;
        if (r->failed)
            return true;
    }
}

/* --- tree errors (only when json_check found none) ----------------------- */

/* True for the first tree error, when json_check reported nothing. */
static bool json_tree_error_open(JsonReader *r)
{
    if (r->tree_done || r->failed)
        return false;
    r->tree_done = true;
    return true;
}

static void json_report_missing(JsonReader *r, TSNode n)
{
    if (!json_tree_error_open(r))
        return;
    uint32_t at = ts_node_start_byte(n);
    json_syntax(r, at, at, ts_node_is_named(n) ? "JSON syntax error: missing value"
                           : arena_printf(r->a, "JSON syntax error: missing '%s'", ts_node_type(n)));
}

static void json_report_error(JsonReader *r, TSNode e)
{
    if (!json_tree_error_open(r))
        return;
    Span sp = json_span(r, e);
    uint32_t end = sp.end > sp.start ? sp.end : json_token_end(r, sp.start);
    json_syntax(r, sp.start, end, arena_printf(r->a, "JSON syntax error: unexpected '%s'",
                                               json_snippet(r, sp.start, end - sp.start)));
}

/* --- building nodes ------------------------------------------------------ */

/* Counts one node; false (and stop) at the max_nodes limit. */
static bool json_take_node(JsonReader *r, uint32_t at)
{
    if (r->nodes >= r->lim->max_nodes) {
        if (!r->stop)
            json_limit(r, at, at,
                       arena_printf(r->a, "more than %llu nodes; stacklint stops reading here; "
                                          "the limit is set with --max-nodes",
                                    (unsigned long long)r->lim->max_nodes));
        r->stop = true;
        return false;
    }
    r->nodes++;
    return true;
}

static void json_scalar_limit(JsonReader *r, Span sp)
{
    json_limit(r, sp.start, sp.end,
               arena_printf(r->a, "value longer than %u bytes; stacklint keeps only the first %u; "
                                  "the limit is set with --max-string",
                            r->lim->max_scalar, r->lim->max_scalar));
}

static char *json_scratch(JsonReader *r, size_t n)
{
    if (n > r->capscratch) {
        free(r->scratch);
        r->capscratch = n > 2 * r->capscratch ? n : 2 * r->capscratch;
        r->scratch = xmalloc(r->capscratch);
    }
    return r->scratch;
}

static size_t json_put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes \uXXXX at p (and a following low surrogate); returns the end. A
 * lone or invalid surrogate, or bad hex, becomes U+FFFD. */
static const char *json_unescape_u(const char *p, const char *e, char *buf, size_t *k)
{
    int hi = json_hex4(p + 2, (size_t)(e - (p + 2)));
    if (hi < 0) {
        *k = json_put_utf8(buf, 0xFFFD);
        return p + 2;
    }
    if (hi >= 0xD800 && hi <= 0xDBFF && e - p >= 12 && p[6] == '\\' && p[7] == 'u') {
        int lo = json_hex4(p + 8, 4);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            *k = json_put_utf8(buf, 0x10000 + (((uint32_t)hi - 0xD800) << 10) +
                                        ((uint32_t)lo - 0xDC00));
            return p + 12;
        }
    }
    *k = json_put_utf8(buf, hi >= 0xD800 && hi <= 0xDFFF ? 0xFFFD : (uint32_t)hi);
    return p + 6;
}

/* Decodes the escape at p (a backslash) into buf; returns the end. */
static const char *json_unescape(const char *p, const char *e, char *buf, size_t *k)
{
    *k = 0;
    if (p + 1 >= e)
        return e;
    char c = p[1];
    switch (c) {
    case 'b': buf[0] = '\b'; break;
    case 'f': buf[0] = '\f'; break;
    case 'n': buf[0] = '\n'; break;
    case 'r': buf[0] = '\r'; break;
    case 't': buf[0] = '\t'; break;
    case 'u': return json_unescape_u(p, e, buf, k);
    default:
        if ((unsigned char)c >= 0x80)   /* bad escape: let the caller copy the character */
            return p + 1;
        buf[0] = c;                     /* \" \\ \/, and the bad escapes already reported */
    }
    *k = 1;
    return p + 2;
}

/* Decodes the next unit of string content at p into buf. */
static const char *json_decode_unit(const char *p, const char *e, char *buf, size_t *k)
{
    if (*p == '\\')
        return json_unescape(p, e, buf, k);
    size_t m = json_utf8_len((const unsigned char *)p, (size_t)(e - p));
    if (!m) {
        *k = json_put_utf8(buf, 0xFFFD);
        return p + 1;
    }
    memcpy(buf, p, m);
    *k = m;
    return p + m;
}

/* A string with escapes or non-ASCII bytes, decoded into the scratch buffer. */
static Node *json_string_slow(JsonReader *r, const char *p, const char *e, Span sp)
{
    size_t max = r->lim->max_scalar, cap = (size_t)(e - p) * 3 + 4;
    char *out = json_scratch(r, cap < max + 4 ? cap : max + 4);
    size_t len = 0;
    bool cut = false;
    while (p < e && *p != '"' && !cut) {
        const char *q = p;
        while (q < e && *q != '"' && *q != '\\' && (unsigned char)*q < 0x80)
            q++;
        size_t run = (size_t)(q - p);
        if (run) {
            cut = len + run > max;
            run = cut ? max - len : run;
            memcpy(out + len, p, run);
            len += run;
            p = q;
            continue;
        }
        char buf[4];
        size_t k;
        const char *next = json_decode_unit(p, e, buf, &k);
        cut = len + k > max;
        if (!cut) {
            memcpy(out + len, buf, k);
            len += k;
            p = next;
        }
    }
    if (cut)
        json_scalar_limit(r, sp);
    return node_new_scalar(r->a, out, len, SCALAR_QUOTED, sp);
}

static Node *json_string(JsonReader *r, Span sp)
{
    const char *p = r->text + sp.start + 1, *e = r->text + sp.end;
    const char *q = p;
    while (q < e && *q != '"' && *q != '\\' && (unsigned char)*q < 0x80)
        q++;
    if (q < e && *q != '"')
        return json_string_slow(r, p, e, sp);
    size_t len = (size_t)(q - p);
    if (len > r->lim->max_scalar) {
        json_scalar_limit(r, sp);
        len = r->lim->max_scalar;
    }
    return node_new_scalar(r->a, p, len, SCALAR_QUOTED, sp);
}

static Node *json_scalar(JsonReader *r, TSNode n, TSSymbol sym)
{
    Span sp = json_span(r, n);
    if (!json_take_node(r, sp.start))
        return NULL;
    if (sym == r->g->string)
        return json_string(r, sp);
    size_t len = sp.end - sp.start;
    if (len > r->lim->max_scalar) {
        json_scalar_limit(r, sp);
        len = r->lim->max_scalar;
    }
    return node_new_scalar(r->a, r->text + sp.start, len, SCALAR_PLAIN, sp);
}

static Node *json_container(JsonReader *r, TSNode n, NodeKind kind, uint32_t *cap)
{
    Span sp = json_span(r, n);
    if (r->depth >= r->lim->max_depth) {
        json_depth_limit(r, sp.start);
        return NULL;
    }
    if (!json_take_node(r, sp.start))
        return NULL;
    Node *c = arena_calloc(r->a, 1, sizeof *c);
    c->kind = (uint8_t)kind;
    c->span = sp;
    *cap = ts_node_named_child_count(n);    /* exact unless there are errors */
    if (*cap && kind == NODE_MAP)
        c->u.entries = arena_alloc(r->a, *cap * sizeof *c->u.entries);
    else if (*cap)
        c->u.items = arena_alloc(r->a, *cap * sizeof *c->u.items);
    return c;
}

/* Makes room for one more entry / item in a container frame. */
static void json_grow(JsonReader *r, JsonFrame *f)
{
    if (f->node->len < f->cap)
        return;
    uint32_t cap = f->cap ? f->cap * 2 : 4;
    size_t sz = f->kind == JF_MAP ? sizeof(MapEntry) : sizeof(Node *);
    void *mem = arena_alloc(r->a, cap * sz);
    if (f->node->len)
        memcpy(mem, f->kind == JF_MAP ? (void *)f->node->u.entries : (void *)f->node->u.items,
               f->node->len * sz);
    if (f->kind == JF_MAP)
        f->node->u.entries = mem;
    else
        f->node->u.items = mem;
    f->cap = cap;
}

static void json_add_entry(JsonReader *r, JsonFrame *map, Node *key, Node *value)
{
    json_grow(r, map);
    MapEntry *e = &map->node->u.entries[map->node->len++];
    e->key = key;
    e->value = value;
}

/* Puts node v where frame ti wants it. */
static void json_attach(JsonReader *r, uint32_t ti, Node *v)
{
    JsonFrame *t = &r->frames[ti];
    if (t->kind == JF_DOC) {
        r->doc->root = v;
    } else if (t->kind == JF_SEQ) {
        json_grow(r, t);
        t->node->u.items[t->node->len++] = v;
    } else if (t->kind == JF_PAIR) {
        t->value = v;
        json_add_entry(r, &r->frames[t->map], t->key, v);
    }
}

/* --- the walk ------------------------------------------------------------ */

static uint32_t json_push(JsonReader *r, uint8_t kind, uint32_t target)
{
    if (r->nframes == r->capframes) {
        r->capframes = r->capframes ? r->capframes * 2 : 64;
        r->frames = xrealloc(r->frames, r->capframes * sizeof *r->frames);
    }
    uint32_t i = r->nframes++;
    memset(&r->frames[i], 0, sizeof r->frames[i]);
    r->frames[i].kind = kind;
    r->frames[i].target = kind == JF_ERROR ? target : i;
    r->frames[i].map = target;
    return i;
}

/* Closes the innermost frame. */
static void json_pop(JsonReader *r)
{
    JsonFrame *f = &r->frames[--r->nframes];
    if (f->kind == JF_MAP || f->kind == JF_SEQ)
        r->depth--;
    if (f->kind == JF_MAP)
        node_check_duplicate_keys(r->a, r->doc, f->node);
    if (f->kind == JF_PAIR && f->key && !f->value && json_take_node(r, f->key->span.end)) {
        /* a key whose value could not be read keeps a placeholder */
        Span at = {f->key->span.end, f->key->span.end};
        Node *v = node_new_scalar(r->a, "", 0, SCALAR_PLAIN, at);
        v->flags |= NODE_INVALID;
        json_add_entry(r, &r->frames[f->map], f->key, v);
    }
}

/* An ERROR node: looked through inside an object or array, else skipped. */
static bool json_visit_error(JsonReader *r, TSNode n, uint32_t fi)
{
    uint32_t ti = r->frames[fi].target;
    int ctx = r->frames[ti].kind;
    json_report_error(r, n);
    if (ctx == JF_DOC)
        r->frames[ti].broken = true;
    if (ctx != JF_MAP && ctx != JF_SEQ)
        return false;
    json_push(r, JF_ERROR, ti);
    return true;
}

static bool json_visit_container(JsonReader *r, TSNode n, TSSymbol sym, uint32_t ti)
{
    bool map = sym == r->g->object;
    uint32_t cap = 0;
    Node *c = json_container(r, n, map ? NODE_MAP : NODE_SEQ, &cap);
    if (!c)
        return false;
    json_attach(r, ti, c);
    uint32_t i = json_push(r, map ? JF_MAP : JF_SEQ, 0);
    r->frames[i].node = c;
    r->frames[i].cap = cap;
    r->depth++;
    return true;
}

static bool json_visit_value(JsonReader *r, const TSTreeCursor *cur, TSNode n, TSSymbol sym,
                             uint32_t fi)
{
    uint32_t ti = r->frames[fi].target;
    JsonFrame *t = &r->frames[ti];
    if (t->kind == JF_MAP)          /* a bare value inside an object: error recovery */
        return false;
    bool container = sym == r->g->object || sym == r->g->array;
    if (t->kind == JF_DOC && (r->doc->root || (t->broken && !container)))
        return false;           /* json_check reported the second value */
    if (t->kind == JF_PAIR) {
        TSFieldId field = ts_tree_cursor_current_field_id(cur);
        if (field == r->g->key && sym == r->g->string && !t->key) {
            t->key = json_scalar(r, n, sym);
            return false;
        }
        if (field != r->g->value || !t->key || t->value)
            return false;
    }
    if (container)
        return json_visit_container(r, n, sym, ti);
    Node *s = json_scalar(r, n, sym);
    if (s)
        json_attach(r, ti, s);
    return false;
}

/* Handles the node under the cursor, in frame fi; true to descend into it. */
static bool json_visit_node(JsonReader *r, const TSTreeCursor *cur, TSNode n, uint32_t fi)
{
    if (ts_node_is_missing(n)) {
        json_report_missing(r, n);
        return false;
    }
    TSSymbol sym = ts_node_symbol(n);
    if (sym == JSON_SYM_ERROR)
        return json_visit_error(r, n, fi);
    if (!ts_node_is_named(n))
        return false;
    if (sym == r->g->pair) {
        uint32_t ti = r->frames[fi].target;
        if (r->frames[ti].kind != JF_MAP)
            return false;
        json_push(r, JF_PAIR, ti);
        return true;
    }
    if (json_is_value(r->g, sym))
        return json_visit_value(r, cur, n, sym, fi);
    return false;
}

/* Moves to the next node in document order, closing frames on the way up. */
static bool json_next(JsonReader *r, TSTreeCursor *cur)
{
    while (!ts_tree_cursor_goto_next_sibling(cur)) {
        if (!ts_tree_cursor_goto_parent(cur))
            return false;
        json_pop(r);
    }
    return true;
}

static void json_walk(JsonReader *r, TSNode root)
{
    if (ts_node_symbol(root) == JSON_SYM_ERROR) {
        json_report_error(r, root);
        return;
    }
    TSTreeCursor cur = ts_tree_cursor_new(root);
    json_push(r, JF_DOC, 0);
    bool more = ts_tree_cursor_goto_first_child(&cur);
    while (more && !r->stop) {     /* pre-order; a visit that pushed a frame descends */
        if (json_visit_node(r, &cur, ts_tree_cursor_current_node(&cur), r->nframes - 1)) {
            if (ts_tree_cursor_goto_first_child(&cur))
                continue;
            json_pop(r);
        }
        more = json_next(r, &cur);
    }
    ts_tree_cursor_delete(&cur);
}

/* --- entry point --------------------------------------------------------- */

/* --- incremental reparsing (ParseCache, node.h) ---------------------------- */

struct ParseCache {
    TSTree *tree;       /* the tree of the last reading, or NULL */
    char *view;         /* the bytes it was parsed from */
    uint32_t size, cap;
};

ParseCache *parse_cache_new(void)
{
    ParseCache *c = xmalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    return c;
}

static void parse_cache_clear(ParseCache *c)
{
    if (c && c->tree) {
        ts_tree_delete(c->tree);
        c->tree = NULL;
    }
}

void parse_cache_free(ParseCache *c)
{
    if (!c)
        return;
    parse_cache_clear(c);
    free(c->view);
    free(c);
}

/* The row and byte column of offset `at`, as tree-sitter counts them
 * (rows end at '\n'). */
static TSPoint json_point(const char *s, uint32_t at)
{
    TSPoint pt = {0, 0};
    uint32_t line = 0;
    for (const char *p = s, *end = s + at; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
        pt.row++;
        line = (uint32_t)(p - s) + 1;
    }
    pt.column = at - line;
    return pt;
}

/* Tells the cached tree what changed between its bytes and the new ones:
 * one edit from the end of their common prefix to the start of their common
 * suffix. */
static void json_cache_edit(ParseCache *c, const char *nv, uint32_t nsize)
{
    uint32_t min = c->size < nsize ? c->size : nsize, pre = 0, suf = 0;
    while (pre < min && c->view[pre] == nv[pre])
        pre++;
    while (suf < min - pre && c->view[c->size - 1 - suf] == nv[nsize - 1 - suf])
        suf++;
    if (pre == c->size && pre == nsize)
        return;     /* the same bytes */
    TSInputEdit e = {
        .start_byte = pre,
        .old_end_byte = c->size - suf,
        .new_end_byte = nsize - suf,
        .start_point = json_point(c->view, pre),
        .old_end_point = json_point(c->view, c->size - suf),
        .new_end_point = json_point(nv, nsize - suf),
    };
    ts_tree_edit(c->tree, &e);
}

/* Keeps the tree of a complete, error-free parse and its bytes. */
static void json_cache_keep(ParseCache *c, TSTree *tree, const char *view, uint32_t size)
{
    parse_cache_clear(c);
    if (size > c->cap) {
        free(c->view);
        c->view = xmalloc(size);
        c->cap = size;
    }
    memcpy(c->view, view, size);
    c->size = size;
    c->tree = tree;
}

/* Parses the view up to r->view_size within budget_us; NULL on time-out.
 * With a cached tree (only for a view that json_check accepted whole), the
 * parse is incremental from it. */
static TSTree *json_ts_parse(const JsonGrammar *g, const JsonReader *r, uint64_t budget_us,
                             ParseCache *cache)
{
    const char *view = r->view ? r->view : r->text;
    TSTree *old = NULL;
    if (cache && cache->tree) {
        json_cache_edit(cache, view, r->view_size);
        old = cache->tree;
    }
    ts_parser_set_timeout_micros(g->parser, budget_us);
    TSTree *tree = ts_parser_parse_string(g->parser, old, view, r->view_size);
    if (!tree)
        ts_parser_reset(g->parser);     /* else the next parse would resume this one */
    return tree;
}

/* Makes the view the valid prefix [0, cut) followed by the closing brackets
 * still open there, so tree-sitter parses it with no error recovery at all.
 * False when the prefix holds nothing. */
static bool json_make_prefix(JsonReader *r)
{
    uint64_t n = (uint64_t)r->cut + r->nopen;
    if (r->cut == 0 || n >= UINT32_MAX)
        return false;
    char *v = xmalloc((size_t)n);
    memcpy(v, r->view ? r->view : r->text, r->cut);
    for (uint32_t k = 0; k < r->nopen; k++)
        v[r->cut + k] = r->open[r->nopen - 1 - k] == '{' ? '}' : ']';
    free(r->view);
    r->view = v;
    r->view_size = (uint32_t)n;
    r->clamp = r->cut;
    return true;
}

static void json_parse(JsonReader *r, ParseCache *cache)
{
    const JsonGrammar *g = json_grammar_get();
    if (!g->ok) {
        json_syntax(r, 0, 0, "internal: JSON grammar rejected by tree-sitter runtime");
        return;
    }
    r->g = g;
    uint64_t budget = JSON_PARSE_BASE_US + (uint64_t)r->size * JSON_PARSE_NS_PER_BYTE / 1000u;
    TSTree *tree = NULL;
    /* only a file json_check accepts is parsed from (and kept in) the cache:
     * a broken one takes the recovery or prefix path below */
    if (r->failed)
        parse_cache_clear(cache);
    /* a broken file: recovered whole when small, else only its valid
     * prefix is parsed (see the top) */
    if (!r->failed || r->size <= JSON_RECOVER_MAX_BYTES)
        tree = json_ts_parse(g, r, budget, r->failed ? NULL : cache);
    if (!tree && r->failed) {
        if (!json_make_prefix(r))
            return;
        tree = json_ts_parse(g, r, budget, NULL);
    }
    if (!tree) {
        parse_cache_clear(cache);
        json_limit(r, 0, 0,
                   arena_printf(r->a, "JSON parse did not finish in %.1f s; stacklint stops "
                                      "reading here", (double)budget / 1e6));
        return;
    }
    json_walk(r, ts_tree_root_node(tree));
    if (cache && !r->failed)
        json_cache_keep(cache, tree, r->view ? r->view : r->text, r->view_size);
    else
        ts_tree_delete(tree);
}

void json_read(Arena *a, const char *text, size_t size, const ParseLimits *lim, Document *doc)
{
    json_read_cached(a, text, size, lim, doc, NULL);
}

void json_read_cached(Arena *a, const char *text, size_t size, const ParseLimits *lim,
                      Document *doc, ParseCache *cache)
{
    memset(doc, 0, sizeof *doc);
    doc->format = FORMAT_JSON;
    doc->text = text;
    doc->size = size;
    doc->limits = lim ? lim : &PARSE_LIMITS_DEFAULT;
    if (size >= UINT32_MAX) {
        doc_issue(a, doc, ISSUE_LIMIT, 0, 0, "file of 4 GiB or more; stacklint does not read it");
        return;
    }
    JsonReader r = {.a = a, .doc = doc, .lim = lim ? lim : &PARSE_LIMITS_DEFAULT,
                    .text = text, .size = (uint32_t)size, .clamp = UINT32_MAX};
    r.last_sig = r.view_size = r.size;
    while (r.last_sig > 0 && json_blank((unsigned char)text[r.last_sig - 1]))
        r.last_sig--;
    if (r.last_sig > 0 && json_check(&r))
        json_parse(&r, cache);
    else
        parse_cache_clear(cache);
    doc->node_count = r.nodes;
    free(r.view);
    free(r.open);
    free(r.frames);
    free(r.scratch);
}
