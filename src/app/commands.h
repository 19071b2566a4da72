/* commands: one entry point per subcommand. Each gets the configuration resolved once (cfg, every
 * default filled), parses its own arguments (argv[0] is the subcommand name) and returns the process
 * exit code below. */
#pragma once
#include "app/config.h"

enum exit_code {
    EXIT_OK = 0,       /* success */
    EXIT_INVALID = 1,  /* content invalid or refused */
    EXIT_USAGE = 2,    /* usage or I/O error */
};

int cmd_validate(const struct config *cfg, int argc, char **argv);
int cmd_layout(const struct config *cfg, int argc, char **argv);
int cmd_render(const struct config *cfg, int argc, char **argv);
int cmd_play(const struct config *cfg, int argc, char **argv);
int cmd_config(const struct config *cfg, int argc, char **argv);
int cmd_import(const struct config *cfg, int argc, char **argv);
int cmd_bundle(const struct config *cfg, int argc, char **argv);
int cmd_status(const struct config *cfg, int argc, char **argv);
int cmd_fleet(const struct config *cfg, int argc, char **argv);
int cmd_template(const struct config *cfg, int argc, char **argv);
int cmd_key(const struct config *cfg, int argc, char **argv);
