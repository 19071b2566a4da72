/* lobbysign config check [FILE]: checks the configuration file the way validate checks content. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/config.h"
#include "app/process.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: lobbysign config check [--json] [FILE]\n"
            "\n"
            "Checks a configuration file (default: --config FILE, $%s, else %s) and\n"
            "prints every problem as file:line:column: field: Chinese / English, with the key a typo meant.\n"
            "docs/config.md describes every field.\n"
            "\n"
            "  --json    print the findings as one JSON object on stdout\n"
            "\n"
            "Exit codes: 0 valid (warnings allowed), 1 invalid, 2 usage error or no file to check.\n",
            CONFIG_ENV, CONFIG_DEFAULT_PATH);
}

int cmd_config(const struct config *resolved, int argc, char **argv)
{
    (void)resolved; /* config check reads and reports the file itself */
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "check") != 0) {
        usage(stderr);
        return EXIT_USAGE;
    }
    bool json = false;
    const char *file = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (argv[i][0] == '-' || file) {
            usage(stderr);
            return EXIT_USAGE;
        } else {
            file = argv[i];
        }
    }
    if (!file)
        file = config_locate(process_config_option());
    if (!file) {
        fprintf(stderr, "lobbysign config check: 没有配置文件 / no configuration file (%s does not exist)\n",
                CONFIG_DEFAULT_PATH);
        return EXIT_USAGE;
    }
    if (access(file, F_OK) != 0) {
        fprintf(stderr, "lobbysign config check: %s: 文件不存在 / no such file\n", file);
        return EXIT_USAGE;
    }
    struct findings f = {0};
    struct config cfg;
    bool ok = config_load(file, &cfg, &f);
    if (json)
        findings_print_json(&f, stdout);
    else {
        findings_print(&f, stdout);
        printf("%s: %s\n", file, ok ? (f.n_warnings ? "有效（有警告）/ valid, with warnings" : "有效 / valid")
                                     : "无效 / invalid");
    }
    findings_free(&f);
    config_free(&cfg);
    return ok ? EXIT_OK : EXIT_INVALID;
}
