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

	for (; from + n <= len; from++)
		if (text[from] == needle[0] && !memcmp(text + from, needle, n))
			return from;
	return len;
}

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
		if (b == 0 || text[b - 1] == '\n')
			break;               /* BEGIN must start a line */
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
	if (e == len)
		return TA_ERR_PARSE;
	elab = e + sizeof(END) - 1;
	elab_end = find(text, len, elab, DASHES);
	if (elab_end == len || elab_end - elab != lab_end - lab ||
	    memcmp(text + elab, text + lab, lab_end - lab))
		return TA_ERR_PARSE;
	if (memchr(text + body, ':', e - body))
		return TA_ERR_PARSE;         /* headers: encrypted PEM */
	r = ta_b64_decode(text + body, e - body, out, cap, out_len);
	if (r)
		return r;
	*label = text + lab;
	*label_len = lab_end - lab;
	*pos = elab_end + sizeof(DASHES) - 1;
	return 0;
}

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
