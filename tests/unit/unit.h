/*
 * unit.h — the minimal harness the C unit tests share.
 *
 * Each test binary calls CHECK for every assertion, grouped by TEST; it
 * prints "ok - name" or "not ok - name: why" per TEST and exits non-zero when
 * any failed. tests/run counts these lines.
 */
#ifndef STACKLINT_UNIT_H
#define STACKLINT_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed_total, unit_passed_total, unit_cur_failed, unit_open;
static const char *unit_cur_name;

static inline void unit_end(void);

#define TEST(name) \
    for (int unit_once = (unit_begin(name), 1); unit_once; unit_once = 0, unit_end())

/* A `break` out of a TEST body skips the loop's unit_end(): the next
 * unit_begin() or unit_done() ends such a test, so it is never lost. */
static inline void unit_begin(const char *name)
{
    if (unit_open)
        unit_end();
    unit_open = 1;
    unit_cur_name = name;
    unit_cur_failed = 0;
}

static inline void unit_end(void)
{
    if (!unit_open)
        return;
    unit_open = 0;
    if (unit_cur_failed) {
        unit_failed_total++;
        printf("not ok - %s\n", unit_cur_name);
    } else {
        unit_passed_total++;
        printf("ok - %s\n", unit_cur_name);
    }
}

#define CHECK(cond, ...)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            unit_cur_failed = 1;                                               \
            printf("#   %s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
            printf(__VA_ARGS__);                                               \
            printf("\n");                                                      \
        }                                                                      \
    } while (0)

#define CHECK_EQ_INT(a, b) \
    CHECK((long long)(a) == (long long)(b), "%s = %lld, expected %lld", #a, (long long)(a), (long long)(b))
#define CHECK_EQ_STR(a, b)                                                      \
    do {                                                                        \
        const char *unit_a = (a), *unit_b = (b);                                \
        CHECK(unit_a && unit_b && strcmp(unit_a, unit_b) == 0, "%s = \"%s\", expected \"%s\"", \
              #a, unit_a ? unit_a : "(null)", unit_b ? unit_b : "(null)");      \
    } while (0)

static inline int unit_done(void)
{
    unit_end();
    return unit_failed_total ? 1 : 0;
}

#endif
