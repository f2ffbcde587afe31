/* DNS lookups: UDP with retries and growing timeouts, TCP when truncated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "tacme_port.h"
#include "ta_dns.h"
#include "ta_http.h"

/* Splits "host", "host:port", "[v6]:port" or a bare IPv6 literal. */
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
		char *end;
		unsigned long p = strtoul(colon + 1, &end, 10);

		if (*end || p == 0 || p > 65535)
			return -1;
		*port = (unsigned)p;
	}
	if (n == 0 || n >= cap || strcspn(h, " \t/") < n)
		return -1;
	memcpy(host, h, n);
	host[n] = '\0';
	return 0;
}

int ta_dns_lookup(const char *resolver, const char *name, int qtype, ta_dns_result *res)
{
	static const unsigned timeouts[] = { 1000, 2000, 4000 };
	unsigned char q[300], a[4096];
	char host[TA_HOST_MAX], sys[TA_HOST_MAX];
	size_t qlen, alen;
	unsigned port, i;
	uint16_t id;
	int r = TA_ERR_TIMEOUT;

	if (!resolver) {
		if (ta_dns_default_resolver(sys, sizeof(sys)))
			return ta_error(TA_ERR_DNS, "no nameserver in /etc/resolv.conf: set "
				"dns_resolver");
		resolver = sys;
	}
	if (split(resolver, host, sizeof(host), &port))
		return ta_error(TA_ERR_CONFIG, "bad dns_resolver \"%s\": expected host[:port]",
			resolver);
	if (ta_rand(&id, sizeof(id)))
		return TA_ERR_RAND;
	if ((r = ta_dns_query(q, sizeof(q), id, name, qtype, &qlen)) != 0)
		return ta_error(r, "cannot ask DNS for \"%s\"", name);
	for (i = 0; i < TA_ARRAY_LEN(timeouts); i++) {
		r = ta_udp_exchange(host, port, q, qlen, a, sizeof(a), &alen, timeouts[i]);
		if (r != TA_ERR_TIMEOUT)
			break;
	}
	if (r == TA_ERR_TIMEOUT)
		return ta_error(TA_ERR_TIMEOUT, "the DNS server %s did not answer about %s",
			resolver, name);
	if (r == 0 && (r = ta_dns_parse(a, alen, id, name, qtype, res)) == 0 && res->truncated) {
		r = ta_dns_tcp_exchange(host, port, q, qlen, a, sizeof(a), &alen, timeouts[2]);
		if (r == 0)
			r = ta_dns_parse(a, alen, id, name, qtype, res);
	}
	return r;
}
