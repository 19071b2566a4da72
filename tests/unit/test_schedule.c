/* schedule: dayparts, screen-off hours, recheck bounds, and the slide cursor under a fake clock
 * (paging, date windows, transitions, clock jumps, 50 days of uptime, unshowable slides). */
#include <stdlib.h>

#include "check.h"
#include "schedule/schedule.h"

#define DAY_MS (UINT64_C(86400000))
#define ALL_DAYS 0x7f
#define MON_FRI 0x1f
#define SAT (1u << 5)
#define SUN (1u << 6)
#define FRI (1u << 4)

/* Local time in the test zone. 2026-11-23 is a Monday. */
static time_t at(int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
                    .tm_hour = h, .tm_min = mi, .tm_sec = s, .tm_isdst = -1};
    return mktime(&tm);
}

/* Monday 2026-11-23 + day offset (0 = Mon ... 6 = Sun), h:m:s. */
static time_t week(int day, int h, int mi, int s)
{
    return at(2026, 11, 23 + day, h, mi, s);
}

/* ---- dayparts and orientation ---- */

static void test_pick(void)
{
    static const struct day_span morning[] = {{MON_FRI, 8 * 60, 12 * 60}};
    static const struct day_span night[] = {{ALL_DAYS, 22 * 60, 6 * 60}};
    static const struct day_span weekend[] = {{SAT | SUN, 0, 0}};
    static const struct day_span fri_late[] = {{FRI, 23 * 60, 2 * 60}};
    const struct playlist pls[] = {
        {.id = "a_morning", .orientation = ORIENT_LANDSCAPE, .dayparts = morning, .n_dayparts = 1},
        {.id = "b_night", .orientation = ORIENT_LANDSCAPE, .dayparts = night, .n_dayparts = 1},
        {.id = "c_morning_portrait", .orientation = ORIENT_PORTRAIT, .dayparts = morning, .n_dayparts = 1},
        {.id = "d_weekend", .orientation = ORIENT_LANDSCAPE, .dayparts = weekend, .n_dayparts = 1},
        {.id = "e_default", .orientation = ORIENT_LANDSCAPE},
    };
    const struct snapshot snap = {.playlists = pls, .n_playlists = 5};
    const struct playlist only[] = {
        {.id = "f_fri_late", .orientation = ORIENT_PORTRAIT, .dayparts = fri_late, .n_dayparts = 1},
    };
    const struct snapshot snap_f = {.playlists = only, .n_playlists = 1};

    struct {
        const struct snapshot *snap;
        time_t wall;
        enum orientation screen;
        const char *want; /* NULL: no playlist */
    } cases[] = {
        {&snap, week(0, 9, 0, 0), ORIENT_LANDSCAPE, "a_morning"},
        {&snap, week(0, 9, 0, 0), ORIENT_PORTRAIT, "c_morning_portrait"},  /* orientation first */
        {&snap, week(0, 8, 0, 0), ORIENT_LANDSCAPE, "a_morning"},           /* start inclusive */
        {&snap, week(0, 7, 59, 59), ORIENT_LANDSCAPE, "e_default"},
        {&snap, week(0, 11, 59, 59), ORIENT_LANDSCAPE, "a_morning"},
        {&snap, week(0, 12, 0, 0), ORIENT_LANDSCAPE, "e_default"},           /* end exclusive */
        {&snap, week(4, 9, 0, 0), ORIENT_LANDSCAPE, "a_morning"},            /* Friday */
        {&snap, week(5, 9, 0, 0), ORIENT_LANDSCAPE, "d_weekend"},            /* Saturday: not a */
        {&snap, week(5, 9, 0, 0), ORIENT_PORTRAIT, "d_weekend"},             /* no portrait: any */
        {&snap, week(6, 0, 0, 0), ORIENT_LANDSCAPE, "b_night"},              /* Saturday's night */
        {&snap, week(6, 6, 0, 0), ORIENT_LANDSCAPE, "d_weekend"},            /* all day Sunday */
        {&snap, week(6, 23, 59, 59), ORIENT_PORTRAIT, "b_night"},
        {&snap, week(0, 21, 59, 59), ORIENT_LANDSCAPE, "e_default"},
        {&snap, week(0, 22, 0, 0), ORIENT_LANDSCAPE, "b_night"},             /* wraps midnight */
        {&snap, week(0, 23, 59, 59), ORIENT_LANDSCAPE, "b_night"},
        {&snap, week(1, 0, 0, 0), ORIENT_LANDSCAPE, "b_night"},
        {&snap, week(1, 5, 59, 59), ORIENT_LANDSCAPE, "b_night"},
        {&snap, week(1, 6, 0, 0), ORIENT_LANDSCAPE, "e_default"},
        {&snap, week(5, 23, 0, 0), ORIENT_LANDSCAPE, "b_night"},             /* file order */
        {&snap, week(5, 23, 0, 0), ORIENT_PORTRAIT, "b_night"},
        /* a wrapping span belongs to the day it starts on */
        {&snap_f, week(4, 23, 0, 0), ORIENT_PORTRAIT, "f_fri_late"},
        {&snap_f, week(5, 1, 59, 59), ORIENT_PORTRAIT, "f_fri_late"},        /* Sat 01:59, from Fri */
        {&snap_f, week(5, 2, 0, 0), ORIENT_PORTRAIT, NULL},
        {&snap_f, week(4, 1, 0, 0), ORIENT_PORTRAIT, NULL},                  /* Fri 01:00: Thu's */
        {&snap_f, week(5, 23, 30, 0), ORIENT_PORTRAIT, NULL},                /* Sat 23:30 */
        {&snap_f, week(4, 22, 59, 59), ORIENT_LANDSCAPE, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct playlist *pl = schedule_pick(cases[i].snap, cases[i].screen, cases[i].wall);
        const char *got = pl ? pl->id : "(none)", *want = cases[i].want ? cases[i].want : "(none)";
        CHECK(strcmp(got, want) == 0, "pick case %zu: got %s, want %s", i, got, want);
    }
    CHECK(schedule_pick(NULL, ORIENT_LANDSCAPE, week(0, 0, 0, 0)) == NULL, "NULL snapshot");
}

/* ---- screen-off hours ---- */

static void test_screen_off(void)
{
    static const struct day_span nightly[] = {{ALL_DAYS, 22 * 60 + 30, 7 * 60}};
    static const struct day_span weeknights[] = {{MON_FRI, 22 * 60 + 30, 7 * 60}};
    static const struct day_span two[] = {{SAT | SUN, 0, 0}, {MON_FRI, 12 * 60, 13 * 60}};
    const struct playlist a = {.screen_off = nightly, .n_screen_off = 1};
    const struct playlist b = {.screen_off = weeknights, .n_screen_off = 1};
    const struct playlist c = {.screen_off = two, .n_screen_off = 2};
    const struct playlist none = {0};
    struct {
        const struct playlist *pl;
        time_t wall;
        bool off;
    } cases[] = {
        {&a, week(0, 22, 29, 59), false},
        {&a, week(0, 22, 30, 0), true},
        {&a, week(0, 23, 59, 59), true},
        {&a, week(1, 0, 0, 0), true},
        {&a, week(1, 3, 0, 0), true},
        {&a, week(1, 6, 59, 59), true},
        {&a, week(1, 7, 0, 0), false},
        {&a, week(1, 12, 0, 0), false},
        {&a, week(0, 0, 0, 0), true},      /* Monday early: Sunday's span */
        {&b, week(0, 3, 0, 0), false},     /* Monday early: Sunday not in the mask */
        {&b, week(0, 23, 0, 0), true},
        {&b, week(4, 23, 0, 0), true},     /* Friday night */
        {&b, week(5, 3, 0, 0), true},      /* Saturday early: Friday's span */
        {&b, week(5, 7, 0, 0), false},
        {&b, week(5, 23, 0, 0), false},    /* Saturday night */
        {&b, week(6, 3, 0, 0), false},
        {&c, week(5, 12, 30, 0), true},    /* all day Saturday */
        {&c, week(6, 23, 59, 59), true},
        {&c, week(0, 0, 0, 0), false},
        {&c, week(0, 12, 0, 0), true},
        {&c, week(0, 13, 0, 0), false},
        {&none, week(0, 3, 0, 0), false},
        {NULL, week(0, 3, 0, 0), false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(schedule_screen_off(cases[i].pl, cases[i].wall) == cases[i].off, "screen-off case %zu", i);
}

/* ---- recheck interval ---- */

static void test_recheck(void)
{
    static const struct day_span parts[] = {{MON_FRI, 8 * 60, 12 * 60}, {SAT, 0, 0}};
    static const struct day_span off[] = {{ALL_DAYS, 22 * 60 + 30, 7 * 60}};
    const struct playlist pls[] = {
        {.id = "day", .orientation = ORIENT_PORTRAIT, .dayparts = parts, .n_dayparts = 2,
         .screen_off = off, .n_screen_off = 1},
        {.id = "default", .orientation = ORIENT_LANDSCAPE},
    };
    const struct snapshot snap = {.playlists = pls, .n_playlists = 2};
    const struct snapshot plain = {.playlists = &pls[1], .n_playlists = 1};
    struct {
        const struct snapshot *snap;
        time_t wall;
        unsigned want;
    } cases[] = {
        {&snap, week(0, 22, 29, 30), 30},
        {&snap, week(0, 22, 29, 59), 1},
        {&snap, week(0, 22, 29, 0), 60},
        {&snap, week(0, 22, 28, 0), 60},
        {&snap, week(0, 22, 30, 0), 60},
        {&snap, week(0, 7, 59, 45), 15},
        {&snap, week(0, 11, 59, 1), 59},
        {&snap, week(0, 6, 59, 59), 1},
        {&snap, week(0, 23, 59, 50), 10},   /* midnight: the weekday changes */
        {&snap, week(0, 15, 0, 17), 60},
        {&plain, week(0, 22, 29, 30), 60},
        {&plain, week(0, 23, 59, 58), 2},
        {NULL, week(0, 12, 0, 0), 60},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned r = schedule_recheck_s(cases[i].snap, cases[i].wall);
        CHECK(r == cases[i].want, "recheck case %zu: got %u want %u", i, r, cases[i].want);
    }

    /* Property over a day and a half: 1 <= r <= 60, and nothing changes before r seconds pass. */
    int bad = 0, out_of_bounds = 0;
    for (time_t w = week(4, 12, 0, 3); w < week(6, 0, 0, 0); w += 11) {
        unsigned r = schedule_recheck_s(&snap, w);
        if (r < 1 || r > 60) {
            out_of_bounds++;
            continue;
        }
        const struct playlist *p0 = schedule_pick(&snap, ORIENT_PORTRAIT, w);
        bool off0 = schedule_screen_off(p0, w);
        for (unsigned s = 1; s < r; s++) {
            const struct playlist *p = schedule_pick(&snap, ORIENT_PORTRAIT, w + (time_t)s);
            if (p != p0 || schedule_screen_off(p, w + (time_t)s) != off0)
                bad++;
        }
    }
    CHECK(out_of_bounds == 0, "%d recheck intervals out of [1, 60]", out_of_bounds);
    CHECK(bad == 0, "%d changes happened before the recheck interval ran out", bad);
}

/* ---- cursor ---- */

static const struct headline_item items[5] = {{.title = "1"}, {.title = "2"}, {.title = "3"},
                                              {.title = "4"}, {.title = "5"}};

/* A: 1 s; B: headlines 5 items, 2 per page -> 3 pages of 2 s; C: 0.5 s. Cycle 7.5 s. */
static struct slide slides_abc[3];

static void init_slides(void)
{
    slides_abc[0] = (struct slide){.kind = SLIDE_HEADLINE, .id = "A", .duration_ms = 1000,
                                   .items = items, .n_items = 1};
    slides_abc[1] = (struct slide){.kind = SLIDE_HEADLINES, .id = "B", .duration_ms = 2000,
                                   .items = items, .n_items = 5, .per_page = 2};
    slides_abc[2] = (struct slide){.kind = SLIDE_KPI, .id = "C", .duration_ms = 500};
}

#define CYCLE_ABC 7500

/* The step at ms `r` into the ABC cycle, and where it started. */
static struct step expect_abc(uint64_t r, uint64_t *began)
{
    static const struct {
        uint64_t from;
        struct step st;
    } steps[] = {{0, {0, 0, 1}}, {1000, {1, 0, 3}}, {3000, {1, 1, 3}}, {5000, {1, 2, 3}}, {7000, {2, 0, 1}}};
    size_t i = 4;
    while (steps[i].from > r)
        i--;
    *began = steps[i].from;
    return steps[i].st;
}

static bool same_step(struct step a, struct step b)
{
    return a.slide == b.slide && a.page == b.page && a.n_pages == b.n_pages;
}

static void test_pages(void)
{
    struct {
        enum slide_kind kind;
        size_t n;
        unsigned per;
        size_t want;
    } cases[] = {
        {SLIDE_HEADLINE, 1, 0, 1}, {SLIDE_KPI, 0, 0, 1},      {SLIDE_HEADLINES, 0, 3, 1},
        {SLIDE_HEADLINES, 1, 3, 1}, {SLIDE_HEADLINES, 3, 3, 1}, {SLIDE_HEADLINES, 4, 3, 2},
        {SLIDE_HEADLINES, 6, 3, 2}, {SLIDE_HEADLINES, 50, 1, 50}, {SLIDE_HEADLINES, 7, 0, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct slide s = {.kind = cases[i].kind, .n_items = cases[i].n, .per_page = cases[i].per};
        CHECK(slide_page_count(&s) == cases[i].want, "pages case %zu: got %zu", i, slide_page_count(&s));
    }
}

static void test_order_and_transitions(void)
{
    const struct playlist pl = {.slides = slides_abc, .n_slides = 3};
    const uint64_t t0 = 123456;
    struct cursor *c = cursor_new(&pl, t0, 300);
    time_t wall = week(2, 10, 0, 0);
    struct {
        uint64_t t; /* since t0 */
        size_t slide, page, next_slide, next_page;
        uint64_t elapsed, change; /* change: since t0 */
        bool fading;
        size_t prev_slide, prev_page;
        float fade_t;
    } cases[] = {
        {0, 0, 0, 1, 0, 0, 1000, false, 0, 0, 0},       /* the first step has nothing to fade from */
        {200, 0, 0, 1, 0, 200, 1000, false, 0, 0, 0},
        {999, 0, 0, 1, 0, 999, 1000, false, 0, 0, 0},
        {1000, 1, 0, 1, 1, 0, 3000, true, 0, 0, 0.0f},
        {1150, 1, 0, 1, 1, 150, 3000, true, 0, 0, 0.5f},
        {1300, 1, 0, 1, 1, 300, 3000, false, 0, 0, 0},
        {3100, 1, 1, 1, 2, 100, 5000, true, 1, 0, 1.0f / 3},
        {5000, 1, 2, 2, 0, 0, 7000, true, 1, 1, 0},
        {6999, 1, 2, 2, 0, 1999, 7000, false, 0, 0, 0},
        {7000, 2, 0, 0, 0, 0, 7500, true, 1, 2, 0},
        {7500, 0, 0, 1, 0, 0, 8500, true, 2, 0, 0},       /* loops forever */
        {7500 + 299, 0, 0, 1, 0, 299, 8500, true, 2, 0, 299.0f / 300},
        {7500 * 3 + 1000, 1, 0, 1, 1, 0, 7500 * 3 + 3000, true, 0, 0, 0},
        {7500 * 3 + 999, 1, 0, 1, 1, 0, 7500 * 3 + 3000, true, 0, 0, 0}, /* backwards: stays */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cursor_pos p;
        cursor_update(c, t0 + cases[i].t, wall, &p);
        CHECK(!p.none_showable, "case %zu showable", i);
        CHECK(p.cur.slide == cases[i].slide && p.cur.page == cases[i].page,
              "case %zu cur: got %zu/%zu", i, p.cur.slide, p.cur.page);
        CHECK(p.next.slide == cases[i].next_slide && p.next.page == cases[i].next_page,
              "case %zu next: got %zu/%zu", i, p.next.slide, p.next.page);
        CHECK(p.step_elapsed_ms == cases[i].elapsed, "case %zu elapsed %llu", i,
              (unsigned long long)p.step_elapsed_ms);
        CHECK(p.next_change_ms == t0 + cases[i].change, "case %zu change %llu", i,
              (unsigned long long)(p.next_change_ms - t0));
        CHECK(p.in_transition == cases[i].fading, "case %zu transition", i);
        CHECK(p.cur.n_pages == (cases[i].slide == 1 ? 3u : 1u), "case %zu n_pages", i);
        if (cases[i].fading && p.in_transition) {
            CHECK(p.prev.slide == cases[i].prev_slide && p.prev.page == cases[i].prev_page,
                  "case %zu prev: got %zu/%zu", i, p.prev.slide, p.prev.page);
            float d = p.transition_t - cases[i].fade_t;
            CHECK(d > -1e-4f && d < 1e-4f, "case %zu fade %f", i, (double)p.transition_t);
        }
    }
    cursor_free(c);

    /* A one-slide playlist loops onto itself without a crossfade to itself. */
    const struct playlist one = {.slides = slides_abc, .n_slides = 1};
    c = cursor_new(&one, 0, 300);
    struct cursor_pos p;
    cursor_update(c, 5100, wall, &p);
    CHECK(p.cur.slide == 0 && p.next.slide == 0 && !p.in_transition && p.step_elapsed_ms == 100,
          "single slide loop");
    CHECK(p.next_change_ms == 6000, "single slide change %llu", (unsigned long long)p.next_change_ms);
    cursor_free(c);
    cursor_free(NULL);
}

/* Steps the cursor through [from, to) by `step` ms, checking every position against the cycle. */
static int walk_abc(struct cursor *c, uint64_t t0, uint64_t from, uint64_t to, uint64_t step, time_t wall,
                    int64_t wall_step)
{
    int bad = 0;
    for (uint64_t t = from; t < to; t += step, wall += wall_step) {
        struct cursor_pos p;
        cursor_update(c, t, wall, &p);
        uint64_t began;
        struct step want = expect_abc((t - t0) % CYCLE_ABC, &began);
        uint64_t elapsed = (t - t0) % CYCLE_ABC - began;
        if (!same_step(p.cur, want) || p.step_elapsed_ms != elapsed ||
            p.next_change_ms != t - elapsed + slides_abc[want.slide].duration_ms) {
            if (bad++ < 5)
                fprintf(stderr, "at %llu: got %zu/%zu +%llu, want %zu/%zu +%llu\n",
                        (unsigned long long)(t - t0), p.cur.slide, p.cur.page,
                        (unsigned long long)p.step_elapsed_ms, want.slide, want.page,
                        (unsigned long long)elapsed);
        }
    }
    return bad;
}

static void test_long_uptime(void)
{
    const struct playlist pl = {.slides = slides_abc, .n_slides = 3};
    time_t wall = week(0, 9, 0, 0);
    const uint64_t starts[] = {0, 777, UINT64_C(4294967296) - 20000 /* 2^32 ms: the 49.7-day wrap */};
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        uint64_t t0 = starts[i];
        struct cursor *c = cursor_new(&pl, t0, 250);
        /* Fine (a 60 Hz frame) over the first minute, coarse over 50 days, fine again at the end. */
        CHECK(walk_abc(c, t0, t0, t0 + 60000, 16, wall, 0) == 0, "fine start %zu", i);
        CHECK(walk_abc(c, t0, t0 + 60000, t0 + 50 * DAY_MS, 60007, wall, 0) == 0, "coarse %zu", i);
        CHECK(walk_abc(c, t0, t0 + 50 * DAY_MS, t0 + 50 * DAY_MS + 120000, 17, wall, 0) == 0,
              "fine after 50 days %zu", i);
        cursor_free(c);

        /* One jump of 50 days (a suspended board), then frames again. */
        c = cursor_new(&pl, t0, 250);
        CHECK(walk_abc(c, t0, t0, t0 + 100, 16, wall, 0) == 0, "before suspend %zu", i);
        CHECK(walk_abc(c, t0, t0 + 50 * DAY_MS + 4321, t0 + 50 * DAY_MS + 40000, 16, wall, 0) == 0,
              "after suspend %zu", i);
        cursor_free(c);
    }
    /* A jump of 2^50 ms (35 000 years) is O(steps): iterating over steps would never finish. */
    struct cursor *big = cursor_new(&pl, 0, 0);
    CHECK(walk_abc(big, 0, UINT64_C(1) << 50, (UINT64_C(1) << 50) + 10000, 16, wall, 0) == 0, "2^50 ms jump");
    cursor_free(big);
    /* Straight across the 2^32 ms boundary at frame rate. */
    struct cursor *c = cursor_new(&pl, 5, 0);
    CHECK(walk_abc(c, 5, UINT64_C(4294967296) - 30000, UINT64_C(4294967296) + 30000, 16, wall, 0) == 0,
          "across 2^32 ms");
    cursor_free(c);
}

/* The wall clock jumping (NTP at boot, no RTC) never moves the slide loop: it runs on mono. */
static void test_wall_jumps(void)
{
    const struct playlist pl = {.slides = slides_abc, .n_slides = 3};
    const int64_t year = 365 * 86400, hour = 3600;
    struct {
        const char *what;
        int64_t jump;
    } cases[] = {{"+1 year", year}, {"-1 year", -year}, {"+1 hour", hour}, {"-1 hour", -hour},
                 {"to 1970", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        time_t w0 = week(0, 12, 0, 0);
        struct cursor *c = cursor_new(&pl, 1000, 300);
        int bad = walk_abc(c, 1000, 1000, 4000, 16, w0, 0);
        time_t w1 = cases[i].jump ? w0 + (time_t)cases[i].jump : 0;
        bad += walk_abc(c, 1000, 4000, 20000, 16, w1, 0);
        bad += walk_abc(c, 1000, 20000, 30000, 16, w0, 1);   /* and back, ticking */
        CHECK(bad == 0, "%s: the slide loop was disturbed", cases[i].what);
        cursor_free(c);
    }
}

/* Slides with date windows appear and disappear at local midnight. */
static void test_date_windows(void)
{
    struct slide s[3];
    memcpy(s, slides_abc, sizeof s);
    s[1].window = (struct date_window){20261124, 20261124}; /* only Tuesday */
    const struct playlist pl = {.slides = s, .n_slides = 3};
    struct cursor *c = cursor_new(&pl, 0, 0);
    time_t mon = week(0, 23, 59, 58), tue = week(1, 0, 0, 1), wed = week(2, 0, 0, 0);
    struct {
        uint64_t t;
        time_t wall;
        size_t slide, page, next_slide;
        uint64_t elapsed;
    } cases[] = {
        {0, mon, 0, 0, 2, 0},        /* Monday: B is skipped and takes no time */
        {1000, mon, 2, 0, 0, 0},
        {1500, mon, 0, 0, 2, 0},
        {2000, tue, 0, 0, 1, 500},   /* past midnight: B is next */
        {2500, tue, 1, 0, 1, 0},
        {4500, tue, 1, 1, 1, 0},
        {5000, wed, 2, 0, 0, 0},     /* Wednesday while B shows: cut to C now */
        {5499, wed, 2, 0, 0, 499},
        {5500, wed, 0, 0, 2, 0},
        {6500, tue, 1, 0, 1, 0},     /* the clock jumps back a day: B again */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cursor_pos p;
        cursor_update(c, cases[i].t, cases[i].wall, &p);
        CHECK(p.cur.slide == cases[i].slide && p.cur.page == cases[i].page && p.next.slide == cases[i].next_slide &&
                  p.step_elapsed_ms == cases[i].elapsed,
              "window case %zu: got %zu/%zu next %zu +%llu", i, p.cur.slide, p.cur.page, p.next.slide,
              (unsigned long long)p.step_elapsed_ms);
    }
    cursor_free(c);

    /* Open-ended windows: from only, until only. */
    s[0].window = (struct date_window){20261125, 0};
    s[1].window = (struct date_window){0, 20261123};
    s[2].window = (struct date_window){0, 0};
    struct {
        time_t wall;
        bool shown[3];
    } days[] = {
        {week(0, 12, 0, 0), {false, true, true}},
        {week(1, 12, 0, 0), {false, false, true}},
        {week(2, 0, 0, 0), {true, false, true}},
        {at(2027, 1, 1, 0, 0, 0), {true, false, true}},
    };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        c = cursor_new(&pl, 0, 0);
        bool seen[3] = {false, false, false};
        for (uint64_t t = 0; t < 2 * CYCLE_ABC; t += 250) {
            struct cursor_pos p;
            cursor_update(c, t, days[i].wall, &p);
            seen[p.cur.slide] = true;
        }
        for (int k = 0; k < 3; k++)
            CHECK(seen[k] == days[i].shown[k], "open window day %zu slide %d: %d", i, k, seen[k]);
        cursor_free(c);
    }
}

static void test_skipping(void)
{
    const struct playlist pl = {.slides = slides_abc, .n_slides = 3};
    time_t wall = week(3, 15, 0, 0);
    struct cursor *c = cursor_new(&pl, 0, 200);
    struct cursor_pos p;

    CHECK(cursor_mark_unshowable(c, 1), "first mark");
    CHECK(!cursor_mark_unshowable(c, 1), "second mark is not new");
    CHECK(!cursor_mark_unshowable(c, 3), "out of range");
    cursor_update(c, 0, wall, &p);
    CHECK(p.cur.slide == 0 && p.next.slide == 2 && p.next_change_ms == 1000, "B skipped");
    cursor_update(c, 1000, wall, &p);
    CHECK(p.cur.slide == 2 && p.prev.slide == 0 && p.in_transition, "A -> C");
    cursor_update(c, 1400, wall, &p);
    CHECK(p.cur.slide == 2, "C");
    CHECK(cursor_mark_unshowable(c, 2), "mark the slide on screen");
    cursor_update(c, 1450, wall, &p);
    CHECK(p.cur.slide == 0 && p.step_elapsed_ms == 0 && !p.in_transition && p.next.slide == 0,
          "cut from an unshowable slide, no fade from it");
    cursor_update(c, 2450, wall, &p);
    CHECK(p.cur.slide == 0 && p.step_elapsed_ms == 0 && !p.in_transition, "A alone loops");
    CHECK(cursor_mark_unshowable(c, 0), "mark the last one");
    cursor_update(c, 2500, wall, &p);
    CHECK(p.none_showable && p.next_change_ms == 2500 + 60000, "all skipped -> none_showable");
    cursor_update(c, 1000000, wall, &p);
    CHECK(p.none_showable, "stays none_showable");
    cursor_free(c);

    /* All slides outside their windows, then a window opens: recovers from the first slide. */
    struct slide s[3];
    memcpy(s, slides_abc, sizeof s);
    for (int i = 0; i < 3; i++)
        s[i].window = (struct date_window){20261201, 20261231};
    s[2].window = (struct date_window){20261130, 20261130};
    const struct playlist later = {.slides = s, .n_slides = 3};
    c = cursor_new(&later, 0, 200);
    cursor_update(c, 100, week(6, 23, 59, 59), &p);
    CHECK(p.none_showable, "before every window");
    cursor_update(c, 70000, week(0, 0, 0, 0) + 7 * 86400, &p);   /* Monday 2026-11-30 */
    CHECK(!p.none_showable && p.cur.slide == 2 && p.step_elapsed_ms == 0 && !p.in_transition,
          "C opens: starts now");
    cursor_update(c, 70600, week(0, 0, 0, 0) + 7 * 86400, &p);
    CHECK(p.cur.slide == 2 && p.step_elapsed_ms == 100 && p.next.slide == 2, "C loops alone");
    cursor_update(c, 80000, at(2026, 12, 1, 0, 0, 0), &p);
    CHECK(!p.none_showable && p.cur.slide == 0 && p.step_elapsed_ms == 0 && p.next.slide == 1,
          "December: C gone, A starts");
    cursor_update(c, 80000, at(2027, 1, 1, 0, 0, 0), &p);
    CHECK(p.none_showable, "January: nothing left");
    cursor_free(c);
}

int main(void)
{
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    init_slides();
    test_pick();
    test_screen_off();
    test_recheck();
    test_pages();
    test_order_and_transitions();
    test_long_uptime();
    test_wall_jumps();
    test_date_windows();
    test_skipping();
    return check_done();
}
