#include "app/cliopts.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"

/* Digits only, at least one, no sign, no spaces: what a person types. */
static bool parse_uint(const char *s, const char **end, long max, long *out)
{
    long v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (*p - '0');
        if (v > max)
            return false;
    }
    if (p == s)
        return false;
    *end = p;
    *out = v;
    return true;
}

/* A plain decimal: digits with at most one '.', no sign, exponent, hex, inf or spaces. */
static bool parse_decimal(const char *s, double *out)
{
    size_t digits = 0, points = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p == '.')
            points++;
        else
            return false;
    }
    if (digits == 0 || points > 1)
        return false;
    *out = strtod(s, NULL);
    return true;
}

bool cliopt_size(const char *s, int *w, int *h)
{
    const char *p;
    long a, b;
    if (!parse_uint(s, &p, 100000, &a) || *p != 'x' || !parse_uint(p + 1, &p, 100000, &b) || *p)
        return false;
    if (a < CLIOPT_SIZE_MIN || b < CLIOPT_SIZE_MIN || a > CLIOPT_SIZE_MAX || b > CLIOPT_SIZE_MAX)
        return false;
    *w = (int)a, *h = (int)b;
    return true;
}

bool cliopt_rotate(const char *s, int *deg)
{
    const char *end;
    long v;
    if (!parse_uint(s, &end, 1000, &v) || *end || (v != 0 && v != 90 && v != 180 && v != 270))
        return false;
    *deg = (int)v;
    return true;
}

bool cliopt_percent(const char *s, float *pct, float max)
{
    double v;
    if (!parse_decimal(s, &v) || !(v >= 0 && v <= max))
        return false;
    *pct = (float)v;
    return true;
}

bool cliopt_seconds(const char *s, double *sec)
{
    double v;
    if (!parse_decimal(s, &v) || !(v >= 0 && v <= 86400))
        return false;
    *sec = v;
    return true;
}

const char *cliopt_path(const char *s)
{
    if (!s[0])
        return "empty path";
    size_t n = strlen(s);
    if (n >= PATH_MAX)
        return "path too long";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return "control character in the path";
    return NULL;
}

const char *cliopt_input(const char *s)
{
    const char *why = cliopt_path(s);
    if (why)
        return why;
    struct stat st;
    if (stat(s, &st) != 0)
        return strerror(errno);
    if (S_ISDIR(st.st_mode))
        return access(s, R_OK | X_OK) == 0 ? NULL : strerror(errno);
    if (!S_ISREG(st.st_mode))
        return "not a regular file or folder";
    enum fs_status fst;
    int fd = fs_open_regular(s, false, &fst);
    if (fd < 0)
        return fst == FS_IO ? strerror(errno) : fs_status_str(fst);
    close(fd);
    return NULL;
}
