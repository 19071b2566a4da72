/* notify: tells the service manager (systemd, Type=notify) that the player is ready and alive; every
 * call is a no-op when built without libsystemd or when not started by systemd. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* READY=1: start-up is done (content loaded); the service counts as started. */
void notify_ready(void);
/* STOPPING=1: shutting down (SIGTERM). */
void notify_stopping(void);
/* WATCHDOG=1: the loop is alive. Call at least every notify_watchdog_ms() / 2. */
void notify_watchdog(void);
/* The watchdog period systemd asked for (WatchdogSec=) in ms, 0 when there is none. */
uint64_t notify_watchdog_ms(void);
/* STATUS=...: one line shown by `systemctl status`. */
void notify_status(const char *line);
/* True when built with libsystemd. */
bool notify_available(void);
