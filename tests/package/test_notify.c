/* `lobbysign play` under a fake service manager: a NOTIFY_SOCKET of our own with WATCHDOG_USEC set,
 * the player on SDL's dummy driver. It must send READY=1 and then WATCHDOG=1 (from the loop's
 * timer), and only READY=1 when started without a display (--retry, waiting). */
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* Reads datagrams for at most limit_ms (a generous bound, not a speed check) until one equal to
 * want arrives; returns whether it did and appends everything seen to log. */
static bool wait_for(int fd, const char *want, int limit_ms, char *log, size_t logsz)
{
    for (int waited = 0; waited < limit_ms; waited += 100) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 100) <= 0)
            continue;
        char buf[256];
        ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
        if (n <= 0)
            continue;
        buf[n] = '\0';
        size_t len = strlen(log);
        snprintf(log + len, logsz - len, "[%s]", buf);
        if (strstr(buf, want))
            return true;
    }
    return false;
}

static pid_t start(const char *sock, const char *driver, bool window)
{
    pid_t pid = fork();
    if (pid == 0) {
        setenv("NOTIFY_SOCKET", sock, 1);
        setenv("WATCHDOG_USEC", "600000", 1); /* 0.6 s: pings every 0.2 s */
        setenv("SDL_VIDEODRIVER", driver, 1);
        setenv("LOBBYSIGN_LOG", "warn", 1);
        if (window)
            execl(TEST_BINDIR "/lobbysign", "lobbysign", "play", "--window", "320x180", "--always-on",
                  TEST_SRCDIR "/playlists", (char *)NULL);
        else
            execl(TEST_BINDIR "/lobbysign", "lobbysign", "play", "--retry", TEST_SRCDIR "/playlists", (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void stop(pid_t pid)
{
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
}

int main(void)
{
    char dir[] = "/tmp/lobbysign-notify-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char sock[64];
    snprintf(sock, sizeof sock, "%s/notify", dir);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
    CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "bind %s", sock);

    char log[4096] = "";
    pid_t pid = start(sock, "dummy", true);
    CHECK(wait_for(fd, "READY=1", 20000, log, sizeof log), "READY=1 from play: %s", log);
    CHECK(wait_for(fd, "WATCHDOG=1", 20000, log, sizeof log), "WATCHDOG=1 from the loop: %s", log);
    log[0] = '\0';
    CHECK(wait_for(fd, "WATCHDOG=1", 20000, log, sizeof log), "WATCHDOG=1 again: %s", log);
    stop(pid);

    /* No display: started (READY=1) and waiting, not failed. */
    log[0] = '\0';
    pid = start(sock, "no-such-driver", false);
    CHECK(wait_for(fd, "READY=1", 20000, log, sizeof log), "READY=1 while waiting for a display: %s", log);
    int st;
    CHECK(waitpid(pid, &st, WNOHANG) == 0, "play --retry without a display is still running");
    stop(pid);

    close(fd);
    unlink(sock);
    rmdir(dir);
    return check_done();
}
