/* asset: safe access to image files named by a playlist. A path is relative to the playlist's
 * folder and may not leave it: no absolute paths, no "..", no symbolic link anywhere on the way
 * (each component is opened with O_NOFOLLOW). The type comes from the magic bytes and the size
 * from the PNG IHDR / JPEG SOF header; then the picture is decoded once, small, to prove it can be. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

enum asset_status {
    ASSET_OK,
    ASSET_EMPTY,        /* "" or only "." components */
    ASSET_ABSOLUTE,     /* starts with '/' */
    ASSET_DOTDOT,       /* a ".." component */
    ASSET_BACKSLASH,    /* contains '\' (a Windows path) */
    ASSET_TOO_DEEP,     /* more components than ASSET_MAX_COMPONENTS */
    ASSET_NOT_FOUND,
    ASSET_SYMLINK,      /* a component is a symbolic link */
    ASSET_NOT_DIR,      /* a middle component is not a folder */
    ASSET_IS_DIR,       /* the file is a folder */
    ASSET_NOT_REGULAR,  /* device, fifo, socket */
    ASSET_TOO_LARGE,    /* over CONTENT_MAX_IMAGE_BYTES */
    ASSET_NOT_IMAGE,    /* neither PNG nor JPEG magic */
    ASSET_BAD_HEADER,   /* PNG/JPEG magic but no readable size */
    ASSET_DAMAGED,      /* the header is fine but the picture does not decode (info->why says why) */
    ASSET_IO,
};

#define ASSET_MAX_COMPONENTS 16

enum asset_type { ASSET_PNG, ASSET_JPEG };

struct asset_info {
    enum asset_type type;
    unsigned width, height;
    char *relpath;  /* heap: the normalised relative path ("a/b.png"), set when the path is valid */
    char why[256];  /* ASSET_DAMAGED: "中文\x1fEnglish" from the decoder */
    bool missing_eoi; /* ASSET_OK: a JPEG without its final EOI marker (taken; warn) */
};

/* The whole file is decoded (bounded, content/imgdec) when its size is within the limits, so a
 * truncated or corrupt picture is ASSET_DAMAGED here rather than a skipped slide on the screen.
 * dirfd: the playlist's folder (or -1 when it cannot be opened: every asset is then not found).
 * On return info->relpath is set (caller frees) unless the path itself is refused. */
enum asset_status asset_check(int dirfd, const char *rel, struct asset_info *info);

/* Parses the image header at the start of an open file. */
enum asset_status asset_probe_fd(int fd, struct asset_info *info);
