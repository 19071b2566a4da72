#include "core/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/xalloc.h"

char *paths_datadir_for_exe(const char *exe_path)
{
    const char *slash = exe_path ? strrchr(exe_path, '/') : NULL;
    if (!slash)
        return NULL;
    char *dir = xasprintf("%.*s/%s", (int)(slash - exe_path), exe_path, LOBBYSIGN_DATADIR_REL);
    char *pl = fs_join(dir, "playlists");
    bool ok = fs_is_dir(pl);
    free(pl);
    char *canon = ok ? realpath(dir, NULL) : NULL; /* bin/../share/lobbysign -> share/lobbysign */
    free(dir);
    return canon;
}

#define DATADIR_MAX (PATH_MAX + 64)

const char *paths_datadir(void)
{
    static char buf[DATADIR_MAX];
    const char *env = getenv("LOBBYSIGN_DATA");
    if (env && *env)
        return env;
    if (buf[0])
        return buf;
    /* An installed tree (under any prefix or DESTDIR) finds its own data first, even when the
     * source tree it was built from still exists. */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *dir = paths_datadir_for_exe(exe);
        if (dir && strlen(dir) < sizeof buf) {
            memcpy(buf, dir, strlen(dir) + 1);
            free(dir);
            return buf;
        }
        free(dir);
    }
    if (fs_is_dir(LOBBYSIGN_SRCDIR "/playlists"))
        return LOBBYSIGN_SRCDIR;
    return LOBBYSIGN_DATADIR;
}

const char *paths_default_content(void)
{
    static char buf[DATADIR_MAX + sizeof "/playlists"];
    snprintf(buf, sizeof buf, "%s/playlists", paths_datadir());
    return buf;
}
