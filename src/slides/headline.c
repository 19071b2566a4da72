/* headline: one news item: source tag, fitted title, date, a few lines of summary. */
#include <stdio.h>

#include "slides/metrics.h"

void headline_body(const struct slide_ctx *c, const struct slide *s, struct rectf r, struct drawlist *dl)
{
    if (s->n_items == 0)
        return;
    const struct headline_item *it = &s->items[0];
    const struct theme *th = c->theme;
    float u = c->g->unit;
    bool portrait = c->g->portrait;
    float y = r.y + (portrait ? 2 * u : 1 * u);

    if (it->source && *it->source) {
        char tag[256];
        snprintf(tag, sizeof tag, "【%s】", it->source);
        struct text_style ts = sl_style(TEXT_ROLE_TITLE, 3.0f * u, true, 1, TEXT_ALIGN_START);
        const struct text_layout *tl = sl_layout(c, tag, &ts, r.w, 5 * u);
        if (tl) {
            /* The tag sits on a tinted pill; the bracket glyphs carry their own side bearing. */
            drawlist_rect(dl, r.x, y, tl->width + 1.2f * u, tl->height + 1.0f * u, sl_alpha(th->accent, 40));
            drawlist_text(dl, tl, tag, r.x + 0.1f * u, y + 0.5f * u, th->accent);
            y += tl->height + 1.0f * u + 3 * u;
        }
    }

    float tsize = portrait ? 6.2f * u : 6.6f * u;
    int tlines = portrait ? 4 : 2;
    struct text_style ts = sl_style(TEXT_ROLE_TITLE, tsize, true, tlines, TEXT_ALIGN_START);
    ts.min_size = (int)(4.2f * u);
    ts.line_height = 1.28f;
    const struct text_layout *tl = sl_text(c, dl, it->title, &ts, (struct rectf){r.x, y, r.w, tsize * 1.28f * tlines + u},
                                           th->text);
    y += (tl ? tl->height : tsize) + 3 * u;

    if (it->date && *it->date) {
        float dh = 2.8f * u;
        drawlist_rect(dl, r.x, y + dh * 0.55f, 3.2f * u, MAX2(1.0f, roundf(0.3f * u)), th->accent);
        struct text_style ds = sl_style(TEXT_ROLE_FIGURE, dh, false, 1, TEXT_ALIGN_START);
        const struct text_layout *dlay = sl_text(c, dl, it->date, &ds, (struct rectf){r.x + 4.6f * u, y, r.w / 2, 2 * dh},
                                                 th->muted);
        y += (dlay ? dlay->height : dh) + 4 * u;
    }

    if (it->summary && *it->summary && y < r.y + r.h - 4 * u) {
        float bs = portrait ? 3.4f * u : 3.2f * u;
        struct text_style bst = sl_style(TEXT_ROLE_BODY, bs, false, 0, TEXT_ALIGN_JUSTIFY);
        bst.line_height = 1.65f;
        /* A comfortable measure: about 36 characters per line on a wide screen. */
        float w = portrait ? r.w : MIN2(r.w, 36 * bs);
        sl_text(c, dl, it->summary, &bst, (struct rectf){r.x, y, w, r.y + r.h - y}, sl_mix(th->text, th->muted, 0.25f));
    }
}
