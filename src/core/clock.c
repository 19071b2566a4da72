#include "core/clock.h"

static uint64_t sys_mono(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static time_t sys_wall(void *ctx)
{
    (void)ctx;
    return time(NULL);
}

const struct clock_src *clock_system(void)
{
    static const struct clock_src sys = {sys_mono, sys_wall, NULL};
    return &sys;
}

static uint64_t fake_mono(void *ctx) { return ((struct clock_fake *)ctx)->mono_ms; }
static time_t fake_wall(void *ctx) { return ((struct clock_fake *)ctx)->wall; }

struct clock_src clock_fake_src(struct clock_fake *fake)
{
    return (struct clock_src){fake_mono, fake_wall, fake};
}

static struct timespec main_mark;
static int main_marked;

void clock_mark_main(void)
{
    main_marked = clock_gettime(CLOCK_MONOTONIC, &main_mark) == 0;
}

double clock_ms_since_main(void)
{
    struct timespec now;
    if (!main_marked || clock_gettime(CLOCK_MONOTONIC, &now) != 0)
        return -1;
    return (double)(now.tv_sec - main_mark.tv_sec) * 1000 + (double)(now.tv_nsec - main_mark.tv_nsec) / 1e6;
}
