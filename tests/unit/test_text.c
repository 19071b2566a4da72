/* Text engine: strict CJK line breaking over the seed headlines and summaries, exact break tables,
 * fit and ellipsis, ink inside the box, font fallback and missing glyphs, the glyph cache and atlas
 * eviction, the layout cache, tabular figures and justification. */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "text/fonts.h"
#include "text/preview.h"
#include "text/shape.h"
#include "text/text.h"

#define FONTS TEST_SRCDIR "/fonts/fonts.json"

static char *line_text(const char *src, const struct text_line *l)
{
    return xstrndup(src + l->byte_start, l->byte_end - l->byte_start);
}

static uint32_t first_cp(const char *s)
{
    size_t i = 0;
    return *s ? utf8_next(s, strlen(s), &i) : 0;
}

static uint32_t last_cp(const char *s)
{
    size_t n = strlen(s), i = 0;
    uint32_t cp = 0;
    while (i < n)
        cp = utf8_next(s, n, &i);
    return cp;
}

static bool in_set(uint32_t cp, const char *set)
{
    for (size_t i = 0, n = strlen(set); i < n;)
        if (utf8_next(set, n, &i) == cp)
            return true;
    return false;
}

/* The rule sets as the issue states them (plus their ASCII forms, which the seed page uses). */
static const char NO_START[] = "，。、；：？！）》」』】〕…,.;:?!)%”’·";
static const char NO_END[] = "（《「『【〔“‘(";
static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_han(uint32_t c) { return c >= 0x4E00 && c <= 0x9FFF; }

/* A line break before `next` (Han) splits a number from its unit of up to two characters:
 * a ends in a digit, then magnitude characters 百千万亿, then at most one unit character; unless
 * the number starts line a (then number and unit are wider than the box and must split). */
static bool splits_unit(const char *a, uint32_t next)
{
    static const uint32_t magnitudes[] = {0x767E, 0x5343, 0x4E07, 0x4EBF}; /* 百 千 万 亿 */
    uint32_t cps[64];
    size_t n = 0, len = strlen(a), i = 0;
    while (i < len) {
        uint32_t c = utf8_next(a, len, &i);
        if (n == 64)
            memmove(cps, cps + 1, 63 * sizeof *cps), n = 63;
        cps[n++] = c;
    }
    if (!is_han(next))
        return false;
    int units = 1;
    for (size_t k = 0; k < sizeof magnitudes / sizeof magnitudes[0]; k++)
        if (next == magnitudes[k])
            units = 0;
    while (n-- > 0) {
        uint32_t c = cps[n];
        if (is_digit(c)) {
            /* A number and unit that start the line and still do not fit its width must split. */
            while (n > 0 && (is_digit(cps[n - 1]) || cps[n - 1] == '.'))
                n--;
            return n > 0;
        }
        if (!is_han(c))
            return false;
        bool mag = false;
        for (size_t k = 0; k < sizeof magnitudes / sizeof magnitudes[0]; k++)
            mag |= c == magnitudes[k];
        if (!mag && ++units > 2)
            return false;
    }
    return false;
}
static bool is_latin(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Every rule at every line boundary of one layout; returns the number of violations. */
static int check_rules(const char *src, const struct text_layout *lay, int width, const char *what)
{
    int bad = 0;
    for (size_t i = 0; i < lay->n_lines; i++) {
        const struct text_line *l = &lay->lines[i];
        if (l->width > (float)width + 0.01f) {
            CHECK(false, "%s: line %zu is %.1f px wide in a %d px box", what, i, l->width, width);
            bad++;
        }
        if (l->x < -0.01f) {
            CHECK(false, "%s: line %zu starts left of the box", what, i);
            bad++;
        }
        if (i + 1 == lay->n_lines)
            break;
        char *a = line_text(src, l), *b = line_text(src, &lay->lines[i + 1]);
        uint32_t prev = last_cp(a), next = first_cp(b);
        const char *why = in_set(next, NO_START)                              ? "line starts with closing punctuation"
                          : in_set(prev, NO_END)                              ? "line ends with opening punctuation"
                          : is_digit(prev) && (is_digit(next) || next == '.') ? "number split"
                          : prev == '.' && is_digit(next)                     ? "number split at the point"
                          : is_digit(prev) && (is_han(next) || next == '%')   ? "number split from its unit"
                          : splits_unit(a, next)                              ? "unit split from its number"
                          : is_latin(prev) && is_latin(next)                  ? "Latin word split"
                                                                              : NULL;
        if (why) {
            CHECK(false, "%s: %s: \"%s\" | \"%s\"", what, why, a, b);
            bad++;
        }
        /* lines cover the text in order; only white space is dropped between them */
        for (uint32_t k = l->byte_end; k < lay->lines[i + 1].byte_start; k++)
            if (src[k] != ' ' && src[k] != '\n') {
                CHECK(false, "%s: text lost between lines %zu and %zu", what, i, i + 1);
                bad++;
                break;
            }
        free(a);
        free(b);
    }
    return bad;
}

static void test_seed_rules(struct text_engine *te)
{
    char *data;
    size_t len;
    CHECK(fs_read_file(TEST_SRCDIR "/tests/data/text/seed_lines.txt", 1 << 20, false, &data, &len) == FS_OK,
          "read seed_lines.txt");
    if (!data)
        return;
    static const struct {
        enum text_role role;
        bool bold;
        int size, widths[5];
    } cases[] = {
        {TEXT_ROLE_TITLE, true, 48, {300, 480, 720, 1000, 1500}},
        {TEXT_ROLE_BODY, false, 32, {230, 320, 480, 640, 960}},
        {TEXT_ROLE_BODY, false, 21, {150, 250, 333, 500, 777}},
    };
    int n_layouts = 0, bad = 0, lines = 0;
    for (char *save = NULL, *ln = strtok_r(data, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save))
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
            for (int w = 0; w < 5; w++) {
                struct text_style st = {.role = cases[c].role, .bold = cases[c].bold, .size = cases[c].size};
                const struct text_layout *lay = text_layout(te, ln, &st, cases[c].widths[w], 100000);
                CHECK(!lay->ellipsized && lay->missing == 0, "seed line laid out whole: %s", ln);
                CHECK(lay->n_lines > 0 && lay->lines[0].byte_start == 0 &&
                          lay->lines[lay->n_lines - 1].byte_end == strlen(ln),
                      "lines cover the whole seed line: %s", ln);
                bad += check_rules(ln, lay, cases[c].widths[w], ln);
                lines += (int)lay->n_lines;
                n_layouts++;
            }
    CHECK(n_layouts == 20 * 15, "all 20 seed lines x 15 boxes laid out (%d)", n_layouts);
    CHECK(bad == 0, "%d rule violations in %d lines", bad, lines);
    free(data);
}

/* Hand-checked break tables at 20 px in a 200 px box (10 ideographs per line). */
static void test_exact_breaks(struct text_engine *te)
{
    static const struct {
        const char *text;
        const char *lines[4];
    } cases[] = {
        /* "，" would be the 11th character: 十 goes down with it */
        {"一二三四五六七八九十，一二", {"一二三四五六七八九", "十，一二"}},
        /* "《" fits on line 1 but may not end it */
        {"一二三四五六七八九《十一》", {"一二三四五六七八九", "《十一》"}},
        /* ICU allows a break between 156.02 and 万; the number-unit rule forbids it */
        {"一二三四五六156.02万标箱", {"一二三四五六", "156.02万标箱"}},
        {"一二三四五六七156.02万标箱", {"一二三四五六七", "156.02万标箱"}},
        /* a two-character unit stays whole: ICU would allow 156万标|箱 */
        {"一二三四五六156万标箱吞吐", {"一二三四五六", "156万标箱吞吐"}},
        /* a magnitude (万, 亿) stays between the number and the unit: 2万亿元 is one piece */
        {"签约总金额突破了2万亿元大关", {"签约总金额突破了", "2万亿元大关"}},
        {"一二三四五六七 Hello world", {"一二三四五六七 Hello", "world"}},
        /* no single character (孤字) on a paragraph's last line: 来 comes down to 电 */
        {"招商中心 400-162-2002 欢迎来电", {"招商中心", "400-162-2002 欢迎", "来电"}},
        {"一二三四五六七八九十一", {"一二三四五六七八九", "十一"}},
        {"一二三四五六七八九十一。", {"一二三四五六七八九", "十一。"}},
        {"一二三四五六七八九十一二三四五六七八九十", {"一二三四五六七八九十", "一二三四五六七八九十"}},
        {"第一行\n第二行", {"第一行", "第二行"}},
        /* strict (zh@lb=strict) keeps the prolonged sound mark ー off a line start; normal would not */
        {"一二三四五六七八九十ーー", {"一二三四五六七八九", "十ーー"}},
    };
    struct text_style st = {.role = TEXT_ROLE_BODY, .size = 20};
    /* headlines break at a space rather than strand up to 3 characters of the next phrase */
    struct text_style title = {.role = TEXT_ROLE_TITLE, .size = 20};
    static const char *phrase = "一二三四五六七 八九十一二";
    const struct text_layout *pl = text_layout(te, phrase, &title, 200, 1000);
    const struct text_layout *bl = text_layout(te, phrase, &st, 200, 1000);
    char *p0 = pl->n_lines == 2 ? line_text(phrase, &pl->lines[0]) : NULL;
    char *b0 = bl->n_lines == 2 ? line_text(phrase, &bl->lines[0]) : NULL;
    CHECK_STR(p0, "一二三四五六七", "title breaks at the space");
    CHECK_STR(b0, "一二三四五六七 八九", "body fills the line");
    free(p0);
    free(b0);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct text_layout *lay = text_layout(te, cases[c].text, &st, 200, 1000);
        size_t want = 0;
        while (want < 4 && cases[c].lines[want])
            want++;
        CHECK(lay->n_lines == want, "%s: %zu lines, want %zu", cases[c].text, lay->n_lines, want);
        for (size_t i = 0; i < lay->n_lines && i < want; i++) {
            char *t = line_text(cases[c].text, &lay->lines[i]);
            CHECK_STR(t, cases[c].lines[i], cases[c].text);
            free(t);
        }
    }
}

static void test_fit_and_ellipsis(struct text_engine *te)
{
    static const struct {
        const char *text;
        int size, min, w, h, max_lines;
        bool want_ellipsis;
    } cases[] = {
        {"【武汉招商】武汉国家智能网联汽车基地示范项目吸引超30家领军企业入驻", 96, 24, 1000, 130, 1, false},
        {"【武汉招商】武汉国家智能网联汽车基地示范项目吸引超30家领军企业入驻", 96, 24, 1000, 260, 2, false},
        {"【武汉招商】武汉新港集装箱吞吐量突破156万标箱 枢纽能级与发展活力双提升", 80, 60, 900, 110, 1, true},
        {"【武汉招商】小米生态链项目集群落户光谷 智能产业生态加速形成", 64, 64, 700, 180, 2, true},
        {"招商热线 400-162-2002", 120, 20, 500, 200, 1, false},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct text_style st = {.role = TEXT_ROLE_TITLE, .bold = true, .size = cases[c].size,
                                .min_size = cases[c].min, .max_lines = cases[c].max_lines};
        const struct text_layout *lay = text_layout(te, cases[c].text, &st, cases[c].w, cases[c].h);
        const char *t = cases[c].text;
        CHECK(lay->ellipsized == cases[c].want_ellipsis, "%s: ellipsized %d", t, lay->ellipsized);
        CHECK(lay->font_size >= cases[c].min && lay->font_size <= cases[c].size, "%s: size %d", t, lay->font_size);
        CHECK((int)lay->n_lines <= cases[c].max_lines, "%s: %zu lines", t, lay->n_lines);
        CHECK(lay->width <= (float)cases[c].w + 0.01f && lay->height <= (float)cases[c].h + 0.01f,
              "%s: extent %.1fx%.1f in %dx%d", t, lay->width, lay->height, cases[c].w, cases[c].h);
        check_rules(t, lay, cases[c].w, t);
        if (lay->ellipsized) {
            CHECK(lay->font_size == cases[c].min, "%s: ellipsis only at the minimum size", t);
            const struct text_line *last = &lay->lines[lay->n_lines - 1];
            CHECK(last->count > 0 && lay->glyphs[last->first + last->count - 1].glyph != 0, "%s: ends in a glyph", t);
            struct text_style one = st;
            one.size = one.min_size = lay->font_size;
            one.max_lines = 1;
            float ew = text_measure(te, "\xe2\x80\xa6", &one);
            const struct text_glyph *g = &lay->glyphs[last->first + last->count - 1];
            CHECK(fabsf(last->x + last->width - (g->x + ew)) < 0.5f, "%s: the last glyph is the ellipsis", t);
        } else if (lay->font_size < cases[c].size) {
            /* the largest size that fits: one px more does not */
            struct text_style bigger = st;
            bigger.size = bigger.min_size = lay->font_size + 1;
            const struct text_layout *b = text_layout(te, t, &bigger, cases[c].w, cases[c].h);
            CHECK(b->ellipsized, "%s: %d px fits but %d px does not", t, lay->font_size, lay->font_size + 1);
        }
    }
    /* a box too small for even one line: nothing drawn, and says so */
    struct text_style st = {.role = TEXT_ROLE_BODY, .size = 40};
    const struct text_layout *lay = text_layout(te, "招商", &st, 300, 10);
    CHECK(lay->n_lines == 0 && lay->ellipsized, "no room: %zu lines", lay->n_lines);
    lay = text_layout(te, "", &st, 300, 100);
    CHECK(lay && lay->n_lines == 0 && !lay->ellipsized, "empty text: no lines");
}

/* Every quad inside the box and nothing clipped: the layout itself keeps ink in the box. */
static void test_ink_inside(struct text_engine *te)
{
    static const char *texts[] = {
        "【武汉招商】武汉新港集装箱吞吐量突破156万标箱 枢纽能级与发展活力双提升",
        "Typography: gjpqy ÅÉÎ (Latin) 与中文「引号」混排，数字 8600 亿元。",
        "招商热线 400-162-2002 \xee\x80\x80",
    };
    static const int sizes[][2] = {{96, 24}, {48, 48}, {33, 12}};
    struct text_stats before, after;
    text_stats(te, &before);
    struct text_quad *q = NULL;
    size_t cap = 0, bad = 0, total = 0;
    for (size_t t = 0; t < 3; t++)
        for (size_t s = 0; s < 3; s++)
            for (int a = 0; a < 4; a++) {
                struct text_style st = {.role = TEXT_ROLE_BODY, .size = sizes[s][0], .min_size = sizes[s][1],
                                        .align = (enum text_align)a, .max_lines = 2};
                int w = 640, h = 160;
                const struct text_layout *lay = text_layout(te, texts[t], &st, w, h);
                size_t n = text_quads(te, lay, 100, 50, &q, 0, &cap);
                for (size_t i = 0; i < n; i++) {
                    total++;
                    if (q[i].dst_x < 100 || q[i].dst_y < 50 || q[i].dst_x + q[i].w > 100 + w ||
                        q[i].dst_y + q[i].h > 50 + h)
                        bad++;
                }
            }
    /* tight line heights: Latin accents and descenders reach past the ideographic em box */
    static const float lhs[] = {1.0f, 1.1f, 1.2f};
    for (size_t t = 0; t < 3; t++)
        for (size_t l = 0; l < 3; l++)
            for (int px = 20; px <= 100; px += 16) {
                struct text_style st = {.role = TEXT_ROLE_BODY, .size = px, .line_height = lhs[l], .max_lines = 1};
                int w = px * 30, h = (int)((float)px * lhs[l]);
                const struct text_layout *lay = text_layout(te, texts[t], &st, w, h);
                size_t n = text_quads(te, lay, 0, 0, &q, 0, &cap);
                for (size_t i = 0; i < n; i++, total++)
                    bad += q[i].dst_x < 0 || q[i].dst_y < 0 || q[i].dst_x + q[i].w > w || q[i].dst_y + q[i].h > h;
            }
    text_stats(te, &after);
    CHECK(total > 500 && bad == 0, "%zu of %zu quads outside the box", bad, total);
    CHECK(after.glyphs_clipped == before.glyphs_clipped, "%zu glyphs needed clipping",
          after.glyphs_clipped - before.glyphs_clipped);
    free(q);
}

static char *write_config(const char *json)
{
    char *path = xstrdup("/tmp/lobbysign-fonts-XXXXXX.json");
    int fd = mkstemps(path, 5);
    CHECK(fd >= 0 && write(fd, json, strlen(json)) == (ssize_t)strlen(json), "write %s", path);
    close(fd);
    return path;
}

/* Noto Serif CJK has proportional digits and no tnum: FIGURE still gets equal widths. */
static void test_tabular_without_tnum(void)
{
    char *path = write_config(
        "{\"search_dirs\": [\"/usr/share/fonts/opentype/noto\"],"
        " \"families\": [{\"name\": \"Serif\", \"faces\": [{\"file\": \"NotoSerifCJK-Regular.ttc\", \"index\": 2}]}],"
        " \"roles\": {\"title\": {\"family\": \"Serif\"}, \"body\": {\"family\": \"Serif\"},"
        "  \"figure\": {\"family\": \"Serif\"}}}");
    struct text_engine *te = text_engine_new(path);
    CHECK(te != NULL, "serif engine");
    if (te) {
        struct text_style fig = {.role = TEXT_ROLE_FIGURE, .size = 100}, body = {.role = TEXT_ROLE_BODY, .size = 100};
        float f1 = text_measure(te, "1111.11", &fig), f8 = text_measure(te, "8888.88", &fig);
        float b1 = text_measure(te, "1111.11", &body), b8 = text_measure(te, "8888.88", &body);
        CHECK(fabsf(b1 - b8) > 10, "serif body digits are proportional: %.1f vs %.1f", b1, b8);
        CHECK(fabsf(f1 - f8) < 0.01f, "serif figure digits are tabular: %.1f vs %.1f", f1, f8);
        /* a counting figure keeps its glyph positions from frame to frame */
        const struct text_layout *a = text_layout(te, "1,234", &fig, 1000, 200);
        const struct text_layout *b = text_layout(te, "8,888", &fig, 1000, 200);
        CHECK(a->n_glyphs == 5 && b->n_glyphs == 5 && fabsf(a->lines[0].width - b->lines[0].width) < 0.01f,
              "count-up width stable");
        text_engine_free(te);
    }
    unlink(path);
    free(path);
}

static void test_fallback_and_missing(void)
{
    struct text_engine *te = text_engine_new(FONTS);
    CHECK(te != NULL, "engine");
    if (!te)
        return;
    struct text_stats st;
    text_stats(te, &st);
    CHECK(st.fonts_opened == 1, "only the primary face is opened at start (%zu)", st.fonts_opened);
    /* U+0104 Ą: WenQuanYi Micro Hei has it, Noto Sans CJK SC does not */
    struct text_style style = {.role = TEXT_ROLE_BODY, .size = 40};
    const struct text_layout *lay = text_layout(te, "招商\xc4\x84", &style, 500, 100);
    CHECK(lay->missing == 0 && lay->n_glyphs == 3, "fallback: missing %u, glyphs %zu", lay->missing, lay->n_glyphs);
    if (lay->n_glyphs == 3) {
        CHECK(lay->glyphs[2].font != lay->glyphs[0].font && lay->glyphs[2].glyph != 0, "Ą from another font");
    }
    text_stats(te, &st);
    CHECK(st.fonts_opened == 2, "the fallback face opened when first needed (%zu)", st.fonts_opened);
    CHECK(text_can_draw(te, TEXT_ROLE_BODY, 0x0104) && text_can_draw(te, TEXT_ROLE_TITLE, 0x62DB),
          "can draw Ą and 招");
    CHECK(!text_can_draw(te, TEXT_ROLE_BODY, 0xE000) && !text_can_draw(te, TEXT_ROLE_BODY, 0x10FFFD),
          "nothing draws private use characters");

    /* a character no font has: counted, and drawn as a hollow em box */
    lay = text_layout(te, "招\xee\x80\x80商", &style, 500, 100);
    CHECK(lay->missing == 1 && lay->n_glyphs == 3 && lay->glyphs[1].glyph == 0, "missing: %u", lay->missing);
    uint8_t *cov = xcalloc(500 * 100, 1);
    text_preview_draw(te, lay, 0, 0, cov, 500, 100);
    text_stats(te, &st);
    CHECK(st.missing_drawn == 1, "missing box drawn once (%zu)", st.missing_drawn);
    if (lay->n_glyphs == 3) {
        /* the box: solid left edge, empty middle */
        int cx = (int)(lay->glyphs[1].x + 20), base = (int)lay->lines[0].baseline;
        int left = (int)lay->glyphs[1].x + 1, mid_y = base - 14;
        CHECK(cov[mid_y * 500 + left] > 200, "box edge inked (%d)", cov[mid_y * 500 + left]);
        CHECK(cov[mid_y * 500 + cx] == 0, "box hollow (%d)", cov[mid_y * 500 + cx]);
    }
    free(cov);
    text_engine_free(te);

    /* a role chain whose primary is Latin-only: CJK falls back to Noto by coverage */
    char *path = write_config(
        "{\"search_dirs\": [\"/usr/share/fonts/truetype/dejavu\", \"/usr/share/fonts/opentype/noto\"],"
        " \"families\": [{\"name\": \"DejaVu Sans\", \"faces\": [{\"file\": \"DejaVuSans.ttf\"}]},"
        "  {\"name\": \"Noto Sans CJK SC\", \"faces\": [{\"file\": \"NotoSansCJK-Regular.ttc\", \"index\": 2}]}],"
        " \"roles\": {\"title\": {\"family\": \"DejaVu Sans\", \"fallback\": [\"Noto Sans CJK SC\"]},"
        "  \"body\": {\"family\": \"DejaVu Sans\", \"fallback\": [\"Noto Sans CJK SC\"]},"
        "  \"figure\": {\"family\": \"DejaVu Sans\", \"fallback\": [\"Noto Sans CJK SC\"]}}}");
    te = text_engine_new(path);
    CHECK(te != NULL, "Latin-first engine");
    if (te) {
        lay = text_layout(te, "Ab招商", &style, 500, 100);
        CHECK(lay->n_glyphs == 4 && lay->missing == 0, "Latin-first: %zu glyphs", lay->n_glyphs);
        if (lay->n_glyphs == 4)
            CHECK(lay->glyphs[0].font == lay->glyphs[1].font && lay->glyphs[2].font != lay->glyphs[0].font,
                  "Latin from DejaVu, Han from Noto");
        text_engine_free(te);
    }
    unlink(path);
    free(path);
    CHECK(text_engine_new(TEST_SRCDIR "/tests/data/text/fonts_none.json") == NULL, "no usable font: NULL");
}

/* Composites quads into a canvas (a check of what the render layer would draw). */
static void composite(struct text_engine *te, const struct text_quad *q, size_t n, uint8_t *cov, int w, int h)
{
    memset(cov, 0, (size_t)w * (size_t)h);
    for (size_t i = 0; i < n; i++) {
        const struct text_atlas_page *p = text_atlas_page(te, q[i].page);
        for (int r = 0; r < q[i].h; r++)
            for (int c = 0; c < q[i].w; c++) {
                int x = (int)q[i].dst_x + c, y = (int)q[i].dst_y + r;
                if (x >= 0 && y >= 0 && x < w && y < h)
                    cov[y * w + x] |= p->pixels[(q[i].src_y + r) * p->stride + q[i].src_x + c];
            }
    }
}

/* A copy of every atlas page kept up to date the way the render layer uploads (whole after a
 * clear, else only tiles newer than the copy) stays equal to the page through many glyphs of many
 * sizes, LRU evictions and overflow pages removed and added again; rows at and below used_height
 * stay zero. */
static void test_atlas_tiles(void)
{
    struct text_engine *te = text_engine_new(FONTS);
    CHECK(te != NULL, "engine");
    if (!te)
        return;
    text_atlas_configure(te, 256, 2);
    enum { MAXP = 4, PS = 256 };
    static uint8_t copy[MAXP][PS * PS];
    uint64_t have[MAXP] = {0};
    bool valid[MAXP] = {false};
    static const char *texts[] = {"招商中心热线", "武汉新港集装箱吞吐量", "2020年武汉市政府工作报告", "400-162-2002",
                                  "工业用地招商", "租购厂房仓库", "其他相关咨询", "实际到位资金8600亿元"};
    struct text_quad *q = NULL;
    size_t cap = 0, wrong = 0, zero_bad = 0, tile_uploads = 0, whole_uploads = 0;
    for (int i = 0; i < 60; i++) {
        text_frame_begin(te);
        for (size_t k = 0; k < (size_t)MAXP; k++) /* pages trimmed by text_frame_begin are gone */
            valid[k] = valid[k] && k < text_atlas_page_count(te);
        struct text_style st = {
            .role = i % 3 ? TEXT_ROLE_BODY : TEXT_ROLE_TITLE, .bold = i % 2, .size = 18 + (i * 7) % 37};
        int extra = i % 17 == 16 ? 6 : 1; /* now and then a frame that needs more than the bound */
        for (int e = 0; e < extra; e++) {
            const struct text_layout *lay = text_layout(te, texts[(size_t)(i + e) % 8], &st, 2000, 200);
            text_quads(te, lay, 0, 0, &q, 0, &cap);
            st.size += 9;
        }
        for (size_t k = 0; k < text_atlas_page_count(te) && k < (size_t)MAXP; k++) {
            const struct text_atlas_page *p = text_atlas_page(te, k);
            if (!valid[k] || have[k] < p->cleared) {
                for (int y = 0; y < PS; y++)
                    memcpy(copy[k] + y * PS, p->pixels + (size_t)y * (size_t)p->stride, PS);
                whole_uploads++;
            } else {
                for (int ty = 0; ty < p->tiles_y; ty++)
                    for (int tx = 0; tx < p->tiles_x; tx++) {
                        if (p->tile_version[ty * p->tiles_x + tx] <= have[k])
                            continue;
                        tile_uploads++;
                        for (int y = ty * p->tile_size; y < (ty + 1) * p->tile_size && y < PS; y++)
                            memcpy(copy[k] + y * PS + tx * p->tile_size,
                                   p->pixels + (size_t)y * (size_t)p->stride + (size_t)(tx * p->tile_size),
                                   (size_t)p->tile_size);
                    }
            }
            have[k] = p->version;
            valid[k] = true;
            for (int y = 0; y < PS; y++)
                wrong += memcmp(copy[k] + y * PS, p->pixels + (size_t)y * (size_t)p->stride, PS) != 0;
            for (int y = p->used_height; y < PS; y++)
                for (int x = 0; x < PS; x++)
                    zero_bad += p->pixels[(size_t)y * (size_t)p->stride + (size_t)x] != 0;
        }
    }
    struct text_stats ts;
    text_stats(te, &ts);
    CHECK(ts.glyphs_evicted > 20, "evictions happened (%zu)", ts.glyphs_evicted);
    CHECK(tile_uploads > 20 && whole_uploads > 2, "%zu tile and %zu whole copies", tile_uploads, whole_uploads);
    CHECK(wrong == 0, "%zu rows of the tile-updated copies differ from the atlas pages", wrong);
    CHECK(zero_bad == 0, "%zu pixels set at or below used_height", zero_bad);
    free(q);
    text_engine_free(te);
}

static void test_atlas(void)
{
    struct text_engine *ref = text_engine_new(FONTS), *te = text_engine_new(FONTS);
    CHECK(ref && te, "engines");
    if (!ref || !te)
        return;
    struct text_style st = {.role = TEXT_ROLE_BODY, .size = 40};
    struct text_quad *q = NULL;
    size_t cap = 0;
    struct text_stats s0, s1;

    /* the same glyph twice: one rasterization; drawing again: none */
    const struct text_layout *lay = text_layout(te, "招招", &st, 200, 100);
    text_stats(te, &s0);
    size_t n = text_quads(te, lay, 0, 0, &q, 0, &cap);
    n = text_quads(te, lay, 0, 0, &q, n, &cap);
    text_stats(te, &s1);
    CHECK(n == 4 && s1.glyphs_rasterized - s0.glyphs_rasterized == 1, "招招 twice: %zu quads, %zu rasterized", n,
          s1.glyphs_rasterized - s0.glyphs_rasterized);
    CHECK(q[0].page == q[1].page && q[0].src_x == q[1].src_x && q[0].src_y == q[1].src_y, "one atlas slot");
    CHECK(text_atlas_page(te, 0)->width <= 2048, "page size bounded");

    /* a glyph that cannot be rasterized (id past the font's end) is cached as a miss */
    struct text_glyph bad = {.font = lay->glyphs[0].font, .size = 40, .glyph = 0xFFFFFF, .x = 0, .y = 40};
    struct text_layout fake = {.glyphs = &bad, .n_glyphs = 1, .box_width = 100, .box_height = 100};
    text_stats(te, &s0);
    n = text_quads(te, &fake, 0, 0, &q, 0, &cap);
    n = text_quads(te, &fake, 0, 0, &q, n, &cap);
    text_stats(te, &s1);
    CHECK(n == 0 && s1.glyphs_rasterized - s0.glyphs_rasterized == 1 && s1.glyph_misses - s0.glyph_misses == 1,
          "failed glyph tried once (%zu)", s1.glyphs_rasterized - s0.glyphs_rasterized);

    /* eviction: pages that hold one 40 px glyph, at most two of them */
    text_atlas_configure(te, 64, 2);
    static const char *chars[] = {"招", "商", "中", "心", "招", "热", "线", "商", "招"};
    enum { W = 80, H = 60 };
    uint8_t a[W * H], b[W * H];
    int mismatches = 0;
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) {
        text_frame_begin(te);
        text_frame_begin(ref);
        const struct text_layout *l1 = text_layout(te, chars[i], &st, W, H);
        const struct text_layout *l2 = text_layout(ref, chars[i], &st, W, H);
        n = text_quads(te, l1, 0, 0, &q, 0, &cap);
        composite(te, q, n, a, W, H);
        n = text_quads(ref, l2, 0, 0, &q, 0, &cap);
        composite(ref, q, n, b, W, H);
        mismatches += memcmp(a, b, sizeof a) != 0;
    }
    text_stats(te, &s1);
    CHECK(mismatches == 0 && s1.glyphs_evicted >= 5, "%d wrong glyphs after %zu evictions", mismatches,
          s1.glyphs_evicted);
    CHECK(text_atlas_page_count(te) == 2 && s1.atlas_bytes == 2 * 64 * 64, "bounded: %zu pages, %zu bytes",
          text_atlas_page_count(te), s1.atlas_bytes);

    /* within one frame nothing is evicted: a third glyph gets a transient extra page, the first
     * two stay intact; beyond twice the bound glyphs are dropped; the next frame trims back */
    text_frame_begin(te);
    uint64_t v[2] = {0};
    lay = text_layout(te, "中心", &st, 200, 100);
    n = text_quads(te, lay, 0, 0, &q, 0, &cap);
    CHECK(n == 2 && q[0].page != q[1].page, "two glyphs on two pages");
    for (size_t p = 0; p < 2; p++)
        v[p] = text_atlas_page(te, p)->version;
    struct text_quad keep[2];
    memcpy(keep, q, sizeof keep);
    composite(te, keep, 2, a, W, H);
    text_stats(te, &s0);
    n = text_quads(te, text_layout(te, "线", &st, 200, 100), 0, 0, &q, 0, &cap);
    CHECK(n == 1 && q[0].page == 2 && text_atlas_page_count(te) == 3, "third glyph on an extra page");
    CHECK(text_atlas_page(te, 0)->version == v[0] && text_atlas_page(te, 1)->version == v[1],
          "pages used this frame untouched");
    composite(te, keep, 2, b, W, H);
    CHECK(memcmp(a, b, sizeof a) == 0, "earlier quads still valid");
    n = text_quads(te, text_layout(te, "热", &st, 200, 100), 0, 0, &q, 0, &cap);
    n = text_quads(te, text_layout(te, "商", &st, 200, 100), 0, 0, &q, 0, &cap);
    text_stats(te, &s1);
    CHECK(n == 0 && s1.glyphs_dropped == s0.glyphs_dropped + 1 && text_atlas_page_count(te) == 4,
          "beyond twice the bound: dropped (%zu pages)", text_atlas_page_count(te));
    text_frame_begin(te);
    CHECK(text_atlas_page_count(te) == 2, "next frame: back to the bound");
    n = text_quads(te, text_layout(te, "商", &st, 200, 100), 0, 0, &q, 0, &cap);
    CHECK(n == 1, "next frame: room again");
    CHECK(text_atlas_page(te, q[0].page)->version != v[q[0].page], "re-packed page version bumped");
    composite(te, q, n, a, W, H);
    text_quads(ref, text_layout(ref, "商", &st, W, H), 0, 0, &q, 0, &cap);
    composite(ref, q, 1, b, W, H);
    CHECK(memcmp(a, b, sizeof a) == 0, "glyph correct after trimming");

    free(q);
    text_engine_free(te);
    text_engine_free(ref);
}

static void test_cache_figures_justify(struct text_engine *te)
{
    struct text_style st = {.role = TEXT_ROLE_BODY, .size = 30};
    const struct text_layout *a = text_layout(te, "招商中心", &st, 400, 100);
    CHECK(a == text_layout(te, "招商中心", &st, 400, 100), "layout cached");
    CHECK(a != text_layout(te, "招商中心", &st, 401, 100), "box is part of the key");
    struct text_style bold = st;
    bold.bold = true;
    CHECK(a != text_layout(te, "招商中心", &bold, 400, 100), "style is part of the key");
    struct text_stats s;
    text_stats(te, &s);
    CHECK(s.layouts_cached >= 3, "layouts cached: %zu", s.layouts_cached);
    /* a layout stays put while the cache grows (hundreds more entries) */
    const struct text_layout *keep = text_layout(te, "招商热线 400-162-2002", &st, 333, 100);
    size_t keep_lines = keep->n_lines, keep_glyphs = keep->n_glyphs;
    for (int i = 0; i < 600; i++) {
        char t[32];
        snprintf(t, sizeof t, "编号%d", i);
        text_layout(te, t, &st, 400, 100);
    }
    CHECK(keep == text_layout(te, "招商热线 400-162-2002", &st, 333, 100) && keep->n_lines == keep_lines &&
              keep->n_glyphs == keep_glyphs && keep->glyphs[0].size == 30,
          "layout pointer stable across cache growth");

    /* measuring: one shaped line, cached, the same width layout gives */
    float mw = text_measure(te, "招商中心 400-162-2002", &st);
    CHECK(mw == text_measure(te, "招商中心 400-162-2002", &st), "measure stable");
    const struct text_layout *one = text_layout(te, "招商中心 400-162-2002", &st, 2000, 100);
    CHECK(one->n_lines == 1 && fabsf(one->lines[0].width - mw) < 0.01f, "measure %.2f = line width %.2f", mw,
          one->lines[0].width);
    text_cache_clear(te);
    text_stats(te, &s);
    CHECK(s.layouts_cached == 0, "cache cleared");

    /* tabular figures for FIGURE: every digit string of one length has one width */
    struct text_style fig = {.role = TEXT_ROLE_FIGURE, .size = 100};
    float w1 = text_measure(te, "1111.11", &fig), w8 = text_measure(te, "8888.88", &fig);
    CHECK(fabsf(w1 - w8) < 0.01f, "tnum: %.2f vs %.2f", w1, w8);

    /* adjacent full-width punctuation is compressed by half an em per pair (标点挤压) */
    static const struct {
        const char *text;
        float em;
    } punct[] = {
        {"武汉", 2}, {"）、", 1.5f}, {"，“", 1.5f}, {"。”", 1.5f}, {"武《「", 2.5f}, {"武（（（", 3},
        {"。”）", 2}, {"武（汉）、“招商”。", 8.5f}, {"武（）", 3}, {"武，汉", 3},
        /* an opening mark that starts the text is set half-width too (flush left) */
        {"【武汉招商】", 5.5f}, {"（武汉）", 3.5f}, {"武【汉", 3}, {"武\n【汉】", 3.5f},
    };
    struct text_style p100 = {.role = TEXT_ROLE_BODY, .size = 100};
    for (size_t i = 0; i < sizeof punct / sizeof punct[0]; i++) {
        float w = text_measure(te, punct[i].text, &p100);
        CHECK(fabsf(w - punct[i].em * 100) < 0.5f, "%s: %.1f em, want %.1f", punct[i].text, w / 100, punct[i].em);
    }

    /* CJK justification: full lines reach both edges, the last line does not stretch */
    const char *para = "2018年,武汉新港集装箱吞吐量达156.02万标箱,较上一年增长15%,超额完成年度绩效目标。"
                       "这一突破得益于区域招商引资成效的持续显现、基础设施的迭代升级以及多式联运体系的不断完善。";
    struct text_style j = {.role = TEXT_ROLE_BODY, .size = 28, .align = TEXT_ALIGN_JUSTIFY};
    const struct text_layout *lay = text_layout(te, para, &j, 610, 1000);
    CHECK(lay->n_lines >= 4, "paragraph lines: %zu", lay->n_lines);
    for (size_t i = 0; i + 1 < lay->n_lines; i++) {
        const struct text_line *l = &lay->lines[i];
        const struct text_glyph *g = &lay->glyphs[l->first + l->count - 1];
        CHECK(fabsf(l->x + l->width - 610) < 0.6f, "line %zu justified to %.2f", i, l->x + l->width);
        CHECK(g->x < 610, "last glyph inside");
    }
    const struct text_line *last = &lay->lines[lay->n_lines - 1];
    CHECK(last->width < 600, "last line not stretched (%.1f)", last->width);
    check_rules(para, lay, 610, "justified");

    /* alignment */
    static const enum text_align al[] = {TEXT_ALIGN_START, TEXT_ALIGN_CENTER, TEXT_ALIGN_END};
    for (int i = 0; i < 3; i++) {
        struct text_style a2 = {.role = TEXT_ROLE_BODY, .size = 30, .align = al[i]};
        const struct text_layout *l = text_layout(te, "招商", &a2, 300, 100);
        float want = i == 0 ? 0 : i == 1 ? 120 : 240;
        CHECK(l->n_lines == 1 && fabsf(l->lines[0].x - want) < 0.01f, "align %d: x %.1f", i, l->lines[0].x);
    }
}

/* Hostile input: nothing crashes, text stays in its box, lines stay in the source. */
static void test_odd_input(struct text_engine *te)
{
    char *big = xmalloc(30001);
    for (int i = 0; i < 10000; i++)
        memcpy(big + 3 * i, "招", 3);
    big[30000] = 0;
    static const char *texts[] = {"", " ", "   \n\n\n", "\xff\xfe\x80招\xe6\x8b", "a\xcc\x81\xe2\x80\x8d\xef\xb8\x8f",
                                  "https://example.com/a/very/long/path/without/any/break/at/all/index.html",
                                  "（（（（（（（（（（", "。。。。。。。。。。。", "\t\r\x01\x7f", NULL};
    texts[sizeof texts / sizeof texts[0] - 1] = big;
    static const int boxes[][2] = {{0, 0}, {1, 1}, {30, 30}, {300, 50}, {1000, 1000}};
    static const int sizes[][2] = {{0, 0}, {1, 1}, {48, 8}, {300, 12}, {100000, -5}};
    struct text_quad *q = NULL;
    size_t cap = 0;
    int bad = 0;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (size_t b = 0; b < 5; b++)
            for (size_t z = 0; z < 5; z++) {
                if (t + 1 == sizeof texts / sizeof texts[0] && (b + z) % 3) /* the 30 kB text: a few */
                    continue;
                struct text_style st = {.role = (enum text_role)(z % 3), .size = sizes[z][0],
                                        .min_size = sizes[z][1], .align = (enum text_align)(b % 4)};
                const struct text_layout *lay = text_layout(te, texts[t], &st, boxes[b][0], boxes[b][1]);
                size_t len = strlen(texts[t]);
                for (size_t i = 0; i < lay->n_lines; i++)
                    bad += lay->lines[i].byte_start > lay->lines[i].byte_end || lay->lines[i].byte_end > len;
                bad += lay->height > (float)boxes[b][1] + 0.01f || lay->width > (float)boxes[b][0] + 0.01f;
                text_frame_begin(te);
                size_t n = text_quads(te, lay, 0, 0, &q, 0, &cap);
                for (size_t i = 0; i < n; i++)
                    bad += q[i].dst_x < 0 || q[i].dst_y < 0 || q[i].dst_x + q[i].w > boxes[b][0] ||
                           q[i].dst_y + q[i].h > boxes[b][1];
            }
    CHECK(bad == 0, "%d invariant violations on odd input", bad);
    free(q);
    free(big);
}

/* fonts.json is checked like a playlist: a finding with file:line:col and JSON path per problem. */
static const struct finding *font_finding(const struct findings *f, enum severity sev, const char *path,
                                          const char *frag)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].severity == sev && strcmp(f->items[i].path, path) == 0 && strstr(f->items[i].msg_en, frag))
            return &f->items[i];
    return NULL;
}

static void test_fonts_config(void)
{
    char dir[] = "/tmp/lsfontsXXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char *file = xasprintf("%s/fonts.json", dir);
    static const char bad[] =
        "{\"search_dirs\": [\"/usr/share/fonts/opentype/noto\", 3],\n"
        " \"families\": [\n"
        "  {\"name\": \"Noto Sans CJK SC\", \"faces\": [\n"
        "    {\"file\": \"NotoSansCJK-Regular.ttc\", \"index\": 2},\n"
        "    {\"file\": \"NotoSansCJK-Bold.ttc\", \"index\": \"2\", \"weight\": 700},\n"
        "    {\"file\": \"NotoSansCJK-Bold.ttc\", \"indx\": 2}]}],\n"
        " \"roles\": {\"title\": {\"family\": \"Noto Sans CJK SX\"},\n"
        "           \"body\": {\"family\": \"Noto Sans CJK SC\", \"fallbak\": []},\n"
        "           \"figure\": {\"family\": \"Noto Sans CJK SC\"}},\n"
        " \"atlas\": {\"page_size\": \"big\"}}\n";
    CHECK(fs_write_atomic(file, bad, sizeof bad - 1), "write fonts.json");
    struct findings f = {0};
    struct fontset *fs = fontset_load(file, &f);
    CHECK(fs == NULL, "title has no usable family: no font set");
    const struct finding *x = font_finding(&f, SEV_ERROR, "families[0].faces[1].index", "expected an integer, got a string");
    CHECK(x && x->line == 5 && x->col == 47 && strstr(x->msg_zh, "应为整数") && strcmp(x->file, file) == 0,
          "a string index is an error at 5:47 (got %d:%d)", x ? x->line : 0, x ? x->col : 0);
    x = font_finding(&f, SEV_ERROR, "families[0].faces[2].indx", "did you mean \"index\"");
    CHECK(x && x->line == 6, "unknown face key with a suggestion");
    CHECK(font_finding(&f, SEV_ERROR, "roles.body.fallbak", "did you mean \"fallback\"") != NULL, "unknown role key");
    CHECK(font_finding(&f, SEV_ERROR, "roles.title.family", "did you mean \"Noto Sans CJK SC\"") != NULL,
          "unknown family with a suggestion");
    CHECK(font_finding(&f, SEV_ERROR, "search_dirs[1]", "expected a string") != NULL, "search_dirs entry type");
    CHECK(font_finding(&f, SEV_ERROR, "atlas.page_size", "expected an integer") != NULL, "atlas type");
    fontset_free(fs);
    findings_free(&f);

    /* The same errors, but every role usable: the set is built and the bad face skipped. */
    static const char fixable[] =
        "{\"search_dirs\": [\"/usr/share/fonts/opentype/noto\"],\n"
        " \"families\": [{\"name\": \"Noto Sans CJK SC\", \"faces\": [\n"
        "    {\"file\": \"NotoSansCJK-Regular.ttc\", \"index\": 2},\n"
        "    {\"file\": \"NotoSansCJK-Bold.ttc\", \"index\": \"2\", \"weight\": 700}]}],\n"
        " \"roles\": {\"title\": {\"family\": \"Noto Sans CJK SC\"}, \"body\": {\"family\": \"Noto Sans CJK SC\"},\n"
        "           \"figure\": {\"family\": \"Noto Sans CJK SC\"}}}\n";
    CHECK(fs_write_atomic(file, fixable, sizeof fixable - 1), "write fonts.json");
    fs = fontset_load(file, &f);
    CHECK(fs && fontset_count(fs) == 1, "usable config: one face (the bad one skipped, not index 0)");
    CHECK(f.n_errors == 1, "one error (%zu)", f.n_errors);
    fontset_free(fs);
    findings_free(&f);

    /* A FIFO as a font file or as fonts.json never blocks: refused, the next font is used. A hang
     * here is caught by the alarm (the test fails instead of waiting for ever). */
    char *fifo = xasprintf("%s/fifo.ttc", dir);
    CHECK(mkfifo(fifo, 0644) == 0, "mkfifo");
    char *cfg = xasprintf("{\"search_dirs\": [\"/usr/share/fonts/opentype/noto\"],\n"
                          " \"families\": [{\"name\": \"Fifo\", \"faces\": [{\"file\": \"%s\"}]},\n"
                          "  {\"name\": \"Noto Sans CJK SC\", \"faces\": [{\"file\": \"NotoSansCJK-Regular.ttc\", \"index\": 2}]}],\n"
                          " \"roles\": {\"title\": {\"family\": \"Fifo\", \"fallback\": [\"Noto Sans CJK SC\"]},\n"
                          "  \"body\": {\"family\": \"Fifo\", \"fallback\": [\"Noto Sans CJK SC\"]},\n"
                          "  \"figure\": {\"family\": \"Fifo\", \"fallback\": [\"Noto Sans CJK SC\"]}}}\n",
                          fifo);
    CHECK(fs_write_atomic(file, cfg, strlen(cfg)), "write fonts.json");
    alarm(60);
    struct text_engine *te = text_engine_new(file);
    CHECK(te != NULL && text_can_draw(te, TEXT_ROLE_BODY, 0x62DB), "a FIFO font is skipped, Noto draws");
    text_engine_free(te);
    te = text_engine_new(fifo);
    CHECK(te != NULL, "fonts.json that is a FIFO: the built-in defaults");
    text_engine_free(te);
    alarm(0);
    unlink(fifo);
    free(fifo);
    free(cfg);
    unlink(file);
    rmdir(dir);
    free(file);
}

/* Start-up guard (no timing): the bench slide's glyphs, loaded and rasterized as the engine does,
 * cost a few read system calls each (FreeType's small reads go through the stream's blocks), not
 * the ~8 a glyph of an unbuffered stream (1751 preads for the bench slide before). */
static void test_font_reads(void)
{
    struct fontset *fs = fontset_new(FONTS);
    CHECK(fs != NULL, "font set");
    if (!fs)
        return;
    static const char text[] = "【武汉招商】2020年武汉市政府工作报告2025-07-09招商中心400-162-2002"
                               "报告全文回顾过去一年的工作，提出今年目标任务：地区生产总值增长7.5%左右。";
    uint16_t chain[FONTS_MAX_CHAIN];
    size_t glyphs = 0;
    for (int bold = 0; bold < 2; bold++) {
        size_t n = fontset_chain(fs, 0, bold, NULL, chain);
        CHECK(n > 0, "a chain for the title role");
        for (size_t i = 0, len = strlen(text); n && i < len;) {
            uint32_t cp = utf8_next(text, len, &i);
            uint32_t gid = fontset_glyph(fs, chain[0], cp);
            FT_Face face = fontset_face_at(fs, chain[0], bold ? 71 : 35);
            if (!gid || !face)
                continue;
            if (FT_Load_Glyph(face, gid, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP) == 0 &&
                FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) == 0)
                glyphs++;
        }
    }
    uint64_t reads = fontset_reads(fs);
    CHECK(glyphs > 100, "the slide's glyphs rasterized (%zu)", glyphs);
    CHECK(fontset_opened(fs) == 2, "two faces opened (regular, bold): %zu", fontset_opened(fs));
    CHECK(reads > 0 && reads <= 3 * glyphs + 100, "%llu reads of the font files for %zu glyphs (at most 3 a glyph + 100)",
          (unsigned long long)reads, glyphs);
    fontset_free(fs);
}

int main(void)
{
    struct text_engine *te = text_engine_new(FONTS);
    CHECK(te != NULL, "engine from fonts/fonts.json");
    if (!te)
        return check_done();
    test_seed_rules(te);
    test_exact_breaks(te);
    test_fit_and_ellipsis(te);
    test_ink_inside(te);
    test_cache_figures_justify(te);
    test_odd_input(te);
    text_engine_free(te);
    test_fallback_and_missing();
    test_fonts_config();
    test_tabular_without_tnum();
    test_atlas();
    test_atlas_tiles();
    test_font_reads();
    return check_done();
}
