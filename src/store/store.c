/* store: placeholder for the content store (see store.h). */
#include "store/store.h"

#include "content/content.h"

const char *store_describe(void) { return "store: empty (no content store in this build)"; }
