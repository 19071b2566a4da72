/* clock: an injectable time source. Durations come from a monotonic millisecond counter that
 * never wraps in practice (64-bit); calendar decisions (dayparts) come from local wall time,
 * which may jump (no RTC, NTP at boot). Tests pass a fake clock. */
#pragma once
#include <stdint.h>
#include <time.h>

struct clock_src {
    uint64_t (*mono_ms)(void *ctx);  /* monotonic milliseconds since an arbitrary origin */
    time_t (*wall)(void *ctx);       /* seconds since the epoch (UTC) */
    void *ctx;
};

/* The real clocks: CLOCK_MONOTONIC and time(). */
const struct clock_src *clock_system(void);

/* A manual clock for tests: fields set directly. */
struct clock_fake {
    uint64_t mono_ms;
    time_t wall;
};
struct clock_src clock_fake_src(struct clock_fake *fake);

static inline uint64_t clock_mono_ms(const struct clock_src *c) { return c->mono_ms(c->ctx); }
static inline time_t clock_wall(const struct clock_src *c) { return c->wall(c->ctx); }

/* Start-up figures (bench/README.md): main() marks its first line; the first frame's log says how
 * long after that mark it came (and the process start, from /proc, the time before main). */
void clock_mark_main(void);
/* Milliseconds of CLOCK_MONOTONIC since clock_mark_main(), or -1 when it was never called. */
double clock_ms_since_main(void);
