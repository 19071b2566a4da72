#define LOG_TAG "preview"
#include "text/preview.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"

void text_preview_draw(struct text_engine *te, const struct text_layout *lay, float x, float y, uint8_t *cov,
                       int w, int h)
{
    struct text_quad *q = NULL;
    size_t cap = 0, n = text_quads(te, lay, x, y, &q, 0, &cap);
    for (size_t i = 0; i < n; i++) {
        const struct text_atlas_page *p = text_atlas_page(te, q[i].page);
        int dx = (int)q[i].dst_x, dy = (int)q[i].dst_y;
        for (int r = 0; r < q[i].h; r++) {
            int ty = dy + r;
            if (ty < 0 || ty >= h)
                continue;
            const uint8_t *src = p->pixels + (size_t)(q[i].src_y + r) * (size_t)p->stride + (size_t)q[i].src_x;
            for (int c = 0; c < q[i].w; c++) {
                int tx = dx + c;
                if (tx < 0 || tx >= w)
                    continue;
                uint8_t *d = &cov[(size_t)ty * (size_t)w + (size_t)tx];
                *d = (uint8_t)(*d + src[c] - *d * src[c] / 255);
            }
        }
    }
    free(q);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static size_t chunk(uint8_t *out, const char *type, const uint8_t *data, uint32_t len)
{
    put32(out, len);
    memcpy(out + 4, type, 4);
    if (len)
        memcpy(out + 8, data, len);
    uLong crc = crc32(0, out + 4, len + 4);
    put32(out + 8 + len, (uint32_t)crc);
    return len + 12;
}

bool text_preview_write_png(const char *path, const uint8_t *cov, int w, int h, bool ink_black)
{
    size_t raw_len = (size_t)(w + 1) * (size_t)h;
    uint8_t *raw = xmalloc(raw_len);
    for (int y = 0; y < h; y++) {
        uint8_t *row = raw + (size_t)y * (size_t)(w + 1);
        row[0] = 0; /* filter: none */
        for (int x = 0; x < w; x++) {
            uint8_t v = cov[(size_t)y * (size_t)w + (size_t)x];
            row[1 + x] = ink_black ? (uint8_t)(255 - v) : v;
        }
    }
    uLongf zlen = compressBound(raw_len);
    uint8_t *png = xmalloc(zlen + 128);
    size_t n = 0;
    memcpy(png, "\x89PNG\r\n\x1a\n", 8);
    n = 8;
    uint8_t ihdr[13];
    put32(ihdr, (uint32_t)w);
    put32(ihdr + 4, (uint32_t)h);
    memcpy(ihdr + 8, "\x08\x00\x00\x00\x00", 5); /* 8-bit grayscale */
    n += chunk(png + n, "IHDR", ihdr, 13);
    uint8_t *z = xmalloc(zlen);
    if (compress2(z, &zlen, raw, raw_len, 6) != Z_OK) {
        LOG_ERR("%s: zlib compression failed", path);
        free(z), free(raw), free(png);
        return false;
    }
    n += chunk(png + n, "IDAT", z, (uint32_t)zlen);
    n += chunk(png + n, "IEND", NULL, 0);
    bool ok = fs_write_atomic(path, png, n);
    if (!ok)
        LOG_ERR("%s: cannot write: %s", path, strerror(errno));
    free(z), free(raw), free(png);
    return ok;
}
