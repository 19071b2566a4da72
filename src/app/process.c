/* process: process-wide settings (see process.h). */
#include "app/process.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

void process_tune_memory(void)
{
#ifdef __GLIBC__
    /* Screen-sized buffers come and go (the crossfade layer, a rotated output): glibc would move its
     * mmap threshold above the first one freed and serve the next from the heap, which keeps the
     * memory after free (measured: 57 MB instead of 41 MB between crossfades). A fixed threshold
     * (this also turns off the moving one) gives buffers of 256 KiB and more back on free. It is a
     * setting of the whole process, so the program makes it, not the render library. */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}
