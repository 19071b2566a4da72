/* cec: the TV over HDMI-CEC (kernel CEC API, /dev/cecN): picks the adapter with a CEC link (a valid
 * physical address other than the TV's own 0.0.0.0; f.f.f.f means none), claims a playback logical
 * address, sends Standby, or Image View On + Active Source, and asks Give Device Power Status. Every
 * call is bounded (kernel transmit timeout, a reply timeout of CEC_REPLY_MS) but blocking: run it off
 * the loop (tvlink.h). The device calls go through ops; each problem is logged once. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/cec.h>

#define CEC_REPLY_MS 1000
#define CEC_PATH_MAX 64

/* The TV's power as it reported it (Report Power Status). */
enum tv_power { TV_POWER_UNKNOWN, TV_POWER_ON, TV_POWER_STANDBY, TV_POWER_TO_ON, TV_POWER_TO_STANDBY };

struct cec_dev_ops {
    /* The adapters present (/dev/cec0, ...), in number order; returns how many (at most max). */
    size_t (*list)(void *ctx, char (*paths)[CEC_PATH_MAX], size_t max);
    int (*open)(void *ctx, const char *path);        /* a handle >= 0, or -errno */
    void (*close)(void *ctx, int h);
    int (*phys_addr)(void *ctx, int h, uint16_t *pa); /* 0 or -errno */
    int (*claim)(void *ctx, int h, uint8_t *la);      /* a playback logical address: 0 or -errno */
    /* Sends msg; with msg->reply set waits at most msg->timeout ms for it. 0 (tx_status, rx_status
     * filled in) or -errno (-ENODEV: the adapter is gone). */
    int (*transmit)(void *ctx, int h, struct cec_msg *msg);
    void *ctx;
};

/* The kernel's /dev/cecN. */
struct cec_dev_ops cec_dev_ops_linux(void);

struct cec_stats {
    unsigned warnings;   /* problem lines logged (each kind once per episode) */
    unsigned sent;       /* messages handed to transmit */
    unsigned opens;      /* adapters taken into use */
};

struct cec_ctl;

/* device: a path such as /dev/cec1, or NULL to pick the adapter with a CEC link. */
struct cec_ctl *cec_ctl_new(const struct cec_dev_ops *ops, const char *device);
void cec_ctl_free(struct cec_ctl *c); /* NULL-safe; closes the adapter */
/* TV on (Image View On, Active Source) or standby, then its power status (UNKNOWN when there is no
 * adapter, the TV does not acknowledge, or does not answer in time). Blocking, bounded. */
enum tv_power cec_ctl_set(struct cec_ctl *c, bool on);
/* The adapter in use ("" when none). */
const char *cec_ctl_adapter(const struct cec_ctl *c);
void cec_ctl_get_stats(const struct cec_ctl *c, struct cec_stats *out);
const char *tv_power_name(enum tv_power p); /* "on", "standby", "to-on", "to-standby", "unknown" */
