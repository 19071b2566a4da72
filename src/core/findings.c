#include "core/findings.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void findings_add(struct findings *f, enum severity sev, const char *file, int line, int col,
                  const char *path, const char *zh, const char *en)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->items = xreallocarray(f->items, f->cap, sizeof *f->items);
    }
    f->items[f->n++] = (struct finding){
        .severity = sev,
        .file = xstrdup(file ? file : ""),
        .line = line,
        .col = col,
        .path = xstrdup(path ? path : ""),
        .msg_zh = xstrdup(zh),
        .msg_en = xstrdup(en),
    };
    if (sev == SEV_ERROR)
        f->n_errors++;
    else
        f->n_warnings++;
}

void findings_free(struct findings *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].file);
        free(f->items[i].path);
        free(f->items[i].msg_zh);
        free(f->items[i].msg_en);
    }
    free(f->items);
    *f = (struct findings){0};
}

char *finding_format(const struct finding *x)
{
    char where[48] = "";
    if (x->line > 0)
        snprintf(where, sizeof where, ":%d:%d", x->line, x->col);
    bool err = x->severity == SEV_ERROR;
    return xasprintf("%s%s: %s%s%s: %s / %s: %s", x->file, where, x->path, x->path[0] ? ": " : "",
                     err ? "错误" : "警告", x->msg_zh, err ? "error" : "warning", x->msg_en);
}

/* Control characters (from keys, file names) never reach the terminal raw: \xNN instead. */
static void print_one(const struct finding *x, FILE *out)
{
    char *s = finding_format(x);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F)
            fprintf(out, "\\x%02X", *p);
        else
            fputc(*p, out);
    }
    fputc('\n', out);
    free(s);
}

struct order {
    const struct finding *x;
    size_t file_rank, index;
};

static int cmp_order(const void *pa, const void *pb)
{
    const struct order *a = pa, *b = pb;
    if (a->x->severity != b->x->severity)
        return a->x->severity == SEV_ERROR ? -1 : 1;
    if (a->file_rank != b->file_rank)
        return a->file_rank < b->file_rank ? -1 : 1;
    if (a->x->line != b->x->line)
        return a->x->line < b->x->line ? -1 : 1;
    if (a->x->col != b->x->col)
        return a->x->col < b->x->col ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Errors first, then warnings; each in file order (as loaded), then by line and column. */
static struct order *sorted(const struct findings *f)
{
    struct order *o = xcalloc(f->n ? f->n : 1, sizeof *o);
    for (size_t i = 0; i < f->n; i++) {
        bool same = i > 0 && strcmp(f->items[i].file, f->items[i - 1].file) == 0;
        o[i] = (struct order){&f->items[i], same ? o[i - 1].file_rank : i, i};
    }
    qsort(o, f->n, sizeof *o, cmp_order);
    return o;
}

void findings_print(const struct findings *f, FILE *out)
{
    struct order *o = sorted(f);
    for (size_t i = 0; i < f->n; i++)
        print_one(o[i].x, out);
    free(o);
}

void findings_print_json(const struct findings *f, FILE *out)
{
    json_t *root = json_object(), *errs = json_array(), *warns = json_array();
    struct order *ord = sorted(f);
    for (size_t i = 0; i < f->n; i++) {
        const struct finding *x = ord[i].x;
        json_t *o = json_object();
        /* File names may not be UTF-8; messages and paths always are. */
        json_object_set_new(o, "file", json_string_nocheck(x->file));
        json_object_set_new(o, "line", json_integer(x->line));
        json_object_set_new(o, "column", json_integer(x->col));
        json_object_set_new(o, "path", json_string_nocheck(x->path));
        json_object_set_new(o, "message_zh", json_string_nocheck(x->msg_zh));
        json_object_set_new(o, "message_en", json_string_nocheck(x->msg_en));
        json_array_append_new(x->severity == SEV_ERROR ? errs : warns, o);
    }
    free(ord);
    json_object_set_new(root, "errors", errs);
    json_object_set_new(root, "warnings", warns);
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
}
