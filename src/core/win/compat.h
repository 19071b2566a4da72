/* compat (Windows only, force-included by CMake before every source of the Windows build): the
 * POSIX calls lobbysign's shared code makes, on Windows. Paths are UTF-8 and go to the wide-char
 * APIs; a folder opened with O_DIRECTORY is a descriptor here too (openat/fstatat/dup/fstat work
 * on it); files are binary. The Linux build never sees this file. */
#pragma once
#ifdef _WIN32
#include <dirent.h>
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#define O_NONBLOCK 0
#define O_NOCTTY 0
#define O_NOFOLLOW 0
#define O_DIRECTORY 0x20000000
#define AT_SYMLINK_NOFOLLOW 0x100
#define F_GETFL 3
#define F_SETFL 4
#define F_GETFD 1
#define F_SETFD 2
#define FD_CLOEXEC 1
#define ELOOP_COMPAT 40
#ifndef ELOOP
#define ELOOP ELOOP_COMPAT
#endif
#ifndef S_ISLNK
#define S_ISLNK(m) 0
#endif
#define SYNC_FILE_RANGE_WRITE 2
#define M_MMAP_THRESHOLD (-3)
#define M_TRIM_THRESHOLD (-1)

struct compat_stat {
    unsigned st_mode;
    int64_t st_size;
    time_t st_mtime;
    time_t st_ctime;
    unsigned long long st_ino;
    unsigned st_dev;
};
struct compat_dirent {
    unsigned char d_type;
    char d_name[780]; /* 260 UTF-16 units as UTF-8 */
};
typedef struct compat_dir compat_DIR;

#ifndef COMPAT_WIN_IMPL
#undef stat
#undef fstat
#undef lstat
#undef open
#undef close
#undef dup
#undef access
#undef unlink
#undef rmdir
#undef mkdir
#undef fopen
#define flockfile _lock_file
#define funlockfile _unlock_file
#define stat compat_stat
#define lstat compat_stat
#define fstat compat_fstat
#define fstatat compat_fstatat
#define open compat_open
#define openat compat_openat
#define close compat_close
#define dup compat_dup
#define fcntl compat_fcntl
#define fsync compat_fsync
#define pread compat_pread
#define mkdir compat_mkdir
#define rename compat_rename
#define unlink compat_unlink
#define remove compat_unlink
#define rmdir compat_rmdir
#define access compat_access
#define fopen compat_fopen
#define realpath compat_realpath
#define readlink compat_readlink
#define dirent compat_dirent
#define DIR compat_DIR
#define opendir compat_opendir
#define readdir compat_readdir
#define closedir compat_closedir
#define mallopt compat_mallopt
#define sync_file_range compat_sync_file_range
#endif

int compat_stat(const char *path, struct compat_stat *st);
int compat_fstat(int fd, struct compat_stat *st);
int compat_fstatat(int dirfd, const char *name, struct compat_stat *st, int flags);
int compat_open(const char *path, int flags, ...);
int compat_openat(int dirfd, const char *name, int flags, ...);
int compat_close(int fd);
int compat_dup(int fd);
int compat_fcntl(int fd, int cmd, ...);
int compat_fsync(int fd);
ssize_t compat_pread(int fd, void *buf, size_t n, int64_t off);
int compat_mkdir(const char *path, int mode);
int compat_rename(const char *from, const char *to);
int compat_unlink(const char *path);
int compat_rmdir(const char *path);
int compat_access(const char *path, int mode);
FILE *compat_fopen(const char *path, const char *mode);
char *compat_realpath(const char *path, char *resolved);
ssize_t compat_readlink(const char *path, char *buf, size_t n);
compat_DIR *compat_opendir(const char *path);
struct compat_dirent *compat_readdir(compat_DIR *d);
int compat_closedir(compat_DIR *d);
int compat_mallopt(int param, int value);
int compat_sync_file_range(int fd, int64_t off, int64_t n, unsigned flags); /* a hint: nothing */
#endif
