/* compat: the POSIX calls of compat.h on Windows (wide-char APIs, UTF-8 paths). */
#define COMPAT_WIN_IMPL 1
#include "compat.h"

#include <stdarg.h>
#include <stdbool.h>
#include <windows.h>
#include <wchar.h>

#include <sys/mman.h>
#include <termios.h>

/* UTF-8 -> UTF-16 (heap) and back; NULL on invalid input (errno EINVAL). */
static wchar_t *wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    wchar_t *w = n > 0 ? malloc((size_t)n * sizeof *w) : NULL;
    if (!w || MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n) != n) {
        free(w);
        errno = EINVAL;
        return NULL;
    }
    return w;
}

static bool narrow(const wchar_t *w, char *out, size_t cap)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, out, (int)cap, NULL, NULL);
    return n > 0;
}

/* Folder descriptors: a table of paths, numbered from DIRFD_BASE, far above the CRT's. */
#define DIRFD_BASE 0x40000
#define DIRFD_MAX 64
static char *dirfds[DIRFD_MAX];
static SRWLOCK dirfd_lock = SRWLOCK_INIT;

static const char *dirfd_path(int fd)
{
    return fd >= DIRFD_BASE && fd < DIRFD_BASE + DIRFD_MAX ? dirfds[fd - DIRFD_BASE] : NULL;
}

static int dirfd_new(const char *path)
{
    AcquireSRWLockExclusive(&dirfd_lock);
    for (int i = 0; i < DIRFD_MAX; i++)
        if (!dirfds[i]) {
            dirfds[i] = _strdup(path);
            ReleaseSRWLockExclusive(&dirfd_lock);
            return DIRFD_BASE + i;
        }
    ReleaseSRWLockExclusive(&dirfd_lock);
    errno = EMFILE;
    return -1;
}

static void fill(struct compat_stat *st, const struct _stat64 *s)
{
    *st = (struct compat_stat){.st_mode = s->st_mode, .st_size = s->st_size, .st_mtime = s->st_mtime,
                               .st_ctime = s->st_ctime, .st_ino = s->st_ino, .st_dev = s->st_dev};
}

int compat_stat(const char *path, struct compat_stat *st)
{
    wchar_t *w = wide(path);
    if (!w)
        return -1;
    /* _wstat64 refuses "C:\dir\" with a trailing separator; drop it (not from "C:\"). */
    size_t n = wcslen(w);
    while (n > 1 && (w[n - 1] == L'/' || w[n - 1] == L'\\') && w[n - 2] != L':')
        w[--n] = 0;
    struct _stat64 s;
    int r = _wstat64(w, &s);
    free(w);
    if (r == 0)
        fill(st, &s);
    return r;
}

int compat_fstat(int fd, struct compat_stat *st)
{
    const char *p = dirfd_path(fd);
    if (p)
        return compat_stat(p, st);
    struct _stat64 s;
    int r = _fstat64(fd, &s);
    if (r == 0)
        fill(st, &s);
    return r;
}

static char *join(int dirfd, const char *name)
{
    const char *dir = dirfd_path(dirfd);
    if (!dir) {
        errno = EBADF;
        return NULL;
    }
    size_t a = strlen(dir), b = strlen(name);
    char *s = malloc(a + b + 2);
    if (!s)
        return NULL;
    memcpy(s, dir, a);
    s[a] = '/';
    memcpy(s + a + 1, name, b + 1);
    return s;
}

int compat_fstatat(int dirfd, const char *name, struct compat_stat *st, int flags)
{
    (void)flags;
    char *p = join(dirfd, name);
    int r = p ? compat_stat(p, st) : -1;
    free(p);
    return r;
}

int compat_open(const char *path, int flags, ...)
{
    int mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    struct compat_stat st;
    bool exists = compat_stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        if ((flags & (O_WRONLY | O_RDWR)) != 0) {
            errno = EISDIR;
            return -1;
        }
        return dirfd_new(path);
    }
    if (flags & O_DIRECTORY) {
        errno = exists ? ENOTDIR : ENOENT;
        return -1;
    }
    wchar_t *w = wide(path);
    if (!w)
        return -1;
    int fd = _wopen(w, (flags & ~O_DIRECTORY) | _O_BINARY | _O_NOINHERIT, (mode & 0200) ? _S_IREAD | _S_IWRITE : _S_IREAD);
    free(w);
    return fd;
}

int compat_openat(int dirfd, const char *name, int flags, ...)
{
    int mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    char *p = join(dirfd, name);
    int r = p ? compat_open(p, flags, mode) : -1;
    free(p);
    return r;
}

int compat_close(int fd)
{
    const char *p = dirfd_path(fd);
    if (p) {
        AcquireSRWLockExclusive(&dirfd_lock);
        free(dirfds[fd - DIRFD_BASE]);
        dirfds[fd - DIRFD_BASE] = NULL;
        ReleaseSRWLockExclusive(&dirfd_lock);
        return 0;
    }
    return _close(fd);
}

int compat_dup(int fd)
{
    const char *p = dirfd_path(fd);
    return p ? dirfd_new(p) : _dup(fd);
}

int compat_fcntl(int fd, int cmd, ...)
{
    (void)fd;
    (void)cmd;
    return 0;
}

int compat_fsync(int fd)
{
    return dirfd_path(fd) ? 0 : _commit(fd);
}

ssize_t compat_pread(int fd, void *buf, size_t n, int64_t off)
{
    HANDLE h = (HANDLE)_get_osfhandle(fd);
    if (h == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    OVERLAPPED ov = {.Offset = (DWORD)off, .OffsetHigh = (DWORD)((uint64_t)off >> 32)};
    DWORD got = 0;
    if (n > 0x40000000)
        n = 0x40000000;
    if (!ReadFile(h, buf, (DWORD)n, &got, &ov)) {
        if (GetLastError() == ERROR_HANDLE_EOF)
            return 0;
        errno = EIO;
        return -1;
    }
    return (ssize_t)got;
}

int compat_mkdir(const char *path, int mode)
{
    (void)mode;
    wchar_t *w = wide(path);
    int r = w ? _wmkdir(w) : -1;
    free(w);
    return r;
}

int compat_rename(const char *from, const char *to)
{
    wchar_t *a = wide(from), *b = wide(to);
    int r = -1;
    if (a && b) {
        if (MoveFileExW(a, b, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
            r = 0;
        else
            errno = GetLastError() == ERROR_ACCESS_DENIED ? EACCES : EIO;
    }
    free(a);
    free(b);
    return r;
}

int compat_unlink(const char *path)
{
    wchar_t *w = wide(path);
    int r = w ? _wunlink(w) : -1;
    free(w);
    return r;
}

int compat_rmdir(const char *path)
{
    wchar_t *w = wide(path);
    int r = w ? _wrmdir(w) : -1;
    free(w);
    return r;
}

int compat_access(const char *path, int mode)
{
    wchar_t *w = wide(path);
    int r = w ? _waccess(w, mode & 06) : -1;
    free(w);
    return r;
}

FILE *compat_fopen(const char *path, const char *mode)
{
    wchar_t *w = wide(path), *m = wide(mode);
    FILE *f = NULL;
    if (w && m) {
        wchar_t mb[16];
        _snwprintf(mb, 15, L"%ls%ls", m, wcschr(m, L'b') ? L"" : L"b");
        mb[15] = 0;
        f = _wfopen(w, mb);
    }
    free(w);
    free(m);
    return f;
}

char *compat_realpath(const char *path, char *resolved)
{
    wchar_t *w = wide(path), full[MAX_PATH * 4];
    if (!w)
        return NULL;
    bool ok = _wfullpath(full, w, sizeof full / sizeof full[0]) != NULL;
    free(w);
    struct _stat64 s;
    if (!ok || _wstat64(full, &s) != 0) {
        errno = ENOENT;
        return NULL;
    }
    char buf[MAX_PATH * 12];
    if (!narrow(full, buf, sizeof buf))
        return NULL;
    for (char *c = buf; *c; c++)
        if (*c == '\\')
            *c = '/';
    if (resolved) {
        snprintf(resolved, 260, "%s", buf);
        return resolved;
    }
    return _strdup(buf);
}

/* Only "/proc/self/exe": this program's path, with '/' separators. */
ssize_t compat_readlink(const char *path, char *buf, size_t n)
{
    if (strcmp(path, "/proc/self/exe") != 0) {
        errno = EINVAL;
        return -1;
    }
    wchar_t w[MAX_PATH * 4];
    DWORD len = GetModuleFileNameW(NULL, w, MAX_PATH * 4);
    char tmp[MAX_PATH * 12];
    if (len == 0 || len >= MAX_PATH * 4 || !narrow(w, tmp, sizeof tmp))
        return -1;
    for (char *c = tmp; *c; c++)
        if (*c == '\\')
            *c = '/';
    size_t l = strlen(tmp);
    if (l > n)
        l = n;
    memcpy(buf, tmp, l);
    return (ssize_t)l;
}

struct compat_dir {
    _WDIR *d;
    struct compat_dirent e;
};

compat_DIR *compat_opendir(const char *path)
{
    wchar_t *w = wide(path);
    _WDIR *d = w ? _wopendir(w) : NULL;
    free(w);
    if (!d)
        return NULL;
    compat_DIR *c = calloc(1, sizeof *c);
    if (!c) {
        _wclosedir(d);
        return NULL;
    }
    c->d = d;
    return c;
}

struct compat_dirent *compat_readdir(compat_DIR *c)
{
    struct _wdirent *e;
    while ((e = _wreaddir(c->d)))
        if (narrow(e->d_name, c->e.d_name, sizeof c->e.d_name))
            return &c->e;
    return NULL;
}

int compat_closedir(compat_DIR *c)
{
    int r = _wclosedir(c->d);
    free(c);
    return r;
}

int compat_mallopt(int param, int value)
{
    (void)param;
    (void)value;
    return 1;
}

int compat_sync_file_range(int fd, int64_t off, int64_t n, unsigned flags)
{
    (void)fd;
    (void)off;
    (void)n;
    (void)flags;
    return 0;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, int64_t off)
{
    (void)addr;
    (void)prot;
    (void)flags;
    HANDLE f = (HANDLE)_get_osfhandle(fd);
    HANDLE m = f == INVALID_HANDLE_VALUE ? NULL : CreateFileMappingW(f, NULL, PAGE_READONLY, 0, 0, NULL);
    if (!m)
        return MAP_FAILED;
    void *p = MapViewOfFile(m, FILE_MAP_READ, (DWORD)((uint64_t)off >> 32), (DWORD)off, len);
    CloseHandle(m); /* the view keeps the mapping */
    return p ? p : MAP_FAILED;
}

int munmap(void *addr, size_t len)
{
    (void)len;
    return UnmapViewOfFile(addr) ? 0 : -1;
}

int tcgetattr(int fd, struct termios *t)
{
    DWORD mode;
    if (!GetConsoleMode((HANDLE)_get_osfhandle(fd), &mode))
        return -1;
    t->c_lflag = (mode & ENABLE_ECHO_INPUT) ? ECHO : 0;
    return 0;
}

int tcsetattr(int fd, int when, const struct termios *t)
{
    (void)when;
    HANDLE h = (HANDLE)_get_osfhandle(fd);
    DWORD mode;
    if (!GetConsoleMode(h, &mode))
        return -1;
    mode = (t->c_lflag & ECHO) ? mode | ENABLE_ECHO_INPUT : mode & ~(DWORD)ENABLE_ECHO_INPUT;
    return SetConsoleMode(h, mode) ? 0 : -1;
}
