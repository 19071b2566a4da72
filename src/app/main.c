/* lobbysign: one binary, subcommands. */
#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "app/process.h"
#include "core/clock.h"
#include "core/paths.h"
#include "core/util.h"

struct command {
    const char *name;
    int (*run)(const struct config *cfg, int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"play", cmd_play, "play CONTENT fullscreen (KMS/DRM, X11 or Wayland)"},
    {"render", cmd_render, "render every slide of CONTENT to PNG files and a contact sheet"},
    {"validate", cmd_validate, "check playlist files and folders; report every problem"},
    {"import", cmd_import, "install a signed content bundle (USB stick, inbox) into the store"},
    {"bundle", cmd_bundle, "zip (and sign) a content folder for 'import'"},
    {"status", cmd_status, "show the content store and the running player: versions, the last import, display, frames"},
    {"fleet", cmd_fleet, "the office's table (and --html page) of every screen's collected status and picture"},
    {"config", cmd_config, "check the configuration file (config check [FILE])"},
    {"layout", cmd_layout, "lay out one text as the player would and print the lines as JSON"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "Headless signage player for Chinese lobby screens.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < ALEN(commands); i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "CONTENT is a playlist .json file or a folder of them; it defaults to the installed\n"
            "sample playlists. 'lobbysign COMMAND --help' describes each command; docs/usb.md\n"
            "describes bundles on USB sticks and the content store.\n"
            "\n"
            "Exit codes: 0 ok, 1 content invalid or refused, 2 usage or I/O error.\n"
            "Every command reads the configuration file " CONFIG_DEFAULT_PATH " when it exists\n"
            "(docs/config.md); --config FILE or LOBBYSIGN_CONFIG=FILE reads another, LOBBYSIGN_CONFIG= none.\n"
            "Command-line options override it.\n"
            "Environment: LOBBYSIGN_LOG=debug|info|warn|error, LOBBYSIGN_DATA=DIR (fonts/, playlists/).\n");
}

int main(int argc, char **argv)
{
    clock_mark_main(); /* the first frame's log line says how long after this it came */
    process_tune_memory(); /* a process decision: made here, once, for every command */
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("lobbysign %s\ndata: %s\n", LOBBYSIGN_VERSION, paths_datadir());
        return EXIT_OK;
    }
    for (size_t i = 0; i < ALEN(commands); i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            if (!process_load_config(&argc, argv, commands[i].run != cmd_config))
                return EXIT_USAGE;
            int rc = commands[i].run(process_config(), argc - 1, argv + 1);
            process_free_config();
            return rc;
        }
    fprintf(stderr, "lobbysign: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
