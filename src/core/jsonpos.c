#include "core/jsonpos.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void jsonpos_linecol(const char *text, size_t offset, struct jpos *out)
{
    int line = 1, col = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) {
            col++;
        }
    }
    out->offset = offset;
    out->line = line;
    out->col = col;
}

bool jsonpos_depth_ok(const char *text, size_t len, int max_depth, struct jpos *at)
{
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) {
                jsonpos_linecol(text, i, at);
                return false;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return true;
}

struct scan {
    const char *s;
    size_t i, len;
};

static void skip_ws(struct scan *sc)
{
    while (sc->i < sc->len && strchr(" \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
        sc->i++;
}

static bool peek(struct scan *sc, char c)
{
    skip_ws(sc);
    return sc->i < sc->len && sc->s[sc->i] == c;
}

/* Past the closing quote of a string starting at sc->i (which is '"'). */
static void skip_string(struct scan *sc)
{
    for (sc->i++; sc->i < sc->len; sc->i++) {
        if (sc->s[sc->i] == '\\')
            sc->i++;
        else if (sc->s[sc->i] == '"') {
            sc->i++;
            return;
        }
    }
}

/* Past one whole value; iterative so deep nesting costs no stack. */
static void skip_value(struct scan *sc)
{
    skip_ws(sc);
    int depth = 0;
    while (sc->i < sc->len) {
        char c = sc->s[sc->i];
        if (c == '"') {
            skip_string(sc);
            if (depth == 0)
                return;
            continue;
        }
        if (c == '[' || c == '{') {
            depth++;
        } else if (c == ']' || c == '}') {
            if (depth == 0)
                return; /* the end of the enclosing container */
            if (--depth == 0) {
                sc->i++;
                return;
            }
        } else if (depth == 0 && (c == ',' || c == ':' || strchr(" \t\r\n", c))) {
            return; /* end of a scalar */
        }
        sc->i++;
    }
}

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
    }
    return v;
}

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the string at sc->i into a fresh buffer and moves past it. */
static char *read_string(struct scan *sc)
{
    size_t start = sc->i;
    skip_string(sc);
    size_t end = sc->i; /* past the closing quote */
    char *out = xmalloc(end - start + 1), *o = out;
    for (size_t k = start + 1; k + 1 < end; k++) {
        char c = sc->s[k];
        if (c != '\\') {
            *o++ = c;
            continue;
        }
        c = sc->s[++k];
        switch (c) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            uint32_t cp = hex4(sc->s + k + 1);
            k += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && k + 6 < end && sc->s[k + 1] == '\\' && sc->s[k + 2] == 'u') {
                uint32_t lo = hex4(sc->s + k + 3);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                k += 6;
            }
            o += put_utf8(o, cp);
            break;
        }
        default: *o++ = c; break;
        }
    }
    *o = '\0';
    return out;
}

bool jsonpos_find(const char *text, size_t len, const struct jpath_elem *path, size_t n, bool at_key,
                  struct jpos *out)
{
    struct scan sc = {text, 0, len};
    skip_ws(&sc);
    for (size_t step = 0; step < n; step++) {
        const struct jpath_elem *e = &path[step];
        if (e->key) {
            if (!peek(&sc, '{'))
                return false;
            sc.i++;
            for (;;) {
                if (!peek(&sc, '"'))
                    return false;
                size_t key_at = sc.i;
                char *k = read_string(&sc);
                bool match = strcmp(k, e->key) == 0;
                free(k);
                if (!peek(&sc, ':'))
                    return false;
                sc.i++;
                skip_ws(&sc);
                if (match) {
                    if (at_key && step + 1 == n) {
                        jsonpos_linecol(text, key_at, out);
                        return true;
                    }
                    break;
                }
                skip_value(&sc);
                if (!peek(&sc, ','))
                    return false;
                sc.i++;
            }
        } else {
            if (!peek(&sc, '['))
                return false;
            sc.i++;
            for (size_t idx = 0; idx < e->index; idx++) {
                skip_value(&sc);
                if (!peek(&sc, ','))
                    return false;
                sc.i++;
            }
            skip_ws(&sc);
            if (sc.i >= len || sc.s[sc.i] == ']')
                return false;
        }
    }
    skip_ws(&sc);
    jsonpos_linecol(text, sc.i, out);
    return true;
}
