#include <stdio.h>

#include "app/commands.h"

int cmd_layout(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "lobbysign layout: not built yet\n");
    return EXIT_USAGE;
}
