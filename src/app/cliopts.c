#include "app/cliopts.h"

#include <stdio.h>
#include <stdlib.h>

bool cliopt_size(const char *s, int *w, int *h)
{
    char tail;
    return sscanf(s, "%dx%d%c", w, h, &tail) == 2 && *w >= 64 && *h >= 64 && *w <= 8192 && *h <= 8192;
}

bool cliopt_rotate(const char *s, int *deg)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || (v != 0 && v != 90 && v != 180 && v != 270))
        return false;
    *deg = (int)v;
    return true;
}

bool cliopt_percent(const char *s, float *pct, float max)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || !(v >= 0 && v <= max))
        return false;
    *pct = (float)v;
    return true;
}

bool cliopt_seconds(const char *s, double *sec)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || !(v >= 0 && v <= 86400))
        return false;
    *sec = v;
    return true;
}
