/* imgdec: decodes a PNG or JPEG held in memory with bounded memory: the header is read first and
 * nothing over the limits is decoded; the picture is scaled while it is decoded (never held at
 * full size), EXIF orientation is applied and CMYK converted. Every byte is checked, so a truncated
 * or corrupt file is an error, never a partly grey picture. No SDL; libpng and libjpeg. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMGDEC_MAX_SIDE 8192                  /* = CONTENT_MAX_IMAGE_SIDE */
#define IMGDEC_MAX_INTERLACED_PIXELS (4u << 20) /* Adam7 PNGs must be held whole to be decoded */

struct imgdec_pixels {
    int w, h;        /* after scaling and orientation */
    int src_w, src_h; /* as stored in the file (before orientation) */
    int orientation; /* EXIF 1..8 (1 = as stored) */
    bool missing_eoi; /* a JPEG whole but for its final EOI marker (cameras and editors write such
                       * files; libjpeg calls it a warning): decoded and taken, worth a warning */
    uint8_t *rgba;   /* w * h * 4 bytes, R G B A; heap, imgdec_free() */
};

/* Decodes data so the result is no larger than what covers a box_w x box_h box (the picture is
 * never enlarged; 0 x 0 = full size, within IMGDEC_MAX_SIDE). False with a message in why (Chinese
 * then English, separated by '\x1f') when the file is not a PNG/JPEG, too large, or damaged. */
bool imgdec_decode(const void *data, size_t len, int box_w, int box_h, struct imgdec_pixels *out, char *why,
                   size_t why_size);
void imgdec_free(struct imgdec_pixels *px);
/* The size a picture of w x h (after orientation) is decoded to for a box (imgdec_decode's rule). */
void imgdec_fit(int w, int h, int box_w, int box_h, int *out_w, int *out_h);
