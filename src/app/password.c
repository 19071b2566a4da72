#include "app/password.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/xalloc.h"

char *password_read(const char *prompt)
{
    bool tty = isatty(0);
    struct termios old, quiet;
    bool quieted = false;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        if (tcgetattr(0, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            quieted = tcsetattr(0, TCSAFLUSH, &quiet) == 0;
        }
    }
    char buf[1024];
    char *got = fgets(buf, sizeof buf, stdin);
    if (tty) {
        if (quieted)
            tcsetattr(0, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got)
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    char *s = xstrdup(buf);
    memset(buf, 0, sizeof buf);
    return s;
}

void password_free(char *pw)
{
    if (!pw)
        return;
    volatile char *p = pw;
    while (*p)
        *p++ = 0;
    free(pw);
}
