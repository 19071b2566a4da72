/* commands: one entry point per subcommand. Each parses its own arguments (argv[0] is the
 * subcommand name) and returns the process exit code below. */
#pragma once

enum exit_code {
    EXIT_OK = 0,       /* success */
    EXIT_INVALID = 1,  /* content invalid or refused */
    EXIT_USAGE = 2,    /* usage or I/O error */
};

int cmd_validate(int argc, char **argv);
int cmd_layout(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_play(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_bundle(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_key(int argc, char **argv);
