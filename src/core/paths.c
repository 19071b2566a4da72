#include "core/paths.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/fsutil.h"

const char *paths_datadir(void)
{
    const char *env = getenv("LOBBYSIGN_DATA");
    if (env && *env)
        return env;
    if (fs_is_dir(LOBBYSIGN_SRCDIR "/playlists"))
        return LOBBYSIGN_SRCDIR;
    return LOBBYSIGN_DATADIR;
}

const char *paths_default_content(void)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/playlists", paths_datadir());
    return buf;
}
