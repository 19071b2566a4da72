/* log: stderr lines (the journal under systemd), rate-limited per message (see log.h). */
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPEAT_SLOTS 32

/* One message format seen recently: when it was last printed and how often it came since. */
struct repeat {
    const char *fmt, *tag;   /* the call site's format and tag: a message repeating with other values */
    uint64_t window_ms;      /* start of the current LOG_REPEAT_MS window */
    unsigned printed;        /* lines printed in that window (at most LOG_BURST) */
    uint64_t printed_ms;     /* when the last line was printed */
    unsigned long suppressed;
};

static enum log_level min_level = LOG_INFO;
static bool env_read;
static const struct clock_src *log_clock;
static struct repeat repeats[REPEAT_SLOTS];
static unsigned next_slot;
static unsigned long n_errors;
static char last_error[256];
/* The import worker thread logs too: the repeat table and the counters are shared. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

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
    *r = (struct repeat){.fmt = fmt, .tag = tag};
    *fresh = true;
    return r;
}

void log_msg(enum log_level level, const char *tag, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    pthread_mutex_lock(&log_lock);
    if (!env_read)
        read_env();
    if (level < min_level && level != LOG_ERROR) {
        pthread_mutex_unlock(&log_lock);
        return;
    }
    char buf[1024], *msg = buf;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof buf) {
        msg = malloc((size_t)n + 1);
        if (msg) {
            va_start(ap, fmt);
            vsnprintf(msg, (size_t)n + 1, fmt, ap);
            va_end(ap);
        } else {
            msg = buf; /* truncated rather than lost */
        }
    }
    if (level == LOG_ERROR) {
        n_errors++;
        size_t len = strlen(msg) < sizeof last_error - 1 ? strlen(msg) : sizeof last_error - 1;
        memcpy(last_error, msg, len); /* the status file shows the start of the last error */
        last_error[len] = '\0';
    }
    if (level >= min_level) {
        bool fresh;
        uint64_t now = now_ms();
        struct repeat *r = repeat_of(tag, fmt, &fresh);
        if (fresh || now - r->window_ms >= LOG_REPEAT_MS) {
            r->window_ms = now;
            r->printed = 0;
        }
        if (r->printed >= LOG_BURST) {
            r->suppressed++;
        } else {
            flockfile(stderr); /* one whole line even with an import running on a worker thread */
            fprintf(stderr, "lobbysign: [%s] %s: %s", names[level], tag, msg);
            if (r->suppressed)
                fprintf(stderr, " (repeated %lu times in the last %llu s)", r->suppressed,
                        (unsigned long long)((now - r->printed_ms) / 1000u));
            fputc('\n', stderr);
            funlockfile(stderr);
            r->printed++;
            r->printed_ms = now;
            r->suppressed = 0;
        }
    }
    if (msg != buf)
        free(msg);
    pthread_mutex_unlock(&log_lock);
}

void log_flush_repeats(void)
{
    pthread_mutex_lock(&log_lock);
    for (unsigned i = 0; i < REPEAT_SLOTS; i++) {
        if (repeats[i].fmt && repeats[i].suppressed)
            fprintf(stderr, "lobbysign: [info] %s: the last message repeated %lu more times\n", repeats[i].tag,
                    repeats[i].suppressed);
        repeats[i] = (struct repeat){0};
    }
    pthread_mutex_unlock(&log_lock);
}

unsigned long log_error_count(void) { return n_errors; }
const char *log_last_error(char *buf, size_t cap)
{
    pthread_mutex_lock(&log_lock);
    snprintf(buf, cap, "%s", last_error);
    pthread_mutex_unlock(&log_lock);
    return buf;
}
