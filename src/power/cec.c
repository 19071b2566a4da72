/* cec: the TV over HDMI-CEC (see cec.h). */
#define LOG_TAG "cec"
#include "power/cec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include <stdlib.h>

#include "core/xalloc.h"

#define MAX_ADAPTERS 16
#define LA_TV 0
#define LA_BROADCAST 15

/* Problems said once each, until the thing works again. */
enum said { SAID_NO_ADAPTER, SAID_OPEN, SAID_CLAIM, SAID_NACK, SAID_NO_ANSWER, SAID_GONE, SAID_ERROR, SAID_N };

struct cec_ctl {
    struct cec_dev_ops ops;
    char device[CEC_PATH_MAX]; /* "" = auto */
    char path[CEC_PATH_MAX];   /* in use, "" none */
    int h;
    uint16_t pa;
    uint8_t la;
    bool claimed;
    bool said[SAID_N];
    struct cec_stats stats;
};

#define SAY_ONCE(c, kind, ...)                 \
    do {                                       \
        if (!(c)->said[kind]) {                \
            (c)->said[kind] = true;            \
            (c)->stats.warnings++;             \
            LOG_WARN(__VA_ARGS__);             \
        }                                      \
    } while (0)

struct cec_ctl *cec_ctl_new(const struct cec_dev_ops *ops, const char *device)
{
    struct cec_ctl *c = xcalloc(1, sizeof *c);
    c->ops = *ops;
    c->h = -1;
    if (device)
        snprintf(c->device, sizeof c->device, "%s", device);
    return c;
}

static void drop(struct cec_ctl *c)
{
    if (c->h >= 0)
        c->ops.close(c->ops.ctx, c->h);
    c->h = -1;
    c->path[0] = '\0';
    c->claimed = false;
}

void cec_ctl_free(struct cec_ctl *c)
{
    if (!c)
        return;
    drop(c);
    free(c);
}

static void pa_text(uint16_t pa, char *buf, size_t cap)
{
    snprintf(buf, cap, "%x.%x.%x.%x", pa >> 12, (pa >> 8) & 0xf, (pa >> 4) & 0xf, pa & 0xf);
}

/* Opens path; true with its physical address when it has a link (not f.f.f.f, not the TV's 0.0.0.0). */
static bool try_adapter(struct cec_ctl *c, const char *path, bool explicit)
{
    int h = c->ops.open(c->ops.ctx, path);
    if (h < 0) {
        if (explicit)
            SAY_ONCE(c, SAID_OPEN, "无法打开 CEC 设备 %s（%s）：请检查 display_power.cec / cannot open the CEC adapter %s "
                     "(%s): check display_power.cec (said once)", path, strerror(-h), path, strerror(-h));
        return false;
    }
    uint16_t pa = CEC_PHYS_ADDR_INVALID;
    int e = c->ops.phys_addr(c->ops.ctx, h, &pa);
    if (e < 0 || pa == CEC_PHYS_ADDR_INVALID || (pa == 0 && !explicit)) {
        c->ops.close(c->ops.ctx, h);
        return false;
    }
    c->h = h;
    c->pa = pa;
    snprintf(c->path, sizeof c->path, "%s", path);
    return true;
}

static bool ensure_adapter(struct cec_ctl *c)
{
    if (c->h >= 0)
        return true;
    char paths[MAX_ADAPTERS][CEC_PATH_MAX];
    size_t n = 0;
    if (c->device[0]) {
        if (!try_adapter(c, c->device, true)) {
            SAY_ONCE(c, SAID_NO_ADAPTER, "CEC 设备 %s 没有 HDMI-CEC 连接（物理地址 f.f.f.f）：电视未连接或不支持 CEC / the CEC "
                     "adapter %s has no HDMI-CEC link (physical address f.f.f.f): TV not connected or without CEC "
                     "(said once)", c->device, c->device);
            return false;
        }
    } else {
        n = c->ops.list(c->ops.ctx, paths, MAX_ADAPTERS);
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = try_adapter(c, paths[i], false);
        if (!found && n == 0) {
            if (!c->said[SAID_NO_ADAPTER])
                LOG_INFO("no CEC adapter (/dev/cec*): the TV is not switched over HDMI-CEC (said once)");
            c->said[SAID_NO_ADAPTER] = true;
            return false;
        }
        if (!found) {
            SAY_ONCE(c, SAID_NO_ADAPTER, "没有可用的 HDMI-CEC 连接（%zu 个 CEC 设备，均无有效物理地址）：只用 DPMS / no "
                     "HDMI-CEC link (%zu CEC adapters, none with a valid physical address): DPMS only (said once)",
                     n, n);
            return false;
        }
    }
    char pa[16];
    pa_text(c->pa, pa, sizeof pa);
    c->stats.opens++;
    c->said[SAID_NO_ADAPTER] = c->said[SAID_OPEN] = c->said[SAID_GONE] = false;
    LOG_INFO("CEC adapter %s, physical address %s", c->path, pa);
    return true;
}

static bool ensure_claimed(struct cec_ctl *c)
{
    if (c->claimed)
        return true;
    int e = c->ops.claim(c->ops.ctx, c->h, &c->la);
    if (e < 0) {
        if (e == -ENODEV) {
            SAY_ONCE(c, SAID_GONE, "CEC 设备 %s 已消失 / the CEC adapter %s is gone (said once)", c->path, c->path);
        } else {
            SAY_ONCE(c, SAID_CLAIM, "CEC 设备 %s 无法取得播放设备逻辑地址（%s）/ the CEC adapter %s could not claim a "
                     "playback logical address (%s) (said once)", c->path, strerror(-e), c->path, strerror(-e));
        }
        drop(c);
        return false;
    }
    c->claimed = true;
    c->said[SAID_CLAIM] = false;
    LOG_INFO("CEC: playback device, logical address %u on %s", c->la, c->path);
    return true;
}

/* Sends opcode (with n argument bytes) to dest. False when it did not get through (logged once). */
static bool send(struct cec_ctl *c, uint8_t dest, uint8_t opcode, const uint8_t *args, size_t n, uint8_t reply,
                 struct cec_msg *out)
{
    struct cec_msg m;
    memset(&m, 0, sizeof m);
    m.msg[0] = (uint8_t)((c->la << 4) | (dest & 0xf));
    m.msg[1] = opcode;
    memcpy(m.msg + 2, args, n);
    m.len = (uint32_t)(2 + n);
    if (reply) {
        m.reply = reply;
        m.timeout = CEC_REPLY_MS;
    }
    c->stats.sent++;
    int e = c->ops.transmit(c->ops.ctx, c->h, &m);
    if (out)
        *out = m;
    if (e == -ENODEV) {
        SAY_ONCE(c, SAID_GONE, "CEC 设备 %s 已消失；会重新寻找 / the CEC adapter %s is gone; it is looked for again at "
                 "the next switch (said once)", c->path, c->path);
        drop(c);
        return false;
    }
    if (e < 0) {
        SAY_ONCE(c, SAID_ERROR, "CEC 发送失败（%s，%s）/ CEC transmit on %s failed: %s (said once)", c->path,
                 strerror(-e), c->path, strerror(-e));
        if (e == -ENONET || e == -EINVAL)
            c->claimed = false; /* unconfigured (link lost): claim again next time */
        return false;
    }
    if (m.tx_status & CEC_TX_STATUS_NACK || !(m.tx_status & CEC_TX_STATUS_OK)) {
        SAY_ONCE(c, SAID_NACK, "电视没有应答 CEC（NACK）：显示器可能不支持 CEC；继续用 DPMS / the TV did not acknowledge "
                 "CEC (NACK): a monitor without CEC? carrying on with DPMS (said once)");
        return false;
    }
    c->said[SAID_NACK] = c->said[SAID_ERROR] = false;
    if (reply && !(m.rx_status & CEC_RX_STATUS_OK)) {
        SAY_ONCE(c, SAID_NO_ANSWER, "电视在 %d 毫秒内未回答电源状态 / the TV did not answer Give Device Power Status "
                 "within %d ms (said once)", CEC_REPLY_MS, CEC_REPLY_MS);
        return false;
    }
    if (reply)
        c->said[SAID_NO_ANSWER] = false;
    return true;
}

enum tv_power cec_ctl_set(struct cec_ctl *c, bool on)
{
    if (!ensure_adapter(c) || !ensure_claimed(c))
        return TV_POWER_UNKNOWN;
    if (on) {
        if (!send(c, LA_TV, CEC_MSG_IMAGE_VIEW_ON, NULL, 0, 0, NULL))
            return TV_POWER_UNKNOWN;
        uint8_t pa[2] = {(uint8_t)(c->pa >> 8), (uint8_t)(c->pa & 0xff)};
        if (!send(c, LA_BROADCAST, CEC_MSG_ACTIVE_SOURCE, pa, 2, 0, NULL) && c->h < 0)
            return TV_POWER_UNKNOWN;
    } else if (!send(c, LA_TV, CEC_MSG_STANDBY, NULL, 0, 0, NULL)) {
        return TV_POWER_UNKNOWN;
    }
    struct cec_msg r;
    if (!send(c, LA_TV, CEC_MSG_GIVE_DEVICE_POWER_STATUS, NULL, 0, CEC_MSG_REPORT_POWER_STATUS, &r) || r.len < 3)
        return TV_POWER_UNKNOWN;
    switch (r.msg[2]) {
    case CEC_OP_POWER_STATUS_ON: return TV_POWER_ON;
    case CEC_OP_POWER_STATUS_STANDBY: return TV_POWER_STANDBY;
    case CEC_OP_POWER_STATUS_TO_ON: return TV_POWER_TO_ON;
    case CEC_OP_POWER_STATUS_TO_STANDBY: return TV_POWER_TO_STANDBY;
    default: return TV_POWER_UNKNOWN;
    }
}

const char *cec_ctl_adapter(const struct cec_ctl *c) { return c->path; }
void cec_ctl_get_stats(const struct cec_ctl *c, struct cec_stats *out) { *out = c->stats; }

const char *tv_power_name(enum tv_power p)
{
    switch (p) {
    case TV_POWER_ON: return "on";
    case TV_POWER_STANDBY: return "standby";
    case TV_POWER_TO_ON: return "to-on";
    case TV_POWER_TO_STANDBY: return "to-standby";
    default: return "unknown";
    }
}
