#include "core/utf8.h"

uint32_t utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = len - *i;
    uint32_t c = p[0];
    int n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 1) {
        *i += 1;
        return c;
    }
    if (n == 0 || (size_t)n > left) {
        *i += 1;
        return 0xFFFD;
    }
    c &= 0x7F >> n;
    for (int k = 1; k < n; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *i += 1;
            return 0xFFFD;
        }
        c = c << 6 | (p[k] & 0x3F);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *i += 1;
        return 0xFFFD;
    }
    *i += (size_t)n;
    return c;
}

bool utf8_cp_blank(uint32_t cp)
{
    if (cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0))
        return true; /* C0, space, DEL, C1, no-break space */
    switch (cp) {
    case 0x1680: case 0x180E: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x2060:
    case 0x3000: case 0xFEFF: case 0x200E: case 0x200F:
        return true;
    }
    return (cp >= 0x2000 && cp <= 0x200D) || cp == 0xFFFD;
}

bool utf8_is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len;)
        if (!utf8_cp_blank(utf8_next(s, len, &i)))
            return false;
    return true;
}
