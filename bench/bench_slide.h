/* bench_slide: the benchmark's playlist, by hand: the first headline of the seed page (the text of
 * bench/html/headline.html and ticker.html), with the hotline strip showing either the services
 * line or a scrolling ticker. Static data, valid for the whole process. */
#pragma once
#include <stdbool.h>

#include "content/model.h"

const struct playlist *bench_playlist(bool ticker);
/* A one-playlist snapshot of bench_playlist(ticker), its own generation. */
struct snapshot *bench_snapshot(bool ticker);
/* The same headline and a second one, 2 s each with crossfades, ticker on: the crossfade run. */
struct snapshot *bench_snapshot_crossfade(void);
