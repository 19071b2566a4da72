/* mistakes: checks for content that is valid but shows something the operator did not mean (the
 * four that reached screens in issue 16), and the ticker's placeholders. Each is a warning at the
 * value, in Chinese and English; the tag case is also repaired so the screen shows it once. */
#pragma once
#include <jansson.h>

#include "content/fields.h"

/* A title that already starts with the item's tag (【武汉招商】… or 武汉招商：…): warned at
 * path.title, and *title (arena) moved past the tag so 【武汉招商】 is not shown twice. */
void mistakes_title_tag(struct loader *ld, const char *source, const char **title);

/* banner.ticker / banner.services with {hotline} (the first hotline's number) and {updated} (the
 * playlist's date) expanded; an unknown {word} is a warning with a suggestion. Returns the text
 * to keep (arena; s itself when nothing changed). The path is at the member. */
const char *mistakes_expand(struct loader *ld, const char *s, const struct banner *b, const char *updated);

/* The banner after loading: a tel: QR code that dials no hotline, a phone-like number in the
 * ticker that is no hotline (warnings at banner.qr / banner.ticker; the path is at banner). */
void mistakes_banner(struct loader *ld, const struct banner *b);

/* After every playlist of a folder is loaded: playlists whose hotline numbers differ (a warning
 * on each playlist that differs from the first). */
void mistakes_across(struct loader *ld);
