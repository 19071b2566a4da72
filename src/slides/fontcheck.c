#include "slides/fontcheck.h"

#include "slides/fitcheck.h"

#include <stdio.h>

static bool can_draw(void *ctx, uint32_t cp, enum text_role_hint role)
{
    static const enum text_role roles[] = {
        [CONTENT_ROLE_TITLE] = TEXT_ROLE_TITLE,
        [CONTENT_ROLE_BODY] = TEXT_ROLE_BODY,
        [CONTENT_ROLE_FIGURE] = TEXT_ROLE_FIGURE,
    };
    return text_can_draw(ctx, roles[role], cp);
}

struct content_opts fontcheck_opts(struct text_engine *te)
{
    return (struct content_opts){
        .can_draw = te ? can_draw : NULL, .can_draw_ctx = te, .families = te ? text_families(te) : NULL};
}

struct snapshot *fontcheck_check(struct text_engine *te, const char *content, struct findings *f)
{
    struct content_opts opts = fontcheck_opts(te);
    struct snapshot *snap = content_load(content, &opts, f);
    if (snap && te) {
        /* What the screen would lose at the declared size is part of "valid". */
        size_t errors = f->n_errors;
        fitcheck_snapshot(te, snap, f);
        if (f->n_errors > errors) {
            snapshot_free(snap);
            snap = NULL;
        }
    }
    return snap;
}

struct snapshot *fontcheck_load(struct text_engine *te, const char *content)
{
    struct findings f = {0};
    struct snapshot *snap = fontcheck_check(te, content, &f);
    findings_print(&f, stderr);
    findings_free(&f);
    return snap;
}
