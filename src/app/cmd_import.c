/* lobbysign import: take a signed bundle into the content store, exit 0 installed / 1 refused / 2 error. */
#define LOG_TAG "import"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "slides/fitcheck.h"
#include "app/process.h"
#include "store/import.h"
#include "store/store.h"

#include "core/util.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign import [OPTIONS] SRC\n"
            "\n"
            "Imports a signed content bundle into the device's content store (docs/usb.md).\n"
            "SRC is a bundle (lobbysign.zip or a .tar) with its signature FILE.minisig beside it, or a\n"
            "folder such as a mounted USB stick holding lobbysign.zip and lobbysign.zip.minisig.\n"
            "The bundle is copied and hashed, its minisign signature checked against the trusted keys,\n"
            "its signed timestamp checked against the installed one, unpacked under bounds, validated\n"
            "like 'lobbysign validate', and only then made current; anything else changes nothing.\n"
            "\n"
            "Options:\n"
            "  --store DIR       content store (default %s)\n"
            "  --keys DIR        trusted minisign public keys, *.pub (default %s)\n"
            "  --allow-older     install even if the bundle is not newer than the installed one\n"
            "  --allow-unsigned  with no trusted keys installed, import unsigned bundles (booth demo)\n"
            "  --keep N          version folders to keep, the current one included (default 2)\n"
            "  --receipt DIR     also write lobbysign-receipt.txt and .json into DIR\n"
            "  --json            print the result as JSON (the receipt's JSON) instead of text\n"
            "  -q, --quiet       no progress on stderr\n"
            "  -h, --help        this text\n"
            "\n"
            "Exit codes: 0 installed, 1 refused (the reason is printed), 2 usage or I/O error\n"
            "(including a source that vanished or changed while it was read).\n",
            IMPORT_DEFAULT_STORE, IMPORT_DEFAULT_KEYS);
}

struct progress_state {
    enum import_phase last;
    int last_pct;
};

static bool print_progress(void *ctx, enum import_phase phase, uint64_t done, uint64_t total)
{
    struct progress_state *ps = ctx;
    int pct = total ? (int)(done * 100 / total) : 0;
    if (phase != ps->last || pct / 10 != ps->last_pct / 10) {
        fprintf(stderr, "\r%-8s %3d%%", import_phase_name(phase), pct);
        if (phase == IMPORT_PHASE_DONE)
            fputc('\n', stderr);
        ps->last = phase;
        ps->last_pct = pct;
    }
    return true;
}

int cmd_import(const struct config *cfg, int argc, char **argv)
{
    struct import_opts o = {.store_dir = cfg->paths.store, .keys_dir = cfg->paths.trusted_keys,
                            .allow_unsigned = cfg->allow_unsigned};
    const char *src = NULL, *receipt = NULL;
    bool json = false, quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--store") == 0 && has_val) {
            o.store_dir = argv[++i];
        } else if (strcmp(a, "--keys") == 0 && has_val) {
            o.keys_dir = argv[++i];
        } else if (strcmp(a, "--receipt") == 0 && has_val) {
            receipt = argv[++i];
        } else if (strcmp(a, "--keep") == 0 && has_val) {
            o.keep = atoi(argv[++i]);
            if (o.keep < 1 || o.keep > 100) {
                fprintf(stderr, "lobbysign import: --keep wants 1..100\n");
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--allow-older") == 0) {
            o.allow_older = true;
        } else if (strcmp(a, "--allow-unsigned") == 0) {
            o.allow_unsigned = true;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = true;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "lobbysign import: unknown option or missing value '%s'\n\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (!src) {
            src = a;
        } else {
            fprintf(stderr, "lobbysign import: one SRC only\n\n");
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (!src) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *paths[] = {src, o.store_dir, o.keys_dir, receipt};
    for (size_t i = 0; i < ALEN(paths); i++) {
        const char *why = paths[i] ? cliopt_path(paths[i]) : NULL;
        if (why) {
            fprintf(stderr, "lobbysign import: '%s': %s\n", paths[i], why);
            return EXIT_USAGE;
        }
    }
    struct text_engine *te = text_engine_new(cfg->paths.fonts);
    struct content_opts copts = fitcheck_opts(te);
    o.content = &copts;
    struct progress_state ps = {.last = IMPORT_PHASE_DONE, .last_pct = -100};
    if (!quiet && isatty(2)) {
        o.progress = print_progress;
        o.progress_ctx = &ps;
    }
    /* This process starts using the store: tidy what a cut-off import left behind. */
    char *zh = NULL, *en = NULL;
    char *playing = store_recover(o.store_dir, &copts, &zh, &en);
    if (zh)
        fprintf(stderr, "lobbysign import: %s / %s\n", zh, en);
    free(playing);
    free(zh);
    free(en);
    struct import_result r;
    import_run(src, &o, &r);
    text_engine_free(te);
    if (json) {
        char *j = import_receipt_json(&r, NULL);
        fputs(j, stdout);
        free(j);
    } else {
        findings_print(&r.findings, stdout);
        if (r.outcome == IMPORT_INSTALLED)
            printf("%s / %s\n", r.reason_zh, r.reason_en);
        else
            printf("未更新：%s / not updated: %s\n", r.reason_zh, r.reason_en);
        if (r.is_signed)
            printf("签名密钥 / signer: %s, timestamp %llu\n", r.key_id, (unsigned long long)r.timestamp);
        else if (r.outcome == IMPORT_INSTALLED)
            printf("未签名内容 / unsigned content\n");
        printf("正在播放 / playing: %s\n", r.version ? r.version : "内置示例 / built-in sample");
    }
    int rc = import_outcome_exit(r.outcome);
    if (receipt && !import_write_receipt(receipt, &r, NULL)) {
        fprintf(stderr, "lobbysign import: %s: 回执未写入 / receipt not written\n", receipt);
        if (rc == EXIT_OK)
            rc = EXIT_USAGE;
    }
    import_result_free(&r);
    return rc;
}
