/* pixels: the big picture buffers (a 1080p surface is 8 MB), zeroed, in transparent huge pages where
 * the kernel offers them: four page faults instead of two thousand at start-up. */
#pragma once
#include <stddef.h>

/* n zero bytes, or NULL (logged) when there is no memory. Free with pixels_free(p, n). */
void *pixels_new(size_t n);
void pixels_free(void *p, size_t n);
