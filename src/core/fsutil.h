/* fsutil: careful file access. Reads are bounded and refuse non-regular files; writes are atomic
 * (temp file, fsync, rename, fsync of the directory) so a power cut leaves old or new, never a mix. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

enum fs_status {
    FS_OK = 0,
    FS_NOT_FOUND,    /* no such file */
    FS_NOT_REGULAR,  /* a directory, device, fifo ... */
    FS_SYMLINK,      /* refused: the final component is a symbolic link (nofollow reads) */
    FS_TOO_LARGE,    /* larger than the caller's bound */
    FS_IO,           /* any other error; errno is preserved */
};

/* The one way to open a file for reading: O_NONBLOCK | O_NOCTTY | O_CLOEXEC (and O_NOFOLLOW with
 * nofollow), then fstat, so a FIFO, device, socket or folder is refused (FS_NOT_REGULAR) without
 * ever blocking; blocking reads are restored on the regular file returned. -1 and *st otherwise. */
int fs_open_regular(const char *path, bool nofollow, enum fs_status *st);

/* Reads a whole regular file of at most max_bytes into a NUL-terminated heap buffer.
 * With nofollow, a symlink as the last path component is refused. */
enum fs_status fs_read_file(const char *path, size_t max_bytes, bool nofollow, char **out, size_t *len);
/* A short English description of a status, for messages. */
const char *fs_status_str(enum fs_status st);

/* fsync(2) of a file or folder by name (nofollow: a symbolic link is refused). False with errno. */
bool fs_fsync(const char *path, bool nofollow);

/* Atomically replaces path with data (mode 0644). Returns false and sets errno on failure. */
bool fs_write_atomic(const char *path, const void *data, size_t len);

bool fs_is_dir(const char *path);
/* mkdir -p; true if the directory exists afterwards. */
bool fs_mkdirs(const char *path);
/* Joins a directory and a relative name into a fresh heap string. */
char *fs_join(const char *dir, const char *name);
