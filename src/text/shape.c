#define LOG_TAG "shape"
#include "text/shape.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "core/log.h"
#include "core/xalloc.h"

bool shape_no_line_start(uint32_t cp)
{
    int lb = u_getIntPropertyValue((UChar32)cp, UCHAR_LINE_BREAK);
    return lb == U_LB_CLOSE_PUNCTUATION || lb == U_LB_CLOSE_PARENTHESIS || lb == U_LB_INFIX_NUMERIC ||
           lb == U_LB_NONSTARTER || lb == U_LB_EXCLAMATION || lb == U_LB_INSEPARABLE;
}

static bool is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

/* Characters that take the font of the character before them instead of a font of their own. */
static bool sticks_to_previous(uint32_t cp)
{
    int gc = u_charType((UChar32)cp);
    return gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_COMBINING_SPACING_MARK ||
           u_hasBinaryProperty((UChar32)cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || is_control(cp);
}

struct shaper {
    hb_buffer_t *buf;
    UBreakIterator *bi; /* opened on first use */
};

struct shaper *shaper_new(void)
{
    struct shaper *sh = xcalloc(1, sizeof *sh);
    sh->buf = hb_buffer_create();
    return sh;
}

void shaper_free(struct shaper *sh)
{
    if (!sh)
        return;
    hb_buffer_destroy(sh->buf);
    if (sh->bi)
        ubrk_close(sh->bi);
    free(sh);
}

enum { PK_NONE, PK_OPEN, PK_CLOSE };

/* Full-width (or ambiguous, as quotes are in Chinese fonts) opening or closing punctuation. */
static int punct_kind(uint32_t cp)
{
    int ea = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
    if (ea != U_EA_WIDE && ea != U_EA_FULLWIDTH && ea != U_EA_AMBIGUOUS)
        return PK_NONE;
    int gc = u_charType((UChar32)cp);
    if (gc == U_START_PUNCTUATION || gc == U_INITIAL_PUNCTUATION)
        return PK_OPEN;
    if (gc == U_END_PUNCTUATION || gc == U_FINAL_PUNCTUATION ||
        (gc == U_OTHER_PUNCTUATION && u_getIntPropertyValue((UChar32)cp, UCHAR_LINE_BREAK) == U_LB_CLOSE_PUNCTUATION))
        return PK_CLOSE;
    return PK_NONE;
}

struct cpinfo {
    uint32_t cp, byte;
    uint16_t font;
    bool missing;
    hb_script_t script;
};

static void push_glyphs(struct shaped *out, size_t *cap, hb_buffer_t *buf, uint16_t font, float upem)
{
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    for (unsigned k = 0; k < n; k++) {
        if (out->n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            out->g = xreallocarray(out->g, *cap, sizeof *out->g);
        }
        out->g[out->n++] = (struct sglyph){
            .font = font,
            .gid = info[k].codepoint,
            .cluster = info[k].cluster,
            .adv = (float)pos[k].x_advance / upem,
            .xoff = (float)pos[k].x_offset / upem,
            .yoff = (float)pos[k].y_offset / upem,
        };
    }
}

/* The rule over ICU that keeps a number with its unit: true when the Han character cps[ci] is
 * part of a number's unit, i.e. looking back over magnitude characters (numeric value >= 100:
 * 百 千 万 亿) and at most two unit characters counting cps[ci] (个, 亿元, 标箱, 公里), a decimal
 * digit comes first. A break before cps[ci] is then dropped: 156.02万标箱 never splits before 万,
 * 标 or 箱, and may split after 箱. */
static bool in_number_unit(const struct cpinfo *cps, size_t ci)
{
    UErrorCode err = U_ZERO_ERROR;
    int units = 0;
    for (size_t k = ci + 1; k-- > 0;) {
        UChar32 c = (UChar32)cps[k].cp;
        if (k < ci && u_charType(c) == U_DECIMAL_DIGIT_NUMBER)
            return true;
        if (uscript_getScript(c, &err) != USCRIPT_HAN)
            return false;
        if (u_getNumericValue(c) < 100 && ++units > 2)
            return false;
    }
    return false;
}

static void find_breaks(struct shaper *sh, const char *utf8, size_t len, const struct cpinfo *cps, size_t n_cp,
                        struct shaped *out)
{
    /* UTF-16 copy for ICU, with each unit's byte offset */
    UChar *u16 = xreallocarray(NULL, n_cp * 2 + 1, sizeof *u16);
    uint32_t *u16byte = xreallocarray(NULL, n_cp * 2 + 1, sizeof *u16byte);
    int32_t n16 = 0;
    for (size_t i = 0; i < n_cp; i++) {
        uint32_t cp = cps[i].cp;
        if (cp >= 0x10000) {
            u16byte[n16] = cps[i].byte;
            u16[n16++] = (UChar)(0xD800 + ((cp - 0x10000) >> 10));
            u16byte[n16] = cps[i].byte;
            u16[n16++] = (UChar)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            u16byte[n16] = cps[i].byte;
            u16[n16++] = (UChar)cp;
        }
    }
    u16byte[n16] = (uint32_t)len;
    out->brk = xreallocarray(NULL, n_cp + 1, sizeof *out->brk);
    UErrorCode err = U_ZERO_ERROR;
    if (!sh->bi)
        sh->bi = ubrk_open(UBRK_LINE, "zh@lb=strict", NULL, 0, &err);
    UBreakIterator *bi = sh->bi;
    if (bi && U_SUCCESS(err))
        ubrk_setText(bi, u16, n16, &err);
    if (!bi || U_FAILURE(err)) {
        LOG_ERR("ICU line break iterator: %s; breaking only at the end", u_errorName(err));
        out->brk[out->n_brk++] = (struct sbreak){(uint32_t)len, true};
        free(u16);
        free(u16byte);
        return;
    }
    size_t ci = 0; /* index into cps of the character starting at the break */
    for (int32_t p = ubrk_next(bi); p != UBRK_DONE; p = ubrk_next(bi)) {
        uint32_t byte = u16byte[p];
        bool hard = ubrk_getRuleStatus(bi) >= UBRK_LINE_HARD;
        while (ci < n_cp && cps[ci].byte < byte)
            ci++;
        if (byte < len && !hard && ci > 0 && ci < n_cp && in_number_unit(cps, ci))
            continue;
        out->brk[out->n_brk++] = (struct sbreak){byte, hard || byte >= len};
    }
    ubrk_setText(bi, NULL, 0, &err); /* u16 is freed below */
    if (out->n_brk == 0 || out->brk[out->n_brk - 1].pos != len)
        out->brk[out->n_brk++] = (struct sbreak){(uint32_t)len, true};
    free(u16);
    free(u16byte);
}

void shape_ink(struct fontset *fs, struct sglyph *g)
{
    if (g->flags & SG_INK)
        return;
    g->flags |= SG_INK;
    g->ink_l = 0;
    g->ink_r = g->adv;
    int ea = u_getIntPropertyValue((UChar32)g->cp, UCHAR_EAST_ASIAN_WIDTH);
    if (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH || (g->flags & (SG_SPACE | SG_INVISIBLE | SG_MISSING)))
        return;
    hb_font_t *font = fontset_hb(fs, g->font);
    struct font_metrics m;
    hb_glyph_extents_t e;
    if (!font || !fontset_metrics(fs, g->font, &m) || !hb_font_get_glyph_extents(font, g->gid, &e) || !e.width ||
        !e.height)
        return;
    g->ink_l = g->xoff + (float)e.x_bearing / (float)m.upem;
    g->ink_r = g->ink_l + (float)e.width / (float)m.upem;
    g->ink_t = g->yoff + (float)e.y_bearing / (float)m.upem;
    g->ink_b = -(g->yoff + (float)(e.y_bearing + e.height) / (float)m.upem);
    g->flags |= SG_INK_OUTLINE;
}

/* Gives the digits of glyphs [first, n) the widest digit advance of their font, centred. */
static void make_tabular(struct shaped *out, size_t first, hb_font_t *font, float upem)
{
    float maxadv = 0;
    for (uint32_t d = '0'; d <= '9'; d++) {
        hb_codepoint_t gid;
        if (hb_font_get_nominal_glyph(font, d, &gid)) {
            float a = (float)hb_font_get_glyph_h_advance(font, gid) / upem;
            maxadv = a > maxadv ? a : maxadv;
        }
    }
    for (size_t g = first; g < out->n; g++) {
        struct sglyph *sg = &out->g[g];
        if (sg->cp >= '0' && sg->cp <= '9' && sg->adv > 0 && sg->adv < maxadv) {
            sg->xoff += (maxadv - sg->adv) / 2;
            sg->adv = maxadv;
        }
    }
}

static void shape_impl(struct shaper *sh, struct fontset *fs, const uint16_t *chain, size_t n_chain, const hb_feature_t *features,
                       unsigned n_features, bool tabular, bool breaks, const char *utf8, size_t len,
                       struct shaped *out)
{
    memset(out, 0, sizeof *out);
    if (len == 0 || n_chain == 0)
        return;
    struct cpinfo *cps = xreallocarray(NULL, len, sizeof *cps);
    size_t n_cp = 0;
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    for (size_t i = 0; i < len;) {
        uint32_t b = (uint32_t)i;
        uint32_t cp = utf8_next(utf8, len, &i);
        struct cpinfo c = {.cp = cp, .byte = b, .font = chain[0], .script = hb_unicode_script(uf, cp)};
        if (n_cp > 0 && sticks_to_previous(cp)) {
            c.font = cps[n_cp - 1].font;
        } else {
            size_t k = 0;
            while (k < n_chain && !fontset_glyph(fs, chain[k], cp))
                k++;
            if (k < n_chain)
                c.font = chain[k];
            else
                c.missing = !sticks_to_previous(cp);
        }
        cps[n_cp++] = c;
    }
    /* Common/Inherited characters take the script of the run around them. */
    hb_script_t cur = HB_SCRIPT_COMMON;
    for (size_t i = 0; i < n_cp && cur == HB_SCRIPT_COMMON; i++)
        if (cps[i].script != HB_SCRIPT_COMMON && cps[i].script != HB_SCRIPT_INHERITED &&
            cps[i].script != HB_SCRIPT_UNKNOWN)
            cur = cps[i].script;
    if (cur == HB_SCRIPT_COMMON)
        cur = HB_SCRIPT_HAN;
    for (size_t i = 0; i < n_cp; i++) {
        hb_script_t s = cps[i].script;
        if (s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN)
            cps[i].script = cur;
        else
            cur = s;
    }

    /* Adjacent full-width punctuation is compressed (标点挤压, as in clreq): in "）、", "。”", "，“"
     * the closing mark takes its half-width form (the font's 'halt'); in "（“", "《「" the second
     * opening mark does. Features apply by cluster range, so they ride along the role's features. */
    size_t nfeat = n_features;
    hb_feature_t *feat = xreallocarray(NULL, n_features + 2 * n_cp, sizeof *feat);
    if (n_features)
        memcpy(feat, features, n_features * sizeof *feat);
    for (size_t i = 0; i < n_cp; i++) {
        /* an opening mark that starts a paragraph (a headline's 【) starts at its ink, flush with
         * the lines below it, instead of half an em in */
        if ((i == 0 || cps[i - 1].cp == '\n') && punct_kind(cps[i].cp) == PK_OPEN)
            feat[nfeat++] = (hb_feature_t){HB_TAG('h', 'a', 'l', 't'), 1, cps[i].byte,
                                           i + 1 < n_cp ? cps[i + 1].byte : (unsigned)len};
        if (i + 1 == n_cp)
            break;
        int a = punct_kind(cps[i].cp), b = punct_kind(cps[i + 1].cp);
        size_t k = a == PK_CLOSE && b != PK_NONE ? i : a == PK_OPEN && b == PK_OPEN ? i + 1 : SIZE_MAX;
        if (k == SIZE_MAX || cps[k].font != cps[i].font || cps[i].font != cps[i + 1].font)
            continue;
        feat[nfeat++] = (hb_feature_t){HB_TAG('h', 'a', 'l', 't'), 1, cps[k].byte,
                                       k + 1 < n_cp ? cps[k + 1].byte : (unsigned)len};
    }
    hb_buffer_t *buf = sh->buf;
    hb_language_t lang = hb_language_from_string("zh-Hans", -1);
    size_t cap = 0;
    for (size_t i = 0; i < n_cp;) {
        size_t j = i + 1;
        while (j < n_cp && cps[j].font == cps[i].font && cps[j].script == cps[i].script)
            j++;
        uint32_t b0 = cps[i].byte, b1 = j < n_cp ? cps[j].byte : (uint32_t)len;
        hb_font_t *font = fontset_hb(fs, cps[i].font);
        struct font_metrics m = {.upem = 1000};
        fontset_metrics(fs, cps[i].font, &m);
        size_t first = out->n;
        if (font) {
            hb_buffer_clear_contents(buf);
            hb_buffer_add_utf8(buf, utf8, (int)len, b0, (int)(b1 - b0));
            hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
            hb_buffer_set_script(buf, cps[i].script);
            hb_buffer_set_language(buf, lang);
            hb_shape(font, buf, feat, (unsigned)nfeat);
            push_glyphs(out, &cap, buf, cps[i].font, (float)m.upem);
        }
        /* Flags from the source characters: a binary search is unneeded, clusters ascend. */
        size_t ci = i;
        for (size_t g = first; g < out->n; g++) {
            struct sglyph *sg = &out->g[g];
            while (ci + 1 < j && cps[ci + 1].byte <= sg->cluster)
                ci++;
            uint32_t cp = cps[ci].cp;
            sg->cp = cp;
            if (is_control(cp)) {
                sg->flags |= SG_INVISIBLE;
                sg->adv = 0;
            } else if (cps[ci].missing || sg->gid == 0) {
                sg->flags |= SG_MISSING;
                sg->gid = 0;
                sg->adv = 1.0f;
                sg->xoff = sg->yoff = 0;
                out->missing++;
            }
            if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0)
                sg->flags |= SG_SPACE;
        }
        if (tabular && font)
            make_tabular(out, first, font, (float)m.upem);
        i = j;
    }
    hb_buffer_clear_contents(buf);
    free(feat);
    if (breaks)
        find_breaks(sh, utf8, len, cps, n_cp, out);
    free(cps);
}

void shape_text(struct shaper *sh, struct fontset *fs, const uint16_t *chain, size_t n_chain, const hb_feature_t *features,
                unsigned n_features, bool tabular, const char *utf8, size_t len, struct shaped *out)
{
    shape_impl(sh, fs, chain, n_chain, features, n_features, tabular, true, utf8, len, out);
}

void shape_line(struct shaper *sh, struct fontset *fs, const uint16_t *chain, size_t n_chain, const hb_feature_t *features,
                unsigned n_features, bool tabular, const char *utf8, size_t len, struct shaped *out)
{
    shape_impl(sh, fs, chain, n_chain, features, n_features, tabular, false, utf8, len, out);
}

void shaped_free(struct shaped *s)
{
    if (!s)
        return;
    free(s->g);
    free(s->brk);
    memset(s, 0, sizeof *s);
}
