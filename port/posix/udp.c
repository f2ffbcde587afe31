/* DNS transport: one UDP exchange with id matching, a TCP exchange for
 * truncated answers, and the system's resolver from /etc/resolv.conf. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include "tacme.h"
#include "tacme_port.h"

static int udp_socket(const char *host, unsigned port)
{
	struct addrinfo hints, *res;
	char service[8];
	int fd, r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(service, sizeof(service), "%u", port);
	r = getaddrinfo(host, service, &hints, &res);
	if (r != 0)
		return ta_error(TA_ERR_NET, "cannot resolve DNS server %s: %s", host, gai_strerror(r));
	fd = socket(res->ai_family, SOCK_DGRAM, 0);
	if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return ta_error(TA_ERR_NET, "cannot reach DNS server %s port %u: %s", host, port,
			strerror(errno));
	return fd;
}

int ta_udp_exchange(const char *host, unsigned port, const void *query, size_t qlen,
	void *answer, size_t cap, size_t *alen, unsigned timeout_ms)
{
	const unsigned char *q = query;
	uint32_t start = ta_time_ms();
	int fd = udp_socket(host, port);

	if (fd < 0)
		return fd;
	if (send(fd, query, qlen, 0) != (ssize_t)qlen) {
		close(fd);
		return ta_error(TA_ERR_NET, "cannot send to DNS server %s: %s", host, strerror(errno));
	}
	for (;;) {
		uint32_t spent = ta_time_ms() - start;
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;

		if (spent >= timeout_ms || poll(&p, 1, (int)(timeout_ms - spent)) <= 0) {
			close(fd);
			return TA_ERR_TIMEOUT;
		}
		n = recv(fd, answer, cap, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return ta_error(TA_ERR_NET, "DNS server %s: %s", host, strerror(errno));
		}
		if (n >= 2 && !memcmp(answer, q, 2)) {
			close(fd);
			*alen = (size_t)n;
			return 0;
		}
	}
}

int ta_dns_tcp_exchange(const char *host, unsigned port, const void *query, size_t qlen,
	void *answer, size_t cap, size_t *alen, unsigned timeout_ms)
{
	unsigned char hdr[2], *a = answer;
	size_t want, got = 0;
	ta_net n;
	int r;

	if ((r = ta_net_connect(&n, host, port, timeout_ms)) != 0)
		return r;
	hdr[0] = (unsigned char)(qlen >> 8);
	hdr[1] = (unsigned char)qlen;
	r = ta_net_write(&n, hdr, 2);
	if (!r)
		r = ta_net_write(&n, query, qlen);
	for (got = 0; !r && got < 2; got += (size_t)r, r = 0)
		if ((r = ta_net_read(&n, hdr + got, 2 - got)) <= 0)
			r = r ? r : TA_ERR_NET;
	want = (size_t)(hdr[0] << 8 | hdr[1]);
	if (!r && want > cap)
		r = ta_error(TA_ERR_SPACE, "DNS answer over TCP too large");
	for (got = 0; !r && got < want; got += (size_t)r, r = 0)
		if ((r = ta_net_read(&n, a + got, want - got)) <= 0)
			r = r ? r : TA_ERR_NET;
	ta_net_close(&n);
	if (r)
		return r;
	*alen = want;
	return 0;
}

int ta_dns_default_resolver(char *out, size_t cap)
{
	char line[256];
	FILE *f = fopen("/etc/resolv.conf", "r");
	int r = TA_ERR_NOTFOUND;

	if (!f)
		return TA_ERR_NOTFOUND;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *e;

		if (strncmp(p, "nameserver", 10) || (p[10] != ' ' && p[10] != '\t'))
			continue;
		p += 11;
		p += strspn(p, " \t");
		e = p + strcspn(p, " \t\r\n%");
		*e = '\0';
		if (!*p)
			continue;
		r = (size_t)(e - p) + (strchr(p, ':') ? 2 : 0) < cap ? 0 : TA_ERR_SPACE;
		if (!r)
			snprintf(out, cap, strchr(p, ':') ? "[%s]" : "%s", p);
		break;
	}
	fclose(f);
	return r;
}
