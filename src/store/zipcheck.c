/* zipcheck: the central directory against the local headers, read with pread. */
#define LOG_TAG "zipcheck"
#include "store/zipcheck.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xalloc.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_EOCD64 0x06064b50u
#define SIG_LOC64 0x07064b50u
#define SIG_DESC 0x08074b50u
#define EOCD_LEN 22
#define CENTRAL_LEN 46
#define LOCAL_LEN 30
#define MAX_PROBLEMS 20

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

static bool read_at(int fd, uint64_t off, void *buf, size_t len, uint64_t file_size)
{
    if (off > file_size || len > file_size - off)
        return false;
    return pread(fd, buf, len, (off_t)off) == (ssize_t)len;
}

/* The sizes and offset an entry declares, widened by its zip64 extra field where they are 0xFFFFFFFF. */
struct sizes {
    uint64_t usize, csize, offset;
    bool zip64;   /* a value came from the zip64 extra */
    bool has64;   /* the entry carries a zip64 extra at all (then its data descriptor is 64-bit) */
};

static void widen(struct sizes *s, const uint8_t *extra, size_t len, bool has_offset)
{
    for (size_t i = 0; i + 4 <= len;) {
        uint16_t id = le16(extra + i), n = le16(extra + i + 2);
        if (i + 4 + n > len)
            break;
        if (id == 0x0001) {
            s->has64 = true;
            const uint8_t *p = extra + i + 4, *end = p + n;
            if (s->usize == 0xFFFFFFFFu && p + 8 <= end)
                s->usize = le64(p), p += 8, s->zip64 = true;
            if (s->csize == 0xFFFFFFFFu && p + 8 <= end)
                s->csize = le64(p), p += 8, s->zip64 = true;
            if (has_offset && s->offset == 0xFFFFFFFFu && p + 8 <= end)
                s->offset = le64(p), s->zip64 = true;
        }
        i += 4 + (size_t)n;
    }
}

static char *printable(const uint8_t *name, size_t n)
{
    char *s = xmalloc(4 * n + 2), *q = s;
    for (size_t i = 0; i < n; i++)
        q += name[i] >= 0x20 && name[i] < 0x7f ? sprintf(q, "%c", name[i]) : sprintf(q, "\\x%02X", name[i]);
    if (!n)
        *q++ = '?';
    *q = '\0';
    return s;
}

static void problem(struct findings *out, const char *file, const char *what_zh, const char *what_en)
{
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "压缩包目录与文件数据不一致（%s），疑似被篡改或损坏：请重新压缩", what_zh);
    snprintf(en, sizeof en, "the zip's central directory and the entry's local header disagree (%s): the archive is "
                            "damaged or crafted; zip it again", what_en);
    findings_add(out, SEV_ERROR, file, 0, 0, "", zh, en);
}

/* Finds the end record; fills the directory's place and count. base is where offset 0 lies (bytes
 * prepended to the zip shift everything, as Info-ZIP allows). */
static bool find_directory(int fd, uint64_t size, uint64_t *cd_off, uint64_t *cd_size, uint64_t *count,
                           uint64_t *base)
{
    size_t tail = size < 65557 ? (size_t)size : 65557;
    if (tail < EOCD_LEN)
        return false;
    uint8_t *buf = xmalloc(tail);
    bool found = false;
    if (read_at(fd, size - tail, buf, tail, size)) {
        for (size_t i = tail - EOCD_LEN + 1; i-- > 0 && !found;) {
            const uint8_t *e = buf + i;
            if (le32(e) != SIG_EOCD || i + EOCD_LEN + le16(e + 20) != tail)
                continue;
            uint64_t eocd = size - tail + i;
            *count = le16(e + 10);
            *cd_size = le32(e + 12);
            *cd_off = le32(e + 16);
            found = true;
            if (*count == 0xFFFF || *cd_size == 0xFFFFFFFFu || *cd_off == 0xFFFFFFFFu) {
                uint8_t loc[20], z[56];
                if (eocd < 20 || !read_at(fd, eocd - 20, loc, 20, size) || le32(loc) != SIG_LOC64 ||
                    !read_at(fd, le64(loc + 8), z, 56, size) || le32(z) != SIG_EOCD64) {
                    found = false;
                    break;
                }
                *count = le64(z + 32);
                *cd_size = le64(z + 40);
                *cd_off = le64(z + 48);
                *base = 0;
            } else {
                *base = eocd >= *cd_size + *cd_off ? eocd - *cd_size - *cd_off : 0;
            }
        }
    }
    free(buf);
    return found;
}

bool zipcheck_consistent(const char *path, struct findings *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        findings_add(out, SEV_ERROR, "lobbysign.zip", 0, 0, "", "压缩包无法打开", "archive cannot be opened");
        return false;
    }
    uint64_t size = (uint64_t)st.st_size, cd_off = 0, cd_size = 0, count = 0, base = 0;
    size_t errors0 = out->n_errors;
    if (!find_directory(fd, size, &cd_off, &cd_size, &count, &base) || cd_off + base > size ||
        cd_size > size - cd_off - base) {
        findings_add(out, SEV_ERROR, "lobbysign.zip", 0, 0, "", "zip 压缩包的目录无法读取（已损坏？）：请重新压缩",
                     "the zip's central directory cannot be read (damaged?): zip it again");
        close(fd);
        return false;
    }
    uint8_t *cd = xmalloc(cd_size ? cd_size : 1);
    bool ok = read_at(fd, cd_off + base, cd, cd_size, size);
    uint64_t seen = 0;
    for (size_t i = 0; ok && i + CENTRAL_LEN <= cd_size && le32(cd + i) == SIG_CENTRAL;) {
        const uint8_t *c = cd + i;
        uint16_t method = le16(c + 10), nlen = le16(c + 28), elen = le16(c + 30),
                 clen = le16(c + 32);
        if (i + CENTRAL_LEN + nlen + elen + clen > cd_size)
            break;
        const uint8_t *name = c + CENTRAL_LEN;
        struct sizes cs = {.usize = le32(c + 24), .csize = le32(c + 20), .offset = le32(c + 42)};
        uint32_t crc = le32(c + 16);
        widen(&cs, name + nlen, elen, true);
        char *file = printable(name, nlen);
        uint8_t l[LOCAL_LEN];
        uint64_t loff = cs.offset + base;
        if (out->n_errors - errors0 >= MAX_PROBLEMS) {
            free(file);
            break;
        }
        if (!read_at(fd, loff, l, LOCAL_LEN, size) || le32(l) != SIG_LOCAL) {
            problem(out, file, "找不到文件头", "no local header where the directory points");
        } else {
            uint16_t lflags = le16(l + 6), lmethod = le16(l + 8), lnlen = le16(l + 26), lelen = le16(l + 28);
            struct sizes ls = {.usize = le32(l + 22), .csize = le32(l + 18)};
            uint32_t lcrc = le32(l + 14);
            uint8_t *lvar = xmalloc((size_t)lnlen + lelen + 1);
            bool var_ok = read_at(fd, loff + LOCAL_LEN, lvar, (size_t)lnlen + lelen, size);
            if (var_ok)
                widen(&ls, lvar + lnlen, lelen, false);
            uint64_t data = loff + LOCAL_LEN + lnlen + lelen;
            if (!var_ok || lnlen != nlen || memcmp(lvar, name, nlen) != 0)
                problem(out, file, "文件名不同", "names differ");
            else if (lmethod != method)
                problem(out, file, "压缩方式不同", "compression methods differ");
            else if (data > cd_off + base || cs.csize > cd_off + base - data)
                problem(out, file, "数据超出范围", "data runs past the directory");
            else if (!(lflags & 8) && (ls.csize != cs.csize || ls.usize != cs.usize))
                problem(out, file, "大小不符", "sizes differ");
            else if (!(lflags & 8) && lcrc != crc)
                problem(out, file, "CRC 不符", "CRC differs");
            else if (lflags & 8) {
                /* sizes after the data: optional signature, CRC, then 4- or 8-byte sizes */
                uint8_t d[24];
                bool d64 = ls.has64 || cs.zip64;
                size_t dl = d64 ? 20 : 12;
                uint64_t at = data + cs.csize;
                bool got = read_at(fd, at, d, 4, size);
                if (got && le32(d) == SIG_DESC)
                    at += 4;
                got = got && read_at(fd, at, d, dl, size);
                uint64_t dcs = d64 ? le64(d + 4) : le32(d + 4), dus = d64 ? le64(d + 12) : le32(d + 8);
                if (!got || le32(d) != crc || dcs != cs.csize || dus != cs.usize ||
                    (ls.csize && ls.csize != cs.csize) || (ls.usize && ls.usize != cs.usize))
                    problem(out, file, "大小不符", "sizes differ");
            }
            free(lvar);
        }
        free(file);
        seen++;
        i += CENTRAL_LEN + (size_t)nlen + elen + clen;
    }
    if (ok && out->n_errors == errors0 && seen != count)
        findings_add(out, SEV_ERROR, "lobbysign.zip", 0, 0, "", "zip 压缩包的目录不完整（已损坏？）：请重新压缩",
                     "the zip's central directory is incomplete (damaged?): zip it again");
    if (!ok)
        findings_add(out, SEV_ERROR, "lobbysign.zip", 0, 0, "", "zip 压缩包的目录无法读取（已损坏？）：请重新压缩",
                     "the zip's central directory cannot be read (damaged?): zip it again");
    free(cd);
    close(fd);
    return out->n_errors == errors0;
}
