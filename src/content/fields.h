/* fields: the loader's state for one content folder and the playlist-specific typed members on top
 * of core/jcheck: text (glyph check, copied into the snapshot's arena), dates, colours, assets. */
#pragma once
#include <jansson.h>
#include <stdbool.h>

#include "content/arena.h"
#include "content/content.h"
#include "core/jcheck.h"

struct loader {
    struct jcheck jc;             /* the file being read: reporter, path, text */
    const struct content_opts *opts;
    struct arena *arena;          /* the snapshot's */
    struct playlist *playlists;   /* built so far (arena) */
    size_t n_playlists;
    int dirfd;                    /* the playlist's folder, -1 = every asset is missing */
    const char *dir_abs;
};

#define ERR(ld, where, ...) JC_ERR(&(ld)->jc, (where), __VA_ARGS__)
#define WARN(ld, where, ...) JC_WARN(&(ld)->jc, (where), __VA_ARGS__)
#define ZH_EN JC_ZH_EN
#define AT_VALUE JC_AT_VALUE
#define AT_KEY JC_AT_KEY
#define AT_PARENT JC_AT_PARENT

static inline void push_key(struct loader *ld, const char *key) { jcheck_push_key(&ld->jc, key); }
static inline void push_index(struct loader *ld, size_t i) { jcheck_push_index(&ld->jc, i); }
static inline void pop(struct loader *ld) { jcheck_pop(&ld->jc); }

enum str_rule { STR_TEXT, STR_SHORT };
#define MAX_SHORT_STRING 64   /* ids, units, prefixes, numbers, font names */
#define FIELD_NOT_TEXT (-1)   /* a string never drawn as text: no glyph check */

/* A string member (role: enum text_role_hint, or FIELD_NOT_TEXT), copied into the arena. */
const char *field_str(struct loader *ld, json_t *obj, const char *key, bool required, enum str_rule rule, int role);
/* A yyyy-mm-dd date; *ymd (optional) gets 20250709. */
const char *field_date(struct loader *ld, json_t *obj, const char *key, bool required, uint32_t *ymd);
/* An optional colour; *out is left alone when missing or wrong. */
void field_color(struct loader *ld, json_t *obj, const char *key, struct rgba *out);
/* The asset named by obj[key]: its absolute path (arena), or NULL (reported). */
const char *field_asset(struct loader *ld, json_t *obj, const char *key, bool required);
/* Digits after the decimal point as written in the number at the current path. */
int field_literal_decimals(struct loader *ld);
