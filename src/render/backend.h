/* backend: the drawing target and the presenters behind one ops struct (internal to render/). */
#pragma once
#include "render/render.h"

struct render_backend {
    const char *name;
    void (*begin)(struct render *r);   /* select the drawing target */
    void (*end)(struct render *r);     /* present the damaged rectangles / produce the output surface */
    void (*destroy)(struct render *r); /* free backend state (not the drawing renderer) */
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

#define RENDER_MAX_DAMAGE 8

/* Crossfade state: the two settled pictures, only their rows that can differ (fade.c). */
struct render_fade {
    bool used;            /* a frame used it since the last render_end */
    int n_rows;           /* rows stored */
    int *slot;            /* per picture row: index into the stores, or -1 */
    bool *marked;         /* per picture row: some op of a marked list can touch it */
    uint32_t *from, *to;  /* n_rows rows of the picture width each; NULL until captured */
    int y0, y1;           /* rows [y0, y1) hold every stored row */
};

struct render {
    const struct render_backend *be;
    struct text_engine *te;
    SDL_Renderer *ren;        /* always SDL's software renderer: the one drawing path */
    int w, h;                 /* logical */
    int rotate;
    bool kept;                /* the drawing target holds the last frame (partial frames possible) */
    bool partial;             /* in a partial frame: ops outside damage are skipped */
    SDL_Rect damage;          /* the rectangle being redrawn in a partial frame */
    SDL_Rect dmg[RENDER_MAX_DAMAGE]; /* this frame's damaged rectangles (logical px) */
    int n_dmg;
    render_present_fn on_present;
    void *on_present_ctx;
    uint64_t presented;       /* frames presented */
    struct render_fade fade;
    /* backend state */
    SDL_Window *win;
    enum render_present present;
    SDL_Surface *surf;        /* the logical picture we draw into; NULL: straight into the window surface */
    SDL_Surface *out;         /* surface backend with rotation: the rotated output */
    SDL_Renderer *gl;         /* gl presenter: the accelerated renderer */
    SDL_Texture *frame;       /* gl presenter: the framebuffer texture (logical size, streaming) */
    uint32_t *rot_buf;        /* window surface presenter with rotation: one rotated rectangle */
    size_t cap_rot;
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
/* The picture being drawn (ARGB8888 or XRGB8888, logical size), after flushing queued drawing. */
SDL_Surface *render_picture(struct render *r);
/* Frees the crossfade state (fade.c). */
void render_fade_release(struct render *r);
/* Adds a damaged rectangle to this frame's list (merging when the list is full). */
void render_damage_add(struct render *r, SDL_Rect rect);
