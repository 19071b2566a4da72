/* lobbysign fleet: two collected status folders (one fresh with now.png and display_power, one an
 * hour old) and a folder that is not a screen's: the table names both with their versions, marks
 * the old one stale (exit 1), and the page holds the picture and the names, escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "cli.h"
#include "core/fsutil.h"

static void put(const char *dir, const char *name, const char *text)
{
    char *p = fs_join(dir, name);
    CHECK(fs_write_atomic(p, text, strlen(text)), "%s", p);
    free(p);
}

int main(void)
{
    char root[] = "/tmp/lobbysign-fleet-XXXXXX";
    CHECK(mkdtemp(root) != NULL, "mkdtemp");
    char *a = fs_join(root, "a"), *b = fs_join(root, "b"), *junk = fs_join(root, "notes"), *html = fs_join(root, "fleet.html");
    fs_mkdirs(a), fs_mkdirs(b), fs_mkdirs(junk);
    char text[1024];
    long long now = (long long)time(NULL);
    snprintf(text, sizeof text,
             "{\"name\":\"lobby-<1>\",\"written_at\":%lld,\"content_version\":\"v7\",\"signer\":\"ABCDEF0123456789\","
             "\"errors\":0,\"display\":\"on\",\"display_power\":\"standby\",\"last_import\":{\"result\":\"installed\","
             "\"finished_at\":%lld}}",
             now, now - 60);
    put(a, "status.json", text);
    char *png = NULL;
    size_t len = 0;
    CHECK(fs_read_file(TEST_SRCDIR "/tests/data/content/tiny.png", 1u << 20, false, &png, &len) == FS_OK, "tiny.png");
    char *np = fs_join(a, "now.png");
    fs_write_atomic(np, png, len);
    snprintf(text, sizeof text, "{\"name\":\"lobby-2\",\"written_at\":%lld,\"content_version\":\"v6\",\"errors\":3,\"display\":\"lost\"}",
             now - 3600);
    put(b, "status.json", text);
    put(junk, "readme.txt", "not a screen");
    char *cmd = xasprintf("LOBBYSIGN_CONFIG= %s fleet %s --html %s --stale-minutes 10 2>&1", TEST_LOBBYSIGN, root, html), *out;
    int rc = cli_run(cmd, &out);
    CHECK(rc == 1, "a stale screen: exit 1 (%d)\n%s", rc, out);
    char *row_a = strstr(out, "lobby-<1>"), *row_b = strstr(out, "lobby-2");
    CHECK(row_a && row_b && strstr(row_a, "v7") && strstr(row_a, "standby") && strstr(row_a, "installed") &&
              !strstr(strtok(row_a, "\n"), "STALE"),
          "the fresh screen's row: version, display power, last import, not stale\n%s", out);
    CHECK(row_b && strstr(row_b, "v6") && strstr(row_b, "STALE"), "the hour-old screen is stale");
    CHECK(!strstr(out, "notes"), "a folder without status.json is not a screen");
    free(out);
    char *page = NULL;
    CHECK(fs_read_file(html, 1u << 22, false, &page, &len) == FS_OK, "the page is written");
    CHECK(page && strstr(page, "lobby-&lt;1&gt;") && strstr(page, "data:image/png;base64,iVBORw0KGgo") &&
              strstr(page, "过期 / stale") && strstr(page, "没有画面 / no now.png"),
          "the page: names escaped, the picture inside, the stale screen marked, the missing picture said");
    free(page);
    free(cmd);
    cmd = xasprintf("LOBBYSIGN_CONFIG= %s fleet %s 2>&1", TEST_LOBBYSIGN, junk);
    rc = cli_run(cmd, &out);
    CHECK(rc == 2 && strstr(out, "no screen's status folder"), "no screens: exit 2 and why\n%s", out);
    free(out);
    free(cmd);
    cmd = xasprintf("rm -rf %s", root);
    CHECK(system(cmd) == 0, "cleanup");
    free(cmd);
    free(png), free(np), free(a), free(b), free(junk), free(html);
    return check_done();
}
