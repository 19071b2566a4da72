/* lobbysign play: opens the display and runs the player in the event loop (app/loop.h), which
 * draws only when the player asks (something moved or changed) and otherwise sleeps until the
 * next deadline. */
#define LOG_TAG "play"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "app/fontcheck.h"
#include "app/loop.h"
#include "app/notify.h"
#include "player/player.h"
#include "content/content.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/paths.h"

#define RETRY_S 5
#define MIN_FRAME_MS 16 /* pace moving frames when the renderer has no vsync */

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign play [--rotate DEG] [--overscan PCT] [--window WxH] [--retry] [--always-on] [CONTENT]\n"
            "\n"
            "Plays CONTENT fullscreen through SDL2: KMS/DRM with no X server, or X11/Wayland when present\n"
            "(SDL_VIDEODRIVER chooses). Esc or q quits; so do SIGTERM and SIGINT.\n"
            "\n"
            "  --rotate DEG     rotate the picture clockwise by 0, 90, 180 or 270 (panel mounted turned)\n"
            "  --overscan PCT   keep content PCT percent away from every edge (0-20), for TVs that crop\n"
            "  --window WxH     a window of that size instead of fullscreen\n"
            "  --retry          when no display can be opened, try again every 5 s (for the service)\n"
            "  --always-on      ignore the playlists' screen-off hours (demos, installation checks)\n"
            "\n"
            "Invalid content is reported and the built-in fallback slide is shown (never black).\n"
            "Exit codes: 0 ok, 2 no display or usage error.\n");
}

/* Starts SDL video on a real display: SDL_VIDEODRIVER when set, else X11, Wayland, then KMS/DRM
 * (SDL would otherwise fall back to its "offscreen" driver: no picture, +80 MB of llvmpipe). */
static bool start_video(void)
{
    const char *env = getenv("SDL_VIDEODRIVER");
    if (env && *env) {
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0)
            return true;
        fprintf(stderr, "lobbysign play: no display: video driver '%s' (SDL_VIDEODRIVER): %s\n", env, SDL_GetError());
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
    fprintf(stderr,
            "lobbysign play: no display: no video driver could start (set SDL_VIDEODRIVER to choose one):\n%s\n",
            why);
    return false;
}

static bool open_display(const struct render_window_opts *wo, struct text_engine *te, struct render **out)
{
    if (!start_video())
        return false;
    *out = render_new_window(te, wo);
    if (!*out) {
        SDL_Quit();
        return false;
    }
    return true;
}

struct play {
    struct player *player;
    struct loop *loop;
};

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

/* The loop's frame hook: draws when the player asks; returns how long the loop may sleep. */
static uint64_t on_frame(void *ctx)
{
    struct play *pl = ctx;
    uint64_t wait;
    if (player_update(pl->player, &wait))
        player_draw(pl->player);
    return wait;
}

int cmd_play(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"rotate", required_argument, NULL, 'r'}, {"overscan", required_argument, NULL, 'o'},
        {"window", required_argument, NULL, 'w'}, {"retry", no_argument, NULL, 'R'},
        {"always-on", no_argument, NULL, 'A'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct render_window_opts wo = {0};
    float overscan = 0;
    bool retry = false, always_on = false;
    optind = 1;
    for (int c, idx = 0; (c = getopt_long(argc, argv, "h", longopts, &idx)) != -1;) {
        bool good = true;
        switch (c) {
        case 'r': good = cliopt_rotate(optarg, &wo.rotate); break;
        case 'o': good = cliopt_percent(optarg, &overscan, 20); break;
        case 'w': good = cliopt_size(optarg, &wo.width, &wo.height); break;
        case 'R': retry = true; break;
        case 'A': always_on = true; break;
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
    const char *content = optind < argc ? argv[optind] : paths_default_content();

    struct text_engine *te = text_engine_new(NULL);
    if (!te) {
        fprintf(stderr, "lobbysign play: no usable font (see fonts/README.md)\n");
        return EXIT_USAGE;
    }
    struct snapshot *snap = fontcheck_load(te, content);
    if (!snap)
        fprintf(stderr, "lobbysign play: %s: content is invalid; showing the built-in fallback slide\n", content);

    /* Started (for systemd) once content is loaded, with or without a display: waiting for a
     * screen is normal operation, not a failed start. */
    notify_ready();
    struct render *r = NULL;
    while (!open_display(&wo, te, &r)) {
        if (!retry) {
            snapshot_free(snap);
            text_engine_free(te);
            return EXIT_USAGE;
        }
        fprintf(stderr, "lobbysign play: retrying in %d s\n", RETRY_S);
        notify_watchdog();
        sleep(RETRY_S);
    }

    const struct clock_src *clk = clock_system();
    struct player *p = player_new(&(struct player_config){
        .te = te, .render = r, .clock = clk, .overscan_pct = overscan, .transition_ms = PLAYER_TRANSITION_MS,
        .always_on = always_on});
    player_set_snapshot(p, snap);
    struct play play = {.player = p};
    play.loop = loop_new(&(struct loop_config){.clock = clk, .min_frame_ms = MIN_FRAME_MS, .sdl_events = true});
    loop_set_frame(play.loop, on_frame, &play);
    loop_set_sdl(play.loop, on_event, &play);
    loop_run(play.loop);
    loop_free(play.loop);
    struct player_stats st;
    player_get_stats(p, &st);
    LOG_INFO("quit after %llu frames", (unsigned long long)st.frames);
    player_free(p);
    render_free(r);
    SDL_Quit();
    snapshot_free(snap);
    text_engine_free(te);
    return EXIT_OK;
}
