/* process: decisions for the whole process, made once by the program (main) before any command
 * runs, never from inside a library: today the heap's mmap threshold. */
#pragma once

/* Fixes glibc's mmap threshold at 256 KiB so freed screen-sized buffers go back to the system. */
void process_tune_memory(void);
