/* lobbysign status: what the player is doing, from the status file it rewrites every minute. The
 * content store's part (versions, last import) joins here when the store lands (docs/service.md). */
#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "app/process.h"
#include "app/status.h"

#define STATUS_DEFAULT_FILE "/run/lobbysign/status.json"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign status [--status-file FILE] [--json]\n"
            "\n"
            "Prints the running player's status: display state, what plays (content version, signer,\n"
            "playlist, slide), frames and frame-time percentiles, errors, the last import, uptime.\n"
            "\n"
            "  --status-file FILE  the player's status file (default: the configuration's status_file,\n"
            "                      else %s)\n"
            "  --json              the status file as it is\n"
            "\n"
            "Exit codes: 0 ok, 2 usage error or no status file (the player is not running).\n",
            STATUS_DEFAULT_FILE);
}

int cmd_status(int argc, char **argv)
{
    const struct config *cfg = process_config();
    const char *file = cfg->status_file ? cfg->status_file : STATUS_DEFAULT_FILE;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--status-file") == 0 && i + 1 < argc) {
            file = argv[++i];
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else {
            fprintf(stderr, "lobbysign status: unknown argument '%s'\n\n", argv[i]);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    return status_print(stdout, file, json) == 0 ? EXIT_OK : EXIT_USAGE;
}
