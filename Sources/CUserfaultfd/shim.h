#ifndef CUSERFAULTFD_SHIM_H
#define CUSERFAULTFD_SHIM_H
/* userfaultfd(2) has no glibc wrapper, and Swift cannot call the variadic syscall(2): CodePages
   (Sources/agenda-sync/CodePages.swift) registers the binary's text through this. */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef UFFD_FEATURE_WP_ASYNC
#define UFFD_FEATURE_WP_ASYNC (1 << 15) /* Linux 6.7; Debian 12's headers predate it */
#endif

/* A userfaultfd whose write-protect faults the kernel resolves itself (UFFD_FEATURE_WP_ASYNC, Linux
   ≥ 6.7), so that registering a range needs no thread to handle its faults; -1 with errno set
   (ENOSYS, EPERM under a seccomp filter, EINVAL on a kernel without WP_ASYNC). It must stay open for
   the registrations to last. */
static inline int agenda_userfaultfd_wp_async(void) {
    int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
    if (fd < 0) return -1;
    struct uffdio_api api = { .api = UFFD_API, .features = UFFD_FEATURE_WP_ASYNC };
    if (ioctl(fd, UFFDIO_API, &api) != 0) {
        int error = errno;
        close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

/* Registers [start, start + length) with `fd` for write-protect faults, which is what turns
   fault-around off for the range (nothing is write-protected). 0, or -1 with errno set. */
static inline int agenda_userfaultfd_register_wp(int fd, unsigned long start, unsigned long length) {
    struct uffdio_register range = { .range = { .start = start, .len = length }, .mode = UFFDIO_REGISTER_MODE_WP };
    return ioctl(fd, UFFDIO_REGISTER, &range);
}
#endif
