/* intake: a scanner thread, one worker thread, one pipe back to the loop. The scanner owns the
 * watch (inotify, the mount table, the 10 s rescan: every folder walk and stat stays off the frame
 * path) and hands each source to the worker. The worker owns its own text engine (the content
 * check, the contact sheet) so it never touches the player's; the loop thread owns the player.
 * What crosses between them (jobs, formatted notices, a loaded snapshot, flags) goes through
 * `shared` under its mutex; a byte on the pipe says "look", a byte on the scan pipe "look again". */
#define _GNU_SOURCE /* pipe2 */
#define LOG_TAG "usb"
#include "service/intake.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "player/contact.h"
#include "player/frame.h"
#include "slides/fitcheck.h"
#include "content/content.h"
#include "core/fsutil.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "render/render.h"
#include "store/store.h"

#define PROGRESS_MIN_BYTES (2u << 20) /* smaller bundles go from nothing to the result at once */
#define RESCAN_MS 10000               /* a safety net under inotify and the mount table */
#define PREVIEW_MAX_THUMBS 48
#define PREVIEW_DIR "lobbysign-preview"
#define PREVIEW_NAME "contact-sheet.png"

struct shared {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool quit;
    bool have_job;               /* job below is waiting for the worker */
    struct watch_source job;
    bool cancel;                 /* the stick went away: stop the import (it then changes nothing) */
    /* worker -> loop */
    bool progress_dirty;
    struct notice progress;
    bool result_dirty, result_quiet;
    struct notice result;
    struct snapshot *snap;       /* INSTALLED: the new content, loaded */
    bool snap_unsigned;
    bool receipt_dirty, receipt_written;
    bool finished;               /* the worker is free again */
    bool busy;                   /* a job is with the worker or its results with the loop */
};

struct intake {
    struct intake_config cfg;
    char *mounts, *inbox, *store, *keys, *screen_name, *mountinfo;
    struct player *player;
    struct loop *loop;
    struct watch *watch;
    int ids[1];
    int pipe_r, pipe_w;
    int scan_r, scan_w;          /* loop -> scanner: "the worker is free, look again" / quit */
    pthread_t thread, scanner;
    bool thread_started, scanner_started;
    struct shared sh;
    /* scanner thread: owns watch (every folder walk and stat is off the loop thread) */
    struct watch_source current; /* the job's source (for "was the stick pulled?") */
    /* loop thread */
    struct notice last_result;
    /* worker thread */
    struct text_engine *te;
    int last_pct;
    enum import_phase last_phase;
    bool show_progress;
};

/* ---- texts ---- */

static const char *phase_text(enum import_phase ph)
{
    switch (ph) {
    case IMPORT_PHASE_COPY: return "正在复制并校验内容包";
    case IMPORT_PHASE_VERIFY: return "正在验证签名";
    case IMPORT_PHASE_EXTRACT: return "正在解压";
    case IMPORT_PHASE_VALIDATE: return "正在检查内容";
    case IMPORT_PHASE_INSTALL: return "正在安装";
    case IMPORT_PHASE_DONE: break;
    }
    return "完成";
}

void intake_notice_progress(enum watch_kind kind, enum import_phase ph, uint64_t done, uint64_t total,
                         struct notice *n)
{
    /* Where each phase sits on one bar: copying is most of the time. */
    static const float from[] = {0.0f, 0.60f, 0.65f, 0.90f, 0.95f, 1.0f};
    static const float to[] = {0.60f, 0.65f, 0.90f, 0.95f, 1.0f, 1.0f};
    memset(n, 0, sizeof *n);
    n->kind = NOTICE_PROGRESS;
    snprintf(n->title, sizeof n->title, "%s", kind == WATCH_STICK ? "正在导入U盘内容，请勿拔出U盘" : "正在接收新内容");
    float f = total ? (float)((double)done / (double)total) : 0;
    unsigned p = (unsigned)ph < IMPORT_PHASE_COUNT ? (unsigned)ph : IMPORT_PHASE_DONE;
    n->progress = from[p] + (to[p] - from[p]) * (f > 1 ? 1 : f);
    if (ph == IMPORT_PHASE_COPY && total)
        snprintf(n->detail, sizeof n->detail, "%s（%.1f / %.1f MB）", phase_text(ph), (double)done / 1048576.0,
                 (double)total / 1048576.0);
    else
        snprintf(n->detail, sizeof n->detail, "%s", phase_text(ph));
}

/* The short reason of a refusal; detail gets the long one when it says more. */
static const char *short_reason(enum watch_kind kind, const struct import_result *r, bool pulled)
{
    if (pulled)
        return "U盘已拔出";
    switch (r->outcome) {
    case IMPORT_REFUSED_NO_SIGNATURE: return "缺少签名文件";
    case IMPORT_REFUSED_BAD_SIGNATURE:
    case IMPORT_REFUSED_NO_TIMESTAMP: return "签名无效";
    case IMPORT_REFUSED_UNTRUSTED_KEY: return "不是受信任的密钥";
    case IMPORT_REFUSED_NO_KEYS: return "本机没有受信任的密钥";
    case IMPORT_REFUSED_OLDER: return "版本比当前旧";
    case IMPORT_REFUSED_TIMESTAMP: return "签名时间有误";
    case IMPORT_REFUSED_CONTENT: return "内容有误";
    case IMPORT_REFUSED_ARCHIVE: return "压缩包有误";
    case IMPORT_REFUSED_NO_SPACE: return "存储空间不足";
    case IMPORT_REFUSED_NO_BUNDLE: return "没有找到 lobbysign.zip";
    case IMPORT_FAILED_SOURCE: return kind == WATCH_STICK ? "U盘已拔出" : "文件读取失败";
    case IMPORT_FAILED_IO: return "写入内容库失败";
    case IMPORT_CANCELLED: return "导入已取消";
    case IMPORT_INSTALLED: break;
    }
    return "";
}

void intake_notice_result(enum watch_kind kind, const struct import_result *r, bool pulled, struct notice *n)
{
    memset(n, 0, sizeof *n);
    if (r->outcome == IMPORT_INSTALLED && !pulled) {
        n->kind = NOTICE_UPDATED;
        snprintf(n->title, sizeof n->title, "已更新：%zu 个播放列表，%zu 张幻灯片", r->n_playlists, r->n_slides);
        if (r->is_signed)
            snprintf(n->detail, sizeof n->detail, "签名密钥 %s · 版本 %s", r->key_id, r->version ? r->version : "?");
        else
            snprintf(n->detail, sizeof n->detail, "未签名内容（本机允许未签名内容） · 版本 %s",
                     r->version ? r->version : "?");
        if (kind == WATCH_STICK)
            snprintf(n->footer, sizeof n->footer, "正在写回执，请稍候拔出U盘");
        return;
    }
    n->kind = NOTICE_REFUSED;
    const char *why = short_reason(kind, r, pulled);
    snprintf(n->title, sizeof n->title, "未更新：%s", why);
    const char *zh = r->reason_zh ? r->reason_zh : "";
    if (pulled || (r->outcome == IMPORT_FAILED_SOURCE && kind == WATCH_STICK)) {
        snprintf(n->detail, sizeof n->detail, "内容没有任何改变，仍在播放原来的内容。请重新插入U盘。");
        return;
    }
    /* The long reason without its leading short one ("内容有误：file:line: message"). */
    size_t wl = strlen(why);
    if (strncmp(zh, why, wl) == 0) {
        zh += wl;
        if (strncmp(zh, "：", strlen("：")) == 0)
            zh += strlen("：");
        else if (*zh == ':' || *zh == ' ')
            zh++;
    }
    if (r->outcome == IMPORT_REFUSED_UNTRUSTED_KEY && r->key_id[0])
        snprintf(n->detail, sizeof n->detail, "签名密钥 %s 不在本机的受信任密钥中", r->key_id);
    else
        snprintf(n->detail, sizeof n->detail, "%s", zh);
    if (kind == WATCH_STICK)
        snprintf(n->footer, sizeof n->footer, "正在写回执，请稍候拔出U盘");
}

void intake_notice_receipt(struct notice *n, bool written)
{
    snprintf(n->footer, sizeof n->footer, "%s",
             written ? "回执已写入U盘 · 可以拔出U盘" : "U盘不可写，未写回执 · 可以拔出U盘");
}

/* ---- worker ---- */

static void poke(struct intake *u)
{
    char b = 1;
    if (write(u->pipe_w, &b, 1) < 0 && errno != EAGAIN)
        LOG_WARN("pipe: %s", strerror(errno));
}

static bool on_progress(void *ctx, enum import_phase ph, uint64_t done, uint64_t total)
{
    struct intake *u = ctx;
    int pct = total ? (int)(done * 100 / total) : 0;
    pthread_mutex_lock(&u->sh.mu);
    bool cancel = u->sh.cancel;
    bool post = u->show_progress && ph != IMPORT_PHASE_DONE && (ph != u->last_phase || pct != u->last_pct);
    if (post) {
        intake_notice_progress(u->sh.job.kind, ph, done, total, &u->sh.progress);
        u->sh.progress_dirty = true;
        u->last_phase = ph;
        u->last_pct = pct;
    }
    pthread_mutex_unlock(&u->sh.mu);
    if (post)
        poke(u);
    return !cancel;
}

struct preview_job {
    struct intake *u;
    const struct snapshot *snap;
};

/* Every step of every playlist, drawn as this screen draws it, into one bounded contact sheet. */
static bool draw_sheet(struct text_engine *te, const struct snapshot *snap, const struct intake_config *c,
                       const char *title, const char *path)
{
    int w = c->width > 0 ? c->width : 1920, h = c->height > 0 ? c->height : 1080;
    struct render *r = render_new_surface(te, w, h, 0);
    if (!r)
        return false;
    struct contact_sheet *cs = contact_new_bounded(title, PREVIEW_MAX_THUMBS, w >= 1280 ? 360 : 320);
    unsigned n = 0;
    /* The playlists this screen plays: those of its orientation (all when none is). */
    enum orientation o = h > w ? ORIENT_PORTRAIT : ORIENT_LANDSCAPE;
    bool any = false;
    for (size_t p = 0; p < snap->n_playlists; p++)
        any = any || snap->playlists[p].orientation == o;
    for (size_t p = 0; p < snap->n_playlists; p++) {
        const struct playlist *pl = &snap->playlists[p];
        if (any && pl->orientation != o)
            continue;
        for (size_t i = 0; i < pl->n_slides; i++) {
            const struct slide *s = &pl->slides[i];
            int iw, ih;
            if (s->kind == SLIDE_IMAGE && !render_image_size(r, s->image, &iw, &ih))
                continue;
            size_t pages = slide_page_count(s);
            for (size_t pg = 0; pg < pages; pg++) {
                frame_draw_step(te, r, c->overscan_pct, pl, (struct step){i, pg, pages}, SLIDES_SETTLED_MS, 0);
                char label[160];
                snprintf(label, sizeof label, "%02u  %s  %s", ++n, pl->id ? pl->id : "", slide_kind_name(s->kind));
                contact_add(cs, render_surface(r), label);
            }
        }
        text_cache_clear(te); /* bounded: one playlist's layouts at a time */
    }
    bool ok = n > 0 && contact_write(cs, te, path);
    contact_free(cs);
    render_free(r);
    text_cache_clear(te);
    return ok;
}

/* receipt_info.extra: lobbysign-preview/contact-sheet.png on the stick, temp + fsync + rename. */
static bool write_preview(void *ctx, const char *dir, const struct import_result *res)
{
    struct preview_job *pj = ctx;
    struct intake *u = pj->u;
    char *pdir = fs_join(dir, PREVIEW_DIR);
    char *final = fs_join(pdir, PREVIEW_NAME);
    char *tmp = fs_join(pdir, "." PREVIEW_NAME ".part");
    bool ok = u->te && (mkdir(pdir, 0755) == 0 || errno == EEXIST);
    if (ok) {
        int w = u->cfg.width > 0 ? u->cfg.width : 1920, h = u->cfg.height > 0 ? u->cfg.height : 1080;
        char *title = xasprintf("%s · %dx%d · %s · %s", u->screen_name, w, h, res->version ? res->version : "",
                                "本屏现在播放的内容 / what this screen now plays");
        ok = draw_sheet(u->te, pj->snap, &u->cfg, title, tmp) && fs_fsync(tmp, false) && rename(tmp, final) == 0 &&
             fs_fsync(pdir, false);
        free(title);
        if (!ok)
            unlink(tmp);
    }
    if (!ok)
        LOG_WARN("%s: 预览图未写入 / contact sheet not written: %s", final, strerror(errno));
    free(tmp);
    free(final);
    free(pdir);
    return ok;
}

static void run_job(struct intake *u, const struct watch_source *src)
{
    struct content_opts copts = fitcheck_opts(u->te);
    struct stat st;
    u->show_progress = stat(src->archive, &st) == 0 && st.st_size >= (off_t)PROGRESS_MIN_BYTES;
    u->last_pct = -1;
    u->last_phase = IMPORT_PHASE_DONE;
    uint64_t installed = store_max_timestamp(u->store);
    struct import_opts o = {.store_dir = u->store, .keys_dir = u->keys, .allow_unsigned = u->cfg.allow_unsigned,
                            .content = &copts, .progress = on_progress, .progress_ctx = u};
    LOG_INFO("%s: importing (%s)", src->archive, src->kind == WATCH_STICK ? "USB stick" : "inbox");
    struct import_result r;
    import_run(src->dir, &o, &r);
    struct snapshot *snap = NULL;
    if (r.outcome == IMPORT_INSTALLED) {
        struct findings f = {0};
        snap = content_load(r.content_dir, &copts, &f);
        findings_free(&f);
        if (!snap)
            LOG_ERR("%s: installed but cannot be loaded; playing on what plays", r.content_dir);
    }
    pthread_mutex_lock(&u->sh.mu);
    bool pulled = src->kind == WATCH_STICK &&
                  (r.outcome == IMPORT_FAILED_SOURCE || (r.outcome == IMPORT_CANCELLED && u->sh.cancel));
    pthread_mutex_unlock(&u->sh.mu);
    /* The inbox still holding the bundle that is installed (a restart, a sync re-delivering it). */
    bool quiet = src->kind == WATCH_INBOX && r.outcome == IMPORT_REFUSED_OLDER && installed && r.timestamp == installed;
    struct notice res;
    intake_notice_result(src->kind, &r, pulled, &res);
    pthread_mutex_lock(&u->sh.mu);
    u->sh.result = res;
    u->sh.result_dirty = true;
    u->sh.result_quiet = quiet;
    u->sh.snap = snap;
    u->sh.snap_unsigned = snap && !r.is_signed;
    pthread_mutex_unlock(&u->sh.mu);
    poke(u);

    if (src->kind == WATCH_STICK && !pulled && !quiet && watch_source_present(src)) {
        struct preview_job pj = {u, snap};
        struct receipt_info info = {.screen_name = u->screen_name, .extra = snap ? write_preview : NULL,
                                    .extra_ctx = &pj};
        bool ok = import_write_receipt(src->dir, &r, &info);
        if (ok)
            sync(); /* a FAT stick: the receipt is on it before the operator is told to pull it */
        LOG_INFO("%s: receipt %s", src->dir, ok ? "written" : "not written (read-only stick?)");
        pthread_mutex_lock(&u->sh.mu);
        u->sh.receipt_dirty = true;
        u->sh.receipt_written = ok;
        pthread_mutex_unlock(&u->sh.mu);
        poke(u);
    }
    import_result_free(&r);
}

static void *worker(void *arg)
{
    struct intake *u = arg;
    u->te = text_engine_new(u->cfg.fonts); /* ready before the first bundle comes: it checks and draws */
    pthread_mutex_lock(&u->sh.mu);
    for (;;) {
        while (!u->sh.have_job && !u->sh.quit)
            pthread_cond_wait(&u->sh.cv, &u->sh.mu);
        if (u->sh.quit)
            break;
        struct watch_source src = u->sh.job;
        u->sh.have_job = false;
        pthread_mutex_unlock(&u->sh.mu);
        run_job(u, &src);
        pthread_mutex_lock(&u->sh.mu);
        u->sh.finished = true;
        pthread_mutex_unlock(&u->sh.mu);
        poke(u);
        pthread_mutex_lock(&u->sh.mu);
    }
    pthread_mutex_unlock(&u->sh.mu);
    text_engine_free(u->te);
    u->te = NULL;
    return NULL;
}

/* ---- loop thread ---- */

/* ---- scanner thread: inotify, the mount table and the periodic rescan ---- */

static void scan_once(struct intake *u)
{
    watch_handle(u->watch);
    pthread_mutex_lock(&u->sh.mu);
    bool busy = u->sh.busy, cancel = u->sh.cancel;
    pthread_mutex_unlock(&u->sh.mu);
    if (busy) {
        if (!cancel && u->current.kind == WATCH_STICK && !watch_source_present(&u->current)) {
            LOG_WARN("%s: the stick went away during the import; nothing changes", u->current.dir);
            pthread_mutex_lock(&u->sh.mu);
            u->sh.cancel = true;
            pthread_mutex_unlock(&u->sh.mu);
        }
        return;
    }
    struct watch_source src;
    if (!watch_next(u->watch, &src))
        return;
    watch_source_free(&u->current);
    u->current = (struct watch_source){src.kind, xstrdup(src.dir), xstrdup(src.archive)};
    pthread_mutex_lock(&u->sh.mu);
    u->sh.busy = true;
    u->sh.job = src; /* the worker's copy; freed by the loop thread when the job is done */
    u->sh.have_job = true;
    u->sh.cancel = false;
    u->sh.finished = false;
    pthread_cond_signal(&u->sh.cv);
    pthread_mutex_unlock(&u->sh.mu);
}

static void *scanner(void *arg)
{
    struct intake *u = arg;
    /* Made here: its first walk of the mounts folder is off the loop thread too. */
    u->watch = watch_new(&(struct watch_opts){.mounts = u->mounts, .inbox = u->inbox, .mountinfo = u->mountinfo});
    if (!u->watch)
        return NULL; /* logged; the player plays on */
    for (;;) {
        scan_once(u);
        struct pollfd p[3] = {{u->scan_r, POLLIN, 0}, {watch_fd(u->watch), POLLIN, 0}, {watch_mounts_fd(u->watch), POLLPRI, 0}};
        int n = poll(p, p[2].fd >= 0 ? 3 : 2, RESCAN_MS);
        if (n < 0 && errno != EINTR) {
            LOG_WARN("poll: %s", strerror(errno));
            sleep(1);
        }
        if (p[0].revents) {
            char buf[64];
            ssize_t r;
            while ((r = read(u->scan_r, buf, sizeof buf)) > 0) {
                if (memchr(buf, 'q', (size_t)r))
                    return NULL;
            }
        }
    }
}

static void scan_poke(struct intake *u, char c)
{
    if (write(u->scan_w, &c, 1) < 0 && errno != EAGAIN)
        LOG_WARN("pipe: %s", strerror(errno));
}

/* ---- loop thread ---- */

static void on_pipe(void *ctx, int fd, short revents)
{
    struct intake *u = ctx;
    char buf[64];
    while (read(fd, buf, sizeof buf) > 0) {
    }
    pthread_mutex_lock(&u->sh.mu);
    struct shared s = u->sh; /* a copy of the flags and texts */
    u->sh.progress_dirty = u->sh.result_dirty = u->sh.receipt_dirty = false;
    u->sh.snap = NULL;
    bool finished = u->sh.finished;
    if (finished) {
        u->sh.finished = false;
        watch_source_free(&u->sh.job);
    }
    u->sh.busy = u->sh.busy && !finished; /* the results below are taken before the next job starts */
    pthread_mutex_unlock(&u->sh.mu);
    if (s.progress_dirty && !s.result_dirty)
        player_set_notice(u->player, &s.progress, 0);
    if (s.result_dirty) {
        if (s.snap) {
            snapshot_free(player_queue_snapshot(u->player, s.snap, s.snap_unsigned)); /* an unplayed one */
        }
        if (s.result_quiet) {
            player_clear_notice(u->player);
        } else {
            player_set_notice(u->player, &s.result, INTAKE_RESULT_HOLD_MS);
            LOG_INFO("on screen: %s %s", s.result.title, s.result.detail);
        }
        u->last_result = s.result;
    }
    if (s.receipt_dirty) {
        struct notice n = u->last_result;
        intake_notice_receipt(&n, s.receipt_written);
        player_set_notice(u->player, &n, INTAKE_RESULT_HOLD_MS);
        LOG_INFO("on screen: %s", n.footer);
    }
    if (finished)
        scan_poke(u, 'w');
}

struct intake *intake_new(const struct intake_config *cfg, struct player *p, struct loop *l)
{
    struct intake *u = xcalloc(1, sizeof *u);
    u->cfg = *cfg;
    u->player = p;
    u->loop = l;
    u->mounts = xstrdup(cfg->mounts);
    u->inbox = xstrdup(cfg->inbox);
    u->store = xstrdup(cfg->store);
    u->keys = xstrdup(cfg->keys);
    u->mountinfo = cfg->mountinfo ? xstrdup(cfg->mountinfo) : NULL; /* the scanner reads it later */
    char host[256] = "";
    if (!cfg->screen_name && gethostname(host, sizeof host - 1) != 0)
        snprintf(host, sizeof host, "lobbysign");
    u->screen_name = xstrdup(cfg->screen_name ? cfg->screen_name : host);
    u->pipe_r = u->pipe_w = u->scan_r = u->scan_w = -1;
    pthread_mutex_init(&u->sh.mu, NULL);
    pthread_cond_init(&u->sh.cv, NULL);
    int pfd[2];
    if (pipe2(pfd, O_NONBLOCK | O_CLOEXEC) != 0) {
        LOG_ERR("pipe: %s; bundles are not watched", strerror(errno));
        intake_free(u);
        return NULL;
    }
    u->pipe_r = pfd[0], u->pipe_w = pfd[1];
    if (pipe2(pfd, O_NONBLOCK | O_CLOEXEC) != 0) {
        LOG_ERR("pipe: %s; bundles are not watched", strerror(errno));
        intake_free(u);
        return NULL;
    }
    u->scan_r = pfd[0], u->scan_w = pfd[1];
    if (pthread_create(&u->thread, NULL, worker, u) != 0) {
        LOG_ERR("cannot start the import thread; bundles are not watched");
        intake_free(u);
        return NULL;
    }
    u->thread_started = true;
    u->ids[0] = loop_add_fd(l, u->pipe_r, POLLIN, on_pipe, u);
    LOG_INFO("looking for bundles on sticks under %s and in %s (store %s, keys %s%s)", *u->mounts ? u->mounts : "-",
             *u->inbox ? u->inbox : "-", u->store, u->keys, cfg->allow_unsigned ? ", unsigned allowed" : "");
    if (pthread_create(&u->scanner, NULL, scanner, u) != 0) { /* it looks at what is there already */
        LOG_ERR("cannot start the watch thread; bundles are not watched");
        intake_free(u);
        return NULL;
    }
    u->scanner_started = true;
    return u;
}

void intake_free(struct intake *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < sizeof u->ids / sizeof u->ids[0]; i++)
        if (u->ids[i] > 0)
            loop_remove(u->loop, u->ids[i]);
    if (u->scanner_started) {
        scan_poke(u, 'q');
        pthread_join(u->scanner, NULL);
    }
    if (u->thread_started) {
        pthread_mutex_lock(&u->sh.mu);
        u->sh.quit = true;
        u->sh.cancel = true;
        pthread_cond_signal(&u->sh.cv);
        pthread_mutex_unlock(&u->sh.mu);
        pthread_join(u->thread, NULL);
    }
    /* Results the loop never picked up. */
    snapshot_free(u->sh.snap);
    watch_source_free(&u->sh.job);
    if (u->player && player_has_queued(u->player))
        snapshot_free(player_queue_snapshot(u->player, NULL, false)); /* never played */
    watch_source_free(&u->current);
    watch_free(u->watch);
    if (u->pipe_r >= 0)
        close(u->pipe_r);
    if (u->pipe_w >= 0)
        close(u->pipe_w);
    if (u->scan_r >= 0)
        close(u->scan_r);
    if (u->scan_w >= 0)
        close(u->scan_w);
    pthread_cond_destroy(&u->sh.cv);
    pthread_mutex_destroy(&u->sh.mu);
    free(u->mounts);
    free(u->inbox);
    free(u->store);
    free(u->keys);
    free(u->mountinfo);
    free(u->screen_name);
    free(u);
}
