/* slides: count-up figures, screen geometry, and layout invariants of every slide kind on every
 * screen we support (text inside the safe area and its body, no two texts overlapping), the
 * ticker's motion and seamless loop, the QR quiet zone, headline paging. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "test_player_fixture.h"

#include "core/fsutil.h"
#include "core/xalloc.h"
#include "schedule/schedule.h"
#include "slides/slides.h"

#define SETTLED SLIDES_SETTLED_MS

static const struct {
    int w, h;
} screens[] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1080, 1920}};

static void test_kpi_figure(void)
{
    static const struct {
        double value;
        int decimals;
        uint64_t t;
        const char *want;
    } cases[] = {
        {7.8, 1, SETTLED, "7.8"},       {156.02, 2, SETTLED, "156.02"}, {156.02, 2, 1500, "156.02"},
        {8600, 0, SETTLED, "8600"},     {2, 0, SETTLED, "2"},           {12.5, 1, SETTLED, "12.5"},
        {156.02, 2, 0, "0.00"},         {8600, 0, 0, "0"},              {-3.5, 1, 0, "0.0"},
        {156.02, 2, 750, "136.52"},     /* ease-out: 1 - 0.5^3 = 0.875 of the way at half time */
        {-3.5, 1, SETTLED, "-3.5"},     {0.05, 2, SETTLED, "0.05"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct kpi_card k = {.label = "x", .value = cases[i].value, .decimals = cases[i].decimals};
        char buf[64];
        char ctx[64];
        snprintf(ctx, sizeof ctx, "kpi_figure(%g, %d, t=%llu)", cases[i].value, cases[i].decimals,
                 (unsigned long long)cases[i].t);
        CHECK_STR(kpi_figure(&k, cases[i].t, buf, sizeof buf), cases[i].want, ctx);
    }
}

static void test_geometry(void)
{
    for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++) {
        struct screen_geom g;
        screen_geom_init(&g, screens[i].w, screens[i].h, 0);
        int m = screens[i].w < screens[i].h ? screens[i].w : screens[i].h;
        CHECK(fabsf(g.unit - m / 100.0f) < 0.01f, "%dx%d: unit %g", g.w, g.h, g.unit);
        CHECK(g.portrait == (screens[i].h > screens[i].w), "%dx%d: orientation", g.w, g.h);
        CHECK(g.header.y + g.header.h < g.body.y && g.body.y + g.body.h < g.banner_top, "%dx%d: header < body < banner",
              g.w, g.h);
        CHECK(g.body.h > 0.45f * g.h, "%dx%d: the body gets most of the screen (%g px)", g.w, g.h, g.body.h);
        CHECK(g.banner.y + g.banner.h <= g.h + 0.01f, "%dx%d: banner on screen", g.w, g.h);
    }
}

struct box {
    float x0, y0, x1, y1;
};

/* The ink extent of a text op: lines may be offset inside their box (centred, end-aligned). */
static struct box text_box(const struct draw_op *op)
{
    const struct text_layout *l = op->text;
    float x0 = 1e9f, x1 = -1e9f;
    for (size_t i = 0; i < l->n_lines; i++) {
        x0 = fminf(x0, l->lines[i].x);
        x1 = fmaxf(x1, l->lines[i].x + l->lines[i].width);
    }
    return (struct box){op->x + x0, op->y, op->x + x1, op->y + l->height};
}

static bool inside(struct box b, struct rectf r, float slack)
{
    return b.x0 >= r.x - slack && b.y0 >= r.y - slack && b.x1 <= r.x + r.w + slack && b.y1 <= r.y + r.h + slack;
}

static bool overlap(struct box a, struct box b)
{
    const float s = 1; /* touching is fine */
    return a.x0 < b.x1 - s && b.x0 < a.x1 - s && a.y0 < b.y1 - s && b.y0 < a.y1 - s;
}

static bool image_size(void *ctx, const char *path, int *w, int *h)
{
    (void)ctx;
    (void)path;
    *w = 320, *h = 200;
    return true;
}

static void ctx_for(struct slide_ctx *c, struct text_engine *te, const struct screen_geom *g)
{
    memset(c, 0, sizeof *c);
    c->te = te;
    c->g = g;
    c->image_size = image_size;
    slide_ctx_for_playlist(c, &fx_playlist);
}

/* Every slide on every screen: texts stay in the body, do not overlap, and are not cut short
 * by more than the designed ellipsis of long titles. */
static void test_layout_invariants(struct text_engine *te)
{
    for (size_t sc = 0; sc < sizeof screens / sizeof screens[0]; sc++) {
        struct screen_geom g;
        screen_geom_init(&g, screens[sc].w, screens[sc].h, 0);
        struct slide_ctx c;
        ctx_for(&c, te, &g);
        for (size_t k = 0; k < FX_N; k++) {
            size_t pages = slide_page_count(&fx_slides[k]);
            for (size_t pg = 0; pg < pages; pg++) {
                struct drawlist dl;
                drawlist_init(&dl);
                slides_body(&c, &fx_slides[k], pg, pages, SETTLED, &dl);
                size_t texts = 0;
                for (size_t i = 0; i < dl.n; i++) {
                    if (dl.ops[i].kind != DRAW_TEXT)
                        continue;
                    texts++;
                    struct box b = text_box(&dl.ops[i]);
                    CHECK(inside(b, g.body, 1), "%dx%d %s: \"%s\" at %.0f,%.0f-%.0f,%.0f leaves the body", g.w, g.h,
                          fx_slides[k].id, drawlist_text_str(&dl, i), b.x0, b.y0, b.x1, b.y1);
                    for (size_t j = 0; j < i; j++)
                        if (dl.ops[j].kind == DRAW_TEXT)
                            CHECK(!overlap(b, text_box(&dl.ops[j])), "%dx%d %s: \"%s\" overlaps \"%s\"", g.w, g.h,
                                  fx_slides[k].id, drawlist_text_str(&dl, i), drawlist_text_str(&dl, j));
                }
                CHECK(texts >= (k == FX_IMAGE ? 1u : 2u), "%dx%d %s: has text (%zu)", g.w, g.h, fx_slides[k].id, texts);
                drawlist_finish(&dl);
            }
        }
        /* The frame: header and banner texts inside the screen and apart from each other. */
        struct drawlist dl;
        drawlist_init(&dl);
        slides_chrome(&c, &dl);
        slides_banner(&c, 0, &dl);
        for (size_t i = 0; i < dl.n; i++) {
            if (dl.ops[i].kind != DRAW_TEXT)
                continue;
            struct box b = text_box(&dl.ops[i]);
            if (b.x1 <= g.safe.x + g.safe.w + 1) /* ticker copies run past the clip on purpose */
                CHECK(inside(b, g.safe, 1), "%dx%d: \"%s\" leaves the safe area", g.w, g.h, drawlist_text_str(&dl, i));
        }
        drawlist_finish(&dl);
    }
}

/* Text ops of the banner drawn at now_ms inside the ticker's clip: their x positions. */
static size_t ticker_xs(const struct slide_ctx *c, uint64_t now, float *xs, size_t max, struct rectf *clip, float *w)
{
    struct drawlist dl;
    drawlist_init(&dl);
    slides_banner(c, now, &dl);
    size_t n = 0;
    bool in = false;
    for (size_t i = 0; i < dl.n; i++) {
        if (dl.ops[i].kind == DRAW_CLIP) {
            in = true;
            *clip = (struct rectf){dl.ops[i].x, dl.ops[i].y, dl.ops[i].w, dl.ops[i].h};
        } else if (dl.ops[i].kind == DRAW_UNCLIP) {
            in = false;
        } else if (in && dl.ops[i].kind == DRAW_TEXT && n < max) {
            xs[n++] = dl.ops[i].x;
            *w = dl.ops[i].text->width;
        }
    }
    CHECK(dl.moving, "a banner with a ticker says it moves");
    drawlist_finish(&dl);
    return n;
}

static void test_ticker(struct text_engine *te)
{
    struct screen_geom g;
    screen_geom_init(&g, 1920, 1080, 0);
    struct slide_ctx c;
    ctx_for(&c, te, &g);
    float a[16], b[16], w = 0;
    struct rectf clip = {0};
    size_t na = ticker_xs(&c, 10000, a, 16, &clip, &w);
    size_t nb = ticker_xs(&c, 10100, b, 16, &clip, &w);
    CHECK(na >= 1 && nb >= 1, "ticker drawn (%zu, %zu copies)", na, nb);
    float speed = 9 * g.unit; /* px per second */
    CHECK(fabsf((a[0] - b[0]) - speed * 0.1f) < 0.5f || nb != na, "ticker moved %.2f px in 100 ms (want %.2f)",
          a[0] - b[0], speed * 0.1f);
    /* Never an empty strip: at many moments the copies cover the whole clip, gaps < 15 units. */
    for (uint64_t t = 0; t < 120000; t += 777) {
        float xs[16];
        size_t n = ticker_xs(&c, t, xs, 16, &clip, &w);
        CHECK(n >= 1 && xs[0] <= clip.x + 0.01f, "t=%llu: the strip starts with text (x=%.1f, clip %.1f)",
              (unsigned long long)t, n ? xs[0] : -1, clip.x);
        CHECK(n >= 1 && xs[n - 1] + w + 15 * g.unit >= clip.x + clip.w, "t=%llu: the strip is filled to its end",
              (unsigned long long)t);
        for (size_t i = 1; i < n; i++)
            CHECK(xs[i] - xs[i - 1] - w < 12 * g.unit, "t=%llu: gap between copies", (unsigned long long)t);
    }
    /* Sub-pixel motion: positions 1 ms apart differ by a fraction of a pixel. */
    float p[16], q[16];
    ticker_xs(&c, 20000, p, 16, &clip, &w);
    ticker_xs(&c, 20001, q, 16, &clip, &w);
    CHECK(p[0] - q[0] > 0 && p[0] - q[0] < 1, "sub-pixel step %.3f px per ms", p[0] - q[0]);
}

static void test_qr(struct text_engine *te)
{
    struct screen_geom g;
    screen_geom_init(&g, 1920, 1080, 0);
    struct slide_ctx c;
    ctx_for(&c, te, &g);
    struct drawlist dl;
    drawlist_init(&dl);
    slides_body(&c, &fx_slides[FX_HOTLINE], 0, 1, SETTLED, &dl);
    /* The white square, then dark module runs inside it with a 4-module margin. */
    const struct draw_op *white = NULL;
    size_t modules = 0;
    float x0 = 1e9f, y0 = 1e9f, x1 = 0, y1 = 0, m = 1e9f;
    for (size_t i = 0; i < dl.n; i++) {
        const struct draw_op *op = &dl.ops[i];
        if (op->kind != DRAW_RECT)
            continue;
        if (op->color.r == 255 && op->color.g == 255 && op->color.b == 255 && op->w == op->h)
            white = op;
        else if (white && op->color.r == 0x10) {
            modules++;
            x0 = fminf(x0, op->x), y0 = fminf(y0, op->y);
            x1 = fmaxf(x1, op->x + op->w), y1 = fmaxf(y1, op->y + op->h);
            m = fminf(m, op->h);
        }
    }
    CHECK(white && modules > 40, "QR drawn (%zu module runs)", modules);
    if (white) {
        CHECK(m >= 2 && m == floorf(m), "whole-pixel modules (%g px)", m);
        CHECK(fabsf(x0 - white->x - 4 * m) < 0.01f && fabsf(y0 - white->y - 4 * m) < 0.01f, "4-module quiet zone");
        CHECK(fabsf(white->x + white->w - x1 - 4 * m) < 0.01f && fabsf(white->y + white->h - y1 - 4 * m) < 0.01f,
              "4-module quiet zone (right, bottom)");
    }
    drawlist_finish(&dl);
}

static bool has_text(const struct drawlist *dl, const char *s)
{
    for (size_t i = 0; i < dl->n; i++)
        if (drawlist_text_str(dl, i) && strcmp(drawlist_text_str(dl, i), s) == 0)
            return true;
    return false;
}

static void test_countup_and_pages(struct text_engine *te)
{
    struct screen_geom g;
    screen_geom_init(&g, 1920, 1080, 0);
    struct slide_ctx c;
    ctx_for(&c, te, &g);
    struct drawlist dl;
    drawlist_init(&dl);
    slides_body(&c, &fx_slides[FX_KPI], 0, 1, 500, &dl);
    CHECK(dl.settle_ms == 1000, "count-up settles in %llu ms (want 1000)", (unsigned long long)dl.settle_ms);
    CHECK(dl.n_warm >= 1, "count-up digits are rasterized ahead");
    CHECK(!has_text(&dl, "156.02"), "mid count-up does not show the final value");
    drawlist_clear(&dl);
    slides_body(&c, &fx_slides[FX_KPI], 0, 1, SLIDES_COUNTUP_MS, &dl);
    CHECK(dl.settle_ms == 0, "settled");
    CHECK(has_text(&dl, "156.02") && has_text(&dl, "7.8") && has_text(&dl, "8600") && has_text(&dl, "24.5"),
          "settled figures exact");
    CHECK(has_text(&dl, "万标箱") && has_text(&dl, "集装箱吞吐量") && has_text(&dl, "超"), "unit, label, prefix");

    drawlist_clear(&dl);
    slides_body(&c, &fx_slides[FX_HEADLINES], 1, 2, SETTLED, &dl);
    CHECK(has_text(&dl, "第 2/2 页"), "page indicator");
    CHECK(has_text(&dl, "【武汉招商】小米生态链项目集群落户光谷 智能产业生态加速形成") &&
              !has_text(&dl, "【武汉招商】2020年武汉市政府工作报告"),
          "page 2 shows items 5-7 only");
    drawlist_clear(&dl);
    slides_body(&c, &fx_slides[FX_HEADLINE], 0, 1, SETTLED, &dl);
    CHECK(has_text(&dl, "【武汉招商】") && has_text(&dl, "2020-01-07"), "headline: source tag and date");

    /* A title far too long for its box shrinks, then ends in an ellipsis, and stays in the body. */
    struct headline_item long_item = {"武汉招商", NULL, "2020-01-07", NULL};
    char title[2048] = "";
    for (int i = 0; i < 40; i++)
        strcat(title, "武汉光谷招商引资");
    long_item.title = title;
    struct slide s = {.kind = SLIDE_HEADLINE, .items = &long_item, .n_items = 1, .duration_ms = 1};
    drawlist_clear(&dl);
    slides_body(&c, &s, 0, 1, SETTLED, &dl);
    bool found = false;
    for (size_t i = 0; i < dl.n; i++)
        if (drawlist_text_str(&dl, i) == NULL ? false : strcmp(drawlist_text_str(&dl, i), title) == 0) {
            found = true;
            CHECK(dl.ops[i].text->ellipsized, "long title ends in an ellipsis");
            CHECK(inside(text_box(&dl.ops[i]), g.body, 1), "long title stays in the body");
        }
    CHECK(found, "long title drawn");
    drawlist_finish(&dl);
}

static bool dl_has(const struct drawlist *dl, const char *text)
{
    for (size_t i = 0; i < dl->n; i++)
        if (drawlist_text_str(dl, i) && strcmp(drawlist_text_str(dl, i), text) == 0)
            return true;
    return false;
}

/* With no Chinese font installed the fallback slide is drawn with the font that opens: English
 * words instead of boxes, and the hotline number. */
static void test_fallback_without_cjk(void)
{
    char dir[] = "/tmp/lsnocjkXXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char *file = xasprintf("%s/fonts.json", dir);
    static const char cfg[] =
        "{\"search_dirs\": [\"/usr/share/fonts/truetype/dejavu\"],"
        " \"families\": [{\"name\": \"DejaVu Sans\", \"faces\": [{\"file\": \"DejaVuSans.ttf\"}]}],"
        " \"roles\": {\"title\": {\"family\": \"DejaVu Sans\"}, \"body\": {\"family\": \"DejaVu Sans\"},"
        " \"figure\": {\"family\": \"DejaVu Sans\"}}}";
    CHECK(fs_write_atomic(file, cfg, sizeof cfg - 1), "write");
    struct text_engine *te = text_engine_new(file);
    CHECK(te != NULL, "Latin-only engine");
    if (te) {
        struct screen_geom g;
        screen_geom_init(&g, 1920, 1080, 0);
        struct slide_ctx c;
        ctx_for(&c, te, &g);
        c.banner = &fx_playlist.banner;
        struct drawlist dl;
        drawlist_init(&dl);
        slides_fallback(&c, &dl);
        CHECK(dl_has(&dl, "Welcome") && !dl_has(&dl, "欢迎莅临"), "English words, not boxes");
        CHECK(dl_has(&dl, fx_playlist.banner.entries[0].number), "the hotline number is drawn");
        drawlist_finish(&dl);
    }
    text_engine_free(te);
    unlink(file);
    rmdir(dir);
    free(file);
}

/* Font index of glyph gi of the text op drawing s, or -1. */
static int op_font(const struct drawlist *dl, const char *s, size_t gi)
{
    for (size_t i = 0; i < dl->n; i++)
        if (drawlist_text_str(dl, i) && strcmp(drawlist_text_str(dl, i), s) == 0 && dl->ops[i].text &&
            gi < dl->ops[i].text->n_glyphs)
            return dl->ops[i].text->glyphs[gi].font;
    return -1;
}

/* theme.fonts picks the family per role: the KPI title's "2019" and the figures are drawn with
 * DejaVu Sans, not the default Noto; the title's Chinese falls back as before; body text stays. */
static void test_theme_fonts(struct text_engine *te)
{
    struct screen_geom g;
    screen_geom_init(&g, 1920, 1080, 0);
    struct slide_ctx c;
    ctx_for(&c, te, &g);
    const struct slide *kpi = &fx_slides[FX_KPI];
    struct drawlist base, themed;
    drawlist_init(&base);
    drawlist_init(&themed);
    slides_body(&c, kpi, 0, 1, SLIDES_COUNTUP_MS, &base);
    struct theme th = fx_playlist.theme;
    th.fonts.title = "DejaVu Sans";
    th.fonts.figure = "DejaVu Sans";
    c.theme = &th;
    slides_body(&c, kpi, 0, 1, SLIDES_COUNTUP_MS, &themed);
    int t0 = op_font(&base, kpi->title, 0), t1 = op_font(&themed, kpi->title, 0);
    CHECK(t0 >= 0 && t1 >= 0 && t0 != t1, "title digits in the theme's family (font %d, default %d)", t1, t0);
    int h0 = op_font(&base, kpi->title, 4), h1 = op_font(&themed, kpi->title, 4);
    CHECK(h0 >= 0 && h0 == h1, "title Chinese falls back to the default (font %d, default %d)", h1, h0);
    int f0 = op_font(&base, "156.02", 0), f1 = op_font(&themed, "156.02", 0);
    CHECK(f0 >= 0 && f1 >= 0 && f0 != f1, "figure in the theme's family (font %d, default %d)", f1, f0);
    CHECK(f1 == t1, "title and figure name the same family: same font");
    int b0 = op_font(&base, "集装箱吞吐量", 0), b1 = op_font(&themed, "集装箱吞吐量", 0);
    CHECK(b0 >= 0 && b0 == b1, "body keeps its default (font %d, default %d)", b1, b0);
    drawlist_finish(&base);
    drawlist_finish(&themed);
}

int main(void)
{
    fx_init();
    test_kpi_figure();
    test_geometry();
    struct text_engine *te = text_engine_new(NULL);
    CHECK(te != NULL, "text engine");
    if (te) {
        test_layout_invariants(te);
        test_ticker(te);
        test_qr(te);
        test_countup_and_pages(te);
        test_theme_fonts(te);
    }
    text_engine_free(te);
    test_fallback_without_cjk();
    return check_done();
}
