/* process: decisions for the whole process, made once by the program (main) before any command
 * runs, never from inside a library: the heap's mmap threshold, and the configuration file every
 * command reads (app/config.h). */
#pragma once
#include <stdbool.h>

#include "app/config.h"

/* Fixes glibc's mmap threshold at 256 KiB so freed screen-sized buffers go back to the system. */
void process_tune_memory(void);

/* Takes `--config FILE` / `--config=FILE` out of argv (anywhere after the command name; argv
 * stays NULL-terminated), finds the file (config_locate) and reads it. Problems are printed on
 * stderr, once; the valid fields still apply. The log level from the file applies unless
 * LOBBYSIGN_LOG is set. With read false only the option is taken (`config check` reads it itself).
 * False only for a bad --config (missing FILE, or a FILE that cannot be read). */
bool process_load_config(int *argc, char **argv, bool read);
/* The configuration read by process_load_config (its defaults without a file): main passes it to
 * the command. */
const struct config *process_config(void);
/* The --config FILE given, or NULL. */
const char *process_config_option(void);
void process_free_config(void);
