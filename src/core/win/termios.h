/* termios.h for the Windows build (src/core/win/compat.c): only echo on/off of the console, for
 * password prompts. */
#pragma once
typedef unsigned tcflag_t;
struct termios {
    tcflag_t c_lflag;
};
#define ECHO 0x8
#define TCSANOW 0
#define TCSAFLUSH 2
int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);
