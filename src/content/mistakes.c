/* mistakes: see mistakes.h. Phone numbers are compared by their digits only (400-162-2002 and
 * tel:4001622002 are the same number). */
#include "content/mistakes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/xalloc.h"

#define MIN_PHONE_DIGITS 7

/* The digits of s (at most size-1). */
static void digits_of(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    for (; s && *s && n + 1 < size; s++)
        if (isdigit((unsigned char)*s))
            buf[n++] = *s;
    buf[n] = '\0';
}

static bool is_hotline(const struct banner *b, const char *digits)
{
    char d[64];
    for (size_t i = 0; i < b->n_entries; i++) {
        digits_of(b->entries[i].number, d, sizeof d);
        if (d[0] && strcmp(d, digits) == 0)
            return true;
    }
    return false;
}

/* Skips blanks and the punctuation people put between a tag and a title (：:·- and spaces). */
static const char *skip_joiners(const char *s)
{
    static const char *const joiners[] = {"：", ":", "·", "-", "—", "|", "｜", " ", "\xE3\x80\x80", NULL};
    for (bool again = true; again;) {
        again = false;
        for (const char *const *j = joiners; *j; j++)
            if (strncmp(s, *j, strlen(*j)) == 0) {
                s += strlen(*j);
                again = true;
            }
    }
    return s;
}

void mistakes_title_tag(struct loader *ld, const char *source, const char **title)
{
    if (!source || !*title || !source[0])
        return;
    const char *t = *title, *rest = NULL;
    size_t n = strlen(source);
    static const char *const open[] = {"【", "[", "［", "〔", NULL}, *const close[] = {"】", "]", "］", "〕", NULL};
    for (size_t k = 0; open[k] && !rest; k++) {
        size_t o = strlen(open[k]), c = strlen(close[k]);
        if (strncmp(t, open[k], o) == 0 && strncmp(t + o, source, n) == 0 && strncmp(t + o + n, close[k], c) == 0)
            rest = t + o + n + c;
    }
    if (!rest && strncmp(t, source, n) == 0) {
        const char *after = skip_joiners(t + n);
        if (after != t + n)
            rest = after; /* 武汉招商：… but not 武汉招商中心… */
    }
    if (!rest)
        return;
    rest = skip_joiners(rest);
    if (!*rest)
        return; /* the title is only the tag: leave it, nothing else would show */
    push_key(ld, "title");
    WARN(ld, AT_VALUE,
         ZH_EN("标题已以标签 “%s” 开头，屏幕会自动显示【%s】；已从标题中去掉，请在表中删去",
               "the title already starts with its tag \"%s\", which the screen shows as 【%s】 anyway; it was "
               "removed from the title, delete it in the file"),
         source, source, source, source);
    pop(ld);
    *title = rest;
}

const char *mistakes_expand(struct loader *ld, const char *s, const struct banner *b, const char *updated)
{
    static const char *const words[] = {"hotline", "updated", "热线", "更新日期", NULL};
    if (!s || !strchr(s, '{'))
        return s;
    size_t cap = strlen(s) + 256, n = 0;
    char *out = xmalloc(cap);
    bool changed = false;
    for (const char *p = s; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (!close || close - p > 40) {
            out[n++] = *p++;
            if (n + 1 >= cap)
                out = xrealloc(out, cap *= 2);
            continue;
        }
        char word[48];
        snprintf(word, sizeof word, "%.*s", (int)(close - p - 1), p + 1);
        const char *val = NULL;
        if (strcmp(word, "hotline") == 0 || strcmp(word, "热线") == 0)
            val = b->n_entries ? b->entries[0].number : NULL;
        else if (strcmp(word, "updated") == 0 || strcmp(word, "更新日期") == 0)
            val = updated;
        if (val) {
            size_t m = strlen(val);
            while (n + m + 1 >= cap)
                out = xrealloc(out, cap *= 2);
            memcpy(out + n, val, m);
            n += m;
            changed = true;
        } else {
            const char *guess = jcheck_closest(word, words);
            if (guess)
                WARN(ld, AT_VALUE, ZH_EN("未知的占位符 {%s}，是否想写 {%s}？", "unknown placeholder {%s}; did you mean {%s}?"),
                     word, guess, word, guess);
            else
                WARN(ld, AT_VALUE,
                     ZH_EN("未知的占位符 {%s}（可用：{hotline} {updated}）", "unknown placeholder {%s} (known: {hotline} {updated})"),
                     word, word);
            size_t m = (size_t)(close - p) + 1;
            while (n + m + 1 >= cap)
                out = xrealloc(out, cap *= 2);
            memcpy(out + n, p, m);
            n += m;
        }
        p = close + 1;
    }
    out[n] = '\0';
    const char *kept = changed ? arena_strdup(ld->arena, out) : s;
    free(out);
    return kept;
}

/* A phone-like run in s at or after *i: digits with single - or spaces between, at least
 * MIN_PHONE_DIGITS digits, not a date (2025-07-09). Its digits into buf; false at the end. */
static bool next_phone(const char *s, size_t *i, char *buf, size_t size)
{
    size_t len = strlen(s);
    while (*i < len) {
        if (!isdigit((unsigned char)s[*i]) || (*i > 0 && (isdigit((unsigned char)s[*i - 1]) || s[*i - 1] == '.'))) {
            (*i)++;
            continue;
        }
        size_t start = *i, n = 0, groups = 1, glen[8] = {0};
        while (*i < len) {
            char c = s[*i];
            if (isdigit((unsigned char)c)) {
                if (n + 1 < size)
                    buf[n++] = c;
                if (groups <= 8)
                    glen[groups - 1]++;
                (*i)++;
            } else if ((c == '-' || c == ' ') && *i + 1 < len && isdigit((unsigned char)s[*i + 1])) {
                groups++;
                (*i)++;
            } else {
                break;
            }
        }
        buf[n] = '\0';
        bool date = groups == 3 && glen[0] == 4 && glen[1] <= 2 && glen[2] <= 2;
        bool decimal = *i < len && s[*i] == '.';
        (void)start;
        if (n >= MIN_PHONE_DIGITS && !date && !decimal)
            return true;
    }
    return false;
}

void mistakes_banner(struct loader *ld, const struct banner *b)
{
    char d[64];
    if (b->qr && strncmp(b->qr, "tel:", 4) == 0 && b->n_entries) {
        digits_of(b->qr + 4, d, sizeof d);
        if (!is_hotline(b, d)) {
            push_key(ld, "qr");
            WARN(ld, AT_VALUE,
                 ZH_EN("二维码拨打的 %s 不是任何一个热线号码（热线是 %s）；请改二维码或删去它（默认拨打第一个热线）",
                       "the QR code dials %s, which is none of the hotlines (the first is %s); change the QR code or "
                       "remove it (it then dials the first hotline)"),
                 b->qr + 4, b->entries[0].number, b->qr + 4, b->entries[0].number);
            pop(ld);
        }
    }
    if (b->ticker && b->n_entries) {
        size_t i = 0;
        while (next_phone(b->ticker, &i, d, sizeof d))
            if (!is_hotline(b, d)) {
                push_key(ld, "ticker");
                WARN(ld, AT_VALUE,
                     ZH_EN("滚动字幕中的号码 %s 不是热线号码（热线是 %s）；可写 {hotline}，自动填入热线",
                           "the number %s in the ticker is not a hotline (the first is %s); write {hotline} to have "
                           "the hotline filled in"),
                     d, b->entries[0].number, d, b->entries[0].number);
                pop(ld);
                break;
            }
    }
}

void mistakes_across(struct loader *ld)
{
    if (ld->n_playlists < 2)
        return;
    const struct playlist *first = &ld->playlists[0];
    for (size_t p = 1; p < ld->n_playlists; p++) {
        const struct playlist *pl = &ld->playlists[p];
        bool same = pl->banner.n_entries == first->banner.n_entries;
        char a[64], b[64];
        for (size_t i = 0; same && i < pl->banner.n_entries; i++) {
            digits_of(pl->banner.entries[i].number, a, sizeof a);
            digits_of(first->banner.entries[i].number, b, sizeof b);
            same = strcmp(a, b) == 0;
        }
        if (same || !pl->banner.n_entries || !first->banner.n_entries)
            continue;
        jcheck_begin(&ld->jc, ld->jc.out, pl->path, NULL, 0);
        size_t n = strlen(pl->path);
        bool workbook = n > 5 && strcmp(pl->path + n - 5, ".xlsx") == 0;
        push_key(ld, workbook ? "热线" : "banner"); /* a workbook's findings name its sheet */
        push_key(ld, workbook ? "" : "hotlines");
        WARN(ld, AT_VALUE,
             ZH_EN("热线号码与 %s 不同（%s / %s）；同一文件夹的屏幕通常应使用相同的热线",
                   "the hotline numbers differ from %s (%s / %s); the screens of one folder usually show the same hotlines"),
             first->path, pl->banner.entries[0].number, first->banner.entries[0].number, first->path,
             pl->banner.entries[0].number, first->banner.entries[0].number);
        pop(ld);
        pop(ld);
        jcheck_end(&ld->jc);
    }
}
