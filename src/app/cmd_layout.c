/* lobbysign layout: lays out one text in a box with the real text engine and prints the result
 * as JSON (and optionally a PNG of the box), to check fonts, breaking and fitting by hand. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cliopts.h"
#include "app/commands.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "text/preview.h"
#include "text/text.h"

static void usage(FILE *f)
{
    fputs("usage: lobbysign layout [options] (TEXT | --file F)\n"
          "Lays out TEXT in a box and prints JSON: font_size, missing, ellipsized, lines[].\n"
          "  --font-size PX    largest size to try (default 48)\n"
          "  --min-size PX     shrink-to-fit down to this size (default: no shrinking)\n"
          "  --width W         box width in px (default 1600)\n"
          "  --height H        box height in px (default 900)\n"
          "  --max-lines N     at most N lines (default 0: as many as fit)\n"
          "  --line-height F   line height as a multiple of the size (default 1.3)\n"
          "  --role R          title | body | figure (default body; figure uses tabular digits)\n"
          "  --family NAME     a family from fonts.json placed before the role's fonts\n"
          "  --bold            bold faces\n"
          "  --align A         start | center | end | justify (default start)\n"
          "  --file F          read the text from F (UTF-8) instead of TEXT\n"
          "  --fonts F         fonts.json to use (default: the configuration's paths.fonts, else\n"
          "                    <datadir>/fonts/fonts.json)\n"
          "  --png F           also write the laid-out box as a PNG (black on white)\n"
          "Exit status: 0 ok, 2 usage error, unreadable file or no font found.\n",
          f);
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

static bool parse_enum(const char *s, const char *const *names, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return true;
        }
    return false;
}

int cmd_layout(const struct config *cfg, int argc, char **argv)
{
    static const struct option opts[] = {
        {"font-size", required_argument, 0, 's'}, {"min-size", required_argument, 0, 'm'},
        {"width", required_argument, 0, 'w'},     {"height", required_argument, 0, 'h'},
        {"max-lines", required_argument, 0, 'n'}, {"line-height", required_argument, 0, 'L'},
        {"role", required_argument, 0, 'r'},      {"family", required_argument, 0, 'F'},
        {"bold", no_argument, 0, 'b'},            {"align", required_argument, 0, 'a'},
        {"file", required_argument, 0, 'f'},      {"fonts", required_argument, 0, 'j'},
        {"png", required_argument, 0, 'p'},       {"help", no_argument, 0, 'H'},
        {0, 0, 0, 0},
    };
    static const char *const roles[] = {"title", "body", "figure"};
    static const char *const aligns[] = {"start", "center", "end", "justify"};
    struct text_style st = {.role = TEXT_ROLE_BODY, .size = 48};
    int width = 1600, height = 900, role = TEXT_ROLE_BODY, align = TEXT_ALIGN_START;
    const char *file = NULL, *fonts = cfg->paths.fonts, *png = NULL;
    optind = 1;
    opterr = 0;
    int c, li = 0;
    while ((c = getopt_long(argc, argv, "", opts, &li)) != -1) {
        bool ok = true;
        switch (c) {
        case 's': ok = parse_int(optarg, 1, 1000, &st.size); break;
        case 'm': ok = parse_int(optarg, 1, 1000, &st.min_size); break;
        case 'w': ok = parse_int(optarg, 1, 16384, &width); break;
        case 'h': ok = parse_int(optarg, 1, 16384, &height); break;
        case 'n': ok = parse_int(optarg, 0, 10000, &st.max_lines); break;
        case 'L': st.line_height = strtof(optarg, NULL), ok = st.line_height >= 0.5f && st.line_height <= 5; break;
        case 'r': ok = parse_enum(optarg, roles, 3, &role); break;
        case 'F': st.family = optarg; break;
        case 'b': st.bold = true; break;
        case 'a': ok = parse_enum(optarg, aligns, 4, &align); break;
        case 'f': file = optarg; break;
        case 'j': fonts = optarg; break;
        case 'p': png = optarg; break;
        case 'H': usage(stdout); return EXIT_OK;
        default:
            fprintf(stderr, "lobbysign layout: unknown option or missing value: %s\n", argv[optind - 1]);
            usage(stderr);
            return EXIT_USAGE;
        }
        if (!ok) {
            fprintf(stderr, "lobbysign layout: --%s: invalid value \"%s\"\n", opts[li].name, optarg);
            return EXIT_USAGE;
        }
    }
    /* Every path argument is checked the same way (cliopts). */
    const char *const *paths[] = {&file, &fonts, &png};
    static const char *const names[] = {"file", "fonts", "png"};
    for (int i = 0; i < 3; i++) {
        const char *why = *paths[i] ? (i < 2 ? cliopt_input(*paths[i]) : cliopt_path(*paths[i])) : NULL;
        if (why) {
            fprintf(stderr, "lobbysign layout: --%s '%s': %s\n", names[i], *paths[i], why);
            return EXIT_USAGE;
        }
    }
    if (png && (long)width * height > 64L << 20) {
        fprintf(stderr, "lobbysign layout: --png: a %dx%d box is too large to write (at most 64 Mpx)\n", width,
                height);
        return EXIT_USAGE;
    }
    st.role = (enum text_role)role;
    st.align = (enum text_align)align;
    char *text = NULL;
    if (file) {
        size_t len;
        enum fs_status fst = fs_read_file(file, 1 << 20, false, &text, &len);
        if (fst != FS_OK) {
            fprintf(stderr, "lobbysign layout: %s: %s\n", file, fs_status_str(fst));
            return EXIT_USAGE;
        }
        if (optind < argc) {
            fprintf(stderr, "lobbysign layout: give TEXT or --file, not both\n");
            free(text);
            return EXIT_USAGE;
        }
        while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            text[--len] = '\0';
    } else if (optind + 1 == argc) {
        text = xstrdup(argv[optind]);
    } else {
        fprintf(stderr, "lobbysign layout: expected one TEXT argument (or --file F)\n");
        usage(stderr);
        return EXIT_USAGE;
    }

    struct text_engine *te = text_engine_new(fonts);
    if (!te) {
        fprintf(stderr, "lobbysign layout: no usable font (see the searched paths above; fonts.json: %s)\n",
                fonts ? fonts : "default");
        free(text);
        return EXIT_USAGE;
    }
    const struct text_layout *lay = text_layout(te, text, &st, width, height);
    json_t *out = json_object(), *lines = json_array();
    json_object_set_new(out, "font_size", json_integer(lay->font_size));
    json_object_set_new(out, "missing", json_integer(lay->missing));
    json_object_set_new(out, "ellipsized", json_boolean(lay->ellipsized));
    for (size_t i = 0; i < lay->n_lines; i++) {
        const struct text_line *l = &lay->lines[i];
        char *t = xasprintf("%.*s%s", (int)(l->byte_end - l->byte_start), text + l->byte_start,
                            lay->ellipsized && i + 1 == lay->n_lines ? "\xe2\x80\xa6" : "");
        json_t *jl = json_object();
        json_object_set_new(jl, "text", json_string(t));
        json_object_set_new(jl, "x", json_real(l->x));
        json_object_set_new(jl, "y", json_real(l->baseline));
        json_object_set_new(jl, "width", json_real(l->width));
        json_object_set_new(jl, "glyphs", json_integer(l->count));
        json_array_append_new(lines, jl);
        free(t);
    }
    json_object_set_new(out, "lines", lines);
    char *s = json_dumps(out, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
    puts(s);
    free(s);
    json_decref(out);
    int rc = EXIT_OK;
    if (png) {
        uint8_t *cov = xcalloc((size_t)width * (size_t)height, 1);
        text_preview_draw(te, lay, 0, 0, cov, width, height);
        if (!text_preview_write_png(png, cov, width, height, true))
            rc = EXIT_USAGE;
        free(cov);
    }
    text_engine_free(te);
    free(text);
    return rc;
}
