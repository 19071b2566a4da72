/* soak: the sample playlists played for two simulated hours (fake clock, small software surface),
 * with a snapshot swap and an hour's wall-clock jump every ten minutes. After the first loop, what the player holds
 * must stay flat: glyph atlas bytes, cached layouts, heap in use, open file descriptors; and the
 * loop must keep stepping (frames keep coming, every slide is shown again). */
#include <dirent.h>
#include <malloc.h>

#include "check.h"
#include "content/content.h"
#include "core/clock.h"
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
    while (t < end) {
        uint64_t wait = 0;
        if (player_update(p, &wait))
            player_draw(p);
        wait = wait ? wait : 100; /* a count-up or the ticker: 10 frames a second is plenty here */
        fk.mono_ms += wait;
        fk.wall += (time_t)(wait / 1000);
        t += wait;
        if (!warmed && t >= warmup) {
            measure(te, p, &warm);
            warmed = true;
        }
        if (t >= next_swap) {
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
