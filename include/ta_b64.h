/* base64url (RFC 4648 section 5, no padding) and base64 (section 4, with
 * padding).  Pure functions over caller buffers. */
#ifndef TA_B64_H
#define TA_B64_H

#include <stddef.h>
#include "ta_buf.h"

/* Length of the unpadded base64url encoding of n bytes. */
size_t ta_b64url_len(size_t n);
/* Appends the base64url encoding of in[0..n) to b (overflow: b->err). */
void ta_b64url_put(ta_buf *b, const void *in, size_t n);
/* Decodes base64url in[0..n) (no padding, no whitespace, canonical trailing
 * bits) into out[0..cap).  Returns 0 and sets *outlen, TA_ERR_PARSE or
 * TA_ERR_SPACE. */
int ta_b64url_decode(const char *in, size_t n, void *out, size_t cap, size_t *outlen);
/* Appends standard base64 with '=' padding to b; line_len > 0 inserts '\n'
 * after every line_len characters and after the last line (PEM style). */
void ta_b64_put(ta_buf *b, const void *in, size_t n, unsigned line_len);
/* Decodes standard base64 (padding required when the length needs it; ASCII
 * whitespace is skipped) into out[0..cap).  Returns 0 and sets *outlen,
 * TA_ERR_PARSE or TA_ERR_SPACE. */
int ta_b64_decode(const char *in, size_t n, void *out, size_t cap, size_t *outlen);

#endif
