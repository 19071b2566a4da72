#include "content/asset.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/content.h"
#include "content/imgdec.h"
#include "core/xalloc.h"

#define ASSET_CHECK_BOX 64 /* px: the size validation decodes to */

static bool read_at(int fd, off_t off, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, buf + got, n - got, off + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static enum asset_status probe_jpeg(int fd, struct asset_info *info)
{
    off_t off = 2;
    for (int seg = 0; seg < 4096; seg++) {
        unsigned char m[4];
        if (!read_at(fd, off, m, 2) || m[0] != 0xFF)
            return ASSET_BAD_HEADER;
        unsigned marker = m[1];
        if (marker == 0xFF) { /* fill byte */
            off++;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { /* no length */
            off += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA || marker == 0xD8) /* EOI / SOS before any SOF */
            return ASSET_BAD_HEADER;
        if (!read_at(fd, off + 2, m, 2) || be16(m) < 2)
            return ASSET_BAD_HEADER;
        unsigned len = be16(m);
        bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            unsigned char h[5];
            if (len < 7 || !read_at(fd, off + 4, h, 5))
                return ASSET_BAD_HEADER;
            info->type = ASSET_JPEG;
            info->height = be16(h + 1);
            info->width = be16(h + 3);
            return info->width && info->height ? ASSET_OK : ASSET_BAD_HEADER;
        }
        off += 2 + (off_t)len;
    }
    return ASSET_BAD_HEADER;
}

enum asset_status asset_probe_fd(int fd, struct asset_info *info)
{
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char h[24];
    if (!read_at(fd, 0, h, 3))
        return ASSET_NOT_IMAGE;
    if (h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        return probe_jpeg(fd, info);
    if (!read_at(fd, 0, h, 8) || memcmp(h, png_sig, 8) != 0)
        return ASSET_NOT_IMAGE;
    if (!read_at(fd, 0, h, 24) || memcmp(h + 12, "IHDR", 4) != 0)
        return ASSET_BAD_HEADER;
    uint32_t w = be32(h + 16), ht = be32(h + 20);
    if (w == 0 || ht == 0 || w > 0x7FFFFFFF || ht > 0x7FFFFFFF)
        return ASSET_BAD_HEADER;
    info->type = ASSET_PNG;
    info->width = w;
    info->height = ht;
    return ASSET_OK;
}

/* Decodes the open file small (every byte is still read and checked). */
static enum asset_status decode_check(int fd, size_t size, struct asset_info *info)
{
    unsigned char *data = xmalloc(size ? size : 1);
    if (!read_at(fd, 0, data, size)) {
        free(data);
        return ASSET_IO;
    }
    struct imgdec_pixels px;
    bool ok = imgdec_decode(data, size, ASSET_CHECK_BOX, ASSET_CHECK_BOX, &px, info->why, sizeof info->why);
    info->missing_eoi = ok && px.missing_eoi;
    imgdec_free(&px);
    free(data);
    return ok ? ASSET_OK : ASSET_DAMAGED;
}

enum asset_status asset_check(int dirfd, const char *rel, struct asset_info *info)
{
    *info = (struct asset_info){0};
    if (rel[0] == '/')
        return ASSET_ABSOLUTE;
    if (strchr(rel, '\\'))
        return ASSET_BACKSLASH;
    /* Split into components, dropping "" and "." */
    char *copy = xstrdup(rel), *comps[ASSET_MAX_COMPONENTS];
    size_t n = 0;
    enum asset_status st = ASSET_OK;
    for (char *save = NULL, *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, ".") == 0)
            continue;
        if (strcmp(c, "..") == 0) {
            st = ASSET_DOTDOT;
            break;
        }
        if (n == ASSET_MAX_COMPONENTS) {
            st = ASSET_TOO_DEEP;
            break;
        }
        comps[n++] = c;
    }
    if (st == ASSET_OK && n == 0)
        st = ASSET_EMPTY;
    if (st != ASSET_OK) {
        free(copy);
        return st;
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(comps[i]) + 1;
    info->relpath = xmalloc(total);
    info->relpath[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(info->relpath, "/");
        strcat(info->relpath, comps[i]);
    }

    int fd = dirfd < 0 ? -1 : dup(dirfd);
    if (fd < 0) {
        free(copy);
        return dirfd < 0 ? ASSET_NOT_FOUND : ASSET_IO;
    }
    for (size_t i = 0; i < n && st == ASSET_OK; i++) {
        bool last = i + 1 == n;
        int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | (last ? 0 : O_DIRECTORY);
        int next = openat(fd, comps[i], flags);
        if (next < 0) {
            if (errno == ENOENT)
                st = ASSET_NOT_FOUND;
            else if (errno == ELOOP)
                st = ASSET_SYMLINK;
            else if (errno == ENOTDIR) {
                /* O_DIRECTORY|O_NOFOLLOW on a symlink gives ENOTDIR on some systems: ask lstat. */
                struct stat ls;
                st = fstatat(fd, comps[i], &ls, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(ls.st_mode)
                         ? ASSET_SYMLINK
                         : ASSET_NOT_DIR;
            } else
                st = ASSET_IO;
        }
        close(fd);
        fd = next;
    }
    free(copy);
    if (st != ASSET_OK)
        return st;
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        st = ASSET_IO;
    else if (S_ISDIR(sb.st_mode))
        st = ASSET_IS_DIR;
    else if (!S_ISREG(sb.st_mode))
        st = ASSET_NOT_REGULAR;
    else if ((unsigned long long)sb.st_size > CONTENT_MAX_IMAGE_BYTES)
        st = ASSET_TOO_LARGE;
    else
        st = asset_probe_fd(fd, info);
    if (st == ASSET_OK && info->width <= CONTENT_MAX_IMAGE_SIDE && info->height <= CONTENT_MAX_IMAGE_SIDE)
        st = decode_check(fd, (size_t)sb.st_size, info);
    close(fd);
    return st;
}
