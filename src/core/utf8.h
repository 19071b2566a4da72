/* utf8: the one UTF-8 decoder: strict (overlong, surrogate and out-of-range forms are invalid). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[*i] (invalid bytes give U+FFFD, one byte each) and advances *i. */
uint32_t utf8_next(const char *s, size_t len, size_t *i);

/* True for code points that draw nothing: white space (ASCII and Unicode: U+00A0, U+3000 ...),
 * zero-width characters (U+200B-U+200D, U+2060, U+FEFF) and control characters. */
bool utf8_cp_blank(uint32_t cp);
/* True when s[0..len) holds nothing that draws (empty, or only utf8_cp_blank code points). */
bool utf8_is_blank(const char *s, size_t len);
