/* Fuzz target: the DNS answer parser (header, question, compression,
 * CNAME chain, TXT strings, NS names, A and AAAA addresses, the zone of an
 * SOA record, the authority section).  The first two bytes
 * are the id the answer must match, the third picks the question type;
 * the rest is the answer.
 * Whatever it accepts must be well-formed: counts in range, strings
 * terminated, lengths that match. */
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "ta_dns.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static ta_dns_result res;
	static const int types[] = { TA_DNS_TXT, TA_DNS_CNAME, TA_DNS_A, TA_DNS_AAAA,
		TA_DNS_NS, TA_DNS_SOA };
	int t, r;
	unsigned i;

	if (size < 3)
		return 0;
	ta_error_clear();
	t = types[data[2] % 6];
	r = ta_dns_parse(data + 3, size - 3, (uint16_t)(data[0] << 8 | data[1]),
		"_acme-challenge.example.com", t, &res);
	if (r != 0 && r != TA_ERR_DNS && r != TA_ERR_SPACE)
		abort();
	if (r != 0)
		return 0;
	if (res.ntxt > TA_DNS_MAX_TXT || res.ncname > TA_DNS_MAX_CHAIN ||
	    memchr(res.cname, 0, sizeof(res.cname)) == NULL || strlen(res.cname) > 253 ||
	    (res.ncname == 0) != (res.cname[0] == '\0') || res.ntxt > res.nanswer ||
	    (res.ntxt && t != TA_DNS_TXT && t != TA_DNS_NS) || res.rcode > 15 ||
	    res.naddr > TA_DNS_MAX_ADDR || res.naddr > res.nanswer ||
	    (res.naddr && t != TA_DNS_A && t != TA_DNS_AAAA) ||
	    memchr(res.zone, 0, sizeof(res.zone)) == NULL || strlen(res.zone) > 253)
		abort();
	for (i = 0; i < res.ntxt; i++)
		if (t == TA_DNS_NS ? memchr(res.txt[i], 0, 254) == NULL || !res.txt[i][0] :
		    res.txt[i][res.txtlen[i]] != '\0' || strlen(res.txt[i]) > res.txtlen[i])
			abort();
	return 0;
}
