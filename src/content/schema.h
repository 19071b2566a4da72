/* schema: format v1 of a playlist file (docs/snapshot-format.md): checks a parsed document and
 * builds the playlist into the snapshot's arena. One loader per slide kind, driven by a table. */
#pragma once
#include <jansson.h>

#include "content/fields.h"

/* Checks root (the whole document) and fills pl; every problem is reported through ld. */
void schema_load_playlist(struct loader *ld, json_t *root, struct playlist *pl);
/* Every string and key in the document is within CONTENT_MAX_STRING_BYTES. */
void schema_check_strings(struct loader *ld, json_t *v);
