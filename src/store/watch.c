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
#include <time.h>
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
    struct bundle_key lone_key; /* an archive without its .minisig, and since when (monotonic ms) */
    uint64_t lone_since;
};

struct watch {
    int ifd, mfd;
    char *mounts, *inbox;
    int mounts_wd;
    int lone_grace_ms;
    struct source_dir *d;
    size_t n, cap;
    /* d[] indexed by path and by watch descriptor: open addressing, slots hold index + 1 (0 free),
     * so a rescan of thousands of sticks' folders (or a burst of events) stays linear */
    size_t *by_path, *by_wd, hcap, wd_slots; /* wd_slots: by_wd slots in use, stale ones included */
    size_t probes;          /* slots looked at since the last rescan began (watch_rescan_probes) */
    size_t unwatchable;     /* folders inotify refused in this rescan (e.g. max_user_watches) */
};

static int name_index(const char *name)
{
    for (size_t i = 0; i < N_NAMES; i++)
        if (strcmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static size_t hash_int(int v) { return (size_t)(unsigned)v * 2654435761u; }

static void slot_put(size_t *t, size_t cap, size_t h, size_t idx)
{
    for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1))
        if (!t[i]) {
            t[i] = idx + 1;
            return;
        }
}

/* Both tables anew, twice as large as the entries need (after drops, or when they fill). */
static void index_rebuild(struct watch *w)
{
    size_t cap = 16;
    while (cap < 4 * (w->n + 1))
        cap *= 2;
    free(w->by_path);
    free(w->by_wd);
    w->by_path = xcalloc(cap, sizeof *w->by_path);
    w->by_wd = xcalloc(cap, sizeof *w->by_wd);
    w->hcap = cap;
    w->wd_slots = 0;
    for (size_t i = 0; i < w->n; i++) {
        slot_put(w->by_path, cap, hash_str(w->d[i].path), i);
        if (w->d[i].wd >= 0) {
            slot_put(w->by_wd, cap, hash_int(w->d[i].wd), i);
            w->wd_slots++;
        }
    }
}

static struct source_dir *find_path(struct watch *w, const char *path)
{
    if (!w->hcap)
        return NULL;
    for (size_t i = hash_str(path) & (w->hcap - 1); w->by_path[i]; i = (i + 1) & (w->hcap - 1)) {
        w->probes++;
        struct source_dir *s = &w->d[w->by_path[i] - 1];
        if (strcmp(s->path, path) == 0)
            return s;
    }
    return NULL;
}

/* The wd table may hold stale slots (a folder watched again gets a new wd): checked on lookup. */
static struct source_dir *find_wd(struct watch *w, int wd)
{
    if (!w->hcap || wd < 0)
        return NULL;
    for (size_t i = hash_int(wd) & (w->hcap - 1); w->by_wd[i]; i = (i + 1) & (w->hcap - 1)) {
        w->probes++;
        struct source_dir *s = &w->d[w->by_wd[i] - 1];
        if (s->wd == wd)
            return s;
    }
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
        if (w->n <= 64)
            LOG_INFO("watching %s (%s)", path, kind == WATCH_STICK ? "USB stick" : "inbox");
        if (4 * w->n > w->hcap)
            index_rebuild(w);
        else
            slot_put(w->by_path, w->hcap, hash_str(path), (size_t)(s - w->d));
    }
    int wd = inotify_add_watch(w->ifd, path, SOURCE_EVENTS);
    if (wd < 0 && errno != ENOENT && errno != ENOTDIR && s->wd >= -1) {
        if (!w->unwatchable++)
            LOG_WARN("%s: cannot watch: %s (the 10 s rescan still looks at it)", path, strerror(errno));
        wd = -2; /* said: not again every rescan */
    } else if (wd < 0 && s->wd == -2) {
        wd = -2;
    }
    if (wd >= 0 && wd != s->wd) {
        s->busy = 0; /* a different folder (a stick mounted over it): nothing known to be in writing */
        s->wd = wd;
        if (2 * (w->wd_slots + 1) > w->hcap) {
            index_rebuild(w);
        } else {
            slot_put(w->by_wd, w->hcap, hash_int(wd), (size_t)(s - w->d));
            w->wd_slots++;
        }
    }
    s->wd = wd;
    s->seen = true;
    return s;
}

static void drop_dir(struct watch *w, size_t i)
{
    if (w->d[i].wd >= 0)
        inotify_rm_watch(w->ifd, w->d[i].wd); /* fails harmlessly when the folder is gone */
    if (w->n <= 64)
        LOG_INFO("%s: gone", w->d[i].path);
    free(w->d[i].path);
    w->d[i] = w->d[--w->n];
}

/* Folder walks and file stats done by the calling thread (a test hook: never on the loop thread). */
static _Thread_local size_t stats_here;
size_t watch_stats_this_thread(void) { return stats_here; }

static void rescan(struct watch *w)
{
    stats_here++;
    w->probes = 0;
    w->unwatchable = 0;
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
        if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_LNK && de->d_type != DT_UNKNOWN))
            continue;
        char *p = fs_join(w->mounts, de->d_name);
        if (de->d_type == DT_DIR || fs_is_dir(p))
            ensure_dir(w, WATCH_STICK, p);
        free(p);
    }
    if (dir)
        closedir(dir);
    if (w->unwatchable > 1)
        LOG_WARN("%s: %zu folders cannot be watched (inotify's limit?)", w->mounts, w->unwatchable);
    size_t before = w->n;
    for (size_t i = w->n; i-- > 0;)
        if (w->d[i].kind == WATCH_STICK && !w->d[i].seen)
            drop_dir(w, i);
    if (w->n != before)
        index_rebuild(w); /* drops moved entries */
}

size_t watch_rescan_probes(const struct watch *w) { return w ? w->probes : 0; }
size_t watch_count(const struct watch *w) { return w ? w->n : 0; }

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
    w->lone_grace_ms = o->lone_grace_ms ? o->lone_grace_ms : WATCH_LONE_GRACE_MS;
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
    free(w->by_path);
    free(w->by_wd);
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

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static bool file_key(const char *path, struct stat *st)
{
    stats_here++;
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
        if (s->busy & (3u << k)) {
            free(archive); /* wait for the writer to finish */
            continue;
        }
        if (!have_sig)
            memset(&g, 0, sizeof g);
        struct bundle_key key;
        memset(&key, 0, sizeof key); /* compared with memcmp: no stray padding bytes */
        key.dev[0] = a.st_dev, key.dev[1] = g.st_dev;
        key.ino[0] = a.st_ino, key.ino[1] = g.st_ino;
        key.size[0] = a.st_size, key.size[1] = g.st_size;
        key.mtime[0] = a.st_mtim, key.mtime[1] = g.st_mtim;
        if (!have_sig && !(s->offered && memcmp(&key, &s->key, sizeof key) == 0) && w->lone_grace_ms > 0) {
            /* the .minisig may still be on its way: wait a little before calling it forgotten */
            uint64_t now = mono_ms();
            if (!s->lone_since || memcmp(&key, &s->lone_key, sizeof key) != 0) {
                s->lone_key = key;
                s->lone_since = now ? now : 1;
                free(archive);
                continue;
            }
            if (now - s->lone_since < (uint64_t)w->lone_grace_ms) {
                free(archive);
                continue;
            }
        }
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
