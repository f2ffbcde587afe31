/* Fuzz target: PEM de-armouring of every block in the input, and the
 * round trip of each decoded block through ta_pem_put. */
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "ta_pem.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static unsigned char der[4096], again[4096];
	static char out[8192], label[80];
	const char *l, *l2;
	size_t pos = 0, n, llen, p2, n2, l2len;
	ta_buf b;

	while (ta_pem_next((const char *)data, size, &pos, &l, &llen, der, sizeof(der), &n) == 0) {
		if (pos > size || llen >= sizeof(label))
			abort();
		memcpy(label, l, llen);
		label[llen] = '\0';
		ta_buf_init(&b, out, sizeof(out));
		ta_pem_put(&b, label, der, n);
		if (b.err)
			continue;
		p2 = 0;
		if (ta_pem_next(out, b.len, &p2, &l2, &l2len, again, sizeof(again), &n2) != 0 ||
		    n2 != n || memcmp(again, der, n) || l2len != llen || memcmp(l2, label, llen))
			abort();
	}
	return 0;
}
