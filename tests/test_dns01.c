/* Tests of the dns-01 propagation wait at the zone's own servers.  They
 * need DNS servers on port 53 of several loopback addresses, so each runs
 * in a network namespace of its own (root only; skipped otherwise): a
 * caching resolver on 127.0.0.1 that keeps answering NXDOMAIN for the TXT
 * record (a negative answer cached before the record was published), and
 * the zone's two authoritative servers on 127.0.0.2 and 127.0.0.3, the
 * second one lagging behind the first. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_port.h"
#include "ta_dns.h"
#include "ta_dns01.h"

#define VALUE "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define LAG_MS 1500             /* 127.0.0.3 shows the value this late */

enum {
	M_LAG,          /* both servers get the value, the second LAG_MS late */
	M_NEVER,        /* the second server never gets it */
	M_GONE,         /* the NS hosts' addresses answer nothing; the
	                 * resolver shows the value */
	M_NOTAUTH,      /* the servers answer without AA (a lame delegation);
	                 * the resolver shows the value */
	M_CNAME,        /* _acme-challenge CNAME to x.auth.test, another zone
	                 * (as with acme-dns), whose server has the value */
	M_NEWCNAME,     /* the same CNAME, new: the resolver still has an
	                 * NXDOMAIN cached for _acme-challenge, the zone's
	                 * servers answer with the CNAME */
	M_SILENT        /* the zone's servers drop every query; the
	                 * resolver never shows the value */
};

/* ---- a DNS answer, written plainly (no compression) ------------------------- */

typedef struct msg {
	unsigned char b[1024];
	size_t len;
	unsigned an, ns;
} msg;

static void put_name(msg *m, const char *name)
{
	while (*name) {
		size_t l = strcspn(name, ".");

		m->b[m->len++] = (unsigned char)l;
		memcpy(m->b + m->len, name, l);
		m->len += l;
		name += l + (name[l] == '.');
	}
	m->b[m->len++] = 0;
}

static void put16(msg *m, unsigned v)
{
	m->b[m->len++] = (unsigned char)(v >> 8);
	m->b[m->len++] = (unsigned char)v;
}

/* Appends a record; rdata is a name for NS and CNAME, "ip" text for A, the
 * zone's SOA (mname ns1.<owner>) for SOA, the text for TXT. */
static void rr(msg *m, const char *owner, unsigned type, const char *rdata)
{
	size_t at;

	put_name(m, owner);
	put16(m, type);
	put16(m, 1);
	put16(m, 0);
	put16(m, 60);
	at = m->len;
	m->len += 2;
	if (type == TA_DNS_NS || type == TA_DNS_CNAME) {
		put_name(m, rdata);
	} else if (type == TA_DNS_A) {
		inet_pton(AF_INET, rdata, m->b + m->len);
		m->len += 4;
	} else if (type == TA_DNS_SOA) {
		put_name(m, "ns1.example.test");
		put_name(m, "hostmaster.example.test");
		memset(m->b + m->len, 0, 20);
		m->b[m->len + 19] = 60;
		m->len += 20;
	} else {
		m->b[m->len++] = (unsigned char)strlen(rdata);
		memcpy(m->b + m->len, rdata, strlen(rdata));
		m->len += strlen(rdata);
	}
	m->b[at] = (unsigned char)((m->len - at - 2) >> 8);
	m->b[at + 1] = (unsigned char)(m->len - at - 2);
}

/* The question's name (dotted, lower case) and type from query q[0..n). */
static int question(const unsigned char *q, size_t n, char *name, unsigned *type)
{
	size_t o = 12, k = 0;

	while (o < n && q[o]) {
		if (k)
			name[k++] = '.';
		if (o + 1 + q[o] > n || k + q[o] > 250)
			return -1;
		memcpy(name + k, q + o + 1, q[o]);
		k += q[o];
		o += 1 + q[o];
	}
	name[k] = '\0';
	for (k = 0; name[k]; k++)
		if (name[k] >= 'A' && name[k] <= 'Z')
			name[k] = (char)(name[k] + 32);
	if (o + 5 > n)
		return -1;
	*type = (unsigned)(q[o + 1] << 8 | q[o + 2]);
	return (int)(o + 5);
}

/* 1 if name is zone or below it. */
static int under(const char *name, const char *zone)
{
	size_t n = strlen(name), z = strlen(zone);

	return n >= z && !strcmp(name + n - z, zone) && (n == z || name[n - z - 1] == '.');
}

/* The answer of server srv (1: the resolver, 2 and 3: the zone's servers)
 * in mode to the question name/type, ms after the servers started. */
static void answer(msg *m, int srv, int mode, const char *name, unsigned type, unsigned ms)
{
	const char *zone = under(name, "auth.test") ? "auth.test" : "example.test";
	int aa = srv > 1 && mode != M_NOTAUTH, has = 0, rcode = 0;

	if (srv == 1) {
		if (type == TA_DNS_NS && !strcmp(name, zone)) {
			rr(m, name, TA_DNS_NS, !strcmp(zone, "auth.test") ? "ns.auth.test" :
				"ns1.example.test");
			m->an++;
			if (strcmp(zone, "auth.test")) {
				rr(m, name, TA_DNS_NS, "ns2.example.test");
				m->an++;
			}
		} else if (type == TA_DNS_A && (!strcmp(name, "ns1.example.test") ||
		    !strcmp(name, "ns.auth.test"))) {
			rr(m, name, TA_DNS_A, mode == M_GONE ? "127.0.0.9" : "127.0.0.2");
			m->an++;
		} else if (type == TA_DNS_A && !strcmp(name, "ns2.example.test")) {
			rr(m, name, TA_DNS_A, mode == M_GONE ? "127.0.0.10" : "127.0.0.3");
			m->an++;
		} else if (mode == M_CNAME && !strcmp(name, "_acme-challenge.c.example.test")) {
			rr(m, name, TA_DNS_CNAME, "x.auth.test");
			m->an++;
			rcode = 3;              /* x.auth.test: cached as absent */
			zone = "auth.test";
		} else if (type == TA_DNS_TXT && (mode == M_GONE || mode == M_NOTAUTH) &&
		    !strcmp(name, "_acme-challenge.a.example.test")) {
			rr(m, name, TA_DNS_TXT, VALUE);
			m->an++;
		} else if (type == TA_DNS_SOA && !strcmp(name, zone)) {
			rr(m, name, TA_DNS_SOA, "");
			m->an++;
		} else {
			rcode = !strcmp(name, zone) ? 0 : 3;
		}
	} else if (mode == M_NEWCNAME && !strcmp(name, "_acme-challenge.s.example.test")) {
		rr(m, name, TA_DNS_CNAME, "x.auth.test");
		m->an++;
	} else {
		has = mode == M_CNAME || mode == M_NEWCNAME ? srv == 2 && !strcmp(name, "x.auth.test") :
			!strcmp(name, "_acme-challenge.a.example.test") &&
			(srv == 2 || (mode != M_NEVER && ms >= LAG_MS));
		if (has && type == TA_DNS_TXT) {
			rr(m, name, TA_DNS_TXT, VALUE);
			m->an++;
		} else if (!has) {
			rcode = 3;
		}
	}
	if (!m->an) {
		rr(m, zone, TA_DNS_SOA, "");
		m->ns++;
	}
	m->b[2] = (unsigned char)(0x80 | (aa ? 0x04 : 0) | (m->b[2] & 0x01));
	m->b[3] = (unsigned char)((srv == 1 ? 0x80 : 0) | rcode);
}

/* The three servers, until killed. */
static void serve(int mode)
{
	static const char *const ips[3] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };
	struct pollfd p[3];
	uint32_t t0 = ta_time_ms();
	int i;

	for (i = 0; i < 3; i++) {
		struct sockaddr_in sa;

		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_port = htons(53);
		inet_pton(AF_INET, ips[i], &sa.sin_addr);
		p[i].fd = socket(AF_INET, SOCK_DGRAM, 0);
		p[i].events = POLLIN;
		if (p[i].fd < 0 || bind(p[i].fd, (struct sockaddr *)&sa, sizeof(sa)))
			_exit(3);
	}
	for (;;) {
		if (poll(p, 3, 30000) <= 0)
			_exit(0);
		for (i = 0; i < 3; i++) {
			struct sockaddr_storage from;
			socklen_t fl = sizeof(from);
			unsigned char q[512];
			char name[256];
			unsigned type;
			ssize_t n;
			int end;
			msg m;

			if (!(p[i].revents & POLLIN))
				continue;
			n = recvfrom(p[i].fd, q, sizeof(q), 0, (struct sockaddr *)&from, &fl);
			if (n < 12 || (end = question(q, (size_t)n, name, &type)) < 0 ||
			    (mode == M_SILENT && i > 0))
				continue;
			memset(&m, 0, sizeof(m));
			memcpy(m.b, q, (size_t)end);
			m.len = (size_t)end;
			answer(&m, i + 1, mode, name, type, ta_time_ms() - t0);
			m.b[6] = 0;
			m.b[7] = (unsigned char)m.an;
			m.b[8] = 0;
			m.b[9] = (unsigned char)m.ns;
			m.b[10] = m.b[11] = 0;
			(void)!sendto(p[i].fd, m.b, m.len, 0, (struct sockaddr *)&from, fl);
		}
	}
}

/* ---- the namespace ----------------------------------------------------------- */

/* Enters a network namespace of its own with the loopback up.  0 or -1. */
static int own_netns(void)
{
	struct ifreq ifr;
	int fd;

	if (unshare(CLONE_NEWNET))
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) == 0) {
			close(fd);
			return 0;
		}
	}
	close(fd);
	return -1;
}

/* With it set, the child also gets a mount namespace whose
 * /etc/resolv.conf holds this text, and waits through it (no resolver). */
static const char *resolv_text;

/* Puts resolv_text over /etc/resolv.conf in a mount namespace of its
 * own.  0 or -1. */
static int own_resolv_conf(void)
{
	char path[] = "/tmp/tacme-resolv-XXXXXX";
	int fd, r;

	if (unshare(CLONE_NEWNS) || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -1;
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	r = write(fd, resolv_text, strlen(resolv_text)) == (ssize_t)strlen(resolv_text) ? 0 : -1;
	close(fd);
	if (!r)
		r = mount(path, "/etc/resolv.conf", NULL, MS_BIND, NULL);
	unlink(path);
	return r;
}

/* Runs ta_dns01_wait for domain in mode with a timeout of timeout_s, in a
 * namespace of its own; *ms: how long it took; msg: its error message.
 * Returns its result, or 1000 when the namespace could not be made (then
 * the test is skipped) or the child failed. */
static int wait_in_netns(int mode, const char *domain, unsigned timeout_s, unsigned *ms,
	char *errmsg, size_t cap)
{
	struct { int r; unsigned ms; char msg[400]; } out;
	int pipefd[2], st;
	pid_t pid;

	if (geteuid() != 0 || pipe(pipefd))
		return 1000;
	memset(&out, 0, sizeof(out));
	pid = fork();
	if (pid < 0)
		return 1000;
	if (pid == 0) {
		pid_t srv;
		uint32_t t0;

		close(pipefd[0]);
		if (own_netns() || (resolv_text && own_resolv_conf()))
			_exit(2);
		srv = fork();
		if (srv == 0)
			serve(mode);
		ta_time_sleep_ms(100);       /* the servers bind */
		if (getenv("TACME_TEST_DEBUG"))
			ta_log_open("stderr", TA_LOG_DEBUG);
		ta_error_clear();
		t0 = ta_time_ms();
		out.r = ta_dns01_wait(resolv_text ? NULL : "127.0.0.1", domain, VALUE, timeout_s);
		out.ms = ta_time_ms() - t0;
		snprintf(out.msg, sizeof(out.msg), "%s", ta_error_msg());
		kill(srv, SIGKILL);
		waitpid(srv, NULL, 0);
		_exit(write(pipefd[1], &out, sizeof(out)) == (ssize_t)sizeof(out) ? 0 : 1);
	}
	close(pipefd[1]);
	st = (int)read(pipefd[0], &out, sizeof(out));
	close(pipefd[0]);
	waitpid(pid, NULL, 0);
	if (st != (int)sizeof(out))
		return 1000;
	*ms = out.ms;
	snprintf(errmsg, cap, "%s", out.msg);
	return out.r;
}

static int skip_unless(int r)
{
	if (r != 1000)
		return 0;
	ta_test_skip(geteuid() ? "needs root (a network namespace with DNS servers on port 53)" :
		"cannot make a network namespace");
	return 1;
}

/* ---- the tests ----------------------------------------------------------------- */

/* The resolver keeps its cached NXDOMAIN; the zone's servers have the
 * value, the second one LAG_MS late: the wait ends when both have it. */
static void t_authoritative_lag(void)
{
	char m[400];
	unsigned ms = 0;
	int r = wait_in_netns(M_LAG, "a.example.test", 10, &ms, m, sizeof(m));

	if (skip_unless(r))
		return;
	CHECK_INT(r, 0);
	CHECK(ms >= LAG_MS - 200 && ms < 6000);   /* the servers started 100 ms early */
	if (ta_test_failed)
		fprintf(stderr, "    %u ms: %s\n", ms, m);
}

/* One of the zone's servers never gets the value: the timeout names it. */
static void t_authoritative_never(void)
{
	char m[400];
	unsigned ms = 0;
	int r = wait_in_netns(M_NEVER, "a.example.test", 3, &ms, m, sizeof(m));

	if (skip_unless(r))
		return;
	CHECK_INT(r, TA_ERR_TIMEOUT);
	CHECK(strstr(m, "after 3 s, the zone's DNS server 127.0.0.3 still does not show the "
		"TXT value at _acme-challenge.a.example.test (NXDOMAIN)") != NULL);
	if (ta_test_failed)
		fprintf(stderr, "    %s\n", m);
}

/* The zone's servers cannot be reached, or are not authoritative: the
 * resolver is asked, as before. */
static void t_authoritative_fallback(void)
{
	char m[400];
	unsigned ms = 0;
	int r = wait_in_netns(M_GONE, "a.example.test", 10, &ms, m, sizeof(m));

	if (skip_unless(r))
		return;
	CHECK_INT(r, 0);
	CHECK(ms < 6000);
	r = wait_in_netns(M_NOTAUTH, "a.example.test", 10, &ms, m, sizeof(m));
	CHECK_INT(r, 0);
	CHECK(ms < 1000);
	if (ta_test_failed)
		fprintf(stderr, "    %u ms: %s\n", ms, m);
}

/* _acme-challenge is a CNAME into another zone (acme-dns): that zone's
 * server is asked about the CNAME's target. */
static void t_authoritative_cname(void)
{
	char m[400];
	unsigned ms = 0;
	int r = wait_in_netns(M_CNAME, "c.example.test", 5, &ms, m, sizeof(m));

	if (skip_unless(r))
		return;
	CHECK_INT(r, 0);
	if (ta_test_failed)
		fprintf(stderr, "    %u ms: %s\n", ms, m);
}

/* The zone's servers answer with a CNAME into another zone that the
 * resolver does not show yet (its NXDOMAIN is cached): that zone's server
 * is asked about the CNAME's target, as the CA does. */
static void t_authoritative_new_cname(void)
{
	char m[400];
	unsigned ms = 0;
	int r = wait_in_netns(M_NEWCNAME, "s.example.test", 5, &ms, m, sizeof(m));

	if (skip_unless(r))
		return;
	CHECK_INT(r, 0);
	CHECK(ms < 1000);
	if (ta_test_failed)
		fprintf(stderr, "    %u ms: %s\n", ms, m);
}

/* The zone's servers drop every query: the wait still ends at its
 * timeout (each lookup cut to the time left), not up to 15 s later. */
static void t_authoritative_silent(void)
{
	char m[400];
	unsigned ms = 0;
	int r = wait_in_netns(M_SILENT, "a.example.test", 3, &ms, m, sizeof(m));

	if (skip_unless(r))
		return;
	CHECK_INT(r, TA_ERR_TIMEOUT);
	CHECK(ms >= 2900 && ms < 3400);
	CHECK(strstr(m, "after 3 s, DNS still does not show the TXT value at "
		"_acme-challenge.a.example.test (the zone's DNS servers did not answer)") != NULL);
	if (ta_test_failed)
		fprintf(stderr, "    %u ms: %s\n", ms, m);
}

/* The resolvers of /etc/resolv.conf are asked in turn: the first refuses
 * (nothing listens on 127.0.0.9, as while dnsmasq restarts), the second
 * answers.  Only the first was ever asked. */
static void t_resolv_conf_nameservers(void)
{
	char m[400];
	unsigned ms = 0;
	int r;

	resolv_text = "search lan\nnameserver 127.0.0.9\nnameserver 127.0.0.1\n";
	r = wait_in_netns(M_NOTAUTH, "a.example.test", 10, &ms, m, sizeof(m));
	resolv_text = NULL;
	if (skip_unless(r))
		return;
	CHECK_INT(r, 0);
	CHECK(ms < 3000);
	if (ta_test_failed)
		fprintf(stderr, "    %u ms: %s\n", ms, m);
}

const ta_test suite_dns01[] = {
	{ "authoritative_lag", t_authoritative_lag },
	{ "resolv_conf_nameservers", t_resolv_conf_nameservers },
	{ "authoritative_silent", t_authoritative_silent },
	{ "authoritative_never", t_authoritative_never },
	{ "authoritative_fallback", t_authoritative_fallback },
	{ "authoritative_cname", t_authoritative_cname },
	{ "authoritative_new_cname", t_authoritative_new_cname },
	{ 0, 0 }
};
