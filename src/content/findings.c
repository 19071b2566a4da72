#include "content/findings.h"

#include <jansson.h>
#include <stdlib.h>

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

static void print_one(const struct finding *x, FILE *out)
{
    fputs(x->file, out);
    if (x->line > 0)
        fprintf(out, ":%d:%d", x->line, x->col);
    fputs(": ", out);
    if (x->path[0])
        fprintf(out, "%s: ", x->path);
    if (x->severity == SEV_ERROR)
        fprintf(out, "错误: %s / error: %s\n", x->msg_zh, x->msg_en);
    else
        fprintf(out, "警告: %s / warning: %s\n", x->msg_zh, x->msg_en);
}

void findings_print(const struct findings *f, FILE *out)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < f->n; i++)
            if ((f->items[i].severity == SEV_ERROR) == (pass == 0))
                print_one(&f->items[i], out);
}

void findings_print_json(const struct findings *f, FILE *out)
{
    json_t *root = json_object(), *errs = json_array(), *warns = json_array();
    for (size_t i = 0; i < f->n; i++) {
        const struct finding *x = &f->items[i];
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
    json_object_set_new(root, "errors", errs);
    json_object_set_new(root, "warnings", warns);
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
}
