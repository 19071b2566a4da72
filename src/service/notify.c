#define LOG_TAG "notify"
#include "service/notify.h"

#include <stddef.h>
#include <stdio.h>

#include "core/log.h"

#ifdef LOBBYSIGN_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* sd_notify's datagram, sent without blocking: a manager that stops reading (a full queue) must not
 * hang the loop (sd_notify blocks then, and SIGTERM could not end the program). A ping that does
 * not fit is dropped; the next one follows. */
static int send_nonblocking(const char *msg)
{
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || !*path)
        return 0;
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    size_t n = strlen(path);
    if (n >= sizeof sa.sun_path || (path[0] != '/' && path[0] != '@'))
        return sd_notify(0, msg);
    memcpy(sa.sun_path, path, n);
    if (path[0] == '@')
        sa.sun_path[0] = '\0'; /* the abstract namespace */
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -errno;
    ssize_t r = sendto(fd, msg, strlen(msg), MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *)&sa,
                       (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n));
    int err = errno;
    close(fd);
    return r >= 0 || err == EAGAIN ? 1 : -err;
}

/* A failure is logged once: the loop pings many times a minute. */
static void notify_send(const char *msg)
{
    static bool warned;
    int r = send_nonblocking(msg);
    if (r < 0 && !warned) {
        warned = true;
        LOG_WARN("sd_notify(%s) failed (error %d); further failures are not logged", msg, -r);
    }
}

void notify_ready(void) { notify_send("READY=1"); }
void notify_watchdog(void) { notify_send("WATCHDOG=1"); }
void notify_stopping(void) { notify_send("STOPPING=1"); }

uint64_t notify_watchdog_ms(void)
{
    uint64_t usec = 0;
    return sd_watchdog_enabled(0, &usec) > 0 ? usec / 1000 : 0;
}

void notify_status(const char *line)
{
    char buf[512];
    snprintf(buf, sizeof buf, "STATUS=%s", line ? line : "");
    notify_send(buf);
}

bool notify_available(void) { return true; }
#else
void notify_ready(void) {}
void notify_watchdog(void) {}
void notify_stopping(void) {}
uint64_t notify_watchdog_ms(void) { return 0; }
void notify_status(const char *line) { (void)line; }
bool notify_available(void) { return false; }
#endif
