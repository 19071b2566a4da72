/* lobbysign play: opens the display and runs the player in the event loop (app/loop.h), which
 * draws only when the player asks (something moved or changed) and otherwise sleeps until the
 * next deadline. */
#define LOG_TAG "play"
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "app/fontcheck.h"
#include "app/loop.h"
#include "app/usb.h"
#include "app/notify.h"
#include "player/player.h"
#include "content/content.h"
#include "core/clock.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/paths.h"
#include "store/store.h"

#define RETRY_S 5
#define MIN_FRAME_MS 16 /* pace moving frames when the renderer has no vsync */

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign play [OPTIONS] [CONTENT]\n"
            "\n"
            "Plays CONTENT fullscreen through SDL2: KMS/DRM with no X server, or X11/Wayland when present\n"
            "(SDL_VIDEODRIVER chooses). Esc or q quits; so do SIGTERM and SIGINT. Without CONTENT it plays\n"
            "the content store's current version (when the store exists), else the built-in sample.\n"
            "\n"
            "While it plays it takes signed bundles (lobbysign.zip + lobbysign.zip.minisig, docs/usb.md)\n"
            "from USB sticks mounted under the mounts folder and from the inbox folder: each is imported\n"
            "into the store in the background, and the new content starts at the next slide change. The\n"
            "screen shows the progress and the result; a writable stick gets lobbysign-receipt.txt/.json\n"
            "and lobbysign-preview/contact-sheet.png back.\n"
            "\n"
            "  --rotate DEG     rotate the picture clockwise by 0, 90, 180 or 270 (panel mounted turned)\n"
            "  --overscan PCT   keep content PCT percent away from every edge (0-20), for TVs that crop\n"
            "  --window WxH     a window of that size instead of fullscreen\n"
            "  --present HOW    how the picture (always drawn in software, as `render` draws it) reaches\n"
            "                   the screen: auto (default: the log says which and why), surface (the window\n"
            "                   surface, only changed rectangles sent; never loads GL on X11) or gl\n"
            "                   (a framebuffer texture on an accelerated renderer; GLES2 on KMS/DRM)\n"
            "  --retry          when no display can be opened, try again every 5 s (for the service)\n"
            "  --always-on      ignore the playlists' screen-off hours (demos, installation checks)\n"
            "  --store DIR      content store (default %s)\n"
            "  --keys DIR       trusted minisign public keys, *.pub (default %s)\n"
            "  --mounts DIR     folder whose sub-folders are mounted USB sticks (default %s)\n"
            "  --inbox DIR      folder a fleet's rsync or Syncthing delivers bundles into (default %s)\n"
            "  --allow-unsigned with no trusted keys installed, take unsigned bundles (booth demo)\n"
            "  --name NAME      this screen's name in receipts (default: the host name)\n"
            "  --no-watch       do not look for bundles\n"
            "\n"
            "Invalid content is reported and the built-in fallback slide is shown (never black).\n"
            "The log says when the first frame is on screen; SIGUSR1 logs the frames presented so far.\n"
            "Exit codes: 0 ok, 2 no display or usage error.\n",
            IMPORT_DEFAULT_STORE, IMPORT_DEFAULT_KEYS, USB_DEFAULT_MOUNTS, USB_DEFAULT_INBOX);
}

/* Starts SDL video on a real display: SDL_VIDEODRIVER when set, else X11, Wayland, then KMS/DRM
 * (SDL would otherwise fall back to its "offscreen" driver: no picture, +80 MB of llvmpipe). */
static bool start_video(bool quiet)
{
    const char *env = getenv("SDL_VIDEODRIVER");
    if (env && *env) {
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0)
            return true;
        if (!quiet)
            fprintf(stderr, "lobbysign play: no display: video driver '%s' (SDL_VIDEODRIVER): %s\n", env,
                    SDL_GetError());
        return false;
    }
    static const char *const drivers[] = {"x11", "wayland", "KMSDRM"};
    char why[1024] = "";
    size_t len = 0;
    for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++) {
        SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, drivers[i], SDL_HINT_OVERRIDE); /* over an empty env var */
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0)
            return true;
        int n = snprintf(why + len, sizeof why - len, "%s  %s: %s", len ? "\n" : "", drivers[i], SDL_GetError());
        if (n > 0 && (size_t)n < sizeof why - len)
            len += (size_t)n;
    }
    if (!quiet)
        fprintf(stderr,
                "lobbysign play: no display: no video driver could start (set SDL_VIDEODRIVER to choose one):\n%s\n",
                why);
    return false;
}

static bool open_display(const struct render_window_opts *wo, struct text_engine *te, struct render **out,
                         bool quiet)
{
    if (!start_video(quiet))
        return false;
    *out = render_new_window(te, wo);
    if (!*out) {
        SDL_Quit();
        return false;
    }
    return true;
}

/* SIGUSR1 writes a byte to this pipe; the loop then logs the frames presented (on_report). */
static volatile int usr1_fd = -1;
static void on_usr1(int sig)
{
    (void)sig;
    int saved = errno;
    if (usr1_fd >= 0 && write(usr1_fd, "", 1) < 0) {
    }
    errno = saved;
}

/* Milliseconds since this process started (/proc/self/stat; 10 ms resolution), or since fallback_ms. */
static double ms_since_start(const struct clock_src *clk, uint64_t fallback_ms)
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
    return (double)(clock_mono_ms(clk) - fallback_ms);
}

static bool parse_present(const char *s, enum render_present *out)
{
    static const char *const names[] = {"auto", "surface", "gl"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum render_present)i;
            return true;
        }
    return false;
}

struct play {
    struct player *player;
    struct loop *loop;
    struct render *render;
    const struct clock_src *clock;
    uint64_t started;    /* monotonic ms at the command's start (when /proc has no start time) */
};

static void on_report(void *ctx, int fd, short revents)
{
    struct play *pl = ctx;
    char buf[64];
    (void)revents;
    if (read(fd, buf, sizeof buf) < 0) {
    }
    LOG_INFO("frames presented: %llu at %.3f s", (unsigned long long)render_presented(pl->render),
             clock_mono_ms(pl->clock) / 1000.0);
}

/* The loop's SDL hook: quits when the user or the system asks; a spoiled picture is redrawn. */
static void on_event(void *ctx, const void *sdl_event)
{
    struct play *pl = ctx;
    const SDL_Event *ev = sdl_event;
    switch (ev->type) {
    case SDL_QUIT: loop_quit(pl->loop); break;
    case SDL_KEYDOWN:
        if (ev->key.keysym.sym == SDLK_ESCAPE || ev->key.keysym.sym == SDLK_q)
            loop_quit(pl->loop);
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_EXPOSED || ev->window.event == SDL_WINDOWEVENT_SHOWN ||
            ev->window.event == SDL_WINDOWEVENT_RESTORED)
            player_invalidate(pl->player);
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET: player_invalidate(pl->player); break;
    }
}

/* The loop's watchdog timer: WATCHDOG=1 to systemd while the loop turns (a hung loop stops it). */
static void on_watchdog(void *ctx, uint64_t now_ms)
{
    (void)ctx, (void)now_ms;
    notify_watchdog();
}

/* The loop's frame hook: draws when the player asks; returns how long the loop may sleep. */
static uint64_t on_frame(void *ctx)
{
    struct play *pl = ctx;
    uint64_t wait;
    if (player_update(pl->player, &wait)) {
        player_draw(pl->player);
        if (render_presented(pl->render) == 1)
            LOG_INFO("first frame on screen %.0f ms after start", ms_since_start(pl->clock, pl->started));
    }
    snapshot_free(player_take_retired(pl->player)); /* replaced at a step boundary */
    return wait;
}

int cmd_play(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"rotate", required_argument, NULL, 'r'}, {"overscan", required_argument, NULL, 'o'},
        {"window", required_argument, NULL, 'w'}, {"retry", no_argument, NULL, 'R'},
        {"always-on", no_argument, NULL, 'A'},
        {"store", required_argument, NULL, 'S'}, {"keys", required_argument, NULL, 'K'},
        {"mounts", required_argument, NULL, 'M'}, {"inbox", required_argument, NULL, 'I'},
        {"allow-unsigned", no_argument, NULL, 'U'}, {"name", required_argument, NULL, 'N'},
        {"no-watch", no_argument, NULL, 'W'},
        {"present", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct render_window_opts wo = {0};
    float overscan = 0;
    bool retry = false, always_on = false, watch = true, store_given = false;
    struct usb_config uc = {0};
    optind = 1;
    for (int c, idx = 0; (c = getopt_long(argc, argv, "h", longopts, &idx)) != -1;) {
        bool good = true;
        switch (c) {
        case 'r': good = cliopt_rotate(optarg, &wo.rotate); break;
        case 'o': good = cliopt_percent(optarg, &overscan, 20); break;
        case 'w': good = cliopt_size(optarg, &wo.width, &wo.height); break;
        case 'R': retry = true; break;
        case 'A': always_on = true; break;
        case 'S': uc.store = optarg, store_given = true; break;
        case 'K': uc.keys = optarg; break;
        case 'M': uc.mounts = optarg; break;
        case 'I': uc.inbox = optarg; break;
        case 'U': uc.allow_unsigned = true; break;
        case 'N': uc.screen_name = optarg; break;
        case 'W': watch = false; break;
        case 'P': good = parse_present(optarg, &wo.present); break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
        if (!good) {
            fprintf(stderr, "lobbysign play: bad value for --%s: '%s'\n", longopts[idx].name, optarg);
            return EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *why = optind < argc ? cliopt_path(argv[optind]) : NULL;
    if (why) {
        fprintf(stderr, "lobbysign play: CONTENT '%s': %s\n", argv[optind], why);
        return EXIT_USAGE;
    }
    const struct clock_src *clk = clock_system();
    uint64_t started = clock_mono_ms(clk);

    struct text_engine *te = text_engine_new(NULL);
    if (!te) {
        fprintf(stderr, "lobbysign play: no usable font (see fonts/README.md)\n");
        return EXIT_USAGE;
    }
    /* What to play: CONTENT, else the store's current version (recovered), else the sample. */
    const char *store = uc.store ? uc.store : IMPORT_DEFAULT_STORE;
    char *from_store = NULL;
    bool unsigned_note = false;
    if (optind >= argc && (store_given || fs_is_dir(store))) {
        struct content_opts copts = fontcheck_opts(te);
        char *zh = NULL, *en = NULL;
        from_store = store_recover(store, &copts, &zh, &en);
        if (zh)
            LOG_WARN("%s / %s", zh, en ? en : "");
        free(zh);
        free(en);
        struct store_status ss;
        if (from_store && store_status_read(store, &ss)) {
            for (size_t i = 0; i < ss.n_versions; i++)
                if (ss.versions[i].number == ss.current)
                    unsigned_note = !ss.versions[i].is_signed;
            store_status_free(&ss);
        }
    }
    const char *content = optind < argc ? argv[optind] : from_store ? from_store : paths_default_content();
    LOG_INFO("content: %s", content);
    struct snapshot *snap = fontcheck_load(te, content);
    if (!snap)
        fprintf(stderr, "lobbysign play: %s: content is invalid; showing the built-in fallback slide\n", content);

    /* Started (for systemd) once content is loaded, with or without a display: waiting for a
     * screen is normal operation, not a failed start. systemd's watchdog runs from the start:
     * ping after each slow phase (content, display) so a slow board is not taken for a hung one. */
    notify_ready();
    notify_watchdog();
    /* --retry: the reason is logged once, then it waits quietly (a service without a screen
     * would otherwise fill the journal every 5 s) and says when the display came. */
    struct render *r = NULL;
    unsigned tries = 0;
    while (!open_display(&wo, te, &r, tries > 0)) {
        if (!retry) {
            snapshot_free(snap);
            text_engine_free(te);
            free(from_store);
            return EXIT_USAGE;
        }
        if (tries++ == 0)
            fprintf(stderr, "lobbysign play: waiting for a display: trying again every %d s (said once)\n", RETRY_S);
        notify_watchdog();
        sleep(RETRY_S);
    }
    if (tries)
        fprintf(stderr, "lobbysign play: a display after %u tries\n", tries + 1);
    notify_watchdog();

    struct player *p = player_new(&(struct player_config){
        .te = te, .render = r, .clock = clk, .overscan_pct = overscan, .transition_ms = PLAYER_TRANSITION_MS,
        .always_on = always_on});
    player_set_snapshot(p, snap);
    player_set_unsigned(p, snap && unsigned_note);
    struct play play = {.player = p, .render = r, .clock = clk, .started = started};
    play.loop = loop_new(&(struct loop_config){.clock = clk, .min_frame_ms = MIN_FRAME_MS, .sdl_events = true});
    loop_set_frame(play.loop, on_frame, &play);
    loop_set_sdl(play.loop, on_event, &play);
    /* A static slide sleeps up to a minute: ping at a third of WatchdogSec= whatever is drawn. */
    uint64_t wd_ms = notify_watchdog_ms();
    if (wd_ms)
        loop_add_timer(play.loop, wd_ms / 3 ? wd_ms / 3 : 1, on_watchdog, NULL);
    int usr1[2] = {-1, -1};
    if (pipe(usr1) == 0) {
        usr1_fd = usr1[1];
        signal(SIGUSR1, on_usr1);
        loop_add_fd(play.loop, usr1[0], POLLIN, on_report, &play);
    }
    struct usb *usb = NULL;
    if (watch) {
        render_size(r, &uc.width, &uc.height);
        uc.overscan_pct = overscan;
        usb = usb_new(&uc, p, play.loop);
    }
    loop_run(play.loop);
    usb_free(usb);
    loop_free(play.loop);
    signal(SIGUSR1, SIG_DFL);
    usr1_fd = -1;
    if (usr1[0] >= 0) {
        close(usr1[0]);
        close(usr1[1]);
    }
    struct player_stats st;
    player_get_stats(p, &st);
    LOG_INFO("quit after %llu frames", (unsigned long long)st.frames);
    snapshot_free(player_set_snapshot(p, NULL)); /* what plays now: the first or an imported one */
    player_free(p);
    render_free(r);
    SDL_Quit();
    text_engine_free(te);
    free(from_store);
    return EXIT_OK;
}
