/* service signals (issue 20): 300 SIGHUPs coalesce into one reload a second while frames go on,
 * and a SIGTERM queued behind any number of them stops the service at once. Real signals through
 * the service's own handler and pipe; a fake clock, so nothing here is timed. */
#include <signal.h>

#include "service_fixture.h"

#include "core/clock.h"
#include "core/xalloc.h"

static int reloads;

static struct snapshot *count_reload(void *ctx, const char *content)
{
    (void)ctx, (void)content;
    reloads++;
    return fixture_samples();
}

static uint64_t frames(struct service *s)
{
    struct service_stats st;
    service_get_stats(s, &st);
    return st.frames;
}

int main(void)
{
    struct clock_fake fk = {.mono_ms = 1000000, .wall = 1700000000};
    struct clock_src clk = clock_fake_src(&fk);
    struct fake_display disp = {0};
    struct text_engine *te = text_engine_new(NULL);
    CHECK(te != NULL, "text engine");
    struct service *s = service_new(&(struct service_config){
        .te = te, .clock = &clk, .display = fake_display_ops(&disp), .player = {.transition_ms = 0},
        .content = TEST_SRCDIR "/playlists", .snap = fixture_samples(), .version = "test",
        .wait_for_display = true, .signals = true, .min_frame_ms = 16, .reload = count_reload});
    uint64_t w;
    for (int i = 0; i < 3; i++, fk.mono_ms += 100)
        service_turn(s, 0, &w);
    uint64_t f0 = frames(s);

    for (int i = 0; i < 300; i++)
        raise(SIGHUP);
    bool running = true;
    for (int i = 0; i < 5 && running; i++, fk.mono_ms += 100)
        running = service_turn(s, 0, &w);
    CHECK(running && reloads == 1, "300 SIGHUPs at once: %d reload(s), want 1", reloads);
    for (int i = 0; i < 300; i++) {
        raise(SIGHUP);
        running = service_turn(s, 0, &w) && running;
        fk.mono_ms += 10; /* 300 over 3 s */
    }
    for (int i = 0; i < 20 && running; i++, fk.mono_ms += 100)
        running = service_turn(s, 0, &w);
    CHECK(running && reloads >= 2 && reloads <= 6, "300 SIGHUPs over 3 s: %d reloads (one a second)", reloads);
    CHECK(frames(s) > f0, "frames went on (%llu -> %llu)", (unsigned long long)f0, (unsigned long long)frames(s));
    struct service_stats st;
    service_get_stats(s, &st);
    CHECK(st.hups == 600 && st.reloads == (uint64_t)reloads, "stats: %llu SIGHUPs, %llu reloads",
          (unsigned long long)st.hups, (unsigned long long)st.reloads);

    /* behind 300 more, SIGTERM stops it in the next turn with no reload */
    int before = reloads;
    fk.mono_ms += 5000;
    for (int i = 0; i < 300; i++)
        raise(SIGHUP);
    raise(SIGTERM);
    running = service_turn(s, 0, &w);
    CHECK(!running && reloads == before, "SIGTERM behind 300 SIGHUPs: stopped (%d), %d reloads after it", running,
          reloads - before);
    service_free(s);
    text_engine_free(te);
    return check_done();
}
