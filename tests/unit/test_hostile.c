/* Hostile sticks and stores (issue 20): each section is one reproduced finding of a hostile pass
 * over the import path, and fails when its fix is reverted. Library level (import_run, store_*);
 * the command-line cases are in test_hostile_cli.c. */
#include <errno.h>
#include <sys/mount.h>
#include <stdint.h>
#include <time.h>
#include <stdint.h>

#include "store_fixture.h"
#include "store/watch.h"

#define SAMPLE TEST_SRCDIR "/playlists"

static char *root, *store, *keys;
static struct fx_key key;
static int n_sticks;

/* A fresh stick folder holding lobbysign.zip of the sample content (unsigned). */
static char *stick_zip(void)
{
    char *dir = xasprintf("%s/stick%d", root, ++n_sticks);
    fs_mkdirs(dir);
    struct fx_list l = {0};
    fx_list_tree(&l, SAMPLE, NULL, NULL);
    char *zip = fs_join(dir, "lobbysign.zip");
    fx_archive(zip, "zip", l.v, l.n);
    fx_list_free(&l);
    free(zip);
    return dir;
}

/* A stick with the sample, signed at ts. */
static char *stick_at(unsigned long long ts)
{
    char *dir = stick_zip();
    char *zip = fs_join(dir, "lobbysign.zip");
    fx_sign_ts(zip, &key, ts);
    free(zip);
    return dir;
}

static enum import_outcome import_with(const char *src, struct import_opts *o, struct import_result *r)
{
    o->store_dir = store;
    o->keys_dir = keys;
    import_run(src, o, r);
    return r->outcome;
}

/* Imports a stick signed at ts; returns the outcome (result freed). */
static enum import_outcome import_ts(unsigned long long ts, bool allow_older, const char *what)
{
    char *s = stick_at(ts);
    struct import_opts o = {.allow_older = allow_older, .now = 1700000000 + 10 * 86400, .clock_sync = 1};
    struct import_result r;
    enum import_outcome oc = import_with(s, &o, &r);
    printf("  %s: %s: %s\n", what, import_outcome_name(oc), r.reason_en);
    import_result_free(&r);
    free(s);
    return oc;
}

static void fresh_store(void)
{
    fx_sh("rm -rf %s", store);
    fs_mkdirs(store);
}

/* ---- 1. anti-rollback ------------------------------------------------------------------------- */

/* A timestamp outside signed 64 bits is refused, and the counter never moves backwards. */
static void test_rollback_range(void)
{
    fresh_store();
    CHECK(import_ts(1700000000, false, "base") == IMPORT_INSTALLED, "base installs");
    CHECK(import_ts(9223372036854775808ull, false, "2^63") == IMPORT_REFUSED_TIMESTAMP, "2^63 refused");
    CHECK(import_ts(18446744073709551611ull, false, "2^64-5") == IMPORT_REFUSED_TIMESTAMP, "2^64-5 refused");
    /* 30 digits: out of range, not "no timestamp" */
    char *s = stick_zip(), *zip = fs_join(s, "lobbysign.zip");
    fx_sign(zip, &key, "timestamp:123456789012345678901234567890\tfile:lobbysign.zip\thashed");
    struct import_opts o = {0};
    struct import_result r;
    CHECK(import_with(s, &o, &r) == IMPORT_REFUSED_TIMESTAMP, "30 digits: %s", r.reason_en);
    import_result_free(&r);
    free(zip);
    free(s);
    CHECK(import_ts(1000, false, "older after") == IMPORT_REFUSED_OLDER, "an older bundle stays refused");
    CHECK(store_max_timestamp(store) == 1700000000, "counter unchanged: %llu",
          (unsigned long long)store_max_timestamp(store));
}

/* A laptop clock set to 2100: refused when the board's clock is synchronised, and --allow-older
 * (an installer's act) resets the counter so correctly dated bundles install again. */
static void test_rollback_future(void)
{
    fresh_store();
    CHECK(import_ts(1700000000, false, "base") == IMPORT_INSTALLED, "base installs");
    const unsigned long long y2100 = 4102444800ull;
    CHECK(import_ts(y2100, false, "2100, synced") == IMPORT_REFUSED_TIMESTAMP, "far future refused");
    CHECK(import_ts(1700000000 + 86400, false, "tomorrow") == IMPORT_INSTALLED, "a day ahead is fine");
    /* an unsynchronised board cannot tell: it installs, and locks the counter ... */
    char *s = stick_at(y2100);
    struct import_opts o = {.now = 1700000000, .clock_sync = -1};
    struct import_result r;
    CHECK(import_with(s, &o, &r) == IMPORT_INSTALLED, "unsynchronised clock: installed (%s)", r.reason_en);
    import_result_free(&r);
    free(s);
    CHECK(import_ts(1700000000 + 2 * 86400, false, "dated right") == IMPORT_REFUSED_OLDER, "locked by 2100");
    /* ... until an installer installs a correctly dated one with --allow-older */
    CHECK(import_ts(1700000000 + 3 * 86400, true, "allow-older") == IMPORT_INSTALLED, "allow-older installs");
    CHECK(store_max_timestamp(store) == 1700000000 + 3 * 86400, "counter reset to what it installed: %llu",
          (unsigned long long)store_max_timestamp(store));
    CHECK(import_ts(1700000000 + 4 * 86400, false, "next") == IMPORT_INSTALLED, "the next bundle installs");
    CHECK(import_ts(1700000000 + 3 * 86400, false, "replay") == IMPORT_REFUSED_OLDER, "a replay is still refused");
}

/* ---- 2. a store that needed a person ------------------------------------------------------------ */

static size_t count_aside(const char *prefix)
{
    DIR *d = opendir(store);
    size_t n = 0, pl = strlen(prefix);
    for (struct dirent *de; d && (de = readdir(d));)
        n += strncmp(de->d_name, prefix, pl) == 0 && strstr(de->d_name, ".aside-") != NULL;
    if (d)
        closedir(d);
    return n;
}

/* A stray file or symlink named like the next version: moved aside, the import installs. */
static void test_store_stray_version(void)
{
    fresh_store();
    CHECK(import_ts(1700000001, false, "v1") == IMPORT_INSTALLED, "v1");
    fx_sh("echo junk > %s/v2", store);
    CHECK(import_ts(1700000002, false, "over a stray file v2") == IMPORT_INSTALLED, "stray file: installed");
    CHECK(store_current(store) == 2 && count_aside("v2.") == 1, "v2 is the bundle, the file moved aside (%d)",
          store_current(store));
    fx_sh("ln -s /tmp %s/v3", store);
    CHECK(import_ts(1700000003, false, "over a symlink v3") == IMPORT_INSTALLED, "stray symlink: installed");
    CHECK(store_current(store) == 3 && count_aside("v3.") == 1, "v3 installed, the link moved aside");
    /* start-up recovery does the same */
    fx_sh("echo junk > %s/v4", store);
    char *zh, *en, *play = store_recover(store, NULL, &zh, &en);
    CHECK(count_aside("v4.") == 1 && play && strstr(play, "/v3"), "recovery moved v4 aside, plays v3");
    free(play);
    free(zh);
    free(en);
}

/* A `current` that is a real folder: recovery moves it aside and plays the newest good version;
 * an import moves it aside and installs. */
static void test_store_current_folder(void)
{
    fresh_store();
    CHECK(import_ts(1700000011, false, "v1") == IMPORT_INSTALLED, "v1");
    fx_sh("rm %s/current && cp -r %s/v1 %s/current", store, store, store);
    char *zh, *en, *play = store_recover(store, NULL, &zh, &en);
    CHECK(play && strstr(play, "/v1") && store_current(store) == 1, "recovery: plays v1 (%s)", play ? play : "sample");
    CHECK(count_aside("current.") == 1, "the folder moved aside");
    free(play);
    free(zh);
    free(en);
    fx_sh("rm %s/current && mkdir %s/current", store, store);
    CHECK(import_ts(1700000012, false, "over a folder current") == IMPORT_INSTALLED, "import: installed");
    CHECK(store_current(store) == 2 && count_aside("current.") == 2, "current -> v2");
}

/* ---- 3. a central directory that lies about sizes ----------------------------------------------- */

/* Adds delta to the 32-bit little-endian field at offset field of the header (local: the first
 * occurrence of the name, at header + 30; central: the last, at header + 46) naming name. */
static void patch_zip(const char *zip, const char *name, bool central, size_t field, int delta)
{
    size_t len;
    char *b = fx_read(zip, &len);
    size_t nl = strlen(name), at = SIZE_MAX;
    for (size_t i = 0; b && i + nl <= len; i++)
        if (memcmp(b + i, name, nl) == 0 && (at == SIZE_MAX || central))
            at = i;
    CHECK(at != SIZE_MAX, "%s in %s", name, zip);
    if (at == SIZE_MAX) {
        free(b);
        return;
    }
    uint8_t *p = (uint8_t *)b + at - (central ? 46 : 30) + field;
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    v += (uint32_t)delta;
    for (int k = 0; k < 4; k++)
        p[k] = (uint8_t)(v >> (8 * k));
    fx_write(zip, b, len);
    free(b);
}

static void expect_archive_refused(const char *what, const char *format, const char *name, bool central,
                                   size_t field, int delta)
{
    char *dir = xasprintf("%s/stick%d", root, ++n_sticks);
    fs_mkdirs(dir);
    struct fx_list l = {0};
    fx_list_tree(&l, SAMPLE, NULL, NULL);
    char *zip = fs_join(dir, "lobbysign.zip");
    fx_archive(zip, format, l.v, l.n);
    fx_list_free(&l);
    patch_zip(zip, name, central, field, delta);
    fx_sign_ts(zip, &key, 1800000000 + (unsigned long long)n_sticks);
    struct import_opts o = {0};
    struct import_result r;
    int before = store_current(store);
    enum import_outcome oc = import_with(dir, &o, &r);
    CHECK(oc == IMPORT_REFUSED_ARCHIVE && strstr(r.reason_zh, "不一致") && strstr(r.reason_zh, name),
          "%s: %s: %s / %s", what, import_outcome_name(oc), r.reason_zh, r.reason_en);
    CHECK(store_current(store) == before, "%s: nothing installed", what);
    import_result_free(&r);
    free(zip);
    free(dir);
}

static void test_zip_sizes_disagree(void)
{
    fresh_store();
    /* stored: the local header's sizes (csize 18, usize 22) against the directory's */
    expect_archive_refused("stored, local usize +7", "zip-store", "lobby.json", false, 22, 7);
    expect_archive_refused("stored, central usize -3", "zip-store", "lobby.json", true, 24, -3);
    expect_archive_refused("stored, local csize +5", "zip-store", "lobby.json", false, 18, 5);
    /* deflate (sizes in a data descriptor): the directory says otherwise */
    expect_archive_refused("deflate, central usize +100", "zip", "lobby.json", true, 24, 100);
    expect_archive_refused("deflate, central crc", "zip", "lobby.json", true, 16, 1);
    /* and an honest zip still installs */
    CHECK(import_ts(1700000100, false, "honest") == IMPORT_INSTALLED, "an honest zip installs");
}

/* ---- 4. refused, and explained rightly ------------------------------------------------------------ */

/* A stick folder holding an archive of the given entries, signed (ts from a counter). */
static char *stick_entries(const char *format, const struct fx_entry *v, size_t n)
{
    char *dir = xasprintf("%s/stick%d", root, ++n_sticks);
    fs_mkdirs(dir);
    char *zip = fs_join(dir, strcmp(format, "tar") == 0 ? "lobbysign.tar" : "lobbysign.zip");
    fx_archive(zip, format, v, n);
    fx_sign_ts(zip, &key, 1700001000 + (unsigned long long)n_sticks);
    free(zip);
    return dir;
}

static const char *lobby_json(void)
{
    static char *text;
    if (!text)
        text = fx_read(SAMPLE "/lobby.json", NULL);
    return text;
}

/* tar -cf x.tar . : entries "./", "./lobby.json" ... are taken. */
static void test_tar_dot_slash(void)
{
    fresh_store();
    struct fx_list l = {0};
    fx_list_add(&l, (struct fx_entry){.name = "./", .type = AE_IFDIR});
    fx_list_tree(&l, SAMPLE, NULL, ".");
    char *s = stick_entries("tar", l.v, l.n);
    fx_list_free(&l);
    struct import_opts o = {0};
    struct import_result r;
    CHECK(import_with(s, &o, &r) == IMPORT_INSTALLED && r.n_playlists == 2, "./ entries: %s", r.reason_en);
    import_result_free(&r);
    free(s);
}

/* Problems of the archive itself: exit 1, the entry named as in the bundle, never the staging folder. */
static void expect_entry_refused(const char *what, const struct fx_entry *v, size_t n, const char *zh_part)
{
    char *s = stick_entries("zip", v, n);
    struct import_opts o = {0};
    struct import_result r;
    enum import_outcome oc = import_with(s, &o, &r);
    CHECK(oc == IMPORT_REFUSED_ARCHIVE && import_outcome_exit(oc) == 1, "%s: %s (exit %d): %s", what,
          import_outcome_name(oc), import_outcome_exit(oc), r.reason_en);
    CHECK(r.reason_zh && strstr(r.reason_zh, zh_part), "%s: reason %s lacks %s", what, r.reason_zh, zh_part);
    CHECK(!strstr(r.reason_zh, "staging") && !strstr(r.reason_en, "staging"), "%s: names staging: %s", what,
          r.reason_en);
    for (size_t i = 0; i < r.findings.n; i++)
        CHECK(!strstr(r.findings.items[i].file, "staging"), "%s: finding names staging: %s", what,
              r.findings.items[i].file);
    import_result_free(&r);
    free(s);
}

static void test_entry_messages(void)
{
    fresh_store();
    char longname[320];
    memset(longname, 'a', 300);
    strcpy(longname + 300, ".json");
    struct fx_entry e1[] = {{.name = "lobby.json", .data = lobby_json()}, {.name = longname, .data = "{}"}};
    expect_entry_refused("300-byte name", e1, 2, "文件名太长");
    struct fx_entry e2[] = {{.name = "Lobby.json/", .type = AE_IFDIR}, {.name = "Lobby.json", .data = lobby_json()}};
    expect_entry_refused("a folder and a file of one name", e2, 2, "Lobby.json");
}

/* A 10 MB .minisig is not a signature file (it said 缺少签名文件). */
static void test_huge_signature(void)
{
    fresh_store();
    char *s = stick_zip();
    fx_sh("head -c 10000000 /dev/zero > %s/lobbysign.zip.minisig", s);
    struct import_opts o = {0};
    struct import_result r;
    CHECK(import_with(s, &o, &r) == IMPORT_REFUSED_BAD_SIGNATURE && strstr(r.reason_zh, "不是签名文件"),
          "10 MB .minisig: %s: %s", import_outcome_name(r.outcome), r.reason_zh);
    import_result_free(&r);
    free(s);
}

/* A bundle that is a symlink or a FIFO on the stick: refused (exit 1) for what it is. */
static void test_bundle_not_a_file(void)
{
    fresh_store();
    char *real = stick_at(1700002000);
    const char *kinds[] = {"symlink", "fifo"};
    for (int k = 0; k < 2; k++) {
        char *s = xasprintf("%s/stick%d", root, ++n_sticks);
        fs_mkdirs(s);
        if (k == 0)
            fx_sh("ln -s %s/lobbysign.zip %s/lobbysign.zip && cp %s/lobbysign.zip.minisig %s/", real, s, real, s);
        else
            fx_sh("mkfifo %s/lobbysign.zip && cp %s/lobbysign.zip.minisig %s/", s, real, s);
        for (int as_file = 0; as_file < 2; as_file++) {
            char *src = as_file ? fs_join(s, "lobbysign.zip") : xstrdup(s);
            struct import_opts o = {0};
            struct import_result r;
            enum import_outcome oc = import_with(src, &o, &r);
            CHECK(oc == IMPORT_REFUSED_ARCHIVE && import_outcome_exit(oc) == 1 &&
                      strstr(r.reason_zh, k == 0 ? "符号链接" : "不是普通文件"),
                  "%s (%s): %s: %s", kinds[k], as_file ? "file" : "folder", import_outcome_name(oc), r.reason_zh);
            import_result_free(&r);
            free(src);
        }
        free(s);
    }
    free(real);
}

/* A full store: the numbers in the refusal explain it (need > have). */
static void test_space_wording(void)
{
    if (geteuid() != 0) {
        printf("SKIP space wording: mounting a tmpfs needs root (CI runs as root)\n");
        return;
    }
    char *mnt = fs_join(root, "tiny");
    fs_mkdirs(mnt);
    CHECK(mount("tmpfs", mnt, "tmpfs", 0, "size=2m") == 0, "mount tmpfs: %s", strerror(errno));
    char *src = fs_join(root, "bigsrc");
    fx_sh("cp -r %s %s && head -c 1400000 /dev/urandom > %s/assets/video.bin", SAMPLE, src, src);
    char *s = xasprintf("%s/stick%d", root, ++n_sticks);
    fs_mkdirs(s);
    struct fx_list l = {0};
    fx_list_tree(&l, src, NULL, NULL);
    char *zip = fs_join(s, "lobbysign.zip");
    fx_archive(zip, "zip-store", l.v, l.n);
    fx_list_free(&l);
    fx_sign_ts(zip, &key, 1700003000);
    struct import_opts o = {.store_dir = NULL};
    struct import_result r;
    o.keys_dir = keys;
    o.store_dir = xasprintf("%s/store", mnt);
    import_run(s, &o, &r);
    unsigned long long need = 0, have = 0;
    const char *p = r.reason_en ? strstr(r.reason_en, "needs ") : NULL;
    const char *q = r.reason_en ? strstr(r.reason_en, "only ") : NULL;
    CHECK(r.outcome == IMPORT_REFUSED_NO_SPACE && p && q && sscanf(p, "needs %llu", &need) == 1 &&
              sscanf(q, "only %llu", &have) == 1 && need > have,
          "full store: %s (need %llu, have %llu)", r.reason_en, need, have);
    CHECK(r.reason_zh && strstr(r.reason_zh, "需要") && strstr(r.reason_zh, "只剩"), "zh: %s", r.reason_zh);
    import_result_free(&r);
    free((char *)o.store_dir);
    CHECK(umount(mnt) == 0, "umount");
    free(zip);
    free(s);
    free(src);
    free(mnt);
}

/* ---- 5. a forgotten signature is offered to the import (which refuses it, or takes it unsigned) ---- */

static void test_watch_lone_archive(void)
{
    char *inbox = fs_join(root, "lone-inbox");
    fs_mkdirs(inbox);
    char *s = stick_zip();
    fx_sh("cp %s/lobbysign.zip %s/", s, inbox);
    struct watch_source src;
    /* with the default grace nothing is offered at once: the .minisig may be on its way */
    struct watch *w = watch_new(&(struct watch_opts){.inbox = inbox, .mountinfo = ""});
    CHECK(w && !watch_next(w, &src), "archive alone: not offered before the grace period");
    watch_free(w);
    w = watch_new(&(struct watch_opts){.inbox = inbox, .mountinfo = "", .lone_grace_ms = -1});
    bool got = w && watch_next(w, &src);
    CHECK(got && strstr(src.archive, "lobbysign.zip"), "archive alone: offered after the grace period");
    if (got)
        watch_source_free(&src);
    CHECK(w && !watch_next(w, &src), "offered once");
    watch_free(w);
    free(s);
    free(inbox);
}

/* ---- 6. small ones: content ----------------------------------------------------------------------- */

/* The sample with its logo replaced by the bytes of a picture, and a title replaced; loaded. */
static struct snapshot *load_variant(const char *tag, const char *logo_src, size_t cut, const char *title,
                                     struct findings *f)
{
    char *dir = xasprintf("%s/%s", root, tag);
    fx_sh("rm -rf %s && cp -r %s %s", dir, SAMPLE, dir);
    if (logo_src) {
        size_t len;
        char *jpg = fx_read(logo_src, &len);
        CHECK(jpg && len > cut, "read %s", logo_src);
        char *to = xasprintf("%s/assets/photo.jpg", dir);
        fx_write(to, jpg, jpg ? len - cut : 0);
        free(to);
        free(jpg);
        fx_sh("sed -i 's#assets/logo.png#assets/photo.jpg#' %s/lobby.json", dir);
    }
    if (title)
        fx_sh("sed -i 's/武汉招商资讯/%s/' %s/lobby.json", title, dir);
    struct snapshot *snap = content_load(dir, NULL, f);
    free(dir);
    return snap;
}

static bool finding_has(const struct findings *f, enum severity sev, const char *part)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].severity == sev && strstr(f->items[i].msg_en, part))
            return true;
    return false;
}

/* A JPEG missing only its final EOI marker is taken, with a warning; one cut inside is refused. */
static void test_jpeg_missing_eoi(void)
{
    const char *jpgs[] = {TEST_SRCDIR "/tests/data/content/tiny.jpg", TEST_SRCDIR "/tests/data/content/progressive.jpg"};
    for (int i = 0; i < 2; i++) {
        struct findings f = {0};
        struct snapshot *snap = load_variant("eoi", jpgs[i], 2, NULL, &f);
        CHECK(snap != NULL && finding_has(&f, SEV_WARNING, "EOI"), "%s without EOI: taken (%zu errors) with a warning",
              jpgs[i], f.n_errors);
        snapshot_free(snap);
        findings_free(&f);
        f = (struct findings){0};
        snap = load_variant("eoi-cut", jpgs[i], 40, NULL, &f);
        CHECK(snap == NULL && finding_has(&f, SEV_ERROR, "cannot be decoded"), "%s cut inside: refused", jpgs[i]);
        snapshot_free(snap);
        findings_free(&f);
    }
}

/* Stacked combining marks (e + U+0301..U+0308) draw as a box: validate warns. */
static void test_stacked_marks(void)
{
    struct findings f = {0};
    struct snapshot *snap = load_variant("marks", NULL, 0, "Cafe\\\\u0301\\\\u0302\\\\u0303\\\\u0304\\\\u0305\\\\u0306\\\\u0307\\\\u0308", &f);
    CHECK(snap && finding_has(&f, SEV_WARNING, "stacked combining marks"), "stacked marks warned (%zu warnings)",
          f.n_warnings);
    snapshot_free(snap);
    findings_free(&f);
    f = (struct findings){0};
    snap = load_variant("viet", NULL, 0, "Vie\\\\u0323\\\\u0302t Nam", &f); /* two marks: Vietnamese, fine */
    CHECK(snap && !finding_has(&f, SEV_WARNING, "stacked combining marks"), "two marks are fine");
    snapshot_free(snap);
    findings_free(&f);
}

/* 30,000 sub-folders under the mounts folder: a rescan looks at each once (it was quadratic). */
static void test_rescan_linear(void)
{
    char *mounts = fs_join(root, "many");
    fs_mkdirs(mounts);
    /* on a tmpfs (root): this disk takes minutes to make and remove 30,000 folders */
    bool tmpfs = geteuid() == 0 && mount("tmpfs", mounts, "tmpfs", 0, "size=64m,nr_inodes=100000") == 0;
    size_t n = tmpfs ? 30000 : 3000;
    if (!tmpfs)
        printf("  (not root: %zu folders on disk instead of 30000 on a tmpfs)\n", n);
    fx_sh("cd %s && seq -f 'd%%05g' 1 %zu | xargs mkdir", mounts, n);
    struct watch *w = watch_new(&(struct watch_opts){.mounts = mounts, .mountinfo = ""});
    CHECK(w && watch_count(w) == n, "%zu folders watched (%zu)", n, watch_count(w));
    watch_handle(w); /* a second rescan over known folders */
    size_t probes = watch_rescan_probes(w);
    CHECK(probes <= 3 * n, "rescan probes %zu for %zu folders: linear", probes, n);
    fx_sh("rmdir %s/d00001 %s/d%05zu", mounts, mounts, n - 1);
    watch_handle(w);
    CHECK(watch_count(w) == n - 2 && watch_rescan_probes(w) <= 3 * n, "after two sticks went: %zu, %zu probes",
          watch_count(w), watch_rescan_probes(w));
    watch_free(w);
    if (tmpfs)
        CHECK(umount(mounts) == 0, "umount");
    fx_sh("rm -rf %s", mounts);
    free(mounts);
}

int main(void)
{
    root = fx_tmpdir("hostile");
    store = fs_join(root, "store");
    keys = fs_join(root, "keys");
    fs_mkdirs(keys);
    fx_key_new(&key, keys, "operator");
    test_rollback_range();
    test_rollback_future();
    test_store_stray_version();
    test_store_current_folder();
    test_zip_sizes_disagree();
    test_tar_dot_slash();
    test_entry_messages();
    test_huge_signature();
    test_bundle_not_a_file();
    test_space_wording();
    test_watch_lone_archive();
    test_jpeg_missing_eoi();
    test_stacked_marks();
    test_rescan_linear();
    fx_sh("rm -rf %s", root);
    free(root);
    free(store);
    free(keys);
    return check_done();
}
