/* plays: proof of play. One JSON line per step shown (start, end, seconds, playlist, slide id and
 * kind, content version and signer, why: scheduled, fallback or notice) appended to daily files
 * plays-YYYY-MM-DD.jsonl (local date) in the state folder, bounded in days and bytes. Lines are
 * appended with one write each and fdatasync'ed at most every PLAYS_SYNC_MS, so a power cut loses
 * at most the last minute; a torn last line is skipped when read and closed off when reopened. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "player/player.h"

#define PLAYS_SYNC_MS 60000u                /* the longest an appended line waits for fdatasync */
#define PLAYS_DEFAULT_DAYS 31
#define PLAYS_DEFAULT_BYTES (64ull << 20)  /* all daily files together */
#define PLAYS_LINE_MAX 2048

struct plays_config {
    const char *dir;               /* the state folder (made when missing) */
    unsigned keep_days;            /* 0: PLAYS_DEFAULT_DAYS */
    uint64_t max_bytes;            /* 0: PLAYS_DEFAULT_BYTES */
};

struct plays_stats {
    uint64_t lines, bytes, syncs, dropped, pruned;
    uint64_t synced_size;          /* the open file's size at its last fdatasync (power-cut tests) */
};

struct plays;
/* NULL (logged once) when the folder cannot be made. */
struct plays *plays_new(const struct plays_config *cfg);
/* Ends the step on screen (its line is written) and syncs. NULL-safe. */
void plays_free(struct plays *pl, uint64_t mono_ms, time_t wall);

/* What plays now, from the player after an update: a new step (or playlist, snapshot, fallback,
 * notice, screen off) ends the line of the one before. version and signer describe the snapshot
 * playing (NULL: not from the store / unsigned). */
void plays_observe(struct plays *pl, const struct player *p, const char *version, const char *signer,
                   uint64_t mono_ms, time_t wall);
/* fdatasync when lines were appended since the last one (a loop timer every PLAYS_SYNC_MS). */
void plays_sync(struct plays *pl);
void plays_get_stats(const struct plays *pl, struct plays_stats *out);

/* One line read back. */
struct play_line {
    char start[40], end[40];       /* local ISO 8601 with the zone */
    double seconds;
    char playlist[128], slide[128], kind[32], version[16], signer[24], why[16];
};
/* Calls fn for every whole line of the daily files in dir dated since (YYYY-MM-DD; NULL: all), in
 * date order; torn or malformed lines are counted in *skipped and not passed on. False when dir
 * cannot be read. */
bool plays_read(const char *dir, const char *since, void (*fn)(void *ctx, const struct play_line *l), void *ctx,
                size_t *skipped);
/* Prints the summary `lobbysign status --plays` shows: slides x times shown x seconds. */
bool plays_print_summary(FILE *out, const char *dir, const char *since);

/* Local time as ISO 8601 with the zone's offset ("2025-07-09T06:00:00+08:00"). */
void plays_format_time(time_t t, char *buf, size_t cap);
