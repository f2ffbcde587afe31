/* Tests of tacme's own resolver (port/posix/resolve.c, resolvfiles.c):
 * /etc/hosts and resolv.conf texts fed whole and a byte at a time, IP
 * literals, lookups against forked fake nameservers on 127.0.0.1
 * (NXDOMAIN, SERVFAIL, silence, refusal, truncation and TCP, a silent
 * first nameserver) and against pebble-challtestsrv (TACME_TEST_DNS,
 * TACME_TEST_CHALLTESTSRV): A, AAAA and CNAME records set through its
 * management API, then a connection to the address found. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_port.h"
#include "ta_dns.h"
#include "../port/posix/resolve.h"

static ta_addrs got;

/* The addresses in got as text, space-separated. */
static const char *addrs_text(const ta_addrs *a)
{
	static char out[TA_ADDR_MAX * 48];
	size_t o = 0;
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < a->n; i++) {
		if (o)
			out[o++] = ' ';
		if (!inet_ntop(a->a[i].len == 4 ? AF_INET : AF_INET6, a->a[i].ip, out + o,
		    (socklen_t)(sizeof(out) - o)))
			return "?";
		o += strlen(out + o);
	}
	return out;
}

/* Looks name up in hosts text, fed whole, then a byte at a time, then in
 * chunks of 7; the three must agree.  Returns the addresses as text. */
static const char *hosts(const char *text, const char *name)
{
	static char whole[TA_ADDR_MAX * 48];
	ta_cfgscan s;
	size_t i, n = strlen(text);

	ta_hosts_begin(&s, name, &got);
	ta_cfgscan_feed(&s, text, n);
	ta_cfgscan_end(&s);
	memcpy(whole, addrs_text(&got), sizeof(whole));
	ta_hosts_begin(&s, name, &got);
	for (i = 0; i < n; i++)
		ta_cfgscan_feed(&s, text + i, 1);
	ta_cfgscan_end(&s);
	CHECK_STR(addrs_text(&got), whole);
	ta_hosts_begin(&s, name, &got);
	for (i = 0; i < n; i += 7)
		ta_cfgscan_feed(&s, text + i, n - i < 7 ? n - i : 7);
	ta_cfgscan_end(&s);
	CHECK_STR(addrs_text(&got), whole);
	return whole;
}

static void t_hosts(void)
{
	static const char text[] =
		"# The usual\n"
		"127.0.0.1\tlocalhost\n"
		"::1     localhost ip6-localhost ip6-loopback\n"
		"\n"
		"   192.168.1.1 router.lan Router # the box itself\n"
		"192.168.1.2 nas.lan#no space before the comment\n"
		"fe80::1 router.lan\n"
		"10.0.0.7 ca.internal. acme\r\n"
		"not-an-ip ca.internal\n"
		"300.1.1.1 ca.internal\n"
		"# 10.9.9.9 ca.internal\n"
		"10.0.0.8 other ca.internal ca.internal\n"
		"10.0.0.9 Last.Line";           /* no newline at the end */

	CHECK_STR(hosts(text, "localhost"), "127.0.0.1 ::1");
	CHECK_STR(hosts(text, "LocalHost."), "127.0.0.1 ::1");
	CHECK_STR(hosts(text, "ip6-loopback"), "::1");
	/* IPv6 listed first in the file still comes after IPv4. */
	CHECK_STR(hosts(text, "router.lan"), "192.168.1.1 fe80::1");
	CHECK_STR(hosts(text, "router"), "192.168.1.1");
	CHECK_STR(hosts(text, "nas.lan"), "192.168.1.2");
	CHECK_STR(hosts(text, "nas.lan#no"), "");
	CHECK_STR(hosts(text, "ca.internal"), "10.0.0.7 10.0.0.8");
	CHECK_STR(hosts(text, "acme"), "10.0.0.7");
	CHECK_STR(hosts(text, "last.line"), "10.0.0.9");
	CHECK_STR(hosts(text, "local"), "");
	CHECK_STR(hosts(text, "localhost.lan"), "");
	CHECK_STR(hosts(text, "the"), "");          /* a comment word */
	CHECK_STR(hosts(text, "10.0.0.7"), "");     /* an address is no name */
	CHECK_STR(hosts("", "localhost"), "");
	CHECK_STR(hosts("::1 v6only\n", "v6only"), "::1");
}

/* Lines and words of any length; more matches than TA_ADDR_MAX. */
static void t_hosts_limits(void)
{
	static char text[4096], want[512];
	size_t o = 0, w = 0;
	int i;

	/* A comment of 1000 bytes, a line of 600 bytes of names, a word of
	 * 300 bytes that starts like the name, then the match. */
	text[o++] = '#';
	memset(text + o, 'c', 1000);
	o += 1000;
	text[o++] = '\n';
	memcpy(text + o, "10.1.1.1", 8);
	o += 8;
	for (i = 0; i < 100; i++) {
		memcpy(text + o, " name1", 6);
		o += 6;
	}
	memcpy(text + o, " target\n10.1.1.2 target", 23);
	o += 23;
	memset(text + o, 'x', 300);
	o += 300;
	memcpy(text + o, " more\n10.1.1.3 ", 15);
	o += 15;
	memset(text + o, 't', 255);           /* the longest word kept... */
	o += 255;
	text[o++] = '\n';
	memcpy(text + o, "10.1.1.4 ", 9);
	o += 9;
	memset(text + o, 't', 256);           /* ...and one too long */
	o += 256;
	text[o++] = '\n';
	text[o] = '\0';
	CHECK_STR(hosts(text, "target"), "10.1.1.1");
	CHECK_STR(hosts(text, "name1"), "10.1.1.1");
	CHECK_STR(hosts(text, "more"), "10.1.1.2");
	memset(want, 't', 255);
	want[255] = '\0';
	CHECK_STR(hosts(text, want), "10.1.1.3");
	want[254] = '\0';
	CHECK_STR(hosts(text, want), "");
	/* Ten lines for one name: the first TA_ADDR_MAX are kept. */
	o = 0;
	for (i = 0; i < 10; i++) {
		memcpy(text + o, "10.2.0.0 many\n", 14);
		text[o + 7] = (char)('0' + i);
		o += 14;
		if (i < TA_ADDR_MAX) {
			memcpy(want + w, "10.2.0.0 ", 9);
			want[w + 7] = (char)('0' + i);
			w += 9;
		}
	}
	text[o] = '\0';
	want[w - 1] = '\0';
	CHECK_STR(hosts(text, "many"), want);
	CHECK_INT(got.n, TA_ADDR_MAX);
}

static void resolvconf(const char *text, ta_resolvconf *rc)
{
	ta_cfgscan s;
	ta_resolvconf one;
	size_t i, n = strlen(text);

	ta_resolvconf_begin(&s, rc);
	ta_cfgscan_feed(&s, text, n);
	ta_cfgscan_end(&s);
	ta_resolvconf_begin(&s, &one);
	for (i = 0; i < n; i++)
		ta_cfgscan_feed(&s, text + i, 1);
	ta_cfgscan_end(&s);
	CHECK(memcmp(&one, rc, sizeof(one)) == 0);
}

static void t_resolvconf(void)
{
	ta_resolvconf rc;

	resolvconf("", &rc);
	CHECK_INT(rc.nns, 0);
	CHECK_INT(rc.timeout_s, 5);
	CHECK_INT(rc.attempts, 2);
	resolvconf("# generated\nsearch lan\nnameserver 192.168.1.1\n"
		"nameserver\tfd00::1 # ula\n; comment\nnameserver bogus\n"
		"nameserver 10.0.0.1\nnameserver 10.0.0.2\noptions ndots:2 timeout:3 attempts:4\n",
		&rc);
	REQUIRE(rc.nns == 3);
	CHECK_STR(rc.nsname[0], "192.168.1.1");
	CHECK_STR(rc.nsname[1], "fd00::1");
	CHECK_STR(rc.nsname[2], "10.0.0.1");       /* the fourth is ignored */
	CHECK_INT(rc.ns[0].len, 4);
	CHECK_INT(rc.ns[1].len, 16);
	CHECK(memcmp(rc.ns[0].ip, "\xc0\xa8\x01\x01", 4) == 0);
	CHECK(rc.ns[1].ip[0] == 0xfd && rc.ns[1].ip[15] == 1);
	CHECK_INT(rc.port[0], 53);
	CHECK_INT(rc.port[2], 53);
	CHECK_INT(rc.timeout_s, 3);
	CHECK_INT(rc.attempts, 4);
	/* Caps as musl's, zero made one, junk ignored, the last option wins. */
	resolvconf("options timeout:99999999999 attempts:77\n", &rc);
	CHECK_INT(rc.timeout_s, 60);
	CHECK_INT(rc.attempts, 10);
	resolvconf("options timeout:0 attempts:0\noptions timeout:x attempts:\n", &rc);
	CHECK_INT(rc.timeout_s, 1);
	CHECK_INT(rc.attempts, 1);
	resolvconf("nameserver 10.0.0.1 ; nameserver 10.0.0.2\n#nameserver 10.0.0.3\n"
		"nameservers 10.0.0.4\n  nameserver   10.0.0.5", &rc);
	REQUIRE(rc.nns == 2);
	CHECK_STR(rc.nsname[1], "10.0.0.5");
}

/* Files: a missing resolv.conf means 127.0.0.1, as in musl; a missing hosts
 * file means no entry; both read from real files. */
static void t_files(void)
{
	char dir[] = "/tmp/tacme-resolve.XXXXXX", path[64], hostsp[64];
	ta_resolvconf rc;
	FILE *f;

	REQUIRE(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/resolv.conf", dir);
	snprintf(hostsp, sizeof(hostsp), "%s/hosts", dir);
	ta_error_clear();
	REQUIRE(ta_resolvconf_load(path, &rc) == 0);
	CHECK_INT(rc.nns, 1);
	CHECK_STR(rc.nsname[0], "127.0.0.1");
	CHECK_STR(rc.path, path);
	f = fopen(path, "w");
	REQUIRE(f != NULL);
	fputs("nameserver ::1\noptions attempts:1\n", f);
	fclose(f);
	REQUIRE(ta_resolvconf_load(path, &rc) == 0);
	CHECK_INT(rc.nns, 1);
	CHECK_STR(rc.nsname[0], "::1");
	CHECK_INT(rc.attempts, 1);
	/* hosts: from the file, before any nameserver (here one that would
	 * not answer: rc's port 9 on 127.0.0.1 refuses). */
	f = fopen(hostsp, "w");
	REQUIRE(f != NULL);
	fputs("127.0.0.1 localhost\n192.0.2.7 Only-In.Hosts\n", f);
	fclose(f);
	REQUIRE(ta_resolvconf_load(path, &rc) == 0);
	REQUIRE(ta_resolve_with("only-in.hosts", hostsp, &rc, &got) == 0);
	CHECK_STR(addrs_text(&got), "192.0.2.7");
	unlink(path);
	unlink(hostsp);
	REQUIRE(ta_resolvconf_load(path, &rc) == 0);
	CHECK_STR(rc.nsname[0], "127.0.0.1");
	rmdir(dir);
	/* The system's own files: localhost, through ta_resolve. */
	ta_error_clear();
	REQUIRE(ta_resolve("localhost", &got) == 0);
	CHECK(got.n >= 1);
	CHECK((got.a[0].len == 4 && got.a[0].ip[0] == 127) || got.a[0].len == 16);
}

static void t_literals(void)
{
	ta_resolvconf rc;

	memset(&rc, 0, sizeof(rc));           /* no nameserver: literals need none */
	REQUIRE(ta_resolve_with("192.0.2.1", "/nonexistent", &rc, &got) == 0);
	CHECK_STR(addrs_text(&got), "192.0.2.1");
	REQUIRE(ta_resolve_with("2001:db8::1", "/nonexistent", &rc, &got) == 0);
	CHECK_STR(addrs_text(&got), "2001:db8::1");
	REQUIRE(ta_resolve_with("::ffff:192.0.2.1", "/nonexistent", &rc, &got) == 0);
	CHECK_INT(got.a[0].len, 16);
	/* Not literals: names, looked up (and failing here). */
	ta_error_clear();
	CHECK_INT(ta_resolve_with("192.0.2", "/nonexistent", &rc, &got), TA_ERR_NET);
	CHECK_STR(ta_error_msg(), "cannot resolve 192.0.2: no nameserver");
	ta_error_clear();
	rc.nns = 1;
	rc.timeout_s = rc.attempts = 1;
	(void)ta_addr_parse("127.0.0.1", &rc.ns[0]);
	CHECK_INT(ta_resolve_with("[::1]", "/nonexistent", &rc, &got), TA_ERR_NET);
	CHECK_STR(ta_error_msg(), "cannot resolve [::1]: not a valid host name");
	ta_error_clear();
	CHECK_INT(ta_resolve_with("", "/nonexistent", &rc, &got), TA_ERR_NET);
	CHECK(strstr(ta_error_msg(), "not a valid host name") != NULL);
}

/* ---- fake nameservers on 127.0.0.1 (forked children) ------------------- */
enum { N_NXDOMAIN, N_SERVFAIL, N_SILENT, N_A_ONLY, N_TC, N_EMPTY, N_GARBAGE_THEN_A, N_GARBAGE,
	N_TC_CLOSE };

/* The answer to q[0..n): header and question copied, QR RA and rcode set,
 * and for an A question in modes that answer, the record 192.0.2.53. */
static size_t nsanswer(const unsigned char *q, size_t n, unsigned char *a, int mode, int tcp)
{
	int isa = n >= 16 && q[n - 3] == TA_DNS_A;
	size_t o = n;

	memcpy(a, q, n);
	a[2] = (unsigned char)(0x80 | (q[2] & 0x01) |
		((mode == N_TC || mode == N_TC_CLOSE) && !tcp ? 0x02 : 0));
	a[3] = (unsigned char)(0x80 | (mode == N_NXDOMAIN ? 3 : mode == N_SERVFAIL ? 2 : 0));
	if (isa && (mode == N_A_ONLY || mode == N_GARBAGE_THEN_A || (mode == N_TC && tcp))) {
		a[7] = 1;
		memcpy(a + o, "\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\xc0\x00\x02\x35", 16);
		o += 16;
	}
	return o;
}

static void ns_serve(int u, int t, int mode)
{
	static unsigned char q[512], a[1024];

	for (;;) {
		struct pollfd p[2] = { { u, POLLIN, 0 }, { t, POLLIN, 0 } };
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n;
		size_t al;

		if (poll(p, 2, 20000) <= 0)
			_exit(0);
		if (p[1].revents & POLLIN) {
			int c = accept(t, NULL, NULL);
			unsigned char h[2];

			if (c >= 0 && mode != N_TC_CLOSE && recv(c, h, 2, MSG_WAITALL) == 2 &&
			    (n = recv(c, q, (size_t)(h[0] << 8 | h[1]), MSG_WAITALL)) >= 12) {
				al = nsanswer(q, (size_t)n, a + 2, mode, 1);
				a[0] = (unsigned char)(al >> 8);
				a[1] = (unsigned char)al;
				(void)!send(c, a, al + 2, 0);
			}
			if (c >= 0)
				close(c);
		}
		if (!(p[0].revents & POLLIN))
			continue;
		n = recvfrom(u, q, sizeof(q), 0, (struct sockaddr *)&from, &fl);
		if (n < 12 || mode == N_SILENT)
			continue;
		if (mode == N_GARBAGE_THEN_A || mode == N_GARBAGE) {   /* right id, broken body */
			al = nsanswer(q, (size_t)n, a, mode, 0);
			a[5] = 9;
			(void)!sendto(u, a, al, 0, (struct sockaddr *)&from, fl);
		}
		if (mode == N_GARBAGE)
			continue;
		al = nsanswer(q, (size_t)n, a, mode, 0);
		(void)!sendto(u, a, al, 0, (struct sockaddr *)&from, fl);
	}
}


/* A resolv.conf naming 127.0.0.1 n times, timeout 1 s, 2 attempts. */
static void local_rc(ta_resolvconf *rc, unsigned n)
{
	static const char text[] = "nameserver 127.0.0.1\nnameserver 127.0.0.1\n"
		"nameserver 127.0.0.1\noptions timeout:1 attempts:2\n";
	ta_cfgscan s;

	ta_resolvconf_begin(&s, rc);
	ta_cfgscan_feed(&s, text, sizeof(text) - 1);
	ta_cfgscan_end(&s);
	rc->nns = n;
	rc->path = "test.conf";
}

/* Resolves name with one fake nameserver in mode; the result, *ms. */
static int fake_resolve(int mode, const char *name, uint32_t *ms)
{
	ta_resolvconf rc;
	uint32_t t0;
	pid_t pid;
	int r;

	local_rc(&rc, 1);
	pid = ta_test_server_start(ns_serve, mode, &rc.port[0]);
	if (pid < 0)
		return 1000;
	ta_error_clear();
	t0 = ta_time_ms();
	r = ta_resolve_with(name, "/nonexistent", &rc, &got);
	*ms = ta_time_ms() - t0;
	ta_test_server_stop(pid);
	return r;
}

static void t_fake_answers(void)
{
	uint32_t ms;

	CHECK_INT(fake_resolve(N_NXDOMAIN, "gone.tacme.test", &ms), TA_ERR_NET);
	CHECK_STR(ta_error_msg(), "cannot resolve gone.tacme.test: no such name (NXDOMAIN from "
		"127.0.0.1)");
	CHECK(ms < 900);
	CHECK_INT(fake_resolve(N_SERVFAIL, "sf.tacme.test", &ms), TA_ERR_NET);
	CHECK_STR(ta_error_msg(), "cannot resolve sf.tacme.test: the nameserver 127.0.0.1 (from "
		"test.conf) answered SERVFAIL");
	CHECK(ms < 900);
	CHECK_INT(fake_resolve(N_EMPTY, "empty.tacme.test", &ms), TA_ERR_NET);
	CHECK_STR(ta_error_msg(), "cannot resolve empty.tacme.test: the name has no IPv4 or IPv6 "
		"address (no A or AAAA record from 127.0.0.1)");
	/* A only (AAAA: NOERROR, no record); over TCP after a TC answer; a
	 * malformed datagram with the right id does not end the wait. */
	CHECK_INT(fake_resolve(N_A_ONLY, "a.tacme.test", &ms), 0);
	CHECK_STR(ta_error_msg(), "");
	CHECK_STR(addrs_text(&got), "192.0.2.53");
	CHECK(ms < 900);
	REQUIRE(fake_resolve(N_TC, "tc.tacme.test", &ms) == 0);
	CHECK_STR(addrs_text(&got), "192.0.2.53");
	CHECK(ms < 900);
	REQUIRE(fake_resolve(N_GARBAGE_THEN_A, "garbage.tacme.test", &ms) == 0);
	CHECK_STR(addrs_text(&got), "192.0.2.53");
	CHECK_STR(ta_error_msg(), "");        /* nothing left recorded */
	/* Truncated, and the TCP connection closed at once: said at once. */
	CHECK_INT(fake_resolve(N_TC_CLOSE, "tcfail.tacme.test", &ms), TA_ERR_NET);
	CHECK_STR(ta_error_msg(), "cannot resolve tcfail.tacme.test: the nameserver 127.0.0.1 "
		"(from test.conf) sent a truncated answer and TCP to it failed");
	CHECK(ms < 900);
	/* Only malformed answers: the wait goes on to the end, then says so. */
	CHECK_INT(fake_resolve(N_GARBAGE, "garbage.tacme.test", &ms), TA_ERR_NET);
	CHECK_STR(ta_error_msg(), "cannot resolve garbage.tacme.test: the nameserver 127.0.0.1 "
		"(from test.conf) sent a malformed answer");
	CHECK(ms >= 950 && ms < 1500);
}

/* Silence: each query sent twice in 1 s, then a message; a refusing port:
 * at once. */
static void t_fake_silence(void)
{
	ta_resolvconf rc;
	uint32_t ms, t0;

	CHECK_INT(fake_resolve(N_SILENT, "quiet.tacme.test", &ms), TA_ERR_TIMEOUT);
	CHECK_STR(ta_error_msg(), "cannot resolve quiet.tacme.test: no answer from the "
		"nameservers in test.conf (127.0.0.1) within 1 s");
	CHECK(ms >= 950 && ms < 1500);
	local_rc(&rc, 2);
	rc.port[0] = rc.port[1] = 9;          /* discard: nothing listens on loopback */
	ta_error_clear();
	t0 = ta_time_ms();
	CHECK_INT(ta_resolve_with("refused.tacme.test", "/nonexistent", &rc, &got), TA_ERR_NET);
	CHECK(ta_time_ms() - t0 < 900);
	CHECK_STR(ta_error_msg(), "cannot resolve refused.tacme.test: no DNS service at the "
		"nameservers in test.conf (127.0.0.1, 127.0.0.1): Connection refused");
}

/* The first nameserver is silent, the second answers: all are asked at
 * once, so the answer comes without waiting for a timeout. */
static void t_fake_second_answers(void)
{
	ta_resolvconf rc;
	pid_t quiet, good;
	uint32_t t0, ms;
	int r;

	local_rc(&rc, 3);
	quiet = ta_test_server_start(ns_serve, N_SILENT, &rc.port[0]);
	good = ta_test_server_start(ns_serve, N_A_ONLY, &rc.port[1]);
	rc.port[2] = 9;
	ta_error_clear();
	t0 = ta_time_ms();
	r = ta_resolve_with("second.tacme.test", "/nonexistent", &rc, &got);
	ms = ta_time_ms() - t0;
	ta_test_server_stop(quiet);
	ta_test_server_stop(good);
	REQUIRE(r == 0);
	CHECK_STR(addrs_text(&got), "192.0.2.53");
	CHECK(ms < 900);
}

/* ---- live: pebble-challtestsrv ------------------------------------------ */
/* POSTs json to the challtestsrv management API with curl; 0 if it worked. */
static int mgmt(const char *path, const char *json)
{
	char cmd[1024];
	const char *url = ta_test_env("TACME_TEST_CHALLTESTSRV");

	if (!url)
		return -1;
	snprintf(cmd, sizeof(cmd), "curl -sf -o /dev/null -X POST -d '%s' '%s%s'", json, url,
		path);
	return system(cmd) == 0 ? 0 : -1;
}

/* A resolv.conf for challtestsrv: "nameserver 127.0.0.1" at its port. */
static int live_rc(ta_resolvconf *rc)
{
	const char *dns = ta_test_env("TACME_TEST_DNS"), *colon;

	if (!dns || !ta_test_env("TACME_TEST_CHALLTESTSRV") || !(colon = strrchr(dns, ':'))) {
		fprintf(stderr, "    TACME_TEST_DNS or TACME_TEST_CHALLTESTSRV is not set: run "
			"the suite with tests/check.sh\n");
		ta_test_failed = 1;
		return -1;
	}
	local_rc(rc, 1);
	rc->port[0] = (unsigned)atoi(colon + 1);
	rc->path = "live.conf";
	return 0;
}

static void t_live(void)
{
	char json[512], name[128], alias[128], svc[128];
	unsigned id = (unsigned)getpid();
	struct sockaddr_storage ss;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	ta_resolvconf rc;
	int lfd, fd;

	if (live_rc(&rc))
		return;
	snprintf(name, sizeof(name), "res%u.tacme.test", id);
	snprintf(alias, sizeof(alias), "alias%u.tacme.test", id);
	snprintf(svc, sizeof(svc), "svc%u.tacme.test", id);
	snprintf(json, sizeof(json), "{\"host\":\"%s.\",\"addresses\":[\"192.0.2.10\","
		"\"192.0.2.11\"]}", name);
	REQUIRE(mgmt("/add-a", json) == 0);
	snprintf(json, sizeof(json), "{\"host\":\"%s.\",\"addresses\":[\"2001:db8::10\"]}", name);
	REQUIRE(mgmt("/add-aaaa", json) == 0);
	ta_error_clear();
	REQUIRE(ta_resolve_with(name, "/nonexistent", &rc, &got) == 0);
	REQUIRE(got.n == 3);
	CHECK(!strcmp(addrs_text(&got), "192.0.2.10 192.0.2.11 2001:db8::10") ||
	      !strcmp(addrs_text(&got), "192.0.2.11 192.0.2.10 2001:db8::10"));
	/* With a trailing dot (challtestsrv's names are case-sensitive, so the
	 * case stays: the question is sent as written, as musl does). */
	strcat(name, ".");
	REQUIRE(ta_resolve_with(name, "/nonexistent", &rc, &got) == 0);
	CHECK_INT(got.n, 3);
	/* Through a CNAME. */
	snprintf(json, sizeof(json), "{\"host\":\"%s.\",\"target\":\"%s\"}", alias, name);
	REQUIRE(mgmt("/set-cname", json) == 0);
	CHECK_INT(ta_resolve_with(alias, "/nonexistent", &rc, &got), 0);
	CHECK_INT(got.n, 3);
	snprintf(json, sizeof(json), "{\"host\":\"%s.\"}", alias);
	CHECK(mgmt("/clear-cname", json) == 0);
	/* A name only challtestsrv knows, pointing at a local listener, then
	 * connected to through what was found. */
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(0x7f000002);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	REQUIRE(lfd >= 0);
	REQUIRE(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(lfd, 1) == 0 &&
		getsockname(lfd, (struct sockaddr *)&sa, &sl) == 0);
	snprintf(json, sizeof(json), "{\"host\":\"%s.\",\"addresses\":[\"127.0.0.2\"]}", svc);
	REQUIRE(mgmt("/add-a", json) == 0);
	ta_error_clear();
	REQUIRE(ta_resolve_with(svc, "/nonexistent", &rc, &got) == 0);
	REQUIRE(got.n >= 1);
	CHECK_STR(addrs_text(&got), "127.0.0.2 ::1");   /* challtestsrv's default AAAA */
	sl = ta_addr_sockaddr(&got.a[0], ntohs(sa.sin_port), &ss);
	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	CHECK(fd >= 0 && connect(fd, (struct sockaddr *)&ss, sl) == 0);
	if (fd >= 0)
		close(fd);
	close(lfd);
	snprintf(json, sizeof(json), "{\"host\":\"%s.\"}", svc);
	CHECK(mgmt("/clear-a", json) == 0);
	snprintf(json, sizeof(json), "{\"host\":\"res%u.tacme.test.\"}", id);
	CHECK(mgmt("/clear-a", json) == 0);
	CHECK(mgmt("/clear-aaaa", json) == 0);
}

const ta_test suite_resolve[] = {
	{ "hosts", t_hosts },
	{ "hosts_limits", t_hosts_limits },
	{ "resolvconf", t_resolvconf },
	{ "files", t_files },
	{ "literals", t_literals },
	{ "fake_answers", t_fake_answers },
	{ "fake_silence", t_fake_silence },
	{ "fake_second_answers", t_fake_second_answers },
	{ "live", t_live },
	{ 0, 0 }
};
