/* check: a minimal table-friendly test harness. CHECK records a failure and continues;
 * check_done() prints "N passed, N failed" and returns the exit status. */
#pragma once
#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (cond) {                                                             \
            check_passed++;                                                     \
        } else {                                                                \
            check_failed++;                                                     \
            fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                \
        }                                                                       \
    } while (0)

#define CHECK_STR(a, b, ctx)                                                            \
    CHECK((a) && (b) && strcmp((a), (b)) == 0, "%s: got \"%s\", want \"%s\"", (ctx),    \
          (a) ? (a) : "(null)", (b) ? (b) : "(null)")

static inline int check_done(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}
