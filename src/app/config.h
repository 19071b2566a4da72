/* config: the one configuration file (/etc/lobbysign/config.json, docs/config.md): display, paths,
 * screen-off hours, allow_unsigned, log level, status file and Prometheus folder, checked like
 * content (file:line:column, field, Chinese + English, typos suggested). Fields left out or wrong
 * keep their defaults; command-line options override what the file says. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "content/model.h"
#include "core/findings.h"
#include "core/log.h"

#define CONFIG_DEFAULT_PATH "/etc/lobbysign/config.json"
#define CONFIG_ENV "LOBBYSIGN_CONFIG"
#define CONFIG_MAX_BYTES (256u << 10)

struct config {
    const char *file;            /* where it was read from, NULL: none (all defaults) */
    struct {
        const char *driver;      /* SDL video driver ("KMSDRM", "x11", ...), NULL = auto */
        int width, height;       /* > 0: a window of that size; 0: fullscreen ("auto") */
        int rotation;            /* 0, 90, 180, 270 */
        float overscan;          /* percent, 0-20 */
        int transition_ms;       /* crossfade, -1 = the player's default */
    } display;
    struct {
        const char *store, *mounts, *inbox, *trusted_keys; /* never NULL (defaults filled); "" mounts or
                                                            * inbox: none */
        const char *fonts;       /* a fonts.json; NULL = <datadir>/fonts/fonts.json */
        bool store_set;          /* the file named the store (play then uses it even before it exists) */
    } paths;
    bool screen_off_set;         /* screen_off given: it replaces the playlists' hours */
    struct day_span *screen_off;
    size_t n_screen_off;
    struct {
        bool dpms;               /* switch the panel off in screen-off hours (default true) */
        const char *cec;         /* "auto" (default), "off", or a CEC device path (/dev/cec0) */
    } display_power;
    bool allow_unsigned;
    bool log_level_set;
    enum log_level log_level;
    const char *status_file;     /* NULL = no status file */
    const char *prometheus_dir;  /* node_exporter textfile folder, NULL = none */
    void *doc_;                  /* the parsed document the strings point into */
};

/* Which file to read: opt (--config) when given, else $LOBBYSIGN_CONFIG when set, else
 * CONFIG_DEFAULT_PATH when it exists, else NULL (no configuration: defaults). */
const char *config_locate(const char *opt);

/* Reads and checks path into cfg (defaults first); every problem goes to out. False when the file
 * could not be read or had errors (cfg then holds the defaults plus the fields that were right).
 * Every command receives the result as a const struct config *: nothing fills defaults again. */
bool config_load(const char *path, struct config *cfg, struct findings *out);
/* The defaults alone (one literal: the store, keys, mounts and inbox of store/import.h and
 * service/intake.h, transition -1, log level info). */
void config_defaults(struct config *cfg);
void config_free(struct config *cfg); /* NULL-safe; cfg's strings go with it */
