/* board_only (Windows build): the commands that belong to the screen, not the operator's laptop. */
#include <stdio.h>

#include "app/commands.h"

static int board_only(const char *name, const char *what)
{
    fprintf(stderr,
            "lobbysign %s: 这个命令只在屏幕（Debian 板）上运行：%s。在电脑上请用 validate、render、play、bundle、key。\n"
            "lobbysign %s: this command runs only on the screen (the Debian board): %s. On this laptop use "
            "validate, render, play, bundle and key.\n",
            name, what, name, what);
    return EXIT_USAGE;
}

int cmd_import(const struct config *cfg, int argc, char **argv)
{
    (void)cfg;
    (void)argc;
    (void)argv;
    return board_only("import", "它把 U 盘上的内容装进屏幕 / it installs a stick's bundle into the screen's store");
}

int cmd_status(const struct config *cfg, int argc, char **argv)
{
    (void)cfg;
    (void)argc;
    (void)argv;
    return board_only("status", "它读屏幕的内容库和播放器 / it reads the screen's store and player");
}
