/* fonts: the font set from fonts.json. One FT_Face per file+index, opened lazily on first use;
 * pixel sizes through FT_New_Size (never a face per size); one size-independent HarfBuzz font per
 * face (scale = units per em). Roles map to a fallback chain of families. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#include "core/findings.h"

#define FONTS_MAX_CHAIN 8
#define FONTS_N_ROLES 3

struct fontset;

struct font_metrics {
    float ascent, descent;  /* em fractions (descent positive): OS/2 typo metrics, else hhea */
    int upem;
};

struct fontset_atlas_conf {
    int page_size, max_pages;  /* from "atlas" in fonts.json, 0 = not given */
};

/* Reads the config at path (NULL or unreadable: the built-in Debian defaults, with a warning).
 * Returns NULL, logging each path searched, when a role has no usable font at all. */
struct fontset *fontset_new(const char *path);
/* The same, and every problem found in the config (checked like a playlist: types, ranges,
 * unknown keys with a suggestion, file:line:col) is appended to out as well as logged. */
struct fontset *fontset_load(const char *path, struct findings *out);
#define FONTS_MAX_CONFIG_BYTES (1u << 20)
void fontset_free(struct fontset *fs);
void fontset_atlas_conf(const struct fontset *fs, struct fontset_atlas_conf *out);

size_t fontset_count(const struct fontset *fs);
/* Every family name in the config, NULL-terminated (owned by fs, valid until fontset_free). */
const char *const *fontset_families(struct fontset *fs);
/* Fills chain[] with font indices for (role, bold, optional family placed first); returns the count. */
size_t fontset_chain(struct fontset *fs, int role, bool bold, const char *family,
                     uint16_t chain[FONTS_MAX_CHAIN]);
/* Glyph id of cp in font i (0 = not covered or the font failed to open). */
uint32_t fontset_glyph(struct fontset *fs, uint16_t i, uint32_t cp);
/* The font's HarfBuzz font (scale = upem), or NULL if it cannot be opened. */
hb_font_t *fontset_hb(struct fontset *fs, uint16_t i);
bool fontset_metrics(struct fontset *fs, uint16_t i, struct font_metrics *out);
/* The FT_Face with an FT_Size of px pixels activated, or NULL. */
FT_Face fontset_face_at(struct fontset *fs, uint16_t i, int px);
/* Path and face index of font i, for messages and tests. */
const char *fontset_path(const struct fontset *fs, uint16_t i, int *index);
/* How many faces have been opened so far (lazy loading is observable). */
size_t fontset_opened(const struct fontset *fs);
/* Read system calls made on font files so far (a start-up figure tests and bench/ watch). */
uint64_t fontset_reads(const struct fontset *fs);
