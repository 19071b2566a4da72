/* watch: inotify over the inbox, the mounts folder and each stick's folder; the mount table's
 * descriptor wakes us when a stick is mounted over a folder we already watch. Every wake-up looks
 * at the (few) folders again, so a lost or overflowed event costs nothing but a rescan. */
#define LOG_TAG "watch"
#include "store/watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/log.h"
#include "core/util.h"
#include "core/xalloc.h"
#include "store/import.h"

/* The four names that matter in a source folder; bit i of `busy` is names[i] being written. */
static const char *const names[] = {IMPORT_BUNDLE_NAME, IMPORT_BUNDLE_NAME ".minisig", IMPORT_BUNDLE_NAME_TAR,
                                    IMPORT_BUNDLE_NAME_TAR ".minisig"};
#define N_NAMES (ALEN(names))

#define SOURCE_EVENTS                                                                                        \
    (IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB |           \
     IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)
#define MOUNTS_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

/* What a complete bundle was when it was last offered: a change of either file offers it again. */
struct bundle_key {
    dev_t dev[2];
    ino_t ino[2];
    off_t size[2];
    struct timespec mtime[2];
};

struct source_dir {
    enum watch_kind kind;
    char *path;
    int wd;
    unsigned busy;          /* names[] being written (created or modified, not yet closed) */
    bool offered;           /* key holds the bundle offered last */
    struct bundle_key key;
    bool seen;              /* found by the current rescan (sticks) */
};

struct watch {
    int ifd, mfd;
    char *mounts, *inbox;
    int mounts_wd;
    struct source_dir *d;
    size_t n, cap;
};

static int name_index(const char *name)
{
    for (size_t i = 0; i < N_NAMES; i++)
        if (strcmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

static struct source_dir *find_path(struct watch *w, const char *path)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->d[i].path, path) == 0)
            return &w->d[i];
    return NULL;
}

static struct source_dir *find_wd(struct watch *w, int wd)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->d[i].wd == wd)
            return &w->d[i];
    return NULL;
}

/* Watches path (again: a folder mounted over gets a new inode and so a new watch). */
static struct source_dir *ensure_dir(struct watch *w, enum watch_kind kind, const char *path)
{
    struct source_dir *s = find_path(w, path);
    if (!s) {
        if (w->n == w->cap) {
            w->cap = w->cap ? 2 * w->cap : 8;
            w->d = xreallocarray(w->d, w->cap, sizeof *w->d);
        }
        s = &w->d[w->n++];
        *s = (struct source_dir){.kind = kind, .path = xstrdup(path), .wd = -1};
        LOG_INFO("watching %s (%s)", path, kind == WATCH_STICK ? "USB stick" : "inbox");
    }
    int wd = inotify_add_watch(w->ifd, path, SOURCE_EVENTS);
    if (wd < 0 && errno != ENOENT && errno != ENOTDIR)
        LOG_WARN("%s: cannot watch: %s", path, strerror(errno));
    if (wd >= 0 && wd != s->wd)
        s->busy = 0; /* a different folder (a stick mounted over it): nothing known to be in writing */
    s->wd = wd;
    s->seen = true;
    return s;
}

static void drop_dir(struct watch *w, size_t i)
{
    if (w->d[i].wd >= 0)
        inotify_rm_watch(w->ifd, w->d[i].wd); /* fails harmlessly when the folder is gone */
    LOG_INFO("%s: gone", w->d[i].path);
    free(w->d[i].path);
    w->d[i] = w->d[--w->n];
}

static void rescan(struct watch *w)
{
    if (w->inbox && fs_is_dir(w->inbox))
        ensure_dir(w, WATCH_INBOX, w->inbox);
    if (!w->mounts)
        return;
    for (size_t i = 0; i < w->n; i++)
        if (w->d[i].kind == WATCH_STICK)
            w->d[i].seen = false;
    int wd = inotify_add_watch(w->ifd, w->mounts, MOUNTS_EVENTS);
    w->mounts_wd = wd;
    DIR *dir = wd >= 0 ? opendir(w->mounts) : NULL;
    for (struct dirent *de; dir && (de = readdir(dir));) {
        if (de->d_name[0] == '.')
            continue;
        char *p = fs_join(w->mounts, de->d_name);
        if (fs_is_dir(p))
            ensure_dir(w, WATCH_STICK, p);
        free(p);
    }
    if (dir)
        closedir(dir);
    for (size_t i = w->n; i-- > 0;)
        if (w->d[i].kind == WATCH_STICK && !w->d[i].seen)
            drop_dir(w, i);
}

struct watch *watch_new(const struct watch_opts *o)
{
    int ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (ifd < 0) {
        LOG_ERR("inotify: %s; USB sticks and the inbox are not watched", strerror(errno));
        return NULL;
    }
    struct watch *w = xcalloc(1, sizeof *w);
    w->ifd = ifd;
    w->mounts_wd = -1;
    w->mounts = o->mounts && *o->mounts ? xstrdup(o->mounts) : NULL;
    w->inbox = o->inbox && *o->inbox ? xstrdup(o->inbox) : NULL;
    const char *mi = o->mountinfo ? o->mountinfo : "/proc/self/mountinfo";
    w->mfd = *mi ? open(mi, O_RDONLY | O_CLOEXEC) : -1;
    if (*mi && w->mfd < 0)
        LOG_WARN("%s: %s; sticks mounted over a watched folder are seen at the next event only", mi, strerror(errno));
    rescan(w);
    return w;
}

void watch_free(struct watch *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n; i++)
        free(w->d[i].path);
    free(w->d);
    free(w->mounts);
    free(w->inbox);
    close(w->ifd);
    if (w->mfd >= 0)
        close(w->mfd);
    free(w);
}

int watch_fd(const struct watch *w) { return w ? w->ifd : -1; }
int watch_mounts_fd(const struct watch *w) { return w ? w->mfd : -1; }

void watch_handle(struct watch *w)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t len = read(w->ifd, buf, sizeof buf);
        if (len <= 0)
            break;
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                for (size_t i = 0; i < w->n; i++)
                    w->d[i].busy = 0;
                continue;
            }
            struct source_dir *s = ev->wd == w->mounts_wd ? NULL : find_wd(w, ev->wd);
            int k = s && ev->len ? name_index(ev->name) : -1;
            if (k < 0)
                continue;
            if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM))
                s->busy &= ~(1u << k);
            else if (ev->mask & (IN_CREATE | IN_MODIFY))
                s->busy |= 1u << k;
        }
    }
    /* The mount table's descriptor needs no read: poll(2) itself resets its event. */
    rescan(w);
}

static bool file_key(const char *path, struct stat *st)
{
    return lstat(path, st) == 0 && S_ISREG(st->st_mode);
}

bool watch_next(struct watch *w, struct watch_source *out)
{
    for (size_t i = 0; i < w->n; i++) {
        struct source_dir *s = &w->d[i];
        int k = 0;
        char *archive = fs_join(s->path, names[0]);
        struct stat a, g;
        if (!file_key(archive, &a)) {
            free(archive);
            archive = fs_join(s->path, names[2]);
            k = 2;
            if (!file_key(archive, &a)) {
                free(archive);
                s->offered = false; /* nothing there (a stick pulled): offer it again when it comes back */
                continue;
            }
        }
        char *sig = fs_join(s->path, names[k + 1]);
        bool have_sig = file_key(sig, &g);
        free(sig);
        if (!have_sig || (s->busy & (3u << k))) {
            free(archive); /* wait for the other file, or for the writer to finish */
            continue;
        }
        struct bundle_key key;
        memset(&key, 0, sizeof key); /* compared with memcmp: no stray padding bytes */
        key.dev[0] = a.st_dev, key.dev[1] = g.st_dev;
        key.ino[0] = a.st_ino, key.ino[1] = g.st_ino;
        key.size[0] = a.st_size, key.size[1] = g.st_size;
        key.mtime[0] = a.st_mtim, key.mtime[1] = g.st_mtim;
        if (s->offered && memcmp(&key, &s->key, sizeof key) == 0) {
            free(archive);
            continue;
        }
        s->key = key;
        s->offered = true;
        *out = (struct watch_source){.kind = s->kind, .dir = xstrdup(s->path), .archive = archive};
        return true;
    }
    return false;
}

void watch_source_free(struct watch_source *s)
{
    if (!s)
        return;
    free(s->dir);
    free(s->archive);
    s->dir = s->archive = NULL;
}

bool watch_source_present(const struct watch_source *s)
{
    struct stat st;
    return s->archive && file_key(s->archive, &st);
}
