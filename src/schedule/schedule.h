/* schedule: what plays when, as pure functions of time. Which playlist (dayparts, screen
 * orientation) and whether the screen is off come from local wall time; slide timing comes only
 * from the monotonic clock, so a wall-clock jump (NTP at boot, no RTC) never freezes or skips the
 * loop. No I/O, no globals: callers pass the time in. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "content/model.h"

/* The playlist for this moment: among playlists whose dayparts contain `wall` (local time), the
 * first (by file name) designed for `screen`; else the first matching one of any orientation;
 * playlists with no dayparts match any time. NULL only when no playlist matches at all. */
const struct playlist *schedule_pick(const struct snapshot *snap, enum orientation screen, time_t wall);

/* True when `wall` (local time) falls in one of the playlist's screen-off spans. */
bool schedule_screen_off(const struct playlist *pl, time_t wall);
/* True when local `wall` lies in one of the n spans (screen-off hours given outside a playlist). */
bool schedule_hours_contain(const struct day_span *spans, size_t n, time_t wall);

/* Seconds from `wall` until schedule_pick or schedule_screen_off may next change (>= 1, and at
 * most 60 so a jumped clock is noticed within a minute). */
unsigned schedule_recheck_s(const struct snapshot *snap, time_t wall);

/* A step is one slide, or one page of a `headlines` board. */
struct step {
    size_t slide;
    size_t page, n_pages;
};

/* Where a playlist cursor stands at a moment. */
struct cursor_pos {
    struct step cur;            /* the step on screen (the incoming one during a transition) */
    struct step prev;           /* the outgoing step, valid while in_transition */
    bool in_transition;
    float transition_t;         /* 0..1 progress of the transition */
    uint64_t step_elapsed_ms;   /* since cur started (including its transition) */
    struct step next;           /* the step after cur: lay it out before its transition starts */
    uint64_t next_change_ms;    /* monotonic time when cur ends (the next transition begins) */
    bool none_showable;         /* every slide is skipped: show the built-in fallback */
};

struct cursor;

/* A cursor over pl starting at monotonic time now_ms. transition_ms is the length of the
 * crossfade at the start of each step (0 = cut). The playlist must outlive the cursor. */
struct cursor *cursor_new(const struct playlist *pl, uint64_t now_ms, uint32_t transition_ms);
void cursor_free(struct cursor *c);

/* Advances to monotonic time now_ms (never backwards; an earlier time is treated as now) and
 * fills *pos. `wall` decides date windows (local calendar day). Skipped slides (outside their
 * date window, or marked unshowable) take no time. A long gap (suspend) moves on in O(steps),
 * not O(gap). */
void cursor_update(struct cursor *c, uint64_t now_ms, time_t wall, struct cursor_pos *pos);

/* The slide cannot be shown (e.g. its image failed to load): skip it until the next
 * cursor_retry_unshowable. Returns true the first time ever for this slide, so the caller logs
 * it once. */
bool cursor_mark_unshowable(struct cursor *c, size_t slide);
/* Every slide marked unshowable is tried again (the player does this with back-off: an asset
 * folder moved away and back comes back on screen). Returns how many were marked. */
size_t cursor_retry_unshowable(struct cursor *c);
