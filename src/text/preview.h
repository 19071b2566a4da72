/* preview: draws laid-out text into an 8-bit coverage buffer from the atlas (the same quads the
 * renderer draws) and writes grayscale PNGs with zlib. For `lobbysign layout --png` and tests. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "text/text.h"

/* Blends the layout's glyph coverage at (x, y) into cov (w x h, row stride w), "over" style. */
void text_preview_draw(struct text_engine *te, const struct text_layout *lay, float x, float y, uint8_t *cov,
                       int w, int h);
/* Writes cov as an 8-bit grayscale PNG; with ink_black, coverage 255 is black on white. */
bool text_preview_write_png(const char *path, const uint8_t *cov, int w, int h, bool ink_black);
