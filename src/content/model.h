/* model: the immutable in-memory snapshot of a content folder (format v1, docs/snapshot-format.md).
 * Built only by content_load(); every pointer inside is owned by the snapshot and valid until
 * snapshot_free(). Consumers receive `const struct snapshot *` and never modify it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define SNAPSHOT_FORMAT_VERSION 1

struct rgba {
    uint8_t r, g, b, a;
};

enum orientation { ORIENT_LANDSCAPE, ORIENT_PORTRAIT };

enum slide_kind { SLIDE_HEADLINE, SLIDE_HEADLINES, SLIDE_KPI, SLIDE_HOTLINE, SLIDE_IMAGE };
#define SLIDE_KIND_COUNT 5

enum image_fit { FIT_CONTAIN /* letterbox */, FIT_COVER /* fill and crop */ };

/* Font by role: a family name from fonts/fonts.json ("Noto Sans CJK SC") or NULL for the default. */
struct theme_fonts {
    const char *title, *body, *figure;
};

struct theme {
    struct rgba background;   /* slide background */
    struct rgba surface;      /* cards, panels */
    struct rgba text;         /* primary text */
    struct rgba muted;        /* dates, secondary text */
    struct rgba accent;       /* source tags, figures, rules */
    struct rgba banner_bg;    /* hotline banner strip */
    struct rgba banner_text;
    const char *logo;         /* absolute path of a validated PNG/JPEG asset, or NULL */
    struct theme_fonts fonts;
};

struct hotline_entry {
    const char *label;   /* 招商中心 */
    const char *number;  /* 400-162-2002 */
};

struct banner {
    const struct hotline_entry *entries;
    size_t n_entries;      /* >= 1 */
    const char *services;  /* 招商引资政策 · 工业用地招商 · ..., or NULL */
    const char *ticker;    /* scrolling text, or NULL */
    const char *qr;        /* QR payload (URL, phone), or NULL */
};

/* A window of local calendar days, inclusive. 0 = unbounded on that side. Dates are yyyymmdd. */
struct date_window {
    uint32_t from, until;
};

struct headline_item {
    const char *source;   /* 武汉招商 (shown as 【武汉招商】), or NULL */
    const char *title;
    const char *date;     /* "2020-01-07" as written, validated yyyy-mm-dd */
    const char *summary;  /* a few sentences, or NULL */
};

struct kpi_card {
    const char *label;       /* 地区生产总值增长 */
    double value;            /* 7.8 */
    int decimals;            /* digits after the point to show: 1 */
    const char *prefix;      /* 突破 / 约, shown before the figure, or NULL */
    const char *unit;        /* % 万标箱 亿元 个 公里, or NULL */
    const char *comparison;  /* 同比 +15%, or NULL */
};

struct slide {
    enum slide_kind kind;
    const char *id;          /* from the file, or "slides[N]" */
    uint32_t duration_ms;    /* > 0 */
    struct date_window window;
    const char *title;       /* headlines board / kpi / hotline heading, or NULL */
    /* headline: one item; headlines: n_items items shown per_page at a time */
    const struct headline_item *items;
    size_t n_items;
    unsigned per_page;
    /* kpi */
    const struct kpi_card *cards;
    size_t n_cards;          /* 1..6 */
    /* image */
    const char *image;       /* absolute path of a validated asset */
    enum image_fit fit;
    const char *caption;     /* or NULL */
};

/* Minutes since local midnight, [0, 1440]. A span with start > end wraps past midnight. */
struct day_span {
    uint8_t days;            /* bit 0 = Monday ... bit 6 = Sunday */
    uint16_t start_min, end_min;
};

struct playlist {
    const char *path;        /* the file it came from */
    const char *id;
    const char *title;
    const char *updated;     /* snapshot date "2025-07-09" (数据更新于), validated yyyy-mm-dd */
    enum orientation orientation;
    struct theme theme;
    struct banner banner;
    const struct slide *slides;
    size_t n_slides;         /* >= 1 */
    const struct day_span *dayparts;  /* when this playlist plays; none = any time */
    size_t n_dayparts;
    const struct day_span *screen_off; /* hours the screen is blanked */
    size_t n_screen_off;
};

struct snapshot {
    const char *root;        /* the content folder (or the single file's folder) */
    const struct playlist *playlists;  /* sorted by file name */
    size_t n_playlists;      /* >= 1 */
    uint64_t generation;     /* unique per load, for layout caches */
};

void snapshot_free(struct snapshot *snap);

const char *slide_kind_name(enum slide_kind kind);
/* Every kind's name in enum order, NULL-terminated (for word lists and suggestions). */
const char *const *slide_kind_names(void);

/* Items on one page of a `headlines` board (no per_page: one page of everything; at least 1). */
static inline size_t slide_per_page(const struct slide *s)
{
    return s->per_page ? s->per_page : s->n_items ? s->n_items : 1;
}
/* Pages of a slide: 1 except for a `headlines` board. The one page count the schedule (steps)
 * and the slides ("第 1/2 页") share. */
static inline size_t slide_page_count(const struct slide *s)
{
    if (s->kind != SLIDE_HEADLINES || s->n_items == 0)
        return 1;
    return (s->n_items + slide_per_page(s) - 1) / slide_per_page(s);
}
/* The colours a playlist gets for those its theme leaves out, and the fallback slide's look. */
const struct theme *theme_default(void);
