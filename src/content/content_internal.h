/* content_internal: entry points for tests and fuzzing, not for the player. */
#pragma once
#include "content/content.h"

/* Loads one playlist from memory, as if it were the file `name` in folder base_dir (assets are
 * looked up there; NULL = every asset is missing). Same findings and result as content_load. */
struct snapshot *content_load_buffer(const char *text, size_t len, const char *name, const char *base_dir,
                                     const struct content_opts *opts, struct findings *out);
/* Loads a workbook (content.xlsx, docs/workbook.md) from memory, as if it were the file `name`
 * in folder base_dir. Same findings and result as content_load of that file. */
struct snapshot *content_load_workbook_buffer(const void *data, size_t len, const char *name, const char *base_dir,
                                              const struct content_opts *opts, struct findings *out);
