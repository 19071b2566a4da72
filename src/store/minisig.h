/* minisig: minisign's formats (public key, signature with trusted comment, secret key with or
 * without scrypt password) and Ed25519 over libsodium: prehashed "ED" and legacy "Ed". */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MINISIG_KEYID_BYTES 8
#define MINISIG_HASH_BYTES 64   /* BLAKE2b-512, minisign's prehash */

struct minisig_pubkey {
    uint8_t key_id[MINISIG_KEYID_BYTES];
    uint8_t pk[32];
};

struct minisig_sig {
    bool prehashed;             /* "ED" (BLAKE2b-512 of the file) or legacy "Ed" */
    uint8_t key_id[MINISIG_KEYID_BYTES];
    uint8_t sig[64];
    char *trusted_comment;      /* heap; the text after "trusted comment: " */
    uint8_t global_sig[64];     /* over sig || trusted_comment */
};

struct minisig_seckey {
    uint8_t key_id[MINISIG_KEYID_BYTES];
    uint8_t sk[64];             /* libsodium's seed || public key */
};

/* Key id as minisign prints it: the little-endian number in upper-case hex, no leading zeros. */
void minisig_keyid_str(const uint8_t id[MINISIG_KEYID_BYTES], char out[17]);

/* Parsers for the text files. False with a short English reason in *why (static). */
bool minisig_pubkey_parse(const char *text, size_t len, struct minisig_pubkey *out, const char **why);
bool minisig_sig_parse(const char *text, size_t len, struct minisig_sig *out, const char **why);
void minisig_sig_clear(struct minisig_sig *s);
/* password may be NULL for an unencrypted key; *why says "password needed" when it is not. */
bool minisig_seckey_parse(const char *text, size_t len, const char *password, struct minisig_seckey *out,
                          const char **why);
/* True if the secret key file text is password-protected (scrypt). */
bool minisig_seckey_encrypted(const char *text, size_t len);

/* Incremental BLAKE2b-512 (what minisign hashes). */
struct minisig_hasher {
    _Alignas(64) unsigned char state[384];
};
void minisig_hash_init(struct minisig_hasher *h);
void minisig_hash_update(struct minisig_hasher *h, const void *data, size_t len);
void minisig_hash_final(struct minisig_hasher *h, uint8_t out[MINISIG_HASH_BYTES]);

enum minisig_verdict {
    MINISIG_VALID = 0,
    MINISIG_BAD_SIGNATURE,      /* the file's bytes do not match the signature */
    MINISIG_BAD_COMMENT,        /* the trusted comment's global signature does not match */
    MINISIG_WRONG_KEY,          /* key ids differ */
};
/* Verifies sig against pk. hash is the BLAKE2b-512 of the file (for "ED"); msg/len the whole
 * file (for legacy "Ed"; may be NULL for "ED"). */
enum minisig_verdict minisig_verify(const struct minisig_sig *sig, const struct minisig_pubkey *pk,
                                    const uint8_t hash[MINISIG_HASH_BYTES], const void *msg, size_t len);

/* Signs (prehashed "ED") the file whose BLAKE2b-512 is hash with trusted comment tc; returns the
 * .minisig text (heap), byte-compatible with what minisign -S writes. */
char *minisig_sign(const struct minisig_seckey *sk, const uint8_t hash[MINISIG_HASH_BYTES], const char *tc);

/* A new key pair as minisign -G writes it: the secret key file text (scrypt-encrypted with
 * password, minisign's limits; unencrypted with NULL) and the public key file text (heap). */
bool minisig_keypair_new(const char *password, char **seckey_text, char **pubkey_text);

/* Reads the trusted keys: every *.pub file in dir. Returns the count (0 if none or no dir); *keys
 * is a heap array. Unreadable or malformed files are logged and skipped. */
size_t minisig_load_keys(const char *dir, struct minisig_pubkey **keys);

/* Parses "timestamp:N" from a trusted comment (tab-separated fields). False if absent. A number
 * beyond 64 bits gives UINT64_MAX (which minisig_timestamp_ok refuses). */
bool minisig_comment_timestamp(const char *tc, uint64_t *ts);
/* A signed timestamp the anti-rollback counter can hold: 1 .. INT64_MAX seconds. */
static inline bool minisig_timestamp_ok(uint64_t ts) { return ts >= 1 && ts <= (uint64_t)INT64_MAX; }
