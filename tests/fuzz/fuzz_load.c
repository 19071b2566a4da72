/* libFuzzer target: any bytes as a playlist file. Must never crash, leak or hang; every input
 * either loads or yields at least one error. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "content/content_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Pretends the fonts lack a few characters, so the warning path runs too. */
static bool fake_can_draw(void *ctx, uint32_t cp, enum text_role_hint role)
{
    (void)ctx;
    (void)role;
    return cp != 0x2603 && cp < 0x1F000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    struct content_opts opts = {.can_draw = fake_can_draw};
    struct findings f = {0};
    struct snapshot *snap =
        content_load_buffer((const char *)data, size, "fuzz.json", TEST_SRCDIR "/playlists", &opts, &f);
    if (!snap && f.n_errors == 0)
        abort(); /* refused without saying why */
    if (snap && f.n_errors)
        abort(); /* a snapshot despite errors */
    if (sink) {
        findings_print(&f, sink);
        findings_print_json(&f, sink);
    }
    snapshot_free(snap);
    findings_free(&f);
    return 0;
}
