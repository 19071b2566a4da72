/* dpms: the panel's power on the display SDL opened. KMS/DRM: the DPMS property of the connectors
 * lit on the DRM descriptor SDL holds (SDL_GetWindowWMInfo); X11: the DPMS extension
 * (DPMSForceLevel); anything else (Wayland): POWER_UNSUPPORTED with the reason. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "power/power.h"

struct SDL_Window;

/* power_ops.dpms for window (borrowed; the window outlives its use). */
enum power_result dpms_set_window(struct SDL_Window *window, bool on, char *why, size_t cap);
/* The DPMS property of the DRM connectors with an encoder on fd set to on/off; UNSUPPORTED when no
 * such connector has a DPMS property. */
enum power_result dpms_set_drm(int fd, bool on, char *why, size_t cap);
