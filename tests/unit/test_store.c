/* The store end to end through import_run: signatures, trust, anti-rollback, archive entries and
 * bounds, content validation, the source failing mid-copy, a full disk, start-up recovery,
 * pruning, receipts, and fault injection (a failed step or SIGKILL at each step, and at random
 * moments) checking that `current` is then exactly the old or the new content. */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>

#include "store_fixture.h"

#define SAMPLE TEST_SRCDIR "/playlists"

struct env {
    char *root, *store, *keys, *nokeys, *old_src, *new_src;
    struct fx_key key, foreign;
    unsigned long long ts;
};

static void env_init(struct env *e)
{
    memset(e, 0, sizeof *e);
    e->root = fx_tmpdir("store");
    e->store = fs_join(e->root, "store");
    e->keys = fs_join(e->root, "keys");
    e->nokeys = fs_join(e->root, "nokeys");
    fs_mkdirs(e->keys);
    fs_mkdirs(e->nokeys);
    fx_key_new(&e->key, e->keys, "operator");
    fx_key_new(&e->foreign, NULL, "foreign");
    e->ts = 1700000000;
    /* two valid contents that differ: the sample, and the sample with another headline */
    e->old_src = SAMPLE;
    e->new_src = fs_join(e->root, "newsrc");
    fx_sh("cp -r %s %s && sed -i 's/156.02/157.5/' %s/lobby.json", SAMPLE, e->new_src, e->new_src);
}

static void env_free(struct env *e)
{
    fx_sh("rm -rf %s", e->root);
    free(e->root);
    free(e->store);
    free(e->keys);
    free(e->nokeys);
    free(e->new_src);
}

/* A stick folder named tag holding lobbysign.zip made from the content folder src. */
static char *stick_from(struct env *e, const char *tag, const char *src, const char *format, const char *prefix)
{
    char *dir = fs_join(e->root, tag);
    fs_mkdirs(dir);
    struct fx_list l = {0};
    if (prefix) {
        char *p = fx_own(&l, xasprintf("%s/", prefix));
        fx_list_add(&l, (struct fx_entry){.name = p, .type = AE_IFDIR});
    }
    fx_list_tree(&l, src, NULL, prefix);
    char *zip = fs_join(dir, strcmp(format, "tar") == 0 ? "lobbysign.tar" : "lobbysign.zip");
    fx_archive(zip, format, l.v, l.n);
    fx_list_free(&l);
    free(zip);
    return dir;
}

static char *stick_path(const char *dir)
{
    char *p = fs_join(dir, "lobbysign.zip");
    if (access(p, F_OK) != 0) {
        free(p);
        p = fs_join(dir, "lobbysign.tar");
    }
    return p;
}

static void sign_stick(struct env *e, const char *dir, unsigned long long ts)
{
    char *p = stick_path(dir);
    fx_sign_ts(p, &e->key, ts);
    free(p);
}

/* A signed stick with the given entries. */
static char *stick_entries(struct env *e, const char *tag, const char *format, const struct fx_entry *v, size_t n)
{
    char *dir = fs_join(e->root, tag);
    fs_mkdirs(dir);
    char *zip = fs_join(dir, strcmp(format, "tar") == 0 ? "lobbysign.tar" : "lobbysign.zip");
    fx_archive(zip, format, v, n);
    fx_sign_ts(zip, &e->key, ++e->ts);
    free(zip);
    return dir;
}

static enum import_outcome run_import(struct env *e, const char *src, struct import_opts *o, struct import_result *r)
{
    struct import_opts d = {.store_dir = e->store, .keys_dir = e->keys};
    if (!o)
        o = &d;
    if (!o->store_dir)
        o->store_dir = e->store;
    if (!o->keys_dir)
        o->keys_dir = e->keys;
    import_run(src, o, r);
    return r->outcome;
}

static bool current_is(struct env *e, const char *src)
{
    char *cur = fs_join(e->store, "current");
    bool same = fx_same_tree(cur, src);
    free(cur);
    return same;
}

/* No staging folder or temporary file is left in the store. */
static bool store_clean(struct env *e)
{
    DIR *d = opendir(e->store);
    bool clean = true;
    for (struct dirent *de; d && (de = readdir(d));)
        if (strncmp(de->d_name, ".staging-", 9) == 0 || strstr(de->d_name, ".tmp"))
            clean = false;
    if (d)
        closedir(d);
    return clean;
}

static bool has_finding(const struct findings *f, const char *file_part, const char *zh_part)
{
    for (size_t i = 0; i < f->n; i++)
        if ((!file_part || (f->items[i].file && strstr(f->items[i].file, file_part))) &&
            (!zh_part || strstr(f->items[i].msg_zh, zh_part)))
            return true;
    return false;
}

/* ---- minisign primitives ---------------------------------------------------------------------- */

static void test_minisig(void)
{
    /* Key ids read as minisign prints them in a .pub comment: no leading zeros. */
    char idstr[17];
    const uint8_t lead_zero[8] = {0x34, 0x12, 0, 0, 0, 0, 0, 0x0E};
    minisig_keyid_str(lead_zero, idstr);
    CHECK(strcmp(idstr, "E00000000001234") == 0, "key id %s, want E00000000001234", idstr);
    const uint8_t full[8] = {0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0xF1};
    minisig_keyid_str(full, idstr);
    CHECK(strcmp(idstr, "F123456789ABCDEF") == 0, "key id %s, want F123456789ABCDEF", idstr);
    const uint8_t zero[8] = {0};
    minisig_keyid_str(zero, idstr);
    CHECK(strcmp(idstr, "0") == 0, "key id %s, want 0", idstr);

    struct fx_key k, other;
    fx_key_new(&k, NULL, NULL);
    fx_key_new(&other, NULL, NULL);
    const char msg[] = "bundle bytes";
    uint8_t hash[64];
    struct minisig_hasher h;
    minisig_hash_init(&h);
    minisig_hash_update(&h, msg, 6);
    minisig_hash_update(&h, msg + 6, sizeof msg - 7);
    minisig_hash_final(&h, hash);
    uint8_t direct[64];
    crypto_generichash_blake2b(direct, 64, (const unsigned char *)msg, sizeof msg - 1, NULL, 0);
    CHECK(memcmp(hash, direct, 64) == 0, "incremental BLAKE2b-512 equals one-shot");

    char *text = minisig_sign(&k.sk, hash, "timestamp:42\tfile:x\thashed");
    struct minisig_sig sig;
    const char *why = NULL;
    CHECK(minisig_sig_parse(text, strlen(text), &sig, &why), "parse own signature: %s", why);
    CHECK(sig.prehashed, "ED");
    CHECK(minisig_verify(&sig, &k.pk, hash, NULL, 0) == MINISIG_VALID, "valid");
    CHECK(minisig_verify(&sig, &other.pk, hash, NULL, 0) == MINISIG_WRONG_KEY, "other key id");
    struct minisig_pubkey same_id = other.pk;
    memcpy(same_id.key_id, k.pk.key_id, 8);
    CHECK(minisig_verify(&sig, &same_id, hash, NULL, 0) == MINISIG_BAD_SIGNATURE, "same id, other key");
    uint8_t h2[64];
    memcpy(h2, hash, 64);
    h2[5] ^= 1;
    CHECK(minisig_verify(&sig, &k.pk, h2, NULL, 0) == MINISIG_BAD_SIGNATURE, "changed hash");
    free(sig.trusted_comment);
    sig.trusted_comment = xstrdup("timestamp:43\tfile:x\thashed");
    CHECK(minisig_verify(&sig, &k.pk, hash, NULL, 0) == MINISIG_BAD_COMMENT, "edited trusted comment");
    minisig_sig_clear(&sig);
    free(text);

    /* legacy "Ed": the signature is over the message itself */
    uint8_t raw[74] = {'E', 'd'}, gs[64];
    memcpy(raw + 2, k.sk.key_id, 8);
    crypto_sign_detached(raw + 10, NULL, (const unsigned char *)msg, sizeof msg - 1, k.sk.sk);
    const char *tc = "timestamp:7";
    uint8_t g[64 + 11];
    memcpy(g, raw + 10, 64);
    memcpy(g + 64, tc, 11);
    crypto_sign_detached(gs, NULL, g, sizeof g, k.sk.sk);
    char b1[120], b2[100];
    sodium_bin2base64(b1, sizeof b1, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(b2, sizeof b2, gs, sizeof gs, sodium_base64_VARIANT_ORIGINAL);
    char *legacy = xasprintf("untrusted comment: x\r\n%s\r\ntrusted comment: %s\r\n%s\r\n", b1, tc, b2);
    CHECK(minisig_sig_parse(legacy, strlen(legacy), &sig, &why), "legacy parse (CRLF): %s", why);
    CHECK(!sig.prehashed, "Ed");
    CHECK(minisig_verify(&sig, &k.pk, hash, msg, sizeof msg - 1) == MINISIG_VALID, "legacy valid");
    CHECK(minisig_verify(&sig, &k.pk, hash, "bundle bytez", sizeof msg - 1) == MINISIG_BAD_SIGNATURE,
          "legacy changed message");
    minisig_sig_clear(&sig);
    free(legacy);

    const char *bad[] = {"", "untrusted comment: x\n", "untrusted comment: x\nAAAA\n",
                         "untrusted comment: x\nRUQ=\ntrusted comment: t\nAAAA\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!minisig_sig_parse(bad[i], strlen(bad[i]), &sig, &why), "malformed signature %zu refused", i);

    uint64_t ts = 0;
    CHECK(minisig_comment_timestamp("timestamp:1700000000\tfile:a.zip\thashed", &ts) && ts == 1700000000, "ts");
    CHECK(minisig_comment_timestamp("file:a\ttimestamp:5", &ts) && ts == 5, "ts not first");
    CHECK(!minisig_comment_timestamp("file:a.zip\thashed", &ts), "no ts");
    CHECK(!minisig_comment_timestamp("timestamp:12x", &ts), "ts with junk");
    CHECK(!minisig_comment_timestamp("mytimestamp:12", &ts), "ts inside a word");

    char id[17];
    uint8_t kid[8] = {0x21, 0x3c, 0x5a, 0x34, 0x25, 0x96, 0xcb, 0x3b};
    minisig_keyid_str(kid, id);
    CHECK(strcmp(id, "3BCB9625345A3C21") == 0, "key id printed as minisign does: %s", id);
    /* a real minisign public key */
    const char *pub = "untrusted comment: minisign public key 3BCB9625345A3C21\n"
                      "RWQhPFo0JZbLO+sMNtFJmml5eB3cX7UjHKq7szGUG5bwvCpjpdpFl0Jf\n";
    struct minisig_pubkey pk;
    CHECK(minisig_pubkey_parse(pub, strlen(pub), &pk, &why) && memcmp(pk.key_id, kid, 8) == 0, "minisign .pub");
}

/* ---- import: the good path, both layouts, zip and tar ----------------------------------------- */

struct phase_log {
    enum import_phase seen[64];
    int n;
    uint64_t max_extract;
};

static bool log_phase(void *ctx, enum import_phase ph, uint64_t done, uint64_t total)
{
    struct phase_log *pl = ctx;
    if (pl->n == 0 || pl->seen[pl->n - 1] != ph) {
        if (pl->n < 64)
            pl->seen[pl->n++] = ph;
    }
    if (ph == IMPORT_PHASE_EXTRACT && done > pl->max_extract)
        pl->max_extract = done;
    CHECK(!total || done <= total || ph == IMPORT_PHASE_EXTRACT, "progress done %llu <= total %llu",
          (unsigned long long)done, (unsigned long long)total);
    return true;
}

static void test_good(struct env *e)
{
    char *s1 = stick_from(e, "good-zip", e->old_src, "zip", NULL);
    sign_stick(e, s1, ++e->ts);
    struct phase_log pl = {0};
    struct import_opts o = {.progress = log_phase, .progress_ctx = &pl};
    struct import_result r;
    CHECK(run_import(e, s1, &o, &r) == IMPORT_INSTALLED, "good zip installed: %s", r.reason_en);
    CHECK_STR(r.version, "v1", "first version");
    CHECK(r.content_dir && strlen(r.content_dir) > 3 && strcmp(r.content_dir + strlen(r.content_dir) - 3, "/v1") == 0,
          "content_dir is the version folder: %s", r.content_dir ? r.content_dir : "-");
    CHECK(r.n_playlists == 2 && r.n_slides == 23, "counts %zu %zu", r.n_playlists, r.n_slides);
    CHECK(r.is_signed && r.timestamp == e->ts, "signed, timestamp");
    char id[17];
    minisig_keyid_str(e->key.pk.key_id, id);
    CHECK(strcmp(r.key_id, id) == 0, "signer key id %s, want %s", r.key_id, id);
    CHECK(current_is(e, e->old_src), "current holds the bundle's files");
    CHECK(store_clean(e), "no staging left");
    const enum import_phase want[] = {IMPORT_PHASE_COPY,     IMPORT_PHASE_VERIFY,  IMPORT_PHASE_EXTRACT,
                                      IMPORT_PHASE_VALIDATE, IMPORT_PHASE_INSTALL, IMPORT_PHASE_DONE};
    CHECK(pl.n == 6 && memcmp(pl.seen, want, sizeof want) == 0, "phases in order (%d seen)", pl.n);
    CHECK(strstr(r.reason_zh, "已更新：2 个播放列表，23 张幻灯片") != NULL, "reason: %s", r.reason_zh);
    import_result_free(&r);

    /* the folder itself zipped (one top folder), as a tar */
    char *s2 = stick_from(e, "good-tar", e->new_src, "tar", "content");
    sign_stick(e, s2, ++e->ts);
    CHECK(run_import(e, s2, NULL, &r) == IMPORT_INSTALLED, "tar of the folder itself: %s", r.reason_en);
    CHECK(current_is(e, e->new_src), "current is the new content");
    CHECK_STR(r.version, "v2", "second version");
    import_result_free(&r);

    /* stored zip, given as the file rather than the folder */
    char *s3 = stick_from(e, "good-store", e->old_src, "zip-store", NULL);
    sign_stick(e, s3, ++e->ts);
    char *zip = stick_path(s3);
    CHECK(run_import(e, zip, NULL, &r) == IMPORT_INSTALLED, "stored zip by file name: %s", r.reason_en);
    CHECK(current_is(e, e->old_src), "back to the old content");
    import_result_free(&r);

    struct store_status st;
    CHECK(store_status_read(e->store, &st), "status");
    CHECK(st.current == 3 && st.n_versions == 2 && st.versions[0].number == 2, "keep 2: v2, v3 (current %d, %zu)",
          st.current, st.n_versions);
    CHECK(st.max_timestamp == e->ts, "counter");
    CHECK(st.last_import_json && strstr(st.last_import_json, "\"installed\""), "last import recorded");
    store_status_free(&st);

    /* check-only: a valid bundle changes nothing */
    char *s4 = stick_from(e, "check", e->new_src, "zip", NULL);
    sign_stick(e, s4, ++e->ts);
    struct import_opts co = {.store_dir = e->store, .keys_dir = e->keys};
    import_check(s4, &co, &r);
    CHECK(r.outcome == IMPORT_INSTALLED && !r.version, "check says it would install: %s", r.reason_en);
    CHECK(current_is(e, e->old_src) && store_current(e->store) == 3, "check installed nothing");
    import_result_free(&r);
    free(zip);
    free(s1);
    free(s2);
    free(s3);
    free(s4);
}

/* ---- refusals: each leaves what plays untouched ----------------------------------------------- */

static void expect_refused(struct env *e, const char *what, const char *src, struct import_opts *o,
                           enum import_outcome want, const char *zh_part)
{
    int before = store_current(e->store);
    struct import_result r;
    enum import_outcome got = run_import(e, src, o, &r);
    CHECK(got == want, "%s: outcome %s, want %s (%s)", what, import_outcome_name(got), import_outcome_name(want),
          r.reason_en);
    CHECK(!zh_part || (r.reason_zh && strstr(r.reason_zh, zh_part)), "%s: reason %s lacks %s", what, r.reason_zh,
          zh_part);
    CHECK(store_current(e->store) == before, "%s: current unchanged", what);
    CHECK(!before || (r.version && strcmp(r.version + 1, "0") != 0), "%s: reports what still plays", what);
    CHECK(store_clean(e), "%s: no staging left", what);
    CHECK(import_outcome_exit(got) == (got == IMPORT_FAILED_SOURCE || got == IMPORT_FAILED_IO ||
                                               got == IMPORT_CANCELLED
                                           ? 2
                                           : 1),
          "%s: exit code", what);
    import_result_free(&r);
}

static void test_signatures(struct env *e)
{
    char *s = stick_from(e, "sig-missing", e->new_src, "zip", NULL);
    expect_refused(e, "missing signature", s, NULL, IMPORT_REFUSED_NO_SIGNATURE, "缺少签名");
    free(s);

    s = stick_from(e, "sig-garbage", e->new_src, "zip", NULL);
    fx_sh("echo 'not a signature' > %s/lobbysign.zip.minisig", s);
    expect_refused(e, "garbage signature", s, NULL, IMPORT_REFUSED_BAD_SIGNATURE, "签名无效");
    free(s);

    s = stick_from(e, "sig-foreign", e->new_src, "zip", NULL);
    char *zip = stick_path(s);
    fx_sign_ts(zip, &e->foreign, ++e->ts);
    expect_refused(e, "foreign key", s, NULL, IMPORT_REFUSED_UNTRUSTED_KEY, "不是受信任的密钥");
    free(zip);
    free(s);

    /* one byte changed after signing */
    s = stick_from(e, "sig-byte", e->new_src, "zip-store", NULL);
    zip = stick_path(s);
    fx_sign_ts(zip, &e->key, ++e->ts);
    size_t len;
    char *data = fx_read(zip, &len);
    data[len / 2] ^= 0x20;
    fx_write(zip, data, len);
    free(data);
    expect_refused(e, "byte changed after signing", s, NULL, IMPORT_REFUSED_BAD_SIGNATURE, "文件与签名不符");
    free(zip);
    free(s);

    /* trusted comment edited: a later timestamp written in by hand */
    s = stick_from(e, "sig-comment", e->new_src, "zip", NULL);
    zip = stick_path(s);
    fx_sign_ts(zip, &e->key, ++e->ts);
    fx_sh("sed -i 's/^trusted comment: timestamp:[0-9]*/trusted comment: timestamp:4000000000/' %s.minisig", zip);
    expect_refused(e, "trusted comment edited", s, NULL, IMPORT_REFUSED_BAD_SIGNATURE, "可信注释");
    free(zip);
    free(s);

    /* no timestamp in the trusted comment */
    s = stick_from(e, "sig-nots", e->new_src, "zip", NULL);
    zip = stick_path(s);
    fx_sign(zip, &e->key, "file:lobbysign.zip");
    expect_refused(e, "no timestamp", s, NULL, IMPORT_REFUSED_NO_TIMESTAMP, "minisign -Sm");
    free(zip);
    free(s);

    /* older and equal timestamps; then the admin override */
    unsigned long long installed = store_max_timestamp(e->store);
    s = stick_from(e, "sig-older", e->new_src, "zip", NULL);
    sign_stick(e, s, installed - 1);
    expect_refused(e, "older timestamp", s, NULL, IMPORT_REFUSED_OLDER, "版本比当前旧");
    sign_stick(e, s, installed);
    expect_refused(e, "equal timestamp", s, NULL, IMPORT_REFUSED_OLDER, "版本比当前旧");
    struct import_opts force = {.allow_older = true};
    struct import_result r;
    CHECK(run_import(e, s, &force, &r) == IMPORT_INSTALLED, "--allow-older installs: %s", r.reason_en);
    CHECK(current_is(e, e->new_src), "forced content plays");
    import_result_free(&r);
    CHECK(store_max_timestamp(e->store) == installed, "forcing an older bundle keeps the counter");
    free(s);

    /* trust: no keys at all */
    s = stick_from(e, "unsigned", e->old_src, "zip", NULL);
    struct import_opts nk = {.keys_dir = e->nokeys};
    expect_refused(e, "no keys", s, &nk, IMPORT_REFUSED_NO_KEYS, "没有受信任的公钥");
    struct import_opts un = {.keys_dir = e->nokeys, .allow_unsigned = true};
    CHECK(run_import(e, s, &un, &r) == IMPORT_INSTALLED && !r.is_signed, "allow_unsigned imports: %s", r.reason_en);
    CHECK(strstr(r.reason_en, "unsigned") != NULL, "result says unsigned: %s", r.reason_en);
    char *txt = import_receipt_text(&r, NULL);
    CHECK(strstr(txt, "未签名内容") != NULL, "receipt says 未签名内容");
    free(txt);
    import_result_free(&r);
    struct import_opts un_keys = {.allow_unsigned = true};
    expect_refused(e, "allow_unsigned with keys installed", s, &un_keys, IMPORT_REFUSED_NO_SIGNATURE, NULL);
    free(s);
}

static void test_entries(struct env *e)
{
    const char *playlist = NULL;
    size_t plen = 0;
    char *pl = fx_read(SAMPLE "/lobby-portrait.json", &plen);
    playlist = pl;
    struct {
        const char *what, *format;
        struct fx_entry bad;
        const char *zh;
    } cases[] = {
        {"traversal", "zip", {.name = "../evil.json", .data = "{}"}, ".."},
        {"deep traversal", "tar", {.name = "assets/../../evil.json", .data = "{}"}, ".."},
        {"absolute", "tar", {.name = "/tmp/evil.json", .data = "{}"}, "绝对路径"},
        {"symlink", "tar", {.name = "assets/link.png", .type = AE_IFLNK, .link = "/etc/passwd"}, "符号链接"},
        {"zip symlink", "zip", {.name = "link.json", .type = AE_IFLNK, .link = "../x"}, "符号链接"},
        {"hard link", "tar", {.name = "hard.json", .hardlink = true, .link = "lobby.json"}, "硬链接"},
        {"device", "tar", {.name = "dev", .type = AE_IFCHR}, "设备"},
        {"fifo", "tar", {.name = "fifo", .type = AE_IFIFO}, "FIFO"},
        {"name in neither UTF-8 nor GB18030", "zip", {.name = "\xff\xfe.json", .data = "{}"}, "\\xFF\\xFE.json"},
        {"control character in name", "zip", {.name = "my\x01file.json", .data = "{}"}, "控制字符"},
        {"leading space in name", "zip", {.name = " my.json", .data = "{}"}, "空格"},
        {"duplicate name", "zip", {.name = "lobby.json", .data = "{}"}, "重复"},
        {"too deep", "zip", {.name = "a/b/c/d/e/f/g/h/i.png", .data = "x"}, "层级"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fx_entry v[2] = {{.name = "lobby.json", .data = playlist, .size = plen}, cases[i].bad};
        char tag[32];
        snprintf(tag, sizeof tag, "entry-%zu", i);
        char *s = stick_entries(e, tag, cases[i].format, v, 2);
        struct import_result r;
        run_import(e, s, NULL, &r);
        CHECK(r.outcome == IMPORT_REFUSED_ARCHIVE, "%s: refused as archive (%s: %s)", cases[i].what,
              import_outcome_name(r.outcome), r.reason_en);
        CHECK(has_finding(&r.findings, NULL, cases[i].zh), "%s: finding says %s (%s)", cases[i].what, cases[i].zh,
              r.reason_zh);
        CHECK(strstr(r.reason_zh, "压缩包有误") != NULL, "%s: reason %s", cases[i].what, r.reason_zh);
        CHECK(access("/tmp/evil.json", F_OK) != 0, "%s: nothing written outside", cases[i].what);
        CHECK(store_clean(e), "%s: staging removed", cases[i].what);
        import_result_free(&r);
        free(s);
    }

    /* 10,000 entries: refused at the count bound, before anything is written */
    size_t n = 10000;
    struct fx_entry *many = xcalloc(n, sizeof *many);
    char **names = xcalloc(n, sizeof *names);
    many[0] = (struct fx_entry){.name = "lobby.json", .data = playlist, .size = plen};
    for (size_t i = 1; i < n; i++) {
        names[i] = xasprintf("assets/f%05zu.txt", i);
        many[i] = (struct fx_entry){.name = names[i], .data = "x"};
    }
    char *s = stick_entries(e, "many", "zip", many, n);
    expect_refused(e, "10,000 entries", s, NULL, IMPORT_REFUSED_ARCHIVE, "文件数超过上限");
    free(s);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(many);

    /* zip bomb: 40 MB of zeros deflate to ~40 KB; refused by its ratio while inflating */
    struct fx_entry bomb[2] = {{.name = "lobby.json", .data = playlist, .size = plen},
                               {.name = "assets/bomb.png", .size = 40u << 20}};
    s = stick_entries(e, "bomb", "zip", bomb, 2);
    struct phase_log plog = {0};
    struct import_opts bo = {.progress = log_phase, .progress_ctx = &plog};
    expect_refused(e, "zip bomb", s, &bo, IMPORT_REFUSED_ARCHIVE, "压缩比");
    CHECK(plog.max_extract > 0 && plog.max_extract < (8u << 20), "bomb stopped while inflating (after %llu bytes)",
          (unsigned long long)plog.max_extract);
    free(s);

    /* per-file and total bounds from the options */
    struct bundle_limits small;
    bundle_limits_default(&small);
    small.max_file = 4096;
    struct import_opts lo = {.limits = &small};
    struct fx_entry big[2] = {{.name = "lobby.json", .data = playlist, .size = plen},
                              {.name = "assets/big.png", .size = 5000}};
    s = stick_entries(e, "bigfile", "tar", big, 2);
    expect_refused(e, "file over the bound", s, &lo, IMPORT_REFUSED_ARCHIVE, "文件超过上限");
    free(s);

    /* not an archive at all, and an empty one */
    s = fs_join(e->root, "notzip");
    fs_mkdirs(s);
    fx_sh("head -c 5000 /dev/urandom > %s/lobbysign.zip", s);
    sign_stick(e, s, ++e->ts);
    expect_refused(e, "not an archive", s, NULL, IMPORT_REFUSED_ARCHIVE, "压缩包");
    free(s);
    s = stick_entries(e, "empty", "zip", NULL, 0);
    expect_refused(e, "empty archive", s, NULL, IMPORT_REFUSED_ARCHIVE, "空");
    free(s);
    free(pl);
}

static bool extra_hook(void *ctx, const char *dir, const struct import_result *r)
{
    ++*(int *)ctx;
    char *p = fs_join(dir, "lobbysign-preview");
    bool ok = fs_mkdirs(p);
    free(p);
    return ok && r != NULL;
}

static void test_content_invalid(struct env *e)
{
    char *bad = fs_join(e->root, "badsrc");
    fx_sh("cp -r %s %s && sed -i 's/\"value\": 156.02/\"value\": \"x\"/' %s/lobby.json", SAMPLE, bad, bad);
    char *s = stick_from(e, "badcontent", bad, "zip", NULL);
    sign_stick(e, s, ++e->ts);
    int before = store_current(e->store);
    struct import_result r;
    CHECK(run_import(e, s, NULL, &r) == IMPORT_REFUSED_CONTENT, "invalid content refused: %s", r.reason_en);
    CHECK(store_current(e->store) == before && store_clean(e), "nothing installed");
    const struct finding *f = NULL;
    for (size_t i = 0; i < r.findings.n && !f; i++)
        if (r.findings.items[i].severity == SEV_ERROR)
            f = &r.findings.items[i];
    CHECK(f && strcmp(f->file, "lobby.json") == 0 && f->line == 164, "finding names lobby.json:164 (%s:%d)",
          f ? f->file : "-", f ? f->line : 0);
    CHECK(strstr(r.reason_zh, "内容有误：lobby.json:164: 应为数字") != NULL, "reason %s", r.reason_zh);

    /* the receipt names file and line, in both files */
    char *dir = fs_join(e->root, "receipt");
    fs_mkdirs(dir);
    int extra_calls = 0;
    struct receipt_info info = {.screen_name = "大厅 1", .extra = extra_hook, .extra_ctx = &extra_calls};
    CHECK(import_write_receipt(dir, &r, &info), "receipt written");
    CHECK(extra_calls == 1, "the preview hook ran once");
    char *p = fs_join(dir, "lobbysign-receipt.txt");
    char *txt = fx_read(p, NULL);
    CHECK(txt && strstr(txt, "lobby.json:164: slides[4].cards[0].value: 错误: 应为数字"), "txt names the line: %s",
          txt ? txt : "-");
    CHECK(txt && strstr(txt, "未更新") && strstr(txt, "屏幕 / screen: 大厅 1"), "txt result and screen");
    CHECK(txt && !strstr(txt, "可以拔出U盘"), "no 'remove the stick' before an install");
    free(txt);
    free(p);
    p = fs_join(dir, "lobbysign-receipt.json");
    txt = fx_read(p, NULL);
    json_t *j = txt ? json_loads(txt, 0, NULL) : NULL;
    json_t *e0 = json_array_get(json_object_get(j, "errors"), 0);
    CHECK(e0 && strcmp(json_string_value(json_object_get(e0, "file")), "lobby.json") == 0 &&
              json_integer_value(json_object_get(e0, "line")) == 164,
          "json names the line: %s", txt ? txt : "-");
    CHECK(json_is_false(json_object_get(j, "installed")), "json: not installed");
    json_decref(j);
    free(txt);
    free(p);
    fx_sh("test -z \"$(ls -A %s | grep -v '^lobbysign-receipt\\.\\(txt\\|json\\)$' | grep -v '^lobbysign-preview$')\"",
          dir);
    CHECK(!import_write_receipt("/nonexistent/dir", &r, NULL), "unwritable folder: false");
    import_result_free(&r);
    free(dir);
    free(s);
    free(bad);
}

/* ---- the source failing while it is read; cancel; a full disk -------------------------------- */

struct truncate_ctx {
    const char *path;
    bool done;
};

static bool truncate_mid_copy(void *ctx, enum import_phase ph, uint64_t done, uint64_t total)
{
    struct truncate_ctx *t = ctx;
    if (ph == IMPORT_PHASE_COPY && !t->done && done < total) {
        CHECK(truncate(t->path, (off_t)(total / 2)) == 0, "truncate");
        t->done = true;
    }
    return true;
}

static bool cancel_in_extract(void *ctx, enum import_phase ph, uint64_t done, uint64_t total)
{
    return ph != IMPORT_PHASE_EXTRACT;
}

static void test_source_and_disk(struct env *e)
{
    /* big enough to take several copy chunks: a 4 MB random asset, stored */
    char *src = fs_join(e->root, "bigsrc");
    fx_sh("cp -r %s %s && head -c 4000000 /dev/urandom > %s/assets/video.bin", SAMPLE, src, src);
    char *s = stick_from(e, "truncated", src, "zip-store", NULL);
    sign_stick(e, s, ++e->ts);
    char *zip = stick_path(s);
    struct truncate_ctx tc = {.path = zip};
    struct import_opts o = {.progress = truncate_mid_copy, .progress_ctx = &tc};
    expect_refused(e, "source truncated mid-copy", s, &o, IMPORT_FAILED_SOURCE, "U盘已拔出");
    CHECK(tc.done, "the source was truncated during the copy");
    free(zip);
    free(s);

    s = stick_from(e, "cancel", e->new_src, "zip", NULL);
    sign_stick(e, s, ++e->ts);
    struct import_opts co = {.progress = cancel_in_extract};
    expect_refused(e, "cancelled", s, &co, IMPORT_CANCELLED, "取消");
    free(s);

    /* the inbox: a half-written archive (rsync's temporary name) and a cut-off one */
    char *inbox = fs_join(e->root, "inbox");
    fs_mkdirs(inbox);
    char *full = stick_from(e, "inbox-src", e->new_src, "zip", NULL);
    sign_stick(e, full, ++e->ts);
    fx_sh("head -c 1000 %s/lobbysign.zip > %s/.lobbysign.zip.Xa3f9 && cp %s/lobbysign.zip.minisig %s/", full, inbox,
          full, inbox);
    expect_refused(e, "inbox: only a temporary name", inbox, NULL, IMPORT_REFUSED_NO_BUNDLE, "没有 lobbysign.zip");
    fx_sh("mv %s/.lobbysign.zip.Xa3f9 %s/lobbysign.zip", inbox, inbox);
    expect_refused(e, "inbox: half-written archive", inbox, NULL, IMPORT_REFUSED_BAD_SIGNATURE, "签名无效");
    fx_sh("cp %s/lobbysign.zip %s/lobbysign.zip", full, inbox);
    struct import_result r;
    CHECK(run_import(e, inbox, NULL, &r) == IMPORT_INSTALLED, "inbox: complete archive: %s", r.reason_en);
    import_result_free(&r);
    free(full);
    free(inbox);

    /* a full disk: a small tmpfs as the store */
    if (geteuid() != 0) {
        printf("SKIP full-disk test: mounting a tmpfs needs root (CI runs as root)\n");
    } else {
        char *mnt = fs_join(e->root, "tiny");
        fs_mkdirs(mnt);
        CHECK(mount("tmpfs", mnt, "tmpfs", 0, "size=4m") == 0, "mount tmpfs: %s", strerror(errno));
        struct env t = *e;
        t.store = fs_join(mnt, "store");
        char *ok = stick_from(e, "tiny-ok", e->old_src, "zip", NULL);
        sign_stick(e, ok, ++e->ts);
        CHECK(run_import(&t, ok, NULL, &r) == IMPORT_INSTALLED, "small bundle fits: %s", r.reason_en);
        import_result_free(&r);
        /* a 4 MB copy does not fit in what is left of 4 MB */
        s = stick_from(e, "tiny-big", src, "zip-store", NULL);
        sign_stick(e, s, ++e->ts);
        expect_refused(&t, "full disk (copy)", s, NULL, IMPORT_REFUSED_NO_SPACE, "存储空间不足");
        free(s);
        /* 3 MB of base64 text deflate to ~2.3 MB: the copy fits, the unpacked content does not */
        char *zsrc = fs_join(e->root, "zsrc");
        fx_sh("cp -r %s %s && head -c 2250000 /dev/urandom | base64 > %s/assets/text.bin", SAMPLE, zsrc, zsrc);
        s = stick_from(e, "tiny-zeros", zsrc, "zip", NULL);
        sign_stick(e, s, ++e->ts);
        expect_refused(&t, "full disk (unpacked)", s, NULL, IMPORT_REFUSED_NO_SPACE, "存储空间不足");
        CHECK(current_is(&t, e->old_src), "what played still plays, intact");
        free(s);
        free(zsrc);
        free(ok);
        CHECK(umount(mnt) == 0, "umount");
        free(t.store);
        free(mnt);
    }
    free(src);
}

/* ---- start-up recovery and pruning ------------------------------------------------------------ */

static void test_recovery(struct env *e)
{
    struct env t = *e;
    t.store = fs_join(e->root, "rstore");
    char *a = stick_from(e, "rec-a", e->old_src, "zip", NULL), *b = stick_from(e, "rec-b", e->new_src, "zip", NULL);
    struct import_result r;
    char *zh, *en, *play;

    play = store_recover(t.store, NULL, &zh, &en);
    CHECK(!play && !zh && !en, "empty store: the built-in sample, silently");
    sign_stick(e, a, ++e->ts);
    run_import(&t, a, NULL, &r);
    import_result_free(&r);
    sign_stick(e, b, ++e->ts);
    run_import(&t, b, NULL, &r);
    import_result_free(&r);
    CHECK(store_current(t.store) == 2, "v2 current");

    /* leftovers of a cut-off import */
    fx_sh("mkdir -p %s/.staging-3/x && touch %s/.staging-3/bundle %s/state.json.tmp.99 && ln -s v9 %s/current.tmp",
          t.store, t.store, t.store, t.store);
    fx_sh("cp -r %s/v2 %s/v3", t.store, t.store); /* renamed, never made current */
    play = store_recover(t.store, NULL, &zh, &en);
    CHECK(play && !zh, "current valid: plays it, nothing to say");
    CHECK(store_clean(&t), "leftovers removed");
    char *v3 = fs_join(t.store, "v3");
    CHECK(access(v3, F_OK) != 0, "a version newer than current is removed");
    free(v3);
    free(play);

    /* current's content damaged: fall back to v1 and say so */
    fx_sh("echo '{broken' > %s/v2/lobby.json", t.store);
    play = store_recover(t.store, NULL, &zh, &en);
    CHECK(play && store_current(t.store) == 1, "fell back to v1");
    CHECK(play && strcmp(play + strlen(play) - 3, "/v1") == 0, "plays the v1 folder: %s", play ? play : "-");
    CHECK(zh && strstr(zh, "v2") && strstr(zh, "v1") && en && strstr(en, "fell back"), "says so: %s / %s", zh, en);
    struct store_status st;
    store_status_read(t.store, &st);
    CHECK(st.recovery_en && strstr(st.recovery_en, "fell back"), "status tells the recovery");
    store_status_free(&st);
    free(zh);
    free(en);
    free(play);

    /* current missing */
    fx_sh("rm %s/current", t.store);
    play = store_recover(t.store, NULL, &zh, &en);
    CHECK(play && store_current(t.store) == 1 && zh, "missing current: the newest valid version (%s)", en);
    free(zh);
    free(en);
    free(play);

    /* nothing valid left: the built-in sample */
    fx_sh("echo '{broken' > %s/v1/lobby.json", t.store);
    play = store_recover(t.store, NULL, &zh, &en);
    CHECK(!play && zh && strstr(zh, "内置示例"), "nothing valid: the sample, and says so");
    free(zh);
    free(en);

    /* a later import clears the recovery note */
    sign_stick(e, a, ++e->ts);
    run_import(&t, a, NULL, &r);
    import_result_free(&r);
    store_status_read(t.store, &st);
    CHECK(!st.recovery_en, "recovery note cleared by an install");
    store_status_free(&st);

    /* keep: at most N versions */
    struct import_opts k3 = {.keep = 3};
    for (int i = 0; i < 4; i++) {
        sign_stick(e, i % 2 ? a : b, ++e->ts);
        run_import(&t, i % 2 ? a : b, &k3, &r);
        import_result_free(&r);
    }
    store_status_read(t.store, &st);
    CHECK(st.n_versions == 3 && st.versions[2].number == st.current, "keep 3: %zu versions", st.n_versions);
    store_status_free(&st);
    fx_sh("rm -rf %s", t.store);
    free(t.store);
    free(a);
    free(b);
}

/* ---- fault injection ------------------------------------------------------------------------- */

struct fault_ctx {
    int calls, fail_at; /* fail (or die) at call number fail_at; -1 never */
    bool kill;
    char steps[256][24];
};

static bool fault_hook(void *ctx, const char *step)
{
    struct fault_ctx *f = ctx;
    int k = f->calls++;
    if (k < 256)
        snprintf(f->steps[k], sizeof f->steps[k], "%s", step);
    if (k != f->fail_at)
        return false;
    if (f->kill)
        raise(SIGKILL);
    return true;
}

/* A fresh store playing the old content, and a signed stick with the new one. */
static void fault_setup(struct env *e, struct env *t, const char *old_stick, const char *new_stick)
{
    fx_sh("rm -rf %s", t->store);
    struct import_result r;
    sign_stick(e, old_stick, ++e->ts);
    CHECK(run_import(t, old_stick, NULL, &r) == IMPORT_INSTALLED, "fault setup: %s", r.reason_en);
    import_result_free(&r);
    sign_stick(e, new_stick, ++e->ts);
}

/* After a restart: current is exactly old or new, every file intact. Returns 1 new, 0 old, -1 broken. */
static int after_restart(struct env *e, struct env *t, const char *what)
{
    char *zh, *en;
    char *play = store_recover(t->store, NULL, &zh, &en);
    CHECK(play != NULL, "%s: something from the store plays (%s)", what, en ? en : "");
    bool is_old = current_is(t, e->old_src), is_new = current_is(t, e->new_src);
    CHECK(is_old != is_new, "%s: current is exactly old or new (old %d new %d)", what, is_old, is_new);
    CHECK(store_clean(t), "%s: recovery removed the leftovers", what);
    free(play);
    free(zh);
    free(en);
    return is_new ? 1 : is_old ? 0 : -1;
}

static void test_faults(struct env *e)
{
    struct env t = *e;
    t.store = fs_join(e->root, "fstore");
    char *old_stick = stick_from(e, "f-old", e->old_src, "zip", NULL);
    char *new_stick = stick_from(e, "f-new", e->new_src, "zip", NULL);

    /* count the steps of a clean import */
    fault_setup(e, &t, old_stick, new_stick);
    struct fault_ctx fc = {.fail_at = -1};
    struct import_opts o = {.fault = fault_hook, .fault_ctx = &fc};
    struct import_result r;
    CHECK(run_import(&t, new_stick, &o, &r) == IMPORT_INSTALLED, "clean run");
    import_result_free(&r);
    int steps = fc.calls;
    CHECK(steps >= 10, "the importer has file-system steps to fail (%d)", steps);
    bool seen_swap = false;
    for (int i = 0; i < steps && i < 256; i++)
        seen_swap = seen_swap || strcmp(fc.steps[i], "rename-current") == 0;
    CHECK(seen_swap, "the swap is one of the steps");

    /* each step fails in turn: either installed (failure after the swap) or nothing changed */
    int n_new = 0, n_old = 0;
    for (int k = 0; k < steps; k++) {
        fault_setup(e, &t, old_stick, new_stick);
        struct fault_ctx f = {.fail_at = k};
        struct import_opts fo = {.fault = fault_hook, .fault_ctx = &f};
        enum import_outcome oc = run_import(&t, new_stick, &fo, &r);
        char what[64];
        snprintf(what, sizeof what, "fail step %d (%s)", k, k < 256 ? fc.steps[k] : "?");
        if (oc == IMPORT_INSTALLED) {
            CHECK(current_is(&t, e->new_src), "%s: installed means new", what);
            n_new++;
        } else {
            CHECK(oc == IMPORT_FAILED_IO, "%s: outcome %s", what, import_outcome_name(oc));
            CHECK(current_is(&t, e->old_src), "%s: refused means old", what);
            CHECK(store_clean(&t), "%s: no leftovers without a restart", what);
            n_old++;
        }
        import_result_free(&r);
        after_restart(e, &t, what);
        /* and the next import works */
        sign_stick(e, new_stick, ++e->ts);
        CHECK(run_import(&t, new_stick, NULL, &r) == IMPORT_INSTALLED, "%s: next import works: %s", what,
              r.reason_en);
        import_result_free(&r);
    }
    CHECK(n_old > 0 && n_new > 0, "both sides of the swap were hit (%d old, %d new)", n_old, n_new);

    /* SIGKILL at each step */
    n_new = n_old = 0;
    for (int k = 0; k < steps; k++) {
        fault_setup(e, &t, old_stick, new_stick);
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            struct fault_ctx f = {.fail_at = k, .kill = true};
            struct import_opts fo = {.fault = fault_hook, .fault_ctx = &f};
            struct import_result cr;
            run_import(&t, new_stick, &fo, &cr);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        char what[64];
        snprintf(what, sizeof what, "SIGKILL at step %d", k);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "%s: the child died there", what);
        int side = after_restart(e, &t, what);
        n_new += side == 1;
        n_old += side == 0;
    }
    CHECK(n_old > 0 && n_new > 0, "kills on both sides of the swap (%d old, %d new)", n_old, n_new);

    /* SIGKILL at random moments */
    struct timespec t0, t1;
    fault_setup(e, &t, old_stick, new_stick);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    run_import(&t, new_stick, NULL, &r);
    import_result_free(&r);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long span_us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    unsigned seed = (unsigned)time(NULL);
    printf("random kills: seed %u, import takes ~%ld us\n", seed, span_us);
    srand(seed);
    for (int i = 0; i < 25; i++) {
        fault_setup(e, &t, old_stick, new_stick);
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            struct import_result cr;
            run_import(&t, new_stick, NULL, &cr);
            _exit(0);
        }
        usleep((useconds_t)(rand() % (span_us + span_us / 4 + 1)));
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        char what[64];
        snprintf(what, sizeof what, "random kill %d", i);
        after_restart(e, &t, what);
    }
    fx_sh("rm -rf %s", t.store);
    free(t.store);
    free(old_stick);
    free(new_stick);
}

/* Two importers at once (the player's worker and a CLI import): the store's lock serialises
 * them, so both finish cleanly and current is exactly one of the two contents. */
static void test_concurrent(struct env *e)
{
    struct env t = *e;
    t.store = fs_join(e->root, "cstore");
    char *a = stick_from(e, "c-old", e->old_src, "zip", NULL), *b = stick_from(e, "c-new", e->new_src, "zip", NULL);
    for (int round = 0; round < 5; round++) {
        sign_stick(e, a, ++e->ts);
        sign_stick(e, b, ++e->ts);
        fflush(NULL);
        pid_t pids[2];
        for (int i = 0; i < 2; i++) {
            pids[i] = fork();
            if (pids[i] == 0) {
                struct import_result r;
                struct import_opts o = {.allow_older = true};
                _exit(run_import(&t, i ? b : a, &o, &r) == IMPORT_INSTALLED ? 0 : 1);
            }
        }
        int ok = 0;
        for (int i = 0; i < 2; i++) {
            int status;
            waitpid(pids[i], &status, 0);
            ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
        CHECK(ok == 2, "round %d: both concurrent imports installed (%d)", round, ok);
        CHECK(current_is(&t, e->old_src) != current_is(&t, e->new_src), "round %d: current is one of them", round);
        CHECK(store_clean(&t), "round %d: no staging left", round);
    }
    fx_sh("rm -rf %s", t.store);
    free(t.store);
    free(a);
    free(b);
}

/* ---- bundle writing --------------------------------------------------------------------------- */

static void test_write_zip(struct env *e)
{
    char *z1 = fs_join(e->root, "w1.zip"), *z2 = fs_join(e->root, "w2.zip");
    struct findings f = {0};
    CHECK(bundle_write_zip(SAMPLE, z1, &f), "zip written");
    char *copy = fs_join(e->root, "wcopy");
    fx_sh("cp -r %s %s && touch -d 2001-01-01 %s/lobby.json", SAMPLE, copy, copy);
    CHECK(bundle_write_zip(copy, z2, &f), "zip of a copy with other times");
    size_t l1, l2;
    char *d1 = fx_read(z1, &l1), *d2 = fx_read(z2, &l2);
    CHECK(d1 && d2 && l1 == l2 && memcmp(d1, d2, l1) == 0, "same input, same bytes");
    free(d1);
    free(d2);
    char *x = fs_join(e->root, "wx"), *root = NULL;
    fs_mkdirs(x);
    struct bundle_extract_opts bo = {0};
    CHECK(bundle_extract(z1, x, &bo, &f, &root) == BUNDLE_OK, "round trip");
    CHECK(root && fx_same_tree(root, SAMPLE), "round trip equal");
    free(root);
    fx_sh("ln -s /etc/passwd %s/assets/link.png", copy);
    CHECK(!bundle_write_zip(copy, z2, &f) && has_finding(&f, "link.png", "链接"), "a symlink is not bundled");
    findings_free(&f);
    fx_sh("rm %s/assets/link.png && touch '%s/assets/图标.png'", copy, copy);
    CHECK(bundle_write_zip(copy, z2, &f), "a Chinese name is bundled");
    findings_free(&f);
    fx_sh("touch \"%s/assets/$(printf 'a\\tb.png')\"", copy);
    CHECK(!bundle_write_zip(copy, z2, &f) && has_finding(&f, NULL, "控制字符"), "a control character is refused");
    findings_free(&f);
    CHECK(content_name_ok("assets/logo.png") && !content_name_ok("a//b") && !content_name_ok("./a") &&
              !content_name_ok("a/") && !content_name_ok("") && !content_name_ok("a\\b") &&
              content_name_ok("头条/光谷 1.jpg") && !content_name_ok("a\x01") && !content_name_ok("\xb9\xe2") &&
              !content_name_ok(" a") && !content_name_ok("a:b"),
          "name rule");
    free(x);
    free(copy);
    free(z1);
    free(z2);
}

int main(void)
{
    struct env e;
    env_init(&e);
    test_minisig();
    test_good(&e);
    test_signatures(&e);
    test_entries(&e);
    test_content_invalid(&e);
    test_source_and_disk(&e);
    test_recovery(&e);
    test_faults(&e);
    test_concurrent(&e);
    test_write_zip(&e);
    env_free(&e);
    return check_done();
}
