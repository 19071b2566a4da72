/* `lobbysign play` end to end without a screen: no display is a clear error naming every driver
 * tried (never SDL's silent offscreen fallback), bad options are usage errors, and on SDL's dummy
 * driver it plays until SIGTERM and then quits cleanly with exit 0; under a service manager
 * (NOTIFY_SOCKET, WATCHDOG_USEC) it says READY=1 and keeps sending WATCHDOG=1 while it plays. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"

int main(void)
{
    const char *bin = TEST_LOBBYSIGN; /* with the emulator when cross-built */
    char *out, *cmd;

    static const struct {
        const char *args;
        int want;
        const char *says;
    } cases[] = {
        {"--help", 0, "--always-on"},
        {"--bogus", 2, "Usage: lobbysign play"},
        {"--rotate 45", 2, "bad value for --rotate: '45'"},
        {"--overscan 50", 2, "bad value for --overscan"},
        {"--present gpu", 2, "bad value for --present: 'gpu'"},
        {"--help", 0, "--present HOW"},
        {"a.json b.json", 2, "Usage: lobbysign play"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cmd = xasprintf("%s play %s 2>&1", bin, cases[i].args);
        int rc = cli_run(cmd, &out);
        CHECK(rc == cases[i].want && strstr(out, cases[i].says), "play %s: exit %d, want %d: %s", cases[i].args,
              rc, cases[i].want, out);
        free(out);
        free(cmd);
    }

    /* No display at all (an empty SDL_VIDEODRIVER too): exit 2 and say what each driver said. */
    if (access("/dev/dri/card0", F_OK) != 0) {
        cmd = xasprintf("env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER= timeout 20 %s play %s/playlists 2>&1",
                        bin, TEST_SRCDIR);
        int rc = cli_run(cmd, &out);
        CHECK(rc == 2, "no display: exit %d, want 2: %s", rc, out);
        CHECK(strstr(out, "no display") && strstr(out, "x11:") && strstr(out, "wayland:") && strstr(out, "KMSDRM:"),
              "no display: every driver tried is named: %s", out);
        CHECK(!strstr(out, "offscreen"), "never SDL's offscreen fallback: %s", out);
        free(out);
        free(cmd);

        /* --retry (the service): it keeps waiting, and says why once, not every 5 s. */
        cmd = xasprintf("env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER= timeout --preserve-status -s TERM 12 "
                        "%s play --retry %s/playlists 2>&1",
                        bin, TEST_SRCDIR);
        rc = cli_run(cmd, &out);
        int said = 0;
        for (const char *q = out; (q = strstr(q, "no display")) != NULL; q++)
            said++;
        CHECK((rc == 0 || rc == 143) && said == 1 && strstr(out, "waiting for a display"), /* 143: SIGTERM */
              "--retry without a display: exit %d, 'no display' said %d times (want once): %s", rc, said, out);
        free(out);
        free(cmd);
    }

    /* A window on the dummy driver: plays, then SIGTERM quits cleanly (exit 0, "quit after"). */
    cmd = xasprintf("SDL_VIDEODRIVER=dummy timeout --preserve-status -s TERM 3 %s play --window 320x180 "
                    "--always-on %s/playlists 2>&1",
                    bin, TEST_SRCDIR);
    int rc = cli_run(cmd, &out);
    CHECK(rc == 0 && strstr(out, "playing lobby") && strstr(out, "quit after"), "dummy window, SIGTERM: exit %d: %s",
          rc, out);
    free(out);
    free(cmd);

    /* systemd's side of Type=notify: a datagram socket. The player must ping the watchdog from
     * its loop while it plays (the virtual board saw a playing service killed every WatchdogSec
     * when only the wait for a display pinged). */
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "/tmp/lobbysign-notify-%d", (int)getpid());
    unlink(sa.sun_path);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "notify socket %s", sa.sun_path);
    cmd = xasprintf("NOTIFY_SOCKET=%s WATCHDOG_USEC=300000 SDL_VIDEODRIVER=dummy timeout --preserve-status -s TERM 3 "
                    "%s play --window 320x180 --always-on %s/playlists 2>&1",
                    sa.sun_path, bin, TEST_SRCDIR);
    rc = cli_run(cmd, &out);
    CHECK(rc == 0, "under a service manager: exit %d: %s", rc, out);
    int ready = 0, pings = 0;
    char msg[256];
    for (ssize_t n; (n = recv(fd, msg, sizeof msg - 1, 0)) > 0;) {
        msg[n] = 0;
        ready += strstr(msg, "READY=1") != NULL;
        pings += strstr(msg, "WATCHDOG=1") != NULL;
    }
    if (ready == 0)
        printf("test_play_cli: no READY=1: built without libsystemd, watchdog check skipped\n");
    else
        CHECK(pings > 0, "WATCHDOG=1 while playing: %d pings after READY=1", pings);
    close(fd);
    unlink(sa.sun_path);
    free(out);
    free(cmd);

    /* The log says which presenter and why, when the first frame is on screen, and on SIGUSR1 the
     * frames presented so far. */
    /* Signals only once the log shows the state they need (a slow or emulated start took > 2 s). */
    cmd = xasprintf("log=$(mktemp); SDL_VIDEODRIVER=dummy %s play --window 320x180 --always-on %s/playlists >$log 2>&1 & "
                    "p=$!; waitlog() { i=0; while [ $i -lt 600 ] && ! grep -q \"$1\" $log; do sleep 0.1; i=$((i+1)); done; }; "
                    "waitlog 'first frame on screen'; kill -USR1 $p; waitlog 'frames presented: '; kill $p; wait $p; "
                    "rc=$?; cat $log; rm -f $log; exit $rc",
                    bin, TEST_SRCDIR);
    rc = cli_run(cmd, &out);
    CHECK(rc == 0 && strstr(out, "presenting through the window surface: video driver dummy") &&
              strstr(out, "first frame on screen") && strstr(out, "frames presented: "),
          "dummy window, SIGUSR1: exit %d: %s", rc, out);
    free(out);
    free(cmd);
    return check_done();
}
