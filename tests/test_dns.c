/* Tests of the DNS client: queries, strict answer parsing on hand-built
 * packets, lookups against a forked fake server on 127.0.0.1 (retries,
 * ignored foreign ids, truncation and TCP, rcodes, oversize answers), and
 * live lookups against pebble-challtestsrv and the acme-dns test server
 * (TACME_TEST_DNS, TACME_TEST_CHALLTESTSRV, TACME_TEST_ACMEDNS). */
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

#define QNAME "_acme-challenge.example.com"

static unsigned char pkt[8192];
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

/* A response header and the question QNAME/qtype (the name at offset 12). */
static void answer_q(unsigned id, unsigned flags, unsigned ancount, unsigned qtype)
{
	plen = 0;
	put16(id);
	put16(flags);
	put16(1);
	put16(ancount);
	put16(0);
	put16(0);
	put("\x0f_acme-challenge\x07" "example\x03" "com\x00", 29);
	put16(qtype);
	put16(1);
}

static void answer_start(unsigned id, unsigned flags, unsigned ancount)
{
	answer_q(id, flags, ancount, TA_DNS_TXT);
}

/* The fixed part of an RR after its owner name. */
static void rr_tail(unsigned type, const void *rdata, size_t n)
{
	put16(type);
	put16(1);
	put("\0\0\0\x3c", 4);
	put16((unsigned)n);
	put(rdata, n);
}

/* An RR owned by the name at offset owner (a pointer); returns the offset
 * of its RDATA. */
static size_t rr(unsigned owner, unsigned type, const void *rdata, size_t n)
{
	put16(0xc000 | owner);
	rr_tail(type, rdata, n);
	return plen - n;
}

static int parse(unsigned id, int qtype)
{
	ta_error_clear();
	return ta_dns_parse(pkt, plen, (uint16_t)id, QNAME, qtype, &res);
}

static void t_query(void)
{
	unsigned char q[300];
	char name[300];
	size_t n;

	REQUIRE(ta_dns_query(q, sizeof(q), 0x1234, QNAME ".", TA_DNS_TXT, &n) == 0);
	CHECK_INT(n, 12 + 29 + 4);
	CHECK(q[0] == 0x12 && q[1] == 0x34 && q[2] == 0x01 && q[3] == 0);
	CHECK(q[4] == 0 && q[5] == 1 && q[6] == 0 && q[7] == 0 && q[11] == 0);
	CHECK(memcmp(q + 12, "\x0f_acme-challenge\x07" "example\x03" "com\x00", 29) == 0);
	CHECK(q[n - 4] == 0 && q[n - 3] == 16 && q[n - 2] == 0 && q[n - 1] == 1);
	REQUIRE(ta_dns_query(q, sizeof(q), 1, "*.Wild-Card.example", TA_DNS_CNAME, &n) == 0);
	CHECK(memcmp(q + 12, "\x01*\x09Wild-Card\x07" "example\x00\x00\x05", 23) == 0);
	REQUIRE(ta_dns_query(q, sizeof(q), 1, "a", TA_DNS_A, &n) == 0);
	CHECK(n == 12 + 3 + 4 && q[n - 3] == 1);
	/* Exactly enough room, and one byte less. */
	CHECK_INT(ta_dns_query(q, 12 + 13 + 4, 1, "example.com", TA_DNS_TXT, &n), 0);
	CHECK_INT(ta_dns_query(q, 12 + 13 + 3, 1, "example.com", TA_DNS_TXT, &n), TA_ERR_SPACE);
	/* Bad names. */
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, "", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, ".", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, "a..b", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, ".a", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, "a b.com", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, "a/b.com", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, "caf\xc3\xa9.com", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, "x*.com", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, "a.com..", TA_DNS_TXT, &n), TA_ERR_ARG);
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, "a.com", 0, &n), TA_ERR_ARG);
	/* Label of 63 is fine, 64 is not; 253 in all is fine, 254 is not. */
	memset(name, 'a', 63);
	strcpy(name + 63, ".com");
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, name, TA_DNS_TXT, &n), 0);
	memset(name, 'a', 64);
	strcpy(name + 64, ".com");
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, name, TA_DNS_TXT, &n), TA_ERR_ARG);
	memset(name, 'b', 253);
	name[63] = name[127] = name[191] = '.';
	name[253] = '\0';
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, name, TA_DNS_TXT, &n), 0);
	CHECK_INT(n, 12 + 255 + 4);
	name[253] = 'b';
	name[254] = '\0';
	CHECK_INT(ta_dns_query(q, sizeof(q), 1, name, TA_DNS_TXT, &n), TA_ERR_ARG);
}

/* A query turned into an empty answer parses; its question is ours. */
static void t_query_roundtrip(void)
{
	size_t n;

	REQUIRE(ta_dns_query(pkt, sizeof(pkt), 0xbeef, "_ACME-Challenge.Example.COM", TA_DNS_TXT, &n) == 0);
	plen = n;
	pkt[2] |= 0x80;
	CHECK_INT(parse(0xbeef, TA_DNS_TXT), 0);
	CHECK_INT(res.ntxt, 0);
	CHECK_INT(res.nanswer, 0);
	CHECK_STR(res.cname, "");
}

static void t_cname_then_txt(void)
{
	size_t target;

	answer_start(7, 0x8180, 4);
	/* CNAME -> abc.auth.test, then TXT at abc.auth.test: one record of two
	 * strings, one of one string, one with an empty string. */
	target = rr(12, TA_DNS_CNAME, "\x03" "abc\x04" "auth\x04" "test\x00", 15);
	rr((unsigned)target, TA_DNS_TXT, "\x03" "abc\x02" "de", 7);
	rr((unsigned)target, TA_DNS_TXT, "\x03xyz", 4);
	rr((unsigned)target, TA_DNS_TXT, "\x00", 1);
	REQUIRE(parse(7, TA_DNS_TXT) == 0);
	CHECK_STR(res.cname, "abc.auth.test");
	CHECK_INT(res.ncname, 1);
	CHECK_INT(res.ntxt, 3);
	CHECK_INT(res.nanswer, 3);
	CHECK_STR(res.txt[0], "abcde");
	CHECK_INT(res.txtlen[0], 5);
	CHECK_STR(res.txt[1], "xyz");
	CHECK_STR(res.txt[2], "");
	CHECK_INT(res.txtlen[2], 0);
	CHECK_INT(res.rcode, 0);
	CHECK_INT(res.truncated, 0);
}

/* A chain of three, listed out of order, with compressed names (labels
 * then a pointer), and TXT records at the middle of the chain and at the
 * question name, which must be ignored. */
static void t_chain(void)
{
	size_t b, c, d;

	answer_start(8, 0x8180, 6);
	b = rr(12, TA_DNS_CNAME, "\x01" "b\x04" "auth\x04" "test\x00", 13);   /* -> b.auth.test */
	rr((unsigned)b, TA_DNS_TXT, "\x06" "middle", 7);
	c = plen;                                    /* c.auth.test -> d.auth.test */
	put("\x01" "c", 2);
	put16(0xc000 | (unsigned)(b + 2));
	put16(TA_DNS_CNAME);
	put16(1);
	put("\0\0\0\x3c", 4);
	put16(4);
	d = plen;
	put("\x01" "d", 2);
	put16(0xc000 | (unsigned)(b + 2));
	put16(0xc000 | (unsigned)b);                 /* b.auth.test -> c.auth.test */
	put16(TA_DNS_CNAME);
	put16(1);
	put("\0\0\0\x3c", 4);
	put16(2);
	put16(0xc000 | (unsigned)c);
	rr((unsigned)d, TA_DNS_TXT, "\x05" "final", 6);
	rr(12, TA_DNS_TXT, "\x05" "owner", 6);
	REQUIRE(parse(8, TA_DNS_TXT) == 0);
	CHECK_STR(res.cname, "d.auth.test");
	CHECK_INT(res.ncname, 3);
	CHECK_INT(res.ntxt, 1);
	CHECK_STR(res.txt[0], "final");
	/* The same asked as CNAME: the chain is followed just the same. */
	pkt[12 + 29 + 1] = TA_DNS_CNAME;
	REQUIRE(parse(8, TA_DNS_CNAME) == 0);
	CHECK_STR(res.cname, "d.auth.test");
	CHECK_INT(res.ntxt, 0);
}

/* Builds a chain of n CNAMEs n0 -> n1 -> ... (each target written out),
 * ending in a TXT, or looping back to the question when loop is set. */
static void chain_of(unsigned n, int loop)
{
	unsigned i;
	size_t prev = 12;
	unsigned char t[16];

	answer_start(9, 0x8180, n + 1);
	for (i = 0; i < n; i++) {
		size_t at;

		t[0] = 2;
		t[1] = 'n';
		t[2] = (unsigned char)('a' + i);
		t[3] = 4;
		memcpy(t + 4, "test", 4);
		t[8] = 0;
		if (loop && i == n - 1) {
			put16(0xc000 | (unsigned)prev);
			rr_tail(TA_DNS_CNAME, "\xc0\x0c", 2);
			continue;
		}
		at = rr((unsigned)prev, TA_DNS_CNAME, t, 9);
		prev = at;
	}
	rr((unsigned)prev, TA_DNS_TXT, "\x03" "end", 4);
}

static void t_chain_limits(void)
{
	chain_of(TA_DNS_MAX_CHAIN, 0);
	CHECK_INT(parse(9, TA_DNS_TXT), 0);
	CHECK_INT(res.ncname, TA_DNS_MAX_CHAIN);
	CHECK_STR(res.cname, "nh.test");
	CHECK_INT(res.ntxt, 1);
	chain_of(TA_DNS_MAX_CHAIN + 1, 0);
	CHECK_INT(parse(9, TA_DNS_TXT), TA_ERR_DNS);
	CHECK(strstr(ta_error_msg(), "CNAME chain") != NULL);
	chain_of(3, 1);                        /* question -> na -> nb -> question */
	CHECK_INT(parse(9, TA_DNS_TXT), TA_ERR_DNS);
	CHECK(strstr(ta_error_msg(), "loop") != NULL);
	/* A CNAME to itself. */
	answer_start(9, 0x8180, 1);
	rr(12, TA_DNS_CNAME, "\xc0\x0c", 2);
	CHECK_INT(parse(9, TA_DNS_TXT), TA_ERR_DNS);
}

/* A CNAME question, an A question. */
static void t_other_types(void)
{
	answer_q(4, 0x8180, 1, TA_DNS_CNAME);
	rr(12, TA_DNS_CNAME, "\x04" "abcd\x04" "auth\x04" "test\x00", 16);
	REQUIRE(parse(4, TA_DNS_CNAME) == 0);
	CHECK_STR(res.cname, "abcd.auth.test");
	CHECK_INT(res.ntxt, 0);
	answer_q(4, 0x8180, 3, TA_DNS_A);
	rr(12, TA_DNS_A, "\x7f\0\0\x01", 4);
	rr(12, TA_DNS_A, "\x7f\0\0\x02", 4);
	rr(12, TA_DNS_TXT, "\x01x", 2);        /* not asked for: not collected */
	REQUIRE(parse(4, TA_DNS_A) == 0);
	CHECK_INT(res.nanswer, 2);
	CHECK_INT(res.ntxt, 0);
	CHECK_INT(parse(4, TA_DNS_TXT), TA_ERR_DNS);    /* the question was A */
}

/* A and AAAA answers: through a CNAME, the addresses at its end only;
 * the first TA_DNS_MAX_ADDR kept, all counted; RDATA of the wrong size
 * refused. */
static void t_addresses(void)
{
	size_t target;
	unsigned i;

	answer_q(6, 0x8180, 4, TA_DNS_A);
	rr(12, TA_DNS_A, "\x0a\0\0\x09", 4);       /* at the question: not the end */
	target = rr(12, TA_DNS_CNAME, "\x03" "cdn\x04" "test\x00", 10);
	rr((unsigned)target, TA_DNS_A, "\xc0\x00\x02\x01", 4);
	rr((unsigned)target, TA_DNS_A, "\xc0\x00\x02\x02", 4);
	REQUIRE(parse(6, TA_DNS_A) == 0);
	CHECK_STR(res.cname, "cdn.test");
	CHECK_INT(res.nanswer, 2);
	REQUIRE(res.naddr == 2);
	CHECK(memcmp(res.addr[0], "\xc0\x00\x02\x01", 4) == 0);
	CHECK(memcmp(res.addr[1], "\xc0\x00\x02\x02", 4) == 0);
	answer_q(6, 0x8180, 2, TA_DNS_AAAA);
	rr(12, TA_DNS_AAAA, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	rr(12, TA_DNS_A, "\x0a\0\0\x09", 4);       /* not asked for */
	REQUIRE(parse(6, TA_DNS_AAAA) == 0);
	CHECK_INT(res.naddr, 1);
	CHECK(res.addr[0][0] == 0x20 && res.addr[0][1] == 0x01 && res.addr[0][15] == 1);
	answer_q(6, 0x8180, TA_DNS_MAX_ADDR + 3, TA_DNS_A);
	for (i = 0; i < TA_DNS_MAX_ADDR + 3; i++) {
		unsigned char a[4] = { 10, 0, 0, (unsigned char)i };

		rr(12, TA_DNS_A, a, 4);
	}
	REQUIRE(parse(6, TA_DNS_A) == 0);
	CHECK_INT(res.nanswer, TA_DNS_MAX_ADDR + 3);
	CHECK_INT(res.naddr, TA_DNS_MAX_ADDR);
	CHECK_INT(res.addr[TA_DNS_MAX_ADDR - 1][3], TA_DNS_MAX_ADDR - 1);
	answer_q(6, 0x8180, 1, TA_DNS_A);
	rr(12, TA_DNS_A, "\x0a\0\0", 3);
	CHECK_INT(parse(6, TA_DNS_A), TA_ERR_DNS);
	answer_q(6, 0x8180, 1, TA_DNS_AAAA);
	rr(12, TA_DNS_AAAA, "\x0a\0\0\x09", 4);
	CHECK_INT(parse(6, TA_DNS_AAAA), TA_ERR_DNS);
	CHECK(strstr(ta_error_msg(), "malformed address record") != NULL);
	answer_q(6, 0x8180, 1, TA_DNS_A);             /* a wrong size elsewhere: ignored */
	rr(12, TA_DNS_AAAA, "\x0a\0\0\x09", 4);
	CHECK_INT(parse(6, TA_DNS_A), 0);
}

static void t_txt_values(void)
{
	unsigned char big[300];

	/* 255 bytes in two strings fit; 256 do not (TA_ERR_SPACE, not cut). */
	big[0] = 200;
	memset(big + 1, 'p', 200);
	big[201] = 55;
	memset(big + 202, 'q', 55);
	answer_start(5, 0x8180, 1);
	rr(12, TA_DNS_TXT, big, 257);
	REQUIRE(parse(5, TA_DNS_TXT) == 0);
	CHECK_INT(res.txtlen[0], 255);
	CHECK_INT(strlen(res.txt[0]), 255);
	CHECK(res.txt[0][199] == 'p' && res.txt[0][200] == 'q');
	/* 256 are counted, not kept (never an ACME value), and the records
	 * around it are read. */
	big[201] = 56;
	answer_start(5, 0x8180, 3);
	rr(12, TA_DNS_TXT, "\x01" "a", 2);
	rr(12, TA_DNS_TXT, big, 258);
	rr(12, TA_DNS_TXT, "\x01" "b", 2);
	REQUIRE(parse(5, TA_DNS_TXT) == 0);
	CHECK_INT(res.ntxt, 2);
	CHECK_INT(res.txt_more, 1);
	CHECK_STR(res.txt[1], "b");
	/* A NUL inside a value: kept, with its length. */
	answer_start(5, 0x8180, 1);
	rr(12, TA_DNS_TXT, "\x03" "a\0b", 4);
	REQUIRE(parse(5, TA_DNS_TXT) == 0);
	CHECK_INT(res.txtlen[0], 3);
	CHECK(memcmp(res.txt[0], "a\0b", 4) == 0);
	/* Empty RDATA, and a string running past its RDATA. */
	answer_start(5, 0x8180, 1);
	rr(12, TA_DNS_TXT, "", 0);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	answer_start(5, 0x8180, 1);
	rr(12, TA_DNS_TXT, "\x09" "ab", 3);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
}

static void t_rcodes_and_tc(void)
{
	answer_start(9, 0x8183, 0);
	REQUIRE(parse(9, TA_DNS_TXT) == 0);
	CHECK_INT(res.rcode, TA_DNS_NXDOMAIN);
	answer_start(9, 0x8182, 0);
	ta_error_clear();
	REQUIRE(ta_dns_parse(pkt, plen, 9, "_ACME-challenge.Example.COM.", TA_DNS_TXT, &res) == 0);
	CHECK_INT(res.rcode, TA_DNS_SERVFAIL);
	answer_start(9, 0x8385, 0);
	REQUIRE(parse(9, TA_DNS_TXT) == 0);
	CHECK_INT(res.rcode, 5);
	CHECK_INT(res.truncated, 1);
	/* An error answer without the question (FORMERR from some servers). */
	plen = 12;
	pkt[5] = 0;
	pkt[3] = 0x81;
	REQUIRE(parse(9, TA_DNS_TXT) == 0);
	CHECK_INT(res.rcode, 1);
	pkt[3] = 0x80;                         /* but NOERROR must echo it */
	CHECK_INT(parse(9, TA_DNS_TXT), TA_ERR_DNS);
	/* TC with a partial answer section: what is there is read. */
	answer_start(9, 0x8380, 1);
	rr(12, TA_DNS_TXT, "\x01x", 2);
	REQUIRE(parse(9, TA_DNS_TXT) == 0);
	CHECK_INT(res.truncated, 1);
	CHECK_INT(res.ntxt, 1);
	/* TC with a record cut in its middle, and with one counted but
	 * missing: what came is read, no error (TCP follows). */
	answer_start(9, 0x8380, 3);
	rr(12, TA_DNS_TXT, "\x01x", 2);
	rr(12, TA_DNS_TXT, "\x05hello", 6);
	plen -= 3;
	REQUIRE(parse(9, TA_DNS_TXT) == 0);
	CHECK_INT(res.truncated, 1);
	CHECK_INT(res.ntxt, 1);
	/* Without TC the same is malformed. */
	pkt[2] &= (unsigned char)~0x02;
	CHECK_INT(parse(9, TA_DNS_TXT), TA_ERR_DNS);
}

static void t_rejects(void)
{
	size_t i;

	answer_start(5, 0x8180, 0);
	CHECK_INT(parse(6, TA_DNS_TXT), TA_ERR_DNS);                 /* wrong id */
	ta_error_clear();
	CHECK_INT(ta_dns_parse(pkt, plen, 5, "other.example.com", TA_DNS_TXT, &res), TA_ERR_DNS);
	CHECK(strstr(ta_error_msg(), "another question") != NULL);
	ta_error_clear();
	CHECK_INT(ta_dns_parse(pkt, plen, 5, "_acme-challenge.example", TA_DNS_TXT, &res), TA_ERR_DNS);
	CHECK_INT(parse(5, TA_DNS_CNAME), TA_ERR_DNS);               /* wrong type */
	for (i = 0; i < plen; i++)                                   /* every short read */
		CHECK_INT(ta_dns_parse(pkt, i, 5, QNAME, TA_DNS_TXT, &res), TA_ERR_DNS);
	pkt[plen - 1] = 3;                                           /* class CH */
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	answer_start(5, 0x0180, 0);            /* QR clear: a query, not an answer */
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	answer_start(5, 0x8980, 0);            /* opcode 1 */
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	answer_start(5, 0x8180, 0);
	pkt[5] = 2;                            /* two questions */
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	/* RDATA longer than the packet. */
	answer_start(5, 0x8180, 1);
	rr(12, TA_DNS_TXT, "\x02" "ab", 3);
	pkt[plen - 5] = 0;
	pkt[plen - 4] = 40;
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	/* More records announced than present. */
	answer_start(5, 0x8180, 2);
	rr(12, TA_DNS_TXT, "\x02" "ab", 3);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	/* A compression pointer to itself (a loop), one pointing forward, one
	 * into the header. */
	answer_start(5, 0x8180, 1);
	put16(0xc000 | (unsigned)plen);
	rr_tail(TA_DNS_TXT, "\x00", 1);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	answer_start(5, 0x8180, 1);
	put16(0xc000 | (unsigned)(plen + 2));
	rr_tail(TA_DNS_TXT, "\x00", 1);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	answer_start(5, 0x8180, 1);
	rr(4, TA_DNS_TXT, "\x00", 1);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	/* A question name that is a pointer loop. */
	memset(pkt, 0, 20);
	pkt[1] = 5;
	pkt[2] = 0x81;
	pkt[5] = 1;
	pkt[12] = 0xc0;
	pkt[13] = 12;
	plen = 20;
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	/* A label of 64 (0x40: an extended label type), and labels holding a
	 * dot or a space, all in the owner of a record otherwise ignored. */
	answer_start(5, 0x8180, 1);
	put("\x40", 1);
	memset(pkt + plen, 'x', 64);
	plen += 64;
	put("\0", 1);
	rr_tail(TA_DNS_TXT, "\x00", 1);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	pkt[41 + 4] = 0x3f;                    /* 63 + "x" as a second label: fine */
	pkt[41 + 4 + 64] = 1;
	memmove(pkt + 41 + 4 + 66, pkt + 41 + 4 + 65, plen - (41 + 4 + 65));
	pkt[41 + 4 + 65] = 'x';
	plen++;
	CHECK_INT(parse(5, TA_DNS_TXT), 0);
	answer_start(5, 0x8180, 1);
	put("\x03" "a.b\0", 5);
	rr_tail(TA_DNS_TXT, "\x00", 1);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	answer_start(5, 0x8180, 1);
	put("\x03" "a b\0", 5);
	rr_tail(TA_DNS_TXT, "\x00", 1);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	/* A CNAME whose RDATA has bytes after the name, and an empty one. */
	answer_start(5, 0x8180, 1);
	rr(12, TA_DNS_CNAME, "\x01" "a\x00\x00", 4);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	answer_start(5, 0x8180, 1);
	rr(12, TA_DNS_CNAME, "\x00", 1);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
}

/* Names: 17 pointers in a row (each backwards) are too many; a name of
 * 254 text bytes built with pointers is too long. */
static void t_name_limits(void)
{
	size_t at[18], i;

	/* A record of type 10 (NULL) owned by the question, whose RDATA holds
	 * a chain of pointers, each to the one before, the first to the
	 * question name; the owner of a second record points into it. */
	answer_start(5, 0x8180, 2);
	put16(0xc00c);
	put16(10);
	put16(1);
	put("\0\0\0\x3c", 4);
	put16(2 * 17);
	at[0] = 12;
	for (i = 1; i < 18; i++) {
		at[i] = plen;
		put16(0xc000 | (unsigned)at[i - 1]);
	}
	put16(0xc000 | (unsigned)at[16]);      /* 1 + 16 = 17 jumps: too many */
	rr_tail(TA_DNS_TXT, "\x01z", 2);
	CHECK_INT(parse(5, TA_DNS_TXT), TA_ERR_DNS);
	plen -= 2 + 12;
	put16(0xc000 | (unsigned)at[15]);      /* 16 jumps: fine */
	rr_tail(TA_DNS_TXT, "\x01z", 2);
	REQUIRE(parse(5, TA_DNS_TXT) == 0);
	CHECK_INT(res.ntxt, 1);
	CHECK_STR(res.txt[0], "z");
	/* Owner names (of records otherwise ignored) of 63+63+63+61 bytes of
	 * labels, 253 as text: fine; with one more byte: too long. */
	for (i = 0; i < 2; i++) {
		size_t j;

		answer_start(5, 0x8180, 1);
		for (j = 0; j < 3; j++) {
			put("\x3f", 1);
			memset(pkt + plen, 'l', 63);
			plen += 63;
		}
		put(i ? "\x3e" : "\x3d", 1);
		memset(pkt + plen, 'l', 61 + i);
		plen += 61 + i;
		put("\0", 1);
		rr_tail(TA_DNS_TXT, "\x00", 1);
		CHECK_INT(parse(5, TA_DNS_TXT), i ? TA_ERR_DNS : 0);
	}
	/* The same limit across a pointer: 63+63+63+33 bytes of labels, then
	 * the question name (27) is 253 as text; a label of 34 makes 254. */
	for (i = 0; i < 2; i++) {
		size_t j;

		answer_start(5, 0x8180, 1);
		for (j = 0; j < 3; j++) {
			put("\x3f", 1);
			memset(pkt + plen, 'l', 63);
			plen += 63;
		}
		put(i ? "\x22" : "\x21", 1);
		memset(pkt + plen, 'l', 33 + i);
		plen += 33 + i;
		put16(0xc00c);
		rr_tail(TA_DNS_TXT, "\x00", 1);
		CHECK_INT(parse(5, TA_DNS_TXT), i ? TA_ERR_DNS : 0);
	}
}

static void t_too_many_txt(void)
{
	int i;

	answer_start(3, 0x8180, TA_DNS_MAX_TXT);
	for (i = 0; i < TA_DNS_MAX_TXT; i++)
		rr(12, TA_DNS_TXT, "\x01x", 2);
	CHECK_INT(parse(3, TA_DNS_TXT), 0);
	CHECK_INT(res.ntxt, TA_DNS_MAX_TXT);
	answer_start(3, 0x8180, TA_DNS_MAX_TXT + 1);
	for (i = 0; i < TA_DNS_MAX_TXT + 1; i++)
		rr(12, TA_DNS_TXT, "\x01x", 2);
	CHECK_INT(parse(3, TA_DNS_TXT), 0);
	CHECK_INT(res.ntxt, TA_DNS_MAX_TXT);
	CHECK_INT(res.txt_more, 1);
	/* The ones not kept are still checked. */
	answer_start(3, 0x8180, TA_DNS_MAX_TXT + 1);
	for (i = 0; i < TA_DNS_MAX_TXT; i++)
		rr(12, TA_DNS_TXT, "\x01x", 2);
	rr(12, TA_DNS_TXT, "\x05x", 2);
	CHECK_INT(parse(3, TA_DNS_TXT), TA_ERR_DNS);
	/* A long value past the kept ones is counted like the others. */
	{
		unsigned char big[300];

		memset(big, 'z', sizeof(big));
		big[0] = 200;
		big[201] = 98;
		answer_start(3, 0x8180, TA_DNS_MAX_TXT + 1);
		for (i = 0; i < TA_DNS_MAX_TXT; i++)
			rr(12, TA_DNS_TXT, "\x01x", 2);
		rr(12, TA_DNS_TXT, big, 300);
		CHECK_INT(parse(3, TA_DNS_TXT), 0);
		CHECK_INT(res.txt_more, 1);
	}
}

/* ---- a fake DNS server on 127.0.0.1 (a forked child) ------------------- */
enum { F_TC, F_TC_CLOSE, F_DROP_FIRST, F_REFUSED, F_HUGE, F_WRONG_Q, F_STRAY, F_SILENT };

/* The answer to query q[0..n): header and question copied, QR and RA set,
 * tc and rcode as given, then ntxt TXT records of 200 bytes 'a', 'b'... */
static size_t fake_answer(const unsigned char *q, size_t n, unsigned char *a, int tc,
	unsigned rcode, unsigned ntxt)
{
	size_t o = n;
	unsigned i;

	memcpy(a, q, n);
	a[2] = (unsigned char)(0x80 | (q[2] & 0x01) | (tc ? 0x02 : 0));
	a[3] = (unsigned char)(0x80 | rcode);
	a[6] = (unsigned char)(ntxt >> 8);
	a[7] = (unsigned char)ntxt;
	for (i = 0; i < ntxt; i++) {
		memcpy(a + o, "\xc0\x0c\x00\x10\x00\x01\x00\x00\x00\x3c\x00\xc9\xc8", 13);
		memset(a + o + 13, 'a' + (int)i, 200);
		o += 213;
	}
	return o;
}

static void fake_serve(int u, int t, int mode)
{
	static unsigned char q[512], a[8192];
	unsigned seen = 0;

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

			if (c >= 0 && recv(c, h, 2, MSG_WAITALL) == 2 &&
			    (n = recv(c, q, (size_t)(h[0] << 8 | h[1]), MSG_WAITALL)) >= 12 &&
			    mode != F_TC_CLOSE) {
				al = fake_answer(q, (size_t)n, a + 2, 0, 0, 3);
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
		if (n < 12)
			continue;
		seen++;
		switch (mode) {
		case F_TC:
		case F_TC_CLOSE:
			/* First a datagram with another id (to be ignored), then
			 * the truncated answer. */
			al = fake_answer(q, (size_t)n, a, 0, 0, 1);
			a[0] ^= 0xff;
			(void)!sendto(u, a, al, 0, (struct sockaddr *)&from, fl);
			al = fake_answer(q, (size_t)n, a, 1, 0, 0);
			break;
		case F_DROP_FIRST:
			if (seen == 1)
				continue;
			al = fake_answer(q, (size_t)n, a, 0, 0, 2);
			break;
		case F_REFUSED:
			al = fake_answer(q, (size_t)n, a, 0, 5, 0);
			break;
		case F_HUGE:
			al = fake_answer(q, (size_t)n, a, 0, 0, 21);
			break;
		case F_WRONG_Q:
		case F_STRAY:
			al = fake_answer(q, (size_t)n, a, 0, 0, 1);
			a[14] = 'X';               /* _acme-challenge -> _aXme-challenge */
			if (mode == F_WRONG_Q)
				break;
			/* the right id and another question, then the answer */
			(void)!sendto(u, a, al, 0, (struct sockaddr *)&from, fl);
			al = fake_answer(q, (size_t)n, a, 0, 0, 1);
			a[2] &= 0x7f;              /* no QR: a query, not an answer */
			(void)!sendto(u, a, al, 0, (struct sockaddr *)&from, fl);
			al = fake_answer(q, (size_t)n, a, 0, 0, 2);
			a[15] = 'C';               /* the question echoed in another case */
			break;
		default:
			continue;
		}
		(void)!sendto(u, a, al, 0, (struct sockaddr *)&from, fl);
	}
}


/* Looks name up at the fake server in mode; returns the lookup's result. */
static int fake_lookup(int mode, uint32_t *ms)
{
	char resolver[32];
	unsigned port;
	uint32_t t0;
	pid_t pid = ta_test_server_start(fake_serve, mode, &port);
	int r;

	if (pid < 0)
		return 1000;
	snprintf(resolver, sizeof(resolver), "127.0.0.1:%u", port);
	ta_error_clear();
	t0 = ta_time_ms();
	r = ta_dns_lookup(resolver, QNAME, TA_DNS_TXT, &res);
	*ms = ta_time_ms() - t0;
	ta_test_server_stop(pid);
	return r;
}

/* A datagram with a foreign id is ignored; the TC answer sends us to TCP,
 * where the whole answer (three values, 700 bytes) comes. */
static void t_fake_truncated(void)
{
	uint32_t ms;

	REQUIRE(fake_lookup(F_TC, &ms) == 0);
	CHECK_INT(res.truncated, 0);
	CHECK_INT(res.ntxt, 3);
	CHECK_INT(res.txtlen[2], 200);
	CHECK(res.txt[0][0] == 'a' && res.txt[2][199] == 'c');
	CHECK(ms < 1000);
	CHECK_INT(fake_lookup(F_TC_CLOSE, &ms), TA_ERR_CLOSED);
	CHECK(strstr(ta_error_msg(), "closed the TCP connection") != NULL);
}

/* The first query gets no answer: the second try (after 1 s) does. */
static void t_fake_retry(void)
{
	uint32_t ms;

	REQUIRE(fake_lookup(F_DROP_FIRST, &ms) == 0);
	CHECK_INT(res.ntxt, 2);
	CHECK(ms >= 900 && ms < 3000);
}

static void t_fake_errors(void)
{
	uint32_t ms;

	CHECK_INT(fake_lookup(F_REFUSED, &ms), TA_ERR_DNS);
	CHECK(strstr(ta_error_msg(), "REFUSED") != NULL);
	CHECK_INT(fake_lookup(F_HUGE, &ms), TA_ERR_SPACE);
	CHECK(strstr(ta_error_msg(), "larger than 4096") != NULL);
}

/* Datagrams with the query's id that are no answer to it (another
 * question, no QR bit) are skipped: the answer after them is read.  Only
 * such datagrams: no answer (they once ended the lookup at once). */
static void t_fake_stray(void)
{
	uint32_t ms;

	REQUIRE(fake_lookup(F_STRAY, &ms) == 0);
	CHECK_INT(res.ntxt, 2);
	CHECK(ms < 1000);
	CHECK_INT(fake_lookup(F_WRONG_Q, &ms), TA_ERR_TIMEOUT);
	CHECK(ms >= 6900);
}

/* Nobody answers: three tries of 1, 2 and 4 s, then a message. */
static void t_fake_silent(void)
{
	uint32_t ms;

	CHECK_INT(fake_lookup(F_SILENT, &ms), TA_ERR_TIMEOUT);
	CHECK(ms >= 6900 && ms < 9000);
	CHECK(strstr(ta_error_msg(), "did not answer") != NULL);
}

/* A resolver that refuses (nothing on its port: a dnsmasq restarting) is
 * given each try's time to come back, not failed at once. */
static void t_refused_waits(void)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	char resolver[32];
	uint32_t t0, ms;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), r;

	REQUIRE(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	REQUIRE(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
		getsockname(fd, (struct sockaddr *)&sa, &sl) == 0);
	close(fd);                       /* a port nobody listens on */
	snprintf(resolver, sizeof(resolver), "127.0.0.1:%u", ntohs(sa.sin_port));
	ta_error_clear();
	t0 = ta_time_ms();
	r = ta_dns_lookup(resolver, QNAME, TA_DNS_TXT, &res);
	ms = ta_time_ms() - t0;
	CHECK_INT(r, TA_ERR_NET);
	CHECK(ms >= 2900 && ms < 4500);
	CHECK(strstr(ta_error_msg(), "refused") != NULL);
	if (ta_test_failed)
		fprintf(stderr, "    %u ms: %s\n", ms, ta_error_msg());
}

static void t_resolver_syntax(void)
{
	ta_error_clear();
	CHECK_INT(ta_dns_lookup("bad resolver", "x.tacme.test", TA_DNS_TXT, &res), TA_ERR_CONFIG);
	CHECK_INT(ta_dns_lookup("127.0.0.1:", "x.tacme.test", TA_DNS_TXT, &res), TA_ERR_CONFIG);
	CHECK_INT(ta_dns_lookup("127.0.0.1:0", "x.tacme.test", TA_DNS_TXT, &res), TA_ERR_CONFIG);
	CHECK_INT(ta_dns_lookup("127.0.0.1:65536", "x.tacme.test", TA_DNS_TXT, &res), TA_ERR_CONFIG);
	CHECK_INT(ta_dns_lookup("127.0.0.1:+53", "x.tacme.test", TA_DNS_TXT, &res), TA_ERR_CONFIG);
	CHECK_INT(ta_dns_lookup("[::1", "x.tacme.test", TA_DNS_TXT, &res), TA_ERR_CONFIG);
	CHECK_INT(ta_dns_lookup("[::1]53", "x.tacme.test", TA_DNS_TXT, &res), TA_ERR_CONFIG);
	CHECK_INT(ta_dns_lookup("", "x.tacme.test", TA_DNS_TXT, &res), TA_ERR_CONFIG);
	CHECK_INT(ta_dns_lookup("127.0.0.1", "bad name", TA_DNS_TXT, &res), TA_ERR_ARG);
}

/* Reads /etc/resolv.conf (never queries it). */
static void t_default_resolver(void)
{
	char out[64], again[64], tiny[4];
	FILE *f = fopen("/etc/resolv.conf", "r");
	char line[256];
	unsigned n;
	int has = 0, r;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "nameserver", 10))
			has = 1;
	if (f)
		fclose(f);
	r = ta_dns_default_resolver(out, sizeof(out), 0, &n);
	REQUIRE(r == 0);
	if (!has) {                      /* musl's default */
		CHECK_STR(out, "127.0.0.1");
		CHECK_INT(n, 1);
		return;
	}
	CHECK(n >= 1 && n <= 3);
	CHECK(out[0] && !strpbrk(out, " \t\r\n"));
	CHECK(strchr(out, ':') == NULL || (out[0] == '[' && out[strlen(out) - 1] == ']'));
	CHECK_INT(ta_dns_default_resolver(again, sizeof(again), n, &n), 0);
	CHECK_STR(again, out);               /* k modulo their number */
	CHECK_INT(ta_dns_default_resolver(tiny, sizeof(tiny), 0, &n), TA_ERR_SPACE);
}

/* ---- live: pebble-challtestsrv and the acme-dns test server ------------ */
static const char *need_env(const char *name)
{
	const char *v = ta_test_env(name);

	if (!v) {
		fprintf(stderr, "    %s is not set: run the suite with tests/check.sh\n", name);
		ta_test_failed = 1;
	}
	return v;
}

/* Runs cmd with the shell and reads its output into out; 0 if it exited 0. */
static int run(const char *cmd, char *out, size_t cap)
{
	FILE *f = popen(cmd, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(out, 1, cap - 1, f);
	out[n] = '\0';
	return pclose(f) == 0 ? 0 : -1;
}

/* POSTs json to the challtestsrv management API. */
static int mgmt(const char *path, const char *json)
{
	char cmd[1024], out[256];
	const char *url = ta_test_env("TACME_TEST_CHALLTESTSRV");

	if (!url)
		return -1;
	snprintf(cmd, sizeof(cmd), "curl -sf -X POST -d '%s' '%s%s'", json, url, path);
	return run(cmd, out, sizeof(out));
}

static void t_lookup_live(void)
{
	const char *dns = need_env("TACME_TEST_DNS");
	char json[512], name[128], target[128], broken[128];
	unsigned id = (unsigned)getpid();

	if (!dns || !need_env("TACME_TEST_CHALLTESTSRV"))
		return;
	snprintf(name, sizeof(name), "_acme-challenge.live%u.tacme.test", id);
	snprintf(target, sizeof(target), "sub%u.auth.test", id);
	snprintf(broken, sizeof(broken), "broken%u.tacme.test", id);
	snprintf(json, sizeof(json), "{\"host\":\"%s.\",\"target\":\"%s.\"}", name, target);
	REQUIRE(mgmt("/set-cname", json) == 0);
	snprintf(json, sizeof(json), "{\"host\":\"%s.\",\"value\":\"value-one\"}", target);
	REQUIRE(mgmt("/set-txt", json) == 0);
	snprintf(json, sizeof(json), "{\"host\":\"%s.\",\"value\":\"value-two\"}", target);
	REQUIRE(mgmt("/set-txt", json) == 0);
	/* TXT through the CNAME: both values. */
	ta_error_clear();
	REQUIRE(ta_dns_lookup(dns, name, TA_DNS_TXT, &res) == 0);
	CHECK_INT(res.rcode, TA_DNS_NOERROR);
	CHECK_STR(res.cname, target);
	REQUIRE(res.ntxt == 2);
	CHECK((!strcmp(res.txt[0], "value-one") && !strcmp(res.txt[1], "value-two")) ||
	      (!strcmp(res.txt[1], "value-one") && !strcmp(res.txt[0], "value-two")));
	/* The CNAME question, and the target asked directly. */
	REQUIRE(ta_dns_lookup(dns, name, TA_DNS_CNAME, &res) == 0);
	CHECK_STR(res.cname, target);
	CHECK_INT(res.ncname, 1);
	REQUIRE(ta_dns_lookup(dns, target, TA_DNS_TXT, &res) == 0);
	CHECK_STR(res.cname, "");
	CHECK_INT(res.ntxt, 2);
	/* Cleared: no TXT (challtestsrv answers NOERROR without records). */
	snprintf(json, sizeof(json), "{\"host\":\"%s.\"}", target);
	REQUIRE(mgmt("/clear-txt", json) == 0);
	REQUIRE(ta_dns_lookup(dns, name, TA_DNS_TXT, &res) == 0);
	CHECK_INT(res.ntxt, 0);
	snprintf(json, sizeof(json), "{\"host\":\"%s.\"}", name);
	CHECK(mgmt("/clear-cname", json) == 0);
	/* A (challtestsrv's default answer), SERVFAIL. */
	REQUIRE(ta_dns_lookup(dns, broken, TA_DNS_A, &res) == 0);
	CHECK_INT(res.nanswer, 1);
	snprintf(json, sizeof(json), "{\"host\":\"%s.\"}", broken);
	REQUIRE(mgmt("/set-servfail", json) == 0);
	REQUIRE(ta_dns_lookup(dns, broken, TA_DNS_TXT, &res) == 0);
	CHECK_INT(res.rcode, TA_DNS_SERVFAIL);
	CHECK(mgmt("/clear-servfail", json) == 0);
	/* Nothing listens on port 1: refused at once, with a message. */
	ta_error_clear();
	CHECK_INT(ta_dns_lookup("127.0.0.1:1", "x.tacme.test", TA_DNS_TXT, &res), TA_ERR_NET);
	CHECK(strstr(ta_error_msg(), "no DNS service at 127.0.0.1 port 1") != NULL);
}

/* Copies the string value of "key" from flat JSON text. */
static int json_str(const char *j, const char *key, char *out, size_t cap)
{
	char pat[64];
	const char *p, *e;

	snprintf(pat, sizeof(pat), "\"%s\"", key);
	p = strstr(j, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	p += strspn(p, " :");
	if (*p++ != '"' || !(e = strchr(p, '"')) || (size_t)(e - p) >= cap)
		return -1;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return 0;
}

/* POST /update; returns the HTTP status (0 when curl failed). */
static int acmedns_update(const char *url, const char *user, const char *key, const char *sub,
	const char *txt)
{
	char cmd[1024], out[64];

	snprintf(cmd, sizeof(cmd), "curl -s -o /dev/null -w '%%{http_code}' -X POST "
		"-H 'X-Api-User: %s' -H 'X-Api-Key: %s' "
		"-d '{\"subdomain\": \"%s\", \"txt\": \"%s\"}' '%s/update'", user, key, sub, txt, url);
	return run(cmd, out, sizeof(out)) ? 0 : atoi(out);
}

/* Register, update three values: DNS holds exactly the last two, seen
 * through the user's CNAME as tacme sees it.  Bad credentials and a bad
 * value are refused and change nothing. */
static void t_acmedns_live(void)
{
	const char *dns = need_env("TACME_TEST_DNS"), *url = need_env("TACME_TEST_ACMEDNS");
	char cmd[512], reg[1024], user[64], key[64], sub[64], full[160], json[512], name[128];
	char v[3][44];
	int i;

	if (!dns || !url || !need_env("TACME_TEST_CHALLTESTSRV"))
		return;
	snprintf(cmd, sizeof(cmd), "curl -sf -X POST '%s/register'", url);
	REQUIRE(run(cmd, reg, sizeof(reg)) == 0);
	REQUIRE(json_str(reg, "username", user, sizeof(user)) == 0);
	REQUIRE(json_str(reg, "password", key, sizeof(key)) == 0);
	REQUIRE(json_str(reg, "subdomain", sub, sizeof(sub)) == 0);
	REQUIRE(json_str(reg, "fulldomain", full, sizeof(full)) == 0);
	CHECK_INT(strlen(key), 40);
	for (i = 0; i < 3; i++) {
		snprintf(v[i], sizeof(v[i]), "tacme-test-value-%d-%024u", i, (unsigned)getpid());
		CHECK_INT(strlen(v[i]), 43);
		CHECK_INT(acmedns_update(url, user, key, sub, v[i]), 200);
	}
	CHECK_INT(acmedns_update(url, user, "0123456789012345678901234567890123456789", sub,
		v[0]), 401);
	CHECK_INT(acmedns_update(url, user, key, sub, "too-short"), 400);
	snprintf(name, sizeof(name), "_acme-challenge.adns%u.tacme.test", (unsigned)getpid());
	snprintf(json, sizeof(json), "{\"host\":\"%s.\",\"target\":\"%s.\"}", name, full);
	REQUIRE(mgmt("/set-cname", json) == 0);
	ta_error_clear();
	REQUIRE(ta_dns_lookup(dns, name, TA_DNS_TXT, &res) == 0);
	CHECK_STR(res.cname, full);
	REQUIRE(res.ntxt == 2);
	CHECK((!strcmp(res.txt[0], v[1]) && !strcmp(res.txt[1], v[2])) ||
	      (!strcmp(res.txt[1], v[1]) && !strcmp(res.txt[0], v[2])));
	snprintf(json, sizeof(json), "{\"host\":\"%s.\"}", name);
	CHECK(mgmt("/clear-cname", json) == 0);
}

/* NS answers give their host names (compressed or not); an SOA record in
 * the answer or the authority section names the zone; AA is reported;
 * TA_DNS_NORD clears RD in the query. */
static void t_ns_soa_aa(void)
{
	static const unsigned char soa[27] = "\x02ns\x00\x01h\x00";
	unsigned char q[300];
	size_t qlen;

	answer_q(7, 0x8500, 2, TA_DNS_NS);
	rr(12, TA_DNS_NS, "\x03ns1\x07" "example\x03net\x00", 17);
	rr(12, TA_DNS_NS, "\x03ns2\xc0\x0c", 6);
	REQUIRE(parse(7, TA_DNS_NS) == 0);
	CHECK_INT(res.nanswer, 2);
	CHECK_INT(res.ntxt, 2);
	CHECK_STR(res.txt[0], "ns1.example.net");
	CHECK_STR(res.txt[1], "ns2._acme-challenge.example.com");
	CHECK(res.aa);
	CHECK_STR(res.zone, "");
	/* an NS record whose name runs past its RDATA */
	answer_q(7, 0x8500, 1, TA_DNS_NS);
	rr(12, TA_DNS_NS, "\x03ns1\x07" "example\x03net\x00", 16);
	put("\x00", 1);
	CHECK_INT(parse(7, TA_DNS_NS), TA_ERR_DNS);
	/* NXDOMAIN with the zone's SOA in the authority section */
	answer_q(8, 0x8183, 0, TA_DNS_TXT);
	pkt[9] = 1;
	put("\x07" "example\x03" "com\x00", 13);
	rr_tail(TA_DNS_SOA, soa, sizeof(soa));
	REQUIRE(parse(8, TA_DNS_TXT) == 0);
	CHECK_INT(res.rcode, TA_DNS_NXDOMAIN);
	CHECK_STR(res.zone, "example.com");
	CHECK(!res.aa);
	pkt[9] = 2;                      /* a second one that is not there: */
	REQUIRE(parse(8, TA_DNS_TXT) == 0);  /* the section is read that far */
	CHECK_STR(res.zone, "example.com");
	pkt[9] = 1;
	pkt[plen - 29] = 0xff;           /* the SOA's RDLENGTH runs past the end */
	REQUIRE(parse(8, TA_DNS_TXT) == 0);
	CHECK_STR(res.zone, "");
	CHECK_INT(res.rcode, TA_DNS_NXDOMAIN);
	/* an SOA question about the zone itself: the answer's SOA */
	answer_q(9, 0x8180, 1, TA_DNS_SOA);
	rr(12, TA_DNS_SOA, soa, sizeof(soa));
	REQUIRE(parse(9, TA_DNS_SOA) == 0);
	CHECK_STR(res.zone, QNAME);
	/* RD: set by default, clear for an authoritative server */
	REQUIRE(ta_dns_query(q, sizeof(q), 1, "example.com", TA_DNS_TXT | TA_DNS_NORD, &qlen) == 0);
	CHECK_INT(q[2], 0);
	CHECK(q[qlen - 4] == 0 && q[qlen - 3] == TA_DNS_TXT);
	REQUIRE(ta_dns_query(q, sizeof(q), 1, "example.com", TA_DNS_TXT, &qlen) == 0);
	CHECK_INT(q[2], 1);
}

const ta_test suite_dns[] = {
	{ "ns_soa_aa", t_ns_soa_aa },
	{ "query", t_query },
	{ "query_roundtrip", t_query_roundtrip },
	{ "cname_then_txt", t_cname_then_txt },
	{ "chain", t_chain },
	{ "chain_limits", t_chain_limits },
	{ "other_types", t_other_types },
	{ "addresses", t_addresses },
	{ "txt_values", t_txt_values },
	{ "rcodes_and_tc", t_rcodes_and_tc },
	{ "rejects", t_rejects },
	{ "name_limits", t_name_limits },
	{ "too_many_txt", t_too_many_txt },
	{ "fake_truncated", t_fake_truncated },
	{ "fake_retry", t_fake_retry },
	{ "fake_errors", t_fake_errors },
	{ "fake_stray", t_fake_stray },
	{ "refused_waits", t_refused_waits },
	{ "fake_silent", t_fake_silent },
	{ "resolver_syntax", t_resolver_syntax },
	{ "default_resolver", t_default_resolver },
	{ "lookup_live", t_lookup_live },
	{ "acmedns_live", t_acmedns_live },
	{ 0, 0 }
};
