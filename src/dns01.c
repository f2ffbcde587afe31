/* dns-01 values, and the DNS checks around them: the CNAME delegation
 * before ordering and the wait until a TXT value is visible. */
#include <string.h>
#include "tacme.h"
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

int ta_dns01_wait(const char *resolver, const char *domain, const char *value,
	unsigned timeout_s)
{
	ta_dns_result res;
	char name[TA_DNS_NAME_MAX + 20];
	char why[200] = "no answer";   /* the last failed lookup's reason */
	uint32_t start = ta_time_ms();
	unsigned wait = 200;
	int r, had = ta_error_code();

	memset(&res, 0, sizeof(res));
	ta_snprintf(name, sizeof(name), "_acme-challenge.%s", domain);
	for (;;) {
		r = ta_dns_lookup(resolver, name, TA_DNS_TXT, &res);
		if (r == 0 && res.rcode == TA_DNS_NOERROR && has_txt(&res, value))
			return 0;
		if (r == TA_ERR_CONFIG || r == TA_ERR_RAND || r == TA_ERR_ARG)
			return r;                /* asking again cannot help */
		if (r && !had && *ta_error_msg())
			ta_snprintf(why, sizeof(why), "%s", ta_error_msg());
		if (!had)
			ta_error_clear();
		if ((uint32_t)(ta_time_ms() - start) + wait > timeout_s * 1000u)
			return ta_error(TA_ERR_TIMEOUT, "after %u s, DNS still does not show the "
				"TXT value at %s%s%s (%s): check the CNAME and the DNS provider",
				timeout_s, name, res.cname[0] ? " -> " : "", res.cname,
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
