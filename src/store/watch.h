/* watch: finds bundles to import without polling: one inotify descriptor over the mounts folder
 * (each sub-folder a mounted stick), those sub-folders and the inbox folder, plus the mount table
 * (a stick mounted over a folder is a new file system that a watch on the folder misses). A source
 * is offered once both its archive (lobbysign.zip, else lobbysign.tar) and the archive's .minisig
 * are there and complete (an archive alone, once it has sat complete for a grace period, so a
 * forgotten signature is reported) (closed after writing or renamed into place, as rsync and Syncthing
 * deliver; a file still being written is ignored), and offered again only when one of the two
 * changes or a stick comes back. The caller polls the descriptors (app loop) and calls
 * watch_handle; no threads, no globals. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum watch_kind {
    WATCH_STICK, /* a sub-folder of the mounts folder (a mounted USB stick): receipts go back to it */
    WATCH_INBOX, /* the fleet inbox (rsync, Syncthing) */
};

struct watch_opts {
    const char *mounts;    /* folder whose sub-folders are mounted sticks; NULL: none */
    const char *inbox;     /* inbox folder; NULL: none */
    const char *mountinfo; /* mount table to poll; NULL: /proc/self/mountinfo; "": none */
    int lone_grace_ms;     /* an archive with no .minisig is offered anyway (the import refuses it
                            * with 缺少签名文件, or takes it under --allow-unsigned) once it has sat
                            * complete this long; 0: WATCH_LONE_GRACE_MS; < 0: at once (tests) */
};
#define WATCH_LONE_GRACE_MS 4000

struct watch;

/* NULL (logged) when inotify cannot start. Folders that do not exist yet are looked for again on
 * every watch_handle (a mounts folder created later still works). */
struct watch *watch_new(const struct watch_opts *o);
void watch_free(struct watch *w); /* NULL-safe; closes its descriptors */

int watch_fd(const struct watch *w);        /* inotify: poll for POLLIN */
int watch_mounts_fd(const struct watch *w); /* mount table: poll for POLLPRI; -1 if none */

/* Reads what is pending on the descriptors (non-blocking) and looks at the folders again. */
void watch_handle(struct watch *w);

struct watch_source {
    enum watch_kind kind;
    char *dir;      /* the folder holding the bundle (heap) */
    char *archive;  /* <dir>/lobbysign.zip or .tar (heap) */
};
/* The next source with a complete bundle not offered before: true and *out filled (free it with
 * watch_source_free); false when there is none. */
bool watch_next(struct watch *w, struct watch_source *out);
void watch_source_free(struct watch_source *s); /* NULL-safe */
/* Folder-table slots the last rescan looked at (it stays linear in the folders: tests), and how
 * many folders are watched. */
size_t watch_rescan_probes(const struct watch *w);
size_t watch_count(const struct watch *w);
/* Folder walks and file stats the calling thread has done (tests: the loop thread does none). */
size_t watch_stats_this_thread(void);
/* True while dir still holds an archive (the stick was not pulled). */
bool watch_source_present(const struct watch_source *s);
