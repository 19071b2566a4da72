/* hotline: a full contact slide: the number large, its label, the services line, other
 * numbers, and a QR code of the banner's payload (libqrencode; modules drawn as rects). */
#include <math.h>
#include <qrencode.h>

#include "slides/metrics.h"

/* Draws a QR code with a 4-module quiet zone inside a square of at most `side` px at (x, y) (x is
 * the right edge when from_right); returns the side used (0 when the payload cannot be encoded). */
static float qr_draw(struct drawlist *dl, const char *payload, float x, float y, float side, bool from_right)
{
    QRcode *qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return 0;
    int n = qr->width, total = n + 8;
    float m = floorf(side / total);
    if (m < 1)
        m = 1;
    float used = m * total;
    if (from_right)
        x -= used;
    x = roundf(x), y = roundf(y);
    drawlist_rect(dl, x, y, used, used, (struct rgba){255, 255, 255, 255});
    struct rgba ink = {0x10, 0x10, 0x10, 0xff};
    for (int r = 0; r < n; r++) {
        for (int col = 0; col < n;) {
            if (!(qr->data[r * n + col] & 1)) {
                col++;
                continue;
            }
            int run = col;
            while (run < n && (qr->data[r * n + run] & 1))
                run++;
            drawlist_rect(dl, x + (4 + col) * m, y + (4 + r) * m, (run - col) * m, m, ink);
            col = run;
        }
    }
    QRcode_free(qr);
    return used;
}

void hotline_body(const struct slide_ctx *c, const struct slide *s, size_t page, size_t n_pages, uint64_t t_ms,
                  struct rectf r, struct drawlist *dl)
{
    const struct theme *th = c->theme;
    const struct banner *b = c->banner;
    float u = c->g->unit;
    bool portrait = c->g->portrait;
    const char *qr = b ? b->qr : NULL;
    float qr_side = qr ? (portrait ? MIN2(r.w * 0.5f, 42 * u) : MIN2(r.h * 0.62f, 40 * u)) : 0;
    struct rectf col = r;
    if (qr && !portrait)
        col.w = r.w - qr_side - 8 * u;

    float y = r.y + (portrait ? 4 * u : 2 * u);
    size_t first = dl->n;
    struct text_style hs = sl_style(TEXT_ROLE_TITLE, 4.6f * u, true, 1, TEXT_ALIGN_START);
    const char *heading = s->title ? s->title : "投资咨询热线";
    const struct text_layout *hl = sl_text(c, dl, heading, &hs, (struct rectf){col.x, y, col.w, 7 * u}, th->text);
    y += (hl ? hl->height : 0) + 2 * u;
    drawlist_rect(dl, col.x, y, 10 * u, MAX2(1.0f, roundf(0.4f * u)), th->accent);
    y += 4 * u;
    if (!b || b->n_entries == 0)
        return;

    const struct hotline_entry *e = &b->entries[0];
    struct text_style ls = sl_style(TEXT_ROLE_BODY, 3.4f * u, false, 1, TEXT_ALIGN_START);
    const struct text_layout *ll = sl_text(c, dl, e->label, &ls, (struct rectf){col.x, y, col.w, 5 * u}, th->muted);
    y += (ll ? ll->height : 0) + 1.0f * u;
    struct text_style ns = sl_style(TEXT_ROLE_FIGURE, portrait ? 10 * u : 12 * u, true, 1, TEXT_ALIGN_START);
    ns.min_size = (int)(5 * u);
    const struct text_layout *nl = sl_text(c, dl, e->number, &ns, (struct rectf){col.x, y, col.w, 16 * u}, th->accent);
    y += (nl ? nl->height : 0) + 3 * u;

    if (b->services && *b->services) {
        /* One line, a little smaller if need be; two lines only when that is not enough. */
        struct text_style ss = sl_style(TEXT_ROLE_BODY, 3.2f * u, false, 1, TEXT_ALIGN_START);
        ss.min_size = (int)(2.6f * u);
        const struct text_layout *sl = sl_layout(c, dl, b->services, &ss, col.w, 6 * u);
        if (sl && sl->ellipsized) {
            ss.max_lines = 2, ss.min_size = 0, ss.line_height = 1.5f;
            sl = sl_layout(c, dl, b->services, &ss, col.w, 11 * u);
        }
        if (sl)
            drawlist_text(dl, sl, b->services, col.x, y, th->text);
        y += (sl ? sl->height : 0) + 4 * u;
    }
    for (size_t i = 1; i < b->n_entries && y < r.y + r.h - 6 * u; i++) {
        const struct hotline_entry *o = &b->entries[i];
        struct text_style os = sl_style(TEXT_ROLE_BODY, 3.0f * u, false, 1, TEXT_ALIGN_START);
        const struct text_layout *ol = sl_layout(c, dl, o->label, &os, col.w * 0.5f, 5 * u);
        struct text_style on = sl_style(TEXT_ROLE_FIGURE, 4.4f * u, true, 1, TEXT_ALIGN_START);
        const struct text_layout *onl = sl_layout(c, dl, o->number, &on, col.w * 0.5f, 7 * u);
        if (!onl)
            continue;
        float base = y + onl->lines[0].baseline;
        if (ol)
            drawlist_text(dl, ol, o->label, col.x, sl_top_for_baseline(ol, base), th->muted);
        drawlist_text(dl, onl, o->number, col.x + (ol ? ol->width + 2.5f * u : 0), y, th->text);
        y += onl->height + 2 * u;
    }
    if (!portrait) /* centre the column on a wide screen */
        drawlist_shift(dl, first, 0, MAX2(0.0f, (r.y + r.h - y) / 2 - u));

    if (qr) {
        float qx, qy;
        if (portrait) {
            qx = r.x; /* on the text's left edge: one grid line */
            qy = y + 3 * u;
            if (qy + qr_side + 5 * u > r.y + r.h)
                return; /* no room: the numbers matter more */
        } else {
            qx = r.x + r.w;
            qy = r.y + (r.h - qr_side - 6 * u) / 2;
        }
        float used = qr_draw(dl, qr, qx, qy, qr_side, !portrait);
        if (!portrait)
            qx -= used;
        if (used > 0) {
            struct text_style cs = sl_style(TEXT_ROLE_BODY, 2.6f * u, false, 1, TEXT_ALIGN_CENTER);
            sl_text(c, dl, "扫码咨询", &cs, (struct rectf){qx, qy + used + 1.5f * u, used, 4 * u}, th->muted);
            y = qy + used + 6 * u;
        }
    }
    if (portrait) /* the whole group a little above the middle of a tall screen */
        drawlist_shift(dl, first, 0, roundf(MAX2(0.0f, (r.y + r.h - y) * 0.35f)));
}
