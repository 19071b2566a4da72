/* render: draw-list execution shared by every presenter, and the frame's damage. */
#define LOG_TAG "render"
#include "render/render.h"

#include <math.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "render/backend.h"

void render_init_common(struct render *r)
{
    SDL_SetRenderDrawBlendMode(r->ren, SDL_BLENDMODE_BLEND);
}

void render_free(struct render *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_pages; i++)
        if (r->pages[i].tex)
            SDL_DestroyTexture(r->pages[i].tex);
    for (size_t i = 0; i < RENDER_IMAGE_CACHE; i++) {
        if (r->images[i].tex)
            SDL_DestroyTexture(r->images[i].tex);
        free(r->images[i].path);
    }
    render_fade_release(r);
    if (r->ren)
        SDL_DestroyRenderer(r->ren);
    r->be->destroy(r);
    free(r->pages);
    free(r->quads);
    free(r->quad_color);
    free(r->verts);
    free(r->idx);
    free(r->convert);
    free(r);
}

void render_size(const struct render *r, int *w, int *h)
{
    *w = r->w;
    *h = r->h;
}

const char *render_backend_name(const struct render *r) { return r->be->name; }
struct SDL_Window *render_sdl_window(const struct render *r) { return r->win; }
uint64_t render_presented(const struct render *r) { return r->presented; }

void render_set_present_hook(struct render *r, render_present_fn fn, void *ctx)
{
    r->on_present = fn;
    r->on_present_ctx = ctx;
}

SDL_Surface *render_picture(struct render *r)
{
    SDL_RenderFlush(r->ren);
    return r->surf ? r->surf : SDL_GetWindowSurface(r->win);
}

void render_damage_add(struct render *r, SDL_Rect rect)
{
    SDL_Rect all = {0, 0, r->w, r->h};
    if (!SDL_IntersectRect(&rect, &all, &rect))
        return;
    for (int i = 0; i < r->n_dmg; i++) {
        SDL_Rect *d = &r->dmg[i];
        if (SDL_HasIntersection(d, &rect) || r->n_dmg == RENDER_MAX_DAMAGE) {
            /* overlapping (or no room left): one rectangle around both */
            SDL_UnionRect(d, &rect, d);
            return;
        }
    }
    r->dmg[r->n_dmg++] = rect;
}

void render_begin(struct render *r)
{
    r->be->begin(r);
    if (r->partial)
        SDL_RenderSetClipRect(r->ren, NULL);
    r->partial = false;
    r->n_dmg = 0;
    render_damage_add(r, (SDL_Rect){0, 0, r->w, r->h});
    SDL_SetRenderDrawColor(r->ren, 0, 0, 0, 255);
    SDL_RenderClear(r->ren);
    text_frame_begin(r->te);
}

bool render_begin_partial(struct render *r, SDL_Rect damage)
{
    if (!r->kept) {
        render_begin(r);
        return false;
    }
    r->be->begin(r);
    r->partial = true;
    r->n_dmg = 0;
    text_frame_begin(r->te);
    return render_partial_add(r, damage);
}

bool render_partial_add(struct render *r, SDL_Rect rect)
{
    SDL_Rect all = {0, 0, r->w, r->h};
    if (!r->partial)
        return false;
    if (!SDL_IntersectRect(&rect, &all, &r->damage))
        r->damage = (SDL_Rect){0, 0, 0, 0}; /* draws nothing */
    render_damage_add(r, r->damage);
    SDL_RenderSetClipRect(r->ren, &r->damage);
    SDL_SetRenderDrawBlendMode(r->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(r->ren, 0, 0, 0, 255);
    SDL_RenderFillRect(r->ren, &r->damage);
    SDL_SetRenderDrawBlendMode(r->ren, SDL_BLENDMODE_BLEND);
    return true;
}

void render_end(struct render *r)
{
    if (r->partial)
        SDL_RenderSetClipRect(r->ren, NULL);
    r->partial = false;
    SDL_RenderFlush(r->ren);
    r->be->end(r);
    r->kept = true;
    r->presented += r->n_dmg > 0;
    if (r->on_present)
        r->on_present(r->on_present_ctx, r->dmg, r->n_dmg);
    if (!r->fade.used) /* two pictures' rows: kept only while crossfading */
        render_fade_release(r);
    r->fade.used = false;
}

/* In a partial frame: whether the box (x, y, w, h), widened by a pixel for SDL's rounding, can
 * touch the damaged rectangle. */
static bool in_damage(const struct render *r, float x, float y, float w, float h)
{
    const SDL_Rect *d = &r->damage;
    return !r->partial || (x - 1 < d->x + d->w && x + w + 1 > d->x && y - 1 < d->y + d->h && y + h + 1 > d->y);
}

/* Copies rows [y0, y1) x columns [x0, x1) of atlas page p into t as white with coverage alpha. */
static void upload_rect(struct render *r, struct atlas_tex *t, const struct text_atlas_page *p, int x0, int y0,
                        int x1, int y1)
{
    int w = x1 - x0, h = y1 - y0;
    size_t bytes = (size_t)w * (size_t)h * 4;
    if (w <= 0 || h <= 0)
        return;
    if (bytes > r->cap_convert) {
        r->convert = xrealloc(r->convert, bytes);
        r->cap_convert = bytes;
    }
    uint32_t *dst = (uint32_t *)r->convert;
    for (int y = y0; y < y1; y++) {
        const uint8_t *src = p->pixels + (size_t)y * (size_t)p->stride + (size_t)x0;
        if (y >= p->used_height) /* nothing was ever placed here: zeros, without reading the page */
            for (int x = 0; x < w; x++)
                *dst++ = 0xffffffu;
        else
            for (int x = 0; x < w; x++)
                *dst++ = ((uint32_t)src[x] << 24) | 0xffffffu;
    }
    SDL_Rect rect = {x0, y0, w, h};
    SDL_UpdateTexture(t->tex, &rect, r->convert, w * 4);
}

/* Brings atlas page textures up to date: a texture as tall as the page's used rows need (grown
 * when they do; the GPU or software copy of the page is what costs memory), and within it only
 * the tiles that changed since the last upload, in bands of one tile row. */
static void sync_pages(struct render *r)
{
    size_t n = text_atlas_page_count(r->te);
    if (n > r->n_pages) {
        r->pages = xreallocarray(r->pages, n, sizeof *r->pages);
        memset(r->pages + r->n_pages, 0, (n - r->n_pages) * sizeof *r->pages);
        r->n_pages = n;
    }
    for (size_t i = 0; i < n; i++) {
        const struct text_atlas_page *p = text_atlas_page(r->te, i);
        struct atlas_tex *t = &r->pages[i];
        if (t->tex && t->version == p->version)
            continue;
        int ts = p->tile_size;
        bool whole = !t->tex || t->version < p->cleared;
        if (t->tex && (t->w != p->width || t->h < p->used_height)) {
            SDL_DestroyTexture(t->tex);
            t->tex = NULL;
        }
        if (!t->tex) {
            /* Half as many rows again as used now, so growing is rare, rounded up to a power of
             * two: then the texture coordinates (y / h) are exact binary fractions, and SDL's
             * float maths maps them back to the same pixel rows on every CPU (fused multiply-add
             * on ARM rounds inexact ones differently; tests/package/compare_arch.sh). */
            int want = p->used_height + p->used_height / 2, h = ts;
            while (h < want && h < p->height)
                h *= 2;
            h = h > p->height ? p->height : h;
            /* ABGR, not the surface's ARGB: white-with-alpha has the same bits in both, and with
             * unequal masks SDL's software blend is its portable C loop on every CPU. With equal
             * masks x86-64 takes an MMX blitter that rounds differently from ARM's C one, and the
             * PNGs would differ between architectures (tests/package/compare_arch.sh). */
            t->tex = SDL_CreateTexture(r->ren, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, p->width, h);
            if (!t->tex) {
                LOG_ERR("cannot create a %dx%d glyph texture: %s", p->width, h, SDL_GetError());
                continue;
            }
            SDL_SetTextureBlendMode(t->tex, SDL_BLENDMODE_BLEND);
            t->w = p->width, t->h = h;
            whole = true;
        }
        for (int ty = 0; ty < p->tiles_y && ty * ts < t->h; ty++) {
            int y0 = ty * ts, y1 = y0 + ts > t->h ? t->h : y0 + ts;
            const uint64_t *row = p->tile_version + (size_t)ty * (size_t)p->tiles_x;
            if (whole) {
                upload_rect(r, t, p, 0, y0, p->width, y1);
                continue;
            }
            for (int tx = 0; tx < p->tiles_x;) {
                if (row[tx] <= t->version) {
                    tx++;
                    continue;
                }
                int end = tx;
                while (end < p->tiles_x && row[end] > t->version)
                    end++;
                upload_rect(r, t, p, tx * ts, y0, end * ts > p->width ? p->width : end * ts, y1);
                tx = end;
            }
        }
        t->version = p->version;
    }
}

static void grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    *p = xreallocarray(*p, c, elem);
    *cap = c;
}

/* Draws text ops [first, last) of dl: quads gathered, then one geometry call per atlas page. */
static void draw_text_run(struct render *r, const struct drawlist *dl, size_t first, size_t last, float alpha)
{
    size_t nq = 0;
    for (size_t i = first; i < last; i++) {
        const struct draw_op *op = &dl->ops[i];
        if (!in_damage(r, op->x, op->y, (float)op->text->box_width, (float)op->text->box_height))
            continue;
        size_t before = nq;
        nq = text_quads(r->te, op->text, op->x, op->y, &r->quads, nq, &r->cap_quads);
        grow((void **)&r->quad_color, &r->cap_color, nq, sizeof *r->quad_color);
        uint8_t a = (uint8_t)lroundf(op->color.a * alpha);
        uint32_t packed = (uint32_t)op->color.r | (uint32_t)op->color.g << 8 | (uint32_t)op->color.b << 16 |
                          (uint32_t)a << 24;
        for (size_t q = before; q < nq; q++)
            r->quad_color[q] = packed;
    }
    if (nq == 0)
        return;
    sync_pages(r);
    grow((void **)&r->verts, &r->cap_verts, nq * 4, sizeof *r->verts);
    grow((void **)&r->idx, &r->cap_idx, nq * 6, sizeof *r->idx);
    for (size_t page = 0; page < r->n_pages; page++) {
        struct atlas_tex *t = &r->pages[page];
        if (!t->tex)
            continue;
        int nv = 0, ni = 0;
        float iw = 1.0f / t->w, ih = 1.0f / t->h;
        for (size_t q = 0; q < nq; q++) {
            const struct text_quad *tq = &r->quads[q];
            if (tq->page != page)
                continue;
            uint32_t c = r->quad_color[q];
            SDL_Color col = {c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff, c >> 24};
            float x0 = tq->dst_x, y0 = tq->dst_y, x1 = x0 + tq->w, y1 = y0 + tq->h;
            float u0 = tq->src_x * iw, v0 = tq->src_y * ih, u1 = (tq->src_x + tq->w) * iw,
                  v1 = (tq->src_y + tq->h) * ih;
            SDL_Vertex *v = &r->verts[nv];
            v[0] = (SDL_Vertex){{x0, y0}, col, {u0, v0}};
            v[1] = (SDL_Vertex){{x1, y0}, col, {u1, v0}};
            v[2] = (SDL_Vertex){{x1, y1}, col, {u1, v1}};
            v[3] = (SDL_Vertex){{x0, y1}, col, {u0, v1}};
            int *ix = &r->idx[ni];
            ix[0] = nv, ix[1] = nv + 1, ix[2] = nv + 2, ix[3] = nv, ix[4] = nv + 2, ix[5] = nv + 3;
            nv += 4, ni += 6;
        }
        if (ni && SDL_RenderGeometry(r->ren, t->tex, r->verts, nv, r->idx, ni) != 0)
            LOG_WARN("SDL_RenderGeometry failed: %s", SDL_GetError());
    }
}

static struct image_entry *image_find(struct render *r, const char *path)
{
    for (size_t i = 0; i < RENDER_IMAGE_CACHE; i++)
        if (r->images[i].path && strcmp(r->images[i].path, path) == 0) {
            r->images[i].used = ++r->image_clock;
            return &r->images[i];
        }
    return NULL;
}

/* Least recently used images go until the decoded pixels are within RENDER_IMAGE_PIXELS (keep
 * is the one just loaded). */
static void image_evict(struct render *r, const struct image_entry *keep)
{
    for (;;) {
        uint64_t total = 0;
        struct image_entry *lru = NULL;
        for (size_t i = 0; i < RENDER_IMAGE_CACHE; i++) {
            struct image_entry *x = &r->images[i];
            if (!x->tex)
                continue;
            total += (uint64_t)x->w * (uint64_t)x->h;
            if (x != keep && (!lru || x->used < lru->used))
                lru = x;
        }
        if (total <= RENDER_IMAGE_PIXELS || !lru)
            return;
        SDL_DestroyTexture(lru->tex);
        free(lru->path);
        memset(lru, 0, sizeof *lru);
    }
}

static struct image_entry *image_get(struct render *r, const char *path)
{
    struct image_entry *e = image_find(r, path);
    if (e)
        return e;
    e = &r->images[0];
    for (size_t i = 1; i < RENDER_IMAGE_CACHE; i++)
        if (r->images[i].used < e->used)
            e = &r->images[i];
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    free(e->path);
    memset(e, 0, sizeof *e);
    e->path = xstrdup(path);
    e->used = ++r->image_clock;
    const char *why = NULL;
    SDL_Surface *s = render_load_image(path, r->w, r->h, &why); /* never above the screen's size */
    if (!s) {
        LOG_WARN("%s: cannot show this image: %s", path, why);
        return e;
    }
    e->tex = SDL_CreateTextureFromSurface(r->ren, s);
    if (!e->tex) {
        LOG_WARN("%s: cannot make a texture of %dx%d: %s", path, s->w, s->h, SDL_GetError());
    } else {
        SDL_SetTextureScaleMode(e->tex, SDL_ScaleModeLinear);
        SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND); /* a JPEG has no alpha; a crossfade fades it */
    }
    e->w = s->w, e->h = s->h;
    SDL_FreeSurface(s);
    image_evict(r, e);
    return e;
}

void render_image_retry(struct render *r)
{
    for (size_t i = 0; i < RENDER_IMAGE_CACHE; i++)
        if (r->images[i].path && !r->images[i].tex) {
            free(r->images[i].path);
            memset(&r->images[i], 0, sizeof r->images[i]);
        }
}

bool render_image_size(struct render *r, const char *path, int *w, int *h)
{
    struct image_entry *e = image_get(r, path);
    if (!e->tex)
        return false;
    *w = e->w, *h = e->h;
    return true;
}

bool render_image_size_cb(void *r, const char *path, int *w, int *h) { return render_image_size(r, path, w, h); }

void render_draw(struct render *r, const struct drawlist *dl, float alpha)
{
    if (alpha <= 0)
        return;
    if (alpha > 1)
        alpha = 1;
    for (size_t i = 0; i < dl->n;) {
        const struct draw_op *op = &dl->ops[i];
        switch (op->kind) {
        case DRAW_TEXT: {
            size_t j = i;
            while (j < dl->n && dl->ops[j].kind == DRAW_TEXT)
                j++;
            draw_text_run(r, dl, i, j, alpha);
            i = j;
            continue;
        }
        case DRAW_RECT: {
            if (!in_damage(r, op->x, op->y, op->w, op->h))
                break;
            uint8_t a = (uint8_t)lroundf(op->color.a * alpha);
            SDL_SetRenderDrawBlendMode(r->ren, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(r->ren, op->color.r, op->color.g, op->color.b, a);
            SDL_FRect fr = {op->x, op->y, op->w, op->h};
            SDL_RenderFillRectF(r->ren, &fr);
            break;
        }
        case DRAW_IMAGE: {
            struct image_entry *e = in_damage(r, op->x, op->y, op->w, op->h) ? image_get(r, op->image) : NULL;
            if (e && e->tex) {
                SDL_SetTextureAlphaMod(e->tex, (uint8_t)lroundf(255 * alpha));
                SDL_Rect src = {(int)op->sx, (int)op->sy, (int)lroundf(op->sw), (int)lroundf(op->sh)};
                SDL_FRect dst = {op->x, op->y, op->w, op->h};
                SDL_RenderCopyF(r->ren, e->tex, &src, &dst);
            }
            break;
        }
        case DRAW_CLIP: {
            SDL_Rect cr = {(int)floorf(op->x), (int)floorf(op->y), (int)ceilf(op->w), (int)ceilf(op->h)};
            if (r->partial && !SDL_IntersectRect(&cr, &r->damage, &cr))
                cr = (SDL_Rect){r->damage.x, r->damage.y, 0, 0}; /* draws nothing */
            SDL_RenderSetClipRect(r->ren, &cr);
            break;
        }
        case DRAW_UNCLIP:
            SDL_RenderSetClipRect(r->ren, r->partial ? &r->damage : NULL);
            break;
        }
        i++;
    }
    SDL_SetRenderDrawBlendMode(r->ren, SDL_BLENDMODE_BLEND);
}

void render_prepare(struct render *r, const struct drawlist *dl)
{
    size_t nq = 0;
    for (size_t i = 0; i < dl->n; i++) {
        if (dl->ops[i].kind == DRAW_TEXT)
            nq = text_quads(r->te, dl->ops[i].text, 0, 0, &r->quads, nq, &r->cap_quads);
        else if (dl->ops[i].kind == DRAW_IMAGE)
            (void)image_get(r, dl->ops[i].image);
    }
    for (size_t i = 0; i < dl->n_warm; i++)
        nq = text_quads(r->te, dl->warm[i], 0, 0, &r->quads, nq, &r->cap_quads);
    sync_pages(r);
}
