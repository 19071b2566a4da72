/* jsonpos: where values sit in JSON text (jansson reports positions only for syntax errors).
 * Positions are 1-based lines and 1-based columns counted in characters (as jansson does). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* One step of a JSON path: an object key, or (key == NULL) an array index. */
struct jpath_elem {
    const char *key;
    size_t index;
};

struct jpos {
    size_t offset;  /* byte offset of the value's (or key's) first character */
    int line, col;
};

/* Any text: true when brackets nest at most max_depth deep (strings are skipped). Otherwise
 * *at is the bracket that goes one level too deep. Iterative, O(len), no allocation. */
bool jsonpos_depth_ok(const char *text, size_t len, int max_depth, struct jpos *at);

/* Text that jansson accepted: the position of the value at path (n steps from the root), or of
 * its key when at_key and the last step is a key. False when the path is not in the text. */
bool jsonpos_find(const char *text, size_t len, const struct jpath_elem *path, size_t n, bool at_key,
                  struct jpos *out);

/* Line and column of a byte offset. */
void jsonpos_linecol(const char *text, size_t offset, struct jpos *out);
