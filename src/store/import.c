/* import: the pipeline from a bundle on a stick to `current`, and the receipt. */
#define LOG_TAG "import"
#include "store/import.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "core/findings.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/util.h"
#include "core/xalloc.h"
#include "store/minisig.h"
#include "store/store.h"

#define SIG_MAX_BYTES 8192
#define COPY_CHUNK (1u << 20)

static const char *const phase_names[] = {"copy", "verify", "extract", "validate", "install", "done"};
_Static_assert(ALEN(phase_names) == IMPORT_PHASE_COUNT, "phase names");

static const char *const outcome_names[] = {
    "installed",        "refused-no-bundle",  "refused-no-signature", "refused-bad-signature",
    "refused-untrusted-key", "refused-no-keys", "refused-no-timestamp", "refused-older",
    "refused-archive",  "refused-content",    "refused-no-space",     "failed-source",
    "failed-io",        "cancelled",
};
_Static_assert(ALEN(outcome_names) == IMPORT_OUTCOME_COUNT, "outcome names");

const char *import_phase_name(enum import_phase p)
{
    return (unsigned)p < IMPORT_PHASE_COUNT ? phase_names[p] : "?";
}

const char *import_outcome_name(enum import_outcome o)
{
    return (unsigned)o < IMPORT_OUTCOME_COUNT ? outcome_names[o] : "?";
}

int import_outcome_exit(enum import_outcome o)
{
    switch (o) {
    case IMPORT_INSTALLED: return 0;
    case IMPORT_FAILED_SOURCE:
    case IMPORT_FAILED_IO:
    case IMPORT_CANCELLED: return 2;
    default: return 1;
    }
}

void import_result_free(struct import_result *r)
{
    if (!r)
        return;
    free(r->reason_zh);
    free(r->reason_en);
    findings_free(&r->findings);
    free(r->trusted_comment);
    free(r->version);
    free(r->content_dir);
    free(r->source);
    memset(r, 0, sizeof *r);
}

/* One run's working state. */
struct job {
    const struct import_opts *o;
    struct import_result *r;
    const char *store;
    bool install;        /* false: import_check (nothing installed) */
    char *staging;       /* <store>/.staging-N or a temporary folder */
    int number;
};

static bool fault(struct job *j, const char *step)
{
    if (j->o->fault && j->o->fault(j->o->fault_ctx, step)) {
        errno = EIO;
        return true;
    }
    return false;
}

static bool progress(struct job *j, enum import_phase ph, uint64_t done, uint64_t total)
{
    return !j->o->progress || j->o->progress(j->o->progress_ctx, ph, done, total);
}

__attribute__((format(printf, 4, 5))) static void set_reason(struct job *j, enum import_outcome oc, const char *zh,
                                                               const char *en_fmt, ...)
{
    j->r->outcome = oc;
    free(j->r->reason_zh);
    free(j->r->reason_en);
    j->r->reason_zh = xstrdup(zh);
    va_list ap;
    va_start(ap, en_fmt);
    char *en = xvasprintf(en_fmt, ap);
    va_end(ap);
    j->r->reason_en = en;
}

/* The archive in src: the file itself, or lobbysign.zip / lobbysign.tar in a folder. */
static char *find_archive(const char *src)
{
    if (!fs_is_dir(src)) {
        struct stat st;
        return stat(src, &st) == 0 && S_ISREG(st.st_mode) ? xstrdup(src) : NULL;
    }
    const char *names[] = {IMPORT_BUNDLE_NAME, IMPORT_BUNDLE_NAME_TAR};
    for (size_t i = 0; i < 2; i++) {
        char *p = fs_join(src, names[i]);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            return p;
        free(p);
    }
    return NULL;
}

static uint64_t free_bytes(const char *dir)
{
    struct statvfs vfs;
    if (statvfs(dir, &vfs) != 0)
        return 0;
    return (uint64_t)vfs.f_bavail * vfs.f_frsize;
}

/* Copies src to dst while hashing it. Source trouble (read error, size change) -> FAILED_SOURCE. */
static bool copy_hashing(struct job *j, const char *src, const char *dst, uint8_t hash[MINISIG_HASH_BYTES],
                         uint64_t *size)
{
    int in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st0;
    if (in < 0 || fstat(in, &st0) != 0 || !S_ISREG(st0.st_mode)) {
        set_reason(j, IMPORT_FAILED_SOURCE, "无法读取U盘上的文件（U盘已拔出？）", "cannot read the bundle: %s",
                   strerror(errno));
        if (in >= 0)
            close(in);
        return false;
    }
    int out = fault(j, "copy-open") ? -1 : open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        set_reason(j, IMPORT_FAILED_IO, "无法写入本地暂存区", "cannot write the staging copy: %s", strerror(errno));
        close(in);
        return false;
    }
    struct minisig_hasher h;
    minisig_hash_init(&h);
    char *buf = xmalloc(COPY_CHUNK);
    uint64_t done = 0, total = (uint64_t)st0.st_size;
    bool ok = true;
    while (ok) {
        ssize_t n = read(in, buf, COPY_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            set_reason(j, IMPORT_FAILED_SOURCE, "读取U盘时出错（U盘已拔出？）", "read error on the source: %s",
                       strerror(errno));
            ok = false;
            break;
        }
        if (n == 0)
            break;
        minisig_hash_update(&h, buf, (size_t)n);
        for (const char *p = buf; n > 0 && ok;) {
            ssize_t w = fault(j, "copy-write") ? -1 : write(out, p, (size_t)n);
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                if (errno == ENOSPC)
                    set_reason(j, IMPORT_REFUSED_NO_SPACE, "存储空间不足", "no space left in the store");
                else
                    set_reason(j, IMPORT_FAILED_IO, "无法写入本地暂存区", "staging write failed: %s",
                               strerror(errno));
                ok = false;
                break;
            }
            p += w;
            n -= w;
            done += (uint64_t)w;
        }
        if (ok && !progress(j, IMPORT_PHASE_COPY, done, total)) {
            set_reason(j, IMPORT_CANCELLED, "导入已取消", "import cancelled");
            ok = false;
        }
    }
    free(buf);
    struct stat st1;
    if (ok && (fstat(in, &st1) != 0 || st1.st_size != st0.st_size || done != total ||
               st1.st_mtim.tv_sec != st0.st_mtim.tv_sec || st1.st_mtim.tv_nsec != st0.st_mtim.tv_nsec)) {
        set_reason(j, IMPORT_FAILED_SOURCE, "文件在读取过程中被改变或截断（U盘已拔出？）",
                   "the bundle changed or was cut short while it was read");
        ok = false;
    }
    close(in);
    if (close(out) != 0 && ok) {
        set_reason(j, IMPORT_FAILED_IO, "无法写入本地暂存区", "staging write failed: %s", strerror(errno));
        ok = false;
    }
    minisig_hash_final(&h, hash);
    *size = done;
    return ok;
}

/* Verifies the signature of the local copy; sets r->key_id, timestamp, trusted_comment. */
static bool verify(struct job *j, const char *sigpath, const char *copy, uint64_t size,
                   const uint8_t hash[MINISIG_HASH_BYTES], const struct minisig_pubkey *keys, size_t n_keys)
{
    char *text;
    size_t len;
    enum fs_status fst = fs_read_file(sigpath, SIG_MAX_BYTES, true, &text, &len);
    if (fst != FS_OK) {
        set_reason(j, IMPORT_REFUSED_NO_SIGNATURE, "缺少签名文件 lobbysign.zip.minisig",
                   "no signature file beside the bundle (%s)", fs_status_str(fst));
        return false;
    }
    struct minisig_sig sig;
    const char *why = NULL;
    bool ok = minisig_sig_parse(text, len, &sig, &why);
    free(text);
    if (!ok) {
        set_reason(j, IMPORT_REFUSED_BAD_SIGNATURE, "签名无效：签名文件格式错误", "invalid signature file: %s", why);
        return false;
    }
    minisig_keyid_str(sig.key_id, j->r->key_id);
    const struct minisig_pubkey *pk = NULL;
    for (size_t i = 0; i < n_keys && !pk; i++)
        if (memcmp(keys[i].key_id, sig.key_id, MINISIG_KEYID_BYTES) == 0)
            pk = &keys[i];
    if (!pk) {
        set_reason(j, IMPORT_REFUSED_UNTRUSTED_KEY, "不是受信任的密钥", "signed by key %s, which is not trusted here",
                   j->r->key_id);
        minisig_sig_clear(&sig);
        return false;
    }
    void *map = NULL;
    if (!sig.prehashed && size > 0) {
        int fd = open(copy, O_RDONLY | O_CLOEXEC);
        map = fd >= 0 ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
        if (fd >= 0)
            close(fd);
        if (map == MAP_FAILED)
            map = NULL;
    }
    enum minisig_verdict v = minisig_verify(&sig, pk, hash, sig.prehashed ? NULL : (map ? map : ""), size);
    if (map)
        munmap(map, size);
    if (v == MINISIG_BAD_COMMENT) {
        set_reason(j, IMPORT_REFUSED_BAD_SIGNATURE, "签名无效：可信注释被改动",
                   "invalid signature: the trusted comment was altered");
    } else if (v != MINISIG_VALID) {
        set_reason(j, IMPORT_REFUSED_BAD_SIGNATURE, "签名无效：文件与签名不符（被改动或损坏）",
                   "invalid signature: the file does not match it (altered or damaged)");
    } else {
        j->r->is_signed = true;
        j->r->trusted_comment = xstrdup(sig.trusted_comment);
    }
    minisig_sig_clear(&sig);
    return v == MINISIG_VALID;
}

/* Rewrites a finding's file from an absolute staging path to the bundle-relative name. */
static void relativize(struct findings *f, const char *root)
{
    size_t rl = strlen(root);
    for (size_t i = 0; i < f->n; i++) {
        char *file = f->items[i].file;
        if (file && strncmp(file, root, rl) == 0 && (file[rl] == '/' || file[rl] == '\0')) {
            char *rel = xstrdup(file[rl] ? file + rl + 1 : ".");
            free(file);
            f->items[i].file = rel;
        }
    }
}

static const struct finding *first_error(const struct findings *f)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].severity == SEV_ERROR)
            return &f->items[i];
    return NULL;
}

static char *finding_where(const struct finding *e)
{
    if (e->line > 0)
        return xasprintf("%s:%d", e->file ? e->file : "?", e->line);
    return xstrdup(e->file ? e->file : "?");
}

static bool fsync_dir(struct job *j, const char *dir, const char *step)
{
    return !fault(j, step) && fs_fsync(dir, false);
}

/* rename(root -> vN), fsync, current.tmp -> current, fsync. True once `current` points at vN. */
static bool install(struct job *j, const char *root)
{
    char name[32];
    snprintf(name, sizeof name, "v%d", j->number);
    char *vdir = fs_join(j->store, name), *tmp = fs_join(j->store, "current.tmp"),
         *cur = fs_join(j->store, "current");
    struct store_version sv = {
        .number = j->number,
        .is_signed = j->r->is_signed,
        .timestamp = j->r->timestamp,
        .installed_at = (int64_t)time(NULL),
        .n_playlists = j->r->n_playlists,
        .n_slides = j->r->n_slides,
    };
    memcpy(sv.key_id, j->r->key_id, sizeof sv.key_id);
    bool swapped = false;
    const char *failed = NULL;
    if (fault(j, "write-version") || !store_version_write(root, &sv))
        failed = "write-version";
    else if (fault(j, "rename-version") || rename(root, vdir) != 0)
        failed = "rename-version";
    else if (!fsync_dir(j, j->store, "fsync-store"))
        failed = "fsync-store";
    else if ((unlink(tmp), fault(j, "symlink-tmp")) || symlink(name, tmp) != 0)
        failed = "symlink-tmp";
    else if (fault(j, "rename-current") || rename(tmp, cur) != 0)
        failed = "rename-current";
    else
        swapped = true;
    if (swapped && !fsync_dir(j, j->store, "fsync-current"))
        LOG_WARN("%s: fsync 失败，切换可能在断电后丢失 / fsync failed: the swap may not survive a power cut: %s",
                 j->store, strerror(errno));
    if (!swapped) {
        int e = errno;
        LOG_ERR("%s: 安装失败（%s）/ install failed at %s: %s", vdir, failed, failed, strerror(e));
        unlink(tmp);
        if (strcmp(failed, "write-version") != 0 && strcmp(failed, "rename-version") != 0)
            store_remove_tree(vdir);
        set_reason(j, e == ENOSPC ? IMPORT_REFUSED_NO_SPACE : IMPORT_FAILED_IO,
                   e == ENOSPC ? "存储空间不足，未更新" : "写入内容库失败，未更新", "store write failed at %s: %s",
                   failed, strerror(e));
    }
    free(vdir);
    free(tmp);
    free(cur);
    return swapped;
}

static bool extract_progress(void *ctx, uint64_t done, uint64_t total)
{
    return progress(ctx, IMPORT_PHASE_EXTRACT, done, total);
}

static bool extract_fault(void *ctx, const char *step)
{
    struct job *j = ctx;
    return j->o->fault && j->o->fault(j->o->fault_ctx, step);
}

/* The steps after the staging folder exists. */
static void run_staged(struct job *j, const char *archive, uint64_t src_size)
{
    struct import_result *r = j->r;
    struct minisig_pubkey *keys = NULL;
    const char *keys_dir = j->o->keys_dir ? j->o->keys_dir : IMPORT_DEFAULT_KEYS;
    size_t n_keys = minisig_load_keys(keys_dir, &keys);
    char *sigpath = xasprintf("%s.minisig", archive);
    bool unsigned_ok = n_keys == 0 && j->o->allow_unsigned;
    char *copy = NULL, *xdir = NULL, *root = NULL;
    if (n_keys == 0 && !unsigned_ok) {
        set_reason(j, IMPORT_REFUSED_NO_KEYS, "本机没有受信任的公钥，拒绝所有内容",
                   "no trusted keys in %s: every bundle is refused (install the operator's .pub there)", keys_dir);
        goto out;
    }
    if (!unsigned_ok && access(sigpath, F_OK) != 0) {
        set_reason(j, IMPORT_REFUSED_NO_SIGNATURE, "缺少签名文件 lobbysign.zip.minisig（请用 minisign -Sm 签名）",
                   "no signature %s beside the bundle (sign it with minisign -Sm)", sigpath);
        goto out;
    }
    uint64_t avail = free_bytes(j->staging);
    if (avail && src_size + (1u << 20) > avail) {
        set_reason(j, IMPORT_REFUSED_NO_SPACE, "存储空间不足，未更新", "not enough free space: need %llu bytes, have %llu",
                   (unsigned long long)src_size, (unsigned long long)avail);
        goto out;
    }
    /* 1. copy while hashing: the archive parser will only see this local, verified copy */
    copy = fs_join(j->staging, "bundle");
    uint8_t hash[MINISIG_HASH_BYTES];
    uint64_t size = 0;
    if (!copy_hashing(j, archive, copy, hash, &size))
        goto out;
    /* 2. signature, trust, anti-rollback */
    if (!progress(j, IMPORT_PHASE_VERIFY, 0, 1)) {
        set_reason(j, IMPORT_CANCELLED, "导入已取消", "import cancelled");
        goto out;
    }
    if (!unsigned_ok) {
        if (!verify(j, sigpath, copy, size, hash, keys, n_keys))
            goto out;
        if (!minisig_comment_timestamp(r->trusted_comment, &r->timestamp)) {
            set_reason(j, IMPORT_REFUSED_NO_TIMESTAMP,
                       "签名中没有时间戳：请用 minisign -Sm lobbysign.zip 签名，不要用 -t 替换可信注释",
                       "the signature's trusted comment has no timestamp:N: sign with 'minisign -Sm lobbysign.zip' "
                       "and do not replace the trusted comment with -t");
            goto out;
        }
        uint64_t installed = j->store ? store_max_timestamp(j->store) : 0;
        if (r->timestamp <= installed && !j->o->allow_older) {
            set_reason(j, IMPORT_REFUSED_OLDER, r->timestamp == installed ? "版本比当前旧（与已安装的相同）" : "版本比当前旧",
                       "bundle signed at timestamp %llu is not newer than the installed %llu (replay or rollback; an "
                       "admin can force it with import --allow-older)",
                       (unsigned long long)r->timestamp, (unsigned long long)installed);
            goto out;
        }
    }
    progress(j, IMPORT_PHASE_VERIFY, 1, 1);
    /* 3. extract under bounds */
    xdir = fs_join(j->staging, "x");
    if (fault(j, "mkdir-extract") || mkdir(xdir, 0755) != 0) {
        set_reason(j, IMPORT_FAILED_IO, "写入内容库失败，未更新", "cannot create %s: %s", xdir, strerror(errno));
        goto out;
    }
    struct bundle_extract_opts bo = {
        .limits = j->o->limits,
        .progress = extract_progress,
        .progress_ctx = j,
        .fault = extract_fault,
        .fault_ctx = j,
        .free_bytes = free_bytes(xdir),
    };
    switch (bundle_extract(copy, xdir, &bo, &r->findings, &root)) {
    case BUNDLE_OK: break;
    case BUNDLE_REFUSED: {
        const struct finding *e = first_error(&r->findings);
        char *zh = xasprintf("压缩包有误：%s: %s", e ? e->file : "?", e ? e->msg_zh : "?");
        set_reason(j, IMPORT_REFUSED_ARCHIVE, zh, "archive refused: %s: %s", e ? e->file : "?", e ? e->msg_en : "?");
        free(zh);
        goto out;
    }
    case BUNDLE_NO_SPACE:
        set_reason(j, IMPORT_REFUSED_NO_SPACE, "存储空间不足，未更新", "not enough free space to unpack the bundle");
        goto out;
    case BUNDLE_IO:
        set_reason(j, IMPORT_FAILED_IO, "写入内容库失败，未更新", "unpacking failed: %s", strerror(errno));
        goto out;
    case BUNDLE_CANCELLED:
        set_reason(j, IMPORT_CANCELLED, "导入已取消", "import cancelled");
        goto out;
    }
    /* 4. the player's own validator */
    if (!progress(j, IMPORT_PHASE_VALIDATE, 0, 1)) {
        set_reason(j, IMPORT_CANCELLED, "导入已取消", "import cancelled");
        goto out;
    }
    struct snapshot *snap = content_load(root, j->o->content, &r->findings);
    relativize(&r->findings, root);
    r->n_playlists = r->findings.n_files;
    r->n_slides = r->findings.n_slides;
    if (!snap) {
        const struct finding *e = first_error(&r->findings);
        char *where = e ? finding_where(e) : xstrdup("?");
        char *zh = xasprintf("内容有误：%s: %s", where, e ? e->msg_zh : "?");
        set_reason(j, IMPORT_REFUSED_CONTENT, zh, "content invalid: %s: %s", where, e ? e->msg_en : "?");
        free(zh);
        free(where);
        goto out;
    }
    snapshot_free(snap);
    progress(j, IMPORT_PHASE_VALIDATE, 1, 1);
    /* 5. swap */
    if (!j->install) {
        char zh[160];
        snprintf(zh, sizeof zh, "检查通过，可以导入：%zu 个播放列表，%zu 张幻灯片", r->n_playlists, r->n_slides);
        set_reason(j, IMPORT_INSTALLED, zh, "valid, would be installed: %zu playlist%s, %zu slide%s", r->n_playlists,
                   r->n_playlists == 1 ? "" : "s", r->n_slides, r->n_slides == 1 ? "" : "s");
        goto out;
    }
    progress(j, IMPORT_PHASE_INSTALL, 0, 1);
    if (!install(j, root))
        goto out;
    r->version = xasprintf("v%d", j->number);
    r->content_dir = fs_join(j->store, r->version);
    char zh[160];
    snprintf(zh, sizeof zh, "已更新：%zu 个播放列表，%zu 张幻灯片", r->n_playlists, r->n_slides);
    set_reason(j, IMPORT_INSTALLED, zh, "updated: %zu playlist%s, %zu slide%s%s", r->n_playlists,
               r->n_playlists == 1 ? "" : "s", r->n_slides, r->n_slides == 1 ? "" : "s",
               r->is_signed ? "" : " (unsigned)");
    progress(j, IMPORT_PHASE_INSTALL, 1, 1);
out:
    free(keys);
    free(sigpath);
    free(copy);
    free(xdir);
    free(root);
}

static void finish(struct job *j)
{
    struct import_result *r = j->r;
    if (j->staging && !store_remove_tree(j->staging))
        LOG_WARN("%s: 无法删除暂存区 / cannot remove staging: %s", j->staging, strerror(errno));
    free(j->staging);
    j->staging = NULL;
    r->finished_at = (int64_t)time(NULL);
    if (!j->install || !j->store)
        return;
    if (r->outcome == IMPORT_INSTALLED) {
        store_prune(j->store, j->o->keep > 0 ? j->o->keep : 2);
    } else {
        int cur = store_current(j->store);
        if (cur) {
            r->version = xasprintf("v%d", cur);
            r->content_dir = fs_join(j->store, r->version);
        }
    }
    char *json = import_receipt_json(r, NULL);
    uint64_t max = store_max_timestamp(j->store);
    if (r->outcome == IMPORT_INSTALLED && r->timestamp > max)
        max = r->timestamp;
    store_state_write(j->store, json, max, r->outcome == IMPORT_INSTALLED ? "" : NULL,
                      r->outcome == IMPORT_INSTALLED ? "" : NULL);
    free(json);
    if (r->outcome == IMPORT_INSTALLED)
        LOG_INFO("%s: %s / %s (%s)", r->source ? r->source : "?", r->reason_zh, r->reason_en, r->version);
    else
        LOG_WARN("%s: 未更新：%s / not updated: %s", r->source ? r->source : "?", r->reason_zh, r->reason_en);
}

static void run(const char *src, const struct import_opts *o, struct import_result *r, bool install_it)
{
    memset(r, 0, sizeof *r);
    struct job j = {.o = o, .r = r, .install = install_it};
    /* Until a step says otherwise nothing was installed (outcome 0 means installed). */
    set_reason(&j, IMPORT_FAILED_IO, "内部错误，未更新", "internal error, nothing installed");
    j.store = o->store_dir ? o->store_dir : (install_it ? IMPORT_DEFAULT_STORE : NULL);
    char *archive = find_archive(src);
    struct stat st;
    int lock_fd = -1;
    if (!archive) {
        if (fs_is_dir(src))
            set_reason(&j, IMPORT_REFUSED_NO_BUNDLE, "U盘上没有 lobbysign.zip", "no %s or %s in %s", IMPORT_BUNDLE_NAME,
                       IMPORT_BUNDLE_NAME_TAR, src);
        else
            set_reason(&j, IMPORT_FAILED_SOURCE, "找不到内容包（U盘已拔出？）", "%s: %s", src, strerror(errno));
        goto done;
    }
    r->source = archive;
    if (stat(archive, &st) != 0) {
        set_reason(&j, IMPORT_FAILED_SOURCE, "找不到内容包（U盘已拔出？）", "%s: %s", archive, strerror(errno));
        goto done;
    }
    if (j.store && !fs_mkdirs(j.store)) {
        set_reason(&j, IMPORT_FAILED_IO, "无法创建内容库", "cannot create the store %s: %s", j.store, strerror(errno));
        goto done;
    }
    if (install_it) {
        /* One import at a time per store (the player's worker and a CLI import may race). */
        char *lp = fs_join(j.store, ".lock");
        lock_fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        free(lp);
        if (lock_fd >= 0)
            while (flock(lock_fd, LOCK_EX) != 0 && errno == EINTR)
                ;
        j.number = store_next_number(j.store);
        char name[48];
        snprintf(name, sizeof name, ".staging-%d", j.number);
        j.staging = fs_join(j.store, name);
        store_remove_tree(j.staging);
        if (fault(&j, "mkdir-staging") || mkdir(j.staging, 0700) != 0) {
            set_reason(&j, errno == ENOSPC ? IMPORT_REFUSED_NO_SPACE : IMPORT_FAILED_IO, "写入内容库失败，未更新",
                       "cannot create %s: %s", j.staging, strerror(errno));
            free(j.staging);
            j.staging = NULL;
            goto done;
        }
    } else {
        const char *tmpdir = getenv("TMPDIR");
        char *templ = xasprintf("%s/lobbysign-check-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
        if (!mkdtemp(templ)) {
            set_reason(&j, IMPORT_FAILED_IO, "无法创建临时文件夹", "cannot create a temporary folder: %s",
                       strerror(errno));
            free(templ);
            goto done;
        }
        j.staging = templ;
    }
    run_staged(&j, archive, (uint64_t)st.st_size);
done:
    finish(&j);
    if (lock_fd >= 0)
        close(lock_fd); /* releases the lock */
    progress(&j, IMPORT_PHASE_DONE, 1, 1);
}

void import_run(const char *src, const struct import_opts *o, struct import_result *r)
{
    run(src, o, r, true);
}

void import_check(const char *src, const struct import_opts *o, struct import_result *r)
{
    run(src, o, r, false);
}

/* ---- receipts --------------------------------------------------------------------------------- */

static const char *screen_name(const struct receipt_info *info, char *buf, size_t cap)
{
    if (info && info->screen_name)
        return info->screen_name;
    if (gethostname(buf, cap) != 0)
        snprintf(buf, cap, "?");
    buf[cap - 1] = '\0';
    return buf;
}

char *import_receipt_json(const struct import_result *r, const struct receipt_info *info)
{
    json_t *o = json_object();
    json_object_set_new(o, "result", json_string(import_outcome_name(r->outcome)));
    json_object_set_new(o, "installed", json_boolean(r->outcome == IMPORT_INSTALLED));
    json_object_set_new(o, "reason_zh", json_string(r->reason_zh ? r->reason_zh : ""));
    json_object_set_new(o, "reason_en", json_string(r->reason_en ? r->reason_en : ""));
    json_object_set_new(o, "signed", json_boolean(r->is_signed));
    json_object_set_new(o, "key_id", json_string(r->key_id));
    json_object_set_new(o, "timestamp", json_integer((json_int_t)r->timestamp));
    json_object_set_new(o, "playlists", json_integer((json_int_t)r->n_playlists));
    json_object_set_new(o, "slides", json_integer((json_int_t)r->n_slides));
    json_object_set_new(o, "version", r->version ? json_string(r->version) : json_null());
    json_object_set_new(o, "finished_at", json_integer(r->finished_at));
    if (r->source)
        json_object_set_new(o, "source", json_string(r->source));
    if (info) {
        char host[256];
        json_object_set_new(o, "screen", json_string(screen_name(info, host, sizeof host)));
        if (info->playing)
            json_object_set_new(o, "playing", json_string(info->playing));
    }
    json_t *errs = json_array(), *warns = json_array();
    for (size_t i = 0; i < r->findings.n; i++) {
        const struct finding *f = &r->findings.items[i];
        json_array_append_new(f->severity == SEV_ERROR ? errs : warns,
                              json_pack("{s:s, s:i, s:i, s:s, s:s, s:s}", "file", f->file ? f->file : "", "line",
                                        f->line, "col", f->col, "path", f->path ? f->path : "", "zh",
                                        f->msg_zh ? f->msg_zh : "", "en", f->msg_en ? f->msg_en : ""));
    }
    json_object_set_new(o, "errors", errs);
    json_object_set_new(o, "warnings", warns);
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(o);
    char *out = xasprintf("%s\n", s ? s : "{}");
    free(s);
    return out;
}

static void append(char **buf, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char **buf, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    size_t n = strlen(s);
    *buf = xrealloc(*buf, *len + n + 1);
    memcpy(*buf + *len, s, n + 1);
    *len += n;
    free(s);
}

char *import_receipt_text(const struct import_result *r, const struct receipt_info *info)
{
    char *b = NULL, host[256], when[64] = "?";
    size_t n = 0;
    time_t t = (time_t)r->finished_at;
    struct tm tm;
    if (t && localtime_r(&t, &tm)) /* the board's local time, with its zone: what the installer's watch says */
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z (UTC%z)", &tm);
    bool ok = r->outcome == IMPORT_INSTALLED;
    append(&b, &n, "lobbysign 导入回执 / import receipt\r\n");
    append(&b, &n, "屏幕 / screen: %s\r\n", screen_name(info, host, sizeof host));
    append(&b, &n, "时间 / time: %s\r\n", when);
    append(&b, &n, "结果 / result: %s%s / %s\r\n", ok ? "" : "未更新：", r->reason_zh ? r->reason_zh : "",
           r->reason_en ? r->reason_en : "");
    if (ok)
        append(&b, &n, "内容 / content: %zu 个播放列表，%zu 张幻灯片 / %zu playlists, %zu slides\r\n", r->n_playlists,
               r->n_slides, r->n_playlists, r->n_slides);
    if (r->is_signed)
        append(&b, &n, "签名密钥 / signer key: %s, timestamp %llu\r\n", r->key_id, (unsigned long long)r->timestamp);
    else if (ok)
        append(&b, &n, "未签名内容 / unsigned content\r\n");
    else if (r->key_id[0])
        append(&b, &n, "签名密钥 / signer key: %s\r\n", r->key_id);
    const char *playing = info && info->playing ? info->playing : r->version;
    append(&b, &n, "正在播放 / now playing: %s\r\n", playing ? playing : "内置示例 / built-in sample");
    if (r->findings.n_errors || r->findings.n_warnings) {
        append(&b, &n, "\r\n问题 / problems (%zu 个错误 errors, %zu 个警告 warnings):\r\n", r->findings.n_errors,
               r->findings.n_warnings);
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < r->findings.n; i++) {
                const struct finding *f = &r->findings.items[i];
                if ((pass == 0) != (f->severity == SEV_ERROR))
                    continue;
                char *where = finding_where(f);
                append(&b, &n, "%s:%s%s%s %s: %s / %s: %s\r\n", where, f->path && *f->path ? " " : "",
                       f->path ? f->path : "", f->path && *f->path ? ":" : "", pass ? "警告" : "错误", f->msg_zh,
                       pass ? "warning" : "error", f->msg_en);
                free(where);
            }
    }
    if (ok)
        append(&b, &n, "\r\n可以拔出U盘 / the stick can be removed\r\n");
    return b;
}

bool import_write_receipt(const char *dir, const struct import_result *r, const struct receipt_info *info)
{
    bool extra_ok = true;
    if (info && info->extra && !(extra_ok = info->extra(info->extra_ctx, dir, r)))
        LOG_WARN("%s: 预览图未写入 / preview not written", dir);
    char *txt = import_receipt_text(r, info), *json = import_receipt_json(r, info);
    if (!extra_ok) {
        size_t n = strlen(txt);
        append(&txt, &n, "预览图未能写入 / the preview could not be written\r\n");
    }
    char *p1 = fs_join(dir, "lobbysign-receipt.txt"), *p2 = fs_join(dir, "lobbysign-receipt.json");
    bool ok = fs_write_atomic(p2, json, strlen(json)) && fs_write_atomic(p1, txt, strlen(txt));
    int e = errno;
    if (!ok)
        LOG_WARN("%s: 回执未写入 / receipt not written: %s", dir, strerror(e));
    free(p1);
    free(p2);
    free(txt);
    free(json);
    errno = e;
    return ok;
}
