/* utf8: the one UTF-8 decoder: strict (overlong, surrogate and out-of-range forms are invalid). */
#pragma once
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[*i] (invalid bytes give U+FFFD, one byte each) and advances *i. */
uint32_t utf8_next(const char *s, size_t len, size_t *i);
