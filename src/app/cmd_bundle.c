/* lobbysign bundle: validate a content folder, write a deterministic zip and, with --sign, a
 * minisign-compatible signature from a minisign secret key (with or without a password). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "app/password.h"
#include "slides/fitcheck.h"
#include "content/content.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "store/bundle.h"
#include "store/minisig.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign bundle DIR -o FILE.zip [--sign SECRETKEY] [--timestamp N]\n"
            "\n"
            "Validates the content folder DIR (as 'lobbysign validate' does), then writes its files to\n"
            "FILE.zip: sorted, deflated, with fixed times and modes, so the same folder always gives the\n"
            "same bytes. Hidden files (names starting with '.') are left out, and so are FILE.zip and\n"
            "its .minisig and any lobbysign.zip/.tar(.minisig) at the top of DIR (a note says so), so\n"
            "'bundle DIR -o DIR/lobbysign.zip' can run again; names are stored as UTF-8 (Chinese names\n"
            "work) and may not hold control characters, '\\' or :*?\"<>|.\n"
            "With --sign, also writes FILE.zip.minisig with the minisign secret key SECRETKEY (made by\n"
            "'minisign -G'; 'minisign -Vm FILE.zip -p KEY.pub' accepts it). A password-protected key\n"
            "asks for its password on the terminal, or reads one line from standard input.\n"
            "\n"
            "  -o FILE.zip       output archive (required)\n"
            "  --sign KEY        minisign secret key file\n"
            "  --timestamp N     the signed timestamp (default: now, in seconds, 1 to 2^63-1); the\n"
            "                    device installs only bundles newer than the one it has, and refuses\n"
            "                    one dated more than 2 days after its own synchronised clock\n"
            "\n"
            "Exit codes: 0 written, 1 content invalid, 2 usage or I/O error (also a wrong password).\n");
}

/* Reads (and decrypts) the secret key before anything is written: a wrong password leaves no zip. */
static int load_key(const char *keyfile, struct minisig_seckey *sk)
{
    char *text;
    size_t len;
    enum fs_status st = fs_read_file(keyfile, 4096, false, &text, &len);
    if (st != FS_OK) {
        fprintf(stderr, "lobbysign bundle: %s: 无法读取密钥 / cannot read the key: %s\n", keyfile, fs_status_str(st));
        return EXIT_USAGE;
    }
    char *pw = NULL;
    if (minisig_seckey_encrypted(text, len) && !(pw = password_read("Password: "))) {
        fprintf(stderr, "lobbysign bundle: 需要密码 / a password is needed\n");
        free(text);
        return EXIT_USAGE;
    }
    const char *why = NULL;
    bool ok = minisig_seckey_parse(text, len, pw, sk, &why);
    free(text);
    if (pw) {
        memset(pw, 0, strlen(pw));
        free(pw);
    }
    if (!ok) {
        fprintf(stderr, "lobbysign bundle: %s: 密钥无法使用 / unusable key: %s\n", keyfile, why);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int sign(const char *zip, struct minisig_seckey *sk, uint64_t ts)
{
    bool ok;
    /* hash the archive as written */
    FILE *f = fopen(zip, "rb");
    if (!f) {
        fprintf(stderr, "lobbysign bundle: %s: %s\n", zip, strerror(errno));
        return EXIT_USAGE;
    }
    struct minisig_hasher h;
    minisig_hash_init(&h);
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        minisig_hash_update(&h, buf, n);
    bool rerr = ferror(f);
    fclose(f);
    if (rerr) {
        fprintf(stderr, "lobbysign bundle: %s: read error\n", zip);
        return EXIT_USAGE;
    }
    uint8_t hash[MINISIG_HASH_BYTES];
    minisig_hash_final(&h, hash);
    const char *base = strrchr(zip, '/');
    char *tc = xasprintf("timestamp:%llu\tfile:%s\thashed", (unsigned long long)ts, base ? base + 1 : zip);
    char *sig = minisig_sign(sk, hash, tc);
    char *sigpath = xasprintf("%s.minisig", zip);
    ok = sig && fs_write_atomic(sigpath, sig, strlen(sig));
    if (!ok)
        fprintf(stderr, "lobbysign bundle: %s: %s\n", sigpath, strerror(errno));
    else
        printf("%s: 已签名 / signed (%s)\n", sigpath, tc);
    free(tc);
    free(sig);
    free(sigpath);
    return ok ? EXIT_OK : EXIT_USAGE;
}

int cmd_bundle(const struct config *cfg, int argc, char **argv)
{
    const char *dir = NULL, *outp = NULL, *key = NULL;
    uint64_t ts = (uint64_t)time(NULL);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0) && has_val) {
            outp = argv[++i];
        } else if (strcmp(a, "--sign") == 0 && has_val) {
            key = argv[++i];
        } else if (strcmp(a, "--timestamp") == 0 && has_val) {
            char *end;
            errno = 0;
            const char *arg = argv[++i];
            unsigned long long v = strtoull(arg, &end, 10);
            if (errno || *end || arg[0] < '0' || arg[0] > '9' || !minisig_timestamp_ok(v)) {
                fprintf(stderr, "lobbysign bundle: --timestamp 应为 1 到 %lld 之间的秒数 / wants seconds from 1 to "
                                "%lld: '%s'\n",
                        (long long)INT64_MAX, (long long)INT64_MAX, arg);
                return EXIT_USAGE;
            }
            ts = v;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "lobbysign bundle: unknown option or missing value '%s'\n\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (!dir) {
            dir = a;
        } else {
            fprintf(stderr, "lobbysign bundle: one DIR only\n\n");
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (!dir || !outp) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *why = cliopt_input(dir);
    if (!why)
        why = cliopt_path(outp);
    if (!why && key)
        why = cliopt_input(key);
    if (why) {
        fprintf(stderr, "lobbysign bundle: %s\n", why);
        return EXIT_USAGE;
    }
    if (!fs_is_dir(dir)) {
        fprintf(stderr, "lobbysign bundle: %s: 不是文件夹 / not a folder\n", dir);
        return EXIT_USAGE;
    }
    struct minisig_seckey sk;
    if (key && load_key(key, &sk) != EXIT_OK)
        return EXIT_USAGE;
    struct text_engine *te = text_engine_new(cfg->paths.fonts);
    struct content_opts copts = fitcheck_opts(te);
    struct findings f = {0};
    struct snapshot *snap = content_load(dir, &copts, &f);
    text_engine_free(te);
    findings_print(&f, stdout);
    if (!snap) {
        printf("%s: 内容有误，未打包 / content invalid, no bundle written\n", dir);
        findings_free(&f);
        memset(&sk, 0, sizeof sk);
        return EXIT_INVALID;
    }
    snapshot_free(snap);
    findings_free(&f);
    struct findings wf = {0};
    bool ok = bundle_write_zip(dir, outp, &wf);
    findings_print(&wf, stderr);
    bool names_bad = false;
    for (size_t i = 0; i < wf.n; i++)
        names_bad = names_bad || strstr(wf.items[i].msg_en, "file names") || strstr(wf.items[i].msg_en, "only regular");
    findings_free(&wf);
    if (!ok)
        return names_bad ? EXIT_INVALID : EXIT_USAGE;
    printf("%s: 已写入 / written\n", outp);
    int rc = key ? sign(outp, &sk, ts) : EXIT_OK;
    memset(&sk, 0, sizeof sk);
    return rc;
}
