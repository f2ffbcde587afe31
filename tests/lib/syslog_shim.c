/* A preloaded library that catches what a program sends to the system log:
 * connect() to the AF_UNIX socket /dev/log is pretended to succeed, and
 * every datagram then sent on that socket (send, sendto, sendmsg or write)
 * is appended to the file $TACME_TEST_SYSLOG, one line each.  Without that
 * variable everything passes through.  Build:
 *   cc -shared -fPIC -o syslog_shim.so syslog_shim.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static int log_fd = -1;

static void keep(const void *p, size_t n)
{
	static ssize_t (*real_write)(int, const void *, size_t);
	const char *path = getenv("TACME_TEST_SYSLOG");
	int fd;

	if (!real_write)
		real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	fd = path ? open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600) : -1;
	if (fd < 0)
		return;
	real_write(fd, p, n);
	real_write(fd, "\n", 1);
	close(fd);
}

int connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	static int (*real)(int, const struct sockaddr *, socklen_t);

	if (getenv("TACME_TEST_SYSLOG") && sa && sa->sa_family == AF_UNIX &&
	    len > offsetof(struct sockaddr_un, sun_path) &&
	    !strcmp(((const struct sockaddr_un *)(const void *)sa)->sun_path, "/dev/log")) {
		log_fd = fd;
		return 0;
	}
	if (!real)
		real = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "connect");
	return real(fd, sa, len);
}

ssize_t send(int fd, const void *p, size_t n, int flags)
{
	static ssize_t (*real)(int, const void *, size_t, int);

	if (fd >= 0 && fd == log_fd) {
		keep(p, n);
		return (ssize_t)n;
	}
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, int))dlsym(RTLD_NEXT, "send");
	return real(fd, p, n, flags);
}

ssize_t sendto(int fd, const void *p, size_t n, int flags, const struct sockaddr *sa,
	socklen_t len)
{
	static ssize_t (*real)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);

	if (fd >= 0 && fd == log_fd) {
		keep(p, n);
		return (ssize_t)n;
	}
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, int, const struct sockaddr *,
			socklen_t))dlsym(RTLD_NEXT, "sendto");
	return real(fd, p, n, flags, sa, len);
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	static ssize_t (*real)(int, const struct msghdr *, int);

	if (fd >= 0 && fd == log_fd) {
		char buf[8192];
		size_t n = 0, i;

		for (i = 0; i < m->msg_iovlen; i++) {
			size_t k = m->msg_iov[i].iov_len;

			if (k > sizeof(buf) - n)
				k = sizeof(buf) - n;
			memcpy(buf + n, m->msg_iov[i].iov_base, k);
			n += k;
		}
		keep(buf, n);
		return (ssize_t)n;
	}
	if (!real)
		real = (ssize_t (*)(int, const struct msghdr *, int))dlsym(RTLD_NEXT, "sendmsg");
	return real(fd, m, flags);
}

ssize_t write(int fd, const void *p, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);

	if (fd >= 0 && fd == log_fd) {
		keep(p, n);
		return (ssize_t)n;
	}
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	return real(fd, p, n);
}

int close(int fd)
{
	static int (*real)(int);

	if (fd >= 0 && fd == log_fd)
		log_fd = -1;
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "close");
	return real(fd);
}
