/* fitcheck: lays every slide of a snapshot out at the screen size its playlist declares (1920x1080
 * landscape, 1080x1920 portrait) and reports, with file:line, content that would not show at a
 * readable size: a headline of a board, a KPI figure with its prefix and unit, a hotline number.
 * Readable is relative to the screen's unit u (min(w, h) / 100): titles 2.8u, body 2.2u, figures 4u. */
#pragma once
#include "content/content.h"
#include "text/text.h"

#define FIT_TITLE_UNITS 2.8f
#define FIT_BODY_UNITS 2.2f
#define FIT_FIGURE_UNITS 4.0f

/* Appends the problems to out: errors for a headline or figure that would not show, a warning for a
 * hotline that no strip or hotline slide shows. */
void fitcheck_snapshot(struct text_engine *te, const struct snapshot *snap, struct findings *out);

/* The one verdict on content: options for content_load that ask te (borrowed) whether its fonts
 * draw each character and know each family, and run the fit check last. Every path that loads
 * content (validate, bundle, import, the store's recovery, the intake, render, play) uses them.
 * te NULL: no font or fit check. */
struct content_opts fitcheck_opts(struct text_engine *te);
