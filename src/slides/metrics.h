/* metrics: shared layout helpers for the slide files (sizes in units, text placement, colours). */
#pragma once
#include <math.h>

#include "slides/slides.h"

#include "core/util.h"

#define MIN2(a, b) ((a) < (b) ? (a) : (b))
#define MAX2(a, b) ((a) > (b) ? (a) : (b))

struct text_style sl_style(enum text_role role, float size_px, bool bold, int max_lines, enum text_align align);
/* Lays out s in the box and adds it at the box's top-left; returns the layout (NULL for NULL/"" s). */
const struct text_layout *sl_text(const struct slide_ctx *c, struct drawlist *dl, const char *s,
                                  const struct text_style *st, struct rectf box, struct rgba col);
/* Layout only (the engine's: it stays put across further layout calls until text_cache_clear). */
const struct text_layout *sl_layout(const struct slide_ctx *c, struct drawlist *dl, const char *s,
                                    const struct text_style *st, float w, float h);
/* text_measure with the theme's family for the style's role, as sl_layout uses. */
float sl_measure(const struct slide_ctx *c, const char *s, const struct text_style *st);
/* y offset that puts the first baseline of lay at baseline_y when the box top is at the result. */
float sl_top_for_baseline(const struct text_layout *lay, float baseline_y);
struct rgba sl_alpha(struct rgba c, uint8_t a);
struct rgba sl_mix(struct rgba a, struct rgba b, float t);
/* Adds an image placed by fit into box (contain: centred, letterboxed; cover: cropped). False if
 * the image cannot be loaded (nothing added). */
bool sl_image(const struct slide_ctx *c, struct drawlist *dl, const char *path, enum image_fit fit,
              struct rectf box);

/* Per-kind bodies (one file each), all of one shape so slides.c dispatches through a table indexed
 * by enum slide_kind: step page of n_pages, t_ms into the step, inside r. */
typedef void slide_body_fn(const struct slide_ctx *c, const struct slide *s, size_t page, size_t n_pages,
                           uint64_t t_ms, struct rectf r, struct drawlist *dl);
slide_body_fn headline_body, headlines_body, kpi_body, hotline_body, image_body;
/* Heading of a body (slide title) with an accent mark; returns the y below it. */
float sl_heading(const struct slide_ctx *c, const char *title, const char *right, struct rectf r,
                 struct drawlist *dl);
