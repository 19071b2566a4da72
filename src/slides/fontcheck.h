/* fontcheck: connects the content validator's "can the fonts draw this character" question to
 * the text engine, so characters that would show as boxes become warnings. */
#pragma once
#include "content/content.h"
#include "text/text.h"

/* Options for content_load that ask te (borrowed; may be NULL = no font check). */
struct content_opts fontcheck_opts(struct text_engine *te);
/* content_load with the font check, then the fit check (slides/fitcheck.h) at the declared screen
 * sizes; the findings go to f. NULL when CONTENT is invalid. */
struct snapshot *fontcheck_check(struct text_engine *te, const char *content, struct findings *f);
/* fontcheck_check, printing the findings to stderr. */
struct snapshot *fontcheck_load(struct text_engine *te, const char *content);
