/* contact: a contact sheet: thumbnails of rendered steps in a grid, each with a label. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include <SDL2/SDL.h>

#include "text/text.h"

struct contact_sheet;

struct contact_sheet *contact_new(const char *title);
/* A sheet that keeps at most max_thumbs thumbnails thumb_w pixels wide (landscape pictures;
 * portrait ones get 9/16 of it), so its memory is bounded whatever the content: further pictures
 * are counted and named in the title. */
struct contact_sheet *contact_new_bounded(const char *title, size_t max_thumbs, int thumb_w);
void contact_free(struct contact_sheet *cs);
/* Adds a thumbnail of pic (scaled down; pic stays the caller's) with a label such as "01 kpi". */
void contact_add(struct contact_sheet *cs, SDL_Surface *pic, const char *label);
/* Draws the sheet and writes it as PNG. */
bool contact_write(struct contact_sheet *cs, struct text_engine *te, const char *path);
