/* slides: turns (slide, theme, screen geometry, time into the step) into a draw list. One file
 * per slide kind; all sizes derive from a unit of min(width, height) / 100 of the overscan-safe
 * area, so 720p, 1080p, 4K and portrait totems share one design. Pure apart from the text
 * engine's layout cache: a frame's build only looks layouts up (shaping happens once). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "content/model.h"
#include "slides/drawlist.h"
#include "text/text.h"

struct rectf {
    float x, y, w, h;
};

/* Where things go on a screen of a given size. */
struct screen_geom {
    int w, h;             /* logical screen (after rotation) */
    float unit;           /* min(safe.w, safe.h) / 100 */
    bool portrait;
    struct rectf safe;    /* inside the overscan margin: all content stays in here */
    struct rectf header;  /* logo, playlist title, snapshot date */
    struct rectf body;    /* the slide proper */
    struct rectf banner;  /* hotline strip (inner, safe) */
    float banner_top;     /* the strip's colour runs from here to the screen's bottom edge */
};

/* overscan_pct: margin on every side in percent of that side (0..20). */
void screen_geom_init(struct screen_geom *g, int w, int h, float overscan_pct);

/* Image sizes come from the renderer (slides know no decoders). False: cannot be loaded. */
typedef bool (*slide_image_size_fn)(void *ctx, const char *path, int *w, int *h);

struct slide_ctx {
    struct text_engine *te;
    const struct screen_geom *g;
    const struct theme *theme;
    const struct banner *banner;     /* NULL: no strip */
    const char *title;               /* playlist title for the header, or NULL */
    const char *updated;             /* snapshot date, or NULL */
    slide_image_size_fn image_size;
    void *image_ctx;
};

/* Fills a context for playlist pl (theme, banner, header texts). */
void slide_ctx_for_playlist(struct slide_ctx *c, const struct playlist *pl);

/* Full background and the header band (the same for every step of a playlist). */
void slides_chrome(const struct slide_ctx *c, struct drawlist *dl);
/* The slide body for one step, t_ms into it, including an opaque background of the body area
 * (so a crossfade can draw it over another step). Sets dl->settle_ms for a count-up. */
void slides_body(const struct slide_ctx *c, const struct slide *s, size_t page, size_t n_pages,
                 uint64_t t_ms, struct drawlist *dl);
/* The hotline strip; the ticker's position comes from the monotonic time now_ms. */
void slides_banner(const struct slide_ctx *c, uint64_t now_ms, struct drawlist *dl);
/* The calm built-in slide shown when nothing else can be: welcome text and the hotline. */
void slides_fallback(const struct slide_ctx *c, struct drawlist *dl);

/* KPI figure text at t_ms into the count-up (the exact value with the card's decimals once
 * t_ms >= SLIDES_COUNTUP_MS). Returns buf. */
#define SLIDES_COUNTUP_MS 1500
/* "Long after the step started": a t_ms at which every animation of every kind has settled. */
#define SLIDES_SETTLED_MS (1ull << 40)
const char *kpi_figure(const struct kpi_card *card, uint64_t t_ms, char *buf, size_t size);
