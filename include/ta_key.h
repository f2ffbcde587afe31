/* Private key files and public key encodings (SPKI, JWK) for ta_key. */
#ifndef TA_KEY_H
#define TA_KEY_H

#include <stddef.h>
#include "tacme_tls.h"
#include "ta_buf.h"
#include "ta_der.h"

/* Appends k to b as PEM: EC keys as SEC1 "EC PRIVATE KEY" (version 1, the
 * scalar padded to the curve size, the curve OID and the public point, as
 * openssl writes them), RSA keys as PKCS#1 "RSA PRIVATE KEY" (all CRT
 * values).  The DER scratch space is wiped; the text in b is the caller's
 * to wipe.  Returns 0, TA_ERR_ARG (incomplete key) or TA_ERR_SPACE. */
int ta_key_to_pem(ta_buf *b, const ta_key *k);
/* Reads the first private key in the caller's pem[0..len): SEC1 "EC
 * PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY" or unencrypted PKCS#8 "PRIVATE
 * KEY", for P-256, P-384 and RSA (up to 4096 bits), then completes and
 * checks it with ta_key_check.  Other blocks before it ("EC PARAMETERS", a
 * certificate) are skipped, but one whose DER exceeds 2600 bytes stops the
 * search (TA_ERR_PARSE).  A static scratch buffer (not reentrant) is wiped,
 * and so is *k on failure.  Returns 0, TA_ERR_PARSE (malformed, or no key),
 * TA_ERR_UNSUPPORTED (another curve or algorithm, an encrypted key) or
 * TA_ERR_CRYPTO (the numbers do not agree). */
int ta_key_from_pem(ta_key *k, const char *pem, size_t len);
/* Prepends the DER SubjectPublicKeyInfo of k to w (errors: w->err, with
 * TA_ERR_ARG for a key without its public part). */
void ta_key_spki_put(ta_der_w *w, const ta_key *k);
/* Writes the DER SubjectPublicKeyInfo of k into the caller's
 * out[0..cap): at most 550 bytes for RSA-4096, 91 for P-256, 120 for
 * P-384.  Returns 0 and sets *len, or TA_ERR_SPACE / TA_ERR_ARG. */
int ta_key_spki(const ta_key *k, unsigned char *out, size_t cap, size_t *len);
/* Appends the public JWK of k in RFC 7638 canonical form (members in
 * lexicographic order, no whitespace), ready to hash for a thumbprint:
 * {"crv":"P-256","kty":"EC","x":"...","y":"..."} or
 * {"e":"...","kty":"RSA","n":"..."}.  Returns 0, TA_ERR_ARG or
 * TA_ERR_SPACE (also left in b->err). */
int ta_key_jwk(ta_buf *b, const ta_key *k);

/* Reads the private key file at path into k (keystore.c).  Returns 0,
 * TA_ERR_NOTFOUND when there is no such file, or an error naming it. */
int ta_key_load(const char *path, ta_key *k);
/* Writes k to path as PEM, atomically, mode 0600 (keystore.c). */
int ta_key_save(const char *path, const ta_key *k);

/* DER OID contents shared with the CSR writer. */
extern const unsigned char ta_oid_ec_public_key[7], ta_oid_p256[8], ta_oid_p384[5],
	ta_oid_rsa[9];

#endif
