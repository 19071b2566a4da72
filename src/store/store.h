/* store: the content store (planned, issue "USB content store"): keeps verified snapshots of
 * content on disk, imports bundles (USB stick, folder), watches for new ones and hands the player
 * a ready snapshot. Uses content and core only, never render. Empty until that issue fills it. */
#pragma once
#include <stdbool.h>

/* The layer's version of its on-disk layout; 0 while the store holds nothing. */
#define STORE_FORMAT 0

/* Describes what the store can do in this build (a placeholder the USB issue replaces). */
const char *store_describe(void);
