/* usb: the player's side of bundle imports. Watches the mounts folder and the inbox (store/watch)
 * through the event loop, runs each import on one worker thread so frames never wait, shows its
 * progress and result over the content that keeps playing (player notices), queues the new content
 * for the next step boundary, and on a writable stick writes back the receipt and a contact sheet
 * of the new content drawn at this screen's own size. */
#pragma once
#include <stdbool.h>

#include "app/loop.h"
#include "player/player.h"
#include "store/import.h"
#include "store/watch.h"

/* Defaults: where the udev rule's helper mounts sticks (packaging/lobbysign-usb-mount) and the
 * fleet inbox beside the store. */
#define USB_DEFAULT_MOUNTS "/media/lobbysign"
#define USB_DEFAULT_INBOX "/var/lib/lobbysign/inbox"
/* How long a result stays on screen. */
#define USB_RESULT_HOLD_MS 8000

struct usb_config {
    const char *mounts;       /* NULL: USB_DEFAULT_MOUNTS; "": no sticks */
    const char *inbox;        /* NULL: USB_DEFAULT_INBOX; "": no inbox */
    const char *store;        /* NULL: IMPORT_DEFAULT_STORE */
    const char *keys;         /* NULL: IMPORT_DEFAULT_KEYS */
    const char *mountinfo;    /* NULL: /proc/self/mountinfo (tests: "") */
    bool allow_unsigned;
    const char *screen_name;  /* for receipts; NULL: the host name */
    int width, height;        /* the screen's logical size, for the contact sheet */
    float overscan_pct;
};

struct usb;

/* Starts watching and the worker thread; NULL (logged) when neither can start. p and l are
 * borrowed. The usb owns snapshots it queues on p until they play. */
struct usb *usb_new(const struct usb_config *cfg, struct player *p, struct loop *l);
/* Stops the worker (cancelling an import, which then changes nothing) and frees a snapshot still
 * queued on the player. NULL-safe. */
void usb_free(struct usb *u);

/* ---- the on-screen texts (also used by the tests and docs pictures) ---- */

/* The progress strip for an import from a stick or the inbox. */
void usb_notice_progress(enum watch_kind kind, enum import_phase ph, uint64_t done, uint64_t total,
                         struct notice *n);
/* The result card: 已更新：N 个播放列表，M 张幻灯片 (and the signer) or 未更新：reason. pulled: the
 * stick went away during the import (U盘已拔出). */
void usb_notice_result(enum watch_kind kind, const struct import_result *r, bool pulled, struct notice *n);
/* Adds the receipt's line: written (可以拔出U盘) or not (the stick is read-only). */
void usb_notice_receipt(struct notice *n, bool written);
