/* lobbysign play: reads the configuration and the options, picks the content (CONTENT, else the
 * store's current version, else the sample) and runs the service (service/service.h): the display
 * opened and reopened, the player drawn only when it asks, the watchdog and the status file on loop
 * timers, and signed bundles from USB sticks and the inbox imported in the background (service/intake.h). */
#define LOG_TAG "play"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "slides/fitcheck.h"
#include "service/notify.h"
#include "app/process.h"
#include "service/service.h"
#include "service/intake.h"
#include "content/content.h"
#include "core/clock.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/paths.h"
#include "store/store.h"

#define MIN_FRAME_MS 16 /* pace moving frames when the renderer has no vsync */

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign play [OPTIONS] [CONTENT]\n"
            "\n"
            "Plays CONTENT fullscreen through SDL2: KMS/DRM with no X server, or X11/Wayland when present\n"
            "(SDL_VIDEODRIVER or the configuration's display.driver chooses). Esc or q quits; so do\n"
            "SIGTERM and SIGINT; SIGHUP reloads CONTENT. Without CONTENT it plays the content store's\n"
            "current version (when the store exists), else the built-in sample.\n"
            "\n"
            "While it plays it takes signed bundles (lobbysign.zip + lobbysign.zip.minisig, docs/usb.md)\n"
            "from USB sticks mounted under the mounts folder and from the inbox folder: each is imported\n"
            "into the store in the background, and the new content starts at the next slide change. The\n"
            "screen shows the progress and the result; a writable stick gets lobbysign-receipt.txt/.json\n"
            "and lobbysign-preview/contact-sheet.png back.\n"
            "\n"
            "Settings come from the configuration file (--config FILE, docs/config.md); these options\n"
            "override it:\n"
            "\n"
            "  --rotate DEG          rotate the picture clockwise by 0, 90, 180 or 270 (panel mounted turned)\n"
            "  --overscan PCT        keep content PCT percent away from every edge (0-20), for TVs that crop\n"
            "  --window WxH          a window of that size instead of fullscreen\n"
            "  --present HOW         how the picture (always drawn in software, as `render` draws it) reaches\n"
            "                        the screen: auto (default: the log says which and why), surface (the window\n"
            "                        surface, only changed rectangles sent; never loads GL on X11) or gl\n"
            "                        (a framebuffer texture on an accelerated renderer; GLES2 on KMS/DRM)\n"
            "  --retry               when no display can be opened (or it goes away), wait for one: log once,\n"
            "                        try again every 5 s, never exit for it (the service runs with it)\n"
            "  --always-on           ignore screen-off hours: the screen stays on (demos, installation checks)\n"
            "  --status-file FILE    rewrite FILE (JSON) every minute and on every change ('lobbysign status')\n"
            "  --prometheus-dir DIR  write DIR/lobbysign.prom for node_exporter's textfile collector\n"
            "  --store DIR           content store (default %s)\n"
            "  --keys DIR            trusted minisign public keys, *.pub (default %s)\n"
            "  --mounts DIR          folder whose sub-folders are mounted USB sticks (default %s)\n"
            "  --inbox DIR           folder a fleet's rsync or Syncthing delivers bundles into (default %s)\n"
            "  --allow-unsigned      with no trusted keys installed, take unsigned bundles (booth demo)\n"
            "  --name NAME           this screen's name in receipts (default: the host name)\n"
            "  --no-watch            do not look for bundles\n"
            "\n"
            "Invalid content is reported and the built-in fallback slide is shown (never black).\n"
            "The log says when the first frame is on screen; SIGUSR1 logs the frames presented so far.\n"
            "Exit codes: 0 ok, 2 no display (without --retry) or usage error.\n",
            IMPORT_DEFAULT_STORE, IMPORT_DEFAULT_KEYS, INTAKE_DEFAULT_MOUNTS, INTAKE_DEFAULT_INBOX);
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

/* The content to play, with the one verdict (slides/fitcheck.h); the findings go to stderr. */
static struct snapshot *reload(void *ctx, const char *content)
{
    struct content_opts copts = fitcheck_opts(ctx);
    struct findings f = {0};
    struct snapshot *snap = content_load(content, &copts, &f);
    findings_print(&f, stderr);
    findings_free(&f);
    return snap;
}

/* The service made its player (the first time a display opened): start watching for bundles. */
struct watching {
    struct intake_config uc;
    bool watch;
    struct intake *intake;
};
static void on_player(void *ctx, struct player *p, struct loop *l, struct render *r)
{
    struct watching *w = ctx;
    if (!w->watch || w->intake)
        return;
    render_size(r, &w->uc.width, &w->uc.height);
    w->intake = intake_new(&w->uc, p, l);
}

/* The TV over HDMI-CEC as display_power.cec says: "auto", "off", or a device path. */
static struct tvlink *tv_open(const char *cec)
{
    if (!cec || strcmp(cec, "off") == 0)
        return NULL;
    struct cec_dev_ops ops = cec_dev_ops_linux();
    return tvlink_new(cec_ctl_new(&ops, strcmp(cec, "auto") == 0 ? NULL : cec));
}

int cmd_play(const struct config *cfg, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"rotate", required_argument, NULL, 'r'},      {"overscan", required_argument, NULL, 'o'},
        {"window", required_argument, NULL, 'w'},      {"retry", no_argument, NULL, 'R'},
        {"always-on", no_argument, NULL, 'A'},         {"status-file", required_argument, NULL, 's'},
        {"prometheus-dir", required_argument, NULL, 'X'}, {"present", required_argument, NULL, 'P'},
        {"store", required_argument, NULL, 'S'},       {"keys", required_argument, NULL, 'K'},
        {"mounts", required_argument, NULL, 'M'},      {"inbox", required_argument, NULL, 'I'},
        {"allow-unsigned", no_argument, NULL, 'U'},    {"name", required_argument, NULL, 'N'},
        {"no-watch", no_argument, NULL, 'W'},
        {"help", no_argument, NULL, 'h'},              {NULL, 0, NULL, 0},
    };
    struct sdl_display disp = {.driver = cfg->display.driver,
                               .wo = {.rotate = cfg->display.rotation, .width = cfg->display.width,
                                      .height = cfg->display.height}};
    float overscan = cfg->display.overscan;
    bool retry = false, always_on = false;
    const char *status_file = cfg->status_file, *prom_dir = cfg->prometheus_dir;
    struct watching w = {.watch = true,
                         .uc = {.store = cfg->paths.store, .keys = cfg->paths.trusted_keys,
                                .mounts = cfg->paths.mounts, .inbox = cfg->paths.inbox,
                                .fonts = cfg->paths.fonts, .allow_unsigned = cfg->allow_unsigned}};
    bool store_given = cfg->paths.store_set;
    optind = 1;
    for (int c, idx = 0; (c = getopt_long(argc, argv, "h", longopts, &idx)) != -1;) {
        bool good = true;
        switch (c) {
        case 'r': good = cliopt_rotate(optarg, &disp.wo.rotate); break;
        case 'o': good = cliopt_percent(optarg, &overscan, 20); break;
        case 'w': good = cliopt_size(optarg, &disp.wo.width, &disp.wo.height); break;
        case 'R': retry = true; break;
        case 'A': always_on = true; break;
        case 's': status_file = optarg; break;
        case 'X': prom_dir = optarg; break;
        case 'S': w.uc.store = optarg, store_given = true; break;
        case 'K': w.uc.keys = optarg; break;
        case 'M': w.uc.mounts = optarg; break;
        case 'I': w.uc.inbox = optarg; break;
        case 'U': w.uc.allow_unsigned = true; break;
        case 'N': w.uc.screen_name = optarg; break;
        case 'W': w.watch = false; break;
        case 'P': good = parse_present(optarg, &disp.wo.present); break;
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
    w.uc.overscan_pct = overscan;

    struct text_engine *te = text_engine_new(cfg->paths.fonts);
    if (!te) {
        fprintf(stderr, "lobbysign play: no usable font (see fonts/README.md)\n");
        return EXIT_USAGE;
    }
    /* What to play: CONTENT, else the store's current version (recovered), else the sample. */
    const char *store = w.uc.store;
    char *from_store = NULL;
    bool unsigned_note = false;
    if (optind >= argc && (store_given || fs_is_dir(store))) {
        struct content_opts copts = fitcheck_opts(te);
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
    struct snapshot *snap = reload(te, content);
    if (!snap)
        fprintf(stderr, "lobbysign play: %s: content is invalid; showing the built-in fallback slide\n", content);
    /* systemd's watchdog runs from exec: ping after each slow phase (fonts and content here, the
     * display in the service) so a slow board is not taken for a hung one. */
    notify_watchdog();

    struct service *s = service_new(&(struct service_config){
        .te = te, .clock = clock_system(), .display = display_ops_sdl(&disp),
        .player = {.overscan_pct = overscan,
                   .transition_ms = cfg->display.transition_ms >= 0 ? (uint32_t)cfg->display.transition_ms
                                                                     : PLAYER_TRANSITION_MS,
                   .always_on = always_on, .screen_off_override = cfg->screen_off_set,
                   .screen_off = cfg->screen_off, .n_screen_off = cfg->n_screen_off},
        .content = content, .snap = snap, .status_file = status_file, .prometheus_dir = prom_dir,
        .store = store,
        .version = LOBBYSIGN_VERSION, .wait_for_display = retry, .signals = true,
        .watchdog_ms = notify_watchdog_ms(), .min_frame_ms = MIN_FRAME_MS, .reload = reload, .reload_ctx = te,
        .unsigned_note = snap && unsigned_note, .on_player = on_player, .on_player_ctx = &w,
        .dpms = cfg->display_power.dpms, .tv = tv_open(cfg->display_power.cec)});
    int rc = service_run(s);
    struct service_stats st;
    service_get_stats(s, &st);
    if (rc == 0)
        LOG_INFO("quit after %llu frames", (unsigned long long)st.frames);
    intake_free(w.intake); /* before the player goes: it frees a snapshot still queued there */
    service_free(s);
    SDL_Quit();
    text_engine_free(te);
    free(from_store);
    log_flush_repeats();
    return rc == 0 ? EXIT_OK : EXIT_USAGE;
}
