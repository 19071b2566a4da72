/* headline: one news item: source tag, fitted title, date, a few lines of summary; on a wide
 * screen a side panel repeats the date large with the source. */
#include <stdio.h>
#include <string.h>

#include "slides/metrics.h"

/* The side panel: publication date (month.day large, year under it) and the source. */
static void side_panel(const struct slide_ctx *c, const struct headline_item *it, struct rectf p, struct drawlist *dl)
{
    const struct theme *th = c->theme;
    float u = c->g->unit;
    drawlist_rect(dl, p.x, p.y, p.w, p.h, th->surface);
    drawlist_rect(dl, p.x, p.y, MAX2(1.0f, roundf(0.5f * u)), p.h, th->accent);
    float pad = 4 * u, x = p.x + pad, w = p.w - 2 * pad, y = p.y + pad;
    struct text_style ks = sl_style(TEXT_ROLE_BODY, 2.4f * u, false, 1, TEXT_ALIGN_START);
    if (it->date && strlen(it->date) == 10) {
        const struct text_layout *kl = sl_text(c, dl, "发布日期", &ks, (struct rectf){x, y, w, 4 * u}, th->muted);
        y += (kl ? kl->height : 0) + 1.5f * u;
        char md[8], yr[8];
        snprintf(md, sizeof md, "%.2s.%.2s", it->date + 5, it->date + 8);
        snprintf(yr, sizeof yr, "%.4s", it->date);
        struct text_style ds = sl_style(TEXT_ROLE_FIGURE, 10 * u, true, 1, TEXT_ALIGN_START);
        ds.min_size = (int)(5 * u);
        const struct text_layout *dl1 = sl_text(c, dl, md, &ds, (struct rectf){x, y, w, 13 * u}, th->accent);
        y += (dl1 ? dl1->height : 0) + 0.5f * u;
        struct text_style ys = sl_style(TEXT_ROLE_FIGURE, 4 * u, false, 1, TEXT_ALIGN_START);
        const struct text_layout *yl = sl_text(c, dl, yr, &ys, (struct rectf){x, y, w, 6 * u}, th->text);
        y += (yl ? yl->height : 0) + 4 * u;
        drawlist_rect(dl, x, y, w, MAX2(1.0f, roundf(0.12f * u)), sl_alpha(th->muted, 80));
        y += 4 * u;
    }
    if (it->source && *it->source) {
        const struct text_layout *kl = sl_text(c, dl, "来源", &ks, (struct rectf){x, y, w, 4 * u}, th->muted);
        y += (kl ? kl->height : 0) + 1.5f * u;
        struct text_style ss = sl_style(TEXT_ROLE_TITLE, 3.6f * u, true, 2, TEXT_ALIGN_START);
        sl_text(c, dl, it->source, &ss, (struct rectf){x, y, w, 10 * u}, th->text);
    }
}

void headline_body(const struct slide_ctx *c, const struct slide *s, size_t page, size_t n_pages, uint64_t t_ms,
                   struct rectf r, struct drawlist *dl)
{
    if (s->n_items == 0)
        return;
    const struct headline_item *it = &s->items[0];
    const struct theme *th = c->theme;
    float u = c->g->unit;
    bool portrait = c->g->portrait;
    bool panel = !portrait && ((it->date && strlen(it->date) == 10) || (it->source && *it->source));
    if (panel) {
        float pw = roundf(r.w * 0.27f);
        side_panel(c, it, (struct rectf){r.x + r.w - pw, r.y, pw, r.h}, dl);
        r.w -= pw + 6 * u;
    }
    float y = r.y + (portrait ? 2 * u : 1 * u);
    size_t first = dl->n;

    if (it->source && *it->source) {
        char tag[256];
        snprintf(tag, sizeof tag, "【%s】", it->source);
        struct text_style ts = sl_style(TEXT_ROLE_TITLE, 2.8f * u, true, 1, TEXT_ALIGN_START);
        const struct text_layout *tl = sl_layout(c, dl, tag, &ts, r.w, 5 * u);
        if (tl) {
            drawlist_rect(dl, r.x, y, tl->width + 1.6f * u, tl->height + 1.0f * u, th->accent);
            drawlist_text(dl, tl, tag, r.x + 0.8f * u, y + 0.5f * u, th->background);
            y += tl->height + 1.0f * u + 3 * u;
        }
    }

    float tsize = portrait ? 6.2f * u : 6.4f * u;
    int tlines = portrait ? 4 : 3;
    struct text_style ts = sl_style(TEXT_ROLE_TITLE, tsize, true, tlines, TEXT_ALIGN_START);
    ts.min_size = (int)(4.2f * u);
    ts.line_height = 1.28f;
    const struct text_layout *tl =
        sl_text(c, dl, it->title, &ts, (struct rectf){r.x, y, r.w, tsize * 1.28f * tlines + u}, th->text);
    y += (tl ? tl->height : tsize) + 3 * u;

    if (it->date && *it->date) {
        float dh = 2.8f * u;
        drawlist_rect(dl, r.x, y + dh * 0.55f, 3.2f * u, MAX2(1.0f, roundf(0.3f * u)), th->accent);
        struct text_style ds = sl_style(TEXT_ROLE_FIGURE, dh, false, 1, TEXT_ALIGN_START);
        const struct text_layout *dlay =
            sl_text(c, dl, it->date, &ds, (struct rectf){r.x + 4.6f * u, y, r.w / 2, 2 * dh}, th->muted);
        y += (dlay ? dlay->height : dh) + 4 * u;
    }

    if (it->summary && *it->summary && y < r.y + r.h - 4 * u) {
        float bs = 3.4f * u;
        struct text_style bst = sl_style(TEXT_ROLE_BODY, bs, false, 0, TEXT_ALIGN_JUSTIFY);
        bst.line_height = 1.65f;
        const struct text_layout *sl = sl_text(c, dl, it->summary, &bst, (struct rectf){r.x, y, r.w, r.y + r.h - y},
                                               sl_mix(th->text, th->muted, 0.2f));
        y += sl ? sl->height : 0;
    }
    /* A short story sits a little above the middle (the optical centre), not stuck to the top. */
    float spare = r.y + r.h - y;
    if (spare > 0)
        drawlist_shift(dl, first, 0, roundf(spare * (portrait ? 0.3f : 0.25f)));
}
