/* workbook: see workbook.h and docs/workbook.md. Each sheet is a table: a header row (the first
 * row naming a known column; rows above it, such as a merged title, are skipped) and data rows
 * (empty rows skipped, hidden rows skipped with a warning). The tables become one JSON document
 * per screen (a row of 设置), with a map from each JSON path to the cell it came from; the
 * document runs through the same schema as a playlist file, and its findings are moved from the
 * JSON path to the cell. A value that cannot be read is reported at its cell and replaced by a
 * harmless stand-in, so the schema does not report it a second time (the load fails anyway). */
#define LOG_TAG "workbook"
#include "content/workbook.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content/cellval.h"
#include "content/csvsheet.h"
#include "content/xlsx.h"
#include "core/fsutil.h"
#include "core/util.h"
#include "core/xalloc.h"

#define MAX_COLS_DEF WORKBOOK_MAX_COLS
#define HEADER_SCAN_ROWS 10

/* ---- sheets and columns ----------------------------------------------------------------------- */

enum sheet_id { SH_SETTINGS, SH_HOTLINES, SH_TICKER, SH_HEADLINES, SH_FIGURES, SH_IMAGES, SH_PLAYLIST, SH_SCHEDULE, SH_COUNT };
enum { S_SCREEN, S_TITLE, S_ORIENT, S_UPDATED, S_LOGO, S_SERVICES, S_BG, S_SURFACE, S_TEXT, S_MUTED, S_ACCENT,
       S_BANNER_BG, S_BANNER_TEXT, S_FONT_TITLE, S_FONT_BODY, S_FONT_FIGURE };
enum { H_LABEL, H_NUMBER, H_QR };
enum { T_TEXT };
enum { N_ID, N_TAG, N_TITLE, N_DATE, N_SUMMARY };
enum { F_SLIDE, F_LABEL, F_VALUE, F_UNIT, F_NOTE };
enum { I_FILE, I_CAPTION, I_FIT };
enum { P_SCREEN, P_KIND, P_CONTENT, P_DURATION, P_TITLE, P_PER_PAGE, P_COUNT, P_FROM, P_UNTIL, P_ID };
enum { C_SCREEN, C_WHAT, C_DAYS, C_START, C_END };

static const struct workbook_sheet sheets[SH_COUNT] = {
    [SH_SETTINGS] = {"设置", "settings", "每行一块屏幕 / one row per screen",
                     {{"屏幕", "screen", "屏幕编号：小写字母、数字、- _；只有一块屏幕时可不填 / screen id (a-z 0-9 - _); may be empty with one screen"},
                      {"标题", "title", "屏幕标题，显示在顶部 / the screen's title, shown at the top"},
                      {"方向", "orientation", "横屏 或 竖屏 / landscape or portrait"},
                      {"更新日期", "updated", "数据更新日期，如 2025-07-09 / date of the figures, such as 2025-07-09"},
                      {"标志", "logo", "标志图片文件，如 assets/logo.png（可不填）/ logo picture file (optional)"},
                      {"服务项目", "services", "热线栏中的服务项目（可不填）/ services listed in the hotline strip (optional)"},
                      {"背景色", "background", "颜色如 #0B1F3A（以下颜色都可不填）/ colour such as #0B1F3A (all colours optional)"},
                      {"卡片色", "surface", "卡片和面板的颜色 / cards and panels"},
                      {"文字色", "text", "主要文字颜色 / main text"},
                      {"次要文字色", "muted", "日期等次要文字 / dates and secondary text"},
                      {"强调色", "accent", "来源标签、数字、分隔线 / tags, figures, rules"},
                      {"横幅底色", "banner_bg", "底部热线栏的底色 / the hotline strip"},
                      {"横幅文字色", "banner_text", "热线栏文字 / text on the hotline strip"},
                      {"标题字体", "title_font", "fonts.json 中的字体族（可不填）/ a family from fonts.json (optional)"},
                      {"正文字体", "body_font", "同上 / as above"},
                      {"数字字体", "figure_font", "同上 / as above"}}},
    [SH_HOTLINES] = {"热线", "hotlines", "每行一个热线号码，所有屏幕共用 / one hotline per row, for every screen",
                     {{"名称", "label", "如 招商中心 / such as 招商中心"},
                      {"号码", "number", "如 400-162-2002；二维码默认拨打第一个号码 / such as 400-162-2002; the QR code dials the first number"},
                      {"二维码", "qr", "二维码内容，不填则拨打第一个号码 / the QR code's content; empty: dial the first number"}}},
    [SH_TICKER] = {"滚动字幕", "ticker", "每行一句，依次滚动（用 · 连接）/ one line per row, scrolled in turn (joined with ·)",
                   {{"内容", "text", "一句滚动字幕 / one line of the ticker"}}},
    [SH_HEADLINES] = {"头条", "headlines", "每行一条新闻；头条列表按此顺序显示 / one news item per row; boards show them in this order",
                      {{"编号", "id", "供播放顺序引用的编号（可不填，则用标题引用）/ id the playlist can name (optional: the title works too)"},
                       {"标签", "tag", "来源标签，显示为【武汉招商】，不要再写进标题 / source tag, shown as 【武汉招商】; do not repeat it in the title"},
                       {"标题", "title", "新闻标题 / the headline"},
                       {"日期", "date", "如 2025-07-09、2025/7/9 或 2025年7月9日 / a date"},
                       {"摘要", "summary", "几句话的摘要（单独播放一条头条时显示）/ a few sentences, shown on a single-headline slide"}}},
    [SH_FIGURES] = {"数据", "figures", "每行一个数字；幻灯片标题相同的行组成一张数据幻灯片（最多 6 个）/ one figure per row; rows with the same slide title make one slide (up to 6)",
                    {{"幻灯片标题", "slide", "如 2019年武汉经济发展成绩单 / the slide's title"},
                     {"指标", "label", "如 地区生产总值增长 / what the figure is"},
                     {"数值", "value", "照常书写：7.8、3,570.8、约7.8%、156.02万、8600亿元 / as people write it"},
                     {"单位", "unit", "如 %、亿元、万标箱（也可直接写在数值后）/ unit (or written after the value)"},
                     {"说明", "note", "对比说明，如 同比 +15%（可不填）/ comparison, such as 同比 +15% (optional)"}}},
    [SH_IMAGES] = {"图片", "images", "每行一张图片 / one picture per row",
                   {{"文件", "file", "图片文件，如 assets/port.png（PNG 或 JPEG）/ picture file (PNG or JPEG)"},
                    {"说明", "caption", "图片下方的说明（可不填）/ caption (optional)"},
                    {"适应", "fit", "完整显示 或 铺满 / contain or cover"}}},
    [SH_PLAYLIST] = {"播放顺序", "playlist", "每行一张幻灯片，从上到下播放 / one slide per row, played top to bottom",
                     {{"屏幕", "screen", "设置表中的屏幕；不填则所有屏幕都播放 / a screen of the settings sheet; empty: every screen"},
                      {"类型", "kind", "头条列表、头条、数据、热线 或 图片 / headlines, headline, figures, hotline or image"},
                      {"内容", "content", "头条：头条的编号或标题；数据：幻灯片标题；图片：文件 / headline: its id or title; figures: the slide title; image: the file"},
                      {"时长", "duration", "播放秒数，如 12 / seconds on screen, such as 12"},
                      {"标题", "title", "头条列表和热线幻灯片的标题 / title of a headlines board or hotline slide"},
                      {"每页", "per_page", "头条列表每页条数（默认 5）/ headlines per page of a board (default 5)"},
                      {"条数", "count", "头条列表显示头条表前几条（默认全部）/ how many headlines from the top (default all)"},
                      {"开始日期", "from", "从这天起播放（可不填）/ first day to play (optional)"},
                      {"结束日期", "until", "播放到这天为止（可不填）/ last day to play (optional)"},
                      {"编号", "id", "幻灯片编号（可不填）/ slide id (optional)"}}},
    [SH_SCHEDULE] = {"时间表", "schedule", "何时播放、何时关屏 / when to play and when the screen is off",
                     {{"屏幕", "screen", "不填则所有屏幕 / empty: every screen"},
                      {"类型", "kind", "播放 或 关屏 / play or off"},
                      {"日期", "days", "每天、工作日、周末，或 周一、周三 / daily, weekdays, weekend, or days"},
                      {"开始", "start", "如 07:00 / such as 07:00"},
                      {"结束", "end", "如 22:30（可跨过午夜）/ such as 22:30 (may pass midnight)"}}},
};
static_assert(ALEN(sheets) == SH_COUNT, "a row for every sheet");

const struct workbook_sheet *workbook_sheet(int i)
{
    return i >= 0 && i < SH_COUNT ? &sheets[i] : NULL;
}

/* Sheets that explain the workbook and are never read. */
static const char *const readme_sheets[] = {"说明", "readme", "instructions", NULL};

/* Words a cell may hold for the fixed choices; the first of each row is what the JSON says. */
struct word {
    const char *json, *zh, *en;
};
static const struct word kind_words[] = {
    {"headlines", "头条列表", "headlines"}, {"headline", "头条", "headline"}, {"kpi", "数据", "figures"},
    {"hotline", "热线", "hotline"},         {"image", "图片", "image"},      {"kpi", "数据", "kpi"},
};
static const struct word fit_words[] = {{"contain", "完整显示", "contain"}, {"cover", "铺满", "cover"}};
static const struct word orient_words[] = {{"landscape", "横屏", "landscape"}, {"portrait", "竖屏", "portrait"},
                                           {"landscape", "横", "horizontal"}, {"portrait", "竖", "vertical"}};
static const struct word span_words[] = {{"dayparts", "播放", "play"}, {"screen_off", "关屏", "off"},
                                         {"dayparts", "播放时段", "dayparts"}, {"screen_off", "关屏时段", "screen_off"}};
static const struct word days_words[] = {{"daily", "每天", "daily"}, {"weekdays", "工作日", "weekdays"},
                                         {"weekend", "周末", "weekend"}};
static const struct word day_words[] = {{"mon", "周一", "mon"}, {"tue", "周二", "tue"}, {"wed", "周三", "wed"},
                                        {"thu", "周四", "thu"}, {"fri", "周五", "fri"}, {"sat", "周六", "sat"},
                                        {"sun", "周日", "sun"}, {"sun", "周天", "sunday"}};

/* Default durations (seconds) by kind when the playlist sheet is absent. */
static const struct {
    const char *kind;
    long seconds;
} default_durations[] = {{"headlines", 12}, {"headline", 15}, {"kpi", 12}, {"image", 8}, {"hotline", 10}};

/* ---- state ------------------------------------------------------------------------------------ */

struct table {
    const struct xlsx_sheet *sh;   /* NULL: the sheet is absent */
    int col[MAX_COLS_DEF];         /* sheet column of each defined column, -1 = absent */
    uint32_t header;
    uint32_t *rows;                /* data rows (0-based sheet rows) */
    size_t *first;                 /* index of each data row's first cell */
    size_t n_rows;
};

struct map_ent {
    char *path, *where;
};

struct doc {
    json_t *root;
    struct map_ent *map;
    size_t n_map, cap_map;
};

struct wb {
    struct loader *ld;
    const struct xlsx_book *book;
    struct table t[SH_COUNT];
    size_t errors_before;
};

static bool blank_str(const char *s)
{
    char buf[16];
    cellval_trim(s, buf, sizeof buf);
    return buf[0] == '\0';
}

static void report(struct wb *w, enum severity sev, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(struct wb *w, enum severity sev, const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    push_key(w->ld, where);
    jcheck_report(&w->ld->jc, sev, JC_AT_VALUE, "%s", msg);
    pop(w->ld);
    free(msg);
}

/* "数据!C5" (col -1: "数据!5" the row; row UINT32_MAX: "数据!C" the column) into buf (>= 96). */
static const char *where(const struct table *t, uint32_t row, int col, char *buf)
{
    char ref[16];
    if (col < 0)
        snprintf(buf, 96, "%s!%u", t->sh->name, row + 1);
    else if (row == UINT32_MAX)
        snprintf(buf, 96, "%s!%s", t->sh->name, xlsx_col_name((uint32_t)col, ref));
    else
        snprintf(buf, 96, "%s!%s", t->sh->name, xlsx_cell_name(row, (uint32_t)col, ref));
    return buf;
}

/* The cell of defined column c in data row k, or NULL when empty or the column is absent. */
static const struct xlsx_cell *cell(const struct table *t, size_t k, int c)
{
    if (!t->sh || k >= t->n_rows || t->col[c] < 0)
        return NULL;
    for (size_t i = t->first[k]; i < t->sh->n_cells && t->sh->cells[i].row == t->rows[k]; i++)
        if (t->sh->cells[i].col == (uint32_t)t->col[c]) {
            const struct xlsx_cell *x = &t->sh->cells[i];
            if (x->type == XLSX_STRING && blank_str(x->str))
                return NULL;
            return x;
        }
    return NULL;
}

/* Where column c of data row k is (its cell even when empty; the row when the column is absent). */
static const char *cell_where(const struct table *t, size_t k, int c, char *buf)
{
    return where(t, t->rows[k], t->col[c], buf);
}

/* ---- reading the tables ----------------------------------------------------------------------- */

/* A header cell's column name: the text before a bracket or a line break ("时长（秒）" -> "时长"). */
static void header_name(const char *s, char *buf, size_t size)
{
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%s", s);
    static const char *const cuts[] = {"（", "(", "\n", "/", NULL};
    for (const char *const *c = cuts; *c; c++) {
        char *p = strstr(tmp, *c);
        if (p && p != tmp)
            *p = '\0';
    }
    cellval_trim(tmp, buf, size);
}

static int find_col(const struct workbook_sheet *def, const char *name)
{
    for (int c = 0; c < MAX_COLS_DEF && def->cols[c].zh; c++)
        if (strcmp(name, def->cols[c].zh) == 0 || strcasecmp(name, def->cols[c].en) == 0)
            return c;
    return -1;
}

static void col_words(const struct workbook_sheet *def, const char **words)
{
    size_t n = 0;
    for (int c = 0; c < MAX_COLS_DEF && def->cols[c].zh; c++) {
        words[n++] = def->cols[c].zh;
        words[n++] = def->cols[c].en;
    }
    words[n] = NULL;
}

static bool row_hidden(const struct xlsx_sheet *sh, uint32_t row)
{
    for (size_t i = 0; i < sh->n_hidden_rows; i++)
        if (sh->hidden_rows[i] == row)
            return true;
    return false;
}

static void read_table(struct wb *w, enum sheet_id id, const struct xlsx_sheet *sh)
{
    const struct workbook_sheet *def = &sheets[id];
    struct table *t = &w->t[id];
    char buf[96], name[128];
    t->sh = sh;
    for (int c = 0; c < MAX_COLS_DEF; c++)
        t->col[c] = -1;
    /* the header: the first row (of the first few) with a known column name */
    bool found = false;
    for (size_t i = 0; i < sh->n_cells && !found; i++) {
        const struct xlsx_cell *x = &sh->cells[i];
        if (x->row >= HEADER_SCAN_ROWS)
            break;
        if (x->type == XLSX_STRING && !x->merged) {
            header_name(x->str, name, sizeof name);
            if (find_col(def, name) >= 0) {
                found = true;
                t->header = x->row;
            }
        }
    }
    char cols[512];
    const char *words[2 * MAX_COLS_DEF + 1];
    col_words(def, words);
    if (!found) {
        jcheck_join(cols, sizeof cols, words);
        report(w, SEV_ERROR, sh->name,
               JC_ZH_EN("找不到表头行（前 %d 行中应有列名：%s）", "no header row (one of the first %d rows should name columns: %s)"),
               HEADER_SCAN_ROWS, cols, HEADER_SCAN_ROWS, cols);
        t->sh = NULL;
        return;
    }
    size_t i = 0;
    while (i < sh->n_cells && sh->cells[i].row < t->header)
        i++;
    for (; i < sh->n_cells && sh->cells[i].row == t->header; i++) {
        const struct xlsx_cell *x = &sh->cells[i];
        if (x->type != XLSX_STRING || blank_str(x->str))
            continue;
        header_name(x->str, name, sizeof name);
        int c = find_col(def, name);
        where(t, x->row, (int)x->col, buf);
        if (c < 0) {
            const char *guess = jcheck_closest(name, words);
            if (guess)
                report(w, SEV_WARNING, buf,
                       JC_ZH_EN("未知的列 “%s”（已忽略），是否想写 “%s”？", "unknown column \"%s\" (ignored); did you mean \"%s\"?"),
                       name, guess, name, guess);
            else {
                jcheck_join(cols, sizeof cols, words);
                report(w, SEV_WARNING, buf,
                       JC_ZH_EN("未知的列 “%s”（已忽略；可用：%s）", "unknown column \"%s\" (ignored; known: %s)"), name, cols,
                       name, cols);
            }
        } else if (t->col[c] >= 0) {
            report(w, SEV_ERROR, buf, JC_ZH_EN("列 “%s” 出现了两次", "column \"%s\" appears twice"), name, name);
        } else {
            t->col[c] = (int)x->col;
        }
    }
    /* data rows: a row with a value in a known column */
    for (; i < sh->n_cells;) {
        uint32_t row = sh->cells[i].row;
        size_t first = i;
        bool any = false;
        for (; i < sh->n_cells && sh->cells[i].row == row; i++) {
            const struct xlsx_cell *x = &sh->cells[i];
            bool known = false;
            for (int c = 0; c < MAX_COLS_DEF; c++)
                known |= t->col[c] == (int)x->col;
            any |= known && !(x->type == XLSX_STRING && blank_str(x->str));
        }
        if (!any)
            continue;
        if (row_hidden(sh, row)) {
            report(w, SEV_WARNING, where(t, row, -1, buf),
                   JC_ZH_EN("隐藏的行不会播放（已忽略）；要播放请取消隐藏", "a hidden row is not played (ignored); unhide it to play it"));
            continue;
        }
        t->rows = xreallocarray(t->rows, t->n_rows + 1, sizeof *t->rows);
        t->first = xreallocarray(t->first, t->n_rows + 1, sizeof *t->first);
        t->rows[t->n_rows] = row;
        t->first[t->n_rows] = first;
        t->n_rows++;
    }
}

static void read_sheets(struct wb *w)
{
    const char *names[2 * SH_COUNT + 4];
    size_t n = 0;
    for (int s = 0; s < SH_COUNT; s++) {
        names[n++] = sheets[s].zh;
        names[n++] = sheets[s].en;
    }
    names[n++] = readme_sheets[0];
    names[n] = NULL;
    for (size_t i = 0; i < w->book->n_sheets; i++) {
        const struct xlsx_sheet *sh = &w->book->sheets[i];
        char name[128];
        cellval_trim(sh->name, name, sizeof name);
        int id = -1;
        for (int s = 0; s < SH_COUNT; s++)
            if (strcmp(name, sheets[s].zh) == 0 || strcasecmp(name, sheets[s].en) == 0)
                id = s;
        bool readme = false;
        for (const char *const *r = readme_sheets; *r; r++)
            readme |= strcasecmp(name, *r) == 0;
        if (readme)
            continue;
        if (id < 0) {
            const char *guess = jcheck_closest(name, names);
            char list[512];
            jcheck_join(list, sizeof list, names);
            if (guess)
                report(w, SEV_WARNING, sh->name,
                       JC_ZH_EN("未知的工作表 “%s”（已忽略），是否想写 “%s”？", "unknown sheet \"%s\" (ignored); did you mean \"%s\"?"),
                       name, guess, name, guess);
            else
                report(w, SEV_WARNING, sh->name,
                       JC_ZH_EN("未知的工作表 “%s”（已忽略；可用：%s）", "unknown sheet \"%s\" (ignored; known: %s)"), name, list,
                       name, list);
            continue;
        }
        if (sh->hidden) {
            report(w, SEV_WARNING, sh->name,
                   JC_ZH_EN("工作表已隐藏，不会读取；要使用请取消隐藏", "the sheet is hidden and is not read; unhide it to use it"));
            continue;
        }
        if (w->t[id].sh) {
            report(w, SEV_ERROR, sh->name,
                   JC_ZH_EN("工作表 “%s” 与 “%s” 是同一张表，只能有一个", "sheets \"%s\" and \"%s\" are the same table; keep one"),
                   w->t[id].sh->name, sh->name, w->t[id].sh->name, sh->name);
            continue;
        }
        read_table(w, (enum sheet_id)id, sh);
    }
}

/* 头条.csv, 数据.csv, 热线.csv (or headlines.csv, figures.csv, hotlines.csv) beside the workbook
 * stand for that sheet; a sheet given twice is an error. */
static void read_csv_sheets(struct wb *w, const char *dir_abs, struct arena *arena)
{
    static const enum sheet_id ids[] = {SH_HEADLINES, SH_FIGURES, SH_HOTLINES};
    for (size_t i = 0; dir_abs && i < ALEN(ids); i++)
        for (int lang = 0; lang < 2; lang++) {
            char name[64];
            snprintf(name, sizeof name, "%s.csv", lang ? sheets[ids[i]].en : sheets[ids[i]].zh);
            char *path = fs_join(dir_abs, name), *data = NULL;
            size_t len = 0;
            enum fs_status st = fs_read_file(path, CSVSHEET_MAX_BYTES, true, &data, &len);
            free(path);
            if (st == FS_NOT_FOUND) {
                free(data);
                continue;
            }
            struct xlsx_sheet *sh = arena_alloc(arena, 1, sizeof *sh);
            const char *enc = "";
            char zh[512], en[512];
            if (st != FS_OK) {
                report(w, SEV_ERROR, name, JC_ZH_EN("无法读取（文件过大或不是普通文件）", "cannot read it (too large or not a regular file)"));
            } else if (!csvsheet_read(data, len, name, arena, sh, &enc, zh, en, sizeof zh)) {
                report(w, SEV_ERROR, name, JC_ZH_EN("%s", "%s"), zh, en);
            } else if (w->t[ids[i]].sh) {
                report(w, SEV_ERROR, name,
                       JC_ZH_EN("与工作表 “%s” 重复：同一张表只能给一次", "repeats the sheet \"%s\": give each table once"),
                       w->t[ids[i]].sh->name, w->t[ids[i]].sh->name);
            } else {
                read_table(w, ids[i], sh);
            }
            free(data);
        }
}

/* ---- values ----------------------------------------------------------------------------------- */

static void bad(struct wb *w, const char *at, const char *want_zh, const char *want_en, const struct xlsx_cell *x)
{
    char got[256];
    if (x->type == XLSX_STRING)
        snprintf(got, sizeof got, "\"%.200s\"", x->str);
    else if (x->type == XLSX_NUMBER)
        cellval_number_text(x->num, got, sizeof got);
    else if (x->type == XLSX_BOOL)
        snprintf(got, sizeof got, "%s", x->num ? "TRUE" : "FALSE");
    else
        snprintf(got, sizeof got, "%.200s", x->str);
    if (x->type == XLSX_ERROR)
        report(w, SEV_ERROR, at,
               JC_ZH_EN("应为%s，实际为公式错误 %s；请修正公式", "expected %s, got the formula error %s; fix the formula"),
               want_zh, got, want_en, got);
    else if (strcmp(want_en, "a number") == 0)
        report(w, SEV_ERROR, at,
               JC_ZH_EN("应为数字，实际为 %s（可写 7.8、3,570.8、约7.8%%、156.02万、8600亿元）",
                        "expected a number, got %s (write 7.8, 3,570.8, 约7.8%%, 156.02万, 8600亿元)"),
               got, got);
    else
        report(w, SEV_ERROR, at, JC_ZH_EN("应为%s，实际为 %s", "expected %s, got %s"), want_zh, got, want_en, got);
}

/* Text: strings as typed (trimmed), numbers in their shortest form. */
static json_t *val_text(struct wb *w, const struct table *t, size_t k, int c)
{
    const struct xlsx_cell *x = cell(t, k, c);
    char buf[96];
    if (!x)
        return NULL;
    if (x->type == XLSX_STRING) {
        char *s = xmalloc(strlen(x->str) + 1);
        cellval_trim(x->str, s, strlen(x->str) + 1);
        json_t *v = json_string(s);
        free(s);
        return v;
    }
    if (x->type == XLSX_NUMBER) {
        char num[64];
        cellval_number_text(x->num, num, sizeof num);
        return json_string(num);
    }
    bad(w, cell_where(t, k, c, buf), "文字", "text", x);
    return json_string("?");
}

static json_t *val_date(struct wb *w, const struct table *t, size_t k, int c)
{
    const struct xlsx_cell *x = cell(t, k, c);
    char buf[96], d[CELLVAL_DATE_SIZE];
    if (!x)
        return NULL;
    if ((x->type == XLSX_NUMBER && cellval_serial_date(x->num, d)) || (x->type == XLSX_STRING && cellval_date(x->str, d)))
        return json_string(d);
    bad(w, cell_where(t, k, c, buf), "日期（如 2025-07-09、2025/7/9 或 2025年7月9日）",
        "a date (such as 2025-07-09, 2025/7/9 or 2025年7月9日)", x);
    return json_string("2000-01-01");
}

static json_t *val_time(struct wb *w, const struct table *t, size_t k, int c)
{
    const struct xlsx_cell *x = cell(t, k, c);
    char buf[96], d[CELLVAL_DATE_SIZE];
    if (!x)
        return NULL;
    if ((x->type == XLSX_NUMBER && cellval_serial_time(x->num, d)) || (x->type == XLSX_STRING && cellval_time(x->str, d)))
        return json_string(d);
    bad(w, cell_where(t, k, c, buf), "时间（如 08:30）", "a time (such as 08:30)", x);
    return json_string("00:00");
}

static json_t *val_int(struct wb *w, const struct table *t, size_t k, int c)
{
    const struct xlsx_cell *x = cell(t, k, c);
    char buf[96];
    long v;
    if (!x)
        return NULL;
    if (x->type == XLSX_NUMBER && x->num == floor(x->num) && fabs(x->num) < 1e9)
        return json_integer((json_int_t)x->num);
    if (x->type == XLSX_STRING && cellval_integer(x->str, &v))
        return json_integer(v);
    bad(w, cell_where(t, k, c, buf), "整数", "a whole number", x);
    return json_integer(1);
}

static json_t *val_color(struct wb *w, const struct table *t, size_t k, int c)
{
    const struct xlsx_cell *x = cell(t, k, c);
    char buf[96], col[16];
    if (!x)
        return NULL;
    if (x->type == XLSX_STRING && cellval_color(x->str, col))
        return json_string(col);
    bad(w, cell_where(t, k, c, buf), "颜色（如 #0B1F3A）", "a colour (such as #0B1F3A)", x);
    return NULL;
}

/* The text of a cell for matching words and names (trimmed), or "" when empty. */
static void cell_text(const struct table *t, size_t k, int c, char *buf, size_t size)
{
    const struct xlsx_cell *x = cell(t, k, c);
    buf[0] = '\0';
    if (x && x->type == XLSX_STRING)
        cellval_trim(x->str, buf, size);
    else if (x && x->type == XLSX_NUMBER)
        cellval_number_text(x->num, buf, size);
}

/* One of words (its JSON form), reported with the choices and a suggestion otherwise; NULL when
 * the cell is empty or wrong. */
static const char *val_word(struct wb *w, const struct table *t, size_t k, int c, const struct word *words, size_t n)
{
    char s[128], at[96];
    cell_text(t, k, c, s, sizeof s);
    if (!s[0])
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, words[i].zh) == 0 || strcasecmp(s, words[i].en) == 0 || strcasecmp(s, words[i].json) == 0)
            return words[i].json;
    const char *list[2 * 16 + 1];
    size_t m = 0;
    for (size_t i = 0; i < n && m < 30; i++) {
        list[m++] = words[i].zh;
        list[m++] = words[i].en;
    }
    list[m] = NULL;
    const char *guess = jcheck_closest(s, list);
    char joined[512];
    jcheck_join(joined, sizeof joined, list);
    cell_where(t, k, c, at);
    if (guess)
        report(w, SEV_ERROR, at, JC_ZH_EN("“%s” 不是可选值，是否想写 “%s”？（可选：%s）",
                                          "\"%s\" is not one of the choices; did you mean \"%s\"? (choices: %s)"),
               s, guess, joined, s, guess, joined);
    else
        report(w, SEV_ERROR, at, JC_ZH_EN("“%s” 不是可选值（可选：%s）", "\"%s\" is not one of the choices (choices: %s)"), s,
               joined, s, joined);
    return NULL;
}

/* ---- the document and its map ----------------------------------------------------------------- */

static void map_add(struct doc *d, const char *path, const char *at)
{
    if (d->n_map == d->cap_map) {
        d->cap_map = d->cap_map ? d->cap_map * 2 : 64;
        d->map = xreallocarray(d->map, d->cap_map, sizeof *d->map);
    }
    d->map[d->n_map++] = (struct map_ent){xstrdup(path), xstrdup(at)};
}

/* obj[key] = v (stolen; NULL: nothing), and path.key -> where in the map (also when v is NULL, so
 * a missing required value is reported at its cell). */
static void put(struct doc *d, json_t *obj, const char *path, const char *key, json_t *v, const char *at)
{
    char *full = path[0] ? xasprintf("%s.%s", path, key) : xstrdup(key);
    if (at)
        map_add(d, full, at);
    free(full);
    if (v)
        json_object_set_new(obj, key, v);
}

static void put_cell(struct doc *d, const struct table *t, size_t k, int c, json_t *obj, const char *path,
                     const char *key, json_t *v)
{
    char at[96];
    put(d, obj, path, key, v, t->sh ? cell_where(t, k, c, at) : NULL);
}

/* ---- building one screen ---------------------------------------------------------------------- */

static void build_theme(struct wb *w, struct doc *d, size_t k)
{
    const struct table *t = &w->t[SH_SETTINGS];
    static const struct {
        int col;
        const char *key;
    } colors[] = {{S_BG, "background"},   {S_SURFACE, "surface"},     {S_TEXT, "text"},
                  {S_MUTED, "muted"},     {S_ACCENT, "accent"},       {S_BANNER_BG, "banner_bg"},
                  {S_BANNER_TEXT, "banner_text"}},
      fonts[] = {{S_FONT_TITLE, "title"}, {S_FONT_BODY, "body"}, {S_FONT_FIGURE, "figure"}};
    json_t *theme = json_object(), *cobj = json_object(), *fobj = json_object();
    for (size_t i = 0; i < ALEN(colors); i++)
        put_cell(d, t, k, colors[i].col, cobj, "theme.colors", colors[i].key, val_color(w, t, k, colors[i].col));
    for (size_t i = 0; i < ALEN(fonts); i++)
        put_cell(d, t, k, fonts[i].col, fobj, "theme.fonts", fonts[i].key, val_text(w, t, k, fonts[i].col));
    put_cell(d, t, k, S_LOGO, theme, "theme", "logo", val_text(w, t, k, S_LOGO));
    if (json_object_size(cobj))
        json_object_set(theme, "colors", cobj);
    if (json_object_size(fobj))
        json_object_set(theme, "fonts", fobj);
    json_decref(cobj);
    json_decref(fobj);
    if (json_object_size(theme))
        json_object_set(d->root, "theme", theme);
    json_decref(theme);
}

static void build_banner(struct wb *w, struct doc *d, size_t k)
{
    const struct table *h = &w->t[SH_HOTLINES], *tk = &w->t[SH_TICKER];
    char at[96];
    json_t *banner = json_object(), *arr = json_array();
    const char *qr_where = NULL;
    char qr_at[96];
    json_t *qr = NULL;
    for (size_t i = 0; i < h->n_rows; i++) {
        json_t *e = json_object();
        char path[64];
        snprintf(path, sizeof path, "banner.hotlines[%zu]", i);
        map_add(d, path, where(h, h->rows[i], -1, at));
        put_cell(d, h, i, H_LABEL, e, path, "label", val_text(w, h, i, H_LABEL));
        json_t *num = val_text(w, h, i, H_NUMBER);
        put_cell(d, h, i, H_NUMBER, e, path, "number", num);
        json_t *q = val_text(w, h, i, H_QR);
        if (q && !qr) {
            qr = q;
            qr_where = cell_where(h, i, H_QR, qr_at);
        } else {
            json_decref(q);
        }
        if (!qr && i == 0 && num && json_is_string(num)) {
            /* the QR code dials the first number unless a 二维码 cell says otherwise */
            char tel[96] = "tel:";
            size_t n = 4;
            for (const char *p = json_string_value(num); *p && n + 1 < sizeof tel; p++)
                if (isdigit((unsigned char)*p) || (*p == '+' && n == 4))
                    tel[n++] = *p;
            tel[n] = '\0';
            if (n > 4) {
                qr = json_string(tel);
                qr_where = cell_where(h, i, H_NUMBER, qr_at);
            }
        }
        json_array_append_new(arr, e);
    }
    if (h->sh)
        map_add(d, "banner.hotlines", where(h, h->header, -1, at));
    put(d, banner, "banner", "hotlines", json_array_size(arr) ? json_incref(arr) : NULL,
        h->sh ? at : w->book->n_sheets ? "热线" : NULL);
    json_decref(arr);
    const struct table *st = &w->t[SH_SETTINGS];
    put_cell(d, st, k, S_SERVICES, banner, "banner", "services", val_text(w, st, k, S_SERVICES));
    /* the ticker: its lines joined with " · " */
    size_t cap = 1, len = 0;
    char *ticker = NULL;
    for (size_t i = 0; i < tk->n_rows; i++) {
        json_t *line = val_text(w, tk, i, T_TEXT);
        if (!line)
            continue;
        const char *s = json_string_value(line);
        cap = len + strlen(s) + 8;
        ticker = xrealloc(ticker, cap);
        len += (size_t)snprintf(ticker + len, cap - len, "%s%s", len ? " · " : "", s);
        json_decref(line);
    }
    if (ticker)
        put(d, banner, "banner", "ticker", json_string(ticker), where(tk, tk->rows[0], tk->col[T_TEXT], at));
    free(ticker);
    if (qr)
        put(d, banner, "banner", "qr", qr, qr_where);
    json_object_set_new(d->root, "banner", banner);
}

/* The headline row whose 编号 or 标题 is s; -1 (reported at `at` with a suggestion) when none. */
static long find_headline(struct wb *w, const char *s, const char *at)
{
    const struct table *t = &w->t[SH_HEADLINES];
    char buf[512];
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < t->n_rows; i++) {
            cell_text(t, i, pass ? N_TITLE : N_ID, buf, sizeof buf);
            if (buf[0] && strcmp(buf, s) == 0)
                return (long)i;
        }
    report(w, SEV_ERROR, at,
           JC_ZH_EN("头条表中没有编号或标题为 “%s” 的头条", "no headline in the headlines sheet has the id or title \"%s\""), s,
           s);
    return -1;
}

static void put_headline_fields(struct wb *w, struct doc *d, size_t i, json_t *obj, const char *path, bool summary)
{
    const struct table *t = &w->t[SH_HEADLINES];
    put_cell(d, t, i, N_TAG, obj, path, "source", val_text(w, t, i, N_TAG));
    put_cell(d, t, i, N_TITLE, obj, path, "title", val_text(w, t, i, N_TITLE));
    put_cell(d, t, i, N_DATE, obj, path, "date", val_date(w, t, i, N_DATE));
    if (summary)
        put_cell(d, t, i, N_SUMMARY, obj, path, "summary", val_text(w, t, i, N_SUMMARY));
}

/* A figure card from 数据 row i: value with the prefix and unit typed around it. */
static json_t *figure_card(struct wb *w, struct doc *d, size_t i, const char *path)
{
    const struct table *t = &w->t[SH_FIGURES];
    char at[96];
    json_t *card = json_object();
    map_add(d, path, where(t, t->rows[i], -1, at));
    put_cell(d, t, i, F_LABEL, card, path, "label", val_text(w, t, i, F_LABEL));
    const struct xlsx_cell *x = cell(t, i, F_VALUE);
    struct figure f = {0};
    bool ok = true;
    if (x && x->type == XLSX_NUMBER) {
        f.value = x->num;
        f.decimals = cellval_decimals(x->num);
    } else if (x && !(x->type == XLSX_STRING && cellval_figure(x->str, &f))) {
        bad(w, cell_where(t, i, F_VALUE, at), "数字", "a number", x);
        ok = false;
    }
    put_cell(d, t, i, F_VALUE, card, path, "value", x ? json_real(ok ? f.value : 0) : NULL);
    put_cell(d, t, i, F_VALUE, card, path, "decimals", x ? json_integer(ok && f.decimals <= 6 ? f.decimals : 0) : NULL);
    if (ok && f.decimals > 6)
        report(w, SEV_ERROR, at, JC_ZH_EN("小数位过多（%d 位，上限 6）", "too many decimals (%d, limit 6)"), f.decimals,
               f.decimals);
    if (f.prefix[0])
        put_cell(d, t, i, F_VALUE, card, path, "prefix", json_string(f.prefix));
    char unit_col[128];
    cell_text(t, i, F_UNIT, unit_col, sizeof unit_col);
    char unit[256];
    if (f.unit[0] && unit_col[0] && strncmp(unit_col, f.unit, strlen(f.unit)) != 0)
        snprintf(unit, sizeof unit, "%s%s", f.unit, unit_col); /* 156.02万 + 标箱 */
    else
        snprintf(unit, sizeof unit, "%s", unit_col[0] ? unit_col : f.unit);
    if (unit[0])
        put_cell(d, t, i, unit_col[0] ? F_UNIT : F_VALUE, card, path, "unit", json_string(unit));
    put_cell(d, t, i, F_NOTE, card, path, "comparison", val_text(w, t, i, F_NOTE));
    return card;
}

/* Cards of the figures slide titled s (the 幻灯片标题 of 数据 rows); NULL (reported) when none. */
static json_t *figure_cards(struct wb *w, struct doc *d, const char *s, const char *path, const char *at)
{
    const struct table *t = &w->t[SH_FIGURES];
    json_t *cards = json_array();
    char buf[512], cpath[128];
    for (size_t i = 0; i < t->n_rows; i++) {
        cell_text(t, i, F_SLIDE, buf, sizeof buf);
        if (strcmp(buf, s) != 0)
            continue;
        snprintf(cpath, sizeof cpath, "%s.cards[%zu]", path, json_array_size(cards));
        json_array_append_new(cards, figure_card(w, d, i, cpath));
    }
    if (json_array_size(cards) == 0) {
        report(w, SEV_ERROR, at,
               JC_ZH_EN("数据表中没有幻灯片标题为 “%s” 的行", "no row of the figures sheet has the slide title \"%s\""), s, s);
        json_decref(cards);
        return NULL;
    }
    return cards;
}

static const struct xlsx_cell *image_row(struct wb *w, const char *file, size_t *row)
{
    const struct table *t = &w->t[SH_IMAGES];
    char buf[512];
    for (size_t i = 0; i < t->n_rows; i++) {
        cell_text(t, i, I_FILE, buf, sizeof buf);
        if (strcmp(buf, file) == 0) {
            *row = i;
            return cell(t, i, I_FILE);
        }
    }
    return NULL;
}

/* The slide of kind (JSON name) at slides[index]: its fields from the sheet the content names.
 * pk: the playlist row (or SIZE_MAX when the order is the default one); content: its 内容. */
static json_t *build_slide(struct wb *w, struct doc *d, const char *kind, size_t index, size_t pk,
                           const char *content, long count, const char *content_at)
{
    const struct table *p = &w->t[SH_PLAYLIST];
    char path[64], at[96];
    snprintf(path, sizeof path, "slides[%zu]", index);
    json_t *s = json_object();
    json_object_set_new(s, "kind", json_string(kind));
    if (pk != SIZE_MAX) {
        map_add(d, path, cell_where(p, pk, P_KIND, at));
        put_cell(d, p, pk, P_KIND, s, path, "kind", NULL);
        put_cell(d, p, pk, P_ID, s, path, "id", val_text(w, p, pk, P_ID));
        put_cell(d, p, pk, P_DURATION, s, path, "duration", val_int(w, p, pk, P_DURATION));
        put_cell(d, p, pk, P_FROM, s, path, "from", val_date(w, p, pk, P_FROM));
        put_cell(d, p, pk, P_UNTIL, s, path, "until", val_date(w, p, pk, P_UNTIL));
        if (!json_object_get(s, "id")) {
            char id[48];
            snprintf(id, sizeof id, "%s-%u", kind, p->rows[pk] + 1);
            json_object_set_new(s, "id", json_string(id));
        }
    } else {
        for (size_t i = 0; i < ALEN(default_durations); i++)
            if (strcmp(default_durations[i].kind, kind) == 0)
                json_object_set_new(s, "duration", json_integer(default_durations[i].seconds));
        char id[48];
        snprintf(id, sizeof id, "%s-%zu", kind, index + 1);
        json_object_set_new(s, "id", json_string(id));
        if (content_at)
            map_add(d, path, content_at);
    }
    bool need_content = strcmp(kind, "headline") == 0 || strcmp(kind, "kpi") == 0 || strcmp(kind, "image") == 0;
    if (need_content && !content[0]) {
        report(w, SEV_ERROR, content_at ? content_at : path,
               JC_ZH_EN("“内容” 为空：应写要播放的头条、数据幻灯片标题或图片文件",
                        "\"content\" is empty: name the headline, the figures slide title or the image file to show"));
        json_decref(s);
        return NULL;
    }
    if (strcmp(kind, "headline") == 0) {
        long i = find_headline(w, content, content_at);
        if (i >= 0) {
            put_headline_fields(w, d, (size_t)i, s, path, true);
        } else { /* stand-ins: the error is already at the cell */
            json_object_set_new(s, "title", json_string("?"));
            json_object_set_new(s, "date", json_string("2000-01-01"));
        }
    } else if (strcmp(kind, "headlines") == 0) {
        const struct table *t = &w->t[SH_HEADLINES];
        if (pk != SIZE_MAX) {
            put_cell(d, p, pk, P_TITLE, s, path, "title", val_text(w, p, pk, P_TITLE));
            put_cell(d, p, pk, P_PER_PAGE, s, path, "per_page", val_int(w, p, pk, P_PER_PAGE));
        }
        json_t *items = json_array();
        size_t n = count > 0 && (size_t)count < t->n_rows ? (size_t)count : t->n_rows;
        for (size_t i = 0; i < n; i++) {
            char ipath[96];
            snprintf(ipath, sizeof ipath, "%s.items[%zu]", path, i);
            json_t *it = json_object();
            map_add(d, ipath, where(t, t->rows[i], -1, at));
            put_headline_fields(w, d, i, it, ipath, false);
            json_array_append_new(items, it);
        }
        put(d, s, path, "items", json_array_size(items) ? json_incref(items) : NULL,
            t->sh ? where(t, t->header, -1, at) : content_at);
        json_decref(items);
    } else if (strcmp(kind, "kpi") == 0) {
        put(d, s, path, "title", json_string(content), content_at);
        json_t *cards = figure_cards(w, d, content, path, content_at);
        if (!cards) /* a stand-in: the error is already at the cell */
            cards = json_pack("[{s:s, s:i}]", "label", "?", "value", 0);
        put(d, s, path, "cards", cards, content_at);
    } else if (strcmp(kind, "hotline") == 0) {
        if (pk != SIZE_MAX)
            put_cell(d, p, pk, P_TITLE, s, path, "title", val_text(w, p, pk, P_TITLE));
    } else if (strcmp(kind, "image") == 0) {
        const struct table *t = &w->t[SH_IMAGES];
        size_t row;
        put(d, s, path, "image", json_string(content), content_at);
        if (image_row(w, content, &row)) {
            put_cell(d, t, row, I_CAPTION, s, path, "caption", val_text(w, t, row, I_CAPTION));
            const char *fit = val_word(w, t, row, I_FIT, fit_words, ALEN(fit_words));
            put_cell(d, t, row, I_FIT, s, path, "fit", fit ? json_string(fit) : NULL);
        }
    }
    return s;
}

/* True when the playlist/schedule row k is for screen id (its 屏幕 cell empty = every screen). */
static bool for_screen(const struct table *t, size_t k, int col, const char *id)
{
    char s[128];
    cell_text(t, k, col, s, sizeof s);
    return !s[0] || strcmp(s, id) == 0;
}

static void build_slides(struct wb *w, struct doc *d, const char *id)
{
    const struct table *p = &w->t[SH_PLAYLIST];
    json_t *slides = json_array();
    char at[96], content[512];
    if (p->sh) {
        for (size_t k = 0; k < p->n_rows; k++) {
            if (!for_screen(p, k, P_SCREEN, id))
                continue;
            const char *kind = val_word(w, p, k, P_KIND, kind_words, ALEN(kind_words));
            if (!kind) {
                if (!cell(p, k, P_KIND))
                    report(w, SEV_ERROR, cell_where(p, k, P_KIND, at),
                           JC_ZH_EN("“类型” 为空（可选：头条列表、头条、数据、热线、图片）",
                                    "\"kind\" is empty (choices: headlines, headline, figures, hotline, image)"));
                continue;
            }
            cell_text(p, k, P_CONTENT, content, sizeof content);
            long count = 0;
            json_t *cv = val_int(w, p, k, P_COUNT);
            if (cv)
                count = (long)json_integer_value(cv);
            json_decref(cv);
            json_t *s = build_slide(w, d, kind, json_array_size(slides), k, content, count,
                                    cell_where(p, k, P_CONTENT, at));
            if (s)
                json_array_append_new(slides, s);
        }
        map_add(d, "slides", where(p, p->header, -1, at));
    } else {
        /* no playlist sheet: the board, each headline with a summary, each figures slide, each
         * image, the hotline */
        const struct table *h = &w->t[SH_HEADLINES], *f = &w->t[SH_FIGURES], *im = &w->t[SH_IMAGES];
        if (h->n_rows) {
            json_t *s = build_slide(w, d, "headlines", json_array_size(slides), SIZE_MAX, "", 0,
                                    where(h, h->rows[0], -1, at));
            json_array_append_new(slides, s);
        }
        for (size_t i = 0; i < h->n_rows; i++) {
            if (!cell(h, i, N_SUMMARY))
                continue;
            cell_text(h, i, N_TITLE, content, sizeof content);
            json_t *s = build_slide(w, d, "headline", json_array_size(slides), SIZE_MAX, content, 0,
                                    cell_where(h, i, N_TITLE, at));
            if (s)
                json_array_append_new(slides, s);
        }
        for (size_t i = 0; i < f->n_rows; i++) {
            cell_text(f, i, F_SLIDE, content, sizeof content);
            bool seen = false;
            char other[512];
            for (size_t j = 0; j < i && !seen; j++) {
                cell_text(f, j, F_SLIDE, other, sizeof other);
                seen = strcmp(other, content) == 0;
            }
            if (seen)
                continue;
            json_t *s = build_slide(w, d, "kpi", json_array_size(slides), SIZE_MAX, content, 0,
                                    cell_where(f, i, F_SLIDE, at));
            if (s)
                json_array_append_new(slides, s);
        }
        for (size_t i = 0; i < im->n_rows; i++) {
            cell_text(im, i, I_FILE, content, sizeof content);
            json_t *s = build_slide(w, d, "image", json_array_size(slides), SIZE_MAX, content, 0,
                                    cell_where(im, i, I_FILE, at));
            if (s)
                json_array_append_new(slides, s);
        }
        if (w->t[SH_HOTLINES].n_rows)
            json_array_append_new(slides, build_slide(w, d, "hotline", json_array_size(slides), SIZE_MAX, "", 0, NULL));
    }
    put(d, d->root, "", "slides", json_array_size(slides) ? json_incref(slides) : NULL,
        p->sh ? where(p, p->header, -1, at) : NULL);
    json_decref(slides);
}

static void build_schedule(struct wb *w, struct doc *d, const char *id)
{
    const struct table *t = &w->t[SH_SCHEDULE];
    json_t *sched = json_object();
    char at[96], days[128];
    for (size_t k = 0; k < t->n_rows; k++) {
        if (!for_screen(t, k, C_SCREEN, id))
            continue;
        const char *what = val_word(w, t, k, C_WHAT, span_words, ALEN(span_words));
        if (!what) {
            if (!cell(t, k, C_WHAT))
                report(w, SEV_ERROR, cell_where(t, k, C_WHAT, at),
                       JC_ZH_EN("“类型” 为空（可选：播放、关屏）", "\"kind\" is empty (choices: play, off)"));
            continue;
        }
        json_t *arr = json_object_get(sched, what);
        if (!arr) {
            arr = json_array();
            json_object_set_new(sched, what, arr);
        }
        char path[64];
        snprintf(path, sizeof path, "schedule.%s[%zu]", what, json_array_size(arr));
        map_add(d, path, where(t, t->rows[k], -1, at));
        json_t *span = json_object();
        cell_text(t, k, C_DAYS, days, sizeof days);
        if (days[0]) {
            const char *word = NULL;
            for (size_t i = 0; i < ALEN(days_words); i++)
                if (strcmp(days, days_words[i].zh) == 0 || strcasecmp(days, days_words[i].en) == 0)
                    word = days_words[i].json;
            json_t *dv = NULL;
            if (word) {
                dv = json_string(word);
            } else {
                /* a list: 周一、周三 / mon,wed */
                dv = json_array();
                char *save = NULL, copy[128];
                snprintf(copy, sizeof copy, "%s", days);
                for (char *tok = strtok_r(copy, ",，、 ", &save); tok; tok = strtok_r(NULL, ",，、 ", &save)) {
                    const char *dn = tok;
                    for (size_t i = 0; i < ALEN(day_words); i++)
                        if (strcmp(tok, day_words[i].zh) == 0 || strcasecmp(tok, day_words[i].en) == 0)
                            dn = day_words[i].json;
                    json_array_append_new(dv, json_string(dn));
                }
            }
            put_cell(d, t, k, C_DAYS, span, path, "days", dv);
            char dpath[96];
            for (size_t i = 0; json_is_array(dv) && i < json_array_size(dv); i++) {
                snprintf(dpath, sizeof dpath, "%s.days[%zu]", path, i);
                map_add(d, dpath, cell_where(t, k, C_DAYS, at));
            }
        }
        put_cell(d, t, k, C_START, span, path, "start", val_time(w, t, k, C_START));
        put_cell(d, t, k, C_END, span, path, "end", val_time(w, t, k, C_END));
        json_array_append_new(arr, span);
    }
    if (json_object_size(sched))
        json_object_set(d->root, "schedule", sched);
    json_decref(sched);
}

static void build_screen(struct wb *w, struct doc *d, size_t k, const char *id)
{
    const struct table *t = &w->t[SH_SETTINGS];
    char at[96];
    d->root = json_object();
    json_object_set_new(d->root, "format", json_integer(SNAPSHOT_FORMAT_VERSION));
    map_add(d, "", where(t, t->rows[k], -1, at));
    put_cell(d, t, k, S_SCREEN, d->root, "", "id", json_string(id));
    put_cell(d, t, k, S_TITLE, d->root, "", "title", val_text(w, t, k, S_TITLE));
    put_cell(d, t, k, S_UPDATED, d->root, "", "updated", val_date(w, t, k, S_UPDATED));
    const char *o = val_word(w, t, k, S_ORIENT, orient_words, ALEN(orient_words));
    put_cell(d, t, k, S_ORIENT, d->root, "", "orientation", o ? json_string(o) : NULL);
    build_theme(w, d, k);
    build_banner(w, d, k);
    build_schedule(w, d, id);
    build_slides(w, d, id);
}

/* Moves the findings of one document (from index `from` on) from JSON paths to cells. */
static void move_findings(struct loader *ld, const struct doc *d, size_t from)
{
    struct findings *f = ld->jc.out;
    for (size_t i = from; i < f->n; i++) {
        struct finding *x = &f->items[i];
        x->line = x->col = 0;
        char *p = xstrdup(x->path);
        const char *at = NULL;
        for (;;) {
            for (size_t m = d->n_map; m-- > 0 && !at;)
                if (strcmp(d->map[m].path, p) == 0)
                    at = d->map[m].where;
            if (at || !p[0])
                break;
            char *cut = p + strlen(p);
            while (cut > p && cut[-1] != '.' && cut[-1] != '[')
                cut--;
            if (cut > p && cut[-1] == '[')
                cut--;
            else if (cut > p)
                cut--;
            *cut = '\0';
        }
        free(p);
        if (at) {
            free(x->path);
            x->path = xstrdup(at);
        }
    }
}

static void doc_free(struct doc *d)
{
    for (size_t i = 0; i < d->n_map; i++) {
        free(d->map[i].path);
        free(d->map[i].where);
    }
    free(d->map);
    json_decref(d->root);
    *d = (struct doc){0};
}

void workbook_load(struct loader *ld, const char *display, const char *data, size_t len, const char *dir_abs)
{
    struct xlsx_book book;
    char zh[512], en[512];
    jcheck_begin(&ld->jc, ld->jc.out, display, NULL, 0);
    if (!xlsx_read(data, len, &book, zh, en, sizeof zh)) {
        jcheck_file_error(&ld->jc, 0, 0, JC_ZH_EN("%s；请用 Excel、WPS 或 LibreOffice 重新另存为 .xlsx",
                                                  "%s; save it again as .xlsx from Excel, WPS or LibreOffice"),
                          zh, en);
        jcheck_end(&ld->jc);
        return;
    }
    struct wb w = {.ld = ld, .book = &book, .errors_before = ld->jc.out->n_errors};
    read_sheets(&w);
    struct arena *csv_arena = arena_new();
    read_csv_sheets(&w, dir_abs, csv_arena);
    const struct table *st = &w.t[SH_SETTINGS];
    if (!st->sh || st->n_rows == 0)
        jcheck_file_error(&ld->jc, 0, 0,
                          JC_ZH_EN("缺少 “设置” 工作表或其中没有数据行（屏幕、标题、更新日期…）",
                                   "no \"设置\" (settings) sheet, or it has no row (screen, title, updated ...)"));
    if (!w.t[SH_HOTLINES].sh)
        jcheck_file_error(&ld->jc, 0, 0,
                          JC_ZH_EN("缺少 “热线” 工作表（名称、号码）", "no \"热线\" (hotlines) sheet (label, number)"));
    jcheck_end(&ld->jc);
    /* the screens, checked before any is built, so a row in 播放顺序 can name them */
    char ids[CONTENT_MAX_PLAYLISTS][64];
    size_t n_screens = 0;
    for (size_t k = 0; st->sh && k < st->n_rows && n_screens < CONTENT_MAX_PLAYLISTS; k++) {
        cell_text(st, k, S_SCREEN, ids[n_screens], sizeof ids[0]);
        if (!ids[n_screens][0])
            snprintf(ids[n_screens], sizeof ids[0], "%s", st->n_rows == 1 ? "main" : "");
        n_screens++;
    }
    const char *id_list[CONTENT_MAX_PLAYLISTS + 1];
    for (size_t i = 0; i < n_screens; i++)
        id_list[i] = ids[i];
    id_list[n_screens] = NULL;
    for (int s = SH_PLAYLIST; s <= SH_SCHEDULE; s += SH_SCHEDULE - SH_PLAYLIST) {
        const struct table *t = &w.t[s];
        int col = s == SH_PLAYLIST ? P_SCREEN : C_SCREEN;
        char name[128], at[96];
        jcheck_begin(&ld->jc, ld->jc.out, display, NULL, 0);
        for (size_t k = 0; k < t->n_rows; k++) {
            cell_text(t, k, col, name, sizeof name);
            bool known = !name[0];
            for (size_t i = 0; i < n_screens && !known; i++)
                known = strcmp(name, ids[i]) == 0;
            if (known)
                continue;
            const char *guess = jcheck_closest(name, id_list);
            char list[256];
            jcheck_join(list, sizeof list, id_list);
            if (guess)
                report(&w, SEV_ERROR, cell_where(t, k, col, at),
                       JC_ZH_EN("设置表中没有屏幕 “%s”，是否想写 “%s”？", "no screen \"%s\" in the settings sheet; did you mean \"%s\"?"),
                       name, guess, name, guess);
            else
                report(&w, SEV_ERROR, cell_where(t, k, col, at),
                       JC_ZH_EN("设置表中没有屏幕 “%s”（有：%s）", "no screen \"%s\" in the settings sheet (there are: %s)"), name,
                       list, name, list);
        }
        jcheck_end(&ld->jc);
    }
    for (size_t k = 0; k < n_screens && ld->n_playlists < CONTENT_MAX_PLAYLISTS; k++) {
        struct doc d = {0};
        jcheck_begin(&ld->jc, ld->jc.out, display, NULL, 0);
        size_t from = ld->jc.out->n;
        if (!ids[k][0]) {
            char at[96];
            report(&w, SEV_ERROR, cell_where(st, k, S_SCREEN, at),
                   JC_ZH_EN("有多个屏幕时每行都要写 “屏幕”（如 lobby）", "with several screens every row needs a \"screen\" (such as lobby)"));
        }
        build_screen(&w, &d, k, ids[k]);
        jcheck_end(&ld->jc);
        from = ld->jc.out->n;
        content_load_json(ld, display, d.root, dir_abs);
        move_findings(ld, &d, from);
        doc_free(&d);
    }
    for (int s = 0; s < SH_COUNT; s++) {
        free(w.t[s].rows);
        free(w.t[s].first);
    }
    xlsx_free(&book);
    arena_free(csv_arena);
}
