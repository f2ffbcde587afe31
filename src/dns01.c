/* dns-01 values, and the DNS checks around them: the CNAME delegation
 * before ordering and the wait until a TXT value is visible. */
#include <string.h>
#include "tacme.h"
#include "ta_str.h"
#include "ta_fmt.h"
#include "tacme_port.h"
#include "tacme_tls.h"
#include "ta_b64.h"
#include "ta_buf.h"
#include "ta_dns.h"
#include "ta_dns01.h"
#include "ta_jws.h"

int ta_dns01_value(const ta_key *account, const char *token, char out[44])
{
	char ka[256];
	unsigned char h[TA_SHA256_LEN];
	int n, r;

	r = ta_jws_thumbprint(account, out);
	if (r)
		return r;
	n = ta_snprintf(ka, sizeof(ka), "%s.%s", token, out);
	if (n < 0 || (size_t)n >= sizeof(ka))
		return ta_error(TA_ERR_SPACE, "challenge token too long");
	ta_sha256(ka, (size_t)n, h);
	{
		ta_buf b;

		ta_buf_init(&b, out, 44);
		ta_b64url_put(&b, h, sizeof(h));
		return ta_buf_cstr(&b);
	}
}

/* 1 if value is one of the TXT strings of res. */
static int has_txt(const ta_dns_result *res, const char *value)
{
	unsigned i;

	for (i = 0; i < res->ntxt; i++)
		if (!strcmp(res->txt[i], value))
			return 1;
	return 0;
}

/* ---- the wait: at the zone's own servers, or through the resolver ------- */

#define AUTH_MAX 4              /* authoritative servers asked */

/* The servers a CA asks about a name: its zone's NS hosts, by address. */
typedef struct auth {
	unsigned n;
	char name[TA_DNS_NAME_MAX];     /* the TXT owner: the CNAME chain's end */
	char server[AUTH_MAX][48];      /* "192.0.2.1", "[2001:db8:0:0:0:0:0:1]" */
} auth;

/* 1 if name is zone or inside it (case-insensitive). */
static int in_zone(const char *name, const char *zone)
{
	size_t n = strlen(name), z = strlen(zone);

	return n >= z && (n == z || name[n - z - 1] == '.') &&
		ta_dns_name_eq(name + n - z, zone);
}

/* Milliseconds from now to deadline (a ta_time_ms() value), 0 when past. */
static uint32_t left(uint32_t deadline)
{
	int32_t d = (int32_t)(deadline - ta_time_ms());

	return d > 0 ? (uint32_t)d : 0;
}

/* Sets a->name to name (which may lie in res), then finds through
 * resolver the zone holding it (the owner of the SOA record that SOA
 * questions get, from name up), its NS hosts and their first addresses (A,
 * else AAAA) into a, before deadline; res is scratch.  a->n is 0 when any of it cannot be
 * found (errors are recorded). */
static void find_auth(const char *resolver, auth *a, ta_dns_result *res, const char *name,
	uint32_t deadline)
{
	char ns[AUTH_MAX][TA_DNS_NAME_MAX];
	const char *n = a->name;
	unsigned i, k, t;

	a->n = 0;
	if (ta_snprintf(a->name, sizeof(a->name), "%s", name) >= (int)sizeof(a->name))
		return;

	while (!ta_dns_lookup_within(resolver, n, TA_DNS_SOA, res, left(deadline)) &&
	    !res->zone[0] && (n = strchr(n, '.')) != NULL)
		n++;
	if (!n || !res->zone[0] || !in_zone(a->name, res->zone))
		return;
	memcpy(ns[0], res->zone, sizeof(ns[0]));     /* res is the answer's */
	if (ta_dns_lookup_within(resolver, ns[0], TA_DNS_NS, res, left(deadline)))
		return;
	k = res->ntxt < AUTH_MAX ? res->ntxt : AUTH_MAX;
	memcpy(ns, res->txt, k * sizeof(ns[0]));
	for (i = 0; i < k; i++)
		for (t = TA_DNS_A; t; t = t == TA_DNS_A ? TA_DNS_AAAA : 0) {
			char *out = a->server[a->n];
			const unsigned char *ip = res->addr[0];
			ta_buf b;
			unsigned j;

			if (ta_dns_lookup_within(resolver, ns[i], (int)t, res, left(deadline)) || !res->naddr)
				continue;
			ta_buf_init(&b, out, sizeof(a->server[0]));
			if (t == TA_DNS_A)
				ta_buf_printf(&b, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
			else
				for (j = 0; j < 16; j += 2)
					ta_buf_printf(&b, "%c%x", j ? ':' : '[', ip[j] << 8 | ip[j + 1]);
			ta_buf_puts(&b, t == TA_DNS_A ? "" : "]");
			a->n += !ta_buf_cstr(&b);
			break;
		}
}

/* Asks each server of a about a->name's TXT records, while deadline is
 * not past.  Returns 1 when all
 * show value, 0 when one does not (its answer in res, its address in
 * *who), or -1 when none is left: a server that does not answer, or not
 * with authority, is dropped from a. */
static int auth_shows(auth *a, const char *value, ta_dns_result *res, const char **who,
	uint32_t deadline)
{
	unsigned i = 0;

	while (i < a->n) {
		if (left(deadline) == 0) {
			*who = a->server[i];     /* not asked in time */
			return 0;
		}
		if (ta_dns_lookup_within(a->server[i], a->name, TA_DNS_TXT | TA_DNS_NORD, res,
		    left(deadline)) ||
		    !res->aa || (res->rcode != TA_DNS_NOERROR && res->rcode != TA_DNS_NXDOMAIN)) {
			ta_log(TA_LOG_DEBUG, "DNS: %s gives no authoritative answer about %s",
				a->server[i], a->name);
			a->n--;
			memmove(a->server[i], a->server[i + 1], (a->n - i) * sizeof(a->server[0]));
			continue;
		}
		if (res->rcode != TA_DNS_NOERROR || !has_txt(res, value)) {
			*who = a->server[i];
			return 0;
		}
		i++;
	}
	return a->n ? 1 : -1;
}

int ta_dns01_wait(const char *resolver, const char *domain, const char *value,
	unsigned timeout_s)
{
	ta_dns_result res;
	auth a;
	char name[TA_DNS_NAME_MAX + 20];
	char why[200] = "no answer";   /* the last failed lookup's reason */
	const char *who = NULL, *end;
	uint32_t start = ta_time_ms(), deadline = start + timeout_s * 1000u;
	unsigned wait = 200, hops = 0;
	int r, shown, had = ta_error_code();

	memset(&res, 0, sizeof(res));
	ta_snprintf(name, sizeof(name), "_acme-challenge.%s", domain);
	/* The CA asks the zone's own servers: so does tacme, past the caches
	 * of the resolver (a negative answer may stay there for an hour). */
	a.n = 0;
	a.name[0] = '\0';
	if (!ta_dns_lookup_within(resolver, name, TA_DNS_TXT, &res, left(deadline)))
		find_auth(resolver, &a, &res, res.cname[0] ? res.cname : name, deadline);
	if (!had)
		ta_error_clear();
	ta_log(TA_LOG_DEBUG, "DNS: waiting for %s at %u authoritative servers%s", a.name, a.n,
		a.n ? "" : " (none found: asking the resolver)");
	for (;;) {
		r = 0;
		shown = a.n ? auth_shows(&a, value, &res, &who, deadline) : -1;
		if (!had)
			ta_error_clear();        /* those of the servers dropped */
		if (!shown && res.cname[0] && !res.ntxt && hops++ < TA_DNS_MAX_CHAIN) {
			/* the zone's servers know a CNAME into another zone that the
			 * resolver's cache did not show yet: that zone's servers */
			find_auth(resolver, &a, &res, res.cname, deadline);
			if (!had)
				ta_error_clear();
			continue;
		}
		if (shown < 0 && left(deadline)) {
			who = NULL;
			r = ta_dns_lookup_within(resolver, name, TA_DNS_TXT, &res, left(deadline));
			shown = r == 0 && res.rcode == TA_DNS_NOERROR && has_txt(&res, value);
		} else if (shown < 0) {
			shown = 0;               /* no time left to ask the resolver */
			r = TA_ERR_TIMEOUT;
			ta_snprintf(why, sizeof(why), "the zone's DNS servers did not answer");
		}
		if (r == TA_ERR_CONFIG || r == TA_ERR_RAND || r == TA_ERR_ARG)
			return r;                /* asking again cannot help */
		if (r && !had && *ta_error_msg())
			ta_snprintf(why, sizeof(why), "%s", ta_error_msg());
		if (!had)
			ta_error_clear();
		if (shown)
			return 0;
		end = who ? a.name : res.cname[0] ? res.cname : name;
		if ((uint32_t)(ta_time_ms() - start) + wait > timeout_s * 1000u)
			return ta_error(TA_ERR_TIMEOUT, "after %u s, %s%s still does not show the "
				"TXT value at %s%s%s (%s): check the CNAME and the DNS provider",
				timeout_s, who ? "the zone's DNS server " : "DNS", who ? who : "",
				name, strcmp(end, name) ? " -> " : "", strcmp(end, name) ? end : "",
				r ? why : res.rcode == TA_DNS_SERVFAIL ? "SERVFAIL" :
				res.rcode == TA_DNS_NXDOMAIN ? "NXDOMAIN" : res.txt_more ? "other values, "
				"more than tacme reads: remove the old ones" : res.ntxt ? "other values" :
				"no TXT record");
		ta_time_sleep_ms(wait);
		wait = wait * 2 > 2000 ? 2000 : wait * 2;
	}
}

int ta_dns01_cname(const char *resolver, const char *name, char *target, size_t cap)
{
	ta_dns_result res;
	int r;

	memset(&res, 0, sizeof(res));
	r = ta_dns_lookup(resolver, name, TA_DNS_CNAME, &res);
	size_t n;

	if (r)
		return r;
	if (res.rcode == TA_DNS_SERVFAIL)
		return ta_error(TA_ERR_DNS, "DNS answered SERVFAIL for %s", name);
	if (!res.cname[0])
		return TA_ERR_NOTFOUND;
	n = strlen(res.cname);
	if (n >= cap)
		return TA_ERR_SPACE;
	memcpy(target, res.cname, n + 1);
	return 0;
}
