/*
 * test_lsp_lines.c — the language server's line starts (src/lsp_lines.c)
 * stay what base/source.c's linetable_build() computes, through random
 * edits of text full of "\n", "\r\n" and lone "\r" (including edits that
 * split or join a "\r\n").
 */
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "lsp_lines.h"
#include "../base/source.h"
#include "unit.h"

static unsigned rnd_state = 12345;
static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 16) % n;
}

static void random_text(char *buf, size_t n)
{
    static const char alphabet[] = "ab\n\r\r\n x";
    for (size_t i = 0; i < n; i++)
        buf[i] = alphabet[rnd(sizeof alphabet - 1)];
}

/* Whether l equals a fresh linetable_build of text; prints the first difference. */
static int same_as_build(const Lines *l, const char *text, size_t size)
{
    Arena a;
    arena_init(&a);
    LineTable t;
    linetable_build(&a, &t, text, size);
    int ok = t.count == l->count && memcmp(t.starts, l->starts, t.count * sizeof *t.starts) == 0;
    if (!ok)
        printf("#   %u lines built, %u maintained\n", t.count, l->count);
    arena_free(&a);
    return ok;
}

static void test_build(void)
{
    TEST("lines_build matches linetable_build") {
        const char *cases[] = {"", "a", "\n", "\r", "\r\n", "a\r\nb\rc\nd", "\n\n\r\r\n\r", "x\r"};
        Lines l = {0};
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            lines_build(&l, cases[i], strlen(cases[i]));
            CHECK(same_as_build(&l, cases[i], strlen(cases[i])), "case %zu", i);
        }
        lines_free(&l);
    }
}

static void test_random_edits(void)
{
    TEST("lines_splice matches linetable_build after 20,000 random edits") {
        size_t cap = 1 << 16, len = 200;
        char *text = malloc(cap), ins[16];
        random_text(text, len);
        Lines l = {0};
        lines_build(&l, text, len);
        int bad = 0;
        for (int round = 0; round < 20000 && !bad; round++) {
            uint32_t a = rnd((unsigned)len + 1);
            uint32_t b = a + rnd((unsigned)(len - a) < 6 ? (unsigned)(len - a) + 1 : 6);
            uint32_t n = rnd(5);
            if (len - (b - a) + n + 1 > cap || (len > 2000 && n > b - a))
                n = 0;
            random_text(ins, n);
            memmove(text + a + n, text + b, len - b);
            memcpy(text + a, ins, n);
            len = len - (b - a) + n;
            lines_splice(&l, text, len, a, b, n);
            if (!same_as_build(&l, text, len)) {
                CHECK(0, "round %d: replaced [%u, %u) with %u bytes", round, a, b, n);
                bad = 1;
            }
        }
        lines_free(&l);
        free(text);
    }
}

int main(void)
{
    test_build();
    test_random_edits();
    return unit_done();
}
