/* image: a PNG/JPEG asset, letterboxed (contain) or filled and cropped (cover), with an optional
 * caption on a translucent band. An image that cannot be loaded draws nothing here; the player
 * marks that slide unshowable before it is ever shown. */
#include "slides/metrics.h"

void image_body(const struct slide_ctx *c, const struct slide *s, struct rectf r, struct drawlist *dl)
{
    const struct theme *th = c->theme;
    float u = c->g->unit;
    if (!sl_image(c, dl, s->image, s->fit, r))
        return;
    if (s->caption && *s->caption) {
        struct text_style cs = sl_style(TEXT_ROLE_BODY, 3.0f * u, false, 2, TEXT_ALIGN_START);
        const struct text_layout *cl = sl_layout(c, s->caption, &cs, r.w - 6 * u, 9 * u);
        if (!cl)
            return;
        float bh = cl->height + 3 * u;
        drawlist_rect(dl, r.x, r.y + r.h - bh, r.w, bh, sl_alpha(th->background, 200));
        drawlist_rect(dl, r.x, r.y + r.h - bh, 0.6f * u, bh, th->accent);
        drawlist_text(dl, cl, s->caption, r.x + 3 * u, r.y + r.h - bh + 1.5f * u, th->text);
    }
}
