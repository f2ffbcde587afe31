/* DNS transport: one UDP exchange with id matching, a TCP exchange for
 * truncated answers, and the first nameserver of /etc/resolv.conf. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>
#include "tacme.h"
#include "tacme_port.h"
#include "resolve.h"

/* A UDP socket connected to host:port (so only that peer's datagrams
 * arrive); the fd or a negative error, recorded. */
static int udp_socket(const char *host, unsigned port)
{
	struct sockaddr_storage ss;
	ta_addrs addrs;
	unsigned i;
	int fd = -1, why = 0, had = ta_error_code();

	if (port == 0 || port > 65535)
		return ta_error(TA_ERR_ARG, "bad DNS server port %u", port);
	if (ta_resolve(host, &addrs)) {
		if (!had)                        /* "dns_resolver: cannot resolve ..." */
			ta_error_prefix("dns_resolver (better an IP address): ");
		return TA_ERR_NET;
	}
	for (i = 0; i < addrs.n && fd < 0; i++) {
		socklen_t sl = ta_addr_sockaddr(&addrs.a[i], port, &ss);

		fd = socket(ss.ss_family, SOCK_DGRAM, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&ss, sl) != 0) {
			why = errno;
			close(fd);
			fd = -1;
		} else if (fd < 0) {
			why = errno;
		}
	}
	if (fd < 0)
		return ta_error(TA_ERR_NET, "cannot reach the DNS server %s port %u: %s", host, port,
			strerror(why));
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/* 1 if datagram a[0..n) may be the answer to query q[0..qlen): the same
 * id, QR set, and the question echoed (in any case), unless it has none (a
 * FORMERR may omit it).  A stray or forged datagram is skipped, so the
 * real answer behind it is still read. */
static int answers(const unsigned char *a, size_t n, const unsigned char *q, size_t qlen)
{
	size_t i;

	if (n < 12 || qlen < 12 || memcmp(a, q, 2) || !(a[2] & 0x80))
		return 0;
	if (!a[4] && !a[5])
		return 1;
	if (n < qlen || memcmp(a + 4, q + 4, 2))
		return 0;
	for (i = 12; i < qlen; i++)
		if (a[i] != q[i] && ((a[i] | 0x20) != (q[i] | 0x20) || (q[i] | 0x20) < 'a' ||
		    (q[i] | 0x20) > 'z'))
			return 0;
	return 1;
}

int ta_udp_exchange(const char *host, unsigned port, const void *query, size_t qlen,
	void *answer, size_t cap, size_t *alen, unsigned timeout_ms)
{
	uint32_t start = ta_time_ms();
	int fd = udp_socket(host, port), r = TA_ERR_TIMEOUT;

	if (fd < 0)
		return fd;
	if (qlen < 2 || send(fd, query, qlen, 0) != (ssize_t)qlen) {
		r = ta_error(TA_ERR_NET, "cannot send to the DNS server %s port %u: %s", host, port,
			strerror(errno));
		goto out;
	}
	for (;;) {
		uint32_t spent = ta_time_ms() - start;
		struct pollfd p;
		struct msghdr mh;
		struct iovec iov;
		ssize_t n;

		p.fd = fd;
		p.events = POLLIN;
		p.revents = 0;
		if (spent >= timeout_ms)
			break;
		n = poll(&p, 1, (int)(timeout_ms - spent));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = answer;
		iov.iov_len = cap;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		n = recvmsg(fd, &mh, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = ta_error(TA_ERR_NET, "no DNS service at %s port %u: %s (check dns_resolver)",
				host, port, strerror(errno));
			break;
		}
		if (!answers(answer, (size_t)n, query, qlen))
			continue;                /* not the answer to our query */
		if (mh.msg_flags & MSG_TRUNC) {
			r = ta_error(TA_ERR_SPACE, "the DNS answer from %s is larger than %zu bytes",
				host, cap);
			break;
		}
		*alen = (size_t)n;
		r = 0;
		break;
	}
out:
	close(fd);
	return r;
}

/* Reads exactly len bytes; 0, or an error (recorded). */
static int read_full(ta_net *n, unsigned char *p, size_t len, const char *host)
{
	while (len) {
		int r = ta_net_read(n, p, len);

		if (r < 0)
			return r;
		if (r == 0)
			return ta_error(TA_ERR_CLOSED, "the DNS server %s closed the TCP connection "
				"before the whole answer", host);
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

int ta_dns_tcp_exchange(const char *host, unsigned port, const void *query, size_t qlen,
	void *answer, size_t cap, size_t *alen, unsigned timeout_ms)
{
	unsigned char hdr[2];
	size_t want = 0;
	ta_net n;
	int r;

	if (qlen > 0xffff)
		return ta_error(TA_ERR_ARG, "DNS query too long");
	r = ta_net_connect(&n, host, port, timeout_ms);
	if (r)
		return r;
	ta_net_limit(&n, timeout_ms);        /* the whole exchange, after the connect */
	hdr[0] = (unsigned char)(qlen >> 8);
	hdr[1] = (unsigned char)qlen;
	r = ta_net_write(&n, hdr, 2);
	if (!r)
		r = ta_net_write(&n, query, qlen);
	if (!r)
		r = read_full(&n, hdr, 2, host);
	if (!r) {
		want = (size_t)(hdr[0] << 8 | hdr[1]);
		if (want > cap)
			r = ta_error(TA_ERR_SPACE, "the DNS answer from %s over TCP is %zu bytes, more "
				"than %zu", host, want, cap);
	}
	if (!r)
		r = read_full(&n, answer, want, host);
	ta_net_close(&n);
	if (!r)
		*alen = want;
	return r;
}

int ta_dns_default_resolver(char *out, size_t cap, unsigned k, unsigned *count)
{
	ta_resolvconf rc;
	size_t n;
	int v6, had = ta_error_code();

	*count = 1;
	/* no file or no nameserver line: musl's default, 127.0.0.1 (a router
	 * at boot, before its /tmp/resolv.conf is written) */
	if (ta_resolvconf_load("/etc/resolv.conf", &rc) && !had)
		ta_error_clear();
	if (rc.nns == 0)
		return TA_ERR_NOTFOUND;      /* unreadable file */
	*count = rc.nns;
	k %= rc.nns;
	n = strlen(rc.nsname[k]);
	v6 = rc.ns[k].len == 16;                 /* IPv6: bracketed for ":port" */
	if (n + (v6 ? 2 : 0) >= cap)
		return TA_ERR_SPACE;
	out[0] = '[';
	memcpy(out + v6, rc.nsname[k], n);
	out[n + v6] = ']';
	out[n + 2 * v6] = '\0';
	return 0;
}
