/* Golden images of laid-out boxes (fitted headline, justified paragraph, KPI figure, ellipsis,
 * missing glyph) compared with the PNGs in tests/golden/text/ within a small tolerance.
 * LOBBYSIGN_UPDATE_GOLDEN=1 rewrites them; look at them before committing. A mismatch writes the
 * actual image to <build>/golden-actual/. */
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <stdlib.h>

#include "check.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "text/preview.h"
#include "text/text.h"

struct golden {
    const char *name, *text;
    struct text_style style;
    int w, h;
};

static const struct golden CASES[] = {
    {"headline_fit", "【武汉招商】武汉国家智能网联汽车基地示范项目吸引超30家领军企业入驻",
     {.role = TEXT_ROLE_TITLE, .bold = true, .size = 96, .min_size = 40, .max_lines = 2, .align = TEXT_ALIGN_CENTER},
     1100, 200},
    {"paragraph_justify",
     "2018年,武汉新港集装箱吞吐量达156.02万标箱,较上一年增长15%,超额完成年度绩效目标。这一突破得益于区域招商"
     "引资成效的持续显现、基础设施的迭代升级以及多式联运体系的不断完善,为湖北构建内陆开放新高地提供了坚实支撑。",
     {.role = TEXT_ROLE_BODY, .size = 30, .align = TEXT_ALIGN_JUSTIFY, .line_height = 1.5f}, 640, 300},
    {"kpi_figure", "156.02万标箱", {.role = TEXT_ROLE_FIGURE, .bold = true, .size = 140, .min_size = 60}, 760, 190},
    {"headline_ellipsis", "【武汉招商】武汉新港集装箱吞吐量突破156万标箱 枢纽能级与发展活力双提升",
     {.role = TEXT_ROLE_TITLE, .bold = true, .size = 64, .min_size = 56, .max_lines = 1}, 900, 90},
    {"hotline_missing", "投资咨询热线 400-162-2002 · 招商引资政策\xee\x80\x80",
     {.role = TEXT_ROLE_BODY, .size = 36, .align = TEXT_ALIGN_END}, 900, 60},
};

static uint8_t *load_gray(const char *path, int *w, int *h)
{
    SDL_Surface *s = IMG_Load(path);
    if (!s)
        return NULL;
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(s);
    *w = c->w, *h = c->h;
    uint8_t *g = xmalloc((size_t)c->w * (size_t)c->h);
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++)
            g[y * c->w + x] = (uint8_t)(((uint32_t *)((uint8_t *)c->pixels + y * c->pitch))[x] & 0xFF);
    SDL_FreeSurface(c);
    return g;
}

int main(void)
{
    bool update = getenv("LOBBYSIGN_UPDATE_GOLDEN") && strcmp(getenv("LOBBYSIGN_UPDATE_GOLDEN"), "1") == 0;
    struct text_engine *te = text_engine_new(TEST_SRCDIR "/fonts/fonts.json");
    CHECK(te != NULL, "engine");
    if (!te)
        return check_done();
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const struct golden *g = &CASES[i];
        const struct text_layout *lay = text_layout(te, g->text, &g->style, g->w, g->h);
        uint8_t *cov = xcalloc((size_t)g->w * (size_t)g->h, 1), *img = xmalloc((size_t)g->w * (size_t)g->h);
        text_preview_draw(te, lay, 0, 0, cov, g->w, g->h);
        for (int k = 0; k < g->w * g->h; k++)
            img[k] = (uint8_t)(255 - cov[k]);
        char *path = xasprintf("%s/tests/golden/text/%s.png", TEST_SRCDIR, g->name);
        if (update) {
            fs_mkdirs(TEST_SRCDIR "/tests/golden/text");
            CHECK(text_preview_write_png(path, cov, g->w, g->h, true), "write %s", path);
            printf("updated %s (font %d px, %zu lines)\n", path, lay->font_size, lay->n_lines);
        } else {
            int w, h;
            uint8_t *want = load_gray(path, &w, &h);
            CHECK(want != NULL, "%s: %s (regenerate with LOBBYSIGN_UPDATE_GOLDEN=1)", path, IMG_GetError());
            if (want) {
                CHECK(w == g->w && h == g->h, "%s: %dx%d, want %dx%d", g->name, w, h, g->w, g->h);
                long sum = 0, far = 0, n = (long)g->w * g->h;
                for (long k = 0; w == g->w && h == g->h && k < n; k++) {
                    int d = abs(img[k] - want[k]);
                    sum += d;
                    far += d > 64;
                }
                double mean = (double)sum / (double)n / 255.0, farf = (double)far / (double)n;
                bool ok = w == g->w && h == g->h && mean < 0.003 && farf < 0.003;
                CHECK(ok, "%s: mean diff %.4f, %.4f of pixels off by > 64", g->name, mean, farf);
                if (!ok) {
                    fs_mkdirs(TEST_BINDIR "/golden-actual");
                    char *out = xasprintf("%s/golden-actual/%s.png", TEST_BINDIR, g->name);
                    text_preview_write_png(out, cov, g->w, g->h, true);
                    fprintf(stderr, "actual image: %s\n", out);
                    free(out);
                }
                free(want);
            }
        }
        /* what each image is meant to show */
        if (strcmp(g->name, "headline_fit") == 0)
            CHECK(lay->n_lines == 2 && !lay->ellipsized && lay->font_size < 96, "headline shrinks onto 2 lines");
        if (strcmp(g->name, "headline_ellipsis") == 0)
            CHECK(lay->ellipsized && lay->n_lines == 1, "headline ends in an ellipsis");
        if (strcmp(g->name, "hotline_missing") == 0)
            CHECK(lay->missing == 1, "one missing box");
        free(path);
        free(cov);
        free(img);
    }
    text_engine_free(te);
    IMG_Quit();
    SDL_Quit();
    return check_done();
}
