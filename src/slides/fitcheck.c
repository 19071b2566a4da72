/* fitcheck: readable-size checks over the real layouts (see fitcheck.h). */
#include "slides/fitcheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/jcheck.h"
#include "core/xalloc.h"
#include "slides/drawlist.h"
#include "slides/slides.h"

struct fit {
    struct jcheck jc;
    char *text; /* the playlist file, for line:column */
    float u;
};

/* The text op drawing exactly s, or NULL. */
static const struct draw_op *find_text(const struct drawlist *dl, const char *s)
{
    for (size_t i = 0; i < dl->n; i++) {
        const char *t = drawlist_text_str(dl, i);
        if (t && strcmp(t, s) == 0)
            return &dl->ops[i];
    }
    return NULL;
}

/* True when s is drawn, whole, at least units * u pixels large. */
static bool readable(const struct drawlist *dl, const char *s, float u, float units, int *px)
{
    const struct draw_op *op = find_text(dl, s);
    *px = op && op->text ? op->text->font_size : 0;
    return op && op->text && op->text->n_lines > 0 && !op->text->ellipsized && (float)op->text->font_size >= units * u - 0.5f;
}

static void check_board(struct fit *f, const struct slide_ctx *c, const struct slide *s, size_t si)
{
    size_t pages = slide_page_count(s), per = slide_per_page(s);
    struct drawlist dl;
    drawlist_init(&dl);
    for (size_t pg = 0; pg < pages; pg++) {
        drawlist_clear(&dl);
        slides_body(c, s, pg, pages, SLIDES_SETTLED_MS, &dl);
        for (size_t k = pg * per; k < s->n_items && k < (pg + 1) * per; k++) {
            const struct headline_item *it = &s->items[k];
            char buf[1024];
            if (it->source && *it->source)
                snprintf(buf, sizeof buf, "【%s】%s", it->source, it->title);
            else
                snprintf(buf, sizeof buf, "%s", it->title);
            const struct draw_op *op = find_text(&dl, buf);
            if (op && op->text && op->text->n_lines > 0 && (float)op->text->font_size >= FIT_TITLE_UNITS * c->g->unit - 0.5f)
                continue;
            jcheck_push_key(&f->jc, "slides");
            jcheck_push_index(&f->jc, si);
            JC_ERR(&f->jc, JC_AT_VALUE,
                   JC_ZH_EN("每页 %zu 条时第 %zu 条标题在 %dx%d 屏幕上放不下（可读字号至少 %.0f 像素）；请减少 per_page",
                            "with %zu per page, headline %zu does not fit a %dx%d screen at a readable size (%.0f px); "
                            "lower per_page"),
                   per, k + 1, c->g->w, c->g->h, FIT_TITLE_UNITS * c->g->unit, per, k + 1, c->g->w, c->g->h,
                   FIT_TITLE_UNITS * c->g->unit);
            jcheck_pop(&f->jc);
            jcheck_pop(&f->jc);
            pg = pages; /* once per board */
            break;
        }
    }
    drawlist_finish(&dl);
}

static void check_kpi(struct fit *f, const struct slide_ctx *c, const struct slide *s, size_t si)
{
    struct drawlist dl;
    drawlist_init(&dl);
    slides_body(c, s, 0, 1, SLIDES_SETTLED_MS, &dl);
    float u = c->g->unit;
    for (size_t k = 0; k < s->n_cards; k++) {
        const struct kpi_card *card = &s->cards[k];
        char fig[64];
        kpi_figure(card, SLIDES_SETTLED_MS, fig, sizeof fig);
        const char *what = NULL;
        int px = 0;
        if (!readable(&dl, fig, u, FIT_FIGURE_UNITS, &px))
            what = "value";
        else if (card->unit && !readable(&dl, card->unit, u, FIT_BODY_UNITS, &px))
            what = "unit";
        else if (card->prefix && !readable(&dl, card->prefix, u, FIT_BODY_UNITS, &px))
            what = "prefix";
        if (!what)
            continue;
        jcheck_push_key(&f->jc, "slides");
        jcheck_push_index(&f->jc, si);
        jcheck_push_key(&f->jc, "cards");
        jcheck_push_index(&f->jc, k);
        jcheck_push_key(&f->jc, what);
        JC_ERR(&f->jc, JC_AT_VALUE,
               JC_ZH_EN("在 %dx%d 屏幕上数字、前缀和单位放不下卡片（字号 %d 像素，可读至少 %.0f）；请缩短单位或前缀",
                        "on a %dx%d screen the figure, prefix and unit do not fit the card (%d px; readable is %.0f "
                        "px or more); shorten the unit or prefix"),
               c->g->w, c->g->h, px, FIT_FIGURE_UNITS * u, c->g->w, c->g->h, px, FIT_FIGURE_UNITS * u);
        for (int i = 0; i < 5; i++)
            jcheck_pop(&f->jc);
    }
    drawlist_finish(&dl);
}

/* Hotline numbers shown by the strip or any hotline slide; a number shown nowhere is a warning. */
static void check_hotlines(struct fit *f, const struct slide_ctx *c, const struct playlist *pl)
{
    const struct banner *b = &pl->banner;
    bool *shown = xcalloc(b->n_entries ? b->n_entries : 1, sizeof *shown);
    struct drawlist dl;
    drawlist_init(&dl);
    slides_banner(c, 0, &dl);
    for (size_t i = 0; i < b->n_entries; i++)
        shown[i] |= find_text(&dl, b->entries[i].number) != NULL;
    for (size_t si = 0; si < pl->n_slides; si++) {
        if (pl->slides[si].kind != SLIDE_HOTLINE)
            continue;
        drawlist_clear(&dl);
        slides_body(c, &pl->slides[si], 0, 1, SLIDES_SETTLED_MS, &dl);
        for (size_t i = 0; i < b->n_entries; i++)
            shown[i] |= find_text(&dl, b->entries[i].number) != NULL;
    }
    for (size_t i = 0; i < b->n_entries; i++) {
        if (shown[i])
            continue;
        jcheck_push_key(&f->jc, "banner");
        jcheck_push_key(&f->jc, "hotlines");
        jcheck_push_index(&f->jc, i);
        JC_WARN(&f->jc, JC_AT_VALUE,
                JC_ZH_EN("在 %dx%d 屏幕上这条热线不会显示（横幅显示前几条，热线页显示放得下的几条）",
                         "on a %dx%d screen this hotline is shown nowhere (the strip shows the first few, a hotline "
                         "slide as many as fit)"),
                c->g->w, c->g->h, c->g->w, c->g->h);
        jcheck_pop(&f->jc);
        jcheck_pop(&f->jc);
        jcheck_pop(&f->jc);
    }
    drawlist_finish(&dl);
    free(shown);
}

void fitcheck_snapshot(struct text_engine *te, const struct snapshot *snap, struct findings *out)
{
    for (size_t p = 0; p < snap->n_playlists; p++) {
        const struct playlist *pl = &snap->playlists[p];
        struct fit f = {0};
        size_t len = 0;
        if (fs_read_file(pl->path, CONTENT_MAX_FILE_BYTES, false, &f.text, &len) != FS_OK)
            f.text = NULL, len = 0;
        jcheck_begin(&f.jc, out, pl->path, f.text, len);
        struct screen_geom g;
        bool portrait = pl->orientation == ORIENT_PORTRAIT;
        screen_geom_init(&g, portrait ? 1080 : 1920, portrait ? 1920 : 1080, 0);
        struct slide_ctx c = {.te = te, .g = &g};
        slide_ctx_for_playlist(&c, pl);
        for (size_t si = 0; si < pl->n_slides; si++) {
            const struct slide *s = &pl->slides[si];
            if (s->kind == SLIDE_HEADLINES)
                check_board(&f, &c, s, si);
            else if (s->kind == SLIDE_KPI)
                check_kpi(&f, &c, s, si);
        }
        check_hotlines(&f, &c, pl);
        jcheck_end(&f.jc);
        free(f.text);
    }
}

static bool can_draw(void *ctx, uint32_t cp, enum text_role_hint role)
{
    static const enum text_role roles[] = {
        [CONTENT_ROLE_TITLE] = TEXT_ROLE_TITLE,
        [CONTENT_ROLE_BODY] = TEXT_ROLE_BODY,
        [CONTENT_ROLE_FIGURE] = TEXT_ROLE_FIGURE,
    };
    return text_can_draw(ctx, roles[role], cp);
}

static void fit_check(void *ctx, const struct snapshot *snap, struct findings *out)
{
    fitcheck_snapshot(ctx, snap, out);
}

struct content_opts fitcheck_opts(struct text_engine *te)
{
    if (!te)
        return (struct content_opts){0};
    return (struct content_opts){.can_draw = can_draw, .can_draw_ctx = te, .families = text_families(te),
                                 .check = fit_check, .check_ctx = te};
}
