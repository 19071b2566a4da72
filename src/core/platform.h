/* platform: the few process-level differences between the board (POSIX) and the operator's
 * Windows laptop, in one call main makes first. platform_posix.c or win/platform.c is built. */
#pragma once
#include <stdbool.h>

/* Windows: console output as UTF-8 (code page 65001) and argv as UTF-8 from the wide command
 * line; POSIX: nothing. */
void platform_init(int *argc, char ***argv);
/* True on the Windows build (board-only commands say so). */
bool platform_is_windows(void);
/* The user's own lobbysign folder for keys (heap): %APPDATA%\lobbysign on Windows,
 * $XDG_CONFIG_HOME/lobbysign or ~/.config/lobbysign elsewhere; NULL when none can be named. */
char *platform_user_dir(void);
