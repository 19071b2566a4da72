/* headlines: a board of headlines with dates, one page per cursor step ("第 2/5 页"). */
#include <stdio.h>

#include "slides/metrics.h"

void headlines_body(const struct slide_ctx *c, const struct slide *s, size_t page, size_t n_pages, uint64_t t_ms,
                    struct rectf r, struct drawlist *dl)
{
    const struct theme *th = c->theme;
    float u = c->g->unit;
    size_t per = slide_per_page(s); /* as slide_page_count() counts pages */
    char pg[64] = "";
    if (n_pages > 1)
        snprintf(pg, sizeof pg, "第 %zu/%zu 页", page + 1, n_pages);
    float y = sl_heading(c, s->title ? s->title : "最新动态", n_pages > 1 ? pg : NULL, r, dl);
    float avail = r.y + r.h - y;
    float row = MIN2(avail / per, (c->g->portrait ? 24.0f : 12.5f) * u);
    float line = MAX2(1.0f, roundf(0.12f * u));
    size_t first = page * per;
    bool portrait = c->g->portrait;
    float date_w = portrait ? 0 : 17 * u;
    for (size_t i = 0; i < per && first + i < s->n_items; i++) {
        const struct headline_item *it = &s->items[first + i];
        float ry = y + i * row;
        if (i % 2 == 0)
            drawlist_rect(dl, r.x, ry, r.w, row - line, sl_alpha(th->surface, 150));
        drawlist_rect(dl, r.x, ry + row - line, r.w, line, sl_alpha(th->muted, 60));
        drawlist_rect(dl, r.x, ry + row * 0.3f, 0.5f * u, row * 0.4f - line, th->accent);
        float pad = 2.6f * u;
        float tx = r.x + pad + date_w;
        float tsize = portrait ? 3.9f * u : 3.4f * u;
        int lines = portrait ? 2 : 1;
        struct text_style ts = sl_style(TEXT_ROLE_TITLE, tsize, false, lines, TEXT_ALIGN_START);
        ts.min_size = (int)(2.8f * u);
        ts.line_height = 1.25f;
        char buf[1024];
        if (it->source && *it->source)
            snprintf(buf, sizeof buf, "【%s】%s", it->source, it->title);
        else
            snprintf(buf, sizeof buf, "%s", it->title);
        float date_h = portrait ? 4.2f * u : 0;
        const struct text_layout *tl = sl_layout(c, dl, buf, &ts, r.x + r.w - pad - tx, row - date_h - 2 * u);
        float content_h = (tl ? tl->height : tsize) + date_h;
        float top = ry + (row - line - content_h) / 2;
        if (tl)
            drawlist_text(dl, tl, buf, tx, top, th->text);
        if (it->date) {
            struct text_style ds = sl_style(TEXT_ROLE_FIGURE, 2.6f * u, false, 1, TEXT_ALIGN_START);
            const struct text_layout *dlay = sl_layout(c, dl, it->date, &ds, 16 * u, 4 * u);
            if (dlay && tl) {
                if (portrait)
                    drawlist_text(dl, dlay, it->date, tx, top + tl->height + 0.6f * u, th->muted);
                else
                    drawlist_text(dl, dlay, it->date, r.x + pad,
                                  sl_top_for_baseline(dlay, top + tl->lines[0].baseline), th->muted);
            }
        }
    }
}
