/* lobbysign fleet DIR: the office's view of its screens. Reads the status folders a fleet collects
 * (one per screen, as Syncthing or rsync lays them out: DIR/<screen>/status.json, plays-*.jsonl,
 * now.png; docs/fleet.md), prints one table row per screen and, with --html FILE, writes one static
 * page with each screen's now.png inside it. No server. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/commands.h"
#include "service/status.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "player/nowpic.h"

#define FLEET_MAX_SCREENS 1000
#define NOWPIC_MAX_BYTES (4u << 20)

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign fleet DIR [--stale-minutes N] [--html FILE]\n"
            "\n"
            "Reads the status folders a fleet collects, one per screen (DIR/<screen>/status.json, with\n"
            "plays-YYYY-MM-DD.jsonl and now.png beside it: what Syncthing or rsync bring back from each\n"
            "board's state folder, docs/fleet.md), and prints one row per screen: its name, the content\n"
            "version playing, the signer's key id, the last import, errors, display power, when its status\n"
            "was written and whether that is stale.\n"
            "\n"
            "  --stale-minutes N   a status older than N minutes is stale (default 10; the player writes it\n"
            "                      every minute)\n"
            "  --html FILE         also write one static page: the table and each screen's now.png (the\n"
            "                      pictures are inside the page; it needs no server)\n"
            "\n"
            "Exit codes: 0 every screen fresh and without errors, 1 some screen stale or with errors,\n"
            "2 usage error or no status folder under DIR.\n");
}

struct screen {
    char folder[256];
    json_t *st;              /* status.json, NULL when missing or unreadable */
    char *png;               /* now.png's bytes, NULL when none */
    size_t png_len;
    char name[128], version[32], signer[32], import[160], power[48], seen[48];
    long long errors;
    bool stale;
};

static const char *sget(json_t *o, const char *k, const char *dflt)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s && *s ? s : dflt;
}

static void local_time(time_t t, char *buf, size_t cap)
{
    struct tm tm;
    if (t <= 0 || !localtime_r(&t, &tm))
        snprintf(buf, cap, "-");
    else
        strftime(buf, cap, "%Y-%m-%d %H:%M %Z", &tm);
}

static int cmp_screen(const void *a, const void *b)
{
    return strcmp(((const struct screen *)a)->folder, ((const struct screen *)b)->folder);
}

static void fill(struct screen *s, time_t now, long stale_s)
{
    json_t *o = s->st;
    snprintf(s->name, sizeof s->name, "%s", sget(o, "name", s->folder));
    snprintf(s->version, sizeof s->version, "%s", sget(o, "content_version", "-"));
    snprintf(s->signer, sizeof s->signer, "%s", sget(o, "signer", "-"));
    json_t *li = json_object_get(o, "last_import");
    if (json_is_object(li)) {
        char t[48];
        local_time((time_t)json_integer_value(json_object_get(li, "finished_at")), t, sizeof t);
        snprintf(s->import, sizeof s->import, "%s %s", sget(li, "result", "?"), t);
    } else {
        snprintf(s->import, sizeof s->import, "-");
    }
    /* Display power when the player knows it (a display_power field), else the display's state. */
    json_t *dp = json_object_get(o, "display_power");
    if (json_is_string(dp))
        snprintf(s->power, sizeof s->power, "%s", json_string_value(dp));
    else if (json_is_boolean(dp))
        snprintf(s->power, sizeof s->power, "%s", json_is_true(dp) ? "on" : "off");
    else if (json_is_object(dp) && sget(dp, "tv", NULL) && strcmp(sget(dp, "tv", ""), "unknown") != 0)
        snprintf(s->power, sizeof s->power, "%s/TV %s", sget(dp, "state", "?"), sget(dp, "tv", "?"));
    else if (json_is_object(dp))
        snprintf(s->power, sizeof s->power, "%s", sget(dp, "state", sget(o, "display", "?")));
    else
        snprintf(s->power, sizeof s->power, "%s", sget(o, "display", "?"));
    s->errors = (long long)json_integer_value(json_object_get(o, "errors"));
    time_t w = (time_t)json_integer_value(json_object_get(o, "written_at"));
    local_time(w, s->seen, sizeof s->seen);
    s->stale = !o || w <= 0 || now - w > stale_s;
}

static void html_text(FILE *f, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
}

static void base64(FILE *f, const unsigned char *d, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0) | (i + 2 < n ? d[i + 2] : 0);
        fputc(tab[v >> 18 & 63], f);
        fputc(tab[v >> 12 & 63], f);
        fputc(i + 1 < n ? tab[v >> 6 & 63] : '=', f);
        fputc(i + 2 < n ? tab[v & 63] : '=', f);
    }
}

static bool write_html(const char *path, const char *dir, struct screen *sc, size_t n, time_t now, long stale_min)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    char when[48];
    local_time(now, when, sizeof when);
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<title>lobbysign 屏幕总览 / fleet</title>\n"
          "<style>body{font-family:'Noto Sans CJK SC',sans-serif;background:#0b1f3a;color:#fff;margin:24px}"
          "h1{font-size:22px;margin:0 0 4px}p.sub{color:#a9b8d0;margin:0 0 18px}"
          ".grid{display:flex;flex-wrap:wrap;gap:18px}.card{background:#14335c;border-radius:8px;padding:12px;width:480px}"
          ".card.stale{outline:3px solid #c8102e}.card img{width:480px;display:block;border-radius:4px;background:#000}"
          ".card h2{font-size:18px;margin:0 0 8px}.card table{font-size:13px;border-collapse:collapse;margin-top:8px;width:100%}"
          ".card td{padding:2px 6px 2px 0;vertical-align:top}.card td:first-child{color:#a9b8d0;white-space:nowrap}"
          ".bad{color:#ff8a8a;font-weight:bold}.noimg{height:270px;display:flex;align-items:center;justify-content:center;"
          "color:#a9b8d0;background:#000;border-radius:4px}</style></head><body>\n",
          f);
    fprintf(f, "<h1>lobbysign 屏幕总览 / fleet</h1>\n<p class=\"sub\">");
    html_text(f, dir);
    fprintf(f, " · %zu 块屏幕 / screens · 生成于 / made %s · 超过 %ld 分钟未更新为过期 / stale after %ld min</p>\n",
            n, when, stale_min, stale_min);
    fputs("<div class=\"grid\">\n", f);
    for (size_t i = 0; i < n; i++) {
        struct screen *s = &sc[i];
        fprintf(f, "<div class=\"card%s\"><h2>", s->stale ? " stale" : "");
        html_text(f, s->name);
        fputs("</h2>\n", f);
        if (s->png) {
            fputs("<img alt=\"now.png\" src=\"data:image/png;base64,", f);
            base64(f, (const unsigned char *)s->png, s->png_len);
            fputs("\">\n", f);
        } else {
            fputs("<div class=\"noimg\">没有画面 / no now.png</div>\n", f);
        }
        const char *rows[][2] = {{"内容版本 / content", s->version}, {"签名 / signer", s->signer},
                                 {"上次导入 / last import", s->import}, {"显示 / display", s->power},
                                 {"最后更新 / last seen", s->seen}};
        fputs("<table>", f);
        for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
            fprintf(f, "<tr><td>%s</td><td>", rows[k][0]);
            html_text(f, rows[k][1]);
            fputs("</td></tr>", f);
        }
        fprintf(f, "<tr><td>错误 / errors</td><td%s>%lld</td></tr>", s->errors ? " class=\"bad\"" : "", s->errors);
        fprintf(f, "<tr><td>状态 / state</td><td%s>%s</td></tr>", s->stale ? " class=\"bad\"" : "",
                !s->st ? "没有状态 / no status" : s->stale ? "过期 / stale" : "正常 / fresh");
        const char *warn = sget(s->st, "clock_warning", NULL);
        if (warn) {
            fputs("<tr><td>时钟 / clock</td><td class=\"bad\">", f);
            html_text(f, warn);
            fputs("</td></tr>", f);
        }
        fputs("</table></div>\n", f);
    }
    fputs("</div></body></html>\n", f);
    fclose(f);
    bool ok = fs_write_atomic(path, text, len);
    if (!ok)
        fprintf(stderr, "lobbysign fleet: %s: 无法写入 / cannot write\n", path);
    free(text);
    return ok;
}

int cmd_fleet(const struct config *cfg, int argc, char **argv)
{
    (void)cfg;
    const char *dir = NULL, *html = NULL;
    long stale_min = 10;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--html") == 0 && i + 1 < argc) {
            html = argv[++i];
        } else if (strcmp(argv[i], "--stale-minutes") == 0 && i + 1 < argc) {
            char *end;
            stale_min = strtol(argv[++i], &end, 10);
            if (*end || stale_min < 1 || stale_min > 100000) {
                fprintf(stderr, "lobbysign fleet: --stale-minutes '%s': 应为 1 到 100000 的整数 / expected a whole number 1-100000\n",
                        argv[i]);
                return EXIT_USAGE;
            }
        } else if (argv[i][0] != '-' && !dir) {
            dir = argv[i];
        } else {
            fprintf(stderr, "lobbysign fleet: unknown argument '%s'\n\n", argv[i]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (!dir) {
        usage(stderr);
        return EXIT_USAGE;
    }
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "lobbysign fleet: %s: 无法打开文件夹 / cannot open the folder\n", dir);
        return EXIT_USAGE;
    }
    struct screen *sc = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d)) && n < FLEET_MAX_SCREENS;) {
        if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof sc->folder)
            continue;
        char *sub = fs_join(dir, e->d_name);
        char *st = fs_join(sub, "status.json");
        enum fs_status fst;
        int fd = fs_is_dir(sub) ? fs_open_regular(st, true, &fst) : -1;
        if (fd >= 0) {
            close(fd);
            if (n == cap)
                sc = xrealloc(sc, (cap = cap ? cap * 2 : 16) * sizeof *sc);
            struct screen *s = &sc[n++];
            *s = (struct screen){0};
            snprintf(s->folder, sizeof s->folder, "%s", e->d_name);
            s->st = status_read(st);
            char *png = fs_join(sub, NOWPIC_NAME);
            if (fs_read_file(png, NOWPIC_MAX_BYTES, true, &s->png, &s->png_len) != FS_OK)
                s->png = NULL;
            free(png);
        }
        free(st);
        free(sub);
    }
    closedir(d);
    if (!n) {
        fprintf(stderr, "lobbysign fleet: %s: 没有屏幕的状态文件夹（DIR/<屏幕>/status.json）/ no screen's status folder "
                        "here (DIR/<screen>/status.json; docs/fleet.md)\n", dir);
        free(sc);
        return EXIT_USAGE;
    }
    qsort(sc, n, sizeof *sc, cmp_screen);
    time_t now = time(NULL);
    bool trouble = false;
    printf("%-18s %-8s %-17s %-28s %6s %-8s %-22s %s\n", "屏幕/screen", "版本/ver", "签名/signer", "上次导入/last import",
           "错误/err", "显示/disp", "最后更新/last seen", "过期/stale");
    for (size_t i = 0; i < n; i++) {
        struct screen *s = &sc[i];
        fill(s, now, stale_min * 60);
        trouble |= s->stale || s->errors > 0;
        printf("%-18s %-8s %-17s %-28s %6lld %-8s %-22s %s\n", s->name, s->version, s->signer, s->import, s->errors,
               s->power, s->seen, !s->st ? "无状态/no status" : s->stale ? "过期/STALE" : "-");
    }
    bool ok = !html || write_html(html, dir, sc, n, now, stale_min);
    for (size_t i = 0; i < n; i++) {
        json_decref(sc[i].st);
        free(sc[i].png);
    }
    free(sc);
    return !ok ? EXIT_USAGE : trouble ? EXIT_INVALID : EXIT_OK;
}
