/* render: executes draw lists with an SDL_Renderer. Two backends behind one ops struct (like
 * kmscube's legacy vs atomic DRM): a fullscreen window (KMS/DRM, X11 or Wayland, vsync) and a
 * software renderer on an ARGB8888 surface (PNG preview, tests; needs no SDL video init). Both run
 * the same draw code. Text comes from the text engine's atlas: one texture per page (as tall as
 * its used rows), updated tile by tile where the page changed, one SDL_RenderGeometry call per page
 * per run of text ops. A frame may redraw only a rectangle (render_begin_partial) where the
 * backend keeps its picture.
 * Images are decoded by type after checking magic bytes, never by auto-detection. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include <SDL2/SDL.h>

#include "slides/drawlist.h"
#include "text/text.h"

struct render;

/* A software renderer drawing a logical w x h picture; with rotate (0, 90, 180, 270, clockwise)
 * the output surface holds it rotated as a panel mounted that way needs it. */
struct render *render_new_surface(struct text_engine *te, int w, int h, int rotate);

struct render_window_opts {
    int rotate;          /* 0, 90, 180, 270 clockwise */
    int width, height;   /* > 0: a window of that size instead of fullscreen */
};
/* Opens a window (SDL video must be initialised). NULL with a message on stderr that names the
 * video driver(s) tried and SDL_GetError(). */
struct render *render_new_window(struct text_engine *te, const struct render_window_opts *opts);
void render_free(struct render *r);

/* The logical size slides are laid out for (after rotation). */
void render_size(const struct render *r, int *w, int *h);
const char *render_backend_name(const struct render *r);

/* Starts a frame: clears to black and marks the text engine's frame. */
void render_begin(struct render *r);
/* Starts a frame that redraws only the rectangle damage (logical px) and keeps the rest of the
 * last frame's picture: damage is cleared to black, and until render_end every render_draw is
 * clipped to it and skips ops that lie outside it (a frame where only the ticker moves). Only when
 * the backend keeps its picture between frames (the software surface; a window drawing through
 * its target texture) and has drawn a frame; otherwise starts a full frame (render_begin) and
 * returns false. Drawing the same lists gives the same pixels either way. No layers in it. */
bool render_begin_partial(struct render *r, SDL_Rect damage);
/* Draws dl with every colour's alpha multiplied by alpha (0..1): the crossfade. */
void render_draw(struct render *r, const struct drawlist *dl, float alpha);
/* Draws what follows, until render_layer_end, into an offscreen layer that is then laid over the
 * picture with one alpha: a true crossfade of a whole slide. False when the renderer has no
 * target textures (the caller then fades each op with render_draw's alpha). The layer (a whole
 * screen of pixels) exists only while frames use it: render_end frees it after one that did not. */
bool render_layer_begin(struct render *r);
void render_layer_end(struct render *r, float alpha);
/* Ends the frame: presents the window, or writes the (rotated) output surface. */
void render_end(struct render *r);

/* Rasterizes every glyph dl needs (text ops and warm layouts) and uploads changed atlas pages,
 * without drawing: done before a step's transition so it never stalls. */
void render_prepare(struct render *r, const struct drawlist *dl);

/* Size of an image asset, loading (and caching) it on first use. False when it cannot be loaded;
 * the reason is logged once per path. */
bool render_image_size(struct render *r, const char *path, int *w, int *h);
/* Forgets every image that failed to load, so the next use tries the file again. */
void render_image_retry(struct render *r);
/* Adapter for slide_ctx.image_size. */
bool render_image_size_cb(void *r, const char *path, int *w, int *h);

/* Surface backend: the output picture (owned by the render, valid until the next frame). */
SDL_Surface *render_surface(struct render *r);

/* Loads a PNG or JPEG file (magic bytes, then the header against the limits, then a bounded
 * decode) at most at the size that covers box_w x box_h (0 x 0: full size), EXIF orientation
 * applied; NULL (and *why set) on failure. */
SDL_Surface *render_load_image(const char *path, int box_w, int box_h, const char **why);
/* Writes surface as PNG through fs_write_atomic: the file is replaced whole or not at all, and
 * no temp file is left behind. False (logged) on failure. */
bool render_save_png(SDL_Surface *s, const char *path);
/* A new surface holding s rotated clockwise by rotate degrees (0/90/180/270). */
SDL_Surface *render_rotate_surface(SDL_Surface *s, int rotate);
/* A new w x h surface: s scaled down with an area (box) filter. */
SDL_Surface *render_scale_surface(SDL_Surface *s, int w, int h);
