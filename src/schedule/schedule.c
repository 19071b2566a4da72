/* schedule: playlist choice, screen-off hours and the slide cursor (see schedule.h). */
#include "schedule/schedule.h"

#include <stdlib.h>

#include "core/xalloc.h"

#define MIN_PER_DAY 1440

/* Local wall time broken down: minute of the day, weekday (0 = Monday), yyyymmdd. */
struct local {
    unsigned minute, weekday;
    unsigned second;
    uint32_t ymd;
};

static struct local local_of(time_t wall)
{
    struct tm tm = {0};
    if (!localtime_r(&wall, &tm))
        return (struct local){0};
    return (struct local){
        .minute = (unsigned)(tm.tm_hour * 60 + tm.tm_min),
        .weekday = (unsigned)((tm.tm_wday + 6) % 7),
        .second = (unsigned)tm.tm_sec,
        .ymd = (uint32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday),
    };
}

static bool has_day(const struct day_span *s, unsigned weekday)
{
    return (s->days >> weekday) & 1u;
}

/* A span belongs to the day it starts on; start > end wraps into the next day. */
static bool span_contains(const struct day_span *s, struct local t)
{
    if (s->start_min == s->end_min)
        return has_day(s, t.weekday);
    if (s->start_min < s->end_min)
        return has_day(s, t.weekday) && t.minute >= s->start_min && t.minute < s->end_min;
    unsigned yesterday = (t.weekday + 6) % 7;
    return (has_day(s, t.weekday) && t.minute >= s->start_min) ||
           (has_day(s, yesterday) && t.minute < s->end_min);
}

static bool spans_contain(const struct day_span *spans, size_t n, struct local t)
{
    for (size_t i = 0; i < n; i++)
        if (span_contains(&spans[i], t))
            return true;
    return false;
}

static bool playlist_plays(const struct playlist *pl, struct local t)
{
    return pl->n_dayparts == 0 || spans_contain(pl->dayparts, pl->n_dayparts, t);
}

const struct playlist *schedule_pick(const struct snapshot *snap, enum orientation screen, time_t wall)
{
    if (!snap)
        return NULL;
    struct local t = local_of(wall);
    const struct playlist *any = NULL;
    for (size_t i = 0; i < snap->n_playlists; i++) {
        const struct playlist *pl = &snap->playlists[i];
        if (!playlist_plays(pl, t))
            continue;
        if (pl->orientation == screen)
            return pl;
        if (!any)
            any = pl;
    }
    return any;
}

bool schedule_screen_off(const struct playlist *pl, time_t wall)
{
    return pl && spans_contain(pl->screen_off, pl->n_screen_off, local_of(wall));
}

bool schedule_hours_contain(const struct day_span *spans, size_t n, time_t wall)
{
    return spans_contain(spans, n, local_of(wall));
}

static bool spans_bound_at(const struct day_span *spans, size_t n, unsigned minute)
{
    for (size_t i = 0; i < n; i++)
        if (spans[i].start_min % MIN_PER_DAY == minute || spans[i].end_min % MIN_PER_DAY == minute)
            return true;
    return false;
}

unsigned schedule_recheck_s(const struct snapshot *snap, time_t wall)
{
    struct local t = local_of(wall);
    unsigned to_next_minute = t.second >= 60 ? 1 : 60 - t.second;
    unsigned next = (t.minute + 1) % MIN_PER_DAY;
    /* Results only change on minute boundaries: a span's start or end, or midnight (weekday). */
    bool boundary = next == 0;
    for (size_t i = 0; snap && !boundary && i < snap->n_playlists; i++) {
        const struct playlist *pl = &snap->playlists[i];
        boundary = spans_bound_at(pl->dayparts, pl->n_dayparts, next) ||
                   spans_bound_at(pl->screen_off, pl->n_screen_off, next);
    }
    return boundary ? to_next_minute : 60;
}


struct cursor {
    const struct playlist *pl;
    uint32_t transition_ms;
    bool *unshowable;      /* per slide: skipped until cursor_retry_unshowable */
    bool *failed_before;   /* per slide: found unshowable at least once (log once) */
    bool *shown;           /* per slide, for the day last seen */
    bool started;          /* cur/start_ms are valid */
    bool idle;             /* nothing was showable at the last update */
    struct step cur, prev;
    bool have_prev;
    uint64_t start_ms;     /* when cur started; before the first step: cursor_new's time */
    uint64_t last_ms;
};

struct cursor *cursor_new(const struct playlist *pl, uint64_t now_ms, uint32_t transition_ms)
{
    struct cursor *c = xcalloc(1, sizeof *c);
    c->pl = pl;
    c->transition_ms = transition_ms;
    c->unshowable = xcalloc(pl->n_slides ? pl->n_slides : 1, sizeof *c->unshowable);
    c->failed_before = xcalloc(pl->n_slides ? pl->n_slides : 1, sizeof *c->failed_before);
    c->shown = xcalloc(pl->n_slides ? pl->n_slides : 1, sizeof *c->shown);
    c->start_ms = c->last_ms = now_ms;
    return c;
}

void cursor_free(struct cursor *c)
{
    if (!c)
        return;
    free(c->unshowable);
    free(c->failed_before);
    free(c->shown);
    free(c);
}

bool cursor_mark_unshowable(struct cursor *c, size_t slide)
{
    if (slide >= c->pl->n_slides || c->unshowable[slide])
        return false;
    c->unshowable[slide] = true;
    bool first = !c->failed_before[slide];
    c->failed_before[slide] = true;
    return first;
}

size_t cursor_retry_unshowable(struct cursor *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->pl->n_slides; i++) {
        n += c->unshowable[i];
        c->unshowable[i] = false;
    }
    return n;
}

static uint64_t step_ms(const struct cursor *c, struct step s)
{
    uint32_t d = c->pl->slides[s.slide].duration_ms;
    return d ? d : 1; /* the model guarantees > 0; never loop forever on a zero */
}

static struct step first_page(const struct cursor *c, size_t slide)
{
    return (struct step){.slide = slide, .page = 0, .n_pages = slide_page_count(&c->pl->slides[slide])};
}

/* The shown step after s (s itself when it is the only one). Needs at least one shown slide. */
static struct step step_next(const struct cursor *c, struct step s)
{
    if (c->shown[s.slide] && s.page + 1 < s.n_pages) {
        s.page++;
        return s;
    }
    size_t n = c->pl->n_slides;
    for (size_t k = 1; k <= n; k++) {
        size_t i = (s.slide + k) % n;
        if (c->shown[i])
            return first_page(c, i);
    }
    return s;
}

static bool step_eq(struct step a, struct step b)
{
    return a.slide == b.slide && a.page == b.page;
}

/* Marks the slides shown on local day ymd; returns the cycle length over them (0: none). */
static uint64_t mark_shown(struct cursor *c, uint32_t ymd)
{
    uint64_t cycle = 0;
    for (size_t i = 0; i < c->pl->n_slides; i++) {
        const struct slide *s = &c->pl->slides[i];
        const struct date_window *w = &s->window;
        c->shown[i] = !c->unshowable[i] && (w->from == 0 || ymd >= w->from) &&
                      (w->until == 0 || ymd <= w->until);
        if (c->shown[i])
            cycle += step_ms(c, first_page(c, i)) * slide_page_count(s);
    }
    return cycle;
}

void cursor_update(struct cursor *c, uint64_t now_ms, time_t wall, struct cursor_pos *pos)
{
    if (now_ms < c->last_ms)
        now_ms = c->last_ms;
    c->last_ms = now_ms;
    *pos = (struct cursor_pos){0};

    uint64_t cycle = mark_shown(c, local_of(wall).ymd);
    if (cycle == 0) {
        /* Nothing to show: poll again in a minute (a date window may open); restart from the
         * first slide when something becomes showable. */
        c->started = false;
        c->have_prev = false;
        c->idle = true;
        pos->none_showable = true;
        pos->next_change_ms = now_ms + 60000;
        return;
    }
    if (!c->started) {
        if (c->idle)
            c->start_ms = now_ms;
        c->idle = false;
        c->cur = c->shown[0] ? first_page(c, 0) : step_next(c, first_page(c, 0));
        c->started = true;
    } else if (!c->shown[c->cur.slide]) {
        /* cur became skipped (date window closed, marked unshowable): cut to the next one now. */
        c->cur = step_next(c, c->cur);
        c->start_ms = now_ms;
        c->have_prev = false;
    }

    uint64_t elapsed = now_ms - c->start_ms;
    uint64_t d = step_ms(c, c->cur);
    if (elapsed >= d) {
        elapsed -= d;
        c->start_ms += d;
        c->prev = c->cur;
        c->have_prev = true;
        c->cur = step_next(c, c->cur);
        /* Whole cycles bring cur back to itself (and prev stays its predecessor). */
        uint64_t whole = elapsed - elapsed % cycle;
        elapsed -= whole;
        c->start_ms += whole;
        while (elapsed >= (d = step_ms(c, c->cur))) {
            elapsed -= d;
            c->start_ms += d;
            c->prev = c->cur;
            c->cur = step_next(c, c->cur);
        }
    }

    pos->cur = c->cur;
    pos->step_elapsed_ms = elapsed;
    pos->next = step_next(c, c->cur);
    pos->next_change_ms = c->start_ms + step_ms(c, c->cur);
    pos->prev = c->cur;
    bool fading = c->have_prev && c->shown[c->prev.slide] && !step_eq(c->prev, c->cur);
    if (fading && elapsed < c->transition_ms) {
        pos->prev = c->prev;
        pos->in_transition = true;
        pos->transition_t = (float)elapsed / (float)c->transition_ms;
    }
}
