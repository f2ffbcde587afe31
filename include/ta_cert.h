/* Reading X.509 certificates: the fields tacme needs, as slices into the
 * caller's DER (no copies). */
#ifndef TA_CERT_H
#define TA_CERT_H

#include <stddef.h>
#include <stdint.h>

typedef struct ta_cert_info {
	int64_t not_before, not_after;      /* seconds since 1970 */
	const unsigned char *serial;        /* INTEGER content bytes */
	size_t serial_len;
	const unsigned char *issuer, *subject;  /* whole Name TLVs */
	size_t issuer_len, subject_len;
	const unsigned char *spki;          /* whole SubjectPublicKeyInfo TLV */
	size_t spki_len;
	const unsigned char *aki;           /* authorityKeyIdentifier keyIdentifier */
	size_t aki_len;                     /* 0 when absent */
	const unsigned char *san;           /* GeneralNames content, or NULL */
	size_t san_len;
} ta_cert_info;

/* Parses the certificate der[0..len) into ci.  Returns 0 or TA_ERR_PARSE
 * (anything malformed, never a crash). */
int ta_cert_parse(const unsigned char *der, size_t len, ta_cert_info *ci);
/* 1 if the certificate names DNS name (case-insensitive, exact). */
int ta_cert_has_name(const ta_cert_info *ci, const char *name);
/* Number of dNSName entries. */
size_t ta_cert_count_names(const ta_cert_info *ci);
/* Writes the issuer's commonName into out ("" when none).  Returns 0 or
 * TA_ERR_SPACE. */
int ta_cert_issuer_cn(const ta_cert_info *ci, char *out, size_t cap);

#endif
