/* lobbysign status: what the content store holds, what plays, and the last import's result. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "store/import.h"
#include "store/store.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign status [--store DIR] [--json]\n"
            "\n"
            "Shows the installed content versions, which one plays, its signer key id and signed\n"
            "timestamp, the anti-rollback counter, what start-up recovery did, and the last import's\n"
            "result (docs/usb.md).\n"
            "\n"
            "  --store DIR   content store (default %s)\n"
            "  --json        one JSON object on stdout\n"
            "\n"
            "Exit codes: 0 ok, 2 usage error or no store at DIR.\n",
            IMPORT_DEFAULT_STORE);
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

int cmd_status(int argc, char **argv)
{
    const char *store = IMPORT_DEFAULT_STORE;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--store") == 0 && i + 1 < argc) {
            store = argv[++i];
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else {
            fprintf(stderr, "lobbysign status: unknown argument '%s'\n\n", argv[i]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    const char *why = cliopt_path(store);
    if (why) {
        fprintf(stderr, "lobbysign status: '%s': %s\n", store, why);
        return EXIT_USAGE;
    }
    struct store_status st;
    if (!store_status_read(store, &st)) {
        fprintf(stderr, "lobbysign status: %s: 没有内容库 / no content store here\n", store);
        return EXIT_USAGE;
    }
    const struct store_version *cur = NULL;
    for (size_t i = 0; i < st.n_versions; i++)
        if (st.versions[i].number == st.current)
            cur = &st.versions[i];
    if (json) {
        json_t *o = json_object(), *vs = json_array();
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
        char *s = json_dumps(o, JSON_INDENT(2));
        puts(s);
        free(s);
        json_decref(o);
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
    store_status_free(&st);
    return EXIT_OK;
}
