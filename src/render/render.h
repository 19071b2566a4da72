/* render: executes draw lists with SDL's software renderer, the one drawing path (the goldens test
 * it), and hands each frame's damaged rectangles to a presenter behind one ops struct (like
 * kmscube's legacy vs atomic DRM): a software surface (PNG preview, tests; needs no SDL video
 * init), a window surface updated rectangle by rectangle (X11, Wayland), or a framebuffer texture
 * on an accelerated renderer (KMS/DRM, GPUs). Text comes from the text engine's atlas: one texture
 * per page (as tall as its used rows), updated tile by tile where the page changed, one
 * SDL_RenderGeometry call per page per run of text ops. A frame may redraw only rectangles
 * (render_begin_partial) since every target keeps its picture; a crossfade blends two captured
 * settled pictures. Images are decoded by type after checking magic bytes, never by
 * auto-detection. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include <SDL2/SDL.h>

#include "slides/drawlist.h"
#include "text/text.h"

struct render;

/* How a window shows the picture: chosen by itself (auto), the window surface with only damaged
 * rectangles updated (surface: no GL loaded on X11/Wayland), or a framebuffer texture on an
 * accelerated renderer (gl: GLES2 on KMS/DRM, the GPU's renderer elsewhere). */
enum render_present { RENDER_PRESENT_AUTO, RENDER_PRESENT_SURFACE, RENDER_PRESENT_GL };
/* A presenter's view of a frame: the damaged rectangles (logical px) it was asked to show. */
typedef void (*render_present_fn)(void *ctx, const SDL_Rect *rects, int n);

/* A software renderer drawing a logical w x h picture; with rotate (0, 90, 180, 270, clockwise)
 * the output surface holds it rotated as a panel mounted that way needs it. */
struct render *render_new_surface(struct text_engine *te, int w, int h, int rotate);

struct render_window_opts {
    int rotate;          /* 0, 90, 180, 270 clockwise */
    int width, height;   /* > 0: a window of that size instead of fullscreen */
    enum render_present present;
};
/* Opens a window (SDL video must be initialised) with the presenter opts->present asks for; auto
 * picks it with render_choose_present and logs which one and why. NULL with a message on stderr that names the
 * video driver(s) tried and SDL_GetError(). */
struct render *render_new_window(struct text_engine *te, const struct render_window_opts *opts);
void render_free(struct render *r);

/* The logical size slides are laid out for (after rotation). */
void render_size(const struct render *r, int *w, int *h);
const char *render_backend_name(const struct render *r);
/* The SDL window a window render draws into (for the screen's power, src/power/dpms.h); NULL for a
 * software surface. */
struct SDL_Window *render_sdl_window(const struct render *r);
/* Frames presented so far (those that changed some pixels). */
uint64_t render_presented(const struct render *r);
/* Calls fn at the end of every frame with the rectangles presented (the whole picture for a whole
 * frame): tests record what a presenter was asked to show. */
void render_set_present_hook(struct render *r, render_present_fn fn, void *ctx);

/* Starts a frame: clears to black and marks the text engine's frame. Called again before
 * render_end it starts over (the crossfade draws its two pictures in one frame). */
void render_begin(struct render *r);
/* Starts a frame that redraws only the rectangle damage (logical px) and keeps the rest of the
 * last frame's picture: damage is cleared to black, and until render_end every render_draw is
 * clipped to it and skips ops that lie outside it (a frame where only the ticker moves); only the
 * damaged rectangles are presented (none for an empty damage). Only once a frame was drawn; otherwise starts a full frame
 * (render_begin) and returns false. Drawing the same lists gives the same pixels either way. */
bool render_begin_partial(struct render *r, SDL_Rect damage);
/* In a partial frame, adds another damaged rectangle: it is cleared to black, and the draws that
 * follow are clipped to it (the ones before stay clipped to theirs). False outside partial frames. */
bool render_partial_add(struct render *r, SDL_Rect rect);
/* Draws dl with every colour's alpha multiplied by alpha (0..1). */
void render_draw(struct render *r, const struct drawlist *dl, float alpha);

/* Crossfade by blending two settled pictures (fade.c) instead of drawing both every frame:
 * render_fade_reset forgets the last one; render_fade_mark notes the rows the ops of dl can touch
 * (mark both slides' lists: the other rows are the same in both pictures); render_fade_capture
 * copies those rows of the picture drawn so far, as the outgoing (to = false) or the incoming
 * picture (to = true: rows equal to the outgoing one are dropped); render_fade_blend writes
 * outgoing * (1 - t) + incoming * t into the picture (SIMD) and adds those rows to the frame's
 * damage; false when nothing was captured. The stored rows exist only while frames use them:
 * render_end frees them after a frame that did not. */
void render_fade_reset(struct render *r);
void render_fade_mark(struct render *r, const struct drawlist *dl);
bool render_fade_capture(struct render *r, bool to);
bool render_fade_blend(struct render *r, float t);
/* Bytes the crossfade holds now (for tests and the bench). */
size_t render_fade_bytes(const struct render *r);
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

/* Which presenter auto means for the video driver (SDL's name, e.g. "x11", "KMSDRM"), without
 * loading a GL library into this process; why gets one line saying why (glprobe.c). */
enum render_present render_choose_present(const char *driver, char *why, size_t why_len);

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
