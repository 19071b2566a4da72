/* player: what is on screen and when to draw. Holds the snapshot being played, the playlist the
 * schedule picked, its cursor, screen-off state and a redraw flag; draws through a render backend
 * only when something moves (transition, count-up, ticker) or changed (a new step, a new
 * snapshot, an exposed window). All time comes from an injected clock. Never shows black while a
 * slide can be shown: unshowable slides are skipped (logged once) and with none left a calm
 * built-in fallback slide with the hotline is drawn. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "content/model.h"
#include "core/clock.h"
#include "render/render.h"
#include "schedule/schedule.h"
#include "slides/drawlist.h"
#include "slides/notice.h"
#include "slides/slides.h"
#include "text/text.h"

struct player;

struct player_config {
    struct text_engine *te;         /* borrowed */
    struct render *render;          /* borrowed */
    const struct clock_src *clock;  /* borrowed */
    float overscan_pct;             /* margin on every side, percent */
    uint32_t transition_ms;         /* crossfade length; 0 = cut */
    bool always_on;                 /* ignore screen-off hours (demos, installation) */
    /* Screen-off hours that replace every playlist's (the service's config file); borrowed. Used
     * when screen_off_override is set (n_screen_off 0 then means: never off). */
    bool screen_off_override;
    const struct day_span *screen_off;
    size_t n_screen_off;
};

#define PLAYER_TRANSITION_MS 800

/* An unshowable slide is tried again after 5 s, then 10, 20 ... at most every 5 minutes. */
#define PLAYER_RETRY_FIRST_MS 5000u
#define PLAYER_RETRY_MAX_MS 300000u

struct player_stats {
    uint64_t frames;             /* frames drawn */
    uint64_t transition_frames;  /* of which crossfades */
    uint64_t black_frames;       /* screen-off frames (one per switch-off) */
    uint64_t fallback_frames;    /* frames of the built-in fallback slide */
    unsigned unshowable;         /* slides found unshowable (each counted once; retried with back-off) */
    unsigned steps;              /* steps entered */
};

struct player *player_new(const struct player_config *cfg);
void player_free(struct player *p);

/* Starts playing snap (NULL = the fallback slide). The player borrows it: the caller keeps owning it
 * and frees it after the next player_set_snapshot or player_free. The new snapshot's first step is
 * laid out and rasterized before it replaces the old one. Returns the snapshot played before (the
 * caller's own pointer, NULL if none), which the player no longer uses: free it now. */
struct snapshot *player_set_snapshot(struct player *p, struct snapshot *snap);

/* Queues snap to replace what plays at the next step boundary (at once when nothing steps: the
 * fallback slide, screen-off hours), so a slide is never cut short; the new first step is laid out
 * when it takes over, before it shows. unsigned_note: show the 未签名内容 tag while snap plays.
 * Borrowed like player_set_snapshot's; NULL takes a queued one back. Returns a snapshot queued
 * before and never played (the caller frees it), else NULL. */
struct snapshot *player_queue_snapshot(struct player *p, struct snapshot *snap, bool unsigned_note);
/* True while a queued snapshot waits for its boundary. */
bool player_has_queued(const struct player *p);
/* After an update that swapped a queued snapshot in: the one it replaced (the caller frees it),
 * handed back once; otherwise NULL. */
struct snapshot *player_take_retired(struct player *p);
/* The snapshot playing now (set or taken over at a boundary; the caller who gave it owns it). */
struct snapshot *player_snapshot(const struct player *p);
/* The 未签名内容 tag for what plays now (player_set_snapshot's content). */
void player_set_unsigned(struct player *p, bool unsigned_note);

/* A message over the content (copied): shown until replaced or cleared, or, with hold_ms > 0,
 * for hold_ms from the clock's now. */
void player_set_notice(struct player *p, const struct notice *n, uint64_t hold_ms);
void player_clear_notice(struct player *p);
/* The message on screen now (NULL when none): for tests and the log. */
const struct notice *player_notice(const struct player *p);
/* The last frame's overlay draw list (for tests). */
const struct drawlist *player_last_overlay(const struct player *p);

/* The display went away and came back (or changed): draw through r from now on (borrowed; the old
 * render may be freed once this returns). The position in the loop is kept; the next update
 * redraws everything and the text engine re-uploads its atlas to the new render. */
void player_set_render(struct player *p, struct render *r);

/* Something outside the player spoiled the picture (window exposed): redraw on the next update. */
void player_invalidate(struct player *p);

/* Advances to the clock's now. Returns true when a frame should be drawn now (player_draw);
 * *wait_ms is how long the caller may sleep before the next update (0 = after the next vsync:
 * something is moving). */
bool player_update(struct player *p, uint64_t *wait_ms);
/* Draws the current frame (render_begin ... render_end) and clears the redraw flag. When only the
 * banner moves (the settled slide kept on the render since the last frame), only the banner's
 * rectangle is redrawn (render_begin_partial), from the same draw lists. */
void player_draw(struct player *p);

void player_get_stats(const struct player *p, struct player_stats *out);
/* The cursor position of the last update (for tests). */
const struct cursor_pos *player_position(const struct player *p);
/* Draw lists of the last frame (for tests): the slide body and the banner. */
const struct drawlist *player_last_body(const struct player *p);
const struct drawlist *player_last_banner(const struct player *p);
/* The playlist the schedule picked at the last update (NULL: the fallback slide). */
const struct playlist *player_playlist(const struct player *p);
/* True when the last update decided the screen is off (screen-off hours). */
bool player_screen_off(const struct player *p);
