/* soak_week: a simulated week of the sample loop through the service (software surface, fake
 * clock): dayparts and screen-off nights as the samples schedule them, a content import every
 * three hours and a playlist swap (the whole folder vs one playlist) every six, the display gone
 * for ten minutes every afternoon, the wall clock jumping an hour back and forth twice a day and a
 * whole day back once. Each simulated hour it samples RSS, heap in use and open descriptors; it
 * prints them per day and the RSS slope per simulated day (least squares over days 2..N), and
 * asserts only what is deterministic: heap and descriptors after day 1 no higher than in its second half.
 * LOBBYSIGN_SOAK_DAYS=N runs N days (default 7; ctest runs 2); LOBBYSIGN_SOAK_HOURS=N runs N hours
 * instead (.ci/run's valgrind run: 9 hours hold every kind of event once; flatness needs 2 days). */
#include <malloc.h>

#include "service_fixture.h"

#include "app/process.h"
#include "core/log.h"

#define HOUR_MS (3600ull * 1000ull)

struct sample {
    double rss_mb, heap_mb;
    size_t fds;
};

static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static struct snapshot *load(const char *path)
{
    struct findings f = {0};
    struct snapshot *s = content_load(path, NULL, &f);
    CHECK(s != NULL && f.n_errors == 0, "%s loads (%zu errors)", path, f.n_errors);
    findings_free(&f);
    return s;
}

int main(void)
{
    process_tune_memory();
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    const char *env = getenv("LOBBYSIGN_SOAK_DAYS");
    int days = env ? atoi(env) : 7;
    if (days < 2)
        days = 2;
    const char *env_h = getenv("LOBBYSIGN_SOAK_HOURS");
    size_t n_hours = env_h && atoi(env_h) > 0 ? (size_t)atoi(env_h) : (size_t)days * 24;
    days = (int)(n_hours / 24);
    struct clock_fake fk = {.mono_ms = 5000, .wall = 1752012000}; /* 2025-07-09 06:00 +08, a Wednesday */
    struct clock_src clk = clock_fake_src(&fk);
    log_set_clock(&clk);
    struct fake_display disp = {0};
    struct text_engine *te = text_engine_new(NULL);
    CHECK(te != NULL, "text engine");
    if (!te)
        return check_done();
    struct service *svc = service_new(&(struct service_config){
        .te = te, .clock = &clk, .display = fake_display_ops(&disp), .player = {.transition_ms = 800},
        .content = TEST_SRCDIR "/playlists", .snap = load(TEST_SRCDIR "/playlists"), .version = "soak",
        .wait_for_display = true, .min_frame_ms = 16});

    struct sample *samples = calloc(n_hours + 1, sizeof *samples);
    uint64_t t = 0, end = n_hours * HOUR_MS, next_hour = HOUR_MS;
    size_t hour = 0, imports = 0, swaps = 0, jumps = 0, switch_offs = 0;
    while (t < end) {
        uint64_t wait;
        service_turn(svc, 0, &wait);
        /* Moving frames at one a second keep a week's run to a minute; the step, crossfade and
         * ticker code runs the same at any rate. */
        wait = wait < 1000 ? 1000 : wait;
        uint64_t to_hour = next_hour - t;
        wait = wait < to_hour ? wait : to_hour;
        fk.mono_ms += wait;
        fk.wall += (time_t)(wait / 1000);
        t += wait;
        if (t < next_hour)
            continue;
        next_hour += HOUR_MS;
        hour++;
        unsigned h = (unsigned)(hour % 24); /* the simulated hour of the day, from 06:00 */
        if (hour % 3 == 0) { /* an import: a new snapshot of the folder, or one playlist */
            bool one = (hour / 6) % 2 == 1;
            service_set_snapshot(svc, load(one ? TEST_SRCDIR "/playlists/lobby.json" : TEST_SRCDIR "/playlists"));
            imports++;
            swaps += hour % 6 == 0;
        }
        if (h == 8) { /* 14:00: the TV is switched off for ten minutes */
            disp.gone = true;
            switch_offs++;
        }
        if (h == 2 || h == 14) { /* NTP moves the wall clock */
            fk.wall += h == 2 ? 3600 : -3600;
            jumps++;
        }
        if (hour == 24 * 3 + 12) {
            fk.wall -= 86400; /* a board without an RTC booted with yesterday's date */
            jumps++;
        }
        if (h == 8) { /* back after ten minutes, within the hour */
            for (uint64_t k = 0; k < 600; k++) {
                service_turn(svc, 0, NULL);
                fk.mono_ms += 1000, fk.wall += 1, t += 1000;
            }
            disp.gone = false;
        }
        samples[hour] = (struct sample){fixture_proc_value("/proc/self/status", "VmRSS:") / 1024.0,
                                        heap_in_use() / 1048576.0, fixture_open_fds()};
    }
    struct service_stats st;
    service_get_stats(svc, &st);
    printf("soak: %zu simulated hours (%d days), %llu frames, %zu imports (%zu swaps), %llu display losses, %zu clock jumps\n",
           n_hours, days, (unsigned long long)st.frames, imports, swaps, (unsigned long long)st.display_losses, jumps);
    printf("day  rss_MB  heap_MB  fds\n");
    for (int d = 1; d <= days; d++) {
        struct sample *s = &samples[(size_t)d * 24];
        printf("%3d  %6.2f  %7.3f  %3zu\n", d, s->rss_mb, s->heap_mb, s->fds);
    }
    /* Least-squares slope of RSS over the hours of days 2..N, in MB per day. */
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    size_t n = 0;
    for (size_t i = 24; i <= n_hours; i++) {
        double x = (double)i / 24.0, y = samples[i].rss_mb;
        sx += x, sy += y, sxx += x * x, sxy += x * y, n++;
    }
    if (n > 2) {
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        printf("soak: RSS slope %.3f MB per simulated day (days 2-%d)\n", slope, days);
    }

    CHECK(st.frames > n_hours * 100 && st.display_losses == switch_offs && disp.opens == (int)switch_offs + 1,
          "the loop kept drawing and the display came back every day (%llu frames, %llu losses, %d opens)",
          (unsigned long long)st.frames, (unsigned long long)st.display_losses, disp.opens);
    /* The baseline: the second half of day 1 (every kind of event has happened once by then). */
    size_t fds_day1 = n_hours >= 48 ? samples[24].fds : 0;
    double heap_day1 = 0;
    for (size_t i = 12; n_hours >= 48 && i <= 24; i++)
        heap_day1 = samples[i].heap_mb > heap_day1 ? samples[i].heap_mb : heap_day1;
    for (size_t i = 25; n_hours >= 48 && i <= n_hours; i++) {
        CHECK(samples[i].fds == fds_day1, "hour %zu: open descriptors flat (%zu, day 1: %zu)", i, samples[i].fds,
              fds_day1);
        /* Under ASan mallinfo2 reports nothing; LeakSanitizer checks that build instead. */
        CHECK(samples[i].heap_mb <= heap_day1 + 0.125, "hour %zu: heap flat (%.3f MB, day 1 at most %.3f)", i,
              samples[i].heap_mb, heap_day1);
    }
    free(samples);
    service_free(svc);
    text_engine_free(te);
    log_set_clock(NULL);
    return check_done();
}
