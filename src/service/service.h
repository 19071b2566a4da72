/* service: the player running unattended (what `play` runs): opens the display and keeps
 * reopening it when it goes away or was never there (logged once, never an exit), pings the
 * systemd watchdog and writes the status file from loop timers, handles SIGTERM/SIGINT/SIGHUP/
 * SIGUSR1 through the loop (loop_add_signal), and draws the player's frames. Display access goes through
 * injectable ops so tests and the soak run it on a software surface with a fake clock. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/loop.h"
#include "service/status.h"
#include "content/model.h"
#include "core/clock.h"
#include "player/player.h"
#include "player/plays.h"
#include "power/power.h"
#include "power/tvlink.h"
#include "render/render.h"
#include "text/text.h"

struct display_ops {
    /* Opens the display: a render, or NULL with a one-line reason in why. */
    struct render *(*open)(void *ctx, struct text_engine *te, char *why, size_t cap);
    void (*close)(void *ctx, struct render *r);
    /* False when the display is known to be gone (HDMI unplugged, DRM device vanished); NULL: always there. */
    bool (*present)(void *ctx);
    void *ctx;
    bool sdl;             /* an SDL video display: the loop waits on SDL events while it is open */
    /* Switches the panel of the open display r on or off (DPMS); NULL: it cannot. */
    enum power_result (*dpms)(void *ctx, struct render *r, bool on, char *why, size_t cap);
};

/* The real displays: SDL video (SDL_VIDEODRIVER or driver, else X11, Wayland, KMS/DRM); on KMS/DRM
 * presence is read from /sys/class/drm connector status (SDL 2.26 has no hot-plug events there). */
struct sdl_display {
    const char *driver;   /* NULL = auto */
    struct render_window_opts wo;
    bool kms;             /* the driver that opened is KMSDRM */
};
struct display_ops display_ops_sdl(struct sdl_display *d);

#define SERVICE_RETRY_MS 5000     /* reopen attempts while no display */
#define SERVICE_PRESENCE_MS 2000  /* how often a display's presence is checked */
#define SERVICE_STATUS_MS 60000   /* the status file's period (and on every change) */

struct service_config {
    struct text_engine *te;          /* borrowed */
    const struct clock_src *clock;   /* borrowed */
    struct display_ops display;
    struct player_config player;     /* render and clock are filled in by the service */
    const char *content;             /* for the status file and SIGHUP reloads */
    struct snapshot *snap;           /* owned by the service from now on (NULL: fallback) */
    const char *status_file, *prometheus_dir;  /* NULL: none */
    const char *store;               /* the content store, for the status file's version, signer and
                                      * last import; NULL: none */
    const char *version;
    /* The state folder (app/config.h paths.state): proof of play (player/plays.h) and now.png
     * (player/nowpic.h) go there; NULL: neither. */
    const char *state_dir;
    const char *name;                /* this screen's name for the status file; NULL: the host name */
    unsigned plays_keep_days;        /* 0: the default */
    unsigned long long plays_max_bytes;
    int now_png_s;                   /* now.png at most every N s; 0: none */
    bool wait_for_display;           /* false: give up when no display opens at start (exit 2) */
    bool signals;                    /* handle SIGTERM/SIGINT/SIGHUP (the real program) */
    uint64_t watchdog_ms;            /* systemd's WatchdogSec in ms, 0 = none */
    uint32_t min_frame_ms;
    /* Reloads content (SIGHUP); NULL: SIGHUP only logs. Returns the new snapshot or NULL. */
    struct snapshot *(*reload)(void *ctx, const char *content);
    void *reload_ctx;
    bool unsigned_note;              /* snap is unsigned content: the player shows 未签名内容 */
    /* Called once, when the player is made (the first display opened): p and l live until
     * service_free, r until the display goes (the USB watcher starts here). NULL: none. */
    void (*on_player)(void *ctx, struct player *p, struct loop *l, struct render *r);
    void *on_player_ctx;
    /* Screen power in screen-off hours (src/power, docs/player.md): DPMS through display.dpms when
     * set, and the TV over HDMI-CEC through tv (owned by the service from now on; NULL: no CEC). */
    bool dpms;
    struct tvlink *tv;
};

struct service_stats {
    uint64_t frames, status_writes, display_losses, display_opens, open_failures;
    bool display_up;
    enum power_state power;          /* the panel as the service last set it */
    unsigned power_transitions;
};

struct service *service_new(const struct service_config *cfg);
void service_free(struct service *s); /* NULL-safe; frees the snapshot it owns */
/* Runs until SIGTERM/SIGINT, Esc or q. 0, or 2 when no display opened and wait_for_display is off. */
int service_run(struct service *s);
/* One loop turn (tests): false once quitting. *wanted_ms: how long the loop wanted to sleep. */
bool service_turn(struct service *s, int max_wait_ms, uint64_t *wanted_ms);
void service_quit(struct service *s);
/* A new snapshot (an import): played from now on; the old one is freed. */
void service_set_snapshot(struct service *s, struct snapshot *snap);
void service_get_stats(const struct service *s, struct service_stats *out);
struct player *service_player(struct service *s); /* NULL until a display first opened */
/* Proof of play written so far (zeros without a state folder). */
void service_get_plays(const struct service *s, struct plays_stats *out);
