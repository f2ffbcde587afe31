/* Tests of the DNS client: queries, strict answer parsing on hand-built
 * packets, and lookups against the test DNS server (pebble-challtestsrv). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include "test.h"
#include "tacme.h"
#include "ta_dns.h"

static unsigned char pkt[1024];
static size_t plen;
static ta_dns_result res;

static void put(const void *p, size_t n)
{
	memcpy(pkt + plen, p, n);
	plen += n;
}

static void put16(unsigned v)
{
	unsigned char b[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	put(b, 2);
}

/* A response header and the question _acme-challenge.example.com TXT. */
static void answer_start(unsigned id, unsigned flags, unsigned ancount)
{
	plen = 0;
	put16(id);
	put16(flags);
	put16(1);
	put16(ancount);
	put16(0);
	put16(0);
	put("\x0f_acme-challenge\x07" "example\x03" "com\x00", 29);
	put16(TA_DNS_TXT);
	put16(1);
}

/* An RR owned by the name at offset owner (a pointer). */
static void rr(unsigned owner, unsigned type, const void *rdata, size_t n)
{
	put16(0xc000 | owner);
	put16(type);
	put16(1);
	put("\0\0\0\x3c", 4);
	put16((unsigned)n);
	put(rdata, n);
}

static void t_query(void)
{
	unsigned char q[300];
	size_t n;

	REQUIRE(ta_dns_query(q, sizeof(q), 0x1234, "_acme-challenge.example.com.", TA_DNS_TXT, &n) == 0);
	CHECK_INT(n, 12 + 29 + 4);
	CHECK(q[0] == 0x12 && q[1] == 0x34 && q[2] == 0x01 && q[5] == 1);
	CHECK(memcmp(q + 12, "\x0f_acme-challenge\x07" "example\x03" "com\x00", 29) == 0);
	CHECK(q[n - 3] == 16 && q[n - 1] == 1);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, "", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, "a..b", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, 20, 1, "example.com", TA_DNS_TXT, &n), TA_ERR_SPACE);
}

static void t_cname_then_txt(void)
{
	size_t target;

	answer_start(7, 0x8180, 3);
	/* CNAME -> abc.auth.test, then TXT at abc.auth.test: two strings. */
	target = plen + 12;
	rr(12, TA_DNS_CNAME, "\x03" "abc\x04" "auth\x04" "test\x00", 15);
	put16(0xc000 | (unsigned)target);
	put16(TA_DNS_TXT);
	put16(1);
	put("\0\0\0\x3c", 4);
	put16(7);
	put("\x03" "abc\x02" "de", 7);
	put16(0xc000 | (unsigned)target);
	put16(TA_DNS_TXT);
	put16(1);
	put("\0\0\0\x3c", 4);
	put16(4);
	put("\x03xyz", 4);
	REQUIRE(ta_dns_parse(pkt, plen, 7, "_acme-challenge.example.com", TA_DNS_TXT, &res) == 0);
	CHECK_STR(res.cname, "abc.auth.test");
	CHECK_INT(res.ntxt, 2);
	CHECK_STR(res.txt[0], "abcde");
	CHECK_STR(res.txt[1], "xyz");
	CHECK_INT(res.rcode, 0);
}

static void t_rcodes_and_tc(void)
{
	answer_start(9, 0x8183, 0);
	REQUIRE(ta_dns_parse(pkt, plen, 9, "_acme-challenge.example.com", TA_DNS_TXT, &res) == 0);
	CHECK_INT(res.rcode, TA_DNS_NXDOMAIN);
	answer_start(9, 0x8182, 0);
	REQUIRE(ta_dns_parse(pkt, plen, 9, "_ACME-challenge.Example.COM.", TA_DNS_TXT, &res) == 0);
	CHECK_INT(res.rcode, TA_DNS_SERVFAIL);
	answer_start(9, 0x8380, 0);
	REQUIRE(ta_dns_parse(pkt, plen, 9, "_acme-challenge.example.com", TA_DNS_TXT, &res) == 0);
	CHECK_INT(res.truncated, 1);
}

static void t_rejects(void)
{
	unsigned char loop[64];

	ta_error_clear();
	answer_start(5, 0x8180, 0);
	CHECK_INT(ta_dns_parse(pkt, plen, 6, "_acme-challenge.example.com", TA_DNS_TXT, &res), TA_ERR_DNS);
	CHECK_INT(ta_dns_parse(pkt, plen, 5, "other.example.com", TA_DNS_TXT, &res), TA_ERR_DNS);
	CHECK_INT(ta_dns_parse(pkt, plen, 5, "_acme-challenge.example.com", TA_DNS_CNAME, &res), TA_ERR_DNS);
	CHECK_INT(ta_dns_parse(pkt, 11, 5, "_acme-challenge.example.com", TA_DNS_TXT, &res), TA_ERR_DNS);
	answer_start(5, 0x0180, 0);            /* QR clear: a query, not an answer */
	CHECK_INT(ta_dns_parse(pkt, plen, 5, "_acme-challenge.example.com", TA_DNS_TXT, &res), TA_ERR_DNS);
	/* RDATA longer than the packet. */
	answer_start(5, 0x8180, 1);
	rr(12, TA_DNS_TXT, "\x05" "ab", 3);
	pkt[plen - 5] = 0;
	pkt[plen - 4] = 40;
	CHECK_INT(ta_dns_parse(pkt, plen, 5, "_acme-challenge.example.com", TA_DNS_TXT, &res), TA_ERR_DNS);
	/* TXT string longer than its RDATA. */
	answer_start(5, 0x8180, 1);
	rr(12, TA_DNS_TXT, "\x09" "ab", 3);
	CHECK_INT(ta_dns_parse(pkt, plen, 5, "_acme-challenge.example.com", TA_DNS_TXT, &res), TA_ERR_DNS);
	/* A compression pointer to itself (a loop), and one pointing forward. */
	answer_start(5, 0x8180, 1);
	put16(0xc000 | (unsigned)plen);
	put("\0\x10\0\x01\0\0\0\x3c\0\x01\x00", 11);
	CHECK_INT(ta_dns_parse(pkt, plen, 5, "_acme-challenge.example.com", TA_DNS_TXT, &res), TA_ERR_DNS);
	answer_start(5, 0x8180, 1);
	put16(0xc000 | 500);
	put("\0\x10\0\x01\0\0\0\x3c\0\x01\x00", 11);
	CHECK_INT(ta_dns_parse(pkt, plen, 5, "_acme-challenge.example.com", TA_DNS_TXT, &res), TA_ERR_DNS);
	/* A question name built of pointers in a loop. */
	memset(loop, 0, sizeof(loop));
	loop[0] = 0;
	loop[1] = 5;
	loop[2] = 0x81;
	loop[5] = 1;
	loop[12] = 0xc0;
	loop[13] = 12;
	CHECK_INT(ta_dns_parse(loop, 20, 5, "x", TA_DNS_TXT, &res), TA_ERR_DNS);
}

static void t_too_many_txt(void)
{
	int i;

	answer_start(3, 0x8180, TA_DNS_MAX_TXT + 1);
	for (i = 0; i < TA_DNS_MAX_TXT + 1; i++)
		rr(12, TA_DNS_TXT, "\x01x", 2);
	ta_error_clear();
	CHECK_INT(ta_dns_parse(pkt, plen, 3, "_acme-challenge.example.com", TA_DNS_TXT, &res), TA_ERR_SPACE);
}

/* Sets a TXT record through challtestsrv's management API. */
static int mgmt(const char *path, const char *json)
{
	char cmd[512];
	const char *url = ta_test_env("TACME_TEST_CHALLTESTSRV");

	if (!url)
		return -1;
	snprintf(cmd, sizeof(cmd), "curl -sf -X POST -d '%s' %s%s > /dev/null", json, url, path);
	return system(cmd);
}

static void t_lookup_live(void)
{
	const char *dns = ta_test_env("TACME_TEST_DNS");

	if (!dns) {
		fprintf(stderr, "    TACME_TEST_DNS is not set: run the suite with tests/check.sh\n");
		ta_test_failed = 1;
		return;
	}
	REQUIRE(mgmt("/set-cname", "{\"host\":\"_acme-challenge.live.tacme.test.\",\"target\":\"sub.auth.test.\"}") == 0);
	REQUIRE(mgmt("/set-txt", "{\"host\":\"sub.auth.test.\",\"value\":\"value-one\"}") == 0);
	REQUIRE(ta_dns_lookup(dns, "_acme-challenge.live.tacme.test", TA_DNS_TXT, &res) == 0);
	CHECK_STR(res.cname, "sub.auth.test");
	REQUIRE(res.ntxt >= 1);
	CHECK_STR(res.txt[0], "value-one");
	REQUIRE(ta_dns_lookup(dns, "_acme-challenge.live.tacme.test", TA_DNS_CNAME, &res) == 0);
	CHECK_STR(res.cname, "sub.auth.test");
	REQUIRE(mgmt("/set-servfail", "{\"host\":\"broken.tacme.test.\"}") == 0);
	REQUIRE(ta_dns_lookup(dns, "broken.tacme.test", TA_DNS_TXT, &res) == 0);
	CHECK_INT(res.rcode, TA_DNS_SERVFAIL);
	ta_error_clear();
	CHECK_INT(ta_dns_lookup("127.0.0.1:1", "x.tacme.test", TA_DNS_TXT, &res) != 0, 1);
	CHECK_INT(ta_dns_lookup("bad resolver", "x.tacme.test", TA_DNS_TXT, &res), TA_ERR_CONFIG);
}

const ta_test suite_dns[] = {
	{ "query", t_query },
	{ "cname_then_txt", t_cname_then_txt },
	{ "rcodes_and_tc", t_rcodes_and_tc },
	{ "rejects", t_rejects },
	{ "too_many_txt", t_too_many_txt },
	{ "lookup_live", t_lookup_live },
	{ 0, 0 }
};
