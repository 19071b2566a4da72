/* lobbysign render: every step of CONTENT as a PNG (settled, or --at seconds into the step) and a
 * contact sheet, through the software renderer: the same slide code as `play`, no display. */
#define LOG_TAG "render"
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "slides/fitcheck.h"
#include "player/contact.h"
#include "player/frame.h"
#include "player/player.h"
#include "content/content.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "render/render.h"
#include "schedule/schedule.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign render [--size WxH] [--rotate DEG] [--overscan PCT] [--at SECONDS] --out DIR [CONTENT]\n"
            "\n"
            "Renders every step (slide, or page of a headline board) of CONTENT to DIR/NN-<kind>.png as the\n"
            "player draws it, plus DIR/contact-sheet.png. With several playlists each gets DIR/<playlist-id>/.\n"
            "No display is needed (software renderer).\n"
            "\n"
            "  --size WxH       picture size (default 1920x1080, or 1080x1920 for a portrait playlist)\n"
            "  --rotate DEG     rotate the output clockwise by 0, 90, 180 or 270 (for a turned panel)\n"
            "  --overscan PCT   keep content PCT percent away from every edge (0-20)\n"
            "  --at SECONDS     draw each step SECONDS after it started (e.g. 0.5: mid count-up)\n"
            "                   instead of its settled state\n"
            "  --out DIR        output folder (created)\n"
            "\n"
            "Exit codes: 0 ok, 1 content invalid, 2 usage or I/O error.\n");
}

/* Renders one playlist into dir; false on an I/O error. */

/* One of the names render writes: NN-kind.png, contact-sheet.png, contact-sheet-N.png, or the temp
 * file of an interrupted write (NAME.png.tmp.PID). */
static bool is_render_output(const char *n)
{
    size_t len = strlen(n);
    const char *tmp = strstr(n, ".png.tmp.");
    if (tmp && tmp[9] && strspn(tmp + 9, "0123456789") == strlen(tmp + 9))
        return true;
    if (len < 5 || strcmp(n + len - 4, ".png") != 0)
        return false;
    if (strncmp(n, "contact-sheet", 13) == 0)
        return len == 17 || (n[13] == '-' && strspn(n + 14, "0123456789") == len - 18 && len > 18);
    size_t digits = strspn(n, "0123456789");
    if (digits < 2 || n[digits] != '-')
        return false;
    for (const char *p = n + digits + 1; p < n + len - 4; p++)
        if (!(*p >= 'a' && *p <= 'z'))
            return false;
    return len - 4 > digits + 1;
}

/* Pictures of an earlier run (a playlist that had more slides) and temp files of a killed one go,
 * so DIR holds exactly this run's pictures; any other file is left alone. */
static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (!is_render_output(e->d_name))
            continue;
        char *path = fs_join(dir, e->d_name);
        if (unlink(path) != 0)
            LOG_WARN("%s: %s", path, strerror(errno));
        free(path);
    }
    closedir(d);
}

static bool render_playlist(struct text_engine *te, const struct playlist *pl, const char *dir, int sw, int sh,
                            int rotate, float overscan, double at)
{
    int w = sw, h = sh;
    if (w <= 0) {
        bool portrait = pl->orientation == ORIENT_PORTRAIT;
        w = portrait ? 1080 : 1920, h = portrait ? 1920 : 1080;
    }
    if (!fs_mkdirs(dir)) {
        fprintf(stderr, "lobbysign render: cannot create %s\n", dir);
        return false;
    }
    remove_stale(dir);
    struct render *r = render_new_surface(te, w, h, rotate);
    if (!r)
        return false;
    char title[512];
    snprintf(title, sizeof title, "%s  ·  %s  ·  %dx%d", pl->id ? pl->id : "", pl->title ? pl->title : "", w, h);
    char *sheet = fs_join(dir, "contact-sheet.png");
    bool swap = rotate == 90 || rotate == 270;
    struct contact_sheet *cs = contact_new(title, te, sheet, rotate ? NULL : r, swap ? h : w, swap ? w : h);
    free(sheet);
    bool ok = true;
    unsigned n = 0;
    uint64_t t_ms = at >= 0 ? (uint64_t)(at * 1000) : SLIDES_SETTLED_MS;
    for (size_t i = 0; i < pl->n_slides && ok; i++) {
        const struct slide *s = &pl->slides[i];
        size_t pages = slide_page_count(s);
        if (s->kind == SLIDE_IMAGE) {
            int iw, ih;
            if (!render_image_size(r, s->image, &iw, &ih)) {
                fprintf(stderr, "lobbysign render: %s: slide %s skipped: its image cannot be loaded\n", pl->path,
                        s->id ? s->id : "?");
                continue;
            }
        }
        for (size_t pg = 0; pg < pages && ok; pg++) {
            struct step st = {i, pg, pages};
            frame_draw_step(te, r, overscan, pl, st, t_ms, 0);
            n++;
            char name[64], label[96];
            snprintf(name, sizeof name, "%02u-%s.png", n, slide_kind_name(s->kind));
            if (pages > 1)
                snprintf(label, sizeof label, "%02u  %s  %zu/%zu", n, slide_kind_name(s->kind), pg + 1, pages);
            else
                snprintf(label, sizeof label, "%02u  %s", n, slide_kind_name(s->kind));
            char *path = fs_join(dir, name);
            SDL_Surface *out = render_surface(r);
            ok = out && render_save_png(out, path);
            if (ok)
                contact_add(cs, out, label);
            free(path);
        }
    }
    if (ok)
        ok = contact_finish(cs);
    contact_free(cs);
    render_free(r);
    if (ok) {
        char abs[PATH_MAX];
        printf("%s: %u pictures and contact-sheet.png in %s\n", pl->id ? pl->id : "playlist", n,
               realpath(dir, abs) ? abs : dir);
    }
    return ok;
}

int cmd_render(const struct config *cfg, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"size", required_argument, NULL, 's'},     {"rotate", required_argument, NULL, 'r'},
        {"overscan", required_argument, NULL, 'o'}, {"at", required_argument, NULL, 'a'},
        {"out", required_argument, NULL, 'O'},      {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int w = 0, h = 0, rotate = 0;
    float overscan = 0;
    double at = -1;
    const char *out = NULL;
    optind = 1;
    for (int c, idx = 0; (c = getopt_long(argc, argv, "h", longopts, &idx)) != -1;) {
        bool good = true;
        switch (c) {
        case 's': good = cliopt_size(optarg, &w, &h); break;
        case 'r': good = cliopt_rotate(optarg, &rotate); break;
        case 'o': good = cliopt_percent(optarg, &overscan, 20); break;
        case 'a': good = cliopt_seconds(optarg, &at); break;
        case 'O': out = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
        if (!good) {
            fprintf(stderr, "lobbysign render: bad value for --%s: '%s'\n", longopts[idx].name, optarg);
            return EXIT_USAGE;
        }
    }
    if (!out || argc - optind > 1) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *content = optind < argc ? argv[optind] : paths_default_content();
    const char *why = cliopt_path(out);
    if (why) {
        fprintf(stderr, "lobbysign render: --out '%s': %s\n", out, why);
        return EXIT_USAGE;
    }
    if ((why = cliopt_input(content))) {
        fprintf(stderr, "lobbysign render: CONTENT '%s': %s\n", content, why);
        return EXIT_USAGE;
    }

    struct text_engine *te = text_engine_new(cfg->paths.fonts);
    if (!te) {
        fprintf(stderr, "lobbysign render: no usable font (see fonts/README.md)\n");
        return EXIT_USAGE;
    }
    struct content_opts copts = fitcheck_opts(te);
    struct findings f = {0};
    struct snapshot *snap = content_load(content, &copts, &f);
    findings_print(&f, stderr);
    findings_free(&f);
    if (!snap) {
        fprintf(stderr, "lobbysign render: %s: content is invalid; nothing rendered\n", content);
        text_engine_free(te);
        return EXIT_INVALID;
    }
    bool ok = true;
    for (size_t i = 0; i < snap->n_playlists && ok; i++) {
        const struct playlist *pl = &snap->playlists[i];
        char *dir = snap->n_playlists > 1 ? fs_join(out, pl->id) : xstrdup(out);
        ok = render_playlist(te, pl, dir, w, h, rotate, overscan, at);
        free(dir);
    }
    snapshot_free(snap);
    text_engine_free(te);
    return ok ? EXIT_OK : EXIT_USAGE;
}
