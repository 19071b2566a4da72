#include "core/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xalloc.h"

const char *fs_status_str(enum fs_status st)
{
    switch (st) {
    case FS_OK: return "ok";
    case FS_NOT_FOUND: return "no such file";
    case FS_NOT_REGULAR: return "not a regular file";
    case FS_SYMLINK: return "is a symbolic link";
    case FS_TOO_LARGE: return "file too large";
    case FS_IO: return "I/O error";
    }
    return "?";
}

int fs_open_regular(const char *path, bool nofollow, enum fs_status *st)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            *st = FS_NOT_FOUND;
        else if (errno == ELOOP && nofollow)
            *st = FS_SYMLINK;
        else if (errno == EISDIR || errno == ENXIO) /* ENXIO: a FIFO with no writer, a socket */
            *st = FS_NOT_REGULAR;
        else
            *st = FS_IO;
        return -1;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        *st = S_ISREG(sb.st_mode) ? FS_IO : FS_NOT_REGULAR;
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    *st = FS_OK;
    return fd;
}

enum fs_status fs_read_file(const char *path, size_t max_bytes, bool nofollow, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    enum fs_status status;
    int fd = fs_open_regular(path, nofollow, &status);
    if (fd < 0)
        return status;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return FS_IO;
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        close(fd);
        return FS_TOO_LARGE;
    }
    /* Read up to max_bytes + 1 so a file that grew after fstat is still caught. */
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes) {
                free(buf);
                close(fd);
                return FS_TOO_LARGE;
            }
            cap = cap * 2 > max_bytes + 1 ? max_bytes + 1 : cap * 2;
            buf = xrealloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            close(fd);
            errno = e;
            return FS_IO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (n > max_bytes) {
        free(buf);
        return FS_TOO_LARGE;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return FS_OK;
}

bool fs_fsync(const char *path, bool nofollow)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0)
        return false;
    bool ok = fsync(fd) == 0;
    int e = errno;
    close(fd);
    errno = e;
    return ok;
}

bool fs_write_atomic(const char *path, const void *data, size_t len)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        free(tmp);
        return false;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    char *dcopy = xstrdup(path);
    fs_fsync(dirname(dcopy), false);
    free(dcopy);
    free(tmp);
    return true;
fail:;
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    errno = e;
    return false;
}

bool fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_mkdirs(const char *path)
{
    if (!path[0])
        return false;
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    mkdir(p, 0755);
    bool ok = fs_is_dir(p);
    free(p);
    return ok;
}

char *fs_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    if (dl == 0)
        return xstrdup(name); /* "" is the current folder, never the root */
    if (dl && dir[dl - 1] == '/')
        return xasprintf("%s%s", dir, name);
    return xasprintf("%s/%s", dir, name);
}
