/* JSON Web Keys and Signatures for ACME (RFC 7515, 7517, 7638, 8555 6.2). */
#ifndef TA_JWS_H
#define TA_JWS_H

#include <stddef.h>
#include "tacme_tls.h"
#include "ta_buf.h"

/* Largest signing input (base64url header "." base64url payload). */
#define TA_JWS_MAX 6144
/* The protected header (JSON) the payload limit leaves room for: alg, a
 * kid and a url of up to 200 characters each, a nonce of up to 64 (Let's
 * Encrypt's header takes about 230). */
#define TA_JWS_HDR_ROOM 512
/* Largest payload that signs within TA_JWS_MAX beside such a header: its
 * base64url, the header's, and the '.' (4094). */
#define TA_JWS_PAYLOAD_MAX ((TA_JWS_MAX - 2 - (TA_JWS_HDR_ROOM * 4 + 2) / 3) * 3 / 4)
/* Largest JWS request body (flattened JSON around TA_JWS_MAX). */
#define TA_JWS_REQ_MAX (TA_JWS_MAX + 1024)

/* Writes base64url(SHA-256(canonical JWK, ta_key_jwk)) of k, 43 characters and a NUL,
 * into out.  Returns 0 or an error. */
int ta_jws_thumbprint(const ta_key *k, char out[44]);
/* Appends a flattened JWS object to b: protected header {"alg", then "kid"
 * when kid is not NULL else "jwk", "nonce" unless NULL, "url"}, payload
 * payload[0..len) (len 0: POST-as-GET), signed with k (ES256, ES384 or
 * RS256).  Returns 0, TA_ERR_SPACE, or TA_ERR_CRYPTO. */
int ta_jws_sign(ta_buf *b, const ta_key *k, const char *kid, const char *nonce,
	const char *url, const char *payload, size_t len);
/* Appends the External Account Binding JWS (RFC 8555 7.3.4): HS256 with the
 * base64url-encoded MAC key hmac_b64u over the account key's JWK, for the
 * newAccount url.  Returns 0, TA_ERR_CONFIG (bad MAC key) or TA_ERR_SPACE. */
int ta_jws_eab(ta_buf *b, const char *eab_kid, const char *hmac_b64u,
	const ta_key *account, const char *url);

#endif
