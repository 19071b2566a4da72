/* service + screen power: the unattended player with screen-off hours across midnight on a fake
 * clock, a fake panel (DPMS) and a fake TV over CEC (a worker thread over fake adapters): the panel
 * goes off after the black frame and on before the morning's frame (a whole redraw), the TV gets
 * standby and on, a stick's notice at night wakes both and they go off again after it, the status
 * file and Prometheus text carry the state; a panel without DPMS and a TV that NACKs are said once
 * and the loop goes on. */
#include <errno.h>
#include <jansson.h>
#include <unistd.h>

#include "service_fixture.h"

#include "core/fsutil.h"
#include "core/xalloc.h"
#include "slides/notice.h"

struct panel {
    struct fake_display disp; /* first: the display ops' ctx is the panel */
    bool lit;
    int ons, offs;
    enum power_result result;
    uint64_t frames_at_off; /* frames drawn when the panel went off */
    struct service **svc;
};

static uint64_t frames(struct service *s)
{
    struct service_stats st;
    service_get_stats(s, &st);
    return st.frames;
}

static enum power_result panel_dpms(void *ctx, struct render *r, bool on, char *why, size_t cap)
{
    (void)r;
    struct panel *p = ctx;
    if (p->result != POWER_OK) {
        snprintf(why, cap, "fake: the connector has no DPMS property");
        return p->result;
    }
    p->lit = on;
    if (on) {
        p->ons++;
    } else {
        p->offs++;
        p->frames_at_off = *p->svc ? frames(*p->svc) : 0;
    }
    return POWER_OK;
}

/* The TV over CEC on one adapter at 1.0.0.0. */
struct tv {
    bool on, nacks;
    char sent[1024];
};
static size_t tv_list(void *ctx, char (*paths)[CEC_PATH_MAX], size_t max)
{
    (void)ctx;
    if (max)
        snprintf(paths[0], CEC_PATH_MAX, "/dev/cec7");
    return 1;
}
static int tv_open(void *ctx, const char *path) { return (void)ctx, strcmp(path, "/dev/cec7") == 0 ? 3 : -ENOENT; }
static void tv_close(void *ctx, int h) { (void)ctx, (void)h; }
static int tv_pa(void *ctx, int h, uint16_t *pa) { return (void)ctx, (void)h, *pa = 0x1000, 0; }
static int tv_claim(void *ctx, int h, uint8_t *la) { return (void)ctx, (void)h, *la = 4, 0; }
static int tv_transmit(void *ctx, int h, struct cec_msg *m)
{
    (void)h;
    struct tv *t = ctx;
    size_t n = strlen(t->sent);
    snprintf(t->sent + n, sizeof t->sent - n, "%s%02x", n ? " " : "", m->msg[1]);
    if (t->nacks) {
        m->tx_status = CEC_TX_STATUS_NACK;
        return 0;
    }
    m->tx_status = CEC_TX_STATUS_OK;
    if (m->msg[1] == CEC_MSG_STANDBY)
        t->on = false;
    if (m->msg[1] == CEC_MSG_IMAGE_VIEW_ON)
        t->on = true;
    if (m->reply) {
        m->rx_status = CEC_RX_STATUS_OK;
        m->msg[1] = CEC_MSG_REPORT_POWER_STATUS;
        m->msg[2] = t->on ? CEC_OP_POWER_STATUS_ON : CEC_OP_POWER_STATUS_STANDBY;
        m->len = 3;
    }
    return 0;
}

static struct tvlink *tv_link(struct tv *t)
{
    struct cec_dev_ops ops = {.list = tv_list, .open = tv_open, .close = tv_close, .phys_addr = tv_pa,
                              .claim = tv_claim, .transmit = tv_transmit, .ctx = t};
    return tvlink_new(cec_ctl_new(&ops, NULL));
}

/* Turns until fake time has advanced ms (wall time with it); the CEC worker's answer is awaited
 * where a test asks. Moving frames at 10 per second. */
static void run(struct clock_fake *fk, struct service *s, uint64_t ms)
{
    uint64_t mono0 = fk->mono_ms;
    time_t wall0 = fk->wall;
    while (fk->mono_ms - mono0 < ms) {
        uint64_t w;
        service_turn(s, 0, &w);
        uint64_t step = w < 100 ? 100 : w > 60000 ? 60000 : w;
        fk->mono_ms += step;
        fk->wall = wall0 + (time_t)((fk->mono_ms - mono0) / 1000);
    }
}

/* Lets the CEC worker finish and the loop read its answer. */
static void settle(struct service *s, struct tvlink *tl)
{
    for (int i = 0; i < 10000 && !tvlink_idle(tl); i++)
        usleep(1000);
    for (int i = 0; i < 3; i++)
        service_turn(s, 20, NULL);
}

static char *slurp(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    return fs_read_file(path, 1u << 20, false, &text, &len) == FS_OK ? text : NULL;
}

static json_t *status_power(const char *file)
{
    json_t *o = status_read(file);
    json_t *dp = o ? json_incref(json_object_get(o, "display_power")) : NULL;
    json_decref(o);
    return dp;
}

static bool has(const char *file, const char *needle)
{
    char *t = slurp(file);
    bool yes = t && strstr(t, needle);
    free(t);
    return yes;
}

static void check_status(const char *file, const char *state, const char *tv, const char *what)
{
    json_t *dp = status_power(file);
    const char *s = json_string_value(json_object_get(dp, "state")), *t = json_string_value(json_object_get(dp, "tv"));
    CHECK(s && t && strcmp(s, state) == 0 && strcmp(t, tv) == 0, "%s: status display_power %s, tv %s (want %s, %s)",
          what, s ? s : "-", t ? t : "-", state, tv);
    json_decref(dp);
}

static void test_night(const char *dir)
{
    static const struct day_span night[] = {{0x7f, 22 * 60, 6 * 60}};
    char *status_file = xasprintf("%s/status.json", dir), *prom_file = xasprintf("%s/" STATUS_PROM_NAME, dir);
    struct clock_fake fk = {.mono_ms = 5000, .wall = 1752069480}; /* 2025-07-09 21:58 +08 */
    struct clock_src clk = clock_fake_src(&fk);
    struct service *svc = NULL;
    struct panel panel = {.svc = &svc};
    struct tv tv = {.on = true};
    struct tvlink *tl = tv_link(&tv);
    struct display_ops dops = fake_display_ops(&panel.disp);
    dops.dpms = panel_dpms;
    struct text_engine *te = text_engine_new(NULL);
    svc = service_new(&(struct service_config){
        .te = te, .clock = &clk, .display = dops,
        .player = {.transition_ms = 0, .screen_off_override = true, .screen_off = night, .n_screen_off = 1},
        .content = TEST_SRCDIR "/playlists", .snap = fixture_samples(), .status_file = status_file,
        .prometheus_dir = dir, .version = "test", .wait_for_display = true, .min_frame_ms = 16, .dpms = true,
        .tv = tl});

    /* 21:58: playing, the panel lit, the TV asked on at start. */
    run(&fk, svc, 30000);
    settle(svc, tl);
    CHECK(panel.lit && panel.ons == 1 && panel.offs == 0, "evening: lit (%d ons, %d offs)", panel.ons, panel.offs);
    CHECK(strcmp(tv.sent, "04 82 8f") == 0, "start: Image View On, Active Source, power status: %s", tv.sent);
    check_status(status_file, "on", "on", "evening");
    CHECK(has(status_file, "\"cec_adapter\": \"/dev/cec7\""), "status names the CEC adapter");

    /* 22:00: the black frame, then the panel off and the TV to standby; nothing drawn after. */
    tv.sent[0] = '\0';
    uint64_t before = frames(svc);
    run(&fk, svc, 120000);
    settle(svc, tl);
    CHECK(!panel.lit && panel.offs == 1, "22:00: panel off (%d offs)", panel.offs);
    CHECK(panel.frames_at_off > before, "the black frame was drawn before the panel went off");
    CHECK(strcmp(tv.sent, "36 8f") == 0 && !tv.on, "22:00: Standby, power status: %s", tv.sent);
    check_status(status_file, "off", "standby", "night");
    CHECK(has(prom_file, "lobbysign_display_power{state=\"off\"} 1"), "Prometheus: display power off");
    CHECK(has(prom_file, "lobbysign_tv_power_info{status=\"standby\",adapter=\"/dev/cec7\"} 1"),
          "Prometheus: TV standby on /dev/cec7");

    /* 23:00: someone switches the TV on by hand: left alone all night. */
    run(&fk, svc, 3600000);
    tv.on = true;
    tv.sent[0] = '\0';
    run(&fk, svc, 2 * 3600000);
    CHECK(tv.sent[0] == '\0' && tv.on, "TV on by hand at night: nothing sent (%s)", tv.sent);
    CHECK(frames(svc) == panel.frames_at_off, "nothing drawn while the panel is off");

    /* 01:00: a stick: its notice wakes panel and TV, then both go off again. */
    struct notice n = {.kind = NOTICE_UPDATED};
    snprintf(n.title, sizeof n.title, "已更新 / updated");
    player_set_notice(service_player(svc), &n, 30000);
    uint64_t at_stick = frames(svc);
    run(&fk, svc, 1000);
    settle(svc, tl);
    CHECK(panel.lit && panel.ons == 2 && frames(svc) > at_stick, "stick at night: panel on, notice drawn (%d ons)",
          panel.ons);
    CHECK(strcmp(tv.sent, "04 82 8f") == 0, "stick at night: TV on: %s", tv.sent);
    tv.sent[0] = '\0';
    run(&fk, svc, 60000);
    settle(svc, tl);
    CHECK(!panel.lit && panel.offs == 2, "after the notice: panel off again (%d offs)", panel.offs);
    CHECK(strcmp(tv.sent, "36 8f") == 0, "after the notice: TV standby: %s", tv.sent);

    /* 06:00: on again, a whole frame drawn. */
    tv.sent[0] = '\0';
    uint64_t night_frames = frames(svc);
    run(&fk, svc, (uint64_t)(1752069480 + 8 * 3600 + 150 - fk.wall) * 1000); /* to 06:00:30 */
    settle(svc, tl);
    CHECK(panel.lit && panel.ons == 3 && frames(svc) > night_frames, "morning: panel on and drawing (%d ons)",
          panel.ons);
    CHECK(strncmp(tv.sent, "04 82 8f", 8) == 0, "morning: TV on: %s", tv.sent);
    check_status(status_file, "on", "on", "morning");
    struct service_stats st;
    service_get_stats(svc, &st);
    CHECK(st.power == POWER_STATE_ON && st.power_transitions == 4, "4 transitions (%u)", st.power_transitions);

    service_free(svc);
    text_engine_free(te);
    free(status_file);
    free(prom_file);
}

/* A panel with no DPMS property and a monitor that NACKs CEC: said once each, the loop goes on. */
static void test_no_power_control(const char *dir)
{
    static const struct day_span night[] = {{0x7f, 22 * 60, 6 * 60}};
    char *status_file = xasprintf("%s/status2.json", dir);
    struct clock_fake fk = {.mono_ms = 5000, .wall = 1752069480};
    struct clock_src clk = clock_fake_src(&fk);
    struct service *svc = NULL;
    struct panel panel = {.svc = &svc, .result = POWER_UNSUPPORTED};
    struct tv tv = {.nacks = true};
    struct tvlink *tl = tv_link(&tv);
    struct display_ops dops = fake_display_ops(&panel.disp);
    dops.dpms = panel_dpms;
    struct text_engine *te = text_engine_new(NULL);
    svc = service_new(&(struct service_config){
        .te = te, .clock = &clk, .display = dops,
        .player = {.transition_ms = 0, .screen_off_override = true, .screen_off = night, .n_screen_off = 1},
        .content = TEST_SRCDIR "/playlists", .snap = fixture_samples(), .status_file = status_file,
        .version = "test", .wait_for_display = true, .min_frame_ms = 16, .dpms = true, .tv = tl});
    run(&fk, svc, 3 * 60000);      /* 22:01 */
    settle(svc, tl);
    run(&fk, svc, 8 * 3600000);    /* 06:01 */
    settle(svc, tl);
    check_status(status_file, "unknown", "unknown", "no DPMS, NACK");
    struct service_stats st;
    service_get_stats(svc, &st);
    CHECK(st.power_transitions == 2 && st.frames > 0, "the loop went on (%u transitions)", st.power_transitions);
    service_free(svc);
    text_engine_free(te);
    free(status_file);
}

int main(void)
{
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    /* tmpfs when there is one: the status file is rewritten (fsync) every simulated minute. */
    char dir[] = "/dev/shm/test_service_power.XXXXXX", alt[] = "/tmp/test_service_power.XXXXXX";
    char *d = mkdtemp(dir) ? dir : mkdtemp(alt);
    CHECK(d != NULL, "temp dir");
    test_night(d);
    test_no_power_control(d);
    char *rm = xasprintf("rm -rf '%s'", d);
    CHECK(system(rm) == 0, "clean up");
    free(rm);
    return check_done();
}
