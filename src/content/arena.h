/* arena: a bump allocator for one snapshot. Everything allocated from it is freed at once by
 * arena_free(); nothing is freed individually. Out-of-memory aborts (core/xalloc.h). */
#pragma once
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Zeroed memory for n objects of size bytes, aligned for any type. */
void *arena_alloc(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);
