/* drawlist: what a slide looks like at one moment, as plain draw operations in painter's order
 * (rects, text layouts, images, clip on/off). Built by the slide code, executed by a render
 * backend; no SDL here. Text ops point at the text engine's cached layouts, which never move:
 * valid until text_cache_clear(). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "content/model.h"
#include "text/text.h"

enum draw_kind { DRAW_RECT, DRAW_TEXT, DRAW_IMAGE, DRAW_CLIP, DRAW_UNCLIP };

struct draw_op {
    enum draw_kind kind;
    struct rgba color;                 /* rect fill, text colour, image tint (alpha only) */
    float x, y, w, h;                  /* rect / clip / image box; text: box top-left (w, h = box) */
    const struct text_layout *text;    /* DRAW_TEXT */
    size_t str;                        /* DRAW_TEXT: 1 + offset of the laid-out string in strs */
    const char *image;                 /* DRAW_IMAGE: asset path (borrowed from the snapshot) */
    float sx, sy, sw, sh;              /* DRAW_IMAGE: source rectangle in image pixels */
};

struct drawlist {
    struct draw_op *ops;
    size_t n, cap;
    /* Layouts to rasterize ahead of time but not to draw (e.g. every digit of a count-up). */
    const struct text_layout **warm;
    size_t n_warm, cap_warm;
    char *strs;                        /* string storage for DRAW_TEXT.str */
    size_t strs_len, strs_cap;
    /* How long after the moment it was built for this picture keeps changing by itself (a
     * count-up), in ms; 0 = static. A ticker sets `moving` (it never settles). */
    uint64_t settle_ms;
    bool moving;
};

void drawlist_init(struct drawlist *dl);
void drawlist_clear(struct drawlist *dl);  /* empties, keeps the memory */
void drawlist_finish(struct drawlist *dl); /* frees the memory */

void drawlist_rect(struct drawlist *dl, float x, float y, float w, float h, struct rgba c);
/* Adds a text op for lay (the engine's, held by pointer) placed with its box top-left at (x, y);
 * str is copied. */
void drawlist_text(struct drawlist *dl, const struct text_layout *lay, const char *str, float x, float y,
                   struct rgba c);
/* Draws the source rectangle src of the image at path into dst. */
void drawlist_image(struct drawlist *dl, const char *path, const float src[4], const float dst[4]);
void drawlist_clip(struct drawlist *dl, float x, float y, float w, float h);
void drawlist_unclip(struct drawlist *dl);
void drawlist_warm(struct drawlist *dl, const struct text_layout *lay);
/* Moves ops [first, n) by (dx, dy): lay a block out, then centre it. */
void drawlist_shift(struct drawlist *dl, size_t first, float dx, float dy);

/* The string of the i-th text op (for tests and the layout tool); NULL when out of range. */
const char *drawlist_text_str(const struct drawlist *dl, size_t op);
