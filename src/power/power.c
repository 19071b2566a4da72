/* power: the screen power policy (see power.h). */
#define LOG_TAG "power"
#include "power/power.h"

#include "core/log.h"
#include <stdlib.h>

#include "core/xalloc.h"

struct power {
    struct power_ops ops;
    bool started;       /* the first update happened */
    bool want_off;      /* the last decision */
    bool dpms_unsupported_said, dpms_failed_said;
    enum power_state state;
    struct power_stats stats;
};

struct power *power_new(const struct power_ops *ops)
{
    struct power *p = xcalloc(1, sizeof *p);
    if (ops)
        p->ops = *ops;
    p->state = POWER_STATE_UNKNOWN;
    return p;
}

void power_free(struct power *p) { free(p); }

static void set_dpms(struct power *p, bool on)
{
    if (!p->ops.dpms) {
        p->state = POWER_STATE_UNKNOWN;
        return;
    }
    char why[256] = "";
    p->stats.dpms_calls++;
    enum power_result r = p->ops.dpms(p->ops.ctx, on, why, sizeof why);
    switch (r) {
    case POWER_OK:
        p->state = on ? POWER_STATE_ON : POWER_STATE_OFF;
        if (p->dpms_failed_said)
            LOG_INFO("DPMS works again (panel %s)", on ? "on" : "off");
        p->dpms_failed_said = false;
        break;
    case POWER_UNSUPPORTED:
        p->state = POWER_STATE_UNKNOWN;
        if (!p->dpms_unsupported_said) {
            p->dpms_unsupported_said = true;
            p->stats.warnings++;
            LOG_WARN("无法关闭屏幕电源：%s；屏幕关闭时段只显示黑屏 / cannot switch the panel's power: %s; in "
                     "screen-off hours the screen is only black (said once)",
                     why[0] ? why : "?", why[0] ? why : "?");
        }
        break;
    case POWER_FAILED:
        p->state = POWER_STATE_UNKNOWN;
        if (!p->dpms_failed_said) {
            p->dpms_failed_said = true;
            p->stats.warnings++;
            LOG_WARN("屏幕电源切换失败：%s / switching the panel %s failed: %s (said once until it works again)",
                     why[0] ? why : "?", on ? "on" : "off", why[0] ? why : "?");
        }
        break;
    }
}

bool power_update(struct power *p, bool off_hours, bool wake)
{
    bool off = off_hours && !wake;
    if (p->started && off == p->want_off)
        return false; /* no transition: nothing is sent (a TV switched on by hand stays on) */
    bool first = !p->started;
    p->started = true;
    p->want_off = off;
    if (!first || off)
        p->stats.transitions++;
    if (!first)
        LOG_INFO("panel %s (%s)", off ? "off" : "on",
                 off ? "screen-off hours" : off_hours ? "woken for a notice" : "screen-off hours ended");
    set_dpms(p, !off);
    if (p->ops.tv) {
        p->stats.tv_calls++;
        p->ops.tv(p->ops.ctx, !off);
    }
    return !off && !first;
}

void power_restart(struct power *p) { p->started = false; }

bool power_wants_off(const struct power *p) { return p->started && p->want_off; }
enum power_state power_state(const struct power *p) { return p->state; }

const char *power_state_name(enum power_state s)
{
    switch (s) {
    case POWER_STATE_ON: return "on";
    case POWER_STATE_OFF: return "off";
    default: return "unknown";
    }
}

void power_get_stats(const struct power *p, struct power_stats *out) { *out = p->stats; }
