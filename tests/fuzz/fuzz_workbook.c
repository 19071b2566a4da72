/* libFuzzer target: any bytes as content.xlsx (zip + XML, then the sheets, then format v1). Must
 * never crash, leak or hang; every input either loads or yields at least one error, and every
 * finding names a sheet (or is a whole-file problem). Seeds: corpus/workbook/ (the template, a
 * libxlsxwriter workbook, a LibreOffice re-save). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "content/content_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    struct findings f = {0};
    struct snapshot *snap = content_load_workbook_buffer(data, size, "content.xlsx", TEST_SRCDIR "/playlists", NULL, &f);
    if (!snap && f.n_errors == 0)
        abort(); /* refused without saying why */
    if (snap && f.n_errors)
        abort(); /* a snapshot despite errors */
    for (size_t i = 0; i < f.n; i++)
        if (f.items[i].line != 0)
            abort(); /* a position in the generated JSON leaked out instead of a cell */
    if (sink) {
        findings_print(&f, sink);
        findings_print_json(&f, sink);
    }
    snapshot_free(snap);
    findings_free(&f);
    return 0;
}
