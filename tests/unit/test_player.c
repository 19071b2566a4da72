/* player: a headless simulated run with a fake clock at 640x360: slide order, crossfades between
 * steps, the count-up settling on the exact value, the ticker moving, no frames while nothing
 * moves, unshowable slides skipped and logged once, the fallback slide instead of black, screen-off
 * hours, a wall-clock jump, and swapping snapshots. */
#include <math.h>
#include <unistd.h>

#include "check.h"
#include "test_player_fixture.h"

#include "core/fsutil.h"
#include "core/xalloc.h"
#include "player/frame.h"
#include "player/player.h"

#define W 640
#define H 360

struct sampled {
    uint64_t t;
    struct cursor_pos pos;
    bool off;
    bool has_final_figure; /* "156.02" in the body */
    float ticker_x;        /* first banner text op inside the clip, or NAN */
    double lit;            /* percent of non-black pixels (sampled frames only, else -1) */
    size_t layouts;        /* text engine: layouts cached after the frame */
    size_t rasterized;     /* text engine: glyphs rasterized so far */
};

struct sim {
    struct clock_fake fk;
    struct clock_src clk;
    struct text_engine *te;
    struct render *r;
    struct player *p;
    time_t wall0;
    uint64_t mono0;
    struct sampled *f;
    size_t n, cap;
};

static void sim_init_cfg(struct sim *s, struct text_engine *te, struct snapshot *snap, time_t wall,
                         bool always_on)
{
    memset(s, 0, sizeof *s);
    s->fk = (struct clock_fake){.mono_ms = 1000000, .wall = wall};
    s->clk = clock_fake_src(&s->fk);
    s->te = te;
    s->wall0 = wall;
    s->mono0 = s->fk.mono_ms;
    s->r = render_new_surface(te, W, H, 0);
    s->p = player_new(&(struct player_config){
        .te = te, .render = s->r, .clock = &s->clk, .transition_ms = 800, .always_on = always_on});
    player_set_snapshot(s->p, snap);
}

static void sim_init(struct sim *s, struct text_engine *te, struct snapshot *snap, time_t wall)
{
    sim_init_cfg(s, te, snap, wall, false);
}

static void sim_free(struct sim *s)
{
    player_free(s->p);
    render_free(s->r);
    free(s->f);
}

static float ticker_x(const struct drawlist *dl)
{
    bool in = false;
    for (size_t i = 0; i < dl->n; i++) {
        if (dl->ops[i].kind == DRAW_CLIP)
            in = true;
        else if (in && dl->ops[i].kind == DRAW_TEXT)
            return dl->ops[i].x;
    }
    return NAN;
}

static bool body_has(const struct drawlist *dl, const char *s)
{
    for (size_t i = 0; i < dl->n; i++)
        if (drawlist_text_str(dl, i) && strcmp(drawlist_text_str(dl, i), s) == 0)
            return true;
    return false;
}

/* Runs the loop as `play` does, with a 16 ms vsync, until mono time `until` (relative to the
 * start); the wall clock follows the monotonic one. sample_every: check pixels of every Nth frame. */
static void sim_run(struct sim *s, uint64_t until, unsigned sample_every)
{
    until += s->mono0;
    while (s->fk.mono_ms < until) {
        uint64_t wait;
        if (player_update(s->p, &wait)) {
            player_draw(s->p);
            if (s->n == s->cap) {
                s->cap = s->cap ? s->cap * 2 : 256;
                s->f = realloc(s->f, s->cap * sizeof *s->f);
            }
            struct sampled *f = &s->f[s->n++];
            f->t = s->fk.mono_ms - s->mono0;
            f->pos = *player_position(s->p);
            f->off = player_screen_off(s->p);
            f->has_final_figure = body_has(player_last_body(s->p), "156.02");
            f->ticker_x = ticker_x(player_last_banner(s->p));
            f->lit = sample_every && s->n % sample_every == 0 ? fx_lit_pct(render_surface(s->r)) : -1;
            struct text_stats ts;
            text_stats(s->te, &ts);
            f->layouts = ts.layouts_cached;
            f->rasterized = ts.glyphs_rasterized;
        }
        uint64_t step = wait ? wait : 16;
        if (s->fk.mono_ms + step > until)
            step = until - s->fk.mono_ms > 0 ? until - s->fk.mono_ms : 1;
        s->fk.mono_ms += step;
        s->fk.wall = s->wall0 + (time_t)((s->fk.mono_ms - s->mono0) / 1000);
    }
}

static time_t wall_at(int h, int m, int sec)
{
    struct tm tm = {.tm_year = 2025 - 1900, .tm_mon = 6, .tm_mday = 9, .tm_hour = h, .tm_min = m, .tm_sec = sec};
    return timegm(&tm);
}

/* The sample loop without a ticker: order, crossfades, count-up, and frames only while moving. */
static void test_loop(struct text_engine *te)
{
    struct playlist pl = fx_playlist;
    pl.banner.ticker = NULL;
    struct snapshot snap = fx_snapshot;
    snap.playlists = &pl;
    struct sim s;
    sim_init(&s, te, &snap, wall_at(10, 0, 0));
    const uint64_t cycle = 6 * 8000; /* 5 slides, the board has 2 pages */
    sim_run(&s, 2 * cycle, 25);

    static const size_t order[][2] = {{0, 0}, {1, 0}, {1, 1}, {2, 0}, {3, 0}, {4, 0}};
    size_t transitions = 0, idle = 0, countups = 0, settled_ok = 0, dark = 0, shaped = 0;
    struct step last = {99, 99, 0};
    size_t seq = 0;
    for (size_t i = 0; i < s.n; i++) {
        const struct sampled *f = &s.f[i];
        const struct cursor_pos *p = &f->pos;
        if (p->cur.slide != last.slide || p->cur.page != last.page) {
            size_t k = seq++ % 6;
            CHECK(p->cur.slide == order[k][0] && p->cur.page == order[k][1],
                  "t=%llu: step %zu is slide %zu page %zu, want slide %zu page %zu", (unsigned long long)f->t, seq,
                  p->cur.slide, p->cur.page, order[k][0], order[k][1]);
            if (seq > 1) {
                /* A crossfade from the previous step begins this one. */
                size_t fades = 0;
                for (size_t j = i; j < s.n && s.f[j].pos.cur.slide == p->cur.slide && s.f[j].pos.cur.page == p->cur.page; j++)
                    if (s.f[j].pos.in_transition && s.f[j].pos.prev.slide == last.slide &&
                        s.f[j].pos.prev.page == last.page && s.f[j].pos.transition_t > 0 && s.f[j].pos.transition_t < 1)
                        fades++;
                CHECK(fades >= 20, "t=%llu: %zu crossfade frames into slide %zu", (unsigned long long)f->t, fades,
                      p->cur.slide);
                transitions++;
            }
            last = p->cur;
        }
        bool kpi = p->cur.slide == FX_KPI;
        if (kpi && p->step_elapsed_ms < SLIDES_COUNTUP_MS) {
            countups++;
            CHECK(!f->has_final_figure || p->step_elapsed_ms > 1400, "t=%llu: count-up shows the final value early",
                  (unsigned long long)f->t);
        }
        if (kpi && p->step_elapsed_ms >= SLIDES_COUNTUP_MS && f->has_final_figure)
            settled_ok++;
        /* Nothing moves after the crossfade (and the count-up): no frame but the settled one. */
        uint64_t quiet_from = kpi ? SLIDES_COUNTUP_MS : 800;
        if (p->step_elapsed_ms > quiet_from + 40)
            idle++;
        if (f->lit >= 0 && f->lit < 50)
            dark++;
        /* Moving frames only draw: the step was laid out and rasterized before it started. */
        if (i > 0 && (p->in_transition || (kpi && p->step_elapsed_ms < SLIDES_COUNTUP_MS)) &&
            (f->layouts != s.f[i - 1].layouts || f->rasterized != s.f[i - 1].rasterized)) {
            shaped++;
            fprintf(stderr, "  t=%llu slide %zu: layouts %zu -> %zu, glyphs rasterized %zu -> %zu\n",
                    (unsigned long long)f->t, p->cur.slide, s.f[i - 1].layouts, f->layouts, s.f[i - 1].rasterized,
                    f->rasterized);
        }
    }
    CHECK(shaped == 0, "%zu moving frames laid out or rasterized text", shaped);
    CHECK(seq >= 12, "two cycles: %zu steps", seq);
    CHECK(transitions >= 11, "%zu crossfades", transitions);
    CHECK(countups >= 40, "count-up animated over %zu frames", countups);
    CHECK(settled_ok == 2, "count-up settled exactly on 156.02 once per cycle (%zu)", settled_ok);
    CHECK(idle == 0, "%zu frames drawn while nothing moved", idle);
    CHECK(dark == 0, "%zu dark frames", dark);
    /* Frame budget: crossfades (~50 frames), count-ups (~94) and one settle frame each. */
    CHECK(s.n < 12 * 60 + 2 * 100, "%zu frames in two cycles", s.n);
    printf("loop: %zu frames in %llu simulated s, %zu steps\n", s.n, (unsigned long long)(2 * cycle / 1000), seq);
    sim_free(&s);
}

static void test_ticker(struct text_engine *te)
{
    struct sim s;
    sim_init(&s, te, &fx_snapshot, wall_at(10, 0, 0));
    sim_run(&s, 3000, 0);
    CHECK(s.n >= 150, "a ticker keeps frames coming (%zu in 3 s)", s.n);
    size_t moved = 0;
    for (size_t i = 1; i < s.n; i++)
        if (!isnan(s.f[i].ticker_x) && !isnan(s.f[i - 1].ticker_x) && s.f[i].ticker_x != s.f[i - 1].ticker_x)
            moved++;
    CHECK(moved + 2 >= s.n, "the ticker moved in %zu of %zu frames", moved, s.n);
    sim_free(&s);
}

static void test_unshowable(struct text_engine *te)
{
    struct slide slides[3] = {fx_slides[FX_HEADLINE], fx_slides[FX_IMAGE], fx_slides[FX_HOTLINE]};
    slides[1].image = TEST_SRCDIR "/tests/unit/test_player.c"; /* not a PNG or JPEG */
    struct playlist pl = fx_playlist;
    pl.banner.ticker = NULL;
    pl.slides = slides;
    pl.n_slides = 3;
    struct snapshot snap = fx_snapshot;
    snap.playlists = &pl;
    struct sim s;
    sim_init(&s, te, &snap, wall_at(10, 0, 0));
    sim_run(&s, 60000, 0);
    struct player_stats st;
    player_get_stats(s.p, &st);
    CHECK(st.unshowable == 1, "the bad image slide was found unshowable once (%u)", st.unshowable);
    size_t shown = 0, steps = 0;
    for (size_t i = 0; i < s.n; i++) {
        shown += s.f[i].pos.cur.slide == 1;
        steps += i == 0 || s.f[i].pos.cur.slide != s.f[i - 1].pos.cur.slide;
    }
    CHECK(shown == 0, "the bad image slide never shows (%zu frames)", shown);
    CHECK(steps >= 7, "the others keep alternating (%zu steps in 60 s)", steps);
    CHECK(st.fallback_frames == 0, "no fallback while a slide can be shown");
    sim_free(&s);

    /* Every slide unshowable: the fallback slide, never black. */
    struct slide bad = slides[1];
    pl.slides = &bad;
    pl.n_slides = 1;
    sim_init(&s, te, &snap, wall_at(10, 0, 0));
    sim_run(&s, 20000, 1);
    player_get_stats(s.p, &st);
    CHECK(s.n >= 1 && st.fallback_frames == s.n, "fallback drawn (%llu of %zu frames)",
          (unsigned long long)st.fallback_frames, s.n);
    for (size_t i = 0; i < s.n; i++)
        CHECK(s.f[i].lit > 50, "fallback frame %zu is not black (%.1f%% lit)", i, s.f[i].lit);
    CHECK(s.n <= 3, "the fallback without a ticker is static (%zu frames in 20 s)", s.n);
    sim_free(&s);

    /* No content at all (invalid at start): still the fallback. */
    sim_init(&s, te, NULL, wall_at(10, 0, 0));
    sim_run(&s, 5000, 1);
    CHECK(s.n >= 1 && s.f[0].lit > 50, "fallback with no snapshot (%zu frames)", s.n);
    sim_free(&s);
}

/* A slide whose image is missing for a while (a folder moved away and back) comes back on screen
 * after the retry back-off instead of staying skipped until restart. */
static void test_unshowable_retry(struct text_engine *te)
{
    char dir[] = "/tmp/lsretryXXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char *pic = xasprintf("%s/pic.png", dir);
    struct slide slides[2] = {fx_slides[FX_HEADLINE], fx_slides[FX_IMAGE]};
    slides[1].image = pic;
    struct playlist pl = fx_playlist;
    pl.banner.ticker = NULL;
    pl.slides = slides;
    pl.n_slides = 2;
    struct snapshot snap = fx_snapshot;
    snap.playlists = &pl;
    struct sim s;
    sim_init(&s, te, &snap, wall_at(10, 0, 0));
    sim_run(&s, 30000, 0);
    size_t shown = 0;
    for (size_t i = 0; i < s.n; i++)
        shown += s.f[i].pos.cur.slide == 1;
    CHECK(shown == 0, "missing image: not shown (%zu frames)", shown);
    char *src = NULL;
    size_t len = 0;
    CHECK(fs_read_file(TEST_SRCDIR "/playlists/assets/port.png", 1 << 22, false, &src, &len) == FS_OK &&
              fs_write_atomic(pic, src, len),
          "the image comes back");
    free(src);
    size_t before = s.n;
    sim_run(&s, 30000 + 60000, 0); /* retries at 5, 15, 35 s: the one at 35 s finds it */
    shown = 0;
    for (size_t i = before; i < s.n; i++)
        shown += s.f[i].pos.cur.slide == 1;
    CHECK(shown > 0, "after the back-off the image slide is shown again (%zu frames)", shown);
    struct player_stats st;
    player_get_stats(s.p, &st);
    CHECK(st.unshowable == 1, "counted once (%u)", st.unshowable);
    sim_free(&s);
    unlink(pic);
    rmdir(dir);
    free(pic);
}

static void test_screen_off(struct text_engine *te)
{
    static const struct day_span off[] = {{0x7f, 10 * 60, 11 * 60}};
    struct playlist pl = fx_playlist;
    pl.banner.ticker = NULL;
    pl.screen_off = off;
    pl.n_screen_off = 1;
    struct snapshot snap = fx_snapshot;
    snap.playlists = &pl;
    struct sim s;
    sim_init(&s, te, &snap, wall_at(10, 50, 0));
    sim_run(&s, 9 * 60000 + 30000, 1); /* until 10:59:30 */
    CHECK(s.n == 1 && s.f[0].off && s.f[0].lit == 0, "screen-off: one black frame, then none (%zu frames)", s.n);
    size_t before = s.n;
    sim_run(&s, 11 * 60000, 1); /* to 11:01 */
    CHECK(s.n > before && !s.f[before].off && s.f[before].lit > 50, "screen back on after 11:00");
    CHECK(s.n > before && s.f[before].t <= 10 * 60000 + 61000, "noticed within a minute (t=%llu)",
          s.n > before ? (unsigned long long)s.f[before].t : 0ull);
    sim_free(&s);

    /* play --always-on: the same hour plays. */
    sim_init_cfg(&s, te, &snap, wall_at(10, 50, 0), true);
    sim_run(&s, 5000, 1);
    CHECK(s.n >= 1 && !s.f[0].off && s.f[0].lit > 50, "always_on ignores screen-off hours (%zu frames)", s.n);
    sim_free(&s);
}

static void test_clock_jump_and_swap(struct text_engine *te)
{
    struct playlist pl = fx_playlist;
    pl.banner.ticker = NULL;
    struct snapshot snap = fx_snapshot;
    snap.playlists = &pl;
    struct sim s;
    sim_init(&s, te, &snap, wall_at(10, 0, 0));
    sim_run(&s, 20000, 0);
    size_t steps_before = 0;
    for (size_t i = 1; i < s.n; i++)
        steps_before += s.f[i].pos.cur.slide != s.f[i - 1].pos.cur.slide || s.f[i].pos.cur.page != s.f[i - 1].pos.cur.page;
    /* NTP moves the wall clock back a day: slide timing follows the monotonic clock. */
    s.wall0 -= 86400;
    size_t n0 = s.n;
    sim_run(&s, 60000, 0);
    size_t steps_after = 0;
    for (size_t i = n0 + 1; i < s.n; i++)
        steps_after += s.f[i].pos.cur.slide != s.f[i - 1].pos.cur.slide || s.f[i].pos.cur.page != s.f[i - 1].pos.cur.page;
    CHECK(steps_after >= 4, "after a wall-clock jump the loop goes on (%zu steps in 40 s)", steps_after);
    (void)steps_before;

    /* Swapping content: the old snapshot is handed back, the new one starts at its first step. */
    struct slide one = fx_slides[FX_HOTLINE];
    struct playlist pl2 = pl;
    pl2.slides = &one;
    pl2.n_slides = 1;
    struct snapshot snap2 = snap;
    snap2.playlists = &pl2;
    snap2.generation = 2;
    struct snapshot *old = player_set_snapshot(s.p, &snap2);
    CHECK(old == &snap, "the previous snapshot is returned for freeing");
    n0 = s.n;
    sim_run(&s, 70000, 1);
    CHECK(s.n > n0 && s.f[n0].pos.cur.slide == 0 && s.f[n0].lit > 50, "new content on screen at once");
    sim_free(&s);
}

static bool list_has(const struct drawlist *dl, const char *s) { return body_has(dl, s); }

/* A USB import seen by the player, on the fake clock: the progress strip appears at once over
 * the playing slide, the finished import's content waits for the end of the step on screen (never
 * cutting it short) and is on screen at the first frame after it; the result card stays for its
 * hold time and then goes, with a frame to take it away; the unsigned tag comes with the unsigned
 * content. */
static void test_queued_swap_and_notices(struct text_engine *te)
{
    struct playlist pl = fx_playlist;
    pl.banner.ticker = NULL; /* no ticker: frames only when something changes */
    struct snapshot snap = fx_snapshot;
    snap.playlists = &pl;
    struct slide one = fx_slides[FX_HOTLINE];
    struct playlist pl2 = pl;
    pl2.slides = &one;
    pl2.n_slides = 1;
    pl2.title = "投资促进中心 · 新内容";
    struct snapshot snap2 = snap;
    snap2.playlists = &pl2;
    snap2.generation = 2;
    struct sim s;
    sim_init(&s, te, &snap, wall_at(10, 0, 0));
    sim_run(&s, 2000, 0);
    CHECK(s.n > 0 && s.f[s.n - 1].pos.cur.slide == 0, "slide 0 plays");

    struct notice n = {.kind = NOTICE_PROGRESS, .progress = 0.25f};
    snprintf(n.title, sizeof n.title, "正在导入U盘内容…");
    snprintf(n.detail, sizeof n.detail, "正在复制 lobbysign.zip");
    player_set_notice(s.p, &n, 0);
    size_t n0 = s.n;
    sim_run(&s, 2100, 0);
    CHECK(s.n > n0, "a frame is drawn for the progress strip");
    CHECK(list_has(player_last_overlay(s.p), "正在导入U盘内容…"), "the progress strip is on screen");
    CHECK(list_has(player_last_body(s.p), fx_items[0].title) || s.f[s.n - 1].pos.cur.slide == 0,
          "the slide keeps playing under it");

    sim_free(&s);

    /* The import finishes at 3 s, mid-slide: queued, result card for 8 s. */
    struct notice done = {.kind = NOTICE_UPDATED};
    snprintf(done.title, sizeof done.title, "已更新：1 个播放列表，1 张幻灯片");
    snprintf(done.detail, sizeof done.detail, "签名密钥 0123456789ABCDEF");
    size_t first_new = SIZE_MAX, old_after_boundary = 0, new_before_boundary = 0;
    struct snapshot *retired = NULL;
    sim_init(&s, te, &snap, wall_at(10, 0, 0));
    sim_run(&s, 3000, 0);
    player_set_notice(s.p, &n, 0);
    CHECK(player_queue_snapshot(s.p, &snap2, true) == NULL, "nothing was queued before");
    player_set_notice(s.p, &done, 8000);
    uint64_t t_done = s.fk.mono_ms - s.mono0;
    bool card_seen_late = false, card_gone = false, tag_seen = false, tag_before = false;
    uint64_t gone_at = 0;
    for (uint64_t t = 0; t < 14000; t += 16) {
        s.fk.mono_ms += 16;
        s.fk.wall = s.wall0 + (time_t)((s.fk.mono_ms - s.mono0) / 1000);
        uint64_t wait;
        bool draw = player_update(s.p, &wait);
        struct snapshot *r = player_take_retired(s.p);
        if (r)
            retired = r;
        uint64_t now = s.fk.mono_ms - s.mono0;
        if (player_notice(s.p) && strcmp(player_notice(s.p)->title, done.title) == 0 && now > t_done + 7900)
            card_seen_late = true;
        if (!draw)
            continue;
        player_draw(s.p);
        bool is_new = list_has(player_last_body(s.p), one.title);
        bool tag = list_has(player_last_overlay(s.p), "未签名内容");
        if (is_new && first_new == SIZE_MAX)
            first_new = (size_t)now;
        if (now < 8000 && is_new)
            new_before_boundary++;
        if (now >= 8000 && now < 9000 && !is_new)
            old_after_boundary++;
        tag_seen |= tag && is_new;
        tag_before |= tag && !is_new;
        bool card = list_has(player_last_overlay(s.p), done.title);
        if (!card && now >= t_done + 8000 && !card_gone) {
            card_gone = true;
            gone_at = now;
        }
    }
    CHECK(new_before_boundary == 0, "%zu frames showed the new content before the step ended", new_before_boundary);
    CHECK(first_new != SIZE_MAX && first_new >= 8000 && first_new < 8000 + 32,
          "the new content is on screen at the step boundary (first frame at %zu ms)", first_new);
    CHECK(old_after_boundary == 0, "%zu frames of old content after the boundary", old_after_boundary);
    CHECK(retired == &snap, "the replaced snapshot is handed back once for freeing");
    CHECK(!player_has_queued(s.p), "nothing left queued");
    CHECK(card_seen_late, "the result card stays for its hold time");
    CHECK(card_gone && gone_at < t_done + 8000 + 32, "the result card goes after 8 s with a frame (at %llu ms)",
          (unsigned long long)gone_at);
    CHECK(player_notice(s.p) == NULL, "no message left");
    CHECK(tag_seen && !tag_before, "the unsigned tag comes with the unsigned content only");

    /* Queuing twice before a boundary hands back the unplayed one. */
    struct snapshot snap3 = snap;
    snap3.generation = 3;
    CHECK(player_queue_snapshot(s.p, &snap3, false) == NULL, "first queue");
    CHECK(player_queue_snapshot(s.p, &snap, false) == &snap3, "a second queue returns the unplayed snapshot");
    sim_run(&s, 3000 + 14000 + 9000, 0); /* the lone slide steps every 8 s */
    CHECK(!player_has_queued(s.p) && player_take_retired(s.p) == &snap2, "the lone slide's step ends too: the queued snapshot took over");
    sim_free(&s);
}

/* Frames where only the ticker moves redraw just the strip and keep the rest (render_begin_partial):
 * every settled frame must still equal a whole drawing of the same moment (frame_draw_step) —
 * with overscan, through count-ups, step changes and crossfades, after an expose (the picture
 * spoiled and player_invalidate) and after a snapshot swap; with crossfades and with cuts. */
static void test_kept_frames(struct text_engine *te, uint32_t transition_ms)
{
    struct sim s;
    memset(&s, 0, sizeof s);
    s.fk = (struct clock_fake){.mono_ms = 1000000, .wall = wall_at(10, 0, 0)};
    s.clk = clock_fake_src(&s.fk);
    const float overscan = 3;
    s.r = render_new_surface(te, W, H, 0);
    s.p = player_new(&(struct player_config){
        .te = te, .render = s.r, .clock = &s.clk, .overscan_pct = overscan, .transition_ms = transition_ms});
    struct render *ref = render_new_surface(te, W, H, 0);
    struct playlist pl2 = fx_playlist;
    pl2.title = "投资促进中心 · 第二屏";
    struct snapshot snap2 = fx_snapshot;
    snap2.playlists = &pl2;
    snap2.generation = 2;
    const struct playlist *pl = &fx_playlist;
    player_set_snapshot(s.p, &fx_snapshot);
    SDL_Surface *out = render_surface(s.r);
    size_t compared = 0, wrong = 0, since_event = 0;
    struct step last = {SIZE_MAX, 0, 0};
    size_t kpi_frames = 0;
    for (int i = 0; i < 1900; i++, s.fk.mono_ms += 16, s.fk.wall = wall_at(10, 0, 0) + (time_t)(i * 16 / 1000)) {
        if (i == 400 || i == 900) { /* an expose: something spoiled the picture */
            SDL_SetClipRect(out, NULL); /* the software renderer leaves its last clip on the surface */
            SDL_FillRect(out, NULL, SDL_MapRGB(out->format, 255, 0, 255));
            player_invalidate(s.p);
            since_event = 0;
        }
        if (i == 1800) {
            player_set_snapshot(s.p, &snap2);
            pl = &pl2;
            since_event = 0;
        }
        uint64_t wait;
        if (!player_update(s.p, &wait))
            continue;
        player_draw(s.p);
        const struct cursor_pos *pos = player_position(s.p);
        if (pos->cur.slide != last.slide || pos->cur.page != last.page)
            since_event = 0;
        last = pos->cur;
        kpi_frames += pos->cur.slide == FX_KPI && pos->step_elapsed_ms < SLIDES_COUNTUP_MS;
        bool event = since_event++ < 4;
        if ((pos->in_transition && pos->transition_t < 1) || (!event && i % 5))
            continue;
        frame_draw_step(te, ref, overscan, pl, pos->cur, pos->step_elapsed_ms, s.fk.mono_ms);
        double pct = fx_diff_pct(out, render_surface(ref), 0);
        compared++;
        if (pct > 0 && wrong++ < 5)
            printf("frame %d (slide %zu, %llu ms into it): %.3f%% of pixels differ from a whole drawing\n", i,
                   pos->cur.slide, (unsigned long long)pos->step_elapsed_ms, pct);
    }
    CHECK(compared > 250, "%zu frames compared", compared);
    CHECK(wrong == 0, "%zu of %zu frames differ from a whole drawing of the same moment", wrong, compared);
    CHECK(kpi_frames > 20, "the run went through a KPI count-up (%zu frames)", kpi_frames);
    render_free(ref);
    sim_free(&s);
}

/* Partial frames happen: once a step's body has settled, a frame where only the ticker moves
 * redraws just the banner (render_begin_partial), so a pixel poked outside the banner between two
 * such frames survives the second one. Every kind of the sample loop, with crossfades. */
static void test_partial_frames(struct text_engine *te)
{
    struct sim s;
    sim_init(&s, te, &fx_snapshot, wall_at(10, 0, 0));
    SDL_Surface *out = render_surface(s.r);
    const uint32_t poke = 0xff00ffu;
    uint32_t *px = (uint32_t *)((uint8_t *)out->pixels + 5 * (size_t)out->pitch) + 5; /* (5, 5): above the banner */
    size_t expected = 0, partial = 0, whole = 0, kinds = 0;
    bool prev_settled = false, seen[FX_N] = {false};
    struct step prev = {SIZE_MAX, 0, 0};
    for (int i = 0; i < 3000; i++, s.fk.mono_ms += 16, s.fk.wall = s.wall0 + (time_t)(i * 16 / 1000)) {
        uint64_t wait;
        if (!player_update(s.p, &wait))
            continue;
        const struct cursor_pos *pos = player_position(s.p);
        bool ticker_only = prev_settled && pos->cur.slide == prev.slide && pos->cur.page == prev.page &&
                           !(pos->in_transition && pos->transition_t < 1);
        uint32_t was = *px;
        *px = poke;
        player_draw(s.p);
        bool kept = (*px & 0xffffffu) == poke;
        *px = was;
        if (ticker_only) {
            expected++;
            partial += kept;
            if (pos->cur.slide < FX_N && !seen[pos->cur.slide])
                kinds++, seen[pos->cur.slide] = true;
        } else {
            whole += !kept;
        }
        prev = pos->cur;
        prev_settled = !(pos->in_transition && pos->transition_t < 1) && player_last_body(s.p)->settle_ms == 0;
    }
    printf("partial frames: %zu of %zu ticker-only frames, %zu whole frames\n", partial, expected, whole);
    CHECK(expected > 1000, "%zu ticker-only frames in 48 s", expected);
    CHECK(kinds == FX_N, "ticker-only frames on %zu of %d slide kinds", kinds, FX_N);
    CHECK(partial == expected, "%zu of %zu ticker-only frames redrew only the banner", partial, expected);
    CHECK(whole > 0, "the other frames (%zu) are whole ones", whole);
    sim_free(&s);
}

int main(void)
{
    fx_init();
    struct text_engine *te = text_engine_new(NULL);
    CHECK(te != NULL, "text engine");
    if (!te)
        return check_done();
    test_loop(te);
    test_ticker(te);
    test_unshowable(te);
    test_unshowable_retry(te);
    test_screen_off(te);
    test_clock_jump_and_swap(te);
    test_queued_swap_and_notices(te);
    test_kept_frames(te, 800);
    test_kept_frames(te, 0); /* cuts */
    test_partial_frames(te);
    text_engine_free(te);
    return check_done();
}
