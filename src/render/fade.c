/* fade: the crossfade as a blend of two captured settled pictures. Only rows some op of either
 * slide can touch are stored (the rest are the same in both pictures), and of those only the rows
 * where the two pictures differ; each frame blends them with 16-bit lanes of GCC vector extensions
 * (SSE2 on x86-64, NEON on ARM). */
#define LOG_TAG "render"
#include <math.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "render/backend.h"

#define MARK_PAD 2 /* rows above and below an op's box: SDL rounds outwards, glyphs overshoot */

void render_fade_release(struct render *r)
{
    struct render_fade *f = &r->fade;
    free(f->slot);
    free(f->marked);
    free(f->from);
    free(f->to);
    memset(f, 0, sizeof *f);
}

void render_fade_reset(struct render *r) { render_fade_release(r); }

size_t render_fade_bytes(const struct render *r)
{
    const struct render_fade *f = &r->fade;
    size_t row = (size_t)r->w * 4;
    return (f->from ? (size_t)f->n_rows * row : 0) + (f->to ? (size_t)f->n_rows * row : 0);
}

static void mark_rows(struct render *r, float y, float h)
{
    int a = (int)floorf(y) - MARK_PAD, b = (int)ceilf(y + h) + MARK_PAD;
    a = a < 0 ? 0 : a;
    b = b > r->h ? r->h : b;
    for (int i = a; i < b; i++)
        r->fade.marked[i] = true;
}

void render_fade_mark(struct render *r, const struct drawlist *dl)
{
    struct render_fade *f = &r->fade;
    f->used = true;
    if (!f->marked)
        f->marked = xcalloc((size_t)r->h, sizeof *f->marked);
    for (size_t i = 0; i < dl->n; i++) {
        const struct draw_op *op = &dl->ops[i];
        switch (op->kind) {
        case DRAW_TEXT: {
            size_t n = text_quads(r->te, op->text, op->x, op->y, &r->quads, 0, &r->cap_quads);
            for (size_t q = 0; q < n; q++)
                mark_rows(r, r->quads[q].dst_y, r->quads[q].h);
            break;
        }
        case DRAW_RECT:
        case DRAW_IMAGE: mark_rows(r, op->y, op->h); break;
        case DRAW_CLIP:
        case DRAW_UNCLIP: break;
        }
    }
}

static const uint32_t *row_of(SDL_Surface *s, int y) { return (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch); }

bool render_fade_capture(struct render *r, bool to)
{
    struct render_fade *f = &r->fade;
    f->used = true;
    if (!f->marked)
        return false;
    SDL_Surface *pic = render_picture(r);
    if (!pic || pic->format->BytesPerPixel != 4)
        return false;
    size_t row = (size_t)r->w * 4;
    if (!to) {
        free(f->from);
        free(f->to);
        f->to = NULL;
        if (!f->slot)
            f->slot = xmalloc((size_t)r->h * sizeof *f->slot);
        f->n_rows = 0;
        for (int y = 0; y < r->h; y++)
            f->slot[y] = f->marked[y] ? f->n_rows++ : -1;
        f->from = f->n_rows ? xmalloc((size_t)f->n_rows * row) : NULL;
        for (int y = 0; y < r->h; y++)
            if (f->slot[y] >= 0)
                memcpy(f->from + (size_t)f->slot[y] * r->w, row_of(pic, y), row);
    } else if (!f->from) {
        return false;
    } else if (!f->to) {
        /* Keep only the rows where the incoming picture differs: compact the outgoing rows. */
        int n = 0;
        for (int y = 0; y < r->h; y++) {
            if (f->slot[y] < 0)
                continue;
            const uint32_t *old = f->from + (size_t)f->slot[y] * r->w;
            if (memcmp(old, row_of(pic, y), row) == 0) {
                f->slot[y] = -1;
                continue;
            }
            if (n != f->slot[y])
                memmove(f->from + (size_t)n * r->w, old, row);
            f->slot[y] = n++;
        }
        f->n_rows = n;
        f->from = n ? xrealloc(f->from, (size_t)n * row) : (free(f->from), NULL);
        f->to = n ? xmalloc((size_t)n * row) : NULL;
        for (int y = 0; y < r->h; y++)
            if (f->slot[y] >= 0)
                memcpy(f->to + (size_t)f->slot[y] * r->w, row_of(pic, y), row);
        if (!n) /* the same picture: nothing to blend */
            return true;
    } else {
        /* The incoming picture again (it moves by itself: a count-up): the same rows. */
        for (int y = 0; y < r->h; y++)
            if (f->slot[y] >= 0)
                memcpy(f->to + (size_t)f->slot[y] * r->w, row_of(pic, y), row);
    }
    f->y0 = r->h, f->y1 = 0;
    for (int y = 0; y < r->h; y++)
        if (f->slot[y] >= 0) {
            f->y0 = y < f->y0 ? y : f->y0;
            f->y1 = y + 1;
        }
    return true;
}

typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef uint16_t u16x16 __attribute__((vector_size(32)));

/* dst = (a * (256 - wb) + b * wb + 128) >> 8 per 8-bit channel; wb in 0..256. */
static void blend_row(uint32_t *dst, const uint32_t *a, const uint32_t *b, int n, unsigned wb)
{
    size_t bytes = (size_t)n * 4, i = 0;
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *pa = (const uint8_t *)a, *pb = (const uint8_t *)b;
    u16x16 vb = {0}, va = {0}, half = {0};
    vb += (uint16_t)wb;
    va += (uint16_t)(256 - wb);
    half += 128;
    for (; i + 16 <= bytes; i += 16) {
        u8x16 xa, xb;
        memcpy(&xa, pa + i, 16);
        memcpy(&xb, pb + i, 16);
        u16x16 m = (__builtin_convertvector(xa, u16x16) * va + __builtin_convertvector(xb, u16x16) * vb + half) >> 8;
        u8x16 o = __builtin_convertvector(m, u8x16);
        memcpy(d + i, &o, 16);
    }
    for (; i < bytes; i++)
        d[i] = (uint8_t)((pa[i] * (256 - wb) + pb[i] * wb + 128) >> 8);
}

bool render_fade_blend(struct render *r, float t)
{
    struct render_fade *f = &r->fade;
    f->used = true;
    if (!f->from || !f->to)
        return false;
    SDL_Surface *pic = render_picture(r);
    if (!pic)
        return false;
    unsigned wb = (unsigned)lroundf(256 * (t < 0 ? 0 : t > 1 ? 1 : t));
    for (int y = f->y0; y < f->y1; y++) {
        int k = f->slot[y];
        if (k >= 0)
            blend_row((uint32_t *)((uint8_t *)pic->pixels + (size_t)y * (size_t)pic->pitch),
                      f->from + (size_t)k * r->w, f->to + (size_t)k * r->w, r->w, wb);
    }
    if (f->y1 > f->y0)
        render_damage_add(r, (SDL_Rect){0, f->y0, r->w, f->y1 - f->y0});
    return true;
}
