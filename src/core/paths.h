/* paths: where the installed data lives (fonts/, playlists/, assets/). A build run from the
 * source tree uses the tree; an installed one uses share/lobbysign; LOBBYSIGN_DATA overrides. */
#pragma once

/* Directory holding fonts/, playlists/ and assets/. Never NULL; static storage. */
const char *paths_datadir(void);
/* The default CONTENT: <datadir>/playlists. Static storage. */
const char *paths_default_content(void);
