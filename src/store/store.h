/* store: the power-cut-safe content store: version folders vN, a `current` symlink swapped by
 * rename, a state file with the last import; start-up recovery and status. No globals. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "content/content.h"

/* What the store knows of one installed version (<store>/vN/.lobbysign-version). */
struct store_version {
    int number;                /* N of vN */
    bool is_signed;
    char key_id[17];
    uint64_t timestamp;        /* signed timestamp, 0 if unsigned */
    int64_t installed_at;      /* wall seconds */
    size_t n_playlists, n_slides;
};

struct store_status {
    struct store_version *versions; /* ascending by number */
    size_t n_versions;
    int current;               /* N that `current` points at, 0 if none */
    uint64_t max_timestamp;    /* the anti-rollback counter */
    char *last_import_json;    /* the last import's result object as JSON, or NULL */
    char *recovery_zh, *recovery_en; /* what start-up recovery did last, or NULL */
};
bool store_status_read(const char *store, struct store_status *st);
void store_status_free(struct store_status *st);

/* Start-up (the player once before it plays; `lobbysign import` before it imports): waits for any
 * import in progress, removes leftover staging folders and temporary files; if `current` is missing or
 * its content does not validate, points it at the newest previous version that validates, and
 * says so (log and state). Returns the folder to play (<store>/vN, where `current` points; heap)
 * or NULL: play the built-in sample. *msg_zh / *msg_en (heap, may be NULL) say what fell back. */
char *store_recover(const char *store, const struct content_opts *copts, char **msg_zh, char **msg_en);

/* Under the importers' lock: moves aside (renames to NAME.aside-<seconds>, with a log line) what
 * would stop the next import and need a person: a file or symlink named like a version (vN), and
 * a `current` that is a real folder or file instead of a symlink. Returns how many it moved. */
int store_repair(const char *store);

/* ---- used by import.c ---- */

/* Highest signed timestamp installed so far (state file and every version's record). */
uint64_t store_max_timestamp(const char *store);
/* The version `current` points at (0 if none). */
int store_current(const char *store);
/* Next free version number. */
int store_next_number(const char *store);
bool store_version_write(const char *vdir, const struct store_version *v);
bool store_version_read(const char *vdir, struct store_version *v);
/* Deletes version folders beyond the newest `keep` (never the current one, never one a running
 * player has pinned). */
void store_prune(const char *store, int keep);
/* A running player says which version it plays (<store>/.pin-<pid> holds N), so an import in
 * another process (the command line) never prunes it; 0 removes this process's pin. Pins of
 * processes that are gone are ignored and removed. */
bool store_pin(const char *store, int n);
/* Records the last import (a JSON object text) and the counter in <store>/state.json. */
bool store_state_write(const char *store, const char *last_import_json, uint64_t max_timestamp,
                       const char *recovery_zh, const char *recovery_en);
/* Like store_state_write after an installer's deliberate rollback (import --allow-older): the
 * counter becomes max_timestamp, and versions older than vN no longer raise it. */
bool store_counter_reset(const char *store, const char *last_import_json, uint64_t max_timestamp, int n);
/* rm -r that never follows symlinks. */
bool store_remove_tree(const char *path);
