/* Fuzz target: base64url and base64 decoding; whatever decodes must
 * encode back to the same text (strict decoders accept one form only), a
 * buffer one byte short must be TA_ERR_SPACE, and the input bytes must
 * survive encode + decode in both alphabets, wrapped or not. */
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "ta_b64.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* The whitespace ta_b64_decode skips. */
static int is_ws(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* One byte short must be TA_ERR_SPACE with *outlen untouched. */
static void check_short(const char *in, size_t size, size_t n, int url)
{
	static unsigned char dec[4096];
	size_t m = 777;
	int r;

	if (n == 0)
		return;
	r = url ? ta_b64url_decode(in, size, dec, n - 1, &m) :
		ta_b64_decode(in, size, dec, n - 1, &m);
	if (r != TA_ERR_SPACE || m != 777)
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static unsigned char dec[4096];
	static char enc[8192];
	const char *in = (const char *)data;
	size_t n, i, k;
	unsigned wrap;
	ta_buf b;

	if (ta_b64url_decode(in, size, dec, sizeof(dec), &n) == 0) {
		ta_buf_init(&b, enc, sizeof(enc));
		ta_b64url_put(&b, dec, n);
		if (b.err || b.len != size || ta_b64url_len(n) != size || memcmp(enc, in, size))
			abort();
		check_short(in, size, n, 1);
	}
	if (ta_b64_decode(in, size, dec, sizeof(dec), &n) == 0) {
		ta_buf_init(&b, enc, sizeof(enc));
		ta_b64_put(&b, dec, n, 0);
		/* Same text once the whitespace the decoder skips is removed. */
		for (i = 0, k = 0; i < size; i++)
			if (!is_ws(data[i])) {
				if (k >= b.len || enc[k] != in[i])
					abort();
				k++;
			}
		if (b.err || k != b.len)
			abort();
		check_short(in, size, n, 0);
	}
	/* The input as binary: encode (wrapped at 0..15 columns) and decode. */
	if (size > 2048)
		return 0;
	wrap = size ? data[0] % 16 : 0;
	ta_buf_init(&b, enc, sizeof(enc));
	ta_b64_put(&b, data, size, wrap);
	if (b.err || ta_b64_decode(enc, b.len, dec, sizeof(dec), &n) || n != size ||
	    (size && memcmp(dec, data, size)))
		abort();
	ta_buf_init(&b, enc, sizeof(enc));
	ta_b64url_put(&b, data, size);
	if (b.err || b.len != ta_b64url_len(size) ||
	    ta_b64url_decode(enc, b.len, dec, sizeof(dec), &n) || n != size ||
	    (size && memcmp(dec, data, size)))
		abort();
	return 0;
}
