/* lobbysign status: one command for both halves: what the content store holds (versions, what plays,
 * the last import) and what the running player is doing (its status file: display, playlist, slide,
 * frames, errors, uptime; service/status.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "app/process.h"
#include "service/status.h"
#include "store/import.h"
#include "store/store.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign status [--store DIR] [--status-file FILE] [--json]\n"
            "\n"
            "Shows the installed content versions, which one plays, its signer key id and signed\n"
            "timestamp, the anti-rollback counter, what start-up recovery did, and the last import's\n"
            "result (docs/usb.md); then the running player's status file: display state, playlist and\n"
            "slide, frames and frame-time percentiles, errors, uptime (docs/service.md).\n"
            "\n"
            "  --store DIR          content store (default: the configuration's paths.store, else %s)\n"
            "  --status-file FILE   the player's status file (default: the configuration's status_file,\n"
            "                       else %s)\n"
            "  --json               one JSON object on stdout: the store's fields, and \"player\": the status file\n"
            "\n"
            "Exit codes: 0 ok, 2 usage error, or neither a store at DIR nor a status file.\n",
            IMPORT_DEFAULT_STORE, STATUS_DEFAULT_FILE);
}

static void when(int64_t t, char *buf, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || !gmtime_r(&tt, &tm))
        snprintf(buf, cap, "-");
    else
        strftime(buf, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* The store's half: as JSON fields of o (when not NULL), or printed. */
static void store_part(const char *store, const struct store_status *stp, json_t *o)
{
    const struct store_status st = *stp;
    bool json = o != NULL;
    const struct store_version *cur = NULL;
    for (size_t i = 0; i < st.n_versions; i++)
        if (st.versions[i].number == st.current)
            cur = &st.versions[i];
    if (json) {
        json_t *vs = json_array();
        json_object_set_new(o, "store", json_string(store));
        for (size_t i = 0; i < st.n_versions; i++) {
            const struct store_version *v = &st.versions[i];
            json_array_append_new(vs, json_pack("{s:i, s:b, s:b, s:s, s:I, s:I, s:I, s:I}", "version", v->number,
                                                "current", v->number == st.current, "signed", v->is_signed,
                                                "key_id", v->key_id, "timestamp", (json_int_t)v->timestamp,
                                                "installed_at", (json_int_t)v->installed_at, "playlists",
                                                (json_int_t)v->n_playlists, "slides", (json_int_t)v->n_slides));
        }
        json_object_set_new(o, "versions", vs);
        json_object_set_new(o, "playing", cur ? json_sprintf("v%d", cur->number) : json_string("built-in sample"));
        json_object_set_new(o, "max_timestamp", json_integer((json_int_t)st.max_timestamp));
        if (st.recovery_en)
            json_object_set_new(o, "recovery", json_pack("{s:s, s:s}", "zh", st.recovery_zh ? st.recovery_zh : "",
                                                         "en", st.recovery_en));
        json_t *li = st.last_import_json ? json_loads(st.last_import_json, 0, NULL) : NULL;
        json_object_set_new(o, "last_import", li ? li : json_null());
    } else {
        printf("内容库 / store: %s\n", store);
        if (cur)
            printf("正在播放 / playing: v%d%s\n", cur->number, cur->is_signed ? "" : " (未签名内容 / unsigned)");
        else
            printf("正在播放 / playing: 内置示例 / built-in sample\n");
        printf("防回滚时间戳 / anti-rollback timestamp: %llu\n", (unsigned long long)st.max_timestamp);
        if (st.recovery_en)
            printf("启动恢复 / start-up recovery: %s / %s\n", st.recovery_zh ? st.recovery_zh : "", st.recovery_en);
        printf("版本 / versions:\n");
        if (!st.n_versions)
            printf("  (无 / none)\n");
        for (size_t i = 0; i < st.n_versions; i++) {
            const struct store_version *v = &st.versions[i];
            char t[64];
            when(v->installed_at, t, sizeof t);
            printf("  %c v%-4d %s key %s timestamp %llu, %zu playlists, %zu slides, installed %s\n",
                   v->number == st.current ? '*' : ' ', v->number, v->is_signed ? "signed  " : "unsigned",
                   v->key_id[0] ? v->key_id : "-", (unsigned long long)v->timestamp, v->n_playlists, v->n_slides, t);
        }
        json_t *li = st.last_import_json ? json_loads(st.last_import_json, 0, NULL) : NULL;
        if (li) {
            char t[64];
            when(json_integer_value(json_object_get(li, "finished_at")), t, sizeof t);
            printf("上次导入 / last import: %s, %s: %s / %s\n", t, json_string_value(json_object_get(li, "result")),
                   json_string_value(json_object_get(li, "reason_zh")),
                   json_string_value(json_object_get(li, "reason_en")));
            json_t *errs = json_object_get(li, "errors");
            for (size_t i = 0; i < json_array_size(errs); i++) {
                json_t *e = json_array_get(errs, i);
                int line = (int)json_integer_value(json_object_get(e, "line"));
                printf("    %s", json_string_value(json_object_get(e, "file")));
                if (line > 0)
                    printf(":%d", line);
                printf(": %s / %s\n", json_string_value(json_object_get(e, "zh")),
                       json_string_value(json_object_get(e, "en")));
            }
            json_decref(li);
        } else {
            printf("上次导入 / last import: -\n");
        }
    }
}

int cmd_status(const struct config *cfg, int argc, char **argv)
{
    const char *store = cfg->paths.store;
    const char *status_file = cfg->status_file ? cfg->status_file : STATUS_DEFAULT_FILE;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--store") == 0 && i + 1 < argc) {
            store = argv[++i];
        } else if (strcmp(argv[i], "--status-file") == 0 && i + 1 < argc) {
            status_file = argv[++i];
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else {
            fprintf(stderr, "lobbysign status: unknown argument '%s'\n\n", argv[i]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    for (int k = 0; k < 2; k++) {
        const char *path = k == 0 ? store : status_file;
        const char *why = cliopt_path(path);
        if (why) {
            fprintf(stderr, "lobbysign status: '%s': %s\n", path, why);
            return EXIT_USAGE;
        }
    }
    struct store_status st;
    bool have_store = store_status_read(store, &st);
    json_t *player = status_read(status_file);
    if (!have_store && !player) {
        fprintf(stderr, "lobbysign status: %s: 没有内容库 / no content store here\n", store);
        fprintf(stderr, "lobbysign status: %s: 没有播放器状态（未运行？）/ no player status (not running?)\n", status_file);
        return EXIT_USAGE;
    }
    if (json) {
        json_t *o = json_object();
        if (have_store)
            store_part(store, &st, o);
        else
            json_object_set_new(o, "store", json_null());
        json_object_set_new(o, "player", player ? json_incref(player) : json_null());
        char *s = json_dumps(o, JSON_INDENT(2));
        puts(s);
        free(s);
        json_decref(o);
    } else {
        if (have_store)
            store_part(store, &st, NULL);
        else
            printf("内容库 / store: %s: 没有内容库，播放内置示例或指定内容 / none: the built-in sample or the given content plays\n", store);
        if (player)
            status_print_text(stdout, player);
        else
            printf("播放器 / player: %s: 没有状态文件（未运行？）/ no status file (not running?)\n", status_file);
    }
    if (have_store)
        store_status_free(&st);
    json_decref(player);
    return EXIT_OK;
}
