/* import, bundle, status and `validate FILE.zip` end to end, with Debian's minisign on both sides:
 * lobbysign installs what `minisign -Sm` signed (prehashed and legacy, with and without a
 * password), and `minisign -V` accepts what `lobbysign bundle --sign` wrote. */
#include <jansson.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "core/fsutil.h"
#include "core/xalloc.h"

static const char *bin = TEST_LOBBYSIGN; /* with the emulator when cross-built */
static char dir[] = "/tmp/lobbysign-test-store-cli-XXXXXX";

/* Runs a shell command in dir; returns its exit status, *out its stdout+stderr (caller frees). */
static int sh(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sh(char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *setup = xasprintf("cd %s && export L='%s' S=%s/playlists", dir, bin, TEST_SRCDIR);
    int rc = cli_vsh(out, setup, fmt, ap);
    free(setup);
    va_end(ap);
    return rc;
}

static bool has(const char *text, const char *part)
{
    return text && strstr(text, part) != NULL;
}

int main(void)
{
    char *out = NULL;
    if (system("command -v minisign >/dev/null 2>&1") != 0) {
        printf("SKIP: minisign is not installed (scripts/install-deps.sh --dev installs it)\n");
        return 77;
    }
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    CHECK(sh(NULL, "mkdir keys other stick && minisign -G -W -p keys/op.pub -s op.key && "
                   "minisign -G -W -p other/x.pub -s x.key") == 0,
          "minisign -G");

    /* usage and help */
    for (const char *c = "import\0bundle\0status\0"; *c; c += strlen(c) + 1) {
        CHECK(sh(&out, "$L %s --help", c) == 0 && has(out, "Usage: lobbysign"), "%s --help: %s", c, out);
        free(out);
    }
    CHECK(sh(NULL, "$L import") == 2, "import without SRC: 2");
    CHECK(sh(NULL, "$L import --bogus stick") == 2, "unknown option: 2");
    CHECK(sh(&out, "$L import nonexistent --store st --keys keys") == 2, "missing source: 2 (%s)", out);
    free(out);
    CHECK(sh(NULL, "$L bundle $S") == 2, "bundle without -o: 2");
    CHECK(sh(NULL, "$L import ''") == 2, "empty SRC: 2");
    CHECK(sh(NULL, "$L import stick --store ''") == 2, "empty --store: 2");
    CHECK(sh(NULL, "$L bundle $S -o ''") == 2, "empty -o: 2");
    CHECK(sh(NULL, "$L bundle $S -o x.zip --sign /dev/null") == 2, "a device as the key: 2");
    CHECK(sh(NULL, "$L status --store ''") == 2, "empty status --store: 2");

    /* the operator: zip the folder's contents with Info-ZIP (as Explorer would), minisign -Sm */
    bool have_zip = system("command -v zip >/dev/null 2>&1") == 0;
    if (have_zip)
        CHECK(sh(NULL, "(cd $S && zip -qr %s/stick/lobbysign.zip .)", dir) == 0, "zip");
    else
        CHECK(sh(NULL, "$L bundle $S -o stick/lobbysign.zip") == 0, "bundle (zip not installed)");
    CHECK(sh(NULL, "minisign -Sm stick/lobbysign.zip -s op.key") == 0, "minisign -Sm");
    CHECK(sh(&out, "$L import stick --store st --keys other") == 1 && has(out, "不是受信任的密钥"),
          "foreign key: 1: %s", out);
    free(out);
    CHECK(sh(&out, "$L import stick --store st --keys nokeys") == 1 && has(out, "没有受信任的公钥"),
          "no keys: 1: %s", out);
    free(out);
    CHECK(sh(&out, "$L import stick --store st --keys keys --receipt stick") == 0 &&
              has(out, "已更新：2 个播放列表，23 张幻灯片") && has(out, "playing: v1"),
          "minisign-signed bundle installs: %s", out);
    free(out);
    CHECK(sh(&out, "cat stick/lobbysign-receipt.txt") == 0 && has(out, "可以拔出U盘") && has(out, "v1"),
          "receipt on the stick: %s", out);
    free(out);
    CHECK(sh(&out, "$L import stick --store st --keys keys") == 1 && has(out, "版本比当前旧"), "replay refused: %s",
          out);
    free(out);
    CHECK(sh(&out, "$L import stick --store st --keys keys --allow-older --json") == 0 &&
              has(out, "\"result\": \"installed\""),
          "--allow-older --json: %s", out);
    free(out);

    /* status */
    CHECK(sh(&out, "$L status --store st --json") == 0, "status --json: %s", out);
    json_t *st = json_loads(out, 0, NULL);
    free(out);
    CHECK(st && strcmp(json_string_value(json_object_get(st, "playing")), "v2") == 0, "status: v2 plays");
    json_t *v = json_array_get(json_object_get(st, "versions"), 1);
    CHECK(sh(&out, "sed -n 's/.*public key //p' keys/op.pub") == 0, "key id");
    out[strcspn(out, "\n")] = '\0';
    CHECK(v && strcmp(json_string_value(json_object_get(v, "key_id")), out) == 0, "status shows signer %s", out);
    CHECK(json_integer_value(json_object_get(v, "timestamp")) > 1600000000, "status shows the timestamp");
    CHECK(has(json_string_value(json_object_get(json_object_get(st, "last_import"), "result")), "installed"),
          "status shows the last import");
    json_decref(st);
    free(out);
    CHECK(sh(&out, "$L status --store st") == 0 && has(out, "正在播放 / playing: v2") && has(out, "上次导入"),
          "status text: %s", out);
    free(out);
    CHECK(sh(NULL, "$L status --store nowhere") == 2, "status of no store: 2");

    /* legacy signatures (minisign -l) */
    CHECK(sh(NULL, "mkdir legacy && cp stick/lobbysign.zip legacy/ && minisign -S -l -m legacy/lobbysign.zip -s op.key") ==
              0,
          "minisign -S -l");
    CHECK(sh(&out, "$L import legacy --store st2 --keys keys") == 0, "legacy Ed signature installs: %s", out);
    free(out);

    /* lobbysign signs, minisign verifies; and the zip is deterministic */
    CHECK(sh(&out, "$L bundle $S -o b.zip --sign op.key --timestamp 4000000000") == 0, "bundle --sign: %s", out);
    free(out);
    CHECK(sh(&out, "minisign -Vm b.zip -p keys/op.pub") == 0 && has(out, "timestamp:4000000000"),
          "minisign -V accepts lobbysign's signature: %s", out);
    free(out);
    CHECK(sh(&out, "minisign -H -Vm b.zip -p keys/op.pub") == 0, "and it is prehashed: %s", out);
    free(out);
    CHECK(sh(NULL, "cp -r $S copy && touch -d 2003-03-03 copy/lobby.json && $L bundle copy -o b2.zip && cmp b.zip b2.zip") ==
              0,
          "same folder, same bytes");
    CHECK(sh(&out, "$L validate b.zip --keys keys") == 0 && has(out, "签名有效") && has(out, "23 张幻灯片"),
          "validate FILE.zip: %s", out);
    free(out);
    CHECK(sh(&out, "$L validate b.zip --keys other") == 1 && has(out, "不是受信任的密钥"), "validate, foreign: %s",
          out);
    free(out);
    CHECK(sh(&out, "$L validate b.zip --keys nokeys") == 0 && has(out, "签名未检查"), "validate without keys: %s", out);
    free(out);
    CHECK(sh(&out, "mkdir s3 && cp b.zip b.zip.minisig s3/ && mv s3/b.zip s3/lobbysign.zip && "
                   "mv s3/b.zip.minisig s3/lobbysign.zip.minisig && $L import s3 --store st --keys keys") == 0,
          "lobbysign-signed bundle installs: %s", out);
    free(out);
    /* an invalid folder is not bundled */
    CHECK(sh(&out, "sed -i 's/\"value\": 156.02/\"value\": \"x\"/' copy/lobby.json && $L bundle copy -o bad.zip; "
                   "r=$?; test ! -e bad.zip && exit $r") == 1 &&
              has(out, "应为数字"),
          "invalid content: 1, no zip: %s", out);
    free(out);

    /* password-protected keys (scrypt): minisign's own, both directions */
    CHECK(sh(NULL, "printf 'pw\\npw\\n' | minisign -G -p keys/pw.pub -s pw.key") == 0, "minisign -G with password");
    CHECK(sh(&out, "echo pw | $L bundle $S -o p.zip --sign pw.key --timestamp 4000000001 && "
                   "minisign -Vm p.zip -p keys/pw.pub") == 0,
          "lobbysign signs with a password key, minisign verifies: %s", out);
    free(out);
    CHECK(sh(&out, "echo wrong | $L bundle $S -o w.zip --sign pw.key; r=$?; test ! -e w.zip && exit $r") == 2 &&
              has(out, "wrong password"),
          "wrong password: 2, nothing written: %s", out);
    free(out);
    CHECK(sh(NULL, "mkdir pw && cp p.zip pw/lobbysign.zip && echo pw | minisign -Sm pw/lobbysign.zip -s pw.key") == 0,
          "minisign signs with the password key");
    CHECK(sh(&out, "$L import pw --store st3 --keys keys") == 0, "which lobbysign installs: %s", out);
    free(out);

    char *rm = xasprintf("rm -rf %s", dir);
    CHECK(system(rm) == 0, "cleanup");
    free(rm);
    return check_done();
}
