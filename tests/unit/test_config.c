/* config: the configuration file's checker (table of documents: each problem at file:line:col with
 * its field, Chinese and English, typos suggested), what a valid file sets, where it is looked
 * for, the example config shipped by packaging passing `config check`, and commands reading it
 * (with options overriding it). */
#include <unistd.h>

#include "check.h"
#include "cli.h"

#include "app/config.h"
#include "service/intake.h"
#include "core/fsutil.h"

static char dir[] = "/tmp/test_config.XXXXXX";

static char *write_doc(const char *name, const char *text)
{
    char *path = fs_join(dir, name);
    CHECK(fs_write_atomic(path, text, strlen(text)), "write %s", path);
    return path;
}

/* The findings as printed, one string. */
static char *printed(const struct findings *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    findings_print(f, m);
    fclose(m);
    return buf;
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL, "temp dir");
    static const struct {
        const char *doc;
        bool ok;
        const char *says; /* a substring of what is printed */
    } cases[] = {
        {"{}", true, ""},
        {"{\"display\": {\"rotation\": 90, \"overscan\": 2.5, \"size\": \"1280x720\", \"driver\": \"KMSDRM\"}}", true, ""},
        {"{\"display\": {\"driver\": \"KMSDMR\"}}", false, ":1:24: display.driver: 错误: 未知的显示驱动 “KMSDMR”，是否想写 “KMSDRM”？"},
        {"{\"display\": {\"rotation\": 45}}", false, "display.rotation: 错误: 旋转角度应为 0、90、180 或 270"},
        {"{\"display\": {\"overscan\": 30}}", false, "display.overscan: 错误: 30 超出范围"},
        {"{\"display\": {\"size\": \"big\"}}", false, "expected \"auto\" or WIDTHxHEIGHT"},
        /* one WxH parser with the options' limits (play --window, render --size) */
        {"{\"display\": {\"size\": \"16384x9216\"}}", false, "each side 64 to 8192"},
        {"{\"display\": {\"size\": \"+1920x1080\"}}", false, "is not a size"},
        {"{\"dispaly\": {}}", false, ":1:2: dispaly: 错误: 未知的键 “dispaly”，是否想写 “display”？"},
        {"{\"paths\": {\"trusted_key\": \"/k\"}}", false, "did you mean \"trusted_keys\"?"},
        {"{\n  \"screen_off\": [{\"days\": \"daily\", \"start\": \"22:30\", \"end\": \"7:00\"}]\n}", false,
         ":2:61: screen_off[0].end: 错误: “7:00” 不是时间"},
        {"{\"screen_off\": [{\"days\": \"dayly\", \"start\": \"22:30\", \"end\": \"07:00\"}]}", false, "screen_off[0].days"},
        {"{\"allow_unsigned\": \"yes\"}", false, "allow_unsigned: 错误: 应为布尔值，实际为字符串 / error: expected a boolean, got a string"},
        {"{\"log_level\": \"verbose\"}", false, "log_level: 错误: “verbose” 不是可用的值"},
        {"{\"status_file\": \"\"}", false, "status_file: 错误: 不能为空"},
        {"{\"display\": {}, }", false, ":1:17: 错误:"},
        {"[1]", false, "顶层应为对象"},
        {"{\"display_power\": {\"dpms\": false, \"cec\": \"/dev/cec1\"}}", true, ""},
        {"{\"display_power\": {\"cec\": \"on\"}}", false,
         "display_power.cec: 错误: “on” 不是 CEC 设置"},
        {"{\"display_power\": {\"dpms\": \"off\"}}", false, "display_power.dpms: 错误: 应为布尔值"},
        {"{\"display_power\": {\"cek\": \"off\"}}", false, "did you mean \"cec\"?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = write_doc("c.json", cases[i].doc);
        struct findings f = {0};
        struct config cfg;
        bool ok = config_load(path, &cfg, &f);
        char *out = printed(&f);
        CHECK(ok == cases[i].ok && strstr(out, cases[i].says), "case %zu %s: ok %d, printed: %s", i, cases[i].doc, ok,
              out);
        CHECK(cases[i].ok || f.n_errors > 0, "case %zu: an invalid file has errors", i);
        free(out);
        findings_free(&f);
        config_free(&cfg);
        free(path);
    }

    /* What a valid file sets; the rest keeps its defaults. */
    char *path = write_doc("full.json",
                           "{\"display\": {\"driver\": \"x11\", \"size\": \"1280x720\", \"rotation\": 270, "
                           "\"overscan\": 3, \"transition_ms\": 300},"
                           " \"paths\": {\"fonts\": \"/f/fonts.json\", \"store\": \"/s\"},"
                           " \"screen_off\": [{\"days\": \"weekend\", \"start\": \"20:00\", \"end\": \"08:00\"}],"
                           " \"allow_unsigned\": true, \"log_level\": \"warn\", \"status_file\": \"/run/x.json\","
                           " \"prometheus_dir\": \"/prom\"}");
    struct findings f = {0};
    struct config cfg;
    CHECK(config_load(path, &cfg, &f) && f.n == 0, "full config valid (%zu findings)", f.n);
    CHECK_STR(cfg.display.driver, "x11", "driver");
    CHECK(cfg.display.width == 1280 && cfg.display.height == 720 && cfg.display.rotation == 270, "size, rotation");
    CHECK(cfg.display.overscan == 3 && cfg.display.transition_ms == 300, "overscan, transition");
    CHECK_STR(cfg.paths.fonts, "/f/fonts.json", "fonts");
    CHECK_STR(cfg.paths.store, "/s", "store");
    CHECK_STR(cfg.paths.inbox, INTAKE_DEFAULT_INBOX, "inbox default");
    CHECK(cfg.screen_off_set && cfg.n_screen_off == 1 && cfg.screen_off[0].days == 0x60 &&
              cfg.screen_off[0].start_min == 20 * 60 && cfg.screen_off[0].end_min == 8 * 60,
          "screen_off hours");
    CHECK(cfg.allow_unsigned && cfg.log_level_set && cfg.log_level == LOG_WARN, "allow_unsigned, log level");
    CHECK_STR(cfg.status_file, "/run/x.json", "status file");
    CHECK_STR(cfg.prometheus_dir, "/prom", "prometheus dir");
    CHECK(cfg.display_power.dpms, "display_power.dpms default on");
    CHECK_STR(cfg.display_power.cec, "auto", "display_power.cec default auto");
    findings_free(&f);
    config_free(&cfg);

    /* A wrong field keeps its default; the right ones still apply. */
    char *half = write_doc("half.json", "{\"display\": {\"rotation\": 45, \"overscan\": 4}}");
    CHECK(!config_load(half, &cfg, &f) && cfg.display.rotation == 0 && cfg.display.overscan == 4,
          "wrong rotation ignored, overscan kept");
    findings_free(&f);
    config_free(&cfg);

    /* Where it is looked for: --config, then $LOBBYSIGN_CONFIG (empty: none), then /etc. */
    setenv(CONFIG_ENV, "/env/config.json", 1);
    CHECK_STR(config_locate("/opt.json"), "/opt.json", "the option first");
    CHECK_STR(config_locate(NULL), "/env/config.json", "then the environment");
    setenv(CONFIG_ENV, "", 1);
    CHECK(config_locate(NULL) == NULL, "LOBBYSIGN_CONFIG= means none");
    unsetenv(CONFIG_ENV);
    CHECK(config_locate(NULL) == (access(CONFIG_DEFAULT_PATH, F_OK) == 0 ? CONFIG_DEFAULT_PATH : NULL),
          "else " CONFIG_DEFAULT_PATH " when it exists");

    /* The command: the example config packaging installs passes; exit codes. */
    const char *bin = TEST_LOBBYSIGN; /* with the emulator when cross-built */
    char *out, *cmd = xasprintf("%s config check %s/packaging/config.example.json 2>&1", bin, TEST_SRCDIR);
    int rc = cli_run(cmd, &out);
    CHECK(rc == 0 && strstr(out, "valid"), "the shipped example config passes config check: %d %s", rc, out);
    free(out);
    free(cmd);
    char *bad = write_doc("bad.json", "{\"log_levl\": \"info\"}");
    cmd = xasprintf("%s config check %s 2>&1", bin, bad);
    rc = cli_run(cmd, &out);
    CHECK(rc == 1 && strstr(out, "bad.json:1:2: log_levl:") && strstr(out, "did you mean \"log_level\""),
          "config check of a bad file: exit %d: %s", rc, out);
    free(out);
    free(cmd);
    cmd = xasprintf("LOBBYSIGN_CONFIG=%s %s config check 2>&1", bad, bin);
    rc = cli_run(cmd, &out);
    CHECK(rc == 1 && strstr(out, "log_levl"), "config check reads $LOBBYSIGN_CONFIG: exit %d", rc);
    free(out);
    free(cmd);
    cmd = xasprintf("%s config check %s/missing.json 2>&1", bin, dir);
    rc = cli_run(cmd, &out);
    CHECK(rc == 2, "config check of a missing file: exit %d: %s", rc, out);
    free(out);
    free(cmd);

    /* Every command reads it: play takes its driver and status file from it, and an option beats it. */
    char *st1 = fs_join(dir, "from-config.json"), *st2 = fs_join(dir, "from-option.json");
    char *doc = xasprintf("{\"display\": {\"driver\": \"dummy\", \"size\": \"320x180\"}, \"status_file\": \"%s\"}", st1);
    char *pc = write_doc("play.json", doc);
    /* Long enough to start and write the status file: under qemu-user the start alone can take seconds. */
    int play_s = strstr(bin, "qemu") ? 30 : 2;
    cmd = xasprintf("env -u SDL_VIDEODRIVER timeout --preserve-status -s TERM %d %s play --config %s --always-on %s/playlists 2>&1",
                    play_s, bin, pc, TEST_SRCDIR);
    rc = cli_run(cmd, &out);
    CHECK(rc == 0 && access(st1, F_OK) == 0, "play --config: dummy driver and status file from it: %d %s", rc, out);
    free(out);
    free(cmd);
    cmd = xasprintf("%s status --config %s 2>&1", bin, pc);
    rc = cli_run(cmd, &out);
    CHECK(rc == 0 && strstr(out, "display") && strstr(out, "frames"), "status reads the config's status_file: %d %s", rc,
          out);
    free(out);
    free(cmd);
    cmd = xasprintf("LOBBYSIGN_CONFIG=%s env -u SDL_VIDEODRIVER timeout --preserve-status -s TERM 2 %s play "
                    "--status-file %s --always-on %s/playlists 2>&1",
                    pc, bin, st2, TEST_SRCDIR);
    unlink(st1);
    rc = cli_run(cmd, &out);
    CHECK(rc == 0 && access(st2, F_OK) == 0 && access(st1, F_OK) != 0, "--status-file overrides the config's: %d %s",
          rc, out);
    free(out);
    free(cmd);
    cmd = xasprintf("%s validate --config %s/nope.json %s/playlists 2>&1", bin, dir, TEST_SRCDIR);
    rc = cli_run(cmd, &out);
    CHECK(rc == 2 && strstr(out, "cannot be read"), "--config FILE that does not exist: exit %d: %s", rc, out);
    free(out);
    free(cmd);

    /* paths.fonts reaches every command and paths.trusted_keys reaches validate: a fonts.json with
     * only DejaVu Sans makes the sample's theme.fonts ("Noto Sans CJK SC") an error wherever the
     * configured fonts are used; the default fonts pass it. */
    char *fc = fs_join(dir, "fc");
    cmd = xasprintf("mkdir -p %s/keys %s/nokeys %s/inbox && cd %s && "
                    "printf '%%s' '{\"search_dirs\": [\"/usr/share/fonts/truetype/dejavu\"], \"families\": "
                    "[{\"name\": \"DejaVu Sans\", \"faces\": [{\"file\": \"DejaVuSans.ttf\", \"index\": 0, "
                    "\"weight\": 400}]}], \"roles\": {\"title\": {\"family\": \"DejaVu Sans\"}, \"body\": "
                    "{\"family\": \"DejaVu Sans\"}, \"figure\": {\"family\": \"DejaVu Sans\"}}}' > fonts.json && "
                    "printf '{\"paths\": {\"fonts\": \"%s/fonts.json\", \"trusted_keys\": \"%s/keys\"}}' > cfg.json && "
                    "printf 'untrusted comment: minisign public key\nRWQhPFo0JZbLO+sMNtFJmml5eB3cX7UjHKq7szGUG5bwvCpjpdpFl0Jf\n' "
                    "> keys/op.pub && %s bundle %s/playlists -o s.zip >/dev/null 2>&1",
                    fc, fc, fc, fc, fc, fc, bin, TEST_SRCDIR);
    CHECK(system(cmd) == 0, "fonts and keys fixture: %s", cmd);
    free(cmd);
    static const struct {
        const char *what, *args; /* run in fc; $S the sample */
        int plain, with_config;
        const char *says;        /* with the config */
    } per_command[] = {
        {"validate DIR", "validate $S", 0, 1, "theme.fonts"},
        {"render", "render --out r $S", 0, 1, "theme.fonts"},
        {"bundle", "bundle $S -o b.zip", 0, 1, "theme.fonts"},
        {"import", "import s.zip --store st-$N --keys nokeys --allow-unsigned", 0, 1, "theme.fonts"},
        {"layout", "layout --family 'Noto Sans CJK SC' x", 0, 0, "is not in fonts.json"},
        /* trusted_keys: with keys configured an unsigned bundle is refused (no signature) */
        {"validate ZIP", "validate s.zip", 0, 1, "no signature"},
    };
    for (size_t i = 0; i < sizeof per_command / sizeof per_command[0]; i++)
        for (int with = 0; with < 2; with++) {
            /* --config goes after the command's name, as main takes it from anywhere there */
            cmd = xasprintf("cd %s && export S=%s/playlists N=%d%zu && %s %s%s 2>&1", fc, TEST_SRCDIR, with, i, bin,
                            per_command[i].args, with ? " --config cfg.json" : "");
            int want = with ? per_command[i].with_config : per_command[i].plain;
            rc = cli_run(cmd, &out);
            CHECK(rc == want, "%s %s the config: exit %d, want %d: %s", per_command[i].what, with ? "with" : "without",
                  rc, want, out);
            CHECK(!strstr(out, per_command[i].says) == !with, "%s %s the config: %s", per_command[i].what,
                  with ? "says why with" : "is silent without", out);
            free(out);
            free(cmd);
        }
    /* play's USB/inbox import worker: a bundle delivered to the inbox is checked with the
     * configured fonts, so it is refused; the state file says so. */
    cmd = xasprintf("cd %s && cp s.zip inbox/lobbysign.zip && echo 'untrusted comment: none' > "
                    "inbox/lobbysign.zip.minisig && (SDL_VIDEODRIVER=dummy %s play --config cfg.json --always-on "
                    "--store st-play --keys nokeys --allow-unsigned --mounts '' --inbox inbox %s/playlists "
                    ">play.log 2>&1 & pid=$!; i=0; while [ $i -lt 600 ] && ! [ -e st-play/state.json ]; do "
                    "sleep 0.1; i=$((i+1)); done; kill $pid; wait $pid; cat st-play/state.json)",
                    fc, bin, TEST_SRCDIR);
    rc = cli_run(cmd, &out);
    CHECK(strstr(out, "\"refused-content\"") && strstr(out, "theme.fonts"),
          "play's import worker uses paths.fonts: %s", out);
    free(out);
    free(cmd);
    cmd = xasprintf("rm -rf %s", fc);
    CHECK(system(cmd) == 0, "rm");
    free(cmd);
    free(fc);

    unlink(st2);
    const char *names[] = {"c.json", "full.json", "half.json", "bad.json", "play.json"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *p = fs_join(dir, names[i]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
    free(st1);
    free(st2);
    free(doc);
    free(pc);
    free(bad);
    free(half);
    free(path);
    return check_done();
}
