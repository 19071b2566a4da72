/* paths: where the installed data lives (fonts/, playlists/, assets/): LOBBYSIGN_DATA, else next to
 * the running binary (<bindir>/../share/lobbysign, wherever it was installed), else the source tree
 * of a build run in place, else the configured install datadir. */
#pragma once

/* Directory holding fonts/, playlists/ and assets/. Never NULL; static storage. */
const char *paths_datadir(void);
/* The default CONTENT: <datadir>/playlists. Static storage. */
const char *paths_default_content(void);
/* The data directory belonging to an executable at exe_path (LOBBYSIGN_DATADIR_REL from its
 * folder) when that directory holds playlists/, else NULL. Returns a fresh heap string. */
char *paths_datadir_for_exe(const char *exe_path);
