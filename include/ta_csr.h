/* PKCS#10 certificate requests (RFC 2986) with a subjectAltName list. */
#ifndef TA_CSR_H
#define TA_CSR_H

#include <stddef.h>
#include "tacme_tls.h"
#include "ta_jws.h"

#define TA_CSR_MAX_NAMES 100    /* Let's Encrypt's limit per certificate */
/* The largest CSR a finalize request carries: {"csr":"<base64url>"} as a
 * payload of at most TA_JWS_PAYLOAD_MAX bytes (3063 bytes). */
#define TA_CSR_MAX ((TA_JWS_PAYLOAD_MAX - 10) * 3 / 4)

/* Writes a DER CSR for key k and the DNS names names[0..n) (1 to
 * TA_CSR_MAX_NAMES, each 1..253 printable ASCII characters, wildcards
 * allowed) into the caller's out[0..cap): subject CN = names[0] when it has
 * at most 64 characters, else an empty subject; an extensionRequest with
 * every name as a subjectAltName dNSName, in order; signed with k
 * (ecdsa-with-SHA256 for P-256, ecdsa-with-SHA384 for P-384,
 * sha256WithRSAEncryption for RSA).  All of out may be used as scratch.
 * Returns 0 and sets *len, TA_ERR_ARG (bad names or key), TA_ERR_SPACE
 * (out too small) or the error of ta_key_sign. */
int ta_csr_make(const ta_key *k, const char *const *names, size_t n,
	unsigned char *out, size_t cap, size_t *len);
/* An upper bound on the length of ta_csr_make's CSR for a key of that type
 * (TA_KEY_*; bits: the RSA modulus size, ignored for EC) and n names of
 * chars characters in all, while the CSR stays under 64 KB: lets a config
 * be refused before any request rather than at finalize.  Returns bytes. */
size_t ta_csr_bound(int type, unsigned bits, size_t n, size_t chars);

#endif
