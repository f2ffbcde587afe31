/* A tiny DNS client: query building and strict answer parsing (pure), and
 * lookups over UDP with retries and TCP for truncated answers. */
#ifndef TA_DNS_H
#define TA_DNS_H

#include <stddef.h>
#include <stdint.h>

enum { TA_DNS_A = 1, TA_DNS_CNAME = 5, TA_DNS_TXT = 16 };
enum { TA_DNS_NOERROR = 0, TA_DNS_SERVFAIL = 2, TA_DNS_NXDOMAIN = 3 };
#define TA_DNS_MAX_TXT 8
#define TA_DNS_NAME_MAX 256

typedef struct ta_dns_result {
	int rcode;                  /* TA_DNS_NOERROR, _SERVFAIL, _NXDOMAIN, ... */
	int truncated;              /* TC was set */
	char cname[TA_DNS_NAME_MAX];/* end of the CNAME chain from the question
	                             * name, "" when there is none */
	unsigned ntxt;              /* TXT records at the end of the chain */
	char txt[TA_DNS_MAX_TXT][256];  /* each RR's strings concatenated */
} ta_dns_result;

/* Writes a query for name (no trailing dot needed) and qtype with id and
 * RD set into buf[0..cap).  Returns 0 and sets *len, TA_ERR_ARG for a bad
 * name, or TA_ERR_SPACE. */
int ta_dns_query(unsigned char *buf, size_t cap, uint16_t id, const char *name, int qtype,
	size_t *len);
/* Parses the answer msg[0..len) to the query (id, name, qtype): checks the
 * header and the echoed question, follows the CNAME chain in the answer
 * section and collects the TXT strings at its end.  Compression pointers
 * must point backwards and are bounded.  Returns 0 (see res->rcode and
 * res->truncated), TA_ERR_DNS for a malformed or mismatched answer, or
 * TA_ERR_SPACE when more than TA_DNS_MAX_TXT records come. */
int ta_dns_parse(const unsigned char *msg, size_t len, uint16_t id, const char *name,
	int qtype, ta_dns_result *res);
/* Asks resolver ("host", "host:port", "[v6]:port"; NULL for the first
 * nameserver of /etc/resolv.conf) for name/qtype: UDP, 3 tries with growing
 * timeouts, then TCP when the answer was truncated.  Returns 0 (check
 * res->rcode) or TA_ERR_DNS / TA_ERR_TIMEOUT with a message. */
int ta_dns_lookup(const char *resolver, const char *name, int qtype, ta_dns_result *res);

#endif
