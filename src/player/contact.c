/* contact: thumbnails laid out in rows, labels drawn with the same text engine and renderer. */
#include "player/contact.h"

#include <stdlib.h>
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
    struct text_engine *te;
    char *path;          /* the first sheet's file; later ones get -2, -3 ... before .png */
    unsigned sheets;     /* written so far */
    bool ok;             /* every sheet written */
    struct thumb *t;     /* the sheet being filled: at most per_sheet */
    size_t n, cap, per_sheet;
    struct render *r;    /* the pictures' render, borrowed: the sheet is drawn on it (or NULL) */
    int cols, tw, th;    /* the grid and the thumbnail size */
    size_t max;          /* contact_new_bounded: thumbnails kept at most (one sheet), else 0 */
    size_t skipped;      /* pictures beyond max */
    int thumb_w;
};

#define MARGIN 32
#define GAP 24
#define LABEL_H 40
#define TITLE_H 64

struct contact_sheet *contact_new(const char *title, struct text_engine *te, const char *path, struct render *r,
                                  int pic_w, int pic_h)
{
    struct contact_sheet *cs = xcalloc(1, sizeof *cs);
    cs->title = xstrdup(title ? title : "");
    cs->te = te;
    cs->path = xstrdup(path);
    cs->ok = true;
    cs->r = r;
    /* A grid that fills one picture: 4 columns for landscape pictures, 3 for portrait. */
    cs->cols = pic_w >= pic_h ? 4 : 3;
    cs->tw = (pic_w - 2 * MARGIN - (cs->cols - 1) * GAP) / cs->cols;
    if (cs->tw < 64)
        cs->tw = 64;
    cs->th = (int)((int64_t)pic_h * cs->tw / (pic_w > 0 ? pic_w : 1));
    int rows = (pic_h - 2 * MARGIN - TITLE_H + GAP) / (cs->th + LABEL_H + GAP);
    cs->per_sheet = (size_t)(rows < 1 ? 1 : rows) * (size_t)cs->cols;
    if (cs->per_sheet > CONTACT_PER_SHEET)
        cs->per_sheet = CONTACT_PER_SHEET;
    return cs;
}

struct contact_sheet *contact_new_bounded(const char *title, size_t max_thumbs, int thumb_w)
{
    struct contact_sheet *cs = xcalloc(1, sizeof *cs);
    cs->title = xstrdup(title ? title : "");
    cs->ok = true;
    cs->max = max_thumbs ? max_thumbs : 1;
    cs->per_sheet = cs->max;
    cs->thumb_w = thumb_w > 16 ? thumb_w : 480;
    return cs;
}

static void drop_thumbs(struct contact_sheet *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        SDL_FreeSurface(cs->t[i].s);
        free(cs->t[i].label);
    }
    cs->n = 0;
}

void contact_free(struct contact_sheet *cs)
{
    if (!cs)
        return;
    drop_thumbs(cs);
    free(cs->t);
    free(cs->title);
    free(cs->path);
    free(cs);
}

static bool sheet_write(struct contact_sheet *cs, const char *path);

/* Writes the sheet being filled and lets its thumbnails go. */
static void sheet_flush(struct contact_sheet *cs)
{
    if (cs->n == 0)
        return;
    char *path = cs->sheets == 0 ? xstrdup(cs->path) : NULL;
    if (!path) {
        size_t n = strlen(cs->path);
        bool png = n > 4 && strcmp(cs->path + n - 4, ".png") == 0;
        path = xasprintf("%.*s-%u%s", (int)(png ? n - 4 : n), cs->path, cs->sheets + 1, png ? ".png" : "");
    }
    cs->ok &= sheet_write(cs, path);
    cs->sheets++;
    free(path);
    drop_thumbs(cs);
}

void contact_add(struct contact_sheet *cs, SDL_Surface *pic, const char *label)
{
    int tw = cs->tw, th = cs->th;
    if (cs->max) {
        if (cs->n >= cs->max) {
            cs->skipped++;
            return;
        }
        tw = pic->w >= pic->h ? cs->thumb_w : cs->thumb_w * 9 / 16;
        th = (int)((int64_t)pic->h * tw / pic->w);
    } else if (cs->n == cs->per_sheet) {
        sheet_flush(cs);
    }
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
    cs->te = te;
    cs->tw = cs->t[0].s->w;
    cs->th = 0;
    for (size_t i = 0; i < cs->n; i++)
        if (cs->t[i].s->h > cs->th)
            cs->th = cs->t[i].s->h;
    cs->cols = cs->tw >= 480 ? 4 : 6;
    if ((size_t)cs->cols > cs->n)
        cs->cols = (int)cs->n;
    char *title = cs->title;
    if (cs->skipped)
        cs->title = xasprintf("%s（另有 %zu 张未列出）", title, cs->skipped);
    bool ok = sheet_write(cs, path);
    if (cs->skipped) {
        free(cs->title);
        cs->title = title;
    }
    return ok;
}

bool contact_finish(struct contact_sheet *cs)
{
    if (cs->n == 0 && cs->sheets == 0)
        return false;
    sheet_flush(cs);
    return cs->ok;
}

static bool sheet_write(struct contact_sheet *cs, const char *path)
{
    struct text_engine *te = cs->te;
    const int margin = MARGIN, gap = GAP, label_h = LABEL_H, title_h = TITLE_H;
    int tw = cs->tw, th = cs->th, cols = cs->cols;
    int rows = (int)((cs->n + (size_t)cols - 1) / (size_t)cols);
    int w = 2 * margin + cols * tw + (cols - 1) * gap;
    int h = 2 * margin + title_h + rows * (th + label_h) + (rows - 1) * gap;
    /* The pictures' own render when the sheet fits on it (no second surface or glyph atlas). */
    struct render *own = NULL, *r = cs->r;
    if (r) {
        int rw, rh;
        render_size(r, &rw, &rh);
        if (w > rw || h > rh)
            r = NULL;
        else
            w = rw, h = rh;
    }
    if (!r && !(r = own = render_new_surface(te, w, h, 0)))
        return false;
    struct drawlist dl;
    drawlist_init(&dl);
    struct rgba bg = {0x1c, 0x1f, 0x26, 0xff}, fg = {0xee, 0xee, 0xee, 0xff}, dim = {0xa0, 0xa6, 0xb0, 0xff};
    drawlist_rect(&dl, 0, 0, (float)w, (float)h, bg);
    struct text_style ts = {.role = TEXT_ROLE_TITLE, .bold = true, .size = 30, .max_lines = 1};
    const struct text_layout *tl = text_layout(te, cs->title, &ts, w - 2 * margin, title_h);
    drawlist_text(&dl, tl, cs->title, margin, margin, fg);
    struct text_style ls = {.role = TEXT_ROLE_BODY, .size = 20, .max_lines = 1};
    for (size_t i = 0; i < cs->n; i++) {
        int x = margin + (int)(i % (size_t)cols) * (tw + gap);
        int y = margin + title_h + (int)(i / (size_t)cols) * (th + label_h + gap);
        const struct text_layout *ll = text_layout(te, cs->t[i].label, &ls, tw, label_h);
        drawlist_text(&dl, ll, cs->t[i].label, x, y + th + 8, dim);
    }
    render_begin(r);
    render_prepare(r, &dl);
    render_draw(r, &dl, 1);
    render_end(r);
    SDL_Surface *out = render_surface(r);
    for (size_t i = 0; i < cs->n; i++) {
        SDL_Rect dst = {margin + (int)(i % (size_t)cols) * (tw + gap),
                        margin + title_h + (int)(i / (size_t)cols) * (th + label_h + gap), cs->t[i].s->w,
                        cs->t[i].s->h};
        SDL_BlitSurface(cs->t[i].s, NULL, out, &dst);
    }
    bool ok = render_save_png(out, path);
    drawlist_finish(&dl);
    render_free(own);
    return ok;
}
