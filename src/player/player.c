/* player: state, deadlines and the redraw flag (foot's render_refresh pattern: ask for a frame by
 * setting a flag, draw in one place). */
#define LOG_TAG "player"
#include "player/player.h"

#include <math.h>
#include <string.h>

#include "core/log.h"
#include "player/frame.h"
#include "core/xalloc.h"

/* A step the player has seen: laid out ahead of time, or on screen. */
struct step_mark {
    bool valid;
    struct step step;
    uint64_t settle_ms;  /* the step's animations (count-up) settle this long after it starts */
};

/* What the next frame must do (foot's refresh flags, grouped). */
struct refresh {
    bool redraw;         /* draw on the next update */
    bool drew_moving;    /* the last frame showed something in motion: one more for the settled picture */
};

/* The picture on the render holds chrome and body as settled (no transition, no count-up) for
 * `step` (or the fallback slide): a frame where only the banner moves redraws just the banner's
 * rectangle (render_begin_partial) from the same lists. */
struct kept_picture {
    bool valid;
    bool fallback;
    struct step step;
};

/* The crossfade whose two pictures the render holds: outgoing step `from`, incoming `to`. */
struct fade_mark {
    bool valid;
    struct step from, to;
};

/* When the schedule is asked again (playlist choice, screen-off hours). */
struct schedule_check {
    bool done;           /* asked at least once for this snapshot */
    uint64_t at;         /* monotonic ms of the next check */
};

/* Messages over the content (slides/notice.h) and the snapshot waiting for its step boundary. */
struct overlay_state {
    struct notice notice;        /* kind NOTICE_NONE: no card */
    uint64_t until;              /* monotonic ms the card goes at; 0: stays */
    bool unsigned_note;          /* the 未签名内容 tag for what plays */
};

struct queued {
    bool valid;
    struct snapshot *snap;       /* borrowed, becomes p->snap at the boundary */
    bool unsigned_note;
    struct snapshot *retired;    /* replaced at the last boundary, for the caller to free */
};

/* Slides found unshowable are tried again after a back-off that doubles per failed round. */
struct retry {
    bool pending;        /* a slide is marked unshowable and will be tried again at `at` */
    uint64_t at;
    uint32_t backoff_ms; /* PLAYER_RETRY_FIRST_MS .. PLAYER_RETRY_MAX_MS */
};

struct player {
    struct player_config cfg;
    struct screen_geom geom;
    struct snapshot *snap;       /* borrowed (the caller's) */
    const struct playlist *pl;   /* picked by the schedule; NULL = fallback */
    struct cursor *cursor;
    struct cursor_pos pos;
    bool have_pos;
    bool screen_off;
    struct refresh refresh;
    struct kept_picture kept;
    struct schedule_check check;
    struct retry retry;
    struct step_mark shown;      /* step of the last frame */
    struct step_mark prepared;   /* the step last laid out ahead of time */
    struct frame frame;          /* the last frame's chrome, body and banner */
    struct drawlist prev, scratch;
    struct overlay_state overlay;
    struct queued queued;
    struct fade_mark fade;       /* the crossfade captured on the render */
    struct player_stats stats;
};

static bool step_eq(struct step a, struct step b) { return a.slide == b.slide && a.page == b.page; }
static bool mark_is(const struct step_mark *m, struct step st) { return m->valid && step_eq(m->step, st); }

static void ctx_init(struct player *p, struct slide_ctx *c)
{
    memset(c, 0, sizeof *c);
    c->te = p->cfg.te;
    c->g = &p->geom;
    c->image_size = render_image_size_cb;
    c->image_ctx = p->cfg.render;
    c->theme = theme_default();
    if (p->pl) {
        slide_ctx_for_playlist(c, p->pl);
    } else if (p->snap && p->snap->n_playlists) {
        /* Fallback: keep the look and hotline of the content we have. */
        const struct playlist *first = &p->snap->playlists[0];
        c->theme = &first->theme;
        c->banner = &first->banner;
        c->updated = first->updated;
    }
}

struct player *player_new(const struct player_config *cfg)
{
    struct player *p = xcalloc(1, sizeof *p);
    p->cfg = *cfg;
    int w, h;
    render_size(cfg->render, &w, &h);
    screen_geom_init(&p->geom, w, h, cfg->overscan_pct);
    frame_init(&p->frame);
    drawlist_init(&p->prev);
    drawlist_init(&p->scratch);
    p->refresh.redraw = true;
    return p;
}

void player_free(struct player *p)
{
    if (!p)
        return;
    cursor_free(p->cursor);
    frame_finish(&p->frame);
    drawlist_finish(&p->prev);
    drawlist_finish(&p->scratch);
    free(p);
}

static enum orientation screen_orientation(const struct player *p)
{
    return p->geom.portrait ? ORIENT_PORTRAIT : ORIENT_LANDSCAPE;
}

/* Lays out one step (at its start and settled) and rasterizes its glyphs; false when the step's
 * slide cannot be shown. *settle_ms: how long after its start the step's animations settle. */
static bool prepare_step(struct player *p, const struct slide_ctx *c, struct step st, uint64_t *settle_ms)
{
    const struct slide *s = &p->pl->slides[st.slide];
    if (s->kind == SLIDE_IMAGE) {
        int w, h;
        if (!render_image_size(p->cfg.render, s->image, &w, &h))
            return false;
    }
    for (int i = 0; i < 2; i++) {
        drawlist_clear(&p->scratch);
        slides_body(c, s, st.page, st.n_pages, i ? SLIDES_SETTLED_MS : 0, &p->scratch);
        if (i == 0)
            *settle_ms = p->scratch.settle_ms; /* built at t = 0: the whole settle time */
        render_prepare(p->cfg.render, &p->scratch);
    }
    return true;
}

/* Marks the slide of step st unshowable when it cannot be prepared; true if it was marked. */
static bool check_step(struct player *p, const struct slide_ctx *c, struct step st)
{
    if (mark_is(&p->prepared, st) || mark_is(&p->shown, st))
        return false;
    uint64_t settle = 0;
    if (prepare_step(p, c, st, &settle)) {
        p->prepared = (struct step_mark){true, st, settle};
        return false;
    }
    if (!p->retry.pending) {
        p->retry.pending = true;
        p->retry.at = clock_mono_ms(p->cfg.clock) + p->retry.backoff_ms;
    }
    const struct slide *s = &p->pl->slides[st.slide];
    if (cursor_mark_unshowable(p->cursor, st.slide)) {
        p->stats.unshowable++;
        LOG_WARN("%s: slide %s (%s) cannot be shown; skipping it, trying again in %u s",
                 p->pl->path ? p->pl->path : "?", s->id ? s->id : "?", slide_kind_name(s->kind),
                 (unsigned)(p->retry.backoff_ms / 1000));
    }
    return true;
}

/* True while step st (the current one, checked) is still animating by itself: the draw list's
 * settle time, whatever the slide's kind. */
static bool step_animating(const struct player *p, struct step st, uint64_t elapsed_ms)
{
    const struct step_mark *m = mark_is(&p->shown, st) ? &p->shown : mark_is(&p->prepared, st) ? &p->prepared : NULL;
    return m && elapsed_ms < m->settle_ms;
}

static void set_playlist(struct player *p, const struct playlist *pl, uint64_t now)
{
    cursor_free(p->cursor);
    p->cursor = NULL;
    p->pl = pl;
    p->have_pos = false;
    p->prepared.valid = false;
    p->shown.valid = false;
    p->kept.valid = false;
    p->fade.valid = false;
    p->retry = (struct retry){.backoff_ms = PLAYER_RETRY_FIRST_MS};
    if (pl) {
        p->cursor = cursor_new(pl, now, p->cfg.transition_ms);
        LOG_INFO("playing %s (%s), %zu slides", pl->id ? pl->id : "?", pl->path ? pl->path : "?", pl->n_slides);
    }
    p->refresh.redraw = true;
}

static void check_schedule(struct player *p, uint64_t now, time_t wall)
{
    if (p->check.done && now < p->check.at)
        return;
    p->check.done = true;
    const struct playlist *pl = p->snap ? schedule_pick(p->snap, screen_orientation(p), wall) : NULL;
    bool off = pl && !p->cfg.always_on &&
               (p->cfg.screen_off_override ? schedule_hours_contain(p->cfg.screen_off, p->cfg.n_screen_off, wall)
                                           : schedule_screen_off(pl, wall));
    if (pl != p->pl || !p->cursor != !pl)
        set_playlist(p, pl, now);
    if (off != p->screen_off) {
        if (off)
            LOG_INFO("screen off: %s (play --always-on ignores them)",
                     p->cfg.screen_off_override ? "the configuration's screen_off hours" : pl->path);
        else
            LOG_INFO("screen on (schedule)");
        p->screen_off = off;
        p->refresh.redraw = true;
        p->kept.valid = false;
    }
    p->check.at = now + (p->snap ? schedule_recheck_s(p->snap, wall) : 60u) * 1000u;
}

struct snapshot *player_set_snapshot(struct player *p, struct snapshot *snap)
{
    struct snapshot *old = p->snap;
    uint64_t now = clock_mono_ms(p->cfg.clock);
    time_t wall = clock_wall(p->cfg.clock);
    text_cache_clear(p->cfg.te); /* the kept lists' layouts go with it */
    p->kept.valid = false;
    if (snap) {
        /* Lay out the first step of the new content before letting go of the old one. */
        const struct playlist *pl = schedule_pick(snap, screen_orientation(p), wall);
        if (pl && pl->n_slides) {
            struct slide_ctx c;
            const struct playlist *keep = p->pl;
            p->pl = pl;
            ctx_init(p, &c);
            struct step st = {0, 0, slide_page_count(&pl->slides[0])};
            uint64_t settle;
            (void)prepare_step(p, &c, st, &settle);
            p->pl = keep;
        }
    }
    p->snap = snap;
    p->check.done = false;
    p->pl = NULL;
    set_playlist(p, NULL, now);
    check_schedule(p, now, wall);
    return old;
}

struct snapshot *player_queue_snapshot(struct player *p, struct snapshot *snap, bool unsigned_note)
{
    struct snapshot *unplayed = p->queued.valid ? p->queued.snap : NULL;
    p->queued.valid = snap != NULL;
    p->queued.snap = snap;
    p->queued.unsigned_note = unsigned_note;
    return unplayed;
}

bool player_has_queued(const struct player *p) { return p->queued.valid; }

struct snapshot *player_snapshot(const struct player *p) { return p->snap; }

struct snapshot *player_take_retired(struct player *p)
{
    struct snapshot *r = p->queued.retired;
    p->queued.retired = NULL;
    return r;
}

void player_set_unsigned(struct player *p, bool unsigned_note)
{
    if (p->overlay.unsigned_note != unsigned_note)
        player_invalidate(p);
    p->overlay.unsigned_note = unsigned_note;
}

void player_set_notice(struct player *p, const struct notice *n, uint64_t hold_ms)
{
    p->overlay.notice = *n;
    p->overlay.until = hold_ms ? clock_mono_ms(p->cfg.clock) + hold_ms : 0;
    player_invalidate(p);
}

void player_clear_notice(struct player *p)
{
    if (p->overlay.notice.kind != NOTICE_NONE)
        player_invalidate(p);
    p->overlay.notice.kind = NOTICE_NONE;
    p->overlay.until = 0;
}

const struct notice *player_notice(const struct player *p)
{
    return p->overlay.notice.kind != NOTICE_NONE ? &p->overlay.notice : NULL;
}

const struct drawlist *player_last_overlay(const struct player *p) { return &p->frame.overlay; }

void player_set_render(struct player *p, struct render *r)
{
    p->cfg.render = r;
    int w, h;
    render_size(r, &w, &h);
    screen_geom_init(&p->geom, w, h, p->cfg.overscan_pct);
    text_cache_clear(p->cfg.te); /* layouts of another size may not fit this screen */
    p->prepared.valid = false;
    p->kept.valid = false;
    p->refresh.redraw = true;
}

void player_invalidate(struct player *p)
{
    p->refresh.redraw = true;
    p->kept.valid = false;
    p->fade.valid = false;
}

static bool fallback_mode(const struct player *p)
{
    return !p->pl || !p->cursor || (p->have_pos && p->pos.none_showable);
}

/* True when a queued snapshot may take over now: nothing steps, or the step on screen ends. */
static bool at_boundary(struct player *p, uint64_t now, time_t wall)
{
    (void)wall;
    if (p->screen_off || fallback_mode(p) || !p->shown.valid || !p->have_pos)
        return true;
    return now >= p->pos.next_change_ms; /* the step on screen (even a lone slide's) has ended */
}

bool player_update(struct player *p, uint64_t *wait_ms)
{
    const struct clock_src *clk = p->cfg.clock;
    uint64_t now = clock_mono_ms(clk);
    time_t wall = clock_wall(clk);
    check_schedule(p, now, wall);
    if (p->queued.valid && at_boundary(p, now, wall)) {
        struct snapshot *snap = p->queued.snap;
        bool note = p->queued.unsigned_note;
        p->queued.valid = false;
        p->queued.snap = NULL;
        p->queued.retired = player_set_snapshot(p, snap);
        p->overlay.unsigned_note = note;
        LOG_INFO("new content on screen at a step boundary");
    }
    if (p->overlay.until && now >= p->overlay.until) {
        p->overlay.notice.kind = NOTICE_NONE;
        p->overlay.until = 0;
        player_invalidate(p);
    }
    uint64_t wake = p->check.at > now ? p->check.at - now : 0;
    if (p->overlay.until && p->overlay.until - now < wake)
        wake = p->overlay.until - now;
    if (p->retry.pending && p->cursor && now >= p->retry.at) {
        /* Unshowable slides get another chance (files come back: a stick re-seated, a folder
         * restored); each round that fails again waits twice as long. */
        size_t n = cursor_retry_unshowable(p->cursor);
        render_image_retry(p->cfg.render);
        p->retry.pending = false;
        p->retry.backoff_ms = p->retry.backoff_ms * 2 > PLAYER_RETRY_MAX_MS ? PLAYER_RETRY_MAX_MS : p->retry.backoff_ms * 2;
        LOG_INFO("trying %zu unshowable slide%s again", n, n == 1 ? "" : "s");
    }

    if (p->screen_off) {
        p->refresh.drew_moving = false;
        *wait_ms = wake;
        return p->refresh.redraw;
    }

    bool moving = false;
    if (p->cursor) {
        struct slide_ctx c;
        ctx_init(p, &c);
        /* Skip what cannot be shown before it is ever on screen: the current step, then the next. */
        for (size_t tries = 0; tries <= 2 * p->pl->n_slides + 2; tries++) {
            cursor_update(p->cursor, now, wall, &p->pos);
            p->have_pos = true;
            if (p->pos.none_showable)
                break;
            if (check_step(p, &c, p->pos.cur))
                continue;
            /* The next step is prepared once this one has settled, so the work never lands on a
             * moving frame (a step shorter than its animations is prepared when it starts). */
            bool animating = p->pos.in_transition || step_animating(p, p->pos.cur, p->pos.step_elapsed_ms);
            if (!animating && !step_eq(p->pos.next, p->pos.cur) && check_step(p, &c, p->pos.next))
                continue;
            break;
        }
        if (p->retry.pending) {
            uint64_t until = p->retry.at > now ? p->retry.at - now : 0;
            if (until < wake)
                wake = until;
        }
        if (!p->pos.none_showable) {
            if (!mark_is(&p->shown, p->pos.cur))
                p->refresh.redraw = true;
            moving = p->pos.in_transition || step_animating(p, p->pos.cur, p->pos.step_elapsed_ms);
            uint64_t until = p->pos.next_change_ms > now ? p->pos.next_change_ms - now : 0;
            if (until < wake)
                wake = until;
        }
    }
    const struct banner *b = p->pl ? &p->pl->banner
                             : p->snap && p->snap->n_playlists ? &p->snap->playlists[0].banner
                                                               : NULL;
    if (b && b->n_entries && b->ticker && *b->ticker)
        moving = true;
    if (moving || p->refresh.drew_moving) /* one more frame once motion stops: the settled picture */
        p->refresh.redraw = true;
    *wait_ms = moving ? 0 : wake;
    return p->refresh.redraw;
}

/* Bounding box of a draw list's ops, widened by a pixel (SDL rounds rects outward). */
static void drawlist_bounds(const struct drawlist *dl, float *x0, float *y0, float *x1, float *y1)
{
    for (size_t i = 0; i < dl->n; i++) {
        const struct draw_op *op = &dl->ops[i];
        float w = op->w, h = op->h;
        if (op->kind == DRAW_UNCLIP)
            continue;
        if (op->kind == DRAW_TEXT)
            w = (float)op->text->box_width, h = (float)op->text->box_height;
        *x0 = fminf(*x0, op->x - 1), *y0 = fminf(*y0, op->y - 1);
        *x1 = fmaxf(*x1, op->x + w + 1), *y1 = fmaxf(*y1, op->y + h + 1);
    }
}

/* Whether op a of list da and op b of list db draw the same pixels (text: same string, box, place). */
static bool op_same(const struct drawlist *da, const struct draw_op *a, const struct drawlist *db,
                    const struct draw_op *b)
{
    if (a->kind != b->kind || a->x != b->x || a->y != b->y || a->w != b->w || a->h != b->h ||
        memcmp(&a->color, &b->color, sizeof a->color) != 0)
        return false;
    switch (a->kind) {
    case DRAW_TEXT:
        return a->text->box_width == b->text->box_width && a->text->box_height == b->text->box_height &&
               a->str && b->str && strcmp(da->strs + a->str - 1, db->strs + b->str - 1) == 0;
    case DRAW_IMAGE:
        return strcmp(a->image, b->image) == 0 && a->sx == b->sx && a->sy == b->sy && a->sw == b->sw &&
               a->sh == b->sh;
    default: return true;
    }
}

/* Adds op's box (widened by a pixel), cut to the clip in force, to the box x0..y1. */
static void add_op_box(const struct draw_op *op, const struct draw_op *clip, float *x0, float *y0, float *x1,
                       float *y1)
{
    float w = op->kind == DRAW_TEXT ? (float)op->text->box_width : op->w;
    float h = op->kind == DRAW_TEXT ? (float)op->text->box_height : op->h;
    float a = op->x - 1, b = op->y - 1, c = op->x + w + 1, d = op->y + h + 1;
    if (clip) {
        a = fmaxf(a, floorf(clip->x)), b = fmaxf(b, floorf(clip->y));
        c = fminf(c, clip->x + ceilf(clip->w) + 1), d = fminf(d, clip->y + ceilf(clip->h) + 1);
        if (c <= a || d <= b)
            return;
    }
    *x0 = fminf(*x0, a), *y0 = fminf(*y0, b), *x1 = fmaxf(*x1, c), *y1 = fmaxf(*y1, d);
}

/* The rectangle where the last frame's banner and this frame's differ: the ops that changed (the
 * ticker's line, cut to its clip), or both lists whole when their shapes differ. */
static SDL_Rect banner_damage(const struct drawlist *old, const struct drawlist *now)
{
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    bool same_shape = old->n == now->n;
    for (size_t i = 0; same_shape && i < old->n; i++)
        same_shape = old->ops[i].kind == now->ops[i].kind;
    if (!same_shape) {
        drawlist_bounds(old, &x0, &y0, &x1, &y1);
        drawlist_bounds(now, &x0, &y0, &x1, &y1);
    } else {
        const struct draw_op *clip_old = NULL, *clip_now = NULL;
        for (size_t i = 0; i < now->n; i++) {
            const struct draw_op *a = &old->ops[i], *b = &now->ops[i];
            if (a->kind == DRAW_CLIP || a->kind == DRAW_UNCLIP) {
                if (!op_same(old, a, now, b)) { /* the clip moved: everything under either */
                    drawlist_bounds(old, &x0, &y0, &x1, &y1);
                    drawlist_bounds(now, &x0, &y0, &x1, &y1);
                    break;
                }
                clip_old = a->kind == DRAW_CLIP ? a : NULL;
                clip_now = b->kind == DRAW_CLIP ? b : NULL;
                continue;
            }
            if (op_same(old, a, now, b))
                continue;
            add_op_box(a, clip_old, &x0, &y0, &x1, &y1);
            add_op_box(b, clip_now, &x0, &y0, &x1, &y1);
        }
    }
    if (x1 <= x0 || y1 <= y0)
        return (SDL_Rect){0, 0, 0, 0};
    int ix = (int)floorf(x0), iy = (int)floorf(y0);
    return (SDL_Rect){ix, iy, (int)ceilf(x1) - ix, (int)ceilf(y1) - iy};
}

/* When (ms into its step) the picture drawn now settles: 0 for one that does not move by itself (a
 * step that comes round again in a one-slide playlist must not count as animating). */
static uint64_t settle_point(const struct cursor_pos *pos, const struct drawlist *body)
{
    return body->settle_ms ? pos->step_elapsed_ms + body->settle_ms : 0;
}

/* A crossfade frame. The first one draws the outgoing step's settled picture and the incoming one
 * and captures the rows where they can differ (render_fade_*); every frame then blends the two
 * captures and redraws only the banner, and the incoming picture where it moves by itself (a
 * count-up). */
static void draw_fade(struct player *p, const struct slide_ctx *c, uint64_t now)
{
    struct render *r = p->cfg.render;
    const struct cursor_pos *pos = &p->pos;
    const struct slide *s = &p->pl->slides[pos->cur.slide];
    struct frame *f = &p->frame;
    if (!p->fade.valid || !step_eq(p->fade.from, pos->prev) || !step_eq(p->fade.to, pos->cur)) {
        const struct slide *ps = &p->pl->slides[pos->prev.slide];
        frame_build(f, c, s, pos->cur.page, pos->cur.n_pages, pos->step_elapsed_ms, now);
        drawlist_clear(&p->prev);
        drawlist_clear(&p->scratch);
        slides_body(c, ps, pos->prev.page, pos->prev.n_pages, SLIDES_SETTLED_MS, &p->prev);
        slides_body(c, s, pos->cur.page, pos->cur.n_pages, SLIDES_SETTLED_MS, &p->scratch);
        render_fade_reset(r);
        render_fade_mark(r, &p->prev);
        render_fade_mark(r, &f->body);
        render_fade_mark(r, &p->scratch);
        render_fade_mark(r, &f->overlay); /* blended afresh each frame, so the overlay drawn over them never piles up */
        render_begin(r);
        render_draw(r, &f->chrome, 1);
        render_draw(r, &p->prev, 1);
        render_fade_capture(r, false);
        render_begin(r); /* over again: the incoming picture */
        render_draw(r, &f->chrome, 1);
        render_draw(r, &f->body, 1);
        render_fade_capture(r, true);
        p->fade = (struct fade_mark){true, pos->prev, pos->cur};
    } else {
        drawlist_clear(&p->scratch);
        slides_banner(c, now, &p->scratch);
        SDL_Rect damage = banner_damage(&f->banner, &p->scratch);
        struct drawlist t = f->banner;
        f->banner = p->scratch, p->scratch = t;
        if (f->body.settle_ms > 0) { /* the incoming picture moves: draw and capture it again */
            float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
            drawlist_bounds(&f->body, &x0, &y0, &x1, &y1);
            drawlist_clear(&f->body);
            slides_body(c, s, pos->cur.page, pos->cur.n_pages, pos->step_elapsed_ms, &f->body);
            drawlist_bounds(&f->body, &x0, &y0, &x1, &y1);
            int ix = (int)floorf(x0), iy = (int)floorf(y0);
            render_begin_partial(r, (SDL_Rect){ix, iy, (int)ceilf(x1) - ix, (int)ceilf(y1) - iy});
            render_draw(r, &f->chrome, 1);
            render_draw(r, &f->body, 1);
            render_fade_capture(r, true);
            render_partial_add(r, damage);
        } else {
            render_begin_partial(r, damage);
        }
        render_draw(r, &f->chrome, 1);
        render_draw(r, &f->body, 1);
    }
    render_fade_blend(r, pos->transition_t);
    render_draw(r, &f->banner, 1);
    if (f->overlay.n)
        render_draw(r, &f->overlay, 1); /* messages stay put over the fade */
    p->stats.transition_frames++;
    if (!mark_is(&p->shown, pos->cur))
        p->stats.steps++;
    p->shown = (struct step_mark){true, pos->cur, settle_point(pos, &f->body)};
    p->refresh.drew_moving = true;
    p->kept.valid = false;
    render_end(r);
}

void player_draw(struct player *p)
{
    struct render *r = p->cfg.render;
    uint64_t now = clock_mono_ms(p->cfg.clock);
    p->refresh.redraw = false;
    p->stats.frames++;
    struct slide_ctx c;
    ctx_init(p, &c);
    if (p->screen_off) {
        /* Black; a message (an import at night) still shows, alone. */
        render_begin(r);
        p->stats.black_frames++;
        p->refresh.drew_moving = false;
        p->kept.valid = false;
        drawlist_clear(&p->frame.overlay);
        if (p->overlay.notice.kind != NOTICE_NONE) {
            slides_notice(&c, &p->overlay.notice, false, &p->frame.overlay);
            render_draw(r, &p->frame.overlay, 1);
        }
        render_end(r);
        return;
    }
    bool fallback = fallback_mode(p);
    const struct cursor_pos *pos = &p->pos;
    bool fading = !fallback && pos->in_transition && pos->transition_t < 1;
    struct frame *f = &p->frame;
    if (p->kept.valid && !fading && fallback == p->kept.fallback && (fallback || step_eq(p->kept.step, pos->cur))) {
        /* Chrome and body are the settled lists of the last frame: only the banner changes. */
        drawlist_clear(&p->scratch);
        slides_banner(&c, now, &p->scratch);
        SDL_Rect damage = banner_damage(&f->banner, &p->scratch);
        struct drawlist t = f->banner;
        f->banner = p->scratch, p->scratch = t;
        if (fallback)
            p->stats.fallback_frames++;
        render_begin_partial(r, damage); /* a whole frame when the backend kept nothing */
        frame_draw(r, f);
        p->refresh.drew_moving = f->banner.moving;
        render_end(r);
        return;
    }
    drawlist_clear(&f->overlay);
    slides_notice(&c, &p->overlay.notice, p->overlay.unsigned_note && !fallback, &f->overlay);
    if (fading) {
        draw_fade(p, &c, now);
        return;
    }
    p->fade.valid = false;
    bool moving = false;
    if (fallback) {
        p->stats.fallback_frames++;
        frame_build(f, &c, NULL, 0, 1, 0, now);
        p->shown.valid = false;
    } else {
        const struct slide *s = &p->pl->slides[pos->cur.slide];
        frame_build(f, &c, s, pos->cur.page, pos->cur.n_pages, pos->step_elapsed_ms, now);
        moving = f->body.settle_ms > 0;
        if (!mark_is(&p->shown, pos->cur))
            p->stats.steps++;
        p->shown = (struct step_mark){true, pos->cur, settle_point(pos, &f->body)};
    }
    render_begin(r);
    frame_draw(r, f);
    p->refresh.drew_moving = moving || f->banner.moving;
    p->kept = (struct kept_picture){!moving, fallback, pos->cur};
    render_end(r);
}

void player_get_stats(const struct player *p, struct player_stats *out) { *out = p->stats; }
const struct cursor_pos *player_position(const struct player *p) { return &p->pos; }
bool player_screen_off(const struct player *p) { return p->screen_off; }
const struct playlist *player_playlist(const struct player *p) { return p->pl; }
const struct drawlist *player_last_body(const struct player *p) { return &p->frame.body; }
const struct drawlist *player_last_banner(const struct player *p) { return &p->frame.banner; }
