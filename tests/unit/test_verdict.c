/* One verdict: one set of contents (good, and broken in ways each path once judged differently)
 * goes through every path that decides whether content plays: validate of a folder and of a zip,
 * bundle, import, the store's start-up recovery, the USB stick and inbox intake, render and play.
 * Every path must give the content's one verdict; the path x content table is printed. */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "core/clock.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "player/player.h"
#include "render/render.h"
#include "service/intake.h"
#include "service/loop.h"
#include "slides/fitcheck.h"
#include "store/import.h"
#include "store/store.h"

static const char *bin = TEST_LOBBYSIGN;
static char dir[] = "/tmp/lobbysign-test-verdict-XXXXXX";

static int sh(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sh(char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *setup = xasprintf("cd %s && export L='%s'", dir, bin);
    int rc = cli_vsh(out, setup, fmt, ap);
    free(setup);
    va_end(ap);
    return rc;
}

/* Adds every file under root/rel to the zip a, with its relative name as it is (any bytes). */
static void zip_tree(struct archive *a, const char *root, const char *rel)
{
    char *path = rel ? fs_join(root, rel) : xstrdup(root);
    DIR *d = opendir(path);
    CHECK(d != NULL, "opendir %s", path);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *r = rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
        char *full = fs_join(root, r);
        struct stat st;
        CHECK(lstat(full, &st) == 0, "stat %s", full);
        if (S_ISDIR(st.st_mode)) {
            zip_tree(a, root, r);
        } else {
            char *data = NULL;
            size_t n = 0;
            CHECK(fs_read_file(full, 64u << 20, false, &data, &n) == FS_OK, "read %s", full);
            struct archive_entry *ae = archive_entry_new();
            archive_entry_set_pathname(ae, r);
            archive_entry_set_filetype(ae, AE_IFREG);
            archive_entry_set_perm(ae, 0644);
            archive_entry_set_size(ae, (la_int64_t)n);
            CHECK(archive_write_header(a, ae) == ARCHIVE_OK, "zip header %s", r);
            CHECK(archive_write_data(a, data, n) == (la_ssize_t)n, "zip data %s", r);
            archive_entry_free(ae);
            free(data);
        }
        free(full);
        free(r);
    }
    closedir(d);
    free(path);
}

/* A zip of the folder as an operator's zip tool would write it: no check of its own. */
static void zip_folder(const char *folder, const char *zip)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    CHECK(archive_write_open_filename(a, zip) == ARCHIVE_OK, "open %s", zip);
    zip_tree(a, folder, NULL);
    CHECK(archive_write_close(a) == ARCHIVE_OK, "close %s", zip);
    archive_write_free(a);
}

enum path {
    P_VALIDATE_DIR, P_VALIDATE_ZIP, P_BUNDLE, P_IMPORT, P_RECOVERY, P_USB, P_INBOX, P_RENDER, P_PLAY, P_N
};
static const char *const path_names[P_N] = {"validate DIR", "validate ZIP", "bundle", "import", "recovery",
                                            "USB stick", "inbox", "render", "play"};

/* The store's recovery, as play and import run it at start: v1 good, then vN holding the content
 * as an older lobbysign (or a hand) put it there. Valid when recovery keeps vN current. */
static bool recovery_keeps(struct text_engine *te, const char *content, const char *good_zip, int i)
{
    char *st = xasprintf("%s/rec%d", dir, i);
    struct import_opts o = {.store_dir = st, .keys_dir = "/nonexistent", .allow_unsigned = true, .allow_older = true};
    struct import_result r;
    for (int k = 0; k < 2; k++) {
        import_run(good_zip, &o, &r);
        CHECK(r.outcome == IMPORT_INSTALLED, "recovery fixture: install %d: %s", k, r.reason_en);
        import_result_free(&r);
    }
    /* v2 gets the content's files in place of the good ones */
    CHECK(sh(NULL, "rm -rf %s/v2/* && cp -r %s/. %s/v2/", st, content, st) == 0, "fill v2");
    struct content_opts copts = fitcheck_opts(te);
    char *zh = NULL, *en = NULL;
    char *playing = store_recover(st, &copts, &zh, &en);
    char *v2 = fs_join(st, "v2");
    bool kept = playing && strcmp(playing, v2) == 0;
    CHECK(playing != NULL, "recovery always finds the good v1");
    free(v2);
    free(playing);
    free(zh);
    free(en);
    free(st);
    return kept;
}

/* The intake the player runs, on a stick (mounts/stick) or the inbox: valid when it installs. */
static bool intake_installs(struct text_engine *te, const char *zip, int i, bool stick)
{
    char *root = xasprintf("%s/in%d-%s", dir, i, stick ? "stick" : "inbox");
    char *st = fs_join(root, "store"), *mounts = fs_join(root, "mounts"), *inbox = fs_join(root, "inbox");
    char *src = stick ? fs_join(mounts, "stick") : xstrdup(inbox);
    CHECK(fs_mkdirs(src) && fs_mkdirs(inbox), "mkdir %s", src);
    struct render *r = render_new_surface(te, 320, 180, 0);
    struct player *p = player_new(&(struct player_config){.te = te, .render = r, .clock = clock_system()});
    struct loop *l = loop_new(&(struct loop_config){.clock = clock_system(), .min_frame_ms = 16});
    struct intake *in = intake_new(&(struct intake_config){.mounts = mounts, .inbox = stick ? "" : inbox,
                                                           .store = st, .keys = "/nonexistent", .mountinfo = "",
                                                           .allow_unsigned = true, .width = 320, .height = 180},
                                   p, l);
    CHECK(in != NULL, "intake_new");
    /* The bundle arrives whole (renamed into place), as a sync tool or the stick's mount gives it;
     * the watcher offers it with its .minisig, which an unsigned import (no keys) does not read. */
    char *tmp = fs_join(root, "x.zip"), *dst = fs_join(src, "lobbysign.zip");
    CHECK(sh(NULL, "echo 'untrusted comment: none' > %s/lobbysign.zip.minisig && cp %s %s", src, zip, tmp) == 0 &&
              rename(tmp, dst) == 0,
          "deliver");
    struct store_status ss = {0};
    bool done = false;
    for (int turn = 0; turn < 600 && !done; turn++) {
        loop_turn(l, 100);
        if (store_status_read(st, &ss)) {
            done = ss.last_import_json != NULL;
            if (!done)
                store_status_free(&ss);
        }
    }
    CHECK(done, "the intake finished an import of %s", zip);
    json_t *j = json_loads(ss.last_import_json, 0, NULL);
    const char *outcome = json_string_value(json_object_get(j, "result"));
    CHECK(outcome != NULL, "the last import's outcome: %s", ss.last_import_json);
    bool installed = outcome && strcmp(outcome, "installed") == 0;
    json_decref(j);
    store_status_free(&ss);
    intake_free(in);
    loop_free(l);
    player_free(p);
    render_free(r);
    free(tmp);
    free(dst);
    free(src);
    free(inbox);
    free(mounts);
    free(st);
    free(root);
    return installed;
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    /* The contents: the sample; a headline board of 20 per page (headlines too small to read on the
     * declared screen); Chinese names (an image a slide uses, a folder, a space), taken everywhere;
     * a name with a control character, refused everywhere. */
    static const struct {
        const char *name, *how;
        bool valid;
    } contents[] = {
        {"good", "true", true},
        {"per_page20", "sed -i 's/\"per_page\": 5/\"per_page\": 20/' lobby.json", false},
        {"chinese-name",
         "mkdir 头条 && cp assets/port.png 光谷.png && echo 说明 > '头条/说 明.txt' && "
         "sed -i 's#\"image\": \"assets/port.png\"#\"image\": \"光谷.png\"#' lobby.json",
         true},
        {"control-name", "echo x > \"$(printf 'a\\001b.txt')\"", false},
    };
    enum { N_CONTENTS = sizeof contents / sizeof contents[0] };
    CHECK(sh(NULL, "mkdir keys") == 0, "mkdir keys");
    for (int i = 0; i < N_CONTENTS; i++) {
        CHECK(sh(NULL, "cp -r %s/playlists %s && cd %s && %s", TEST_SRCDIR, contents[i].name, contents[i].name,
                 contents[i].how) == 0,
              "make %s", contents[i].name);
        char *folder = fs_join(dir, contents[i].name), *zip = xasprintf("%s/%s.zip", dir, contents[i].name);
        zip_folder(folder, zip);
        free(zip);
        free(folder);
    }
    char *good_zip = xasprintf("%s/good.zip", dir);
    struct text_engine *te = text_engine_new(NULL);
    CHECK(te != NULL, "fonts");

    bool verdict[N_CONTENTS][P_N];
    for (int i = 0; i < N_CONTENTS; i++) {
        const char *c = contents[i].name;
        char *out = NULL;
        bool *v = verdict[i];
        v[P_VALIDATE_DIR] = sh(NULL, "$L validate %s", c) == 0;
        v[P_VALIDATE_ZIP] = sh(NULL, "$L validate --keys keys %s.zip", c) == 0;
        v[P_BUNDLE] = sh(NULL, "$L bundle %s -o b-%s.zip", c, c) == 0;
        v[P_IMPORT] = sh(NULL, "$L import %s.zip --store st-%s --keys keys --allow-unsigned", c, c) == 0;
        char *folder = fs_join(dir, c), *zip = xasprintf("%s/%s.zip", dir, c);
        v[P_RECOVERY] = recovery_keeps(te, folder, good_zip, i);
        v[P_USB] = intake_installs(te, zip, i, true);
        v[P_INBOX] = intake_installs(te, zip, i, false);
        v[P_RENDER] = sh(NULL, "$L render --out r-%s %s", c, c) == 0;
        /* play: its verdict is said before any display is needed (SDL's dummy driver stands in). */
        sh(&out, "SDL_VIDEODRIVER=dummy timeout -s TERM 5 $L play --no-watch %s", c);
        v[P_PLAY] = strstr(out, "content is invalid") == NULL;
        free(out);
        free(zip);
        free(folder);
    }

    printf("%-14s", "content");
    for (int p = 0; p < P_N; p++)
        printf(" | %-12s", path_names[p]);
    printf("\n");
    for (int i = 0; i < N_CONTENTS; i++) {
        printf("%-14s", contents[i].name);
        for (int p = 0; p < P_N; p++)
            printf(" | %-12s", verdict[i][p] ? "valid" : "refused");
        printf("\n");
    }
    for (int i = 0; i < N_CONTENTS; i++)
        for (int p = 0; p < P_N; p++)
            CHECK(verdict[i][p] == contents[i].valid, "%s through %s: %s, want %s", contents[i].name,
                  path_names[p], verdict[i][p] ? "valid" : "refused", contents[i].valid ? "valid" : "refused");

    /* bundle stores Chinese names as UTF-8 with the zip's UTF-8 flag (bit 11), as another reader
     * (Python's zipfile) sees them; a zip that another writer made with UTF-8-flagged names imports. */
    char *out = NULL;
    CHECK(sh(&out, "python3 -c \"%s\" b-chinese-name.zip",
             "import zipfile,sys\n"
             "z=zipfile.ZipFile(sys.argv[1]); n={i.filename:i.flag_bits for i in z.infolist()}\n"
             "assert n['光谷.png'] & 0x800 and n['头条/说 明.txt'] & 0x800, n\n"
             "print('flagged')\n") == 0 &&
              strstr(out, "flagged"),
          "bundle's Chinese names are UTF-8 flagged: %s", out);
    free(out);
    CHECK(sh(&out, "python3 -c \"%s\" chinese-name utf8.zip && $L validate --keys keys utf8.zip && "
                   "$L import utf8.zip --store st-utf8 --keys keys --allow-unsigned && ls st-utf8/current/ "
                   "st-utf8/current/头条",
             "import zipfile,sys,os\n"
             "zo=zipfile.ZipFile(sys.argv[2],'w')\n"
             "for r,ds,fs in os.walk(sys.argv[1]):\n"
             "    for f in fs: p=os.path.join(r,f); zo.write(p, os.path.relpath(p, sys.argv[1]))\n"
             "zo.close()\n"
             "assert any(i.flag_bits & 0x800 for i in zipfile.ZipFile(sys.argv[2]).infolist())\n") == 0,
          "a UTF-8-flagged zip from Python's zipfile validates and imports: %s", out);
    CHECK(strstr(out, "光谷.png") && strstr(out, "说 明.txt"), "its names as written: %s", out);
    free(out);

    /* A zip as Windows Explorer writes it on a Chinese Windows: the bundle's names in CP936, no
     * UTF-8 flag. It imports, and its names are read as GB18030; a name valid in neither encoding
     * is refused, named by its bytes. */
    CHECK(sh(NULL, "python3 -c \"%s\" b-chinese-name.zip cp936.zip",
             "import zipfile,sys\n"
             "class R(zipfile.ZipInfo):\n"
             "    def _encodeFilenameFlags(self): return self.raw, 0\n"
             "zi=zipfile.ZipFile(sys.argv[1]); zo=zipfile.ZipFile(sys.argv[2],'w')\n"
             "for i in zi.infolist():\n"
             "    r=R(i.filename); r.raw=i.filename.encode('gb18030'); zo.writestr(r, zi.read(i))\n"
             "r=R('x'); r.raw=b'\\\\xb9\\\\xe2.txt'; zo.writestr(r, b'x')\n"
             "zo.close()\n"
             "z=zipfile.ZipFile(sys.argv[2]); assert all(i.flag_bits & 0x800 == 0 for i in z.infolist())\n") == 0,
          "write a CP936 zip");
    CHECK(sh(&out, "$L import cp936.zip --store st-cp936 --keys keys --allow-unsigned && ls st-cp936/current/ "
                   "st-cp936/current/头条") == 0,
          "a CP936 zip imports: %s", out);
    CHECK(strstr(out, "光谷.png") && strstr(out, "说 明.txt") && strstr(out, "光.txt"), "its names decoded: %s", out);
    free(out);
    CHECK(sh(NULL, "python3 -c \"%s\" cp936.zip bad.zip",
             "import zipfile,sys\n"
             "class R(zipfile.ZipInfo):\n"
             "    def _encodeFilenameFlags(self): return self.raw, 0\n"
             "zo=zipfile.ZipFile(sys.argv[2],'w'); r=R('x'); r.raw=b'\\\\xff\\\\xfe.txt'; zo.writestr(r, b'x')\n") == 0 &&
              sh(&out, "$L validate --keys keys bad.zip") != 0,
          "a name in neither encoding is refused");
    CHECK(strstr(out, "\\xFF\\xFE.txt") && strstr(out, "GB18030") && strstr(out, "rename"), "named by its bytes: %s", out);
    free(out);

    text_engine_free(te);
    free(good_zip);
    char *rm = xasprintf("rm -rf %s", dir);
    CHECK(system(rm) == 0, "cleanup");
    free(rm);
    return check_done();
}
