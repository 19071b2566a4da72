/* zipcheck: reads a zip's central directory and every entry's local header itself and refuses the
 * archive when they disagree (name, method, CRC, sizes, data descriptor), whatever libarchive's
 * reader would tolerate: the seekable reader trusts the directory, a streaming one the headers. */
#pragma once
#include <stdbool.h>

#include "core/findings.h"

/* True when the zip at path is consistent; else false with one finding per bad entry (file = the
 * entry name, or "lobbysign.zip" for the archive's structure). */
bool zipcheck_consistent(const char *path, struct findings *out);
