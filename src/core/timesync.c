/* timesync: whether the clock is synchronised (see timesync.h). */
#include "core/timesync.h"

#include <stdlib.h>
#include <sys/timex.h>
#include <unistd.h>

enum timesync timesync_state(void)
{
    const char *env = getenv("LOBBYSIGN_CLOCK_SYNCED");
    if (env && (*env == '0' || *env == '1'))
        return *env == '1' ? TIMESYNC_YES : TIMESYNC_NO;
    struct timex tx = {.modes = 0};
    int st = ntp_adjtime(&tx);
    if (st >= 0)
        return st == TIME_ERROR || (tx.status & STA_UNSYNC) ? TIMESYNC_NO : TIMESYNC_YES;
    if (access("/run/systemd/timesync/synchronized", F_OK) == 0)
        return TIMESYNC_YES;
    return access("/run/systemd/timesync", F_OK) == 0 ? TIMESYNC_NO : TIMESYNC_UNKNOWN;
}

const char *timesync_name(enum timesync t)
{
    return t == TIMESYNC_YES ? "yes" : t == TIMESYNC_NO ? "no" : "unknown";
}
