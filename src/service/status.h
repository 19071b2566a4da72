/* status: what the running player reports for people and fleets: a JSON status file and the same
 * figures in Prometheus' text format (node_exporter's textfile collector), both written atomically
 * (core/fsutil), and the frame-time histogram behind its percentiles. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define FRAMETIME_BUCKETS 1000  /* 0.25 ms each: 0-250 ms, then one overflow bucket */
#define STATUS_PROM_NAME "lobbysign.prom"
#define STATUS_DEFAULT_FILE "/run/lobbysign/status.json" /* where `lobbysign status` looks (the unit's RuntimeDirectory) */

struct frametimes {
    uint32_t counts[FRAMETIME_BUCKETS + 1];
    uint64_t n;
    double max_ms;
};

void frametimes_add(struct frametimes *ft, double ms);
/* The q-quantile (0..1) in ms, to the bucket's upper edge; 0 when empty. */
double frametimes_quantile(const struct frametimes *ft, double q);

struct status_info {
    const char *version;           /* lobbysign's */
    int64_t started_at;            /* wall seconds */
    uint64_t uptime_s;             /* monotonic */
    int64_t written_at;            /* wall seconds */
    const char *content;           /* the content path played */
    const char *content_version;   /* the store's version, NULL when not from the store */
    const char *signer;            /* its signer's key id, NULL when unknown or unsigned */
    const char *playlist;          /* id, NULL = the fallback slide */
    const char *playlist_file;
    int slide;                     /* index in the playlist, -1 none */
    const char *slide_id;
    uint64_t frames;
    const struct frametimes *frame_times;
    const char *display;           /* "on", "off", "waiting", "lost" */
    const char *display_detail;    /* driver or what it waits for */
    uint64_t display_losses;
    unsigned long errors;
    const char *last_error;
    const char *last_import;       /* the store's last import result (JSON text), NULL when none */
    /* Screen power (src/power): the panel as lobbysign set it ("on", "off", "unknown"), the TV's
     * reported power over HDMI-CEC ("on", "standby", ..., "unknown") and the CEC adapter (NULL: none). */
    const char *display_power, *tv_power, *cec_adapter;
};

/* The status as a JSON object (text; caller frees). */
char *status_json(const struct status_info *st);
/* The same figures as Prometheus text exposition format (caller frees). */
char *status_prometheus(const struct status_info *st);
/* Writes the JSON to path (when not NULL) and the Prometheus text to prom_dir/lobbysign.prom (when
 * not NULL), each atomically. False (logged) when a write failed. */
bool status_write(const char *path, const char *prom_dir, const struct status_info *st);
/* A status file's object (caller json_decref's), NULL when missing or not JSON. */
struct json_t *status_read(const char *path);
/* Prints a status object for people (`lobbysign status`). */
void status_print_text(FILE *out, struct json_t *o);
