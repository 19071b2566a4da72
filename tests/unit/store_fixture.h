/* store_fixture: helpers for the store tests: temporary folders, keys, signed bundles made with
 * libarchive and libsodium (so a test controls every byte), and tree comparison. */
#pragma once
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/sysmacros.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "store/bundle.h"
#include "store/import.h"
#include "store/minisig.h"
#include "store/store.h"

static inline char *fx_tmpdir(const char *tag)
{
    char *t = xasprintf("/tmp/lobbysign-%s-XXXXXX", tag);
    CHECK(mkdtemp(t) != NULL, "mkdtemp %s", t);
    return t;
}

static inline void fx_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void fx_sh(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char cmd[4096];
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    CHECK(rc == 0, "shell: %s (rc %d)", cmd, rc);
}

static inline void fx_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL, "open %s", path);
    if (f) {
        CHECK(fwrite(data, 1, len, f) == len, "write %s", path);
        fclose(f);
    }
}

static inline char *fx_read(const char *path, size_t *len)
{
    char *t = NULL;
    size_t l = 0;
    if (fs_read_file(path, 256u << 20, false, &t, &l) != FS_OK)
        return NULL;
    if (len)
        *len = l;
    return t;
}

struct fx_key {
    struct minisig_seckey sk;
    struct minisig_pubkey pk;
};

/* A fresh Ed25519 key with a random id; its .pub written into keys_dir (if not NULL). */
static inline void fx_key_new(struct fx_key *k, const char *keys_dir, const char *name)
{
    CHECK(sodium_init() >= 0, "sodium_init");
    randombytes_buf(k->sk.key_id, 8);
    memcpy(k->pk.key_id, k->sk.key_id, 8);
    crypto_sign_keypair(k->pk.pk, k->sk.sk);
    if (!keys_dir)
        return;
    uint8_t raw[42] = {'E', 'd'};
    memcpy(raw + 2, k->pk.key_id, 8);
    memcpy(raw + 10, k->pk.pk, 32);
    char b64[80], id[17];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    minisig_keyid_str(k->pk.key_id, id);
    char *text = xasprintf("untrusted comment: minisign public key %s\n%s\n", id, b64);
    char *path = xasprintf("%s/%s.pub", keys_dir, name);
    fx_write(path, text, strlen(text));
    free(path);
    free(text);
}

static inline void fx_hash_file(const char *path, uint8_t hash[MINISIG_HASH_BYTES])
{
    size_t len;
    char *data = fx_read(path, &len);
    CHECK(data != NULL, "read %s", path);
    struct minisig_hasher h;
    minisig_hash_init(&h);
    minisig_hash_update(&h, data ? data : "", data ? len : 0);
    minisig_hash_final(&h, hash);
    free(data);
}

/* Writes path.minisig (prehashed) with the trusted comment tc. */
static inline void fx_sign(const char *path, const struct fx_key *k, const char *tc)
{
    uint8_t hash[MINISIG_HASH_BYTES];
    fx_hash_file(path, hash);
    char *sig = minisig_sign(&k->sk, hash, tc);
    char *sp = xasprintf("%s.minisig", path);
    fx_write(sp, sig, strlen(sig));
    free(sp);
    free(sig);
}

static inline void fx_sign_ts(const char *path, const struct fx_key *k, unsigned long long ts)
{
    char *tc = xasprintf("timestamp:%llu\tfile:lobbysign.zip\thashed", ts);
    fx_sign(path, k, tc);
    free(tc);
}

/* One archive entry for fx_archive. */
struct fx_entry {
    const char *name;
    mode_t type;          /* AE_IFREG (default 0), AE_IFDIR, AE_IFLNK, AE_IFCHR, AE_IFIFO */
    const char *data;     /* regular: contents, size bytes (strlen when size is 0) */
    size_t size;          /* regular: bytes of zeros when data is NULL */
    const char *link;     /* symlink target, or hard-link target for hardlink entries */
    bool hardlink;
};

/* Writes an archive (zip deflate, zip stored, or tar) of the entries. */
static inline void fx_archive(const char *path, const char *format, const struct fx_entry *e, size_t n)
{
    struct archive *a = archive_write_new();
    if (strcmp(format, "tar") == 0) {
        archive_write_set_format_pax_restricted(a);
    } else {
        archive_write_set_format_zip(a);
        archive_write_set_options(a, strcmp(format, "zip-store") == 0 ? "zip:compression=store"
                                                                       : "zip:compression=deflate");
    }
    CHECK(archive_write_open_filename(a, path) == ARCHIVE_OK, "open %s", path);
    char *zeros = xcalloc(1, 1 << 16);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *ae = archive_entry_new();
        archive_entry_set_pathname(ae, e[i].name);
        archive_entry_set_mtime(ae, 1577880000, 0);
        mode_t t = e[i].type ? e[i].type : AE_IFREG;
        archive_entry_set_filetype(ae, t);
        archive_entry_set_perm(ae, t == AE_IFDIR ? 0755 : 0644);
        size_t size = t != AE_IFREG ? 0 : e[i].data && !e[i].size ? strlen(e[i].data) : e[i].size;
        if (e[i].hardlink) {
            archive_entry_set_hardlink(ae, e[i].link);
            size = 0;
        } else if (t == AE_IFLNK) {
            archive_entry_set_symlink(ae, e[i].link);
        } else if (t == AE_IFCHR) {
            archive_entry_set_rdev(ae, makedev(1, 3));
        }
        archive_entry_set_size(ae, (la_int64_t)size);
        CHECK(archive_write_header(a, ae) == ARCHIVE_OK, "header %s: %s", e[i].name, archive_error_string(a));
        if (size && e[i].data) {
            archive_write_data(a, e[i].data, size);
        } else {
            for (size_t left = size; left;) {
                size_t c = left < (1 << 16) ? left : (1 << 16);
                archive_write_data(a, zeros, c);
                left -= c;
            }
        }
        archive_entry_free(ae);
    }
    free(zeros);
    CHECK(archive_write_close(a) == ARCHIVE_OK, "close %s", path);
    archive_write_free(a);
}

/* Appends the entries of the sample content folder src (recursively) to a list. */
struct fx_list {
    struct fx_entry *v;
    size_t n;
    char **owned;
    size_t n_owned;
};

static inline void fx_list_add(struct fx_list *l, struct fx_entry e)
{
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n++] = e;
}

static inline char *fx_own(struct fx_list *l, char *s)
{
    l->owned = xreallocarray(l->owned, l->n_owned + 1, sizeof *l->owned);
    l->owned[l->n_owned++] = s;
    return s;
}

static inline void fx_list_tree(struct fx_list *l, const char *root, const char *rel, const char *prefix)
{
    char *dir = rel ? fs_join(root, rel) : xstrdup(root);
    DIR *d = opendir(dir);
    CHECK(d != NULL, "opendir %s", dir);
    for (struct dirent *de; d && (de = readdir(d));) {
        if (de->d_name[0] == '.')
            continue;
        char *r = rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
        char *full = fs_join(root, r);
        char *name = fx_own(l, prefix ? xasprintf("%s/%s", prefix, r) : xstrdup(r));
        if (fs_is_dir(full)) {
            fx_list_add(l, (struct fx_entry){.name = fx_own(l, xasprintf("%s/", name)), .type = AE_IFDIR});
            fx_list_tree(l, root, r, prefix);
        } else {
            size_t len = 0;
            char *data = fx_read(full, &len);
            CHECK(data != NULL, "read %s", full);
            fx_list_add(l, (struct fx_entry){.name = name, .data = fx_own(l, data), .size = len});
        }
        free(full);
        free(r);
    }
    if (d)
        closedir(d);
    free(dir);
}

static inline void fx_list_free(struct fx_list *l)
{
    for (size_t i = 0; i < l->n_owned; i++)
        free(l->owned[i]);
    free(l->owned);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* True if the two folders hold the same names and bytes (dotfiles ignored). */
static inline bool fx_same_tree(const char *a, const char *b)
{
    char *cmd = xasprintf("diff -r -x '.*' '%s' '%s' >/dev/null 2>&1", a, b);
    int rc = system(cmd);
    free(cmd);
    return rc == 0;
}
