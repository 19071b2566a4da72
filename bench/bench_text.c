/* bench_text: text engine speed and memory on the seed page's headline slides at 1080p sizes.
 * Usage: bench_text [--once] [--4k] [JSON_OUT]
 *   Prints a table; writes one JSON object per measurement to JSON_OUT (default: stdout).
 *   --4k: every size and box doubled (3840x2160), atlas from fonts.json as configured.
 *   --once: one cold slide only (for valgrind --tool=callgrind --toggle-collect=cold_slide). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fsutil.h"
#include "core/xalloc.h"
#include "text/text.h"

#define MAX_SLIDES 16

struct slide {
    char *title, *summary;
};

static const char *DATE = "2025-07-09";
static struct text_style TITLE = {.role = TEXT_ROLE_TITLE, .bold = true, .size = 96, .min_size = 48,
                                  .max_lines = 2, .align = TEXT_ALIGN_START};
static struct text_style DATE_ST = {.role = TEXT_ROLE_BODY, .size = 48};
static struct text_style SUMMARY = {.role = TEXT_ROLE_BODY, .size = 56, .min_size = 48, .max_lines = 4,
                                    .align = TEXT_ALIGN_JUSTIFY};
static int K = 1; /* 2 for 4K */

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* Lays out one slide (title, date, summary in a 1920x1080 frame) and resolves its quads. */
static size_t slide_layout(struct text_engine *te, const struct slide *s, bool quads, struct text_quad **q,
                           size_t *cap)
{
    const struct text_layout *t = text_layout(te, s->title, &TITLE, 1680 * K, 260 * K);
    const struct text_layout *d = text_layout(te, DATE, &DATE_ST, 600 * K, 70 * K);
    const struct text_layout *m = text_layout(te, s->summary, &SUMMARY, 1680 * K, 4 * 73 * K);
    if (!quads)
        return 0;
    size_t n = text_quads(te, t, 120.0f * K, 120.0f * K, q, 0, cap);
    n = text_quads(te, d, 120.0f * K, 400.0f * K, q, n, cap);
    return text_quads(te, m, 120.0f * K, 500.0f * K, q, n, cap);
}

/* Non-static so callgrind can --toggle-collect=cold_slide. */
size_t cold_slide(struct text_engine *te, const struct slide *s, struct text_quad **q, size_t *cap);
__attribute__((noinline)) size_t cold_slide(struct text_engine *te, const struct slide *s, struct text_quad **q, size_t *cap)
{
    return slide_layout(te, s, true, q, cap);
}

static struct text_engine *engine(void)
{
    struct text_engine *te = text_engine_new(NULL);
    if (!te)
        te = text_engine_new("fonts/fonts.json");
    if (!te) {
        fprintf(stderr, "bench_text: no fonts (run from the source tree or set LOBBYSIGN_DATA)\n");
        exit(2);
    }
    return te;
}

/* Opens the faces and FreeType sizes a slide needs without rasterizing any of its glyphs. */
static void open_faces(struct text_engine *te)
{
    struct text_quad *q = NULL;
    size_t cap = 0;
    struct slide warm = {"A", "A"};
    slide_layout(te, &warm, true, &q, &cap);
    text_cache_clear(te);
    free(q);
}

static size_t load_slides(struct slide *sl)
{
    char *data;
    size_t len, n = 0;
    if (fs_read_file("tests/data/text/seed_lines.txt", 1 << 20, false, &data, &len) != FS_OK) {
        fprintf(stderr, "bench_text: tests/data/text/seed_lines.txt: run from the source tree\n");
        exit(2);
    }
    char *save = NULL;
    for (char *l = strtok_r(data, "\n", &save); l && n < MAX_SLIDES; l = strtok_r(NULL, "\n", &save)) {
        char *m = strtok_r(NULL, "\n", &save);
        if (!m)
            break;
        sl[n++] = (struct slide){xstrdup(l), xstrdup(m)};
    }
    free(data);
    return n;
}

/* VmRSS / VmHWM of this process in MiB (Linux), 0 if unknown. */
static double proc_mib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double kib = 0;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0)
            kib = atof(line + n + 1);
    if (f)
        fclose(f);
    return kib / 1024;
}

static FILE *json;

static void report(const char *name, double value, const char *unit, const char *aim)
{
    printf("%-44s %12.3f %-8s %s\n", name, value, unit, aim ? aim : "");
    fprintf(json, "{\"bench\": \"text\", \"name\": \"%s\", \"value\": %.4f, \"unit\": \"%s\"}\n", name, value, unit);
}

int main(int argc, char **argv)
{
    bool once = false;
    int a = 1;
    for (; a < argc && argv[a][0] == '-' && argv[a][1] == '-'; a++) {
        if (strcmp(argv[a], "--once") == 0) {
            once = true;
        } else if (strcmp(argv[a], "--4k") == 0) {
            K = 2;
            TITLE.size *= 2, TITLE.min_size *= 2, DATE_ST.size *= 2, SUMMARY.size *= 2, SUMMARY.min_size *= 2;
        } else {
            fprintf(stderr, "usage: bench_text [--once] [--4k] [JSON_OUT]\n");
            return 2;
        }
    }
    json = stdout;
    const char *out = a < argc ? argv[a] : NULL;
    if (out && !(json = fopen(out, "w"))) {
        perror(out);
        return 2;
    }
    struct slide sl[MAX_SLIDES];
    size_t n = load_slides(sl);
    struct text_quad *q = NULL;
    size_t cap = 0;

    if (once) {
        struct text_engine *te = engine();
        open_faces(te);
        size_t nq = cold_slide(te, &sl[0], &q, &cap);
        printf("one cold slide: %zu quads\n", nq);
        text_engine_free(te);
        free(q);
        return 0;
    }

    /* start-up: engine with the primary face open */
    double t0 = now_us();
    struct text_engine *te = engine();
    double startup = now_us() - t0;
    text_engine_free(te);

    /* cold: a fresh engine per slide (faces open), every glyph new */
    double cold[MAX_SLIDES], cold_layout[MAX_SLIDES], raster_us = 0;
    size_t rasterized = 0;
    for (size_t i = 0; i < n; i++) {
        te = engine();
        open_faces(te);
        struct text_stats s0, s1;
        text_stats(te, &s0);
        t0 = now_us();
        slide_layout(te, &sl[i], false, &q, &cap);
        double t1 = now_us();
        slide_layout(te, &sl[i], true, &q, &cap);
        double t2 = now_us();
        text_stats(te, &s1);
        cold_layout[i] = t1 - t0;
        cold[i] = t2 - t0;
        raster_us += t2 - t1;
        rasterized += s1.glyphs_rasterized - s0.glyphs_rasterized;
        text_engine_free(te);
    }

    /* one engine through the whole loop: warm paths and memory */
    te = engine();
    for (size_t i = 0; i < n; i++) {
        text_frame_begin(te);
        slide_layout(te, &sl[i], true, &q, &cap);
    }
    enum { REPS = 200 };
    t0 = now_us();
    for (int r = 0; r < REPS; r++)
        for (size_t i = 0; i < n; i++)
            slide_layout(te, &sl[i], false, &q, &cap);
    double warm = (now_us() - t0) / (REPS * (double)n * 3);
    double uncached[MAX_SLIDES];
    for (size_t i = 0; i < n; i++) {
        double best = 1e18;
        for (int r = 0; r < 5; r++) {
            text_cache_clear(te);
            t0 = now_us();
            slide_layout(te, &sl[i], true, &q, &cap);
            double t = now_us() - t0;
            best = t < best ? t : best;
        }
        uncached[i] = best;
    }
    t0 = now_us();
    size_t nq = 0;
    for (int r = 0; r < REPS; r++)
        for (size_t i = 0; i < n; i++) {
            text_frame_begin(te);
            nq += slide_layout(te, &sl[i], true, &q, &cap);
        }
    double frame = (now_us() - t0) / (REPS * (double)n);
    struct text_stats st;
    text_stats(te, &st);

    printf("text engine, %zu seed slides (title %d->%d px bold, date %d px, summary %d->%d px, %d px wide)\n", n,
           TITLE.size, TITLE.min_size, DATE_ST.size, SUMMARY.size, SUMMARY.min_size, 1680 * K);
    printf("%-44s %12s %-8s %s\n", "measure", "value", "unit", "aim");
    report("startup_engine_new", startup / 1000, "ms", NULL);
    report("cold_slide_median", median(cold, (int)n) / 1000, "ms", "< 10 ms");
    qsort(cold, n, sizeof *cold, cmp_double);
    report("cold_slide_max", cold[n - 1] / 1000, "ms", NULL);
    report("cold_slide_layout_only_median", median(cold_layout, (int)n) / 1000, "ms", NULL);
    report("glyphs_rasterized_per_s", (double)rasterized / (raster_us / 1e6), "glyph/s", NULL);
    report("warm_layout_cache_hit", warm, "us", "< 200 us");
    report("warm_uncached_slide_median", median(uncached, (int)n) / 1000, "ms", NULL);
    report("warm_uncached_per_layout_median", median(uncached, (int)n) / 3, "us", NULL);
    report("frame_quads_per_slide", frame, "us", NULL);
    report("quads_per_slide", (double)nq / (REPS * (double)n), "quads", NULL);
    report("atlas_bytes_whole_loop", (double)st.atlas_bytes / (1024 * 1024), "MiB", "< 16 MiB");
    report("atlas_pages", (double)text_atlas_page_count(te), "pages", NULL);
    report("glyphs_cached", (double)st.glyphs_cached, "glyphs", NULL);
    report("glyphs_evicted", (double)st.glyphs_evicted, "glyphs", NULL);
    report("layouts_cached", (double)st.layouts_cached, "layouts", NULL);
    report("process_rss", proc_mib("VmRSS"), "MiB", NULL);
    report("process_peak_rss", proc_mib("VmHWM"), "MiB", NULL);
    text_engine_free(te);
    for (size_t i = 0; i < n; i++) {
        free(sl[i].title);
        free(sl[i].summary);
    }
    free(q);
    if (json != stdout)
        fclose(json);
    return 0;
}
