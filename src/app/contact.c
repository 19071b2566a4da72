/* contact: thumbnails laid out in rows, labels drawn with the same text engine and renderer. */
#include "app/contact.h"

#include <string.h>

#include "core/xalloc.h"
#include "render/render.h"
#include "slides/drawlist.h"

struct thumb {
    SDL_Surface *s;
    char *label;
};

struct contact_sheet {
    char *title;
    struct thumb *t;
    size_t n, cap;
    size_t max;       /* 0: unbounded */
    size_t skipped;   /* pictures beyond max */
    int thumb_w;
};

struct contact_sheet *contact_new(const char *title)
{
    struct contact_sheet *cs = xcalloc(1, sizeof *cs);
    cs->title = xstrdup(title ? title : "");
    cs->thumb_w = 480;
    return cs;
}

struct contact_sheet *contact_new_bounded(const char *title, size_t max_thumbs, int thumb_w)
{
    struct contact_sheet *cs = contact_new(title);
    cs->max = max_thumbs;
    cs->thumb_w = thumb_w > 16 ? thumb_w : 480;
    return cs;
}

void contact_free(struct contact_sheet *cs)
{
    if (!cs)
        return;
    for (size_t i = 0; i < cs->n; i++) {
        SDL_FreeSurface(cs->t[i].s);
        free(cs->t[i].label);
    }
    free(cs->t);
    free(cs->title);
    free(cs);
}

void contact_add(struct contact_sheet *cs, SDL_Surface *pic, const char *label)
{
    if (cs->max && cs->n >= cs->max) {
        cs->skipped++;
        return;
    }
    int tw = pic->w >= pic->h ? cs->thumb_w : cs->thumb_w * 9 / 16;
    int th = (int)((int64_t)pic->h * tw / pic->w);
    SDL_Surface *s = render_scale_surface(pic, tw, th);
    if (!s)
        return;
    SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? cs->cap * 2 : 16;
        cs->t = xreallocarray(cs->t, cs->cap, sizeof *cs->t);
    }
    cs->t[cs->n++] = (struct thumb){s, xstrdup(label)};
}

bool contact_write(struct contact_sheet *cs, struct text_engine *te, const char *path)
{
    if (cs->n == 0)
        return false;
    const int margin = 32, gap = 24, label_h = 40, title_h = 64;
    int tw = cs->t[0].s->w, th = 0;
    for (size_t i = 0; i < cs->n; i++)
        if (cs->t[i].s->h > th)
            th = cs->t[i].s->h;
    int cols = tw >= th ? 4 : 6;
    if ((size_t)cols > cs->n)
        cols = (int)cs->n;
    int rows = (int)((cs->n + cols - 1) / cols);
    int w = 2 * margin + cols * tw + (cols - 1) * gap;
    int h = 2 * margin + title_h + rows * (th + label_h) + (rows - 1) * gap;
    struct render *r = render_new_surface(te, w, h, 0);
    if (!r)
        return false;
    struct drawlist dl;
    drawlist_init(&dl);
    struct rgba bg = {0x1c, 0x1f, 0x26, 0xff}, fg = {0xee, 0xee, 0xee, 0xff}, dim = {0xa0, 0xa6, 0xb0, 0xff};
    drawlist_rect(&dl, 0, 0, (float)w, (float)h, bg);
    struct text_style ts = {.role = TEXT_ROLE_TITLE, .bold = true, .size = 30, .max_lines = 1};
    char *title = cs->skipped ? xasprintf("%s（另有 %zu 张未列出）", cs->title, cs->skipped) : xstrdup(cs->title);
    const struct text_layout *tl = text_layout(te, title, &ts, w - 2 * margin, title_h);
    drawlist_text(&dl, tl, title, margin, margin, fg);
    free(title);
    struct text_style ls = {.role = TEXT_ROLE_BODY, .size = 20, .max_lines = 1};
    for (size_t i = 0; i < cs->n; i++) {
        int x = margin + (int)(i % cols) * (tw + gap);
        int y = margin + title_h + (int)(i / cols) * (th + label_h + gap);
        const struct text_layout *ll = text_layout(te, cs->t[i].label, &ls, tw, label_h);
        drawlist_text(&dl, ll, cs->t[i].label, x, y + th + 8, dim);
    }
    render_begin(r);
    render_prepare(r, &dl);
    render_draw(r, &dl, 1);
    render_end(r);
    SDL_Surface *out = render_surface(r);
    for (size_t i = 0; i < cs->n; i++) {
        SDL_Rect dst = {margin + (int)(i % cols) * (tw + gap), margin + title_h + (int)(i / cols) * (th + label_h + gap),
                        cs->t[i].s->w, cs->t[i].s->h};
        SDL_BlitSurface(cs->t[i].s, NULL, out, &dst);
    }
    bool ok = render_save_png(out, path);
    drawlist_finish(&dl);
    render_free(r);
    return ok;
}
