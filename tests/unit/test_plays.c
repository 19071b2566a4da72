/* plays: proof of play and now.png through the service on a software surface and a fake clock.
 * A simulated day of the sample loop: one whole JSON line per step, the bytes per day and the
 * fdatasyncs per hour (printed). A simulated power cut at odd moments (the file cut back to what
 * was fdatasync'ed plus half a line): every line that ended more than a minute before the cut is
 * still there, the torn one is skipped when read and closed off when the player starts again.
 * SIGKILL of a real `lobbysign play`: every line whole. now.png equals a downscale of the same
 * step drawn as `render` draws it. */
#define _XOPEN_SOURCE 700
#include <jansson.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "service_fixture.h"

#include "cli.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "player/frame.h"
#include "player/nowpic.h"
#include "player/plays.h"

#define MIN_MS 60000ull

struct rig {
    struct fake_display disp;
    struct text_engine *te;
    struct service *svc;
};

static void rig_start(struct rig *g, const struct clock_src *clk, const char *dir, int w, int h, int now_png_s)
{
    g->disp = (struct fake_display){.w = w, .h = h};
    g->te = text_engine_new(NULL);
    CHECK(g->te != NULL, "text engine");
    g->svc = service_new(&(struct service_config){
        .te = g->te, .clock = clk, .display = fake_display_ops(&g->disp), .player = {.transition_ms = 0},
        .content = TEST_SRCDIR "/playlists", .snap = fixture_samples(), .version = "test", .wait_for_display = true,
        .min_frame_ms = 16, .state_dir = dir, .name = "lobby-1", .now_png_s = now_png_s});
}

static void rig_stop(struct rig *g)
{
    service_free(g->svc);
    text_engine_free(g->te);
}

/* Runs for ms of fake time, moving frames at one a second (as the soak). */
static void run(struct clock_fake *fk, struct rig *g, uint64_t ms)
{
    for (uint64_t t = 0; t < ms;) {
        uint64_t w;
        service_turn(g->svc, 0, &w);
        w = w < 1000 ? 1000 : w;
        w = w < ms - t ? w : ms - t;
        fk->mono_ms += w, fk->wall += (time_t)(w / 1000), t += w;
    }
}

struct collect {
    size_t n;
    char last_end[40];
    bool bad;
};
static void count_line(void *ctx, const struct play_line *l)
{
    struct collect *c = ctx;
    c->n++;
    snprintf(c->last_end, sizeof c->last_end, "%s", l->end);
    if (!l->start[0] || !l->end[0] || l->seconds <= 0 || !l->kind[0] || !l->why[0])
        c->bad = true;
}

static char *today_file(const char *dir, time_t wall)
{
    struct tm tm;
    char name[64];
    localtime_r(&wall, &tm);
    strftime(name, sizeof name, "plays-%Y-%m-%d.jsonl", &tm);
    return fs_join(dir, name);
}

static time_t parse_local(const char *iso)
{
    struct tm tm = {0};
    if (!strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm))
        return 0;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

static void test_day(const char *root)
{
    char *dir = fs_join(root, "day");
    struct clock_fake fk = {.mono_ms = 5000, .wall = 1752012000}; /* 2025-07-09 06:00 +08 */
    struct clock_src clk = clock_fake_src(&fk);
    struct rig g;
    rig_start(&g, &clk, dir, 320, 180, 0);
    run(&fk, &g, 24 * 3600 * 1000ull);
    struct plays_stats ps;
    service_get_plays(g.svc, &ps);
    rig_stop(&g);
    struct collect c = {0};
    size_t skipped = 0;
    CHECK(plays_read(dir, NULL, count_line, &c, &skipped), "the state folder reads");
    CHECK(c.n >= ps.lines && c.n <= ps.lines + 1 && c.n > 1000 && !c.bad && skipped == 0,
          "a day of the sample loop: one whole line per step (%zu read, %llu written + the last, %zu skipped)", c.n,
          (unsigned long long)ps.lines, skipped);
    printf("proof of play: %llu lines, %llu bytes per simulated day of the sample loop, %.1f fdatasyncs per hour\n",
           (unsigned long long)ps.lines, (unsigned long long)ps.bytes, (double)ps.syncs / 24.0);
    CHECK(ps.syncs <= 24 * 60 + 4, "at most one fdatasync a minute (%llu in a day)", (unsigned long long)ps.syncs);
    /* The summary `lobbysign status --plays` prints. */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    plays_print_summary(f, dir, "2025-07-09");
    fclose(f);
    CHECK(strstr(text, "board") && strstr(text, "2025-07-09T"), "the summary names the slides of the day asked for:\n%s", text);
    free(text);
    free(dir);
}

/* A power cut after run_ms: the file keeps what was fdatasync'ed and half of the next line. */
static void test_power_cut(const char *root, uint64_t run_ms, int k)
{
    char name[32];
    snprintf(name, sizeof name, "cut%d", k);
    char *dir = fs_join(root, name);
    struct clock_fake fk = {.mono_ms = 5000, .wall = 1752026400}; /* 2025-07-09 10:00 +08 */
    struct clock_src clk = clock_fake_src(&fk);
    struct rig g;
    rig_start(&g, &clk, dir, 320, 180, 0);
    run(&fk, &g, run_ms);
    time_t cut_at = fk.wall;
    char *file = today_file(dir, fk.wall), *before = NULL;
    size_t len = 0;
    CHECK(fs_read_file(file, 1u << 24, false, &before, &len) == FS_OK, "%s", file);
    struct plays_stats ps;
    service_get_plays(g.svc, &ps);
    rig_stop(&g); /* its last line goes to the page cache, and is lost with the rest below */
    size_t durable = (size_t)ps.synced_size;
    /* Every line that ended a minute before the cut lies in the synced part. */
    size_t must = 0, expect_lines = 0;
    for (size_t a = 0; before && a < len;) {
        char *nl = memchr(before + a, '\n', len - a);
        if (!nl)
            break;
        size_t e = (size_t)(nl - before) + 1;
        const char *endp = strstr(before + a, "\"end\":\"");
        time_t end = endp ? parse_local(endp + 7) : 0;
        if (end && end <= cut_at - (time_t)(MIN_MS / 1000))
            must = e;
        if (e <= durable)
            expect_lines++;
        a = e;
    }
    CHECK(must <= durable, "cut %d: lines ended a minute before the cut were synced (%zu of %zu bytes needed, %zu synced)", k,
          must, len, durable);
    /* The cut: the synced bytes and half of the line after them. */
    size_t next = durable;
    while (next < len && before[next] != '\n')
        next++;
    size_t keep = durable + (next > durable ? (next - durable) / 2 : 0);
    if (keep == durable && durable < len)
        keep = durable + 1;
    CHECK(truncate(file, (off_t)keep) == 0, "truncate");
    struct collect c = {0};
    size_t skipped = 0;
    plays_read(dir, NULL, count_line, &c, &skipped);
    CHECK(c.n == expect_lines && !c.bad && skipped == (keep > durable), "cut %d: %zu whole lines back (%zu expected), %zu torn skipped",
          k, c.n, expect_lines, skipped);
    /* Power back: the player starts again on the same folder; the torn line stays one skipped line. */
    fk.mono_ms = 5000; /* a new boot */
    fk.wall += 120;
    rig_start(&g, &clk, dir, 320, 180, 0);
    run(&fk, &g, 10 * MIN_MS);
    service_get_plays(g.svc, &ps);
    rig_stop(&g);
    struct collect c2 = {0};
    size_t skipped2 = 0;
    plays_read(dir, NULL, count_line, &c2, &skipped2);
    CHECK(c2.n == expect_lines + ps.lines + 1 && !c2.bad && skipped2 == skipped,
          "cut %d: after the restart %zu lines (%zu + %llu + 1), %zu skipped", k, c2.n, expect_lines,
          (unsigned long long)ps.lines, skipped2);
    free(before);
    free(file);
    free(dir);
}

/* A real player killed with SIGKILL: lines are single appends, never half written. */
static void test_sigkill(const char *root)
{
    char *dir = fs_join(root, "kill"), *content = fs_join(root, "short");
    fs_mkdirs(content);
    char *text = NULL;
    size_t len = 0;
    CHECK(fs_read_file(TEST_SRCDIR "/playlists/lobby.json", 1u << 20, false, &text, &len) == FS_OK, "lobby.json");
    if (!text)
        return;
    /* Short steps, no dayparts: every duration 0.4 s, the "schedule" object cut out. */
    char *out_text = xmalloc(len * 2 + 1), *o = out_text;
    for (const char *p = text; *p;) {
        if (strncmp(p, "\"duration\": ", 12) == 0) {
            o += sprintf(o, "\"duration\": 0.4");
            p += 12;
            while (*p >= '0' && *p <= '9')
                p++;
        } else if (strncmp(p, "\"schedule\": {", 13) == 0) {
            int depth = 0;
            p += 12;
            do
                depth += *p == '{' ? 1 : *p == '}' ? -1 : 0;
            while (*++p && depth > 0);
            while (*p == ',' || *p == ' ' || *p == '\n')
                p++;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    char *file = fs_join(content, "lobby.json"), *assets = fs_join(content, "assets");
    CHECK(fs_write_atomic(file, out_text, strlen(out_text)), "%s", file);
    free(text);
    free(out_text);
    char *cp = xasprintf("cp -r %s/playlists/assets %s", TEST_SRCDIR, content);
    CHECK(system(cp) == 0, "%s", cp);
    free(cp);
    char *cmd = xasprintf("cd %s && (SDL_VIDEODRIVER=dummy LOBBYSIGN_CONFIG= LOBBYSIGN_LOG=error %s play --window 320x180 "
                          "--always-on --no-watch --state-dir %s %s & pid=$!; "
                          "for i in $(seq 200); do [ \"$(cat %s/plays-*.jsonl 2>/dev/null | wc -l)\" -ge 6 ] && break; sleep 0.1; done; "
                          "kill -KILL $pid; wait $pid; echo killed $?)",
                          root, TEST_LOBBYSIGN, dir, content, dir);
    char *out = NULL;
    cli_run(cmd, &out);
    CHECK(strstr(out, "killed 137") != NULL, "the player was killed: %s", out);
    free(out);
    free(cmd);
    struct collect c = {0};
    size_t skipped = 0;
    plays_read(dir, NULL, count_line, &c, &skipped);
    CHECK(c.n >= 6 && !c.bad && skipped == 0, "after SIGKILL: %zu whole lines, %zu torn", c.n, skipped);
    cmd = xasprintf("LOBBYSIGN_CONFIG= %s status --plays --state-dir %s 2>&1", TEST_LOBBYSIGN, dir);
    int rc = cli_run(cmd, &out);
    CHECK(rc == 0 && strstr(out, "board") && strstr(out, "headline"), "status --plays after the kill:\n%s", out);
    free(out);
    free(cmd);
    free(file);
    free(assets);
    free(content);
    free(dir);
}

/* now.png is the frame on screen scaled down: the same as `render`'s picture of that step, scaled. */
static void test_nowpic(const char *root)
{
    char *dir = fs_join(root, "now");
    struct clock_fake fk = {.mono_ms = 5000, .wall = 1752026400};
    struct clock_src clk = clock_fake_src(&fk);
    struct rig g;
    rig_start(&g, &clk, dir, 960, 540, 5);
    run(&fk, &g, 30000);
    char *png = fs_join(dir, NOWPIC_NAME);
    struct stat st;
    CHECK(stat(png, &st) == 0, "now.png written");
    struct player *p = service_player(g.svc);
    const struct cursor_pos *pos = player_position(p);
    const struct playlist *pl = player_playlist(p);
    /* The picture of the step on screen now: wait until it is written (the interval), then compare. */
    uint64_t t0 = fk.mono_ms;
    struct step cur = pos->cur;
    while (fk.mono_ms - t0 < 6000) {
        service_turn(g.svc, 0, NULL);
        fk.mono_ms += 500, fk.wall += fk.mono_ms % 1000 == 0;
    }
    service_turn(g.svc, 0, NULL);
    CHECK(pos->cur.slide == cur.slide && pos->cur.page == cur.page, "still the same step");
    const char *why = NULL;
    SDL_Surface *got = render_load_image(png, 0, 0, &why);
    struct render *r = render_new_surface(g.te, 960, 540, 0);
    frame_draw_step(g.te, r, 0, pl, pos->cur, pos->step_elapsed_ms, fk.mono_ms);
    SDL_Surface *want = render_scale_surface(render_surface(r), NOWPIC_WIDTH, 270);
    CHECK(got && want && got->w == want->w && got->h == want->h, "now.png is %dx%d", got ? got->w : 0, got ? got->h : 0);
    if (got && want && got->w == want->w && got->h == want->h) {
        SDL_Surface *g32 = SDL_ConvertSurfaceFormat(got, SDL_PIXELFORMAT_ARGB8888, 0);
        /* The banner's ticker moves with every frame: it is compared apart (rows of the bottom sixth). */
        int body_h = want->h * 5 / 6;
        size_t off = 0, off_banner = 0, n = (size_t)want->w * (size_t)body_h, n_banner = (size_t)want->w * (size_t)(want->h - body_h);
        int maxd = 0;
        for (int y = 0; y < want->h; y++)
            for (int x = 0; x < want->w; x++) {
                uint32_t a = ((uint32_t *)((uint8_t *)g32->pixels + y * g32->pitch))[x];
                uint32_t b = ((uint32_t *)((uint8_t *)want->pixels + y * want->pitch))[x];
                int d = 0;
                for (int k = 0; k < 3; k++) {
                    int dk = abs((int)((a >> (8 * k)) & 0xff) - (int)((b >> (8 * k)) & 0xff));
                    d = dk > d ? dk : d;
                }
                if (d > 4 && y < body_h)
                    off++;
                if (d > 4 && y >= body_h)
                    off_banner++;
                maxd = d > maxd ? d : maxd;
            }
        printf("now.png vs render's picture scaled: %zu of %zu pixels of the slide and %zu of %zu of the banner (its ticker "
               "moves) differ by more than 4 (max %d)\n", off, n, off_banner, n_banner, maxd);
        CHECK(off * 1000 <= n && off_banner * 10 <= n_banner,
              "now.png equals a downscale of render's picture (%zu of %zu pixels off, banner %zu of %zu)", off, n,
              off_banner, n_banner);
        SDL_FreeSurface(g32);
    }
    SDL_FreeSurface(got);
    SDL_FreeSurface(want);
    render_free(r);
    rig_stop(&g);
    free(png);
    free(dir);
}

/* `lobbysign status` as a user who may not read the state folder: says so and how to fix it. */
static void test_denied(const char *root)
{
    char *dir = fs_join(root, "kill"), *cmd, *out = NULL;
    if (geteuid() == 0)
        cmd = xasprintf("chmod 0711 %s && chmod 0700 %s && runuser -u nobody -- env LOBBYSIGN_CONFIG= %s status "
                        "--state-dir %s --store %s/store 2>&1",
                        root, dir, TEST_LOBBYSIGN, dir, dir);
    else
        cmd = xasprintf("chmod 0000 %s && LOBBYSIGN_CONFIG= %s status --state-dir %s --store %s/store 2>&1; chmod 0700 %s", dir,
                        TEST_LOBBYSIGN, dir, dir, dir);
    int rc = cli_run(cmd, &out);
    CHECK(rc == 2 && strstr(out, "permission denied") && strstr(out, "yourself to the group lobbysign") &&
              strstr(out, "权限不足"),
          "status as another user says what is wrong and how to fix it:\n%s", out);
    free(out);
    free(cmd);
    free(dir);
}

int main(void)
{
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    char root[] = "/tmp/lobbysign-plays-XXXXXX";
    CHECK(mkdtemp(root) != NULL, "mkdtemp");
    log_set_level(LOG_ERROR);
    test_nowpic(root);
    test_day(root);
    static const uint64_t cuts[] = {2 * 3600 * 1000ull + 17 * MIN_MS + 31000, 3 * MIN_MS + 7000, 5 * 3600 * 1000ull + 59500};
    for (int k = 0; k < 3; k++)
        test_power_cut(root, cuts[k], k);
    test_sigkill(root);
    test_denied(root);
    char *rm = xasprintf("rm -rf %s", root);
    if (system(rm) != 0)
        fprintf(stderr, "cannot remove %s\n", root);
    free(rm);
    return check_done();
}
