/* cli: run the lobbysign binary from a test through the shell and capture what it prints. */
#pragma once
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
