/* service_fixture: an injectable display for the service (a software surface that can fail to
 * open and can vanish), the sample content, and readers of what the process holds. */
#pragma once
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/service.h"
#include "check.h"
#include "content/content.h"

struct fake_display {
    int fail_opens;        /* this many opens fail before one succeeds (-1: all fail) */
    bool gone;             /* present() says false */
    int opens, closes, open_calls;
    int w, h;
};

static struct render *fake_open(void *ctx, struct text_engine *te, char *why, size_t cap)
{
    struct fake_display *d = ctx;
    d->open_calls++;
    if (d->gone || d->fail_opens < 0 || d->fail_opens > 0) {
        if (d->fail_opens > 0)
            d->fail_opens--;
        snprintf(why, cap, "fake: no display connected");
        return NULL;
    }
    d->opens++;
    return render_new_surface(te, d->w ? d->w : 320, d->h ? d->h : 180, 0);
}

static void fake_close(void *ctx, struct render *r)
{
    struct fake_display *d = ctx;
    d->closes++;
    render_free(r);
}

static bool fake_present(void *ctx) { return !((struct fake_display *)ctx)->gone; }

static inline struct display_ops fake_display_ops(struct fake_display *d)
{
    return (struct display_ops){.open = fake_open, .close = fake_close, .present = fake_present, .ctx = d};
}

static inline struct snapshot *fixture_samples(void)
{
    struct findings f = {0};
    struct snapshot *s = content_load(TEST_SRCDIR "/playlists", NULL, &f);
    CHECK(s != NULL && f.n_errors == 0, "samples load (%zu errors)", f.n_errors);
    findings_free(&f);
    return s;
}

static inline size_t fixture_open_fds(void)
{
    size_t n = 0;
    DIR *d = opendir("/proc/self/fd");
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

/* A line of /proc/self/status or /proc/self/io ("VmRSS:", "syscw:") as a number; 0 if absent. */
static inline unsigned long long fixture_proc_value(const char *file, const char *key)
{
    FILE *f = fopen(file, "r");
    char line[256];
    unsigned long long v = 0;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0)
            v = strtoull(line + n, NULL, 10);
    if (f)
        fclose(f);
    return v;
}
