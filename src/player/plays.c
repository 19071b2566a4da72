/* plays: proof of play (see plays.h). */
#define LOG_TAG "plays"
#include "player/plays.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"

#define NAME_PREFIX "plays-"
#define NAME_SUFFIX ".jsonl"

/* The step on screen, as the player reported it. */
struct step_key {
    bool on;                       /* something is shown (not screen-off, a player exists) */
    const struct playlist *pl;
    const struct snapshot *snap;
    size_t slide, page, n_pages;
    unsigned steps;
    const char *why;
};

struct plays {
    struct plays_config cfg;
    int fd;
    char day[11];                  /* YYYY-MM-DD of the open file */
    bool dirty, full_logged, error_logged;
    struct step_key key;
    uint64_t start_mono;
    time_t start_wall;
    char version[16], signer[24];
    struct plays_stats stats;
};

void plays_format_time(time_t t, char *buf, size_t cap)
{
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        snprintf(buf, cap, "-");
        return;
    }
    char z[8];
    strftime(z, sizeof z, "%z", &tm); /* +0800 → +08:00 */
    size_t n = strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    if (strlen(z) == 5 && n + 7 < cap)
        snprintf(buf + n, cap - n, "%.3s:%.2s", z, z + 3);
}

static void day_of(time_t t, char day[11])
{
    struct tm tm;
    if (!localtime_r(&t, &tm) || !strftime(day, 11, "%Y-%m-%d", &tm))
        snprintf(day, 11, "1970-01-01");
}

static bool is_day_file(const char *name)
{
    size_t n = strlen(name), pre = strlen(NAME_PREFIX), suf = strlen(NAME_SUFFIX);
    return n == pre + 10 + suf && strncmp(name, NAME_PREFIX, pre) == 0 && strcmp(name + n - suf, NAME_SUFFIX) == 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The daily files' names, sorted (oldest first). */
static char **list_days(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!is_day_file(e->d_name))
            continue;
        if (*n == cap)
            names = xrealloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
        names[(*n)++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, *n, sizeof *names, cmp_str);
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Removes the oldest daily files (never today's) while there are more than keep_days or they hold
 * more than max_bytes. Returns the bytes kept. */
static uint64_t prune(struct plays *pl)
{
    size_t n;
    char **names = list_days(pl->cfg.dir, &n);
    uint64_t total = 0;
    uint64_t *sizes = xcalloc(n ? n : 1, sizeof *sizes);
    for (size_t i = 0; i < n; i++) {
        char *p = fs_join(pl->cfg.dir, names[i]);
        struct stat st;
        sizes[i] = stat(p, &st) == 0 ? (uint64_t)st.st_size : 0;
        total += sizes[i];
        free(p);
    }
    char today[32];
    snprintf(today, sizeof today, NAME_PREFIX "%s" NAME_SUFFIX, pl->day);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], today) >= 0 || (n - i <= pl->cfg.keep_days && total <= pl->cfg.max_bytes))
            break;
        char *p = fs_join(pl->cfg.dir, names[i]);
        if (unlink(p) == 0) {
            total -= sizes[i];
            pl->stats.pruned++;
            LOG_INFO("removed %s (proof of play kept: %u days, %llu bytes at most)", p, pl->cfg.keep_days,
                     (unsigned long long)pl->cfg.max_bytes);
        }
        free(p);
    }
    free(sizes);
    free_names(names, n);
    return total;
}

/* Opens the file for wall's local day (closing another day's): a torn last line left by a power
 * cut is closed off with a newline so the next line starts whole. */
static bool open_day(struct plays *pl, time_t wall)
{
    char day[11];
    day_of(wall, day);
    if (pl->fd >= 0 && strcmp(day, pl->day) == 0)
        return true;
    if (pl->fd >= 0) {
        if (pl->dirty && fdatasync(pl->fd) == 0)
            pl->stats.syncs++;
        close(pl->fd);
        pl->fd = -1;
    }
    pl->dirty = false;
    memcpy(pl->day, day, sizeof day);
    char name[40];
    snprintf(name, sizeof name, NAME_PREFIX "%s" NAME_SUFFIX, day);
    char *path = fs_join(pl->cfg.dir, name);
    struct stat st;
    bool created = stat(path, &st) != 0;
    pl->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (pl->fd < 0) {
        if (!pl->error_logged)
            LOG_WARN("cannot write proof of play to %s: %s (said once)", path, strerror(errno));
        pl->error_logged = true;
        free(path);
        return false;
    }
    if (created) { /* the new name survives a power cut too */
        int dfd = open(pl->cfg.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            if (fsync(dfd) == 0)
                pl->stats.syncs++;
            close(dfd);
        }
    } else if (st.st_size > 0) {
        int rfd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        char last = '\n';
        if (rfd >= 0) {
            if (pread(rfd, &last, 1, st.st_size - 1) != 1)
                last = '\n';
            close(rfd);
        }
        if (last != '\n' && write(pl->fd, "\n", 1) == 1) {
            LOG_WARN("%s: the last line was cut off (power cut?); it is skipped when read", path);
            pl->dirty = true;
        }
    }
    free(path);
    pl->stats.synced_size = created ? 0 : (uint64_t)st.st_size;
    pl->full_logged = false;
    prune(pl);
    return true;
}

struct plays *plays_new(const struct plays_config *cfg)
{
    if (!cfg->dir || !fs_mkdirs(cfg->dir)) {
        LOG_WARN("cannot make the state folder %s: %s; no proof of play", cfg->dir ? cfg->dir : "(none)", strerror(errno));
        return NULL;
    }
    struct plays *pl = xcalloc(1, sizeof *pl);
    pl->cfg = *cfg;
    pl->cfg.dir = xstrdup(cfg->dir);
    if (!pl->cfg.keep_days)
        pl->cfg.keep_days = PLAYS_DEFAULT_DAYS;
    if (!pl->cfg.max_bytes)
        pl->cfg.max_bytes = PLAYS_DEFAULT_BYTES;
    pl->fd = -1;
    return pl;
}

static void json_field(char *buf, size_t cap, size_t *k, const char *name, const char *v)
{
    if (*k >= cap)
        return;
    json_t *s = v ? json_string(v) : json_null();
    char *enc = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
    int n = snprintf(buf + *k, cap - *k, ",\"%s\":%s", name, enc ? enc : "null");
    *k += n > 0 ? (size_t)n : 0;
    free(enc);
    json_decref(s);
}

/* Writes the line of the step that ended at (mono_ms, wall). */
static void end_step(struct plays *pl, uint64_t mono_ms, time_t wall)
{
    if (!pl->key.on)
        return;
    pl->key.on = false;
    if (!open_day(pl, pl->start_wall))
        return;
    char start[40], end[40], line[PLAYS_LINE_MAX];
    plays_format_time(pl->start_wall, start, sizeof start);
    plays_format_time(wall, end, sizeof end);
    const struct slide *sl = pl->key.pl && pl->key.slide < pl->key.pl->n_slides ? &pl->key.pl->slides[pl->key.slide]
                                                                                : NULL;
    size_t k = 0;
    int n = snprintf(line, sizeof line, "{\"start\":\"%s\",\"end\":\"%s\",\"s\":%.1f", start, end,
                     (double)(mono_ms - pl->start_mono) / 1000.0);
    k = n > 0 ? (size_t)n : 0;
    json_field(line, sizeof line, &k, "playlist", pl->key.pl ? pl->key.pl->id : NULL);
    json_field(line, sizeof line, &k, "slide", sl ? sl->id : NULL);
    json_field(line, sizeof line, &k, "kind", sl ? slide_kind_name(sl->kind) : "fallback");
    if (sl && pl->key.n_pages > 1 && k < sizeof line) {
        int m = snprintf(line + k, sizeof line - k, ",\"page\":%zu", pl->key.page + 1);
        k += m > 0 ? (size_t)m : 0;
    }
    json_field(line, sizeof line, &k, "version", pl->version[0] ? pl->version : NULL);
    json_field(line, sizeof line, &k, "signer", pl->signer[0] ? pl->signer : NULL);
    json_field(line, sizeof line, &k, "why", pl->key.why);
    if (k + 2 >= sizeof line) {
        LOG_WARN("a proof-of-play line is too long; dropped");
        pl->stats.dropped++;
        return;
    }
    line[k++] = '}';
    line[k++] = '\n';
    struct stat st;
    if (fstat(pl->fd, &st) == 0 && (uint64_t)st.st_size + k > pl->cfg.max_bytes) {
        if (!pl->full_logged)
            LOG_WARN("proof of play for %s reached %llu bytes (plays.max_mb); later lines of the day are dropped",
                     pl->day, (unsigned long long)pl->cfg.max_bytes);
        pl->full_logged = true;
        pl->stats.dropped++;
        return;
    }
    ssize_t w = write(pl->fd, line, k); /* one append: whole or (power cut) a torn tail */
    if (w != (ssize_t)k) {
        if (!pl->error_logged)
            LOG_WARN("cannot append proof of play (%s): %s (said once)", pl->day, w < 0 ? strerror(errno) : "short write");
        pl->error_logged = true;
        pl->stats.dropped++;
        return;
    }
    pl->dirty = true;
    pl->stats.lines++;
    pl->stats.bytes += k;
}

void plays_observe(struct plays *pl, const struct player *p, const char *version, const char *signer,
                   uint64_t mono_ms, time_t wall)
{
    if (!pl)
        return;
    struct step_key k = {0};
    if (p && !player_screen_off(p)) {
        struct player_stats ps;
        player_get_stats(p, &ps);
        const struct cursor_pos *pos = player_position(p);
        k.on = true;
        k.pl = player_playlist(p);
        k.snap = player_snapshot(p);
        k.steps = ps.steps;
        bool fallback = !k.pl || pos->none_showable;
        if (fallback)
            k.pl = NULL;
        else
            k.slide = pos->cur.slide, k.page = pos->cur.page, k.n_pages = pos->cur.n_pages;
        k.why = player_notice(p) ? "notice" : fallback ? "fallback" : "scheduled";
    }
    const struct step_key *o = &pl->key;
    if (k.on == o->on && (!k.on || (k.pl == o->pl && k.snap == o->snap && k.slide == o->slide && k.page == o->page &&
                                    k.steps == o->steps && strcmp(k.why, o->why) == 0)))
        return;
    end_step(pl, mono_ms, wall);
    pl->key = k;
    pl->start_mono = mono_ms;
    pl->start_wall = wall;
    snprintf(pl->version, sizeof pl->version, "%s", version ? version : "");
    snprintf(pl->signer, sizeof pl->signer, "%s", signer ? signer : "");
}

void plays_sync(struct plays *pl)
{
    if (!pl || !pl->dirty || pl->fd < 0)
        return;
    struct stat st;
    if (fdatasync(pl->fd) == 0) {
        pl->stats.syncs++;
        if (fstat(pl->fd, &st) == 0)
            pl->stats.synced_size = (uint64_t)st.st_size;
    }
    pl->dirty = false;
}

void plays_get_stats(const struct plays *pl, struct plays_stats *out)
{
    *out = pl ? pl->stats : (struct plays_stats){0};
}

void plays_free(struct plays *pl, uint64_t mono_ms, time_t wall)
{
    if (!pl)
        return;
    end_step(pl, mono_ms, wall);
    plays_sync(pl);
    if (pl->fd >= 0)
        close(pl->fd);
    free((char *)pl->cfg.dir);
    free(pl);
}

/* ---- reading --------------------------------------------------------------------------------- */

static void copy_field(json_t *o, const char *k, char *dst, size_t cap)
{
    const char *s = json_string_value(json_object_get(o, k));
    snprintf(dst, cap, "%s", s ? s : "");
}

static bool parse_line(const char *s, size_t len, struct play_line *l)
{
    json_t *o = json_loadb(s, len, 0, NULL);
    bool ok = json_is_object(o) && json_is_string(json_object_get(o, "start")) &&
              json_is_number(json_object_get(o, "s"));
    if (ok) {
        *l = (struct play_line){.seconds = json_number_value(json_object_get(o, "s"))};
        copy_field(o, "start", l->start, sizeof l->start);
        copy_field(o, "end", l->end, sizeof l->end);
        copy_field(o, "playlist", l->playlist, sizeof l->playlist);
        copy_field(o, "slide", l->slide, sizeof l->slide);
        copy_field(o, "kind", l->kind, sizeof l->kind);
        copy_field(o, "version", l->version, sizeof l->version);
        copy_field(o, "signer", l->signer, sizeof l->signer);
        copy_field(o, "why", l->why, sizeof l->why);
    }
    json_decref(o);
    return ok;
}

bool plays_read(const char *dir, const char *since, void (*fn)(void *ctx, const struct play_line *l), void *ctx,
                size_t *skipped)
{
    if (!fs_is_dir(dir))
        return false;
    size_t n;
    char **names = list_days(dir, &n);
    for (size_t i = 0; i < n; i++) {
        if (since && strncmp(names[i] + strlen(NAME_PREFIX), since, 10) < 0)
            continue;
        char *path = fs_join(dir, names[i]), *text = NULL;
        size_t len = 0;
        if (fs_read_file(path, PLAYS_DEFAULT_BYTES * 4, true, &text, &len) == FS_OK) {
            for (size_t a = 0; a < len;) {
                const char *nl = memchr(text + a, '\n', len - a);
                size_t e = nl ? (size_t)(nl - text) : len;
                struct play_line l;
                if (e > a && nl && parse_line(text + a, e - a, &l))
                    fn(ctx, &l);
                else if (e > a && skipped)
                    (*skipped)++; /* torn (no newline: cut off) or not a line we wrote */
                a = e + 1;
            }
        }
        free(text);
        free(path);
    }
    free_names(names, n);
    return true;
}

struct summary_row {
    char playlist[128], slide[128], kind[32];
    unsigned times;
    double seconds;
};
struct summary {
    struct summary_row *rows;
    size_t n, cap;
    char first[40], last[40];
    unsigned lines;
};

static void add_row(void *ctx, const struct play_line *l)
{
    struct summary *s = ctx;
    if (!s->lines++)
        snprintf(s->first, sizeof s->first, "%s", l->start);
    snprintf(s->last, sizeof s->last, "%s", l->end);
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->rows[i].playlist, l->playlist) == 0 && strcmp(s->rows[i].slide, l->slide) == 0) {
            s->rows[i].times++;
            s->rows[i].seconds += l->seconds;
            return;
        }
    if (s->n == s->cap)
        s->rows = xrealloc(s->rows, (s->cap = s->cap ? s->cap * 2 : 32) * sizeof *s->rows);
    struct summary_row *r = &s->rows[s->n++];
    *r = (struct summary_row){.times = 1, .seconds = l->seconds};
    memcpy(r->playlist, l->playlist, sizeof r->playlist);
    memcpy(r->slide, l->slide, sizeof r->slide);
    memcpy(r->kind, l->kind, sizeof r->kind);
}

bool plays_print_summary(FILE *out, const char *dir, const char *since)
{
    struct summary s = {0};
    size_t skipped = 0;
    if (!plays_read(dir, since, add_row, &s, &skipped))
        return false;
    fprintf(out, "播放记录 / proof of play: %s%s%s\n", dir, since ? ", 自 / since " : "", since ? since : "");
    if (!s.lines)
        fprintf(out, "  (无记录 / no lines)\n");
    else
        fprintf(out, "  %u 条 / lines, %s … %s\n", s.lines, s.first, s.last);
    if (s.n)
        fprintf(out, "  %-20s %-24s %-10s %8s %10s\n", "播放列表/playlist", "幻灯片/slide", "类型/kind", "次数/times",
                "秒/seconds");
    for (size_t i = 0; i < s.n; i++)
        fprintf(out, "  %-20s %-24s %-10s %8u %10.0f\n", s.rows[i].playlist[0] ? s.rows[i].playlist : "-",
                s.rows[i].slide[0] ? s.rows[i].slide : "-", s.rows[i].kind, s.rows[i].times, s.rows[i].seconds);
    if (skipped)
        fprintf(out, "  跳过 %zu 条不完整的记录（断电？）/ skipped %zu cut-off lines (power cut?)\n", skipped, skipped);
    free(s.rows);
    return true;
}
