/* contact: a contact sheet: thumbnails of rendered steps in a grid, each with a label. */
#pragma once
#include <stdbool.h>

#include <SDL2/SDL.h>

#include "render/render.h"
#include "text/text.h"

struct contact_sheet;

/* Sheets are composed as the thumbnails come: every CONTACT_PER_SHEET thumbnails one sheet is
 * written (path, then path-2.png, path-3.png ...) and its thumbnails freed, so memory stays that of
 * one sheet however many steps there are (2,000 steps: 167 sheets of 12 at 1080p, not 5.7 GB). */
#define CONTACT_PER_SHEET 24

/* Pictures are pic_w x pic_h; r (borrowed, may be NULL) is their render, on which each sheet is
 * drawn when it fits (no second surface); with a rotated output pass NULL. */
struct contact_sheet *contact_new(const char *title, struct text_engine *te, const char *path, struct render *r,
                                  int pic_w, int pic_h);
/* One sheet that keeps at most max_thumbs thumbnails thumb_w pixels wide (landscape pictures;
 * portrait ones get 9/16 of it), so its memory is bounded whatever the content: further pictures
 * are counted and named in the title. Written with contact_write (the USB receipt's preview). */
struct contact_sheet *contact_new_bounded(const char *title, size_t max_thumbs, int thumb_w);
void contact_free(struct contact_sheet *cs);
/* Adds a thumbnail of pic (scaled down; pic stays the caller's) with a label such as "01 kpi";
 * writes the sheet when it is full. */
void contact_add(struct contact_sheet *cs, SDL_Surface *pic, const char *label);
/* Writes the last sheet; false when any sheet could not be written (or nothing was added). */
bool contact_finish(struct contact_sheet *cs);
/* A bounded sheet: draws it and writes it as PNG at path. */
bool contact_write(struct contact_sheet *cs, struct text_engine *te, const char *path);
