/* Core helpers: bounded reads, symlink refusal, atomic writes, the fake clock. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/clock.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/utf8.h"
#include "core/xalloc.h"

/* Lines of f (rewound) that contain needle. */
static int lines_with(FILE *f, const char *needle)
{
    char line[512];
    int n = 0;
    rewind(f);
    while (fgets(line, sizeof line, f))
        n += strstr(line, needle) != NULL;
    return n;
}

/* The log's rate limit: an error repeating every frame (thousands of times) is one line a minute,
 * the next one carrying the count; another message still gets through; errors are all counted. */
static void test_log_rate(void)
{
    struct clock_fake fk = {.mono_ms = 1000, .wall = 0};
    struct clock_src clk = clock_fake_src(&fk);
    log_set_clock(&clk);
    log_set_level(LOG_INFO);
    FILE *f = tmpfile();
    fflush(stderr);
    int saved = dup(2);
    dup2(fileno(f), 2);
    unsigned long errors0 = log_error_count();
    for (int i = 0; i < 5000; i++) {
        log_msg(LOG_ERROR, "test", "frame failed: %d", i);
        fk.mono_ms += 10; /* 50 s of frames */
    }
    log_msg(LOG_WARN, "test", "something else");
    fk.mono_ms += 20000; /* past the minute */
    log_msg(LOG_ERROR, "test", "frame failed: %d", 5000);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    int n = lines_with(f, "frame failed");
    CHECK(n == LOG_BURST + 1, "5001 repeats in 70 s: %d lines (a burst, then one a minute)", n);
    char counted[64];
    snprintf(counted, sizeof counted, "repeated %d times", 5000 - LOG_BURST);
    CHECK(lines_with(f, counted) == 1, "the line after the minute counts what was held back");
    CHECK(lines_with(f, "something else") == 1, "another message is not held back");
    CHECK(log_error_count() - errors0 == 5001, "every error is counted (%lu)", log_error_count() - errors0);
    char last[256];
    CHECK(strcmp(log_last_error(last, sizeof last), "frame failed: 5000") == 0, "the last error's text: %s", last);
    fclose(f);
    log_set_clock(NULL);
}

/* The one decoder: valid forms decode, each invalid byte is one U+FFFD. */
static void test_utf8(void)
{
    static const struct {
        const char *s;
        uint32_t want[4];
        size_t n;
    } cases[] = {
        {"a", {0x61}, 1},
        {"\xC2\xB7", {0xB7}, 1},
        {"\xE6\x8B\x9B", {0x62DB}, 1},
        {"\xF0\x9F\x98\x80", {0x1F600}, 1},
        {"\xC0\xAF", {0xFFFD, 0xFFFD}, 2},         /* overlong */
        {"\xED\xA0\x80", {0xFFFD, 0xFFFD, 0xFFFD}, 3}, /* surrogate */
        {"\xE6\x8B", {0xFFFD, 0xFFFD}, 2},          /* cut short */
        {"\xFF", {0xFFFD}, 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t len = strlen(cases[c].s), i = 0, k = 0;
        bool ok = true;
        while (i < len && k < 4)
            ok &= utf8_next(cases[c].s, len, &i) == cases[c].want[k++];
        CHECK(ok && k == cases[c].n && i == len, "utf8 case %zu", c);
    }
}

int main(void)
{
    test_log_rate();
    test_utf8();
    char dir[] = "/tmp/lobbysign-test-core-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char *file = fs_join(dir, "a.txt"), *link = fs_join(dir, "link.txt");

    CHECK(fs_write_atomic(file, "hello", 5), "atomic write");
    char *buf;
    size_t len;
    CHECK(fs_read_file(file, 100, true, &buf, &len) == FS_OK && len == 5 && strcmp(buf, "hello") == 0,
          "read back");
    free(buf);
    CHECK(fs_write_atomic(file, "bye", 3), "atomic replace");
    CHECK(fs_read_file(file, 100, true, &buf, &len) == FS_OK && len == 3, "replaced length %zu", len);
    free(buf);

    struct {
        const char *what;
        const char *path;
        size_t max;
        bool nofollow;
        enum fs_status want;
    } cases[] = {
        {"too large", file, 2, true, FS_TOO_LARGE},
        {"exact bound", file, 3, true, FS_OK},
        {"missing", "/nonexistent/x", 10, true, FS_NOT_FOUND},
        {"directory", dir, 10, true, FS_NOT_REGULAR},
        {"symlink refused", link, 10, true, FS_SYMLINK},
        {"symlink followed", link, 10, false, FS_OK},
    };
    CHECK(symlink(file, link) == 0, "symlink");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum fs_status st = fs_read_file(cases[i].path, cases[i].max, cases[i].nofollow, &buf, &len);
        CHECK(st == cases[i].want, "%s: got %s want %s", cases[i].what, fs_status_str(st),
              fs_status_str(cases[i].want));
        free(buf);
    }

    struct clock_fake fake = {.mono_ms = 5, .wall = 1000};
    struct clock_src c = clock_fake_src(&fake);
    fake.mono_ms += UINT64_C(50) * 24 * 3600 * 1000;
    CHECK(clock_mono_ms(&c) == 5 + UINT64_C(4320000000), "50 days of monotonic time do not wrap");
    CHECK(clock_wall(&c) == 1000, "fake wall");
    const struct clock_src *sys = clock_system();
    uint64_t a = clock_mono_ms(sys), b = clock_mono_ms(sys);
    CHECK(b >= a, "monotonic");

    char *sub = fs_join(dir, "x/y/z");
    CHECK(fs_mkdirs(sub) && fs_is_dir(sub), "mkdirs");
    char *s = xasprintf("%s-%d", "a", 7);
    CHECK_STR(s, "a-7", "xasprintf");
    free(s);
    unlink(link);
    unlink(file);
    free(sub);
    free(file);
    free(link);
    char *rm = xasprintf("rm -rf '%s'", dir);
    CHECK(system(rm) == 0, "cleanup");
    free(rm);
    return check_done();
}
