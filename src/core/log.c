/* log: stderr lines (the journal under systemd), rate-limited per message (see log.h). */
#include "core/log.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPEAT_SLOTS 32

/* One message format seen recently: when it was last printed and how often it came since. */
struct repeat {
    const char *fmt, *tag;
    uint64_t printed_ms;
    unsigned long suppressed;
};

static enum log_level min_level = LOG_INFO;
static bool env_read;
static const struct clock_src *log_clock;
static struct repeat repeats[REPEAT_SLOTS];
static unsigned next_slot;
static unsigned long n_errors;
static char last_error[256];

void log_set_level(enum log_level min)
{
    min_level = min;
    env_read = true;
}

void log_set_clock(const struct clock_src *clk) { log_clock = clk; }

static uint64_t now_ms(void)
{
    if (log_clock)
        return clock_mono_ms(log_clock);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void read_env(void)
{
    env_read = true;
    const char *e = getenv("LOBBYSIGN_LOG");
    if (!e)
        return;
    if (strcmp(e, "debug") == 0)
        min_level = LOG_DEBUG;
    else if (strcmp(e, "warn") == 0)
        min_level = LOG_WARN;
    else if (strcmp(e, "error") == 0)
        min_level = LOG_ERROR;
}

/* The slot of (tag, fmt), a fresh one (oldest replaced) when it was not seen recently. */
static struct repeat *repeat_of(const char *tag, const char *fmt, bool *fresh)
{
    for (unsigned i = 0; i < REPEAT_SLOTS; i++)
        if (repeats[i].fmt == fmt && repeats[i].tag == tag) {
            *fresh = false;
            return &repeats[i];
        }
    struct repeat *r = &repeats[next_slot++ % REPEAT_SLOTS];
    if (r->fmt && r->suppressed)
        fprintf(stderr, "lobbysign: [info] %s: the last message repeated %lu more times\n", r->tag, r->suppressed);
    *r = (struct repeat){fmt, tag, 0, 0};
    *fresh = true;
    return r;
}

void log_msg(enum log_level level, const char *tag, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    if (!env_read)
        read_env();
    va_list ap;
    if (level == LOG_ERROR) {
        n_errors++;
        va_start(ap, fmt);
        vsnprintf(last_error, sizeof last_error, fmt, ap);
        va_end(ap);
    }
    if (level < min_level)
        return;
    bool fresh;
    uint64_t now = now_ms();
    struct repeat *r = repeat_of(tag, fmt, &fresh);
    if (!fresh && now - r->printed_ms < LOG_REPEAT_MS) {
        r->suppressed++;
        return;
    }
    va_start(ap, fmt);
    fprintf(stderr, "lobbysign: [%s] %s: ", names[level], tag);
    vfprintf(stderr, fmt, ap);
    if (r->suppressed)
        fprintf(stderr, " (repeated %lu times in the last %llu s)", r->suppressed,
                (unsigned long long)((now - r->printed_ms) / 1000u));
    fputc('\n', stderr);
    va_end(ap);
    r->printed_ms = now;
    r->suppressed = 0;
}

void log_flush_repeats(void)
{
    for (unsigned i = 0; i < REPEAT_SLOTS; i++) {
        if (repeats[i].fmt && repeats[i].suppressed)
            fprintf(stderr, "lobbysign: [info] %s: the last message repeated %lu more times\n", repeats[i].tag,
                    repeats[i].suppressed);
        repeats[i] = (struct repeat){0};
    }
}

unsigned long log_error_count(void) { return n_errors; }
const char *log_last_error(void) { return last_error; }
