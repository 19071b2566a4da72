/* Content loading and validation: one table row per error kind and slide kind, each checking
 * the finding's JSON path, line:column and message; the sample playlists, broken on purpose;
 * bad inputs (encoding, bounds, nesting, paths); folders; errors vs warnings. */
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "content/asset.h"
#include "content/content.h"
#include "content/content_internal.h"
#include "content/imgdec.h"
#include "core/fsutil.h"
#include "core/xalloc.h"

static char tmp[] = "/tmp/lobbysign-test-content-XXXXXX";

static void write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char *p = fs_join(dir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "create %s", p);
    if (fd >= 0) {
        CHECK(write(fd, data, len) == (ssize_t)len, "write %s", p);
        close(fd);
    }
    free(p);
}

static void write_str(const char *dir, const char *name, const char *text)
{
    write_file(dir, name, text, strlen(text));
}

/* Line and column (in characters) of the '^' in marker, located in text. */
static bool locate(const char *text, const char *marker, int *line, int *col)
{
    const char *caret = strchr(marker, '^');
    size_t before = caret ? (size_t)(caret - marker) : 0;
    char *needle = xstrdup(marker);
    if (caret)
        memmove(needle + before, needle + before + 1, strlen(needle + before));
    const char *at = strstr(text, needle);
    free(needle);
    if (!at)
        return false;
    at += before;
    *line = 1;
    *col = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            ++*col;
        }
    }
    return true;
}

static const struct finding *find(const struct findings *f, enum severity sev, const char *path, const char *frag)
{
    for (size_t i = 0; i < f->n; i++) {
        const struct finding *x = &f->items[i];
        if (x->severity == sev && strcmp(x->path, path) == 0 &&
            (strstr(x->msg_en, frag) || strstr(x->msg_zh, frag)))
            return x;
    }
    return NULL;
}

static void dump(const struct findings *f)
{
    findings_print(f, stderr);
}

/* The playlist around SLIDES: slides start on line 4, column 1. */
#define HEAD                                                                   \
    "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n" \
    " \"banner\": {\"hotlines\": [{\"label\": \"招商中心\", \"number\": \"400-162-2002\"}]},\n" \
    " \"slides\": [\n"
#define TAIL "\n]}\n"
#define HL(extra) "{\"kind\": \"headline\", \"duration\": 10, \"title\": \"标题\", \"date\": \"2025-07-09\"" extra "}"

struct ecase {
    const char *name;
    const char *slides;  /* between HEAD and TAIL; or, when full, the whole file */
    bool full;
    const char *path;    /* the finding's JSON path */
    const char *at;      /* where it points: a unique piece of the text, '^' marks the spot */
    const char *frag;    /* part of the message (English or Chinese) */
};

static const struct ecase error_cases[] = {
    /* types and ranges */
    {"duration string", HL("") ",\n{\"kind\": \"hotline\", \"duration\": \"10\"}", false, "slides[1].duration",
     "^\"10\"", "expected a number, got a string"},
    {"duration zero", "{\"kind\": \"hotline\", \"duration\": 0}", false, "slides[0].duration", "\"duration\": ^0",
     "out of range"},
    {"duration negative", "{\"kind\": \"hotline\", \"duration\": -5}", false, "slides[0].duration", "^-5",
     "out of range"},
    {"duration too long", "{\"kind\": \"hotline\", \"duration\": 3601}", false, "slides[0].duration", "^3601",
     "out of range"},
    {"duration tiny", "{\"kind\": \"hotline\", \"duration\": 0.0001}", false, "slides[0].duration", "^0.0001",
     "too short"},
    {"slide not an object", "42", false, "slides[0]", "^42", "expected an object, got a number"},
    {"empty title", HL(", \"source\": \"\"") , false, "slides[0].source", "\"source\": ^\"\"", "must not be empty"},
    /* kinds and keys */
    {"unknown kind", "{\"kind\": \"ticker\", \"duration\": 5}", false, "slides[0].kind", "^\"ticker\"",
     "unknown slide kind \"ticker\" (known: headline, headlines, kpi, hotline, image)"},
    {"misspelt kind", "{\"kind\": \"headlnie\", \"duration\": 5}", false, "slides[0].kind", "^\"headlnie\"",
     "did you mean \"headline\""},
    {"missing kind", "{\"duration\": 5}", false, "slides[0].kind", "^{\"duration\"",
     "missing required field \"kind\""},
    {"unknown key typo", HL(",\n \"titel\": \"x\""), false, "slides[0].titel", "^\"titel\"",
     "did you mean \"title\""},
    {"unknown key far", HL(", \"colour\": \"x\""), false, "slides[0].colour", "^\"colour\"", "unknown key \"colour\""},
    {"headline missing title", "{\"kind\": \"headline\", \"duration\": 10, \"date\": \"2025-07-09\"}", false,
     "slides[0].title", "^{\"kind\"", "missing required field \"title\""},
    {"duplicate slide id", "{\"kind\": \"hotline\", \"id\": \"a\", \"duration\": 5},\n{\"kind\": \"hotline\", \"id\": \"a\", \"duration\": 5}",
     false, "slides[1].id", ",\n{\"kind\": \"hotline\", \"id\": ^\"a\"", "repeats slides[0]"},
    /* dates */
    {"date not in calendar", HL(", \"from\": \"2025-02-29\""), false, "slides[0].from", "^\"2025-02-29\"",
     "not a valid date"},
    {"date format", "{\"kind\": \"headline\", \"duration\": 10, \"title\": \"x\", \"date\": \"2025-7-9\"}", false,
     "slides[0].date", "^\"2025-7-9\"", "yyyy-mm-dd"},
    {"window reversed", HL(", \"from\": \"2025-08-01\", \"until\": \"2025-07-01\""), false, "slides[0].until",
     "^\"2025-07-01\"", "before from"},
    /* kpi */
    {"kpi seven cards",
     "{\"kind\": \"kpi\", \"duration\": 5, \"title\": \"K\", \"cards\": [{\"label\": \"a\", \"value\": 1}, {\"label\": \"a\", \"value\": 1}, "
     "{\"label\": \"a\", \"value\": 1}, {\"label\": \"a\", \"value\": 1}, {\"label\": \"a\", \"value\": 1}, {\"label\": \"a\", \"value\": 1}, "
     "{\"label\": \"a\", \"value\": 1}]}",
     false, "slides[0].cards", "\"cards\": ^[", "has 7 entries"},
    {"kpi no cards", "{\"kind\": \"kpi\", \"duration\": 5, \"title\": \"K\", \"cards\": []}", false, "slides[0].cards",
     "^[]", "must not be an empty array"},
    {"kpi value string",
     "{\"kind\": \"kpi\", \"duration\": 5, \"title\": \"K\",\n \"cards\": [{\"label\": \"增长\", \"value\": \"7.8\"}]}", false,
     "slides[0].cards[0].value", "^\"7.8\"", "expected a number"},
    {"kpi decimals range",
     "{\"kind\": \"kpi\", \"duration\": 5, \"title\": \"K\", \"cards\": [{\"label\": \"a\", \"value\": 1, \"decimals\": 7}]}",
     false, "slides[0].cards[0].decimals", "^7}", "out of range"},
    {"kpi too many decimals",
     "{\"kind\": \"kpi\", \"duration\": 5, \"title\": \"K\", \"cards\": [{\"label\": \"a\", \"value\": 1.1234567}]}", false,
     "slides[0].cards[0].value", "^1.1234567", "too many decimals"},
    {"kpi exponent past int (UBSan)",
     "{\"kind\": \"kpi\", \"duration\": 5, \"title\": \"K\", \"cards\": [{\"label\": \"a\", \"value\": 1e-2147483648}]}",
     false, "slides[0].cards[0].value", "^1e-2147483648", "too many decimals"},
    {"kpi card missing label", "{\"kind\": \"kpi\", \"duration\": 5, \"title\": \"K\", \"cards\": [{\"value\": 1}]}", false,
     "slides[0].cards[0].label", "^{\"value\"", "missing required field \"label\""},
    /* headlines */
    {"board per_page zero",
     "{\"kind\": \"headlines\", \"duration\": 5, \"per_page\": 0, \"items\": [{\"title\": \"a\", \"date\": \"2025-07-09\"}]}",
     false, "slides[0].per_page", "\"per_page\": ^0", "out of range"},
    {"board missing items", "{\"kind\": \"headlines\", \"duration\": 5}", false, "slides[0].items", "^{\"kind\"",
     "missing required field \"items\""},
    {"board item bad date",
     "{\"kind\": \"headlines\", \"duration\": 5, \"items\": [\n  {\"title\": \"a\", \"date\": \"2025-07-09\"},\n  {\"title\": \"b\", \"date\": \"09.07.2025\"}]}",
     false, "slides[0].items[1].date", "^\"09.07.2025\"", "not a valid date"},
    /* images and paths */
    {"image missing", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/nope.png\"}", false,
     "slides[0].image", "^\"assets/nope.png\"", "not found"},
    {"image escapes", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"../../etc/passwd\"}", false,
     "slides[0].image", "^\"../../etc/passwd\"", "would leave the content folder"},
    {"image absolute", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"/etc/passwd\"}", false, "slides[0].image",
     "^\"/etc/passwd\"", "absolute"},
    {"image backslash", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets\\\\ok.png\"}", false,
     "slides[0].image", "^\"assets", "use '/'"},
    {"image symlink", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/link.png\"}", false,
     "slides[0].image", "^\"assets/link.png\"", "symbolic link"},
    {"image through symlinked folder", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"linkdir/ok.png\"}", false,
     "slides[0].image", "^\"linkdir/ok.png\"", "symbolic link"},
    {"image is a folder", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets\"}", false, "slides[0].image",
     "^\"assets\"", "is a folder"},
    {"image not an image", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/notes.png\"}", false,
     "slides[0].image", "^\"assets/notes.png\"", "not a PNG or JPEG"},
    {"image zero bytes", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/empty.png\"}", false,
     "slides[0].image", "^\"assets/empty.png\"", "not a PNG or JPEG"},
    {"image too large", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/huge.png\"}", false,
     "slides[0].image", "^\"assets/huge.png\"", "9000x10 pixels"},
    {"image damaged", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/damaged.png\"}", false,
     "slides[0].image", "^\"assets/damaged.png\"", "damaged"},
    {"image header over no data", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/header_only.png\"}", false,
     "slides[0].image", "^\"assets/header_only.png\"", "cannot be decoded"},
    {"image truncated PNG", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/truncated.png\"}", false,
     "slides[0].image", "^\"assets/truncated.png\"", "cannot be decoded"},
    {"image IHDR CRC", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/badcrc.png\"}", false,
     "slides[0].image", "^\"assets/badcrc.png\"", "cannot be decoded"},
    {"image bit depth 7", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/baddepth.png\"}", false,
     "slides[0].image", "^\"assets/baddepth.png\"", "cannot be decoded"},
    {"image JPEG cut short", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/cut.jpg\"}", false,
     "slides[0].image", "^\"assets/cut.jpg\"", "cannot be decoded"},
    /* Content that would show nothing. */
    {"title of U+3000", "{\"kind\": \"headline\", \"duration\": 10, \"title\": \"\\u3000\\u3000\", \"date\": \"2025-07-09\"}",
     false, "slides[0].title", "^\"\\u3000", "only blank characters"},
    {"title of NBSP and ZWSP", "{\"kind\": \"headline\", \"duration\": 10, \"title\": \"\\u00a0\\u200b\", \"date\": \"2025-07-09\"}",
     false, "slides[0].title", "^\"\\u00a0", "only blank characters"},
    {"title of control characters", "{\"kind\": \"headline\", \"duration\": 10, \"title\": \"\\u0007\\u001b\", \"date\": \"2025-07-09\"}",
     false, "slides[0].title", "^\"\\u0007", "only blank characters"},
    {"transparent text", "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"theme\": {\"colors\": {\"text\": \"#FFFFFF00\"}},\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]},\n"
     " \"slides\": [" HL("") "]}\n", true, "theme.colors.text", "^\"#FFFFFF00\"", "fully transparent"},
    {"image fit", "{\"kind\": \"image\", \"duration\": 5, \"image\": \"assets/ok.png\", \"fit\": \"stretch\"}", false,
     "slides[0].fit", "^\"stretch\"", "is not one of: contain, cover"},
    {"image logo missing",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"theme\": {\"logo\": \"logo.png\"},\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "theme.logo", "^\"logo.png\"", "not found"},
    /* playlist level */
    {"empty playlist",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]},\n \"slides\": []}",
     true, "slides", "^[]", "must not be an empty array"},
    {"format version",
     "{\"format\": 2, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "format", "^2,", "unsupported format version 2"},
    {"missing banner",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "banner", "^{\"format\"", "missing required field \"banner\""},
    {"bad id",
     "{\"format\": 1, \"id\": \"Lobby!\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "id", "^\"Lobby!\"", "may only contain"},
    {"bad phone number",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"call us\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "banner.hotlines[0].number", "^\"call us\"", "not a phone number"},
    {"bad colour",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"theme\": {\"colors\": {\"accent\": \"#12345\"}},\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "theme.colors.accent", "^\"#12345\"", "not a colour"},
    {"bad orientation",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\", \"orientation\": \"upright\",\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "orientation", "^\"upright\"", "landscape, portrait"},
    {"top level array", "[1, 2]", true, "", "^[1", "must be an object"},
    /* schedule */
    {"schedule bad time",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"schedule\": {\"screen_off\": [{\"start\": \"25:00\", \"end\": \"07:00\"}]},\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "schedule.screen_off[0].start", "^\"25:00\"", "not a time"},
    {"schedule empty span",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"schedule\": {\"dayparts\": [{\"start\": \"08:00\", \"end\": \"08:00\"}]},\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "schedule.dayparts[0].end", "\"end\": ^\"08:00\"", "empty span"},
    {"schedule repeated day",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"schedule\": {\"dayparts\": [{\"days\": [\"mon\", \"mon\"], \"start\": \"08:00\", \"end\": \"09:00\"}]},\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "schedule.dayparts[0].days[1]", "\"mon\", ^\"mon\"", "repeated"},
    {"schedule bad days word",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"schedule\": {\"dayparts\": [{\"days\": \"weekly\", \"start\": \"08:00\", \"end\": \"09:00\"}]},\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "schedule.dayparts[0].days", "^\"weekly\"", "daily, weekdays, weekend"},
    {"schedule empty list",
     "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
     " \"schedule\": {\"dayparts\": []},\n"
     " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]}, \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}",
     true, "schedule.dayparts", "^[]", "must not be an empty array"},
    /* whole-file problems (no JSON path) */
    {"BOM", "\xEF\xBB\xBF{}", true, "", "^\xEF\xBB\xBF", "UTF-8 BOM"},
    {"invalid UTF-8", "{\"format\": 1, \"id\": \"\xFF\"}", true, "", NULL, "UTF-8"},
    {"truncated UTF-8", "{\"title\": \"\xE4\xB8\"}", true, "", NULL, "UTF-8"},
    {"duplicate key", "{\"format\": 1,\n \"format\": 1}", true, "", NULL, "duplicate object key"},
    {"NaN", "{\"format\": NaN}", true, "", NULL, "NaN"},
    {"Infinity", "{\"format\": 1, \"x\": -Infinity}", true, "", NULL, "invalid token"},
    {"1e400", "{\"format\": 1e400}", true, "", NULL, "real number overflow"},
    {"trailing comma", "{\"format\": 1,}", true, "", NULL, "JSON syntax error"},
    {"empty file", "", true, "", "", "file is empty"},
    {"u0000", "{\"a\": \"x\\u0000y\"}", true, "", NULL, "u0000"},
    {"Chinese comma", "{\"format\": 1，\"id\": \"x\"}", true, "", "1^，", "中文标点"},
    {"unterminated", "{\"format\": 1", true, "", NULL, "文件末尾"},
};

/* Assets used by the image cases. */
static void make_assets(const char *dir)
{
    /* A real 64x32 RGBA PNG (validation decodes every picture). */
    static const unsigned char png[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x20, 0x08, 0x06, 0x00, 0x00, 0x00, 0xa2, 0x9d, 0x7e,
        0x84, 0x00, 0x00, 0x00, 0x42, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0xed, 0xd0, 0x31, 0x01, 0x00,
        0x00, 0x04, 0x00, 0x30, 0x11, 0x44, 0x10, 0x41, 0xff, 0x72, 0xf4, 0x60, 0xc7, 0x0a, 0x2c, 0xb2,
        0x7a, 0x3e, 0x0b, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x00, 0x01, 0x02, 0x04, 0x08,
        0x10, 0x20, 0x40, 0x80, 0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x00, 0x01, 0x02,
        0x04, 0x08, 0x10, 0x20, 0xe0, 0xbe, 0x05, 0x7e, 0xd2, 0xf8, 0x97, 0xcc, 0x3f, 0x29, 0xb9, 0x00,
        0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    };
    /* The same header over no picture data. */
    static const unsigned char header_only[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H',
                                                'D', 'R', 0, 0, 0, 64, 0, 0, 0, 32, 8, 6, 0, 0, 0};
    unsigned char huge[sizeof png];
    memcpy(huge, png, sizeof png);
    huge[18] = 0x23, huge[19] = 0x28; /* 9000 */
    huge[22] = 0, huge[23] = 10;
    char *assets = fs_join(dir, "assets");
    CHECK(fs_mkdirs(assets), "mkdir assets");
    write_file(assets, "ok.png", (const char *)png, sizeof png);
    write_file(assets, "huge.png", (const char *)huge, sizeof huge);
    write_file(assets, "damaged.png", (const char *)png, 12);
    write_file(assets, "header_only.png", (const char *)header_only, sizeof header_only);
    write_file(assets, "truncated.png", (const char *)png, sizeof png - 30);
    unsigned char bad[sizeof png];
    memcpy(bad, png, sizeof png);
    bad[29] ^= 0x01; /* the IHDR CRC */
    write_file(assets, "badcrc.png", (const char *)bad, sizeof bad);
    memcpy(bad, png, sizeof png);
    bad[24] = 7; /* bit depth 7 */
    write_file(assets, "baddepth.png", (const char *)bad, sizeof bad);
    char *jpg = NULL;
    size_t jlen = 0;
    CHECK(fs_read_file(TEST_SRCDIR "/tests/data/content/tiny.jpg", 1 << 20, false, &jpg, &jlen) == FS_OK, "tiny.jpg");
    write_file(assets, "cut.jpg", jpg, jlen * 2 / 3);
    free(jpg);
    write_str(assets, "notes.png", "this is text, not an image\n");
    write_str(assets, "empty.png", "");
    char *ok = fs_join(assets, "ok.png"), *link = fs_join(assets, "link.png"), *linkdir = fs_join(dir, "linkdir");
    CHECK(symlink(ok, link) == 0, "symlink");
    CHECK(symlink(assets, linkdir) == 0, "symlink dir");
    free(ok);
    free(link);
    free(linkdir);
    free(assets);
}

static bool refuse_snowman(void *ctx, uint32_t cp, enum text_role_hint role)
{
    (void)role;
    ++*(int *)ctx;
    return cp != 0x2603 && cp != 0x1F600;
}

static char *case_text(const struct ecase *c)
{
    return c->full ? xstrdup(c->slides) : xasprintf("%s%s%s", HEAD, c->slides, TAIL);
}

static void test_error_cases(const char *dir)
{
    for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++) {
        const struct ecase *c = &error_cases[i];
        char *text = case_text(c);
        write_str(dir, "case.json", text);
        char *file = fs_join(dir, "case.json");
        struct findings f = {0};
        struct snapshot *snap = content_load(file, NULL, &f);
        CHECK(snap == NULL, "%s: must be refused", c->name);
        CHECK(f.n_errors >= 1, "%s: an error", c->name);
        const struct finding *x = find(&f, SEV_ERROR, c->path, c->frag);
        CHECK(x != NULL, "%s: no error at \"%s\" with \"%s\"", c->name, c->path, c->frag);
        if (x) {
            CHECK_STR(x->file, file, c->name);
            if (c->at && !c->at[0]) {
                CHECK(x->line == 0 && x->col == 0, "%s: a whole-file problem", c->name);
            } else if (c->at) {
                int line = 0, col = 0;
                CHECK(locate(text, c->at, &line, &col), "%s: marker", c->name);
                CHECK(x->line == line && x->col == col, "%s: at %d:%d, want %d:%d", c->name, x->line, x->col, line,
                      col);
            } else {
                CHECK(x->line >= 1 && x->col >= 1, "%s: has a position (%d:%d)", c->name, x->line, x->col);
            }
            CHECK(x->msg_zh[0] && x->msg_en[0] && strcmp(x->msg_zh, x->msg_en) != 0, "%s: both languages", c->name);
        } else {
            dump(&f);
        }
        /* The same through the in-memory entry point used by the fuzzer. */
        struct findings g = {0};
        struct snapshot *s2 = content_load_buffer(text, strlen(text), "mem.json", dir, NULL, &g);
        CHECK(s2 == NULL && g.n_errors == f.n_errors, "%s: buffer load agrees (%zu vs %zu)", c->name, g.n_errors,
              f.n_errors);
        snapshot_free(s2);
        findings_free(&g);
        snapshot_free(snap);
        findings_free(&f);
        free(file);
        free(text);
    }
}

/* One valid example of every slide kind, with the model it must produce. */
static void test_slide_kinds(const char *dir)
{
    const char *text = HEAD
        "{\"kind\": \"headline\", \"id\": \"h\", \"duration\": 7.5, \"source\": \"武汉招商\", \"title\": \"标题\", "
        "\"date\": \"2025-07-09\", \"summary\": \"摘要\", \"from\": \"2025-07-01\", \"until\": \"2025-12-31\"},\n"
        "{\"kind\": \"headlines\", \"duration\": 12, \"title\": \"资讯\", \"per_page\": 2, \"items\": [\n"
        "  {\"title\": \"一\", \"date\": \"2025-07-09\"}, {\"title\": \"二\", \"date\": \"2025-07-08\"},\n"
        "  {\"source\": \"武汉招商\", \"title\": \"三\", \"date\": \"2024-02-29\", \"summary\": \"s\"}]},\n"
        "{\"kind\": \"kpi\", \"duration\": 12, \"title\": \"指标\", \"cards\": [\n"
        "  {\"label\": \"吞吐量\", \"value\": 156.02, \"unit\": \"万标箱\", \"comparison\": \"同比 +15%\"},\n"
        "  {\"label\": \"签约\", \"value\": 2, \"prefix\": \"突破\", \"unit\": \"万亿元\"},\n"
        "  {\"label\": \"x\", \"value\": 1.5e2}, {\"label\": \"y\", \"value\": 3, \"decimals\": 2}]},\n"
        "{\"kind\": \"hotline\", \"duration\": 10, \"title\": \"欢迎垂询\"},\n"
        "{\"kind\": \"image\", \"duration\": 8, \"image\": \"./assets/ok.png\", \"fit\": \"cover\", \"caption\": \"c\"},\n"
        "{\"kind\": \"image\", \"duration\": 8, \"image\": \"assets/photo.jpg\"}" TAIL;
    char *src = fs_join(TEST_SRCDIR, "tests/data/content/progressive.jpg");
    char *jpg;
    size_t jlen;
    CHECK(fs_read_file(src, 1 << 20, false, &jpg, &jlen) == FS_OK, "read jpeg");
    char *assets = fs_join(dir, "assets");
    write_file(assets, "photo.jpg", jpg, jlen);
    free(jpg);
    free(src);
    free(assets);
    write_str(dir, "kinds.json", text);
    char *file = fs_join(dir, "kinds.json");
    struct findings f = {0};
    struct snapshot *snap = content_load(file, NULL, &f);
    CHECK(snap && f.n == 0, "every slide kind loads");
    if (!snap) {
        dump(&f);
        goto out;
    }
    const struct playlist *pl = &snap->playlists[0];
    CHECK(pl->n_slides == 6, "6 slides");
    CHECK(pl->orientation == ORIENT_LANDSCAPE && pl->n_dayparts == 0, "defaults");
    CHECK(pl->theme.accent.r == 0xF2 && pl->theme.accent.a == 0xFF, "default theme");
    const struct slide *s = pl->slides;
    CHECK(s[0].kind == SLIDE_HEADLINE && s[0].duration_ms == 7500 && s[0].n_items == 1, "headline");
    CHECK_STR(s[0].id, "h", "id");
    CHECK_STR(s[0].items[0].source, "武汉招商", "source");
    CHECK_STR(s[0].items[0].summary, "摘要", "summary");
    CHECK(s[0].window.from == 20250701 && s[0].window.until == 20251231, "window");
    CHECK(s[1].kind == SLIDE_HEADLINES && s[1].n_items == 3 && s[1].per_page == 2, "headlines");
    CHECK_STR(s[1].id, "slides[1]", "default id");
    CHECK(s[1].items[0].source == NULL && s[1].items[2].summary != NULL, "optional item fields");
    CHECK(s[2].kind == SLIDE_KPI && s[2].n_cards == 4, "kpi");
    CHECK(s[2].cards[0].value == 156.02 && s[2].cards[0].decimals == 2, "156.02 keeps 2 decimals");
    CHECK(s[2].cards[1].decimals == 0 && s[2].cards[2].value == 150 && s[2].cards[2].decimals == 0, "decimals");
    CHECK(s[2].cards[3].decimals == 2, "explicit decimals");
    CHECK_STR(s[2].cards[1].prefix, "突破", "prefix");
    CHECK(s[3].kind == SLIDE_HOTLINE && s[3].duration_ms == 10000, "hotline");
    CHECK(s[4].kind == SLIDE_IMAGE && s[4].fit == FIT_COVER && s[4].image && s[4].image[0] == '/', "image");
    CHECK(s[4].image && strstr(s[4].image, "/assets/ok.png") && !strstr(s[4].image, "./"), "normalised path %s",
          s[4].image);
    CHECK(s[5].image && s[5].fit == FIT_CONTAIN, "jpeg image, default fit");
    for (int k = 0; k < SLIDE_KIND_COUNT; k++)
        CHECK(strcmp(slide_kind_name((enum slide_kind)k), "?") != 0, "kind name %d", k);
    CHECK_STR(slide_kind_name(SLIDE_HEADLINES), "headlines", "kind name");
out:
    snapshot_free(snap);
    findings_free(&f);
    free(file);
}

/* Every problem in a file is reported in one run; errors and warnings are kept apart. */
static void test_all_reported(const char *dir)
{
    const char *text = HEAD HL("") ",\n"
        "{\"kind\": \"hotline\", \"duration\": \"x\"},\n"
        "{\"kind\": \"image\", \"duration\": 5, \"image\": \"../x.png\"},\n"
        "{\"kind\": \"kpi\", \"duration\": 5, \"title\": \"K\", \"cards\": [{\"label\": \"a\", \"value\": true}]},\n"
        "{\"kind\": \"headline\", \"duration\": 5, \"titel\": \"x\", \"date\": \"2025-13-01\"}" TAIL;
    write_str(dir, "many.json", text);
    char *file = fs_join(dir, "many.json");
    struct findings f = {0};
    CHECK(content_load(file, NULL, &f) == NULL, "refused");
    CHECK(f.n_errors == 6 && f.n_warnings == 0, "6 errors in one run, got %zu", f.n_errors);
    const char *paths[] = {"slides[1].duration", "slides[2].image", "slides[3].cards[0].value",
                           "slides[4].titel", "slides[4].title", "slides[4].date"};
    for (size_t i = 0; i < 6; i++)
        CHECK(find(&f, SEV_ERROR, paths[i], "") != NULL, "reported: %s", paths[i]);
    /* Printed in line order, although found in schema order (slides[4].titel before .title). */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    findings_print(&f, mem);
    fclose(mem);
    int last = 0, lines = 0;
    for (char *p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        char *q = p + strlen(file) + 1;
        int line = atoi(q), col = atoi(strchr(q, ':') + 1);
        CHECK(line * 1000 + col >= last, "sorted by line and column: %d:%d after %d", line, col, last);
        last = line * 1000 + col;
        lines++;
    }
    CHECK(lines == 6, "6 lines printed");
    free(buf);
    findings_free(&f);
    free(file);

    /* An unknown kind is one error, not one per field of the kind it probably meant. */
    const char *unknown = HEAD "{\"kind\": \"headlnie\", \"duration\": 5, \"title\": \"x\", \"date\": \"2025-07-09\"}" TAIL;
    CHECK(content_load_buffer(unknown, strlen(unknown), "u.json", dir, NULL, &f) == NULL && f.n_errors == 1,
          "unknown kind: 1 error, got %zu", f.n_errors);
    findings_free(&f);

    /* A warning found before an error is still printed after it. */
    const char *mixed = HEAD HL(", \"summary\": \"天气 ☃ 晴\"") ",\n{\"kind\": \"hotline\", \"duration\": -1}" TAIL;
    write_str(dir, "mixed.json", mixed);
    file = fs_join(dir, "mixed.json");
    int calls = 0;
    struct content_opts opts = {.can_draw = refuse_snowman, .can_draw_ctx = &calls};
    CHECK(content_load(file, &opts, &f) == NULL, "refused");
    CHECK(f.n_errors == 1 && f.n_warnings == 1, "1 error + 1 warning, got %zu + %zu", f.n_errors, f.n_warnings);
    CHECK(f.items[0].severity == SEV_WARNING, "the warning was found first");
    buf = NULL;
    mem = open_memstream(&buf, &len);
    findings_print(&f, mem);
    fclose(mem);
    char *err_at = strstr(buf, "错误: "), *warn_at = strstr(buf, "警告: ");
    CHECK(err_at && warn_at && err_at < warn_at, "errors printed first:\n%s", buf);
    int line, col;
    locate(mixed, "{\"kind\": \"hotline\", \"duration\": ^-1", &line, &col);
    char *want = xasprintf("%s:%d:%d: slides[1].duration: 错误: ", file, line, col);
    CHECK(strncmp(buf, want, strlen(want)) == 0, "line format: got %s want %s", buf, want);
    CHECK(strstr(buf, " / error: ") && strstr(buf, " / warning: "), "English after the slash");
    free(want);
    free(buf);
    mem = open_memstream(&buf, &len);
    findings_print_json(&f, mem);
    fclose(mem);
    json_error_t jerr;
    json_t *doc = json_loads(buf, 0, &jerr);
    CHECK(doc && json_array_size(json_object_get(doc, "errors")) == 1 &&
              json_array_size(json_object_get(doc, "warnings")) == 1,
          "--json: errors and warnings apart: %s", buf);
    json_t *e0 = json_array_get(json_object_get(doc, "errors"), 0);
    CHECK(json_integer_value(json_object_get(e0, "line")) == line &&
              json_integer_value(json_object_get(e0, "column")) == col,
          "--json carries line and column");
    CHECK_STR(json_string_value(json_object_get(e0, "path")), "slides[1].duration", "--json path");
    json_decref(doc);
    free(buf);
    findings_free(&f);
    free(file);
}

/* Characters the fonts cannot draw: a warning naming each one; the content still loads. */
static void test_glyph_warnings(const char *dir)
{
    const char *text = HEAD HL(", \"summary\": \"☃ 天气 ☃ 😀\"") TAIL;
    write_str(dir, "glyph.json", text);
    char *file = fs_join(dir, "glyph.json");
    int calls = 0;
    struct content_opts opts = {.can_draw = refuse_snowman, .can_draw_ctx = &calls};
    struct findings f = {0};
    struct snapshot *snap = content_load(file, &opts, &f);
    CHECK(snap != NULL && f.n_errors == 0, "warnings do not refuse content");
    CHECK(f.n_warnings == 2, "one warning per distinct character, got %zu", f.n_warnings);
    const struct finding *w = find(&f, SEV_WARNING, "slides[0].summary", "U+2603 '☃' (character 1)");
    CHECK(w != NULL, "names U+2603 and where");
    CHECK(find(&f, SEV_WARNING, "slides[0].summary", "U+1F600") != NULL, "names U+1F600");
    int line, col;
    locate(text, "\"summary\": ^\"☃", &line, &col);
    CHECK(w && w->line == line && w->col == col, "warning position");
    CHECK(calls > 10, "callback consulted (%d)", calls);
    snapshot_free(snap);
    findings_free(&f);
    /* Without a callback there is no glyph check. */
    snap = content_load(file, NULL, &f);
    CHECK(snap && f.n == 0, "no callback, no warnings");
    snapshot_free(snap);
    findings_free(&f);
    free(file);
}

/* Leading blank lines are removed (the title keeps its lines) and said; low contrast is a warning. */
static void test_show_something(const char *dir)
{
    const char *text = "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
                       " \"theme\": {\"colors\": {\"background\": \"#101010\", \"text\": \"#121212\"}},\n"
                       " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]},\n"
                       " \"slides\": [{\"kind\": \"headline\", \"duration\": 10, \"title\": "
                       "\"\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n武汉招商 \", \"date\": \"2025-07-09\"}]}\n";
    struct findings f = {0};
    struct snapshot *snap = content_load_buffer(text, strlen(text), "show.json", dir, NULL, &f);
    CHECK(snap != NULL && f.n_errors == 0, "valid, with warnings");
    CHECK(snap && strcmp(snap->playlists[0].slides[0].items[0].title, "武汉招商") == 0, "title trimmed: '%s'",
          snap ? snap->playlists[0].slides[0].items[0].title : "");
    CHECK(find(&f, SEV_WARNING, "slides[0].title", "line breaks and invisible characters") != NULL, "trim said");
    CHECK(find(&f, SEV_WARNING, "theme.colors.text", "contrast 1.0") != NULL, "low contrast warned");
    snapshot_free(snap);
    findings_free(&f);
    /* Right-to-left text is not laid out right to left: said, still valid. */
    const char *rtl = HEAD HL(", \"summary\": \"مرحبا שלום\"") TAIL;
    snap = content_load_buffer(rtl, strlen(rtl), "rtl.json", dir, NULL, &f);
    CHECK(snap != NULL && f.n_errors == 0, "RTL text is valid");
    CHECK(find(&f, SEV_WARNING, "slides[0].summary", "right-to-left text") != NULL, "RTL warned");
    snapshot_free(snap);
    findings_free(&f);
}

/* Bounds: big files, long strings, deep nesting: clean errors, bounded memory. */
static void test_bounds(const char *dir)
{
    struct findings f = {0};
    /* 10 MB string: the file-size bound. */
    size_t big = 10u << 20;
    char *text = xmalloc(big + 64);
    int n = snprintf(text, 64, "{\"title\": \"");
    memset(text + n, 'a', big);
    strcpy(text + n + big, "\"}");
    write_file(dir, "big.json", text, strlen(text));
    char *file = fs_join(dir, "big.json");
    CHECK(content_load(file, NULL, &f) == NULL, "10 MB refused");
    CHECK(find(&f, SEV_ERROR, "", "file too large") != NULL, "file-size bound");
    findings_free(&f);
    CHECK(content_load_buffer(text, strlen(text), "big.json", dir, NULL, &f) == NULL &&
              find(&f, SEV_ERROR, "", "file too large"),
          "file-size bound in memory too");
    findings_free(&f);
    free(file);
    free(text);

    /* A string over the string bound in an otherwise valid file. */
    size_t slen = CONTENT_MAX_STRING_BYTES + 1;
    char *s = xmalloc(slen + 1);
    memset(s, 'x', slen);
    s[slen] = '\0';
    text = xasprintf(HEAD HL(",\n \"summary\": \"%s\"") TAIL, s);
    write_str(dir, "long.json", text);
    file = fs_join(dir, "long.json");
    CHECK(content_load(file, NULL, &f) == NULL, "long string refused");
    const struct finding *x = find(&f, SEV_ERROR, "slides[0].summary", "string too long (8193 bytes, limit 8192)");
    int line = 0, col = 0;
    locate(text, "\"summary\": ^\"xxx", &line, &col);
    CHECK(x && x->line == line && x->col == col && line == 5, "string bound at %d:%d", line, col);
    CHECK(f.n_errors == 1, "reported once");
    findings_free(&f);
    free(file);
    free(text);
    free(s);

    /* 10,000-deep nesting never reaches the recursive parser. */
    size_t depth = 10000;
    text = xmalloc(2 * depth + 1);
    memset(text, '[', depth);
    memset(text + depth, ']', depth);
    text[2 * depth] = '\0';
    CHECK(content_load_buffer(text, 2 * depth, "deep.json", dir, NULL, &f) == NULL, "deep refused");
    x = find(&f, SEV_ERROR, "", "nesting too deep (limit 32 levels)");
    CHECK(x && x->line == 1 && x->col == CONTENT_MAX_DEPTH + 1, "depth error at the first bracket too deep");
    findings_free(&f);
    /* Brackets inside strings do not count. */
    free(text);
    text = xasprintf(HEAD HL(", \"summary\": \"%s\"") TAIL, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    struct snapshot *snap = content_load_buffer(text, strlen(text), "s.json", dir, NULL, &f);
    CHECK(snap && f.n == 0, "brackets in strings are text");
    snapshot_free(snap);
    findings_free(&f);
    free(text);

    /* Too many findings in one file: stops with a clear message, still an error. */
    json_t *slides = json_array();
    for (int i = 0; i < 300; i++)
        json_array_append_new(slides, json_pack("{s:s, s:i}", "kind", "hotline", "duration", -1));
    json_t *doc = json_pack("{s:i, s:s, s:s, s:s, s:{s:[{s:s, s:s}]}, s:o}", "format", 1, "id", "t", "title", "T",
                            "updated", "2025-07-09", "banner", "hotlines", "label", "a", "number", "400", "slides",
                            slides);
    text = json_dumps(doc, JSON_INDENT(1));
    json_decref(doc);
    CHECK(content_load_buffer(text, strlen(text), "many.json", dir, NULL, &f) == NULL, "refused");
    CHECK(f.n_errors == 101 && find(&f, SEV_ERROR, "", "too many problems"), "findings capped per file: %zu",
          f.n_errors);
    findings_free(&f);
    free(text);

    /* Warnings never make content invalid: 150 headlines with a character the fonts lack load,
     * 100 warnings are listed and the rest summarised as a count. */
    slides = json_array();
    for (int i = 0; i < 150; i++)
        json_array_append_new(slides, json_pack("{s:s, s:i, s:s, s:s}", "kind", "headline", "duration", 5, "title",
                                                "天气 ☃", "date", "2025-07-09"));
    doc = json_pack("{s:i, s:s, s:s, s:s, s:{s:[{s:s, s:s}]}, s:o}", "format", 1, "id", "t", "title", "T",
                    "updated", "2025-07-09", "banner", "hotlines", "label", "a", "number", "400", "slides", slides);
    text = json_dumps(doc, JSON_INDENT(1));
    json_decref(doc);
    int calls = 0;
    struct content_opts opts = {.can_draw = refuse_snowman, .can_draw_ctx = &calls};
    snap = content_load_buffer(text, strlen(text), "warn.json", dir, &opts, &f);
    CHECK(snap != NULL && f.n_errors == 0, "150 warnings: still valid (%zu errors)", f.n_errors);
    CHECK(f.n_warnings == 150 && f.n == 101 && find(&f, SEV_WARNING, "", "50 more warnings not listed"),
          "warnings past the cap summarised: %zu listed, %zu counted", f.n, f.n_warnings);
    snapshot_free(snap);
    findings_free(&f);
    free(text);
}

/* Folders: every *.json sorted, hidden skipped, ids unique, empty folder, odd entries. */
static void test_folders(const char *dir)
{
    char *d = fs_join(dir, "folder");
    CHECK(fs_mkdirs(d), "mkdir");
    struct findings f = {0};
    CHECK(content_load(d, NULL, &f) == NULL && find(&f, SEV_ERROR, "", "no .json playlist"), "empty folder");
    findings_free(&f);

    const char *b = "{\"format\": 1, \"id\": \"b\", \"title\": \"B\", \"updated\": \"2025-07-09\",\n"
                    " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]},"
                    " \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}]}";
    const char *a = "{\"format\": 1, \"id\": \"a\", \"title\": \"A\", \"updated\": \"2025-07-09\",\n"
                    " \"banner\": {\"hotlines\": [{\"label\": \"a\", \"number\": \"400\"}]},"
                    " \"slides\": [{\"kind\": \"hotline\", \"duration\": 1}, {\"kind\": \"hotline\", \"duration\": 2}]}";
    write_str(d, "b.json", b);
    write_str(d, "a.json", a);
    write_str(d, ".hidden.json", "not json");
    write_str(d, "notes.txt", "not json");
    struct snapshot *snap = content_load(d, NULL, &f);
    CHECK(snap && snap->n_playlists == 2 && f.n == 0, "folder loads");
    if (snap) {
        CHECK_STR(snap->playlists[0].id, "a", "sorted by name");
        CHECK(snap->playlists[0].n_slides == 2, "a has 2 slides");
        CHECK(snap->root[0] == '/', "root absolute");
        char *want = fs_join(d, "a.json");
        CHECK_STR(snap->playlists[0].path, want, "path");
        free(want);
    }
    snapshot_free(snap);
    findings_free(&f);

    /* The same id twice. */
    write_str(d, "c.json", a);
    CHECK(content_load(d, NULL, &f) == NULL, "duplicate id refused");
    const struct finding *x = find(&f, SEV_ERROR, "id", "is already used by");
    CHECK(x && strstr(x->file, "c.json") && x->line == 1 && x->col == 21, "duplicate id at c.json:1:21");
    findings_free(&f);
    char *c = fs_join(d, "c.json");
    unlink(c);

    /* A folder named like a playlist, and a symlinked playlist. */
    char *sub = fs_join(d, "d.json");
    CHECK(fs_mkdirs(sub), "mkdir d.json");
    CHECK(content_load(d, NULL, &f) == NULL, "directory refused");
    x = find(&f, SEV_ERROR, "", "is a folder, expected a .json file");
    CHECK(x && strstr(x->file, "d.json"), "directory where a file is expected");
    findings_free(&f);
    rmdir(sub);
    char *target = fs_join(d, "a.json");
    CHECK(symlink(target, c) == 0, "symlink playlist");
    CHECK(content_load(d, NULL, &f) == NULL && find(&f, SEV_ERROR, "", "symbolic link"), "symlinked playlist refused");
    findings_free(&f);
    unlink(c);

    /* Not found at all. */
    char *none = fs_join(d, "none.json");
    CHECK(content_load(none, NULL, &f) == NULL && f.n_errors == 1, "missing path is an error");
    findings_free(&f);
    free(none);
    free(target);
    free(sub);
    free(c);
    free(d);
}

static const struct playlist *playlist_by_id(const struct snapshot *snap, const char *id)
{
    for (size_t i = 0; i < snap->n_playlists; i++)
        if (strcmp(snap->playlists[i].id, id) == 0)
            return &snap->playlists[i];
    return NULL;
}

static const struct slide *slide_by_id(const struct playlist *pl, const char *id)
{
    for (size_t i = 0; pl && i < pl->n_slides; i++)
        if (strcmp(pl->slides[i].id, id) == 0)
            return &pl->slides[i];
    return NULL;
}

/* The shipped samples load cleanly and fill the model as expected. */
static void test_samples(void)
{
    char *dir = fs_join(TEST_SRCDIR, "playlists");
    struct findings f = {0};
    struct snapshot *snap = content_load(dir, NULL, &f);
    CHECK(snap && f.n == 0, "samples: 0 errors, 0 warnings");
    if (!snap) {
        dump(&f);
        findings_free(&f);
        free(dir);
        return;
    }
    struct snapshot *again = content_load(dir, NULL, &f);
    CHECK(again && again->generation != snap->generation, "generation unique per load");
    snapshot_free(again);
    CHECK(snap->n_playlists == 2, "two sample playlists");
    const struct playlist *lobby = playlist_by_id(snap, "lobby"), *tall = playlist_by_id(snap, "lobby-portrait");
    CHECK(lobby && tall, "lobby and lobby-portrait");
    if (!lobby || !tall)
        goto out;
    CHECK(lobby->orientation == ORIENT_LANDSCAPE && tall->orientation == ORIENT_PORTRAIT, "orientations");
    CHECK_STR(lobby->updated, "2025-07-09", "snapshot date");
    CHECK(lobby->n_slides >= 15, "lobby slides %zu", lobby->n_slides);
    size_t kinds[SLIDE_KIND_COUNT] = {0};
    for (size_t i = 0; i < lobby->n_slides; i++)
        kinds[lobby->slides[i].kind]++;
    CHECK(kinds[SLIDE_HEADLINE] == 10 && kinds[SLIDE_HEADLINES] == 1 && kinds[SLIDE_KPI] >= 3 &&
              kinds[SLIDE_HOTLINE] >= 1 && kinds[SLIDE_IMAGE] >= 1,
          "every kind, ten headlines");
    const struct slide *board = slide_by_id(lobby, "board");
    CHECK(board && board->kind == SLIDE_HEADLINES && board->n_items == 10 && board->per_page == 5, "board 10 / 5");
    const struct slide *port = slide_by_id(lobby, "kpi-port-2018");
    CHECK(port && port->n_cards >= 1, "port KPI");
    if (port && port->n_cards) {
        const struct kpi_card *c = &port->cards[0];
        CHECK(c->value == 156.02 && c->decimals == 2, "156.02 with 2 decimals");
        CHECK_STR(c->unit, "万标箱", "unit");
        CHECK_STR(c->comparison, "同比 +15%", "comparison");
    }
    const struct slide *inv = slide_by_id(lobby, "kpi-investment-2019");
    CHECK(inv && inv->n_cards >= 2 && inv->cards[0].value == 2, "investment KPI");
    if (inv && inv->n_cards)
        CHECK_STR(inv->cards[0].prefix, "突破", "突破 prefix");
    CHECK(lobby->banner.n_entries == 2, "two hotlines");
    CHECK_STR(lobby->banner.entries[0].label, "招商中心", "hotline label");
    CHECK_STR(lobby->banner.entries[0].number, "400-162-2002", "hotline number");
    CHECK_STR(lobby->banner.services, "招商引资政策 · 工业用地招商 · 租购厂房仓库 · 其他相关咨询", "services");
    CHECK_STR(lobby->banner.qr, "tel:4001622002", "qr");
    CHECK(lobby->n_screen_off == 1 && lobby->screen_off[0].start_min == 22 * 60 + 30 &&
              lobby->screen_off[0].end_min == 7 * 60 && lobby->screen_off[0].days == 0x7F,
          "screen off 22:30-07:00 daily");
    CHECK(tall->n_dayparts == 1 && tall->dayparts[0].start_min == 7 * 60, "portrait daypart");
    CHECK(lobby->theme.logo && lobby->theme.logo[0] == '/' && strstr(lobby->theme.logo, "/playlists/assets/logo.png"),
          "logo absolute: %s", lobby->theme.logo ? lobby->theme.logo : "(null)");
    CHECK_STR(lobby->theme.fonts.title, "Noto Sans CJK SC", "title font");
    CHECK(lobby->theme.background.r == 0x0B && lobby->theme.background.b == 0x3A, "background colour");
    const struct slide *first = &lobby->slides[1];
    CHECK(first->kind == SLIDE_HEADLINE && first->items[0].summary && strlen(first->items[0].summary) > 30,
          "headline with a summary");
out:
    snapshot_free(snap);
    findings_free(&f);
    free(dir);
}

/* Replaces the first occurrence of `from` in text by `to`; returns a new string. */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    CHECK(at != NULL, "sample contains %s", from);
    if (!at)
        return xstrdup(text);
    return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/* Breaks the samples in several ways; each error must point at the right line. */
static void test_broken_samples(void)
{
    struct mutation {
        const char *file, *from, *to;
        const char *path, *at, *frag;
    } muts[] = {
        {"lobby.json", "\"value\": 156.02", "\"value\": \"156.02\"", "slides[4].cards[0].value", "\"value\": ^\"156.02\"",
         "expected a number"},
        {"lobby.json", "\"id\": \"kpi-port-2018\",", "\"id\": \"kpi-port-2018\", \"id\": \"again\",", "",
         "\"id\": \"kpi-port-2018\", ^\"id\"", "duplicate object key"},
        {"lobby.json", "\"title\": \"武汉招商资讯\"", "\"titel\": \"武汉招商资讯\"", "slides[0].titel", "^\"titel\"",
         "did you mean \"title\""},
        {"lobby.json", "\"title\": \"2019年武汉经济发展成绩单\",", "", "slides[2].title",
         "^{\n      \"kind\": \"kpi\",\n      \"id\": \"kpi-economy-2019\"", "missing required field \"title\""},
        {"lobby.json", "\"image\": \"assets/port.png\"", "\"image\": \"../../etc/passwd\"", "slides[5].image",
         "^\"../../etc/passwd\"", "leave the content folder"},
        {"lobby.json", "\"end\": \"07:00\"", "\"end\": \"7am\"", "schedule.screen_off[0].end", "^\"7am\"", "not a time"},
        {"lobby-portrait.json", "\"per_page\": 4", "\"per_page\": 40", "slides[0].per_page", "\"per_page\": ^40", "out of range"},
        {"lobby-portrait.json", "\"orientation\": \"portrait\"", "\"orientation\": \"vertical\"", "orientation",
         "^\"vertical\"", "landscape, portrait"},
    };
    char *pdir = fs_join(TEST_SRCDIR, "playlists");
    for (size_t i = 0; i < sizeof muts / sizeof muts[0]; i++) {
        const struct mutation *m = &muts[i];
        char *file = fs_join(pdir, m->file), *orig;
        size_t len;
        CHECK(fs_read_file(file, CONTENT_MAX_FILE_BYTES, false, &orig, &len) == FS_OK, "read %s", file);
        char *text = replace(orig, m->from, m->to);
        struct findings f = {0};
        struct snapshot *snap = content_load_buffer(text, strlen(text), m->file, pdir, NULL, &f);
        CHECK(snap == NULL && f.n_errors == 1, "%s -> %s: exactly one error, got %zu", m->from, m->to, f.n_errors);
        const struct finding *x = find(&f, SEV_ERROR, m->path, m->frag);
        int line = 0, col = 0;
        CHECK(locate(text, m->at, &line, &col), "marker %s", m->at);
        if (m->path[0] == '\0')
            CHECK(x && x->line == line, "%s: line %d, want %d", m->to, x ? x->line : 0, line);
        else
            CHECK(x && x->line == line && x->col == col, "%s: at %d:%d, want %d:%d", m->to, x ? x->line : 0,
                  x ? x->col : 0, line, col);
        if (!x)
            dump(&f);
        CHECK(line > 3, "the error is deep in the file (line %d)", line);
        snapshot_free(snap);
        findings_free(&f);
        free(text);
        free(orig);
        free(file);
    }
    free(pdir);
}

/* Image headers read without an image library. */
static void test_probe(void)
{
    struct {
        const char *file;
        enum asset_type type;
        unsigned w, h;
    } imgs[] = {
        {"tests/data/content/tiny.png", ASSET_PNG, 3, 2},
        {"tests/data/content/tiny.jpg", ASSET_JPEG, 40, 30},
        {"tests/data/content/progressive.jpg", ASSET_JPEG, 40, 30},
        {"playlists/assets/port.png", ASSET_PNG, 1280, 720},
    };
    int src = open(TEST_SRCDIR, O_RDONLY | O_DIRECTORY);
    for (size_t i = 0; i < sizeof imgs / sizeof imgs[0]; i++) {
        struct asset_info info;
        enum asset_status st = asset_check(src, imgs[i].file, &info);
        CHECK(st == ASSET_OK && info.type == imgs[i].type && info.width == imgs[i].w && info.height == imgs[i].h,
              "%s: %d %ux%u", imgs[i].file, st, info.width, info.height);
        free(info.relpath);
    }
    close(src);
}

static bool decode_file(const char *name, int box_w, int box_h, struct imgdec_pixels *px)
{
    char *path = xasprintf(TEST_SRCDIR "/tests/data/content/%s", name), *data = NULL, why[256] = "";
    size_t len = 0;
    bool ok = fs_read_file(path, 1 << 20, false, &data, &len) == FS_OK && imgdec_decode(data, len, box_w, box_h, px, why, sizeof why);
    if (!ok)
        fprintf(stderr, "%s: %s\n", name, why);
    free(data);
    free(path);
    return ok;
}

static const uint8_t *pixel(const struct imgdec_pixels *px, int x, int y)
{
    return px->rgba + ((size_t)y * px->w + x) * 4;
}

/* The decoder: scaled on load, EXIF orientation, CMYK, and a huge header never decoded. */
static void test_imgdec(void)
{
    struct imgdec_pixels px;
    CHECK(decode_file("tiny.jpg", 0, 0, &px) && px.w == 40 && px.h == 30, "full size");
    imgdec_free(&px);
    CHECK(decode_file("tiny.jpg", 10, 5, &px) && px.w == 10 && px.h == 8 && px.src_w == 40,
          "covers a 10x5 box: 10x8 (got %dx%d)", px.w, px.h);
    imgdec_free(&px);
    CHECK(decode_file("progressive.jpg", 20, 15, &px) && px.w == 20 && px.h == 15, "progressive, scaled");
    imgdec_free(&px);
    CHECK(decode_file("tiny.png", 0, 0, &px) && px.w == 3 && px.h == 2 && pixel(&px, 0, 0)[3] == 255, "1-bit gray PNG");
    imgdec_free(&px);
    /* Stored 40x20, red left, blue right, orientation 6 (turn 90 clockwise): shown 20x40, red on top. */
    bool ok = decode_file("orient6.jpg", 0, 0, &px);
    CHECK(ok && px.w == 20 && px.h == 40 && px.orientation == 6, "EXIF orientation 6 turns it: %dx%d", px.w, px.h);
    if (ok) {
        const uint8_t *top = pixel(&px, 10, 5), *bottom = pixel(&px, 10, 35);
        CHECK(top[0] > 200 && top[2] < 60 && bottom[2] > 200 && bottom[0] < 60, "red on top (%d,%d,%d), blue below",
              top[0], top[1], top[2]);
    }
    imgdec_free(&px);
    ok = decode_file("cmyk.jpg", 0, 0, &px);
    const uint8_t *c = ok ? pixel(&px, 20, 15) : NULL;
    CHECK(c && c[0] > 200 && c[1] < 60 && c[2] < 60, "CMYK red shows red, not cyan (%d,%d,%d)", c ? c[0] : -1,
          c ? c[1] : -1, c ? c[2] : -1);
    imgdec_free(&px);
    /* A 60 KB-style JPEG whose header says 9000x9000, and a PNG header of 9000x10: refused before
     * any pixel is decoded. */
    char *jpg = NULL, why[256];
    size_t len = 0;
    CHECK(fs_read_file(TEST_SRCDIR "/tests/data/content/tiny.jpg", 1 << 20, false, &jpg, &len) == FS_OK, "read");
    for (size_t i = 2; jpg && i + 9 < len; i++)
        if ((uint8_t)jpg[i] == 0xFF && ((uint8_t)jpg[i + 1] == 0xC0 || (uint8_t)jpg[i + 1] == 0xC2)) {
            jpg[i + 5] = 0x23, jpg[i + 6] = 0x28, jpg[i + 7] = 0x23, jpg[i + 8] = 0x28;
            break;
        }
    CHECK(jpg && !imgdec_decode(jpg, len, 0, 0, &px, why, sizeof why) && strstr(why, "over the limit"),
          "9000x9000 JPEG header refused: %s", why);
    free(jpg);
}

/* theme.fonts must name a family fonts.json defines (when the caller says which): an error with a
 * suggestion at the value's line and column; a known name loads. */
static void test_theme_fonts(const char *dir)
{
    static const char *const families[] = {"Noto Sans CJK SC", "DejaVu Sans", "WenQuanYi Micro Hei", NULL};
    struct content_opts opts = {.families = families};
    const char *bad = "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
                      " \"theme\": {\"fonts\": {\"title\": \"DejaVu Sans\",\n"
                      "   \"body\": \"Noto Sans CJK TC\"}},\n"
                      " \"banner\": {\"hotlines\": [{\"label\": \"招商中心\", \"number\": \"400-162-2002\"}]},\n"
                      " \"slides\": [\n" HL("") TAIL;
    write_str(dir, "fonts_bad.json", bad);
    char *file = fs_join(dir, "fonts_bad.json");
    struct findings f = {0};
    CHECK(content_load(file, &opts, &f) == NULL && f.n_errors == 1, "unknown family: 1 error, got %zu", f.n_errors);
    const struct finding *x = find(&f, SEV_ERROR, "theme.fonts.body", "did you mean \"Noto Sans CJK SC\"");
    CHECK(x != NULL, "unknown family named with a suggestion");
    int line = 0, col = 0;
    locate(bad, "\"body\": ^\"Noto Sans CJK TC\"", &line, &col);
    CHECK(x && x->line == line && x->col == col, "at %d:%d, got %d:%d", line, col, x ? x->line : 0, x ? x->col : 0);
    CHECK(x && strstr(x->msg_zh, "字体族") && strstr(x->msg_zh, "Noto Sans CJK SC"), "Chinese message");
    findings_free(&f);
    /* Without the list (no text engine) the name is not checked. */
    struct snapshot *snap = content_load(file, NULL, &f);
    CHECK(snap && f.n_errors == 0, "no family list: not checked");
    snapshot_free(snap);
    findings_free(&f);
    free(file);

    const char *good = "{\"format\": 1, \"id\": \"t\", \"title\": \"T\", \"updated\": \"2025-07-09\",\n"
                       " \"theme\": {\"fonts\": {\"title\": \"DejaVu Sans\", \"body\": \"Noto Sans CJK SC\",\n"
                       "   \"figure\": \"WenQuanYi Micro Hei\"}},\n"
                       " \"banner\": {\"hotlines\": [{\"label\": \"招商中心\", \"number\": \"400-162-2002\"}]},\n"
                       " \"slides\": [\n" HL("") TAIL;
    write_str(dir, "fonts_good.json", good);
    file = fs_join(dir, "fonts_good.json");
    snap = content_load(file, &opts, &f);
    CHECK(snap && f.n_errors == 0, "known families load, got %zu errors", f.n_errors);
    if (f.n_errors)
        dump(&f);
    snapshot_free(snap);
    findings_free(&f);
    free(file);
}

int main(void)
{
    CHECK(mkdtemp(tmp) != NULL, "mkdtemp");
    make_assets(tmp);
    test_error_cases(tmp);
    test_slide_kinds(tmp);
    test_all_reported(tmp);
    test_glyph_warnings(tmp);
    test_theme_fonts(tmp);
    test_bounds(tmp);
    test_show_something(tmp);
    test_folders(tmp);
    test_samples();
    test_broken_samples();
    test_probe();
    test_imgdec();
    char *rm = xasprintf("rm -rf '%s'", tmp);
    CHECK(system(rm) == 0, "cleanup");
    free(rm);
    return check_done();
}
