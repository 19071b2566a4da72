/* surface backend: SDL's software renderer on an ARGB8888 surface; no video subsystem needed. The
 * PNG presenter: the picture (rotated when asked) is the output. */
#define LOG_TAG "render"
#include "core/log.h"
#include "core/xalloc.h"
#include "render/backend.h"
#include "render/pixels.h"

static void surf_begin(struct render *r) { (void)r; }

static void surf_end(struct render *r)
{
    if (r->rotate == 0)
        return;
    if (r->out)
        SDL_FreeSurface(r->out);
    r->out = render_rotate_surface(r->surf, r->rotate);
}

static void surf_destroy(struct render *r)
{
    SDL_FreeSurface(r->out);
    void *pixels = r->surf ? r->surf->pixels : NULL;
    SDL_FreeSurface(r->surf);
    pixels_free(pixels, (size_t)r->w * (size_t)r->h * 4);
}

static const struct render_backend surface_backend = {"software surface", surf_begin, surf_end, surf_destroy};

struct render *render_new_surface(struct text_engine *te, int w, int h, int rotate)
{
    if (w <= 0 || h <= 0 || (rotate != 0 && rotate != 90 && rotate != 180 && rotate != 270))
        return NULL;
    struct render *r = xcalloc(1, sizeof *r);
    r->be = &surface_backend;
    r->te = te;
    r->w = w, r->h = h, r->rotate = rotate;
    /* Our own zeroed pixels: fresh mapped memory, zero without being written (SDL would memset
     * all 8 MB of a 1080p surface; the first frame's clear writes it), in huge pages (pixels.c). */
    size_t bytes = (size_t)w * (size_t)h * 4;
    void *pixels = pixels_new(bytes);
    r->surf = pixels ? SDL_CreateRGBSurfaceWithFormatFrom(pixels, w, h, 32, w * 4, SDL_PIXELFORMAT_ARGB8888) : NULL;
    if (!r->surf) {
        LOG_ERR("cannot allocate a %dx%d surface: %s", w, h, SDL_GetError());
        pixels_free(pixels, bytes);
        free(r);
        return NULL;
    }
    r->ren = SDL_CreateSoftwareRenderer(r->surf);
    if (!r->ren) {
        LOG_ERR("cannot create a software renderer: %s", SDL_GetError());
        SDL_FreeSurface(r->surf);
        pixels_free(pixels, bytes);
        free(r);
        return NULL;
    }
    render_init_common(r);
    return r;
}

SDL_Surface *render_surface(struct render *r)
{
    if (r->be != &surface_backend)
        return NULL;
    return r->rotate ? r->out : r->surf;
}
