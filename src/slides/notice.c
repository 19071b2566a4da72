/* notice: a dark card with a coloured mark on the left (blue: working, green: updated, red: not
 * updated), up to three lines of text and, while importing, a progress bar; a small amber tag for
 * unsigned content. Sizes in units like every slide, so 720p to 4K and portrait share one look. */
#include "slides/notice.h"

#include "slides/metrics.h"

static const struct rgba card_bg = {0x10, 0x14, 0x1c, 0xf4};
static const struct rgba card_text = {0xff, 0xff, 0xff, 0xff};
static const struct rgba card_dim = {0xc8, 0xd0, 0xdc, 0xff};
static const struct rgba mark_work = {0x3d, 0x8b, 0xfd, 0xff};
static const struct rgba mark_ok = {0x2e, 0xb8, 0x62, 0xff};
static const struct rgba mark_bad = {0xe5, 0x48, 0x3c, 0xff};
static const struct rgba footer_ok = {0x7d, 0xe3, 0xa0, 0xff};
static const struct rgba tag_bg = {0xf0, 0xa8, 0x00, 0xf0};
static const struct rgba tag_text = {0x20, 0x18, 0x00, 0xff};

static void unsigned_tag(const struct slide_ctx *c, struct drawlist *dl)
{
    const struct screen_geom *g = c->g;
    float u = g->unit;
    struct text_style ts = sl_style(TEXT_ROLE_BODY, 2.2f * u, true, 1, TEXT_ALIGN_START);
    const char *s = "未签名内容";
    const struct text_layout *l = sl_layout(c, dl, s, &ts, 30 * u, 4 * u);
    if (!l)
        return;
    float pad = 1.0f * u, w = l->width + 2 * pad, h = l->height + pad;
    float x = g->body.x + g->body.w - w, y = g->body.y + 0.5f * u;
    drawlist_rect(dl, x, y, w, h, tag_bg);
    drawlist_text(dl, l, s, x + pad, y + pad / 2, tag_text);
}

void slides_notice(const struct slide_ctx *c, const struct notice *n, bool unsigned_note, struct drawlist *dl)
{
    if (unsigned_note)
        unsigned_tag(c, dl);
    if (!n || n->kind == NOTICE_NONE)
        return;
    const struct screen_geom *g = c->g;
    float u = g->unit;
    float w = g->portrait ? g->body.w : MIN2(g->body.w, MAX2(g->body.w * 0.62f, 90 * u));
    float pad = 2.2f * u, mark = 1.0f * u, inner = w - 2 * pad - mark;
    struct text_style ts = sl_style(TEXT_ROLE_TITLE, 3.4f * u, true, 2, TEXT_ALIGN_START);
    ts.min_size = (int)(2.4f * u);
    struct text_style ds = sl_style(TEXT_ROLE_BODY, 2.4f * u, false, 3, TEXT_ALIGN_START);
    ds.min_size = (int)(1.8f * u);
    struct text_style fs = sl_style(TEXT_ROLE_BODY, 2.8f * u, true, 1, TEXT_ALIGN_START);
    const struct text_layout *tl = sl_layout(c, dl, n->title, &ts, inner, 10 * u);
    const struct text_layout *dlay = n->detail[0] ? sl_layout(c, dl, n->detail, &ds, inner, 9 * u) : NULL;
    const struct text_layout *fl = n->footer[0] ? sl_layout(c, dl, n->footer, &fs, inner, 5 * u) : NULL;
    bool bar = n->kind == NOTICE_PROGRESS;
    float gap = 0.8f * u, bar_h = 1.2f * u;
    float h = 2 * pad + (tl ? tl->height : 0) + (dlay ? gap + dlay->height : 0) + (fl ? gap + fl->height : 0) +
              (bar ? 1.6f * u + bar_h : 0);
    float x = g->body.x + (g->body.w - w) / 2;
    float y = g->body.y + g->body.h - h - 1.0f * u;
    struct rgba mc = n->kind == NOTICE_UPDATED ? mark_ok : n->kind == NOTICE_REFUSED ? mark_bad : mark_work;
    drawlist_rect(dl, x, y, w, h, card_bg);
    drawlist_rect(dl, x, y, mark, h, mc);
    float tx = x + mark + pad, ty = y + pad;
    if (tl) {
        drawlist_text(dl, tl, n->title, tx, ty, card_text);
        ty += tl->height;
    }
    if (dlay) {
        ty += gap;
        drawlist_text(dl, dlay, n->detail, tx, ty, card_dim);
        ty += dlay->height;
    }
    if (fl) {
        ty += gap;
        drawlist_text(dl, fl, n->footer, tx, ty, footer_ok);
        ty += fl->height;
    }
    if (bar) {
        ty += 1.6f * u;
        drawlist_rect(dl, tx, ty, inner, bar_h, sl_alpha(card_dim, 60));
        float f = n->progress < 0 ? 0 : n->progress > 1 ? 1 : n->progress;
        if (f > 0)
            drawlist_rect(dl, tx, ty, inner * f, bar_h, mark_work);
    }
}
