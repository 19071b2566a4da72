/* glprobe: which presenter "auto" means. Decided from the video driver, Mesa's environment and the
 * kernel's GPU render nodes in sysfs, so an X11 machine whose only GL is a software rasterizer
 * never loads GL (libLLVM alone is 36 MB); where a GPU node exists, the GL renderer's GL_RENDERER
 * string is checked once the renderer is made (render_gl_is_software). KMS/DRM and Wayland have
 * no window surface without GL in SDL2: there the framebuffer texture. */
#define LOG_TAG "render"
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "render/glprobe.h"

#include "core/util.h"

/* Kernel DRM drivers that have a render node but no 3D engine Mesa drives. */
static const char *const no_3d[] = {"vgem", "vkms", "simpledrm", "bochs-drm", "bochs_drm", "cirrus", "qxl", "udl"};

bool render_gl_is_software(const char *gl_renderer)
{
    static const char *const names[] = {"llvmpipe", "softpipe", "swrast", "software rasterizer"};
    if (!gl_renderer)
        return false;
    char low[256];
    size_t n = 0;
    for (; gl_renderer[n] && n < sizeof low - 1; n++)
        low[n] = (char)tolower((unsigned char)gl_renderer[n]);
    low[n] = 0;
    for (size_t i = 0; i < ALEN(names); i++)
        if (strstr(low, names[i]))
            return true;
    return false;
}

static bool env_true(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0 && strcasecmp(v, "false") != 0;
}

static bool env_software(const char *name)
{
    const char *v = getenv(name);
    return v && (strcasecmp(v, "llvmpipe") == 0 || strcasecmp(v, "softpipe") == 0 || strcasecmp(v, "swrast") == 0);
}

/* Finds a render node whose kernel driver has a 3D engine: its node and driver names. */
static bool gpu_node(const char *sysfs_drm, char *node, size_t node_len, char *drv, size_t drv_len)
{
    DIR *d = opendir(sysfs_drm);
    if (!d)
        return false;
    bool found = false;
    for (struct dirent *e; !found && (e = readdir(d));) {
        if (strncmp(e->d_name, "renderD", 7) != 0)
            continue;
        char path[PATH_MAX], link[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s/device/driver", sysfs_drm, e->d_name);
        ssize_t n = readlink(path, link, sizeof link - 1);
        if (n <= 0)
            continue;
        link[n] = 0;
        const char *base = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
        bool soft = false;
        for (size_t i = 0; i < ALEN(no_3d); i++)
            soft |= strcmp(base, no_3d[i]) == 0;
        if (soft)
            continue;
        snprintf(node, node_len, "%.63s", e->d_name);
        snprintf(drv, drv_len, "%.63s", base);
        found = true;
    }
    closedir(d);
    return found;
}

enum render_present render_choose_present_in(const char *sysfs_drm, const char *driver, char *why, size_t why_len)
{
    if (driver && strcasecmp(driver, "kmsdrm") == 0) {
        snprintf(why, why_len, "KMS/DRM: SDL2 shows a picture there only through EGL/GBM, and a GLES2 texture "
                               "shows it exactly");
        return RENDER_PRESENT_GL;
    }
    if (driver && strcasecmp(driver, "wayland") == 0) {
        snprintf(why, why_len, "Wayland: SDL2 has no shared-memory window surface there (it would be a GL "
                               "texture updated whole); a texture updated in the damaged rectangles");
        return RENDER_PRESENT_GL;
    }
    if (!driver || strcasecmp(driver, "x11") != 0) {
        snprintf(why, why_len, "video driver %s has a window surface", driver ? driver : "(none)");
        return RENDER_PRESENT_SURFACE;
    }
    static const char *const vars[] = {"LIBGL_ALWAYS_SOFTWARE", "GALLIUM_DRIVER", "MESA_LOADER_DRIVER_OVERRIDE"};
    for (size_t i = 0; i < ALEN(vars); i++)
        if (i == 0 ? env_true(vars[i]) : env_software(vars[i])) {
            snprintf(why, why_len, "%s=%s: GL would be Mesa's software rasterizer; GL not loaded", vars[i],
                     getenv(vars[i]));
            return RENDER_PRESENT_SURFACE;
        }
    char node[64], drv[64];
    if (!gpu_node(sysfs_drm, node, sizeof node, drv, sizeof drv)) {
        snprintf(why, why_len, "no GPU render node in %s: GL would be Mesa's software rasterizer; GL not loaded",
                 sysfs_drm);
        return RENDER_PRESENT_SURFACE;
    }
    snprintf(why, why_len, "GPU render node %s (kernel driver %s)", node, drv);
    return RENDER_PRESENT_GL;
}

enum render_present render_choose_present(const char *driver, char *why, size_t why_len)
{
    return render_choose_present_in("/sys/class/drm", driver, why, why_len);
}
