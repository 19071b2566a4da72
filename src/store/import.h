/* import: takes a signed bundle (archive + .minisig) into the content store: copy while hashing,
 * verify, check anti-rollback, extract with bounds, validate, swap `current`; and writes the
 * receipt back beside the source. Safe on a worker thread: no globals, all state in the call
 * (it logs through core/log, one fprintf per line); imports into one store are serialised by a
 * lock file, so a CLI import and the player's worker cannot interleave. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "content/content.h"
#include "store/bundle.h"

/* Where the device keeps things unless told otherwise. */
#define IMPORT_DEFAULT_STORE "/var/lib/lobbysign/store"
#define IMPORT_DEFAULT_KEYS "/etc/lobbysign/keys"
/* The bundle's name on a stick or in an inbox folder; its signature is this + ".minisig". */
#define IMPORT_BUNDLE_NAME "lobbysign.zip"
#define IMPORT_BUNDLE_NAME_TAR "lobbysign.tar"

enum import_phase {
    IMPORT_PHASE_COPY,     /* copying (and hashing) the archive into local staging: bytes */
    IMPORT_PHASE_VERIFY,   /* checking the signature and the anti-rollback timestamp */
    IMPORT_PHASE_EXTRACT,  /* unpacking into staging: uncompressed bytes of the declared total */
    IMPORT_PHASE_VALIDATE, /* the content validator over the extracted folder */
    IMPORT_PHASE_INSTALL,  /* fsync, rename to vN, swap `current` */
    IMPORT_PHASE_DONE,     /* finished (installed or refused); done == total */
};
#define IMPORT_PHASE_COUNT 6
const char *import_phase_name(enum import_phase p); /* "copy", "verify", ... */

/* Progress, called on the importing thread. total may be 0 when unknown. Return false to cancel
 * (the import then ends with IMPORT_CANCELLED and changes nothing); honoured until the install
 * phase starts, ignored after it (the swap is not interrupted). */
typedef bool (*import_progress_fn)(void *ctx, enum import_phase phase, uint64_t done, uint64_t total);

/* Test hook: called before each file-system step of the import with a short step name
 * ("mkdir-staging", "copy-write", "fsync-file", "rename-version", "symlink-tmp", "rename-current",
 * "fsync-dir" ...). Returning true makes that step fail as if the call had returned EIO. */
typedef bool (*import_fault_fn)(void *ctx, const char *step);

struct import_opts {
    const char *store_dir;     /* NULL: IMPORT_DEFAULT_STORE */
    const char *keys_dir;      /* folder of minisign .pub files; NULL: IMPORT_DEFAULT_KEYS */
    bool allow_older;          /* admin override of anti-rollback (timestamp not newer): installs it
                                * and resets the counter to its timestamp */
    bool allow_unsigned;       /* only when no keys are installed: import unsigned (booth demo) */
    int keep;                  /* version folders to keep, current included; <= 0: 2 */
    const struct content_opts *content; /* passed to content_load; NULL: no font check */
    const struct bundle_limits *limits; /* NULL: bundle_limits_default() */
    import_progress_fn progress;
    void *progress_ctx;
    import_fault_fn fault;     /* NULL in production */
    void *fault_ctx;
    /* The board's clock for the far-future check (a signed timestamp more than
     * IMPORT_FUTURE_MARGIN ahead of a synchronised clock is refused): now 0 means time(NULL);
     * clock_sync 0 asks the kernel (adjtimex) whether NTP has set it, 1 / -1 say yes / no (tests). */
    int64_t now;
    int clock_sync;
};
#define IMPORT_FUTURE_MARGIN (2 * 86400)

enum import_outcome {
    IMPORT_INSTALLED = 0,      /* new content installed; `current` points at it */
    IMPORT_REFUSED_NO_BUNDLE,  /* SRC holds no lobbysign.zip / .tar */
    IMPORT_REFUSED_NO_SIGNATURE, /* keys installed but no .minisig beside the archive */
    IMPORT_REFUSED_BAD_SIGNATURE, /* malformed, or does not match the bytes (tampered) */
    IMPORT_REFUSED_UNTRUSTED_KEY, /* signed by a key that is not in the trusted-keys folder */
    IMPORT_REFUSED_NO_KEYS,    /* no trusted keys and allow_unsigned is off */
    IMPORT_REFUSED_NO_TIMESTAMP, /* trusted comment without timestamp:N */
    IMPORT_REFUSED_OLDER,      /* timestamp not above the installed one (rollback/replay) */
    IMPORT_REFUSED_ARCHIVE,    /* not a zip/tar, a forbidden entry, or a bound exceeded */
    IMPORT_REFUSED_CONTENT,    /* extracted content fails validation: see findings */
    IMPORT_REFUSED_NO_SPACE,   /* not enough free space in the store */
    IMPORT_FAILED_SOURCE,      /* the source vanished, shrank or failed to read (stick pulled) */
    IMPORT_FAILED_IO,          /* a local file-system step failed */
    IMPORT_CANCELLED,          /* the progress callback returned false */
    IMPORT_REFUSED_TIMESTAMP,  /* signed timestamp out of range, or far ahead of a synchronised clock */
};
#define IMPORT_OUTCOME_COUNT 15
const char *import_outcome_name(enum import_outcome o); /* "installed", "refused-older", ... */
/* Exit code for the CLI: 0 installed, 1 refused, 2 source/I-O/cancel. */
int import_outcome_exit(enum import_outcome o);

struct import_result {
    enum import_outcome outcome;
    char *reason_zh;           /* 签名无效 / 不是受信任的密钥 / 版本比当前旧 / 内容有误：file:line: … */
    char *reason_en;
    struct findings findings;  /* archive entry problems and content findings (file:line: message) */
    size_t n_playlists, n_slides; /* of the imported content (0 when not validated) */
    bool is_signed;            /* false: imported unsigned under allow_unsigned (show 未签名内容) */
    char key_id[17];           /* signer key id as minisign prints it (hex, no leading zeros), "" if none */
    uint64_t timestamp;        /* signed timestamp:N, 0 if none */
    char *trusted_comment;     /* the signed trusted comment, NULL if none */
    char *version;             /* "v7": installed now (INSTALLED) or still playing; NULL if none */
    char *content_dir;         /* the folder now playing, <store>/vN (what `current` points at now; a
                                * snapshot loaded from it keeps valid asset paths after later swaps,
                                * since the previous version is kept), or NULL */
    char *source;              /* the archive file that was considered, NULL if none was found */
    int64_t finished_at;       /* wall-clock seconds when the import ended */
};

/* Runs one import of SRC (a bundle file with its .minisig beside it, or a folder such as a mounted
 * stick or an inbox holding lobbysign.zip). Fills *r (which the caller frees). Never changes what
 * plays unless r->outcome == IMPORT_INSTALLED. Records the result in the store's state file. */
void import_run(const char *src, const struct import_opts *o, struct import_result *r);
void import_result_free(struct import_result *r);

/* Checks a bundle as import_run would (signature, trust, timestamp against the store if given,
 * archive bounds, content validation) in a private temporary folder, installing nothing.
 * store_dir may be NULL (no rollback check). Same result fields; outcome INSTALLED means "would
 * install". */
void import_check(const char *src, const struct import_opts *o, struct import_result *r);

/* What the receipt adds beside the result. All optional. */
struct receipt_info {
    const char *screen_name;   /* the screen's configured name, or NULL (then the host name) */
    const char *playing;       /* the version now playing if different from r->version */
    /* Writes extra files into dir (e.g. lobbysign-preview/contact-sheet.png, drawn by the player
     * side) before the receipt texts; false is logged and noted in the receipt, not fatal. */
    bool (*extra)(void *ctx, const char *dir, const struct import_result *r);
    void *extra_ctx;
};

/* Writes lobbysign-receipt.txt (Chinese and English) and lobbysign-receipt.json into dir, each
 * through a temporary name, fsync and rename. False (errno set) when dir is not writable. */
bool import_write_receipt(const char *dir, const struct import_result *r, const struct receipt_info *info);
/* The receipt texts alone (heap strings), for tests and the status command. */
char *import_receipt_text(const struct import_result *r, const struct receipt_info *info);
char *import_receipt_json(const struct import_result *r, const struct receipt_info *info);
