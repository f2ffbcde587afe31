/* PEM armour (RFC 7468): finding, de-armouring and writing blocks. */
#ifndef TA_PEM_H
#define TA_PEM_H

#include <stddef.h>
#include "ta_buf.h"

/* Finds the next PEM block in text[*pos..len), decodes its base64 body into
 * out[0..cap) and advances *pos past its END line.  *label / *label_len are
 * set to the label inside text (e.g. "CERTIFICATE").  Text between blocks is
 * ignored; BEGIN and END labels must match.  Returns 0, TA_ERR_NOTFOUND when
 * there is no further block, TA_ERR_PARSE for a malformed block, or
 * TA_ERR_SPACE when the body does not fit. */
int ta_pem_next(const char *text, size_t len, size_t *pos,
	const char **label, size_t *label_len,
	void *out, size_t cap, size_t *out_len);
/* Bytes ta_pem_put writes for a block of len bytes under an 11-character
 * label such as CERTIFICATE (base64, a '\n' per 64 characters, BEGIN and
 * END lines). */
#define TA_PEM_LEN(len) (((len) + 2) / 3 * 4 + ((len) + 47) / 48 + \
	sizeof("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n") - 1)
/* Appends a PEM block (64-character lines, '\n' line ends) to b. */
void ta_pem_put(ta_buf *b, const char *label, const void *der, size_t len);

#endif
