/* backend: what differs between the window and the surface backends (internal to render/). */
#pragma once
#include "render/render.h"

struct render_backend {
    const char *name;
    void (*begin)(struct render *r);   /* select the drawing target */
    void (*end)(struct render *r);     /* present / produce the output surface */
    void (*destroy)(struct render *r); /* free backend state (not the renderer) */
};

struct atlas_tex {
    SDL_Texture *tex;
    uint64_t version;
    int w, h;
};

struct image_entry {
    char *path;
    SDL_Texture *tex; /* NULL: failed to load (kept so the failure is logged once) */
    int w, h;
    uint64_t used;
};

#define RENDER_IMAGE_CACHE 8
/* Decoded image pixels kept as textures at most (docs/player.md: the memory budget): 16 Mpx =
 * 64 MiB of RGBA; least recently used images are dropped first and decoded again when needed. */
#define RENDER_IMAGE_PIXELS (16u << 20)

struct render {
    const struct render_backend *be;
    struct text_engine *te;
    SDL_Renderer *ren;
    int w, h;       /* logical */
    int rotate;
    bool kept;                /* the drawing target holds the last frame (partial frames possible) */
    bool partial;             /* in a partial frame: ops outside damage are skipped */
    SDL_Rect damage;
    /* backend state */
    SDL_Window *win;
    SDL_Texture *target;      /* window: the logical picture (kept between frames) */
    SDL_Texture *layer;       /* crossfade layer (logical size): made when a crossfade starts, */
    bool layer_used;          /* freed after the first frame that does not use it */
    bool no_layer;            /* target textures unsupported: do not try again */
    SDL_Surface *surf;        /* surface backend: the logical picture */
    SDL_Surface *out;         /* surface backend with rotation: the rotated output */
    /* shared state */
    struct atlas_tex *pages;
    size_t n_pages;
    struct image_entry images[RENDER_IMAGE_CACHE];
    uint64_t image_clock;
    struct text_quad *quads;
    size_t cap_quads;
    uint32_t *quad_color;     /* packed colour per quad */
    size_t cap_color;
    SDL_Vertex *verts;
    size_t cap_verts;
    int *idx;
    size_t cap_idx;
    uint8_t *convert;         /* atlas page upload buffer */
    size_t cap_convert;
};

/* Common setup after the backend made r->ren. */
void render_init_common(struct render *r);
