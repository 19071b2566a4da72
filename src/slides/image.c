/* image: a PNG/JPEG asset, letterboxed (contain) or filled and cropped (cover), with an optional
 * caption: under the picture when letterboxed, on a translucent band over it when filled. An
 * image that cannot be loaded draws nothing here; the player marks that slide unshowable before
 * it is ever shown. */
#include "slides/metrics.h"

void image_body(const struct slide_ctx *c, const struct slide *s, size_t page, size_t n_pages, uint64_t t_ms,
                struct rectf r, struct drawlist *dl)
{
    const struct theme *th = c->theme;
    float u = c->g->unit;
    const struct text_layout *cl = NULL;
    struct text_style cs = sl_style(TEXT_ROLE_BODY, 3.0f * u, false, 2, TEXT_ALIGN_START);
    if (s->caption && *s->caption)
        cl = sl_layout(c, dl, s->caption, &cs, r.w - 6 * u, 9 * u);
    if (s->fit == FIT_CONTAIN) {
        float ch = cl ? cl->height + 3.2f * u : 0;
        size_t first = dl->n;
        if (!sl_image(c, dl, s->image, s->fit, (struct rectf){r.x, r.y, r.w, r.h - ch}))
            return;
        if (!cl)
            return;
        const struct draw_op *img = &dl->ops[first];
        float y = img->y + img->h + 3.2f * u;
        cs.align = TEXT_ALIGN_CENTER;
        cl = sl_layout(c, dl, s->caption, &cs, r.w - 6 * u, 9 * u);
        drawlist_rect(dl, r.x + r.w / 2 - 3 * u, y - 1.6f * u, 6 * u, MAX2(1.0f, roundf(0.3f * u)), th->accent);
        drawlist_text(dl, cl, s->caption, r.x + 3 * u, y, th->text);
        return;
    }
    if (!sl_image(c, dl, s->image, s->fit, r) || !cl)
        return;
    float bh = cl->height + 3 * u;
    drawlist_rect(dl, r.x, r.y + r.h - bh, r.w, bh, sl_alpha(th->background, 210));
    drawlist_rect(dl, r.x, r.y + r.h - bh, 0.6f * u, bh, th->accent);
    drawlist_text(dl, cl, s->caption, r.x + 3 * u, r.y + r.h - bh + 1.5f * u, th->text);
}
