/* timesync: is the wall clock synchronised (NTP)? Read-only: ntp_adjtime(2) with no modes
 * (STA_UNSYNC), else systemd-timesyncd's /run/systemd/timesync/synchronized (a unit with
 * ProtectClock= may not call adjtimex). A board without an RTC starts with a wrong date until then. */
#pragma once

enum timesync { TIMESYNC_UNKNOWN = -1, TIMESYNC_NO = 0, TIMESYNC_YES = 1 };

/* $LOBBYSIGN_CLOCK_SYNCED=0/1 overrides (tests). */
enum timesync timesync_state(void);
const char *timesync_name(enum timesync t); /* "yes", "no", "unknown" */
