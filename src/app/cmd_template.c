/* lobbysign template: writes the operator's workbook (content.xlsx, docs/workbook.md) filled in
 * with the sample playlists (or any CONTENT), ready to be edited in Excel, WPS or LibreOffice. */
#define LOG_TAG "template"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "content/content.h"
#include "content/wbwrite.h"
#include "core/fsutil.h"
#include "core/paths.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign template [--out FILE] [CONTENT]\n"
            "\n"
            "Writes a filled-in content workbook (default FILE: content.xlsx in the current folder)\n"
            "made from CONTENT (a playlist .json file or a folder; default: %s).\n"
            "Edit it in Excel, WPS or LibreOffice, keep the name content.xlsx, put it in the content\n"
            "folder beside assets/ and check it with 'lobbysign validate FOLDER'. Its 说明 sheet and\n"
            "docs/workbook.md explain every sheet and column.\n"
            "\n"
            "Options:\n"
            "  -o, --out FILE  where to write the workbook (replaced if it exists)\n"
            "  -h, --help      this text\n"
            "\n"
            "Exit codes: 0 written, 1 CONTENT invalid or not expressible as a workbook, 2 usage or I/O error.\n",
            paths_default_content());
}

int cmd_template(const struct config *cfg, int argc, char **argv)
{
    (void)cfg; /* the content is given or the samples; nothing configured applies */
    static const struct option opts[] = {{"out", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'}, {0}};
    const char *out = "content.xlsx";
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1;) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *content = optind < argc ? argv[optind] : paths_default_content();
    const char *why = cliopt_path(out);
    if (!why)
        why = cliopt_input(content);
    if (why) {
        fprintf(stderr, "lobbysign template: %s\n", why);
        return EXIT_USAGE;
    }
    struct findings f = {0};
    struct snapshot *snap = content_load(content, NULL, &f);
    if (!snap) {
        findings_print(&f, stderr);
        fprintf(stderr, "lobbysign template: %s: 内容无效 / content invalid\n", content);
        findings_free(&f);
        return EXIT_INVALID;
    }
    findings_free(&f);
    char *data = NULL, zh[512], en[512];
    size_t len = 0;
    int rc = EXIT_OK;
    if (!wbwrite_workbook(snap, &data, &len, zh, en, sizeof zh)) {
        fprintf(stderr, "lobbysign template: %s: %s / %s\n", content, zh, en);
        rc = EXIT_INVALID;
    } else if (!fs_write_atomic(out, data, len)) {
        fprintf(stderr, "lobbysign template: %s: 无法写入 / cannot write\n", out);
        rc = EXIT_USAGE;
    } else {
        printf("lobbysign template: %s 已写入 / written (%zu bytes)\n", out, len);
    }
    free(data);
    snapshot_free(snap);
    return rc;
}
