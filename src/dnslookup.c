/* DNS lookups through the port layer: UDP with retries and growing
 * timeouts, TCP when the answer is truncated. */
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "ta_str.h"
#include "ta_fmt.h"
#include "tacme_port.h"
#include "ta_dns.h"

/* Splits "host", "host:port", "[v6]:port" or a bare IPv6 literal into host
 * (without brackets) and port (53 when absent).  Returns 0 or -1. */
static int split(const char *resolver, char *host, size_t cap, unsigned *port)
{
	const char *colon = strrchr(resolver, ':'), *h = resolver;
	size_t n = strlen(resolver);

	*port = 53;
	if (resolver[0] == '[') {
		const char *rb = strchr(resolver, ']');

		if (!rb)
			return -1;
		h = resolver + 1;
		n = (size_t)(rb - h);
		colon = rb[1] == ':' ? rb + 1 : NULL;
		if (rb[1] && !colon)
			return -1;
	} else if (colon && strchr(resolver, ':') == colon) {
		n = (size_t)(colon - resolver);
	} else {
		colon = NULL;                /* no port, or a bare IPv6 literal */
	}
	if (colon) {
		unsigned long p;

		if (ta_parse_uint(colon + 1, 65535, &p) || p == 0)
			return -1;
		*port = (unsigned)p;
	}
	if (n == 0 || n >= cap || strcspn(h, " \t/[]") < n)
		return -1;
	memcpy(host, h, n);
	host[n] = '\0';
	return 0;
}

/* Sends q[0..qlen) to resolver, or in turn to each nameserver of
 * /etc/resolv.conf when it is NULL (a down or refusing one is skipped),
 * with growing timeouts: tries from *i (from 1 with TA_DNS_NORD).  Sets
 * host[TA_DNS_NAME_MAX] and *port to the server that answered.  0 with
 * a[0..*alen) (a[0..cap) is the caller's), or an error (recorded). */
static int exchange(const char *resolver, const char *name, int qtype, const unsigned char *q,
	size_t qlen, unsigned char *a, size_t cap, size_t *alen, char *host, unsigned *port,
	uint32_t budget_ms)
{
	static const unsigned timeouts[] = { 1000, 2000, 4000 };
	char sys[TA_DNS_NAME_MAX] = "the nameserver", why[160] = "";
	unsigned i = qtype & TA_DNS_NORD ? 1 : 0, last = i ? 2 : 3, nns = 1;
	uint32_t start = ta_time_ms(), spent, t;
	int r = TA_ERR_TIMEOUT, had = ta_error_code();

	for (; i < last && (spent = ta_time_ms() - start) < budget_ms; i++) {
		if (!resolver && ta_dns_default_resolver(sys, sizeof(sys), i, &nns))
			return ta_error(TA_ERR_CONFIG, "cannot read the nameservers of "
				"/etc/resolv.conf: set dns_resolver");
		if (split(resolver ? resolver : sys, host, TA_DNS_NAME_MAX, port))
			return ta_error(TA_ERR_CONFIG, "bad dns_resolver \"%s\": expected host, "
				"host:port or [IPv6]:port", resolver ? resolver : sys);
		t = budget_ms - spent < timeouts[i] ? budget_ms - spent : timeouts[i];
		r = ta_udp_exchange(host, *port, q, qlen, a, cap, alen, t);
		if (r == TA_ERR_NET && i + 1 < last) {
			/* refused (a dnsmasq restarting): as a timeout; the one
			 * server is given the try's time to come back, where
			 * there are more the next one is asked at once */
			if (!had) {
				ta_snprintf(why, sizeof(why), " (%s)", ta_error_msg());
				ta_error_clear();
			}
			spent = ta_time_ms() - start - spent;    /* in this try */
			if ((resolver || nns == 1) && spent < t)
				ta_time_sleep_ms(t - spent);
			r = TA_ERR_TIMEOUT;
			continue;
		}
		if (r != TA_ERR_TIMEOUT)
			return r;
	}
	if (!resolver && nns > 1)
		return ta_error(r, "the nameservers of /etc/resolv.conf did not answer about %s "
			"(%s)%s: check them or set dns_resolver", name, last == 2 ? "1 try in 2 s" :
			"3 tries in 7 s", why);
	return ta_error(r, "the DNS server %s did not answer about %s (%s)%s: check "
		"dns_resolver and that UDP port %u is reachable", resolver ? resolver : sys, name,
		last == 2 ? "1 try in 2 s" : "3 tries in 7 s", why, *port);
}

int ta_dns_lookup(const char *resolver, const char *name, int qtype, ta_dns_result *res)
{
	return ta_dns_lookup_within(resolver, name, qtype, res, UINT32_MAX);
}

int ta_dns_lookup_within(const char *resolver, const char *name, int qtype, ta_dns_result *res,
	uint32_t budget_ms)
{
	static const char *const rcodes[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
		"NOTIMP", "REFUSED" };
	unsigned char q[300], a[4096];
	char host[TA_DNS_NAME_MAX];
	size_t qlen, alen;
	unsigned port = 53;
	uint32_t t0, spent;
	uint16_t id;
	int r;

	memset(res, 0, sizeof(*res));
	if ((r = ta_rand(&id, sizeof(id))) != 0)
		return r;                    /* recorded */
	if ((r = ta_dns_query(q, sizeof(q), id, name, qtype, &qlen)) != 0)
		return ta_error(r, "\"%s\" is not a valid DNS name", name);
	t0 = ta_time_ms();
	r = exchange(resolver, name, qtype, q, qlen, a, sizeof(a), &alen, host, &port, budget_ms);
	if (!r)
		r = ta_dns_parse(a, alen, id, name, qtype, res);
	spent = ta_time_ms() - t0;
	if (!r && res->truncated && spent >= budget_ms)
		r = ta_error(TA_ERR_TIMEOUT, "no time left to ask %s over TCP about %s", host, name);
	if (!r && res->truncated) {          /* errors recorded by the port */
		r = ta_dns_tcp_exchange(host, port, q, qlen, a, sizeof(a), &alen,
			budget_ms - spent < 4000 ? budget_ms - spent : 4000);
		if (!r)
			r = ta_dns_parse(a, alen, id, name, qtype, res);
	}
	if (r)
		return r;
	if (res->rcode != TA_DNS_NOERROR && res->rcode != TA_DNS_SERVFAIL &&
	    res->rcode != TA_DNS_NXDOMAIN)
		return ta_error(TA_ERR_DNS, "the DNS server %s answered %s (rcode %d) about %s: "
			"use a resolver that answers this host (dns_resolver)", host,
			(size_t)res->rcode < TA_ARRAY_LEN(rcodes) ? rcodes[res->rcode] : "an error",
			res->rcode, name);
	return 0;
}
