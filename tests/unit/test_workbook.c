/* The operator's workbook (content.xlsx): values as people type them and errors at their cells,
 * table-driven. Every case is one small workbook written with libxlsxwriter (a base workbook with
 * one cell changed), loaded and checked; then the same workbooks re-saved by LibreOffice
 * (soffice --headless --convert-to xlsx, another program's dialect: shared strings, its styles)
 * and checked again with the same table. Plus the pure value parsers (cellval) on their own. */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "check.h"
#include "content/cellval.h"
#include "content/content.h"
#include "core/fsutil.h"
#include "core/xalloc.h"

static char tmp[] = "/tmp/lobbysign-test-workbook-XXXXXX";

/* ---- the base workbook ------------------------------------------------------------------------ */

struct bcell {
    const char *sheet;
    int row, col;
    const char *s;
};

static const struct bcell base[] = {
    {"设置", 0, 0, "屏幕"},     {"设置", 0, 1, "标题"},         {"设置", 0, 2, "方向"},     {"设置", 0, 3, "更新日期"},
    {"设置", 0, 4, "背景色"},   {"设置", 1, 0, "lobby"},        {"设置", 1, 1, "测试屏"},   {"设置", 1, 2, "横屏"},
    {"设置", 1, 3, "2025-07-09"},
    {"热线", 0, 0, "名称"},     {"热线", 0, 1, "号码"},         {"热线", 1, 0, "招商中心"}, {"热线", 1, 1, "400-162-2002"},
    {"头条", 0, 0, "标签"},     {"头条", 0, 1, "标题"},         {"头条", 0, 2, "日期"},     {"头条", 0, 3, "摘要"},
    {"头条", 1, 0, "武汉招商"}, {"头条", 1, 1, "标题一"},       {"头条", 1, 2, "2025-07-09"}, {"头条", 1, 3, "摘要一"},
    {"头条", 2, 0, "武汉招商"}, {"头条", 2, 1, "标题二"},       {"头条", 2, 2, "2025-07-08"},
    {"数据", 0, 0, "幻灯片标题"}, {"数据", 0, 1, "指标"},        {"数据", 0, 2, "数值"},     {"数据", 0, 3, "单位"},
    {"数据", 1, 0, "成绩单"},   {"数据", 1, 1, "地区生产总值增长"}, {"数据", 1, 2, "7.8"},   {"数据", 1, 3, "%"},
    {"时间表", 0, 0, "类型"},   {"时间表", 0, 1, "日期"},       {"时间表", 0, 2, "开始"},   {"时间表", 0, 3, "结束"},
    {"时间表", 1, 0, "关屏"},   {"时间表", 1, 1, "每天"},       {"时间表", 1, 2, "22:30"},  {"时间表", 1, 3, "07:00"},
};
static const char *const base_sheets[] = {"设置", "热线", "头条", "数据", "时间表", NULL};

enum ekind { E_STR, E_NUM, E_DATE, E_TIME, E_FORMULA, E_RICH, E_BLANK, E_HIDE_ROW, E_MERGED_TITLE, E_HIDE_SHEET,
             E_RENAME_SHEET, E_EMPTY_ROW, E_DROP_SHEET };

#define ED(k, sh, r, c, str, str2, n) {.kind = k, .sheet = sh, .row = r, .col = c, .s = str, .s2 = str2, .num = n}

struct edit {
    enum ekind kind;
    const char *sheet;
    int row, col;
    const char *s, *s2;  /* text; E_RICH: the two runs; E_FORMULA: the formula; E_RENAME_SHEET: the new name */
    double num;
};

/* What a value case reads back from the snapshot, as text. */
enum what { Q_CARD, Q_DATE, Q_OFF_START, Q_BOARD, Q_TITLE, Q_COLOR };

struct vcase {
    const char *name;
    struct edit e;
    enum what q;
    const char *want;
};

struct ecase {
    const char *name;
    struct edit e;
    enum severity sev;
    const char *where;   /* the finding's sheet!cell */
    const char *part;    /* in its Chinese message */
};

static const struct vcase vcases[] = {
    /* figures as typed: value|decimals|prefix|unit */
    {"number cell", ED(E_NUM, "数据", 1, 2, NULL, NULL, 7.8), Q_CARD, "7.8|1||%"},
    {"whole number", ED(E_NUM, "数据", 1, 2, NULL, NULL, 40), Q_CARD, "40|0||%"},
    {"text 7.8%", ED(E_STR, "数据", 1, 2, "7.8%", NULL, 0), Q_CARD, "7.8|1||%"},
    {"text 3,570.8", ED(E_STR, "数据", 1, 2, "3,570.8", NULL, 0), Q_CARD, "3570.8|1||%"},
    {"text 156.02万", ED(E_STR, "数据", 1, 2, "156.02万", NULL, 0), Q_CARD, "156.02|2||万%"},
    {"text 8600亿元", ED(E_STR, "数据", 1, 2, "8600亿元", NULL, 0), Q_CARD, "8600|0||亿元%"},
    {"text 约7.8", ED(E_STR, "数据", 1, 2, "约7.8", NULL, 0), Q_CARD, "7.8|1|约|%"},
    {"text 约7.8%", ED(E_STR, "数据", 1, 2, "约7.8%", NULL, 0), Q_CARD, "7.8|1|约|%"},
    {"full-width ７．８％", ED(E_STR, "数据", 1, 2, "７．８％", NULL, 0), Q_CARD, "7.8|1||%"},
    {"text 7.80 keeps two decimals", ED(E_STR, "数据", 1, 2, "7.80", NULL, 0), Q_CARD, "7.8|2||%"},
    {"text -3.5", ED(E_STR, "数据", 1, 2, "-3.5", NULL, 0), Q_CARD, "-3.5|1||%"},
    {"text with spaces", ED(E_STR, "数据", 1, 2, "  突破 2 ", NULL, 0), Q_CARD, "2|0|突破|%"},
    {"formula by its cached value", ED(E_FORMULA, "数据", 1, 2, "=3+4.8", NULL, 7.8), Q_CARD, "7.8|1||%"},
    {"rich text", ED(E_RICH, "数据", 1, 2, "约", "7.8", 0), Q_CARD, "7.8|1|约|%"},
    {"unit in the unit column only", ED(E_STR, "数据", 1, 3, "万标箱", NULL, 0), Q_CARD, "7.8|1||万标箱"},
    /* dates */
    {"date serial", ED(E_DATE, "头条", 1, 2, NULL, NULL, 45847), Q_DATE, "2025-07-09"},
    {"date as number without format", ED(E_NUM, "头条", 1, 2, NULL, NULL, 45847), Q_DATE, "2025-07-09"},
    {"date 2025/7/9", ED(E_STR, "头条", 1, 2, "2025/7/9", NULL, 0), Q_DATE, "2025-07-09"},
    {"date 2025年7月9日", ED(E_STR, "头条", 1, 2, "2025年7月9日", NULL, 0), Q_DATE, "2025-07-09"},
    {"date 2025.7.9", ED(E_STR, "头条", 1, 2, "2025.7.9", NULL, 0), Q_DATE, "2025-07-09"},
    {"date 2025-07-09", ED(E_STR, "头条", 1, 2, "2025-07-09", NULL, 0), Q_DATE, "2025-07-09"},
    /* times */
    {"time fraction", ED(E_TIME, "时间表", 1, 2, NULL, NULL, 0.9375), Q_OFF_START, "22:30"},
    {"time 8:30", ED(E_STR, "时间表", 1, 2, "8:30", NULL, 0), Q_OFF_START, "08:30"},
    {"time 08:30:00", ED(E_STR, "时间表", 1, 2, "08:30:00", NULL, 0), Q_OFF_START, "08:30"},
    {"time full-width ２２：３０", ED(E_STR, "时间表", 1, 2, "２２：３０", NULL, 0), Q_OFF_START, "22:30"},
    /* rows and sheets */
    {"empty rows skipped", ED(E_EMPTY_ROW, "头条", 2, 0, NULL, NULL, 0), Q_BOARD, "2"},
    {"hidden row ignored", ED(E_HIDE_ROW, "头条", 2, 0, NULL, NULL, 0), Q_BOARD, "1"},
    {"merged title above the header", ED(E_MERGED_TITLE, "头条", 0, 0, "武汉招商资讯", NULL, 0), Q_BOARD, "2"},
    {"English sheet name", ED(E_RENAME_SHEET, "头条", 0, 0, "Headlines", NULL, 0), Q_BOARD, "2"},
    {"title typed with spaces", ED(E_STR, "设置", 1, 1, " 测试屏 ", NULL, 0), Q_TITLE, "测试屏"},
    {"title as a number", ED(E_NUM, "设置", 1, 1, NULL, NULL, 2025), Q_TITLE, "2025"},
    {"colour without #", ED(E_STR, "设置", 1, 4, "0b1f3a", NULL, 0), Q_COLOR, "0B1F3A"},
};

static const struct ecase ecases[] = {
    {"words for a number", ED(E_STR, "数据", 1, 2, "七点八", NULL, 0), SEV_ERROR, "数据!C2", "应为数字，实际为 \"七点八\""},
    {"two numbers", ED(E_STR, "数据", 1, 2, "7.8 / 8.1", NULL, 0), SEV_ERROR, "数据!C2", "应为数字"},
    {"no value", ED(E_BLANK, "数据", 1, 2, NULL, NULL, 0), SEV_ERROR, "数据!C2", "value"},
    {"a month that does not exist", ED(E_STR, "头条", 1, 2, "2025-13-01", NULL, 0), SEV_ERROR, "头条!C2", "应为日期"},
    {"a word for a date", ED(E_STR, "头条", 1, 2, "昨天", NULL, 0), SEV_ERROR, "头条!C2", "应为日期"},
    {"a time past 24:00", ED(E_STR, "时间表", 1, 2, "25:00", NULL, 0), SEV_ERROR, "时间表!C2", "应为时间"},
    {"unknown orientation", ED(E_STR, "设置", 1, 2, "竖平", NULL, 0), SEV_ERROR, "设置!C2", "是否想写 “竖屏”"},
    {"unknown column", ED(E_STR, "数据", 0, 2, "数直", NULL, 0), SEV_WARNING, "数据!C1", "是否想写 “数值”"},
    {"unknown sheet", ED(E_RENAME_SHEET, "数据", 0, 0, "数椐", NULL, 0), SEV_WARNING, "数椐", "是否想写 “数据”"},
    {"not a phone number", ED(E_STR, "热线", 1, 1, "招商", NULL, 0), SEV_ERROR, "热线!B2", "不是电话号码"},
    {"missing update date", ED(E_BLANK, "设置", 1, 3, NULL, NULL, 0), SEV_ERROR, "设置!D2", "updated"},
    {"not a colour", ED(E_STR, "设置", 1, 4, "深蓝", NULL, 0), SEV_ERROR, "设置!E2", "应为颜色"},
    {"hidden sheet", ED(E_HIDE_SHEET, "时间表", 0, 0, NULL, NULL, 0), SEV_WARNING, "时间表", "隐藏"},
    {"hidden row", ED(E_HIDE_ROW, "头条", 2, 0, NULL, NULL, 0), SEV_WARNING, "头条!3", "隐藏的行"},
    {"unknown schedule kind", ED(E_STR, "时间表", 1, 0, "关平", NULL, 0), SEV_ERROR, "时间表!A2", "是否想写 “关屏”"},
};

/* ---- writing a case --------------------------------------------------------------------------- */

static bool at(const struct edit *e, const char *sheet, int row, int col)
{
    return e && strcmp(e->sheet, sheet) == 0 && e->row == row && e->col == col;
}

static void write_edit(lxw_workbook *wb, lxw_worksheet *ws, const struct edit *e, int row_shift)
{
    int r = e->row + row_shift;
    lxw_format *fmt;
    switch (e->kind) {
    case E_STR: worksheet_write_string(ws, r, e->col, e->s, NULL); break;
    case E_NUM: worksheet_write_number(ws, r, e->col, e->num, NULL); break;
    case E_DATE:
        fmt = workbook_add_format(wb);
        format_set_num_format(fmt, "yyyy-mm-dd");
        worksheet_write_number(ws, r, e->col, e->num, fmt);
        break;
    case E_TIME:
        fmt = workbook_add_format(wb);
        format_set_num_format(fmt, "hh:mm");
        worksheet_write_number(ws, r, e->col, e->num, fmt);
        break;
    case E_FORMULA: worksheet_write_formula_num(ws, r, e->col, e->s, NULL, e->num); break;
    case E_RICH: {
        fmt = workbook_add_format(wb);
        format_set_bold(fmt);
        lxw_rich_string_tuple a = {.format = fmt, .string = (char *)e->s}, b = {.format = NULL, .string = (char *)e->s2};
        lxw_rich_string_tuple *runs[] = {&a, &b, NULL};
        worksheet_write_rich_string(ws, r, e->col, runs, NULL);
        break;
    }
    default: break;
    }
}

/* Writes the base workbook with edit e applied to dir/content.xlsx. */
static bool write_case(const char *dir, const struct edit *e)
{
    char *path = fs_join(dir, "content.xlsx");
    lxw_workbook *wb = workbook_new(path);
    free(path);
    if (!wb)
        return false;
    for (const char *const *sn = base_sheets; *sn; sn++) {
        const char *name = *sn;
        bool mine = e && strcmp(e->sheet, name) == 0;
        if (mine && e->kind == E_DROP_SHEET)
            continue;
        if (mine && e->kind == E_RENAME_SHEET)
            name = e->s2 ? e->s2 : e->s;
        lxw_worksheet *ws = workbook_add_worksheet(wb, name);
        int shift = mine && e->kind == E_MERGED_TITLE ? 1 : 0;
        if (mine && e->kind == E_MERGED_TITLE)
            worksheet_merge_range(ws, 0, 0, 0, 3, e->s, NULL);
        for (size_t i = 0; i < sizeof base / sizeof base[0]; i++) {
            const struct bcell *c = &base[i];
            if (strcmp(c->sheet, *sn) != 0)
                continue;
            int row = c->row + shift;
            if (mine && e->kind == E_EMPTY_ROW && c->row >= e->row)
                row += 2; /* two empty rows before this one */
            if (at(e, *sn, c->row, c->col) && e->kind <= E_BLANK) {
                write_edit(wb, ws, e, shift);
                continue;
            }
            worksheet_write_string(ws, row, c->col, c->s, NULL);
        }
        if (mine && e->kind <= E_RICH) {
            bool on_base = false;
            for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
                on_base |= at(e, base[i].sheet, base[i].row, base[i].col);
            if (!on_base)
                write_edit(wb, ws, e, shift);
        }
        if (mine && e->kind == E_HIDE_ROW) {
            lxw_row_col_options o = {.hidden = 1};
            worksheet_set_row_opt(ws, e->row, LXW_DEF_ROW_HEIGHT, NULL, &o);
        }
        if (mine && e->kind == E_HIDE_SHEET)
            worksheet_hide(ws);
    }
    return workbook_close(wb) == LXW_NO_ERROR;
}

/* ---- reading back ----------------------------------------------------------------------------- */

static const struct slide *slide_of(const struct snapshot *s, enum slide_kind k)
{
    for (size_t i = 0; i < s->playlists[0].n_slides; i++)
        if (s->playlists[0].slides[i].kind == k)
            return &s->playlists[0].slides[i];
    return NULL;
}

static void describe(const struct snapshot *s, enum what q, char *buf, size_t size)
{
    const struct playlist *pl = &s->playlists[0];
    const struct slide *sl;
    buf[0] = '\0';
    switch (q) {
    case Q_CARD:
        if ((sl = slide_of(s, SLIDE_KPI)) && sl->n_cards) {
            const struct kpi_card *c = &sl->cards[0];
            snprintf(buf, size, "%.15g|%d|%s|%s", c->value, c->decimals, c->prefix ? c->prefix : "", c->unit ? c->unit : "");
        }
        break;
    case Q_DATE:
        if ((sl = slide_of(s, SLIDE_HEADLINES)))
            snprintf(buf, size, "%s", sl->items[0].date);
        break;
    case Q_OFF_START:
        if (pl->n_screen_off)
            snprintf(buf, size, "%02u:%02u", pl->screen_off[0].start_min / 60u, pl->screen_off[0].start_min % 60u);
        break;
    case Q_BOARD:
        if ((sl = slide_of(s, SLIDE_HEADLINES)))
            snprintf(buf, size, "%zu", sl->n_items);
        break;
    case Q_TITLE: snprintf(buf, size, "%s", pl->title); break;
    case Q_COLOR:
        snprintf(buf, size, "%02X%02X%02X", pl->theme.background.r, pl->theme.background.g, pl->theme.background.b);
        break;
    }
}

static void run_value_case(const char *dir, const struct vcase *c, const char *dialect)
{
    struct findings f = {0};
    struct snapshot *s = content_load(dir, NULL, &f);
    CHECK(s != NULL, "%s (%s): the workbook does not load (%zu errors; first: %s %s)", c->name, dialect, f.n_errors,
          f.n ? f.items[0].path : "", f.n ? f.items[0].msg_zh : "");
    if (s) {
        char got[256];
        describe(s, c->q, got, sizeof got);
        CHECK(strcmp(got, c->want) == 0, "%s (%s): got \"%s\", want \"%s\"", c->name, dialect, got, c->want);
    }
    for (size_t i = 0; i < f.n; i++) /* every finding names a sheet */
        CHECK(f.items[i].path[0] != '\0' && f.items[i].line == 0, "%s (%s): a finding without its cell: %s", c->name,
              dialect, f.items[i].msg_zh);
    snapshot_free(s);
    findings_free(&f);
}

static void run_error_case(const char *dir, const struct ecase *c, const char *dialect)
{
    struct findings f = {0};
    struct snapshot *s = content_load(dir, NULL, &f);
    bool found = false;
    for (size_t i = 0; i < f.n; i++) {
        found |= f.items[i].severity == c->sev && strcmp(f.items[i].path, c->where) == 0 &&
                 strstr(f.items[i].msg_zh, c->part) != NULL;
        CHECK(f.items[i].path[0] != '\0', "%s (%s): a finding without its cell: %s", c->name, dialect,
              f.items[i].msg_zh);
    }
    CHECK(found, "%s (%s): no %s at %s with \"%s\"", c->name, dialect, c->sev == SEV_ERROR ? "error" : "warning",
          c->where, c->part);
    if (!found)
        findings_print(&f, stderr);
    CHECK(c->sev != SEV_ERROR || s == NULL, "%s (%s): loads although invalid", c->name, dialect);
    snapshot_free(s);
    findings_free(&f);
}

/* ---- the pure value parsers ------------------------------------------------------------------- */

static void test_cellval(void)
{
    static const struct {
        const char *in, *want; /* want: value|decimals|prefix|unit, or NULL = refused */
    } figs[] = {
        {"7.8", "7.8|1||"},          {"7.8%", "7.8|1||%"},      {"3,570.8", "3570.8|1||"}, {"156.02万", "156.02|2||万"},
        {"8600亿元", "8600|0||亿元"}, {"约7.8", "7.8|1|约|"},    {"超 8600 亿元", "8600|0|超|亿元"},
        {"1,234,567", "1234567|0||"}, {"７．８％", "7.8|1||%"}, {"7。8", "7.8|1||"}, {"-2.5", "-2.5|1||"},
        {"七点八", NULL},             {"", NULL},                {"7.8/8.1", NULL},          {"1,23", NULL},
    };
    for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
        struct figure f;
        char got[256] = "";
        bool ok = cellval_figure(figs[i].in, &f);
        if (ok)
            snprintf(got, sizeof got, "%.15g|%d|%s|%s", f.value, f.decimals, f.prefix, f.unit);
        if (figs[i].want)
            CHECK(ok && strcmp(got, figs[i].want) == 0, "figure \"%s\": got \"%s\", want \"%s\"", figs[i].in, got,
                  figs[i].want);
        else
            CHECK(!ok, "figure \"%s\" accepted as %s", figs[i].in, got);
    }
    static const struct {
        const char *in, *want;
    } dates[] = {{"2025-07-09", "2025-07-09"}, {"2025/7/9", "2025-07-09"}, {"2025年7月9日", "2025-07-09"},
                 {"2025.7.9", "2025-07-09"},   {"２０２５-07-09", "2025-07-09"}, {"2024-02-29", "2024-02-29"},
                 {"2025-02-29", NULL},         {"2025-7", NULL},        {"9/7/2025", NULL}, {"2025-07-09x", NULL}},
      times[] = {{"8:30", "08:30"}, {"08:30", "08:30"}, {"22:30:00", "22:30"}, {"24:00", "24:00"}, {"8点30", "08:30"},
                 {"24:01", NULL},   {"8.30", NULL},     {"830", NULL}};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        char got[CELLVAL_DATE_SIZE] = "";
        bool ok = cellval_date(dates[i].in, got);
        CHECK(dates[i].want ? ok && strcmp(got, dates[i].want) == 0 : !ok, "date \"%s\": got %s \"%s\"", dates[i].in,
              ok ? "ok" : "refused", got);
    }
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        char got[CELLVAL_DATE_SIZE] = "";
        bool ok = cellval_time(times[i].in, got);
        CHECK(times[i].want ? ok && strcmp(got, times[i].want) == 0 : !ok, "time \"%s\": got %s \"%s\"", times[i].in,
              ok ? "ok" : "refused", got);
    }
    static const struct {
        double serial;
        const char *want;
    } serials[] = {{1, "1900-01-01"}, {59, "1900-02-28"}, {61, "1900-03-01"}, {45847, "2025-07-09"},
                   {60, NULL},        {0, NULL},          {45847.5, NULL}};
    for (size_t i = 0; i < sizeof serials / sizeof serials[0]; i++) {
        char got[CELLVAL_DATE_SIZE] = "";
        bool ok = cellval_serial_date(serials[i].serial, got);
        CHECK(serials[i].want ? ok && strcmp(got, serials[i].want) == 0 : !ok, "serial %g: got %s \"%s\"",
              serials[i].serial, ok ? "ok" : "refused", got);
    }
    char t[CELLVAL_DATE_SIZE];
    CHECK(cellval_serial_time(0.3541666667, t) && strcmp(t, "08:30") == 0, "time fraction 0.354: %s", t);
    CHECK(cellval_serial_time(1.0, t) && strcmp(t, "24:00") == 0, "time fraction 1: %s", t);
    long n;
    CHECK(cellval_integer("15秒", &n) && n == 15, "15秒");
    CHECK(cellval_integer("12", &n) && n == 12, "12");
    CHECK(!cellval_integer("十二", &n), "十二 refused");
    char num[64];
    cellval_number_text(4001622002.0, num, sizeof num);
    CHECK(strcmp(num, "4001622002") == 0, "a phone number typed as a number: %s", num);
    cellval_number_text(7.8, num, sizeof num);
    CHECK(strcmp(num, "7.8") == 0, "7.8 in its shortest form: %s", num);
}

/* ---- CSV in four encodings -------------------------------------------------------------------- */

/* What Excel's "Unicode text" writes: tab-separated, quotes only where needed. */
static const char tsv_utf8[] = "标签\t标题\t日期\t摘要\r\n"
                               "武汉招商\t\"标题一，含“引号”和,逗号\"\t2025-07-09\t摘要一\r\n"
                               "武汉招商\t标题二\t2025/7/8\t\r\n";
static const char csv_utf8[] = "标签,标题,日期,摘要\r\n"
                               "武汉招商,\"标题一，含“引号”和,逗号\",2025-07-09,摘要一\r\n"
                               "武汉招商,标题二,2025/7/8,\r\n";

/* The board and the headline slides of the snapshot as one line, to compare encodings. */
static void fingerprint(const struct snapshot *s, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->playlists[0].n_slides && n < size; i++) {
        const struct slide *sl = &s->playlists[0].slides[i];
        for (size_t k = 0; k < sl->n_items && n < size; k++)
            n += (size_t)snprintf(buf + n, size - n, "%s|%s|%s|%s;", sl->items[k].source ? sl->items[k].source : "",
                                  sl->items[k].title, sl->items[k].date, sl->items[k].summary ? sl->items[k].summary : "");
    }
}

static void test_csv(void)
{
    static const struct {
        const char *name, *convert; /* shell pipeline from the UTF-8 text on stdin */
    } encs[] = {
        {"UTF-8", "cat"},
        {"UTF-8 with BOM", "{ printf '\\357\\273\\277'; cat; }"},
        {"GB18030", "iconv -f UTF-8 -t GB18030"},
        {"UTF-16LE tab-separated", "iconv -f UTF-8 -t UTF-16LE | { printf '\\377\\376'; cat; }"},
    };
    char first[4096] = "";
    for (size_t i = 0; i < sizeof encs / sizeof encs[0]; i++) {
        char *dir = xasprintf("%s/csv-%zu", tmp, i);
        mkdir(dir, 0755);
        struct edit drop = {.kind = E_DROP_SHEET, .sheet = "头条"};
        CHECK(write_case(dir, &drop), "csv %s: workbook", encs[i].name);
        char *in = xasprintf("%s/in.txt", tmp);
        const char *text = i == 3 ? tsv_utf8 : csv_utf8;
        CHECK(fs_write_atomic(in, text, strlen(text)), "csv input");
        char *cmd = xasprintf("cat %s | %s >%s/headlines.csv", in, encs[i].convert, dir);
        CHECK(system(cmd) == 0, "csv %s: %s", encs[i].name, cmd);
        struct findings f = {0};
        struct snapshot *s = content_load(dir, NULL, &f);
        CHECK(s != NULL, "csv %s: does not load", encs[i].name);
        if (!s)
            findings_print(&f, stderr);
        char fp[4096] = "";
        if (s)
            fingerprint(s, fp, sizeof fp);
        CHECK(strstr(fp, "标题一，含“引号”和,逗号|2025-07-09|") != NULL, "csv %s: %s", encs[i].name, fp);
        if (i == 0)
            snprintf(first, sizeof first, "%s", fp);
        else
            CHECK(strcmp(fp, first) == 0, "csv %s gives another snapshot: %s vs %s", encs[i].name, fp, first);
        snapshot_free(s);
        findings_free(&f);
        free(cmd);
        free(in);
        free(dir);
    }
    /* valid in no encoding: said, with the encodings tried */
    char *dir = xasprintf("%s/csv-bad", tmp);
    mkdir(dir, 0755);
    struct edit drop = {.kind = E_DROP_SHEET, .sheet = "头条"};
    CHECK(write_case(dir, &drop), "csv bad: workbook");
    char *p = fs_join(dir, "headlines.csv");
    CHECK(fs_write_atomic(p, "\x80\xff\xfe,\x81\n", 6), "bad csv");
    struct findings f = {0};
    struct snapshot *s = content_load(dir, NULL, &f);
    bool said = false;
    for (size_t k = 0; k < f.n; k++)
        said |= strcmp(f.items[k].path, "headlines.csv") == 0 && strstr(f.items[k].msg_zh, "GB18030") &&
                strstr(f.items[k].msg_en, "UTF-16LE");
    CHECK(!s && said, "a CSV valid in no encoding: no error naming the encodings tried");
    snapshot_free(s);
    findings_free(&f);
    free(p);
    free(dir);
}

/* ---- hostile workbooks ------------------------------------------------------------------------ */

/* The base workbook unzipped, changed by a shell command in its folder, zipped again (zip). Then
 * loaded: an error whose message holds `part`, and no snapshot. */
static void hostile(const char *name, const char *change, const char *part)
{
    char *dir = xasprintf("%s/hostile-%s", tmp, name);
    mkdir(dir, 0755);
    CHECK(write_case(dir, NULL), "%s: base", name);
    char *cmd = xasprintf("cd %s && mkdir x && cd x && unzip -q ../content.xlsx && %s && rm ../content.xlsx && "
                          "zip -q -r ../content.xlsx . && cd .. && rm -rf x",
                          dir, change);
    CHECK(system(cmd) == 0, "%s: %s", name, cmd);
    struct findings f = {0};
    struct snapshot *s = content_load(dir, NULL, &f);
    bool said = false;
    for (size_t k = 0; k < f.n; k++)
        said |= f.items[k].severity == SEV_ERROR && (strstr(f.items[k].msg_zh, part) || strstr(f.items[k].msg_en, part));
    CHECK(!s && said, "%s: no error with \"%s\"", name, part);
    if (!said)
        findings_print(&f, stderr);
    snapshot_free(s);
    findings_free(&f);
    free(cmd);
    free(dir);
}

static void test_hostile(void)
{
    if (system("command -v zip >/dev/null && command -v unzip >/dev/null") != 0) {
        printf("SKIP hostile workbooks: zip/unzip are not installed\n");
        return;
    }
    /* a DTD with an entity (billion laughs starts like this): refused, nothing expanded */
    hostile("dtd",
            "sed -i 's|<sst |<!DOCTYPE sst [<!ENTITY a \"AAAA\"><!ENTITY b \"\\&a;\\&a;\\&a;\"]><sst |' "
            "xl/sharedStrings.xml",
            "DTD");
    /* an external entity: refused the same way, nothing fetched */
    hostile("external",
            "sed -i 's|<sst |<!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><sst |' xl/sharedStrings.xml",
            "DTD");
    /* 40 MB of blanks in a sheet: a compression ratio no workbook has */
    hostile("ratio", "head -c 40000000 /dev/zero | tr '\\0' ' ' >> xl/worksheets/sheet1.xml", "zip bomb");
    /* a cell past the row bound */
    hostile("rows", "sed -i 's|</sheetData>|<row r=\"6000\"><c r=\"A6000\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>|' "
                    "xl/worksheets/sheet1.xml",
            "out of range");
    /* a zip that is no workbook */
    hostile("no-workbook", "rm xl/workbook.xml", "xl/workbook.xml");
}

/* ---- LibreOffice ------------------------------------------------------------------------------ */

static bool have_soffice(void)
{
    return system("command -v soffice >/dev/null 2>&1") == 0;
}

/* Re-saves every dir/case-N/content.xlsx with LibreOffice into dir/lo-N/content.xlsx (one run). */
static bool resave_all(const char *dir, size_t n)
{
    char *cmd = xasprintf("cd %s && mkdir -p lo-in lo-out && for d in case-*; do cp $d/content.xlsx lo-in/$d.xlsx; done && "
                          "HOME=%s/lohome timeout 300 soffice --headless -env:UserInstallation=file://%s/lohome "
                          "--convert-to xlsx --outdir lo-out lo-in/*.xlsx >lo.log 2>&1",
                          dir, dir, dir);
    bool ok = system(cmd) == 0;
    free(cmd);
    for (size_t i = 0; ok && i < n; i++) {
        cmd = xasprintf("cd %s && mkdir -p lo-%zu && cp lo-out/case-%zu.xlsx lo-%zu/content.xlsx", dir, i, i, i);
        ok = system(cmd) == 0;
        free(cmd);
    }
    return ok;
}

int main(void)
{
    CHECK(mkdtemp(tmp) != NULL, "mkdtemp");
    test_cellval();
    test_csv();
    test_hostile();

    size_t nv = sizeof vcases / sizeof vcases[0], ne = sizeof ecases / sizeof ecases[0];
    for (size_t i = 0; i < nv + ne; i++) {
        char *dir = xasprintf("%s/case-%zu", tmp, i);
        mkdir(dir, 0755);
        const struct edit *e = i < nv ? &vcases[i].e : &ecases[i - nv].e;
        CHECK(write_case(dir, e), "libxlsxwriter: case %zu", i);
        if (i < nv)
            run_value_case(dir, &vcases[i], "libxlsxwriter");
        else
            run_error_case(dir, &ecases[i - nv], "libxlsxwriter");
        free(dir);
    }
    /* the base workbook itself is valid */
    {
        char *dir = xasprintf("%s/base", tmp);
        mkdir(dir, 0755);
        CHECK(write_case(dir, NULL), "base");
        struct findings f = {0};
        struct snapshot *s = content_load(dir, NULL, &f);
        CHECK(s && f.n == 0, "the base workbook loads without findings (%zu)", f.n);
        if (f.n)
            findings_print(&f, stderr);
        snapshot_free(s);
        findings_free(&f);
        free(dir);
    }

    bool ci = getenv("CI") && strcmp(getenv("CI"), "true") == 0;
    if (!have_soffice()) {
        CHECK(!ci, "soffice (LibreOffice) is missing under CI=true: scripts/install-deps.sh --dev installs it");
        printf("SKIP LibreOffice dialect: soffice is not installed (scripts/install-deps.sh --dev installs it)\n");
    } else {
        CHECK(resave_all(tmp, nv + ne), "soffice --convert-to xlsx of every case (see %s/lo.log)", tmp);
        for (size_t i = 0; i < nv + ne; i++) {
            char *dir = xasprintf("%s/lo-%zu", tmp, i);
            if (i < nv)
                run_value_case(dir, &vcases[i], "LibreOffice");
            else
                run_error_case(dir, &ecases[i - nv], "LibreOffice");
            free(dir);
        }
    }
    printf("%zu value cases, %zu error cases\n", nv, ne);
    if (check_failed == 0) {
        char *rm = xasprintf("rm -rf %s", tmp);
        if (system(rm) != 0)
            fprintf(stderr, "could not remove %s\n", tmp);
        free(rm);
    }
    return check_done();
}
