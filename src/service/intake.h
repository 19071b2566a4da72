/* intake: the player's side of bundle imports. Watches the mounts folder and the inbox (store/watch)
 * through the event loop, runs each import on one worker thread so frames never wait, shows its
 * progress and result over the content that keeps playing (player notices), queues the new content
 * for the next step boundary, and on a writable stick writes back the receipt and a contact sheet
 * of the new content drawn at this screen's own size. */
#pragma once
#include <stdbool.h>

#include "service/loop.h"
#include "player/player.h"
#include "store/import.h"
#include "store/watch.h"

/* Defaults: where the udev rule's helper mounts sticks (packaging/lobbysign-usb-mount) and the
 * fleet inbox beside the store. */
#define INTAKE_DEFAULT_MOUNTS "/media/lobbysign"
#define INTAKE_DEFAULT_INBOX "/var/lib/lobbysign/inbox"
/* How long a result stays on screen. */
#define INTAKE_RESULT_HOLD_MS 8000

struct intake_config {
    const char *mounts;       /* "": no sticks (the configuration fills INTAKE_DEFAULT_MOUNTS) */
    const char *inbox;        /* "": no inbox (the configuration fills INTAKE_DEFAULT_INBOX) */
    const char *store;        /* the content store */
    const char *keys;         /* the trusted keys' folder */
    const char *fonts;        /* fonts.json of the worker's text engine; NULL: the data folder's */
    const char *mountinfo;    /* NULL: /proc/self/mountinfo (tests: "") */
    bool allow_unsigned;
    const char *screen_name;  /* for receipts; NULL: the host name */
    int width, height;        /* the screen's logical size, for the contact sheet */
    float overscan_pct;
};

struct intake;

/* Starts watching and the worker thread; NULL (logged) when neither can start. p and l are
 * borrowed. The intake owns snapshots it queues on p until they play. */
struct intake *intake_new(const struct intake_config *cfg, struct player *p, struct loop *l);
/* Stops the worker (cancelling an import, which then changes nothing) and frees a snapshot still
 * queued on the player. NULL-safe. */
void intake_free(struct intake *u);

/* ---- the on-screen texts (also used by the tests and docs pictures) ---- */

/* The progress strip for an import from a stick or the inbox. */
void intake_notice_progress(enum watch_kind kind, enum import_phase ph, uint64_t done, uint64_t total,
                         struct notice *n);
/* The result card: 已更新：N 个播放列表，M 张幻灯片 (and the signer) or 未更新：reason. pulled: the
 * stick went away during the import (U盘已拔出). */
void intake_notice_result(enum watch_kind kind, const struct import_result *r, bool pulled, struct notice *n);
/* Adds the receipt's line: written (可以拔出U盘) or not (the stick is read-only). */
void intake_notice_receipt(struct notice *n, bool written);
