/* window backend: a fullscreen (or sized) SDL window. The picture is always drawn by SDL's software
 * renderer (the path the goldens test); two presenters show it:
 *   surface  the window surface (X11: a shared-memory image, no GL loaded; KMS/DRM and Wayland: a GL
 *            texture SDL updates whole), drawn into directly when
 *            its format is 32-bit RGB and the picture is not rotated, else copied (rotated) into it
 *            rectangle by rectangle; SDL_UpdateWindowSurfaceRects sends only the damaged ones.
 *   gl       a streaming texture on an accelerated renderer (GLES2 on KMS/DRM), updated only in the
 *            damaged rectangles and copied 1:1 (rotated by the GPU) to the vsynced back buffer. */
#define LOG_TAG "render"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "render/backend.h"
#include "render/glprobe.h"
#include "render/pixels.h"

#define GL_RENDERER_ENUM 0x1F01

static void win_begin(struct render *r) { (void)r; }

/* Where logical rectangle d lands on an ow x oh output turned by r->rotate (clockwise). */
static SDL_Rect rotate_rect(const struct render *r, SDL_Rect d)
{
    switch (r->rotate) {
    case 90: return (SDL_Rect){r->h - d.y - d.h, d.x, d.h, d.w};
    case 180: return (SDL_Rect){r->w - d.x - d.w, r->h - d.y - d.h, d.w, d.h};
    case 270: return (SDL_Rect){d.y, r->w - d.x - d.w, d.h, d.w};
    default: return d;
    }
}

/* Copies logical rectangle d of our picture, rotated, to o (output px) of the window surface ws. */
static void copy_rect(struct render *r, SDL_Surface *ws, SDL_Rect d, SDL_Rect o)
{
    const uint8_t *src = (const uint8_t *)r->surf->pixels;
    int spitch = r->surf->pitch;
    if (r->rotate) {
        size_t need = (size_t)o.w * (size_t)o.h;
        if (need > r->cap_rot) {
            r->rot_buf = xreallocarray(r->rot_buf, need, sizeof *r->rot_buf);
            r->cap_rot = need;
        }
        for (int y = 0; y < d.h; y++) {
            const uint32_t *row = (const uint32_t *)(src + (size_t)(d.y + y) * (size_t)spitch) + d.x;
            for (int x = 0; x < d.w; x++) {
                int dx, dy; /* in o */
                switch (r->rotate) {
                case 90: dx = d.h - 1 - y, dy = x; break;
                case 180: dx = d.w - 1 - x, dy = d.h - 1 - y; break;
                default: dx = y, dy = d.w - 1 - x; break;
                }
                r->rot_buf[(size_t)dy * (size_t)o.w + (size_t)dx] = row[x];
            }
        }
        src = (const uint8_t *)r->rot_buf;
        spitch = o.w * 4;
    } else {
        src += (size_t)d.y * (size_t)spitch + (size_t)d.x * 4;
    }
    uint8_t *dst = (uint8_t *)ws->pixels + (size_t)o.y * (size_t)ws->pitch + (size_t)o.x * ws->format->BytesPerPixel;
    SDL_ConvertPixels(o.w, o.h, SDL_PIXELFORMAT_ARGB8888, src, spitch, ws->format->format, dst, ws->pitch);
}

static void present_surface(struct render *r)
{
    SDL_Surface *ws = SDL_GetWindowSurface(r->win);
    if (!ws) {
        LOG_WARN("no window surface: %s", SDL_GetError());
        return;
    }
    bool swap = r->rotate == 90 || r->rotate == 270;
    int ow = swap ? r->h : r->w, oh = swap ? r->w : r->h;
    if (r->surf && (ws->w < ow || ws->h < oh)) {
        LOG_WARN("window surface %dx%d is smaller than the %dx%d picture", ws->w, ws->h, ow, oh);
        return;
    }
    SDL_Rect rects[RENDER_MAX_DAMAGE];
    int n = 0;
    for (int i = 0; i < r->n_dmg; i++) {
        SDL_Rect o = rotate_rect(r, r->dmg[i]);
        if (r->surf) {
            o.x += (ws->w - ow) / 2, o.y += (ws->h - oh) / 2;
            copy_rect(r, ws, r->dmg[i], o);
        }
        rects[n++] = o;
    }
    if (n && SDL_UpdateWindowSurfaceRects(r->win, rects, n) != 0)
        LOG_WARN("SDL_UpdateWindowSurfaceRects: %s", SDL_GetError());
}

static void present_gl(struct render *r)
{
    if (r->n_dmg == 0)
        return; /* the front buffer shows the picture already */
    for (int i = 0; i < r->n_dmg; i++) {
        SDL_Rect d = r->dmg[i];
        const uint8_t *px = (const uint8_t *)r->surf->pixels + (size_t)d.y * (size_t)r->surf->pitch + (size_t)d.x * 4;
        if (SDL_UpdateTexture(r->frame, &d, px, r->surf->pitch) != 0)
            LOG_WARN("SDL_UpdateTexture: %s", SDL_GetError());
    }
    SDL_SetRenderDrawColor(r->gl, 0, 0, 0, 255);
    SDL_RenderClear(r->gl);
    int ow, oh;
    SDL_GetRendererOutputSize(r->gl, &ow, &oh);
    SDL_Rect dst = {(ow - r->w) / 2, (oh - r->h) / 2, r->w, r->h};
    SDL_RenderCopyEx(r->gl, r->frame, NULL, &dst, r->rotate, NULL, SDL_FLIP_NONE);
    SDL_RenderPresent(r->gl); /* the back buffer is undefined after this: the texture keeps the picture */
}

static void win_end(struct render *r)
{
    if (r->present == RENDER_PRESENT_GL)
        present_gl(r);
    else
        present_surface(r);
}

static void free_own_surface(struct render *r)
{
    void *pixels = r->surf ? r->surf->pixels : NULL;
    size_t bytes = r->surf ? (size_t)r->surf->h * (size_t)r->surf->pitch : 0;
    SDL_FreeSurface(r->surf);
    pixels_free(pixels, bytes);
    r->surf = NULL;
}

static void win_destroy(struct render *r)
{
    if (r->frame)
        SDL_DestroyTexture(r->frame);
    if (r->gl)
        SDL_DestroyRenderer(r->gl);
    free_own_surface(r);
    free(r->rot_buf);
    if (r->win)
        SDL_DestroyWindow(r->win);
}

static const struct render_backend surface_presenter = {"window surface", win_begin, win_end, win_destroy};
static const struct render_backend gl_presenter = {"framebuffer texture", win_begin, win_end, win_destroy};

/* The index of SDL's software render driver (a named hint would otherwise win over flags). */
static int software_driver(void)
{
    for (int i = 0, n = SDL_GetNumRenderDrivers(); i < n; i++) {
        SDL_RendererInfo info;
        if (SDL_GetRenderDriverInfo(i, &info) == 0 && strcmp(info.name, "software") == 0)
            return i;
    }
    return -1;
}

/* Our own ARGB8888 picture of the logical size, with the software renderer on it. */
static bool own_surface(struct render *r)
{
    size_t bytes = (size_t)r->w * (size_t)r->h * 4;
    void *pixels = pixels_new(bytes); /* fresh zero pages, as in surface.c */
    r->surf = pixels ? SDL_CreateRGBSurfaceWithFormatFrom(pixels, r->w, r->h, 32, r->w * 4, SDL_PIXELFORMAT_ARGB8888) : NULL;
    if (!r->surf) {
        pixels_free(pixels, bytes);
        return false;
    }
    r->ren = SDL_CreateSoftwareRenderer(r->surf);
    return r->ren != NULL;
}

static bool is_kmsdrm(const char *driver) { return driver && SDL_strcasecmp(driver, "kmsdrm") == 0; }

static bool setup_surface(struct render *r, const char *driver, int rotate)
{
    /* The window surface itself, not SDL's texture framebuffer (which would load GL: libLLVM and
     * swrast with Mesa's software GL). KMS/DRM and Wayland have no other framebuffer in SDL2: on
     * KMS/DRM it goes through a GLES2 texture, the one GL renderer that shows the picture right.
     * The hint yields to the environment variable of the same name. */
    if (is_kmsdrm(driver))
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "opengles2");
    else if (driver && SDL_strcasecmp(driver, "wayland") != 0)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_Surface *ws = SDL_GetWindowSurface(r->win);
    if (!ws) {
        LOG_ERR("no window surface on video driver '%s': %s", driver ? driver : "(none)",
                SDL_GetError());
        return false;
    }
    bool swap = rotate == 90 || rotate == 270;
    r->w = swap ? ws->h : ws->w, r->h = swap ? ws->w : ws->h;
    Uint32 f = ws->format->format;
    if (rotate == 0 && (f == SDL_PIXELFORMAT_ARGB8888 || f == SDL_PIXELFORMAT_RGB888)) {
        int sw = software_driver();
        r->ren = sw >= 0 ? SDL_CreateRenderer(r->win, sw, SDL_RENDERER_SOFTWARE) : NULL;
        if (r->ren)
            return true;
        LOG_WARN("no software renderer on the window surface (%s); drawing into a copy", SDL_GetError());
    }
    if (own_surface(r))
        return true;
    LOG_ERR("cannot make a %dx%d picture: %s", r->w, r->h, SDL_GetError());
    return false;
}

/* soft_fallback: when GL_RENDERER is a software rasterizer, set *fell_back and return false. */
static bool setup_gl(struct render *r, const char *driver, int rotate, char *name, size_t name_len,
                     bool soft_fallback, bool *fell_back)
{
    /* On KMS/DRM SDL's default "opengl" renderer draws only the clear colour (measured on Mesa's
     * GBM/EGL); GLES2 shows the picture. SDL_RENDER_DRIVER still wins. */
    if (is_kmsdrm(driver))
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "opengles2");
    r->gl = SDL_CreateRenderer(r->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!r->gl)
        r->gl = SDL_CreateRenderer(r->win, -1, SDL_RENDERER_ACCELERATED);
    if (!r->gl) {
        LOG_ERR("no accelerated renderer on video driver '%s': %s",
                driver ? driver : "(none)", SDL_GetError());
        return false;
    }
    SDL_RendererInfo info;
    const char *glr = NULL;
    if (SDL_GetRendererInfo(r->gl, &info) == 0) {
        if (strncmp(info.name, "opengl", 6) == 0) {
            const unsigned char *(*get_string)(unsigned) = (const unsigned char *(*)(unsigned))(uintptr_t)
                SDL_GL_GetProcAddress("glGetString");
            glr = get_string ? (const char *)get_string(GL_RENDERER_ENUM) : NULL;
        }
        snprintf(name, name_len, "%s%s%s%s", info.name, info.flags & SDL_RENDERER_PRESENTVSYNC ? ", vsync" : "",
                 glr ? ", GL_RENDERER " : "", glr ? glr : "");
    }
    if (soft_fallback && !is_kmsdrm(driver) && render_gl_is_software(glr)) {
        *fell_back = true;
        return false;
    }
    int ow, oh;
    SDL_GetRendererOutputSize(r->gl, &ow, &oh);
    bool swap = rotate == 90 || rotate == 270;
    r->w = swap ? oh : ow, r->h = swap ? ow : oh;
    r->frame = SDL_CreateTexture(r->gl, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, r->w, r->h);
    if (!r->frame) {
        LOG_ERR("cannot create a %dx%d framebuffer texture: %s", r->w, r->h, SDL_GetError());
        return false;
    }
    SDL_SetTextureScaleMode(r->frame, SDL_ScaleModeNearest); /* 1:1, pixel for pixel */
    SDL_SetTextureBlendMode(r->frame, SDL_BLENDMODE_NONE);
    if (!own_surface(r)) {
        LOG_ERR("cannot make a %dx%d picture: %s", r->w, r->h, SDL_GetError());
        return false;
    }
    return true;
}

struct render *render_new_window(struct text_engine *te, const struct render_window_opts *o)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    struct render *r = xcalloc(1, sizeof *r);
    r->te = te;
    r->rotate = o->rotate;
    char why[256] = "asked for";
    r->present = o->present;
    if (r->present == RENDER_PRESENT_AUTO)
        r->present = render_choose_present(driver, why, sizeof why);
    r->be = r->present == RENDER_PRESENT_GL ? &gl_presenter : &surface_presenter;
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
    char renderer[160] = "software";
    bool fell_back = false;
    if (r->present == RENDER_PRESENT_GL &&
        !setup_gl(r, driver, o->rotate, renderer, sizeof renderer, o->present == RENDER_PRESENT_AUTO, &fell_back)) {
        if (!fell_back)
            goto fail;
        snprintf(why, sizeof why, "the GL renderer is a software rasterizer (%s)", renderer);
        if (r->frame)
            SDL_DestroyTexture(r->frame);
        SDL_DestroyRenderer(r->gl);
        r->frame = NULL, r->gl = NULL;
        r->present = RENDER_PRESENT_SURFACE;
        r->be = &surface_presenter;
        snprintf(renderer, sizeof renderer, "software");
    }
    if (r->present == RENDER_PRESENT_SURFACE && !setup_surface(r, driver, o->rotate))
        goto fail;
    /* renderer: its name first, then details (vsync, GL_RENDERER) after a comma */
    const char *details = strchr(renderer, ',');
    LOG_INFO("video driver %s, renderer %.*s, %dx%d, rotation %d; drawing in software, presenting through the %s%s%s%s: %s",
             driver ? driver : "?", details ? (int)(details - renderer) : (int)strlen(renderer), renderer, r->w, r->h,
             o->rotate, r->be->name, details ? " (" : "", details ? details + 2 : "", details ? ")" : "", why);
    SDL_ShowCursor(SDL_DISABLE);
    render_init_common(r);
    return r;
fail:
    if (r->ren)
        SDL_DestroyRenderer(r->ren);
    win_destroy(r);
    free(r);
    return NULL;
}
