/* cli: run the lobbysign binary from a test through the shell and capture what it prints. */
#pragma once
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "check.h"
#include "core/xalloc.h"

/* Runs a shell command; returns its exit status (-1 if it did not exit) and its stdout, which the
 * caller frees. Add 2>&1 to the command to capture stderr too. */
static inline int cli_run(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL, "popen %s", cmd);
    size_t cap = 4096, n = 0, r;
    char *buf = xmalloc(cap);
    while (p && (r = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += r;
        if (cap - n < 2)
            buf = xrealloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    int st = p ? pclose(p) : -1;
    *out = buf;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Runs "<setup> && (<fmt ...>) 2>&1" through the shell (setup: e.g. "cd DIR && export L=BIN");
 * returns its exit status; *out (when not NULL) gets what it printed, which the caller frees. */
static inline int cli_vsh(char **out, const char *setup, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static inline int cli_vsh(char **out, const char *setup, const char *fmt, va_list ap)
{
    char body[4096];
    vsnprintf(body, sizeof body, fmt, ap);
    char *cmd = xasprintf("%s && (%s) 2>&1", setup, body);
    char *o;
    int rc = cli_run(cmd, &o);
    free(cmd);
    if (out)
        *out = o;
    else
        free(o);
    return rc;
}
