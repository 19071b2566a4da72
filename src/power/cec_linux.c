/* cec_linux: the kernel's CEC devices (/dev/cecN, <linux/cec.h>) behind cec_dev_ops. The descriptor is
 * blocking: the kernel bounds every transmit (its transfer timeout) and the reply wait (msg.timeout),
 * and the caller runs off the loop (tvlink.c). */
#include "power/cec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int cmp_num(const void *a, const void *b)
{
    int x = atoi((const char *)a + 8), y = atoi((const char *)b + 8); /* after "/dev/cec" */
    return (x > y) - (x < y);
}

static size_t lx_list(void *ctx, char (*paths)[CEC_PATH_MAX], size_t max)
{
    (void)ctx;
    DIR *d = opendir("/dev");
    if (!d)
        return 0;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) && n < max;) {
        if (strncmp(e->d_name, "cec", 3) != 0 || e->d_name[3] < '0' || e->d_name[3] > '9' ||
            strlen(e->d_name) > 16)
            continue;
        snprintf(paths[n++], CEC_PATH_MAX, "/dev/%.16s", e->d_name);
    }
    closedir(d);
    qsort(paths, n, CEC_PATH_MAX, cmp_num);
    return n;
}

static int lx_open(void *ctx, const char *path)
{
    (void)ctx;
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    uint32_t mode = CEC_MODE_INITIATOR; /* no follower: the kernel answers the core messages */
    if (ioctl(fd, CEC_S_MODE, &mode) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

static void lx_close(void *ctx, int h)
{
    (void)ctx;
    close(h);
}

static int lx_phys_addr(void *ctx, int h, uint16_t *pa)
{
    (void)ctx;
    return ioctl(h, CEC_ADAP_G_PHYS_ADDR, pa) < 0 ? -errno : 0;
}

static int lx_claim(void *ctx, int h, uint8_t *la)
{
    (void)ctx;
    struct cec_log_addrs l;
    memset(&l, 0, sizeof l);
    if (ioctl(h, CEC_ADAP_G_LOG_ADDRS, &l) < 0)
        return -errno;
    if (l.num_log_addrs == 0) {
        struct cec_caps caps;
        memset(&caps, 0, sizeof caps);
        if (ioctl(h, CEC_ADAP_G_CAPS, &caps) < 0)
            return -errno;
        if (!(caps.capabilities & CEC_CAP_LOG_ADDRS))
            return -EACCES; /* someone else configures this adapter and has not */
        memset(&l, 0, sizeof l);
        l.cec_version = CEC_OP_CEC_VERSION_1_4;
        l.vendor_id = CEC_VENDOR_ID_NONE;
        l.num_log_addrs = 1;
        snprintf(l.osd_name, sizeof l.osd_name, "lobbysign");
        l.primary_device_type[0] = CEC_OP_PRIM_DEVTYPE_PLAYBACK; /* never an audio system: many TVs mute */
        l.log_addr_type[0] = CEC_LOG_ADDR_TYPE_PLAYBACK;
        l.all_device_types[0] = CEC_OP_ALL_DEVTYPE_PLAYBACK;
        if (ioctl(h, CEC_ADAP_S_LOG_ADDRS, &l) < 0) /* blocking: returns once claimed (bounded) */
            return -errno;
    }
    if (l.log_addr[0] == CEC_LOG_ADDR_INVALID)
        return -ENONET;
    *la = l.log_addr[0];
    return 0;
}

static int lx_transmit(void *ctx, int h, struct cec_msg *msg)
{
    (void)ctx;
    return ioctl(h, CEC_TRANSMIT, msg) < 0 ? -errno : 0;
}

struct cec_dev_ops cec_dev_ops_linux(void)
{
    return (struct cec_dev_ops){.list = lx_list, .open = lx_open, .close = lx_close, .phys_addr = lx_phys_addr,
                                .claim = lx_claim, .transmit = lx_transmit};
}
