/* fields: the playlist-specific typed members (see fields.h). */
#include "content/fields.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "content/asset.h"
#include "content/formats.h"
#include "core/utf8.h"
#include "core/xalloc.h"

#define MAX_GLYPH_WARNINGS 8   /* per string */

/* Warns about each character of s (at the current path) the configured fonts cannot draw. */
/* Strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their
 * presentation forms): the text engine lays runs out left to right (no bidi reordering). */
static bool rtl_letter(uint32_t cp)
{
    return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF) ||
           (cp >= 0x10800 && cp <= 0x10FFF) || (cp >= 0x1E800 && cp <= 0x1EFFF);
}

/* Warns once per string about right-to-left text, which would be drawn in reversed order. */
static void check_direction(struct loader *ld, const char *s)
{
    size_t len = strlen(s);
    for (size_t at = 0; at < len;) {
        size_t start = at;
        uint32_t cp = utf8_next(s, len, &at);
        if (!rtl_letter(cp))
            continue;
        int glen = (int)(at - start);
        WARN(ld, AT_VALUE,
             ZH_EN("含从右向左书写的文字（阿拉伯文、希伯来文等，如 U+%04X「%.*s」）：不支持，会按相反顺序显示",
                   "contains right-to-left text (Arabic, Hebrew ..., e.g. U+%04X '%.*s'): not supported, it would be "
                   "drawn in reversed order"),
             (unsigned)cp, glen, s + start, (unsigned)cp, glen, s + start);
        return;
    }
}

/* Combining marks (the general blocks: diacritics, extended, supplement, for symbols, half marks). */
static bool combining_mark(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

#define MAX_STACKED_MARKS 2 /* Vietnamese stacks two on one letter; more do not lay out (a box) */

/* Warns once per string about a letter carrying more combining marks than the fonts can stack. */
static void check_stacked_marks(struct loader *ld, const char *s)
{
    size_t len = strlen(s), run = 0, base = 0, base_end = 0;
    for (size_t at = 0; at < len;) {
        size_t start = at;
        uint32_t cp = utf8_next(s, len, &at);
        if (!combining_mark(cp)) {
            run = 0;
            base = start;
            base_end = at;
            continue;
        }
        if (++run == MAX_STACKED_MARKS + 1) {
            size_t end = at;
            while (end < len) {
                size_t nx = end;
                if (!combining_mark(utf8_next(s, len, &nx)))
                    break;
                end = nx;
            }
            size_t marks = 0;
            for (size_t q = base_end; q < end; marks++)
                utf8_next(s, len, &q);
            int blen = (int)(base_end - base);
            WARN(ld, AT_VALUE,
                 ZH_EN("字符「%.*s」上叠加了 %zu 个组合符号（上限 %d 个），将显示为方框：请删去多余的符号",
                       "'%.*s' carries %zu stacked combining marks (at most %d lay out); it would show as a box: "
                       "remove the extra marks"),
                 blen, s + base, marks, MAX_STACKED_MARKS, blen, s + base, marks, MAX_STACKED_MARKS);
            return;
        }
    }
}

static void check_glyphs(struct loader *ld, const char *s, enum text_role_hint role)
{
    check_direction(ld, s);
    check_stacked_marks(ld, s);
    if (!ld->opts || !ld->opts->can_draw)
        return;
    uint32_t seen[MAX_GLYPH_WARNINGS];
    size_t n_seen = 0, index = 0, more = 0;
    size_t len = strlen(s);
    for (size_t at = 0; at < len;) {
        size_t start = at;
        uint32_t cp = utf8_next(s, len, &at);
        index++;
        if (cp < 0x20 || cp == ' ' || ld->opts->can_draw(ld->opts->can_draw_ctx, cp, role))
            continue;
        bool dup = false;
        for (size_t i = 0; i < n_seen; i++)
            dup |= seen[i] == cp;
        if (dup)
            continue;
        if (n_seen == MAX_GLYPH_WARNINGS) {
            more++;
            continue;
        }
        seen[n_seen++] = cp;
        int glen = (int)(at - start);
        WARN(ld, AT_VALUE,
             ZH_EN("字体无法显示字符 U+%04X「%.*s」（第 %zu 个字符），将显示为方框",
                   "the fonts cannot draw U+%04X '%.*s' (character %zu); it would show as a box"),
             (unsigned)cp, glen, s + start, index, (unsigned)cp, glen, s + start, index);
    }
    if (more)
        WARN(ld, AT_VALUE, ZH_EN("另有 %zu 个字符无法显示", "%zu more characters cannot be drawn"), more, more);
}

/* A string member: NULL when missing or wrong (reported). The copy lives in the arena. */
const char *field_str(struct loader *ld, json_t *obj, const char *key, bool required, enum str_rule rule, int role)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v) && json_string_length(v) > CONTENT_MAX_STRING_BYTES)
        return NULL; /* already reported by the string pass */
    const char *s = jcheck_string(&ld->jc, obj, key, required, rule == STR_SHORT ? MAX_SHORT_STRING : 0);
    if (!s)
        return NULL;
    if (role == FIELD_NOT_TEXT)
        return arena_strdup(ld->arena, s);
    push_key(ld, key);
    /* Blank lines and invisible characters at the ends would take a title's lines and leave "…":
     * they are removed, with a warning when they were more than ordinary spaces. */
    size_t len = strlen(s), a = len, b = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        if (!utf8_cp_blank(utf8_next(s, len, &i))) {
            if (a == len)
                a = at;
            b = i;
        }
    }
    if (b < a)
        b = a; /* all blank: jcheck_string refused it already */
    bool odd = strspn(s, " ") < a || strspn(s + b, " ") < len - b; /* more than spaces cut */
    if (odd)
        WARN(ld, AT_VALUE, ZH_EN("开头或结尾的换行和不可见字符已去掉", "line breaks and invisible characters at the start or end were removed"));
    char *copy = xstrndup(s + a, b - a);
    check_glyphs(ld, copy, (enum text_role_hint)role);
    const char *out = arena_strdup(ld->arena, copy);
    free(copy);
    pop(ld);
    return out;
}

const char *field_date(struct loader *ld, json_t *obj, const char *key, bool required, uint32_t *ymd)
{
    const char *s = field_str(ld, obj, key, required, STR_SHORT, CONTENT_ROLE_BODY);
    if (!s)
        return NULL;
    uint32_t v;
    if (!format_date(s, &v)) {
        push_key(ld, key);
        ERR(ld, AT_VALUE, ZH_EN("“%s” 不是有效日期（格式 yyyy-mm-dd，如 2025-07-09）",
                                "\"%s\" is not a valid date (yyyy-mm-dd, e.g. 2025-07-09)"),
            s, s);
        pop(ld);
        return NULL;
    }
    if (ymd)
        *ymd = v;
    return s;
}

void field_color(struct loader *ld, json_t *obj, const char *key, struct rgba *out)
{
    const char *s = field_str(ld, obj, key, false, STR_SHORT, FIELD_NOT_TEXT);
    if (!s)
        return;
    if (!format_color(s, out)) {
        push_key(ld, key);
        ERR(ld, AT_VALUE, ZH_EN("“%s” 不是颜色（应为 #RRGGBB 或 #RRGGBBAA）",
                                "\"%s\" is not a colour (write #RRGGBB or #RRGGBBAA)"),
            s, s);
        pop(ld);
    }
}

/* The asset named by obj[key]: its absolute path (arena), or NULL (reported). */
const char *field_asset(struct loader *ld, json_t *obj, const char *key, bool required)
{
    const char *rel = field_str(ld, obj, key, required, STR_TEXT, FIELD_NOT_TEXT);
    if (!rel)
        return NULL;
    push_key(ld, key);
    struct asset_info info;
    enum asset_status st = asset_check(ld->dirfd, rel, &info);
    const char *out = NULL;
    switch (st) {
    case ASSET_OK:
        if (info.width > CONTENT_MAX_IMAGE_SIDE || info.height > CONTENT_MAX_IMAGE_SIDE)
            ERR(ld, AT_VALUE, ZH_EN("图像 “%s” 过大：%u×%u 像素（每边上限 %d）",
                                    "image \"%s\" is too large: %ux%u pixels (limit %d per side)"),
                rel, info.width, info.height, CONTENT_MAX_IMAGE_SIDE, rel, info.width, info.height,
                CONTENT_MAX_IMAGE_SIDE);
        else {
            if (info.missing_eoi)
                WARN(ld, AT_VALUE,
                     ZH_EN("JPEG 图像 “%s” 缺少结尾标记（EOI），图像完整，仍会显示；可用图像软件重新保存",
                           "JPEG \"%s\" lacks its final EOI marker; the picture is whole and is shown (re-save it "
                           "to silence this)"),
                     rel, rel);
            char *abs = xasprintf("%s/%s", ld->dir_abs ? ld->dir_abs : ".", info.relpath);
            out = arena_strdup(ld->arena, abs);
            free(abs);
        }
        break;
    case ASSET_EMPTY:
        ERR(ld, AT_VALUE, ZH_EN("资源路径为空", "the asset path is empty"));
        break;
    case ASSET_ABSOLUTE:
        ERR(ld, AT_VALUE, ZH_EN("资源路径 “%s” 是绝对路径；请写相对于播放列表文件夹的路径",
                                "asset path \"%s\" is absolute; write it relative to the playlist's folder"),
            rel, rel);
        break;
    case ASSET_DOTDOT:
        ERR(ld, AT_VALUE, ZH_EN("资源路径 “%s” 含 “..”，会离开内容文件夹",
                                "asset path \"%s\" contains \"..\" and would leave the content folder"),
            rel, rel);
        break;
    case ASSET_BACKSLASH:
        ERR(ld, AT_VALUE, ZH_EN("资源路径 “%s” 含反斜杠；请用 “/” 分隔", "asset path \"%s\" contains '\\'; use '/'"),
            rel, rel);
        break;
    case ASSET_TOO_DEEP:
        ERR(ld, AT_VALUE, ZH_EN("资源路径 “%s” 层级过多（上限 %d）", "asset path \"%s\" is too deep (limit %d)"), rel,
            ASSET_MAX_COMPONENTS, rel, ASSET_MAX_COMPONENTS);
        break;
    case ASSET_NOT_FOUND:
        ERR(ld, AT_VALUE, ZH_EN("找不到资源文件 “%s”", "asset \"%s\" not found"), rel, rel);
        break;
    case ASSET_SYMLINK:
        ERR(ld, AT_VALUE, ZH_EN("资源路径 “%s” 经过符号链接（已拒绝）",
                                "asset path \"%s\" goes through a symbolic link (refused)"),
            rel, rel);
        break;
    case ASSET_NOT_DIR:
        ERR(ld, AT_VALUE, ZH_EN("资源路径 “%s” 中有一级不是文件夹", "asset path \"%s\": a folder in it is not a folder"),
            rel, rel);
        break;
    case ASSET_IS_DIR:
        ERR(ld, AT_VALUE, ZH_EN("资源 “%s” 是文件夹，应为图像文件", "asset \"%s\" is a folder, expected an image file"),
            rel, rel);
        break;
    case ASSET_NOT_REGULAR:
        ERR(ld, AT_VALUE, ZH_EN("资源 “%s” 不是普通文件", "asset \"%s\" is not a regular file"), rel, rel);
        break;
    case ASSET_TOO_LARGE:
        ERR(ld, AT_VALUE, ZH_EN("资源文件 “%s” 过大（上限 %u MB）", "asset \"%s\" is too large (limit %u MiB)"), rel,
            CONTENT_MAX_IMAGE_BYTES >> 20, rel, CONTENT_MAX_IMAGE_BYTES >> 20);
        break;
    case ASSET_NOT_IMAGE:
        ERR(ld, AT_VALUE, ZH_EN("资源 “%s” 不是 PNG 或 JPEG 图像", "asset \"%s\" is not a PNG or JPEG image"), rel, rel);
        break;
    case ASSET_BAD_HEADER:
        ERR(ld, AT_VALUE, ZH_EN("图像 “%s” 已损坏：读不出尺寸", "image \"%s\" is damaged: its size cannot be read"), rel,
            rel);
        break;
    case ASSET_DAMAGED: {
        const char *sep = strchr(info.why, '\x1f');
        int zl = sep ? (int)(sep - info.why) : (int)strlen(info.why);
        const char *en = sep ? sep + 1 : info.why;
        ERR(ld, AT_VALUE, ZH_EN("图像 “%s” 无法解码（播放时会被跳过）：%.*s", "image \"%s\" cannot be decoded (it would be skipped on screen): %s"),
            rel, zl, info.why, rel, en);
        break;
    }
    case ASSET_IO:
        ERR(ld, AT_VALUE, ZH_EN("无法读取资源 “%s”：%s", "cannot read asset \"%s\": %s"), rel, strerror(errno), rel,
            strerror(errno));
        break;
    }
    free(info.relpath);
    pop(ld);
    return out;
}

/* Digits after the decimal point as written in the number at the current path. */
int field_literal_decimals(struct loader *ld)
{
    struct jpos pos;
    if (!jsonpos_find(ld->jc.text, ld->jc.len, ld->jc.path, ld->jc.depth, false, &pos))
        return 0;
    const char *p = ld->jc.text + pos.offset, *end = ld->jc.text + ld->jc.len;
    int frac = 0;
    bool after_point = false;
    while (p < end && strchr("+-0123456789.", *p) && *p) {
        if (*p == '.')
            after_point = true;
        else if (after_point)
            frac++;
        p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        /* The exponent as written may have any number of digits: clamp, never overflow. */
        p++;
        bool neg = p < end && *p == '-';
        if (p < end && (*p == '-' || *p == '+'))
            p++;
        long e = 0;
        for (; p < end && *p >= '0' && *p <= '9'; p++)
            e = e < 100000 ? e * 10 + (*p - '0') : e;
        frac += (int)(neg ? e : -e);
    }
    return frac < 0 ? 0 : frac;
}
