/* xlsx: see xlsx.h. The zip is read once into bounded buffers (the XML parts only), then the parts
 * are parsed in dependency order: workbook (sheet names, state) -> its relationships (which part
 * is which sheet) -> shared strings -> each sheet. Expat runs with namespaces split off so "x:c"
 * and "c" are the same element; a document type declaration stops the parse (no DTD, no entity
 * of any kind), so nothing is ever expanded or fetched. */
#define LOG_TAG "xlsx"
#include "content/xlsx.h"

#include <archive.h>
#include <archive_entry.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/arena.h"
#include "core/xalloc.h"

struct part {
    char *name;
    char *data;
    size_t len;
};

struct reader {
    struct arena *arena;
    struct part *parts;
    size_t n_parts;
    const char **sst;          /* shared strings */
    size_t n_sst, cap_sst;
    size_t n_cells_total;
    char *zh, *en;
    size_t msg_size;
    bool failed;
};

static void fail(struct reader *r, const char *zh, const char *en, ...) __attribute__((format(printf, 3, 4)));
/* Formats both halves with the same arguments (every message here takes them in the same order). */
static void fail(struct reader *r, const char *zh, const char *en, ...)
{
    if (r->failed)
        return;
    r->failed = true;
    va_list ap;
    va_start(ap, en);
    va_list ap2;
    va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(r->zh, r->msg_size, zh, ap);
    vsnprintf(r->en, r->msg_size, en, ap2);
#pragma GCC diagnostic pop
    va_end(ap2);
    va_end(ap);
}

const char *xlsx_col_name(uint32_t col, char *buf)
{
    char tmp[8];
    int n = 0;
    uint32_t c = col + 1;
    while (c > 0 && n < 7) {
        tmp[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

const char *xlsx_cell_name(uint32_t row, uint32_t col, char *buf)
{
    xlsx_col_name(col, buf);
    snprintf(buf + strlen(buf), 12, "%u", row + 1);
    return buf;
}

/* ---- zip --------------------------------------------------------------------------------------- */

static bool wanted(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".xml") == 0) || (n > 5 && strcmp(name + n - 5, ".rels") == 0);
}

static bool read_zip(struct reader *r, const void *data, size_t len)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
        fail(r, "不是 xlsx 工作簿（无法作为 zip 打开）", "not an xlsx workbook (cannot be opened as a zip)");
        archive_read_free(a);
        return false;
    }
    struct archive_entry *e;
    size_t entries = 0, total = 0;
    int rc;
    while (!r->failed && (rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        if (++entries > XLSX_MAX_ENTRIES) {
            fail(r, "工作簿中的条目过多（上限 %d）", "too many entries in the workbook (limit %d)", XLSX_MAX_ENTRIES);
            break;
        }
        const char *name = archive_entry_pathname(e);
        if (!name || archive_entry_filetype(e) != AE_IFREG || !wanted(name))
            continue;
        struct part p = {.name = xstrdup(name)};
        size_t cap = 0;
        for (;;) {
            char buf[16384];
            la_ssize_t got = archive_read_data(a, buf, sizeof buf);
            if (got < 0) {
                fail(r, "工作簿已损坏（%s）", "the workbook is damaged (%s)", name);
                break;
            }
            if (got == 0)
                break;
            total += (size_t)got;
            if (p.len + (size_t)got > XLSX_MAX_PART_BYTES || total > XLSX_MAX_TOTAL_BYTES) {
                fail(r, "工作簿内容过大（%s；上限 %u 字节）", "the workbook's content is too large (%s; limit %u bytes)",
                     name, XLSX_MAX_PART_BYTES);
                break;
            }
            if (total > (1u << 20) && total / XLSX_MAX_RATIO > len) {
                fail(r, "工作簿压缩比过高（疑似压缩炸弹，%s）", "the workbook's compression ratio is too high (zip bomb?, %s)",
                     name);
                break;
            }
            if (p.len + (size_t)got + 1 > cap) {
                cap = (p.len + (size_t)got + 1) * 2;
                p.data = xrealloc(p.data, cap);
            }
            memcpy(p.data + p.len, buf, (size_t)got);
            p.len += (size_t)got;
        }
        if (!p.data)
            p.data = xstrdup("");
        r->parts = xreallocarray(r->parts, r->n_parts + 1, sizeof *r->parts);
        r->parts[r->n_parts++] = p;
    }
    if (!r->failed && rc != ARCHIVE_EOF && rc != ARCHIVE_OK)
        fail(r, "工作簿已损坏（zip 结构无法读取）", "the workbook is damaged (its zip structure cannot be read)");
    archive_read_free(a);
    return !r->failed;
}

static struct part *find_part(struct reader *r, const char *name)
{
    for (size_t i = 0; i < r->n_parts; i++)
        if (strcmp(r->parts[i].name, name) == 0)
            return &r->parts[i];
    return NULL;
}

/* ---- XML --------------------------------------------------------------------------------------- */

/* The element or attribute name without its namespace ("ns local" with namespaces split). */
static const char *local(const char *name)
{
    const char *sp = strrchr(name, ' ');
    return sp ? sp + 1 : name;
}

static const char *attr(const char **atts, const char *name, bool namespaced)
{
    for (size_t i = 0; atts[i]; i += 2)
        if ((strchr(atts[i], ' ') != NULL) == namespaced && strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

struct text {
    char *s;
    size_t len, cap;
    bool on;
};

struct xml {
    XML_Parser p;
    struct reader *r;
    const char *part;
    struct text text;
};

static void text_add(struct xml *x, const XML_Char *s, int len)
{
    struct text *t = &x->text;
    if (!t->on || len <= 0)
        return;
    if (t->len + (size_t)len > XLSX_MAX_STRING_BYTES) {
        fail(x->r, "单元格文字过长（上限 %d 字节，%s 第 %lu 行）", "a cell's text is too long (limit %d bytes, %s line %lu)",
             XLSX_MAX_STRING_BYTES, x->part, (unsigned long)XML_GetCurrentLineNumber(x->p));
        XML_StopParser(x->p, XML_FALSE);
        return;
    }
    if (t->len + (size_t)len + 1 > t->cap) {
        t->cap = (t->len + (size_t)len + 1) * 2;
        t->s = xrealloc(t->s, t->cap);
    }
    memcpy(t->s + t->len, s, (size_t)len);
    t->len += (size_t)len;
    t->s[t->len] = '\0';
}

static void on_chars(void *ud, const XML_Char *s, int len)
{
    text_add(ud, s, len);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sys, const XML_Char *pub, int subset)
{
    (void)name, (void)sys, (void)pub, (void)subset;
    struct xml *x = ud;
    fail(x->r, "工作簿中含有 DTD（%s，已拒绝）", "the workbook contains a DTD (%s, refused)", x->part);
    XML_StopParser(x->p, XML_FALSE);
}

/* Parses part with the handlers; false (reported) when it is not well-formed or a handler failed. */
static bool parse(struct reader *r, struct xml *x, const struct part *pt, XML_StartElementHandler start,
                  XML_EndElementHandler end)
{
    XML_Parser p = XML_ParserCreateNS(NULL, ' ');
    x->p = p;
    x->r = r;
    x->part = pt->name;
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, on_chars);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    if (XML_Parse(p, pt->data, (int)pt->len, XML_TRUE) == XML_STATUS_ERROR && !r->failed)
        fail(r, "工作簿中的 XML 已损坏（%s 第 %lu 行：%s）", "the workbook's XML is damaged (%s line %lu: %s)", pt->name,
             (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
    free(x->text.s);
    x->text = (struct text){0};
    return !r->failed;
}

/* ---- workbook.xml and its relationships ------------------------------------------------------- */

struct sheet_ref {
    char *name, *rid, *target;
    bool hidden;
};

struct wb_parse {
    struct xml x;
    struct sheet_ref *refs;
    size_t n;
};

static void XMLCALL wb_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct wb_parse *w = ud;
    if (strcmp(local(el), "sheet") != 0)
        return;
    const char *name = attr(atts, "name", false), *rid = attr(atts, "id", true), *state = attr(atts, "state", false);
    if (!name || !rid) {
        fail(w->x.r, "工作簿目录中的工作表缺少名称", "a sheet in the workbook's directory has no name");
        XML_StopParser(w->x.p, XML_FALSE);
        return;
    }
    if (w->n == XLSX_MAX_SHEETS) {
        fail(w->x.r, "工作表过多（上限 %d）", "too many sheets (limit %d)", XLSX_MAX_SHEETS);
        XML_StopParser(w->x.p, XML_FALSE);
        return;
    }
    w->refs = xreallocarray(w->refs, w->n + 1, sizeof *w->refs);
    w->refs[w->n++] = (struct sheet_ref){xstrdup(name), xstrdup(rid), NULL, state && strcmp(state, "visible") != 0};
}

static void XMLCALL no_end(void *ud, const XML_Char *el)
{
    (void)ud, (void)el;
}

static void XMLCALL rels_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct wb_parse *w = ud;
    if (strcmp(local(el), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id", false), *target = attr(atts, "Target", false);
    if (!id || !target)
        return;
    for (size_t i = 0; i < w->n; i++)
        if (!w->refs[i].target && strcmp(w->refs[i].rid, id) == 0)
            w->refs[i].target = target[0] == '/' ? xstrdup(target + 1) : xasprintf("xl/%s", target);
}

/* ---- sharedStrings.xml ------------------------------------------------------------------------ */

struct sst_parse {
    struct xml x;
    int in_si, in_rph;
};

static void XMLCALL sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    (void)atts;
    struct sst_parse *s = ud;
    const char *n = local(el);
    if (strcmp(n, "si") == 0) {
        s->in_si = 1;
        s->x.text.len = 0;
        if (s->x.text.s)
            s->x.text.s[0] = '\0';
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 1;
    } else if (strcmp(n, "t") == 0 && s->in_si && !s->in_rph) {
        s->x.text.on = true;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *el)
{
    struct sst_parse *s = ud;
    struct reader *r = s->x.r;
    const char *n = local(el);
    if (strcmp(n, "t") == 0) {
        s->x.text.on = false;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(n, "si") == 0) {
        s->in_si = 0;
        if (r->n_sst == XLSX_MAX_STRINGS) {
            fail(r, "共享字符串过多（上限 %d）", "too many shared strings (limit %d)", XLSX_MAX_STRINGS);
            XML_StopParser(s->x.p, XML_FALSE);
            return;
        }
        if (r->n_sst == r->cap_sst) {
            r->cap_sst = r->cap_sst ? r->cap_sst * 2 : 256;
            r->sst = xreallocarray(r->sst, r->cap_sst, sizeof *r->sst);
        }
        r->sst[r->n_sst++] = arena_strdup(r->arena, s->x.text.s ? s->x.text.s : "");
    }
}

/* ---- a worksheet ------------------------------------------------------------------------------ */

struct sheet_parse {
    struct xml x;
    struct xlsx_sheet *sh;
    size_t cap_cells, cap_hidden;
    uint32_t row, col;          /* of the cell being read (row: 0-based current row) */
    uint32_t next_row, next_col;
    char type[16];
    bool in_cell, has_value, in_is;
    struct { uint32_t r0, c0, r1, c1; } *merges;
    size_t n_merges;
};

/* "C5" -> row 4, col 2. False when it is not a cell reference. */
static bool parse_ref(const char *s, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, r = 0;
    size_t i = 0;
    for (; s[i] >= 'A' && s[i] <= 'Z' && i < 4; i++)
        c = c * 26 + (uint32_t)(s[i] - 'A' + 1);
    if (i == 0 || c == 0)
        return false;
    size_t j = i;
    for (; s[j] >= '0' && s[j] <= '9' && j - i < 8; j++)
        r = r * 10 + (uint32_t)(s[j] - '0');
    if (j == i || s[j] != '\0' || r == 0)
        return false;
    *row = r - 1;
    *col = c - 1;
    return true;
}

static bool add_cell(struct sheet_parse *sp, struct xlsx_cell c)
{
    struct reader *r = sp->x.r;
    char ref[16];
    if (c.row >= XLSX_MAX_ROWS || c.col >= XLSX_MAX_COLS) {
        fail(r, "工作表 %s 的单元格 %s 超出范围（最多 %d 行、%d 列）",
             "sheet %s: cell %s is out of range (at most %d rows, %d columns)", sp->sh->name,
             xlsx_cell_name(c.row, c.col, ref), XLSX_MAX_ROWS, XLSX_MAX_COLS);
        return false;
    }
    if (++r->n_cells_total > XLSX_MAX_CELLS) {
        fail(r, "单元格过多（上限 %d）", "too many cells (limit %d)", XLSX_MAX_CELLS);
        return false;
    }
    if (sp->sh->n_cells == sp->cap_cells) {
        sp->cap_cells = sp->cap_cells ? sp->cap_cells * 2 : 64;
        sp->sh->cells = xreallocarray(sp->sh->cells, sp->cap_cells, sizeof *sp->sh->cells);
    }
    sp->sh->cells[sp->sh->n_cells++] = c;
    return true;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct sheet_parse *sp = ud;
    const char *n = local(el);
    if (strcmp(n, "row") == 0) {
        const char *rs = attr(atts, "r", false), *hid = attr(atts, "hidden", false);
        sp->row = sp->next_row;
        if (rs) {
            long v = strtol(rs, NULL, 10);
            if (v >= 1 && v <= (long)XLSX_MAX_ROWS * 4)
                sp->row = (uint32_t)(v - 1);
        }
        sp->next_row = sp->row + 1;
        sp->next_col = 0;
        if (hid && (strcmp(hid, "1") == 0 || strcmp(hid, "true") == 0) && sp->n_merges < XLSX_MAX_ROWS) {
            if (sp->sh->n_hidden_rows == sp->cap_hidden) {
                sp->cap_hidden = sp->cap_hidden ? sp->cap_hidden * 2 : 8;
                sp->sh->hidden_rows = xreallocarray(sp->sh->hidden_rows, sp->cap_hidden, sizeof(uint32_t));
            }
            if (sp->sh->n_hidden_rows < XLSX_MAX_ROWS)
                sp->sh->hidden_rows[sp->sh->n_hidden_rows++] = sp->row;
        }
    } else if (strcmp(n, "c") == 0) {
        const char *ref = attr(atts, "r", false), *t = attr(atts, "t", false);
        uint32_t row = sp->row, col = sp->next_col;
        if (ref && !parse_ref(ref, &row, &col)) {
            fail(sp->x.r, "工作表 %s 中的单元格引用 “%.20s” 无法识别", "sheet %s: cannot read the cell reference \"%.20s\"",
                 sp->sh->name, ref);
            XML_StopParser(sp->x.p, XML_FALSE);
            return;
        }
        sp->row = row;
        sp->col = col;
        sp->next_col = col + 1;
        snprintf(sp->type, sizeof sp->type, "%s", t ? t : "n");
        sp->in_cell = true;
        sp->has_value = false;
        sp->x.text.len = 0;
        if (sp->x.text.s)
            sp->x.text.s[0] = '\0';
    } else if (sp->in_cell && strcmp(n, "v") == 0) {
        sp->x.text.on = true;
        sp->has_value = true;
    } else if (sp->in_cell && strcmp(n, "is") == 0) {
        sp->in_is = true;
        sp->has_value = true;
    } else if (sp->in_is && strcmp(n, "t") == 0) {
        sp->x.text.on = true;
    } else if (sp->in_is && strcmp(n, "rPh") == 0) {
        sp->in_is = false; /* phonetic guide: not the text */
    } else if (strcmp(n, "mergeCell") == 0) {
        const char *ref = attr(atts, "ref", false);
        char a[24], b[24];
        const char *colon = ref ? strchr(ref, ':') : NULL;
        if (!colon || colon - ref >= (long)sizeof a || strlen(colon + 1) >= sizeof b)
            return;
        memcpy(a, ref, (size_t)(colon - ref));
        a[colon - ref] = '\0';
        strcpy(b, colon + 1);
        uint32_t r0, c0, r1, c1;
        if (!parse_ref(a, &r0, &c0) || !parse_ref(b, &r1, &c1) || r1 < r0 || c1 < c0)
            return;
        if (sp->n_merges == XLSX_MAX_ROWS) {
            fail(sp->x.r, "工作表 %s 中的合并单元格过多", "sheet %s: too many merged ranges", sp->sh->name);
            XML_StopParser(sp->x.p, XML_FALSE);
            return;
        }
        sp->merges = xreallocarray(sp->merges, sp->n_merges + 1, sizeof *sp->merges);
        sp->merges[sp->n_merges].r0 = r0;
        sp->merges[sp->n_merges].c0 = c0;
        sp->merges[sp->n_merges].r1 = r1;
        sp->merges[sp->n_merges].c1 = c1;
        sp->n_merges++;
    }
}

static void finish_cell(struct sheet_parse *sp)
{
    struct reader *r = sp->x.r;
    const char *v = sp->x.text.s ? sp->x.text.s : "";
    struct xlsx_cell c = {.row = sp->row, .col = sp->col};
    char ref[16];
    if (!sp->has_value)
        return;
    const char *t = sp->type;
    if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long i = strtoul(v, &end, 10);
        if (end == v || *end || i >= r->n_sst) {
            fail(r, "工作表 %s 的单元格 %s 指向不存在的共享字符串", "sheet %s: cell %s refers to a missing shared string",
                 sp->sh->name, xlsx_cell_name(c.row, c.col, ref));
            return;
        }
        c.type = XLSX_STRING;
        c.str = r->sst[i];
    } else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
        c.type = XLSX_STRING;
        c.str = arena_strdup(r->arena, v);
    } else if (strcmp(t, "b") == 0) {
        c.type = XLSX_BOOL;
        c.num = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
    } else if (strcmp(t, "e") == 0) {
        c.type = XLSX_ERROR;
        c.str = arena_strdup(r->arena, v);
    } else if (strcmp(t, "d") == 0) {
        c.type = XLSX_STRING; /* ISO 8601 date as text: the column's reader parses it */
        c.str = arena_strdup(r->arena, v);
    } else {
        char *end;
        double d = strtod(v, &end);
        if (!*v) {
            return;
        }
        if (*end || !isfinite(d)) {
            fail(r, "工作表 %s 的单元格 %s 的数值 “%.40s” 无法读取", "sheet %s: cell %s: cannot read the number \"%.40s\"",
                 sp->sh->name, xlsx_cell_name(c.row, c.col, ref), v);
            return;
        }
        c.type = XLSX_NUMBER;
        c.num = d;
    }
    if (c.type == XLSX_STRING && !c.str[0])
        return;
    add_cell(sp, c);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *el)
{
    struct sheet_parse *sp = ud;
    const char *n = local(el);
    if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        sp->x.text.on = false;
    } else if (strcmp(n, "is") == 0) {
        sp->in_is = false;
    } else if (strcmp(n, "c") == 0 && sp->in_cell) {
        sp->in_cell = false;
        sp->in_is = false;
        finish_cell(sp);
        if (sp->x.r->failed)
            XML_StopParser(sp->x.p, XML_FALSE);
    }
}

static int cmp_cell(const void *pa, const void *pb)
{
    const struct xlsx_cell *a = pa, *b = pb;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return (int)a->merged - (int)b->merged; /* a cell's own value before a merged copy */
}

static const struct xlsx_cell *find_cell(const struct xlsx_sheet *sh, size_t n, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < n; i++)
        if (sh->cells[i].row == row && sh->cells[i].col == col)
            return &sh->cells[i];
    return NULL;
}

/* Each merged range gets the value of its top-left cell in every cell, then cells are sorted and
 * a cell's own value wins over a merged copy at the same place. */
static void apply_merges(struct sheet_parse *sp)
{
    struct xlsx_sheet *sh = sp->sh;
    size_t own = sh->n_cells;
    for (size_t m = 0; m < sp->n_merges && !sp->x.r->failed; m++) {
        const struct xlsx_cell *tl = find_cell(sh, own, sp->merges[m].r0, sp->merges[m].c0);
        if (!tl)
            continue;
        struct xlsx_cell copy = *tl;
        copy.merged = true;
        for (uint32_t r = sp->merges[m].r0; r <= sp->merges[m].r1 && !sp->x.r->failed; r++)
            for (uint32_t c = sp->merges[m].c0; c <= sp->merges[m].c1 && !sp->x.r->failed; c++) {
                if (r == sp->merges[m].r0 && c == sp->merges[m].c0)
                    continue;
                copy.row = r;
                copy.col = c;
                add_cell(sp, copy);
                tl = find_cell(sh, own, sp->merges[m].r0, sp->merges[m].c0); /* cells may have moved */
            }
    }
    qsort(sh->cells, sh->n_cells, sizeof *sh->cells, cmp_cell);
    size_t w = 0;
    for (size_t i = 0; i < sh->n_cells; i++)
        if (w == 0 || sh->cells[w - 1].row != sh->cells[i].row || sh->cells[w - 1].col != sh->cells[i].col)
            sh->cells[w++] = sh->cells[i];
    sh->n_cells = w;
}

/* ---- the workbook ----------------------------------------------------------------------------- */

struct mem {
    struct arena *arena;
};

bool xlsx_read(const void *data, size_t len, struct xlsx_book *book, char *zh, char *en, size_t msg_size)
{
    struct reader r = {.arena = arena_new(), .zh = zh, .en = en, .msg_size = msg_size};
    struct wb_parse w = {0};
    *book = (struct xlsx_book){0};
    zh[0] = en[0] = '\0';
    if (len > XLSX_MAX_FILE_BYTES) {
        fail(&r, "工作簿文件过大（上限 %u 字节）", "the workbook file is too large (limit %u bytes)", XLSX_MAX_FILE_BYTES);
        goto done;
    }
    if (!read_zip(&r, data, len))
        goto done;
    struct part *wb = find_part(&r, "xl/workbook.xml"), *rels = find_part(&r, "xl/_rels/workbook.xml.rels");
    if (!wb || !rels) {
        fail(&r, "不是 xlsx 工作簿（缺少 xl/workbook.xml）", "not an xlsx workbook (no xl/workbook.xml)");
        goto done;
    }
    if (!parse(&r, &w.x, wb, wb_start, no_end) || !parse(&r, &w.x, rels, rels_start, no_end))
        goto done;
    struct part *sst = find_part(&r, "xl/sharedStrings.xml");
    struct sst_parse sp = {0};
    if (sst && !parse(&r, &sp.x, sst, sst_start, sst_end))
        goto done;
    book->sheets = arena_alloc(r.arena, w.n ? w.n : 1, sizeof *book->sheets);
    for (size_t i = 0; i < w.n; i++) {
        struct xlsx_sheet *sh = &book->sheets[book->n_sheets++];
        sh->name = arena_strdup(r.arena, w.refs[i].name);
        sh->hidden = w.refs[i].hidden;
        struct part *pt = w.refs[i].target ? find_part(&r, w.refs[i].target) : NULL;
        if (!pt)
            continue; /* a chart sheet or a missing part: no cells */
        struct sheet_parse shp = {.sh = sh};
        parse(&r, &shp.x, pt, sheet_start, sheet_end);
        if (!r.failed)
            apply_merges(&shp);
        free(shp.merges);
        /* cells and hidden rows move into the arena so xlsx_free frees everything at once */
        struct xlsx_cell *cells = arena_alloc(r.arena, sh->n_cells ? sh->n_cells : 1, sizeof *cells);
        if (sh->n_cells)
            memcpy(cells, sh->cells, sh->n_cells * sizeof *cells);
        free(sh->cells);
        sh->cells = cells;
        uint32_t *hid = arena_alloc(r.arena, sh->n_hidden_rows ? sh->n_hidden_rows : 1, sizeof *hid);
        if (sh->n_hidden_rows)
            memcpy(hid, sh->hidden_rows, sh->n_hidden_rows * sizeof *hid);
        free(sh->hidden_rows);
        sh->hidden_rows = hid;
        if (r.failed)
            break;
    }
done:
    for (size_t i = 0; i < w.n; i++) {
        free(w.refs[i].name);
        free(w.refs[i].rid);
        free(w.refs[i].target);
    }
    free(w.refs);
    for (size_t i = 0; i < r.n_parts; i++) {
        free(r.parts[i].name);
        free(r.parts[i].data);
    }
    free(r.parts);
    free(r.sst);
    if (r.failed) {
        arena_free(r.arena);
        *book = (struct xlsx_book){0};
        return false;
    }
    book->mem = r.arena;
    return true;
}

void xlsx_free(struct xlsx_book *book)
{
    if (!book)
        return;
    arena_free(book->mem);
    *book = (struct xlsx_book){0};
}
