#define LOG_TAG "atlas"
#include "text/atlas.h"

#include <string.h>

#define STB_RECT_PACK_IMPLEMENTATION
#include <stb/stb_rect_pack.h>

#include "core/log.h"
#include "core/xalloc.h"

enum { SLOT_EMPTY, SLOT_RESIDENT, SLOT_EVICTED, SLOT_FAILED };

struct slot {
    uint16_t font, size;
    uint32_t gid;
    uint8_t state;
    struct atlas_entry e;
};

#define TILE 64 /* px: the granularity of text_atlas_page.tile_version */

struct page {
    struct text_atlas_page pub;
    uint8_t *pixels;
    uint64_t *tiles;     /* pub.tile_version */
    stbrp_context pack;
    stbrp_node *nodes;
    uint64_t last_used;  /* access tick */
};

struct atlas {
    atlas_raster_fn raster;
    void *ctx;
    int page_size, max_pages;
    struct page **pages; /* each page on its own: stbrp_context points into itself */
    size_t n_pages;
    struct slot *slots;
    size_t cap, used;
    uint64_t tick, frame_tick;
    uint64_t version;    /* the clock of page and tile versions */
    struct atlas_stats st;
    bool warned_full;
};

static uint32_t key_hash(uint16_t font, uint32_t gid, uint16_t size)
{
    uint64_t k = (uint64_t)font << 48 ^ (uint64_t)size << 32 ^ gid;
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (uint32_t)k;
}

static void pages_drop(struct atlas *a)
{
    for (size_t i = 0; i < a->n_pages; i++) {
        free(a->pages[i]->pixels);
        free(a->pages[i]->tiles);
        free(a->pages[i]->nodes);
        free(a->pages[i]);
    }
    free(a->pages);
    a->pages = NULL;
    a->n_pages = 0;
}

void atlas_configure(struct atlas *a, int page_size, int max_pages)
{
    pages_drop(a);
    free(a->slots);
    a->page_size = page_size < 64 ? 64 : page_size > 2048 ? 2048 : page_size;
    a->max_pages = max_pages < 1 ? 1 : max_pages > 64 ? 64 : max_pages;
    a->cap = 256;
    a->used = 0;
    a->slots = xcalloc(a->cap, sizeof *a->slots);
}

struct atlas *atlas_new(int page_size, int max_pages, atlas_raster_fn raster, void *ctx)
{
    struct atlas *a = xcalloc(1, sizeof *a);
    a->raster = raster;
    a->ctx = ctx;
    atlas_configure(a, page_size, max_pages);
    return a;
}

void atlas_free(struct atlas *a)
{
    if (!a)
        return;
    pages_drop(a);
    free(a->slots);
    free(a);
}

/* Every glyph on page pi becomes non-resident (re-rasterized when next used). */
static void page_evict(struct atlas *a, size_t pi)
{
    for (size_t i = 0; i < a->cap; i++)
        if (a->slots[i].state == SLOT_RESIDENT && a->slots[i].e.page == pi && a->slots[i].e.w > 0) {
            a->slots[i].state = SLOT_EVICTED;
            a->st.evicted++;
        }
}

void atlas_frame_begin(struct atlas *a)
{
    a->frame_tick = ++a->tick;
    while (a->n_pages > (size_t)a->max_pages) { /* overflow pages of a crowded frame go again */
        struct page *p = a->pages[--a->n_pages];
        page_evict(a, a->n_pages);
        free(p->pixels);
        free(p->tiles);
        free(p->nodes);
        free(p);
    }
}

static struct slot *slot_find(struct slot *slots, size_t cap, uint16_t font, uint32_t gid, uint16_t size)
{
    size_t i = key_hash(font, gid, size) & (cap - 1);
    while (slots[i].state != SLOT_EMPTY &&
           !(slots[i].font == font && slots[i].gid == gid && slots[i].size == size))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void grow(struct atlas *a)
{
    size_t cap = a->cap * 2;
    struct slot *s = xcalloc(cap, sizeof *s);
    for (size_t i = 0; i < a->cap; i++)
        if (a->slots[i].state != SLOT_EMPTY)
            *slot_find(s, cap, a->slots[i].font, a->slots[i].gid, a->slots[i].size) = a->slots[i];
    free(a->slots);
    a->slots = s;
    a->cap = cap;
}

/* Clears a page: only its used rows need zeroing (a new page is calloc'd: untouched memory). */
static void page_reset(struct atlas *a, struct page *p)
{
    memset(p->pixels, 0, (size_t)p->pub.used_height * (size_t)a->page_size);
    p->pub.used_height = 0;
    stbrp_init_target(&p->pack, a->page_size, a->page_size, p->nodes, a->page_size);
    p->pub.version = p->pub.cleared = ++a->version;
}

static bool page_place(struct atlas *a, size_t pi, int w, int h, int *x, int *y)
{
    stbrp_rect r = {.w = w + 1, .h = h + 1};
    if (!stbrp_pack_rects(&a->pages[pi]->pack, &r, 1) || !r.was_packed)
        return false;
    *x = r.x;
    *y = r.y;
    return true;
}

/* Finds room for a w x h bitmap: an existing page, a new page, or the LRU page cleared. */
static bool place(struct atlas *a, int w, int h, size_t *page, int *x, int *y)
{
    for (size_t i = a->n_pages; i-- > 0;)
        if (page_place(a, i, w, h, x, y)) {
            *page = i;
            return true;
        }
    size_t lru = SIZE_MAX;
    for (size_t i = 0; a->n_pages >= (size_t)a->max_pages && i < a->n_pages; i++)
        if (a->pages[i]->last_used < a->frame_tick &&
            (lru == SIZE_MAX || a->pages[i]->last_used < a->pages[lru]->last_used))
            lru = i;
    /* A new page while under the bound; also, transiently, when every page is in use by this
     * frame (up to twice the bound): text_frame_begin trims back. Glyphs are not dropped. */
    if (a->n_pages < (size_t)a->max_pages || (lru == SIZE_MAX && a->n_pages < 2 * (size_t)a->max_pages)) {
        a->pages = xreallocarray(a->pages, a->n_pages + 1, sizeof *a->pages);
        struct page *p = a->pages[a->n_pages] = xmalloc(sizeof *p);
        size_t sz = (size_t)a->page_size;
        int tn = (a->page_size + TILE - 1) / TILE;
        *p = (struct page){.pixels = xcalloc(sz, sz), .nodes = xcalloc(sz, sizeof(stbrp_node)),
                           .tiles = xcalloc((size_t)tn * (size_t)tn, sizeof(uint64_t))};
        p->pub = (struct text_atlas_page){.pixels = p->pixels, .width = a->page_size, .height = a->page_size,
                                          .stride = a->page_size, .tile_version = p->tiles, .tile_size = TILE,
                                          .tiles_x = tn, .tiles_y = tn};
        page_reset(a, p);
        *page = a->n_pages++;
        return page_place(a, *page, w, h, x, y);
    }
    if (lru == SIZE_MAX)
        return false;
    page_evict(a, lru);
    page_reset(a, a->pages[lru]);
    *page = lru;
    return page_place(a, lru, w, h, x, y);
}

static void rasterize(struct atlas *a, struct slot *s)
{
    struct atlas_bitmap bm;
    a->st.rasterized++;
    if (!a->raster(a->ctx, s->font, s->gid, s->size, &bm)) {
        s->state = SLOT_FAILED;
        s->e = (struct atlas_entry){0};
        return;
    }
    s->e = (struct atlas_entry){.left = (int16_t)bm.left, .top = (int16_t)bm.top};
    s->state = SLOT_RESIDENT;
    if (bm.width <= 0 || bm.height <= 0)
        return;
    if (bm.width + 1 > a->page_size || bm.height + 1 > a->page_size) {
        LOG_WARN("glyph %u of font %u at %u px is larger than an atlas page", s->gid, s->font, s->size);
        s->state = SLOT_FAILED;
        return;
    }
    size_t pi;
    int x, y;
    if (!place(a, bm.width, bm.height, &pi, &x, &y)) {
        if (!a->warned_full)
            LOG_WARN("atlas full: all %zu pages (twice the bound of %d) are used by this frame; glyphs dropped",
                     a->n_pages, a->max_pages);
        a->warned_full = true;
        a->st.dropped++;
        s->state = SLOT_EVICTED;
        return;
    }
    struct page *p = a->pages[pi];
    for (int r = 0; r < bm.height; r++)
        memcpy(p->pixels + (size_t)(y + r) * (size_t)a->page_size + (size_t)x,
               bm.pixels + (ptrdiff_t)r * bm.pitch, (size_t)bm.width);
    p->pub.version = ++a->version;
    for (int ty = y / TILE; ty <= (y + bm.height - 1) / TILE; ty++)
        for (int tx = x / TILE; tx <= (x + bm.width - 1) / TILE; tx++)
            p->tiles[ty * p->pub.tiles_x + tx] = p->pub.version;
    if (y + bm.height > p->pub.used_height)
        p->pub.used_height = y + bm.height;
    s->e.page = (uint16_t)pi;
    s->e.x = (int16_t)x;
    s->e.y = (int16_t)y;
    s->e.w = (int16_t)bm.width;
    s->e.h = (int16_t)bm.height;
}

const struct atlas_entry *atlas_get(struct atlas *a, uint16_t font, uint32_t gid, int px)
{
    uint16_t size = (uint16_t)px;
    struct slot *s = slot_find(a->slots, a->cap, font, gid, size);
    if (s->state == SLOT_EMPTY) {
        if ((a->used + 1) * 4 > a->cap * 3) {
            grow(a);
            s = slot_find(a->slots, a->cap, font, gid, size);
        }
        a->used++;
        a->st.misses++;
        *s = (struct slot){.font = font, .gid = gid, .size = size, .state = SLOT_EVICTED};
    }
    if (s->state == SLOT_EVICTED)
        rasterize(a, s);
    if (s->state == SLOT_EVICTED)
        return NULL; /* no room this frame */
    if (s->state == SLOT_RESIDENT && s->e.w > 0)
        a->pages[s->e.page]->last_used = ++a->tick;
    return &s->e;
}

size_t atlas_page_count(const struct atlas *a) { return a->n_pages; }

const struct text_atlas_page *atlas_page(const struct atlas *a, size_t i)
{
    return i < a->n_pages ? &a->pages[i]->pub : NULL;
}

void atlas_stats(const struct atlas *a, struct atlas_stats *out)
{
    *out = a->st;
    out->cached = a->used;
    out->bytes = a->n_pages * (size_t)a->page_size * (size_t)a->page_size;
}
