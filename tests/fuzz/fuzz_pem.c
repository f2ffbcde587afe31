/* Fuzz target: PEM de-armouring of every block in the input; each block
 * must lie inside the input after the previous one, be TA_ERR_SPACE one
 * byte short, and come back unchanged through ta_pem_put + ta_pem_next. */
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "ta_pem.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static unsigned char der[4096], again[4096];
	static char out[8192], label[80];
	const char *text = (const char *)data, *l, *l2;
	size_t pos = 0, last, n, llen, p2, n2, l2len;
	ta_buf b;
	int r;

	for (;;) {
		last = pos;
		r = ta_pem_next(text, size, &pos, &l, &llen, der, sizeof(der), &n);
		if (r != 0) {
			if (pos != last || (r != TA_ERR_NOTFOUND && r != TA_ERR_PARSE &&
			    r != TA_ERR_SPACE))
				abort();
			break;
		}
		if (pos <= last || pos > size || l < text + last || l + llen > text + pos ||
		    llen == 0 || llen >= sizeof(label))
			abort();
		if (n > 0) {
			p2 = last;
			n2 = 777;
			if (ta_pem_next(text, size, &p2, &l2, &l2len, again, n - 1, &n2) !=
			    TA_ERR_SPACE || p2 != last || n2 != 777)
				abort();
		}
		memcpy(label, l, llen);
		label[llen] = '\0';
		ta_buf_init(&b, out, sizeof(out));
		ta_pem_put(&b, label, der, n);
		if (b.err)
			abort();                 /* 4096 bytes always fit in 8192 */
		p2 = 0;
		if (ta_pem_next(out, b.len, &p2, &l2, &l2len, again, sizeof(again), &n2) != 0 ||
		    p2 != b.len - 1 || n2 != n || memcmp(again, der, n) || l2len != llen ||
		    memcmp(l2, label, llen))
			abort();
	}
	return 0;
}
