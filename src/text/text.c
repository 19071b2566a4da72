#define LOG_TAG "text"
#include "text/text.h"

#include <math.h>
#include <string.h>
#include <unicode/uchar.h>

#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "text/atlas.h"
#include "text/fonts.h"
#include "text/shape.h"

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026 */
#define TEXT_MAX_PX 2000            /* sizes are clamped here (an atlas page is at most 2048 px) */

struct cache_entry {
    uint64_t hash;
    char *key;
    size_t key_len;
    struct text_layout lay;
};

struct ellipsis {
    bool done;
    struct sglyph g;  /* gid 0: the font has no "…" */
};

struct text_engine {
    struct fontset *fonts;
    struct shaper *shaper;
    struct atlas *atlas;
    struct cache_entry **cache;
    size_t cache_cap, cache_used;
    struct ellipsis *ell; /* per font */
    size_t missing_drawn, clipped;
    uint8_t *scratch; /* missing-glyph boxes are drawn here */
    size_t scratch_cap;
    char *keybuf;
    size_t keybuf_cap;
};

/* ---- rasterization (the atlas calls back here) ---- */

static bool raster_glyph(void *ctx, uint16_t font, uint32_t gid, int px, struct atlas_bitmap *out)
{
    struct text_engine *te = ctx;
    if (gid == 0) { /* a character no font has: a hollow box the size of the em box */
        struct font_metrics m = {.ascent = 0.88f, .descent = 0.12f};
        fontset_metrics(te->fonts, font, &m);
        int w = px > 4 ? px - 2 : px, h = (int)lroundf((m.ascent + m.descent) * (float)px);
        int t = px / 16 > 1 ? px / 16 : 1;
        if (h < 3 || w < 3)
            return false;
        size_t need = (size_t)w * (size_t)h;
        if (need > te->scratch_cap)
            te->scratch = xrealloc(te->scratch, te->scratch_cap = need);
        memset(te->scratch, 0, need);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (x < t || y < t || x >= w - t || y >= h - t)
                    te->scratch[(size_t)y * (size_t)w + (size_t)x] = 255;
        *out = (struct atlas_bitmap){te->scratch, w, h, w, px > 4 ? 1 : 0, (int)lroundf(m.ascent * (float)px)};
        return true;
    }
    FT_Face face = fontset_face_at(te->fonts, font, px);
    if (!face)
        return false;
    FT_Error e = FT_Load_Glyph(face, gid, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP);
    if (!e && face->glyph->format != FT_GLYPH_FORMAT_BITMAP)
        e = FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL);
    if (e || face->glyph->bitmap.pixel_mode != FT_PIXEL_MODE_GRAY) {
        LOG_WARN("cannot rasterize glyph %u of font %u at %d px (FreeType error %d)", gid, font, px, e);
        return false;
    }
    const FT_Bitmap *b = &face->glyph->bitmap;
    *out = (struct atlas_bitmap){b->buffer, (int)b->width, (int)b->rows, b->pitch,
                                 face->glyph->bitmap_left, face->glyph->bitmap_top};
    return true;
}

/* ---- engine ---- */

struct text_engine *text_engine_new(const char *fonts_json)
{
    char *def = NULL;
    if (!fonts_json)
        fonts_json = def = xasprintf("%s/fonts/fonts.json", paths_datadir());
    struct fontset *fs = fontset_new(fonts_json);
    free(def);
    if (!fs)
        return NULL;
    /* The primary face is opened now (a fallback if it is broken); other faces when needed. */
    uint16_t chain[FONTS_MAX_CHAIN];
    size_t n = fontset_chain(fs, TEXT_ROLE_BODY, false, NULL, chain), k = 0;
    while (k < n && !fontset_hb(fs, chain[k]))
        k++;
    if (k == n) {
        LOG_ERR("no font of the body role can be opened");
        fontset_free(fs);
        return NULL;
    }
    if (!fontset_glyph(fs, chain[k], 0x4E2D /* 中 */)) {
        bool any = false;
        for (size_t i = k; i < n && !any; i++)
            any = fontset_glyph(fs, chain[i], 0x4E2D) != 0;
        if (!any)
            LOG_WARN("no Chinese (CJK) font among the body fonts: Chinese text would show as boxes "
                     "(install fonts-noto-cjk, see fonts/README.md); the fallback slide is drawn in English");
    }
    struct text_engine *te = xcalloc(1, sizeof *te);
    te->fonts = fs;
    te->shaper = shaper_new();
    struct fontset_atlas_conf ac;
    fontset_atlas_conf(fs, &ac);
    te->atlas = atlas_new(ac.page_size > 0 ? ac.page_size : 1024, ac.max_pages > 0 ? ac.max_pages : 12,
                          raster_glyph, te);
    te->ell = xcalloc(fontset_count(fs), sizeof *te->ell);
    te->cache_cap = 64;
    te->cache = xcalloc(te->cache_cap, sizeof *te->cache);
    return te;
}

void text_engine_free(struct text_engine *te)
{
    if (!te)
        return;
    text_cache_clear(te);
    free(te->cache);
    atlas_free(te->atlas);
    fontset_free(te->fonts);
    shaper_free(te->shaper);
    free(te->ell);
    free(te->scratch);
    free(te->keybuf);
    free(te);
}

void text_atlas_configure(struct text_engine *te, int page_size, int max_pages)
{
    atlas_configure(te->atlas, page_size, max_pages);
}

const char *const *text_families(struct text_engine *te) { return fontset_families(te->fonts); }

bool text_can_draw(struct text_engine *te, enum text_role role, uint32_t cp)
{
    uint16_t chain[FONTS_MAX_CHAIN];
    size_t n = fontset_chain(te->fonts, (int)role, false, NULL, chain);
    for (size_t i = 0; i < n; i++)
        if (fontset_glyph(te->fonts, chain[i], cp))
            return true;
    return false;
}

static void shape_style(struct text_engine *te, const char *utf8, size_t len, const struct text_style *st,
                        bool breaks, struct shaped *out, uint16_t *primary)
{
    uint16_t chain[FONTS_MAX_CHAIN];
    size_t n = fontset_chain(te->fonts, (int)st->role, st->bold, st->family, chain);
    /* FIGURE: tabular figures, so a counting number keeps its width; kerning for Latin elsewhere. */
    hb_feature_t feat[2];
    unsigned nf = 0;
    hb_feature_from_string(st->role == TEXT_ROLE_FIGURE ? "tnum" : "kern", -1, &feat[nf++]);
    if (st->role == TEXT_ROLE_FIGURE)
        hb_feature_from_string("kern", -1, &feat[nf++]);
    bool tab = st->role == TEXT_ROLE_FIGURE;
    (breaks ? shape_text : shape_line)(te->shaper, te->fonts, chain, n, feat, nf, tab, utf8, len, out);
    size_t k = 0; /* the first font that opens gives the metrics and the fallback ellipsis */
    while (k + 1 < n && !fontset_hb(te->fonts, chain[k]))
        k++;
    *primary = chain[k];
}

/* ---- line breaking over a shaped paragraph at one size ---- */

struct line {
    size_t g0, g1;  /* glyphs [g0, g1), trailing spaces and controls excluded */
    size_t next;    /* where the next line starts */
    float w;        /* px, without trailing spaces */
    bool hard;      /* ended by a newline or the end of the text (never justified) */
};

struct lines {
    struct line *v;
    size_t n, cap;
    bool emergency;  /* a segment wider than the box had to be cut between clusters */
};

static float span_w(const struct shaped *s, size_t a, size_t b, float px)
{
    float w = 0;
    for (size_t i = a; i < b; i++)
        w += s->g[i].adv;
    return w * px;
}

static size_t trim_end(const struct shaped *s, size_t a, size_t b)
{
    while (b > a && (s->g[b - 1].flags & (SG_SPACE | SG_INVISIBLE)))
        b--;
    return b;
}

/* Ink past the left / right edge of a glyph's advance, px, plus 1 px for pen rounding and partly
 * covered pixels; 0 for full-width glyphs, whose ink sits inside their advance. */
static float over_l(struct fontset *fs, struct sglyph *g, float px)
{
    shape_ink(fs, g);
    float o = 1 - g->ink_l * px;
    return (g->flags & SG_INK_OUTLINE) && o > 0 ? o : 0;
}

static float over_r(struct fontset *fs, struct sglyph *g, float px)
{
    shape_ink(fs, g);
    float o = (g->ink_r - g->adv) * px + 1;
    return (g->flags & SG_INK_OUTLINE) && o > 0 ? o : 0;
}

/* The width left for a line that starts at glyph i (the whole width past the last glyph). */
static float line_limit(struct fontset *fs, const struct shaped *s, size_t i, float width, float px)
{
    return i < s->n ? width - over_l(fs, &s->g[i], px) : width;
}


static void line_push(struct lines *L, const struct shaped *s, size_t g0, size_t g1, bool hard, float px)
{
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 8;
        L->v = xreallocarray(L->v, L->cap, sizeof *L->v);
    }
    size_t e = trim_end(s, g0, g1);
    L->v[L->n++] = (struct line){g0, e, g1, span_w(s, g0, e, px), hard};
}

static bool cluster_start(const struct shaped *s, size_t i)
{
    return i == 0 || i >= s->n || s->g[i].cluster != s->g[i - 1].cluster;
}

#define EPS 0.01f

static unsigned count_chars(const struct shaped *s, size_t a, size_t b)
{
    unsigned n = 0;
    for (size_t i = a; i < b; i++)
        n += cluster_start(s, i) && !u_ispunct((UChar32)s->g[i].cp) && !(s->g[i].flags & SG_SPACE);
    return n;
}

/* A paragraph's last line holding one character (a 孤字 such as "告" under a full line) takes
 * the last breakable piece of the line above, when that line keeps at least three characters. */
static void fix_orphan(struct fontset *fs, struct shaped *s, float px, float width, struct line *prev,
                       struct line *last)
{
    if (count_chars(s, last->g0, last->g1) != 1)
        return;
    size_t g = prev->next, cut = 0;
    for (size_t k = s->n_brk; k-- > 0;) { /* the last break opportunity inside prev */
        uint32_t pos = s->brk[k].pos;
        if (s->brk[k].hard || pos >= s->g[prev->next - 1].cluster + 1)
            continue;
        while (g > prev->g0 && s->g[g - 1].cluster >= pos)
            g--;
        if (g > prev->g0 && g < prev->next && s->g[g].cluster == pos) {
            cut = g;
            break;
        }
        if (pos <= s->g[prev->g0].cluster)
            break;
    }
    if (!cut || count_chars(s, prev->g0, cut) < 3)
        return;
    size_t e = trim_end(s, cut, last->g1);
    float w = span_w(s, cut, e, px) + over_r(fs, &s->g[e - 1], px) + over_l(fs, &s->g[cut], px);
    if (w > width + EPS)
        return;
    prev->g1 = trim_end(s, prev->g0, cut);
    prev->next = cut;
    prev->w = span_w(s, prev->g0, prev->g1, px);
    last->g0 = cut;
    last->w = span_w(s, cut, last->g1, px);
}

/* Greedy breaking at ICU's opportunities; a segment wider than the box is cut between clusters,
 * never before closing punctuation when another cut exists. Widths include the ink overhang of
 * a line's first and last glyph, so a line's ink fits the box, not just its advances. */
static void break_lines(struct fontset *fs, struct shaped *s, float px, float width, bool phrases,
                        struct lines *L)
{
    L->n = 0;
    L->emergency = false;
    size_t line0 = 0, seg0 = 0, g = 0, after_space = 0;
    float line_w = 0, lim = line_limit(fs, s, 0, width, px);
    for (size_t k = 0; k < s->n_brk; k++) {
        while (g < s->n && s->g[g].cluster < s->brk[k].pos)
            g++;
        bool hard = s->brk[k].hard;
        if (g == seg0 && !hard)
            continue;
        size_t e = trim_end(s, seg0, g);
        float seg_w = span_w(s, seg0, g, px), seg_ink = span_w(s, seg0, e, px);
        float orr = e > seg0 ? over_r(fs, &s->g[e - 1], px) : 0;
        if (line0 < seg0 && line_w + seg_ink + orr > lim + EPS) {
            /* Headlines break at a space (a phrase boundary) rather than leave up to three
             * characters of the next phrase at the end of the line: "发展 助|力" -> "发展|助力". */
            size_t cut = phrases && after_space > line0 && count_chars(s, after_space, seg0) <= 3 ? after_space
                                                                                                   : seg0;
            line_push(L, s, line0, cut, false, px);
            line0 = cut;
            line_w = span_w(s, cut, seg0, px);
            lim = line_limit(fs, s, cut, width, px);
            if (cut < seg0 && line_w + seg_ink + orr > lim + EPS) {
                line_push(L, s, line0, seg0, false, px);
                line0 = seg0;
                line_w = 0;
                lim = line_limit(fs, s, seg0, width, px);
            }
        }
        while (line0 == seg0 && seg_ink + orr > lim + EPS) {
            L->emergency = true;
            size_t cut = seg0 + 1;
            float w = s->g[seg0].adv * px;
            for (size_t i = seg0 + 1; i < g; i++) {
                w += s->g[i].adv * px;
                if (w + over_r(fs, &s->g[i], px) > lim + EPS)
                    break;
                if (cluster_start(s, i + 1))
                    cut = i + 1;
            }
            while (!cluster_start(s, cut) && cut < g)
                cut++;
            for (size_t c = cut; cut < g && c > seg0 + 1; c--) /* prefer not to start a line with ，。 */
                if (cluster_start(s, c) && !shape_no_line_start(s->g[c].cp)) {
                    cut = c;
                    break;
                }
            line_push(L, s, seg0, cut, false, px);
            line0 = seg0 = cut;
            if (seg0 >= g) {
                seg_w = 0;
                break;
            }
            lim = line_limit(fs, s, seg0, width, px);
            e = trim_end(s, seg0, g);
            seg_w = span_w(s, seg0, g, px);
            seg_ink = span_w(s, seg0, e, px);
            orr = e > seg0 ? over_r(fs, &s->g[e - 1], px) : 0;
        }
        line_w += seg_w;
        seg0 = g;
        if (g > 0 && (s->g[g - 1].flags & SG_SPACE))
            after_space = g;
        if (hard) {
            line_push(L, s, line0, g, true, px);
            line0 = g;
            line_w = 0;
            lim = line_limit(fs, s, g, width, px);
        }
    }
    if (line0 < s->n)
        line_push(L, s, line0, s->n, true, px);
    for (size_t i = 1; i < L->n; i++)
        if (L->v[i].hard && !L->v[i - 1].hard)
            fix_orphan(fs, s, px, width, &L->v[i - 1], &L->v[i]);
}

/* ---- layout ---- */

struct fit {
    float lh, asc, desc;
    int lines_allowed;
};

static struct fit fit_at(const struct text_style *st, const struct font_metrics *m, int px, int height)
{
    struct fit f = {.lh = (st->line_height > 0 ? st->line_height : 1.3f) * (float)px,
                    .asc = m->ascent * (float)px,
                    .desc = m->descent * (float)px};
    int n = (int)floorf(((float)height + EPS) / f.lh);
    if (n == 0 && (float)height >= f.asc + f.desc)
        n = 1;
    if (st->max_lines > 0 && n > st->max_lines)
        n = st->max_lines;
    f.lines_allowed = n;
    return f;
}

/* Vertical placement of lines [0, n): the em box is centred in each line box; Latin ink that
 * rises or falls past it (accents, descenders) moves the block down or needs more height.
 * Returns whether the ink fits the height; *shift is the extra offset of every baseline. */
static bool vfit(struct fontset *fs, struct shaped *s, const struct lines *L, size_t n, const struct fit *f,
                 float px, int height, float *shift, float *used)
{
    *shift = 0;
    *used = 0;
    if (n == 0)
        return true;
    float lh0 = n == 1 && (float)height < f->lh ? (float)height : f->lh;
    float b0 = (lh0 - f->asc - f->desc) / 2 + f->asc, top = 0, bot = 0;
    for (size_t g = L->v[0].g0; g < L->v[0].g1; g++) {
        shape_ink(fs, &s->g[g]);
        top = s->g[g].ink_t * px > top ? s->g[g].ink_t * px : top;
    }
    for (size_t g = L->v[n - 1].g0; g < L->v[n - 1].g1; g++)
        bot = s->g[g].ink_b * px > bot ? s->g[g].ink_b * px : bot;
    float ctop = b0 - (top > 0 ? top + 1 : 0), cbot = (float)(n - 1) * f->lh + b0 + (bot > 0 ? bot + 1 : 0);
    ctop = ctop < 0 ? ctop : 0;
    float box_bot = (float)(n - 1) * f->lh + lh0;
    cbot = cbot > box_bot ? cbot : box_bot;
    *shift = -ctop;
    *used = cbot - ctop;
    return *used <= (float)height + EPS;
}

static bool fits(struct fontset *fs, struct shaped *s, const struct text_style *st, const struct font_metrics *m,
                 int px, int width, int height, struct lines *L)
{
    break_lines(fs, s, (float)px, (float)width, st->role == TEXT_ROLE_TITLE, L);
    struct fit f = fit_at(st, m, px, height);
    float shift, used;
    return !L->emergency && (int)L->n <= f.lines_allowed && vfit(fs, s, L, L->n, &f, (float)px, height, &shift, &used);
}

static struct ellipsis *ellipsis_for(struct text_engine *te, uint16_t font)
{
    struct ellipsis *e = &te->ell[font];
    if (!e->done) {
        e->done = true;
        struct shaped s;
        shape_text(te->shaper, te->fonts, &font, 1, NULL, 0, false, ELLIPSIS, strlen(ELLIPSIS), &s);
        if (s.n == 1 && !(s.g[0].flags & SG_MISSING))
            e->g = s.g[0];
        shaped_free(&s);
    }
    return e->g.gid ? e : NULL;
}

static bool no_line_end(uint32_t cp)
{
    return u_getIntPropertyValue((UChar32)cp, UCHAR_LINE_BREAK) == U_LB_OPEN_PUNCTUATION;
}

/* Justification stretches the gap before glyph g unless it sits inside a Latin word or a number. */
static bool stretchable(const struct shaped *s, size_t g)
{
    uint32_t a = s->g[g - 1].cp, b = s->g[g].cp;
    return cluster_start(s, g) && !(u_isalnum((UChar32)a) && u_isalnum((UChar32)b) &&
                                    !u_hasBinaryProperty((UChar32)a, UCHAR_IDEOGRAPHIC) &&
                                    !u_hasBinaryProperty((UChar32)b, UCHAR_IDEOGRAPHIC));
}

static void build_layout(struct text_engine *te, const char *utf8, struct shaped *s, const struct text_style *st,
                         int width, int height, uint16_t primary, struct text_layout *out)
{
    struct fontset *fs = te->fonts;
    struct font_metrics m = {.ascent = 0.88f, .descent = 0.12f, .upem = 1000};
    fontset_metrics(fs, primary, &m);
    int size = st->size <= 0 ? 32 : st->size > TEXT_MAX_PX ? TEXT_MAX_PX : st->size;
    int min = st->min_size > 0 && st->min_size < size ? st->min_size : size;
    struct lines L = {0};
    int px = size;
    bool ok = fits(fs, s, st, &m, px, width, height, &L);
    if (!ok && min < size) {
        /* shrink to fit: the largest integer size in [min, size) that fits */
        int lo = min, hi = size - 1, best = 0;
        while (lo <= hi) {
            int mid = lo + (hi - lo) / 2;
            if (fits(fs, s, st, &m, mid, width, height, &L)) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        px = best ? best : min;
        ok = fits(fs, s, st, &m, px, width, height, &L);
    }
    float fpx = (float)px;
    struct fit f = fit_at(st, &m, px, height);
    size_t n_lines = L.n;
    bool ellipsized = false;
    struct ellipsis *ell = NULL;
    size_t ell_cut = 0;
    float shift, used;
    if (!ok && ((int)L.n > f.lines_allowed || !vfit(fs, s, &L, L.n, &f, fpx, height, &shift, &used))) {
        /* still too long at the minimum size: keep the lines that fit and end the last in "…",
         * shaped in the font of the last glyph kept, cut at a cluster boundary */
        ellipsized = true;
        n_lines = f.lines_allowed > 0 ? (size_t)f.lines_allowed : 0;
        n_lines = n_lines < L.n ? n_lines : L.n;
        while (n_lines > 0 && !vfit(fs, s, &L, n_lines, &f, fpx, height, &shift, &used))
            n_lines--;
        if (n_lines > 0) {
            struct line *last = &L.v[n_lines - 1];
            if (last->g1 > last->g0)
                ell = ellipsis_for(te, s->g[last->g1 - 1].font);
            if (!ell)
                ell = ellipsis_for(te, primary);
            float ew = ell ? ell->g.adv * fpx + over_r(fs, &ell->g, fpx) : 0;
            float lim = (float)width - (last->g1 > last->g0 ? over_l(fs, &s->g[last->g0], fpx) : 0);
            size_t cut = last->g0;
            float w = 0;
            for (size_t i = last->g0; i < last->g1; i++) {
                w += s->g[i].adv * fpx;
                if (w + ew > lim + EPS)
                    break;
                if (cluster_start(s, i + 1))
                    cut = i + 1;
            }
            cut = trim_end(s, last->g0, cut);
            while (cut > last->g0 && no_line_end(s->g[cut - 1].cp)) /* no "（…" */
                cut = trim_end(s, last->g0, cut - 1);
            last->g1 = cut;
            last->w = span_w(s, last->g0, cut, fpx);
            if (last->w + ew > lim + EPS)
                ell = NULL; /* not even the ellipsis fits the width */
            ell_cut = cut;
        }
    }

    *out = (struct text_layout){.font_size = px, .missing = s->missing, .ellipsized = ellipsized,
                                .ascent = f.asc, .descent = f.desc, .box_width = width, .box_height = height};
    struct text_line *lines = xcalloc(n_lines ? n_lines : 1, sizeof *lines);
    size_t cap = 0, ng = 0;
    for (size_t i = 0; i < n_lines; i++)
        cap += L.v[i].g1 - L.v[i].g0;
    struct text_glyph *glyphs = xcalloc(cap + 1, sizeof *glyphs);
    vfit(fs, s, &L, n_lines, &f, fpx, height, &shift, &used);
    float lh = n_lines == 1 && (float)height < f.lh ? (float)height : f.lh;
    uint32_t len = (uint32_t)strlen(utf8);
    for (size_t i = 0; i < n_lines; i++) {
        const struct line *ln = &L.v[i];
        bool last = i + 1 == n_lines, with_ell = last && ell;
        float w = ln->w + (with_ell ? ell->g.adv * fpx : 0);
        float ol = ln->g1 > ln->g0 ? over_l(fs, &s->g[ln->g0], fpx) : 0;
        float orr = with_ell ? over_r(fs, &ell->g, fpx) : ln->g1 > ln->g0 ? over_r(fs, &s->g[ln->g1 - 1], fpx) : 0;
        float room = (float)width - ol - orr - w, x = ol, gap_add = 0;
        if (st->align == TEXT_ALIGN_CENTER)
            x = ol + room / 2;
        else if (st->align == TEXT_ALIGN_END)
            x = ol + room;
        else if (st->align == TEXT_ALIGN_JUSTIFY && !last && !ln->hard && room > 0) {
            /* CJK inter-character justification: every gap next to an ideograph, punctuation or a
             * space takes an equal share; letters of a Latin word and digits stay together */
            unsigned gaps = 0;
            for (size_t g = ln->g0 + 1; g < ln->g1; g++)
                gaps += stretchable(s, g);
            if (gaps && room / (float)gaps <= 0.5f * fpx)
                gap_add = room / (float)gaps;
        }
        if (x < ol)
            x = ol;
        struct text_line *tl = &lines[i];
        tl->first = (uint32_t)ng;
        tl->x = x;
        tl->baseline = shift + (float)i * f.lh + (lh - f.asc - f.desc) / 2 + f.asc;
        tl->byte_start = ln->g0 < s->n ? s->g[ln->g0].cluster : len;
        tl->byte_end = ln->g1 > ln->g0 ? (ln->g1 < s->n ? s->g[ln->g1].cluster : len) : tl->byte_start;
        float pen = x;
        for (size_t g = ln->g0; g < ln->g1; g++) {
            const struct sglyph *sg = &s->g[g];
            if (g > ln->g0 && gap_add > 0 && stretchable(s, g))
                pen += gap_add;
            if (!(sg->flags & SG_INVISIBLE))
                glyphs[ng++] = (struct text_glyph){sg->font, (uint16_t)px, sg->gid, pen + sg->xoff * fpx,
                                                   tl->baseline - sg->yoff * fpx};
            pen += sg->adv * fpx;
        }
        if (with_ell) {
            glyphs[ng++] = (struct text_glyph){ell->g.font, (uint16_t)px, ell->g.gid, pen + ell->g.xoff * fpx,
                                               tl->baseline - ell->g.yoff * fpx};
            pen += ell->g.adv * fpx;
            tl->byte_end = ell_cut < s->n ? s->g[ell_cut].cluster : len;
            if (ell_cut == ln->g0)
                tl->byte_end = tl->byte_start;
        }
        tl->width = pen - x;
        tl->count = (uint32_t)ng - tl->first;
        if (tl->width > out->width)
            out->width = tl->width;
    }
    out->height = used;
    out->lines = lines;
    out->n_lines = n_lines;
    out->glyphs = glyphs;
    out->n_glyphs = ng;
    free(L.v);
}

/* ---- the layout cache: open addressing keyed by (text, style, box) ---- */

static uint64_t fnv1a(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
    return h;
}

static size_t make_key(struct text_engine *te, const char *utf8, const struct text_style *st, int w, int h)
{
    struct {
        int role, bold, size, min_size, max_lines, align, w, h;
        float line_height;
    } k = {(int)st->role, st->bold, st->size, st->min_size, st->max_lines, (int)st->align, w, h,
           st->line_height};
    const char *fam = st->family ? st->family : "";
    size_t lf = strlen(fam) + 1, lt = strlen(utf8);
    size_t need = sizeof k + lf + lt;
    if (need > te->keybuf_cap)
        te->keybuf = xrealloc(te->keybuf, te->keybuf_cap = need * 2);
    memcpy(te->keybuf, &k, sizeof k);
    memcpy(te->keybuf + sizeof k, fam, lf);
    memcpy(te->keybuf + sizeof k + lf, utf8, lt);
    return need;
}

/* The table holds pointers: a layout never moves when the table grows (draw lists keep them;
 * text.h promises it, test_text checks it). */
static struct cache_entry **cache_slot(struct cache_entry **c, size_t cap, uint64_t h, const char *key, size_t n)
{
    size_t i = (size_t)h & (cap - 1);
    while (c[i] && !(c[i]->hash == h && c[i]->key_len == n && memcmp(c[i]->key, key, n) == 0))
        i = (i + 1) & (cap - 1);
    return &c[i];
}

/* The cache entry for (text, style, box), *fresh when it is new (the caller fills lay). */
static struct cache_entry *cache_get(struct text_engine *te, const char *utf8, const struct text_style *style,
                                     int width, int height, bool *fresh)
{
    size_t kn = make_key(te, utf8, style, width, height);
    uint64_t h = fnv1a(te->keybuf, kn);
    struct cache_entry **e = cache_slot(te->cache, te->cache_cap, h, te->keybuf, kn);
    *fresh = !*e;
    if (*e)
        return *e;
    if ((te->cache_used + 1) * 4 > te->cache_cap * 3) {
        size_t cap = te->cache_cap * 2;
        struct cache_entry **c = xcalloc(cap, sizeof *c);
        for (size_t i = 0; i < te->cache_cap; i++)
            if (te->cache[i])
                *cache_slot(c, cap, te->cache[i]->hash, te->cache[i]->key, te->cache[i]->key_len) = te->cache[i];
        free(te->cache);
        te->cache = c;
        te->cache_cap = cap;
        e = cache_slot(te->cache, te->cache_cap, h, te->keybuf, kn);
    }
    *e = xcalloc(1, sizeof **e);
    (*e)->hash = h;
    (*e)->key = xmalloc(kn);
    memcpy((*e)->key, te->keybuf, kn);
    (*e)->key_len = kn;
    te->cache_used++;
    return *e;
}

const struct text_layout *text_layout(struct text_engine *te, const char *utf8,
                                      const struct text_style *style, int width, int height)
{
    if (!utf8)
        utf8 = "";
    width = width < 0 ? 0 : width;
    height = height < 0 ? 0 : height;
    bool fresh;
    struct cache_entry *e = cache_get(te, utf8, style, width, height, &fresh);
    if (fresh) {
        struct shaped s;
        uint16_t primary;
        shape_style(te, utf8, strlen(utf8), style, true, &s, &primary);
        build_layout(te, utf8, &s, style, width, height, primary, &e->lay);
        shaped_free(&s);
    }
    return &e->lay;
}

/* Cached like layouts, under the box (-1, -1): a count-up may measure every frame. */
float text_measure(struct text_engine *te, const char *utf8, const struct text_style *style)
{
    if (!utf8)
        utf8 = "";
    bool fresh;
    struct cache_entry *e = cache_get(te, utf8, style, -1, -1, &fresh);
    if (fresh) {
        struct shaped s;
        uint16_t primary;
        shape_style(te, utf8, strlen(utf8), style, false, &s, &primary);
        float w = 0;
        for (size_t i = 0; i < s.n; i++)
            w += s.g[i].adv;
        shaped_free(&s);
        e->lay = (struct text_layout){.font_size = style->size, .width = w * (float)style->size,
                                      .lines = xcalloc(1, sizeof(struct text_line)),
                                      .glyphs = xcalloc(1, sizeof(struct text_glyph))};
    }
    return e->lay.width;
}

void text_cache_clear(struct text_engine *te)
{
    for (size_t i = 0; i < te->cache_cap; i++)
        if (te->cache[i]) {
            free(te->cache[i]->key);
            free((void *)te->cache[i]->lay.lines);
            free((void *)te->cache[i]->lay.glyphs);
            free(te->cache[i]);
            te->cache[i] = NULL;
        }
    te->cache_used = 0;
}

/* ---- atlas and quads ---- */

void text_frame_begin(struct text_engine *te) { atlas_frame_begin(te->atlas); }

size_t text_quads(struct text_engine *te, const struct text_layout *lay, float x, float y,
                  struct text_quad **quads, size_t n, size_t *cap)
{
    float bx0 = floorf(x + 0.5f), by0 = floorf(y + 0.5f);
    float bx1 = bx0 + (float)lay->box_width, by1 = by0 + (float)lay->box_height;
    for (size_t i = 0; i < lay->n_glyphs; i++) {
        const struct text_glyph *g = &lay->glyphs[i];
        const struct atlas_entry *e = atlas_get(te->atlas, g->font, g->glyph, g->size);
        if (!e || e->w <= 0)
            continue;
        if (g->glyph == 0)
            te->missing_drawn++;
        float dx = floorf(x + g->x + 0.5f) + e->left, dy = floorf(y + g->y + 0.5f) - e->top;
        int sx = e->x, sy = e->y, w = e->w, h = e->h;
        /* The layout keeps ink inside the box; clip anyway so nothing can ever leave it. */
        int cl = dx < bx0 ? (int)(bx0 - dx) : 0, ct = dy < by0 ? (int)(by0 - dy) : 0;
        int cr = dx + (float)w > bx1 ? (int)(dx + (float)w - bx1) : 0;
        int cb = dy + (float)h > by1 ? (int)(dy + (float)h - by1) : 0;
        if (cl | ct | cr | cb) {
            te->clipped++;
            if (cl + cr >= w || ct + cb >= h)
                continue;
            sx += cl, dx += (float)cl, w -= cl + cr;
            sy += ct, dy += (float)ct, h -= ct + cb;
        }
        if (n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *quads = xreallocarray(*quads, *cap, sizeof **quads);
        }
        (*quads)[n++] = (struct text_quad){e->page, (int16_t)sx, (int16_t)sy, (int16_t)w, (int16_t)h, dx, dy};
    }
    return n;
}

size_t text_atlas_page_count(const struct text_engine *te) { return atlas_page_count(te->atlas); }

const struct text_atlas_page *text_atlas_page(const struct text_engine *te, size_t i)
{
    return atlas_page(te->atlas, i);
}

void text_stats(const struct text_engine *te, struct text_stats *out)
{
    struct atlas_stats a;
    atlas_stats(te->atlas, &a);
    *out = (struct text_stats){.glyphs_cached = a.cached,
                               .glyph_misses = a.misses,
                               .glyphs_evicted = a.evicted,
                               .missing_drawn = te->missing_drawn,
                               .atlas_bytes = a.bytes,
                               .layouts_cached = te->cache_used,
                               .glyphs_rasterized = a.rasterized,
                               .glyphs_dropped = a.dropped,
                               .glyphs_clipped = te->clipped,
                               .fonts_opened = fontset_opened(te->fonts)};
}
