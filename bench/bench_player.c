/* bench_player: the player's numbers for bench/README.md, printed as "key value" lines. Each mode
 * runs in a fresh process; `all` runs every mode as a child (re-executing itself) and times the
 * first frame from just before the exec. The slide is the headline of bench/html/headline.html
 * (same text, same font), built by hand so the bench does not depend on the sample playlists.
 *   bench_player first-frame   first_frame_ms, first_frame_main_ms, peak_rss_mb, pss_mb
 *   bench_player first-frame-only   exits after the first frame (for callgrind)
 *   bench_player ticker        ticker_frame_ms (median CPU per steady frame), ticker_cpu_pct
 *   bench_player static        static_frames_per_s (the real player loop, real clock)
 *   bench_player all           all of the above
 * BENCH_SECONDS (default 5) sets the length of the timed runs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_slide.h"
#include "render/render.h"
#include "slides/slides.h"
#include "text/text.h"

#define W 1920
#define H 1080

static uint64_t mono_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double bench_seconds(void)
{
    const char *s = getenv("BENCH_SECONDS");
    double v = s ? atof(s) : 5;
    return v > 0.2 ? v : 5;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The process's proportional set size in MB (0 when /proc is not there). */
static double pss_mb(void)
{
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    if (!f)
        return 0;
    char line[256];
    long kb = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Pss: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb / 1024.0;
}

static double peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

/* Everything one frame needs, set up like the player does. */
struct rig {
    struct text_engine *te;
    struct render *r;
    struct screen_geom g;
    struct slide_ctx ctx;
    struct drawlist dl;
    const struct playlist *pl;
};

static void rig_use(struct rig *k, const struct playlist *pl)
{
    slide_ctx_for_playlist(&k->ctx, pl);
    k->ctx.te = k->te;
    k->ctx.g = &k->g;
    k->ctx.image_size = render_image_size_cb;
    k->ctx.image_ctx = k->r;
    k->pl = pl;
}

static bool rig_init(struct rig *k, const struct playlist *pl)
{
    memset(k, 0, sizeof *k);
    k->te = text_engine_new(NULL);
    if (!k->te) {
        fprintf(stderr, "bench_player: no text engine (fonts/fonts.json)\n");
        return false;
    }
    k->r = render_new_surface(k->te, W, H, 0);
    if (!k->r) {
        fprintf(stderr, "bench_player: no software renderer\n");
        text_engine_free(k->te);
        return false;
    }
    screen_geom_init(&k->g, W, H, 0);
    drawlist_init(&k->dl);
    rig_use(k, pl);
    return true;
}

static void rig_free(struct rig *k)
{
    drawlist_finish(&k->dl);
    render_free(k->r);
    text_engine_free(k->te);
}

/* One whole frame of the playlist's first slide at monotonic time now_ms. */
static void rig_frame(struct rig *k, uint64_t now_ms)
{
    drawlist_clear(&k->dl);
    slides_chrome(&k->ctx, &k->dl);
    slides_body(&k->ctx, &k->pl->slides[0], 0, 1, now_ms, &k->dl);
    slides_banner(&k->ctx, now_ms, &k->dl);
    render_begin(k->r);
    render_draw(k->r, &k->dl, 1.0f);
    render_end(k->r);
}

/* Process start: the parent's clock before exec when `all` started us, else /proc's start time
 * (10 ms resolution). Returns 0 when unknown. */
static uint64_t process_start_ns(void)
{
    const char *t0 = getenv("BENCH_T0_NS");
    if (t0)
        return strtoull(t0, NULL, 10);
    FILE *f = fopen("/proc/self/stat", "r");
    if (!f)
        return 0;
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    unsigned long long start = 0;
    /* fields after comm: state(3) ... starttime(22) */
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                     &start) != 1)
        return 0;
    /* starttime counts clock ticks since boot; CLOCK_BOOTTIME is the same origin. */
    uint64_t boot_start = start * (1000000000u / (uint64_t)sysconf(_SC_CLK_TCK));
    return mono_ns(CLOCK_MONOTONIC) - (mono_ns(CLOCK_BOOTTIME) - boot_start);
}

static int mode_first_frame(uint64_t main_ns, bool only)
{
    struct rig k;
    if (!rig_init(&k, bench_playlist(false)))
        return 1;
    rig_frame(&k, 0);
    uint64_t t1 = mono_ns(CLOCK_MONOTONIC);
    uint64_t start = process_start_ns();
    if (start && start < main_ns)
        printf("first_frame_ms %.2f\n", (t1 - start) / 1e6);
    printf("first_frame_main_ms %.2f\n", (t1 - main_ns) / 1e6);
    fflush(stdout);
    if (only) {
        rig_free(&k);
        return 0;
    }

    /* A few seconds of frames of the ticker slide at 60 Hz, real clock, as on a screen. */
    rig_use(&k, bench_playlist(true));
    uint64_t begin = mono_ns(CLOCK_MONOTONIC), end = begin + (uint64_t)(bench_seconds() * 1e9);
    for (uint64_t next = begin; next < end; next += 16666667) {
        rig_frame(&k, (next - begin) / 1000000);
        uint64_t now = mono_ns(CLOCK_MONOTONIC);
        if (now < next + 16666667) {
            uint64_t d = next + 16666667 - now;
            struct timespec ts = {(time_t)(d / 1000000000u), (long)(d % 1000000000u)};
            nanosleep(&ts, NULL);
        }
    }
    printf("peak_rss_mb %.1f\n", peak_rss_mb());
    printf("pss_mb %.1f\n", pss_mb());
    printf("processes 1\n");
    rig_free(&k);
    return 0;
}

static int mode_ticker(void)
{
    struct rig k;
    if (!rig_init(&k, bench_playlist(true)))
        return 1;
    enum { WARM = 60, N = 600 };
    static double ms[N];
    uint64_t now = 0;
    for (int i = 0; i < WARM; i++, now += 17)
        rig_frame(&k, now);
    for (int i = 0; i < N; i++, now += 17) {
        uint64_t c0 = mono_ns(CLOCK_PROCESS_CPUTIME_ID);
        rig_frame(&k, now);
        ms[i] = (mono_ns(CLOCK_PROCESS_CPUTIME_ID) - c0) / 1e6;
    }
    double med = median(ms, N);
    printf("ticker_frame_ms %.3f\n", med);
    printf("ticker_frame_p95_ms %.3f\n", ms[N * 95 / 100]);
    /* at 60 frames per second */
    printf("ticker_cpu_pct %.1f\n", med * 60 / 10);
    rig_free(&k);
    return 0;
}

static int mode_static(void)
{
    printf("static_frames_per_s_missing player-loop-api\n");
    return 0;
}

/* Runs this program with `mode` in a child, stdout passed through. */
static int run_child(const char *self, const char *mode)
{
    fflush(stdout);
    char t0[32];
    snprintf(t0, sizeof t0, "%llu", (unsigned long long)mono_ns(CLOCK_MONOTONIC));
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "bench_player: fork: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        setenv("BENCH_T0_NS", t0, 1);
        execl(self, self, mode, (char *)NULL);
        fprintf(stderr, "bench_player: exec %s: %s\n", self, strerror(errno));
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "bench_player: %s failed\n", mode);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t main_ns = mono_ns(CLOCK_MONOTONIC);
    const char *mode = argc > 1 ? argv[1] : "all";
    if (strcmp(mode, "first-frame") == 0 || strcmp(mode, "first-frame-only") == 0)
        return mode_first_frame(main_ns, strcmp(mode, "first-frame-only") == 0);
    if (strcmp(mode, "ticker") == 0)
        return mode_ticker();
    if (strcmp(mode, "static") == 0)
        return mode_static();
    if (strcmp(mode, "all") == 0) {
        char self[4096];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0)
            return 2;
        self[n] = 0;
        int rc = 0;
        rc |= run_child(self, "first-frame");
        rc |= run_child(self, "ticker");
        rc |= run_child(self, "static");
        return rc;
    }
    fprintf(stderr, "usage: bench_player [first-frame|ticker|static|all]\n");
    return 2;
}
