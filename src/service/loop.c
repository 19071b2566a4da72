/* loop: poll(2) on the registered descriptors, SDL_WaitEventTimeout for the window, one sleep per
 * turn until the nearest deadline (frame hook, timers). */
#define LOG_TAG "loop"
#include "service/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <SDL2/SDL.h>

#include "core/log.h"
#include "core/xalloc.h"

struct loop_fd {
    int id;
    int fd;
    short events;
    loop_fd_fn cb;
    void *ctx;
};

struct loop_timer {
    int id;
    uint64_t period_ms, due_ms;
    loop_timer_fn cb;
    void *ctx;
};

struct loop_signal {
    int id;
    int signo;
    loop_signal_fn cb;
    void *ctx;
};

struct loop {
    struct loop_config cfg;
    struct loop_fd *fds;
    size_t n_fds, cap_fds;
    struct loop_timer *timers;
    size_t n_timers, cap_timers;
    struct pollfd *pfds;
    size_t cap_pfds;
    loop_frame_fn frame;
    void *frame_ctx;
    loop_sdl_fn sdl;
    void *sdl_ctx;
    int next_id;
    bool quit;
    bool moving;          /* the frame hook's last answer was 0: something moves */
    uint64_t frame_due;   /* while moving: monotonic ms the next frame is due */
    uint64_t last_wait;
    struct loop_signal *sigs;
    size_t n_sigs, cap_sigs;
    int sig_r, sig_w;     /* the self-pipe, -1 until the first signal */
    sigset_t sig_old;     /* the mask loop_block_signals replaced */
};

/* The write end of the signal pipe: a signal handler can only reach a file-scope variable. */
static volatile sig_atomic_t signal_pipe_w = -1;

static void on_signal_handler(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (signal_pipe_w >= 0 && write(signal_pipe_w, &b, 1) < 0) {
    }
    errno = saved;
}

struct loop *loop_new(const struct loop_config *cfg)
{
    struct loop *l = xcalloc(1, sizeof *l);
    l->cfg = *cfg;
    l->next_id = 1;
    l->sig_r = l->sig_w = -1;
    return l;
}

static bool signal_used(const struct loop *l, int signo)
{
    for (size_t i = 0; i < l->n_sigs; i++)
        if (l->sigs[i].cb && l->sigs[i].signo == signo)
            return true;
    return false;
}

void loop_free(struct loop *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n_sigs; i++)
        if (l->sigs[i].cb)
            signal(l->sigs[i].signo, SIG_DFL);
    if (l->sig_r >= 0) {
        signal_pipe_w = -1;
        close(l->sig_r);
        close(l->sig_w);
    }
    free(l->sigs);
    free(l->fds);
    free(l->timers);
    free(l->pfds);
    free(l);
}

int loop_add_fd(struct loop *l, int fd, short events, loop_fd_fn cb, void *ctx)
{
    if (l->n_fds == l->cap_fds) {
        l->cap_fds = l->cap_fds ? 2 * l->cap_fds : 4;
        l->fds = xreallocarray(l->fds, l->cap_fds, sizeof *l->fds);
    }
    int id = l->next_id++;
    l->fds[l->n_fds++] = (struct loop_fd){id, fd, events, cb, ctx};
    return id;
}

int loop_add_timer(struct loop *l, uint64_t period_ms, loop_timer_fn cb, void *ctx)
{
    if (period_ms == 0)
        period_ms = 1;
    if (l->n_timers == l->cap_timers) {
        l->cap_timers = l->cap_timers ? 2 * l->cap_timers : 4;
        l->timers = xreallocarray(l->timers, l->cap_timers, sizeof *l->timers);
    }
    int id = l->next_id++;
    uint64_t now = clock_mono_ms(l->cfg.clock);
    l->timers[l->n_timers++] = (struct loop_timer){id, period_ms, now + period_ms, cb, ctx};
    return id;
}

/* The self-pipe's reader: each byte is one signal, run through its callbacks. */
static void on_signal_pipe(void *ctx, int fd, short revents)
{
    (void)revents;
    struct loop *l = ctx;
    unsigned char signo;
    while (read(fd, &signo, 1) == 1)
        for (size_t i = 0; i < l->n_sigs; i++)
            if (l->sigs[i].cb && l->sigs[i].signo == signo)
                l->sigs[i].cb(l->sigs[i].ctx, signo);
}

int loop_add_signal(struct loop *l, int signo, loop_signal_fn cb, void *ctx)
{
    if (l->sig_r < 0) {
        int p[2];
        if (pipe(p) != 0) {
            LOG_WARN("pipe: %s; signal %d keeps its default action", strerror(errno), signo);
            return 0;
        }
        for (int k = 0; k < 2; k++) {
            fcntl(p[k], F_SETFL, O_NONBLOCK);
            fcntl(p[k], F_SETFD, FD_CLOEXEC);
        }
        l->sig_r = p[0];
        l->sig_w = p[1];
        signal_pipe_w = p[1];
        loop_add_fd(l, l->sig_r, POLLIN, on_signal_pipe, l);
    }
    if (l->n_sigs == l->cap_sigs) {
        l->cap_sigs = l->cap_sigs ? 2 * l->cap_sigs : 4;
        l->sigs = xreallocarray(l->sigs, l->cap_sigs, sizeof *l->sigs);
    }
    int id = l->next_id++;
    l->sigs[l->n_sigs++] = (struct loop_signal){id, signo, cb, ctx};
    struct sigaction sa = {.sa_handler = on_signal_handler}; /* no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    sigaction(signo, &sa, NULL);
    return id;
}

static void signal_mask(const struct loop *l, sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < l->n_sigs; i++)
        if (l->sigs[i].cb)
            sigaddset(set, l->sigs[i].signo);
}

void loop_block_signals(struct loop *l)
{
    sigset_t set;
    signal_mask(l, &set);
    pthread_sigmask(SIG_BLOCK, &set, &l->sig_old);
}

void loop_unblock_signals(struct loop *l) { pthread_sigmask(SIG_SETMASK, &l->sig_old, NULL); }

/* Removal marks (cb = NULL) so a callback may remove itself or another; compact() drops them. */
bool loop_remove(struct loop *l, int id)
{
    for (size_t i = 0; i < l->n_sigs; i++)
        if (l->sigs[i].id == id && l->sigs[i].cb) {
            l->sigs[i].cb = NULL;
            if (!signal_used(l, l->sigs[i].signo))
                signal(l->sigs[i].signo, SIG_DFL);
            return true;
        }
    for (size_t i = 0; i < l->n_fds; i++)
        if (l->fds[i].id == id && l->fds[i].cb) {
            l->fds[i].cb = NULL;
            return true;
        }
    for (size_t i = 0; i < l->n_timers; i++)
        if (l->timers[i].id == id && l->timers[i].cb) {
            l->timers[i].cb = NULL;
            return true;
        }
    return false;
}

static void compact(struct loop *l)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n_fds; i++)
        if (l->fds[i].cb)
            l->fds[k++] = l->fds[i];
    l->n_fds = k;
    k = 0;
    for (size_t i = 0; i < l->n_timers; i++)
        if (l->timers[i].cb)
            l->timers[k++] = l->timers[i];
    l->n_timers = k;
}

void loop_set_frame(struct loop *l, loop_frame_fn cb, void *ctx)
{
    l->frame = cb;
    l->frame_ctx = ctx;
}

void loop_set_sdl(struct loop *l, loop_sdl_fn cb, void *ctx)
{
    l->sdl = cb;
    l->sdl_ctx = ctx;
}

void loop_quit(struct loop *l) { l->quit = true; }
void loop_wait_sdl(struct loop *l, bool on) { l->cfg.sdl_events = on; }
uint64_t loop_last_wait(const struct loop *l) { return l->last_wait; }

/* poll(2) on every descriptor for timeout_ms; runs the callbacks of the ready ones. */
static void poll_fds(struct loop *l, int timeout_ms)
{
    size_t n = l->n_fds; /* callbacks may add descriptors: those wait for the next turn */
    if (n > l->cap_pfds) {
        l->cap_pfds = n;
        l->pfds = xreallocarray(l->pfds, n, sizeof *l->pfds);
    }
    for (size_t i = 0; i < n; i++)
        l->pfds[i] = (struct pollfd){.fd = l->fds[i].fd, .events = l->fds[i].events};
    int ready = poll(n ? l->pfds : NULL, (nfds_t)n, timeout_ms);
    if (ready < 0) {
        if (errno != EINTR)
            LOG_WARN("poll: %s", strerror(errno));
        return;
    }
    for (size_t i = 0; i < n && ready > 0; i++) {
        if (!l->pfds[i].revents)
            continue;
        ready--;
        if (l->fds[i].cb)
            l->fds[i].cb(l->fds[i].ctx, l->fds[i].fd, l->pfds[i].revents);
    }
}

static bool sdl_dispatch(struct loop *l, int timeout_ms)
{
    SDL_Event ev;
    if (!SDL_WaitEventTimeout(&ev, timeout_ms))
        return false;
    do {
        if (l->sdl)
            l->sdl(l->sdl_ctx, &ev);
    } while (!l->quit && SDL_PollEvent(&ev));
    return true;
}

static void fire_timers(struct loop *l)
{
    uint64_t now = clock_mono_ms(l->cfg.clock);
    size_t n = l->n_timers;
    for (size_t i = 0; i < n && !l->quit; i++) {
        struct loop_timer *t = &l->timers[i];
        if (!t->cb || now < t->due_ms)
            continue;
        t->due_ms += t->period_ms;
        if (t->due_ms <= now) /* behind by a whole period (stall, clock jump): no burst */
            t->due_ms = now + t->period_ms;
        t->cb(t->ctx, now); /* may add timers (l->timers may move): t is not used after */
    }
}

bool loop_turn(struct loop *l, int max_wait_ms)
{
    if (l->quit)
        return false;
    uint64_t start = clock_mono_ms(l->cfg.clock);
    uint64_t wait = LOOP_MAX_SLEEP_MS;
    if (l->frame && l->moving && start < l->frame_due) {
        wait = l->frame_due - start; /* woken early (an event): the frame is not due yet */
    } else if (l->frame) {
        uint64_t w = l->frame(l->frame_ctx);
        if (w == 0) {
            /* Moving frames keep a fixed pace from deadline to deadline, so late wake-ups (a busy
             * machine) do not stretch every frame; a whole period behind, the pace starts again
             * from now instead of catching up in a burst. */
            uint64_t p = l->cfg.min_frame_ms, next = l->moving ? l->frame_due + p : start + p;
            if (next <= start)
                next = start + p;
            l->frame_due = next;
            l->moving = true;
            uint64_t now = clock_mono_ms(l->cfg.clock);
            w = next > now ? next - now : 0;
        } else {
            l->moving = false;
        }
        if (w < wait)
            wait = w;
    }
    uint64_t now = clock_mono_ms(l->cfg.clock);
    for (size_t i = 0; i < l->n_timers; i++) {
        uint64_t due = l->timers[i].due_ms, w = due > now ? due - now : 0;
        if (l->timers[i].cb && w < wait)
            wait = w;
    }
    l->last_wait = wait;
    if (max_wait_ms >= 0 && (uint64_t)max_wait_ms < wait)
        wait = (uint64_t)max_wait_ms;
    if (!l->quit) {
        if (!l->cfg.sdl_events) {
            poll_fds(l, (int)wait);
        } else if (!l->n_fds) {
            sdl_dispatch(l, (int)wait);
        } else {
            /* SDL has no descriptor to poll: wait on it in slices, looking at ours between. */
            poll_fds(l, 0);
            if (!l->quit)
                sdl_dispatch(l, (int)(wait < LOOP_FD_SLICE_MS ? wait : LOOP_FD_SLICE_MS));
        }
    }
    fire_timers(l);
    compact(l);
    return !l->quit;
}

void loop_run(struct loop *l)
{
    while (loop_turn(l, -1)) {
    }
}
