/* csvsheet: see csvsheet.h. The text is first turned into UTF-8 (strictly: ICU's stop callback
 * makes an illegal or unmappable sequence an error, not a replacement character), then split
 * into cells. The separator is a tab when the first line has a tab and no comma, else a comma. */
#include "content/csvsheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>

#include "core/utf8.h"
#include "core/xalloc.h"

static bool valid_utf8(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t at = i;
        uint32_t cp = utf8_next(s, len, &i);
        if (cp == 0xFFFD && !(i - at == 3 && memcmp(s + at, "\xEF\xBF\xBD", 3) == 0))
            return false;
        if (cp == 0)
            return false;
    }
    return true;
}

/* data in encoding `from` as UTF-8 (malloc'd), or NULL when it is not valid in it. */
static char *to_utf8(const char *from, const char *data, size_t len, size_t *out_len)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *in = ucnv_open(from, &err), *out = NULL;
    if (U_SUCCESS(err))
        out = ucnv_open("UTF-8", &err);
    if (U_SUCCESS(err))
        ucnv_setToUCallBack(in, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    char *buf = NULL;
    if (U_SUCCESS(err)) {
        size_t cap = len * 2 + 16; /* GB18030 2 bytes -> UTF-8 3 bytes; UTF-16 2 -> 3 */
        buf = xmalloc(cap);
        char *target = buf;
        const char *source = data;
        ucnv_convertEx(out, in, &target, buf + cap - 1, &source, data + len, NULL, NULL, NULL, NULL, true, true, &err);
        *out_len = (size_t)(target - buf);
        buf[*out_len] = '\0';
    }
    ucnv_close(in);
    ucnv_close(out);
    if (U_FAILURE(err) || (buf && memchr(buf, 0, *out_len))) {
        free(buf);
        return NULL;
    }
    return buf;
}

struct cells {
    struct xlsx_sheet *sh;
    size_t cap;
    struct arena *arena;
};

static bool add(struct cells *c, uint32_t row, uint32_t col, const char *s, size_t n, char *zh, char *en, size_t size)
{
    if (row >= XLSX_MAX_ROWS || col >= XLSX_MAX_COLS || n > XLSX_MAX_STRING_BYTES) {
        snprintf(zh, size, "CSV 超出范围（最多 %d 行、%d 列，每格 %d 字节）", XLSX_MAX_ROWS, XLSX_MAX_COLS,
                 XLSX_MAX_STRING_BYTES);
        snprintf(en, size, "the CSV is too large (at most %d rows, %d columns, %d bytes a cell)", XLSX_MAX_ROWS,
                 XLSX_MAX_COLS, XLSX_MAX_STRING_BYTES);
        return false;
    }
    if (n == 0)
        return true;
    if (c->sh->n_cells == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        struct xlsx_cell *cells = arena_alloc(c->arena, cap, sizeof *cells);
        if (c->sh->n_cells)
            memcpy(cells, c->sh->cells, c->sh->n_cells * sizeof *cells);
        c->sh->cells = cells;
        c->cap = cap;
    }
    char *str = arena_alloc(c->arena, n + 1, 1);
    memcpy(str, s, n);
    c->sh->cells[c->sh->n_cells++] = (struct xlsx_cell){.row = row, .col = col, .type = XLSX_STRING, .str = str};
    return true;
}

bool csvsheet_read(const char *data, size_t len, const char *name, struct arena *arena, struct xlsx_sheet *sh,
                   const char **encoding, char *zh, char *en, size_t msg_size)
{
    *sh = (struct xlsx_sheet){.name = arena_strdup(arena, name)};
    char *text = NULL;
    size_t n = 0;
    if (len > CSVSHEET_MAX_BYTES) {
        snprintf(zh, msg_size, "文件过大（上限 %u 字节）", CSVSHEET_MAX_BYTES);
        snprintf(en, msg_size, "file too large (limit %u bytes)", CSVSHEET_MAX_BYTES);
        return false;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        *encoding = "UTF-8 BOM";
        if (valid_utf8(data + 3, len - 3)) {
            text = xstrndup(data + 3, len - 3);
            n = len - 3;
        }
    } else if (len >= 2 && memcmp(data, "\xFF\xFE", 2) == 0) {
        *encoding = "UTF-16LE";
        text = to_utf8("UTF-16LE", data + 2, len - 2, &n);
    } else if (valid_utf8(data, len)) {
        *encoding = "UTF-8";
        text = xstrndup(data, len);
        n = len;
    } else {
        *encoding = "GB18030";
        text = to_utf8("GB18030", data, len, &n);
    }
    if (!text) {
        snprintf(zh, msg_size, "无法识别文件编码（已尝试 UTF-8、带 BOM 的 UTF-8、UTF-16LE、GB18030/GBK）；请另存为“CSV UTF-8”");
        snprintf(en, msg_size, "the file is valid in no encoding tried (UTF-8, UTF-8 with BOM, UTF-16LE, GB18030/GBK); "
                               "save it as \"CSV UTF-8\"");
        return false;
    }
    const char *nl = strchr(text, '\n');
    size_t first = nl ? (size_t)(nl - text) : n;
    char sep = memchr(text, '\t', first) && !memchr(text, ',', first) ? '\t' : ',';
    struct cells c = {sh, 0, arena};
    char *cell = xmalloc(n + 1);
    size_t cl = 0;
    uint32_t row = 0, col = 0;
    bool quoted = false, ok = true;
    for (size_t i = 0; i <= n && ok; i++) {
        char ch = i < n ? text[i] : '\n';
        if (quoted) {
            if (ch == '"' && i + 1 < n && text[i + 1] == '"') {
                cell[cl++] = '"';
                i++;
            } else if (ch == '"') {
                quoted = false;
            } else if (i == n) {
                snprintf(zh, msg_size, "第 %u 行的引号没有闭合", row + 1);
                snprintf(en, msg_size, "the quote opened on line %u is never closed", row + 1);
                ok = false;
            } else {
                cell[cl++] = ch;
            }
        } else if (ch == '"' && cl == 0) {
            quoted = true;
        } else if (ch == sep || ch == '\n') {
            if (cl && cell[cl - 1] == '\r')
                cl--;
            ok = add(&c, row, col, cell, cl, zh, en, msg_size);
            cl = 0;
            if (ch == sep) {
                col++;
            } else {
                row++;
                col = 0;
                if (i + 1 >= n)
                    break;
            }
        } else {
            cell[cl++] = ch;
        }
    }
    free(cell);
    free(text);
    return ok;
}
