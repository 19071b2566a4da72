#include <stdio.h>

#include "app/commands.h"

int cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "lobbysign validate: not built yet\n");
    return EXIT_USAGE;
}
