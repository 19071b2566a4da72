/* dpms: the panel's power (see dpms.h). */
#include "power/dpms.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <SDL2/SDL.h>
#include <SDL2/SDL_syswm.h>

#ifdef LOBBYSIGN_HAVE_LIBDRM
#include <xf86drm.h>
#include <xf86drmMode.h>
#endif
#ifdef LOBBYSIGN_HAVE_XEXT
#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>
#endif

enum power_result dpms_set_drm(int fd, bool on, char *why, size_t cap)
{
#ifdef LOBBYSIGN_HAVE_LIBDRM
    drmModeRes *res = drmModeGetResources(fd);
    if (!res) {
        snprintf(why, cap, "KMS/DRM: no mode resources on the DRM descriptor (%s)", strerror(errno));
        return POWER_FAILED;
    }
    int lit = 0, set = 0, failed = 0, err = 0;
    for (int i = 0; i < res->count_connectors; i++) {
        drmModeConnector *conn = drmModeGetConnector(fd, res->connectors[i]);
        if (!conn)
            continue;
        if (conn->connection == DRM_MODE_CONNECTED && conn->encoder_id) {
            lit++;
            drmModeObjectProperties *props =
                drmModeObjectGetProperties(fd, conn->connector_id, DRM_MODE_OBJECT_CONNECTOR);
            for (uint32_t k = 0; props && k < props->count_props; k++) {
                drmModePropertyRes *pr = drmModeGetProperty(fd, props->props[k]);
                if (pr && strcmp(pr->name, "DPMS") == 0) {
                    if (drmModeConnectorSetProperty(fd, conn->connector_id, pr->prop_id,
                                                    on ? DRM_MODE_DPMS_ON : DRM_MODE_DPMS_OFF) == 0)
                        set++;
                    else {
                        failed++;
                        err = errno;
                    }
                }
                drmModeFreeProperty(pr);
            }
            drmModeFreeObjectProperties(props);
        }
        drmModeFreeConnector(conn);
    }
    drmModeFreeResources(res);
    if (failed) {
        snprintf(why, cap, "KMS/DRM: setting the connector's DPMS property failed (%s)", strerror(err));
        return POWER_FAILED;
    }
    if (!set) {
        snprintf(why, cap, lit ? "KMS/DRM: the connector has no DPMS property"
                               : "KMS/DRM: no lit connector on the DRM descriptor");
        return lit ? POWER_UNSUPPORTED : POWER_FAILED;
    }
    return POWER_OK;
#else
    (void)fd;
    (void)on;
    snprintf(why, cap, "KMS/DRM: built without libdrm");
    return POWER_UNSUPPORTED;
#endif
}

#ifdef LOBBYSIGN_HAVE_XEXT
static enum power_result dpms_x11(Display *dpy, bool on, char *why, size_t cap)
{
    int ev, er;
    if (!dpy || !DPMSQueryExtension(dpy, &ev, &er) || !DPMSCapable(dpy)) {
        snprintf(why, cap, "X11: the X server has no DPMS extension");
        return POWER_UNSUPPORTED;
    }
    if (!on)
        DPMSEnable(dpy); /* DPMSForceLevel needs DPMS enabled */
    if (!DPMSForceLevel(dpy, on ? DPMSModeOn : DPMSModeOff)) {
        snprintf(why, cap, "X11: DPMSForceLevel failed");
        return POWER_FAILED;
    }
    XFlush(dpy);
    return POWER_OK;
}
#endif

enum power_result dpms_set_window(struct SDL_Window *window, bool on, char *why, size_t cap)
{
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!window || !SDL_GetWindowWMInfo(window, &info)) {
        snprintf(why, cap, "no window system information (%s)", window ? SDL_GetError() : "no window");
        return POWER_UNSUPPORTED;
    }
    switch (info.subsystem) {
#if defined(SDL_VIDEO_DRIVER_KMSDRM)
    case SDL_SYSWM_KMSDRM: return dpms_set_drm(info.info.kmsdrm.drm_fd, on, why, cap);
#endif
#if defined(SDL_VIDEO_DRIVER_X11)
    case SDL_SYSWM_X11:
#ifdef LOBBYSIGN_HAVE_XEXT
        return dpms_x11(info.info.x11.display, on, why, cap);
#else
        snprintf(why, cap, "X11: built without libXext (DPMS extension)");
        return POWER_UNSUPPORTED;
#endif
#endif
    case SDL_SYSWM_WAYLAND:
        snprintf(why, cap, "Wayland: the compositor decides the screen's power (no client protocol)");
        return POWER_UNSUPPORTED;
    default:
        snprintf(why, cap, "video driver '%s' has no screen power control", SDL_GetCurrentVideoDriver());
        return POWER_UNSUPPORTED;
    }
}
