/* power: when the screen's power changes (pure policy). It acts only at transitions: the schedule's
 * screen-off hours starting or ending (seen by the caller at any wall time, so a clock jump into the
 * hours is one transition and a jump over them none), and a wake (a USB stick's notice) starting or
 * ending inside the hours. Between transitions it sends nothing, so a TV switched on by hand at night
 * stays on until the next one. The panel (DPMS) and the TV (CEC) are reached through ops. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* What a DPMS call did. */
enum power_result {
    POWER_OK,
    POWER_UNSUPPORTED, /* this display cannot (Wayland, no DPMS property, no X11 extension): said once */
    POWER_FAILED,      /* the call failed this time (why says it): said once until one works again */
};

/* The display's power as lobbysign last set it. */
enum power_state { POWER_STATE_UNKNOWN, POWER_STATE_ON, POWER_STATE_OFF };

struct power_ops {
    /* Switches the panel on or off (DPMS); NULL: DPMS not used (config). */
    enum power_result (*dpms)(void *ctx, bool on, char *why, size_t cap);
    /* Asks the TV to switch on (Image View On + Active Source) or to standby, without waiting (the
     * CEC worker); NULL: CEC not used. */
    void (*tv)(void *ctx, bool on);
    void *ctx;
};

struct power_stats {
    unsigned transitions;  /* panel switched on or off (each transition counts once) */
    unsigned dpms_calls, tv_calls;
    unsigned warnings;     /* lines logged about DPMS problems (each kind once) */
};

struct power;

struct power *power_new(const struct power_ops *ops);
void power_free(struct power *p); /* NULL-safe */

/* One look at what the screen should be: off_hours from the schedule now, wake while something must
 * be seen in those hours (a notice). True when the panel has just been switched on again: the caller
 * redraws the whole picture. The first call is a transition (the state at start is applied). */
bool power_update(struct power *p, bool off_hours, bool wake);
/* The display was opened again (a new DRM descriptor, the panel lit by its mode set): the next update
 * applies the state again, as at start. */
void power_restart(struct power *p);
/* The panel should be off: the caller draws nothing (the black frame was drawn before). */
bool power_wants_off(const struct power *p);
enum power_state power_state(const struct power *p);
const char *power_state_name(enum power_state s); /* "on", "off", "unknown" */
void power_get_stats(const struct power *p, struct power_stats *out);
