/* Hostile cases through the lobbysign binary (issue 20): usage errors, exit codes and messages as
 * an operator or installer meets them. Each section fails when its fix is reverted. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "core/fsutil.h"
#include "core/xalloc.h"

static const char *bin = TEST_LOBBYSIGN;
static char dir[] = "/tmp/lobbysign-test-hostile-cli-XXXXXX";

/* Runs a shell command in dir with $L (the binary) and $S (the sample content) set. */
static int sh(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sh(char **out, const char *fmt, ...)
{
    char *setup = xasprintf("cd %s && export L='%s' S=%s/playlists", dir, bin, TEST_SRCDIR);
    va_list ap;
    va_start(ap, fmt);
    int rc = cli_vsh(out, setup, fmt, ap);
    va_end(ap);
    free(setup);
    return rc;
}

static bool has(const char *text, const char *part)
{
    return text && strstr(text, part) != NULL;
}

/* bundle --timestamp takes only 1 .. 2^63-1 (it signed timestamp:18446744073709551611 for -5). */
static void test_bundle_timestamp(void)
{
    char *out;
    const char *bad[] = {"-5", "9223372036854775808", "18446744073709551611", "0", " 5", "+5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = sh(&out, "$L bundle $S -o t.zip --timestamp '%s'", bad[i]);
        CHECK(rc == 2 && has(out, "--timestamp"), "--timestamp '%s': usage error (rc %d): %s", bad[i], rc, out);
        free(out);
    }
    CHECK(access("t.zip", F_OK) != 0, "nothing written");
    CHECK(sh(&out, "$L bundle $S -o t.zip --timestamp 9223372036854775807") == 0, "2^63-1 is fine: %s", out);
    free(out);
}

/* import --receipt where the receipt cannot be written: the install decides the exit code. */
static void test_receipt_unwritable(void)
{
    char *out;
    CHECK(sh(NULL, "mkdir -p nokeys rstick && $L bundle $S -o rstick/lobbysign.zip") == 0, "bundle");
    int rc = sh(&out, "$L import rstick --store rst --keys nokeys --allow-unsigned -q --receipt rstick/gone/here");
    CHECK(rc == 0 && has(out, "已更新") && has(out, "warning: receipt not written"),
          "installed, receipt failure a warning (rc %d): %s", rc, out);
    free(out);
}

/* What anyone on Linux makes (tar -cf x.tar . : entries start with ./) installs; a 300-byte name is
 * an archive problem (exit 1) named as in the bundle; nothing printed names the staging folder. */
static void test_tar_names(void)
{
    char *out;
    CHECK(sh(NULL, "mkdir -p nokeys tstick && (cd $S && tar -cf %s/tstick/lobbysign.tar .)", dir) == 0, "tar");
    int rc = sh(&out, "$L import tstick --store tst --keys nokeys --allow-unsigned -q");
    CHECK(rc == 0 && has(out, "已更新"), "tar -cf x.tar . installs (rc %d): %s", rc, out);
    free(out);
    char name[301];
    memset(name, 'a', 295);
    strcpy(name + 295, ".json");
    /* no file system here holds such a name: GNU tar renames one entry on the way in */
    CHECK(sh(NULL, "rm -rf c2 && cp -r $S c2 && echo '{}' > c2/short.json && rm tstick/lobbysign.tar && "
                   "(cd c2 && tar -cf ../tstick/lobbysign.tar --transform 's/short.json/%s/' .)", name) == 0,
          "tar with a 300-byte name");
    rc = sh(&out, "LOBBYSIGN_LOG=info $L import tstick --store tst --keys nokeys --allow-unsigned -q");
    CHECK(rc == 1 && has(out, "文件名太长") && has(out, "aaaa"), "300-byte name: exit 1, named (rc %d): %s", rc, out);
    CHECK(!has(out, "staging"), "nothing names the staging folder: %s", out);
    free(out);
}

/* validate --store DIR changes nothing: DIR is not created. */
static void test_validate_store_untouched(void)
{
    char *out;
    CHECK(sh(NULL, "mkdir -p nokeys vstick && $L bundle $S -o vstick/lobbysign.zip") == 0, "bundle");
    sh(&out, "$L validate --store never-made --keys nokeys vstick/lobbysign.zip");
    CHECK(access("never-made", F_OK) != 0, "validate --store created the folder: %s", out);
    free(out);
}

/* A control character in a config.json path is an error, like the other path rules. */
static void write_text(const char *name, const char *text)
{
    FILE *f = fopen(name, "w");
    CHECK(f && fputs(text, f) >= 0, "write %s", name);
    if (f)
        fclose(f);
}

static void test_config_path_control(void)
{
    char *out;
    write_text("cc.json", "{\"paths\": {\"store\": \"/var/lib/\\tstore\"}}\n"); /* JSON \t: a tab */
    int rc = sh(&out, "$L config check cc.json");
    CHECK(rc != 0 && has(out, "paths.store") && has(out, "控制字符"), "tab in paths.store (rc %d): %s", rc, out);
    free(out);
    write_text("cc2.json", "{\"status_file\": \"/run/a\\nb\"}\n");
    rc = sh(&out, "$L config check cc2.json");
    CHECK(rc != 0 && has(out, "status_file") && has(out, "控制字符"), "newline in status_file (rc %d): %s", rc, out);
    free(out);
    write_text("cc3.json", "{\"paths\": {\"store\": \"/var/lib/lobbysign/store\"}}\n");
    CHECK(sh(&out, "$L config check cc3.json") == 0, "a plain path is fine: %s", out);
    free(out);
}

/* bundle DIR -o DIR/lobbysign.zip twice: the second leaves out the first's zip and signature (and
 * any other lobbysign.zip(.minisig) at the top) with a note, so both runs write the same bytes. */
static void test_bundle_into_itself(void)
{
    char *out;
    CHECK(sh(NULL, "rm -rf bd && cp -r $S bd && echo x > bd/lobbysign.zip.minisig && "
                   "$L bundle bd -o bd/lobbysign.zip && cp bd/lobbysign.zip first.zip") == 0,
          "first bundle");
    int rc = sh(&out, "$L bundle bd -o bd/lobbysign.zip");
    CHECK(rc == 0 && has(out, "left out"), "second bundle: a note (rc %d): %s", rc, out);
    free(out);
    CHECK(sh(NULL, "cmp -s first.zip bd/lobbysign.zip") == 0, "the second zip holds no zip: same bytes as the first");
    CHECK(sh(NULL, "$L bundle bd -o bd/other.zip && cp bd/other.zip o1.zip && $L bundle bd -o bd/other.zip && "
                   "cmp -s o1.zip bd/other.zip") == 0,
          "its own output under another name is left out too");
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    CHECK(chdir(dir) == 0, "chdir");
    test_bundle_timestamp();
    test_receipt_unwritable();
    test_tar_names();
    test_validate_store_untouched();
    test_config_path_control();
    test_bundle_into_itself();
    sh(NULL, "rm -rf %s", dir);
    return check_done();
}
