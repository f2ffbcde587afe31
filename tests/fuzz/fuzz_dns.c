/* Fuzz target: the DNS answer parser (header, question, compression,
 * CNAME chain, TXT strings).  The first two bytes are taken as the id the
 * answer must match, the third picks the question type. */
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "ta_dns.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static ta_dns_result res;
	static const int types[] = { TA_DNS_TXT, TA_DNS_CNAME, TA_DNS_A };
	unsigned i;

	if (size < 3)
		return 0;
	ta_error_clear();
	if (ta_dns_parse(data + 3, size - 3, (uint16_t)(data[0] << 8 | data[1]),
		"_acme-challenge.example.com", types[data[2] % 3], &res) == 0) {
		if (res.ntxt > TA_DNS_MAX_TXT || strlen(res.cname) >= TA_DNS_NAME_MAX)
			abort();
		for (i = 0; i < res.ntxt; i++)
			if (strlen(res.txt[i]) >= sizeof(res.txt[i]))
				abort();
	}
	return 0;
}
