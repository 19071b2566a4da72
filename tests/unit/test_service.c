/* service: the unattended player on an injected display and a fake clock. No display at start:
 * it waits, logs that once, keeps trying, never gives up; the display going away and coming back:
 * drawing stops and resumes on the same player at the same place in the loop as a twin that never
 * lost its display; the status file is rewritten on changes and every minute, never per frame
 * (write syscalls counted over thousands of frames); a wall-clock jump or screen-off hours keep it
 * running. */
#include <fcntl.h>
#include <jansson.h>
#include <unistd.h>

#include "service_fixture.h"

#include "app/process.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"

struct rig {
    struct fake_display disp;
    struct text_engine *te;
    struct service *svc;
};

static const char *prom_dir;

static void rig_start(struct rig *g, const struct clock_src *clk, const char *status_file, int fail_opens)
{
    g->disp = (struct fake_display){.fail_opens = fail_opens};
    g->te = text_engine_new(NULL);
    CHECK(g->te != NULL, "text engine");
    g->svc = service_new(&(struct service_config){
        .te = g->te, .clock = clk, .display = fake_display_ops(&g->disp),
        .player = {.transition_ms = 0}, .content = TEST_SRCDIR "/playlists", .snap = fixture_samples(),
        .status_file = status_file, .prometheus_dir = status_file ? prom_dir : NULL, .version = "test", .wait_for_display = true, .min_frame_ms = 16});
}

static void rig_stop(struct rig *g)
{
    service_free(g->svc);
    text_engine_free(g->te);
}

/* Runs the services for ms of fake time; each turn advances to the nearest deadline any wants
 * (moving frames at 10 per second: plenty here). */
static void run(struct clock_fake *fk, struct rig **rigs, size_t n, uint64_t ms)
{
    for (uint64_t t = 0; t < ms;) {
        uint64_t step = 60000;
        for (size_t i = 0; i < n; i++) {
            uint64_t w;
            service_turn(rigs[i]->svc, 0, &w);
            if (w < step)
                step = w;
        }
        step = step < 100 ? 100 : step;
        fk->mono_ms += step;
        fk->wall += (time_t)(step / 1000);
        t += step;
    }
}

static uint64_t frames_of(struct rig *g)
{
    struct service_stats st;
    service_get_stats(g->svc, &st);
    return st.frames;
}

static size_t count_in(const char *file, const char *needle)
{
    FILE *f = fopen(file, "r");
    char line[2048];
    size_t n = 0;
    while (f && fgets(line, sizeof line, f))
        n += strstr(line, needle) != NULL;
    if (f)
        fclose(f);
    return n;
}

/* Percentiles from the 0.25 ms histogram: to the bucket's upper edge. */
static void test_frametimes(void)
{
    static struct frametimes ft;
    CHECK(frametimes_quantile(&ft, 0.5) == 0, "empty: 0");
    for (int i = 0; i < 90; i++)
        frametimes_add(&ft, 1.1);
    for (int i = 0; i < 9; i++)
        frametimes_add(&ft, 4.9);
    frametimes_add(&ft, 400);
    CHECK(frametimes_quantile(&ft, 0.5) == 1.25, "p50 %.2f", frametimes_quantile(&ft, 0.5));
    CHECK(frametimes_quantile(&ft, 0.95) == 5.0, "p95 %.2f", frametimes_quantile(&ft, 0.95));
    CHECK(frametimes_quantile(&ft, 1.0) == 400 && ft.max_ms == 400, "past the last bucket: the max");
}

int main(void)
{
    process_tune_memory();
    test_frametimes();
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    char dir[] = "/tmp/test_service.XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "temp dir");
    char *log_file = xasprintf("%s/log", dir), *status_file = xasprintf("%s/status.json", dir);
    char *prom_file = xasprintf("%s/" STATUS_PROM_NAME, dir);
    prom_dir = dir;
    /* What the service logs goes to a file, to count lines. */
    fflush(stderr);
    int saved = dup(2), lf = open(log_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(lf, 2);
    log_set_level(LOG_INFO);

    struct clock_fake fk = {.mono_ms = 5000, .wall = 1752026400}; /* 2025-07-09 10:00 +08 */
    struct clock_src clk = clock_fake_src(&fk);
    log_set_clock(&clk);
    struct rig a, twin;
    rig_start(&a, &clk, status_file, 5); /* no display for the first five tries (25 s) */
    struct rig *both[] = {&a, &twin};

    CHECK(service_player(a.svc) == NULL && frames_of(&a) == 0, "no display: nothing drawn yet");
    run(&fk, both, 1, 20000);
    CHECK(frames_of(&a) == 0 && a.disp.open_calls >= 4, "still waiting after 20 s (%d tries)", a.disp.open_calls);
    while (!a.disp.opens && fk.mono_ms < 120000)
        run(&fk, both, 1, 100);
    /* The twin starts when a's display first opens: the same start of the loop, and never a loss. */
    rig_start(&twin, &clk, NULL, 0);
    run(&fk, both, 2, 5000);
    CHECK(a.disp.opens == 1 && frames_of(&a) > 0, "the display came: drawing (%d opens, %llu frames)", a.disp.opens,
          (unsigned long long)frames_of(&a));
    run(&fk, both, 2, 60000);

    /* The display goes away for two minutes. */
    struct player *p = service_player(a.svc);
    a.disp.gone = true;
    run(&fk, both, 2, 5000);
    uint64_t frames_lost = frames_of(&a);
    struct service_stats st;
    service_get_stats(a.svc, &st);
    CHECK(!st.display_up && st.display_losses == 1 && a.disp.closes == 1, "the loss is seen (up %d, losses %llu)",
          st.display_up, (unsigned long long)st.display_losses);
    run(&fk, both, 2, 120000);
    CHECK(frames_of(&a) == frames_lost, "nothing drawn while the display is gone (%llu -> %llu)",
          (unsigned long long)frames_lost, (unsigned long long)frames_of(&a));
    a.disp.gone = false;
    run(&fk, both, 2, 10000);
    CHECK(frames_of(&a) > frames_lost && a.disp.opens == 2, "drawing again when it is back (%d opens)", a.disp.opens);
    CHECK(service_player(a.svc) == p, "the same player (its place in the loop) after the display came back");
    run(&fk, both, 2, 1000);
    const struct cursor_pos *pa = player_position(service_player(a.svc)), *pt = player_position(service_player(twin.svc));
    CHECK(pa->cur.slide == pt->cur.slide && pa->cur.page == pt->cur.page,
          "at the same slide as a twin that never lost its display (%zu.%zu vs %zu.%zu)", (size_t)pa->cur.slide,
          (size_t)pa->cur.page, (size_t)pt->cur.slide, (size_t)pt->cur.page);

    /* Thousands of frames (the ticker) and a wall-clock jump: the status file is written about
     * once a minute, never per frame, and nothing else writes per frame either. */
    service_get_stats(a.svc, &st);
    uint64_t writes0 = st.status_writes, f0 = frames_of(&a);
    unsigned long long syscw0 = fixture_proc_value("/proc/self/io", "syscw:");
    run(&fk, both, 2, 10 * 60000);
    fk.wall -= 3600; /* NTP */
    run(&fk, both, 2, 60000);
    service_get_stats(a.svc, &st);
    uint64_t frames = frames_of(&a) - f0, writes = st.status_writes - writes0;
    unsigned long long syscw = fixture_proc_value("/proc/self/io", "syscw:") - syscw0;
    CHECK(frames > 2000, "the ticker kept drawing (%llu frames)", (unsigned long long)frames);
    CHECK(writes >= 10 && writes <= 11 + 20, "status written about once a minute: %llu writes in 11 minutes",
          (unsigned long long)writes);
    if (syscw0 || syscw)
        CHECK(syscw < frames / 20, "no write per frame: %llu write calls for %llu frames", syscw,
              (unsigned long long)frames);

    /* The status file says what plays. */
    json_t *js = json_load_file(status_file, 0, NULL);
    CHECK(js && strcmp(json_string_value(json_object_get(js, "display")), "on") == 0, "status: display on");
    CHECK(js && json_integer_value(json_object_get(js, "frames")) > 0 && json_is_string(json_object_get(js, "playlist")),
          "status: frames and playlist");
    CHECK(js && json_integer_value(json_object_get(js, "display_losses")) == 1, "status: one display loss");
    json_decref(js);
    char *prom = NULL;
    size_t prom_len = 0;
    CHECK(fs_read_file(prom_file, 1 << 20, false, &prom, &prom_len) == FS_OK, "the Prometheus textfile is written");
    CHECK(prom && strstr(prom, "# TYPE lobbysign_frames_total counter\nlobbysign_frames_total ") &&
              strstr(prom, "lobbysign_display_state{state=\"on\"} 1\n") &&
              strstr(prom, "lobbysign_display_losses_total 1\n") && strstr(prom, "lobbysign_info{version=\"test\""),
          "Prometheus text: %s", prom ? prom : "");
    free(prom);

    rig_stop(&a);
    rig_stop(&twin);
    log_set_clock(NULL);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(lf);
    /* Failures above went to the log file too: show them. */
    FILE *lg = fopen(log_file, "r");
    for (char line[2048]; lg && fgets(line, sizeof line, lg);)
        if (strstr(line, "FAILED"))
            fputs(line, stderr);
    if (lg)
        fclose(lg);
    size_t waits = count_in(log_file, "no display"), losses = count_in(log_file, "display lost");
    CHECK(waits == 1, "waiting for a display is logged once (%zu lines)", waits);
    CHECK(losses == 1, "the loss is logged once (%zu lines)", losses);
    CHECK(count_in(log_file, "display back") == 1, "its return is logged");
    unlink(log_file);
    unlink(status_file);
    unlink(prom_file);
    free(prom_file);
    rmdir(dir);
    free(log_file);
    free(status_file);
    return check_done();
}
