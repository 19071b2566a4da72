/* watch: the inbox and the mounts folder. A half-written archive is ignored until its writer
 * closes it; the archive alone, or the signature alone, is not a bundle; a temp name renamed into
 * place (rsync, Syncthing) is; the same pair is offered once and again when either file changes;
 * a stick folder appearing under the mounts folder is offered, forgotten when pulled and offered
 * again when plugged back; a file system mounted over a watched folder wakes the mount-table
 * descriptor and is offered (needs root and tmpfs; skipped otherwise, said so). */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "store/watch.h"

static char *tmpdir(const char *tag)
{
    char *t = xasprintf("/tmp/lobbysign-%s-XXXXXX", tag);
    CHECK(mkdtemp(t) != NULL, "mkdtemp %s", t);
    return t;
}

static void put(const char *dir, const char *name, const char *text)
{
    char *p = fs_join(dir, name);
    FILE *f = fopen(p, "wb");
    CHECK(f != NULL, "write %s", p);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(p);
}

/* Waits (up to 2 s, never asserted on time) for the watch's descriptors, then handles them. */
static bool wake(struct watch *w)
{
    struct pollfd pf[2] = {{watch_fd(w), POLLIN, 0}, {watch_mounts_fd(w), POLLPRI, 0}};
    int n = poll(pf, pf[1].fd >= 0 ? 2 : 1, 2000);
    watch_handle(w);
    return n > 0;
}

/* Drains what is pending without waiting. */
static void settle(struct watch *w) { watch_handle(w); }

static int count_offers(struct watch *w, struct watch_source *last)
{
    int n = 0;
    struct watch_source s;
    while (watch_next(w, &s)) {
        n++;
        if (last) {
            watch_source_free(last);
            *last = s;
        } else {
            watch_source_free(&s);
        }
    }
    return n;
}

static void test_inbox(void)
{
    char *inbox = tmpdir("inbox");
    struct watch *w = watch_new(&(struct watch_opts){.inbox = inbox, .mountinfo = ""});
    CHECK(w != NULL, "watch starts");
    if (!w)
        return;
    CHECK(count_offers(w, NULL) == 0, "an empty inbox offers nothing");

    /* A half-written archive: opened, some bytes written, not closed. */
    char *zip = fs_join(inbox, "lobbysign.zip");
    int fd = open(zip, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "open %s", zip);
    CHECK(write(fd, "PK\3\4half", 8) == 8, "write half");
    CHECK(wake(w), "the inbox descriptor wakes for a new file");
    CHECK(count_offers(w, NULL) == 0, "the archive alone is not a bundle");
    put(inbox, "lobbysign.zip.minisig", "sig 1\n");
    wake(w);
    CHECK(count_offers(w, NULL) == 0, "an archive still being written is ignored, even with its signature");
    CHECK(write(fd, "more", 4) == 4, "write more");
    close(fd);
    wake(w);
    struct watch_source s = {0};
    CHECK(count_offers(w, &s) == 1, "offered once complete (closed) with its signature");
    CHECK(s.kind == WATCH_INBOX && s.dir && strcmp(s.dir, inbox) == 0 && s.archive && strcmp(s.archive, zip) == 0,
          "offered as the inbox, archive %s", s.archive ? s.archive : "(null)");
    CHECK(watch_source_present(&s), "the source is present");
    settle(w);
    CHECK(count_offers(w, NULL) == 0, "the same pair is not offered twice");

    /* rsync / Syncthing: a temp name, then a rename over the signature. */
    put(inbox, ".lobbysign.zip.minisig.XXXX", "sig 2, a longer one\n");
    wake(w);
    CHECK(count_offers(w, NULL) == 0, "a temporary name is not the signature");
    char *tmp = fs_join(inbox, ".lobbysign.zip.minisig.XXXX"), *sig = fs_join(inbox, "lobbysign.zip.minisig");
    CHECK(rename(tmp, sig) == 0, "rename into place");
    wake(w);
    CHECK(count_offers(w, NULL) == 1, "a new signature renamed into place offers the pair again");

    /* The signature removed: nothing; back: offered again. */
    CHECK(unlink(sig) == 0, "unlink sig");
    wake(w);
    CHECK(count_offers(w, NULL) == 0, "the archive without a signature is not offered");
    put(inbox, "lobbysign.zip.minisig", "sig 3\n");
    wake(w);
    CHECK(count_offers(w, NULL) == 1, "both files there again: offered");
    watch_source_free(&s);
    CHECK(!watch_source_present(&(struct watch_source){.archive = "/nonexistent/lobbysign.zip"}),
          "a vanished archive is not present");
    watch_free(w);
    free(tmp);
    free(sig);
    free(zip);
    char *cmd = xasprintf("rm -rf '%s'", inbox);
    CHECK(system(cmd) == 0, "cleanup");
    free(cmd);
    free(inbox);
}

static void test_mounts(void)
{
    char *mounts = tmpdir("mounts");
    char *stick = fs_join(mounts, "sdb1");
    struct watch *w = watch_new(&(struct watch_opts){.mounts = mounts});
    CHECK(w != NULL, "watch starts");
    if (!w)
        return;
    CHECK(mkdir(stick, 0755) == 0, "mkdir stick");
    CHECK(wake(w), "the mounts folder wakes for a new stick folder");
    CHECK(count_offers(w, NULL) == 0, "an empty stick offers nothing");
    put(stick, "lobbysign.zip", "zip\n");
    wake(w);
    put(stick, "lobbysign.zip.minisig", "sig\n");
    wake(w);
    struct watch_source s = {0};
    CHECK(count_offers(w, &s) == 1 && s.kind == WATCH_STICK && s.dir && strcmp(s.dir, stick) == 0,
          "a stick folder with both files is offered as a stick");
    CHECK(count_offers(w, NULL) == 0, "once");

    /* Pulled (folder gone) and plugged back with the very same files: offered again. */
    char *cmd = xasprintf("mv '%s' '%s.away' && sleep 0 && mv '%s.away' '%s.back'", stick, stick, stick, stick);
    CHECK(system(cmd) == 0, "pull");
    free(cmd);
    wake(w);
    CHECK(!watch_source_present(&s), "the pulled stick's archive is not present");
    CHECK(count_offers(w, NULL) == 1, "the stick back (under a new name) is offered again");
    watch_source_free(&s);

    /* A tar bundle and a file system mounted over a watched folder (as the udev helper does). */
    char *sdc = fs_join(mounts, "sdc1");
    CHECK(mkdir(sdc, 0755) == 0, "mkdir sdc1");
    wake(w);
    char *src = tmpdir("tarsrc");
    if (geteuid() == 0 && mount("lobbysign-test", sdc, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=1m") == 0) {
        put(sdc, "lobbysign.tar", "tar\n");
        put(sdc, "lobbysign.tar.minisig", "sig\n");
        bool woke = false;
        for (int i = 0; i < 3 && !woke; i++) { /* events of the new file system's files come too */
            struct pollfd pf = {watch_mounts_fd(w), POLLPRI, 0};
            woke = poll(&pf, 1, 500) > 0 && (pf.revents & (POLLPRI | POLLERR));
            watch_handle(w);
        }
        CHECK(woke, "the mount table descriptor wakes for a mount");
        struct watch_source t = {0};
        CHECK(count_offers(w, &t) == 1 && t.archive && strstr(t.archive, "sdc1/lobbysign.tar"),
              "the bundle on the mounted file system is offered (%s)", t.archive ? t.archive : "none");
        watch_source_free(&t);
        CHECK(umount(sdc) == 0, "umount");
        wake(w);
        CHECK(count_offers(w, NULL) == 0, "after unmounting nothing is offered");
    } else {
        printf("SKIP mount-over-folder part: needs root and a tmpfs mount\n");
    }
    watch_free(w);
    cmd = xasprintf("rm -rf '%s' '%s'", mounts, src);
    CHECK(system(cmd) == 0, "cleanup");
    free(cmd);
    free(src);
    free(sdc);
    free(stick);
    free(mounts);
}

int main(void)
{
    test_inbox();
    test_mounts();
    return check_done();
}
