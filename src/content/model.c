/* model: the snapshot's name tables, default theme and lifetime (see model.h). */
#include "content/model.h"

#include <assert.h>
#include <stdlib.h>

#include "content/arena.h"
#include "content/snapshot_priv.h"

#include "core/util.h"


/* One row per enum slide_kind, in order; NULL-terminated for word lists. */
static const char *const kind_names[] = {
    [SLIDE_HEADLINE] = "headline", [SLIDE_HEADLINES] = "headlines", [SLIDE_KPI] = "kpi",
    [SLIDE_HOTLINE] = "hotline",   [SLIDE_IMAGE] = "image",         [SLIDE_KIND_COUNT] = NULL,
};
static_assert(ALEN(kind_names) == SLIDE_KIND_COUNT + 1, "a name for every slide kind");

const char *slide_kind_name(enum slide_kind kind)
{
    return (unsigned)kind < SLIDE_KIND_COUNT ? kind_names[kind] : "?";
}

const char *const *slide_kind_names(void) { return kind_names; }

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

void snapshot_free(struct snapshot *snap)
{
    if (!snap)
        return;
    struct snapshot_priv *p = (struct snapshot_priv *)snap;
    arena_free(p->arena);
    free(p);
}
