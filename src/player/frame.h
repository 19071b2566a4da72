/* frame: one picture = chrome + body + banner (+ the player's overlay of messages), built and drawn in one place for `play` (the player),
 * `render` and the tests, so every path draws the same thing in the same order. */
#pragma once
#include <stdint.h>

#include "content/model.h"
#include "render/render.h"
#include "schedule/schedule.h"
#include "slides/drawlist.h"
#include "slides/slides.h"

struct frame {
    struct drawlist chrome; /* background and header band */
    struct drawlist body;   /* the slide (or the fallback slide) */
    struct drawlist banner; /* the hotline strip */
    struct drawlist overlay; /* messages over the content (slides/notice.h); built by the player, drawn last */
};

void frame_init(struct frame *f);
void frame_finish(struct frame *f); /* frees the lists; NULL-safe */

/* Builds all three lists for slide s (NULL: the built-in fallback slide) at step page/n_pages,
 * t_ms into the step, the banner's ticker at monotonic now_ms. */
void frame_build(struct frame *f, const struct slide_ctx *c, const struct slide *s, size_t page, size_t n_pages,
                 uint64_t t_ms, uint64_t now_ms);
/* Draws chrome, body, banner, then the overlay (the crossfade blends two pictures drawn by it:
 * render_fade_*). The caller brackets it with render_begin/render_begin_partial ... render_end. */
void frame_draw(struct render *r, const struct frame *f);

/* Draws one settled step of pl (no transition), t_ms into it, banner at now_ms, as a whole frame
 * into r: the `render` command and the tests. */
void frame_draw_step(struct text_engine *te, struct render *r, float overscan_pct, const struct playlist *pl,
                     struct step st, uint64_t t_ms, uint64_t now_ms);
