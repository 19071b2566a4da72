/* imgdec: bounded PNG/JPEG decoding (see imgdec.h). Rows are scaled with a box filter as they come
 * out of the decoder, so memory is the output picture, one source row and one row of sums (plus,
 * for progressive JPEG and interlaced PNG, a bounded whole-image buffer the formats require). */
#include "content/imgdec.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "core/xalloc.h"

#define JPEG_MAX_MEMORY (64L << 20) /* libjpeg's own buffers (progressive coefficients) */

static void set_why(char *why, size_t size, const char *zh, const char *en, const char *detail)
{
    if (why && size)
        snprintf(why, size, "%s%s%s\x1f%s%s%s", zh, detail ? "：" : "", detail ? detail : "", en, detail ? ": " : "",
                 detail ? detail : "");
}

void imgdec_fit(int w, int h, int box_w, int box_h, int *out_w, int *out_h)
{
    *out_w = w, *out_h = h;
    if (box_w <= 0 || box_h <= 0 || w <= 0 || h <= 0)
        return;
    double s = fmax((double)box_w / w, (double)box_h / h);
    if (s >= 1)
        return;
    int ow = (int)ceil(w * s), oh = (int)ceil(h * s);
    *out_w = ow < 1 ? 1 : ow > w ? w : ow;
    *out_h = oh < 1 ? 1 : oh > h ? h : oh;
}

void imgdec_free(struct imgdec_pixels *px)
{
    if (!px)
        return;
    free(px->rgba);
    px->rgba = NULL;
}

/* ---- streaming box filter ----------------------------------------------------------------------- */

struct scaler {
    int sw, sh, ow, oh;
    int *xmap;       /* source column -> output column */
    uint64_t *acc;   /* ow * 4 sums */
    uint32_t *cnt;   /* ow counts */
    int cur;         /* output row being summed, -1 = none */
    uint8_t *out;    /* ow * oh * 4 */
};

static void scaler_init(struct scaler *sc, int sw, int sh, int ow, int oh)
{
    *sc = (struct scaler){.sw = sw, .sh = sh, .ow = ow, .oh = oh, .cur = -1};
    sc->xmap = xcalloc((size_t)sw, sizeof *sc->xmap);
    for (int x = 0; x < sw; x++)
        sc->xmap[x] = (int)((int64_t)x * ow / sw);
    sc->acc = xcalloc((size_t)ow * 4, sizeof *sc->acc);
    sc->cnt = xcalloc((size_t)ow, sizeof *sc->cnt);
    sc->out = xcalloc((size_t)ow * (size_t)oh, 4);
}

static void scaler_flush(struct scaler *sc)
{
    if (sc->cur < 0)
        return;
    uint8_t *o = sc->out + (size_t)sc->cur * (size_t)sc->ow * 4;
    for (int x = 0; x < sc->ow; x++) {
        uint32_t n = sc->cnt[x] ? sc->cnt[x] : 1;
        for (int k = 0; k < 4; k++)
            o[x * 4 + k] = (uint8_t)((sc->acc[x * 4 + k] + n / 2) / n);
    }
    memset(sc->acc, 0, (size_t)sc->ow * 4 * sizeof *sc->acc);
    memset(sc->cnt, 0, (size_t)sc->ow * sizeof *sc->cnt);
}

/* One RGBA source row (rows arrive in order). */
static void scaler_row(struct scaler *sc, const uint8_t *row, int sy)
{
    int oy = (int)((int64_t)sy * sc->oh / sc->sh);
    if (oy != sc->cur) {
        scaler_flush(sc);
        sc->cur = oy;
    }
    for (int x = 0; x < sc->sw; x++) {
        int ox = sc->xmap[x];
        for (int k = 0; k < 4; k++)
            sc->acc[ox * 4 + k] += row[x * 4 + k];
        sc->cnt[ox]++;
    }
}

/* Hands the output over (sc->out becomes the caller's). */
static uint8_t *scaler_finish(struct scaler *sc)
{
    scaler_flush(sc);
    uint8_t *out = sc->out;
    sc->out = NULL;
    return out;
}

static void scaler_free(struct scaler *sc)
{
    free(sc->xmap);
    free(sc->acc);
    free(sc->cnt);
    free(sc->out);
    *sc = (struct scaler){0};
}

/* ---- orientation ------------------------------------------------------------------------------- */

static bool orientation_swaps(int o) { return o >= 5 && o <= 8; }

/* Applies EXIF orientation o to px (w x h as stored). */
static void orient(struct imgdec_pixels *px, int o)
{
    if (o <= 1 || o > 8)
        return;
    int w = px->w, h = px->h, dw = orientation_swaps(o) ? h : w, dh = orientation_swaps(o) ? w : h;
    uint32_t *src = (uint32_t *)px->rgba, *dst = xmalloc((size_t)w * (size_t)h * 4);
    for (int y = 0; y < dh; y++)
        for (int x = 0; x < dw; x++) {
            int sx, sy;
            switch (o) {
            case 2: sx = w - 1 - x, sy = y; break;
            case 3: sx = w - 1 - x, sy = h - 1 - y; break;
            case 4: sx = x, sy = h - 1 - y; break;
            case 5: sx = y, sy = x; break;
            case 6: sx = y, sy = h - 1 - x; break;
            case 7: sx = w - 1 - y, sy = h - 1 - x; break;
            default: sx = w - 1 - y, sy = x; break; /* 8 */
            }
            dst[(size_t)y * dw + x] = src[(size_t)sy * w + sx];
        }
    free(px->rgba);
    px->rgba = (uint8_t *)dst;
    px->w = dw, px->h = dh;
}

/* The Orientation tag (0x0112) of an APP1 Exif block, 1 when absent or unreadable. */
static int exif_orientation(const uint8_t *p, size_t n)
{
    if (n < 14 || memcmp(p, "Exif\0\0", 6) != 0)
        return 1;
    p += 6, n -= 6;
    bool le = p[0] == 'I' && p[1] == 'I';
    if (!le && !(p[0] == 'M' && p[1] == 'M'))
        return 1;
#define U16(q) (le ? (unsigned)(q)[0] | (unsigned)(q)[1] << 8 : (unsigned)(q)[0] << 8 | (unsigned)(q)[1])
#define U32(q) (le ? (uint32_t)(q)[0] | (uint32_t)(q)[1] << 8 | (uint32_t)(q)[2] << 16 | (uint32_t)(q)[3] << 24 \
                   : (uint32_t)(q)[0] << 24 | (uint32_t)(q)[1] << 16 | (uint32_t)(q)[2] << 8 | (uint32_t)(q)[3])
    uint32_t ifd = U32(p + 4);
    if (ifd > n || n - ifd < 2)
        return 1;
    unsigned count = U16(p + ifd);
    for (unsigned i = 0; i < count; i++) {
        size_t e = ifd + 2 + (size_t)i * 12;
        if (e + 12 > n)
            break;
        if (U16(p + e) == 0x0112 && U16(p + e + 2) == 3) {
            unsigned v = U16(p + e + 8);
            return v >= 1 && v <= 8 ? (int)v : 1;
        }
    }
#undef U16
#undef U32
    return 1;
}

/* ---- PNG --------------------------------------------------------------------------------------- */

struct png_ctx {
    const uint8_t *data;
    size_t len, off;
    char msg[160];
    struct scaler sc;
    uint8_t *row, *whole;
    png_bytep *rows;
};

static void png_read_mem(png_structp png, png_bytep out, size_t n)
{
    struct png_ctx *c = png_get_io_ptr(png);
    if (n > c->len - c->off)
        png_error(png, "file ends early (truncated)");
    memcpy(out, c->data + c->off, n);
    c->off += n;
}

static void png_on_error(png_structp png, png_const_charp msg)
{
    struct png_ctx *c = png_get_error_ptr(png);
    snprintf(c->msg, sizeof c->msg, "%s", msg);
    png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg) { (void)png, (void)msg; }

static bool decode_png(const uint8_t *data, size_t len, int box_w, int box_h, struct imgdec_pixels *out, char *why,
                       size_t why_size)
{
    struct png_ctx *c = xcalloc(1, sizeof *c);
    c->data = data, c->len = len;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, c, png_on_error, png_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    volatile bool ok = false;
    if (!info) {
        set_why(why, why_size, "内存不足", "out of memory", NULL);
        goto done;
    }
    if (setjmp(png_jmpbuf(png))) {
        set_why(why, why_size, "PNG 图像已损坏", "the PNG is damaged", c->msg);
        goto done;
    }
    png_set_read_fn(png, c, png_read_mem);
    png_set_user_limits(png, IMGDEC_MAX_SIDE, IMGDEC_MAX_SIDE);
    png_set_chunk_malloc_max(png, 8u << 20);
    png_read_info(png, info);
    int w = (int)png_get_image_width(png, info), h = (int)png_get_image_height(png, info);
    int interlace = png_get_interlace_type(png, info);
    if (interlace != PNG_INTERLACE_NONE && (uint64_t)w * (uint64_t)h > IMGDEC_MAX_INTERLACED_PIXELS) {
        snprintf(c->msg, sizeof c->msg, "%dx%d, interlaced (Adam7)", w, h);
        set_why(why, why_size, "隔行扫描的 PNG 过大，请另存为非隔行 PNG", "interlaced PNG too large; save it non-interlaced",
                c->msg);
        goto done;
    }
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 4) {
        set_why(why, why_size, "PNG 格式不受支持", "unsupported PNG layout", NULL);
        goto done;
    }
    int ow, oh;
    imgdec_fit(w, h, box_w, box_h, &ow, &oh);
    scaler_init(&c->sc, w, h, ow, oh);
    if (passes > 1) {
        c->whole = xmalloc((size_t)w * (size_t)h * 4);
        c->rows = xmalloc((size_t)h * sizeof *c->rows);
        for (int y = 0; y < h; y++)
            c->rows[y] = c->whole + (size_t)y * (size_t)w * 4;
        png_read_image(png, c->rows);
        for (int y = 0; y < h; y++)
            scaler_row(&c->sc, c->rows[y], y);
    } else {
        c->row = xmalloc((size_t)w * 4);
        for (int y = 0; y < h; y++) {
            png_read_row(png, c->row, NULL);
            scaler_row(&c->sc, c->row, y);
        }
    }
    png_read_end(png, NULL); /* the chunks after the image, their CRCs, IEND */
    *out = (struct imgdec_pixels){.w = ow, .h = oh, .src_w = w, .src_h = h, .orientation = 1};
    out->rgba = scaler_finish(&c->sc);
    ok = true;
done:
    png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
    scaler_free(&c->sc);
    free(c->row);
    free(c->whole);
    free(c->rows);
    free(c);
    return ok;
}

/* ---- JPEG -------------------------------------------------------------------------------------- */

struct jpeg_ctx {
    struct jpeg_error_mgr pub;
    jmp_buf jb;
    char msg[JMSG_LENGTH_MAX];
    struct scaler sc;
    uint8_t *rgba;
};

static void jpeg_on_error(j_common_ptr ci)
{
    struct jpeg_ctx *c = (struct jpeg_ctx *)ci->err;
    ci->err->format_message(ci, c->msg);
    longjmp(c->jb, 1);
}

/* Warnings (data ends early, corrupt data) are errors: the picture would show partly grey. */
static void jpeg_on_message(j_common_ptr ci, int level)
{
    if (level < 0)
        jpeg_on_error(ci);
}

static bool decode_jpeg(const uint8_t *data, size_t len, int box_w, int box_h, struct imgdec_pixels *out, char *why,
                        size_t why_size)
{
    struct jpeg_decompress_struct ci;
    struct jpeg_ctx *c = xcalloc(1, sizeof *c);
    volatile bool ok = false;
    ci.err = jpeg_std_error(&c->pub);
    c->pub.error_exit = jpeg_on_error;
    c->pub.emit_message = jpeg_on_message;
    jpeg_create_decompress(&ci);
    if (setjmp(c->jb)) {
        set_why(why, why_size, "JPEG 图像已损坏", "the JPEG is damaged", c->msg);
        goto done;
    }
    ci.mem->max_memory_to_use = JPEG_MAX_MEMORY;
    jpeg_mem_src(&ci, data, (unsigned long)len);
    jpeg_save_markers(&ci, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&ci, TRUE);
    int w = (int)ci.image_width, h = (int)ci.image_height;
    if (w <= 0 || h <= 0 || w > IMGDEC_MAX_SIDE || h > IMGDEC_MAX_SIDE) {
        snprintf(c->msg, sizeof c->msg, "%dx%d", w, h);
        set_why(why, why_size, "图像尺寸超出上限", "image dimensions over the limit", c->msg);
        goto done;
    }
    int o = 1;
    for (jpeg_saved_marker_ptr m = ci.marker_list; m && o == 1; m = m->next)
        if (m->marker == JPEG_APP0 + 1)
            o = exif_orientation(m->data, m->data_length);
    /* The target, in stored orientation. */
    int ow, oh;
    if (orientation_swaps(o)) {
        imgdec_fit(h, w, box_w, box_h, &oh, &ow);
    } else {
        imgdec_fit(w, h, box_w, box_h, &ow, &oh);
    }
    /* libjpeg scales by n/8 in the DCT: the smallest n that is still at least the target. */
    ci.scale_denom = 8;
    ci.scale_num = 8;
    for (unsigned n = 1; n < 8; n++)
        if ((int)((w * n + 7) / 8) >= ow && (int)((h * n + 7) / 8) >= oh) {
            ci.scale_num = n;
            break;
        }
    bool cmyk = ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK;
    ci.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&ci);
    int dw = (int)ci.output_width, dh = (int)ci.output_height, nc = ci.output_components;
    if (ow > dw)
        ow = dw;
    if (oh > dh)
        oh = dh;
    scaler_init(&c->sc, dw, dh, ow, oh);
    JSAMPARRAY buf = ci.mem->alloc_sarray((j_common_ptr)&ci, JPOOL_IMAGE, (JDIMENSION)(dw * nc), 1);
    c->rgba = xmalloc((size_t)dw * 4);
    bool inverted = ci.saw_Adobe_marker; /* Adobe CMYK is stored inverted */
    while (ci.output_scanline < ci.output_height) {
        int y = (int)ci.output_scanline;
        if (jpeg_read_scanlines(&ci, buf, 1) != 1)
            longjmp(c->jb, 1);
        const uint8_t *s = buf[0];
        for (int x = 0; x < dw; x++) {
            uint8_t *d = c->rgba + x * 4;
            if (cmyk) {
                unsigned C = s[x * 4], M = s[x * 4 + 1], Y = s[x * 4 + 2], K = s[x * 4 + 3];
                if (!inverted)
                    C = 255 - C, M = 255 - M, Y = 255 - Y, K = 255 - K;
                d[0] = (uint8_t)((C * K + 127) / 255);
                d[1] = (uint8_t)((M * K + 127) / 255);
                d[2] = (uint8_t)((Y * K + 127) / 255);
            } else {
                d[0] = s[x * 3], d[1] = s[x * 3 + 1], d[2] = s[x * 3 + 2];
            }
            d[3] = 0xFF;
        }
        scaler_row(&c->sc, c->rgba, y);
    }
    jpeg_finish_decompress(&ci); /* reads up to EOI: a file cut short is caught here */
    *out = (struct imgdec_pixels){.w = ow, .h = oh, .src_w = w, .src_h = h, .orientation = o};
    out->rgba = scaler_finish(&c->sc);
    orient(out, o);
    ok = true;
done:
    jpeg_destroy_decompress(&ci);
    scaler_free(&c->sc);
    free(c->rgba);
    free(c);
    return ok;
}

/* A JPEG that fails only for want of its final EOI marker decodes cleanly once one is appended
 * (a file cut short inside the picture still fails: its last scan is incomplete). */
static bool decode_jpeg_or_eoi(const uint8_t *p, size_t len, int box_w, int box_h, struct imgdec_pixels *out,
                               char *why, size_t why_size)
{
    if (decode_jpeg(p, len, box_w, box_h, out, why, why_size))
        return true;
    if (len >= 2 && p[len - 2] == 0xFF && p[len - 1] == 0xD9)
        return false;
    uint8_t *fixed = xmalloc(len + 2);
    memcpy(fixed, p, len);
    fixed[len] = 0xFF;
    fixed[len + 1] = 0xD9;
    char why2[8];
    bool ok = decode_jpeg(fixed, len + 2, box_w, box_h, out, why2, sizeof why2);
    free(fixed);
    if (ok)
        out->missing_eoi = true; /* why keeps the first attempt's message; unused on success */
    return ok;
}

bool imgdec_decode(const void *data, size_t len, int box_w, int box_h, struct imgdec_pixels *out, char *why,
                   size_t why_size)
{
    static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    const uint8_t *p = data;
    *out = (struct imgdec_pixels){0};
    if (len >= 8 && memcmp(p, png_sig, 8) == 0)
        return decode_png(p, len, box_w, box_h, out, why, why_size);
    if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return decode_jpeg_or_eoi(p, len, box_w, box_h, out, why, why_size);
    set_why(why, why_size, "不是 PNG 或 JPEG 图像", "not a PNG or JPEG image", NULL);
    return false;
}
