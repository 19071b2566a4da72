/* process: process-wide settings (see process.h). */
#include "app/process.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The one configuration of the process: read once by main before the command runs, like the heap
 * setting above (main hands it to the command as a const struct config *; libraries never see it). */
static struct config the_config;
static const char *config_option;

bool process_load_config(int *argc, char **argv, bool read)
{
    int k = 1;
    bool bad = false;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) { /* the rest are the command's own */
            while (i < *argc)
                argv[k++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--config") == 0) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "lobbysign: --config needs a FILE\n");
                bad = true;
                continue;
            }
            config_option = argv[++i];
        } else if (strncmp(argv[i], "--config=", 9) == 0) {
            config_option = argv[i] + 9;
        } else {
            argv[k++] = argv[i];
        }
    }
    argv[k] = NULL;
    *argc = k;
    config_defaults(&the_config);
    if (bad)
        return false;
    if (!read)
        return true;
    if (config_option && access(config_option, R_OK) != 0) {
        fprintf(stderr, "lobbysign: --config %s: 无法读取 / cannot be read\n", config_option);
        return false;
    }
    const char *file = config_locate(config_option);
    if (!file)
        return true;
    struct findings f = {0};
    if (!config_load(file, &the_config, &f) || f.n) {
        findings_print(&f, stderr);
        fprintf(stderr, "lobbysign: %s: 配置有误，其余设置照常使用 / configuration has problems; the valid settings "
                        "still apply ('lobbysign config check')\n", file);
    }
    findings_free(&f);
    if (the_config.log_level_set && !getenv("LOBBYSIGN_LOG"))
        log_set_level(the_config.log_level);
    return true;
}

const struct config *process_config(void) { return &the_config; }
const char *process_config_option(void) { return config_option; }
void process_free_config(void) { config_free(&the_config); }
