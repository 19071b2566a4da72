/* libFuzzer target: any bytes as a signed-off bundle archive, and as minisign texts. The archive
 * is written to a temporary file and unpacked with small bounds; it must never crash, leak, hang
 * or write outside its folder, and a refusal always says why. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/xalloc.h"
#include "store/bundle.h"
#include "store/minisig.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void texts(const uint8_t *data, size_t size)
{
    const char *why = NULL;
    struct minisig_sig sig;
    if (minisig_sig_parse((const char *)data, size, &sig, &why)) {
        uint64_t ts;
        minisig_comment_timestamp(sig.trusted_comment, &ts);
        minisig_sig_clear(&sig);
    }
    struct minisig_pubkey pk;
    minisig_pubkey_parse((const char *)data, size, &pk, &why);
    struct minisig_seckey sk;
    minisig_seckey_parse((const char *)data, size, NULL, &sk, &why); /* no password: no scrypt */
}

static char *root;

static void cleanup(void)
{
    store_remove_tree(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    texts(data, size);
    if (!root) {
        const char *t = getenv("TMPDIR");
        root = xasprintf("%s/lobbysign-fuzz-bundle-%ld", t && *t ? t : "/tmp", (long)getpid());
        fs_mkdirs(root);
        atexit(cleanup);
    }
    char *arch = fs_join(root, "a"), *dest = fs_join(root, "x");
    store_remove_tree(dest);
    fs_mkdirs(dest);
    FILE *f = fopen(arch, "wb");
    if (f) {
        fwrite(data, 1, size, f);
        fclose(f);
    }
    struct bundle_limits l;
    bundle_limits_default(&l);
    l.max_entries = 64;
    l.max_file = 1 << 20;
    l.max_total = 4 << 20;
    struct bundle_extract_opts o = {.limits = &l};
    struct findings fs = {0};
    char *r = NULL;
    enum bundle_status st = bundle_extract(arch, dest, &o, &fs, &r);
    if (st == BUNDLE_REFUSED && fs.n_errors == 0)
        abort(); /* refused without saying why */
    if (st == BUNDLE_OK && (!r || strncmp(r, dest, strlen(dest)) != 0))
        abort(); /* the content root must lie inside dest */
    free(r);
    findings_free(&fs);
    store_remove_tree(dest);
    unlink(arch);
    free(arch);
    free(dest);
    return 0;
}
