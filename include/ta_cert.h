/* Reading X.509 certificates: the fields tacme needs, as slices into the
 * caller's DER (no copies; the DER must outlive the ta_cert_info). */
#ifndef TA_CERT_H
#define TA_CERT_H

#include <stddef.h>
#include <stdint.h>

typedef struct ta_cert_info {
	int64_t not_before, not_after;      /* seconds since 1970 */
	const unsigned char *serial;        /* INTEGER content bytes, as encoded */
	size_t serial_len;
	const unsigned char *issuer, *subject;  /* whole Name TLVs */
	size_t issuer_len, subject_len;
	const unsigned char *spki;          /* whole SubjectPublicKeyInfo TLV */
	size_t spki_len;
	const unsigned char *aki;           /* authorityKeyIdentifier keyIdentifier */
	size_t aki_len;                     /* 0 when absent */
	const unsigned char *san;           /* GeneralNames content, or NULL */
	size_t san_len;
	int is_ca;                          /* basicConstraints cA is TRUE */
	int no_cert_sign;                   /* keyUsage without keyCertSign */
	int no_server_auth;                 /* extKeyUsage without serverAuth
	                                     * or anyExtendedKeyUsage */
} ta_cert_info;

/* A SubjectPublicKeyInfo's key, as slices into the certificate. */
typedef struct ta_cert_key {
	int type;                  /* TA_KEY_RSA, TA_KEY_EC256, TA_KEY_EC384,
	                            * TA_CERT_KEY_EC521, or 0: another kind */
	unsigned bits;             /* modulus bits (RSA) or curve size */
	const unsigned char *n, *e;     /* RSA, without leading zero bytes */
	size_t n_len, e_len;
	const unsigned char *q;         /* EC: the point as encoded */
	size_t q_len;
} ta_cert_key;
#define TA_CERT_KEY_EC521 100      /* no key type of tacme's own, a CA's */

/* Parses the certificate der[0..len) (exactly one Certificate, nothing
 * after it) into ci.  Checks the structure strictly (TBSCertificate field
 * order, minimal serial, valid dates, extensions well formed and not
 * repeated, every GeneralName a well-formed TLV); does not check the
 * signature.  Returns 0 or TA_ERR_PARSE (anything malformed; never reads
 * outside der). */
int ta_cert_parse(const unsigned char *der, size_t len, ta_cert_info *ci);
/* Reads the public key of ci's SubjectPublicKeyInfo into k (k->type 0
 * for a key of another kind).  Returns 0 or TA_ERR_PARSE. */
int ta_cert_key_of(const ta_cert_info *ci, ta_cert_key *k);
/* Finds the next "CERTIFICATE" block in pem[*pos..len) (other blocks are
 * skipped), decodes it into the caller's der[0..cap) and parses it into ci
 * (slices into der); advances *pos.  Returns 0, TA_ERR_NOTFOUND after the
 * last one, TA_ERR_PARSE or TA_ERR_SPACE. */
int ta_cert_next(const char *pem, size_t len, size_t *pos, unsigned char *der,
	size_t cap, ta_cert_info *ci);
/* Iterates over the subjectAltName dNSName entries: start with *pos = 0;
 * each call sets *name / *len to the next one (a slice of the DER, not
 * NUL-terminated) and returns 0, or returns TA_ERR_NOTFOUND at the end. */
int ta_cert_next_name(const ta_cert_info *ci, size_t *pos, const char **name, size_t *len);
/* 1 if the certificate names DNS name (case-insensitive, exact). */
int ta_cert_has_name(const ta_cert_info *ci, const char *name);
/* 1 if the certificate has a subjectAltName iPAddress equal to ip[0..len)
 * (4 or 16 bytes). */
int ta_cert_has_ip(const ta_cert_info *ci, const unsigned char *ip, size_t len);
/* Number of subjectAltName entries of any kind (dNSName, iPAddress, URI...):
 * "exactly these DNS names" is ta_cert_has_name for each and this count. */
size_t ta_cert_count_names(const ta_cert_info *ci);
/* Writes the issuer's (last) commonName into out[0..cap) as a C string (""
 * when none).  Returns 0, TA_ERR_SPACE (then out is "") or TA_ERR_PARSE for
 * a name holding a NUL byte (then out is ""). */
int ta_cert_issuer_cn(const ta_cert_info *ci, char *out, size_t cap);

#endif
