/* image: PNG/JPEG loading through content/imgdec (bounded, scaled on load), PNG writing, rotation. */
#define LOG_TAG "render"
#include <SDL2/SDL_image.h>
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

/* A growing memory buffer as an SDL_RWops, for encoding a PNG before writing it in one go. */
struct membuf {
    char *data;
    size_t len, cap, pos;
};

static Sint64 membuf_size(SDL_RWops *rw) { return (Sint64)((struct membuf *)rw->hidden.unknown.data1)->len; }

static Sint64 membuf_seek(SDL_RWops *rw, Sint64 off, int whence)
{
    struct membuf *m = rw->hidden.unknown.data1;
    Sint64 base = whence == RW_SEEK_SET ? 0 : whence == RW_SEEK_CUR ? (Sint64)m->pos : (Sint64)m->len;
    if (base + off < 0 || base + off > (Sint64)m->len)
        return SDL_SetError("seek out of the PNG buffer");
    m->pos = (size_t)(base + off);
    return (Sint64)m->pos;
}

static size_t membuf_read(SDL_RWops *rw, void *ptr, size_t size, size_t n)
{
    struct membuf *m = rw->hidden.unknown.data1;
    size_t avail = size ? (m->len - m->pos) / size : 0;
    n = n < avail ? n : avail;
    memcpy(ptr, m->data + m->pos, n * size);
    m->pos += n * size;
    return n;
}

static size_t membuf_write(SDL_RWops *rw, const void *ptr, size_t size, size_t n)
{
    struct membuf *m = rw->hidden.unknown.data1;
    size_t bytes = size * n;
    if (m->pos + bytes > m->cap) {
        m->cap = (m->pos + bytes) * 2;
        m->data = xrealloc(m->data, m->cap);
    }
    memcpy(m->data + m->pos, ptr, bytes);
    m->pos += bytes;
    m->len = m->pos > m->len ? m->pos : m->len;
    return n;
}

static int membuf_close(SDL_RWops *rw)
{
    SDL_FreeRW(rw); /* the buffer belongs to the caller */
    return 0;
}

/* Encodes the whole PNG in memory, then fs_write_atomic: a temp file in the same folder, fsync,
 * rename. A failure at any point leaves the old file (or none) and no temp file. */
bool render_save_png(SDL_Surface *s, const char *path)
{
    struct membuf m = {0};
    SDL_RWops *rw = SDL_AllocRW();
    if (!rw) {
        LOG_ERR("%s: cannot write PNG: %s", path, SDL_GetError());
        return false;
    }
    rw->size = membuf_size;
    rw->seek = membuf_seek;
    rw->read = membuf_read;
    rw->write = membuf_write;
    rw->close = membuf_close;
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->hidden.unknown.data1 = &m;
    /* Opaque pictures are written as RGB: a quarter smaller than RGBA. */
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
    bool ok = IMG_SavePNG_RW(rgb ? rgb : s, rw, 1) == 0;
    SDL_FreeSurface(rgb);
    if (!ok)
        LOG_ERR("%s: cannot encode PNG: %s", path, IMG_GetError());
    else if (!fs_write_atomic(path, m.data, m.len)) {
        LOG_ERR("%s: cannot write PNG: %s", path, strerror(errno));
        ok = false;
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
