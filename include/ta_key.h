/* Private key files and public key encodings for ta_key. */
#ifndef TA_KEY_H
#define TA_KEY_H

#include <stddef.h>
#include "tacme_tls.h"
#include "ta_buf.h"

/* Appends k as PEM: EC keys as SEC1 "EC PRIVATE KEY" (curve and public key
 * included, as openssl writes them), RSA keys as PKCS#1 "RSA PRIVATE KEY".
 * Scratch space holding private material is wiped.  Returns 0, TA_ERR_ARG
 * or TA_ERR_SPACE. */
int ta_key_to_pem(ta_buf *b, const ta_key *k);
/* Reads the first private key in pem[0..len): SEC1, PKCS#1, or unencrypted
 * PKCS#8 for P-256, P-384 and RSA, then checks it (ta_key_check).  Returns
 * 0, TA_ERR_PARSE, TA_ERR_UNSUPPORTED or TA_ERR_CRYPTO. */
int ta_key_from_pem(ta_key *k, const char *pem, size_t len);
/* Writes the DER SubjectPublicKeyInfo of k into out[0..cap).  Returns 0
 * and sets *len, or TA_ERR_SPACE / TA_ERR_ARG. */
int ta_key_spki(const ta_key *k, unsigned char *out, size_t cap, size_t *len);

/* DER OIDs (contents only) shared with the CSR writer. */
extern const unsigned char ta_oid_ec_public_key[7], ta_oid_p256[8], ta_oid_p384[5],
	ta_oid_rsa[9];

#endif
