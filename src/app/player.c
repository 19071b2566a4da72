/* player: state, deadlines and the redraw flag (foot's render_refresh pattern: ask for a frame by
 * setting a flag, draw in one place). */
#define LOG_TAG "player"
#include "app/player.h"

#include <math.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"

#define SETTLED_MS (1ull << 40) /* "long after the step started": every animation has settled */

struct player {
    struct player_config cfg;
    struct screen_geom geom;
    const struct snapshot *snap;
    const struct playlist *pl;   /* picked by the schedule; NULL = fallback */
    struct cursor *cursor;
    struct cursor_pos pos;
    bool have_pos;
    bool screen_off;
    bool redraw;
    bool drew_moving;            /* the last frame showed something in motion */
    /* The picture on the render holds chrome and body as settled (no transition, no count-up)
     * for step `kept_step` (or the fallback slide): a frame where only the banner moves redraws
     * just the banner's rectangle (render_begin_partial) from the same lists. */
    bool kept;
    bool kept_fallback;
    struct step kept_step;
    uint64_t recheck_at;         /* monotonic ms of the next schedule check */
    bool checked;
    struct step shown;           /* step of the last frame */
    bool shown_valid;
    struct step prepared;        /* the step last laid out ahead of time */
    bool prepared_valid;
    struct drawlist chrome, body, prev, banner, scratch;
    /* The crossfade captured on the render: outgoing step fade_from, incoming fade_to. */
    bool fade_valid;
    struct step fade_from, fade_to;
    struct player_stats stats;
};

static bool step_eq(struct step a, struct step b) { return a.slide == b.slide && a.page == b.page; }

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
    drawlist_init(&p->chrome);
    drawlist_init(&p->body);
    drawlist_init(&p->prev);
    drawlist_init(&p->banner);
    drawlist_init(&p->scratch);
    p->redraw = true;
    return p;
}

void player_free(struct player *p)
{
    if (!p)
        return;
    cursor_free(p->cursor);
    drawlist_finish(&p->chrome);
    drawlist_finish(&p->body);
    drawlist_finish(&p->prev);
    drawlist_finish(&p->banner);
    drawlist_finish(&p->scratch);
    free(p);
}

static enum orientation screen_orientation(const struct player *p)
{
    return p->geom.portrait ? ORIENT_PORTRAIT : ORIENT_LANDSCAPE;
}

/* Lays out one step (at its start and settled) and rasterizes its glyphs; false when the step's
 * slide cannot be shown. */
static bool prepare_step(struct player *p, const struct slide_ctx *c, struct step st)
{
    const struct slide *s = &p->pl->slides[st.slide];
    if (s->kind == SLIDE_IMAGE) {
        int w, h;
        if (!render_image_size(p->cfg.render, s->image, &w, &h))
            return false;
    }
    for (int i = 0; i < 2; i++) {
        drawlist_clear(&p->scratch);
        slides_body(c, s, st.page, st.n_pages, i ? SETTLED_MS : 0, &p->scratch);
        render_prepare(p->cfg.render, &p->scratch);
    }
    return true;
}

/* Marks the slide of step st unshowable when it cannot be prepared; true if it was marked. */
static bool check_step(struct player *p, const struct slide_ctx *c, struct step st)
{
    if ((p->prepared_valid && step_eq(p->prepared, st)) || (p->shown_valid && step_eq(p->shown, st)))
        return false;
    if (prepare_step(p, c, st)) {
        p->prepared = st;
        p->prepared_valid = true;
        return false;
    }
    if (cursor_mark_unshowable(p->cursor, st.slide)) {
        p->stats.unshowable++;
        LOG_WARN("%s: slide %s (%s) cannot be shown; skipping it", p->pl->path ? p->pl->path : "?",
                 p->pl->slides[st.slide].id ? p->pl->slides[st.slide].id : "?",
                 slide_kind_name(p->pl->slides[st.slide].kind));
    }
    return true;
}

static void set_playlist(struct player *p, const struct playlist *pl, uint64_t now)
{
    cursor_free(p->cursor);
    p->cursor = NULL;
    p->pl = pl;
    p->have_pos = false;
    p->prepared_valid = false;
    p->shown_valid = false;
    p->kept = false;
    p->fade_valid = false;
    if (pl) {
        p->cursor = cursor_new(pl, now, p->cfg.transition_ms);
        LOG_INFO("playing %s (%s), %zu slides", pl->id ? pl->id : "?", pl->path ? pl->path : "?", pl->n_slides);
    }
    p->redraw = true;
}

static void check_schedule(struct player *p, uint64_t now, time_t wall)
{
    if (p->checked && now < p->recheck_at)
        return;
    p->checked = true;
    const struct playlist *pl = p->snap ? schedule_pick(p->snap, screen_orientation(p), wall) : NULL;
    bool off = pl && !p->cfg.always_on && schedule_screen_off(pl, wall);
    if (pl != p->pl || !p->cursor != !pl)
        set_playlist(p, pl, now);
    if (off != p->screen_off) {
        if (off)
            LOG_INFO("screen off: %s's screen_off hours (play --always-on ignores them)", pl->path);
        else
            LOG_INFO("screen on (schedule)");
        p->screen_off = off;
        p->redraw = true;
        p->kept = false;
    }
    p->recheck_at = now + (p->snap ? schedule_recheck_s(p->snap, wall) : 60u) * 1000u;
}

const struct snapshot *player_set_snapshot(struct player *p, const struct snapshot *snap)
{
    const struct snapshot *old = p->snap;
    uint64_t now = clock_mono_ms(p->cfg.clock);
    time_t wall = clock_wall(p->cfg.clock);
    text_cache_clear(p->cfg.te); /* the kept lists' layouts go with it */
    p->kept = false;
    if (snap) {
        /* Lay out the first step of the new content before letting go of the old one. */
        const struct playlist *pl = schedule_pick(snap, screen_orientation(p), wall);
        if (pl && pl->n_slides) {
            struct slide_ctx c;
            const struct playlist *keep = p->pl;
            p->pl = pl;
            ctx_init(p, &c);
            struct step st = {0, 0, slide_pages(&pl->slides[0])};
            (void)prepare_step(p, &c, st);
            p->pl = keep;
        }
    }
    p->snap = snap;
    p->checked = false;
    p->pl = NULL;
    set_playlist(p, NULL, now);
    check_schedule(p, now, wall);
    return old;
}

void player_invalidate(struct player *p)
{
    p->redraw = true;
    p->kept = false;
    p->fade_valid = false;
}

static bool fallback_mode(const struct player *p)
{
    return !p->pl || !p->cursor || (p->have_pos && p->pos.none_showable);
}

bool player_update(struct player *p, uint64_t *wait_ms)
{
    const struct clock_src *clk = p->cfg.clock;
    uint64_t now = clock_mono_ms(clk);
    time_t wall = clock_wall(clk);
    check_schedule(p, now, wall);
    uint64_t wake = p->recheck_at > now ? p->recheck_at - now : 0;

    if (p->screen_off) {
        p->drew_moving = false;
        *wait_ms = wake;
        return p->redraw;
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
            const struct slide *cs = &p->pl->slides[p->pos.cur.slide];
            bool animating = p->pos.in_transition ||
                             (cs->kind == SLIDE_KPI && p->pos.step_elapsed_ms < SLIDES_COUNTUP_MS);
            if (!animating && !step_eq(p->pos.next, p->pos.cur) && check_step(p, &c, p->pos.next))
                continue;
            break;
        }
        if (!p->pos.none_showable) {
            if (!p->shown_valid || !step_eq(p->shown, p->pos.cur))
                p->redraw = true;
            const struct slide *s = &p->pl->slides[p->pos.cur.slide];
            moving = p->pos.in_transition ||
                     (s->kind == SLIDE_KPI && p->pos.step_elapsed_ms < SLIDES_COUNTUP_MS);
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
    if (moving || p->drew_moving) /* one more frame once motion stops: the settled picture */
        p->redraw = true;
    *wait_ms = moving ? 0 : wake;
    return p->redraw;
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

static void note_step(struct player *p)
{
    if (!p->shown_valid || !step_eq(p->shown, p->pos.cur))
        p->stats.steps++;
    p->shown = p->pos.cur;
    p->shown_valid = true;
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
    if (!p->fade_valid || !step_eq(p->fade_from, pos->prev) || !step_eq(p->fade_to, pos->cur)) {
        const struct slide *ps = &p->pl->slides[pos->prev.slide];
        drawlist_clear(&p->chrome);
        drawlist_clear(&p->prev);
        drawlist_clear(&p->body);
        drawlist_clear(&p->banner);
        drawlist_clear(&p->scratch);
        slides_chrome(c, &p->chrome);
        slides_body(c, ps, pos->prev.page, pos->prev.n_pages, SETTLED_MS, &p->prev);
        slides_body(c, s, pos->cur.page, pos->cur.n_pages, pos->step_elapsed_ms, &p->body);
        slides_body(c, s, pos->cur.page, pos->cur.n_pages, SETTLED_MS, &p->scratch);
        render_fade_reset(r);
        render_fade_mark(r, &p->prev);
        render_fade_mark(r, &p->body);
        render_fade_mark(r, &p->scratch);
        render_begin(r);
        render_draw(r, &p->chrome, 1);
        render_draw(r, &p->prev, 1);
        render_fade_capture(r, false);
        render_begin(r); /* over again: the incoming picture */
        render_draw(r, &p->chrome, 1);
        render_draw(r, &p->body, 1);
        render_fade_capture(r, true);
        p->fade_valid = true;
        p->fade_from = pos->prev;
        p->fade_to = pos->cur;
        slides_banner(c, now, &p->banner);
    } else {
        drawlist_clear(&p->scratch);
        slides_banner(c, now, &p->scratch);
        SDL_Rect damage = banner_damage(&p->banner, &p->scratch);
        struct drawlist t = p->banner;
        p->banner = p->scratch, p->scratch = t;
        if (p->body.settle_ms > 0) { /* the incoming picture moves: draw and capture it again */
            float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
            drawlist_bounds(&p->body, &x0, &y0, &x1, &y1);
            drawlist_clear(&p->body);
            slides_body(c, s, pos->cur.page, pos->cur.n_pages, pos->step_elapsed_ms, &p->body);
            drawlist_bounds(&p->body, &x0, &y0, &x1, &y1);
            int ix = (int)floorf(x0), iy = (int)floorf(y0);
            render_begin_partial(r, (SDL_Rect){ix, iy, (int)ceilf(x1) - ix, (int)ceilf(y1) - iy});
            render_draw(r, &p->chrome, 1);
            render_draw(r, &p->body, 1);
            render_fade_capture(r, true);
            render_partial_add(r, damage);
        } else {
            render_begin_partial(r, damage);
        }
        render_draw(r, &p->chrome, 1);
        render_draw(r, &p->body, 1);
    }
    render_fade_blend(r, pos->transition_t);
    render_draw(r, &p->banner, 1);
    p->stats.transition_frames++;
    note_step(p);
    p->drew_moving = true;
    p->kept = false;
    render_end(r);
}

void player_draw(struct player *p)
{
    struct render *r = p->cfg.render;
    uint64_t now = clock_mono_ms(p->cfg.clock);
    p->redraw = false;
    p->stats.frames++;
    if (p->screen_off) {
        render_begin(r);
        p->stats.black_frames++;
        p->drew_moving = false;
        p->kept = false;
        render_end(r);
        return;
    }
    struct slide_ctx c;
    ctx_init(p, &c);
    bool fallback = fallback_mode(p);
    const struct cursor_pos *pos = &p->pos;
    bool fading = !fallback && pos->in_transition && pos->transition_t < 1;
    if (p->kept && !fading && fallback == p->kept_fallback && (fallback || step_eq(p->kept_step, pos->cur))) {
        /* Chrome and body are the settled lists of the last frame: only the banner changes. */
        drawlist_clear(&p->scratch);
        slides_banner(&c, now, &p->scratch);
        SDL_Rect damage = banner_damage(&p->banner, &p->scratch);
        struct drawlist t = p->banner;
        p->banner = p->scratch, p->scratch = t;
        if (fallback)
            p->stats.fallback_frames++;
        render_begin_partial(r, damage); /* a whole frame when the backend kept nothing */
        render_draw(r, &p->chrome, 1);
        render_draw(r, &p->body, 1);
        render_draw(r, &p->banner, 1);
        p->drew_moving = p->banner.moving;
        render_end(r);
        return;
    }
    if (fading) {
        draw_fade(p, &c, now);
        return;
    }
    p->fade_valid = false;
    render_begin(r);
    drawlist_clear(&p->chrome);
    drawlist_clear(&p->body);
    drawlist_clear(&p->prev);
    drawlist_clear(&p->banner);
    slides_chrome(&c, &p->chrome);
    render_draw(r, &p->chrome, 1);
    bool moving = false;
    if (fallback) {
        p->stats.fallback_frames++;
        slides_fallback(&c, &p->body);
        render_draw(r, &p->body, 1);
        p->shown_valid = false;
    } else {
        const struct slide *s = &p->pl->slides[pos->cur.slide];
        slides_body(&c, s, pos->cur.page, pos->cur.n_pages, pos->step_elapsed_ms, &p->body);
        render_draw(r, &p->body, 1);
        moving = p->body.settle_ms > 0;
        note_step(p);
    }
    slides_banner(&c, now, &p->banner);
    render_draw(r, &p->banner, 1);
    p->drew_moving = moving || p->banner.moving;
    p->kept = !moving;
    p->kept_fallback = fallback;
    p->kept_step = pos->cur;
    render_end(r);
}

void player_get_stats(const struct player *p, struct player_stats *out) { *out = p->stats; }
const struct cursor_pos *player_position(const struct player *p) { return &p->pos; }
bool player_screen_off(const struct player *p) { return p->screen_off; }
const struct drawlist *player_last_body(const struct player *p) { return &p->body; }
const struct drawlist *player_last_banner(const struct player *p) { return &p->banner; }

void player_draw_step(struct text_engine *te, struct render *r, float overscan_pct, const struct playlist *pl,
                      struct step st, uint64_t t_ms, uint64_t now_ms)
{
    int w, h;
    render_size(r, &w, &h);
    struct screen_geom g;
    screen_geom_init(&g, w, h, overscan_pct);
    struct slide_ctx c = {.te = te, .g = &g, .image_size = render_image_size_cb, .image_ctx = r};
    slide_ctx_for_playlist(&c, pl);
    struct drawlist dl;
    drawlist_init(&dl);
    render_begin(r);
    slides_chrome(&c, &dl);
    slides_body(&c, &pl->slides[st.slide], st.page, st.n_pages, t_ms, &dl);
    slides_banner(&c, now_ms, &dl);
    render_prepare(r, &dl);
    render_draw(r, &dl, 1);
    render_end(r);
    drawlist_finish(&dl);
}
