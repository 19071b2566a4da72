#include "core/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *check(void *p, size_t size)
{
    if (!p && size) {
        fprintf(stderr, "lobbysign: [error] xalloc: out of memory allocating %zu bytes\n", size);
        abort();
    }
    return p;
}

void *xmalloc(size_t size) { return check(malloc(size ? size : 1), size ? size : 1); }

void *xcalloc(size_t n, size_t size)
{
    if (n && size > SIZE_MAX / n)
        check(NULL, SIZE_MAX);
    return check(calloc(n ? n : 1, size ? size : 1), 1);
}

void *xrealloc(void *ptr, size_t size) { return check(realloc(ptr, size ? size : 1), 1); }

void *xreallocarray(void *ptr, size_t n, size_t size)
{
    if (n && size > SIZE_MAX / n)
        check(NULL, SIZE_MAX);
    return xrealloc(ptr, n * size);
}

char *xstrdup(const char *s) { return s ? xstrndup(s, strlen(s)) : NULL; }

char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        check(NULL, SIZE_MAX);
    char *s = xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}
