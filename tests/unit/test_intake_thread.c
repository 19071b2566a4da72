/* test_intake_thread: with 30,000 folders under the mounts folder, the loop thread does no folder
 * walk and no file stat (the intake's scanner thread does them all: issue 20). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/clock.h"
#include "service/intake.h"
#include "service/loop.h"
#include "store/watch.h"

#define FOLDERS 30000

int main(void)
{
    char root[] = "/tmp/ls-intake-thread-XXXXXX";
    if (!mkdtemp(root))
        return 1;
    char path[256];
    snprintf(path, sizeof path, "%s/mounts", root);
    mkdir(path, 0755);
    for (int i = 0; i < FOLDERS; i++) {
        snprintf(path, sizeof path, "%s/mounts/s%d", root, i);
        if (mkdir(path, 0755) != 0) {
            perror(path);
            return 1;
        }
    }
    char mounts[256], store[256], keys[256];
    snprintf(mounts, sizeof mounts, "%s/mounts", root);
    snprintf(store, sizeof store, "%s/store", root);
    snprintf(keys, sizeof keys, "%s/keys", root);
    struct loop *l = loop_new(&(struct loop_config){.clock = clock_system(), .min_frame_ms = 16});
    struct intake *u = intake_new(&(struct intake_config){.mounts = mounts, .inbox = "", .store = store,
                                                          .keys = keys, .mountinfo = "", .width = 640, .height = 360},
                                  NULL, l);
    int fails = 0;
    if (!u || !l) {
        fprintf(stderr, "FAIL: intake_new\n");
        fails++;
    }
    for (int i = 0; i < 20 && u; i++)
        loop_turn(l, 50);
    size_t on_loop = watch_stats_this_thread();
    if (on_loop != 0) {
        fprintf(stderr, "FAIL: the loop thread walked or stat'ed %zu times (expected 0)\n", on_loop);
        fails++;
    }
    intake_free(u);
    loop_free(l);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", root);
    if (!fails)
        printf("ok: %d folders, no walk or stat on the loop thread\n", FOLDERS);
    return fails ? 1 : 0;
}
