/* shape: a paragraph as positioned glyphs plus its line-break opportunities, independent of size.
 * Stages: decode UTF-8 -> choose a font per character by coverage along the chain -> runs by
 * font and script -> HarfBuzz (zh-Hans, role features) -> ICU line breaks (zh@lb=strict) with the
 * number-unit rule applied over ICU's result. Advances are in em, so one shaping serves every size. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/utf8.h"
#include "text/fonts.h"

enum {
    SG_MISSING = 1,    /* no font has this character: drawn as a box, 1 em wide */
    SG_INVISIBLE = 2,  /* control character (newline, tab ...): no ink, no advance */
    SG_SPACE = 4,      /* white space: trimmed at line ends, not stretched by justification */
    SG_INK = 8,        /* ink_l/ink_r are known (see shape_ink) */
    SG_INK_OUTLINE = 16, /* ... and come from the outline, not the full-width assumption */
};

struct sglyph {
    uint16_t font;
    uint8_t flags;
    uint32_t gid;
    uint32_t cluster;  /* byte offset of the first character of its cluster */
    uint32_t cp;       /* that character */
    float adv, xoff, yoff;  /* em */
    float ink_l, ink_r;     /* em from the pen: horizontal ink extent, once SG_INK is set */
    float ink_t, ink_b;     /* em above / below the baseline (outline glyphs only, else 0) */
};

struct sbreak {
    uint32_t pos;  /* byte offset where a new line may start */
    bool hard;     /* a mandatory break (newline) */
};

struct shaped {
    struct sglyph *g;
    size_t n;
    struct sbreak *brk;  /* ascending, excluding 0; the last is the end of the text */
    size_t n_brk;
    unsigned missing;
};

/* Reusable state: a HarfBuzz buffer and the ICU line iterator (opening one costs more than
 * breaking a headline). One per engine; not shared between threads. */
struct shaper;
struct shaper *shaper_new(void);
void shaper_free(struct shaper *sh);

/* features: the role's OpenType features. tabular: digits 0-9 get the widest digit's advance
 * (centred) even in fonts without a working tnum, so a count-up never jitters. */
void shape_text(struct shaper *sh, struct fontset *fs, const uint16_t *chain, size_t n_chain, const hb_feature_t *features,
                unsigned n_features, bool tabular, const char *utf8, size_t len, struct shaped *out);
/* Only the glyphs (no break opportunities): for measuring one line. */
void shape_line(struct shaper *sh, struct fontset *fs, const uint16_t *chain, size_t n_chain, const hb_feature_t *features,
                unsigned n_features, bool tabular, const char *utf8, size_t len, struct shaped *out);
/* The glyph's horizontal ink extent in em (memoized). Full-width (CJK) characters are taken to
 * ink inside their advance, which spares the outline lookup for nearly every Chinese glyph. */
void shape_ink(struct fontset *fs, struct sglyph *g);
void shaped_free(struct shaped *s);

/* True if a line must not start with cp (closing and middle punctuation, per ICU line-break class). */
bool shape_no_line_start(uint32_t cp);
