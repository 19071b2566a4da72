/* wbwrite: see wbwrite.h. Each sheet is written as rows of inline strings and numbers (no shared
 * strings: every program reads inline strings), dates and times as text (the reader takes text
 * and serials alike), with the header row bold and frozen. */
#define LOG_TAG "wbwrite"
#include "content/wbwrite.h"

#include <archive.h>
#include <archive_entry.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/cellval.h"
#include "content/workbook.h"
#include "content/xlsx.h"
#include "core/utf8.h"
#include "core/xalloc.h"

#define N_SHEETS 8   /* workbook_sheet(0..7) */
#define LIST_ROWS 500 /* rows the choice lists cover */

struct buf {
    char *s;
    size_t n, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *tmp = xvasprintf(fmt, ap);
    va_end(ap);
    buf_add(b, tmp, strlen(tmp));
    free(tmp);
}

/* s as XML character data (& < > " escaped; control characters other than tab and newline dropped). */
static void buf_xml(struct buf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&': buf_add(b, "&amp;", 5); break;
        case '<': buf_add(b, "&lt;", 4); break;
        case '>': buf_add(b, "&gt;", 4); break;
        case '"': buf_add(b, "&quot;", 6); break;
        default:
            if ((unsigned char)*p >= 0x20 || *p == '\t' || *p == '\n')
                buf_add(b, p, 1);
        }
    }
}

/* ---- sheets ----------------------------------------------------------------------------------- */

struct out_sheet {
    const char *name;
    struct buf rows;
    uint32_t n_rows;   /* written, header included */
    double width[WORKBOOK_MAX_COLS + 2];
    int n_cols;
    struct buf valid;  /* <dataValidation> elements */
    int n_valid;
    bool open_row;
};

/* Display width of s in spreadsheet character units (CJK and full-width forms count two). */
static double text_width(const char *s)
{
    size_t len = strlen(s);
    double w = 0, line = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = utf8_next(s, len, &i);
        if (cp == '\n') {
            w = fmax(w, line);
            line = 0;
            continue;
        }
        line += cp >= 0x2E80 ? 2.1 : 1.1;
    }
    return fmax(w, line);
}

static void row_begin(struct out_sheet *sh)
{
    buf_printf(&sh->rows, "<row r=\"%u\">", sh->n_rows + 1);
    sh->open_row = true;
}

static void row_end(struct out_sheet *sh)
{
    buf_add(&sh->rows, "</row>", 6);
    sh->n_rows++;
    sh->open_row = false;
}

static void cell_str_style(struct out_sheet *sh, int col, const char *s, int style)
{
    char ref[16];
    if (!s || !s[0])
        return;
    buf_printf(&sh->rows, "<c r=\"%s\" t=\"inlineStr\"%s><is><t xml:space=\"preserve\">",
               xlsx_cell_name(sh->n_rows, (uint32_t)col, ref), style == 1 ? " s=\"1\"" : style == 2 ? " s=\"2\"" : "");
    buf_xml(&sh->rows, s);
    buf_add(&sh->rows, "</t></is></c>", 13);
    double w = text_width(s);
    if (style != 2 && w > sh->width[col])
        sh->width[col] = w;
}

static void cell_str(struct out_sheet *sh, int col, const char *s)
{
    cell_str_style(sh, col, s, 0);
}

static void cell_num(struct out_sheet *sh, int col, double v)
{
    char ref[16], num[64];
    cellval_number_text(v, num, sizeof num);
    buf_printf(&sh->rows, "<c r=\"%s\"><v>%s</v></c>", xlsx_cell_name(sh->n_rows, (uint32_t)col, ref), num);
    if (text_width(num) > sh->width[col])
        sh->width[col] = text_width(num);
}

/* A list of choices on a column's data rows (a drop-down in Excel, WPS and LibreOffice). */
static void add_list(struct out_sheet *sh, int col, const char *choices, bool strict)
{
    char a[16], b[16];
    buf_printf(&sh->valid,
               "<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"%d\" "
               "errorStyle=\"%s\" sqref=\"%s:%s\"><formula1>\"",
               1, strict ? "stop" : "warning", xlsx_cell_name(1, (uint32_t)col, a), xlsx_cell_name(LIST_ROWS, (uint32_t)col, b));
    buf_xml(&sh->valid, choices);
    buf_add(&sh->valid, "\"</formula1></dataValidation>", 29);
    sh->n_valid++;
}

static void header(struct out_sheet *sh, const struct workbook_sheet *def)
{
    row_begin(sh);
    for (int c = 0; c < WORKBOOK_MAX_COLS && def->cols[c].zh; c++) {
        const char *name = def->cols[c].zh;
        char with_unit[64];
        if (strcmp(name, "时长") == 0) {
            snprintf(with_unit, sizeof with_unit, "%s（秒）", name);
            name = with_unit;
        }
        cell_str_style(sh, c, name, 1);
        sh->n_cols = c + 1;
    }
    row_end(sh);
}

static void sheet_xml(const struct out_sheet *sh, bool frozen, struct buf *out)
{
    buf_add(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n", 56);
    buf_printf(out, "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">");
    buf_printf(out, "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>");
    buf_printf(out, "<sheetViews><sheetView workbookViewId=\"0\">%s</sheetView></sheetViews>",
               frozen ? "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>" : "");
    buf_printf(out, "<sheetFormatPr defaultRowHeight=\"16\"/><cols>");
    for (int c = 0; c < sh->n_cols; c++) {
        double w = sh->width[c] + 2;
        w = w < 8 ? 8 : w > 70 ? 70 : w;
        buf_printf(out, "<col min=\"%d\" max=\"%d\" width=\"%.1f\" customWidth=\"1\"/>", c + 1, c + 1, w);
    }
    buf_printf(out, "</cols><sheetData>");
    if (sh->rows.s)
        buf_add(out, sh->rows.s, sh->rows.n);
    buf_printf(out, "</sheetData>");
    if (sh->n_valid)
        buf_printf(out, "<dataValidations count=\"%d\">%s</dataValidations>", sh->n_valid, sh->valid.s);
    /* printed like the screen shows it: grid, row and column headings, one page wide */
    buf_printf(out, "<printOptions headings=\"1\" gridLines=\"1\"/>"
                    "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
                    "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>");
}

/* ---- the snapshot as tables ------------------------------------------------------------------- */

struct writer {
    const struct snapshot *snap;
    struct out_sheet sh[N_SHEETS];  /* by workbook_sheet index */
    const struct headline_item **heads;
    const char **head_ids;
    size_t n_heads;
    char *zh, *en;
    size_t msg_size;
    bool failed;
};

enum { W_SETTINGS, W_HOTLINES, W_TICKER, W_HEADLINES, W_FIGURES, W_IMAGES, W_PLAYLIST, W_SCHEDULE };

static void fail(struct writer *w, const char *zh, const char *en, const char *what)
{
    if (w->failed)
        return;
    w->failed = true;
    snprintf(w->zh, w->msg_size, "%s：%s", zh, what);
    snprintf(w->en, w->msg_size, "%s: %s", en, what);
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* An asset's path as written in the folder ("assets/port.png"). */
static const char *rel(const struct writer *w, const char *abs)
{
    size_t n = strlen(w->snap->root);
    if (abs && strncmp(abs, w->snap->root, n) == 0 && abs[n] == '/')
        return abs + n + 1;
    return abs;
}

static void color(char *buf, struct rgba c)
{
    if (c.a == 255)
        snprintf(buf, 16, "#%02X%02X%02X", c.r, c.g, c.b);
    else
        snprintf(buf, 16, "#%02X%02X%02X%02X", c.r, c.g, c.b, c.a);
}

static void write_settings(struct writer *w)
{
    struct out_sheet *sh = &w->sh[W_SETTINGS];
    for (size_t i = 0; i < w->snap->n_playlists; i++) {
        const struct playlist *pl = &w->snap->playlists[i];
        const struct theme *th = &pl->theme;
        char c[7][16];
        const struct rgba cols[7] = {th->background, th->surface, th->text, th->muted,
                                     th->accent,     th->banner_bg, th->banner_text};
        row_begin(sh);
        cell_str(sh, 0, pl->id);
        cell_str(sh, 1, pl->title);
        cell_str(sh, 2, pl->orientation == ORIENT_PORTRAIT ? "竖屏" : "横屏");
        cell_str(sh, 3, pl->updated);
        cell_str(sh, 4, rel(w, th->logo));
        cell_str(sh, 5, pl->banner.services);
        for (int k = 0; k < 7; k++) {
            color(c[k], cols[k]);
            cell_str(sh, 6 + k, c[k]);
        }
        cell_str(sh, 13, th->fonts.title);
        cell_str(sh, 14, th->fonts.body);
        cell_str(sh, 15, th->fonts.figure);
        row_end(sh);
    }
    add_list(sh, 2, "横屏,竖屏", true);
}

static void write_banner(struct writer *w)
{
    const struct banner *b = &w->snap->playlists[0].banner;
    for (size_t i = 1; i < w->snap->n_playlists; i++) {
        const struct banner *o = &w->snap->playlists[i].banner;
        bool eq = o->n_entries == b->n_entries && same(o->ticker, b->ticker) && same(o->qr, b->qr);
        for (size_t k = 0; eq && k < b->n_entries; k++)
            eq = same(o->entries[k].label, b->entries[k].label) && same(o->entries[k].number, b->entries[k].number);
        if (!eq)
            fail(w, "各播放列表的热线、二维码或滚动字幕不同，工作簿中它们为所有屏幕共用",
                 "the playlists have different hotlines, QR codes or tickers; a workbook has one set for every screen",
                 w->snap->playlists[i].path);
    }
    struct out_sheet *sh = &w->sh[W_HOTLINES];
    char tel[96] = "tel:";
    size_t n = 4;
    for (const char *p = b->n_entries ? b->entries[0].number : ""; *p && n + 1 < sizeof tel; p++)
        if ((*p >= '0' && *p <= '9') || (*p == '+' && n == 4))
            tel[n++] = *p;
    tel[n] = '\0';
    for (size_t i = 0; i < b->n_entries; i++) {
        row_begin(sh);
        cell_str(sh, 0, b->entries[i].label);
        cell_str(sh, 1, b->entries[i].number);
        if (i == 0 && b->qr && strcmp(b->qr, tel) != 0)
            cell_str(sh, 2, b->qr);
        row_end(sh);
    }
    if (b->n_entries == 0 && b->qr)
        fail(w, "二维码需要至少一个热线", "a QR code needs a hotline", b->qr);
    sh = &w->sh[W_TICKER];
    const char *t = b->ticker;
    while (t && *t) {
        const char *sep = strstr(t, " · ");
        size_t len = sep ? (size_t)(sep - t) : strlen(t);
        char *line = xstrndup(t, len);
        row_begin(sh);
        cell_str(sh, 0, line);
        row_end(sh);
        free(line);
        t = sep ? sep + strlen(" · ") : NULL;
    }
}

/* Headline rows: every board's items in order, then the single headlines; one row per title. */
static long head_index(struct writer *w, const struct headline_item *it, const char *id)
{
    for (size_t i = 0; i < w->n_heads; i++)
        if (strcmp(w->heads[i]->title, it->title) == 0) {
            if (!same(w->heads[i]->source, it->source) || strcmp(w->heads[i]->date, it->date) != 0)
                fail(w, "同一标题的头条有不同的标签或日期", "one headline title has two tags or dates", it->title);
            if (it->summary && !w->heads[i]->summary)
                w->heads[i] = it;
            if (id && !w->head_ids[i])
                w->head_ids[i] = id;
            return (long)i;
        }
    w->heads = xreallocarray(w->heads, w->n_heads + 1, sizeof *w->heads);
    w->head_ids = xreallocarray(w->head_ids, w->n_heads + 1, sizeof *w->head_ids);
    w->heads[w->n_heads] = it;
    w->head_ids[w->n_heads] = id;
    return (long)w->n_heads++;
}

static void collect_headlines(struct writer *w)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t p = 0; p < w->snap->n_playlists; p++)
            for (size_t s = 0; s < w->snap->playlists[p].n_slides; s++) {
                const struct slide *sl = &w->snap->playlists[p].slides[s];
                if (pass == 0 && sl->kind == SLIDE_HEADLINES)
                    for (size_t i = 0; i < sl->n_items; i++)
                        if ((long)i != head_index(w, &sl->items[i], NULL))
                            fail(w, "头条列表须是头条表开头的若干条", "a board must show the first rows of the headlines sheet",
                                 sl->items[i].title);
                if (pass == 1 && sl->kind == SLIDE_HEADLINE)
                    head_index(w, &sl->items[0], strncmp(sl->id, "slides[", 7) ? sl->id : NULL);
            }
    struct out_sheet *sh = &w->sh[W_HEADLINES];
    for (size_t i = 0; i < w->n_heads; i++) {
        row_begin(sh);
        cell_str(sh, 0, w->head_ids[i]);
        cell_str(sh, 1, w->heads[i]->source);
        cell_str(sh, 2, w->heads[i]->title);
        cell_str(sh, 3, w->heads[i]->date);
        cell_str_style(sh, 4, w->heads[i]->summary, 2);
        row_end(sh);
    }
    sh->width[4] = 60;
}

static bool same_cards(const struct slide *a, const struct slide *b)
{
    if (a->n_cards != b->n_cards)
        return false;
    for (size_t i = 0; i < a->n_cards; i++) {
        const struct kpi_card *x = &a->cards[i], *y = &b->cards[i];
        if (!same(x->label, y->label) || x->value != y->value || x->decimals != y->decimals ||
            !same(x->prefix, y->prefix) || !same(x->unit, y->unit) || !same(x->comparison, y->comparison))
            return false;
    }
    return true;
}

static void write_figures(struct writer *w, const struct slide *sl)
{
    struct out_sheet *sh = &w->sh[W_FIGURES];
    for (size_t i = 0; i < sl->n_cards; i++) {
        const struct kpi_card *c = &sl->cards[i];
        row_begin(sh);
        cell_str(sh, 0, sl->title);
        cell_str(sh, 1, c->label);
        if (c->prefix || c->decimals != cellval_decimals(c->value)) {
            char v[128];
            snprintf(v, sizeof v, "%s%.*f", c->prefix ? c->prefix : "", c->decimals, c->value);
            cell_str(sh, 2, v);
        } else {
            cell_num(sh, 2, c->value);
        }
        cell_str(sh, 3, c->unit);
        cell_str(sh, 4, c->comparison);
        row_end(sh);
    }
}

static void date_text(uint32_t ymd, char *buf)
{
    snprintf(buf, 16, "%04u-%02u-%02u", (ymd / 10000) % 10000, (ymd / 100) % 100, ymd % 100);
}

static void write_playlist(struct writer *w)
{
    struct out_sheet *sh = &w->sh[W_PLAYLIST];
    const struct slide **kpis = NULL, **images = NULL;
    size_t n_kpis = 0, n_images = 0;
    static const char *const kind_zh[] = {"头条", "头条列表", "数据", "热线", "图片"};
    _Static_assert(sizeof kind_zh / sizeof kind_zh[0] == SLIDE_KIND_COUNT, "a word for every kind");
    for (size_t p = 0; p < w->snap->n_playlists; p++) {
        const struct playlist *pl = &w->snap->playlists[p];
        for (size_t s = 0; s < pl->n_slides; s++) {
            const struct slide *sl = &pl->slides[s];
            row_begin(sh);
            if (w->snap->n_playlists > 1)
                cell_str(sh, 0, pl->id);
            cell_str(sh, 1, kind_zh[sl->kind]);
            cell_num(sh, 3, sl->duration_ms / 1000.0);
            char d[16];
            if (sl->window.from) {
                date_text(sl->window.from, d);
                cell_str(sh, 7, d);
            }
            if (sl->window.until) {
                date_text(sl->window.until, d);
                cell_str(sh, 8, d);
            }
            if (strncmp(sl->id, "slides[", 7) != 0)
                cell_str(sh, 9, sl->id);
            switch (sl->kind) {
            case SLIDE_HEADLINE: {
                long i = head_index(w, &sl->items[0], NULL);
                cell_str(sh, 2, w->head_ids[i] ? w->head_ids[i] : w->heads[i]->title);
                break;
            }
            case SLIDE_HEADLINES:
                cell_str(sh, 4, sl->title);
                if (sl->per_page)
                    cell_num(sh, 5, sl->per_page);
                if (sl->n_items < w->n_heads)
                    cell_num(sh, 6, (double)sl->n_items);
                break;
            case SLIDE_KPI: {
                cell_str(sh, 2, sl->title);
                bool seen = false;
                for (size_t k = 0; k < n_kpis && !seen; k++)
                    if (strcmp(kpis[k]->title, sl->title) == 0) {
                        seen = true;
                        if (!same_cards(kpis[k], sl))
                            fail(w, "两张数据幻灯片标题相同但数字不同", "two figures slides share a title but not their figures",
                                 sl->title);
                    }
                if (!seen) {
                    kpis = xreallocarray(kpis, n_kpis + 1, sizeof *kpis);
                    kpis[n_kpis++] = sl;
                    write_figures(w, sl);
                }
                break;
            }
            case SLIDE_HOTLINE: cell_str(sh, 4, sl->title); break;
            case SLIDE_IMAGE: {
                const char *file = rel(w, sl->image);
                cell_str(sh, 2, file);
                bool seen = false;
                for (size_t k = 0; k < n_images && !seen; k++)
                    if (strcmp(images[k]->image, sl->image) == 0) {
                        seen = true;
                        if (!same(images[k]->caption, sl->caption) || images[k]->fit != sl->fit)
                            fail(w, "同一图片有两种说明或适应方式", "one picture has two captions or fits", file);
                    }
                if (!seen) {
                    images = xreallocarray(images, n_images + 1, sizeof *images);
                    images[n_images++] = sl;
                    struct out_sheet *im = &w->sh[W_IMAGES];
                    row_begin(im);
                    cell_str(im, 0, file);
                    cell_str(im, 1, sl->caption);
                    cell_str(im, 2, sl->fit == FIT_COVER ? "铺满" : "完整显示");
                    row_end(im);
                }
                break;
            }
            }
            row_end(sh);
        }
    }
    free(kpis);
    free(images);
    add_list(sh, 1, "头条列表,头条,数据,热线,图片", true);
    add_list(&w->sh[W_IMAGES], 2, "完整显示,铺满", true);
}

static void hhmm(uint16_t m, char *buf)
{
    snprintf(buf, 8, "%02u:%02u", (unsigned)(m / 60) % 100, (unsigned)(m % 60));
}

static void write_schedule(struct writer *w)
{
    static const char *const day_zh[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
    struct out_sheet *sh = &w->sh[W_SCHEDULE];
    for (size_t p = 0; p < w->snap->n_playlists; p++) {
        const struct playlist *pl = &w->snap->playlists[p];
        for (int k = 0; k < 2; k++) {
            const struct day_span *spans = k ? pl->screen_off : pl->dayparts;
            size_t n = k ? pl->n_screen_off : pl->n_dayparts;
            for (size_t i = 0; i < n; i++) {
                char days[64] = "", t[8];
                if (spans[i].days == 0x7F)
                    snprintf(days, sizeof days, "每天");
                else if (spans[i].days == 0x1F)
                    snprintf(days, sizeof days, "工作日");
                else if (spans[i].days == 0x60)
                    snprintf(days, sizeof days, "周末");
                else
                    for (int d = 0; d < 7; d++)
                        if (spans[i].days & (1u << d))
                            snprintf(days + strlen(days), sizeof days - strlen(days), "%s%s", days[0] ? "、" : "",
                                     day_zh[d]);
                row_begin(sh);
                if (w->snap->n_playlists > 1)
                    cell_str(sh, 0, pl->id);
                cell_str(sh, 1, k ? "关屏" : "播放");
                cell_str(sh, 2, days);
                hhmm(spans[i].start_min, t);
                cell_str(sh, 3, t);
                hhmm(spans[i].end_min, t);
                cell_str(sh, 4, t);
                row_end(sh);
            }
        }
    }
    add_list(sh, 1, "播放,关屏", true);
    add_list(sh, 2, "每天,工作日,周末", false);
}

/* The 说明 sheet: how to use the workbook, then every sheet and column in Chinese and English. */
static void write_readme(struct out_sheet *sh)
{
    static const char *const intro[] = {
        "lobbysign 内容工作簿 / lobbysign content workbook",
        "在各工作表中修改内容，保存为 content.xlsx，放入内容文件夹（或 U 盘），再运行 lobbysign validate 检查。",
        "Edit the sheets, save as content.xlsx in the content folder (or on the USB stick), then run lobbysign validate.",
        "列名可用中文或英文；表头上方可以有标题行；空行会被跳过；隐藏的行和工作表不会播放。",
        "Column names may be Chinese or English; a title row above the header is fine; empty rows are skipped; hidden rows and sheets are not played.",
    };
    for (size_t i = 0; i < sizeof intro / sizeof intro[0]; i++) {
        row_begin(sh);
        cell_str_style(sh, 0, intro[i], i == 0 ? 1 : 0);
        row_end(sh);
    }
    sh->width[0] = 14;
    row_begin(sh);
    row_end(sh);
    row_begin(sh);
    cell_str_style(sh, 0, "工作表 sheet", 1);
    cell_str_style(sh, 1, "列 column", 1);
    cell_str_style(sh, 2, "English", 1);
    cell_str_style(sh, 3, "说明 / what to write", 1);
    row_end(sh);
    for (int s = 0; workbook_sheet(s); s++) {
        const struct workbook_sheet *def = workbook_sheet(s);
        row_begin(sh);
        cell_str_style(sh, 0, def->zh, 1);
        cell_str(sh, 2, def->en);
        cell_str_style(sh, 3, def->help, 2);
        row_end(sh);
        for (int c = 0; c < WORKBOOK_MAX_COLS && def->cols[c].zh; c++) {
            row_begin(sh);
            cell_str(sh, 1, def->cols[c].zh);
            cell_str(sh, 2, def->cols[c].en);
            cell_str_style(sh, 3, def->cols[c].help, 2);
            row_end(sh);
        }
    }
    sh->width[0] = 14;
    sh->width[3] = 90;
    sh->n_cols = 4;
}

/* ---- the package ------------------------------------------------------------------------------ */

static const char styles_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"等线\"/><family val=\"2\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"等线\"/><family val=\"2\"/></font></fonts>"
    "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
    "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
    "<alignment vertical=\"top\" wrapText=\"1\"/></xf></cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";

static la_ssize_t zip_write(struct archive *a, void *ctx, const void *data, size_t n)
{
    (void)a;
    buf_add(ctx, data, n);
    return (la_ssize_t)n;
}

static bool zip_add(struct archive *a, const char *name, const char *data, size_t len)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)len);
    archive_entry_set_mtime(e, 1262304000, 0); /* 2010-01-01: fixed, so the same content gives the same bytes */
    bool ok = archive_write_header(a, e) == ARCHIVE_OK && archive_write_data(a, data, len) == (la_ssize_t)len;
    archive_entry_free(e);
    return ok;
}

bool wbwrite_workbook(const struct snapshot *snap, char **data, size_t *len, char *zh, char *en, size_t msg_size)
{
    struct writer w = {.snap = snap, .zh = zh, .en = en, .msg_size = msg_size};
    struct out_sheet readme = {.name = "说明"};
    zh[0] = en[0] = '\0';
    *data = NULL;
    *len = 0;
    for (int s = 0; s < N_SHEETS; s++) {
        w.sh[s].name = workbook_sheet(s)->zh;
        header(&w.sh[s], workbook_sheet(s));
    }
    write_readme(&readme);
    write_settings(&w);
    write_banner(&w);
    collect_headlines(&w);
    write_playlist(&w);
    write_schedule(&w);
    bool ok = !w.failed;
    /* order on the tabs: 说明, then the sheets an operator edits most */
    static const int order[N_SHEETS] = {W_SETTINGS, W_HEADLINES, W_FIGURES, W_HOTLINES, W_TICKER, W_IMAGES, W_PLAYLIST, W_SCHEDULE};
    struct buf wb = {0}, rels = {0}, ct = {0};
    buf_printf(&wb, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                    "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>");
    buf_printf(&rels, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    buf_printf(&ct, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    "<Override PartName=\"/xl/workbook.xml\" "
                    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    "<Override PartName=\"/xl/styles.xml\" "
                    "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_set_options(a, "zip:compression=deflate");
    struct buf zip = {0};
    archive_write_set_bytes_in_last_block(a, 1);
    if (archive_write_open(a, &zip, NULL, zip_write, NULL) != ARCHIVE_OK)
        ok = false;
    struct buf parts[N_SHEETS + 1] = {{0}};
    for (int i = 0; i <= N_SHEETS; i++) {
        const struct out_sheet *sh = i == 0 ? &readme : &w.sh[order[i - 1]];
        sheet_xml(sh, i != 0, &parts[i]);
        buf_printf(&wb, "<sheet name=\"");
        buf_xml(&wb, sh->name);
        buf_printf(&wb, "\" sheetId=\"%d\" r:id=\"rId%d\"/>", i + 1, i + 1);
        buf_printf(&rels,
                   "<Relationship Id=\"rId%d\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                   "worksheet\" Target=\"worksheets/sheet%d.xml\"/>",
                   i + 1, i + 1);
        buf_printf(&ct,
                   "<Override PartName=\"/xl/worksheets/sheet%d.xml\" "
                   "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
                   i + 1);
    }
    buf_printf(&wb, "</sheets></workbook>");
    buf_printf(&rels,
               "<Relationship Id=\"rId%d\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
               "styles\" Target=\"styles.xml\"/></Relationships>",
               N_SHEETS + 2);
    buf_printf(&ct, "</Types>");
    static const char root_rels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    ok = ok && zip_add(a, "[Content_Types].xml", ct.s, ct.n) && zip_add(a, "_rels/.rels", root_rels, strlen(root_rels)) &&
         zip_add(a, "xl/workbook.xml", wb.s, wb.n) && zip_add(a, "xl/_rels/workbook.xml.rels", rels.s, rels.n) &&
         zip_add(a, "xl/styles.xml", styles_xml, strlen(styles_xml));
    for (int i = 0; i <= N_SHEETS && ok; i++) {
        char name[48];
        snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i + 1);
        ok = zip_add(a, name, parts[i].s, parts[i].n);
    }
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    archive_write_free(a);
    if (!ok && !w.failed) {
        snprintf(zh, msg_size, "无法生成工作簿（zip 写入失败）");
        snprintf(en, msg_size, "cannot write the workbook (the zip writer failed)");
    }
    for (int i = 0; i <= N_SHEETS; i++)
        free(parts[i].s);
    for (int s = 0; s < N_SHEETS; s++) {
        free(w.sh[s].rows.s);
        free(w.sh[s].valid.s);
    }
    free(readme.rows.s);
    free(readme.valid.s);
    free(wb.s);
    free(rels.s);
    free(ct.s);
    free(w.heads);
    free(w.head_ids);
    if (!ok) {
        free(zip.s);
        return false;
    }
    *data = zip.s;
    *len = zip.n;
    return true;
}
