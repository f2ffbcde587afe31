/* Shared between the BearSSL backend's files: trust-anchor lookup and the
 * chain-buffering X.509 engine. */
#ifndef TA_BEARSSL_INNER_H
#define TA_BEARSSL_INNER_H

#include <bearssl.h>
#include "config.h"

/* P-256, P-384 and P-521, without Curve25519 (ec.c). */
extern const br_ec_impl ta_ec;

#define TA_DN_MAX 512
#define TA_ANCHOR_KEY_MAX 520

/* The trust anchors for one handshake: only those whose subject matched an
 * issuer in the server's chain, copied out of the CA bundle. */
typedef struct ta_anchor_set {
	br_x509_trust_anchor ta[CONFIG_TLS_ANCHORS_MAX];
	size_t n;
	unsigned char dn[CONFIG_TLS_ANCHORS_MAX][TA_DN_MAX];
	unsigned char key[CONFIG_TLS_ANCHORS_MAX][TA_ANCHOR_KEY_MAX];
} ta_anchor_set;

/* Scans the PEM bundle ca_file for certificates whose subject is exactly
 * the DER name dn[0..dn_len) and adds them to set (skipping ones already
 * there).  Returns the number added, or TA_ERR_CERT when the bundle cannot
 * be read or holds no certificate at all (message recorded). */
int ta_anchor_find(const char *ca_file, const unsigned char *dn, size_t dn_len,
	ta_anchor_set *set);

/* An X.509 engine that buffers each certificate of the server's chain,
 * loads the anchors its issuer needs, checks IP-address names itself, and
 * hands the certificate on to BearSSL's minimal engine. */
typedef struct ta_x509 {
	const br_x509_class *vtable;
	br_x509_minimal_context minimal;
	ta_anchor_set anchors;
	const char *ca_file;
	unsigned char ip[16];       /* the host when it is an IP literal */
	size_t ip_len;              /* 4, 16, or 0 for a DNS name */
	unsigned char cert[CONFIG_TLS_CERT_MAX];
	size_t cert_len, cert_want;
	unsigned index;             /* certificate number in the chain */
	int err;                    /* our own BR_ERR_X509_* or 0 */
	int anchor_err;             /* bundle could not be read */
} ta_x509;

/* Prepares x for one handshake with host (DNS name or IP literal) at the
 * time now (seconds since 1970).  Returns 0, or TA_ERR_ARG. */
int ta_x509_init(ta_x509 *x, const char *ca_file, const char *host, int64_t now);

#endif
