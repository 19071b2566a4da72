/* schema: format v1 (see schema.h). Adding a slide kind = one row in kinds[] and its loader. */
#include "content/schema.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "content/formats.h"
#include "core/util.h"
#include "core/xalloc.h"


#define MAX_QR_BYTES 512
#define MAX_HOTLINES 8
#define MAX_SPANS 32
#define MAX_PER_PAGE 20
#define MAX_DURATION_S 3600
#define MAX_DECIMALS 6
#define MAX_KPI_ABS 1e15
#define MAX_KIND_KEYS 12

/* ---- theme and banner ------------------------------------------------------------------------- */

/* Relative luminance (WCAG) of an opaque colour. */
static double luminance(struct rgba c)
{
    double v[3] = {c.r / 255.0, c.g / 255.0, c.b / 255.0};
    for (int i = 0; i < 3; i++)
        v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow((v[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/* Colours that would make text invisible: transparent text (an error: nothing shows), a see-through
 * background (it shows black), text as dark or light as what it is drawn on (a warning). */
static void check_visible(struct loader *ld, json_t *colors, const struct theme *th)
{
    static const struct {
        const char *key, *on;
        size_t off, on_off;
    } ink[] = {
        {"text", "background", offsetof(struct theme, text), offsetof(struct theme, background)},
        {"muted", "background", offsetof(struct theme, muted), offsetof(struct theme, background)},
        {"accent", "background", offsetof(struct theme, accent), offsetof(struct theme, background)},
        {"banner_text", "banner_bg", offsetof(struct theme, banner_text), offsetof(struct theme, banner_bg)},
        {"banner_bg", NULL, offsetof(struct theme, banner_bg), 0},
    };
    for (size_t i = 0; i < ALEN(ink); i++) {
        const struct rgba *c = (const struct rgba *)((const char *)th + ink[i].off);
        if (!json_object_get(colors, ink[i].key))
            continue;
        push_key(ld, ink[i].key);
        if (c->a == 0)
            ERR(ld, AT_VALUE, ZH_EN("颜色完全透明（alpha 为 00），用它画的内容看不见",
                                    "the colour is fully transparent (alpha 00): what it draws would not show"));
        else if (ink[i].on) {
            const struct rgba *bg = (const struct rgba *)((const char *)th + ink[i].on_off);
            double l1 = luminance(*c), l2 = luminance(*bg);
            double ratio = (fmax(l1, l2) + 0.05) / (fmin(l1, l2) + 0.05);
            if (ratio < 1.5)
                WARN(ld, AT_VALUE, ZH_EN("与 %s 几乎同色（对比度 %.2f:1），文字难以看清",
                                         "almost the same as %s (contrast %.2f:1): the text would be hard to see"),
                     ink[i].on, ratio, ink[i].on, ratio);
        }
        pop(ld);
    }
    if (json_object_get(colors, "background") && th->background.a < 255) {
        push_key(ld, "background");
        WARN(ld, AT_VALUE, ZH_EN("背景色不是不透明的：屏幕上会显示为偏黑", "the background is not opaque: it shows darkened, over black"));
        pop(ld);
    }
}

/* theme.fonts.<key>: a family name, checked against fonts.json's families when the caller gave them. */
static const char *field_family(struct loader *ld, json_t *fonts, const char *key)
{
    const char *name = field_str(ld, fonts, key, false, STR_SHORT, FIELD_NOT_TEXT);
    const char *const *known = ld->opts ? ld->opts->families : NULL;
    if (!name || !known)
        return name;
    for (size_t k = 0; known[k]; k++)
        if (strcmp(name, known[k]) == 0)
            return name;
    push_key(ld, key);
    const char *guess = jcheck_closest(name, known);
    char list[256];
    jcheck_join(list, sizeof list, known);
    if (guess)
        ERR(ld, AT_VALUE,
            ZH_EN("字体族 “%s” 不在 fonts.json 中，是否想写 “%s”？",
                  "font family \"%s\" is not in fonts.json; did you mean \"%s\"?"),
            name, guess, name, guess);
    else
        ERR(ld, AT_VALUE,
            ZH_EN("字体族 “%s” 不在 fonts.json 中（可用：%s）", "font family \"%s\" is not in fonts.json (known: %s)"),
            name, list, name, list);
    pop(ld);
    return name;
}

static void load_theme(struct loader *ld, json_t *obj, struct theme *th)
{
    static const char *const keys[] = {"colors", "logo", "fonts", NULL};
    static const char *const color_keys[] = {"background", "surface", "text", "muted",
                                             "accent", "banner_bg", "banner_text", NULL};
    static const char *const font_keys[] = {"title", "body", "figure", NULL};
    jcheck_keys(&ld->jc, obj, keys);
    json_t *colors = jcheck_object(&ld->jc, obj, "colors", false);
    if (colors) {
        push_key(ld, "colors");
        jcheck_keys(&ld->jc, colors, color_keys);
        field_color(ld, colors, "background", &th->background);
        field_color(ld, colors, "surface", &th->surface);
        field_color(ld, colors, "text", &th->text);
        field_color(ld, colors, "muted", &th->muted);
        field_color(ld, colors, "accent", &th->accent);
        field_color(ld, colors, "banner_bg", &th->banner_bg);
        field_color(ld, colors, "banner_text", &th->banner_text);
        check_visible(ld, colors, th);
        pop(ld);
    }
    th->logo = field_asset(ld, obj, "logo", false);
    json_t *fonts = jcheck_object(&ld->jc, obj, "fonts", false);
    if (fonts) {
        push_key(ld, "fonts");
        jcheck_keys(&ld->jc, fonts, font_keys);
        th->fonts.title = field_family(ld, fonts, "title");
        th->fonts.body = field_family(ld, fonts, "body");
        th->fonts.figure = field_family(ld, fonts, "figure");
        pop(ld);
    }
}

/* An array member of objects, each loaded by fn into an arena array of n elements of size bytes. */
struct each_ctx {
    struct loader *ld;
    void *arr;
    size_t size;
    void (*fn)(struct loader *ld, json_t *v, void *elem);
};

static void each_elem(void *ctx, json_t *v, size_t i)
{
    struct each_ctx *c = ctx;
    c->fn(c->ld, v, (char *)c->arr + i * c->size);
}

static void *load_objects(struct loader *ld, json_t *arr, const char *key, size_t size,
                          void (*fn)(struct loader *ld, json_t *v, void *elem))
{
    struct each_ctx c = {ld, arena_alloc(ld->arena, json_array_size(arr), size), size, fn};
    push_key(ld, key);
    jcheck_each(&ld->jc, arr, JSON_OBJECT, each_elem, &c);
    pop(ld);
    return c.arr;
}

static void load_hotline(struct loader *ld, json_t *v, void *elem)
{
    static const char *const keys[] = {"label", "number", NULL};
    struct hotline_entry *e = elem;
    jcheck_keys(&ld->jc, v, keys);
    e->label = field_str(ld, v, "label", true, STR_SHORT, CONTENT_ROLE_BODY);
    e->number = field_str(ld, v, "number", true, STR_SHORT, CONTENT_ROLE_FIGURE);
    if (e->number && !format_phone(e->number)) {
        push_key(ld, "number");
        ERR(ld, AT_VALUE, ZH_EN("“%s” 不是电话号码（只能有数字、空格和 - + ( )）",
                                "\"%s\" is not a phone number (digits, spaces and - + ( ) only)"),
            e->number, e->number);
        pop(ld);
    }
}

static void load_banner(struct loader *ld, json_t *obj, struct banner *b)
{
    static const char *const keys[] = {"hotlines", "services", "ticker", "qr", NULL};
    jcheck_keys(&ld->jc, obj, keys);
    json_t *arr = jcheck_array(&ld->jc, obj, "hotlines", true, 1, MAX_HOTLINES);
    if (arr) {
        b->entries = load_objects(ld, arr, "hotlines", sizeof *b->entries, load_hotline);
        b->n_entries = json_array_size(arr);
    }
    b->services = field_str(ld, obj, "services", false, STR_TEXT, CONTENT_ROLE_BODY);
    b->ticker = field_str(ld, obj, "ticker", false, STR_TEXT, CONTENT_ROLE_BODY);
    b->qr = field_str(ld, obj, "qr", false, STR_TEXT, FIELD_NOT_TEXT);
    if (b->qr && strlen(b->qr) > MAX_QR_BYTES) {
        push_key(ld, "qr");
        ERR(ld, AT_VALUE, ZH_EN("二维码内容过长（上限 %d 字节）", "QR payload too long (limit %d bytes)"), MAX_QR_BYTES,
            MAX_QR_BYTES);
        pop(ld);
        b->qr = NULL;
    }
}

/* ---- schedule --------------------------------------------------------------------------------- */

static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

struct days_ctx {
    struct loader *ld;
    uint8_t mask;
    bool ok;
};

static void load_day(void *ctx, json_t *v, size_t i)
{
    struct days_ctx *c = ctx;
    int bit = -1;
    for (int d = 0; day_names[d]; d++)
        if (strcmp(json_string_value(v), day_names[d]) == 0)
            bit = d;
    if (bit < 0)
        ERR(c->ld, AT_VALUE, ZH_EN("“%s” 不是星期（mon tue wed thu fri sat sun）",
                                   "\"%s\" is not a day (mon tue wed thu fri sat sun)"),
            json_string_value(v), json_string_value(v));
    else if (c->mask & (1u << bit))
        ERR(c->ld, AT_VALUE, ZH_EN("“%s” 重复", "\"%s\" is repeated"), day_names[bit], day_names[bit]);
    else
        c->mask |= (uint8_t)(1u << bit);
    c->ok &= bit >= 0;
}

/* days: "daily" | "weekdays" | "weekend" | ["mon", ...]. Returns the bit mask, 0 when wrong. */
static uint8_t load_days(struct loader *ld, json_t *obj)
{
    static const char *const words[] = {"daily", "weekdays", "weekend", NULL};
    static const uint8_t masks[] = {0x7F, 0x1F, 0x60};
    json_t *v = json_object_get(obj, "days");
    if (!v)
        return 0x7F;
    if (json_is_string(v)) {
        int i = jcheck_enum(&ld->jc, obj, "days", true, words);
        return i < 0 ? 0 : masks[i];
    }
    json_t *arr = jcheck_array(&ld->jc, obj, "days", true, 1, 7);
    if (!arr)
        return 0;
    struct days_ctx c = {ld, 0, true};
    push_key(ld, "days");
    size_t n_strings = 0, i;
    json_array_foreach(arr, i, v)
        n_strings += json_is_string(v);
    jcheck_each(&ld->jc, arr, JSON_STRING, load_day, &c);
    pop(ld);
    return c.ok && n_strings == json_array_size(arr) ? c.mask : 0;
}

struct spans_ctx {
    struct loader *ld;
    struct day_span *spans;
    size_t n;
};

static void load_span(void *ctx, json_t *v, size_t i)
{
    static const char *const keys[] = {"days", "start", "end", NULL};
    struct spans_ctx *c = ctx;
    struct loader *ld = c->ld;
    jcheck_keys(&ld->jc, v, keys);
    uint8_t days = load_days(ld, v);
    uint16_t t[2] = {0, 0};
    bool ok = days != 0;
    for (int k = 0; k < 2; k++) {
        const char *name = k ? "end" : "start";
        const char *s = field_str(ld, v, name, true, STR_SHORT, FIELD_NOT_TEXT);
        if (!s) {
            ok = false;
            continue;
        }
        if (!format_hhmm(s, k == 1, &t[k])) {
            push_key(ld, name);
            ERR(ld, AT_VALUE, ZH_EN("“%s” 不是时间（HH:MM，00:00–%s）", "\"%s\" is not a time (HH:MM, 00:00-%s)"), s,
                k ? "24:00" : "23:59", s, k ? "24:00" : "23:59");
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
        c->spans[c->n++] = (struct day_span){days, t[0], t[1]};
}

static void load_spans(struct loader *ld, json_t *obj, const char *key, const struct day_span **out, size_t *n_out)
{
    json_t *arr = jcheck_array(&ld->jc, obj, key, false, 1, MAX_SPANS);
    if (!arr)
        return;
    struct spans_ctx c = {ld, arena_alloc(ld->arena, json_array_size(arr), sizeof *c.spans), 0};
    push_key(ld, key);
    jcheck_each(&ld->jc, arr, JSON_OBJECT, load_span, &c);
    pop(ld);
    *out = c.spans;
    *n_out = c.n;
}

/* ---- slides: one loader per kind -------------------------------------------------------------- */

static void load_item(struct loader *ld, json_t *obj, void *elem)
{
    struct headline_item *it = elem;
    it->source = field_str(ld, obj, "source", false, STR_SHORT, CONTENT_ROLE_BODY);
    it->title = field_str(ld, obj, "title", true, STR_TEXT, CONTENT_ROLE_TITLE);
    it->date = field_date(ld, obj, "date", true, NULL);
    it->summary = field_str(ld, obj, "summary", false, STR_TEXT, CONTENT_ROLE_BODY);
}

static void load_board_item(struct loader *ld, json_t *obj, void *elem)
{
    static const char *const keys[] = {"source", "title", "date", "summary", NULL};
    jcheck_keys(&ld->jc, obj, keys);
    load_item(ld, obj, elem);
}

static void load_card(struct loader *ld, json_t *obj, void *elem)
{
    static const char *const keys[] = {"label", "value", "decimals", "prefix", "unit", "comparison", NULL};
    struct kpi_card *c = elem;
    jcheck_keys(&ld->jc, obj, keys);
    c->label = field_str(ld, obj, "label", true, STR_TEXT, CONTENT_ROLE_BODY);
    double v;
    if (jcheck_number(&ld->jc, obj, "value", true, -MAX_KPI_ABS, MAX_KPI_ABS, false, &v)) {
        c->value = v;
        push_key(ld, "value");
        c->decimals = field_literal_decimals(ld);
        if (!json_object_get(obj, "decimals") && c->decimals > MAX_DECIMALS)
            ERR(ld, AT_VALUE, ZH_EN("小数位过多（%d 位，上限 %d）", "too many decimals (%d, limit %d)"), c->decimals,
                MAX_DECIMALS, c->decimals, MAX_DECIMALS);
        pop(ld);
    }
    long d;
    if (jcheck_int(&ld->jc, obj, "decimals", false, 0, MAX_DECIMALS, &d))
        c->decimals = (int)d;
    c->prefix = field_str(ld, obj, "prefix", false, STR_SHORT, CONTENT_ROLE_FIGURE);
    c->unit = field_str(ld, obj, "unit", false, STR_SHORT, CONTENT_ROLE_FIGURE);
    c->comparison = field_str(ld, obj, "comparison", false, STR_SHORT, CONTENT_ROLE_BODY);
}

static void kind_headline(struct loader *ld, json_t *obj, struct slide *s)
{
    struct headline_item *it = arena_alloc(ld->arena, 1, sizeof *it);
    load_item(ld, obj, it);
    s->items = it;
    s->n_items = 1;
}

static void kind_headlines(struct loader *ld, json_t *obj, struct slide *s)
{
    s->title = field_str(ld, obj, "title", false, STR_TEXT, CONTENT_ROLE_TITLE);
    long per_page = 5;
    jcheck_int(&ld->jc, obj, "per_page", false, 1, MAX_PER_PAGE, &per_page);
    s->per_page = (unsigned)per_page;
    json_t *arr = jcheck_array(&ld->jc, obj, "items", true, 1, CONTENT_MAX_ITEMS);
    if (arr) {
        s->items = load_objects(ld, arr, "items", sizeof *s->items, load_board_item);
        s->n_items = json_array_size(arr);
    }
}

static void kind_kpi(struct loader *ld, json_t *obj, struct slide *s)
{
    s->title = field_str(ld, obj, "title", true, STR_TEXT, CONTENT_ROLE_TITLE);
    json_t *arr = jcheck_array(&ld->jc, obj, "cards", true, 1, CONTENT_MAX_CARDS);
    if (arr) {
        s->cards = load_objects(ld, arr, "cards", sizeof *s->cards, load_card);
        s->n_cards = json_array_size(arr);
    }
}

static void kind_hotline(struct loader *ld, json_t *obj, struct slide *s)
{
    s->title = field_str(ld, obj, "title", false, STR_TEXT, CONTENT_ROLE_TITLE);
}

static void kind_image(struct loader *ld, json_t *obj, struct slide *s)
{
    static const char *const fits[] = {"contain", "cover", NULL};
    s->image = field_asset(ld, obj, "image", true);
    int fit = jcheck_enum(&ld->jc, obj, "fit", false, fits);
    s->fit = fit == 1 ? FIT_COVER : FIT_CONTAIN;
    s->caption = field_str(ld, obj, "caption", false, STR_TEXT, CONTENT_ROLE_BODY);
}

/* Keys every slide has, then each kind's own keys and loader. */
#define COMMON_KEYS "kind", "id", "duration", "from", "until"
static const struct kind_schema {
    const char *keys[MAX_KIND_KEYS];
    void (*load)(struct loader *ld, json_t *obj, struct slide *s);
} kinds[] = {
    [SLIDE_HEADLINE] = {{COMMON_KEYS, "source", "title", "date", "summary", NULL}, kind_headline},
    [SLIDE_HEADLINES] = {{COMMON_KEYS, "title", "per_page", "items", NULL}, kind_headlines},
    [SLIDE_KPI] = {{COMMON_KEYS, "title", "cards", NULL}, kind_kpi},
    [SLIDE_HOTLINE] = {{COMMON_KEYS, "title", NULL}, kind_hotline},
    [SLIDE_IMAGE] = {{COMMON_KEYS, "image", "fit", "caption", NULL}, kind_image},
};
static_assert(ALEN(kinds) == SLIDE_KIND_COUNT, "a schema row for every slide kind");

/* With an unknown kind, only keys that no kind knows are reported. */
static void keys_of_any_kind(const char *out[SLIDE_KIND_COUNT * MAX_KIND_KEYS + 1])
{
    size_t n = 0;
    for (size_t k = 0; k < SLIDE_KIND_COUNT; k++)
        for (const char *const *key = kinds[k].keys; *key; key++) {
            bool dup = false;
            for (size_t j = 0; j < n && !dup; j++)
                dup = strcmp(out[j], *key) == 0;
            if (!dup)
                out[n++] = *key;
        }
    out[n] = NULL;
}

static int load_kind(struct loader *ld, json_t *obj)
{
    json_t *kv = jcheck_member(&ld->jc, obj, "kind", true);
    if (!kv)
        return -1;
    int kind = -1;
    push_key(ld, "kind");
    if (jcheck_type(&ld->jc, kv, JSON_STRING)) {
        const char *name = json_string_value(kv);
        const char *const *names = slide_kind_names();
        for (int k = 0; names[k]; k++)
            if (strcmp(name, names[k]) == 0)
                kind = k;
        const char *guess = kind < 0 ? jcheck_closest(name, names) : NULL;
        char list[128];
        jcheck_join(list, sizeof list, names);
        if (guess)
            ERR(ld, AT_VALUE,
                ZH_EN("未知的幻灯片类型 “%s”，是否想写 “%s”？", "unknown slide kind \"%s\"; did you mean \"%s\"?"), name,
                guess, name, guess);
        else if (kind < 0)
            ERR(ld, AT_VALUE, ZH_EN("未知的幻灯片类型 “%s”（可用：%s）", "unknown slide kind \"%s\" (known: %s)"), name,
                list, name, list);
    }
    pop(ld);
    return kind;
}

static void load_slide(struct loader *ld, json_t *obj, size_t index, struct slide *s)
{
    int kind = load_kind(ld, obj);
    if (kind >= 0) {
        jcheck_keys(&ld->jc, obj, kinds[kind].keys);
    } else {
        const char *any[SLIDE_KIND_COUNT * MAX_KIND_KEYS + 1];
        keys_of_any_kind(any);
        jcheck_keys(&ld->jc, obj, any);
    }
    s->kind = kind >= 0 ? (enum slide_kind)kind : SLIDE_HEADLINE;

    s->id = field_str(ld, obj, "id", false, STR_SHORT, FIELD_NOT_TEXT);
    if (!s->id) {
        char buf[32];
        snprintf(buf, sizeof buf, "slides[%zu]", index);
        s->id = arena_strdup(ld->arena, buf);
    }
    double dur;
    if (jcheck_number(&ld->jc, obj, "duration", true, 0, MAX_DURATION_S, true, &dur)) {
        s->duration_ms = (uint32_t)lround(dur * 1000.0);
        if (s->duration_ms == 0) {
            push_key(ld, "duration");
            ERR(ld, AT_VALUE, ZH_EN("时长过短（至少 0.001 秒）", "duration too short (at least 0.001 s)"));
            pop(ld);
        }
    }
    const char *from = field_date(ld, obj, "from", false, &s->window.from);
    const char *until = field_date(ld, obj, "until", false, &s->window.until);
    if (from && until && s->window.from > s->window.until) {
        push_key(ld, "until");
        ERR(ld, AT_VALUE, ZH_EN("结束日期 %s 早于开始日期 %s", "until %s is before from %s"), until, from, until, from);
        pop(ld);
    }
    if (kind >= 0)
        kinds[kind].load(ld, obj, s);
}

struct slides_ctx {
    struct loader *ld;
    struct slide *arr;
};

static void load_slide_at(void *ctx, json_t *v, size_t i)
{
    struct slides_ctx *c = ctx;
    struct loader *ld = c->ld;
    load_slide(ld, v, i, &c->arr[i]);
    json_t *idv = json_object_get(v, "id");
    for (size_t j = 0; idv && json_is_string(idv) && j < i; j++)
        if (c->arr[j].id && strcmp(c->arr[j].id, json_string_value(idv)) == 0) {
            push_key(ld, "id");
            ERR(ld, AT_VALUE, ZH_EN("幻灯片 id “%s” 与 slides[%zu] 重复", "slide id \"%s\" repeats slides[%zu]"),
                c->arr[j].id, j, c->arr[j].id, j);
            pop(ld);
            break;
        }
}

/* ---- the document ----------------------------------------------------------------------------- */

void schema_load_playlist(struct loader *ld, json_t *root, struct playlist *pl)
{
    static const char *const keys[] = {"format", "id", "title", "updated", "orientation", "theme",
                                       "banner", "schedule", "slides", NULL};
    static const char *const sched_keys[] = {"dayparts", "screen_off", NULL};
    static const char *const orients[] = {"landscape", "portrait", NULL};
    struct jcheck *jc = &ld->jc;

    if (!json_is_object(root)) {
        ERR(ld, AT_VALUE, ZH_EN("顶层应为对象 {…}，实际为%s", "the top level must be an object {...}, got %s"),
            jcheck_type_zh(root), jcheck_type_en(root));
        return;
    }
    jcheck_keys(jc, root, keys);
    long format;
    if (jcheck_int(jc, root, "format", true, 0, LONG_MAX, &format) && format != SNAPSHOT_FORMAT_VERSION) {
        push_key(ld, "format");
        ERR(ld, AT_VALUE, ZH_EN("不支持的格式版本 %ld（本程序读取版本 %d）",
                                "unsupported format version %ld (this program reads version %d)"),
            format, SNAPSHOT_FORMAT_VERSION, format, SNAPSHOT_FORMAT_VERSION);
        pop(ld);
    }
    pl->id = field_str(ld, root, "id", true, STR_SHORT, FIELD_NOT_TEXT);
    if (pl->id && !format_id(pl->id)) {
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
    pl->title = field_str(ld, root, "title", true, STR_TEXT, CONTENT_ROLE_TITLE);
    pl->updated = field_date(ld, root, "updated", true, NULL);
    int o = jcheck_enum(jc, root, "orientation", false, orients);
    pl->orientation = o == 1 ? ORIENT_PORTRAIT : ORIENT_LANDSCAPE;

    pl->theme = *theme_default();
    json_t *theme = jcheck_object(jc, root, "theme", false);
    if (theme) {
        push_key(ld, "theme");
        load_theme(ld, theme, &pl->theme);
        pop(ld);
    }
    json_t *banner = jcheck_object(jc, root, "banner", true);
    if (banner) {
        push_key(ld, "banner");
        load_banner(ld, banner, &pl->banner);
        pop(ld);
    }
    json_t *sched = jcheck_object(jc, root, "schedule", false);
    if (sched) {
        push_key(ld, "schedule");
        jcheck_keys(jc, sched, sched_keys);
        load_spans(ld, sched, "dayparts", &pl->dayparts, &pl->n_dayparts);
        load_spans(ld, sched, "screen_off", &pl->screen_off, &pl->n_screen_off);
        pop(ld);
    }
    json_t *all = json_object_get(root, "slides");
    ld->jc.out->n_slides += json_is_array(all) ? json_array_size(all) : 0;
    json_t *slides = jcheck_array(jc, root, "slides", true, 1, CONTENT_MAX_SLIDES);
    if (slides) {
        struct slides_ctx c = {ld, arena_alloc(ld->arena, json_array_size(slides), sizeof *c.arr)};
        push_key(ld, "slides");
        jcheck_each(jc, slides, JSON_OBJECT, load_slide_at, &c);
        pop(ld);
        pl->slides = c.arr;
        pl->n_slides = json_array_size(slides);
    }
}

void schema_check_strings(struct loader *ld, json_t *v)
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
            schema_check_strings(ld, e);
            pop(ld);
            if (ld->jc.stopped)
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
                schema_check_strings(ld, e);
            pop(ld);
            if (ld->jc.stopped)
                return;
        }
    }
}

/* ---- spans outside a playlist (the service's config file) -------------------------------------- */

bool content_check_hours(struct jcheck *jc, json_t *obj, const char *key, struct day_span **out, size_t *n_out)
{
    struct loader ld = {.jc = *jc, .dirfd = -1};
    ld.arena = arena_new();
    const struct day_span *spans = NULL;
    size_t n = 0, errors = jc->n_errors;
    load_spans(&ld, obj, key, &spans, &n);
    *jc = ld.jc;
    *out = NULL;
    if (n) {
        *out = xreallocarray(NULL, n, sizeof **out);
        memcpy(*out, spans, n * sizeof *spans);
    }
    *n_out = n;
    arena_free(ld.arena);
    return jc->n_errors == errors;
}
