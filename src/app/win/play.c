/* play on Windows: the preview window. The same player, frame composition and software renderer
 * as the board (render_new_window with the surface presenter), cycling the slides on the system
 * clock exactly as the screen does; no store, USB watcher or service around it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "app/process.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/paths.h"
#include "player/player.h"
#include "slides/fitcheck.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign play [--window WxH] [--rotate DEG] [--overscan PCT] [CONTENT]\n"
            "\n"
            "预览：在窗口里按屏幕的节奏轮播 CONTENT（和屏幕上一模一样）。Esc 或 q 退出。\n"
            "Preview: plays CONTENT in a window, slide after slide as the screen does, pixel for pixel\n"
            "(the same renderer). Esc or q closes it. Without CONTENT it plays the built-in sample.\n"
            "\n"
            "  --window WxH      the window's size (default 1280x720; a portrait playlist: 720x1280)\n"
            "  --rotate DEG      rotate the picture clockwise by 0, 90, 180 or 270, as a turned panel\n"
            "  --overscan PCT    keep content PCT percent away from every edge (0-20)\n"
            "\n"
            "Screen-off hours are ignored in the preview. Exit codes: 0 closed, 2 no window or usage error.\n");
}

/* A portrait playlist (taller than wide) previews in a portrait window. */
static bool portrait(const struct snapshot *snap)
{
    return snap && snap->n_playlists > 0 && snap->playlists[0].orientation == ORIENT_PORTRAIT;
}

int cmd_play(const struct config *cfg, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"rotate", required_argument, NULL, 'r'}, {"overscan", required_argument, NULL, 'o'},
        {"window", required_argument, NULL, 'w'}, {"always-on", no_argument, NULL, 'A'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    struct render_window_opts wo = {.rotate = cfg->display.rotation, .present = RENDER_PRESENT_SURFACE};
    float overscan = cfg->display.overscan;
    optind = 1;
    for (int c, idx = 0; (c = getopt_long(argc, argv, "h", longopts, &idx)) != -1;) {
        bool good = true;
        switch (c) {
        case 'r': good = cliopt_rotate(optarg, &wo.rotate); break;
        case 'o': good = cliopt_percent(optarg, &overscan, 20); break;
        case 'w': good = cliopt_size(optarg, &wo.width, &wo.height); break;
        case 'A': break; /* always on in the preview */
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
    const char *content = optind < argc ? argv[optind] : paths_default_content();
    struct text_engine *te = text_engine_new(cfg->paths.fonts);
    if (!te) {
        fprintf(stderr, "lobbysign play: 找不到可用的字体 / no usable font (fonts/ beside lobbysign.exe)\n");
        return EXIT_USAGE;
    }
    struct content_opts copts = fitcheck_opts(te); /* the one verdict, as on the board */
    struct findings f = {0};
    struct snapshot *snap = content_load(content, &copts, &f);
    findings_print(&f, stderr);
    findings_free(&f);
    if (!snap)
        fprintf(stderr, "lobbysign play: %s: 内容有错误，显示备用画面 / content is invalid; showing the fallback slide\n",
                content);
    if (wo.width <= 0) {
        bool tall = portrait(snap) != (wo.rotate == 90 || wo.rotate == 270);
        wo.width = tall ? 720 : 1280;
        wo.height = tall ? 1280 : 720;
    }
    int rc = EXIT_USAGE;
    struct render *r = NULL;
    struct player *p = NULL;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "lobbysign play: 无法打开窗口 / cannot open a window: %s\n", SDL_GetError());
        goto done;
    }
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (!(r = render_new_window(te, &wo)))
        goto done;
    p = player_new(&(struct player_config){
        .te = te, .render = r, .clock = clock_system(), .overscan_pct = overscan,
        .transition_ms = cfg->display.transition_ms >= 0 ? (uint32_t)cfg->display.transition_ms : PLAYER_TRANSITION_MS,
        .always_on = true});
    player_set_snapshot(p, snap);
    LOG_INFO("preview: %s in a %dx%d window", content, wo.width, wo.height);
    for (bool quit = false; !quit;) {
        uint64_t wait = 0;
        if (player_update(p, &wait))
            player_draw(p);
        SDL_Event ev;
        int timeout = wait == 0 ? 16 : wait > 500 ? 500 : (int)wait;
        for (bool got = SDL_WaitEventTimeout(&ev, timeout); got; got = SDL_PollEvent(&ev)) {
            if (ev.type == SDL_QUIT ||
                (ev.type == SDL_KEYDOWN && (ev.key.keysym.sym == SDLK_ESCAPE || ev.key.keysym.sym == SDLK_q)))
                quit = true;
            else if (ev.type == SDL_WINDOWEVENT &&
                     (ev.window.event == SDL_WINDOWEVENT_EXPOSED || ev.window.event == SDL_WINDOWEVENT_RESTORED))
                player_invalidate(p);
        }
    }
    rc = EXIT_OK;
done:
    player_free(p);
    render_free(r);
    SDL_Quit();
    snapshot_free(snap);
    text_engine_free(te);
    log_flush_repeats();
    return rc;
}
