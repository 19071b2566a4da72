/* sys/mman.h for the Windows build (src/core/win/compat.c): read-only private file mappings. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#define PROT_READ 1
#define MAP_PRIVATE 2
#define MAP_FAILED ((void *)-1)
void *mmap(void *addr, size_t len, int prot, int flags, int fd, int64_t off);
int munmap(void *addr, size_t len);
