/* soak: the sample playlists played for two simulated hours (fake clock, small software surface),
 * with a snapshot swap and an hour's wall-clock jump every ten minutes. After the first loop, what the player holds
 * must stay flat: glyph atlas bytes, cached layouts, heap in use, open file descriptors; and the
 * loop must keep stepping (frames keep coming; between two swaps after the first loop, every
 * slide of the playing playlist is shown again, each of its pages). */
#include <dirent.h>
#include <malloc.h>

#include "check.h"
#include "content/content.h"
#include "core/clock.h"
#include "schedule/schedule.h"
#include "render/render.h"
#include "text/text.h"

#include "app/process.h"
#include "player/player.h"

static size_t open_fds(void)
{
    size_t n = 0;
    DIR *d = opendir("/proc/self/fd");
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

struct usage {
    size_t atlas, layouts, heap, fds;
    uint64_t frames;
};

static void measure(struct text_engine *te, struct player *p, struct usage *u)
{
    struct text_stats ts;
    text_stats(te, &ts);
    struct player_stats ps;
    player_get_stats(p, &ps);
    *u = (struct usage){ts.atlas_bytes, ts.layouts_cached, mallinfo2().uordblks + mallinfo2().hblkhd, open_fds(), ps.frames};
}

#define MAX_SLIDES 64

/* Which steps the player put on screen since the last reset: one bit per page of each slide. */
struct shown {
    uint64_t pages[MAX_SLIDES];
    size_t n_pages[MAX_SLIDES];
};

static void shown_mark(struct shown *sh, const struct player *p)
{
    const struct cursor_pos *pos = player_position(p);
    if (player_screen_off(p) || pos->none_showable || pos->cur.slide >= MAX_SLIDES || pos->cur.page >= 64)
        return;
    sh->pages[pos->cur.slide] |= 1ull << pos->cur.page;
    sh->n_pages[pos->cur.slide] = pos->cur.n_pages;
}

/* Checks that every slide of pl, every page of it, was shown; false (and a message) otherwise. */
static bool shown_all(const struct shown *sh, const struct playlist *pl, uint64_t t_ms)
{
    CHECK(pl != NULL && pl->n_slides <= MAX_SLIDES, "a landscape playlist plays at %llu s",
          (unsigned long long)(t_ms / 1000));
    if (!pl || pl->n_slides > MAX_SLIDES)
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < pl->n_slides; i++) {
        size_t want = sh->n_pages[i] ? sh->n_pages[i] : 1;
        uint64_t all = want >= 64 ? ~0ull : (1ull << want) - 1;
        ok = (sh->pages[i] & all) == all;
        CHECK(ok, "%llu s: slide %zu (%s) not shown again (pages %#llx of %zu)", (unsigned long long)(t_ms / 1000),
              i, pl->slides[i].id ? pl->slides[i].id : "?", (unsigned long long)sh->pages[i], want);
    }
    return ok;
}

static struct snapshot *load(void)
{
    struct findings f = {0};
    struct snapshot *s = content_load(TEST_SRCDIR "/playlists", NULL, &f);
    CHECK(s != NULL && f.n_errors == 0, "samples load (%zu errors)", f.n_errors);
    findings_free(&f);
    return s;
}

int main(void)
{
    process_tune_memory(); /* the heap the program has (lobbysign's main makes this setting) */
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    struct text_engine *te = text_engine_new(NULL);
    CHECK(te != NULL, "text engine");
    if (!te)
        return check_done();
    struct render *r = render_new_surface(te, 320, 180, 0);
    struct clock_fake fk = {.mono_ms = 5000, .wall = 1752026400}; /* 2025-07-09 10:00 +08 */
    struct clock_src clk = clock_fake_src(&fk);
    /* No crossfade keeps the frame count small; the swap and jump paths are what this is about. */
    struct player *p = player_new(&(struct player_config){.te = te, .render = r, .clock = &clk, .transition_ms = 0});
    struct snapshot *snap = load();
    player_set_snapshot(p, snap);

    const uint64_t hour = 3600u * 1000u, warmup = 10u * 60u * 1000u, end = 2 * hour;
    struct usage warm = {0}, now;
    bool warmed = false;
    uint64_t t = 0, next_swap = warmup + warmup / 2;
    int swaps = 0;
    struct shown shown = {0};
    size_t segments = 0, segments_ok = 0;
    while (t < end) {
        uint64_t wait = 0;
        if (player_update(p, &wait)) {
            player_draw(p);
            shown_mark(&shown, p);
        }
        wait = wait ? wait : 100; /* a count-up or the ticker: 10 frames a second is plenty here */
        fk.mono_ms += wait;
        fk.wall += (time_t)(wait / 1000);
        t += wait;
        if (!warmed && t >= warmup) {
            measure(te, p, &warm);
            warmed = true;
        }
        if (t >= next_swap) {
            /* Ten minutes since the last swap (the loop is four): every slide came round again. */
            segments++;
            segments_ok += shown_all(&shown, schedule_pick(snap, ORIENT_LANDSCAPE, fk.wall), t);
            memset(&shown, 0, sizeof shown);
            /* A new snapshot of the same content (the content store's import), and NTP moving
             * the wall clock an hour back and forth. */
            struct snapshot *fresh = load();
            snapshot_free(player_set_snapshot(p, fresh));
            snap = fresh;
            fk.wall += swaps++ % 2 ? -3600 : 3600;
            next_swap += warmup;
        }
    }
    measure(te, p, &now);
    CHECK(warmed && now.frames > warm.frames + 100, "the loop kept drawing (%llu -> %llu frames)",
          (unsigned long long)warm.frames, (unsigned long long)now.frames);
    CHECK(segments >= 10 && segments_ok == segments, "every slide shown again between swaps: %zu of %zu times",
          segments_ok, segments);
    CHECK(now.atlas <= warm.atlas, "glyph atlas flat: %zu -> %zu bytes", warm.atlas, now.atlas);
    CHECK(now.layouts <= warm.layouts, "cached layouts flat: %zu -> %zu", warm.layouts, now.layouts);
    CHECK(now.fds == warm.fds, "open file descriptors flat: %zu -> %zu", warm.fds, now.fds);
    /* Under ASan mallinfo2 reports nothing; LeakSanitizer checks that build instead. */
    CHECK(now.heap <= warm.heap + (128u << 10), "heap in use flat: %zu -> %zu bytes", warm.heap, now.heap);

    player_free(p);
    snapshot_free(snap);
    render_free(r);
    text_engine_free(te);
    return check_done();
}
