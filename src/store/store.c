/* store: version folders, the `current` symlink, the state file, start-up recovery, status. */
#define LOG_TAG "store"
#include "store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"

#define VERSION_FILE ".lobbysign-version"
#define STATE_FILE "state.json"

/* N if name is "vN" (N >= 1), else 0. */
static int version_number(const char *name)
{
    if (name[0] != 'v' || name[1] < '1' || name[1] > '9')
        return 0;
    long n = 0;
    for (const char *p = name + 1; *p; p++) {
        if (*p < '0' || *p > '9' || n > 100000000)
            return 0;
        n = n * 10 + (*p - '0');
    }
    return (int)n;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Version numbers of the vN folders, ascending. */
static size_t list_versions(const char *store, int **out)
{
    *out = NULL;
    DIR *d = opendir(store);
    if (!d)
        return 0;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        int v = version_number(e->d_name);
        if (!v)
            continue;
        char *p = fs_join(store, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            *out = xreallocarray(*out, n + 1, sizeof **out);
            (*out)[n++] = v;
        }
        free(p);
    }
    closedir(d);
    if (n)
        qsort(*out, n, sizeof **out, cmp_int);
    return n;
}

int store_current(const char *store)
{
    char *link = fs_join(store, "current"), buf[64];
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    free(link);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return version_number(buf);
}

int store_next_number(const char *store)
{
    int *v;
    size_t n = list_versions(store, &v);
    int next = n ? v[n - 1] + 1 : 1;
    int cur = store_current(store);
    if (cur >= next)
        next = cur + 1;
    free(v);
    return next;
}

bool store_version_write(const char *vdir, const struct store_version *v)
{
    json_t *o = json_pack("{s:i, s:b, s:s, s:I, s:I, s:I, s:I}", "version", v->number, "signed", v->is_signed,
                          "key_id", v->key_id, "timestamp", (json_int_t)v->timestamp, "installed_at",
                          (json_int_t)v->installed_at, "playlists", (json_int_t)v->n_playlists, "slides",
                          (json_int_t)v->n_slides);
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(o);
    char *path = fs_join(vdir, VERSION_FILE);
    bool ok = text && fs_write_atomic(path, text, strlen(text));
    free(path);
    free(text);
    return ok;
}

bool store_version_read(const char *vdir, struct store_version *v)
{
    memset(v, 0, sizeof *v);
    char *path = fs_join(vdir, VERSION_FILE), *text;
    size_t len;
    enum fs_status st = fs_read_file(path, 65536, true, &text, &len);
    free(path);
    if (st != FS_OK)
        return false;
    json_t *o = json_loadb(text, len, 0, NULL);
    free(text);
    if (!json_is_object(o)) {
        json_decref(o);
        return false;
    }
    v->number = (int)json_integer_value(json_object_get(o, "version"));
    v->is_signed = json_is_true(json_object_get(o, "signed"));
    const char *k = json_string_value(json_object_get(o, "key_id"));
    snprintf(v->key_id, sizeof v->key_id, "%s", k ? k : "");
    json_int_t t = json_integer_value(json_object_get(o, "timestamp"));
    v->timestamp = t > 0 ? (uint64_t)t : 0;
    v->installed_at = json_integer_value(json_object_get(o, "installed_at"));
    v->n_playlists = (size_t)json_integer_value(json_object_get(o, "playlists"));
    v->n_slides = (size_t)json_integer_value(json_object_get(o, "slides"));
    json_decref(o);
    return true;
}

static json_t *state_load(const char *store)
{
    char *path = fs_join(store, STATE_FILE), *text;
    size_t len;
    enum fs_status st = fs_read_file(path, 1 << 20, true, &text, &len);
    free(path);
    json_t *o = st == FS_OK ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    if (!json_is_object(o)) {
        json_decref(o);
        o = json_object();
    }
    return o;
}

uint64_t store_max_timestamp(const char *store)
{
    json_t *s = state_load(store);
    json_int_t t = json_integer_value(json_object_get(s, "max_timestamp"));
    json_decref(s);
    uint64_t max = t > 0 ? (uint64_t)t : 0;
    int *v;
    size_t n = list_versions(store, &v);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "v%d", v[i]);
        char *dir = fs_join(store, name);
        struct store_version sv;
        if (store_version_read(dir, &sv) && sv.timestamp > max)
            max = sv.timestamp;
        free(dir);
    }
    free(v);
    return max;
}

bool store_state_write(const char *store, const char *last_import_json, uint64_t max_timestamp,
                       const char *recovery_zh, const char *recovery_en)
{
    json_t *s = state_load(store);
    json_object_set_new(s, "max_timestamp", json_integer((json_int_t)max_timestamp));
    if (last_import_json) {
        json_t *li = json_loads(last_import_json, 0, NULL);
        if (li)
            json_object_set_new(s, "last_import", li);
    }
    if (recovery_zh && !*recovery_zh) {
        json_object_del(s, "recovery"); /* "" clears it: an import installed since */
    } else if (recovery_zh || recovery_en) {
        json_object_set_new(s, "recovery",
                            json_pack("{s:s, s:s}", "zh", recovery_zh ? recovery_zh : "", "en",
                                      recovery_en ? recovery_en : ""));
    }
    char *text = json_dumps(s, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(s);
    char *path = fs_join(store, STATE_FILE);
    bool ok = text && fs_write_atomic(path, text, strlen(text));
    if (!ok)
        LOG_WARN("%s: 无法写入 / cannot write: %s", path, strerror(errno));
    free(path);
    free(text);
    return ok;
}

bool store_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT;
    if (!S_ISDIR(st.st_mode))
        return unlink(path) == 0;
    DIR *d = opendir(path);
    bool ok = d != NULL;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = fs_join(path, e->d_name);
        ok = store_remove_tree(p) && ok;
        free(p);
    }
    if (d)
        closedir(d);
    return rmdir(path) == 0 && ok;
}

/* Points current at vN: a new link current.tmp renamed over current, then fsync. */
static bool point_current(const char *store, int n)
{
    char target[32];
    snprintf(target, sizeof target, "v%d", n);
    char *tmp = fs_join(store, "current.tmp"), *cur = fs_join(store, "current");
    unlink(tmp);
    bool ok = symlink(target, tmp) == 0 && rename(tmp, cur) == 0;
    if (!ok)
        unlink(tmp);
    fs_fsync(store, false);
    free(tmp);
    free(cur);
    return ok;
}

void store_prune(const char *store, int keep)
{
    if (keep < 1)
        keep = 1;
    int *v;
    size_t n = list_versions(store, &v);
    int cur = store_current(store);
    size_t kept = 0;
    for (size_t i = n; i-- > 0;) {
        if (v[i] == cur || (v[i] < cur && kept < (size_t)keep - 1)) {
            kept += v[i] != cur;
            continue;
        }
        if (v[i] > cur && cur)
            continue; /* never an import that may be under way */
        char name[32];
        snprintf(name, sizeof name, "v%d", v[i]);
        char *dir = fs_join(store, name);
        if (!store_remove_tree(dir))
            LOG_WARN("%s: 无法删除旧版本 / cannot remove old version: %s", dir, strerror(errno));
        free(dir);
    }
    fs_fsync(store, false);
    free(v);
}

static bool version_valid(const char *store, int n, const struct content_opts *copts)
{
    char name[32];
    snprintf(name, sizeof name, "v%d", n);
    char *dir = fs_join(store, name);
    struct findings f = {0};
    struct snapshot *s = content_load(dir, copts, &f);
    bool ok = s != NULL;
    if (!ok)
        LOG_WARN("%s: 内容无效（%zu 个错误）/ content invalid (%zu errors)", dir, f.n_errors, f.n_errors);
    snapshot_free(s);
    findings_free(&f);
    free(dir);
    return ok;
}

char *store_recover(const char *store, const struct content_opts *copts, char **msg_zh, char **msg_en)
{
    *msg_zh = *msg_en = NULL;
    if (!fs_mkdirs(store)) {
        LOG_ERR("%s: 无法创建内容库 / cannot create the store: %s", store, strerror(errno));
        *msg_zh = xasprintf("无法创建内容库 %s，播放内置示例", store);
        *msg_en = xasprintf("cannot create the store %s: playing the built-in sample", store);
        return NULL;
    }
    /* Leftovers of an import that did not finish (under the importers' lock: none runs now). */
    char *lp = fs_join(store, ".lock");
    int lock_fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    free(lp);
    if (lock_fd >= 0)
        while (flock(lock_fd, LOCK_EX) != 0 && errno == EINTR)
            ;
    DIR *d = opendir(store);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strncmp(e->d_name, ".staging-", 9) == 0 || strcmp(e->d_name, "current.tmp") == 0 ||
            strstr(e->d_name, ".tmp.")) {
            char *p = fs_join(store, e->d_name);
            LOG_INFO("%s: 删除未完成的导入 / removing an unfinished import", p);
            store_remove_tree(p);
            free(p);
        }
    }
    if (d)
        closedir(d);
    int cur = store_current(store);
    int *v;
    size_t n = list_versions(store, &v);
    bool cur_exists = false;
    for (size_t i = 0; i < n; i++)
        cur_exists = cur_exists || v[i] == cur;
    char *result = NULL;
    if (cur && cur_exists && version_valid(store, cur, copts)) {
        /* versions above current never became current: an import cut off before its swap */
        for (size_t i = 0; i < n; i++) {
            if (v[i] <= cur)
                continue;
            char name[32];
            snprintf(name, sizeof name, "v%d", v[i]);
            char *dir = fs_join(store, name);
            LOG_INFO("%s: 删除未生效的版本 / removing a version that never became current", dir);
            store_remove_tree(dir);
            free(dir);
        }
        fs_fsync(store, false);
        char name[32];
        snprintf(name, sizeof name, "v%d", cur);
        result = fs_join(store, name);
    } else {
        if (n == 0 && !cur) {
            free(v);
            if (lock_fd >= 0)
                close(lock_fd);
            return NULL; /* an empty store: the built-in sample, nothing went wrong */
        }
        int good = 0;
        for (size_t i = n; i-- > 0 && !good;)
            if (v[i] != cur && version_valid(store, v[i], copts))
                good = v[i];
        if (good && point_current(store, good)) {
            *msg_zh = cur ? xasprintf("当前内容 v%d 无效，已回退到 v%d", cur, good)
                          : xasprintf("内容库中没有当前版本，已使用 v%d", good);
            *msg_en = cur ? xasprintf("current content v%d is invalid: fell back to v%d", cur, good)
                          : xasprintf("the store had no current version: using v%d", good);
            char name[32];
            snprintf(name, sizeof name, "v%d", good);
            result = fs_join(store, name);
        } else {
            *msg_zh = xasprintf("内容库中没有有效内容，播放内置示例");
            *msg_en = xasprintf("no valid content in the store: playing the built-in sample");
        }
        LOG_WARN("%s: %s / %s", store, *msg_zh, *msg_en);
        store_state_write(store, NULL, store_max_timestamp(store), *msg_zh, *msg_en);
    }
    free(v);
    if (lock_fd >= 0)
        close(lock_fd);
    return result;
}

bool store_status_read(const char *store, struct store_status *st)
{
    memset(st, 0, sizeof *st);
    if (!fs_is_dir(store))
        return false;
    int *v;
    size_t n = list_versions(store, &v);
    st->versions = n ? xcalloc(n, sizeof *st->versions) : NULL;
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "v%d", v[i]);
        char *dir = fs_join(store, name);
        if (!store_version_read(dir, &st->versions[st->n_versions]))
            memset(&st->versions[st->n_versions], 0, sizeof st->versions[0]);
        st->versions[st->n_versions++].number = v[i];
        free(dir);
    }
    free(v);
    st->current = store_current(store);
    st->max_timestamp = store_max_timestamp(store);
    json_t *s = state_load(store);
    json_t *li = json_object_get(s, "last_import");
    if (li)
        st->last_import_json = json_dumps(li, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_t *rec = json_object_get(s, "recovery");
    if (rec) {
        const char *zh = json_string_value(json_object_get(rec, "zh"));
        const char *en = json_string_value(json_object_get(rec, "en"));
        st->recovery_zh = zh ? xstrdup(zh) : NULL;
        st->recovery_en = en ? xstrdup(en) : NULL;
    }
    json_decref(s);
    return true;
}

void store_status_free(struct store_status *st)
{
    if (!st)
        return;
    free(st->versions);
    free(st->last_import_json);
    free(st->recovery_zh);
    free(st->recovery_en);
    memset(st, 0, sizeof *st);
}
