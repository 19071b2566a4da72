/* content: loading and validating playlist files into an immutable snapshot.
 *
 * One file goes: size bound -> empty / BOM -> nesting depth (our own scan, so 10,000-deep input
 * never reaches jansson's recursive parser) -> jansson (duplicates rejected, UTF-8 checked) ->
 * a pass over every string (length bound) -> the schema of format v1, building the model into
 * the snapshot's arena as it goes. Findings carry line:column found by jsonpos from the path. */
#define LOG_TAG "content"
#include "content/content.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/arena.h"
#include "content/asset.h"
#include "content/content_internal.h"
#include "content/findings.h"
#include "content/jsonpos.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/utf8.h"
#include "core/xalloc.h"

#define MAX_FINDINGS_PER_FILE 100
#define MAX_SHORT_STRING 64   /* ids, units, prefixes, numbers, font names */
#define MAX_QR_BYTES 512
#define MAX_HOTLINES 8
#define MAX_SPANS 32
#define MAX_PER_PAGE 20
#define MAX_DURATION_S 3600
#define MAX_DECIMALS 6
#define MAX_KPI_ABS 1e15
#define MAX_GLYPH_WARNINGS 8   /* per string */

/* Separates the Chinese and English halves of a message format. */
#define ZH_EN(zh, en) zh "\x1f" en

struct snapshot_priv {
    struct snapshot pub;  /* first: snapshot_free casts back */
    struct arena *arena;
};

static atomic_uint_fast64_t next_generation = 1;

const char *slide_kind_name(enum slide_kind kind)
{
    static const char *const names[SLIDE_KIND_COUNT] = {"headline", "headlines", "kpi", "hotline", "image"};
    return (unsigned)kind < SLIDE_KIND_COUNT ? names[kind] : "?";
}

void snapshot_free(struct snapshot *snap)
{
    if (!snap)
        return;
    struct snapshot_priv *p = (struct snapshot_priv *)snap;
    arena_free(p->arena);
    free(p);
}

/* ---- the loader state and reporting --------------------------------------------------------- */

struct loader {
    const struct content_opts *opts;
    struct findings *out;
    struct arena *arena;
    struct playlist *playlists;  /* built so far (arena) */
    size_t n_playlists;
    /* the file being read */
    const char *file;
    const char *text;
    size_t len;
    int dirfd;
    const char *dir_abs;
    struct jpath_elem path[CONTENT_MAX_DEPTH + 4];
    size_t depth;
    size_t n_found;
    bool stopped;  /* too many findings in this file */
};

enum where { AT_VALUE, AT_KEY, AT_PARENT };

static void push_key(struct loader *ld, const char *key)
{
    ld->path[ld->depth++] = (struct jpath_elem){.key = key};
}

static void push_index(struct loader *ld, size_t i)
{
    ld->path[ld->depth++] = (struct jpath_elem){.key = NULL, .index = i};
}

static void pop(struct loader *ld)
{
    ld->depth--;
}

static char *path_string(const struct loader *ld)
{
    size_t cap = 64, n = 0;
    char *s = xmalloc(cap);
    s[0] = '\0';
    for (size_t i = 0; i < ld->depth; i++) {
        char num[32];
        const char *part = ld->path[i].key;
        if (!part) {
            snprintf(num, sizeof num, "[%zu]", ld->path[i].index);
            part = num;
        }
        size_t need = n + strlen(part) + 2;
        if (need > cap) {
            cap = need * 2;
            s = xrealloc(s, cap);
        }
        if (ld->path[i].key && i > 0)
            s[n++] = '.';
        strcpy(s + n, part);
        n += strlen(part);
    }
    return s;
}

static void add(struct loader *ld, enum severity sev, int line, int col, const char *path, const char *msg)
{
    if (ld->stopped)
        return;
    if (++ld->n_found > MAX_FINDINGS_PER_FILE) {
        ld->stopped = true;
        findings_add(ld->out, SEV_ERROR, ld->file, 0, 0, "",
                     "问题过多，此文件的其余部分不再检查",
                     "too many problems; the rest of this file was not checked");
        return;
    }
    const char *sep = strchr(msg, '\x1f');
    char *zh = sep ? xstrndup(msg, (size_t)(sep - msg)) : xstrdup(msg);
    findings_add(ld->out, sev, ld->file, line, col, path, zh, sep ? sep + 1 : msg);
    free(zh);
}

__attribute__((format(printf, 4, 5))) static void problem(struct loader *ld, enum severity sev,
                                                           enum where where, const char *fmt, ...)
{
    if (ld->stopped)
        return;
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        abort();
    char *msg = xmalloc((size_t)len + 1);
    vsnprintf(msg, (size_t)len + 1, fmt, ap2);
    va_end(ap2);
    struct jpos pos = {0};
    size_t n = where == AT_PARENT && ld->depth ? ld->depth - 1 : ld->depth;
    bool found = ld->text && jsonpos_find(ld->text, ld->len, ld->path, n, where == AT_KEY, &pos);
    char *path = path_string(ld);
    add(ld, sev, found ? pos.line : 0, found ? pos.col : 0, path, msg);
    free(path);
    free(msg);
}

#define ERR(ld, where, ...) problem((ld), SEV_ERROR, (where), __VA_ARGS__)
#define WARN(ld, where, ...) problem((ld), SEV_WARNING, (where), __VA_ARGS__)

/* A whole-file problem (no JSON path). */
static void file_error(struct loader *ld, int line, int col, const char *zh, const char *en)
{
    char *msg = xasprintf("%s\x1f%s", zh, en);
    add(ld, SEV_ERROR, line, col, "", msg);
    free(msg);
}

/* ---- typed access ----------------------------------------------------------------------------- */

static const char *type_zh(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "对象";
    case JSON_ARRAY: return "数组";
    case JSON_STRING: return "字符串";
    case JSON_INTEGER:
    case JSON_REAL: return "数字";
    case JSON_TRUE:
    case JSON_FALSE: return "布尔值";
    case JSON_NULL: return "null";
    }
    return "?";
}

static const char *type_en(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "?";
}

/* Reports a type mismatch for the value at the current path. */
static bool want_type(struct loader *ld, const json_t *v, json_type t)
{
    bool ok = t == JSON_REAL ? json_is_number(v) : json_typeof(v) == t;
    if (ok)
        return true;
    static const char *const zh[] = {[JSON_OBJECT] = "对象", [JSON_ARRAY] = "数组", [JSON_STRING] = "字符串",
                                     [JSON_INTEGER] = "整数", [JSON_REAL] = "数字"};
    static const char *const en[] = {[JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array",
                                     [JSON_STRING] = "a string", [JSON_INTEGER] = "an integer",
                                     [JSON_REAL] = "a number"};
    ERR(ld, AT_VALUE, ZH_EN("应为%s，实际为%s", "expected %s, got %s"), zh[t], type_zh(v), en[t], type_en(v));
    return false;
}

/* The member `key` of obj, reporting it when required and missing. */
static json_t *member(struct loader *ld, json_t *obj, const char *key, bool required)
{
    json_t *v = json_object_get(obj, key);
    if (!v && required) {
        push_key(ld, key);
        ERR(ld, AT_PARENT, ZH_EN("缺少必填字段 “%s”", "missing required field \"%s\""), key, key);
        pop(ld);
    }
    return v;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return SIZE_MAX;
    size_t d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1; /* transposition: titel -> title */
            d[i][j] = best;
        }
    return d[la][lb];
}

/* The word in list (NULL-terminated) closest to s, if close enough to be a typo; else NULL. */
static const char *closest(const char *s, const char *const *list)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (const char *const *k = list; *k; k++) {
        size_t d = edit_distance(s, *k);
        if (d < best_d) {
            best_d = d;
            best = *k;
        }
    }
    return best_d <= (strlen(s) < 5 ? 1u : 2u) ? best : NULL;
}

/* Every key of obj must be in known (NULL-terminated); a typo gets a suggestion. */
static void check_keys(struct loader *ld, json_t *obj, const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (ok)
            continue;
        push_key(ld, key);
        const char *best = closest(key, known);
        if (best)
            ERR(ld, AT_KEY, ZH_EN("未知的键 “%s”，是否想写 “%s”？", "unknown key \"%s\"; did you mean \"%s\"?"), key,
                best, key, best);
        else {
            char list[512] = "";
            for (const char *const *k = known; *k; k++) {
                if (strlen(list) + strlen(*k) + 3 >= sizeof list)
                    break;
                if (k != known)
                    strcat(list, ", ");
                strcat(list, *k);
            }
            ERR(ld, AT_KEY, ZH_EN("未知的键 “%s”（可用：%s）", "unknown key \"%s\" (known: %s)"), key, list, key,
                list);
        }
        pop(ld);
    }
}

/* Warns about each character of s (at the current path) the configured fonts cannot draw. */
static void check_glyphs(struct loader *ld, const char *s, enum text_role_hint role)
{
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

enum str_rule { STR_TEXT, STR_SHORT };

/* A string member: NULL when missing or wrong (reported). The copy lives in the arena. */
static const char *str_member(struct loader *ld, json_t *obj, const char *key, bool required, enum str_rule rule,
                              int role /* enum text_role_hint, or -1: not drawn as text */)
{
    json_t *v = member(ld, obj, key, required);
    if (!v)
        return NULL;
    push_key(ld, key);
    const char *out = NULL;
    if (want_type(ld, v, JSON_STRING)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (n > CONTENT_MAX_STRING_BYTES) {
            /* already reported by the string pass */
        } else if (n == 0 || strspn(s, " \t\r\n") == n) {
            ERR(ld, AT_VALUE, ZH_EN("不能为空", "must not be empty"));
        } else if (rule == STR_SHORT && n > MAX_SHORT_STRING) {
            ERR(ld, AT_VALUE, ZH_EN("过长（%zu 字节，上限 %d）", "too long (%zu bytes, limit %d)"), n,
                MAX_SHORT_STRING, n, MAX_SHORT_STRING);
        } else {
            if (role >= 0)
                check_glyphs(ld, s, (enum text_role_hint)role);
            out = arena_strdup(ld->arena, s);
        }
    }
    pop(ld);
    return out;
}

/* A number member in [lo, hi]. */
static bool num_member(struct loader *ld, json_t *obj, const char *key, bool required, double lo, double hi,
                       bool lo_open, double *out)
{
    json_t *v = member(ld, obj, key, required);
    if (!v)
        return false;
    push_key(ld, key);
    bool ok = false;
    if (want_type(ld, v, JSON_REAL)) {
        double d = json_number_value(v);
        if ((lo_open ? d <= lo : d < lo) || d > hi)
            ERR(ld, AT_VALUE,
                ZH_EN("%g 超出范围（应%s %g 且 ≤ %g）", "%g is out of range (must be %s %g and <= %g)"), d,
                lo_open ? ">" : "≥", lo, hi, d, lo_open ? ">" : ">=", lo, hi);
        else {
            *out = d;
            ok = true;
        }
    }
    pop(ld);
    return ok;
}

static bool int_member(struct loader *ld, json_t *obj, const char *key, bool required, long lo, long hi, long *out)
{
    json_t *v = member(ld, obj, key, required);
    if (!v)
        return false;
    push_key(ld, key);
    bool ok = false;
    if (want_type(ld, v, JSON_INTEGER)) {
        json_int_t i = json_integer_value(v);
        if (i < lo || i > hi)
            ERR(ld, AT_VALUE, ZH_EN("%lld 超出范围（%ld–%ld）", "%lld is out of range (%ld-%ld)"), (long long)i, lo,
                hi, (long long)i, lo, hi);
        else {
            *out = (long)i;
            ok = true;
        }
    }
    pop(ld);
    return ok;
}

/* One of the words in choices (NULL-terminated): its index, or -1. */
static int enum_member(struct loader *ld, json_t *obj, const char *key, bool required, const char *const *choices)
{
    json_t *v = member(ld, obj, key, required);
    if (!v)
        return -1;
    push_key(ld, key);
    int found = -1;
    if (want_type(ld, v, JSON_STRING)) {
        const char *s = json_string_value(v);
        char list[256] = "";
        for (int i = 0; choices[i]; i++) {
            if (strcmp(s, choices[i]) == 0)
                found = i;
            if (strlen(list) + strlen(choices[i]) + 3 < sizeof list) {
                if (i)
                    strcat(list, ", ");
                strcat(list, choices[i]);
            }
        }
        if (found < 0)
            ERR(ld, AT_VALUE, ZH_EN("“%s” 不是可用的值（可用：%s）", "\"%s\" is not one of: %s"), s, list, s, list);
    }
    pop(ld);
    return found;
}

/* An array member with min..max elements. */
static json_t *array_member(struct loader *ld, json_t *obj, const char *key, bool required, size_t min, size_t max)
{
    json_t *v = member(ld, obj, key, required);
    if (!v)
        return NULL;
    push_key(ld, key);
    json_t *out = NULL;
    if (want_type(ld, v, JSON_ARRAY)) {
        size_t n = json_array_size(v);
        if (n < min && min == 1)
            ERR(ld, AT_VALUE, ZH_EN("不能为空数组", "must not be an empty array"));
        else if (n < min || n > max)
            ERR(ld, AT_VALUE, ZH_EN("有 %zu 项，应为 %zu–%zu 项", "has %zu entries; must have %zu-%zu"), n, min, max,
                n, min, max);
        else
            out = v;
    }
    pop(ld);
    return out;
}

static json_t *object_member(struct loader *ld, json_t *obj, const char *key, bool required)
{
    json_t *v = member(ld, obj, key, required);
    if (!v)
        return NULL;
    push_key(ld, key);
    bool ok = want_type(ld, v, JSON_OBJECT);
    pop(ld);
    return ok ? v : NULL;
}

/* ---- value formats ---------------------------------------------------------------------------- */

static bool parse_date(const char *s, uint32_t *out)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return false;
    int max = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > max)
        return false;
    *out = (uint32_t)(y * 10000 + m * 100 + d);
    return true;
}

static const char *date_member(struct loader *ld, json_t *obj, const char *key, bool required, uint32_t *ymd)
{
    const char *s = str_member(ld, obj, key, required, STR_SHORT, CONTENT_ROLE_BODY);
    if (!s)
        return NULL;
    uint32_t v;
    if (!parse_date(s, &v)) {
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

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void color_member(struct loader *ld, json_t *obj, const char *key, struct rgba *out)
{
    const char *s = str_member(ld, obj, key, false, STR_SHORT, -1);
    if (!s)
        return;
    size_t n = strlen(s);
    bool ok = s[0] == '#' && (n == 7 || n == 9);
    uint8_t b[4] = {0, 0, 0, 255};
    for (size_t i = 0; ok && i < (n - 1) / 2; i++) {
        int hi = hexval(s[1 + 2 * i]), lo = hexval(s[2 + 2 * i]);
        ok = hi >= 0 && lo >= 0;
        b[i] = (uint8_t)(hi * 16 + lo);
    }
    if (!ok) {
        push_key(ld, key);
        ERR(ld, AT_VALUE, ZH_EN("“%s” 不是颜色（应为 #RRGGBB 或 #RRGGBBAA）",
                                "\"%s\" is not a colour (write #RRGGBB or #RRGGBBAA)"),
            s, s);
        pop(ld);
        return;
    }
    *out = (struct rgba){b[0], b[1], b[2], b[3]};
}

/* "HH:MM" (end may be "24:00") -> minutes. */
static bool parse_hhmm(const char *s, bool allow_24, uint16_t *out)
{
    if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[3] < '0' ||
        s[3] > '5' || s[4] < '0' || s[4] > '9')
        return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 24 || (h == 24 && (m != 0 || !allow_24)))
        return false;
    *out = (uint16_t)(h * 60 + m);
    return true;
}

/* ---- assets ----------------------------------------------------------------------------------- */

/* The asset named by obj[key]: its absolute path (arena), or NULL (reported). */
static const char *asset_member(struct loader *ld, json_t *obj, const char *key, bool required)
{
    const char *rel = str_member(ld, obj, key, required, STR_TEXT, -1);
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
    case ASSET_IO:
        ERR(ld, AT_VALUE, ZH_EN("无法读取资源 “%s”：%s", "cannot read asset \"%s\": %s"), rel, strerror(errno), rel,
            strerror(errno));
        break;
    }
    free(info.relpath);
    pop(ld);
    return out;
}

/* ---- schema: format v1 ------------------------------------------------------------------------ */

static const char *const kind_names[] = {"headline", "headlines", "kpi", "hotline", "image", NULL};

static void load_theme(struct loader *ld, json_t *obj, struct theme *th)
{
    static const char *const keys[] = {"colors", "logo", "fonts", NULL};
    static const char *const color_keys[] = {"background", "surface", "text", "muted",
                                             "accent", "banner_bg", "banner_text", NULL};
    static const char *const font_keys[] = {"title", "body", "figure", NULL};
    check_keys(ld, obj, keys);
    json_t *colors = object_member(ld, obj, "colors", false);
    if (colors) {
        push_key(ld, "colors");
        check_keys(ld, colors, color_keys);
        color_member(ld, colors, "background", &th->background);
        color_member(ld, colors, "surface", &th->surface);
        color_member(ld, colors, "text", &th->text);
        color_member(ld, colors, "muted", &th->muted);
        color_member(ld, colors, "accent", &th->accent);
        color_member(ld, colors, "banner_bg", &th->banner_bg);
        color_member(ld, colors, "banner_text", &th->banner_text);
        pop(ld);
    }
    th->logo = asset_member(ld, obj, "logo", false);
    json_t *fonts = object_member(ld, obj, "fonts", false);
    if (fonts) {
        push_key(ld, "fonts");
        check_keys(ld, fonts, font_keys);
        th->fonts.title = str_member(ld, fonts, "title", false, STR_SHORT, -1);
        th->fonts.body = str_member(ld, fonts, "body", false, STR_SHORT, -1);
        th->fonts.figure = str_member(ld, fonts, "figure", false, STR_SHORT, -1);
        pop(ld);
    }
}

static void load_banner(struct loader *ld, json_t *obj, struct banner *b)
{
    static const char *const keys[] = {"hotlines", "services", "ticker", "qr", NULL};
    static const char *const entry_keys[] = {"label", "number", NULL};
    check_keys(ld, obj, keys);
    json_t *arr = array_member(ld, obj, "hotlines", true, 1, MAX_HOTLINES);
    if (arr) {
        push_key(ld, "hotlines");
        struct hotline_entry *e = arena_alloc(ld->arena, json_array_size(arr), sizeof *e);
        size_t i;
        json_t *v;
        json_array_foreach(arr, i, v) {
            push_index(ld, i);
            if (want_type(ld, v, JSON_OBJECT)) {
                check_keys(ld, v, entry_keys);
                e[i].label = str_member(ld, v, "label", true, STR_SHORT, CONTENT_ROLE_BODY);
                e[i].number = str_member(ld, v, "number", true, STR_SHORT, CONTENT_ROLE_FIGURE);
                if (e[i].number) {
                    size_t digits = 0;
                    bool bad = false;
                    for (const char *p = e[i].number; *p; p++) {
                        if (*p >= '0' && *p <= '9')
                            digits++;
                        else if (!strchr(" -+()", *p))
                            bad = true;
                    }
                    if (bad || digits < 3) {
                        push_key(ld, "number");
                        ERR(ld, AT_VALUE, ZH_EN("“%s” 不是电话号码（只能有数字、空格和 - + ( )）",
                                                "\"%s\" is not a phone number (digits, spaces and - + ( ) only)"),
                            e[i].number, e[i].number);
                        pop(ld);
                    }
                }
            }
            pop(ld);
        }
        b->entries = e;
        b->n_entries = json_array_size(arr);
        pop(ld);
    }
    b->services = str_member(ld, obj, "services", false, STR_TEXT, CONTENT_ROLE_BODY);
    b->ticker = str_member(ld, obj, "ticker", false, STR_TEXT, CONTENT_ROLE_BODY);
    b->qr = str_member(ld, obj, "qr", false, STR_TEXT, -1);
    if (b->qr && strlen(b->qr) > MAX_QR_BYTES) {
        push_key(ld, "qr");
        ERR(ld, AT_VALUE, ZH_EN("二维码内容过长（上限 %d 字节）", "QR payload too long (limit %d bytes)"), MAX_QR_BYTES,
            MAX_QR_BYTES);
        pop(ld);
        b->qr = NULL;
    }
}

/* days: "daily" | "weekdays" | "weekend" | ["mon", ...]. Returns the bit mask, 0 when wrong. */
static uint8_t load_days(struct loader *ld, json_t *obj)
{
    static const char *const words[] = {"daily", "weekdays", "weekend", NULL};
    static const uint8_t masks[] = {0x7F, 0x1F, 0x60};
    static const char *const dnames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};
    json_t *v = json_object_get(obj, "days");
    if (!v)
        return 0x7F;
    if (json_is_string(v)) {
        int i = enum_member(ld, obj, "days", true, words);
        return i < 0 ? 0 : masks[i];
    }
    json_t *arr = array_member(ld, obj, "days", true, 1, 7);
    if (!arr)
        return 0;
    push_key(ld, "days");
    uint8_t mask = 0;
    bool ok = true;
    size_t i;
    json_array_foreach(arr, i, v) {
        push_index(ld, i);
        int bit = -1;
        if (want_type(ld, v, JSON_STRING)) {
            for (int d = 0; dnames[d]; d++)
                if (strcmp(json_string_value(v), dnames[d]) == 0)
                    bit = d;
            if (bit < 0)
                ERR(ld, AT_VALUE, ZH_EN("“%s” 不是星期（mon tue wed thu fri sat sun）",
                                        "\"%s\" is not a day (mon tue wed thu fri sat sun)"),
                    json_string_value(v), json_string_value(v));
            else if (mask & (1u << bit))
                ERR(ld, AT_VALUE, ZH_EN("“%s” 重复", "\"%s\" is repeated"), dnames[bit], dnames[bit]);
            else
                mask |= (uint8_t)(1u << bit);
        }
        ok &= bit >= 0;
        pop(ld);
    }
    pop(ld);
    return ok ? mask : 0;
}

static void load_spans(struct loader *ld, json_t *obj, const char *key, const struct day_span **out, size_t *n_out)
{
    static const char *const keys[] = {"days", "start", "end", NULL};
    json_t *arr = array_member(ld, obj, key, false, 1, MAX_SPANS);
    if (!arr)
        return;
    push_key(ld, key);
    struct day_span *spans = arena_alloc(ld->arena, json_array_size(arr), sizeof *spans);
    size_t i, n = 0;
    json_t *v;
    json_array_foreach(arr, i, v) {
        push_index(ld, i);
        if (want_type(ld, v, JSON_OBJECT)) {
            check_keys(ld, v, keys);
            uint8_t days = load_days(ld, v);
            uint16_t t[2] = {0, 0};
            bool ok = days != 0;
            for (int k = 0; k < 2; k++) {
                const char *name = k ? "end" : "start";
                const char *s = str_member(ld, v, name, true, STR_SHORT, -1);
                if (!s) {
                    ok = false;
                    continue;
                }
                if (!parse_hhmm(s, k == 1, &t[k])) {
                    push_key(ld, name);
                    ERR(ld, AT_VALUE, ZH_EN("“%s” 不是时间（HH:MM，00:00–%s）", "\"%s\" is not a time (HH:MM, 00:00-%s)"),
                        s, k ? "24:00" : "23:59", s, k ? "24:00" : "23:59");
                    pop(ld);
                    ok = false;
                }
            }
            if (ok && t[0] == t[1]) {
                push_key(ld, "end");
                ERR(ld, AT_VALUE, ZH_EN("结束时间与开始时间相同（时段为空）", "end equals start (an empty span)"));
                pop(ld);
                ok = false;
            }
            if (ok)
                spans[n++] = (struct day_span){days, t[0], t[1]};
        }
        pop(ld);
    }
    *out = spans;
    *n_out = n;
    pop(ld);
}

static void load_item(struct loader *ld, json_t *obj, struct headline_item *it)
{
    it->source = str_member(ld, obj, "source", false, STR_SHORT, CONTENT_ROLE_BODY);
    it->title = str_member(ld, obj, "title", true, STR_TEXT, CONTENT_ROLE_TITLE);
    it->date = date_member(ld, obj, "date", true, NULL);
    it->summary = str_member(ld, obj, "summary", false, STR_TEXT, CONTENT_ROLE_BODY);
}

/* Digits after the decimal point as written in the number at the current path. */
static int literal_decimals(struct loader *ld)
{
    struct jpos pos;
    if (!jsonpos_find(ld->text, ld->len, ld->path, ld->depth, false, &pos))
        return 0;
    const char *p = ld->text + pos.offset, *end = ld->text + ld->len;
    int frac = 0;
    bool after_point = false;
    while (p < end && strchr("+-0123456789.", *p) && *p) {
        if (*p == '.')
            after_point = true;
        else if (after_point)
            frac++;
        p++;
    }
    if (p < end && (*p == 'e' || *p == 'E'))
        frac -= atoi(p + 1);
    return frac < 0 ? 0 : frac;
}

static void load_card(struct loader *ld, json_t *obj, struct kpi_card *c)
{
    static const char *const keys[] = {"label", "value", "decimals", "prefix", "unit", "comparison", NULL};
    check_keys(ld, obj, keys);
    c->label = str_member(ld, obj, "label", true, STR_TEXT, CONTENT_ROLE_BODY);
    double v;
    if (num_member(ld, obj, "value", true, -MAX_KPI_ABS, MAX_KPI_ABS, false, &v)) {
        c->value = v;
        push_key(ld, "value");
        c->decimals = literal_decimals(ld);
        if (!json_object_get(obj, "decimals") && c->decimals > MAX_DECIMALS)
            ERR(ld, AT_VALUE, ZH_EN("小数位过多（%d 位，上限 %d）", "too many decimals (%d, limit %d)"), c->decimals,
                MAX_DECIMALS, c->decimals, MAX_DECIMALS);
        pop(ld);
    }
    long d;
    if (int_member(ld, obj, "decimals", false, 0, MAX_DECIMALS, &d))
        c->decimals = (int)d;
    c->prefix = str_member(ld, obj, "prefix", false, STR_SHORT, CONTENT_ROLE_FIGURE);
    c->unit = str_member(ld, obj, "unit", false, STR_SHORT, CONTENT_ROLE_FIGURE);
    c->comparison = str_member(ld, obj, "comparison", false, STR_SHORT, CONTENT_ROLE_BODY);
}

static void load_slide(struct loader *ld, json_t *obj, size_t index, struct slide *s)
{
    /* With an unknown kind, only keys no kind knows are reported. */
    static const char *const any_kind[] = {"kind", "id", "duration", "from", "until", "source", "title", "date",
                                           "summary", "per_page", "items", "cards", "image", "fit", "caption", NULL};
    static const char *const keys[SLIDE_KIND_COUNT][12] = {
        [SLIDE_HEADLINE] = {"kind", "id", "duration", "from", "until", "source", "title", "date", "summary", NULL},
        [SLIDE_HEADLINES] = {"kind", "id", "duration", "from", "until", "title", "per_page", "items", NULL},
        [SLIDE_KPI] = {"kind", "id", "duration", "from", "until", "title", "cards", NULL},
        [SLIDE_HOTLINE] = {"kind", "id", "duration", "from", "until", "title", NULL},
        [SLIDE_IMAGE] = {"kind", "id", "duration", "from", "until", "image", "fit", "caption", NULL},
    };
    static const char *const item_keys[] = {"source", "title", "date", "summary", NULL};
    static const char *const fits[] = {"contain", "cover", NULL};

    int kind = -1;
    json_t *kv = member(ld, obj, "kind", true);
    if (kv) {
        push_key(ld, "kind");
        if (want_type(ld, kv, JSON_STRING)) {
            for (int k = 0; kind_names[k]; k++)
                if (strcmp(json_string_value(kv), kind_names[k]) == 0)
                    kind = k;
            const char *guess = kind < 0 ? closest(json_string_value(kv), kind_names) : NULL;
            if (guess)
                ERR(ld, AT_VALUE,
                    ZH_EN("未知的幻灯片类型 “%s”，是否想写 “%s”？", "unknown slide kind \"%s\"; did you mean \"%s\"?"),
                    json_string_value(kv), guess, json_string_value(kv), guess);
            else if (kind < 0)
                ERR(ld, AT_VALUE,
                    ZH_EN("未知的幻灯片类型 “%s”（可用：headline, headlines, kpi, hotline, image）",
                          "unknown slide kind \"%s\" (known: headline, headlines, kpi, hotline, image)"),
                    json_string_value(kv), json_string_value(kv));
        }
        pop(ld);
    }
    check_keys(ld, obj, kind >= 0 ? keys[kind] : any_kind);
    s->kind = kind >= 0 ? (enum slide_kind)kind : SLIDE_HEADLINE;

    s->id = str_member(ld, obj, "id", false, STR_SHORT, -1);
    if (!s->id) {
        char buf[32];
        snprintf(buf, sizeof buf, "slides[%zu]", index);
        s->id = arena_strdup(ld->arena, buf);
    }
    double dur;
    if (num_member(ld, obj, "duration", true, 0, MAX_DURATION_S, true, &dur)) {
        s->duration_ms = (uint32_t)lround(dur * 1000.0);
        if (s->duration_ms == 0) {
            push_key(ld, "duration");
            ERR(ld, AT_VALUE, ZH_EN("时长过短（至少 0.001 秒）", "duration too short (at least 0.001 s)"));
            pop(ld);
        }
    }
    const char *from = date_member(ld, obj, "from", false, &s->window.from);
    const char *until = date_member(ld, obj, "until", false, &s->window.until);
    if (from && until && s->window.from > s->window.until) {
        push_key(ld, "until");
        ERR(ld, AT_VALUE, ZH_EN("结束日期 %s 早于开始日期 %s", "until %s is before from %s"), until, from, until, from);
        pop(ld);
    }
    if (kind < 0)
        return;

    switch (s->kind) {
    case SLIDE_HEADLINE: {
        struct headline_item *it = arena_alloc(ld->arena, 1, sizeof *it);
        load_item(ld, obj, it);
        s->items = it;
        s->n_items = 1;
        break;
    }
    case SLIDE_HEADLINES: {
        s->title = str_member(ld, obj, "title", false, STR_TEXT, CONTENT_ROLE_TITLE);
        long per_page = 5;
        int_member(ld, obj, "per_page", false, 1, MAX_PER_PAGE, &per_page);
        s->per_page = (unsigned)per_page;
        json_t *arr = array_member(ld, obj, "items", true, 1, CONTENT_MAX_ITEMS);
        if (!arr)
            break;
        push_key(ld, "items");
        struct headline_item *items = arena_alloc(ld->arena, json_array_size(arr), sizeof *items);
        size_t i;
        json_t *v;
        json_array_foreach(arr, i, v) {
            push_index(ld, i);
            if (want_type(ld, v, JSON_OBJECT)) {
                check_keys(ld, v, item_keys);
                load_item(ld, v, &items[i]);
            }
            pop(ld);
        }
        s->items = items;
        s->n_items = json_array_size(arr);
        pop(ld);
        break;
    }
    case SLIDE_KPI: {
        s->title = str_member(ld, obj, "title", true, STR_TEXT, CONTENT_ROLE_TITLE);
        json_t *arr = array_member(ld, obj, "cards", true, 1, CONTENT_MAX_CARDS);
        if (!arr)
            break;
        push_key(ld, "cards");
        struct kpi_card *cards = arena_alloc(ld->arena, json_array_size(arr), sizeof *cards);
        size_t i;
        json_t *v;
        json_array_foreach(arr, i, v) {
            push_index(ld, i);
            if (want_type(ld, v, JSON_OBJECT))
                load_card(ld, v, &cards[i]);
            pop(ld);
        }
        s->cards = cards;
        s->n_cards = json_array_size(arr);
        pop(ld);
        break;
    }
    case SLIDE_HOTLINE:
        s->title = str_member(ld, obj, "title", false, STR_TEXT, CONTENT_ROLE_TITLE);
        break;
    case SLIDE_IMAGE: {
        s->image = asset_member(ld, obj, "image", true);
        int fit = enum_member(ld, obj, "fit", false, fits);
        s->fit = fit == 1 ? FIT_COVER : FIT_CONTAIN;
        s->caption = str_member(ld, obj, "caption", false, STR_TEXT, CONTENT_ROLE_BODY);
        break;
    }
    }
}

static const struct theme theme_defaults = {
    .background = {0x0B, 0x1F, 0x3A, 0xFF},
    .surface = {0x14, 0x33, 0x5C, 0xFF},
    .text = {0xFF, 0xFF, 0xFF, 0xFF},
    .muted = {0xA9, 0xB8, 0xD0, 0xFF},
    .accent = {0xF2, 0xA9, 0x00, 0xFF},
    .banner_bg = {0xC8, 0x10, 0x2E, 0xFF},
    .banner_text = {0xFF, 0xFF, 0xFF, 0xFF},
};

const struct theme *theme_default(void) { return &theme_defaults; }

static bool valid_id(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    return true;
}

static void load_playlist(struct loader *ld, json_t *root, struct playlist *pl)
{
    static const char *const keys[] = {"format", "id", "title", "updated", "orientation", "theme",
                                       "banner", "schedule", "slides", NULL};
    static const char *const sched_keys[] = {"dayparts", "screen_off", NULL};
    static const char *const orients[] = {"landscape", "portrait", NULL};

    if (!json_is_object(root)) {
        ERR(ld, AT_VALUE, ZH_EN("顶层应为对象 {…}，实际为%s", "the top level must be an object {...}, got %s"),
            type_zh(root), type_en(root));
        return;
    }
    check_keys(ld, root, keys);
    long format;
    if (int_member(ld, root, "format", true, 0, LONG_MAX, &format) && format != SNAPSHOT_FORMAT_VERSION) {
        push_key(ld, "format");
        ERR(ld, AT_VALUE, ZH_EN("不支持的格式版本 %ld（本程序读取版本 %d）",
                                "unsupported format version %ld (this program reads version %d)"),
            format, SNAPSHOT_FORMAT_VERSION, format, SNAPSHOT_FORMAT_VERSION);
        pop(ld);
    }
    pl->id = str_member(ld, root, "id", true, STR_SHORT, -1);
    if (pl->id && !valid_id(pl->id)) {
        push_key(ld, "id");
        ERR(ld, AT_VALUE, ZH_EN("id “%s” 只能含小写字母、数字、- 和 _", "id \"%s\" may only contain a-z, 0-9, - and _"),
            pl->id, pl->id);
        pop(ld);
    }
    for (size_t i = 0; pl->id && i < ld->n_playlists; i++)
        if (ld->playlists[i].id && strcmp(ld->playlists[i].id, pl->id) == 0) {
            push_key(ld, "id");
            ERR(ld, AT_VALUE, ZH_EN("id “%s” 已被 %s 使用", "id \"%s\" is already used by %s"), pl->id,
                ld->playlists[i].path, pl->id, ld->playlists[i].path);
            pop(ld);
        }
    pl->title = str_member(ld, root, "title", true, STR_TEXT, CONTENT_ROLE_TITLE);
    pl->updated = date_member(ld, root, "updated", true, NULL);
    int o = enum_member(ld, root, "orientation", false, orients);
    pl->orientation = o == 1 ? ORIENT_PORTRAIT : ORIENT_LANDSCAPE;

    pl->theme = theme_defaults;
    json_t *theme = object_member(ld, root, "theme", false);
    if (theme) {
        push_key(ld, "theme");
        load_theme(ld, theme, &pl->theme);
        pop(ld);
    }
    json_t *banner = object_member(ld, root, "banner", true);
    if (banner) {
        push_key(ld, "banner");
        load_banner(ld, banner, &pl->banner);
        pop(ld);
    }
    json_t *sched = object_member(ld, root, "schedule", false);
    if (sched) {
        push_key(ld, "schedule");
        check_keys(ld, sched, sched_keys);
        load_spans(ld, sched, "dayparts", &pl->dayparts, &pl->n_dayparts);
        load_spans(ld, sched, "screen_off", &pl->screen_off, &pl->n_screen_off);
        pop(ld);
    }
    json_t *slides = array_member(ld, root, "slides", true, 1, CONTENT_MAX_SLIDES);
    ld->out->n_slides += json_is_array(json_object_get(root, "slides")) ? json_array_size(json_object_get(root, "slides")) : 0;
    if (slides) {
        push_key(ld, "slides");
        struct slide *arr = arena_alloc(ld->arena, json_array_size(slides), sizeof *arr);
        size_t i;
        json_t *v;
        json_array_foreach(slides, i, v) {
            push_index(ld, i);
            if (want_type(ld, v, JSON_OBJECT)) {
                load_slide(ld, v, i, &arr[i]);
                json_t *idv = json_object_get(v, "id");
                for (size_t j = 0; idv && json_is_string(idv) && j < i; j++)
                    if (arr[j].id && strcmp(arr[j].id, json_string_value(idv)) == 0) {
                        push_key(ld, "id");
                        ERR(ld, AT_VALUE, ZH_EN("幻灯片 id “%s” 与 slides[%zu] 重复",
                                                "slide id \"%s\" repeats slides[%zu]"),
                            arr[j].id, j, arr[j].id, j);
                        pop(ld);
                        break;
                    }
            }
            pop(ld);
        }
        pl->slides = arr;
        pl->n_slides = json_array_size(slides);
        pop(ld);
    }
}

/* Every string (and key) in the document is within CONTENT_MAX_STRING_BYTES. */
static void check_strings(struct loader *ld, json_t *v)
{
    if (json_is_string(v)) {
        size_t n = json_string_length(v);
        if (n > CONTENT_MAX_STRING_BYTES)
            ERR(ld, AT_VALUE, ZH_EN("字符串过长（%zu 字节，上限 %d）", "string too long (%zu bytes, limit %d)"), n,
                CONTENT_MAX_STRING_BYTES, n, CONTENT_MAX_STRING_BYTES);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            push_index(ld, i);
            check_strings(ld, e);
            pop(ld);
            if (ld->stopped)
                return;
        }
    } else if (json_is_object(v)) {
        const char *key;
        json_t *e;
        json_object_foreach(v, key, e) {
            push_key(ld, key);
            size_t n = strlen(key);
            if (n > CONTENT_MAX_STRING_BYTES)
                ERR(ld, AT_KEY, ZH_EN("键过长（%zu 字节，上限 %d）", "key too long (%zu bytes, limit %d)"), n,
                    CONTENT_MAX_STRING_BYTES, n, CONTENT_MAX_STRING_BYTES);
            else
                check_strings(ld, e);
            pop(ld);
            if (ld->stopped)
                return;
        }
    }
}

/* ---- files ------------------------------------------------------------------------------------ */

/* jansson's English message, said in Chinese: "<what> near '<token>'". */
static char *parse_error_zh(const char *t)
{
    static const struct {
        const char *en, *zh;
    } whats[] = {
        {"unable to decode byte", "无效的 UTF-8 编码（请将文件另存为 UTF-8）"},
        {"invalid UTF-8", "无效的 UTF-8 编码（请将文件另存为 UTF-8）"},
        {"duplicate object key", "重复的键（同一对象中一个键只能出现一次）"},
        {"real number overflow", "数值超出范围"},
        {"too big", "整数超出范围"},
        {"invalid token", "无效的记号（JSON 不支持 NaN、Infinity、注释和单引号）"},
        {"u0000", "字符串中不允许 \\u0000"},
        {"string or '}' expected", "应为键（双引号字符串）或 '}'（JSON 不支持注释、单引号和末尾逗号）"},
        {"'[' or '{' expected", "文件应以 '{' 开头"},
        {"end of file expected", "文档已结束，后面不应再有内容"},
        {"premature end of input", "文件提前结束（缺少括号或引号？）"},
        {"unexpected newline", "字符串中不能直接换行（请写 \\n）"},
        {"control character", "字符串中有控制字符"},
        {"invalid escape", "无效的转义序列"},
        {"unexpected token", "意外的记号"},
        {"' expected", NULL}, /* "'X' expected": handled below */
    };
    const char *zh = "JSON 语法错误";
    char expected[8] = "";
    for (size_t i = 0; i < sizeof whats / sizeof whats[0]; i++)
        if (strstr(t, whats[i].en)) {
            if (whats[i].zh)
                zh = whats[i].zh;
            else if (t[0] == '\'' && t[2] == '\'')
                snprintf(expected, sizeof expected, "%c", t[1]);
            break;
        }
    const char *near = strstr(t, " near ");
    char *tail;
    if (!near)
        tail = xstrdup("");
    else if (strcmp(near, " near end of file") == 0)
        tail = xstrdup("，位于文件末尾");
    else
        tail = xasprintf("，位置靠近 %s", near + 6);
    /* Chinese punctuation typed where JSON needs ASCII. */
    const char *hint = near && (strstr(near, "，") || strstr(near, "：") || strstr(near, "“") || strstr(near, "”"))
                           ? "（中文标点 ，：“” 不能用作 JSON 符号，请改用英文标点）"
                           : "";
    char *out = expected[0] ? xasprintf("此处应为 '%s'%s%s", expected, tail, hint) : xasprintf("%s%s%s", zh, tail, hint);
    free(tail);
    return out;
}

static void parse_error(struct loader *ld, const json_error_t *err)
{
    const char *t = err->text;
    char *zh = parse_error_zh(t);
    char *en = strstr(t, "invalid token")
                   ? xasprintf("invalid token (NaN, Infinity, comments and single quotes are not JSON): %s", t)
                   : xasprintf("JSON syntax error: %s", t);
    file_error(ld, err->line > 0 ? err->line : 1, err->column > 0 ? err->column : 1, zh, en);
    free(zh);
    free(en);
}

/* Loads one file's text into pl. Returns false when it could not be parsed at all. */
static bool load_text(struct loader *ld, struct playlist *pl)
{
    if (ld->len > CONTENT_MAX_FILE_BYTES) {
        char *en = xasprintf("file too large (%zu bytes, limit %u)", ld->len, CONTENT_MAX_FILE_BYTES);
        char *zh = xasprintf("文件过大（%zu 字节，上限 %u）", ld->len, CONTENT_MAX_FILE_BYTES);
        file_error(ld, 0, 0, zh, en);
        free(zh);
        free(en);
        return false;
    }
    if (ld->len == 0) {
        file_error(ld, 0, 0, "文件为空", "file is empty");
        return false;
    }
    if (ld->len >= 3 && memcmp(ld->text, "\xEF\xBB\xBF", 3) == 0) {
        file_error(ld, 1, 1, "文件以 UTF-8 BOM 开头；请另存为“UTF-8（无 BOM）”",
                   "file starts with a UTF-8 BOM; save it as UTF-8 without BOM");
        return false;
    }
    struct jpos deep;
    if (!jsonpos_depth_ok(ld->text, ld->len, CONTENT_MAX_DEPTH, &deep)) {
        char *zh = xasprintf("嵌套过深（上限 %d 层）", CONTENT_MAX_DEPTH);
        char *en = xasprintf("nesting too deep (limit %d levels)", CONTENT_MAX_DEPTH);
        file_error(ld, deep.line, deep.col, zh, en);
        free(zh);
        free(en);
        return false;
    }
    json_error_t err;
    json_t *root = json_loadb(ld->text, ld->len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        parse_error(ld, &err);
        return false;
    }
    check_strings(ld, root);
    load_playlist(ld, root, pl);
    json_decref(root);
    return true;
}

/* The absolute folder of a file path (for assets); NULL if it cannot be resolved. */
static char *folder_of(const char *file)
{
    char *copy = xstrdup(file);
    char *abs = realpath(dirname(copy), NULL);
    free(copy);
    return abs;
}

static void load_one(struct loader *ld, const char *display, const char *text, size_t len, const char *dir_abs)
{
    struct playlist *pl = &ld->playlists[ld->n_playlists];
    *pl = (struct playlist){.path = arena_strdup(ld->arena, display)};
    ld->file = display;
    ld->text = text;
    ld->len = len;
    ld->depth = 0;
    ld->n_found = 0;
    ld->stopped = false;
    ld->dir_abs = dir_abs;
    ld->dirfd = dir_abs ? open(dir_abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    ld->out->n_files++;
    load_text(ld, pl);
    if (ld->dirfd >= 0)
        close(ld->dirfd);
    ld->dirfd = -1;
    ld->text = NULL;
    ld->n_playlists++;
}

static void load_file(struct loader *ld, const char *display, bool nofollow)
{
    char *text = NULL;
    size_t len = 0;
    enum fs_status st = fs_read_file(display, CONTENT_MAX_FILE_BYTES, nofollow, &text, &len);
    ld->file = display;
    switch (st) {
    case FS_OK: {
        char *dir = folder_of(display);
        load_one(ld, display, text, len, dir);
        free(dir);
        break;
    }
    case FS_NOT_FOUND: file_error(ld, 0, 0, "文件不存在", "no such file"); break;
    case FS_SYMLINK: file_error(ld, 0, 0, "播放列表文件是符号链接（已拒绝）", "the playlist file is a symbolic link (refused)"); break;
    case FS_NOT_REGULAR:
        if (fs_is_dir(display))
            file_error(ld, 0, 0, "这是文件夹，应为 .json 文件", "is a folder, expected a .json file");
        else
            file_error(ld, 0, 0, "不是普通文件", "not a regular file");
        break;
    case FS_TOO_LARGE: {
        char *zh = xasprintf("文件过大（上限 %u 字节）", CONTENT_MAX_FILE_BYTES);
        char *en = xasprintf("file too large (limit %u bytes)", CONTENT_MAX_FILE_BYTES);
        file_error(ld, 0, 0, zh, en);
        free(zh);
        free(en);
        break;
    }
    case FS_IO: {
        char *zh = xasprintf("无法读取：%s", strerror(errno));
        char *en = xasprintf("cannot read: %s", strerror(errno));
        file_error(ld, 0, 0, zh, en);
        free(zh);
        free(en);
        break;
    }
    }
    free(text);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_json_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static void load_folder(struct loader *ld, const char *dir)
{
    ld->file = dir;
    DIR *d = opendir(dir);
    if (!d) {
        char *zh = xasprintf("无法打开文件夹：%s", strerror(errno));
        char *en = xasprintf("cannot open the folder: %s", strerror(errno));
        file_error(ld, 0, 0, zh, en);
        free(zh);
        free(en);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool too_many = false;
    for (struct dirent *e; (e = readdir(d));) {
        if (!is_json_name(e->d_name))
            continue;
        if (n == CONTENT_MAX_PLAYLISTS) {
            too_many = true;
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            names = xreallocarray(names, cap, sizeof *names);
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (too_many) {
        char *zh = xasprintf("播放列表过多（上限 %d 个）", CONTENT_MAX_PLAYLISTS);
        char *en = xasprintf("too many playlists (limit %d)", CONTENT_MAX_PLAYLISTS);
        file_error(ld, 0, 0, zh, en);
        free(zh);
        free(en);
    } else if (n == 0) {
        file_error(ld, 0, 0, "文件夹中没有 .json 播放列表", "no .json playlist in the folder");
    } else {
        qsort(names, n, sizeof *names, cmp_str);
        for (size_t i = 0; i < n; i++) {
            char *full = fs_join(dir, names[i]);
            load_file(ld, full, true);
            free(full);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void loader_init(struct loader *ld, const struct content_opts *opts, struct findings *out)
{
    *ld = (struct loader){.opts = opts, .out = out, .arena = arena_new(), .dirfd = -1};
    ld->playlists = arena_alloc(ld->arena, CONTENT_MAX_PLAYLISTS, sizeof *ld->playlists);
}

static struct snapshot *loader_finish(struct loader *ld, size_t errors_before, const char *root)
{
    if (ld->out->n_errors > errors_before || ld->n_playlists == 0) {
        arena_free(ld->arena);
        return NULL;
    }
    struct snapshot_priv *p = xcalloc(1, sizeof *p);
    p->arena = ld->arena;
    p->pub.root = arena_strdup(ld->arena, root ? root : ".");
    p->pub.playlists = ld->playlists;
    p->pub.n_playlists = ld->n_playlists;
    p->pub.generation = atomic_fetch_add(&next_generation, 1);
    return &p->pub;
}

struct snapshot *content_load(const char *path, const struct content_opts *opts, struct findings *out)
{
    struct loader ld;
    size_t errors_before = out->n_errors;
    loader_init(&ld, opts, out);
    ld.file = path;
    struct stat st;
    char *root = NULL;
    if (stat(path, &st) != 0) {
        char *zh = xasprintf("无法访问：%s", strerror(errno));
        char *en = xasprintf("cannot access: %s", strerror(errno));
        file_error(&ld, 0, 0, zh, en);
        free(zh);
        free(en);
    } else if (S_ISDIR(st.st_mode)) {
        root = realpath(path, NULL);
        load_folder(&ld, path);
    } else {
        root = folder_of(path);
        load_file(&ld, path, false);
    }
    struct snapshot *snap = loader_finish(&ld, errors_before, root);
    free(root);
    if (snap)
        LOG_DBG("loaded %s: %zu playlists, generation %llu", path, snap->n_playlists,
                (unsigned long long)snap->generation);
    return snap;
}

struct snapshot *content_load_buffer(const char *text, size_t len, const char *name, const char *base_dir,
                                     const struct content_opts *opts, struct findings *out)
{
    struct loader ld;
    size_t errors_before = out->n_errors;
    loader_init(&ld, opts, out);
    char *dir = base_dir ? realpath(base_dir, NULL) : NULL;
    load_one(&ld, name, text, len, dir);
    struct snapshot *snap = loader_finish(&ld, errors_before, dir);
    free(dir);
    return snap;
}
