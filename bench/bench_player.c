/* bench_player: the player's numbers for bench/README.md, printed as "key value" lines. Each mode
 * runs in a fresh process; `all` runs every mode as a child (re-executing itself) and times the
 * first frame from just before the exec. Everything goes through the player API (player/player.h)
 * on the 1080p software surface. The slide is the headline of bench/html/headline.html (same
 * text, same font), built by hand in bench_slide.c.
 *   bench_player first-frame       first_frame_ms, first_frame_main_ms; then BENCH_SECONDS of the
 *                                  ticker slide in the real loop: peak_rss_mb, pss_mb
 *   bench_player first-frame-only  exits after the first frame (for callgrind, strace -c)
 *   bench_player first-frames N    N fresh processes to the first frame: the medians of
 *                                  first_frame_ms = first_frame_before_main_ms (exec to main:
 *                                  the dynamic loader) + first_frame_after_main_ms, the fastest
 *                                  (first_frame_min_ms), the CPU time to the first frame
 *                                  (first_frame_cpu_ms, _cpu_before_main_ms), and counts that do not depend on the
 *                                  machine's load: first_frame_libraries (shared objects loaded
 *                                  before main), first_frame_page_faults, first_frame_read_syscalls
 *   bench_player ticker            ticker_frame_ms (median CPU of a steady frame, fake clock), then
 *                                  the real loop: ticker_cpu_pct, ticker_fps
 *   bench_player static            static_frames_per_s: the real loop on a static slide
 *   bench_player ticker-frames N   N steady ticker frames after a warm-up, silent (for callgrind)
 *   bench_player crossfade         two slides of 2 s with crossfades (fake clock, 12 simulated s):
 *                                  crossfade_frame_ms (median CPU of a crossfade frame),
 *                                  crossfade_peak_rss_mb, crossfade_rss_mb (RSS between crossfades),
 *                                  crossfade_pictures_mb (the rows of the two pictures it blends)
 *   bench_player all               all of the above (first-frames with BENCH_FIRST_RUNS, default 7)
 * BENCH_SECONDS (default 5) sets the length of the timed runs. */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/process.h"
#include "player/player.h"
#include "bench_slide.h"
#include "core/clock.h"
#include "core/log.h"
#include "render/render.h"
#include "text/text.h"

#define W 1920
#define H 1080
#define FRAME_MS 16 /* the play command's pacing of moving frames without vsync */

static uint64_t now_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(uint64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

static double bench_seconds(void)
{
    const char *s = getenv("BENCH_SECONDS");
    double v = s ? atof(s) : 5;
    return v >= 0.5 ? v : 5;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
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

/* A player on a 1080p software surface, as `lobbysign play` sets it up. */
struct rig {
    struct text_engine *te;
    struct render *r;
    struct player *p;
};

static bool rig_init(struct rig *k, const struct clock_src *clk, struct snapshot *snap)
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
    k->p = player_new(&(struct player_config){
        .te = k->te, .render = k->r, .clock = clk, .overscan_pct = 0, .transition_ms = PLAYER_TRANSITION_MS});
    player_set_snapshot(k->p, snap);
    return true;
}

static void rig_free(struct rig *k)
{
    player_free(k->p);
    render_free(k->r);
    text_engine_free(k->te);
}

/* The play command's loop without a window: update, draw when asked, sleep until the next
 * deadline (moving frames paced at FRAME_MS). Returns the frames drawn. */
static uint64_t run_loop(struct player *p, const struct clock_src *clk, double seconds)
{
    struct player_stats st0, st1;
    player_get_stats(p, &st0);
    uint64_t end = clock_mono_ms(clk) + (uint64_t)(seconds * 1000);
    for (uint64_t now = clock_mono_ms(clk); now < end; now = clock_mono_ms(clk)) {
        uint64_t wait, last = now;
        if (player_update(p, &wait)) {
            player_draw(p);
        }
        if (wait == 0) {
            uint64_t spent = clock_mono_ms(clk) - last;
            wait = spent < FRAME_MS ? FRAME_MS - spent : 0;
        }
        uint64_t left = end - clock_mono_ms(clk) > end ? 0 : end - clock_mono_ms(clk);
        sleep_ms(wait < left ? wait : left);
    }
    player_get_stats(p, &st1);
    return st1.frames - st0.frames;
}

/* Process start: the parent's clock before exec when `all` started us, else /proc's start time
 * (10 ms resolution). 0 when unknown. */
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
    /* after "comm)": state, then fields 4..21, then starttime (field 22, clock ticks since boot) */
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                     &start) != 1)
        return 0;
    uint64_t boot_ns = start * (1000000000u / (uint64_t)sysconf(_SC_CLK_TCK));
    return now_ns(CLOCK_MONOTONIC) - (now_ns(CLOCK_BOOTTIME) - boot_ns);
}

/* Shared objects in the process (the executable and the vDSO not counted); at the top of main:
 * what the dynamic loader loaded before main. */
static int count_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    if (info->dlpi_name && info->dlpi_name[0] && !strstr(info->dlpi_name, "linux-vdso"))
        ++*(int *)data;
    return 0;
}

static int loaded_objects(void)
{
    int n = 0;
    dl_iterate_phdr(count_object, &n);
    return n;
}

/* read(2)/pread(2) calls of the process so far (/proc/self/io syscr), -1 when unknown. */
static long read_syscalls(void)
{
    FILE *f = fopen("/proc/self/io", "r");
    if (!f)
        return -1;
    char line[128];
    long n = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "syscr: %ld", &n) == 1)
            break;
    fclose(f);
    return n;
}

static int libraries_at_main;
static uint64_t cpu_at_main_ns; /* CPU time of the process (exec, the loader) when main started */

enum { FF_TIMES = 1, FF_COUNTS = 2, FF_MEMORY = 4 };

static int mode_first_frame(uint64_t main_ns, int what)
{
    const struct clock_src *clk = clock_system();
    struct rig k;
    if (!rig_init(&k, clk, bench_snapshot(false)))
        return 1;
    uint64_t wait;
    if (!player_update(k.p, &wait)) {
        fprintf(stderr, "bench_player: the player drew no first frame\n");
        return 1;
    }
    player_draw(k.p);
    uint64_t t1 = now_ns(CLOCK_MONOTONIC), cpu1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long reads = read_syscalls();
    uint64_t start = process_start_ns();
    if ((what & FF_TIMES) && start && start < main_ns) {
        printf("first_frame_ms %.2f\n", (t1 - start) / 1e6);
        printf("first_frame_before_main_ms %.2f\n", (main_ns - start) / 1e6);
    }
    if (what & FF_TIMES)
        printf("first_frame_main_ms %.2f\n", (t1 - main_ns) / 1e6);
    if (what & FF_COUNTS) {
        printf("first_frame_cpu_ms %.2f\n", cpu1 / 1e6);
        printf("first_frame_cpu_before_main_ms %.2f\n", cpu_at_main_ns / 1e6);
        printf("first_frame_libraries %d\n", libraries_at_main);
        printf("first_frame_page_faults %ld\n", ru.ru_minflt + ru.ru_majflt);
        if (reads >= 0)
            printf("first_frame_read_syscalls %ld\n", reads);
    }
    fflush(stdout);
    if (what & FF_MEMORY) {
        /* A few seconds of the ticker slide in the real loop, as on a screen. */
        player_set_snapshot(k.p, bench_snapshot(true));
        run_loop(k.p, clk, bench_seconds());
        printf("peak_rss_mb %.1f\n", peak_rss_mb());
        printf("pss_mb %.1f\n", pss_mb());
        printf("processes 1\n");
    }
    rig_free(&k);
    return 0;
}

/* Only n steady ticker frames with a fake clock after the warm-up, nothing printed: callgrind runs
 * this with two values of n, and the difference is the instructions of n frames. */
static int mode_ticker_frames(int n)
{
    struct clock_fake fake = {.mono_ms = 1000000, .wall = time(NULL)};
    struct clock_src fsrc = clock_fake_src(&fake);
    struct rig k;
    if (!rig_init(&k, &fsrc, bench_snapshot(true)))
        return 1;
    for (int i = 0; i < 120 + n; i++) {
        fake.mono_ms += i % 3 ? 17 : 16;
        uint64_t wait;
        if (player_update(k.p, &wait))
            player_draw(k.p);
    }
    rig_free(&k);
    return 0;
}

static int mode_ticker(void)
{
    /* Frame CPU with a fake clock: every frame a steady ticker frame, 60 per second. */
    struct clock_fake fake = {.mono_ms = 1000000, .wall = time(NULL)};
    struct clock_src fsrc = clock_fake_src(&fake);
    struct rig k;
    if (!rig_init(&k, &fsrc, bench_snapshot(true)))
        return 1;
    enum { WARM = 120, N = 600 };
    static double ms[N];
    int n = 0;
    for (int i = 0; i < WARM + N; i++) {
        fake.mono_ms += i % 3 ? 17 : 16;
        uint64_t wait, c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
        if (!player_update(k.p, &wait))
            continue;
        player_draw(k.p);
        if (i >= WARM)
            ms[n++] = (now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0) / 1e6;
    }
    rig_free(&k);
    if (n < N / 2) {
        fprintf(stderr, "bench_player: the ticker did not ask for frames (%d of %d)\n", n, N);
        return 1;
    }
    printf("ticker_frame_ms %.3f\n", median(ms, n));
    printf("ticker_frame_p95_ms %.3f\n", ms[n * 95 / 100]);

    /* The real loop and clock: CPU share of the whole process while the ticker scrolls. */
    const struct clock_src *clk = clock_system();
    if (!rig_init(&k, clk, bench_snapshot(true)))
        return 1;
    run_loop(k.p, clk, 0.5); /* settle: first frame, atlas, transition */
    double secs = bench_seconds();
    uint64_t c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID), w0 = now_ns(CLOCK_MONOTONIC);
    uint64_t frames = run_loop(k.p, clk, secs);
    double cpu = (double)(now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0), wall = (double)(now_ns(CLOCK_MONOTONIC) - w0);
    printf("ticker_cpu_pct %.1f\n", 100 * cpu / wall);
    printf("ticker_fps %.1f\n", frames / (wall / 1e9));
    rig_free(&k);
    return 0;
}

/* The process's resident set size now, in MB. */
static double rss_mb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return 0;
    char line[256];
    long kb = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb / 1024.0;
}

static int mode_crossfade(void)
{
    struct clock_fake fake = {.mono_ms = 1000000, .wall = time(NULL)};
    struct clock_src fsrc = clock_fake_src(&fake);
    struct rig k;
    if (!rig_init(&k, &fsrc, bench_snapshot_crossfade()))
        return 1;
    enum { N = 750 };
    static double ms[N];
    int n = 0;
    double between = 0;
    size_t fade_bytes = 0;
    for (int i = 0; i < N; i++) {
        fake.mono_ms += i % 3 ? 17 : 16;
        uint64_t wait, c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
        if (!player_update(k.p, &wait))
            continue;
        bool fading = player_position(k.p)->in_transition;
        player_draw(k.p);
        if (fading) {
            ms[n++] = (now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0) / 1e6;
            size_t b = render_fade_bytes(k.r);
            fade_bytes = b > fade_bytes ? b : fade_bytes;
        }
        else if (player_position(k.p)->step_elapsed_ms > 1500)
            between = rss_mb(); /* the last sample: late in a step, long after its crossfade */
    }
    struct player_stats st;
    player_get_stats(k.p, &st);
    rig_free(&k);
    if (n < 20 || st.steps < 4) {
        fprintf(stderr, "bench_player: too few crossfades (%d frames, %u steps)\n", n, st.steps);
        return 1;
    }
    printf("crossfade_frame_ms %.3f\n", median(ms, n));
    printf("crossfade_peak_rss_mb %.1f\n", peak_rss_mb());
    printf("crossfade_rss_mb %.1f\n", between);
    printf("crossfade_pictures_mb %.1f\n", fade_bytes / 1048576.0);
    return 0;
}

static int mode_static(void)
{
    const struct clock_src *clk = clock_system();
    struct rig k;
    if (!rig_init(&k, clk, bench_snapshot(false)))
        return 1;
    run_loop(k.p, clk, 0.2); /* the first frame */
    double secs = bench_seconds();
    uint64_t c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID), w0 = now_ns(CLOCK_MONOTONIC);
    uint64_t frames = run_loop(k.p, clk, secs);
    double cpu = (double)(now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0), wall = (double)(now_ns(CLOCK_MONOTONIC) - w0);
    printf("static_frames_per_s %.2f\n", frames / (wall / 1e9));
    printf("static_cpu_pct %.2f\n", 100 * cpu / wall);
    rig_free(&k);
    return 0;
}

/* Starts this program with `mode` in a child, its stdout to out_fd (-1: ours), passing the
 * monotonic time just before the exec (BENCH_T0_NS). Returns its pid, or -1 (logged). */
static pid_t spawn_child(const char *self, const char *mode, int out_fd)
{
    fflush(stdout);
    char t0[32];
    snprintf(t0, sizeof t0, "%llu", (unsigned long long)now_ns(CLOCK_MONOTONIC));
    pid_t pid = fork();
    if (pid < 0)
        fprintf(stderr, "bench_player: fork: %s\n", strerror(errno));
    if (pid == 0) {
        if (out_fd >= 0)
            dup2(out_fd, STDOUT_FILENO);
        setenv("BENCH_T0_NS", t0, 1);
        execl(self, self, mode, (char *)NULL);
        fprintf(stderr, "bench_player: exec %s: %s\n", self, strerror(errno));
        _exit(127);
    }
    return pid;
}

/* Waits for the child; true when it exited with 0. */
static bool reap_child(pid_t pid, const char *mode)
{
    int st;
    if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "bench_player: mode %s failed\n", mode);
        return false;
    }
    return true;
}

/* Runs this program with `mode` in a child, its stdout passed through. */
static int run_child(const char *self, const char *mode)
{
    pid_t pid = spawn_child(self, mode, -1);
    return pid > 0 && reap_child(pid, mode) ? 0 : 1;
}

/* n fresh processes to the first frame (first-frame-only, started as run_child does), their
 * numbers read back through a pipe: medians of the times, the fastest total, the counts of the
 * last run (they are the same in every run). */
static int run_first_frames(const char *self, int n)
{
    enum { MAX_RUNS = 50 };
    static double total[MAX_RUNS], before[MAX_RUNS], after[MAX_RUNS], cpu[MAX_RUNS], cpu_before[MAX_RUNS];
    long libs = -1, faults = -1, reads = -1;
    n = n < 1 ? 1 : n > MAX_RUNS ? MAX_RUNS : n;
    for (int i = 0; i < n; i++) {
        int fd[2];
        if (pipe2(fd, O_CLOEXEC) != 0) {
            fprintf(stderr, "bench_player: pipe: %s\n", strerror(errno));
            return 1;
        }
        pid_t pid = spawn_child(self, "first-frame-only", fd[1]);
        if (pid < 0)
            return 1;
        close(fd[1]);
        FILE *f = fdopen(fd[0], "r");
        char key[64];
        double v;
        bool got = false;
        while (f && fscanf(f, "%63s %lf", key, &v) == 2) {
            if (strcmp(key, "first_frame_ms") == 0)
                total[i] = v, got = true;
            else if (strcmp(key, "first_frame_before_main_ms") == 0)
                before[i] = v;
            else if (strcmp(key, "first_frame_main_ms") == 0)
                after[i] = v;
            else if (strcmp(key, "first_frame_cpu_ms") == 0)
                cpu[i] = v;
            else if (strcmp(key, "first_frame_cpu_before_main_ms") == 0)
                cpu_before[i] = v;
            else if (strcmp(key, "first_frame_libraries") == 0)
                libs = (long)v;
            else if (strcmp(key, "first_frame_page_faults") == 0)
                faults = (long)v;
            else if (strcmp(key, "first_frame_read_syscalls") == 0)
                reads = (long)v;
        }
        if (f)
            fclose(f);
        if (!reap_child(pid, "first-frame-only") || !got) {
            fprintf(stderr, "bench_player: first frame run %d failed\n", i + 1);
            return 1;
        }
    }
    double best = total[0];
    for (int i = 1; i < n; i++)
        best = total[i] < best ? total[i] : best;
    printf("first_frame_ms %.2f\n", median(total, n));
    printf("first_frame_before_main_ms %.2f\n", median(before, n));
    printf("first_frame_after_main_ms %.2f\n", median(after, n));
    printf("first_frame_main_ms %.2f\n", median(after, n)); /* the older name of the same */
    printf("first_frame_min_ms %.2f\n", best);
    printf("first_frame_runs %d\n", n);
    /* CPU time of the process: what the machine's load does not stretch (the wall times above
     * include waiting for a core on a busy machine) */
    printf("first_frame_cpu_ms %.2f\n", median(cpu, n));
    printf("first_frame_cpu_before_main_ms %.2f\n", median(cpu_before, n));
    printf("first_frame_libraries %ld\n", libs);
    printf("first_frame_page_faults %ld\n", faults);
    printf("first_frame_read_syscalls %ld\n", reads);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t main_ns = now_ns(CLOCK_MONOTONIC);
    cpu_at_main_ns = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    libraries_at_main = loaded_objects();
    process_tune_memory(); /* as lobbysign's main does */
    const char *mode = argc > 1 ? argv[1] : "all";
    if (!getenv("LOBBYSIGN_LOG"))
        log_set_level(LOG_WARN);
    if (strcmp(mode, "first-frames") == 0 || strcmp(mode, "all") == 0) {
        char self[4096];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0) {
            fprintf(stderr, "bench_player: cannot find my own executable: %s\n", strerror(errno));
            return 2;
        }
        self[n] = 0;
        const char *runs = argc > 2 ? argv[2] : getenv("BENCH_FIRST_RUNS");
        int rc = run_first_frames(self, runs ? atoi(runs) : 7);
        if (strcmp(mode, "first-frames") == 0 || rc)
            return rc;
        rc |= run_child(self, "memory");
        rc |= run_child(self, "ticker");
        rc |= run_child(self, "static");
        rc |= run_child(self, "crossfade");
        return rc ? 1 : 0;
    }
    if (strcmp(mode, "first-frame") == 0)
        return mode_first_frame(main_ns, FF_TIMES | FF_MEMORY);
    if (strcmp(mode, "first-frame-only") == 0)
        return mode_first_frame(main_ns, FF_TIMES | FF_COUNTS);
    if (strcmp(mode, "memory") == 0) /* `all`: the times came from first-frames */
        return mode_first_frame(main_ns, FF_MEMORY);
    if (strcmp(mode, "ticker") == 0)
        return mode_ticker();
    if (strcmp(mode, "ticker-frames") == 0 && argc > 2)
        return mode_ticker_frames(atoi(argv[2]));
    if (strcmp(mode, "static") == 0)
        return mode_static();
    if (strcmp(mode, "crossfade") == 0)
        return mode_crossfade();
    fprintf(stderr, "usage: bench_player [first-frame|first-frame-only|first-frames [N]|ticker|ticker-frames N|static|crossfade|all]\n"
                    "  prints key value lines; BENCH_SECONDS sets the timed runs (bench/README.md)\n");
    return strcmp(mode, "--help") == 0 || strcmp(mode, "-h") == 0 ? 0 : 2;
}
