/* banner: the hotline strip across the bottom of every slide: the hotline numbers, and either the
 * ticker (scrolling smoothly from the monotonic clock, repeated with a gap so the strip is never
 * empty) or the services line. */
#include <math.h>

#include "slides/metrics.h"

#define TICKER_UNITS_PER_S 9.0f /* about 100 px/s at 1080p */

void slides_banner(const struct slide_ctx *c, uint64_t now_ms, struct drawlist *dl)
{
    const struct banner *b = c->banner;
    if (!b || b->n_entries == 0)
        return;
    const struct screen_geom *g = c->g;
    const struct theme *th = c->theme;
    float u = g->unit;
    struct rectf r = g->banner;
    drawlist_rect(dl, 0, g->banner_top, (float)g->w, g->h - g->banner_top, th->banner_bg);
    drawlist_rect(dl, 0, g->banner_top, (float)g->w, MAX2(1.0f, roundf(0.3f * u)), th->accent);

    /* Row of hotline entries: label above, number below. */
    float row_h = g->portrait ? r.h * 0.55f : r.h;
    float x = r.x;
    size_t n = b->n_entries > 3 ? 3 : b->n_entries;
    float entry_max = (g->portrait ? r.w : r.w * 0.5f) / n;
    for (size_t i = 0; i < n; i++) {
        const struct hotline_entry *e = &b->entries[i];
        struct text_style ls = sl_style(TEXT_ROLE_BODY, 2.2f * u, false, 1, TEXT_ALIGN_START);
        struct text_style ns = sl_style(TEXT_ROLE_FIGURE, 4.0f * u, true, 1, TEXT_ALIGN_START);
        ns.min_size = (int)(2.8f * u);
        const struct text_layout *ll = sl_layout(c, dl, e->label, &ls, entry_max - 3 * u, 4 * u);
        const struct text_layout *nl = sl_layout(c, dl, e->number, &ns, entry_max - 3 * u, 6 * u);
        float h = (ll ? ll->height : 0) + (nl ? nl->height : 0) + 0.4f * u;
        float top = r.y + (row_h - h) / 2 + 0.2f * u;
        if (ll)
            drawlist_text(dl, ll, e->label, x, top, sl_alpha(th->banner_text, 210));
        if (nl)
            drawlist_text(dl, nl, e->number, x, top + (ll ? ll->height + 0.4f * u : 0), th->banner_text);
        float w = MAX2(ll ? ll->width : 0, nl ? nl->width : 0);
        x += w + 4 * u;
    }

    /* The moving (or static) line: right of the numbers, or under them on a portrait screen. */
    struct rectf t;
    if (g->portrait) {
        t = (struct rectf){r.x, r.y + row_h, r.w, r.h - row_h - 1.5f * u};
        drawlist_rect(dl, r.x, t.y, r.w, MAX2(1.0f, roundf(0.12f * u)), sl_alpha(th->banner_text, 70));
    } else {
        float sep = x - 2 * u;
        drawlist_rect(dl, sep, r.y + r.h * 0.25f, MAX2(1.0f, roundf(0.12f * u)), r.h * 0.5f,
                      sl_alpha(th->banner_text, 90));
        t = (struct rectf){x, r.y, r.x + r.w - x, r.h};
    }
    if (t.w < 6 * u)
        return;
    struct text_style ts = sl_style(TEXT_ROLE_BODY, 3.0f * u, false, 1, TEXT_ALIGN_START);
    const char *line = b->ticker && *b->ticker ? b->ticker : b->services;
    if (!line || !*line)
        return;
    if (!b->ticker || !*b->ticker) {
        ts.min_size = (int)(2.2f * u);
        const struct text_layout *sl = sl_layout(c, dl, line, &ts, t.w, t.h);
        if (sl)
            drawlist_text(dl, sl, line, t.x, t.y + (t.h - sl->height) / 2, sl_alpha(th->banner_text, 230));
        return;
    }
    float tw = sl_measure(c, line, &ts);
    const struct text_layout *tl = sl_layout(c, dl, line, &ts, ceilf(tw) + 2 * u, ts.size * 2.0f);
    if (!tl || tl->n_lines == 0)
        return;
    float period = tl->width + 10 * u;
    double px = (double)now_ms * TICKER_UNITS_PER_S * u / 1000.0;
    float off = (float)fmod(px, period);
    float top = t.y + (t.h - tl->height) / 2;
    drawlist_clip(dl, t.x, t.y, t.w, t.h);
    for (float xx = t.x - off; xx < t.x + t.w; xx += period)
        drawlist_text(dl, tl, line, xx, top, th->banner_text);
    drawlist_unclip(dl);
    dl->moving = true;
}
