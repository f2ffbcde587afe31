/* base64url without padding (RFC 4648 section 5) and base64 with padding
 * (section 4), strict on input. */
#include "tacme.h"
#include "ta_b64.h"

static const char std_alpha[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_alpha[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Unpadded base64url length of n bytes. */
size_t ta_b64url_len(size_t n)
{
	return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
}

/* Appends the encoding with alphabet a; pad adds '='; line_len wraps. */
static void encode(ta_buf *b, const unsigned char *in, size_t n, const char *a, int pad,
	unsigned line_len)
{
	char q[4];
	size_t i, col = 0, k, out;

	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		q[0] = a[v >> 18];
		q[1] = a[(v >> 12) & 63];
		q[2] = i + 1 < n ? a[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? a[v & 63] : '=';
		out = pad || n - i >= 3 ? 4 : n - i + 1;
		for (k = 0; k < out; k++) {
			ta_buf_putc(b, q[k]);
			if (line_len && ++col == line_len) {
				ta_buf_putc(b, '\n');
				col = 0;
			}
		}
	}
	if (line_len && col)
		ta_buf_putc(b, '\n');
}

/* Appends base64url of in[0..n) to b, no padding; overflow sets b->err. */
void ta_b64url_put(ta_buf *b, const void *in, size_t n)
{
	encode(b, in, n, url_alpha, 0, 0);
}

/* Appends padded base64 of in[0..n) to b, wrapped every line_len (0: no
 * wrapping); overflow sets b->err. */
void ta_b64_put(ta_buf *b, const void *in, size_t n, unsigned line_len)
{
	encode(b, in, n, std_alpha, 1, line_len);
}

/* The 6-bit value of c in alphabet a, or -1. */
static int value(int c, const char *a)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == a[62])
		return 62;
	if (c == a[63])
		return 63;
	return -1;
}

/* Decodes the significant characters s[0..n) (no padding, no spaces);
 * *outlen is set only on success. */
static int decode(const char *s, size_t n, const char *a, unsigned char *out, size_t cap,
	size_t *outlen)
{
	size_t i, o = 0, need = n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0);
	unsigned acc = 0, bits = 0;

	if (n % 4 == 1)
		return TA_ERR_PARSE;
	if (need > cap)
		return TA_ERR_SPACE;
	for (i = 0; i < n; i++) {
		int v = value((unsigned char)s[i], a);

		if (v < 0)
			return TA_ERR_PARSE;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	if (acc & ((1u << bits) - 1))
		return TA_ERR_PARSE;     /* non-canonical trailing bits */
	*outlen = o;
	return 0;
}

/* Strict base64url decode of in[0..n) into out[0..cap): 0, TA_ERR_PARSE or
 * TA_ERR_SPACE; *outlen is set only on success. */
int ta_b64url_decode(const char *in, size_t n, void *out, size_t cap, size_t *outlen)
{
	return decode(in, n, url_alpha, out, cap, outlen);
}

/* ASCII whitespace: space, \t, \n, \v, \f, \r (RFC 7468's W). */
static int is_ws(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Padded base64 decode of in[0..n), whitespace skipped, into out[0..cap):
 * 0, TA_ERR_PARSE or TA_ERR_SPACE; *outlen is set only on success. */
int ta_b64_decode(const char *in, size_t n, void *out, size_t cap, size_t *outlen)
{
	unsigned char *o = out;
	char quad[4];
	size_t i, q = 0, len = 0, got, pads = 0;
	int r;

	for (i = 0; i < n; i++) {
		char c = in[i];

		if (is_ws((unsigned char)c))
			continue;
		/* '=' only as the 3rd or 4th of a quad; after it only '=' (in the
		 * same quad) and whitespace */
		if (c == '=' ? q < 2 : pads > 0)
			return TA_ERR_PARSE;
		pads += c == '=';
		quad[q++] = c;
		if (q < 4)
			continue;
		/* the '=' are left out: decode() checks the trailing bits */
		r = decode(quad, 4 - pads, std_alpha, o + len, cap - len, &got);
		if (r)
			return r;
		len += got;
		q = 0;
	}
	if (q != 0)
		return TA_ERR_PARSE;
	*outlen = len;
	return 0;
}
