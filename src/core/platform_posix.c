#include "core/platform.h"

#include <stdlib.h>

#include "core/xalloc.h"

void platform_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

bool platform_is_windows(void)
{
    return false;
}

char *platform_user_dir(void)
{
    const char *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");
    if (x && x[0] == '/')
        return xasprintf("%s/lobbysign", x);
    return h && *h ? xasprintf("%s/.config/lobbysign", h) : NULL;
}
