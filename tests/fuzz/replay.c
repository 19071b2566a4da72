/* Replays fuzz inputs through a target without libFuzzer: every file in the folders given on the
 * command line, so the seed corpora (and crashes fixed once, kept there) run in every build. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/fsutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        if (!d) {
            fprintf(stderr, "replay: cannot open %s\n", argv[i]);
            return 2;
        }
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            char *path = fs_join(argv[i], e->d_name), *buf;
            size_t len;
            if (fs_read_file(path, 1u << 24, false, &buf, &len) == FS_OK) {
                LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
                free(buf);
                n++;
            }
            free(path);
        }
        closedir(d);
    }
    printf("replay: %d inputs ran clean\n", n);
    return n > 0 ? 0 : 1;
}
