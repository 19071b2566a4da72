/* bench_import: import of a 50 MB stored-zip bundle into a fresh content store against `cp` of the
 * same file plus `sync`, in one run, alternating, median of 3 each. Prints "key value" lines.
 * Usage: bench_import [WORKDIR] (default: a folder under $TMPDIR or /tmp; must be on the disk
 * the store would be on for the ratio to mean anything). */
#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/xalloc.h"
#include "store/import.h"
#include "store/minisig.h"

#define MB (1u << 20)
#define N_ASSETS 10 /* 10 x 5 MB of incompressible bytes, plus the sample playlists */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Wall time at which each phase was first reported, for the breakdown. */
static double phase_t[IMPORT_PHASE_COUNT];
static bool note_phase(void *ctx, enum import_phase ph, uint64_t done, uint64_t total)
{
    if (!phase_t[ph])
        phase_t[ph] = now_ms();
    return true;
}

static void add(struct archive *a, const char *name, const void *data, size_t len)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)len);
    archive_write_header(a, e);
    archive_write_data(a, data, len);
    archive_entry_free(e);
}

static bool run(const char *cmd)
{
    int rc = system(cmd);
    if (rc != 0)
        fprintf(stderr, "bench_import: '%s' failed (%d)\n", cmd, rc);
    return rc == 0;
}

int main(int argc, char **argv)
{
    const char *tmp = getenv("TMPDIR");
    char *work = argc > 1 ? xstrdup(argv[1]) : xasprintf("%s/lobbysign-bench-import-XXXXXX", tmp ? tmp : "/tmp");
    if (argc <= 1 && !mkdtemp(work)) {
        perror("mkdtemp");
        return 2;
    }
    if (sodium_init() < 0)
        return 2;
    char *stick = fs_join(work, "stick"), *keys = fs_join(work, "keys");
    fs_mkdirs(stick);
    fs_mkdirs(keys);
    char *zip = fs_join(stick, "lobbysign.zip");

    /* the bundle: the sample playlists and 50 MB of assets, stored (no deflate) */
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_set_options(a, "zip:compression=store");
    archive_write_open_filename(a, zip);
    const char *names[] = {"lobby.json", "lobby-portrait.json", "assets/logo.png", "assets/port.png"};
    for (size_t i = 0; i < 4; i++) {
        char *p = xasprintf("%s/playlists/%s", LOBBYSIGN_SRCDIR, names[i]), *data;
        size_t len;
        if (fs_read_file(p, 64 * MB, false, &data, &len) != FS_OK) {
            fprintf(stderr, "bench_import: cannot read %s\n", p);
            return 2;
        }
        add(a, names[i], data, len);
        free(data);
        free(p);
    }
    unsigned char *blob = xmalloc(5 * MB);
    for (int i = 0; i < N_ASSETS; i++) {
        randombytes_buf(blob, 5 * MB);
        char name[64];
        snprintf(name, sizeof name, "assets/video-%02d.bin", i);
        add(a, name, blob, 5 * MB);
    }
    free(blob);
    archive_write_close(a);
    archive_write_free(a);

    /* sign it with a fresh key; trust that key */
    struct minisig_seckey sk;
    struct minisig_pubkey pk;
    randombytes_buf(sk.key_id, 8);
    memcpy(pk.key_id, sk.key_id, 8);
    crypto_sign_keypair(pk.pk, sk.sk);
    uint8_t raw[42] = {'E', 'd'};
    memcpy(raw + 2, pk.key_id, 8);
    memcpy(raw + 10, pk.pk, 32);
    char b64[80];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    char *pub = xasprintf("untrusted comment: bench key\n%s\n", b64), *pubp = fs_join(keys, "bench.pub");
    fs_write_atomic(pubp, pub, strlen(pub));
    FILE *f = fopen(zip, "rb");
    struct minisig_hasher h;
    minisig_hash_init(&h);
    static char buf[1 << 16];
    size_t n;
    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
        minisig_hash_update(&h, buf, n);
    if (f)
        fclose(f);
    uint8_t hash[64];
    minisig_hash_final(&h, hash);
    char *sig = minisig_sign(&sk, hash, "timestamp:1\tfile:lobbysign.zip\thashed");
    char *sigp = xasprintf("%s.minisig", zip);
    fs_write_atomic(sigp, sig, strlen(sig));
    run("sync");

    double imp[3], cp[3];
    char *cmd;
    for (int i = 0; i < 3; i++) {
        char *store = xasprintf("%s/store%d", work, i), *dst = xasprintf("%s/cp%d", work, i);
        struct import_opts o = {.store_dir = store, .keys_dir = keys, .progress = note_phase};
        memset(phase_t, 0, sizeof phase_t);
        struct import_result r;
        run("sync");
        double t0 = now_ms();
        import_run(stick, &o, &r);
        double t1 = now_ms();
        if (r.outcome != IMPORT_INSTALLED) {
            fprintf(stderr, "bench_import: import failed: %s\n", r.reason_en);
            return 1;
        }
        import_result_free(&r);
        imp[i] = t1 - t0;
        fprintf(stderr, "import %d: %.0f ms: copy+hash %.0f, verify %.0f, extract %.0f, validate %.0f, install %.0f\n",
                i, imp[i], phase_t[IMPORT_PHASE_VERIFY] - t0, phase_t[IMPORT_PHASE_EXTRACT] - phase_t[IMPORT_PHASE_VERIFY],
                phase_t[IMPORT_PHASE_VALIDATE] - phase_t[IMPORT_PHASE_EXTRACT],
                phase_t[IMPORT_PHASE_INSTALL] - phase_t[IMPORT_PHASE_VALIDATE], t1 - phase_t[IMPORT_PHASE_INSTALL]);
        run("sync");
        cmd = xasprintf("cp %s %s && sync", zip, dst);
        t0 = now_ms();
        run(cmd);
        cp[i] = now_ms() - t0;
        free(cmd);
        free(store);
        free(dst);
    }
    qsort(imp, 3, sizeof *imp, cmp_double);
    qsort(cp, 3, sizeof *cp, cmp_double);
    struct stat_sz {
        long long bytes;
    } sz = {0};
    f = fopen(zip, "rb");
    if (f) {
        fseek(f, 0, SEEK_END);
        sz.bytes = ftell(f);
        fclose(f);
    }
    printf("import_bundle_mb %.1f\n", (double)sz.bytes / MB);
    printf("import_50mb_ms %.1f\n", imp[1]);
    printf("cp_sync_50mb_ms %.1f\n", cp[1]);
    printf("ratio_import_cp %.2f\n", imp[1] / cp[1]);
    cmd = xasprintf("rm -rf %s", work);
    if (argc <= 1)
        run(cmd);
    free(cmd);
    free(work);
    free(stick);
    free(keys);
    free(zip);
    free(pub);
    free(pubp);
    free(sig);
    free(sigp);
    return 0;
}
