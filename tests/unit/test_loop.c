/* loop: descriptors (a pipe), signals (loop_add_signal), periodic timers on the fake clock
 * (including a clock jump), removal inside a callback, the frame hook once per turn, and quit. No
 * SDL, no real waiting. */
#include "check.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "service/loop.h"

struct seen {
    struct loop *loop;
    int reads, fires, frames, last_byte;
    uint64_t last_now;
    int remove_id;     /* removed by the fd callback when set */
    bool quit_on_fire; /* the timer callback quits the loop */
};

static void on_fd(void *ctx, int fd, short revents)
{
    struct seen *s = ctx;
    char c;
    if ((revents & POLLIN) && read(fd, &c, 1) == 1) {
        s->reads++;
        s->last_byte = c;
    }
    if (s->remove_id)
        CHECK(loop_remove(s->loop, s->remove_id), "remove inside a callback");
    s->remove_id = 0;
}

static void on_timer(void *ctx, uint64_t now_ms)
{
    struct seen *s = ctx;
    s->fires++;
    s->last_now = now_ms;
    if (s->quit_on_fire)
        loop_quit(s->loop);
}

static uint64_t on_frame(void *ctx)
{
    struct seen *s = ctx;
    s->frames++;
    return 5000;
}

static int moving_frames;
static uint64_t on_moving_frame(void *ctx)
{
    (void)ctx;
    moving_frames++;
    return 0; /* something moves */
}

/* Moving frames are paced deadline to deadline (16 ms): a turn woken early does not draw, a frame
 * a little late does not push the next one later, one a whole period late restarts the pace. */
static void test_frame_pace(void)
{
    struct clock_fake fk = {.mono_ms = 1000, .wall = 1752026400};
    struct clock_src clk = clock_fake_src(&fk);
    struct loop *l = loop_new(&(struct loop_config){.clock = &clk, .min_frame_ms = 16});
    loop_set_frame(l, on_moving_frame, NULL);
    static const struct {
        uint64_t at;
        int frames;
    } turns[] = {
        {1000, 1}, {1005, 1}, {1015, 1}, {1016, 2}, {1033, 3}, {1047, 3}, {1048, 4}, {1090, 5}, {1100, 5}, {1106, 6},
    };
    for (size_t i = 0; i < sizeof turns / sizeof turns[0]; i++) {
        fk.mono_ms = turns[i].at;
        loop_turn(l, 0);
        CHECK(moving_frames == turns[i].frames, "at %llu ms: %d frames, want %d", (unsigned long long)turns[i].at,
              moving_frames, turns[i].frames);
    }
    loop_free(l);
}

static int signals_seen, last_signo;
static void on_sig(void *ctx, int signo)
{
    (void)ctx;
    signals_seen++;
    last_signo = signo;
}

static bool default_action(int signo)
{
    struct sigaction sa;
    return sigaction(signo, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL;
}

/* Signals come through the loop: the callback runs in the turn, not in the handler; a blocked
 * signal waits until unblocked; removal and loop_free give the default action back. */
static void test_signals(void)
{
    struct clock_fake fk = {.mono_ms = 1000, .wall = 1752026400};
    struct clock_src clk = clock_fake_src(&fk);
    struct loop *l = loop_new(&(struct loop_config){.clock = &clk, .min_frame_ms = 16});
    int id = loop_add_signal(l, SIGUSR2, on_sig, NULL);
    CHECK(id > 0 && !default_action(SIGUSR2), "SIGUSR2 handled by the loop");
    CHECK(loop_add_signal(l, SIGWINCH, on_sig, NULL) > 0, "a second signal");
    raise(SIGUSR2);
    CHECK(signals_seen == 0, "the handler only writes the pipe");
    CHECK(loop_turn(l, 0) && signals_seen == 1 && last_signo == SIGUSR2, "the turn runs the callback (%d)",
          signals_seen);
    loop_block_signals(l);
    raise(SIGUSR2);
    loop_turn(l, 0);
    CHECK(signals_seen == 1, "blocked: not delivered (%d)", signals_seen);
    loop_unblock_signals(l);
    loop_turn(l, 0);
    CHECK(signals_seen == 2, "unblocked: delivered (%d)", signals_seen);
    CHECK(loop_remove(l, id) && default_action(SIGUSR2), "removed: default action again");
    CHECK(!default_action(SIGWINCH), "the other stays");
    loop_free(l);
    CHECK(default_action(SIGWINCH), "loop_free: default action again");
}

int main(void)
{
    test_frame_pace();
    test_signals();
    struct clock_fake fk = {.mono_ms = 1000, .wall = 1752026400};
    struct clock_src clk = clock_fake_src(&fk);
    struct loop *l = loop_new(&(struct loop_config){.clock = &clk, .min_frame_ms = 16});
    struct seen s = {.loop = l};
    loop_set_frame(l, on_frame, &s);

    int p[2];
    CHECK(pipe(p) == 0, "pipe");
    int fd_id = loop_add_fd(l, p[0], POLLIN, on_fd, &s);
    CHECK(fd_id > 0, "fd id");
    CHECK(loop_turn(l, 0) && s.reads == 0, "nothing to read yet (%d reads)", s.reads);
    CHECK(write(p[1], "x", 1) == 1, "write");
    CHECK(loop_turn(l, 0) && s.reads == 1 && s.last_byte == 'x', "a readable pipe runs its callback (%d)", s.reads);
    CHECK(loop_turn(l, 0) && s.reads == 1, "once per byte (%d)", s.reads);
    CHECK(s.frames == 3, "the frame hook runs once per turn (%d)", s.frames);

    /* A ready descriptor ends the wait early: a turn allowed to sleep 10 s returns at once. */
    CHECK(write(p[1], "y", 1) == 1, "write");
    CHECK(loop_turn(l, 10000) && s.reads == 2 && s.last_byte == 'y', "woken by the pipe (%d)", s.reads);

    /* Timers: every 1000 ms of the loop's clock, first one period after it was added. */
    int t_id = loop_add_timer(l, 1000, on_timer, &s);
    CHECK(t_id > 0 && t_id != fd_id, "timer id");
    fk.mono_ms += 999;
    loop_turn(l, 0);
    CHECK(s.fires == 0, "not before its period (%d)", s.fires);
    fk.mono_ms += 1;
    loop_turn(l, 0);
    CHECK(s.fires == 1 && s.last_now == 2000, "fires at its period (%d at %llu)", s.fires,
          (unsigned long long)s.last_now);
    loop_turn(l, 0);
    CHECK(s.fires == 1, "once per period (%d)", s.fires);
    fk.mono_ms += 1000;
    loop_turn(l, 0);
    CHECK(s.fires == 2, "and again one period later (%d)", s.fires);
    /* A clock jump of an hour: one firing, not 3600; the period restarts from then. */
    fk.mono_ms += 3600u * 1000u;
    loop_turn(l, 0);
    loop_turn(l, 0);
    CHECK(s.fires == 3, "one firing after a jump (%d)", s.fires);
    fk.mono_ms += 999;
    loop_turn(l, 0);
    CHECK(s.fires == 3, "period counted from the jump (%d)", s.fires);
    fk.mono_ms += 1;
    loop_turn(l, 0);
    CHECK(s.fires == 4, "then on time again (%d)", s.fires);

    /* Removing: the descriptor removes itself in its callback; later bytes go unread. */
    s.remove_id = fd_id;
    CHECK(write(p[1], "z", 1) == 1, "write");
    loop_turn(l, 0);
    CHECK(s.reads == 3, "read before removal (%d)", s.reads);
    CHECK(write(p[1], "w", 1) == 1, "write");
    loop_turn(l, 0);
    CHECK(s.reads == 3, "a removed descriptor is not polled (%d)", s.reads);
    CHECK(!loop_remove(l, fd_id) && !loop_remove(l, 12345), "removing twice or an unknown id fails");

    /* Quit from a callback ends the turn and loop_run. */
    s.quit_on_fire = true;
    fk.mono_ms += 1000;
    CHECK(!loop_turn(l, 0) && s.fires == 5, "quit from a timer (%d)", s.fires);
    CHECK(!loop_turn(l, 0), "stays quit");
    loop_run(l); /* returns at once */

    loop_free(l);
    loop_free(NULL);
    close(p[0]);
    close(p[1]);
    return check_done();
}
