/* bench_workbook: a workbook of 200 headlines and 50 figures (written by the template writer from
 * a generated playlist) read by content_load, median of 9 runs, and `lobbysign validate` of its
 * folder end to end; peak memory (max RSS) of a child process that only loads it. Prints
 * "key value" lines (scripts/bench.sh; _cpu_ms is process CPU time, which a busy machine does not
 * stretch). Usage: bench_workbook [LOBBYSIGN] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "content/content.h"
#include "content/content_internal.h"
#include "content/wbwrite.h"
#include "core/fsutil.h"
#include "core/xalloc.h"

#define RUNS 9

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A playlist with a board of 200 headlines (each also a headline slide) and 50 figures on 9 slides. */
static char *playlist_json(void)
{
    size_t cap = 1u << 20, n = 0;
    char *s = xmalloc(cap);
#define PUT(...) n += (size_t)snprintf(s + n, cap - n, __VA_ARGS__)
    PUT("{\"format\":1,\"id\":\"bench\",\"title\":\"武汉招商中心 · 大厅屏\",\"updated\":\"2025-07-09\","
        "\"banner\":{\"hotlines\":[{\"label\":\"招商中心\",\"number\":\"400-162-2002\"}],"
        "\"ticker\":\"欢迎莅临武汉招商中心 · 请拨打投资咨询热线 400-162-2002\"},\"slides\":[");
    PUT("{\"kind\":\"headlines\",\"duration\":12,\"title\":\"武汉招商资讯\",\"items\":[");
    for (int i = 0; i < 200; i++)
        PUT("%s{\"source\":\"武汉招商\",\"title\":\"第%d条：武汉新港集装箱吞吐量突破156万标箱 枢纽能级与发展活力双提升\","
            "\"date\":\"2025-07-09\"}",
            i ? "," : "", i + 1);
    PUT("]}");
    for (int i = 0; i < 200; i++)
        PUT(",{\"kind\":\"headline\",\"id\":\"h%d\",\"duration\":15,\"source\":\"武汉招商\",\"title\":\"第%d条：武汉新港集装箱"
            "吞吐量突破156万标箱 枢纽能级与发展活力双提升\",\"date\":\"2025-07-09\",\"summary\":\"2018年武汉新港集装箱吞吐量达"
            "156.02万标箱，较上一年增长15%%，超额完成年度绩效目标。\"}",
            i, i + 1);
    for (int k = 0, card = 0; card < 50; k++) {
        PUT(",{\"kind\":\"kpi\",\"duration\":12,\"title\":\"成绩单%d\",\"cards\":[", k + 1);
        for (int c = 0; c < 6 && card < 50; c++, card++)
            PUT("%s{\"label\":\"指标%d\",\"value\":%d.%d,\"prefix\":\"约\",\"unit\":\"亿元\"}", c ? "," : "", card, card * 37,
                card % 10);
        PUT("]}");
    }
    PUT(",{\"kind\":\"hotline\",\"duration\":10}]}");
#undef PUT
    return s;
}

int main(int argc, char **argv)
{
    const char *bin = argc > 1 ? argv[1] : "build/lobbysign";
    char dir[] = "/tmp/lobbysign-bench-workbook-XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    char *json = playlist_json();
    struct findings f = {0};
    struct snapshot *snap = content_load_buffer(json, strlen(json), "bench.json", NULL, NULL, &f);
    free(json);
    if (!snap) {
        findings_print(&f, stderr);
        return 1;
    }
    char *data, zh[512], en[512];
    size_t len;
    if (!wbwrite_workbook(snap, &data, &len, zh, en, sizeof zh)) {
        fprintf(stderr, "bench_workbook: %s\n", en);
        return 1;
    }
    snapshot_free(snap);
    findings_free(&f);
    char *file = fs_join(dir, "content.xlsx");
    fs_write_atomic(file, data, len);
    free(data);
    printf("workbook_bytes %zu\n", len);

    double t[RUNS], c[RUNS];
    size_t slides = 0;
    for (int r = 0; r < RUNS; r++) {
        struct findings g = {0};
        double t0 = now_ms(), c0 = cpu_ms();
        struct snapshot *s = content_load(dir, NULL, &g);
        t[r] = now_ms() - t0;
        c[r] = cpu_ms() - c0;
        if (!s) {
            findings_print(&g, stderr);
            return 1;
        }
        slides = s->playlists[0].n_slides;
        snapshot_free(s);
        findings_free(&g);
    }
    qsort(t, RUNS, sizeof t[0], cmp_double);
    printf("workbook_slides %zu\n", slides);
    printf("workbook_load_ms %.2f\n", t[RUNS / 2]);
    printf("workbook_load_min_ms %.2f\n", t[0]);
    qsort(c, RUNS, sizeof c[0], cmp_double);
    printf("workbook_load_cpu_ms %.2f\n", c[RUNS / 2]);

    /* peak memory of a process that only loads it */
    pid_t pid = fork();
    if (pid == 0) {
        struct findings g = {0};
        struct snapshot *s = content_load(dir, NULL, &g);
        _exit(s ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    printf("workbook_load_peak_rss_kb %ld\n", ru.ru_maxrss);

    /* lobbysign validate of the folder, end to end (process start, fonts, checks) */
    char *cmd = xasprintf("%s validate --quiet %s >/dev/null 2>&1", bin, dir);
    for (int r = 0; r < 5; r++) {
        double t0 = now_ms();
        int rc = system(cmd);
        t[r] = now_ms() - t0;
        if (rc != 0)
            fprintf(stderr, "bench_workbook: validate failed (%d)\n", rc);
    }
    qsort(t, 5, sizeof t[0], cmp_double);
    printf("workbook_validate_ms %.1f\n", t[2]);
    free(cmd);
    unlink(file);
    free(file);
    rmdir(dir);
    return 0;
}
