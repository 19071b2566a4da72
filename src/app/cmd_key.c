/* lobbysign key new: a minisign-compatible key pair for signing bundles (password-protected by
 * default); the .pub file is what the installer puts on the screens. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "app/password.h"
#include "core/fsutil.h"
#include "core/platform.h"
#include "core/xalloc.h"
#include "store/minisig.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign key new [-s SECRETKEY] [-p PUBLICKEY] [--no-password] [-f]\n"
            "\n"
            "Makes a minisign-compatible key pair for 'lobbysign bundle --sign' (the same files as\n"
            "'minisign -G': minisign signs with the secret key, 'minisign -V' checks with the public key).\n"
            "The secret key is protected by a password, asked twice on the terminal, or read as one line\n"
            "from standard input. Give the PUBLICKEY file (.pub) to the installer: the screens trust it.\n"
            "Keep the secret key and its password to yourself.\n"
            "\n"
            "  -s SECRETKEY      default: lobbysign.key in your own folder (%s)\n"
            "  -p PUBLICKEY      default: lobbysign.pub in the current folder\n"
            "  --no-password     an unencrypted secret key (minisign -W)\n"
            "  -f                replace existing key files\n"
            "\n"
            "Exit codes: 0 written, 2 usage or I/O error.\n",
            "%APPDATA%\\lobbysign or ~/.config/lobbysign");
}

/* Asks for the new password: twice on a terminal (they must match), once from a pipe. */
static char *new_password(void)
{
    char *a = password_read("新密码 / New password: ");
    if (!a)
        return NULL;
    if (isatty(0)) {
        char *b = password_read("再输一次 / Password again: ");
        bool same = b && strcmp(a, b) == 0;
        password_free(b);
        if (!same) {
            fprintf(stderr, "lobbysign key: 两次密码不一样 / the two passwords differ\n");
            password_free(a);
            return NULL;
        }
    }
    if (!*a) {
        fprintf(stderr, "lobbysign key: 密码不能为空（不要密码请用 --no-password） / the password is empty "
                        "(--no-password makes a key without one)\n");
        password_free(a);
        return NULL;
    }
    return a;
}

static bool write_new(const char *path, const char *text, bool force)
{
    struct stat st;
    if (!force && stat(path, &st) == 0) {
        fprintf(stderr, "lobbysign key: %s: 已经存在，不会覆盖（要换新钥匙请加 -f） / already exists, not replaced (-f replaces it)\n",
                path);
        return false;
    }
    if (!fs_write_atomic(path, text, strlen(text))) {
        fprintf(stderr, "lobbysign key: %s: 无法写入 / cannot write: %s\n", path, strerror(errno));
        return false;
    }
    return true;
}

/* The default secret key path in the user's own folder (created), heap; NULL with a message. */
static char *default_secret(void)
{
    char *dir = platform_user_dir();
    if (!dir || !fs_mkdirs(dir)) {
        fprintf(stderr, "lobbysign key: 找不到存放钥匙的个人文件夹，请用 -s 指定 / no folder of your own for the key: "
                        "give one with -s\n");
        free(dir);
        return NULL;
    }
    char *p = fs_join(dir, "lobbysign.key");
    free(dir);
    return p;
}

int cmd_key(const struct config *cfg, int argc, char **argv)
{
    (void)cfg;
    static const struct option longopts[] = {
        {"no-password", no_argument, NULL, 'W'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    if (argc < 2 || strcmp(argv[1], "new") != 0) {
        bool help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
        usage(help ? stdout : stderr);
        return help ? EXIT_OK : EXIT_USAGE;
    }
    argc--, argv++;
    const char *sec = NULL, *pub = "lobbysign.pub";
    bool nopw = false, force = false;
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, "s:p:fWh", longopts, NULL)) != -1;) {
        switch (c) {
        case 's': sec = optarg; break;
        case 'p': pub = optarg; break;
        case 'f': force = true; break;
        case 'W': nopw = true; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *bad = sec ? cliopt_path(sec) : NULL;
    if (!bad)
        bad = cliopt_path(pub);
    if (bad) {
        fprintf(stderr, "lobbysign key: %s\n", bad);
        return EXIT_USAGE;
    }
    char *secpath = sec ? xstrdup(sec) : default_secret();
    if (!secpath)
        return EXIT_USAGE;
    char *pw = nopw ? NULL : new_password();
    int rc = EXIT_USAGE;
    char *stext = NULL, *ptext = NULL;
    if (!nopw && !pw)
        goto done;
    if (!minisig_keypair_new(pw, &stext, &ptext)) {
        fprintf(stderr, "lobbysign key: 无法生成钥匙（内存不足？） / cannot make the key (out of memory?)\n");
        goto done;
    }
    if (!write_new(secpath, stext, force) || !write_new(pub, ptext, force))
        goto done;
    printf("私钥 / secret key: %s%s\n公钥 / public key: %s\n"
           "请把公钥文件 %s 交给安装人员，装到每块屏幕上。/ Give %s to the installer for every screen.\n",
           secpath, pw ? "（有密码保护 / password-protected）" : "", pub, pub, pub);
    rc = EXIT_OK;
done:
    if (stext) {
        memset(stext, 0, strlen(stext));
        free(stext);
    }
    free(ptext);
    password_free(pw);
    free(secpath);
    return rc;
}
