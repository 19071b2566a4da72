#include "slides/drawlist.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void drawlist_init(struct drawlist *dl) { memset(dl, 0, sizeof *dl); }

void drawlist_clear(struct drawlist *dl)
{
    dl->n = 0;
    dl->n_warm = 0;
    dl->strs_len = 0;
    dl->settle_ms = 0;
    dl->moving = false;
}

void drawlist_finish(struct drawlist *dl)
{
    if (!dl)
        return;
    free(dl->ops);
    free(dl->warm);
    free(dl->strs);
    memset(dl, 0, sizeof *dl);
}

static struct draw_op *push(struct drawlist *dl, enum draw_kind kind)
{
    if (dl->n == dl->cap) {
        dl->cap = dl->cap ? dl->cap * 2 : 64;
        dl->ops = xreallocarray(dl->ops, dl->cap, sizeof *dl->ops);
    }
    struct draw_op *op = &dl->ops[dl->n++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    return op;
}

void drawlist_rect(struct drawlist *dl, float x, float y, float w, float h, struct rgba c)
{
    if (w <= 0 || h <= 0 || c.a == 0)
        return;
    struct draw_op *op = push(dl, DRAW_RECT);
    op->x = x, op->y = y, op->w = w, op->h = h, op->color = c;
}

void drawlist_text(struct drawlist *dl, const struct text_layout *lay, const char *str, float x, float y,
                   struct rgba c)
{
    if (!lay || lay->n_glyphs == 0)
        return;
    struct draw_op *op = push(dl, DRAW_TEXT);
    op->text = lay;
    op->x = x, op->y = y, op->w = lay->width, op->h = lay->height, op->color = c;
    /* Strings are kept as offsets: the buffer may move as it grows. */
    size_t len = strlen(str) + 1;
    if (dl->strs_len + len > dl->strs_cap) {
        while (dl->strs_len + len > dl->strs_cap)
            dl->strs_cap = dl->strs_cap ? dl->strs_cap * 2 : 1024;
        dl->strs = xrealloc(dl->strs, dl->strs_cap);
    }
    memcpy(dl->strs + dl->strs_len, str, len);
    op->str = dl->strs_len + 1;
    dl->strs_len += len;
}

const char *drawlist_text_str(const struct drawlist *dl, size_t i)
{
    if (i >= dl->n || dl->ops[i].kind != DRAW_TEXT || !dl->ops[i].str)
        return NULL;
    return dl->strs + dl->ops[i].str - 1;
}

void drawlist_image(struct drawlist *dl, const char *path, const float src[4], const float dst[4])
{
    struct draw_op *op = push(dl, DRAW_IMAGE);
    op->image = path;
    op->sx = src[0], op->sy = src[1], op->sw = src[2], op->sh = src[3];
    op->x = dst[0], op->y = dst[1], op->w = dst[2], op->h = dst[3];
    op->color = (struct rgba){255, 255, 255, 255};
}

void drawlist_clip(struct drawlist *dl, float x, float y, float w, float h)
{
    struct draw_op *op = push(dl, DRAW_CLIP);
    op->x = x, op->y = y, op->w = w, op->h = h;
}

void drawlist_unclip(struct drawlist *dl) { push(dl, DRAW_UNCLIP); }

void drawlist_warm(struct drawlist *dl, const struct text_layout *lay)
{
    if (dl->n_warm == dl->cap_warm) {
        dl->cap_warm = dl->cap_warm ? dl->cap_warm * 2 : 16;
        dl->warm = xreallocarray(dl->warm, dl->cap_warm, sizeof *dl->warm);
    }
    dl->warm[dl->n_warm++] = lay;
}

void drawlist_shift(struct drawlist *dl, size_t first, float dx, float dy)
{
    for (size_t i = first; i < dl->n; i++)
        dl->ops[i].x += dx, dl->ops[i].y += dy;
}
