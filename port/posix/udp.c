/* DNS transport: one UDP exchange with id matching, a TCP exchange for
 * truncated answers, and the system's resolver from /etc/resolv.conf. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>
#include "tacme.h"
#include "tacme_port.h"

/* A UDP socket connected to host:port (so only that peer's datagrams
 * arrive); the fd or a negative error, recorded. */
static int udp_socket(const char *host, unsigned port)
{
	struct addrinfo hints, *res, *ai;
	char service[8];
	int fd = -1, r, why = 0;

	if (port == 0 || port > 65535)
		return ta_error(TA_ERR_ARG, "bad DNS server port %u", port);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(service, sizeof(service), "%u", port);
	r = getaddrinfo(host, service, &hints, &res);
	if (r != 0)
		return ta_error(TA_ERR_NET, "cannot resolve the DNS server name %s: %s (use an IP "
			"address in dns_resolver)", host, gai_strerror(r));
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, SOCK_DGRAM, 0);
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
			why = errno;
			close(fd);
			fd = -1;
		} else if (fd < 0) {
			why = errno;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		return ta_error(TA_ERR_NET, "cannot reach the DNS server %s port %u: %s", host, port,
			strerror(why));
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
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
		if (n < 2 || memcmp(answer, query, 2))
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

int ta_dns_default_resolver(char *out, size_t cap)
{
	char line[512];
	FILE *f = fopen("/etc/resolv.conf", "r");
	int r = TA_ERR_NOTFOUND;

	if (!f)
		return TA_ERR_NOTFOUND;
	while (r == TA_ERR_NOTFOUND && fgets(line, sizeof(line), f)) {
		char *p = line, *e;
		int v6;

		p += strspn(p, " \t");
		if (strncmp(p, "nameserver", 10) || (p[10] != ' ' && p[10] != '\t'))
			continue;
		p += 10;
		p += strspn(p, " \t");
		e = p + strcspn(p, " \t\r\n#;");
		*e = '\0';
		if (!*p)
			continue;
		v6 = strchr(p, ':') != NULL;             /* IPv6: bracketed for ":port" */
		r = (size_t)(e - p) + (v6 ? 2 : 0) < cap ? 0 : TA_ERR_SPACE;
		if (!r)
			snprintf(out, cap, v6 ? "[%s]" : "%s", p);
	}
	fclose(f);
	return r;
}
