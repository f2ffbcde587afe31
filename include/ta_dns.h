/* A tiny DNS client: query building and strict answer parsing (dnsq.c,
 * pure), and lookups over UDP with retries and TCP for truncated answers
 * (dnslookup.c, through the port layer). */
#ifndef TA_DNS_H
#define TA_DNS_H

#include <stddef.h>
#include <stdint.h>

enum { TA_DNS_A = 1, TA_DNS_NS = 2, TA_DNS_CNAME = 5, TA_DNS_SOA = 6, TA_DNS_TXT = 16,
	TA_DNS_AAAA = 28 };
/* Or'ed into a qtype: a question for an authoritative server (RD clear;
 * ta_dns_lookup tries once, for 2 s). */
#define TA_DNS_NORD 0x10000
enum { TA_DNS_NOERROR = 0, TA_DNS_SERVFAIL = 2, TA_DNS_NXDOMAIN = 3 };
#define TA_DNS_MAX_TXT 8        /* TXT records kept from one answer */
#define TA_DNS_MAX_CHAIN 8      /* CNAME records followed from the question */
#define TA_DNS_NAME_MAX 256     /* a name as text (253) and its NUL, rounded */
#define TA_DNS_MAX_ADDR 8       /* A or AAAA records kept from one answer: the
                                 * first ones, enough to connect (the rest are
                                 * counted in nanswer, not kept) */

typedef struct ta_dns_result {
	int rcode;                  /* TA_DNS_NOERROR, _SERVFAIL, _NXDOMAIN, ... */
	int truncated;              /* TC was set */
	int aa;                     /* AA was set: an authoritative answer */
	unsigned ncname;            /* CNAME records followed */
	char cname[TA_DNS_NAME_MAX];/* end of the CNAME chain from the question
	                             * name, no trailing dot; "" when none */
	unsigned nanswer;           /* records of the asked type at that end */
	unsigned ntxt;              /* TXT records there (TXT questions), or NS
	                             * records (NS questions: their host names
	                             * in txt[], no trailing dot) */
	unsigned txt_more;          /* more not kept: past TA_DNS_MAX_TXT, or
	                             * values over 255 bytes */
	unsigned char txtlen[TA_DNS_MAX_TXT];   /* length of each value */
	char txt[TA_DNS_MAX_TXT][256];  /* each record's strings concatenated,
	                                 * NUL-terminated */
	unsigned naddr;             /* A or AAAA records kept (those questions) */
	unsigned char addr[TA_DNS_MAX_ADDR][16];    /* each in network order: 4
	                                 * bytes for A, 16 for AAAA */
	char zone[TA_DNS_NAME_MAX]; /* owner of the first SOA record at the end
	                             * of the chain or in the authority section
	                             * (the zone holding the name); "" if none */
} ta_dns_result;

/* Writes a query for name (a trailing dot is optional) and qtype, with id
 * and RD set (clear with TA_DNS_NORD), into buf[0..cap).  Names are letters, digits, '-' and '_',
 * labels of 1..63 bytes, '*' only as a whole label, at most 253 bytes.
 * Returns 0 and sets *len, TA_ERR_ARG for a bad name, or TA_ERR_SPACE. */
int ta_dns_query(unsigned char *buf, size_t cap, uint16_t id, const char *name, int qtype,
	size_t *len);
/* Parses msg[0..len), the answer to the query (id, name, qtype): checks QR,
 * id, opcode and the echoed question (case-insensitive), follows the CNAME
 * chain in the answer section from name (at most TA_DNS_MAX_CHAIN records)
 * and collects the TXT strings, NS host names, or the first TA_DNS_MAX_ADDR
 * A or AAAA addresses, at its end into res (caller's), and the zone from
 * an SOA record there or in the authority section.  Compression
 * pointers must point backwards, past the header, at most 16 per name.
 * TXT records past TA_DNS_MAX_TXT and values over 255 bytes are checked
 * and counted in res->txt_more, not kept.  With TC set, the answer section
 * ends at the first record cut off (the caller asks again over TCP).
 * Returns 0 (then see res->rcode and res->truncated), or TA_ERR_DNS for a
 * malformed or mismatched answer (an A RDATA not of 4 bytes, an AAAA not of
 * 16) or a CNAME loop. */
int ta_dns_parse(const unsigned char *msg, size_t len, uint16_t id, const char *name,
	int qtype, ta_dns_result *res);
/* Asks resolver ("host", "host:port", "[v6]:port", a bare IPv6 literal; NULL
 * for the nameservers of /etc/resolv.conf, in turn) about name/qtype: UDP,
 * 3 tries (1, 2 and 4 s; with TA_DNS_NORD one of 2 s), then TCP when the
 * answer was truncated.  res is the caller's.  Returns 0 with res->rcode NOERROR, NXDOMAIN or SERVFAIL (the
 * states a propagation wait goes through); otherwise TA_ERR_CONFIG (bad
 * resolver), TA_ERR_ARG (bad name), TA_ERR_TIMEOUT, TA_ERR_NET, TA_ERR_DNS
 * (malformed answer, or any other rcode such as REFUSED), TA_ERR_SPACE or
 * TA_ERR_RAND, with a message recorded. */
int ta_dns_lookup(const char *resolver, const char *name, int qtype, ta_dns_result *res);
/* The same within budget_ms in all (each try and the TCP exchange cut to
 * what is left; TA_ERR_TIMEOUT when it is spent), for a wait with a
 * deadline. */
int ta_dns_lookup_within(const char *resolver, const char *name, int qtype, ta_dns_result *res,
	uint32_t budget_ms);

#endif
