/* status: the status file, its Prometheus twin and the frame-time histogram (see status.h). */
#define LOG_TAG "status"
#include "service/status.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fsutil.h"
#include "core/log.h"
#include "core/util.h"
#include "core/xalloc.h"

#define BUCKET_MS 0.25

void frametimes_add(struct frametimes *ft, double ms)
{
    if (ms < 0)
        ms = 0;
    size_t b = (size_t)(ms / BUCKET_MS);
    ft->counts[b < FRAMETIME_BUCKETS ? b : FRAMETIME_BUCKETS]++;
    ft->n++;
    if (ms > ft->max_ms)
        ft->max_ms = ms;
}

double frametimes_quantile(const struct frametimes *ft, double q)
{
    if (!ft || !ft->n)
        return 0;
    uint64_t want = (uint64_t)(q * (double)ft->n + 0.5), seen = 0;
    if (want < 1)
        want = 1;
    for (size_t b = 0; b < FRAMETIME_BUCKETS; b++) {
        seen += ft->counts[b];
        if (seen >= want)
            return (double)(b + 1) * BUCKET_MS;
    }
    return ft->max_ms;
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

char *status_json(const struct status_info *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", str_or_null(st->name));
    json_object_set_new(o, "lobbysign_version", str_or_null(st->version));
    json_object_set_new(o, "written_at", json_integer(st->written_at));
    json_object_set_new(o, "started_at", json_integer(st->started_at));
    json_object_set_new(o, "uptime_s", json_integer((json_int_t)st->uptime_s));
    json_object_set_new(o, "content", str_or_null(st->content));
    json_object_set_new(o, "content_version", str_or_null(st->content_version));
    json_object_set_new(o, "signer", str_or_null(st->signer));
    json_object_set_new(o, "signed_at", st->signed_at > 0 ? json_integer(st->signed_at) : json_null());
    json_object_set_new(o, "playlist", str_or_null(st->playlist));
    json_object_set_new(o, "playlist_file", str_or_null(st->playlist_file));
    json_object_set_new(o, "slide", st->slide >= 0 ? json_integer(st->slide) : json_null());
    json_object_set_new(o, "slide_id", str_or_null(st->slide_id));
    json_object_set_new(o, "frames", json_integer((json_int_t)st->frames));
    json_object_set_new(o, "frame_ms", json_pack("{s:f, s:f, s:f, s:f}", "p50", frametimes_quantile(st->frame_times, 0.5),
                                                 "p95", frametimes_quantile(st->frame_times, 0.95), "p99",
                                                 frametimes_quantile(st->frame_times, 0.99), "max",
                                                 st->frame_times ? st->frame_times->max_ms : 0.0));
    json_object_set_new(o, "display", str_or_null(st->display));
    json_object_set_new(o, "display_detail", str_or_null(st->display_detail));
    json_object_set_new(o, "display_losses", json_integer((json_int_t)st->display_losses));
    json_object_set_new(o, "errors", json_integer((json_int_t)st->errors));
    json_object_set_new(o, "last_error", st->last_error && *st->last_error ? json_string(st->last_error) : json_null());
    json_t *imp = st->last_import ? json_loads(st->last_import, 0, NULL) : NULL;
    json_object_set_new(o, "last_import", imp ? imp : json_null());
    json_object_set_new(o, "clock_synced", str_or_null(st->clock_synced));
    json_object_set_new(o, "clock_warning", str_or_null(st->clock_warning));
    json_object_set_new(o, "zone", str_or_null(st->zone));
    json_object_set_new(o, "display_power",
                        json_pack("{s:s, s:s, s:o}", "state", st->display_power ? st->display_power : "unknown", "tv",
                                  st->tv_power ? st->tv_power : "unknown", "cec_adapter", str_or_null(st->cec_adapter)));
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    char *out = xasprintf("%s\n", s);
    free(s);
    return out;
}

/* A label value: backslash, quote and newline escaped. */
static void label(char *buf, size_t cap, const char *s)
{
    size_t k = 0;
    for (; s && *s && k + 3 < cap; s++) {
        if (*s == '\\' || *s == '"')
            buf[k++] = '\\', buf[k++] = *s;
        else if (*s == '\n')
            buf[k++] = '\\', buf[k++] = 'n';
        else
            buf[k++] = *s;
    }
    buf[k] = '\0';
}

/* Appends the screen power lines to lines (freed): the panel's state (1 for the current one) and the
 * TV's reported power with the CEC adapter. */
static char *power_prometheus(char *lines, const struct status_info *st)
{
    static const char *const states[] = {"on", "off", "unknown"};
    const char *now = st->display_power ? st->display_power : "unknown";
    char tv[32], adapter[128];
    label(tv, sizeof tv, st->tv_power ? st->tv_power : "unknown");
    label(adapter, sizeof adapter, st->cec_adapter ? st->cec_adapter : "");
    char *out = xasprintf("%s# HELP lobbysign_display_power The panel's power as set by lobbysign (1 for the current one).\n"
                          "# TYPE lobbysign_display_power gauge\n"
                          "lobbysign_display_power{state=\"%s\"} %d\n"
                          "lobbysign_display_power{state=\"%s\"} %d\n"
                          "lobbysign_display_power{state=\"%s\"} %d\n"
                          "# HELP lobbysign_tv_power_info The TV's power as it reported over HDMI-CEC, and the adapter (value 1).\n"
                          "# TYPE lobbysign_tv_power_info gauge\n"
                          "lobbysign_tv_power_info{status=\"%s\",adapter=\"%s\"} 1\n",
                          lines, states[0], strcmp(now, states[0]) == 0, states[1], strcmp(now, states[1]) == 0,
                          states[2], strcmp(now, states[2]) == 0, tv, adapter);
    free(lines);
    return out;
}

char *status_prometheus(const struct status_info *st)
{
    char ver[128], pl[256], disp[32], name[256], cv[32], signer[64], imp[32] = "";
    label(ver, sizeof ver, st->version);
    label(name, sizeof name, st->name);
    label(cv, sizeof cv, st->content_version ? st->content_version : "none");
    label(signer, sizeof signer, st->signer ? st->signer : "none");
    json_t *li = st->last_import ? json_loads(st->last_import, 0, NULL) : NULL;
    label(imp, sizeof imp, json_string_value(json_object_get(li, "result")) ? json_string_value(json_object_get(li, "result"))
                                                                             : "none");
    long long imp_at = (long long)json_integer_value(json_object_get(li, "finished_at"));
    json_decref(li);
    label(pl, sizeof pl, st->playlist ? st->playlist : "fallback");
    label(disp, sizeof disp, st->display);
    static const char *const states[] = {"on", "off", "waiting", "lost"};
    char *lines = xasprintf(
        "# HELP lobbysign_info lobbysign's version and what it plays (value 1).\n"
        "# TYPE lobbysign_info gauge\n"
        "lobbysign_info{version=\"%s\",playlist=\"%s\",screen=\"%s\",content_version=\"%s\",signer=\"%s\"} 1\n"
        "# HELP lobbysign_content_signed_seconds The signed timestamp of the content playing (Unix time, 0 unsigned).\n"
        "# TYPE lobbysign_content_signed_seconds gauge\n"
        "lobbysign_content_signed_seconds %lld\n"
        "# HELP lobbysign_last_import_seconds When the last import finished (Unix time), its result as a label.\n"
        "# TYPE lobbysign_last_import_seconds gauge\n"
        "lobbysign_last_import_seconds{result=\"%s\"} %lld\n"
        "# HELP lobbysign_clock_synchronized 1 when the clock is synchronised (NTP), 0 when not, -1 unknown.\n"
        "# TYPE lobbysign_clock_synchronized gauge\n"
        "lobbysign_clock_synchronized %d\n"
        "# HELP lobbysign_uptime_seconds Seconds since the player started.\n"
        "# TYPE lobbysign_uptime_seconds gauge\n"
        "lobbysign_uptime_seconds %llu\n"
        "# HELP lobbysign_frames_total Frames drawn.\n"
        "# TYPE lobbysign_frames_total counter\n"
        "lobbysign_frames_total %llu\n"
        "# HELP lobbysign_frame_seconds Frame time quantiles since start.\n"
        "# TYPE lobbysign_frame_seconds gauge\n"
        "lobbysign_frame_seconds{quantile=\"0.5\"} %.6f\n"
        "lobbysign_frame_seconds{quantile=\"0.95\"} %.6f\n"
        "lobbysign_frame_seconds{quantile=\"0.99\"} %.6f\n"
        "# HELP lobbysign_errors_total Errors logged.\n"
        "# TYPE lobbysign_errors_total counter\n"
        "lobbysign_errors_total %lu\n"
        "# HELP lobbysign_display_losses_total Times the display went away.\n"
        "# TYPE lobbysign_display_losses_total counter\n"
        "lobbysign_display_losses_total %llu\n"
        "# HELP lobbysign_status_written_seconds When this was written (Unix time).\n"
        "# TYPE lobbysign_status_written_seconds gauge\n"
        "lobbysign_status_written_seconds %lld\n"
        "# HELP lobbysign_display_state The display's state (1 for the current one).\n"
        "# TYPE lobbysign_display_state gauge\n",
        ver, pl, name, cv, signer, (long long)st->signed_at, imp, imp_at,
        !st->clock_synced ? -1 : strcmp(st->clock_synced, "yes") == 0 ? 1 : strcmp(st->clock_synced, "no") == 0 ? 0 : -1,
        (unsigned long long)st->uptime_s, (unsigned long long)st->frames,
        frametimes_quantile(st->frame_times, 0.5) / 1000, frametimes_quantile(st->frame_times, 0.95) / 1000,
        frametimes_quantile(st->frame_times, 0.99) / 1000, st->errors, (unsigned long long)st->display_losses,
        (long long)st->written_at);
    for (size_t i = 0; i < ALEN(states); i++) {
        char *more = xasprintf("%slobbysign_display_state{state=\"%s\"} %d\n", lines, states[i],
                               strcmp(disp, states[i]) == 0);
        free(lines);
        lines = more;
    }
    return power_prometheus(lines, st);
}

bool status_write(const char *path, const char *prom_dir, const struct status_info *st)
{
    bool ok = true;
    if (path) {
        char *j = status_json(st);
        if (!fs_write_atomic(path, j, strlen(j))) {
            LOG_WARN("cannot write the status file %s: %s", path, strerror(errno));
            ok = false;
        }
        free(j);
    }
    if (prom_dir) {
        char *p = status_prometheus(st), *file = fs_join(prom_dir, STATUS_PROM_NAME);
        if (!fs_write_atomic(file, p, strlen(p))) {
            LOG_WARN("cannot write %s: %s", file, strerror(errno));
            ok = false;
        }
        free(p);
        free(file);
    }
    return ok;
}

static const char *sget(json_t *o, const char *k, const char *dflt)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : dflt;
}

static long long iget(json_t *o, const char *k) { return (long long)json_integer_value(json_object_get(o, k)); }

json_t *status_read(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    json_t *o = fs_read_file(path, 1u << 20, false, &text, &len) == FS_OK ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    if (o && !json_is_object(o)) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

void status_print_text(FILE *out, json_t *o)
{
    char when[64] = "-";
    time_t t = (time_t)iget(o, "written_at");
    struct tm tm;
    if (t > 0 && localtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z (%z)", &tm);
    long long up = iget(o, "uptime_s");
    json_t *fm = json_object_get(o, "frame_ms");
    fprintf(out, "屏幕 / screen: %s\n", sget(o, "name", "-"));
    fprintf(out, "播放器 / player: lobbysign %s, 运行 / up %lldd %02lld:%02lld:%02lld (状态写于 / written %s)\n",
            sget(o, "lobbysign_version", "?"), up / 86400, up / 3600 % 24, up / 60 % 60, up % 60, when);
    fprintf(out, "显示 / display: %s (%s), 断开 / lost %lld 次 / times\n", sget(o, "display", "?"),
            sget(o, "display_detail", "-"), iget(o, "display_losses"));
    char signed_at[64] = "-";
    time_t sa = (time_t)iget(o, "signed_at");
    if (sa > 0 && localtime_r(&sa, &tm))
        strftime(signed_at, sizeof signed_at, "%Y-%m-%d %H:%M:%S %Z", &tm);
    fprintf(out, "内容 / content: %s, 版本 / version %s, 签名 / signer %s (签于 / signed %s)\n", sget(o, "content", "-"),
            sget(o, "content_version", "-"), sget(o, "signer", "-"), signed_at);
    fprintf(out, "播放列表 / playlist: %s (%s), 幻灯片 / slide %s\n", sget(o, "playlist", "内置 / fallback"),
            sget(o, "playlist_file", "-"), sget(o, "slide_id", "-"));
    fprintf(out, "帧 / frames: %lld, 帧时间 / frame ms p50 %.2f p95 %.2f p99 %.2f max %.2f\n", iget(o, "frames"),
            json_number_value(json_object_get(fm, "p50")), json_number_value(json_object_get(fm, "p95")),
            json_number_value(json_object_get(fm, "p99")), json_number_value(json_object_get(fm, "max")));
    fprintf(out, "时钟已同步 / clock synchronised: %s%s%s\n", sget(o, "clock_synced", "?"),
            json_is_string(json_object_get(o, "clock_warning")) ? "; " : "", sget(o, "clock_warning", ""));
    json_t *dp = json_object_get(o, "display_power");
    if (json_is_object(dp))
        fprintf(out, "屏幕电源 / screen power: %s, 电视 / TV %s (CEC %s)\n", sget(dp, "state", "?"), sget(dp, "tv", "?"),
                sget(dp, "cec_adapter", "-"));
    fprintf(out, "错误 / errors: %lld%s%s\n", iget(o, "errors"),
            json_is_string(json_object_get(o, "last_error")) ? ", 最近 / last: " : "", sget(o, "last_error", ""));
}
