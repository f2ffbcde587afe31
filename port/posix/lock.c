/* One run at a time per state folder: flock(2) on a lock file.  The kernel
 * releases it when the process dies, so a lock can never go stale. */
#define _DEFAULT_SOURCE
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include "tacme.h"
#include "tacme_port.h"

int ta_lock(const char *path, int wait)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		return ta_error(TA_ERR_IO, "cannot open the lock file %s: %s", path, strerror(errno));
	while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
		if (errno == EINTR)
			continue;
		close(fd);
		if (errno == EWOULDBLOCK)
			return TA_ERR_CLOSED;
		return ta_error(TA_ERR_IO, "cannot lock %s: %s", path, strerror(errno));
	}
	return fd;
}

void ta_unlock(int handle)
{
	if (handle >= 0)
		close(handle);
}
