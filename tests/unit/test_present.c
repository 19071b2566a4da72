/* present: what the presenters show and what they are asked to show. On SDL's dummy video driver
 * (a software framebuffer) the frames the live player presents through the window surface and the
 * framebuffer texture (SDL's software renderer standing in for GL), also rotated, equal pixel for
 * pixel what `render` draws for the same step; a frame where only the ticker moves asks the
 * presenter for the strip's rectangle alone; auto picks its presenter from the video driver,
 * Mesa's environment and the GPU render nodes in sysfs. */
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "test_player_fixture.h"

#include "player/frame.h"
#include "player/player.h"
#include "render/glprobe.h"
#include "render/render.h"

#define SETTLED (1ull << 40)

static time_t wall_10am(void) { return 1751968800 + 2 * 3600; } /* a weekday, 10:00 UTC (screen on) */

/* The live player through a window presenter vs `render` (frame_draw_step on a software surface)
 * of the same step at the same moment, every few settled frames of 12 simulated seconds. */
static void test_presented_equals_render(struct text_engine *te)
{
    static const struct {
        enum render_present present;
        int rotate;
        const char *name;
    } cases[] = {
        {RENDER_PRESENT_SURFACE, 0, "window surface"},
        {RENDER_PRESENT_SURFACE, 90, "window surface, rotated 90"},
        {RENDER_PRESENT_GL, 0, "framebuffer texture"},
        {RENDER_PRESENT_GL, 270, "framebuffer texture, rotated 270"},
    };
    const int lw = 640, lh = 360;
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        if (SDL_Init(SDL_INIT_VIDEO) != 0) {
            printf("skipped presenters: %s\n", SDL_GetError());
            return;
        }
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software"); /* the dummy driver has no GL */
        bool swap = cases[k].rotate == 90 || cases[k].rotate == 270;
        struct render *r = render_new_window(te, &(struct render_window_opts){
            .rotate = cases[k].rotate, .width = swap ? lh : lw, .height = swap ? lw : lh,
            .present = cases[k].present});
        CHECK(r != NULL, "%s: window", cases[k].name);
        if (!r) {
            SDL_Quit();
            continue;
        }
        int w, h;
        render_size(r, &w, &h);
        CHECK(w == lw && h == lh, "%s: logical size %dx%d", cases[k].name, w, h);
        struct render *ref = render_new_surface(te, lw, lh, cases[k].rotate);
        struct clock_fake fk = {.mono_ms = 1000000, .wall = wall_10am()};
        struct clock_src clk = clock_fake_src(&fk);
        struct player *p = player_new(&(struct player_config){
            .te = te, .render = r, .clock = &clk, .transition_ms = 800, .always_on = true});
        player_set_snapshot(p, &fx_snapshot);
        size_t compared = 0, wrong = 0;
        uint64_t frames = 0;
        for (int i = 0; i < 750; i++, fk.mono_ms += 16) {
            uint64_t wait;
            if (!player_update(p, &wait))
                continue;
            player_draw(p);
            frames++;
            const struct cursor_pos *pos = player_position(p);
            if ((pos->in_transition && pos->transition_t < 1) || i % 7)
                continue;
            frame_draw_step(te, ref, 0, &fx_playlist, pos->cur, pos->step_elapsed_ms, fk.mono_ms);
            SDL_Surface *shown = SDL_GetWindowSurface(SDL_GetWindowFromID(1));
            double pct = shown ? fx_diff_pct(shown, render_surface(ref), 0) : 100;
            compared++;
            if (pct > 0 && wrong++ < 3)
                printf("%s: frame %d (slide %zu): %.3f%% of pixels differ from render's\n", cases[k].name, i,
                       pos->cur.slide, pct);
        }
        CHECK(compared > 40, "%s: %zu frames compared", cases[k].name, compared);
        CHECK(wrong == 0, "%s: %zu of %zu presented frames differ from render's", cases[k].name, wrong, compared);
        CHECK(render_presented(r) > 0 && render_presented(r) <= frames, "%s: %llu frames presented, %llu drawn", cases[k].name,
              (unsigned long long)render_presented(r), (unsigned long long)frames);
        player_free(p);
        render_free(ref);
        render_free(r);
        SDL_Quit();
    }
    unsetenv("SDL_VIDEODRIVER");
}

/* A presenter that records what it was asked to present. */
struct recorder {
    SDL_Rect rects[16];
    int n;
    uint64_t calls;
};

static void record(void *ctx, const SDL_Rect *rects, int n)
{
    struct recorder *rec = ctx;
    rec->n = n < 16 ? n : 16;
    memcpy(rec->rects, rects, (size_t)rec->n * sizeof *rects);
    rec->calls++;
}

static long area(const struct recorder *rec)
{
    long a = 0;
    for (int i = 0; i < rec->n; i++)
        a += (long)rec->rects[i].w * rec->rects[i].h;
    return a;
}

/* Frames where only the ticker moves present only the strip's rectangle; a step change presents
 * the whole picture; crossfade frames (after their first) present less than the whole picture. */
static void test_ticker_damage(struct text_engine *te)
{
    const int w = 640, h = 360;
    struct screen_geom g;
    screen_geom_init(&g, w, h, 0);
    struct render *r = render_new_surface(te, w, h, 0);
    struct recorder rec = {0};
    render_set_present_hook(r, record, &rec);
    struct clock_fake fk = {.mono_ms = 1000000, .wall = wall_10am()};
    struct clock_src clk = clock_fake_src(&fk);
    struct player *p = player_new(&(struct player_config){
        .te = te, .render = r, .clock = &clk, .transition_ms = 800, .always_on = true});
    player_set_snapshot(p, &fx_snapshot);
    CHECK(fx_playlist.banner.ticker != NULL, "the fixture has a ticker");
    size_t ticker_only = 0, strip_ok = 0, steps = 0, whole_steps = 0, fades = 0, fades_small = 0;
    struct step last = {SIZE_MAX, 0, 0};
    bool was_fading = false;
    for (int i = 0; i < 1200; i++, fk.mono_ms += 16) {
        uint64_t wait;
        if (!player_update(p, &wait))
            continue;
        const struct cursor_pos *pos = player_position(p);
        bool fading = pos->in_transition && pos->transition_t < 1;
        bool kpi_moving = pos->cur.slide == FX_KPI && pos->step_elapsed_ms < SLIDES_COUNTUP_MS;
        bool new_step = pos->cur.slide != last.slide || pos->cur.page != last.page;
        bool after_motion = was_fading || kpi_moving; /* the settled frame after motion is whole */
        uint64_t calls = rec.calls;
        player_draw(p);
        CHECK(rec.calls == calls + 1, "one present per frame");
        if (new_step) {
            steps++;
            whole_steps += rec.n == 1 && rec.rects[0].w == w && rec.rects[0].h == h;
        } else if (fading && was_fading) {
            fades++;
            fades_small += area(&rec) < (long)w * h;
        } else if (!fading && !after_motion) {
            ticker_only++;
            bool ok = rec.n == 1 && rec.rects[0].y >= (int)g.banner_top - 2 && rec.rects[0].y + rec.rects[0].h <= h &&
                      rec.rects[0].h <= h - (int)g.banner_top + 4;
            strip_ok += ok;
            if (!ok && ticker_only - strip_ok < 3)
                printf("frame %d: %d rectangles, first %d,%d %dx%d (strip from y=%.0f)\n", i, rec.n, rec.rects[0].x,
                       rec.rects[0].y, rec.rects[0].w, rec.rects[0].h, g.banner_top);
        }
        last = pos->cur;
        was_fading = fading;
    }
    CHECK(ticker_only > 200, "%zu ticker-only frames", ticker_only);
    CHECK(strip_ok == ticker_only, "%zu of %zu ticker-only frames presented only the strip", strip_ok, ticker_only);
    CHECK(steps >= 3 && whole_steps == steps, "%zu of %zu step changes presented the whole picture", whole_steps, steps);
    CHECK(fades > 20 && fades_small == fades, "%zu of %zu crossfade frames presented less than the whole picture",
          fades_small, fades);
    player_free(p);
    render_free(r);
}

/* A one-slide playlist with nothing moving draws and presents its first frame and then nothing,
 * also when its step comes round again every cycle. */
static void test_static_presents_nothing(struct text_engine *te)
{
    struct render *r = render_new_surface(te, 320, 180, 0);
    struct recorder rec = {0};
    render_set_present_hook(r, record, &rec);
    struct playlist pl = fx_playlist;
    pl.slides = &fx_slides[FX_HEADLINE];
    pl.n_slides = 1;
    pl.banner.ticker = NULL;
    struct snapshot snap = fx_snapshot;
    snap.playlists = &pl;
    struct clock_fake fk = {.mono_ms = 1000000, .wall = wall_10am()};
    struct clock_src clk = clock_fake_src(&fk);
    struct player *p = player_new(&(struct player_config){
        .te = te, .render = r, .clock = &clk, .transition_ms = 800, .always_on = true});
    player_set_snapshot(p, &snap);
    fk.mono_ms += 120; /* the first frame comes a while into the step, as after start-up */
    uint64_t shown = 0;
    uint64_t cycles = 4 * pl.slides[0].duration_ms;
    for (uint64_t t = 0; t < cycles; t += 16, fk.mono_ms += 16) {
        uint64_t wait;
        if (player_update(p, &wait)) {
            player_draw(p);
            shown += rec.n > 0;
        }
    }
    CHECK(shown >= 1 && shown <= 2, "a static one-slide playlist presented %llu frames in four cycles",
          (unsigned long long)shown);
    CHECK(render_presented(r) == shown, "render_presented counts %llu", (unsigned long long)render_presented(r));
    struct player_stats st;
    player_get_stats(p, &st);
    CHECK(st.frames <= 2, "a static one-slide playlist drew %llu frames in four cycles", (unsigned long long)st.frames);
    player_free(p);
    render_free(r);
}

static void make_node(const char *root, const char *node, const char *driver)
{
    char path[1024], link[1024];
    snprintf(path, sizeof path, "%s/%s", root, node);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/device", root, node);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/device/driver", root, node);
    snprintf(link, sizeof link, "../../../bus/platform/drivers/%s", driver);
    unlink(path);
    CHECK(symlink(link, path) == 0, "fake sysfs link %s", path);
}

static void test_choose_present(void)
{
    char none[512], soft[512], gpu[512], why[256];
    snprintf(none, sizeof none, "%s/sysfs-none", TEST_BINDIR);
    snprintf(soft, sizeof soft, "%s/sysfs-soft", TEST_BINDIR);
    snprintf(gpu, sizeof gpu, "%s/sysfs-gpu", TEST_BINDIR);
    mkdir(none, 0755);
    mkdir(soft, 0755);
    mkdir(gpu, 0755);
    make_node(soft, "renderD128", "vgem");
    make_node(gpu, "renderD128", "vgem");
    make_node(gpu, "renderD129", "v3d");
    unsetenv("LIBGL_ALWAYS_SOFTWARE");
    unsetenv("GALLIUM_DRIVER");
    unsetenv("MESA_LOADER_DRIVER_OVERRIDE");
    static const struct {
        const char *driver;
        int root; /* 0 none, 1 a node without 3D, 2 a GPU node, 3 a missing directory */
        const char *env, *val;
        enum render_present want;
    } cases[] = {
        {"KMSDRM", 0, NULL, NULL, RENDER_PRESENT_GL},
        {"kmsdrm", 2, NULL, NULL, RENDER_PRESENT_GL},
        {"x11", 0, NULL, NULL, RENDER_PRESENT_SURFACE},
        {"x11", 3, NULL, NULL, RENDER_PRESENT_SURFACE},
        {"x11", 1, NULL, NULL, RENDER_PRESENT_SURFACE},
        {"x11", 2, NULL, NULL, RENDER_PRESENT_GL},
        {"wayland", 0, NULL, NULL, RENDER_PRESENT_GL},
        {"x11", 2, "LIBGL_ALWAYS_SOFTWARE", "1", RENDER_PRESENT_SURFACE},
        {"x11", 2, "LIBGL_ALWAYS_SOFTWARE", "0", RENDER_PRESENT_GL},
        {"x11", 2, "GALLIUM_DRIVER", "llvmpipe", RENDER_PRESENT_SURFACE},
        {"x11", 2, "MESA_LOADER_DRIVER_OVERRIDE", "swrast", RENDER_PRESENT_SURFACE},
        {"x11", 2, "GALLIUM_DRIVER", "v3d", RENDER_PRESENT_GL},
        {"dummy", 2, NULL, NULL, RENDER_PRESENT_SURFACE},
        {"offscreen", 2, NULL, NULL, RENDER_PRESENT_SURFACE},
        {NULL, 2, NULL, NULL, RENDER_PRESENT_SURFACE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *roots[] = {none, soft, gpu, "/nonexistent/sys/class/drm"};
        if (cases[i].env)
            setenv(cases[i].env, cases[i].val, 1);
        why[0] = 0;
        enum render_present got =
            render_choose_present_in(roots[cases[i].root], cases[i].driver, why, sizeof why);
        CHECK(got == cases[i].want, "case %zu (%s, root %d, %s=%s): got %d (%s)", i,
              cases[i].driver ? cases[i].driver : "NULL", cases[i].root, cases[i].env ? cases[i].env : "-",
              cases[i].val ? cases[i].val : "-", (int)got, why);
        CHECK(why[0] != 0, "case %zu: says why", i);
        if (cases[i].env)
            unsetenv(cases[i].env);
    }
    static const struct {
        const char *s;
        bool soft;
    } names[] = {
        {"llvmpipe (LLVM 15.0.6, 256 bits)", true}, {"softpipe", true},    {"Software Rasterizer", true},
        {"Mesa DRI swrast", true},                  {"V3D 4.2", false},    {"Mali-G52 (Panfrost)", false},
        {"Mesa Intel(R) UHD Graphics 620", false},  {NULL, false},         {"", false},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK(render_gl_is_software(names[i].s) == names[i].soft, "GL_RENDERER '%s'", names[i].s ? names[i].s : "NULL");
}

int main(void)
{
    fx_init();
    struct text_engine *te = text_engine_new(NULL);
    CHECK(te != NULL, "text engine (fonts/fonts.json)");
    if (!te)
        return check_done();
    test_choose_present();
    test_ticker_damage(te);
    test_static_presents_nothing(te);
    test_presented_equals_render(te);
    text_engine_free(te);
    return check_done();
}
