/* jcheck: the reporter and typed JSON access (see jcheck.h). */
#include "core/jcheck.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonerr.h"
#include "core/utf8.h"
#include "core/xalloc.h"

void jcheck_begin(struct jcheck *jc, struct findings *out, const char *file, const char *text, size_t len)
{
    *jc = (struct jcheck){.out = out, .file = file, .text = text, .len = len};
}

void jcheck_end(struct jcheck *jc)
{
    if (!jc->n_warnings_dropped)
        return;
    char *zh = xasprintf("另有 %zu 条警告未列出", jc->n_warnings_dropped);
    char *en = xasprintf("%zu more warnings not listed", jc->n_warnings_dropped);
    findings_add(jc->out, SEV_WARNING, jc->file, 0, 0, "", zh, en);
    jc->out->n_warnings += jc->n_warnings_dropped - 1; /* the summary counts them all */
    free(zh);
    free(en);
    jc->n_warnings_dropped = 0;
}

void jcheck_push_key(struct jcheck *jc, const char *key)
{
    if (jc->depth < JCHECK_MAX_DEPTH)
        jc->path[jc->depth] = (struct jpath_elem){.key = key};
    jc->depth++;
}

void jcheck_push_index(struct jcheck *jc, size_t i)
{
    if (jc->depth < JCHECK_MAX_DEPTH)
        jc->path[jc->depth] = (struct jpath_elem){.key = NULL, .index = i};
    jc->depth++;
}

void jcheck_pop(struct jcheck *jc)
{
    jc->depth--;
}

char *jcheck_path(const struct jcheck *jc)
{
    size_t cap = 64, n = 0, depth = jc->depth < JCHECK_MAX_DEPTH ? jc->depth : JCHECK_MAX_DEPTH;
    char *s = xmalloc(cap);
    s[0] = '\0';
    for (size_t i = 0; i < depth; i++) {
        char num[32];
        const char *part = jc->path[i].key;
        if (!part) {
            snprintf(num, sizeof num, "[%zu]", jc->path[i].index);
            part = num;
        }
        size_t need = n + strlen(part) + 2;
        if (need > cap) {
            cap = need * 2;
            s = xrealloc(s, cap);
        }
        if (jc->path[i].key && i > 0)
            s[n++] = '.';
        strcpy(s + n, part);
        n += strlen(part);
    }
    return s;
}

static void add(struct jcheck *jc, enum severity sev, int line, int col, const char *path, const char *msg)
{
    if (jc->stopped)
        return;
    if (sev == SEV_WARNING && ++jc->n_warnings > JCHECK_MAX_WARNINGS) {
        jc->n_warnings_dropped++;
        return;
    }
    if (sev == SEV_ERROR && ++jc->n_errors > JCHECK_MAX_ERRORS) {
        jc->stopped = true;
        findings_add(jc->out, SEV_ERROR, jc->file, 0, 0, "", "问题过多，此文件的其余部分不再检查",
                     "too many problems; the rest of this file was not checked");
        return;
    }
    const char *sep = strchr(msg, '\x1f');
    char *zh = sep ? xstrndup(msg, (size_t)(sep - msg)) : xstrdup(msg);
    findings_add(jc->out, sev, jc->file, line, col, path, zh, sep ? sep + 1 : msg);
    free(zh);
}

void jcheck_report(struct jcheck *jc, enum severity sev, enum jc_where where, const char *fmt, ...)
{
    if (jc->stopped)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    struct jpos pos = {0};
    size_t n = where == JC_AT_PARENT && jc->depth ? jc->depth - 1 : jc->depth;
    bool found = jc->text && n <= JCHECK_MAX_DEPTH &&
                 jsonpos_find(jc->text, jc->len, jc->path, n, where == JC_AT_KEY, &pos);
    char *path = jcheck_path(jc);
    add(jc, sev, found ? pos.line : 0, found ? pos.col : 0, path, msg);
    free(path);
    free(msg);
}

void jcheck_file_error(struct jcheck *jc, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    add(jc, SEV_ERROR, line, col, "", msg);
    free(msg);
}

json_t *jcheck_parse(struct jcheck *jc, int max_depth)
{
    struct jpos deep;
    if (!jsonpos_depth_ok(jc->text, jc->len, max_depth, &deep)) {
        jcheck_file_error(jc, deep.line, deep.col, JC_ZH_EN("嵌套过深（上限 %d 层）", "nesting too deep (limit %d levels)"),
                          max_depth, max_depth);
        return NULL;
    }
    json_error_t err;
    json_t *root = json_loadb(jc->text, jc->len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        char *zh = jsonerr_zh(err.text), *en = jsonerr_en(err.text);
        jcheck_file_error(jc, err.line > 0 ? err.line : 1, err.column > 0 ? err.column : 1, "%s\x1f%s", zh, en);
        free(zh);
        free(en);
    }
    return root;
}

/* ---- typed access ----------------------------------------------------------------------------- */

const char *jcheck_type_zh(const json_t *v)
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

const char *jcheck_type_en(const json_t *v)
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

bool jcheck_type(struct jcheck *jc, const json_t *v, json_type t)
{
    bool ok = t == JSON_REAL ? json_is_number(v) : json_typeof(v) == t;
    if (ok)
        return true;
    static const char *const zh[] = {[JSON_OBJECT] = "对象", [JSON_ARRAY] = "数组", [JSON_STRING] = "字符串",
                                     [JSON_INTEGER] = "整数", [JSON_REAL] = "数字", [JSON_TRUE] = "布尔值",
                                     [JSON_FALSE] = "布尔值", [JSON_NULL] = "null"};
    static const char *const en[] = {[JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array",
                                     [JSON_STRING] = "a string", [JSON_INTEGER] = "an integer",
                                     [JSON_REAL] = "a number", [JSON_TRUE] = "a boolean",
                                     [JSON_FALSE] = "a boolean", [JSON_NULL] = "null"};
    JC_ERR(jc, JC_AT_VALUE, JC_ZH_EN("应为%s，实际为%s", "expected %s, got %s"), zh[t], jcheck_type_zh(v), en[t],
           jcheck_type_en(v));
    return false;
}

json_t *jcheck_member(struct jcheck *jc, json_t *obj, const char *key, bool required)
{
    json_t *v = json_object_get(obj, key);
    if (!v && required) {
        jcheck_push_key(jc, key);
        JC_ERR(jc, JC_AT_PARENT, JC_ZH_EN("缺少必填字段 “%s”", "missing required field \"%s\""), key, key);
        jcheck_pop(jc);
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

const char *jcheck_closest(const char *s, const char *const *list)
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

/* "a, b, c" of a NULL-terminated list, cut to fit. */
void jcheck_join(char *list, size_t size, const char *const *words)
{
    list[0] = '\0';
    for (const char *const *k = words; *k; k++) {
        if (strlen(list) + strlen(*k) + 3 >= size)
            break;
        if (k != words)
            strcat(list, ", ");
        strcat(list, *k);
    }
}

void jcheck_keys(struct jcheck *jc, json_t *obj, const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (ok)
            continue;
        jcheck_push_key(jc, key);
        const char *best = jcheck_closest(key, known);
        if (best)
            JC_ERR(jc, JC_AT_KEY,
                   JC_ZH_EN("未知的键 “%s”，是否想写 “%s”？", "unknown key \"%s\"; did you mean \"%s\"?"), key, best,
                   key, best);
        else {
            char list[512];
            jcheck_join(list, sizeof list, known);
            JC_ERR(jc, JC_AT_KEY, JC_ZH_EN("未知的键 “%s”（可用：%s）", "unknown key \"%s\" (known: %s)"), key, list,
                   key, list);
        }
        jcheck_pop(jc);
    }
}

const char *jcheck_string(struct jcheck *jc, json_t *obj, const char *key, bool required, size_t max_bytes)
{
    json_t *v = jcheck_member(jc, obj, key, required);
    if (!v)
        return NULL;
    jcheck_push_key(jc, key);
    const char *out = NULL;
    if (jcheck_type(jc, v, JSON_STRING)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (utf8_is_blank(s, n))
            JC_ERR(jc, JC_AT_VALUE, n ? JC_ZH_EN("只有空白字符，显示出来什么也没有", "only blank characters: nothing would show")
                                      : JC_ZH_EN("不能为空", "must not be empty"));
        else if (max_bytes && n > max_bytes)
            JC_ERR(jc, JC_AT_VALUE, JC_ZH_EN("过长（%zu 字节，上限 %zu）", "too long (%zu bytes, limit %zu)"), n,
                   max_bytes, n, max_bytes);
        else
            out = s;
    }
    jcheck_pop(jc);
    return out;
}

/* The shortest decimal that reads back as d (1000000000000000.1, not 1e+15). */
static void shortest(char *buf, size_t size, double d)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

bool jcheck_number(struct jcheck *jc, json_t *obj, const char *key, bool required, double lo, double hi,
                   bool lo_open, double *out)
{
    json_t *v = jcheck_member(jc, obj, key, required);
    if (!v)
        return false;
    jcheck_push_key(jc, key);
    bool ok = false;
    if (jcheck_type(jc, v, JSON_REAL)) {
        double d = json_number_value(v);
        char num[40];
        shortest(num, sizeof num, d);
        if ((lo_open ? d <= lo : d < lo) || d > hi)
            JC_ERR(jc, JC_AT_VALUE,
                   JC_ZH_EN("%s 超出范围（应%s %g 且 ≤ %g）", "%s is out of range (must be %s %g and <= %g)"), num,
                   lo_open ? ">" : "≥", lo, hi, num, lo_open ? ">" : ">=", lo, hi);
        else {
            *out = d;
            ok = true;
        }
    }
    jcheck_pop(jc);
    return ok;
}

bool jcheck_int(struct jcheck *jc, json_t *obj, const char *key, bool required, long lo, long hi, long *out)
{
    json_t *v = jcheck_member(jc, obj, key, required);
    if (!v)
        return false;
    jcheck_push_key(jc, key);
    bool ok = false;
    if (jcheck_type(jc, v, JSON_INTEGER)) {
        json_int_t i = json_integer_value(v);
        if (i < lo || i > hi)
            JC_ERR(jc, JC_AT_VALUE, JC_ZH_EN("%lld 超出范围（%ld–%ld）", "%lld is out of range (%ld-%ld)"),
                   (long long)i, lo, hi, (long long)i, lo, hi);
        else {
            *out = (long)i;
            ok = true;
        }
    }
    jcheck_pop(jc);
    return ok;
}

int jcheck_enum(struct jcheck *jc, json_t *obj, const char *key, bool required, const char *const *choices)
{
    json_t *v = jcheck_member(jc, obj, key, required);
    if (!v)
        return -1;
    jcheck_push_key(jc, key);
    int found = -1;
    if (jcheck_type(jc, v, JSON_STRING)) {
        const char *s = json_string_value(v);
        for (int i = 0; choices[i]; i++)
            if (strcmp(s, choices[i]) == 0)
                found = i;
        if (found < 0) {
            char list[256];
            jcheck_join(list, sizeof list, choices);
            JC_ERR(jc, JC_AT_VALUE, JC_ZH_EN("“%s” 不是可用的值（可用：%s）", "\"%s\" is not one of: %s"), s, list, s,
                   list);
        }
    }
    jcheck_pop(jc);
    return found;
}

json_t *jcheck_array(struct jcheck *jc, json_t *obj, const char *key, bool required, size_t min, size_t max)
{
    json_t *v = jcheck_member(jc, obj, key, required);
    if (!v)
        return NULL;
    jcheck_push_key(jc, key);
    json_t *out = NULL;
    if (jcheck_type(jc, v, JSON_ARRAY)) {
        size_t n = json_array_size(v);
        if (n < min && min == 1)
            JC_ERR(jc, JC_AT_VALUE, JC_ZH_EN("不能为空数组", "must not be an empty array"));
        else if (n < min || n > max)
            JC_ERR(jc, JC_AT_VALUE, JC_ZH_EN("有 %zu 项，应为 %zu–%zu 项", "has %zu entries; must have %zu-%zu"), n,
                   min, max, n, min, max);
        else
            out = v;
    }
    jcheck_pop(jc);
    return out;
}

json_t *jcheck_object(struct jcheck *jc, json_t *obj, const char *key, bool required)
{
    json_t *v = jcheck_member(jc, obj, key, required);
    if (!v)
        return NULL;
    jcheck_push_key(jc, key);
    bool ok = jcheck_type(jc, v, JSON_OBJECT);
    jcheck_pop(jc);
    return ok ? v : NULL;
}

void jcheck_each(struct jcheck *jc, json_t *arr, int type, jcheck_each_fn *fn, void *ctx)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        jcheck_push_index(jc, i);
        if (type < 0 || jcheck_type(jc, v, (json_type)type))
            fn(ctx, v, i);
        jcheck_pop(jc);
    }
}
