/* nowpic: now.png, a small picture of what is on screen for a fleet's overview, scaled from the
 * frame already drawn (no second render) and replaced atomically once a new step has settled on
 * screen, at most every min_interval_s seconds. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "player/player.h"

#define NOWPIC_NAME "now.png"
#define NOWPIC_WIDTH 480

struct nowpic_config {
    const char *dir;               /* the state folder */
    unsigned min_interval_s;       /* at most one picture per this many seconds */
    int width;                     /* 0: NOWPIC_WIDTH */
};

struct nowpic;
struct nowpic *nowpic_new(const struct nowpic_config *cfg);
void nowpic_free(struct nowpic *np); /* NULL-safe */
/* After a frame was drawn (and from a timer): writes now.png when the step changed since the last
 * picture, it has settled (no crossfade) and the interval has passed. True when it wrote one. */
bool nowpic_observe(struct nowpic *np, const struct player *p, struct render *r, uint64_t mono_ms);
uint64_t nowpic_written(const struct nowpic *np); /* pictures written */
