/* `lobbysign validate` end to end: exit codes, the finding line format, the summary, --json. */
#include <jansson.h>
#include <regex.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "core/fsutil.h"
#include "core/xalloc.h"

static bool matches(const char *text, const char *pattern)
{
    regex_t re;
    CHECK(regcomp(&re, pattern, REG_EXTENDED | REG_NEWLINE) == 0, "regex %s", pattern);
    bool ok = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

int main(void)
{
    const char *bin = TEST_LOBBYSIGN; /* with the emulator when cross-built */
    char *out, *cmd;

    cmd = xasprintf("%s validate %s/playlists/ 2>&1", bin, TEST_SRCDIR);
    CHECK(cli_run(cmd, &out) == 0, "samples valid: %s", out);
    CHECK(matches(out, "^.*playlists/: 2 个播放列表, [0-9]+ 张幻灯片, 0 个错误, 0 个警告 / 2 playlists, [0-9]+ slides, "
                       "0 errors, 0 warnings$"),
          "summary line: %s", out);
    free(out);
    free(cmd);

    /* A broken copy: a string where a number belongs, and an unknown key. */
    char dir[] = "/tmp/lobbysign-test-cli-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    cmd = xasprintf("cp -r %s/playlists/assets %s/ && sed -e 's/\"value\": 156.02/\"value\": \"x\"/' "
                    "-e 's/\"per_page\": 5/\"per_pages\": 5/' %s/playlists/lobby.json > %s/lobby.json",
                    TEST_SRCDIR, dir, TEST_SRCDIR, dir);
    CHECK(system(cmd) == 0, "make broken copy");
    free(cmd);
    cmd = xasprintf("%s validate %s 2>&1", bin, dir);
    CHECK(cli_run(cmd, &out) == 1, "broken copy invalid (exit 1): %s", out);
    CHECK(matches(out, "^/tmp/lobbysign-test-cli-[^:]*/lobby.json:[0-9]+:[0-9]+: slides\\[4\\]\\.cards\\[0\\]\\.value: "
                       "错误: 应为数字，实际为字符串 / error: expected a number, got a string$"),
          "error line format: %s", out);
    CHECK(matches(out, "lobby.json:[0-9]+:7: slides\\[0\\]\\.per_pages: 错误: .* did you mean \"per_page\"\\?$"),
          "typo suggestion: %s", out);
    CHECK(matches(out, ": 1 个播放列表, 17 张幻灯片, 2 个错误, 0 个警告 / 1 playlist, 17 slides, 2 errors, 0 warnings$"),
          "summary counts the errors: %s", out);
    free(out);
    free(cmd);

    cmd = xasprintf("%s validate --json %s", bin, dir);
    CHECK(cli_run(cmd, &out) == 1, "--json exit 1");
    json_error_t err;
    json_t *doc = json_loads(out, 0, &err);
    json_t *errors = json_object_get(doc, "errors");
    CHECK(json_array_size(errors) == 2 && json_array_size(json_object_get(doc, "warnings")) == 0,
          "--json: two errors: %s", out);
    json_t *e = json_array_get(errors, 0);
    CHECK(json_integer_value(json_object_get(e, "line")) > 1 && json_integer_value(json_object_get(e, "column")) > 1,
          "--json has line and column");
    json_decref(doc);
    free(out);
    free(cmd);

    cmd = xasprintf("%s validate --quiet %s/playlists/lobby.json %s", bin, TEST_SRCDIR, dir);
    CHECK(cli_run(cmd, &out) == 1, "worst exit code wins");
    CHECK(!strstr(out, "个播放列表"), "--quiet: no summary");
    free(out);
    free(cmd);

    struct {
        const char *args;
        int want;
    } codes[] = {
        {"validate /nonexistent/lobbysign", 2},
        {"validate --bogus", 2},
        {"validate --help", 0},
        {"validate " TEST_SRCDIR "/playlists/lobby.json", 0},
        {"validate " TEST_SRCDIR "/tests/data/content", 1}, /* a folder without playlists */
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        cmd = xasprintf("%s %s 2>&1", bin, codes[i].args);
        int rc = cli_run(cmd, &out);
        CHECK(rc == codes[i].want, "%s: exit %d, want %d: %s", codes[i].args, rc, codes[i].want, out);
        free(out);
        free(cmd);
    }
    /* Every path argument is checked the same way: an empty one, a FIFO (never opened, so never
     * blocking), control characters are usage errors (2); option values are digits as typed. */
    char *fifo = xasprintf("%s/fifo.json", dir);
    CHECK(mkfifo(fifo, 0644) == 0, "mkfifo");
    char *outdir = xasprintf("%s/out", dir);
    /* What a broken `render --out ''` would create; a leftover from another run is not ours. */
    bool had_root_dirs = fs_is_dir("/lobby") || fs_is_dir("/lobby-portrait");
    struct {
        char *args;
        int want;
    } paths[] = {
        {xasprintf("validate %s", fifo), 2},
        {xasprintf("validate ''"), 2},
        {xasprintf("render --out '' %s/playlists", TEST_SRCDIR), 2},
        {xasprintf("render --out %s %s", outdir, fifo), 2},
        {xasprintf("render --out \"$(printf '%s/a\\tb')\" %s/playlists/lobby.json", dir, TEST_SRCDIR), 2},
        {xasprintf("render --size ' 1920x1080' --out %s", outdir), 2},
        {xasprintf("render --size +1920x+1080 --out %s", outdir), 2},
        {xasprintf("render --at 0x10 --out %s", outdir), 2},
        {xasprintf("render --overscan ' 5' --out %s", outdir), 2},
        {xasprintf("render --rotate +90 --out %s", outdir), 2},
        {xasprintf("play ''"), 2},
        {xasprintf("layout --fonts %s 'x'", fifo), 2},
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        cmd = xasprintf("timeout 20 %s %s 2>&1", bin, paths[i].args);
        int rc = cli_run(cmd, &out);
        CHECK(rc == paths[i].want, "%s: exit %d, want %d: %s", paths[i].args, rc, paths[i].want, out);
        free(out);
        free(cmd);
        free(paths[i].args);
    }
    CHECK(had_root_dirs || (!fs_is_dir("/lobby") && !fs_is_dir("/lobby-portrait")),
          "render --out '' wrote nothing into /");
    unlink(fifo);
    free(fifo);
    free(outdir);

    /* A second render into the same folder leaves exactly its own pictures: pictures of an earlier,
     * longer playlist and temp files of a killed run go; the operator's other files stay. */
    char *stale = xasprintf("%s/stale", dir);
    const char *const old_names[] = {"97-kpi.png", "contact-sheet-9.png", "01-headline.png.tmp.4242"};
    CHECK(fs_mkdirs(stale), "mkdir %s", stale);
    for (size_t i = 0; i < 4; i++) {
        char *f = xasprintf("%s/%s", stale, i < 3 ? old_names[i] : "notes.txt");
        FILE *fp = fopen(f, "w");
        CHECK(fp != NULL, "create %s", f);
        if (fp)
            fclose(fp);
        free(f);
    }
    cmd = xasprintf("%s render --out %s %s/playlists/lobby.json 2>&1", bin, stale, TEST_SRCDIR);
    CHECK(cli_run(cmd, &out) == 0, "render into a used folder: %s", out);
    free(out);
    free(cmd);
    for (size_t i = 0; i < 3; i++) {
        char *f = xasprintf("%s/%s", stale, old_names[i]);
        CHECK(access(f, F_OK) != 0, "%s from an earlier run removed", old_names[i]);
        free(f);
    }
    char *kept = xasprintf("%s/notes.txt", stale), *sheet = xasprintf("%s/contact-sheet.png", stale);
    CHECK(access(kept, F_OK) == 0, "another file in the folder is left alone");
    CHECK(access(sheet, F_OK) == 0, "this run's contact sheet is there");
    free(kept);
    free(sheet);
    free(stale);

    /* Layouts that would lose content at the declared screen size are reported by validate: a board
     * of 13 per page cannot show its headlines at a readable size (an error, exit 1); 12 can; eight
     * hotlines, of which the strip and the hotline slide show fewer, warn. */
    for (int per = 12; per <= 13; per++) {
        char *items = xstrdup("");
        for (int i = 0; i < 26; i++) {
            char *n = xasprintf("%s%s{\"title\": \"第 %d 条招商动态\", \"date\": \"2025-07-09\"}", items, i ? ", " : "", i + 1);
            free(items);
            items = n;
        }
        char *hot = xstrdup("");
        for (int i = 0; i < 8; i++) {
            char *n = xasprintf("%s%s{\"label\": \"热线\", \"number\": \"400-162-200%d\"}", hot, i ? ", " : "", i);
            free(hot);
            hot = n;
        }
        char *fitdoc = xasprintf("{\"format\": 1, \"id\": \"fit\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
                              " \"banner\": {\"hotlines\": [%s]},\n"
                              " \"slides\": [{\"kind\": \"headlines\", \"duration\": 5, \"per_page\": %d, \"items\": [%s]},\n"
                              " {\"kind\": \"hotline\", \"duration\": 5}]}\n",
                              hot, per, items);
        char *file = xasprintf("%s/fit%d.json", dir, per);
        CHECK(fs_write_atomic(file, fitdoc, strlen(fitdoc)), "write");
        cmd = xasprintf("%s validate %s 2>&1", bin, file);
        int rc = cli_run(cmd, &out);
        CHECK(rc == (per == 13 ? 1 : 0), "per_page %d: exit %d: %s", per, rc, out);
        CHECK(per == 12 || matches(out, "fit13.json:3:[0-9]+: slides\\[0\\]: 错误: .*does not fit a 1920x1080 screen"),
              "per_page 13 named with file:line: %s", out);
        CHECK(matches(out, "banner\\.hotlines\\[7\\]: 警告: .*shown nowhere"), "hotline 8 shown nowhere: %s", out);
        free(out);
        free(cmd);
        free(file);
        free(fitdoc);
        free(items);
        free(hot);
    }

    /* Range messages show the value as written (not 1e+15); control characters in keys reach the
     * terminal escaped, never raw. */
    char *rng = xasprintf("%s/range.json", dir);
    static const char rtext[] =
        "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\", \"banner\": {\"hotlines\": "
        "[{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"kpi\", \"duration\": 5, \"title\": "
        "\"K\", \"cards\": [{\"label\": \"a\", \"value\": 1000000000000000.1}]}], \"k\\u001b[31mx\": 1}\n";
    CHECK(fs_write_atomic(rng, rtext, sizeof rtext - 1), "write");
    cmd = xasprintf("%s validate %s 2>&1", bin, rng);
    CHECK(cli_run(cmd, &out) == 1, "range file invalid");
    CHECK(strstr(out, "1000000000000000.1 is out of range") != NULL, "the value as written: %s", out);
    CHECK(strstr(out, "k\\x1B[31mx") != NULL && !strchr(out, 0x1B), "control character escaped: %s", out);
    free(out);
    free(cmd);
    free(rng);

    /* The validator asks the player's fonts: a character no font has is a warning with its place,
     * and the file stays valid (exit 0). */
    cmd = xasprintf("sed -e 's/\"欢迎垂询 · 武汉招商中心\"/\"欢迎垂询\\\\ue000\"/' %s/playlists/lobby.json "
                    "> %s/lobby.json && %s validate %s/lobby.json 2>&1",
                    TEST_SRCDIR, dir, bin, dir);
    CHECK(cli_run(cmd, &out) == 0, "unknown glyph is only a warning: %s", out);
    CHECK(matches(out, "lobby.json:259:[0-9]+: slides\\[[0-9]+\\]\\.title: 警告: .*U\\+E000.*it would show as a box$"),
          "font warning: %s", out);
    free(out);
    free(cmd);

    cmd = xasprintf("%s validate --help", bin);
    cli_run(cmd, &out);
    CHECK(strstr(out, "Exit codes") && strstr(out, "--json"), "help text");
    free(out);
    free(cmd);

    cmd = xasprintf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0, "cleanup");
    free(cmd);
    return check_done();
}
