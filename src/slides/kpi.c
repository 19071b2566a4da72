/* kpi: 1-6 figure cards in a grid that follows count and orientation; big tabular figures that
 * count up (ease-out) on entry and settle on the exact value with the card's decimals. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "slides/metrics.h"

const char *kpi_figure(const struct kpi_card *card, uint64_t t_ms, char *buf, size_t size)
{
    double v = card->value;
    if (t_ms < SLIDES_COUNTUP_MS) {
        double p = 1.0 - (double)t_ms / SLIDES_COUNTUP_MS;
        v *= 1.0 - p * p * p; /* ease-out cubic */
    }
    int dec = card->decimals < 0 ? 0 : card->decimals > 6 ? 6 : card->decimals;
    snprintf(buf, size, "%.*f", dec, v);
    if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
        memmove(buf, buf + 1, strlen(buf)); /* never show "-0.0" on the way up */
    return buf;
}

static const unsigned cols_landscape[7] = {1, 1, 2, 3, 2, 3, 3};
static const unsigned cols_portrait[7] = {1, 1, 1, 1, 1, 2, 2};

/* Draws fig right-aligned to x_end, one character at a time from cached single-character
 * layouts, so a count-up never shapes a new string per frame. */
static void figure_chars(const struct slide_ctx *c, struct drawlist *dl, const char *fig,
                         const struct text_style *fs, float x_end, float base, struct rgba col)
{
    float x = x_end;
    for (size_t i = strlen(fig); i-- > 0;) {
        char ch[2] = {fig[i], 0};
        const struct text_layout *l = sl_layout(c, dl, ch, fs, fs->size * 2.0f, fs->size * 2.0f);
        x -= sl_measure(c, ch, fs);
        if (l)
            drawlist_text(dl, l, ch, x, sl_top_for_baseline(l, base), col);
    }
}

struct card_fit {
    struct text_style fs, us;
    float fw, uw, pw, gap;
};

/* Styles for a figure of size fsz in card k, shrunk until prefix + figure + unit fit in width. */
static float card_fit(const struct slide_ctx *c, const struct kpi_card *k, float fsz, float width,
                      struct card_fit *f)
{
    float u = c->g->unit;
    char final[64];
    kpi_figure(k, SLIDES_COUNTUP_MS, final, sizeof final);
    for (int tries = 0;; tries++) {
        f->fs = sl_style(TEXT_ROLE_FIGURE, fsz, true, 1, TEXT_ALIGN_START);
        f->us = sl_style(TEXT_ROLE_BODY, MAX2(fsz * 0.3f, 2.4f * u), false, 1, TEXT_ALIGN_START);
        f->gap = fsz * 0.08f;
        f->fw = sl_measure(c, final, &f->fs);
        f->uw = k->unit ? sl_measure(c, k->unit, &f->us) + f->gap : 0;
        f->pw = k->prefix ? sl_measure(c, k->prefix, &f->us) + f->gap : 0;
        float total = f->pw + f->fw + f->uw;
        if (total <= width || tries == 3)
            return fsz;
        fsz = floorf(fsz * width / total * 0.98f);
    }
}

static const float PAD_UNITS = 3.2f;

static void card(const struct slide_ctx *c, const struct kpi_card *k, uint64_t t_ms, float fsz, bool cmp_row,
                 struct rectf b, struct drawlist *dl)
{
    const struct theme *th = c->theme;
    float u = c->g->unit;
    drawlist_rect(dl, b.x, b.y, b.w, b.h, th->surface);
    drawlist_rect(dl, b.x, b.y, b.w, roundf(0.6f * u), th->accent);
    float pad = PAD_UNITS * u;
    struct rectf in = {b.x + pad, b.y + pad, b.w - 2 * pad, b.h - 2 * pad};

    struct text_style ls = sl_style(TEXT_ROLE_BODY, 3.0f * u, false, 2, TEXT_ALIGN_START);
    ls.min_size = (int)(2.4f * u);
    const struct text_layout *ll = sl_text(c, dl, k->label, &ls, (struct rectf){in.x, in.y, in.w, 8 * u},
                                           sl_mix(th->text, th->muted, 0.2f));
    float label_bottom = in.y + (ll ? ll->height : 0);

    /* When any card has a comparison line, every card keeps room for one: figures line up. */
    float cmp_h = cmp_row ? 2.6f * u * 1.3f + 1.5f * u : 0;
    if (k->comparison && *k->comparison) {
        struct text_style cs = sl_style(TEXT_ROLE_BODY, 2.6f * u, false, 1, TEXT_ALIGN_START);
        const struct text_layout *cl = sl_layout(c, dl, k->comparison, &cs, in.w, 4 * u);
        if (cl)
            drawlist_text(dl, cl, k->comparison, in.x, in.y + in.h - cl->height, th->muted);
    }

    char final[64], now[64];
    kpi_figure(k, SLIDES_COUNTUP_MS, final, sizeof final);
    kpi_figure(k, t_ms, now, sizeof now);
    struct card_fit f;
    fsz = card_fit(c, k, fsz, in.w, &f);
    float room_h = in.y + in.h - cmp_h - label_bottom;
    /* The figure's line box centred in the room between label and comparison. */
    const struct text_layout *fl = sl_layout(c, dl, final, &f.fs, f.fw + fsz, fsz * 2.0f);
    float box_h = fl && fl->n_lines ? fl->height : fsz * 1.3f;
    float base = label_bottom + MAX2(0.0f, (room_h - box_h) / 2) + (fl && fl->n_lines ? fl->lines[0].baseline : fsz);
    float x = in.x;
    if (k->prefix) {
        const struct text_layout *pl = sl_layout(c, dl, k->prefix, &f.us, f.pw + u, f.us.size * 2.0f);
        if (pl)
            drawlist_text(dl, pl, k->prefix, x, sl_top_for_baseline(pl, base), th->text);
        x += f.pw;
    }
    if (t_ms >= SLIDES_COUNTUP_MS) {
        if (fl)
            drawlist_text(dl, fl, final, x, sl_top_for_baseline(fl, base), th->accent);
    } else {
        figure_chars(c, dl, now, &f.fs, x + f.fw, base, th->accent);
        /* Every character a count-up can show, laid out and rasterized before the slide starts
         * (the step is prepared at t = 0), so its frames only look layouts up. */
        const struct text_layout *all = sl_layout(c, dl, "0123456789.-", &f.fs, fsz * 14, fsz * 2.0f);
        if (all)
            drawlist_warm(dl, all);
        for (const char *d = "0123456789.-"; *d; d++) {
            char ch[2] = {*d, 0};
            (void)sl_layout(c, dl, ch, &f.fs, f.fs.size * 2.0f, f.fs.size * 2.0f); /* as figure_chars */
            (void)sl_measure(c, ch, &f.fs);
        }
        uint64_t left = SLIDES_COUNTUP_MS - t_ms;
        if (left > dl->settle_ms)
            dl->settle_ms = left;
    }
    x += f.fw + f.gap;
    if (k->unit) {
        const struct text_layout *ul = sl_layout(c, dl, k->unit, &f.us, f.uw + u, f.us.size * 2.0f);
        if (ul)
            drawlist_text(dl, ul, k->unit, x, sl_top_for_baseline(ul, base), th->text);
    }
}

void kpi_body(const struct slide_ctx *c, const struct slide *s, size_t page, size_t n_pages, uint64_t t_ms,
              struct rectf r, struct drawlist *dl)
{
    float u = c->g->unit;
    float y = sl_heading(c, s->title, NULL, r, dl);
    size_t n = s->n_cards > 6 ? 6 : s->n_cards;
    if (n == 0)
        return;
    unsigned cols = (c->g->portrait ? cols_portrait : cols_landscape)[n];
    unsigned rows = (unsigned)((n + cols - 1) / cols);
    float gap = 2.4f * u;
    float h = r.y + r.h - y;
    float cw = (r.w - gap * (cols - 1)) / cols;
    float ch = MIN2((h - gap * (rows - 1)) / rows, c->g->portrait ? 40 * u : 40 * u);
    float top = y + (h - (ch * rows + gap * (rows - 1))) / 2;
    /* One figure size for every card (the largest that fits them all): figures read as a set. */
    float pad = PAD_UNITS * u, inner_w = cw - 2 * pad, inner_h = ch - 2 * pad;
    bool cmp_row = false;
    for (size_t i = 0; i < n; i++)
        cmp_row |= s->cards[i].comparison && *s->cards[i].comparison;
    float fsz = MIN2(MIN2((inner_h - (cmp_row ? 9 : 5) * u) * 0.75f, 16 * u), inner_w * 0.42f);
    for (size_t i = 0; i < n; i++) {
        struct card_fit f;
        fsz = MIN2(fsz, card_fit(c, &s->cards[i], fsz, inner_w, &f));
    }
    for (size_t i = 0; i < n; i++) {
        unsigned row = (unsigned)(i / cols), col = (unsigned)(i % cols);
        size_t in_row = row == rows - 1 ? n - (size_t)row * cols : cols;
        float x0 = r.x + (r.w - (cw * in_row + gap * (in_row - 1))) / 2; /* centre a short last row */
        struct rectf b = {roundf(x0 + col * (cw + gap)), roundf(top + row * (ch + gap)), roundf(cw), roundf(ch)};
        card(c, &s->cards[i], t_ms, fsz, cmp_row, b, dl);
    }
}
