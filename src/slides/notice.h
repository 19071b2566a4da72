/* notice: the player's messages over the content that keeps playing, as draw ops: the import
 * progress strip, the result card (已更新 / 未更新 with its details and 可以拔出U盘) and the small
 * 未签名内容 tag. Plain data in, draw ops out; when they show is the player's business. */
#pragma once
#include <stdbool.h>

#include "slides/drawlist.h"
#include "slides/slides.h"

enum notice_kind {
    NOTICE_NONE,
    NOTICE_PROGRESS, /* a bundle is being copied and checked: title, detail, progress bar */
    NOTICE_UPDATED,  /* new content installed (green mark) */
    NOTICE_REFUSED,  /* nothing changed, and why (red mark) */
};

#define NOTICE_TEXT_MAX 320

struct notice {
    enum notice_kind kind;
    char title[NOTICE_TEXT_MAX];  /* 正在导入… / 已更新：N 个播放列表，M 张幻灯片 / 未更新：签名无效 */
    char detail[NOTICE_TEXT_MAX]; /* second line: signer, file:line: message, the phase; may be "" */
    char footer[NOTICE_TEXT_MAX]; /* third line, stressed: 可以拔出U盘; may be "" */
    float progress;               /* NOTICE_PROGRESS: 0..1, or < 0 when the total is unknown */
};

/* Adds the card for n (nothing for NULL or NOTICE_NONE) at the foot of the body area, above the
 * hotline strip, and with unsigned_note the 未签名内容 tag in the body's top-right corner. */
void slides_notice(const struct slide_ctx *c, const struct notice *n, bool unsigned_note, struct drawlist *dl);
