/* Fuzz target: base64url and base64 decoding; whatever decodes must
 * encode back to the same text (strict decoders accept one form only). */
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "ta_b64.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static unsigned char dec[4096];
	static char enc[8192];
	const char *in = (const char *)data;
	size_t n, i, k;
	ta_buf b;

	if (ta_b64url_decode(in, size, dec, sizeof(dec), &n) == 0) {
		ta_buf_init(&b, enc, sizeof(enc));
		ta_b64url_put(&b, dec, n);
		if (b.err || b.len != size || memcmp(enc, in, size))
			abort();
	}
	if (ta_b64_decode(in, size, dec, sizeof(dec), &n) == 0) {
		ta_buf_init(&b, enc, sizeof(enc));
		ta_b64_put(&b, dec, n, 0);
		/* Same text once the whitespace the decoder skips is removed. */
		for (i = 0, k = 0; i < size; i++)
			if (!strchr(" \t\r\n", in[i]) || !in[i]) {
				if (k >= b.len || enc[k] != in[i])
					abort();
				k++;
			}
		if (b.err || k != b.len)
			abort();
	}
	return 0;
}
