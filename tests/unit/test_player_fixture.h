/* A hand-built snapshot with every slide kind, for the slides, render and player tests (built in
 * C so these tests do not depend on the sample playlists, which change with the content). */
#pragma once
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/model.h"

static const struct hotline_entry fx_entries[] = {
    {"招商中心", "400-162-2002"},
    {"投资咨询热线", "027-8556-6666"},
};

static const struct headline_item fx_items[] = {
    {"武汉招商", "2020年武汉市政府工作报告", "2020-01-07",
     "2019年全市地区生产总值预计增长7.8%左右，签约总金额突破2万亿元，实际到位资金8600亿元以上。"},
    {"武汉招商", "武汉新港集装箱吞吐量突破156万标箱 枢纽能级与发展活力双提升", "2019-12-30", NULL},
    {"武汉招商", "武汉光安伦光电开年签千万元订单 光电子芯片研发结硕果", "2020-01-06", NULL},
    {NULL, "江城提速存储器基地建设新突破", "2020-01-03", NULL},
    {"武汉招商", "武汉多措并举冲刺第四次全国经济普查", "2019-12-27", NULL},
    {"武汉招商", "小米生态链项目集群落户光谷 智能产业生态加速形成", "2019-12-20", NULL},
    {"武汉招商", "武汉国家智能网联汽车基地示范项目吸引超30家领军企业入驻", "2019-12-18", NULL},
};

static const struct kpi_card fx_cards[] = {
    {"地区生产总值增长", 7.8, 1, NULL, "%", "全国同类城市前列"},
    {"集装箱吞吐量", 156.02, 2, NULL, "万标箱", "同比 +15%"},
    {"实际到位资金", 8600, 0, "超", "亿元", NULL},
    {"高新技术产业增加值占比", 24.5, 1, NULL, "%", NULL},
};

enum { FX_HEADLINE, FX_HEADLINES, FX_KPI, FX_HOTLINE, FX_IMAGE, FX_N };

static struct slide fx_slides[FX_N] = {
    {.kind = SLIDE_HEADLINE, .id = "headline", .duration_ms = 8000, .items = fx_items, .n_items = 1},
    {.kind = SLIDE_HEADLINES, .id = "board", .duration_ms = 8000, .title = "武汉招商资讯", .items = fx_items,
     .n_items = 7, .per_page = 4},
    {.kind = SLIDE_KPI, .id = "kpi", .duration_ms = 8000, .title = "2019年经济发展成绩单", .cards = fx_cards,
     .n_cards = 4},
    {.kind = SLIDE_HOTLINE, .id = "hotline", .duration_ms = 8000, .title = "欢迎垂询 · 武汉招商中心"},
    {.kind = SLIDE_IMAGE, .id = "image", .duration_ms = 8000, .fit = FIT_CONTAIN, .caption = "武汉新港：长江中游重要的综合性港口"},
};

static struct playlist fx_playlist = {
    .path = "fixture.json",
    .id = "fixture",
    .title = "武汉招商中心 · 大厅屏",
    .updated = "2025-07-09",
    .orientation = ORIENT_LANDSCAPE,
    .theme = {
        .background = {0x0b, 0x1f, 0x3a, 0xff},
        .surface = {0x13, 0x2d, 0x52, 0xff},
        .text = {0xff, 0xff, 0xff, 0xff},
        .muted = {0x9f, 0xb3, 0xc8, 0xff},
        .accent = {0xf0, 0xa8, 0x00, 0xff},
        .banner_bg = {0xc8, 0x10, 0x2e, 0xff},
        .banner_text = {0xff, 0xff, 0xff, 0xff},
    },
    .banner = {fx_entries, 2, "招商引资政策 · 工业用地招商 · 租购厂房仓库 · 其他相关咨询",
               "欢迎莅临武汉招商中心 · 招商引资政策、工业用地、租购厂房仓库，请拨打投资咨询热线",
               "tel:4001622002"},
    .slides = fx_slides,
    .n_slides = FX_N,
};

static struct snapshot fx_snapshot __attribute__((unused)) = {
    .root = ".",
    .playlists = &fx_playlist,
    .n_playlists = 1,
    .generation = 1,
};

/* Writes a small test picture (flat colours) as PNG and points the image slide at it. */
static char fx_image_path[512];
static inline void fx_init(void)
{
    snprintf(fx_image_path, sizeof fx_image_path, "%s/fixture-image.png", TEST_BINDIR);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 320, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(s, NULL, SDL_MapRGB(s->format, 0x1d, 0x4e, 0x89));
    for (int i = 0; i < 6; i++) {
        SDL_Rect bar = {40 + i * 42, 170 - (40 + (i * 37) % 90), 28, 40 + (i * 37) % 90};
        SDL_FillRect(s, &bar, SDL_MapRGB(s->format, 0xe6, 0xec, 0xf3));
    }
    SDL_Rect base = {0, 170, 320, 8};
    SDL_FillRect(s, &base, SDL_MapRGB(s->format, 0xf0, 0xa8, 0x00));
    if (IMG_SavePNG(s, fx_image_path) != 0) {
        fprintf(stderr, "cannot write %s: %s\n", fx_image_path, IMG_GetError());
        exit(2);
    }
    SDL_FreeSurface(s);
    fx_slides[FX_IMAGE].image = fx_image_path;
    setenv("TZ", "UTC", 1);
}

/* How many pixels of a and b differ by more than tol on some colour channel (every pixel when
 * the sizes differ). */
static inline size_t fx_diff_count(SDL_Surface *a, SDL_Surface *b, int tol)
{
    if (a->w != b->w || a->h != b->h)
        return (size_t)a->w * (size_t)a->h;
    SDL_Surface *ca = SDL_ConvertSurfaceFormat(a, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *cb = SDL_ConvertSurfaceFormat(b, SDL_PIXELFORMAT_ARGB8888, 0);
    size_t bad = 0;
    for (int y = 0; y < a->h; y++) {
        const uint32_t *ra = (const uint32_t *)((const uint8_t *)ca->pixels + (size_t)y * ca->pitch);
        const uint32_t *rb = (const uint32_t *)((const uint8_t *)cb->pixels + (size_t)y * cb->pitch);
        for (int x = 0; x < a->w; x++)
            for (int k = 0; k < 24; k += 8) {
                int d = (int)((ra[x] >> k) & 0xff) - (int)((rb[x] >> k) & 0xff);
                if (d > tol || d < -tol) {
                    bad++;
                    break;
                }
            }
    }
    SDL_FreeSurface(ca);
    SDL_FreeSurface(cb);
    return bad;
}

/* Pixels (percent) whose channels differ by more than tol. Sizes must match (else 100). */
static inline double fx_diff_pct(SDL_Surface *a, SDL_Surface *b, int tol)
{
    if (a->w != b->w || a->h != b->h)
        return 100;
    return 100.0 * (double)fx_diff_count(a, b, tol) / ((double)a->w * a->h);
}

static inline uint32_t fx_pixel(SDL_Surface *s, int x, int y)
{
    return ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * s->pitch))[x] & 0xffffff;
}

/* Share of pixels (percent) that are not black. */
static inline double fx_lit_pct(SDL_Surface *s)
{
    size_t lit = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            lit += fx_pixel(s, x, y) != 0;
    return 100.0 * (double)lit / ((double)s->w * s->h);
}
