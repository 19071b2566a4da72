/* formats: parsing of the value formats (see formats.h). Pure functions, no allocation. */
#include "content/formats.h"

#include <stdlib.h>
#include <string.h>

bool format_date(const char *s, uint32_t *out)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return false;
    int max = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > max)
        return false;
    *out = (uint32_t)(y * 10000 + m * 100 + d);
    return true;
}

bool format_hhmm(const char *s, bool allow_24, uint16_t *out)
{
    if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[3] < '0' ||
        s[3] > '5' || s[4] < '0' || s[4] > '9')
        return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 24 || (h == 24 && (m != 0 || !allow_24)))
        return false;
    *out = (uint16_t)(h * 60 + m);
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool format_color(const char *s, struct rgba *out)
{
    size_t n = strlen(s);
    bool ok = s[0] == '#' && (n == 7 || n == 9);
    uint8_t b[4] = {0, 0, 0, 255};
    for (size_t i = 0; ok && i < (n - 1) / 2; i++) {
        int hi = hexval(s[1 + 2 * i]), lo = hexval(s[2 + 2 * i]);
        ok = hi >= 0 && lo >= 0;
        b[i] = (uint8_t)(hi * 16 + lo);
    }
    if (ok)
        *out = (struct rgba){b[0], b[1], b[2], b[3]};
    return ok;
}

bool format_id(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    return true;
}

bool format_phone(const char *s)
{
    size_t digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" -+()", *p))
            return false;
    }
    return digits >= 3;
}
