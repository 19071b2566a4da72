#include <stdio.h>

#include "app/commands.h"

int cmd_render(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "lobbysign render: not built yet\n");
    return EXIT_USAGE;
}
