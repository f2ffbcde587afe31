/* PEM armour (RFC 7468): find a block, check its labels, decode it; write
 * one with 64-character lines. */
#include <string.h>
#include "tacme.h"
#include "ta_b64.h"
#include "ta_pem.h"

static const char BEGIN[] = "-----BEGIN ";
static const char END[] = "-----END ";
static const char DASHES[] = "-----";

/* Finds needle in text[from..len); returns its offset or len. */
static size_t find(const char *text, size_t len, size_t from, const char *needle)
{
	size_t n = strlen(needle);

	for (; from < len && len - from >= n; from++)
		if (text[from] == needle[0] && !memcmp(text + from, needle, n))
			return from;
	return len;
}

/* Decodes the next block of text[*pos..len) into out[0..cap), points *label
 * into text and moves *pos just past END's closing dashes: 0,
 * TA_ERR_NOTFOUND, TA_ERR_PARSE or TA_ERR_SPACE (*pos then unchanged). */
int ta_pem_next(const char *text, size_t len, size_t *pos,
	const char **label, size_t *label_len,
	void *out, size_t cap, size_t *out_len)
{
	size_t b, lab, lab_end, body, e, elab, elab_end, i;
	int r;

	for (b = *pos;; b++) {
		b = find(text, len, b, BEGIN);
		if (b == len)
			return TA_ERR_NOTFOUND;
		/* BEGIN starts a line or sits at *pos: the start, or just after
		 * the last END (files joined without a final newline) */
		if (b == *pos || text[b - 1] == '\n')
			break;
	}
	lab = b + sizeof(BEGIN) - 1;
	lab_end = find(text, len, lab, DASHES);
	if (lab_end == len || lab_end == lab || lab_end - lab > 64)
		return TA_ERR_PARSE;
	for (i = lab; i < lab_end; i++)
		if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] > 0x7e)
			return TA_ERR_PARSE;
	body = lab_end + sizeof(DASHES) - 1;
	e = find(text, len, body, END);
	elab = e + sizeof(END) - 1;
	elab_end = find(text, len, elab, DASHES);   /* len too when END is missing */
	if (elab_end == len || elab_end - elab != lab_end - lab ||
	    memcmp(text + elab, text + lab, lab_end - lab))
		return TA_ERR_PARSE;
	/* headers ("Proc-Type: 4,ENCRYPTED") fail here: ':' is not base64 */
	r = ta_b64_decode(text + body, e - body, out, cap, out_len);
	if (r)
		return r;
	*label = text + lab;
	*label_len = lab_end - lab;
	*pos = elab_end + sizeof(DASHES) - 1;
	return 0;
}

/* Appends label's PEM block for der[0..len) to b (overflow: b->err). */
void ta_pem_put(ta_buf *b, const char *label, const void *der, size_t len)
{
	ta_buf_puts(b, BEGIN);
	ta_buf_puts(b, label);
	ta_buf_puts(b, "-----\n");
	ta_b64_put(b, der, len, 64);
	ta_buf_puts(b, END);
	ta_buf_puts(b, label);
	ta_buf_puts(b, "-----\n");
}
