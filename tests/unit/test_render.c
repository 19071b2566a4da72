/* render: golden pictures of every slide kind (landscape 1920x1080, portrait 1080x1920), rotation
 * and overscan. Golden comparison: the font is pinned (fonts/), so a picture matches when at most
 * GOLDEN_MAX_OFF pixels differ from its golden by more than GOLDEN_TOL on a channel. One missing
 * or moved label, caption, page indicator or QR code is hundreds of pixels (tests/golden/README.md
 * lists the mutations it was tried with). LOBBYSIGN_UPDATE_GOLDEN=1 rewrites the goldens. */
#include "check.h"
#include "test_player_fixture.h"

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "app/commands.h"
#include "player/frame.h"
#include "player/player.h"
#include "render/backend.h"
#include "render/pixels.h"
#include "render/render.h"
#include "slides/slides.h"

#define SETTLED SLIDES_SETTLED_MS

static SDL_Surface *draw(struct text_engine *te, int w, int h, int rotate, float overscan, size_t slide,
                         uint64_t t_ms)
{
    struct render *r = render_new_surface(te, w, h, rotate);
    if (!r)
        return NULL;
    struct step st = {slide, 0, slide_page_count(&fx_slides[slide])};
    frame_draw_step(te, r, overscan, &fx_playlist, st, t_ms, 0);
    SDL_Surface *out = SDL_DuplicateSurface(render_surface(r));
    render_free(r);
    return out;
}

/* The built-in fallback slide (default theme, the content's hotline), as the player draws it. */
static SDL_Surface *draw_fallback(struct text_engine *te, int w, int h)
{
    struct render *r = render_new_surface(te, w, h, 0);
    struct screen_geom g;
    screen_geom_init(&g, w, h, 0);
    struct slide_ctx c = {.te = te, .g = &g, .theme = theme_default(), .banner = &fx_playlist.banner,
                          .image_size = render_image_size_cb, .image_ctx = r};
    struct frame f;
    frame_init(&f);
    frame_build(&f, &c, NULL, 0, 1, 0, 0);
    render_begin(r);
    frame_draw(r, &f);
    render_end(r);
    SDL_Surface *out = SDL_DuplicateSurface(render_surface(r));
    frame_finish(&f);
    render_free(r);
    return out;
}

#define GOLDEN_TOL 16    /* per channel */
#define GOLDEN_MAX_OFF 8 /* pixels off by more than that, in a whole picture */

static void test_goldens(struct text_engine *te)
{
    bool update = getenv("LOBBYSIGN_UPDATE_GOLDEN") && strcmp(getenv("LOBBYSIGN_UPDATE_GOLDEN"), "1") == 0;
    static const struct {
        const char *name;
        int w, h;
    } screens[] = {{"landscape", 1920, 1080}, {"portrait", 1080, 1920}};
    for (size_t sc = 0; sc < 2; sc++) {
        for (size_t k = 0; k <= FX_N; k++) {
            if (k == FX_N && sc > 0)
                break; /* the fallback: landscape only */
            char path[512], name[64];
            snprintf(name, sizeof name, "%s-%s", screens[sc].name,
                     k == FX_N ? "fallback" : slide_kind_name(fx_slides[k].kind));
            snprintf(path, sizeof path, "%s/tests/golden/slides/%s.png", TEST_SRCDIR, name);
            SDL_Surface *got = k == FX_N ? draw_fallback(te, screens[sc].w, screens[sc].h)
                                         : draw(te, screens[sc].w, screens[sc].h, 0, 0, k, SETTLED);
            CHECK(got != NULL, "%s: rendered", name);
            if (!got)
                continue;
            if (update) {
                CHECK(render_save_png(got, path), "%s: written", path);
                SDL_FreeSurface(got);
                continue;
            }
            SDL_Surface *want = IMG_Load(path); /* our own trusted test file */
            CHECK(want != NULL, "%s: golden missing (LOBBYSIGN_UPDATE_GOLDEN=1 makes it): %s", path, IMG_GetError());
            if (want) {
                size_t off = fx_diff_count(got, want, GOLDEN_TOL);
                CHECK(off <= GOLDEN_MAX_OFF, "%s: %zu pixels differ from the golden by more than %d (at most %d may)",
                      name, off, GOLDEN_TOL, GOLDEN_MAX_OFF);
                if (off > GOLDEN_MAX_OFF) {
                    char actual[512];
                    snprintf(actual, sizeof actual, "%s/%s.actual.png", TEST_BINDIR, name);
                    render_save_png(got, actual);
                    fprintf(stderr, "  actual picture: %s\n", actual);
                }
                SDL_FreeSurface(want);
            }
            SDL_FreeSurface(got);
        }
    }
}

/* A surface rotated by the test, pixel by pixel (independent of render_rotate_surface). */
static SDL_Surface *rotate_ref(SDL_Surface *s, int deg)
{
    bool swap = deg == 90 || deg == 270;
    SDL_Surface *o = SDL_CreateRGBSurfaceWithFormat(0, swap ? s->h : s->w, swap ? s->w : s->h, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    for (int y = 0; y < o->h; y++)
        for (int x = 0; x < o->w; x++) {
            int sx, sy; /* where output (x, y) comes from, turning clockwise */
            switch (deg) {
            case 90: sx = y, sy = s->h - 1 - x; break;
            case 180: sx = s->w - 1 - x, sy = s->h - 1 - y; break;
            case 270: sx = s->w - 1 - y, sy = x; break;
            default: sx = x, sy = y; break;
            }
            ((uint32_t *)((uint8_t *)o->pixels + (size_t)y * o->pitch))[x] = fx_pixel(s, sx, sy) | 0xff000000u;
        }
    return o;
}

static void test_rotation(struct text_engine *te)
{
    SDL_Surface *flat = draw(te, 640, 360, 0, 0, FX_KPI, SETTLED);
    for (int deg = 90; deg <= 270; deg += 90) {
        SDL_Surface *turned = draw(te, 640, 360, deg, 0, FX_KPI, SETTLED);
        SDL_Surface *ref = rotate_ref(flat, deg);
        CHECK(turned && turned->w == ref->w && turned->h == ref->h, "rotate %d: size %dx%d", deg,
              turned ? turned->w : 0, turned ? turned->h : 0);
        if (turned) {
            size_t off = fx_diff_count(turned, ref, GOLDEN_TOL);
            CHECK(off <= GOLDEN_MAX_OFF, "rotate %d: %zu pixels differ from the unrotated picture turned", deg, off);
        }
        SDL_FreeSurface(turned);
        SDL_FreeSurface(ref);
    }
    SDL_FreeSurface(flat);
}

/* With overscan, every pixel in the margin is the background or the banner strip's colours (its
 * fill and the accent line on its top edge run to the screen edges on purpose): no text, card or
 * rule reaches into the part a TV may crop. */
static void test_overscan(struct text_engine *te)
{
    const int w = 640, h = 360;
    const float pct = 5;
    struct screen_geom g;
    screen_geom_init(&g, w, h, pct);
    CHECK(g.safe.x == 32 && g.safe.y == 18 && g.safe.w == 576 && g.safe.h == 324, "safe area %gx%g+%g+%g",
          g.safe.w, g.safe.h, g.safe.x, g.safe.y);
    const struct theme *th = &fx_playlist.theme;
    uint32_t bg = (uint32_t)th->background.r << 16 | th->background.g << 8 | th->background.b;
    uint32_t band = (uint32_t)th->banner_bg.r << 16 | th->banner_bg.g << 8 | th->banner_bg.b;
    uint32_t edge = (uint32_t)th->accent.r << 16 | th->accent.g << 8 | th->accent.b;
    for (size_t k = 0; k < FX_N; k++) {
        SDL_Surface *s = draw(te, w, h, 0, pct, k, SETTLED);
        size_t stray = 0, inside = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                uint32_t px = fx_pixel(s, x, y);
                bool margin = x < g.safe.x || y < g.safe.y || x >= g.safe.x + g.safe.w || y >= g.safe.y + g.safe.h;
                bool strip_edge = px == edge && y >= (int)g.banner_top && y < (int)g.banner_top + 2;
                if (margin && px != bg && px != band && !strip_edge)
                    stray++;
                if (!margin && px != bg && px != band)
                    inside++;
            }
        CHECK(stray == 0, "%s: %zu pixels of content in the overscan margin", slide_kind_name(fx_slides[k].kind), stray);
        CHECK(inside > 1000, "%s: content drawn inside the safe area (%zu px)", slide_kind_name(fx_slides[k].kind),
              inside);
        SDL_FreeSurface(s);
    }
}

/* The window backend rotates with SDL_RenderCopyEx; with SDL's dummy video driver (a software
 * framebuffer) its output must equal the surface backend's rotation. */
static void test_window_rotation(struct text_engine *te)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        printf("skipped window rotation: %s\n", SDL_GetError());
        return;
    }
    struct render *r = render_new_window(te, &(struct render_window_opts){.rotate = 90, .width = 360, .height = 640});
    CHECK(r != NULL, "dummy window");
    if (r) {
        int lw, lh;
        render_size(r, &lw, &lh);
        CHECK(lw == 640 && lh == 360, "logical size %dx%d for a 360x640 panel turned 90", lw, lh);
        struct step st = {FX_KPI, 0, 1};
        frame_draw_step(te, r, 0, &fx_playlist, st, SETTLED, 0);
        SDL_Surface *fb = SDL_GetWindowSurface(SDL_GetWindowFromID(1));
        SDL_Surface *want = draw(te, 640, 360, 90, 0, FX_KPI, SETTLED);
        CHECK(fb && want, "framebuffer");
        if (fb && want) {
            size_t off = fx_diff_count(fb, want, GOLDEN_TOL);
            CHECK(off <= GOLDEN_MAX_OFF, "window rotation differs from surface rotation on %zu pixels", off);
        }
        SDL_FreeSurface(want);
        render_free(r);
    }
    SDL_Quit();
}

/* A crossfade is a real mix: the two settled pictures blended half-way give the mean of the two
 * pictures everywhere (image, cards, text), also for a JPEG (no alpha channel). */
static void test_crossfade(struct text_engine *te)
{
    char jpg[512];
    snprintf(jpg, sizeof jpg, "%s/fixture-image.jpg", TEST_BINDIR);
    SDL_Surface *png = IMG_Load(fx_image_path);
    CHECK(png && IMG_SaveJPG(png, jpg, 90) == 0, "test JPEG written");
    SDL_FreeSurface(png);
    struct slide img = fx_slides[FX_IMAGE];
    img.image = jpg;
    img.caption = NULL;
    const struct slide *bodies[2] = {&fx_slides[FX_KPI], &img};
    const int w = 640, h = 360;
    struct screen_geom g;
    screen_geom_init(&g, w, h, 0);
    SDL_Surface *pics[3];
    for (int k = 0; k < 3; k++) {
        struct render *r = render_new_surface(te, w, h, 0);
        struct slide_ctx c = {.te = te, .g = &g, .image_size = render_image_size_cb, .image_ctx = r};
        slide_ctx_for_playlist(&c, &fx_playlist);
        struct drawlist a, b;
        drawlist_init(&a);
        drawlist_init(&b);
        slides_body(&c, k == 1 ? bodies[1] : bodies[0], 0, 1, SETTLED, &a);
        slides_body(&c, bodies[1], 0, 1, SETTLED, &b);
        render_prepare(r, &a);
        render_prepare(r, &b);
        if (k == 2) { /* outgoing KPI, incoming image, blended half-way as the player does it */
            render_fade_mark(r, &a);
            render_fade_mark(r, &b);
        }
        render_begin(r);
        render_draw(r, &a, 1);
        if (k == 2) {
            CHECK(render_fade_capture(r, false), "outgoing picture captured");
            render_begin(r);
            render_draw(r, &b, 1);
            CHECK(render_fade_capture(r, true), "incoming picture captured");
            CHECK(render_fade_bytes(r) > 0 && render_fade_bytes(r) <= 2u * w * h * 4, "crossfade holds %zu bytes",
                  render_fade_bytes(r));
            CHECK(render_fade_blend(r, 0.5f), "blended");
        }
        render_end(r);
        pics[k] = SDL_DuplicateSurface(render_surface(r));
        drawlist_finish(&a);
        drawlist_finish(&b);
        render_free(r);
    }
    size_t checked = 0, off = 0;
    for (int y = (int)g.body.y; y < (int)(g.body.y + g.body.h); y += 7)
        for (int x = 0; x < w; x += 7) {
            uint32_t a = fx_pixel(pics[0], x, y), b = fx_pixel(pics[1], x, y), m = fx_pixel(pics[2], x, y);
            for (int sh = 0; sh < 24; sh += 8) {
                int ca = (a >> sh) & 0xff, cb = (b >> sh) & 0xff, cm = (m >> sh) & 0xff;
                if (abs(ca - cb) < 40)
                    continue;
                checked++;
                if (abs(cm - (ca + cb) / 2) > 6)
                    off++;
            }
        }
    CHECK(checked > 500, "crossfade: %zu channels where the two slides differ", checked);
    CHECK(off * 100 < checked, "crossfade: %zu of %zu channels are not the mean of the two slides", off, checked);
    for (int k = 0; k < 3; k++)
        SDL_FreeSurface(pics[k]);
}

/* The output picture of r: the surface backend's, or the dummy video driver's framebuffer. */
static SDL_Surface *output(struct render *r)
{
    SDL_Surface *s = render_surface(r);
    return s ? s : SDL_GetWindowSurface(SDL_GetWindowFromID(1));
}

/* A partial frame (render_begin_partial: only the strip redrawn, the rest kept) gives exactly the
 * pixels of a whole frame, on the surface backend (also rotated) and in a window drawing through
 * its target texture; it leaves the rest of the picture alone; and with no frame kept (a new
 * render) it draws a whole frame. */
static void test_partial(struct text_engine *te)
{
    const int w = 640, h = 360;
    struct screen_geom g;
    screen_geom_init(&g, w, h, 0);
    struct step st = {FX_HEADLINE, 0, 1};
    for (int k = 0; k < 3; k++) {
        bool window = k == 2;
        int rot = k == 1 ? 90 : 0;
        if (window) {
            setenv("SDL_VIDEODRIVER", "dummy", 1);
            if (SDL_Init(SDL_INIT_VIDEO) != 0) {
                printf("skipped partial frames in a window: %s\n", SDL_GetError());
                return;
            }
        }
        struct render *r = window ? render_new_window(te, &(struct render_window_opts){.width = w, .height = h})
                                  : render_new_surface(te, w, h, rot);
        struct render *ref = render_new_surface(te, w, h, rot);
        CHECK(r && ref, "renders (%d)", k);
        if (!r || !ref)
            break;
        struct slide_ctx c = {.te = te, .g = &g, .image_size = render_image_size_cb, .image_ctx = r};
        slide_ctx_for_playlist(&c, &fx_playlist);
        CHECK(c.banner->ticker != NULL, "the fixture has a ticker");
        struct frame f;
        frame_init(&f);
        frame_build(&f, &c, &fx_slides[FX_HEADLINE], 0, 1, SETTLED, 0);
        SDL_Rect strip = {0, (int)g.banner_top, w, h - (int)g.banner_top};
        CHECK(!render_begin_partial(r, strip), "no partial frame before a whole one (%d)", k);
        render_end(r);
        static const uint64_t times[] = {0, 1000, 1016, 4321, 60000};
        for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
            drawlist_clear(&f.banner);
            slides_banner(&c, times[i], &f.banner);
            render_prepare(r, &f.banner);
            bool partial = i > 0;
            if (partial)
                CHECK(render_begin_partial(r, strip), "partial frame kept (%d, %zu)", k, i);
            else
                render_begin(r);
            frame_draw(r, &f);
            render_end(r);
            frame_draw_step(te, ref, 0, &fx_playlist, st, SETTLED, times[i]);
            SDL_Surface *got = output(r), *want = render_surface(ref);
            double pct = fx_diff_pct(got, want, 0);
            CHECK(pct == 0, "partial frame %zu (%d) differs from a whole one on %.3f%% of pixels", i, k, pct);
        }
        if (k == 0) { /* only the strip is redrawn: a pixel above it stays as it was */
            SDL_Surface *s = render_surface(r);
            ((uint32_t *)s->pixels)[5 * s->pitch / 4 + 5] = 0xffff00ff;
            render_begin_partial(r, strip);
            frame_draw(r, &f);
            render_end(r);
            CHECK(fx_pixel(s, 5, 5) == 0xff00ff, "a partial frame drew outside its rectangle");
            /* A rectangle cutting through the ticker's clip: new pixels inside it, old ones out. */
            SDL_Surface *before = SDL_DuplicateSurface(s);
            SDL_Rect cut = {w / 2, (int)g.banner_top + 3, w / 4, h - (int)g.banner_top - 6};
            drawlist_clear(&f.banner);
            slides_banner(&c, 7777, &f.banner);
            render_begin_partial(r, cut);
            frame_draw(r, &f);
            render_end(r);
            frame_draw_step(te, ref, 0, &fx_playlist, st, SETTLED, 7777);
            size_t bad = 0;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    bool in = SDL_PointInRect(&(SDL_Point){x, y}, &cut);
                    bad += fx_pixel(s, x, y) != fx_pixel(in ? render_surface(ref) : before, x, y);
                }
            CHECK(bad == 0, "a partial frame of a cut through the ticker: %zu pixels wrong", bad);
            SDL_FreeSurface(before);
        }
        frame_finish(&f);
        render_free(ref);
        render_free(r);
        if (window)
            SDL_Quit();
    }
}

/* Glyph textures are updated tile by tile (render.c sync_pages): after every frame of many texts
 * at many sizes, with LRU evictions and overflow pages coming and going, each page texture holds
 * exactly what a whole upload of the page would (white, coverage as alpha), and the pictures equal
 * those of a fresh render (whole uploads). */
static void test_atlas_upload(void)
{
    struct text_engine *te = text_engine_new(NULL);
    CHECK(te != NULL, "engine");
    if (!te)
        return;
    text_atlas_configure(te, 384, 2);
    const int w = 640, h = 640;
    struct render *r = render_new_surface(te, w, h, 0);
    SDL_Surface *out = render_surface(r);
    static const char *texts[] = {"招商中心热线", "武汉新港集装箱吞吐量", "2020年武汉市政府工作报告", "400-162-2002",
                                  "工业用地招商", "租购厂房仓库", "其他相关咨询", "实际到位资金8600亿元"};
    struct drawlist dl;
    drawlist_init(&dl);
    size_t wrong_px = 0, pics_wrong = 0, checked = 0, grown = 0;
    int last_h[4] = {0};
    for (int i = 0; i < 100; i++) {
        drawlist_clear(&dl);
        int lines = i % 19 == 18 ? 10 : 2; /* now and then more glyphs than the bound holds */
        for (int k = 0; k < lines; k++) {
            struct text_style st = {.role = (i + k) % 3 ? TEXT_ROLE_BODY : TEXT_ROLE_TITLE, .bold = (i + k) % 2,
                                    .size = 14 + ((i + k) * 5) % 50};
            const char *str = texts[(size_t)(i + k) % 8];
            struct rgba white = {255, 255, 255, 255};
            drawlist_text(&dl, text_layout(te, str, &st, w, 60), str, 0, (float)(k * 55), white);
        }
        render_begin(r);
        render_draw(r, &dl, 1);
        render_end(r);
        if (i % 4 == 3) { /* the same picture from a render that uploads whole pages */
            struct render *fresh = render_new_surface(te, w, h, 0);
            render_begin(fresh);
            render_draw(fresh, &dl, 1);
            render_end(fresh);
            pics_wrong += fx_diff_pct(out, render_surface(fresh), 0) > 0;
            render_free(fresh);
        }
        for (size_t pg = 0; pg < text_atlas_page_count(te) && pg < r->n_pages && pg < 4; pg++) {
            const struct text_atlas_page *p = text_atlas_page(te, pg);
            struct atlas_tex *t = &r->pages[pg];
            if (!t->tex || t->version != p->version)
                continue;
            grown += last_h[pg] && t->h > last_h[pg];
            last_h[pg] = t->h;
            SDL_SetTextureBlendMode(t->tex, SDL_BLENDMODE_NONE);
            SDL_RenderSetClipRect(r->ren, NULL);
            SDL_RenderCopy(r->ren, t->tex, NULL, &(SDL_Rect){0, 0, t->w, t->h});
            SDL_RenderFlush(r->ren);
            SDL_SetTextureBlendMode(t->tex, SDL_BLENDMODE_BLEND);
            checked++;
            wrong_px += t->h < p->used_height ? 1000000 : 0; /* glyphs below the texture's end */
            for (int y = 0; y < t->h; y++)
                for (int x = 0; x < t->w; x++) {
                    uint32_t got = ((const uint32_t *)((const uint8_t *)out->pixels + (size_t)y * out->pitch))[x];
                    uint32_t want = (uint32_t)p->pixels[(size_t)y * (size_t)p->stride + (size_t)x] << 24 | 0xffffffu;
                    wrong_px += got != want;
                }
        }
    }
    struct text_stats ts;
    text_stats(te, &ts);
    CHECK(ts.glyphs_evicted > 10, "evictions happened (%zu)", ts.glyphs_evicted);
    CHECK(checked > 60 && grown >= 3, "%zu page textures checked, %zu grown", checked, grown);
    CHECK(wrong_px == 0, "%zu texture pixels differ from a whole upload of their atlas page", wrong_px);
    CHECK(pics_wrong == 0, "%zu pictures differ from a fresh render's", pics_wrong);
    drawlist_finish(&dl);
    render_free(r);
    text_engine_free(te);
}

/* The crossfade's captures: the blend at t = 0 and t = 1 gives back each picture exactly (also where
 * the SIMD loop ends mid-row: an odd width); identical pictures store nothing; the stored rows live
 * only while frames use them, and come back with the next crossfade. */
static void test_fade(struct text_engine *te)
{
    const int w = 333, h = 200;
    struct screen_geom g;
    screen_geom_init(&g, w, h, 0);
    struct render *r = render_new_surface(te, w, h, 0);
    struct slide_ctx c = {.te = te, .g = &g, .image_size = render_image_size_cb, .image_ctx = r};
    slide_ctx_for_playlist(&c, &fx_playlist);
    struct drawlist a, b;
    drawlist_init(&a);
    drawlist_init(&b);
    slides_chrome(&c, &a);
    slides_body(&c, &fx_slides[FX_KPI], 0, 1, SETTLED, &a);
    slides_chrome(&c, &b);
    slides_body(&c, &fx_slides[FX_HEADLINE], 0, 1, SETTLED, &b);
    SDL_Surface *pic[2];
    for (int k = 0; k < 2; k++) {
        render_begin(r);
        render_draw(r, k ? &b : &a, 1);
        render_end(r);
        pic[k] = SDL_DuplicateSurface(render_surface(r));
    }
    size_t bytes[4] = {0};
    for (int i = 0; i < 4; i++) {
        if (i != 2) {
            render_fade_reset(r);
            render_fade_mark(r, &a);
            render_fade_mark(r, &b);
            render_begin(r);
            render_draw(r, &a, 1);
            render_fade_capture(r, false);
            render_begin(r);
            render_draw(r, i == 3 ? &a : &b, 1);
            render_fade_capture(r, true);
            float t = i == 0 ? 0.0f : 1.0f;
            render_fade_blend(r, t);
            if (i < 2) {
                double pct = fx_diff_pct(render_surface(r), pic[i == 0 ? 0 : 1], 0);
                CHECK(pct == 0, "blend at t=%.0f differs from its picture on %.3f%% of pixels", t, pct);
            }
        } else {
            render_begin(r);
            render_draw(r, &b, 1);
        }
        render_end(r);
        bytes[i] = render_fade_bytes(r);
    }
    CHECK(bytes[0] > 0 && bytes[1] > 0, "a crossfade frame keeps its pictures (%zu bytes)", bytes[0]);
    CHECK(bytes[0] < 2u * w * h * 4, "only rows that differ are stored (%zu of %u bytes)", bytes[0], 2u * w * h * 4);
    CHECK(bytes[2] == 0, "the first frame without a crossfade frees them (%zu bytes)", bytes[2]);
    CHECK(bytes[3] == 0, "a crossfade between identical pictures stores nothing (%zu bytes)", bytes[3]);
    SDL_FreeSurface(pic[0]);
    SDL_FreeSurface(pic[1]);
    drawlist_finish(&a);
    drawlist_finish(&b);
    render_free(r);
}

static bool file_nonempty(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    return stat(path, &st) == 0 && st.st_size > 1000;
}

/* `lobbysign render` on the sample playlists: one folder per playlist with NN-<kind>.png files and
 * a contact sheet; invalid content exits 1, bad options 2. */
static void test_cmd_render(void)
{
    char out[512];
    snprintf(out, sizeof out, "%s/render-cli", TEST_BINDIR);
    struct config cfg;
    config_defaults(&cfg);
    char *argv[] = {"render", "--size", "480x270", "--out", out, TEST_SRCDIR "/playlists", NULL};
    CHECK(cmd_render(&cfg, 6, argv) == EXIT_OK, "render the sample playlists");
    char dir[600];
    snprintf(dir, sizeof dir, "%s/lobby", out);
    CHECK(file_nonempty(dir, "01-headlines.png") && file_nonempty(dir, "contact-sheet.png"), "files in %s", dir);

    char bad[512];
    snprintf(bad, sizeof bad, "%s/bad-playlist.json", TEST_BINDIR);
    FILE *f = fopen(bad, "w");
    fputs("{\"format\": 1, \"slides\": [", f);
    fclose(f);
    char *argv2[] = {"render", "--out", out, bad, NULL};
    CHECK(cmd_render(&cfg, 4, argv2) == EXIT_INVALID, "invalid content: exit 1");
    char *argv3[] = {"render", "--rotate", "45", "--out", out, NULL};
    CHECK(cmd_render(&cfg, 5, argv3) == EXIT_USAGE, "bad rotation: exit 2");
    char *argv4[] = {"render", TEST_SRCDIR "/playlists", NULL};
    CHECK(cmd_render(&cfg, 2, argv4) == EXIT_USAGE, "no --out: exit 2");
}

/* Entries of dir other than . and .. */
static size_t dir_entries(const char *dir)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static char *slurp(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    rewind(f);
    char *b = malloc((size_t)*len + 1);
    if (b && fread(b, 1, (size_t)*len, f) != (size_t)*len) {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

/* render_save_png replaces a file whole or not at all: a write that fails half-way (the file size
 * limit, as a full disk would) keeps the old picture byte for byte and leaves no temp file beside
 * it; a missing folder creates nothing; a good write replaces the picture. */
static void test_save_png_atomic(void)
{
    char dir[512], path[1024];
    snprintf(dir, sizeof dir, "%s/png-atomic", TEST_BINDIR);
    mkdir(dir, 0755);
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            remove(path);
        }
    if (d)
        closedir(d);
    snprintf(path, sizeof path, "%s/picture.png", dir);
    SDL_Surface *small = SDL_CreateRGBSurfaceWithFormat(0, 64, 32, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(small, NULL, 0xff2040a0);
    CHECK(render_save_png(small, path), "a small picture written");
    long old_len = 0;
    char *old = slurp(path, &old_len);
    CHECK(old && old_len > 8 && memcmp(old, "\x89PNG", 4) == 0, "the small picture is a PNG (%ld bytes)", old_len);
    /* Noise does not compress: ~770 kB of PNG, far over the limit below. */
    SDL_Surface *noise = SDL_CreateRGBSurfaceWithFormat(0, 512, 512, 32, SDL_PIXELFORMAT_ARGB8888);
    uint32_t x = 12345;
    for (int y = 0; y < noise->h; y++)
        for (int i = 0; i < noise->w; i++) {
            x = x * 1664525u + 1013904223u;
            ((uint32_t *)((uint8_t *)noise->pixels + (size_t)y * noise->pitch))[i] = 0xff000000u | (x >> 8);
        }
    struct rlimit was;
    getrlimit(RLIMIT_FSIZE, &was);
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {64 << 10, was.rlim_max};
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0, "file size limit set");
    bool saved = render_save_png(noise, path);
    setrlimit(RLIMIT_FSIZE, &was);
    signal(SIGXFSZ, old_handler);
    CHECK(!saved, "a write cut off at 64 kB fails");
    long now_len = 0;
    char *now = slurp(path, &now_len);
    CHECK(now && now_len == old_len && memcmp(now, old, (size_t)old_len) == 0,
          "the old picture is still there whole (%ld bytes, was %ld)", now_len, old_len);
    CHECK(dir_entries(dir) == 1, "no temp file or half PNG left: %zu entries in %s", dir_entries(dir), dir);
    free(now);

    char missing[700];
    snprintf(missing, sizeof missing, "%s/no-such-folder/picture.png", dir);
    CHECK(!render_save_png(small, missing), "a missing folder: not written");
    CHECK(dir_entries(dir) == 1, "a missing folder: nothing created (%zu entries)", dir_entries(dir));

    CHECK(render_save_png(noise, path), "the big picture written without a limit");
    SDL_Surface *back = IMG_Load(path); /* our own file */
    CHECK(back && back->w == 512 && back->h == 512 && fx_diff_count(back, noise, 0) == 0,
          "the new picture replaced the old one exactly");
    CHECK(dir_entries(dir) == 1, "a good write leaves one file (%zu entries)", dir_entries(dir));
    SDL_FreeSurface(back);
    SDL_FreeSurface(noise);
    SDL_FreeSurface(small);
    free(old);
}

/* The picture's pixels (render/pixels.c): zeroed, writable, on a huge page boundary; where the
 * kernel has transparent huge pages (not "[never]"), writing all of a 1080p picture takes far
 * fewer page faults than its 2025 small pages (a start-up figure, counted, not timed). */
static void test_pixels(void)
{
    size_t n = (size_t)1920 * 1080 * 4;
    unsigned char *p = pixels_new(n);
    CHECK(p != NULL && (uintptr_t)p % (2u << 20) == 0, "1080p pixels mapped on a 2 MB boundary");
    if (!p)
        return;
    bool zero = true;
    for (size_t i = 0; i < n; i += 4093)
        zero &= p[i] == 0;
    CHECK(zero && p[n - 1] == 0, "fresh pixels are zero");
    struct rusage r0, r1;
    getrusage(RUSAGE_SELF, &r0);
    memset(p, 0x5a, n);
    getrusage(RUSAGE_SELF, &r1);
    long faults = r1.ru_minflt - r0.ru_minflt;
    char mode[128] = "";
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (f) {
        if (!fgets(mode, sizeof mode, f))
            mode[0] = 0;
        mode[strcspn(mode, "\n")] = 0;
        fclose(f);
    }
#ifdef TEST_EMULATED
    snprintf(mode, sizeof mode, "emulated");
#endif
    if (!mode[0] || strstr(mode, "[never]") || strcmp(mode, "emulated") == 0)
        printf("SKIP: transparent huge pages are off or emulated (%s): %ld faults for the picture\n",
               mode[0] ? mode : "no sysfs", faults);
    else
        CHECK(faults < 2025, "writing a 1080p picture: %ld page faults (2025 in 4 KB pages)", faults);
    CHECK(p[n - 1] == 0x5a, "pixels writable to the end");
    pixels_free(p, n);
}

int main(void)
{
    fx_init();
    test_pixels();
    struct text_engine *te = text_engine_new(NULL);
    CHECK(te != NULL, "text engine (fonts/fonts.json)");
    if (!te)
        return check_done();
    test_goldens(te);
    test_rotation(te);
    test_overscan(te);
    test_window_rotation(te);
    test_crossfade(te);
    test_partial(te);
    test_atlas_upload();
    test_fade(te);
    text_engine_free(te);
    test_cmd_render();
    test_save_png_atomic();
    return check_done();
}
