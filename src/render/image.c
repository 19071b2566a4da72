/* image: PNG/JPEG loading through content/imgdec (bounded, scaled on load), PNG writing, rotation. */
#define LOG_TAG "render"
#include <png.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/content.h"
#include "content/imgdec.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "render/render.h"

SDL_Surface *render_load_image(const char *path, int box_w, int box_h, const char **why)
{
    static char msg[256];
    char *data = NULL;
    size_t len = 0;
    enum fs_status st = fs_read_file(path, CONTENT_MAX_IMAGE_BYTES, true, &data, &len);
    if (st != FS_OK) {
        *why = fs_status_str(st);
        return NULL;
    }
    /* Header first, limits before any pixel, scaled while decoding (content/imgdec). */
    struct imgdec_pixels px;
    bool ok = imgdec_decode(data, len, box_w, box_h, &px, msg, sizeof msg);
    free(data);
    if (!ok) {
        char *sep = strchr(msg, '\x1f');
        *why = sep ? sep + 1 : msg; /* the English half, for the log */
        return NULL;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, px.w, px.h, 32, SDL_PIXELFORMAT_RGBA32);
    if (!s) {
        *why = SDL_GetError();
        imgdec_free(&px);
        return NULL;
    }
    for (int y = 0; y < px.h; y++)
        memcpy((uint8_t *)s->pixels + (size_t)y * s->pitch, px.rgba + (size_t)y * px.w * 4, (size_t)px.w * 4);
    imgdec_free(&px);
    return s;
}

/* A growing memory buffer, for encoding a PNG before writing it in one go. */
struct membuf {
    char *data;
    size_t len, cap, pos;
};

/* Encodes the whole PNG in memory, then fs_write_atomic: a temp file in the same folder, fsync,
 * rename. A failure at any point leaves the old file (or none) and no temp file. */
static void png_write_mem(png_structp png, png_bytep data, size_t n)
{
    struct membuf *m = png_get_io_ptr(png);
    if (m->len + n > m->cap) {
        m->cap = (m->len + n) * 2;
        m->data = xrealloc(m->data, m->cap);
    }
    memcpy(m->data + m->len, data, n);
    m->len += n;
}

static void png_flush_mem(png_structp png) { (void)png; }

static void png_on_error(png_structp png, png_const_charp msg)
{
    LOG_ERR("cannot encode PNG: %s", msg);
    png_longjmp(png, 1);
}

/* Opaque pictures are written as RGB (a quarter smaller than RGBA), one row at a time from the
 * surface: no converted copy of the whole picture (render's peak memory). */
static bool encode_png(SDL_Surface *s, struct membuf *m)
{
    SDL_Surface *src = s->format->format == SDL_PIXELFORMAT_ARGB8888 ? s
                                                                      : SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    if (!src)
        return false;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_on_error, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint8_t *volatile row = NULL;
    volatile bool ok = false;
    if (!info || setjmp(png_jmpbuf(png)))
        goto done;
    png_set_write_fn(png, m, png_write_mem, png_flush_mem);
    png_set_IHDR(png, info, (png_uint_32)src->w, (png_uint_32)src->h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    row = xmalloc((size_t)src->w * 3);
    for (int y = 0; y < src->h; y++) {
        const uint32_t *px = (const uint32_t *)((const uint8_t *)src->pixels + (size_t)y * src->pitch);
        for (int x = 0; x < src->w; x++) {
            row[x * 3] = (uint8_t)(px[x] >> 16);
            row[x * 3 + 1] = (uint8_t)(px[x] >> 8);
            row[x * 3 + 2] = (uint8_t)px[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    ok = true;
done:
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    free(row);
    if (src != s)
        SDL_FreeSurface(src);
    return ok;
}

bool render_save_png(SDL_Surface *s, const char *path)
{
    struct membuf m = {0};
    bool ok = encode_png(s, &m);
    if (ok && !fs_write_atomic(path, m.data, m.len)) {
        LOG_ERR("%s: cannot write PNG: %s", path, strerror(errno));
        ok = false;
    } else if (!ok) {
        LOG_ERR("%s: cannot encode PNG", path);
    }
    free(m.data);
    return ok;
}

SDL_Surface *render_rotate_surface(SDL_Surface *s, int rotate)
{
    bool swap = rotate == 90 || rotate == 270;
    int ow = swap ? s->h : s->w, oh = swap ? s->w : s->h;
    SDL_Surface *o = SDL_CreateRGBSurfaceWithFormat(0, ow, oh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!o)
        return NULL;
    SDL_Surface *src = s->format->format == SDL_PIXELFORMAT_ARGB8888 ? s
                                                                      : SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    if (!src) {
        SDL_FreeSurface(o);
        return NULL;
    }
    int w = s->w, h = s->h;
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)src->pixels + (size_t)y * src->pitch);
        for (int x = 0; x < w; x++) {
            int dx, dy;
            switch (rotate) {
            case 90: dx = h - 1 - y, dy = x; break;
            case 180: dx = w - 1 - x, dy = h - 1 - y; break;
            case 270: dx = y, dy = w - 1 - x; break;
            default: dx = x, dy = y; break;
            }
            ((uint32_t *)((uint8_t *)o->pixels + (size_t)dy * o->pitch))[dx] = row[x];
        }
    }
    if (src != s)
        SDL_FreeSurface(src);
    return o;
}

SDL_Surface *render_scale_surface(SDL_Surface *s, int w, int h)
{
    SDL_Surface *src = s->format->format == SDL_PIXELFORMAT_ARGB8888 ? s
                                                                      : SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *o = src ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888) : NULL;
    if (!o) {
        if (src && src != s)
            SDL_FreeSurface(src);
        return NULL;
    }
    for (int y = 0; y < h; y++) {
        int y0 = (int)((int64_t)y * src->h / h), y1 = (int)((int64_t)(y + 1) * src->h / h);
        if (y1 <= y0)
            y1 = y0 + 1;
        uint32_t *orow = (uint32_t *)((uint8_t *)o->pixels + (size_t)y * o->pitch);
        for (int x = 0; x < w; x++) {
            int x0 = (int)((int64_t)x * src->w / w), x1 = (int)((int64_t)(x + 1) * src->w / w);
            if (x1 <= x0)
                x1 = x0 + 1;
            uint64_t acc[4] = {0}, n = 0;
            for (int yy = y0; yy < y1 && yy < src->h; yy++) {
                const uint32_t *row = (const uint32_t *)((const uint8_t *)src->pixels + (size_t)yy * src->pitch);
                for (int xx = x0; xx < x1 && xx < src->w; xx++, n++)
                    for (int k = 0; k < 4; k++)
                        acc[k] += (row[xx] >> (8 * k)) & 0xff;
            }
            uint32_t px = 0;
            for (int k = 0; k < 4; k++)
                px |= (uint32_t)(n ? (acc[k] + n / 2) / n : 0) << (8 * k);
            orow[x] = px;
        }
    }
    if (src != s)
        SDL_FreeSurface(src);
    return o;
}
