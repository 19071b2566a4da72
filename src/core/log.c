#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum log_level min_level = LOG_INFO;
static bool env_read;

void log_set_level(enum log_level min)
{
    min_level = min;
    env_read = true;
}

static void read_env(void)
{
    env_read = true;
    const char *e = getenv("LOBBYSIGN_LOG");
    if (!e)
        return;
    if (strcmp(e, "debug") == 0)
        min_level = LOG_DEBUG;
    else if (strcmp(e, "warn") == 0)
        min_level = LOG_WARN;
    else if (strcmp(e, "error") == 0)
        min_level = LOG_ERROR;
}

void log_msg(enum log_level level, const char *tag, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    if (!env_read)
        read_env();
    if (level < min_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    flockfile(stderr); /* one whole line even with an import running on a worker thread */
    fprintf(stderr, "lobbysign: [%s] %s: ", names[level], tag);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    funlockfile(stderr);
    va_end(ap);
}
