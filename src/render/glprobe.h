/* glprobe: which presenter "auto" means, decided without loading GL (sysfs, environment). */
#pragma once
#include <stdbool.h>

#include "render/render.h"

/* render_choose_present with the DRM class directory given (tests pass a fake one). */
enum render_present render_choose_present_in(const char *sysfs_drm, const char *driver, char *why, size_t why_len);
/* True when a GL_RENDERER string names a software rasterizer (llvmpipe, softpipe, swrast). */
bool render_gl_is_software(const char *gl_renderer);
