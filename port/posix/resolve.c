/* Name resolution for ta_net_connect and the DNS transport, in place of
 * the C library's getaddrinfo: IP literals, then /etc/hosts, then the
 * nameservers of /etc/resolv.conf, asked for A and AAAA records with the
 * queries and strict answer parsing of dnsq.c.
 *
 * Names are absolute: no search list and no ndots (tacme only ever
 * connects to the fully qualified names of CAs, proxies and DNS servers).
 * Addresses come IPv4 first, then IPv6, and ta_net_connect tries each in
 * turn: musl instead sorts them by RFC 3484 (IPv6 first when a route to it
 * exists), which for the usual dual-stack CA costs at most one failed
 * connect here; a host with only loopback or private addresses ends up in
 * the same order either way when it has one family. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "tacme.h"
#include "tacme_port.h"
#include "ta_dns.h"
#include "resolve.h"

int ta_addr_parse(const char *s, ta_addr *a)
{
	if (inet_pton(AF_INET, s, a->ip) == 1) {
		a->len = 4;
		return 1;
	}
	if (inet_pton(AF_INET6, s, a->ip) == 1) {
		a->len = 16;
		return 1;
	}
	return 0;
}

socklen_t ta_addr_sockaddr(const ta_addr *a, unsigned port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->len == 4) {
		struct sockaddr_in *v4 = (struct sockaddr_in *)(void *)ss;

		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		memcpy(&v4->sin_addr, a->ip, 4);
		return sizeof(*v4);
	} else {
		struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)(void *)ss;

		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		memcpy(&v6->sin6_addr, a->ip, 16);
		return sizeof(*v6);
	}
}

/* One question (A or AAAA) asked of every nameserver at once. */
typedef struct question {
	int qtype;
	uint16_t id;
	unsigned char q[300];
	size_t qlen;
	int done;                   /* a NOERROR or NXDOMAIN answer was taken */
	int rcode;                  /* its rcode */
	unsigned from;              /* the nameserver it came from */
	unsigned failed;            /* nameservers (bits) that answered otherwise */
	int bad;                    /* an answer was refused: */
	int bad_rcode;              /* the last one's rcode, -1 when malformed,
	                             * -2 when truncated and TCP failed */
	unsigned bad_from;          /* and where it came from */
	unsigned naddr;
	unsigned char addr[TA_ADDR_MAX][16];
} question;

typedef struct lookup {
	const char *host;
	const ta_resolvconf *rc;
	int fd[TA_NS_MAX];
	unsigned dead;              /* nameservers (bits) we cannot talk to */
	int dead_errno;
	question qs[2];
	uint32_t t0, total;
	unsigned char buf[4096];
	ta_dns_result res;
} lookup;

static const char *rcode_name(int rcode)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
		"NOTIMP", "REFUSED" };

	if (rcode < 0)
		return rcode == -1 ? "a malformed answer" : "a truncated answer and TCP to it failed";
	return (size_t)rcode < TA_ARRAY_LEN(names) ? names[rcode] : "an error";
}

/* Takes the datagram buf[0..n) from nameserver ns, if it answers one of
 * our questions still open (others are ignored). */
static void take_answer(lookup *L, unsigned ns, size_t n)
{
	ta_dns_result *res = &L->res;
	question *q = NULL;
	unsigned i;
	size_t alen = n;
	int had = ta_error_code(), r, tcp = 0;

	for (i = 0; i < 2; i++)
		if (n >= 2 && !L->qs[i].done && (unsigned)(L->buf[0] << 8 | L->buf[1]) == L->qs[i].id)
			q = &L->qs[i];
	if (!q || (q->failed & (1u << ns)))
		return;
	r = ta_dns_parse(L->buf, alen, q->id, L->host, q->qtype, res);
	if (!r && res->truncated) {          /* the whole answer over TCP */
		uint32_t spent = ta_time_ms() - L->t0;

		tcp = ta_dns_tcp_exchange(L->rc->nsname[ns], L->rc->port[ns], q->q, q->qlen, L->buf,
			sizeof(L->buf), &alen, spent < L->total ? L->total - spent : 1);
		r = tcp ? tcp : ta_dns_parse(L->buf, alen, q->id, L->host, q->qtype, res);
	}
	if (!had)                            /* told below, in the resolver's words */
		ta_error_clear();
	if (r || (res->rcode != TA_DNS_NOERROR && res->rcode != TA_DNS_NXDOMAIN)) {
		/* Wait for the other nameservers; a malformed datagram (forged?)
		 * does not end the wait for this one either. */
		if (!r || tcp)
			q->failed |= 1u << ns;
		q->bad = 1;
		q->bad_rcode = tcp ? -2 : r ? -1 : res->rcode;
		q->bad_from = ns;
		return;
	}
	q->done = 1;
	q->rcode = res->rcode;
	q->from = ns;
	for (i = 0; i < res->naddr && q->naddr < TA_ADDR_MAX; i++)
		memcpy(q->addr[q->naddr++], res->addr[i], 16);
}

/* 1 when nothing more can come: each question answered, or refused by
 * every nameserver. */
static int finished(const lookup *L)
{
	unsigned all = (1u << L->rc->nns) - 1, i;

	for (i = 0; i < 2; i++)
		if (!L->qs[i].done && ((L->qs[i].failed | L->dead) & all) != all)
			return 0;
	return 1;
}

/* Sends each open question to each nameserver that may still answer it. */
static void send_all(lookup *L)
{
	unsigned ns, i;

	for (ns = 0; ns < L->rc->nns; ns++)
		for (i = 0; i < 2; i++) {
			question *q = &L->qs[i];

			if (!(L->dead & (1u << ns)) && !q->done && !(q->failed & (1u << ns)) &&
			    send(L->fd[ns], q->q, q->qlen, 0) < 0 && errno != EAGAIN &&
			    errno != EWOULDBLOCK && errno != EINTR) {
				L->dead |= 1u << ns;
				L->dead_errno = errno;
			}
		}
}

/* Reads every datagram waiting on nameserver ns's socket. */
static void read_all(lookup *L, unsigned ns)
{
	for (;;) {
		ssize_t n = recv(L->fd[ns], L->buf, sizeof(L->buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				L->dead |= 1u << ns;     /* e.g. port unreachable */
				L->dead_errno = errno;
			}
			return;
		}
		take_answer(L, ns, (size_t)n);
	}
}

/* Opens a connected, non-blocking UDP socket to each nameserver (so only
 * its datagrams arrive). */
static void open_sockets(lookup *L)
{
	const ta_resolvconf *rc = L->rc;
	struct sockaddr_storage ss;
	unsigned ns;

	for (ns = 0; ns < rc->nns; ns++) {
		socklen_t sl = ta_addr_sockaddr(&rc->ns[ns], rc->port[ns], &ss);
		int fd = socket(ss.ss_family, SOCK_DGRAM, 0);

		if (fd >= 0) {
			(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
			(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
		}
		if (fd < 0 || connect(fd, (struct sockaddr *)&ss, sl) != 0) {
			L->dead |= 1u << ns;
			L->dead_errno = errno;
			if (fd >= 0)
				close(fd);
			fd = -1;
		}
		L->fd[ns] = fd;
	}
}

/* Appends s to out[0..cap) at *o; the caller sized out for all of it. */
static void put(char *out, size_t cap, size_t *o, const char *s)
{
	size_t n = strlen(s);

	if (*o + n < cap) {
		memcpy(out + *o, s, n + 1);
		*o += n;
	}
}

/* Records why the lookup found no address. */
static int no_address(const lookup *L)
{
	const ta_resolvconf *rc = L->rc;
	const question *a = &L->qs[0], *aaaa = &L->qs[1];
	const char *path = rc->path ? rc->path : "resolv.conf";
	char list[TA_NS_MAX * 50];
	size_t o = 0;
	unsigned ns;

	if ((a->done && a->rcode == TA_DNS_NXDOMAIN) || (aaaa->done && aaaa->rcode == TA_DNS_NXDOMAIN)) {
		ns = a->done && a->rcode == TA_DNS_NXDOMAIN ? a->from : aaaa->from;
		return ta_error(TA_ERR_NET, "cannot resolve %s: no such name (NXDOMAIN from %s)",
			L->host, rc->nsname[ns]);
	}
	if (a->done || aaaa->done)
		return ta_error(TA_ERR_NET, "cannot resolve %s: the name has no IPv4 or IPv6 address "
			"(no A or AAAA record from %s)", L->host, rc->nsname[a->done ? a->from : aaaa->from]);
	if (a->bad || aaaa->bad) {
		const question *q = a->bad ? a : aaaa;

		return ta_error(TA_ERR_NET, "cannot resolve %s: the nameserver %s (from %s) %s %s",
			L->host, rc->nsname[q->bad_from], path, q->bad_rcode < 0 ? "sent" : "answered",
			rcode_name(q->bad_rcode));
	}
	for (ns = 0; ns < rc->nns; ns++) {
		if (ns)
			put(list, sizeof(list), &o, ", ");
		put(list, sizeof(list), &o, rc->nsname[ns]);
	}
	if (L->dead == (1u << rc->nns) - 1)
		return ta_error(TA_ERR_NET, "cannot resolve %s: no DNS service at the nameservers in "
			"%s (%s): %s", L->host, path, list, strerror(L->dead_errno));
	return ta_error(TA_ERR_TIMEOUT, "cannot resolve %s: no answer from the nameservers in %s "
		"(%s) within %u s", L->host, path, list, rc->timeout_s);
}

/* Asks rc's nameservers for the A and AAAA records of host. */
static int dns_lookup(const char *host, const ta_resolvconf *rc, ta_addrs *out)
{
	lookup L;
	uint16_t id;
	uint32_t next = 0, interval;
	unsigned i, ns, n4, n6;
	int r;

	memset(&L, 0, sizeof(L));
	L.host = host;
	L.rc = rc;
	if (rc->nns == 0 || rc->nns > TA_NS_MAX || rc->timeout_s == 0 || rc->attempts == 0)
		return ta_error(TA_ERR_NET, "cannot resolve %s: no nameserver", host);
	if ((r = ta_rand(&id, sizeof(id))) != 0)
		return r;                        /* recorded */
	for (i = 0; i < 2; i++) {
		question *q = &L.qs[i];

		q->qtype = i ? TA_DNS_AAAA : TA_DNS_A;
		q->id = (uint16_t)(id ^ i);       /* two ids that differ */
		if (ta_dns_query(q->q, sizeof(q->q), q->id, host, q->qtype, &q->qlen))
			return ta_error(TA_ERR_NET, "cannot resolve %s: not a valid host name", host);
	}
	L.total = rc->timeout_s * 1000u;
	interval = L.total / rc->attempts;
	L.t0 = ta_time_ms();
	open_sockets(&L);
	while (!finished(&L)) {
		struct pollfd p[TA_NS_MAX];
		uint32_t now = ta_time_ms() - L.t0, until;

		if (now >= L.total)
			break;
		if (now >= next) {               /* the first try and each retry */
			send_all(&L);
			next += interval;
			continue;
		}
		until = next < L.total ? next : L.total;
		for (ns = 0; ns < rc->nns; ns++) {
			p[ns].fd = L.dead & (1u << ns) ? -1 : L.fd[ns];
			p[ns].events = POLLIN;
			p[ns].revents = 0;
		}
		if (poll(p, rc->nns, (int)(until - now)) < 0 && errno != EINTR)
			break;
		for (ns = 0; ns < rc->nns; ns++)
			if (p[ns].revents)
				read_all(&L, ns);
	}
	for (ns = 0; ns < rc->nns; ns++)
		if (L.fd[ns] >= 0)
			close(L.fd[ns]);
	/* IPv4 first, IPv6 after; half the room kept for IPv6 when it has
	 * addresses, so both families get tried. */
	n6 = L.qs[1].naddr < TA_ADDR_MAX / 2 ? L.qs[1].naddr : TA_ADDR_MAX / 2;
	n4 = L.qs[0].naddr < TA_ADDR_MAX - n6 ? L.qs[0].naddr : TA_ADDR_MAX - n6;
	n6 = L.qs[1].naddr < TA_ADDR_MAX - n4 ? L.qs[1].naddr : TA_ADDR_MAX - n4;
	out->n = 0;
	for (i = 0; i < n4; i++) {
		out->a[out->n].len = 4;
		memcpy(out->a[out->n++].ip, L.qs[0].addr[i], 4);
	}
	for (i = 0; i < n6; i++) {
		out->a[out->n].len = 16;
		memcpy(out->a[out->n++].ip, L.qs[1].addr[i], 16);
	}
	if (out->n)
		return 0;
	return no_address(&L);
}

int ta_resolve_with(const char *host, const char *hosts_path, const ta_resolvconf *rc,
	ta_addrs *out)
{
	ta_resolvconf sys;
	ta_cfgscan s;
	int r;

	out->n = 0;
	if (ta_addr_parse(host, &out->a[0])) {
		out->n = 1;
		return 0;
	}
	ta_hosts_begin(&s, host, out);
	r = ta_cfgscan_file(&s, hosts_path);
	if (r == TA_ERR_IO)
		return TA_ERR_NET;               /* recorded */
	if (out->n)
		return 0;
	if (!rc) {
		if (ta_resolvconf_load("/etc/resolv.conf", &sys))
			return TA_ERR_NET;           /* recorded */
		rc = &sys;
	}
	return dns_lookup(host, rc, out);
}

int ta_resolve(const char *host, ta_addrs *out)
{
	return ta_resolve_with(host, "/etc/hosts", NULL, out);
}
