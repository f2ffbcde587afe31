/* Kernel randomness: getrandom(2) where the C library has it, else
 * /dev/urandom.  No entropy is an error, never a weak fallback. */
#define _GNU_SOURCE
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "tacme.h"
#include "tacme_port.h"

/* getrandom through syscall(2) works with old glibc and musl alike. */
static int from_getrandom(unsigned char *p, size_t len)
{
#ifdef SYS_getrandom
	while (len) {
		long r = syscall(SYS_getrandom, p, len, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
#else
	(void)p;
	(void)len;
	return -1;
#endif
}

static int from_urandom(unsigned char *p, size_t len)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (len) {
		ssize_t r = read(fd, p, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			close(fd);
			return -1;
		}
		p += r;
		len -= (size_t)r;
	}
	close(fd);
	return 0;
}

int ta_rand(void *buf, size_t len)
{
	if (from_getrandom(buf, len) == 0 || from_urandom(buf, len) == 0)
		return 0;
	return ta_error(TA_ERR_RAND, "no randomness from the kernel (getrandom, /dev/urandom)");
}
