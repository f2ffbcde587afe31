/* POSIX TCP client: connect with a timeout to each address of a name in
 * turn (names resolved by resolve.c), bounded reads and writes. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include "tacme.h"
#include "tacme_port.h"
#include "resolve.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

static unsigned connects;

unsigned ta_net_connect_count(void)
{
	return connects;
}

/* Waits until fd is ready for events; 0, or TA_ERR_TIMEOUT / TA_ERR_NET. */
static int wait_fd(int fd, short events, unsigned timeout_ms)
{
	struct pollfd p;
	int r;

	p.fd = fd;
	p.events = events;
	p.revents = 0;
	do {
		r = poll(&p, 1, (int)timeout_ms);
	} while (r < 0 && errno == EINTR);
	if (r == 0)
		return TA_ERR_TIMEOUT;
	return r < 0 ? TA_ERR_NET : 0;
}

/* Connects one address; returns the fd, or a negative error with *why set. */
static int try_addr(const ta_addr *a, unsigned port, unsigned timeout_ms, int *why)
{
	struct sockaddr_storage ss;
	socklen_t sl = ta_addr_sockaddr(a, port, &ss);
	int fd, flags, r, soerr = 0;
	socklen_t el = sizeof(soerr);

	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (fd < 0) {
		*why = errno;
		return TA_ERR_NET;
	}
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	flags = fcntl(fd, F_GETFL, 0);
	(void)fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	r = connect(fd, (struct sockaddr *)&ss, sl);
	if (r != 0 && errno == EINPROGRESS) {
		r = wait_fd(fd, POLLOUT, timeout_ms);
		if (r == TA_ERR_TIMEOUT) {
			*why = ETIMEDOUT;
			close(fd);
			return TA_ERR_TIMEOUT;
		}
		if (r == 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &el) == 0 && soerr == 0)
			return fd;
		*why = soerr ? soerr : errno;
		close(fd);
		return TA_ERR_NET;
	}
	if (r != 0) {
		*why = errno;
		close(fd);
		return TA_ERR_NET;
	}
	return fd;
}

int ta_net_connect(ta_net *n, const char *host, unsigned port, unsigned timeout_ms)
{
	ta_addrs addrs;
	unsigned i;
	int r, fd = TA_ERR_NET, why = 0;

	n->fd = -1;
	n->timeout_ms = timeout_ms;
	n->until_ms = 0;
	if (port == 0 || port > 65535)
		return ta_error(TA_ERR_ARG, "bad port %u for %s", port, host);
	r = ta_resolve(host, &addrs);
	if (r)
		return r;                        /* "cannot resolve HOST: ...", recorded */
	for (i = 0; i < addrs.n; i++) {
		fd = try_addr(&addrs.a[i], port, timeout_ms, &why);
		if (fd >= 0)
			break;
	}
	if (fd < 0)
		return ta_error(fd, "cannot connect to %s port %u: %s", host, port, strerror(why));
	n->fd = fd;
	ta_net_limit(n, 2 * timeout_ms);     /* the proxy's reply, the handshake */
	connects++;
	return 0;
}

void ta_net_limit(ta_net *n, unsigned limit_ms)
{
	uint32_t t = ta_time_ms() + limit_ms;

	n->until_ms = t ? t : 1;
	n->limit_ms = limit_ms;
}

/* After a failed or short recv/send (r its result): 0 once the socket is
 * ready again (POLLIN or POLLOUT as events says), or the error, recorded. */
static int wait_again(ta_net *n, ssize_t r, short events)
{
	int w = TA_ERR_NET;

	if (r < 0 && errno == EINTR)
		return 0;
	if (r >= 0 || errno == EAGAIN || errno == EWOULDBLOCK) {
		unsigned ms = n->timeout_ms;
		int32_t left = (int32_t)(n->until_ms - ta_time_ms());

		if (n->until_ms && left < (int32_t)ms)
			ms = left > 0 ? (unsigned)left : 0;
		w = wait_fd(n->fd, events, ms);
		if (w == TA_ERR_TIMEOUT && ms < n->timeout_ms)
			return ta_error(w, "the server took more than %u ms (a few bytes at a "
				"time?)", n->limit_ms);
		if (w == TA_ERR_TIMEOUT)
			return ta_error(w, events == POLLIN ? "no data from the server for %u ms" :
				"server accepted no data for %u ms", n->timeout_ms);
		if (!w)
			return 0;
	}
	return ta_error(w, "%s: %s", events == POLLIN ? "read" : "write", strerror(errno));
}

int ta_net_read(ta_net *n, unsigned char *buf, size_t len)
{
	ssize_t r;
	int w;

	if (n->fd < 0)
		return TA_ERR_CLOSED;
	for (;;) {
		r = recv(n->fd, buf, len, 0);
		if (r >= 0)
			return (int)r;
		if ((w = wait_again(n, r, POLLIN)) != 0)
			return w;
	}
}

int ta_net_write(ta_net *n, const unsigned char *buf, size_t len)
{
	ssize_t r;
	int w;

	if (n->fd < 0)
		return TA_ERR_CLOSED;
	while (len) {
		r = send(n->fd, buf, len, MSG_NOSIGNAL);
		if (r > 0) {
			buf += r;
			len -= (size_t)r;
		} else if ((w = wait_again(n, r, POLLOUT)) != 0) {
			return w;
		}
	}
	return 0;
}

void ta_net_close(ta_net *n)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
}
