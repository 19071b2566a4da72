/* metrics: screen geometry and the small helpers every slide file uses. */
#include "slides/metrics.h"

#include <math.h>

void screen_geom_init(struct screen_geom *g, int w, int h, float overscan_pct)
{
    if (overscan_pct < 0)
        overscan_pct = 0;
    if (overscan_pct > 20)
        overscan_pct = 20;
    float ox = floorf(w * overscan_pct / 100.0f), oy = floorf(h * overscan_pct / 100.0f);
    g->w = w, g->h = h;
    g->portrait = h > w;
    g->safe = (struct rectf){ox, oy, w - 2 * ox, h - 2 * oy};
    float u = MIN2(g->safe.w, g->safe.h) / 100.0f;
    g->unit = u;
    float mx = 5 * u;
    g->header = (struct rectf){g->safe.x + mx, g->safe.y + 3 * u, g->safe.w - 2 * mx, 8 * u};
    float bh = g->portrait ? 17 * u : 11 * u;
    g->banner_top = g->safe.y + g->safe.h - bh;
    g->banner = (struct rectf){g->safe.x + mx, g->banner_top, g->safe.w - 2 * mx, bh};
    float top = g->header.y + g->header.h + 5 * u;
    g->body = (struct rectf){g->safe.x + mx, top, g->safe.w - 2 * mx, g->banner_top - 4 * u - top};
}

struct text_style sl_style(enum text_role role, float size_px, bool bold, int max_lines, enum text_align align)
{
    int size = (int)lroundf(size_px);
    if (size < 6)
        size = 6;
    return (struct text_style){
        .role = role, .bold = bold, .size = size, .min_size = 0, .line_height = 0,
        .max_lines = max_lines, .align = align, .family = NULL,
    };
}

/* st with the theme's family for its role (theme.fonts) when st names none. */
static struct text_style themed(const struct slide_ctx *c, const struct text_style *st)
{
    struct text_style t = *st;
    if (!t.family && c->theme) {
        const struct theme_fonts *f = &c->theme->fonts;
        t.family = t.role == TEXT_ROLE_TITLE ? f->title : t.role == TEXT_ROLE_FIGURE ? f->figure : f->body;
    }
    return t;
}

const struct text_layout *sl_layout(const struct slide_ctx *c, struct drawlist *dl, const char *s,
                                    const struct text_style *st, float w, float h)
{
    if (!s || !*s || w < 1 || h < 1)
        return NULL;
    (void)dl; /* layouts never move (text.h): nothing to keep in the list */
    struct text_style t = themed(c, st);
    return text_layout(c->te, s, &t, (int)w, (int)h);
}

float sl_measure(const struct slide_ctx *c, const char *s, const struct text_style *st)
{
    struct text_style t = themed(c, st);
    return text_measure(c->te, s, &t);
}

const struct text_layout *sl_text(const struct slide_ctx *c, struct drawlist *dl, const char *s,
                                  const struct text_style *st, struct rectf box, struct rgba col)
{
    const struct text_layout *lay = sl_layout(c, dl, s, st, box.w, box.h);
    if (lay)
        drawlist_text(dl, lay, s, box.x, box.y, col);
    return lay;
}

float sl_top_for_baseline(const struct text_layout *lay, float baseline_y)
{
    if (!lay || lay->n_lines == 0)
        return baseline_y;
    return baseline_y - lay->lines[0].baseline;
}

struct rgba sl_alpha(struct rgba c, uint8_t a)
{
    c.a = (uint8_t)(c.a * a / 255);
    return c;
}

struct rgba sl_mix(struct rgba a, struct rgba b, float t)
{
    return (struct rgba){
        (uint8_t)lroundf(a.r + (b.r - a.r) * t), (uint8_t)lroundf(a.g + (b.g - a.g) * t),
        (uint8_t)lroundf(a.b + (b.b - a.b) * t), (uint8_t)lroundf(a.a + (b.a - a.a) * t),
    };
}

bool sl_image(const struct slide_ctx *c, struct drawlist *dl, const char *path, enum image_fit fit,
              struct rectf box)
{
    int iw = 0, ih = 0;
    if (!path || !c->image_size || !c->image_size(c->image_ctx, path, &iw, &ih) || iw <= 0 || ih <= 0)
        return false;
    float src[4] = {0, 0, (float)iw, (float)ih}, dst[4] = {box.x, box.y, box.w, box.h};
    float sx = box.w / iw, sy = box.h / ih;
    if (fit == FIT_CONTAIN) {
        float s = MIN2(sx, sy);
        dst[2] = roundf(iw * s), dst[3] = roundf(ih * s);
        dst[0] = roundf(box.x + (box.w - dst[2]) / 2), dst[1] = roundf(box.y + (box.h - dst[3]) / 2);
    } else {
        float s = MAX2(sx, sy);
        src[2] = box.w / s, src[3] = box.h / s;
        src[0] = (iw - src[2]) / 2, src[1] = (ih - src[3]) / 2;
    }
    drawlist_image(dl, path, src, dst);
    return true;
}

float sl_heading(const struct slide_ctx *c, const char *title, const char *right, struct rectf r,
                 struct drawlist *dl)
{
    float u = c->g->unit;
    if (!title && !right)
        return r.y;
    float size = 4.2f * u;
    struct text_style ts = sl_style(TEXT_ROLE_TITLE, size, true, 1, TEXT_ALIGN_START);
    ts.min_size = (int)(3 * u);
    float bar = 0.8f * u;
    const struct text_layout *tl = sl_layout(c, dl, title, &ts, r.w * 0.75f - 2.5f * u, size * 1.5f);
    float base = r.y + (tl && tl->n_lines ? tl->lines[0].baseline : size);
    if (tl) {
        drawlist_rect(dl, r.x, base - tl->ascent * 0.85f, bar, tl->ascent * 0.85f + tl->descent * 0.3f,
                      c->theme->accent);
        drawlist_text(dl, tl, title, r.x + bar + 1.7f * u, r.y, c->theme->text);
    }
    if (right) {
        struct text_style rs = sl_style(TEXT_ROLE_BODY, 2.6f * u, false, 1, TEXT_ALIGN_END);
        const struct text_layout *rl = sl_layout(c, dl, right, &rs, r.w * 0.25f, 4 * u);
        if (rl)
            drawlist_text(dl, rl, right, r.x + r.w * 0.75f, sl_top_for_baseline(rl, base), c->theme->muted);
    }
    return base + (tl ? tl->descent : 0) + 3.0f * u;
}
