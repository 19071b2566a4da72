/* libFuzzer target: text_layout + text_quads on arbitrary bytes. The first byte picks the box and
 * style, the rest is the text. Every glyph quad must lie inside the box. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct text_engine *te;
    if (!te) {
        te = text_engine_new(NULL);
        if (!te)
            abort();
        text_atlas_configure(te, 256, 2); /* tiny atlas: exercise eviction */
    }
    if (size < 1 || size > 4096)
        return 0;
    uint8_t k = data[0];
    char *text = xstrndup((const char *)data + 1, size - 1);
    struct text_style st = {
        .role = (enum text_role)(k % 3),
        .bold = k & 8,
        .size = 12 + (k >> 4) * 6,
        .min_size = 10,
        .max_lines = (k >> 2) & 3,
        .align = (enum text_align)((k >> 5) & 3),
    };
    int w = 40 + (k & 7) * 90, h = 30 + ((k >> 3) & 7) * 60;
    text_frame_begin(te);
    const struct text_layout *lay = text_layout(te, text, &st, w, h);
    struct text_quad *quads = NULL;
    size_t cap = 0, n = text_quads(te, lay, 0, 0, &quads, 0, &cap);
    for (size_t i = 0; i < n; i++)
        if (quads[i].dst_x < -1 || quads[i].dst_y < -1 || quads[i].dst_x + quads[i].w > w + 1 ||
            quads[i].dst_y + quads[i].h > h + 1)
            abort(); /* text left its box */
    (void)text_measure(te, text, &st);
    free(quads);
    free(text);
    text_cache_clear(te);
    return 0;
}
