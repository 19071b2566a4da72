/* service: the unattended player (see service.h). Every deadline is a loop timer: reopening the
 * display, checking it is still there, the watchdog ping, the status file. */
#define LOG_TAG "service"
#include "service/service.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <SDL2/SDL.h>

#include "power/dpms.h"
#include "service/notify.h"
#include "core/timesync.h"
#include "player/nowpic.h"
#include "store/store.h"
#include "content/content.h"
#include "core/log.h"
#include "core/util.h"
#include "core/xalloc.h"

struct status_key {
    const struct playlist *pl;
    const struct snapshot *snap;
    bool screen_off, up, any_display;
    bool notice;                  /* a message over the content (an import's progress or result) */
    uint64_t losses;
};

struct service {
    struct service_config cfg;
    struct loop *loop;
    struct player *player;
    struct render *render;
    bool ever_opened, waiting_logged, ready_sent, changed, first_frame_logged;
    char why[512];
    int retry_id, presence_id;
    uint64_t started_ms;
    time_t started_wall;
    struct frametimes ft;
    struct status_key key;
    struct service_stats stats;
    struct plays *plays;
    struct nowpic *nowpic;
    char name[128];
    /* What the snapshot playing is in the store (read when the snapshot changes). */
    const struct snapshot *ident_snap;
    bool ident_read;
    char ident_version[16], ident_signer[24], ident_content[4096];
    int64_t ident_signed_at;
    enum timesync clock_logged;
    struct power *power;
    enum tv_power tv_power;
    char cec_adapter[CEC_PATH_MAX];
};

/* ---- the real display: SDL video ------------------------------------------------------------ */

static bool start_video(const char *driver, char *why, size_t cap)
{
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1"); /* signals are the loop's (loop_add_signal) */
    const char *env = getenv("SDL_VIDEODRIVER");
    if (env && *env)
        driver = env;
    if (driver) {
        SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, driver, SDL_HINT_OVERRIDE);
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0)
            return true;
        snprintf(why, cap, "video driver '%s': %s", driver, SDL_GetError());
        return false;
    }
    /* Not SDL's own order: it would fall back to "offscreen" (no picture, +80 MB of llvmpipe). */
    static const char *const drivers[] = {"x11", "wayland", "KMSDRM"};
    size_t len = 0;
    why[0] = '\0';
    for (size_t i = 0; i < ALEN(drivers); i++) {
        SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, drivers[i], SDL_HINT_OVERRIDE);
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0)
            return true;
        int n = snprintf(why + len, cap - len, "%s%s: %s", len ? "; " : "", drivers[i], SDL_GetError());
        if (n > 0 && (size_t)n < cap - len)
            len += (size_t)n;
    }
    return false;
}

static struct render *sdl_open(void *ctx, struct text_engine *te, char *why, size_t cap)
{
    struct sdl_display *d = ctx;
    if (!start_video(d->driver, why, cap))
        return NULL;
    const char *drv = SDL_GetCurrentVideoDriver();
    d->kms = drv && SDL_strcasecmp(drv, "KMSDRM") == 0;
    struct render *r = render_new_window(te, &d->wo);
    if (!r) {
        snprintf(why, cap, "%s: no window: %s", drv ? drv : "?", SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }
    return r;
}

static void sdl_close(void *ctx, struct render *r)
{
    (void)ctx;
    render_free(r);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

/* KMS/DRM: a card device exists and, when connectors report a status, one is "connected". */
static bool kms_present(void *ctx)
{
    struct sdl_display *d = ctx;
    if (!d->kms)
        return true;
    DIR *dir = opendir("/sys/class/drm");
    if (!dir)
        return access("/dev/dri/card0", F_OK) == 0;
    bool card = false, any_status = false, connected = false;
    for (struct dirent *e; (e = readdir(dir));) {
        if (strncmp(e->d_name, "card", 4) != 0)
            continue;
        card = true;
        if (!strchr(e->d_name, '-'))
            continue;
        char path[512], buf[32] = "";
        snprintf(path, sizeof path, "/sys/class/drm/%s/status", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        any_status = true;
        if (fgets(buf, sizeof buf, f) && strncmp(buf, "connected", 9) == 0)
            connected = true;
        fclose(f);
    }
    closedir(dir);
    return card && (!any_status || connected);
}

static enum power_result sdl_dpms(void *ctx, struct render *r, bool on, char *why, size_t cap)
{
    (void)ctx;
    return dpms_set_window(render_sdl_window(r), on, why, cap);
}

struct display_ops display_ops_sdl(struct sdl_display *d)
{
    return (struct display_ops){.open = sdl_open, .close = sdl_close, .present = kms_present, .ctx = d, .sdl = true,
                                .dpms = sdl_dpms};
}

/* ---- screen power (src/power) ------------------------------------------------------------------ */

static enum power_result power_dpms(void *ctx, bool on, char *why, size_t cap)
{
    struct service *s = ctx;
    if (!s->render || !s->cfg.display.dpms) {
        snprintf(why, cap, "this display has no power control");
        return POWER_UNSUPPORTED;
    }
    return s->cfg.display.dpms(s->cfg.display.ctx, s->render, on, why, cap);
}

static void power_tv(void *ctx, bool on)
{
    struct service *s = ctx;
    tvlink_request(s->cfg.tv, on);
}

/* The TV answered (the CEC worker): its power and adapter go to the status file. */
static void on_tv(void *ctx, int fd, short revents)
{
    (void)fd;
    (void)revents;
    struct service *s = ctx;
    s->tv_power = tvlink_status(s->cfg.tv, s->cec_adapter, sizeof s->cec_adapter);
    s->changed = true;
}

/* Before a frame: the panel on again (a stick's notice, the hours' end) so the frame shows; after
 * it: off once the black frame is drawn. True when the panel just came back (redraw everything). */
static bool power_step(struct service *s, bool after_draw)
{
    bool off_hours = player_screen_off(s->player);
    bool wake = off_hours && player_notice(s->player) != NULL;
    bool want_off = off_hours && !wake;
    if (want_off != after_draw)
        return false;
    return power_update(s->power, off_hours, wake);
}

/* ---- status ---------------------------------------------------------------------------------- */

static struct status_key key_now(const struct service *s)
{
    struct status_key k = {.snap = s->cfg.snap, .up = s->render != NULL, .any_display = s->ever_opened,
                           .losses = s->stats.display_losses};
    if (s->player) {
        k.pl = player_playlist(s->player);
        k.screen_off = player_screen_off(s->player);
        k.notice = player_notice(s->player) != NULL; /* its end: the import's result is in the store */
    }
    return k;
}

/* The store's version, signer and signed time of the snapshot playing, from its playlists' path
 * (STORE/vN/...); read again only when the snapshot changed. */
static void update_ident(struct service *s)
{
    const struct snapshot *snap = s->player ? player_snapshot(s->player) : s->cfg.snap;
    if (s->ident_read && snap == s->ident_snap)
        return;
    s->ident_snap = snap;
    s->ident_read = true;
    s->ident_version[0] = s->ident_signer[0] = s->ident_content[0] = '\0';
    s->ident_signed_at = 0;
    const char *f = snap && snap->n_playlists ? snap->playlists[0].path : NULL;
    struct store_status ss;
    if (!f || !s->cfg.store || !store_status_read(s->cfg.store, &ss))
        return;
    size_t n = strlen(s->cfg.store);
    int num;
    if (strncmp(f, s->cfg.store, n) == 0 && strncmp(f + n, "/v", 2) == 0 && sscanf(f + n + 2, "%d", &num) == 1)
        for (size_t i = 0; i < ss.n_versions; i++)
            if (ss.versions[i].number == num) {
                snprintf(s->ident_version, sizeof s->ident_version, "v%d", num);
                snprintf(s->ident_content, sizeof s->ident_content, "%s/v%d", s->cfg.store, num);
                if (ss.versions[i].is_signed) {
                    snprintf(s->ident_signer, sizeof s->ident_signer, "%s", ss.versions[i].key_id);
                    s->ident_signed_at = (int64_t)ss.versions[i].timestamp;
                }
            }
    store_status_free(&ss);
}

/* An unsynchronised clock matters when hours decide something: screen-off hours or dayparts. */
static const char *clock_warning(struct service *s, enum timesync ts)
{
    bool hours = s->cfg.player.screen_off_override ? s->cfg.player.n_screen_off > 0 : false;
    const struct snapshot *snap = s->player ? player_snapshot(s->player) : s->cfg.snap;
    for (size_t i = 0; snap && i < snap->n_playlists; i++)
        hours |= snap->playlists[i].n_dayparts > 0 || (!s->cfg.player.screen_off_override && snap->playlists[i].n_screen_off > 0);
    const char *w = ts == TIMESYNC_NO && hours
                        ? "时钟未同步，关屏时段和时段安排可能在错误的时间生效 / the clock is not synchronised: screen-off "
                          "hours and dayparts may switch at the wrong time (check NTP, docs/install.md)"
                        : NULL;
    if (w && s->clock_logged != TIMESYNC_NO)
        LOG_WARN("%s", w);
    else if (!w && s->clock_logged == TIMESYNC_NO && ts == TIMESYNC_YES)
        LOG_INFO("the clock is synchronised now");
    s->clock_logged = w ? TIMESYNC_NO : ts;
    return w;
}

static void write_status(struct service *s)
{
    if (!s->cfg.status_file && !s->cfg.prometheus_dir)
        return;
    const struct clock_src *clk = s->cfg.clock;
    char last_error[256];
    struct status_info st = {.version = s->cfg.version, .started_at = s->started_wall,
                             .uptime_s = (clock_mono_ms(clk) - s->started_ms) / 1000, .written_at = clock_wall(clk),
                             .content = s->cfg.content, .slide = -1, .frame_times = &s->ft,
                             .display_losses = s->stats.display_losses, .errors = log_error_count(),
                             .last_error = log_last_error(last_error, sizeof last_error),
                             .display_detail = s->why};
    struct player_stats ps = {0};
    if (s->player) {
        player_get_stats(s->player, &ps);
        const struct playlist *pl = player_playlist(s->player);
        if (pl) {
            st.playlist = pl->id;
            st.playlist_file = pl->path;
            const struct cursor_pos *pos = player_position(s->player);
            if (pos->cur.slide < pl->n_slides) {
                st.slide = (int)pos->cur.slide;
                st.slide_id = pl->slides[pos->cur.slide].id;
            }
        }
    }
    struct store_status ss;
    bool have_store = s->cfg.store && store_status_read(s->cfg.store, &ss);
    if (have_store)
        st.last_import = ss.last_import_json;
    update_ident(s);
    if (s->ident_version[0]) {
        st.content_version = s->ident_version;
        st.content = s->ident_content; /* what plays now, not what played at start (an import took over) */
        st.signer = s->ident_signer[0] ? s->ident_signer : NULL;
        st.signed_at = s->ident_signed_at;
    }
    st.name = s->name;
    enum timesync ts = timesync_state();
    st.clock_synced = timesync_name(ts);
    st.clock_warning = clock_warning(s, ts);
    char zone[32];
    time_t now = clock_wall(clk);
    struct tm tm;
    if (localtime_r(&now, &tm) && strftime(zone, sizeof zone, "%Z %z", &tm))
        st.zone = zone;
    st.frames = ps.frames;
    st.display = s->render ? (s->player && player_screen_off(s->player) ? "off" : "on")
                           : s->ever_opened ? "lost" : "waiting";
    st.display_power = power_state_name(power_state(s->power));
    st.tv_power = tv_power_name(s->tv_power);
    st.cec_adapter = s->cec_adapter[0] ? s->cec_adapter : NULL;
    if (status_write(s->cfg.status_file, s->cfg.prometheus_dir, &st))
        s->stats.status_writes++;
    if (have_store)
        store_status_free(&ss);
    s->key = key_now(s);
    s->changed = false;
}

static void check_changed(struct service *s)
{
    struct status_key k = key_now(s);
    const struct status_key *o = &s->key;
    if (s->changed || k.pl != o->pl || k.snap != o->snap || k.screen_off != o->screen_off || k.notice != o->notice || k.up != o->up ||
        k.any_display != o->any_display || k.losses != o->losses)
        write_status(s);
}

static void on_status_timer(void *ctx, uint64_t now_ms)
{
    (void)now_ms;
    write_status(ctx);
}

static const int handled_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGUSR1};

/* ---- the display's life ---------------------------------------------------------------------- */

static void on_retry(void *ctx, uint64_t now_ms);
static void on_presence(void *ctx, uint64_t now_ms);

static void send_ready(struct service *s, const char *why)
{
    if (s->ready_sent)
        return;
    s->ready_sent = true;
    notify_ready();
    notify_status(why);
}

static bool try_open(struct service *s)
{
    char why[sizeof s->why] = "";
    loop_block_signals(s->loop); /* threads started by the open inherit it */
    struct render *r = s->cfg.display.open(s->cfg.display.ctx, s->cfg.te, why, sizeof why);
    loop_unblock_signals(s->loop);
    if (!r) {
        s->stats.open_failures++;
        if (!s->cfg.wait_for_display) {
            snprintf(s->why, sizeof s->why, "%s", why);
        } else if (!s->waiting_logged) {
            s->waiting_logged = true;
            LOG_WARN("no display: %s; waiting for a display (trying again every %d s; said once)", why,
                     SERVICE_RETRY_MS / 1000);
            snprintf(s->why, sizeof s->why, "%s", why);
            send_ready(s, "waiting for a display"); /* waiting is normal operation, not a failed start */
        } else {
            LOG_DBG("still no display: %s", why);
        }
        return false;
    }
    s->render = r;
    if (s->cfg.watchdog_ms)
        notify_watchdog(); /* opening a display on a slow board can take a while */
    s->stats.display_opens++;
    s->waiting_logged = false;
    snprintf(s->why, sizeof s->why, "%s", render_backend_name(r));
    if (!s->player) {
        struct player_config pc = s->cfg.player;
        pc.render = r;
        pc.clock = s->cfg.clock;
        pc.te = s->cfg.te;
        s->player = player_new(&pc);
        player_set_snapshot(s->player, s->cfg.snap);
        player_set_unsigned(s->player, s->cfg.unsigned_note);
        if (s->cfg.on_player)
            s->cfg.on_player(s->cfg.on_player_ctx, s->player, s->loop, r);
    } else {
        player_set_render(s->player, r); /* the cursor kept running: the loop keeps its place */
    }
    if (s->ever_opened) {
        LOG_INFO("display back (%s): drawing again", render_backend_name(r));
        power_restart(s->power); /* a new descriptor, lit by its mode set */
    }
    s->ever_opened = true;
    loop_wait_sdl(s->loop, s->cfg.display.sdl);
    if (s->retry_id) {
        loop_remove(s->loop, s->retry_id);
        s->retry_id = 0;
    }
    if (s->cfg.display.present && !s->presence_id)
        s->presence_id = loop_add_timer(s->loop, SERVICE_PRESENCE_MS, on_presence, s);
    return true;
}

static void display_lost(struct service *s, const char *why)
{
    if (!s->render)
        return;
    LOG_WARN("display lost (%s); waiting for it to come back (trying every %d s); the loop keeps its place", why,
             SERVICE_RETRY_MS / 1000);
    snprintf(s->why, sizeof s->why, "%s", why);
    s->waiting_logged = true; /* that line said what it waits for */
    s->stats.display_losses++;
    loop_wait_sdl(s->loop, false);
    s->cfg.display.close(s->cfg.display.ctx, s->render);
    s->render = NULL;
    if (s->presence_id) {
        loop_remove(s->loop, s->presence_id);
        s->presence_id = 0;
    }
    if (!s->retry_id)
        s->retry_id = loop_add_timer(s->loop, SERVICE_RETRY_MS, on_retry, s);
}

static void on_retry(void *ctx, uint64_t now_ms)
{
    (void)now_ms;
    struct service *s = ctx;
    if (!s->render)
        try_open(s);
}

static void on_presence(void *ctx, uint64_t now_ms)
{
    (void)now_ms;
    struct service *s = ctx;
    if (s->render && s->cfg.display.present && !s->cfg.display.present(s->cfg.display.ctx))
        display_lost(s, "the display is disconnected or its device is gone");
}

/* ---- loop hooks ------------------------------------------------------------------------------ */

static double real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Milliseconds since this process started (/proc/self/stat; 10 ms resolution), else since service_new. */
static double ms_since_start(const struct service *s)
{
    FILE *f = fopen("/proc/self/stat", "r");
    char buf[1024];
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    unsigned long long start = 0;
    struct timespec up;
    if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                    &start) == 1 && clock_gettime(CLOCK_BOOTTIME, &up) == 0)
        return (double)up.tv_sec * 1000 + up.tv_nsec / 1e6 - (double)start * 1000 / (double)sysconf(_SC_CLK_TCK);
    return (double)(clock_mono_ms(s->cfg.clock) - s->started_ms);
}

static uint64_t on_frame(void *ctx)
{
    struct service *s = ctx;
    uint64_t wait = LOOP_MAX_SLEEP_MS;
    if (s->render) {
        bool due = player_update(s->player, &wait);
        if (power_step(s, false)) {
            player_invalidate(s->player); /* the panel was off: the whole picture again */
            due = due || player_update(s->player, &wait);
        }
        if (due) {
            double t0 = real_ms();
            player_draw(s->player);
            frametimes_add(&s->ft, real_ms() - t0);
            if (!s->first_frame_logged && render_presented(s->render) >= 1) {
                s->first_frame_logged = true;
                LOG_INFO("first frame on screen %.0f ms after start (%.1f ms after main)", ms_since_start(s),
                         clock_ms_since_main());
            }
            send_ready(s, "playing");
        }
        power_step(s, true);
        /* A snapshot queued by an import took over at a step boundary: free the one it replaced. */
        struct snapshot *retired = player_take_retired(s->player);
        if (retired) {
            s->cfg.snap = player_snapshot(s->player);
            snapshot_free(retired);
            s->changed = true;
        }
    }
    check_changed(s);
    if (s->plays) {
        update_ident(s);
        plays_observe(s->plays, s->render ? s->player : NULL, s->ident_version[0] ? s->ident_version : NULL,
                      s->ident_signer[0] ? s->ident_signer : NULL, clock_mono_ms(s->cfg.clock), clock_wall(s->cfg.clock));
    }
    if (s->render)
        nowpic_observe(s->nowpic, s->player, s->render, clock_mono_ms(s->cfg.clock));
    return wait;
}

static void on_plays_sync(void *ctx, uint64_t now_ms)
{
    (void)now_ms;
    plays_sync(((struct service *)ctx)->plays);
}

static void on_nowpic(void *ctx, uint64_t now_ms)
{
    struct service *s = ctx;
    if (s->render)
        nowpic_observe(s->nowpic, s->player, s->render, now_ms);
}

static void on_event(void *ctx, const void *sdl_event)
{
    struct service *s = ctx;
    const SDL_Event *ev = sdl_event;
    switch (ev->type) {
    case SDL_QUIT: service_quit(s); break;
    case SDL_KEYDOWN:
        if (ev->key.keysym.sym == SDLK_ESCAPE || ev->key.keysym.sym == SDLK_q)
            service_quit(s);
        break;
    case SDL_WINDOWEVENT:
        if (s->player && (ev->window.event == SDL_WINDOWEVENT_EXPOSED || ev->window.event == SDL_WINDOWEVENT_SHOWN ||
                          ev->window.event == SDL_WINDOWEVENT_RESTORED))
            player_invalidate(s->player);
        break;
    case SDL_DISPLAYEVENT:
        if (ev->display.event == SDL_DISPLAYEVENT_DISCONNECTED && SDL_GetNumVideoDisplays() < 1)
            display_lost(s, "SDL: the last display was disconnected");
        else if (s->player)
            player_invalidate(s->player);
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        if (s->player)
            player_invalidate(s->player);
        break;
    }
}

static void on_signal(void *ctx, int signo)
{
    struct service *s = ctx;
    if (signo == SIGUSR1) {
        LOG_INFO("frames presented: %llu at %.3f s", (unsigned long long)(s->render ? render_presented(s->render) : 0),
                 clock_mono_ms(s->cfg.clock) / 1000.0);
    } else if (signo == SIGHUP) {
        LOG_INFO("SIGHUP: reloading the content from %s", s->cfg.content ? s->cfg.content : "?");
        if (s->cfg.reload) {
            struct snapshot *fresh = s->cfg.reload(s->cfg.reload_ctx, s->cfg.content);
            if (fresh)
                service_set_snapshot(s, fresh);
            else
                LOG_WARN("SIGHUP: the content is invalid; the content playing stays");
        }
    } else {
        LOG_INFO("%s: stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
        notify_stopping();
        service_quit(s);
    }
}

static void on_watchdog(void *ctx, uint64_t now_ms)
{
    (void)ctx;
    (void)now_ms;
    notify_watchdog();
}

/* ---- public ---------------------------------------------------------------------------------- */

struct service *service_new(const struct service_config *cfg)
{
    struct service *s = xcalloc(1, sizeof *s);
    s->cfg = *cfg;
    s->started_ms = clock_mono_ms(cfg->clock);
    s->started_wall = clock_wall(cfg->clock);
    s->loop = loop_new(&(struct loop_config){.clock = cfg->clock, .min_frame_ms = cfg->min_frame_ms});
    loop_set_frame(s->loop, on_frame, s);
    loop_set_sdl(s->loop, on_event, s);
    struct power_ops pops = {.dpms = cfg->dpms ? power_dpms : NULL, .tv = cfg->tv ? power_tv : NULL, .ctx = s};
    s->power = power_new(&pops);
    if (cfg->tv)
        loop_add_fd(s->loop, tvlink_fd(cfg->tv), POLLIN, on_tv, s);
    if (cfg->signals) {
        /* Through the loop: SIGTERM ends it within one SDL wait slice (LOOP_FD_SLICE_MS), with or
         * without a display. Threads SDL starts get them blocked (try_open), so the main thread,
         * blocked in poll, SDL's wait or a write, is the one interrupted. */
        for (size_t i = 0; i < ALEN(handled_signals); i++)
            loop_add_signal(s->loop, handled_signals[i], on_signal, s);
    }
    /* A static slide sleeps up to a minute: ping at a third of WatchdogSec= whatever is drawn. */
    if (cfg->watchdog_ms)
        loop_add_timer(s->loop, cfg->watchdog_ms / 3 ? cfg->watchdog_ms / 3 : 1, on_watchdog, s);
    if (cfg->status_file || cfg->prometheus_dir)
        loop_add_timer(s->loop, SERVICE_STATUS_MS, on_status_timer, s);
    if (cfg->name && *cfg->name)
        snprintf(s->name, sizeof s->name, "%s", cfg->name);
    else if (gethostname(s->name, sizeof s->name - 1) != 0)
        snprintf(s->name, sizeof s->name, "lobbysign");
    s->clock_logged = TIMESYNC_UNKNOWN;
    if (cfg->state_dir) {
        s->plays = plays_new(&(struct plays_config){.dir = cfg->state_dir, .keep_days = cfg->plays_keep_days,
                                                    .max_bytes = cfg->plays_max_bytes});
        if (s->plays)
            loop_add_timer(s->loop, PLAYS_SYNC_MS, on_plays_sync, s);
        if (cfg->now_png_s > 0) {
            s->nowpic = nowpic_new(&(struct nowpic_config){.dir = cfg->state_dir, .min_interval_s = (unsigned)cfg->now_png_s});
            if (s->nowpic)
                loop_add_timer(s->loop, (uint64_t)cfg->now_png_s * 1000, on_nowpic, s);
        }
    }
    if (!try_open(s) && cfg->wait_for_display)
        s->retry_id = loop_add_timer(s->loop, SERVICE_RETRY_MS, on_retry, s);
    write_status(s);
    return s;
}

void service_free(struct service *s)
{
    if (!s)
        return;
    plays_free(s->plays, clock_mono_ms(s->cfg.clock), clock_wall(s->cfg.clock));
    nowpic_free(s->nowpic);
    tvlink_free(s->cfg.tv); /* a CEC call in flight ends within its timeouts */
    power_free(s->power);
    player_free(s->player);
    if (s->render)
        s->cfg.display.close(s->cfg.display.ctx, s->render);
    snapshot_free(s->cfg.snap);
    loop_free(s->loop); /* the signals get their default actions back */
    free(s);
}

int service_run(struct service *s)
{
    if (!s->render && !s->cfg.wait_for_display) {
        fprintf(stderr, "lobbysign play: no display: %s\n", s->why);
        return 2;
    }
    loop_run(s->loop);
    write_status(s);
    return 0;
}

bool service_turn(struct service *s, int max_wait_ms, uint64_t *wanted_ms)
{
    bool more = loop_turn(s->loop, max_wait_ms);
    if (wanted_ms)
        *wanted_ms = loop_last_wait(s->loop);
    return more;
}

void service_quit(struct service *s) { loop_quit(s->loop); }

void service_set_snapshot(struct service *s, struct snapshot *snap)
{
    if (s->player) {
        struct snapshot *old = player_set_snapshot(s->player, snap);
        if (old != snap)
            snapshot_free(old);
    } else if (s->cfg.snap != snap) {
        snapshot_free(s->cfg.snap);
    }
    s->cfg.snap = snap;
    s->changed = true;
}


void service_get_stats(const struct service *s, struct service_stats *out)
{
    *out = s->stats;
    out->display_up = s->render != NULL;
    if (s->player) {
        struct player_stats ps;
        player_get_stats(s->player, &ps);
        out->frames = ps.frames;
    }
    out->power = power_state(s->power);
    struct power_stats pw;
    power_get_stats(s->power, &pw);
    out->power_transitions = pw.transitions;
}

struct player *service_player(struct service *s) { return s->player; }

void service_get_plays(const struct service *s, struct plays_stats *out) { plays_get_stats(s->plays, out); }
