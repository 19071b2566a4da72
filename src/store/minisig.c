/* minisig: minisign's file formats and Ed25519 verification/signing over libsodium. */
#define LOG_TAG "minisig"
#include "store/minisig.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"

_Static_assert(sizeof(struct minisig_hasher) >= sizeof(crypto_generichash_blake2b_state),
               "hasher state too small");

#define SECKEY_BYTES 158 /* alg 2, kdf 2, chk 2, salt 32, ops 8, mem 8, id 8, sk 64, chk 32 */

static bool sodium_ready(void)
{
    return sodium_init() >= 0; /* idempotent and thread-safe */
}

void minisig_keyid_str(const uint8_t id[MINISIG_KEYID_BYTES], char out[17])
{
    /* As minisign prints it ("%" PRIX64 of the little-endian id): upper-case hex without leading
     * zeros, so the id on screen is the one in the operator's .pub comment. */
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (int i = 0; i < 8; i++) {
        uint8_t b = id[7 - i];
        for (int shift = 4; shift >= 0; shift -= 4) {
            unsigned d = (b >> shift) & 15u;
            if (n > 0 || d != 0 || (i == 7 && shift == 0))
                out[n++] = hex[d];
        }
    }
    out[n] = '\0';
}

/* The next line of text[*pos..len) without its line ending; false at the end. */
static bool next_line(const char *text, size_t len, size_t *pos, const char **line, size_t *n)
{
    if (*pos >= len)
        return false;
    const char *s = text + *pos;
    const char *nl = memchr(s, '\n', len - *pos);
    size_t l = nl ? (size_t)(nl - s) : len - *pos;
    *pos += l + (nl ? 1 : 0);
    if (l && s[l - 1] == '\r')
        l--;
    *line = s;
    *n = l;
    return true;
}

/* Decodes one base64 line into exactly want bytes. */
static bool b64_exact(const char *line, size_t n, uint8_t *out, size_t want)
{
    size_t got = 0;
    if (sodium_base642bin(out, want, line, n, " \t", &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return got == want;
}

static bool starts(const char *line, size_t n, const char *prefix)
{
    size_t p = strlen(prefix);
    return n >= p && memcmp(line, prefix, p) == 0;
}

bool minisig_pubkey_parse(const char *text, size_t len, struct minisig_pubkey *out, const char **why)
{
    size_t pos = 0, n;
    const char *line;
    if (!sodium_ready()) {
        *why = "libsodium failed to start";
        return false;
    }
    /* Optional "untrusted comment:" line, then the base64 key (a bare key string also works). */
    if (!next_line(text, len, &pos, &line, &n)) {
        *why = "empty public key";
        return false;
    }
    if (starts(line, n, "untrusted comment:") && !next_line(text, len, &pos, &line, &n)) {
        *why = "public key line missing";
        return false;
    }
    uint8_t raw[42];
    if (!b64_exact(line, n, raw, sizeof raw)) {
        *why = "public key is not 42 bytes of base64";
        return false;
    }
    if (raw[0] != 'E' || raw[1] != 'd') {
        *why = "public key algorithm is not Ed25519";
        return false;
    }
    memcpy(out->key_id, raw + 2, 8);
    memcpy(out->pk, raw + 10, 32);
    return true;
}

void minisig_sig_clear(struct minisig_sig *s)
{
    if (!s)
        return;
    free(s->trusted_comment);
    memset(s, 0, sizeof *s);
}

bool minisig_sig_parse(const char *text, size_t len, struct minisig_sig *out, const char **why)
{
    memset(out, 0, sizeof *out);
    size_t pos = 0, n;
    const char *line;
    if (!sodium_ready()) {
        *why = "libsodium failed to start";
        return false;
    }
    if (!next_line(text, len, &pos, &line, &n) || !starts(line, n, "untrusted comment:")) {
        *why = "first line is not an untrusted comment";
        return false;
    }
    uint8_t raw[74];
    if (!next_line(text, len, &pos, &line, &n) || !b64_exact(line, n, raw, sizeof raw)) {
        *why = "signature line is not 74 bytes of base64";
        return false;
    }
    if (raw[0] == 'E' && raw[1] == 'D') {
        out->prehashed = true;
    } else if (raw[0] == 'E' && raw[1] == 'd') {
        out->prehashed = false;
    } else {
        *why = "unknown signature algorithm";
        return false;
    }
    memcpy(out->key_id, raw + 2, 8);
    memcpy(out->sig, raw + 10, 64);
    static const char tcp[] = "trusted comment: ";
    if (!next_line(text, len, &pos, &line, &n) || !starts(line, n, tcp)) {
        *why = "trusted comment line missing";
        return false;
    }
    if (memchr(line, '\0', n)) {
        *why = "trusted comment holds a NUL byte";
        return false;
    }
    out->trusted_comment = xstrndup(line + strlen(tcp), n - strlen(tcp));
    if (!next_line(text, len, &pos, &line, &n) || !b64_exact(line, n, out->global_sig, 64)) {
        minisig_sig_clear(out);
        *why = "global signature line is not 64 bytes of base64";
        return false;
    }
    return true;
}

static void load_le64(const uint8_t *p, uint64_t *v)
{
    *v = 0;
    for (int i = 7; i >= 0; i--)
        *v = (*v << 8) | p[i];
}

static bool seckey_raw(const char *text, size_t len, uint8_t raw[SECKEY_BYTES])
{
    size_t pos = 0, n;
    const char *line;
    if (!next_line(text, len, &pos, &line, &n))
        return false;
    if (starts(line, n, "untrusted comment:") && !next_line(text, len, &pos, &line, &n))
        return false;
    return b64_exact(line, n, raw, SECKEY_BYTES);
}

bool minisig_seckey_encrypted(const char *text, size_t len)
{
    uint8_t raw[SECKEY_BYTES];
    bool enc = seckey_raw(text, len, raw) && raw[2] == 'S' && raw[3] == 'c';
    sodium_memzero(raw, sizeof raw);
    return enc;
}

bool minisig_seckey_parse(const char *text, size_t len, const char *password, struct minisig_seckey *out,
                          const char **why)
{
    uint8_t raw[SECKEY_BYTES];
    bool ok = false;
    if (!sodium_ready()) {
        *why = "libsodium failed to start";
        return false;
    }
    if (!seckey_raw(text, len, raw)) {
        *why = "secret key is not 158 bytes of base64";
        goto done;
    }
    if (raw[0] != 'E' || raw[1] != 'd' || raw[4] != 'B' || raw[5] != '2') {
        *why = "secret key algorithms are not Ed25519/BLAKE2b";
        goto done;
    }
    uint8_t *keynum_sk = raw + 54; /* id 8, sk 64, chk 32 */
    bool encrypted = raw[2] == 'S' && raw[3] == 'c';
    if (encrypted) {
        if (!password) {
            *why = "the secret key is password-protected: a password is needed";
            goto done;
        }
        uint64_t ops, mem;
        load_le64(raw + 38, &ops);
        load_le64(raw + 46, &mem);
        if (ops > (1ull << 32) || mem > (2ull << 30)) {
            *why = "the secret key's scrypt limits are out of range";
            goto done;
        }
        uint8_t stream[104];
        if (crypto_pwhash_scryptsalsa208sha256(stream, sizeof stream, password, strlen(password), raw + 6,
                                               (unsigned long long)ops, (size_t)mem) != 0) {
            *why = "scrypt failed (out of memory?)";
            goto done;
        }
        for (size_t i = 0; i < sizeof stream; i++)
            keynum_sk[i] ^= stream[i];
        sodium_memzero(stream, sizeof stream);
    } else if (raw[2] != 0 || raw[3] != 0) {
        *why = "unknown secret key encryption";
        goto done;
    }
    /* Checksum: BLAKE2b-256 of alg || key id || sk. minisign leaves it zero in unencrypted keys. */
    uint8_t chk[32], zero[32] = {0};
    crypto_generichash_blake2b_state hs;
    crypto_generichash_blake2b_init(&hs, NULL, 0, sizeof chk);
    crypto_generichash_blake2b_update(&hs, raw, 2);
    crypto_generichash_blake2b_update(&hs, keynum_sk, 72);
    crypto_generichash_blake2b_final(&hs, chk, sizeof chk);
    if (memcmp(chk, keynum_sk + 72, 32) != 0 && (encrypted || memcmp(zero, keynum_sk + 72, 32) != 0)) {
        *why = encrypted ? "wrong password for that secret key" : "secret key checksum mismatch";
        goto done;
    }
    memcpy(out->key_id, keynum_sk, 8);
    memcpy(out->sk, keynum_sk + 8, 64);
    ok = true;
done:
    sodium_memzero(raw, sizeof raw);
    return ok;
}

void minisig_hash_init(struct minisig_hasher *h)
{
    sodium_ready();
    crypto_generichash_blake2b_init((crypto_generichash_blake2b_state *)h->state, NULL, 0, MINISIG_HASH_BYTES);
}

void minisig_hash_update(struct minisig_hasher *h, const void *data, size_t len)
{
    crypto_generichash_blake2b_update((crypto_generichash_blake2b_state *)h->state, data, len);
}

void minisig_hash_final(struct minisig_hasher *h, uint8_t out[MINISIG_HASH_BYTES])
{
    crypto_generichash_blake2b_final((crypto_generichash_blake2b_state *)h->state, out, MINISIG_HASH_BYTES);
}

enum minisig_verdict minisig_verify(const struct minisig_sig *sig, const struct minisig_pubkey *pk,
                                    const uint8_t hash[MINISIG_HASH_BYTES], const void *msg, size_t len)
{
    if (!sodium_ready())
        return MINISIG_BAD_SIGNATURE;
    if (memcmp(sig->key_id, pk->key_id, 8) != 0)
        return MINISIG_WRONG_KEY;
    int r;
    if (sig->prehashed)
        r = crypto_sign_verify_detached(sig->sig, hash, MINISIG_HASH_BYTES, pk->pk);
    else
        r = msg ? crypto_sign_verify_detached(sig->sig, msg, len, pk->pk) : -1;
    if (r != 0)
        return MINISIG_BAD_SIGNATURE;
    size_t tcl = strlen(sig->trusted_comment);
    uint8_t *g = xmalloc(64 + tcl);
    memcpy(g, sig->sig, 64);
    memcpy(g + 64, sig->trusted_comment, tcl);
    r = crypto_sign_verify_detached(sig->global_sig, g, 64 + tcl, pk->pk);
    free(g);
    return r == 0 ? MINISIG_VALID : MINISIG_BAD_COMMENT;
}

static char *b64(const uint8_t *bin, size_t n)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *s = xmalloc(cap);
    sodium_bin2base64(s, cap, bin, n, sodium_base64_VARIANT_ORIGINAL);
    return s;
}

char *minisig_sign(const struct minisig_seckey *sk, const uint8_t hash[MINISIG_HASH_BYTES], const char *tc)
{
    if (!sodium_ready())
        return NULL;
    uint8_t raw[74];
    raw[0] = 'E';
    raw[1] = 'D';
    memcpy(raw + 2, sk->key_id, 8);
    crypto_sign_detached(raw + 10, NULL, hash, MINISIG_HASH_BYTES, sk->sk);
    size_t tcl = strlen(tc);
    uint8_t *g = xmalloc(64 + tcl), gsig[64];
    memcpy(g, raw + 10, 64);
    memcpy(g + 64, tc, tcl);
    crypto_sign_detached(gsig, NULL, g, 64 + tcl, sk->sk);
    free(g);
    char *s1 = b64(raw, sizeof raw), *s2 = b64(gsig, sizeof gsig);
    char *out = xasprintf("untrusted comment: signature from lobbysign secret key\n%s\ntrusted comment: %s\n%s\n",
                          s1, tc, s2);
    free(s1);
    free(s2);
    return out;
}

static void store_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

bool minisig_keypair_new(const char *password, char **seckey_text, char **pubkey_text)
{
    if (!sodium_ready())
        return false;
    uint8_t pk[32], raw[SECKEY_BYTES] = {'E', 'd', 0, 0, 'B', '2'};
    uint8_t *keynum_sk = raw + 54;
    randombytes_buf(keynum_sk, 8);
    crypto_sign_keypair(pk, keynum_sk + 8);
    crypto_generichash_blake2b_state hs;
    crypto_generichash_blake2b_init(&hs, NULL, 0, 32);
    crypto_generichash_blake2b_update(&hs, raw, 2);
    crypto_generichash_blake2b_update(&hs, keynum_sk, 72);
    crypto_generichash_blake2b_final(&hs, keynum_sk + 72, 32);
    uint8_t pub[42] = {'E', 'd'}; /* the key id and public key, before the secret part is encrypted */
    memcpy(pub + 2, keynum_sk, 8);
    memcpy(pub + 10, pk, 32);
    if (password) { /* minisign -G's scrypt limits (its "sensitive" ones) */
        raw[2] = 'S';
        raw[3] = 'c';
        randombytes_buf(raw + 6, 32);
        uint64_t ops = crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE;
        uint64_t mem = crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE;
        store_le64(raw + 38, ops);
        store_le64(raw + 46, mem);
        uint8_t stream[104];
        if (crypto_pwhash_scryptsalsa208sha256(stream, sizeof stream, password, strlen(password), raw + 6,
                                               (unsigned long long)ops, (size_t)mem) != 0) {
            sodium_memzero(raw, sizeof raw);
            return false;
        }
        for (size_t i = 0; i < sizeof stream; i++)
            keynum_sk[i] ^= stream[i];
        sodium_memzero(stream, sizeof stream);
    }
    char id[17];
    minisig_keyid_str(pub + 2, id);
    char *s = b64(raw, sizeof raw), *p = b64(pub, sizeof pub);
    *seckey_text = xasprintf("untrusted comment: minisign %ssecret key\n%s\n", password ? "encrypted " : "", s);
    *pubkey_text = xasprintf("untrusted comment: minisign public key %s\n%s\n", id, p);
    sodium_memzero(raw, sizeof raw);
    sodium_memzero(s, strlen(s));
    free(s);
    free(p);
    return true;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t minisig_load_keys(const char *dir, struct minisig_pubkey **keys)
{
    *keys = NULL;
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return 0;
    char **names = NULL;
    size_t nn = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l < 5 || strcmp(e->d_name + l - 4, ".pub") != 0)
            continue;
        names = xreallocarray(names, nn + 1, sizeof *names);
        names[nn++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (nn)
        qsort(names, nn, sizeof *names, cmp_names);
    size_t n = 0;
    for (size_t i = 0; i < nn; i++) {
        char *path = fs_join(dir, names[i]), *text;
        size_t len;
        enum fs_status st = fs_read_file(path, 4096, false, &text, &len);
        const char *why = NULL;
        struct minisig_pubkey k;
        if (st != FS_OK) {
            LOG_WARN("%s: 无法读取公钥：%s / cannot read public key: %s", path, fs_status_str(st), fs_status_str(st));
        } else if (!minisig_pubkey_parse(text, len, &k, &why)) {
            LOG_WARN("%s: 不是 minisign 公钥 / not a minisign public key: %s", path, why);
        } else {
            *keys = xreallocarray(*keys, n + 1, sizeof **keys);
            (*keys)[n++] = k;
        }
        if (st == FS_OK)
            free(text);
        free(path);
        free(names[i]);
    }
    free(names);
    return n;
}

bool minisig_comment_timestamp(const char *tc, uint64_t *ts)
{
    for (const char *p = tc; p && *p;) {
        if (strncmp(p, "timestamp:", 10) == 0) {
            const char *q = p + 10;
            uint64_t v = 0;
            int digits = 0;
            while (*q >= '0' && *q <= '9' && digits < 40) {
                uint64_t d = (uint64_t)(*q++ - '0');
                v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d; /* out of range: saturates */
                digits++;
            }
            if (digits > 0 && (*q == '\0' || *q == '\t' || *q == ' ')) {
                *ts = v;
                return true;
            }
        }
        const char *tab = strpbrk(p, "\t ");
        p = tab ? tab + 1 : NULL;
    }
    return false;
}
