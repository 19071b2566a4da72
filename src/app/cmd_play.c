#include <stdio.h>

#include "app/commands.h"

int cmd_play(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "lobbysign play: not built yet\n");
    return EXIT_USAGE;
}
