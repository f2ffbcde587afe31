/* PKCS#10 certificate requests. */
#ifndef TA_CSR_H
#define TA_CSR_H

#include <stddef.h>
#include "tacme_tls.h"

/* Writes a DER CSR for key k and the DNS names names[0..n) (subject CN =
 * the first name when it fits in 64 characters; every name as a
 * subjectAltName), signed with k (ecdsa-with-SHA256/384 or
 * sha256WithRSAEncryption), into out[0..cap).  Returns 0 and sets *len,
 * TA_ERR_SPACE or TA_ERR_CRYPTO. */
int ta_csr_make(const ta_key *k, const char *const *names, size_t n,
	unsigned char *out, size_t cap, size_t *len);

#endif
