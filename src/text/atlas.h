/* atlas: glyph cache keyed by (font, glyph id, size) over pages of 8-bit coverage packed with a
 * skyline packer (stb_rect_pack), 1 px padding. The cache is power-of-two open addressing that
 * grows at 75 %; failures are cached too. Memory is bounded by max_pages: when full, the least
 * recently used page not used in the current frame is cleared wholesale and re-packed. A frame
 * whose own glyphs fill every page gets extra pages (up to twice the bound) that the next
 * atlas_frame_begin frees again; only beyond that are glyphs dropped. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/text.h"

struct atlas;

/* A rasterized glyph handed to the atlas (copied; the pointer is only read). */
struct atlas_bitmap {
    const uint8_t *pixels;
    int width, height, pitch;  /* pitch in bytes; may be negative */
    int left, top;             /* offset of the bitmap's top-left from the pen on the baseline */
};

/* Rasterizes (font, gid, px) into *out, which stays valid until the next call. */
typedef bool (*atlas_raster_fn)(void *ctx, uint16_t font, uint32_t gid, int px, struct atlas_bitmap *out);

struct atlas_entry {
    uint16_t page;
    int16_t x, y, w, h;  /* w == 0: nothing to draw (space, failed glyph) */
    int16_t left, top;
};

struct atlas *atlas_new(int page_size, int max_pages, atlas_raster_fn raster, void *ctx);
void atlas_free(struct atlas *a);
/* Reconfigures an empty-or-not atlas: drops every page and glyph. */
void atlas_configure(struct atlas *a, int page_size, int max_pages);
void atlas_frame_begin(struct atlas *a);
/* The glyph, rasterized and resident on a page (marking the page used this frame); NULL when it
 * cannot be placed (every page is in use by the current frame). */
const struct atlas_entry *atlas_get(struct atlas *a, uint16_t font, uint32_t gid, int px);
size_t atlas_page_count(const struct atlas *a);
const struct text_atlas_page *atlas_page(const struct atlas *a, size_t i);

struct atlas_stats {
    size_t cached, rasterized, misses, evicted, dropped, bytes;
};
void atlas_stats(const struct atlas *a, struct atlas_stats *out);
