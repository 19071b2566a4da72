#define LOG_TAG "notify"
#include "app/notify.h"

#include <stdio.h>

#include "core/log.h"

#ifdef LOBBYSIGN_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>

/* A failure is logged once: the loop pings many times a minute. */
static void notify_send(const char *msg)
{
    static bool warned;
    int r = sd_notify(0, msg);
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
