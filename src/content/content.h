/* content: loads and validates playlist snapshots (format v1) from a file or a folder of *.json.
 * Every problem found is reported (not only the first) as a finding with file, line, column,
 * JSON path and a Chinese + English message. A snapshot is returned only when there are no
 * errors (warnings allowed); the loader never hands out a half-built snapshot. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "content/model.h"
#include "core/findings.h"
#include "core/jcheck.h"

enum text_role_hint { CONTENT_ROLE_TITLE, CONTENT_ROLE_BODY, CONTENT_ROLE_FIGURE };

struct content_opts {
    /* Optional: true when the configured fonts can draw codepoint cp for the role. Used to warn
     * about characters that would show as boxes; NULL skips that check. */
    bool (*can_draw)(void *ctx, uint32_t cp, enum text_role_hint role);
    void *can_draw_ctx;
    /* Optional: the font family names fonts.json defines, NULL-terminated. theme.fonts must name
     * one of them (an error with a suggestion otherwise); NULL skips that check. */
    const char *const *families;
    /* Optional: the last check, run on a snapshot that loaded without errors (slides/fitcheck.h
     * fills it: what would not show at the declared screen size). Errors it appends to out make
     * content_load refuse the snapshot, so every path that loads content gives one verdict. */
    void (*check)(void *ctx, const struct snapshot *snap, struct findings *out);
    void *check_ctx;
};

/* Bounds. Exceeding any is an error, never a silent truncation. */
#define CONTENT_MAX_FILE_BYTES (4u << 20)      /* one playlist file */
#define CONTENT_MAX_DEPTH 32                   /* JSON nesting */
#define CONTENT_MAX_STRING_BYTES 8192          /* one string value */
#define CONTENT_MAX_SLIDES 500
#define CONTENT_MAX_ITEMS 200                  /* headlines on one board */
#define CONTENT_MAX_CARDS 6
#define CONTENT_MAX_PLAYLISTS 64
#define CONTENT_MAX_IMAGE_BYTES (32u << 20)
#define CONTENT_MAX_IMAGE_SIDE 8192            /* pixels */
#define CONTENT_MAX_NAME_DEPTH 16              /* folders below the content folder whose names are checked */

/* Loads `path` (a playlist .json file or a folder of them; in a folder every file name, at any
 * depth, must pass content_name_ok, as bundles require). Findings are appended to `out`.
 * Returns NULL when any error was found, opts->check's included. */
struct snapshot *content_load(const char *path, const struct content_opts *opts, struct findings *out);

/* True if name is a relative path of components in valid UTF-8 printable characters (Chinese
 * included; no control characters, '\\' or :*?"<>|, no "", ".", "..", no leading/trailing space):
 * the names a bundle may hold, so the names a content folder may hold. */
bool content_name_ok(const char *name);

/* True if s is well-formed UTF-8 (the test a zip entry's name bytes pass to be read as UTF-8). */
bool content_utf8_ok(const char *s);

/* Checks obj[key] (optional) as a list of day spans written as a playlist's schedule writes them
 * ({"days": "daily", "start": "22:30", "end": "07:00"}), reporting through jc; *out (malloc'd,
 * the caller frees; NULL when none) gets the valid ones. False when any was wrong. */
bool content_check_hours(struct jcheck *jc, json_t *obj, const char *key, struct day_span **out, size_t *n_out);
