#define LOG_TAG "render"
#include "render/pixels.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "core/log.h"

/* The usual transparent huge page (x86-64, arm64 with 4 KB pages). Elsewhere the hint is ignored
 * and this is a plain anonymous mapping. */
#define HUGE_PAGE ((size_t)2 << 20)

static size_t mapped_len(size_t n) { return (n + 4095) & ~(size_t)4095; }

void *pixels_new(size_t n)
{
    if (n == 0)
        return NULL;
    /* Mapped with a huge page of slack, then trimmed to start on a huge page: every whole huge page
     * of it is one fault instead of 512; the tail stays in 4 KB pages, so no byte more is resident
     * than the picture (at 1920x1080: three huge pages and 467 small ones). */
    size_t len = mapped_len(n);
    uint8_t *raw = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        LOG_ERR("cannot map %zu bytes of pixels: %s", n, strerror(errno));
        return NULL;
    }
    uint8_t *p = (uint8_t *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (p > raw)
        munmap(raw, (size_t)(p - raw));
    if (p + len < raw + len + HUGE_PAGE)
        munmap(p + len, (size_t)(raw + len + HUGE_PAGE - (p + len)));
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE); /* only a hint: EINVAL where THP is off */
#endif
    return p;
}

void pixels_free(void *p, size_t n)
{
    if (p)
        munmap(p, mapped_len(n));
}
