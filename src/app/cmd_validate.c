/* lobbysign validate: check playlist files and folders, report every problem, exit 0/1/2. */
#define LOG_TAG "validate"
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "slides/fitcheck.h"
#include "content/content.h"
#include "core/paths.h"
#include "store/import.h"
#include "store/minisig.h"

struct bundle_check {
    const char *keys, *store;
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign validate [--json] [--quiet] [--keys DIR] [--store DIR] [PATH...]\n"
            "\n"
            "Checks playlist files (format v1, docs/snapshot-format.md) and reports every problem as\n"
            "  FILE:LINE:COLUMN: JSON.PATH: 错误: 中文 / error: English\n"
            "errors first, then warnings; then one summary line per PATH.\n"
            "PATH is a playlist .json file or a folder of them (default: %s),\n"
            "or a bundle (.zip or .tar, docs/usb.md): then it is checked as a device would import it:\n"
            "its minisign signature FILE.minisig against the keys in --keys DIR (without keys the\n"
            "signature is not checked and the output says so), its entries, and its content.\n"
            "Entry names in findings are relative to the bundle.\n"
            "\n"
            "Options:\n"
            "  --json    print the findings as one JSON object per PATH on stdout, no summary\n"
            "  --quiet   print only errors and warnings, no summary line\n"
            "  --keys DIR   trusted minisign public keys (*.pub) for bundles\n"
            "  --store DIR  also refuse a bundle not newer than what this content store holds\n"
            "  -h, --help  this text\n"
            "\n"
            "Exit codes: 0 valid (warnings allowed), 1 invalid content, 2 usage or I/O error\n"
            "(e.g. PATH does not exist).\n",
            paths_default_content());
}

static bool is_bundle_name(const char *path)
{
    size_t n = strlen(path);
    return (n > 4 && (strcmp(path + n - 4, ".zip") == 0 || strcmp(path + n - 4, ".tar") == 0));
}

/* A bundle, checked as import would check it, installing nothing. */
static int validate_bundle(const char *path, const struct bundle_check *bc, bool json, bool quiet,
                           struct text_engine *te)
{
    struct content_opts copts = fitcheck_opts(te);
    struct import_opts o = {.store_dir = bc->store, .keys_dir = bc->keys, .content = &copts};
    struct minisig_pubkey *keys = NULL;
    size_t n_keys = minisig_load_keys(bc->keys, &keys);
    free(keys);
    o.allow_unsigned = n_keys == 0; /* a laptop without keys: check everything but the signature */
    struct import_result r;
    import_check(path, &o, &r);
    if (json) {
        char *j = import_receipt_json(&r, NULL);
        fputs(j, stdout);
        free(j);
    } else {
        findings_print(&r.findings, stdout);
        if (!quiet) {
            if (n_keys == 0)
                printf("%s: 签名未检查（没有 --keys 公钥）/ signature not checked (no keys in --keys)\n", path);
            else if (r.is_signed)
                printf("%s: 签名有效 / signature valid: key %s, timestamp %llu\n", path, r.key_id,
                       (unsigned long long)r.timestamp);
            printf("%s: %s%s / %s\n", path, r.outcome == IMPORT_INSTALLED ? "" : "不可导入：", r.reason_zh,
                   r.reason_en);
        }
    }
    int rc = import_outcome_exit(r.outcome);
    import_result_free(&r);
    return rc;
}

/* One PATH: a playlist file, a folder or a bundle. Returns the exit code for it. */
static int validate_path(const char *path, const struct bundle_check *bc, bool json, bool quiet,
                         struct text_engine *te)
{
    const char *why = cliopt_input(path);
    if (why) {
        fprintf(stderr, "lobbysign validate: %s: 无法读取：%s / cannot read: %s\n", path, why, why);
        return EXIT_USAGE;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && is_bundle_name(path))
        return validate_bundle(path, bc, json, quiet, te);
    struct findings f = {0};
    struct content_opts copts = fitcheck_opts(te);
    struct snapshot *snap = content_load(path, &copts, &f);
    if (json) {
        findings_print_json(&f, stdout);
    } else {
        findings_print(&f, stdout);
        if (!quiet)
            printf("%s: %zu 个播放列表, %zu 张幻灯片, %zu 个错误, %zu 个警告 / %zu playlist%s, %zu slide%s, "
                   "%zu error%s, %zu warning%s\n",
                   path, f.n_files, f.n_slides, f.n_errors, f.n_warnings, f.n_files, f.n_files == 1 ? "" : "s",
                   f.n_slides, f.n_slides == 1 ? "" : "s", f.n_errors, f.n_errors == 1 ? "" : "s", f.n_warnings,
                   f.n_warnings == 1 ? "" : "s");
    }
    int rc = snap ? EXIT_OK : EXIT_INVALID;
    snapshot_free(snap);
    findings_free(&f);
    return rc;
}

int cmd_validate(const struct config *cfg, int argc, char **argv)
{
    struct bundle_check bc = {.keys = cfg->paths.trusted_keys};
    bool json = false, quiet = false, opts_done = false;
    int n_paths = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || !a[1]) {
            argv[++n_paths] = argv[i]; /* compact the paths into argv[1..n_paths] */
        } else if (strcmp(a, "--") == 0) {
            opts_done = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = true;
        } else if (strcmp(a, "--keys") == 0 && i + 1 < argc) {
            bc.keys = argv[++i];
        } else if (strcmp(a, "--store") == 0 && i + 1 < argc) {
            bc.store = argv[++i];
        } else {
            fprintf(stderr, "lobbysign validate: unknown option '%s'\n\n", a);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    /* The fonts the player will use decide which characters would show as boxes. */
    struct text_engine *te = text_engine_new(cfg->paths.fonts);
    if (!te)
        fprintf(stderr, "lobbysign validate: 未找到字体，跳过字符检查 / no fonts found, character check skipped\n");
    int rc = EXIT_OK;
    if (n_paths == 0) {
        rc = validate_path(paths_default_content(), &bc, json, quiet, te);
    } else {
        for (int i = 1; i <= n_paths; i++) {
            int r = validate_path(argv[i], &bc, json, quiet, te);
            if (r > rc)
                rc = r;
        }
    }
    text_engine_free(te);
    return rc;
}
