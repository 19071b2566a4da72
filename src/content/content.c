/* content: files and folders: reads each playlist file (bounded, no symbolic links) or every
 * *.json of a folder in name order, runs the schema over it and hands out the snapshot only when
 * nothing was wrong. One file goes: size bound -> empty / BOM -> nesting depth (our own scan, so
 * 10,000-deep input never reaches jansson's recursive parser) -> jansson (duplicates rejected,
 * UTF-8 checked) -> a pass over every string (length bound) -> the schema of format v1. */
#define LOG_TAG "content"
#include "content/content.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/content_internal.h"
#include "content/fields.h"
#include "content/mistakes.h"
#include "content/schema.h"
#include "content/snapshot_priv.h"
#include "content/workbook.h"
#include "content/xlsx.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"

static atomic_uint_fast64_t next_generation = 1;

#define file_error(ld, line, col, ...) jcheck_file_error(&(ld)->jc, (line), (col), __VA_ARGS__)

/* Loads one file's text into pl. Returns false when it could not be parsed at all. */
static bool load_text(struct loader *ld, struct playlist *pl)
{
    size_t len = ld->jc.len;
    if (len > CONTENT_MAX_FILE_BYTES) {
        file_error(ld, 0, 0, ZH_EN("文件过大（%zu 字节，上限 %u）", "file too large (%zu bytes, limit %u)"), len,
                   CONTENT_MAX_FILE_BYTES, len, CONTENT_MAX_FILE_BYTES);
        return false;
    }
    if (len == 0) {
        file_error(ld, 0, 0, ZH_EN("文件为空", "file is empty"));
        return false;
    }
    if (len >= 3 && memcmp(ld->jc.text, "\xEF\xBB\xBF", 3) == 0) {
        file_error(ld, 1, 1, ZH_EN("文件以 UTF-8 BOM 开头；请另存为“UTF-8（无 BOM）”",
                                   "file starts with a UTF-8 BOM; save it as UTF-8 without BOM"));
        return false;
    }
    json_t *root = jcheck_parse(&ld->jc, CONTENT_MAX_DEPTH);
    if (!root)
        return false;
    schema_check_strings(ld, root);
    schema_load_playlist(ld, root, pl);
    json_decref(root);
    return true;
}

/* The absolute folder of a file path (for assets); NULL if it cannot be resolved. */
static char *folder_of(const char *file)
{
    char *copy = xstrdup(file);
    char *abs = realpath(dirname(copy), NULL);
    free(copy);
    return abs;
}

/* One playlist into ld: from its text (parsed here), or from a document already built (root). */
static void load_doc(struct loader *ld, const char *display, const char *text, size_t len, json_t *root,
                     const char *dir_abs)
{
    struct playlist *pl = &ld->playlists[ld->n_playlists];
    *pl = (struct playlist){.path = arena_strdup(ld->arena, display)};
    jcheck_begin(&ld->jc, ld->jc.out, display, text, len);
    ld->dir_abs = dir_abs;
    ld->dirfd = dir_abs ? open(dir_abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    ld->jc.out->n_files++;
    if (root) {
        schema_check_strings(ld, root);
        schema_load_playlist(ld, root, pl);
    } else {
        load_text(ld, pl);
    }
    jcheck_end(&ld->jc);
    if (ld->dirfd >= 0)
        close(ld->dirfd);
    ld->dirfd = -1;
    ld->jc.text = NULL;
    ld->n_playlists++;
}

static void load_one(struct loader *ld, const char *display, const char *text, size_t len, const char *dir_abs)
{
    load_doc(ld, display, text, len, NULL, dir_abs);
}

void content_load_json(struct loader *ld, const char *display, json_t *root, const char *dir_abs)
{
    if (ld->n_playlists == CONTENT_MAX_PLAYLISTS) {
        jcheck_begin(&ld->jc, ld->jc.out, display, NULL, 0);
        file_error(ld, 0, 0, ZH_EN("播放列表过多（上限 %d 个）", "too many playlists (limit %d)"), CONTENT_MAX_PLAYLISTS,
                   CONTENT_MAX_PLAYLISTS);
        jcheck_end(&ld->jc);
        return;
    }
    load_doc(ld, display, NULL, 0, root, dir_abs);
}

static bool has_suffix_ci(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    return n > m && strcasecmp(name + n - m, suffix) == 0;
}

static void load_file(struct loader *ld, const char *display, bool nofollow)
{
    char *text = NULL;
    size_t len = 0;
    bool xlsx = has_suffix_ci(display, ".xlsx");
    unsigned limit = xlsx ? XLSX_MAX_FILE_BYTES : CONTENT_MAX_FILE_BYTES;
    enum fs_status st = fs_read_file(display, limit, nofollow, &text, &len);
    jcheck_begin(&ld->jc, ld->jc.out, display, NULL, 0);
    switch (st) {
    case FS_OK: {
        char *dir = folder_of(display);
        if (xlsx)
            workbook_load(ld, display, text, len, dir);
        else
            load_one(ld, display, text, len, dir);
        free(dir);
        break;
    }
    case FS_NOT_FOUND: file_error(ld, 0, 0, ZH_EN("文件不存在", "no such file")); break;
    case FS_SYMLINK:
        file_error(ld, 0, 0, ZH_EN("播放列表文件是符号链接（已拒绝）", "the playlist file is a symbolic link (refused)"));
        break;
    case FS_NOT_REGULAR:
        if (fs_is_dir(display))
            file_error(ld, 0, 0, ZH_EN("这是文件夹，应为 .json 文件", "is a folder, expected a .json file"));
        else
            file_error(ld, 0, 0, ZH_EN("不是普通文件", "not a regular file"));
        break;
    case FS_TOO_LARGE:
        file_error(ld, 0, 0, ZH_EN("文件过大（上限 %u 字节）", "file too large (limit %u bytes)"), limit, limit);
        break;
    case FS_IO: {
        const char *why = strerror(errno);
        file_error(ld, 0, 0, ZH_EN("无法读取：%s", "cannot read: %s"), why, why);
        break;
    }
    }
    free(text);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of a folder that are content: playlist *.json files and the workbook content.xlsx. */
static bool is_content_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && ((n > 5 && strcmp(name + n - 5, ".json") == 0) || strcasecmp(name, WORKBOOK_NAME) == 0);
}

/* Another workbook in the folder is said once (it is not read); Excel's lock files (~$...) are not. */
static bool is_other_workbook(const char *name)
{
    return name[0] != '.' && strncmp(name, "~$", 2) != 0 && has_suffix_ci(name, ".xlsx") &&
           strcasecmp(name, WORKBOOK_NAME) != 0;
}

static void load_folder(struct loader *ld, const char *dir)
{
    ld->jc.file = dir;
    DIR *d = opendir(dir);
    if (!d) {
        const char *why = strerror(errno);
        file_error(ld, 0, 0, ZH_EN("无法打开文件夹：%s", "cannot open the folder: %s"), why, why);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool too_many = false;
    for (struct dirent *e; (e = readdir(d));) {
        if (is_other_workbook(e->d_name)) {
            jcheck_begin(&ld->jc, ld->jc.out, dir, NULL, 0);
            JC_WARN(&ld->jc, AT_VALUE,
                    ZH_EN("工作簿 “%s” 不会被读取：只读取名为 %s 的工作簿", "the workbook \"%s\" is not read: only %s is"),
                    e->d_name, WORKBOOK_NAME, e->d_name, WORKBOOK_NAME);
            jcheck_end(&ld->jc);
            ld->jc.file = dir;
        }
        if (!is_content_name(e->d_name))
            continue;
        if (n == CONTENT_MAX_PLAYLISTS) {
            too_many = true;
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            names = xreallocarray(names, cap, sizeof *names);
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (too_many) {
        file_error(ld, 0, 0, ZH_EN("播放列表过多（上限 %d 个）", "too many playlists (limit %d)"), CONTENT_MAX_PLAYLISTS,
                   CONTENT_MAX_PLAYLISTS);
    } else if (n == 0) {
        file_error(ld, 0, 0, ZH_EN("文件夹中没有 .json 播放列表或 content.xlsx 工作簿",
                                   "no .json playlist and no content.xlsx workbook in the folder"));
    } else {
        qsort(names, n, sizeof *names, cmp_str);
        for (size_t i = 0; i < n; i++) {
            char *full = fs_join(dir, names[i]);
            load_file(ld, full, true);
            free(full);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Length of the valid UTF-8 sequence at p encoding a printable character, or 0: no control
 * characters (C0, DEL, C1), no backslash, no characters Windows refuses in names, no overlongs or
 * surrogates. */
static size_t name_char_len(const unsigned char *p)
{
    unsigned c = p[0];
    if (c < 0x80)
        return c >= 0x20 && c != 0x7f && !strchr("\\:*?\"<>|", (int)c) ? 1 : 0;
    size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (!n || c > 0xf4)
        return 0;
    unsigned cp = c & (0x7fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp < 0xe000) ||
        (cp >= 0x80 && cp < 0xa0) || cp == 0xfeff)
        return 0;
    return n;
}

bool content_utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        size_t n = name_char_len(p);
        if (!n) {
            /* a valid but unprintable sequence (C1, BOM) still counts as UTF-8 */
            unsigned c = *p;
            n = c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
            if (!n)
                return false;
            for (size_t i = 1; i < n; i++)
                if ((p[i] & 0xc0) != 0x80)
                    return false;
        }
        p += n;
    }
    return true;
}

bool content_name_ok(const char *name)
{
    if (!name || !*name || name[0] == '/')
        return false;
    const char *p = name;
    while (*p) {
        const char *s = p;
        while (*p && *p != '/') {
            size_t n = name_char_len((const unsigned char *)p);
            if (!n)
                return false;
            p += n;
        }
        size_t n = (size_t)(p - s);
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.') || s[0] == ' ' ||
            p[-1] == ' ')
            return false;
        if (*p == '/')
            p++;
    }
    return p[-1] != '/';
}

/* Every name under dir/rel (dotfiles skipped, as a bundle skips them) is one a bundle may hold:
 * content that the screen would refuse on a stick is refused here too. */
static void check_names(struct loader *ld, const char *dir, const char *rel, int depth)
{
    char *path = rel ? fs_join(dir, rel) : xstrdup(dir);
    DIR *d = depth < CONTENT_MAX_NAME_DEPTH ? opendir(path) : NULL;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *r = rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
        char *full = fs_join(dir, r);
        struct stat st;
        if (!content_name_ok(r))
            findings_add(ld->jc.out, SEV_ERROR, full, 0, 0, "",
                         "文件名不是有效的 UTF-8 可打印字符（含控制字符、反斜杠或 :*?\"<>| 之类），或以空格开头/结尾：请改名（中文名可以）",
                         "file name is not valid UTF-8 printable text (control characters, backslash or :*?\"<>|), "
                         "or starts/ends with a space: rename it (Chinese names are fine)");
        else if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
            check_names(ld, dir, r, depth + 1);
        free(full);
        free(r);
    }
    if (d)
        closedir(d);
    free(path);
}

static void run_check(const struct content_opts *opts, struct snapshot **snap, struct findings *out)
{
    if (!*snap || !opts || !opts->check)
        return;
    size_t errors = out->n_errors;
    opts->check(opts->check_ctx, *snap, out);
    if (out->n_errors > errors) {
        snapshot_free(*snap);
        *snap = NULL;
    }
}

static void loader_init(struct loader *ld, const struct content_opts *opts, struct findings *out)
{
    *ld = (struct loader){.opts = opts, .arena = arena_new(), .dirfd = -1};
    jcheck_begin(&ld->jc, out, NULL, NULL, 0);
    ld->playlists = arena_alloc(ld->arena, CONTENT_MAX_PLAYLISTS, sizeof *ld->playlists);
}

static struct snapshot *loader_finish(struct loader *ld, size_t errors_before, const char *root)
{
    mistakes_across(ld);
    if (ld->jc.out->n_errors > errors_before || ld->n_playlists == 0) {
        arena_free(ld->arena);
        return NULL;
    }
    struct snapshot_priv *p = xcalloc(1, sizeof *p);
    p->arena = ld->arena;
    p->pub.root = arena_strdup(ld->arena, root ? root : ".");
    p->pub.playlists = ld->playlists;
    p->pub.n_playlists = ld->n_playlists;
    p->pub.generation = atomic_fetch_add(&next_generation, 1);
    return &p->pub;
}

struct snapshot *content_load(const char *path, const struct content_opts *opts, struct findings *out)
{
    struct loader ld;
    size_t errors_before = out->n_errors;
    loader_init(&ld, opts, out);
    ld.jc.file = path;
    struct stat st;
    char *root = NULL;
    if (stat(path, &st) != 0) {
        const char *why = strerror(errno);
        file_error(&ld, 0, 0, ZH_EN("无法访问：%s", "cannot access: %s"), why, why);
    } else if (S_ISDIR(st.st_mode)) {
        root = realpath(path, NULL);
        load_folder(&ld, path);
        check_names(&ld, path, NULL, 0);
    } else {
        root = folder_of(path);
        load_file(&ld, path, false);
    }
    struct snapshot *snap = loader_finish(&ld, errors_before, root);
    free(root);
    run_check(opts, &snap, out);
    if (snap)
        LOG_DBG("loaded %s: %zu playlists, generation %llu", path, snap->n_playlists,
                (unsigned long long)snap->generation);
    return snap;
}

/* One file's bytes as the file `name` in folder base_dir: a playlist, or a workbook. */
static struct snapshot *load_memory(const char *data, size_t len, const char *name, const char *base_dir,
                                    const struct content_opts *opts, struct findings *out, bool workbook)
{
    struct loader ld;
    size_t errors_before = out->n_errors;
    loader_init(&ld, opts, out);
    char *dir = base_dir ? realpath(base_dir, NULL) : NULL;
    if (workbook)
        workbook_load(&ld, name, data, len, dir);
    else
        load_one(&ld, name, data, len, dir);
    if (ld.n_playlists == 0 && out->n_errors == errors_before) {
        jcheck_begin(&ld.jc, out, name, NULL, 0);
        file_error(&ld, 0, 0, ZH_EN("没有播放列表", "no playlist in it"));
        jcheck_end(&ld.jc);
    }
    struct snapshot *snap = loader_finish(&ld, errors_before, dir);
    free(dir);
    run_check(opts, &snap, out);
    return snap;
}

struct snapshot *content_load_buffer(const char *text, size_t len, const char *name, const char *base_dir,
                                     const struct content_opts *opts, struct findings *out)
{
    return load_memory(text, len, name, base_dir, opts, out, false);
}

struct snapshot *content_load_workbook_buffer(const void *data, size_t len, const char *name, const char *base_dir,
                                              const struct content_opts *opts, struct findings *out)
{
    return load_memory(data, len, name, base_dir, opts, out, true);
}
