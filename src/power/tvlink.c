/* tvlink: the CEC worker thread (see tvlink.h). */
#define LOG_TAG "cec"
#include "power/tvlink.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include <stdlib.h>

#include "core/xalloc.h"

struct tvlink {
    struct cec_ctl *ctl;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool pending, want_on, busy, quit;
    enum tv_power status;
    char adapter[CEC_PATH_MAX];
    int pipe_r, pipe_w;
};

static void *worker(void *arg)
{
    struct tvlink *t = arg;
    pthread_mutex_lock(&t->mu);
    for (;;) {
        while (!t->pending && !t->quit)
            pthread_cond_wait(&t->cv, &t->mu);
        if (t->quit)
            break;
        bool on = t->want_on;
        t->pending = false;
        t->busy = true;
        pthread_mutex_unlock(&t->mu);
        enum tv_power st = cec_ctl_set(t->ctl, on);
        pthread_mutex_lock(&t->mu);
        t->busy = false;
        t->status = st;
        snprintf(t->adapter, sizeof t->adapter, "%s", cec_ctl_adapter(t->ctl));
        LOG_INFO("TV %s asked; it reports %s", on ? "on" : "standby", tv_power_name(st));
        char b = 1;
        if (write(t->pipe_w, &b, 1) < 0) {
        } /* full pipe: a wake is already pending */
        pthread_cond_broadcast(&t->cv);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

struct tvlink *tvlink_new(struct cec_ctl *ctl)
{
    struct tvlink *t = xcalloc(1, sizeof *t);
    t->ctl = ctl;
    int p[2];
    if (pipe(p) < 0) {
        LOG_WARN("pipe: %s; CEC is not used", strerror(errno));
        cec_ctl_free(ctl);
        free(t);
        return NULL;
    }
    for (int k = 0; k < 2; k++) {
        fcntl(p[k], F_SETFL, O_NONBLOCK);
        fcntl(p[k], F_SETFD, FD_CLOEXEC);
    }
    t->pipe_r = p[0];
    t->pipe_w = p[1];
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old); /* signals are the loop's */
    int e = pthread_create(&t->thread, NULL, worker, t);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (e != 0) {
        LOG_WARN("CEC worker thread: %s; CEC is not used", strerror(e));
        close(p[0]);
        close(p[1]);
        cec_ctl_free(ctl);
        free(t);
        return NULL;
    }
    return t;
}

void tvlink_free(struct tvlink *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->mu);
    t->quit = true;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    close(t->pipe_r);
    close(t->pipe_w);
    cec_ctl_free(t->ctl);
    free(t);
}

void tvlink_request(struct tvlink *t, bool on)
{
    pthread_mutex_lock(&t->mu);
    t->pending = true;
    t->want_on = on;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

int tvlink_fd(const struct tvlink *t) { return t->pipe_r; }

enum tv_power tvlink_status(struct tvlink *t, char *adapter, size_t cap)
{
    char buf[16];
    while (read(t->pipe_r, buf, sizeof buf) > 0) {
    }
    pthread_mutex_lock(&t->mu);
    enum tv_power st = t->status;
    if (adapter && cap)
        snprintf(adapter, cap, "%s", t->adapter);
    pthread_mutex_unlock(&t->mu);
    return st;
}

bool tvlink_idle(struct tvlink *t)
{
    pthread_mutex_lock(&t->mu);
    bool idle = !t->pending && !t->busy;
    pthread_mutex_unlock(&t->mu);
    return idle;
}
