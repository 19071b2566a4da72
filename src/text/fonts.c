#define LOG_TAG "fonts"
#include "text/fonts.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include FT_SIZES_H
#include FT_TRUETYPE_TABLES_H

#include "core/fsutil.h"
#include "core/jcheck.h"
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

static const char *const ROLE_NAMES_LIST[FONTS_N_ROLES + 1] = {"title", "body", "figure", NULL};
#define ROLE_NAMES ROLE_NAMES_LIST

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
    uint64_t reads;       /* read system calls on font files (fontset_reads) */
    char *warned_family;  /* the last unknown family reported, so a slide does not log per layout */
    const char **family_names;  /* NULL-terminated view of families[].name, built on first ask */
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

/* The config is checked like a playlist (core/jcheck): wrong types, out-of-range numbers and
 * unknown keys are errors with file:line:col and a suggestion; the entry in question is skipped
 * and the rest is used, so one typo does not leave the screen without text. */
struct parse {
    struct fontset *fs;
    struct jcheck *jc;
    json_t *dirs;   /* search_dirs, checked: an array of strings (or NULL) */
    const char *base;
    struct family *fam;
    int best_reg, best_bold;
};

static void parse_dir(void *ctx, json_t *v, size_t i)
{
    struct parse *p = ctx;
    if (!json_string_length(v))
        JC_ERR(p->jc, JC_AT_VALUE, JC_ZH_EN("不能为空", "must not be empty"));
}

static void parse_face(void *ctx, json_t *face, size_t j)
{
    static const char *const keys[] = {"file", "index", "weight", NULL};
    struct parse *p = ctx;
    struct jcheck *jc = p->jc;
    jcheck_keys(jc, face, keys);
    const char *file = jcheck_string(jc, face, "file", true, PATH_MAX);
    long index = 0, weight = 400;
    bool ok = file != NULL;
    if (json_object_get(face, "index"))
        ok &= jcheck_int(jc, face, "index", false, 0, 0xFFFF, &index);
    if (json_object_get(face, "weight"))
        ok &= jcheck_int(jc, face, "weight", false, 1, 1000, &weight);
    if (!ok)
        return;
    char *path = resolve_file(file, p->dirs, p->base);
    if (!path) {
        jcheck_push_key(jc, "file");
        JC_WARN(jc, JC_AT_VALUE,
                JC_ZH_EN("字体文件 “%s”（字体族 %s）在 search_dirs 中找不到",
                         "font file \"%s\" (family %s) not found in search_dirs"),
                file, p->fam->name, file, p->fam->name);
        jcheck_pop(jc);
        return;
    }
    int fi = font_add(p->fs, path, (int)index);
    int w = (int)weight;
    if (abs(w - 400) < p->best_reg) {
        p->best_reg = abs(w - 400);
        p->fam->regular = fi;
    }
    if (w >= 600 && abs(w - 700) < p->best_bold) {
        p->best_bold = abs(w - 700);
        p->fam->bold = fi;
    }
}

static void parse_family(void *ctx, json_t *f, size_t i)
{
    static const char *const keys[] = {"name", "faces", NULL};
    struct parse *p = ctx;
    struct jcheck *jc = p->jc;
    jcheck_keys(jc, f, keys);
    const char *name = jcheck_string(jc, f, "name", true, 256);
    json_t *faces = jcheck_array(jc, f, "faces", true, 1, 64);
    if (!name)
        return;
    if (family_find(p->fs, name) >= 0) {
        jcheck_push_key(jc, "name");
        JC_ERR(jc, JC_AT_VALUE, JC_ZH_EN("字体族 “%s” 重复", "family \"%s\" is repeated"), name, name);
        jcheck_pop(jc);
        return;
    }
    struct family fam = {.name = xstrdup(name), .regular = -1, .bold = -1};
    p->fam = &fam;
    p->best_reg = p->best_bold = 1 << 20;
    if (faces) {
        jcheck_push_key(jc, "faces");
        jcheck_each(jc, faces, JSON_OBJECT, parse_face, p);
        jcheck_pop(jc);
    }
    p->fam = NULL;
    if (fam.regular < 0)
        fam.regular = fam.bold;
    if (fam.bold < 0)
        fam.bold = fam.regular;
    p->fs->families = xreallocarray(p->fs->families, p->fs->n_families + 1, sizeof *p->fs->families);
    p->fs->families[p->fs->n_families++] = fam;
}

/* Adds family `name` (at the current path) to role r's chain. */
static void role_add(struct parse *p, int r, const char *name)
{
    struct fontset *fs = p->fs;
    int fam = family_find(fs, name);
    if (fam < 0) {
        const char *names[65];
        size_t n = 0;
        for (size_t k = 0; k < fs->n_families && n < 64; k++)
            names[n++] = fs->families[k].name;
        names[n] = NULL;
        const char *guess = jcheck_closest(name, names);
        if (guess)
            JC_ERR(p->jc, JC_AT_VALUE,
                   JC_ZH_EN("字体族 “%s” 不在 families 中，是否想写 “%s”？",
                            "family \"%s\" is not in families; did you mean \"%s\"?"),
                   name, guess, name, guess);
        else
            JC_ERR(p->jc, JC_AT_VALUE, JC_ZH_EN("字体族 “%s” 不在 families 中", "family \"%s\" is not in families"),
                   name, name);
    } else if (fs->families[fam].regular >= 0 && fs->role_len[r] < FONTS_MAX_CHAIN) {
        fs->role_family[r][fs->role_len[r]++] = fam;
    }
}

struct role_ctx {
    struct parse *p;
    int r;
};

static void parse_fallback(void *ctx, json_t *v, size_t i)
{
    struct role_ctx *c = ctx;
    role_add(c->p, c->r, json_string_value(v));
}

static bool parse_config(struct fontset *fs, struct jcheck *jc, json_t *root, const char *base)
{
    static const char *const keys[] = {"search_dirs", "families", "roles", "atlas", NULL};
    static const char *const role_keys[] = {"family", "fallback", NULL};
    static const char *const atlas_keys[] = {"page_size", "max_pages", NULL};
    if (!jcheck_type(jc, root, JSON_OBJECT))
        return false;
    jcheck_keys(jc, root, keys);
    struct parse p = {.fs = fs, .jc = jc, .base = base};
    p.dirs = jcheck_array(jc, root, "search_dirs", false, 0, 64);
    if (p.dirs) {
        jcheck_push_key(jc, "search_dirs");
        jcheck_each(jc, p.dirs, JSON_STRING, parse_dir, &p);
        jcheck_pop(jc);
    }
    json_t *fams = jcheck_array(jc, root, "families", true, 1, 64);
    json_t *roles = jcheck_object(jc, root, "roles", true);
    if (!fams || !roles)
        return false;
    jcheck_push_key(jc, "families");
    jcheck_each(jc, fams, JSON_OBJECT, parse_family, &p);
    jcheck_pop(jc);

    jcheck_push_key(jc, "roles");
    jcheck_keys(jc, roles, ROLE_NAMES_LIST);
    bool ok = true;
    for (int r = 0; r < FONTS_N_ROLES; r++) {
        json_t *role = jcheck_object(jc, roles, ROLE_NAMES[r], true);
        if (!role) {
            ok = false;
            continue;
        }
        jcheck_push_key(jc, ROLE_NAMES[r]);
        jcheck_keys(jc, role, role_keys);
        const char *family = jcheck_string(jc, role, "family", false, 256);
        if (family) {
            jcheck_push_key(jc, "family");
            role_add(&p, r, family);
            jcheck_pop(jc);
        }
        json_t *fb = jcheck_array(jc, role, "fallback", false, 0, FONTS_MAX_CHAIN - 1);
        if (fb) {
            struct role_ctx c = {&p, r};
            jcheck_push_key(jc, "fallback");
            jcheck_each(jc, fb, JSON_STRING, parse_fallback, &c);
            jcheck_pop(jc);
        }
        jcheck_pop(jc);
        if (fs->role_len[r] == 0) {
            LOG_ERR("%s: roles.%s: no font file of its families was found", jc->file, ROLE_NAMES[r]);
            size_t i;
            json_t *f;
            json_array_foreach(fams, i, f) {
                size_t j;
                json_t *face;
                json_array_foreach(json_object_get(f, "faces"), j, face) {
                    const char *file = json_string_value(json_object_get(face, "file"));
                    if (file)
                        searched_paths(p.dirs, base, file);
                }
            }
            ok = false;
        }
    }
    jcheck_pop(jc);
    json_t *atlas = jcheck_object(jc, root, "atlas", false);
    if (atlas) {
        long v;
        jcheck_push_key(jc, "atlas");
        jcheck_keys(jc, atlas, atlas_keys);
        if (jcheck_int(jc, atlas, "page_size", false, 64, 2048, &v))
            fs->atlas.page_size = (int)v;
        if (jcheck_int(jc, atlas, "max_pages", false, 1, 64, &v))
            fs->atlas.max_pages = (int)v;
        jcheck_pop(jc);
    }
    return ok;
}

/* Logs each finding once, at its severity. */
static void log_findings(const struct findings *f, size_t from)
{
    for (size_t i = from; i < f->n; i++) {
        char *line = finding_format(&f->items[i]);
        if (f->items[i].severity == SEV_ERROR)
            LOG_ERR("%s", line);
        else
            LOG_WARN("%s", line);
        free(line);
    }
}

struct fontset *fontset_load(const char *path, struct findings *out)
{
    struct findings local = {0};
    struct findings *f = out ? out : &local;
    size_t first = f->n;
    struct fontset *fs = xcalloc(1, sizeof *fs);
    if (FT_Init_FreeType(&fs->ft)) {
        LOG_ERR("cannot initialise FreeType");
        free(fs);
        findings_free(&local);
        return NULL;
    }
    char *text = NULL, *base = NULL;
    size_t len = 0;
    struct jcheck jc;
    json_t *root = NULL;
    if (path) {
        enum fs_status st = fs_read_file(path, FONTS_MAX_CONFIG_BYTES, false, &text, &len);
        jcheck_begin(&jc, f, path, text, len);
        if (st == FS_OK)
            root = jcheck_parse(&jc, 16);
        else
            jcheck_file_error(&jc, 0, 0, JC_ZH_EN("无法读取字体配置：%s", "cannot read the font config: %s"),
                              fs_status_str(st), fs_status_str(st));
    }
    if (!root) {
        if (path)
            LOG_WARN("%s: using the built-in Debian font paths", path);
        free(text);
        text = xstrdup(DEFAULT_CONFIG);
        len = strlen(text);
        jcheck_begin(&jc, f, "built-in font config", text, len);
        root = json_loadb(text, len, 0, NULL);
        base = xstrdup("/");
    } else {
        const char *slash = strrchr(path, '/');
        base = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
        if (!base[0]) {
            free(base);
            base = xstrdup("/");
        }
    }
    bool ok = root && parse_config(fs, &jc, root, base);
    jcheck_end(&jc);
    json_decref(root);
    free(base);
    free(text);
    log_findings(f, first);
    findings_free(&local);
    if (!ok) {
        fontset_free(fs);
        return NULL;
    }
    return fs;
}

struct fontset *fontset_new(const char *path) { return fontset_load(path, NULL); }

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
    free(fs->family_names);
    free(fs->warned_family);
    FT_Done_FreeType(fs->ft);
    free(fs);
}

const char *const *fontset_families(struct fontset *fs)
{
    if (!fs->family_names) {
        fs->family_names = xcalloc(fs->n_families + 1, sizeof *fs->family_names);
        for (size_t i = 0; i < fs->n_families; i++)
            fs->family_names[i] = fs->families[i].name;
    }
    return fs->family_names;
}

void fontset_atlas_conf(const struct fontset *fs, struct fontset_atlas_conf *out) { *out = fs->atlas; }

size_t fontset_count(const struct fontset *fs) { return fs->n_fonts; }
size_t fontset_opened(const struct fontset *fs) { return fs->opened; }
uint64_t fontset_reads(const struct fontset *fs) { return fs->reads; }

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
 * ~9 MB of RSS for one slide's glyphs (measured 38.8 -> 32.5 MB peak RSS with this; a memory face
 * on HarfBuzz's mapping still costs 0.8 MB more than this). FreeType asks for a few bytes at a time
 * (an index offset, a glyph's advance, then its charstring): small reads go through a few 4 KB
 * blocks of the file kept per face, so a slide's glyphs cost a third of the system calls (1751 ->
 * ~600 preads for the bench slide) for 64 KB of memory a face. */
#define STREAM_BLOCK 4096u
#define STREAM_BLOCKS 16

struct font_stream {
    FT_StreamRec st;          /* first: FreeType's FT_Stream points here */
    struct fontset *fs;       /* counts the reads (fontset_reads) */
    uint64_t tick;
    struct {
        unsigned long start;  /* file offset, a multiple of STREAM_BLOCK */
        unsigned long len;    /* bytes valid; 0 = empty */
        uint64_t used;        /* tick of the last use (least recently used goes first) */
        unsigned char data[STREAM_BLOCK];
    } b[STREAM_BLOCKS];
};

static ssize_t stream_pread(struct font_stream *fst, void *buf, size_t n, unsigned long off)
{
    fst->fs->reads++;
    ssize_t r;
    do
        r = pread((int)fst->st.descriptor.value, buf, n, (off_t)off);
    while (r < 0 && errno == EINTR);
    return r;
}

static unsigned long stream_read(FT_Stream s, unsigned long off, unsigned char *buf, unsigned long n)
{
    struct font_stream *fst = (struct font_stream *)s;
    if (n == 0)
        return off <= s->size ? 0 : 1;
    if (n > STREAM_BLOCK / 2) { /* a table read whole: straight into FreeType's buffer */
        ssize_t r = stream_pread(fst, buf, n, off);
        return r < 0 ? 0 : (unsigned long)r;
    }
    unsigned long done = 0;
    while (done < n) {
        unsigned long at = off + done, start = at - at % STREAM_BLOCK;
        int k = 0;
        for (int i = 0; i < STREAM_BLOCKS; i++) {
            if (fst->b[i].len && fst->b[i].start == start) {
                k = i;
                break;
            }
            if (fst->b[i].used < fst->b[k].used)
                k = i;
        }
        if (!fst->b[k].len || fst->b[k].start != start) {
            ssize_t r = stream_pread(fst, fst->b[k].data, STREAM_BLOCK, start);
            fst->b[k].start = start;
            fst->b[k].len = r > 0 ? (unsigned long)r : 0;
        }
        fst->b[k].used = ++fst->tick;
        if (at - start >= fst->b[k].len)
            break; /* past the end of the file, or a read error */
        unsigned long piece = fst->b[k].len - (at - start);
        piece = piece < n - done ? piece : n - done;
        memcpy(buf + done, fst->b[k].data + (at - start), piece);
        done += piece;
    }
    return done;
}

static void stream_close(FT_Stream s)
{
    close((int)s->descriptor.value);
    free(s);
}

struct font_map {
    void *p;
    size_t len;
};

static void unmap_font(void *user)
{
    struct font_map *m = user;
    munmap(m->p, m->len);
    free(m);
}

static struct font *font_open(struct fontset *fs, uint16_t i)
{
    if (i >= fs->n_fonts)
        return NULL;
    struct font *f = &fs->fonts[i];
    if (f->opened)
        return f->failed ? NULL : f;
    f->opened = true;
    enum fs_status fst;
    int fd = fs_open_regular(f->path, false, &fst);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        LOG_ERR("%s: cannot open: %s", f->path, fd < 0 ? fs_status_str(fst) : strerror(errno));
        if (fd >= 0)
            close(fd);
        f->face = NULL;
        f->failed = true;
        return NULL;
    }
    /* HarfBuzz reads the same file through a mapping of this descriptor (never a second open). */
    size_t map_len = (size_t)sb.st_size;
    void *map = map_len ? mmap(NULL, map_len, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    struct font_stream *stream = xcalloc(1, sizeof *stream); /* FreeType closes it (stream_close), also on failure */
    stream->fs = fs;
    FT_Stream st = &stream->st;
    st->descriptor.value = fd;
    st->size = (unsigned long)sb.st_size;
    st->read = stream_read;
    st->close = stream_close;
    FT_Open_Args args = {.flags = FT_OPEN_STREAM, .stream = st};
    FT_Error e = FT_Open_Face(fs->ft, &args, f->index, &f->face);
    if (e) {
        LOG_ERR("%s: face %d: cannot open (FreeType error %d)", f->path, f->index, e);
        if (map != MAP_FAILED)
            munmap(map, map_len);
        f->face = NULL;
        f->failed = true;
        return NULL;
    }
    hb_blob_t *blob = NULL;
    if (map != MAP_FAILED) {
        struct font_map *m = xmalloc(sizeof *m);
        *m = (struct font_map){map, map_len};
        blob = hb_blob_create_or_fail(map, (unsigned)map_len, HB_MEMORY_MODE_READONLY, m, unmap_font);
        if (!blob)
            unmap_font(m);
    }
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
