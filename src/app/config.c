/* config: reads and checks the configuration file (see config.h) through core/jcheck. */
#include "app/config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cliopts.h"
#include "content/content.h"
#include "core/fsutil.h"
#include "core/jcheck.h"
#include "service/intake.h"
#include "store/import.h"

#define MAX_PATH_BYTES 4096

void config_defaults(struct config *cfg)
{
    *cfg = (struct config){
        .display = {.transition_ms = -1},
        .paths = {.store = IMPORT_DEFAULT_STORE, .mounts = INTAKE_DEFAULT_MOUNTS, .inbox = INTAKE_DEFAULT_INBOX,
                  .trusted_keys = IMPORT_DEFAULT_KEYS},
        .display_power = {.dpms = true, .cec = "auto"},
        .log_level = LOG_INFO,
        .now_png_s = CONFIG_DEFAULT_NOW_PNG_S,
    };
}

void config_free(struct config *cfg)
{
    if (!cfg)
        return;
    free(cfg->screen_off);
    json_decref(cfg->doc_);
    config_defaults(cfg);
}

const char *config_locate(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv(CONFIG_ENV);
    if (env)
        return *env ? env : NULL; /* LOBBYSIGN_CONFIG= (empty): no configuration file at all */
    return access(CONFIG_DEFAULT_PATH, F_OK) == 0 ? CONFIG_DEFAULT_PATH : NULL;
}

/* "auto" or "WIDTHxHEIGHT". */
static void load_size(struct jcheck *jc, json_t *obj, struct config *cfg)
{
    const char *s = jcheck_string(jc, obj, "size", false, 32);
    if (!s || strcmp(s, "auto") == 0)
        return;
    if (cliopt_size(s, &cfg->display.width, &cfg->display.height))
        return;
    jcheck_push_key(jc, "size");
    JC_ERR(jc, JC_AT_VALUE,
           JC_ZH_EN("“%s” 不是尺寸（应为 \"auto\" 或 宽x高，如 \"1920x1080\"，每边 %d 到 %d）",
                    "\"%s\" is not a size (expected \"auto\" or WIDTHxHEIGHT such as \"1920x1080\", each side %d "
                    "to %d)"),
           s, CLIOPT_SIZE_MIN, CLIOPT_SIZE_MAX, s, CLIOPT_SIZE_MIN, CLIOPT_SIZE_MAX);
    jcheck_pop(jc);
}

static void load_display(struct jcheck *jc, json_t *root, struct config *cfg)
{
    static const char *const keys[] = {"driver", "size", "rotation", "overscan", "transition_ms", NULL};
    static const char *const drivers[] = {"auto", "KMSDRM", "x11", "wayland", "offscreen", "dummy", NULL};
    json_t *d = jcheck_object(jc, root, "display", false);
    if (!d)
        return;
    jcheck_push_key(jc, "display");
    jcheck_keys(jc, d, keys);
    json_t *dv = json_object_get(d, "driver");
    const char *near = json_is_string(dv) ? jcheck_closest(json_string_value(dv), drivers) : NULL;
    if (near && strcmp(near, json_string_value(dv)) != 0) {
        jcheck_push_key(jc, "driver");
        JC_ERR(jc, JC_AT_VALUE, JC_ZH_EN("未知的显示驱动 “%s”，是否想写 “%s”？", "unknown display driver \"%s\"; did you mean \"%s\"?"),
               json_string_value(dv), near, json_string_value(dv), near);
        jcheck_pop(jc);
    } else {
        int drv = jcheck_enum(jc, d, "driver", false, drivers);
        if (drv > 0)
            cfg->display.driver = drivers[drv];
    }
    load_size(jc, d, cfg);
    long rot;
    if (jcheck_int(jc, d, "rotation", false, 0, 270, &rot)) {
        if (rot % 90 == 0) {
            cfg->display.rotation = (int)rot;
        } else {
            jcheck_push_key(jc, "rotation");
            JC_ERR(jc, JC_AT_VALUE, JC_ZH_EN("旋转角度应为 0、90、180 或 270，实际为 %ld",
                                             "rotation must be 0, 90, 180 or 270, got %ld"), rot, rot);
            jcheck_pop(jc);
        }
    }
    double os;
    if (jcheck_number(jc, d, "overscan", false, 0, 20, false, &os))
        cfg->display.overscan = (float)os;
    long tr;
    if (jcheck_int(jc, d, "transition_ms", false, 0, 5000, &tr))
        cfg->display.transition_ms = (int)tr;
    jcheck_pop(jc);
}

static void load_paths(struct jcheck *jc, json_t *root, struct config *cfg)
{
    static const char *const keys[] = {"store", "mounts", "inbox", "trusted_keys", "fonts", "state", NULL};
    const char **slots[] = {&cfg->paths.store, &cfg->paths.mounts, &cfg->paths.inbox, &cfg->paths.trusted_keys,
                            &cfg->paths.fonts, &cfg->paths.state};
    json_t *p = jcheck_object(jc, root, "paths", false);
    if (!p)
        return;
    jcheck_push_key(jc, "paths");
    jcheck_keys(jc, p, keys);
    for (size_t i = 0; keys[i]; i++) {
        const char *v = jcheck_string(jc, p, keys[i], false, MAX_PATH_BYTES);
        if (v)
            *slots[i] = v;
        if (v && slots[i] == &cfg->paths.store)
            cfg->paths.store_set = true;
    }
    jcheck_pop(jc);
}

static void load_plays(struct jcheck *jc, json_t *root, struct config *cfg)
{
    static const char *const keys[] = {"keep_days", "max_mb", NULL};
    json_t *p = jcheck_object(jc, root, "plays", false);
    if (!p)
        return;
    jcheck_push_key(jc, "plays");
    jcheck_keys(jc, p, keys);
    long days;
    if (jcheck_int(jc, p, "keep_days", false, 1, 3660, &days))
        cfg->plays.keep_days = (unsigned)days;
    long mb;
    if (jcheck_int(jc, p, "max_mb", false, 1, 65536, &mb))
        cfg->plays.max_bytes = (unsigned long long)mb << 20;
    jcheck_pop(jc);
}

/* display_power: {"dpms": bool, "cec": "auto" | "off" | "/dev/cecN"} (docs/config.md). */
static void load_display_power(struct jcheck *jc, json_t *root, struct config *cfg)
{
    static const char *const keys[] = {"dpms", "cec", NULL};
    json_t *d = jcheck_object(jc, root, "display_power", false);
    if (!d)
        return;
    jcheck_push_key(jc, "display_power");
    jcheck_keys(jc, d, keys);
    json_t *dp = jcheck_member(jc, d, "dpms", false);
    if (dp) {
        jcheck_push_key(jc, "dpms");
        if (json_is_boolean(dp) || jcheck_type(jc, dp, JSON_TRUE))
            cfg->display_power.dpms = json_is_true(dp);
        jcheck_pop(jc);
    }
    const char *cec = jcheck_string(jc, d, "cec", false, MAX_PATH_BYTES);
    if (cec && (strcmp(cec, "auto") == 0 || strcmp(cec, "off") == 0 || strncmp(cec, "/dev/", 5) == 0)) {
        cfg->display_power.cec = cec;
    } else if (cec) {
        jcheck_push_key(jc, "cec");
        JC_ERR(jc, JC_AT_VALUE,
               JC_ZH_EN("“%s” 不是 CEC 设置（应为 \"auto\"、\"off\" 或设备路径，如 \"/dev/cec0\"）",
                        "\"%s\" is not a CEC setting (expected \"auto\", \"off\" or a device path such as \"/dev/cec0\")"),
               cec, cec);
        jcheck_pop(jc);
    }
    jcheck_pop(jc);
}

static void load_root(struct jcheck *jc, json_t *root, struct config *cfg)
{
    static const char *const keys[] = {"display", "paths", "screen_off", "allow_unsigned", "log_level",
                                       "status_file", "prometheus_dir", "name", "plays", "now_png_s",
                                       "display_power", NULL};
    static const char *const levels[] = {"debug", "info", "warn", "error", NULL};
    static const enum log_level level_of[] = {LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR};
    if (!json_is_object(root)) {
        JC_ERR(jc, JC_AT_VALUE, JC_ZH_EN("顶层应为对象 {…}，实际为%s", "the top level must be an object {...}, got %s"),
               jcheck_type_zh(root), jcheck_type_en(root));
        return;
    }
    jcheck_keys(jc, root, keys);
    load_display(jc, root, cfg);
    load_paths(jc, root, cfg);
    load_plays(jc, root, cfg);
    cfg->name = jcheck_string(jc, root, "name", false, 128);
    long np;
    if (jcheck_int(jc, root, "now_png_s", false, 0, 86400, &np))
        cfg->now_png_s = (int)np;
    load_display_power(jc, root, cfg);
    if (json_object_get(root, "screen_off")) {
        struct day_span *spans = NULL;
        size_t n = 0;
        if (content_check_hours(jc, root, "screen_off", &spans, &n)) {
            cfg->screen_off_set = true;
            cfg->screen_off = spans;
            cfg->n_screen_off = n;
        } else {
            free(spans); /* a half-right list would switch the screen off at the wrong hours */
        }
    }
    json_t *au = jcheck_member(jc, root, "allow_unsigned", false);
    if (au) {
        jcheck_push_key(jc, "allow_unsigned");
        if (json_is_boolean(au) || jcheck_type(jc, au, JSON_TRUE))
            cfg->allow_unsigned = json_is_true(au);
        jcheck_pop(jc);
    }
    int lv = jcheck_enum(jc, root, "log_level", false, levels);
    if (lv >= 0) {
        cfg->log_level_set = true;
        cfg->log_level = level_of[lv];
    }
    cfg->status_file = jcheck_string(jc, root, "status_file", false, MAX_PATH_BYTES);
    cfg->prometheus_dir = jcheck_string(jc, root, "prometheus_dir", false, MAX_PATH_BYTES);
}

bool config_load(const char *path, struct config *cfg, struct findings *out)
{
    config_defaults(cfg);
    char *text = NULL;
    size_t len = 0;
    struct jcheck jc;
    enum fs_status st = fs_read_file(path, CONFIG_MAX_BYTES, false, &text, &len);
    jcheck_begin(&jc, out, path, text, len);
    if (st != FS_OK) {
        jcheck_file_error(&jc, 0, 0, JC_ZH_EN("无法读取配置文件（%s）", "cannot read the configuration file (%s)"),
                          fs_status_str(st), fs_status_str(st));
        jcheck_end(&jc);
        free(text);
        return false;
    }
    json_t *root = jcheck_parse(&jc, 8);
    if (root) {
        cfg->doc_ = root;
        load_root(&jc, root, cfg);
    }
    jcheck_end(&jc);
    free(text);
    cfg->file = path;
    return root && jc.n_errors == 0;
}
