/* text: Chinese-first text engine. Fonts with per-character fallback (one FT_Face per file,
 * sizes via FT_New_Size), HarfBuzz shaping (zh-Hans, features per role), ICU line breaking
 * with strict CJK rules, layout into a box (align, justify, shrink-to-fit, ellipsis), a layout
 * cache, and a bounded glyph atlas of 8-bit coverage pages. Knows nothing of SDL rendering:
 * the render layer uploads atlas pages as textures and draws text_quads. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct text_engine;

enum text_role { TEXT_ROLE_TITLE, TEXT_ROLE_BODY, TEXT_ROLE_FIGURE };
enum text_align { TEXT_ALIGN_START, TEXT_ALIGN_CENTER, TEXT_ALIGN_END, TEXT_ALIGN_JUSTIFY };

/* fonts_json: path of a fonts.json (see fonts/README.md); NULL = <datadir>/fonts/fonts.json.
 * Returns NULL (and logs why) when no usable primary font is found. */
struct text_engine *text_engine_new(const char *fonts_json);
void text_engine_free(struct text_engine *te);

/* True when some font in the role's chain has a glyph for codepoint cp. */
bool text_can_draw(struct text_engine *te, enum text_role role, uint32_t cp);
/* The family names fonts.json defines (for text_style.family), NULL-terminated, owned by te. */
const char *const *text_families(struct text_engine *te);

struct text_style {
    enum text_role role;
    bool bold;
    int size;           /* px: the largest size to try */
    int min_size;       /* px: shrink-to-fit stops here (<= 0 or >= size: no shrinking) */
    float line_height;  /* multiple of the size; <= 0 means 1.3 */
    int max_lines;      /* 0 = as many as fit in the height */
    enum text_align align;
    const char *family; /* a family from fonts.json, NULL = the role's default */
};

struct text_glyph {
    uint16_t font;      /* index into the engine's font list */
    uint16_t size;      /* px */
    uint32_t glyph;     /* glyph id in that font; 0 = missing (drawn as a visible box) */
    float x, y;         /* pen position on the baseline, relative to the box's top-left */
};

struct text_line {
    uint32_t first, count;      /* glyph range */
    uint32_t byte_start, byte_end; /* source range in the UTF-8 input */
    float x, baseline, width;   /* placement within the box */
};

struct text_layout {
    int font_size;              /* final px after fitting */
    unsigned missing;           /* characters no font could draw */
    bool ellipsized;            /* text was cut and ends in "…" */
    float width, height;        /* extent actually used, <= the box */
    float ascent, descent;      /* of the final size, px (descent positive) */
    const struct text_line *lines;
    size_t n_lines;
    const struct text_glyph *glyphs;
    size_t n_glyphs;
    int box_width, box_height;  /* the box it was laid out in: text_quads clips to it */
};

/* Lays out utf8 in a width x height box. The result is cached by (text, style, box) and owned by
 * the engine: valid until text_cache_clear() or text_engine_free(), and it never moves (later
 * lookups that grow the cache leave it where it is: draw lists hold it by pointer). Never NULL (an empty string
 * gives zero lines). Text never leaves the box: it shrinks, then ends in an ellipsis. */
const struct text_layout *text_layout(struct text_engine *te, const char *utf8,
                                      const struct text_style *style, int width, int height);
/* Width in px of utf8 on one line at the style's size (no wrapping, no fitting). */
float text_measure(struct text_engine *te, const char *utf8, const struct text_style *style);
/* Drops every cached layout (a new snapshot generation). Atlas glyphs are kept. */
void text_cache_clear(struct text_engine *te);

/* ---- glyph atlas, for the render layer ---- */

struct text_atlas_page {
    const uint8_t *pixels;  /* 8-bit coverage, row-major */
    int width, height, stride;
    uint64_t version;       /* bumps whenever pixels change: re-upload when it differs */
    /* For uploading only what changed. Versions come from one clock for the whole atlas, so they
     * never repeat, also on a page that was removed and added again at the same index. */
    uint64_t cleared;       /* version at which the page was (created or) cleared wholesale */
    const uint64_t *tile_version; /* tiles_x * tiles_y, row-major: version of each tile's last change */
    int tile_size, tiles_x, tiles_y; /* tiles of tile_size^2 px (the last row/column may be cut) */
    int used_height;        /* rows [used_height, height) are all zero */
};
/* A copy of the page made at version v is brought up to date by copying every tile whose
 * tile_version is > v, unless v < cleared (then: the whole page, or its rows < used_height plus
 * zeros below). */

struct text_quad {
    uint16_t page;
    int16_t src_x, src_y, w, h;  /* in the page */
    float dst_x, dst_y;          /* top-left on the target */
};

/* Marks the start of a frame: glyphs used since are not evicted until the next frame. */
void text_frame_begin(struct text_engine *te);
/* Resolves the layout's glyphs in the atlas (rasterizing any missing ones at their size) and
 * appends one quad per visible glyph, offset by (x, y), to *quads (grown with xrealloc).
 * Returns the new count. */
size_t text_quads(struct text_engine *te, const struct text_layout *lay, float x, float y,
                  struct text_quad **quads, size_t n, size_t *cap);
/* Pages are added by text_quads and overflow pages (see text_atlas_configure) are removed by
 * text_frame_begin: look pages up by index each frame rather than keeping the pointers. */
size_t text_atlas_page_count(const struct text_engine *te);
const struct text_atlas_page *text_atlas_page(const struct text_engine *te, size_t i);

struct text_stats {
    size_t glyphs_cached, glyph_misses, glyphs_evicted, missing_drawn;
    size_t atlas_bytes, layouts_cached;
    size_t glyphs_rasterized;  /* FreeType renders (a cache hit never rasterizes) */
    size_t glyphs_dropped;     /* no atlas room because every page was used in this frame */
    size_t glyphs_clipped;     /* quads cut at the layout box (0 when layout kept ink inside) */
    size_t fonts_opened;       /* faces opened so far (fallbacks open lazily) */
};
void text_stats(const struct text_engine *te, struct text_stats *out);

/* Atlas bounds: pages of page_size^2 bytes (64..2048), at most max_pages of them (a frame whose
 * own glyphs need more gets up to twice as many until the next text_frame_begin). Drops every
 * atlas glyph. Defaults: fonts.json "atlas", else 1024 and 12. */
void text_atlas_configure(struct text_engine *te, int page_size, int max_pages);
