/* snapshot_priv: a snapshot and the arena that owns everything in it (content-internal). */
#pragma once
#include "content/arena.h"
#include "content/model.h"

struct snapshot_priv {
    struct snapshot pub;  /* first: snapshot_free casts back */
    struct arena *arena;
};
