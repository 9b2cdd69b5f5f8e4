/* stdfd.c - reopen closed standard descriptors on /dev/null. */
#define _POSIX_C_SOURCE 200809L
#include "stdfd.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

enum status stdfd_ensure(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        /* open() returns the lowest free number, which is FD itself */
        int got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (got != fd) {
            if (got >= 0)
                close(got);
            return ST_USAGE;
        }
    }
    return ST_OK;
}
