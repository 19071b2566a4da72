/* loop: the one event loop; owns every deadline (the frame hook, periodic timers such as watchdog
 * pings or the status file) and waits on file descriptors (watchers), signals (a self-pipe) and SDL
 * events together. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"

struct loop;

/* Called when fd is ready; revents as poll(2) reports them. */
typedef void (*loop_fd_fn)(void *ctx, int fd, short revents);
/* Called when a timer's period has passed; now_ms is the loop clock's monotonic time. */
typedef void (*loop_timer_fn)(void *ctx, uint64_t now_ms);
/* The frame hook, called once per turn: draws if it wants and returns how long the loop may
 * sleep before the next turn (0: as soon as the frame pace allows, something is moving). While
 * it returns 0 it is called at most once per min_frame_ms, deadline to deadline. */
typedef uint64_t (*loop_frame_fn)(void *ctx);
/* A signal registered with loop_add_signal, run in the loop's turn (not in the handler). */
typedef void (*loop_signal_fn)(void *ctx, int signo);
/* An SDL event (the argument is a const SDL_Event *; SDL stays out of this header). */
typedef void (*loop_sdl_fn)(void *ctx, const void *sdl_event);

struct loop_config {
    const struct clock_src *clock; /* borrowed */
    uint32_t min_frame_ms;         /* pace of moving frames when the renderer has no vsync */
    bool sdl_events;               /* also wait for SDL events (SDL video initialised) */
};

/* While SDL waits, descriptors are looked at least this often (SDL has no descriptor to poll). */
#define LOOP_FD_SLICE_MS 100
/* The longest single sleep (deadlines are recomputed at least this often). */
#define LOOP_MAX_SLEEP_MS 60000

struct loop *loop_new(const struct loop_config *cfg);
void loop_free(struct loop *l); /* NULL-safe; closes nothing: descriptors stay the caller's */

/* Registers fd for the poll(2) events (POLLIN, ...); returns an id for loop_remove (> 0). */
int loop_add_fd(struct loop *l, int fd, short events, loop_fd_fn cb, void *ctx);
/* A timer firing every period_ms (> 0), first period_ms from now; returns an id (> 0). After a
 * clock jump or a long stall it fires once, then keeps its period from then on. */
int loop_add_timer(struct loop *l, uint64_t period_ms, loop_timer_fn cb, void *ctx);
/* Handles signo through the loop: a handler (installed without SA_RESTART, so it interrupts
 * whatever blocks, even a write to a service manager that stopped reading) writes it to the loop's
 * self-pipe, and cb runs in the loop's turn. One loop handles signals at a time; loop_remove or
 * loop_free gives the signal its default action back. Returns an id (> 0), 0 when no pipe (logged). */
int loop_add_signal(struct loop *l, int signo, loop_signal_fn cb, void *ctx);
/* Blocks the loop's signals in this thread until loop_unblock_signals: threads started meanwhile
 * (SDL's) inherit the mask, so the loop's thread is the one interrupted. */
void loop_block_signals(struct loop *l);
void loop_unblock_signals(struct loop *l);
/* Removes a descriptor, timer or signal by id (safe inside a callback); false when no such id. */
bool loop_remove(struct loop *l, int id);
void loop_set_frame(struct loop *l, loop_frame_fn cb, void *ctx);
void loop_set_sdl(struct loop *l, loop_sdl_fn cb, void *ctx);
/* Whether the loop waits on SDL events too (false while no display is open: SDL video is down). */
void loop_wait_sdl(struct loop *l, bool on);
/* How long the last turn wanted to sleep before max_wait_ms cut it (a fake clock's step, tests). */
uint64_t loop_last_wait(const struct loop *l);

/* One turn: the frame hook, one wait (at most max_wait_ms; negative: until the next deadline),
 * then ready descriptors, SDL events and due timers. False once loop_quit was called. */
bool loop_turn(struct loop *l, int max_wait_ms);
/* Turns until loop_quit. */
void loop_run(struct loop *l);
void loop_quit(struct loop *l);
