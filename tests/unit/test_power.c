/* power: the screen power policy at the schedule's boundaries (a window across midnight, clock jumps,
 * a stick at night, a TV switched on by hand), DPMS problems said once; CEC over fake adapters (two
 * adapters one without a link, a TV that NACKs, one that never answers, an adapter that disappears
 * and comes back); the CEC worker never blocks its caller. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "power/cec.h"
#include "power/dpms.h"
#include "power/power.h"
#include "power/tvlink.h"
#include "schedule/schedule.h"

/* ---- the policy ------------------------------------------------------------------------------- */

struct fake_panel {
    char calls[256];            /* "D0 T0 D1 T1 ..." */
    enum power_result result;
};

static void add_call(struct fake_panel *f, const char *c)
{
    size_t n = strlen(f->calls);
    snprintf(f->calls + n, sizeof f->calls - n, "%s%s", n ? " " : "", c);
}

static enum power_result fake_dpms(void *ctx, bool on, char *why, size_t cap)
{
    struct fake_panel *f = ctx;
    add_call(f, on ? "D1" : "D0");
    if (f->result != POWER_OK)
        snprintf(why, cap, "fake: no DPMS property");
    return f->result;
}

static void fake_tv(void *ctx, bool on) { add_call(ctx, on ? "T1" : "T0"); }

static time_t at(int d, int h, int mi)
{
    struct tm tm = {.tm_year = 2026 - 1900, .tm_mon = 10, .tm_mday = 23 + d, .tm_hour = h, .tm_min = mi,
                    .tm_isdst = -1};
    return mktime(&tm);
}

#define MAX_STEPS 8
struct step_case {
    time_t wall;
    bool wake;
    const char *calls;  /* what this step sends ("" nothing) */
    bool redraw;        /* power_update says: redraw everything */
    const char *state;
};

static void test_policy(void)
{
    static const struct day_span night[] = {{0x7f, 22 * 60, 6 * 60}};  /* across midnight */
    static const struct day_span evening[] = {{0x7f, 19 * 60, 23 * 60}};
    struct {
        const char *name;
        const struct day_span *spans;
        enum power_result dpms;
        struct step_case steps[MAX_STEPS];
    } cases[] = {
        {"start in on hours, window across midnight", night, POWER_OK,
         {{at(0, 21, 0), false, "D1 T1", false, "on"},
          {at(0, 21, 59), false, "", false, "on"},
          {at(0, 22, 0), false, "D0 T0", false, "off"},
          {at(1, 0, 30), false, "", false, "off"},   /* past midnight: still the same hours */
          {at(1, 5, 59), false, "", false, "off"},
          {at(1, 6, 0), false, "D1 T1", true, "on"},
          {0}}},
        {"start at night", night, POWER_OK,
         {{at(0, 23, 0), false, "D0 T0", false, "off"}, {at(1, 7, 0), false, "D1 T1", true, "on"}, {0}}},
        {"clock jumps over the whole window: nothing", evening, POWER_OK,
         {{at(0, 18, 0), false, "D1 T1", false, "on"},
          {at(1, 8, 0), false, "", false, "on"},     /* NTP: 18:00 -> next morning */
          {at(1, 20, 0), false, "D0 T0", false, "off"},
          {at(1, 18, 30), false, "D1 T1", true, "on"}, /* jumped back out of the hours */
          {at(2, 10, 0), false, "", false, "on"},
          {at(2, 22, 0), false, "D0 T0", false, "off"}, /* jump into the hours */
          {0}}},
        {"stick at night wakes the panel, then off again", night, POWER_OK,
         {{at(0, 23, 0), false, "D0 T0", false, "off"},
          {at(0, 23, 5), true, "D1 T1", true, "on"},
          {at(0, 23, 6), true, "", false, "on"},
          {at(0, 23, 7), false, "D0 T0", false, "off"},
          {at(1, 9, 0), true, "D1 T1", true, "on"},   /* a stick by day: no extra transition after */
          {at(1, 9, 1), false, "", false, "on"},
          {0}}},
        {"TV switched on by hand at night: left alone", night, POWER_OK,
         {{at(0, 22, 30), false, "D0 T0", false, "off"},
          {at(0, 23, 0), false, "", false, "off"},
          {at(1, 1, 0), false, "", false, "off"},
          {at(1, 4, 0), false, "", false, "off"},
          {at(1, 6, 30), false, "D1 T1", true, "on"},
          {0}}},
        {"no DPMS property: state unknown, CEC still asked", night, POWER_UNSUPPORTED,
         {{at(0, 21, 0), false, "D1 T1", false, "unknown"},
          {at(0, 22, 0), false, "D0 T0", false, "unknown"},
          {at(1, 6, 0), false, "D1 T1", true, "unknown"},
          {0}}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fake_panel f = {.result = cases[i].dpms};
        struct power_ops ops = {.dpms = fake_dpms, .tv = fake_tv, .ctx = &f};
        struct power *p = power_new(&ops);
        for (size_t k = 0; k < MAX_STEPS && cases[i].steps[k].wall; k++) {
            const struct step_case *s = &cases[i].steps[k];
            f.calls[0] = '\0';
            bool off = schedule_hours_contain(cases[i].spans, 1, s->wall);
            bool redraw = power_update(p, off, s->wake);
            CHECK(strcmp(f.calls, s->calls) == 0, "%s, step %zu: sent \"%s\", want \"%s\"", cases[i].name, k, f.calls,
                  s->calls);
            CHECK(redraw == s->redraw, "%s, step %zu: redraw %d", cases[i].name, k, redraw);
            CHECK_STR(power_state_name(power_state(p)), s->state, cases[i].name);
            CHECK(power_wants_off(p) == (off && !s->wake), "%s, step %zu: wants_off", cases[i].name, k);
        }
        struct power_stats st;
        power_get_stats(p, &st);
        CHECK(st.warnings == (cases[i].dpms == POWER_OK ? 0u : 1u), "%s: %u DPMS warnings, want one at most",
              cases[i].name, st.warnings);
        power_free(p);
    }
}

/* A failing DPMS call is said once until it works, then once again; no DPMS ops: state unknown. */
static void test_dpms_failures(void)
{
    struct fake_panel f = {.result = POWER_FAILED};
    struct power_ops ops = {.dpms = fake_dpms, .ctx = &f};
    struct power *p = power_new(&ops);
    for (int i = 0; i < 6; i++)
        power_update(p, i % 2, false);
    struct power_stats st;
    power_get_stats(p, &st);
    CHECK(st.warnings == 1, "failing DPMS: %u warnings", st.warnings);
    CHECK(st.dpms_calls == 6, "failing DPMS: %u calls (each transition tries)", st.dpms_calls);
    f.result = POWER_OK;
    power_update(p, false, false);
    f.result = POWER_FAILED;
    power_update(p, true, false);
    power_get_stats(p, &st);
    CHECK(st.warnings == 2, "failing again after working: %u warnings", st.warnings);
    power_free(p);

    struct power *q = power_new(&(struct power_ops){0});
    CHECK(!power_update(q, false, false), "first update is no redraw");
    CHECK(power_update(q, true, false) == false && power_wants_off(q), "off");
    CHECK_STR(power_state_name(power_state(q)), "unknown", "no DPMS");
    power_free(q);

    char why[128] = "";
    CHECK(dpms_set_drm(STDIN_FILENO, false, why, sizeof why) != POWER_OK && why[0], "not a DRM descriptor: %s", why);
    CHECK(dpms_set_window(NULL, false, why, sizeof why) == POWER_UNSUPPORTED, "no window");
}

/* ---- CEC over fake adapters --------------------------------------------------------------------- */

enum tv_kind { TV_ANSWERS, TV_NACKS, TV_SILENT };

struct fake_adapter {
    const char *path;
    uint16_t pa;
    bool gone;
};

struct fake_bus {
    struct fake_adapter ad[3];
    size_t n;
    enum tv_kind tv;
    bool tv_on;
    char sent[512];     /* "adapter:opcode ..." */
    int claims;
    bool block;         /* transmit waits until released (the worker test) */
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static size_t fb_list(void *ctx, char (*paths)[CEC_PATH_MAX], size_t max)
{
    struct fake_bus *b = ctx;
    size_t n = 0;
    for (size_t i = 0; i < b->n && n < max; i++)
        if (!b->ad[i].gone)
            snprintf(paths[n++], CEC_PATH_MAX, "%s", b->ad[i].path);
    return n;
}

static int fb_open(void *ctx, const char *path)
{
    struct fake_bus *b = ctx;
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->ad[i].path, path) == 0)
            return b->ad[i].gone ? -ENOENT : (int)i;
    return -ENOENT;
}

static void fb_close(void *ctx, int h) { (void)ctx, (void)h; }

static int fb_pa(void *ctx, int h, uint16_t *pa)
{
    struct fake_bus *b = ctx;
    if (b->ad[h].gone)
        return -ENODEV;
    *pa = b->ad[h].pa;
    return 0;
}

static int fb_claim(void *ctx, int h, uint8_t *la)
{
    struct fake_bus *b = ctx;
    if (b->ad[h].gone)
        return -ENODEV;
    b->claims++;
    *la = 4; /* playback 1 */
    return 0;
}

static int fb_transmit(void *ctx, int h, struct cec_msg *m)
{
    struct fake_bus *b = ctx;
    pthread_mutex_lock(&b->mu);
    while (b->block)
        pthread_cond_wait(&b->cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
    if (b->ad[h].gone)
        return -ENODEV;
    size_t n = strlen(b->sent);
    snprintf(b->sent + n, sizeof b->sent - n, "%s%zu:%02x", n ? " " : "", (size_t)h, m->msg[1]);
    CHECK((m->msg[0] >> 4) == 4, "sent from the playback address");
    bool to_tv = (m->msg[0] & 0xf) == 0;
    if (b->tv == TV_NACKS && to_tv) {
        m->tx_status = CEC_TX_STATUS_NACK | CEC_TX_STATUS_MAX_RETRIES;
        return 0;
    }
    m->tx_status = CEC_TX_STATUS_OK;
    if (m->msg[1] == CEC_MSG_STANDBY)
        b->tv_on = false;
    if (m->msg[1] == CEC_MSG_IMAGE_VIEW_ON)
        b->tv_on = true;
    if (m->reply) {
        CHECK(m->timeout > 0, "a reply is waited for with a timeout");
        if (b->tv == TV_SILENT) {
            m->rx_status = CEC_RX_STATUS_TIMEOUT;
        } else {
            m->rx_status = CEC_RX_STATUS_OK;
            m->msg[1] = CEC_MSG_REPORT_POWER_STATUS;
            m->msg[2] = b->tv_on ? CEC_OP_POWER_STATUS_ON : CEC_OP_POWER_STATUS_STANDBY;
            m->len = 3;
        }
    }
    return 0;
}

static struct cec_dev_ops fake_ops(struct fake_bus *b)
{
    return (struct cec_dev_ops){.list = fb_list, .open = fb_open, .close = fb_close, .phys_addr = fb_pa,
                                .claim = fb_claim, .transmit = fb_transmit, .ctx = b};
}

static void bus_init(struct fake_bus *b)
{
    memset(b, 0, sizeof *b);
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    b->ad[0] = (struct fake_adapter){"/dev/cec0", CEC_PHYS_ADDR_INVALID, false}; /* f.f.f.f: no link */
    b->ad[1] = (struct fake_adapter){"/dev/cec1", 0x1000, false};                /* 1.0.0.0 */
    b->n = 2;
    b->tv_on = true;
}

static void test_cec(void)
{
    struct fake_bus b;
    struct cec_stats st;

    /* Two adapters, one without a link: the other is used; standby then on, confirmed. */
    bus_init(&b);
    struct cec_dev_ops ops = fake_ops(&b);
    struct cec_ctl *c = cec_ctl_new(&ops, NULL);
    CHECK(cec_ctl_set(c, false) == TV_POWER_STANDBY, "standby reported");
    CHECK_STR(cec_ctl_adapter(c), "/dev/cec1", "the adapter with a link");
    CHECK_STR(b.sent, "1:36 1:8f", "standby, then Give Device Power Status");
    b.sent[0] = '\0';
    CHECK(cec_ctl_set(c, true) == TV_POWER_ON, "on reported");
    CHECK_STR(b.sent, "1:04 1:82 1:8f", "Image View On, Active Source, Give Device Power Status");
    CHECK(b.claims == 1, "claimed once: %d", b.claims);
    cec_ctl_get_stats(c, &st);
    CHECK(st.warnings == 0, "all well: %u warnings", st.warnings);
    cec_ctl_free(c);

    /* An explicit device. */
    bus_init(&b);
    ops = fake_ops(&b);
    c = cec_ctl_new(&ops, "/dev/cec0");
    CHECK(cec_ctl_set(c, false) == TV_POWER_UNKNOWN, "f.f.f.f on the configured adapter");
    CHECK(b.sent[0] == '\0', "nothing sent without a link");
    cec_ctl_free(c);

    /* No adapter with a link at all: said once, nothing sent. */
    bus_init(&b);
    b.ad[1].pa = CEC_PHYS_ADDR_INVALID;
    ops = fake_ops(&b);
    c = cec_ctl_new(&ops, NULL);
    for (int i = 0; i < 4; i++)
        CHECK(cec_ctl_set(c, i % 2) == TV_POWER_UNKNOWN, "no link");
    cec_ctl_get_stats(c, &st);
    CHECK(st.warnings == 1 && st.sent == 0, "no link: %u warnings, %u sent", st.warnings, st.sent);
    cec_ctl_free(c);

    /* A monitor that NACKs: said once, unknown. */
    bus_init(&b);
    b.tv = TV_NACKS;
    ops = fake_ops(&b);
    c = cec_ctl_new(&ops, NULL);
    for (int i = 0; i < 5; i++)
        CHECK(cec_ctl_set(c, i % 2) == TV_POWER_UNKNOWN, "NACK");
    cec_ctl_get_stats(c, &st);
    CHECK(st.warnings == 1, "NACK: %u warnings", st.warnings);
    cec_ctl_free(c);

    /* A TV that never answers: the reply timeout, said once. */
    bus_init(&b);
    b.tv = TV_SILENT;
    ops = fake_ops(&b);
    c = cec_ctl_new(&ops, NULL);
    for (int i = 0; i < 5; i++)
        CHECK(cec_ctl_set(c, i % 2) == TV_POWER_UNKNOWN, "silent TV");
    cec_ctl_get_stats(c, &st);
    CHECK(st.warnings == 1, "silent TV: %u warnings", st.warnings);
    CHECK(!b.tv_on, "standby still sent to a silent TV");
    cec_ctl_free(c);

    /* The adapter disappears, then comes back: said once, used again. */
    bus_init(&b);
    ops = fake_ops(&b);
    c = cec_ctl_new(&ops, NULL);
    CHECK(cec_ctl_set(c, true) == TV_POWER_ON, "before");
    b.ad[1].gone = true;
    for (int i = 0; i < 4; i++)
        CHECK(cec_ctl_set(c, i % 2) == TV_POWER_UNKNOWN, "gone");
    cec_ctl_get_stats(c, &st);
    CHECK(st.warnings == 2, "gone: %u warnings (gone once, no link once)", st.warnings);
    CHECK_STR(cec_ctl_adapter(c), "", "no adapter in use");
    b.ad[1].gone = false;
    CHECK(cec_ctl_set(c, false) == TV_POWER_STANDBY, "back");
    CHECK_STR(cec_ctl_adapter(c), "/dev/cec1", "used again");
    cec_ctl_get_stats(c, &st);
    CHECK(st.opens == 2 && b.claims == 2, "reopened and claimed again: %u opens, %d claims", st.opens, b.claims);
    cec_ctl_free(c);
}

/* The worker: a request returns at once even while the TV takes forever; the answer comes later. */
static void test_tvlink(void)
{
    struct fake_bus b;
    bus_init(&b);
    b.block = true;
    struct cec_dev_ops ops = fake_ops(&b);
    struct tvlink *t = tvlink_new(cec_ctl_new(&ops, NULL));
    CHECK(t != NULL, "worker started");
    tvlink_request(t, false); /* returns while the worker is stuck in transmit */
    tvlink_request(t, true);
    char adapter[CEC_PATH_MAX];
    CHECK(tvlink_status(t, adapter, sizeof adapter) == TV_POWER_UNKNOWN, "no answer yet");
    CHECK(!tvlink_idle(t), "busy");
    pthread_mutex_lock(&b.mu);
    b.block = false;
    pthread_cond_broadcast(&b.cv);
    pthread_mutex_unlock(&b.mu);
    while (!tvlink_idle(t))
        usleep(1000);
    CHECK(tvlink_status(t, adapter, sizeof adapter) == TV_POWER_ON, "the latest request wins: on");
    CHECK(strcmp(adapter, "/dev/cec1") == 0, "adapter reported: %s", adapter);
    tvlink_free(t);
}

int main(void)
{
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    test_policy();
    test_dpms_failures();
    test_cec();
    test_tvlink();
    return check_done();
}
