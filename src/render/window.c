/* window backend: a fullscreen (or sized) SDL window with an accelerated, vsynced renderer when
 * there is one. Frames are drawn into a target texture of the logical size (it keeps the picture
 * between frames, for partial frames) and copied to the back buffer, rotated when asked. */
#define LOG_TAG "render"
#include <stdio.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "render/backend.h"

static void win_begin(struct render *r)
{
    if (r->target)
        SDL_SetRenderTarget(r->ren, r->target);
}

static void win_end(struct render *r)
{
    if (r->target) {
        SDL_SetRenderTarget(r->ren, NULL);
        SDL_SetRenderDrawColor(r->ren, 0, 0, 0, 255);
        SDL_RenderClear(r->ren);
        int ow, oh;
        SDL_GetRendererOutputSize(r->ren, &ow, &oh);
        SDL_Rect dst = {(ow - r->w) / 2, (oh - r->h) / 2, r->w, r->h};
        SDL_RenderCopyEx(r->ren, r->target, NULL, &dst, r->rotate, NULL, SDL_FLIP_NONE);
    }
    SDL_RenderPresent(r->ren);
    r->kept = r->target != NULL; /* the back buffer keeps nothing after a present */
}

static void win_destroy(struct render *r)
{
    if (r->target)
        SDL_DestroyTexture(r->target);
    if (r->ren)
        SDL_DestroyRenderer(r->ren);
    if (r->win)
        SDL_DestroyWindow(r->win);
}

static const struct render_backend window_backend = {"window", win_begin, win_end, win_destroy};

struct render *render_new_window(struct text_engine *te, const struct render_window_opts *o)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    struct render *r = xcalloc(1, sizeof *r);
    r->be = &window_backend;
    r->te = te;
    r->rotate = o->rotate;
    Uint32 flags = o->width > 0 ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP;
    /* Fullscreen starts at the desktop's size and corner, so the picture fills the screen even
     * where no window manager honours the fullscreen request (a bare X server on a kiosk). */
    int w = o->width, h = o->height, x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
    SDL_DisplayMode desk;
    if (w <= 0 && SDL_GetDesktopDisplayMode(0, &desk) == 0)
        w = desk.w, h = desk.h, x = 0, y = 0;
    r->win = SDL_CreateWindow("lobbysign", x, y, w > 0 ? w : 1280, h > 0 ? h : 720, flags);
    if (!r->win) {
        LOG_ERR("cannot open a window on video driver '%s': %s", driver ? driver : "(none)", SDL_GetError());
        goto fail;
    }
    r->ren = SDL_CreateRenderer(r->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC |
                                                SDL_RENDERER_TARGETTEXTURE);
    if (!r->ren) {
        LOG_WARN("no accelerated renderer (%s); using the software renderer", SDL_GetError());
        r->ren = SDL_CreateRenderer(r->win, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE);
    }
    if (!r->ren) {
        LOG_ERR("cannot create a renderer on video driver '%s': %s", driver ? driver : "(none)", SDL_GetError());
        goto fail;
    }
    int ow, oh;
    SDL_GetRendererOutputSize(r->ren, &ow, &oh);
    bool swap = o->rotate == 90 || o->rotate == 270;
    r->w = swap ? oh : ow, r->h = swap ? ow : oh;
    /* The picture is drawn into a texture that keeps it between frames, so a frame where only the
     * ticker moves redraws just the strip (render_begin_partial); without one, only rotation fails. */
    r->target = SDL_CreateTexture(r->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, r->w, r->h);
    if (!r->target && o->rotate) {
        LOG_ERR("cannot create a %dx%d render target for rotation: %s", r->w, r->h, SDL_GetError());
        goto fail;
    }
    if (!r->target)
        LOG_WARN("no %dx%d target texture (%s): every frame is drawn whole", r->w, r->h, SDL_GetError());
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r->ren, &info) == 0)
        LOG_INFO("video driver %s, renderer %s, %dx%d, rotation %d", driver ? driver : "?", info.name, ow, oh,
                 o->rotate);
    SDL_ShowCursor(SDL_DISABLE);
    render_init_common(r);
    return r;
fail:
    win_destroy(r);
    free(r);
    return NULL;
}
