/* libFuzzer target: any bytes as an image asset, through the validator's header probe
 * (asset_probe_fd) and the bounded decoder (imgdec_decode) that validate and the player use. Must
 * never crash, leak, hang or decode past the limits; a result is always within them. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "content/asset.h"
#include "content/imgdec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile unsigned sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-image", MFD_CLOEXEC);
    if (fd >= 0) {
        size_t off = 0;
        while (off < size) {
            ssize_t w = write(fd, data + off, size - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        struct asset_info info = {0};
        enum asset_status st = asset_probe_fd(fd, &info);
        if (st == ASSET_OK && (info.width == 0 || info.height == 0))
            abort(); /* a size of nothing passed the probe */
        close(fd);
    }
    for (int box = 0; box <= 64; box += 64) {
        struct imgdec_pixels px;
        char why[256];
        if (imgdec_decode(data, size, box, box, &px, why, sizeof why)) {
            if (px.w <= 0 || px.h <= 0 || px.w > IMGDEC_MAX_SIDE || px.h > IMGDEC_MAX_SIDE || !px.rgba)
                abort();
            for (size_t i = 0; i < (size_t)px.w * (size_t)px.h * 4; i += 4093)
                sink += px.rgba[i]; /* every pixel is there (ASan checks the bounds) */
            imgdec_free(&px);
        }
    }
    return 0;
}
