/* slides: the frame around every slide (background, header band) and dispatch by kind. */
#include "slides/slides.h"

#include <assert.h>
#include <stdio.h>

#include "slides/metrics.h"

#include "core/util.h"

void slide_ctx_for_playlist(struct slide_ctx *c, const struct playlist *pl)
{
    c->theme = &pl->theme;
    c->banner = &pl->banner;
    c->title = pl->title;
    c->updated = pl->updated;
}

void slides_chrome(const struct slide_ctx *c, struct drawlist *dl)
{
    const struct screen_geom *g = c->g;
    const struct theme *th = c->theme;
    float u = g->unit;
    drawlist_rect(dl, 0, 0, (float)g->w, (float)g->h, th->background);
    struct rectf hd = g->header;
    float x = hd.x;
    if (th->logo) {
        float lh = 6.4f * u;
        struct rectf box = {x, hd.y + (hd.h - lh) / 2, 30 * u, lh};
        int iw = 0, ih = 0;
        if (c->image_size && c->image_size(c->image_ctx, th->logo, &iw, &ih) && iw > 0 && ih > 0) {
            float w = MIN2(box.w, lh * iw / ih);
            box.w = w;
            if (sl_image(c, dl, th->logo, FIT_CONTAIN, box))
                x += w + 2.4f * u;
        }
    }
    float date_w = 0;
    if (c->updated) {
        char buf[64];
        snprintf(buf, sizeof buf, "数据更新于 %s", c->updated);
        struct text_style ds = sl_style(TEXT_ROLE_BODY, 2.2f * u, false, 1, TEXT_ALIGN_END);
        const struct text_layout *dlay = sl_layout(c, dl, buf, &ds, hd.w * 0.3f, hd.h);
        if (dlay) {
            float top = sl_top_for_baseline(dlay, hd.y + hd.h / 2 + 0.8f * u);
            drawlist_text(dl, dlay, buf, hd.x + hd.w * 0.7f, top, th->muted);
            date_w = hd.w * 0.3f;
        }
    }
    if (c->title) {
        struct text_style ts = sl_style(TEXT_ROLE_TITLE, 3.4f * u, true, 1, TEXT_ALIGN_START);
        ts.min_size = (int)(2.4f * u);
        const struct text_layout *tl = sl_layout(c, dl, c->title, &ts, hd.x + hd.w - date_w - x - 2 * u, hd.h);
        if (tl) {
            float top = sl_top_for_baseline(tl, hd.y + hd.h / 2 + tl->ascent * 0.4f);
            drawlist_text(dl, tl, c->title, x, top, th->text);
        }
    }
    if (!c->title && !c->updated && !th->logo)
        return; /* nothing to set apart (the fallback with no content) */
    /* A hairline rule under the header with a short accent segment. */
    float ry = hd.y + hd.h + 1.2f * u, th_line = MAX2(1.0f, roundf(0.12f * u));
    drawlist_rect(dl, hd.x, ry, hd.w, th_line, sl_alpha(th->muted, 90));
    drawlist_rect(dl, hd.x, ry - roundf(0.2f * u), 12 * u, th_line + 2 * roundf(0.2f * u), th->accent);
}

static void body_background(const struct slide_ctx *c, struct drawlist *dl)
{
    const struct screen_geom *g = c->g;
    float top = g->header.y + g->header.h + 1.2f * g->unit + MAX2(1.0f, roundf(0.12f * g->unit)) +
                roundf(0.2f * g->unit) + 1;
    drawlist_rect(dl, 0, top, (float)g->w, g->banner_top - top, c->theme->background);
}

/* One row per slide kind (adding a kind: docs/architecture.md). */
static slide_body_fn *const kind_bodies[] = {
    [SLIDE_HEADLINE] = headline_body, [SLIDE_HEADLINES] = headlines_body, [SLIDE_KPI] = kpi_body,
    [SLIDE_HOTLINE] = hotline_body,   [SLIDE_IMAGE] = image_body,
};
static_assert(ALEN(kind_bodies) == SLIDE_KIND_COUNT, "a body function for every slide kind");

void slides_body(const struct slide_ctx *c, const struct slide *s, size_t page, size_t n_pages,
                 uint64_t t_ms, struct drawlist *dl)
{
    body_background(c, dl);
    struct rectf r = c->g->body;
    if ((unsigned)s->kind < SLIDE_KIND_COUNT)
        kind_bodies[s->kind](c, s, page, n_pages, t_ms, r, dl);
}

void slides_fallback(const struct slide_ctx *c, struct drawlist *dl)
{
    body_background(c, dl);
    const struct screen_geom *g = c->g;
    const struct theme *th = c->theme;
    float u = g->unit;
    struct rectf r = g->body;
    /* Drawn with whatever font opens: without a Chinese font (the log says so at start-up), the
     * words are English rather than boxes, and the hotline's number still shows. */
    bool cjk = text_can_draw(c->te, TEXT_ROLE_TITLE, 0x6B22 /* 欢 */);
    float y = r.y + r.h * (c->banner && c->banner->n_entries ? 0.18f : 0.32f);
    struct text_style ws = sl_style(TEXT_ROLE_TITLE, 8 * u, true, 1, TEXT_ALIGN_CENTER);
    const struct text_layout *wl =
        sl_text(c, dl, cjk ? "欢迎莅临" : "Welcome", &ws, (struct rectf){r.x, y, r.w, 11 * u}, th->text);
    y += (wl ? wl->height : 8 * u) + 2.5f * u;
    drawlist_rect(dl, r.x + r.w / 2 - 5 * u, y, 10 * u, MAX2(1.0f, roundf(0.35f * u)), th->accent);
    y += 3.5f * u;
    struct text_style ss = sl_style(TEXT_ROLE_BODY, 3 * u, false, 1, TEXT_ALIGN_CENTER);
    const struct text_layout *sl = sl_text(c, dl, cjk ? "内容更新中，敬请稍候" : "Content is being updated", &ss,
                                           (struct rectf){r.x, y, r.w, 5 * u}, th->muted);
    y += (sl ? sl->height : 3 * u) + 6 * u;
    if (!c->banner || c->banner->n_entries == 0)
        return;
    const struct hotline_entry *e = &c->banner->entries[0];
    struct text_style ls = sl_style(TEXT_ROLE_BODY, 3.2f * u, false, 1, TEXT_ALIGN_CENTER);
    const struct text_layout *ll = cjk ? sl_text(c, dl, e->label, &ls, (struct rectf){r.x, y, r.w, 5 * u}, th->muted)
                                       : NULL;
    y += (ll ? ll->height : 0) + 1.5f * u;
    struct text_style ns = sl_style(TEXT_ROLE_FIGURE, 9 * u, true, 1, TEXT_ALIGN_CENTER);
    ns.min_size = (int)(4 * u);
    sl_text(c, dl, e->number, &ns, (struct rectf){r.x, y, r.w, 12 * u}, th->accent);
}
