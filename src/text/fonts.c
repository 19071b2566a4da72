#define LOG_TAG "fonts"
#include "text/fonts.h"

#include <jansson.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include FT_SIZES_H
#include FT_TRUETYPE_TABLES_H

#include "core/log.h"
#include "core/xalloc.h"

/* Used when fonts.json cannot be read: the Debian packages' files. */
static const char DEFAULT_CONFIG[] =
    "{\"search_dirs\": [\"/usr/share/fonts/opentype/noto\", \"/usr/share/fonts/truetype/wqy\"],"
    " \"families\": ["
    "  {\"name\": \"Noto Sans CJK SC\", \"faces\": ["
    "    {\"file\": \"NotoSansCJK-Regular.ttc\", \"index\": 2, \"weight\": 400},"
    "    {\"file\": \"NotoSansCJK-Bold.ttc\", \"index\": 2, \"weight\": 700}]},"
    "  {\"name\": \"WenQuanYi Micro Hei\", \"faces\": [{\"file\": \"wqy-microhei.ttc\"}]}],"
    " \"roles\": {"
    "  \"title\": {\"family\": \"Noto Sans CJK SC\", \"fallback\": [\"WenQuanYi Micro Hei\"]},"
    "  \"body\": {\"family\": \"Noto Sans CJK SC\", \"fallback\": [\"WenQuanYi Micro Hei\"]},"
    "  \"figure\": {\"family\": \"Noto Sans CJK SC\", \"fallback\": [\"WenQuanYi Micro Hei\"]}}}";

static const char *const ROLE_NAMES[FONTS_N_ROLES] = {"title", "body", "figure"};

struct font_size {
    int px;
    FT_Size size;
};

struct font {
    char *path;
    int index;
    bool opened, failed;
    FT_Face face;
    hb_font_t *hb;
    struct font_metrics m;
    struct font_size *sizes;
    size_t n_sizes;
};

struct family {
    char *name;
    int regular, bold;  /* font indices, -1 = none */
};

struct fontset {
    FT_Library ft;
    struct font *fonts;
    size_t n_fonts;
    struct family *families;
    size_t n_families;
    int role_family[FONTS_N_ROLES][FONTS_MAX_CHAIN];  /* family indices */
    size_t role_len[FONTS_N_ROLES];
    struct fontset_atlas_conf atlas;
    size_t opened;
    char *warned_family;  /* the last unknown family reported, so a slide does not log per layout */
};

static char *resolve_file(const char *file, json_t *dirs, const char *base)
{
    if (file[0] == '/')
        return access(file, R_OK) == 0 ? xstrdup(file) : NULL;
    size_t i;
    json_t *d;
    json_array_foreach(dirs, i, d) {
        const char *dir = json_string_value(d);
        if (!dir)
            continue;
        char *p = dir[0] == '/' ? xasprintf("%s/%s", dir, file) : xasprintf("%s/%s/%s", base, dir, file);
        if (access(p, R_OK) == 0)
            return p;
        free(p);
    }
    return NULL;
}

static int font_add(struct fontset *fs, char *path, int index)
{
    for (size_t i = 0; i < fs->n_fonts; i++)
        if (fs->fonts[i].index == index && strcmp(fs->fonts[i].path, path) == 0) {
            free(path);
            return (int)i;
        }
    fs->fonts = xreallocarray(fs->fonts, fs->n_fonts + 1, sizeof *fs->fonts);
    fs->fonts[fs->n_fonts] = (struct font){.path = path, .index = index};
    return (int)fs->n_fonts++;
}

static int family_find(const struct fontset *fs, const char *name)
{
    for (size_t i = 0; name && i < fs->n_families; i++)
        if (strcmp(fs->families[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void searched_paths(json_t *dirs, const char *base, const char *file)
{
    size_t i;
    json_t *d;
    json_array_foreach(dirs, i, d) {
        const char *dir = json_string_value(d);
        if (dir)
            LOG_ERR("  searched %s%s%s/%s", dir[0] == '/' ? "" : base, dir[0] == '/' ? "" : "/", dir, file);
    }
}

static bool parse_config(struct fontset *fs, json_t *root, const char *base, const char *what)
{
    json_t *dirs = json_object_get(root, "search_dirs");
    json_t *fams = json_object_get(root, "families");
    json_t *roles = json_object_get(root, "roles");
    if (!json_is_array(fams) || !json_is_object(roles)) {
        LOG_ERR("%s: needs a \"families\" array and a \"roles\" object", what);
        return false;
    }
    size_t i;
    json_t *f;
    json_array_foreach(fams, i, f) {
        const char *name = json_string_value(json_object_get(f, "name"));
        if (!name) {
            LOG_ERR("%s: families[%zu].name: missing", what, i);
            continue;
        }
        struct family fam = {.name = xstrdup(name), .regular = -1, .bold = -1};
        int best_reg = 1 << 20, best_bold = 1 << 20;
        size_t j;
        json_t *face;
        json_array_foreach(json_object_get(f, "faces"), j, face) {
            const char *file = json_string_value(json_object_get(face, "file"));
            int index = (int)json_integer_value(json_object_get(face, "index"));
            json_t *w = json_object_get(face, "weight");
            int weight = w ? (int)json_integer_value(w) : 400;
            if (!file) {
                LOG_ERR("%s: families[%zu].faces[%zu].file: missing", what, i, j);
                continue;
            }
            if (index < 0 || index > 0xFFFF) {
                LOG_ERR("%s: families[%zu].faces[%zu].index: %d is not a face index", what, i, j, index);
                continue;
            }
            char *path = resolve_file(file, dirs, base);
            if (!path) {
                LOG_WARN("%s: font file %s (family %s) not found in search_dirs", what, file, name);
                continue;
            }
            int fi = font_add(fs, path, index);
            if (abs(weight - 400) < best_reg) {
                best_reg = abs(weight - 400);
                fam.regular = fi;
            }
            if (weight >= 600 && abs(weight - 700) < best_bold) {
                best_bold = abs(weight - 700);
                fam.bold = fi;
            }
        }
        if (fam.regular < 0)
            fam.regular = fam.bold;
        if (fam.bold < 0)
            fam.bold = fam.regular;
        fs->families = xreallocarray(fs->families, fs->n_families + 1, sizeof *fs->families);
        fs->families[fs->n_families++] = fam;
    }
    for (int r = 0; r < FONTS_N_ROLES; r++) {
        json_t *role = json_object_get(roles, ROLE_NAMES[r]);
        const char *names[FONTS_MAX_CHAIN];
        size_t n = 0;
        if (json_string_value(json_object_get(role, "family")))
            names[n++] = json_string_value(json_object_get(role, "family"));
        json_t *fb;
        json_array_foreach(json_object_get(role, "fallback"), i, fb) {
            if (n < FONTS_MAX_CHAIN && json_string_value(fb))
                names[n++] = json_string_value(fb);
        }
        for (size_t k = 0; k < n; k++) {
            int fam = family_find(fs, names[k]);
            if (fam < 0)
                LOG_WARN("%s: roles.%s: family \"%s\" is not in families", what, ROLE_NAMES[r], names[k]);
            else if (fs->families[fam].regular >= 0)
                fs->role_family[r][fs->role_len[r]++] = fam;
        }
        if (fs->role_len[r] == 0) {
            LOG_ERR("%s: roles.%s: no font file of its families was found", what, ROLE_NAMES[r]);
            json_array_foreach(fams, i, f) {
                size_t j;
                json_t *face;
                json_array_foreach(json_object_get(f, "faces"), j, face) {
                    const char *file = json_string_value(json_object_get(face, "file"));
                    if (file)
                        searched_paths(dirs, base, file);
                }
            }
            return false;
        }
    }
    json_t *atlas = json_object_get(root, "atlas");
    fs->atlas.page_size = (int)json_integer_value(json_object_get(atlas, "page_size"));
    fs->atlas.max_pages = (int)json_integer_value(json_object_get(atlas, "max_pages"));
    return true;
}

struct fontset *fontset_new(const char *path)
{
    struct fontset *fs = xcalloc(1, sizeof *fs);
    if (FT_Init_FreeType(&fs->ft)) {
        LOG_ERR("cannot initialise FreeType");
        free(fs);
        return NULL;
    }
    json_error_t err;
    json_t *root = path ? json_load_file(path, JSON_REJECT_DUPLICATES, &err) : NULL;
    char *base = NULL;
    const char *what = path;
    if (!root) {
        if (path)
            LOG_WARN("%s:%d:%d: %s; using the built-in Debian font paths", path, err.line, err.column,
                     err.text);
        root = json_loads(DEFAULT_CONFIG, 0, &err);
        base = xstrdup("/");
        what = "built-in font config";
    } else {
        const char *slash = strrchr(path, '/');
        base = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
        if (!base[0]) {
            free(base);
            base = xstrdup("/");
        }
    }
    bool ok = root && parse_config(fs, root, base, what);
    json_decref(root);
    free(base);
    if (!ok) {
        fontset_free(fs);
        return NULL;
    }
    return fs;
}

void fontset_free(struct fontset *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->n_fonts; i++) {
        struct font *f = &fs->fonts[i];
        hb_font_destroy(f->hb);
        for (size_t k = 0; k < f->n_sizes; k++)
            FT_Done_Size(f->sizes[k].size);
        free(f->sizes);
        if (f->face)
            FT_Done_Face(f->face);
        free(f->path);
    }
    free(fs->fonts);
    for (size_t i = 0; i < fs->n_families; i++)
        free(fs->families[i].name);
    free(fs->families);
    free(fs->warned_family);
    FT_Done_FreeType(fs->ft);
    free(fs);
}

void fontset_atlas_conf(const struct fontset *fs, struct fontset_atlas_conf *out) { *out = fs->atlas; }

size_t fontset_count(const struct fontset *fs) { return fs->n_fonts; }
size_t fontset_opened(const struct fontset *fs) { return fs->opened; }

const char *fontset_path(const struct fontset *fs, uint16_t i, int *index)
{
    if (i >= fs->n_fonts)
        return NULL;
    if (index)
        *index = fs->fonts[i].index;
    return fs->fonts[i].path;
}

size_t fontset_chain(struct fontset *fs, int role, bool bold, const char *family,
                     uint16_t chain[FONTS_MAX_CHAIN])
{
    size_t n = 0;
    int first = family_find(fs, family);
    if (family && first < 0 && !(fs->warned_family && strcmp(fs->warned_family, family) == 0)) {
        LOG_WARN("family \"%s\" is not in fonts.json; using the role's fonts", family);
        free(fs->warned_family);
        fs->warned_family = xstrdup(family);
    }
    if (first >= 0 && fs->families[first].regular >= 0)
        chain[n++] = (uint16_t)(bold ? fs->families[first].bold : fs->families[first].regular);
    if (role < 0 || role >= FONTS_N_ROLES)
        role = 1;
    for (size_t k = 0; k < fs->role_len[role] && n < FONTS_MAX_CHAIN; k++) {
        const struct family *fam = &fs->families[fs->role_family[role][k]];
        uint16_t fi = (uint16_t)(bold ? fam->bold : fam->regular);
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            dup |= chain[j] == fi;
        if (!dup)
            chain[n++] = fi;
    }
    return n;
}

/* FreeType reads the font file with pread rather than mapping it: a CJK font's glyphs are spread
 * over 20 MB and the kernel maps 64 KB around every page a glyph touches, so a mapped file made
 * ~9 MB of RSS for one slide's glyphs (measured 38.8 -> 32.5 MB peak RSS with this). */
static unsigned long stream_read(FT_Stream s, unsigned long off, unsigned char *buf, unsigned long n)
{
    if (n == 0)
        return off <= s->size ? 0 : 1;
    ssize_t r = pread((int)s->descriptor.value, buf, n, (off_t)off);
    return r < 0 ? 0 : (unsigned long)r;
}
static void stream_close(FT_Stream s)
{
    close((int)s->descriptor.value);
    free(s);
}

static struct font *font_open(struct fontset *fs, uint16_t i)
{
    if (i >= fs->n_fonts)
        return NULL;
    struct font *f = &fs->fonts[i];
    if (f->opened)
        return f->failed ? NULL : f;
    f->opened = true;
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        LOG_ERR("%s: cannot open: %s", f->path, strerror(errno));
        if (fd >= 0)
            close(fd);
        f->face = NULL;
        f->failed = true;
        return NULL;
    }
    FT_Stream st = xcalloc(1, sizeof *st); /* FreeType closes it (stream_close), also on failure */
    st->descriptor.value = fd;
    st->size = (unsigned long)sb.st_size;
    st->read = stream_read;
    st->close = stream_close;
    FT_Open_Args args = {.flags = FT_OPEN_STREAM, .stream = st};
    FT_Error e = FT_Open_Face(fs->ft, &args, f->index, &f->face);
    if (e) {
        LOG_ERR("%s: face %d: cannot open (FreeType error %d)", f->path, f->index, e);
        f->face = NULL;
        f->failed = true;
        return NULL;
    }
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(f->path);
    hb_face_t *face = blob ? hb_face_create(blob, (unsigned)f->index) : NULL;
    hb_blob_destroy(blob);
    if (!face || hb_face_get_glyph_count(face) == 0) {
        LOG_ERR("%s: face %d: HarfBuzz cannot read it", f->path, f->index);
        hb_face_destroy(face);
        f->failed = true;
        return NULL;
    }
    f->hb = hb_font_create(face);
    hb_face_destroy(face);
    f->m.upem = f->face->units_per_EM ? f->face->units_per_EM : 1000;
    hb_font_set_scale(f->hb, f->m.upem, f->m.upem);
    TT_OS2 *os2 = FT_Get_Sfnt_Table(f->face, FT_SFNT_OS2);
    float up = (float)f->m.upem;
    if (os2 && os2->version != 0xFFFF && os2->sTypoAscender > 0) {
        f->m.ascent = (float)os2->sTypoAscender / up;
        f->m.descent = (float)-os2->sTypoDescender / up;
    } else {
        f->m.ascent = (float)f->face->ascender / up;
        f->m.descent = (float)-f->face->descender / up;
    }
    fs->opened++;
    LOG_DBG("opened %s face %d (%s %s)", f->path, f->index, f->face->family_name, f->face->style_name);
    return f;
}

uint32_t fontset_glyph(struct fontset *fs, uint16_t i, uint32_t cp)
{
    struct font *f = font_open(fs, i);
    return f ? FT_Get_Char_Index(f->face, cp) : 0;
}

hb_font_t *fontset_hb(struct fontset *fs, uint16_t i)
{
    struct font *f = font_open(fs, i);
    return f ? f->hb : NULL;
}

bool fontset_metrics(struct fontset *fs, uint16_t i, struct font_metrics *out)
{
    struct font *f = font_open(fs, i);
    if (!f)
        return false;
    *out = f->m;
    return true;
}

FT_Face fontset_face_at(struct fontset *fs, uint16_t i, int px)
{
    struct font *f = font_open(fs, i);
    if (!f || px <= 0)
        return NULL;
    for (size_t k = 0; k < f->n_sizes; k++)
        if (f->sizes[k].px == px) {
            FT_Activate_Size(f->sizes[k].size);
            return f->face;
        }
    FT_Size size;
    if (FT_New_Size(f->face, &size))
        return NULL;
    FT_Activate_Size(size);
    if (FT_Set_Pixel_Sizes(f->face, 0, (FT_UInt)px)) {
        LOG_ERR("%s: cannot set %d px", f->path, px);
        FT_Done_Size(size);
        return NULL;
    }
    f->sizes = xreallocarray(f->sizes, f->n_sizes + 1, sizeof *f->sizes);
    f->sizes[f->n_sizes++] = (struct font_size){px, size};
    return f->face;
}
