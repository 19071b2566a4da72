/* nowpic: the picture of the screen (see nowpic.h). */
#define LOG_TAG "nowpic"
#include "player/nowpic.h"

#include <stdlib.h>

#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"

struct nowpic {
    struct nowpic_config cfg;
    char *path;
    unsigned steps;
    const struct playlist *pl;
    const struct snapshot *snap;
    const struct notice *notice;
    bool off, pending, any;
    uint64_t last_ms, written;
};

struct nowpic *nowpic_new(const struct nowpic_config *cfg)
{
    if (!cfg->dir || !fs_mkdirs(cfg->dir))
        return NULL;
    struct nowpic *np = xcalloc(1, sizeof *np);
    np->cfg = *cfg;
    if (np->cfg.width <= 0)
        np->cfg.width = NOWPIC_WIDTH;
    np->path = fs_join(cfg->dir, NOWPIC_NAME);
    np->pending = true;
    return np;
}

void nowpic_free(struct nowpic *np)
{
    if (!np)
        return;
    free(np->path);
    free(np);
}

bool nowpic_observe(struct nowpic *np, const struct player *p, struct render *r, uint64_t mono_ms)
{
    if (!np || !p || !r)
        return false;
    struct player_stats ps;
    player_get_stats(p, &ps);
    const struct notice *n = player_notice(p);
    bool off = player_screen_off(p);
    if (ps.steps != np->steps || player_playlist(p) != np->pl || player_snapshot(p) != np->snap || n != np->notice ||
        off != np->off) {
        np->steps = ps.steps;
        np->pl = player_playlist(p);
        np->snap = player_snapshot(p);
        np->notice = n;
        np->off = off;
        np->pending = true;
    }
    if (!np->pending || player_position(p)->in_transition || !ps.frames)
        return false;
    if (np->any && mono_ms - np->last_ms < (uint64_t)np->cfg.min_interval_s * 1000)
        return false;
    SDL_Surface *pic = render_snapshot(r, np->cfg.width);
    if (!pic)
        return false;
    bool ok = render_save_png(pic, np->path);
    SDL_FreeSurface(pic);
    np->pending = !ok;
    np->any = true;
    np->last_ms = mono_ms;
    np->written += ok;
    return ok;
}

uint64_t nowpic_written(const struct nowpic *np) { return np ? np->written : 0; }
