/* bundle: libarchive reading under bounds (headers first, then data), deterministic zip writing. */
#define _GNU_SOURCE /* sync_file_range */
#define LOG_TAG "bundle"
#include "store/bundle.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "core/findings.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/zipcheck.h"

#define MAX_FINDINGS 20 /* stop listing entry problems after this many */
#define RATIO_SLACK (1u << 20) /* bytes allowed before the compression ratio applies */

void bundle_limits_default(struct bundle_limits *l)
{
    l->max_entries = 4096;
    l->max_depth = 8;
    l->max_file = 64ull << 20;
    l->max_total = 1ull << 30;
    l->max_ratio = 200;
}

/* A printable copy of an entry name: control bytes (and, unless the name is UTF-8, bytes outside
 * ASCII) as \xNN, so a Chinese name is shown as it is. */
static char *printable(const char *name)
{
    size_t n = strlen(name);
    bool utf8 = content_utf8_ok(name);
    char *s = xmalloc(4 * n + 1), *q = s;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 0x20 && *p < 0x7f) || (utf8 && *p >= 0x80))
            *q++ = (char)*p;
        else
            q += sprintf(q, "\\x%02X", *p);
    }
    *q = '\0';
    return s;
}

static void entry_error(struct findings *out, const char *name, const char *zh, const char *en)
{
    if (out->n_errors >= MAX_FINDINGS)
        return;
    char *p = printable(name ? name : "?");
    findings_add(out, SEV_ERROR, p, 0, 0, "", zh, en);
    free(p);
}

static struct archive *open_reader(const char *path)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_filter_none(a);
    if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
        archive_read_free(a);
        return NULL;
    }
    return a;
}

/* Entries operating systems add on their own; skipped without complaint. */
static bool is_junk(const char *name)
{
    return strncmp(name, "__MACOSX/", 9) == 0 || strcmp(name, "__MACOSX") == 0;
}

/* The name without leading "./" (tar -cf x.tar . writes them: harmless). "" for "./" itself. */
static const char *skip_dot_slash(const char *raw)
{
    while (raw[0] == '.' && raw[1] == '/') {
        raw += 2;
        while (*raw == '/')
            raw++;
    }
    return strcmp(raw, ".") == 0 ? "" : raw;
}

#define NAME_MAX_COMPONENT 255  /* bytes of one file or folder name (ext4, FAT with long names) */
#define NAME_MAX_PATH 1024      /* bytes of an entry's whole path */

/* True if one component is longer than NAME_MAX_COMPONENT or the path than NAME_MAX_PATH. */
static bool name_too_long(const char *name)
{
    if (strlen(name) > NAME_MAX_PATH)
        return true;
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "/");
        if (n > NAME_MAX_COMPONENT)
            return true;
        p += n;
        p += *p == '/';
    }
    return false;
}

/* The entry name without a trailing slash (folders), in a heap copy. */
static char *clean_name(const char *raw)
{
    size_t n = strlen(raw);
    while (n > 1 && raw[n - 1] == '/')
        n--;
    return xstrndup(raw, n);
}

static unsigned depth_of(const char *name)
{
    unsigned d = 1;
    for (const char *p = name; *p; p++)
        d += *p == '/';
    return d;
}

/* The entry's name as UTF-8, malloc'd, or NULL: a name flagged UTF-8 (or valid UTF-8) as it is,
 * otherwise its raw bytes read as GB18030 (Windows Explorer's zips on a Chinese Windows: CP936). */
static char *entry_name(struct archive_entry *e, char **bytes)
{
    *bytes = NULL;
    const char *u = archive_entry_pathname_utf8(e);
    if (u && content_utf8_ok(u))
        return xstrdup(u);
    const char *raw = archive_entry_pathname(e);
    if (!raw)
        return NULL;
    if (content_utf8_ok(raw))
        return xstrdup(raw);
    char *rawc = xstrdup(raw);
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    size_t inlen = strlen(rawc), outlen = inlen * 4;
    char *out = xmalloc(outlen + 1), *in = rawc, *o = out;
    bool ok = cd != (iconv_t)-1 && iconv(cd, &in, &inlen, &o, &outlen) != (size_t)-1 && inlen == 0;
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    *o = 0;
    if (!ok || !content_utf8_ok(out)) {
        free(out);
        out = NULL;
        *bytes = printable(rawc); /* the raw bytes as \xHH text, for the message */
    }
    free(rawc);
    return out;
}

/* Pass 1: headers only. Returns false (findings added) if any entry is refused. */
static bool check_headers(const char *path, const struct bundle_limits *l, struct findings *out,
                          uint64_t *declared, uint32_t *n_entries, char **single_top)
{
    struct archive *a = open_reader(path);
    if (!a) {
        entry_error(out, "lobbysign.zip", "不是可读取的 zip 或 tar 压缩包", "not a readable zip or tar archive");
        return false;
    }
    size_t errors0 = out->n_errors;
    uint64_t total = 0;
    uint32_t count = 0;
    char *top = NULL;
    bool top_multi = false, any = false;
    struct archive_entry *e;
    int r;
    char *dn = NULL;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        free(dn);
        char *esc = NULL;
        dn = entry_name(e, &esc);
        const char *raw = dn;
        if (raw && *raw && !*skip_dot_slash(raw))
            continue; /* "./": the folder tar was run in */
        raw = raw ? skip_dot_slash(raw) : raw;
        if (!raw || !*raw) {
            if (!esc)
                esc = xstrdup("?");
            char zh[600], en[600];
            snprintf(zh, sizeof zh, "文件名 %s 既不是 UTF-8 也不是 GB18030 编码，无法读取：请在电脑上给这个文件改名后重新压缩",
                     esc);
            snprintf(en, sizeof en, "file name %s is neither UTF-8 nor GB18030 and cannot be read: rename the file "
                                    "on the computer and zip again", esc);
            entry_error(out, "lobbysign.zip", zh, en);
            free(esc);
            continue;
        }
        if (is_junk(raw))
            continue;
        if (++count > l->max_entries) {
            char zh[128], en[128];
            snprintf(zh, sizeof zh, "文件数超过上限 %u 个", l->max_entries);
            snprintf(en, sizeof en, "more than %u entries", l->max_entries);
            entry_error(out, raw, zh, en);
            break;
        }
        char *name = clean_name(raw);
        mode_t type = archive_entry_filetype(e);
        if (raw[0] == '/') {
            entry_error(out, raw, "不允许绝对路径", "absolute path not allowed");
        } else if (name_too_long(name)) {
            char zh[160], en[160];
            snprintf(zh, sizeof zh, "文件名太长（每级上限 %d 字节，整个路径上限 %d 字节）：请改短后重新压缩",
                     NAME_MAX_COMPONENT, NAME_MAX_PATH);
            snprintf(en, sizeof en, "name too long (at most %d bytes per name, %d for the whole path): shorten it "
                                    "and zip again", NAME_MAX_COMPONENT, NAME_MAX_PATH);
            entry_error(out, raw, zh, en);
        } else if (!content_name_ok(name)) {
            bool dots = strcmp(name, "..") == 0 || strncmp(name, "../", 3) == 0 || strstr(name, "/../") ||
                        (strlen(name) >= 3 && strcmp(name + strlen(name) - 3, "/..") == 0);
            if (dots)
                entry_error(out, raw, "不允许含 .. 的路径", "path with .. not allowed");
            else
                entry_error(out, raw, "文件名含控制字符、反斜杠或 :*?\"<>|，或以空格开头/结尾：请改名后重新压缩（中文名可以）",
                            "file name has a control character, backslash or :*?\"<>|, or starts/ends with a "
                            "space: rename it and zip again (Chinese names are fine)");
        } else if (archive_entry_hardlink(e)) {
            entry_error(out, raw, "不允许硬链接", "hard link not allowed");
        } else if (type == AE_IFLNK || archive_entry_symlink(e)) {
            entry_error(out, raw, "不允许符号链接", "symbolic link not allowed");
        } else if (type != AE_IFREG && type != AE_IFDIR) {
            entry_error(out, raw, "不允许设备文件、FIFO 或套接字", "device, FIFO or socket not allowed");
        } else if (archive_entry_is_encrypted(e)) {
            entry_error(out, raw, "不支持加密的压缩包", "encrypted entries are not supported");
        } else if (depth_of(name) > l->max_depth) {
            entry_error(out, raw, "文件夹层级过深", "folders nested too deeply");
        } else if (type == AE_IFREG && archive_entry_size_is_set(e) &&
                   (archive_entry_size(e) < 0 || (uint64_t)archive_entry_size(e) > l->max_file)) {
            char zh[128], en[128];
            snprintf(zh, sizeof zh, "文件超过上限 %llu MB", (unsigned long long)(l->max_file >> 20));
            snprintf(en, sizeof en, "file larger than %llu MB", (unsigned long long)(l->max_file >> 20));
            entry_error(out, raw, zh, en);
        } else {
            if (type == AE_IFREG && archive_entry_size_is_set(e))
                total += (uint64_t)archive_entry_size(e);
            /* layout: does everything live under one top folder? */
            const char *slash = strchr(name, '/');
            size_t tl = slash ? (size_t)(slash - name) : strlen(name);
            bool is_dir_part = slash || type == AE_IFDIR;
            if (!is_dir_part)
                top_multi = true; /* a file at the top */
            else if (!top)
                top = xstrndup(name, tl);
            else if (strlen(top) != tl || strncmp(top, name, tl) != 0)
                top_multi = true;
            any = true;
        }
        free(name);
        if (total > l->max_total) {
            char zh[128], en[128];
            snprintf(zh, sizeof zh, "解压后总大小超过上限 %llu MB", (unsigned long long)(l->max_total >> 20));
            snprintf(en, sizeof en, "more than %llu MB in total", (unsigned long long)(l->max_total >> 20));
            entry_error(out, raw, zh, en);
            break;
        }
    }
    if (r != ARCHIVE_EOF && r != ARCHIVE_OK && r != ARCHIVE_WARN && out->n_errors == errors0) {
        const char *why = archive_error_string(a);
        char en[300];
        snprintf(en, sizeof en, "archive unreadable: %s", why ? why : "?");
        entry_error(out, "lobbysign.zip", "压缩包已损坏或不是 zip/tar 格式", en);
    }
    if (!any && out->n_errors == errors0)
        entry_error(out, "lobbysign.zip", "压缩包是空的", "the archive is empty");
    /* libarchive's seekable zip reader trusts the central directory and only warns when a local
     * header disagrees: compare them here and refuse. */
    if (out->n_errors == errors0 && (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP)
        zipcheck_consistent(path, out);
    free(dn);
    archive_read_free(a);
    *declared = total;
    *n_entries = count;
    if (top_multi || out->n_errors != errors0) {
        free(top);
        top = NULL;
    }
    *single_top = top;
    return out->n_errors == errors0;
}

static bool fault(const struct bundle_extract_opts *o, const char *step)
{
    if (o->fault && o->fault(o->fault_ctx, step)) {
        errno = EIO;
        return true;
    }
    return false;
}

/* mkdir of each missing parent of rel under dest. */
static bool make_parents(const char *dest, const char *rel, const struct bundle_extract_opts *o, bool *conflict)
{
    char *p = xstrdup(rel);
    bool ok = true;
    for (char *s = strchr(p, '/'); s && ok; s = strchr(s + 1, '/')) {
        *s = '\0';
        char *full = fs_join(dest, p);
        struct stat st;
        if (lstat(full, &st) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                *conflict = true;
                ok = false;
            }
        } else if (fault(o, "extract-mkdir") || mkdir(full, 0755) != 0) {
            ok = false;
        }
        free(full);
        *s = '/';
    }
    free(p);
    return ok;
}

/* fsyncs every folder under (and including) dir, children first. */
static bool fsync_tree(const char *dir, const struct bundle_extract_opts *o)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = fs_join(dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            ok = fsync_tree(p, o);
        free(p);
    }
    closedir(d);
    return ok && !fault(o, "fsync-dir") && fs_fsync(dir, true);
}

static enum bundle_status extract(const char *archive, const char *dest, const struct bundle_extract_opts *o,
                                  struct findings *out, char **root)
{
    struct bundle_limits defl;
    bundle_limits_default(&defl);
    const struct bundle_limits *l = o->limits ? o->limits : &defl;
    *root = NULL;
    uint64_t declared = 0;
    uint32_t n_entries = 0;
    char *top = NULL;
    if (!check_headers(archive, l, out, &declared, &n_entries, &top))
        return BUNDLE_REFUSED;
    if (o->free_bytes && declared + (uint64_t)n_entries * 4096 > o->free_bytes) {
        if (o->needed)
            *o->needed = declared + (uint64_t)n_entries * 4096;
        free(top);
        return BUNDLE_NO_SPACE;
    }
    struct archive *a = open_reader(archive);
    if (!a) {
        free(top);
        entry_error(out, "lobbysign.zip", "压缩包无法打开", "archive cannot be opened");
        return BUNDLE_REFUSED;
    }
    enum bundle_status st = BUNDLE_OK;
    size_t bufcap = 1 << 16;
    char *buf = xmalloc(bufcap);
    uint64_t total = 0;
    char **written = NULL;
    size_t n_written = 0;
    struct archive_entry *e;
    int r;
    char *dn = NULL;
    while (st == BUNDLE_OK && ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN)) {
        free(dn);
        char *esc = NULL;
        dn = entry_name(e, &esc);
        free(esc);
        const char *raw = dn;
        raw = raw ? skip_dot_slash(raw) : raw;
        if (!raw || !*raw || is_junk(raw))
            continue;
        char *name = clean_name(raw);
        /* Pass 1 accepted every header; a second reading that differs is refused all the same. */
        if (!content_name_ok(name) || archive_entry_hardlink(e) || archive_entry_symlink(e) ||
            (archive_entry_filetype(e) != AE_IFREG && archive_entry_filetype(e) != AE_IFDIR)) {
            entry_error(out, raw, "条目在第二次读取时不同", "entry changed between readings");
            free(name);
            st = BUNDLE_REFUSED;
            break;
        }
        char *full = fs_join(dest, name);
        bool conflict = false;
        if (!make_parents(dest, name, o, &conflict)) {
            if (conflict) {
                entry_error(out, raw, "路径与同名文件冲突", "path collides with a file of the same name");
                st = BUNDLE_REFUSED;
            } else {
                LOG_ERR("lobbysign.zip: %s: 无法创建文件夹 / cannot create folder: %s", raw, strerror(errno));
                st = BUNDLE_IO;
            }
        } else if (archive_entry_filetype(e) == AE_IFDIR) {
            struct stat sst;
            if (lstat(full, &sst) == 0) {
                if (!S_ISDIR(sst.st_mode)) {
                    entry_error(out, raw, "文件夹与同名文件冲突", "folder collides with a file of the same name");
                    st = BUNDLE_REFUSED;
                }
            } else if (fault(o, "extract-mkdir") || mkdir(full, 0755) != 0) {
                LOG_ERR("lobbysign.zip: %s: 无法创建文件夹 / cannot create folder: %s", raw, strerror(errno));
                st = errno == ENAMETOOLONG ? BUNDLE_REFUSED : BUNDLE_IO;
                if (st == BUNDLE_REFUSED)
                    entry_error(out, raw, "文件名太长", "name too long");
            }
        } else {
            int fd = fault(o, "extract-open")
                         ? -1
                         : open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
            if (fd < 0) {
                if (errno == EEXIST || errno == EISDIR) {
                    entry_error(out, raw, "压缩包中有重复的文件名（或与文件夹同名）",
                                "the archive holds this name twice (or as a folder too)");
                    st = BUNDLE_REFUSED;
                } else if (errno == ENAMETOOLONG || errno == ENOTDIR) {
                    entry_error(out, raw, "文件名太长或路径与同名文件冲突", "name too long, or its path runs through a file");
                    st = BUNDLE_REFUSED;
                } else {
                    LOG_ERR("lobbysign.zip: %s: 无法创建文件 / cannot create file: %s", raw, strerror(errno));
                    st = BUNDLE_IO;
                }
            }
            uint64_t fbytes = 0;
            int64_t decl = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
            while (st == BUNDLE_OK) {
                la_ssize_t got = archive_read_data(a, buf, bufcap);
                if (got == 0)
                    break;
                if (got < 0) {
                    const char *why = archive_error_string(a);
                    char en[300];
                    snprintf(en, sizeof en, "entry data unreadable: %s", why ? why : "?");
                    entry_error(out, raw, "压缩数据已损坏", en);
                    st = BUNDLE_REFUSED;
                    break;
                }
                fbytes += (uint64_t)got;
                total += (uint64_t)got;
                /* Bounds apply while inflating: nothing past them is ever written. */
                int64_t consumed = archive_filter_bytes(a, -1);
                if (fbytes > l->max_file || (decl >= 0 && fbytes > (uint64_t)decl)) {
                    entry_error(out, raw, "解压后的文件超过上限或超过其声明的大小",
                                "file inflates beyond the limit or its declared size");
                    st = BUNDLE_REFUSED;
                } else if (total > l->max_total) {
                    entry_error(out, raw, "解压后总大小超过上限", "total inflated size beyond the limit");
                    st = BUNDLE_REFUSED;
                } else if (consumed > 0 &&
                           total > RATIO_SLACK + (uint64_t)consumed * l->max_ratio) {
                    entry_error(out, raw, "压缩比异常（疑似压缩炸弹），已拒绝",
                                "compression ratio too high (zip bomb?), refused");
                    st = BUNDLE_REFUSED;
                } else {
                    const char *p = buf;
                    size_t left = (size_t)got;
                    while (left && st == BUNDLE_OK) {
                        ssize_t w = fault(o, "extract-write") ? -1 : write(fd, p, left);
                        if (w < 0 && errno == EINTR)
                            continue;
                        if (w < 0) {
                            LOG_ERR("lobbysign.zip: %s: 写入失败 / write failed: %s", raw, strerror(errno));
                            st = errno == ENOSPC ? BUNDLE_NO_SPACE : BUNDLE_IO;
                        } else {
                            p += w;
                            left -= (size_t)w;
                        }
                    }
                    if (o->progress && !o->progress(o->progress_ctx, total, declared))
                        st = BUNDLE_CANCELLED;
                }
            }
            if (fd >= 0) {
                /* Start writeback now so the disk works while the next entry inflates; the
                 * fsync of every file comes after the last one (fsync_files). */
                if (st == BUNDLE_OK)
                    sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
                if (close(fd) != 0 && st == BUNDLE_OK)
                    st = errno == ENOSPC ? BUNDLE_NO_SPACE : BUNDLE_IO;
                if (st == BUNDLE_OK) {
                    written = xreallocarray(written, n_written + 1, sizeof *written);
                    written[n_written++] = xstrdup(full);
                }
            }
        }
        free(full);
        free(name);
    }
    if (st == BUNDLE_OK && r != ARCHIVE_EOF) {
        const char *why = archive_error_string(a);
        char en[300];
        snprintf(en, sizeof en, "archive unreadable: %s", why ? why : "?");
        entry_error(out, "lobbysign.zip", "压缩包已损坏", en);
        st = BUNDLE_REFUSED;
    }
    free(dn);
    archive_read_free(a);
    free(buf);
    for (size_t i = 0; i < n_written; i++) {
        if (st == BUNDLE_OK && (fault(o, "fsync-file") || !fs_fsync(written[i], true))) {
            LOG_ERR("%s: fsync 失败 / fsync failed: %s", written[i], strerror(errno));
            st = errno == ENOSPC ? BUNDLE_NO_SPACE : BUNDLE_IO;
        }
        free(written[i]);
    }
    free(written);
    if (st == BUNDLE_OK && !fsync_tree(dest, o)) {
        LOG_ERR("%s: fsync 文件夹失败 / folder fsync failed: %s", dest, strerror(errno));
        st = BUNDLE_IO;
    }
    if (st == BUNDLE_OK) {
        *root = top ? fs_join(dest, top) : xstrdup(dest);
        /* "the folder itself" only counts when that folder is really a folder */
        if (top && !fs_is_dir(*root)) {
            free(*root);
            *root = xstrdup(dest);
        }
    }
    free(top);
    return st;
}

/* ---- writing ---------------------------------------------------------------------------------- */

struct name_list {
    char **v;
    size_t n;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A bundle's own files: never content (a second `bundle DIR -o DIR/lobbysign.zip` would pack the first). */
static bool is_bundle_name(const char *name)
{
    static const char *const names[] = {"lobbysign.zip", "lobbysign.zip.minisig", "lobbysign.tar",
                                        "lobbysign.tar.minisig"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/* Collects the relative names under dir/rel (folders with a trailing '/'), skipping dotfiles, the
 * output and its signature (skip: their device and inode, st_ino 0 when absent) and, at the top,
 * bundles and signatures. */
static bool collect(const char *dir, const char *rel, struct name_list *nl, struct findings *out,
                    const struct stat skip[2])
{
    char *path = rel ? fs_join(dir, rel) : xstrdup(dir);
    DIR *d = opendir(path);
    if (!d) {
        findings_add(out, SEV_ERROR, path, 0, 0, "", "无法打开文件夹", "cannot open folder");
        free(path);
        return false;
    }
    bool ok = true;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *r = rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
        char *full = fs_join(dir, r);
        struct stat st;
        if (lstat(full, &st) != 0) {
            findings_add(out, SEV_ERROR, r, 0, 0, "", "无法读取", "cannot stat");
            ok = false;
        } else if ((skip[0].st_ino && st.st_dev == skip[0].st_dev && st.st_ino == skip[0].st_ino) ||
                   (skip[1].st_ino && st.st_dev == skip[1].st_dev && st.st_ino == skip[1].st_ino) ||
                   (!rel && S_ISREG(st.st_mode) && is_bundle_name(e->d_name))) {
            findings_add(out, SEV_WARNING, r, 0, 0, "", "已略过：这是内容包或签名，不是内容（上次打包的结果？）",
                         "left out: a bundle or its signature is not content (the previous bundle's output?)");
        } else if (!content_name_ok(r)) {
            findings_add(out, SEV_ERROR, r, 0, 0, "", "文件名含控制字符、反斜杠或 :*?\"<>|，或不是 UTF-8，或以空格开头/结尾：请改名（中文名可以）",
                         "file name has a control character, backslash or :*?\"<>|, is not UTF-8, or starts/ends "
                         "with a space: rename it (Chinese names are fine)");
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            nl->v = xreallocarray(nl->v, nl->n + 1, sizeof *nl->v);
            nl->v[nl->n++] = xasprintf("%s/", r);
            ok = collect(dir, r, nl, out, skip) && ok;
        } else if (S_ISREG(st.st_mode)) {
            nl->v = xreallocarray(nl->v, nl->n + 1, sizeof *nl->v);
            nl->v[nl->n++] = xstrdup(r);
        } else {
            findings_add(out, SEV_ERROR, r, 0, 0, "", "只能打包普通文件和文件夹（不能有链接）",
                         "only regular files and folders can be bundled (no links)");
            ok = false;
        }
        free(full);
        free(r);
    }
    closedir(d);
    free(path);
    return ok;
}

bool bundle_write_zip(const char *dir, const char *zip_path, struct findings *out)
{
    struct name_list nl = {0};
    struct stat skip[2];
    memset(skip, 0, sizeof skip);
    char *sig_path = xasprintf("%s.minisig", zip_path);
    if (stat(zip_path, &skip[0]) != 0)
        skip[0].st_ino = 0;
    if (stat(sig_path, &skip[1]) != 0)
        skip[1].st_ino = 0;
    free(sig_path);
    bool ok = collect(dir, NULL, &nl, out, skip);
    if (nl.n)
        qsort(nl.v, nl.n, sizeof *nl.v, cmp_str);
    struct archive *a = NULL;
    char *tmp = xasprintf("%s.tmp.%ld", zip_path, (long)getpid());
    if (ok) {
        a = archive_write_new();
        archive_write_set_format_zip(a);
        archive_write_set_options(a, "zip:compression=deflate,zip:hdrcharset=UTF-8");
        if (archive_write_open_filename(a, tmp) != ARCHIVE_OK) {
            findings_add(out, SEV_ERROR, zip_path, 0, 0, "", "无法写入", archive_error_string(a));
            ok = false;
        }
    }
    char *buf = xmalloc(1 << 16);
    for (size_t i = 0; ok && i < nl.n; i++) {
        const char *r = nl.v[i];
        bool isdir = r[strlen(r) - 1] == '/';
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname_utf8(e, r);
        archive_entry_set_mtime(e, 1577880000, 0); /* 2020-01-01 12:00 UTC: fixed, so output is too */
        archive_entry_set_uid(e, 0);
        archive_entry_set_gid(e, 0);
        int fd = -1;
        if (isdir) {
            archive_entry_set_filetype(e, AE_IFDIR);
            archive_entry_set_perm(e, 0755);
            archive_entry_set_size(e, 0);
        } else {
            char *full = fs_join(dir, r);
            fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            struct stat st;
            if (fd < 0 || fstat(fd, &st) != 0) {
                findings_add(out, SEV_ERROR, r, 0, 0, "", "无法读取", strerror(errno));
                ok = false;
            }
            free(full);
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_perm(e, 0644);
            archive_entry_set_size(e, ok ? st.st_size : 0);
        }
        if (ok && archive_write_header(a, e) != ARCHIVE_OK) {
            findings_add(out, SEV_ERROR, r, 0, 0, "", "无法写入压缩包", archive_error_string(a));
            ok = false;
        }
        while (ok && fd >= 0) {
            ssize_t n = read(fd, buf, 1 << 16);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                findings_add(out, SEV_ERROR, r, 0, 0, "", "读取失败", strerror(errno));
                ok = false;
            }
            if (n <= 0)
                break;
            if (archive_write_data(a, buf, (size_t)n) != n) {
                findings_add(out, SEV_ERROR, r, 0, 0, "", "无法写入压缩包", archive_error_string(a));
                ok = false;
            }
        }
        if (fd >= 0)
            close(fd);
        archive_entry_free(e);
    }
    free(buf);
    if (a) {
        if (archive_write_close(a) != ARCHIVE_OK && ok) {
            findings_add(out, SEV_ERROR, zip_path, 0, 0, "", "无法写入压缩包", archive_error_string(a));
            ok = false;
        }
        archive_write_free(a);
    }
    if (ok) {
        ok = fs_fsync(tmp, true) && rename(tmp, zip_path) == 0;
        if (!ok)
            findings_add(out, SEV_ERROR, zip_path, 0, 0, "", "无法写入", strerror(errno));
    }
    if (!ok)
        unlink(tmp);
    free(tmp);
    for (size_t i = 0; i < nl.n; i++)
        free(nl.v[i]);
    free(nl.v);
    return ok;
}

/* Names are read in a UTF-8 locale on this thread only, whatever the process's locale (a service
 * runs in C): libarchive then gives UTF-8-flagged names as UTF-8 and other names as their bytes. */
enum bundle_status bundle_extract(const char *archive, const char *dest, const struct bundle_extract_opts *o,
                                  struct findings *out, char **root)
{
    locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    locale_t old = loc ? uselocale(loc) : (locale_t)0;
    enum bundle_status st = extract(archive, dest, o, out, root);
    if (loc) {
        uselocale(old);
        freelocale(loc);
    }
    return st;
}
