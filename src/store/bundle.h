/* bundle: reads an operator's archive (zip stored/deflate, or tar) into a folder under strict
 * bounds, refusing unsafe entries before anything is written; and writes a deterministic zip. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "content/content.h"

struct bundle_limits {
    uint32_t max_entries;    /* files and folders */
    uint32_t max_depth;      /* path components of one entry */
    uint64_t max_file;       /* uncompressed bytes of one file */
    uint64_t max_total;      /* uncompressed bytes of all files */
    uint32_t max_ratio;      /* uncompressed / compressed bytes read so far */
};
void bundle_limits_default(struct bundle_limits *l);

/* Progress over uncompressed bytes; false cancels. */
typedef bool (*bundle_progress_fn)(void *ctx, uint64_t done, uint64_t total);
/* Failure injection for tests (see import.h); NULL in production. */
typedef bool (*bundle_fault_fn)(void *ctx, const char *step);

struct bundle_extract_opts {
    const struct bundle_limits *limits; /* NULL: defaults */
    bundle_progress_fn progress;
    void *progress_ctx;
    bundle_fault_fn fault;
    void *fault_ctx;
    uint64_t free_bytes;     /* free space at dest; the declared total must fit; 0: unchecked */
};

enum bundle_status {
    BUNDLE_OK = 0,
    BUNDLE_REFUSED,          /* not an archive, forbidden entry, bound exceeded: see findings */
    BUNDLE_NO_SPACE,         /* the declared content does not fit in free_bytes */
    BUNDLE_IO,               /* writing into dest failed (errno kept) */
    BUNDLE_CANCELLED,
};

/* Checks every entry header of archive (names, types, counts, declared sizes) and only then
 * extracts it into dest (an existing empty folder), fsyncing each file and folder. Every problem
 * is a finding (file = the entry name). *root gets the content folder inside dest: dest itself,
 * or the single top folder when the archive holds the folder rather than its contents. */
enum bundle_status bundle_extract(const char *archive, const char *dest, const struct bundle_extract_opts *o,
                                  struct findings *out, char **root);

/* Writes a zip of the files under dir (sorted, fixed times and modes: same input, same bytes),
 * deflated, refusing names the importer would refuse. False with a finding on error. */
bool bundle_write_zip(const char *dir, const char *zip_path, struct findings *out);
