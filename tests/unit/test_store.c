/* store: the layer builds and links with content and core only (no render, no SDL). */
#include "check.h"

#include <string.h>

#include "store/store.h"

int main(void)
{
    CHECK(store_describe() && strstr(store_describe(), "store") != NULL, "store_describe names the layer");
    CHECK(STORE_FORMAT == 0, "an empty store has format 0");
    return check_done();
}
