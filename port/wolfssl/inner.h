/* Shared between the wolfSSL backend's files: the certificate fields it
 * reads, trust anchors loaded on demand, and the verification hook of the
 * handshake. */
#ifndef TA_WOLFSSL_INNER_H
#define TA_WOLFSSL_INNER_H

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include "config.h"
#include "ta_der.h"

/* Scans the PEM bundle ca_file for certificates whose subject is exactly
 * the DER Name dn[0..dn_len) and loads them into ctx as trust anchors, at
 * most *room of them (decremented).  Returns the number loaded, or
 * TA_ERR_CERT when the bundle cannot be read or holds no certificate at
 * all (message recorded). */
int ta_wolf_anchor_find(WOLFSSL_CTX *ctx, const char *ca_file, const unsigned char *dn,
	size_t dn_len, unsigned *room);

/* Why a chain was refused, for the message. */
enum { TA_X509_UNTRUSTED = 1, TA_X509_NAME, TA_X509_DATE, TA_X509_OTHER };

/* Sorts an error of wolfSSL's (its own code, or the OpenSSL X509_V_ERR_*
 * number its compatibility layer reports in the verify callback): 0 for
 * WOLFSSL_SUCCESS, else a TA_X509_* reason. */
int ta_x509_reason(int e);

/* One handshake's certificate check.  The context starts with no anchor
 * at all, so wolfSSL finds no issuer for the chain and calls
 * ta_x509_verify(), which loads from the bundle the anchors the chain
 * names, checks the chain with wolfSSL's certificate manager, and checks
 * the leaf's names and extKeyUsage itself, with BearSSL's rules (wolfSSL
 * takes partial wildcards and the CN). */
typedef struct ta_x509 {
	WOLFSSL_CTX *ctx;
	const char *ca_file;
	const char *host;           /* the server's name (the caller's) */
	unsigned char ip[16];       /* the host when it is an IP literal */
	size_t ip_len;              /* 4, 16, or 0 for a DNS name */
	unsigned room;              /* anchors that may still be loaded */
	int seen;                   /* ta_x509_verify() saw the chain */
	int err;                    /* TA_X509_* of a refusal, or 0 */
	int code;                   /* wolfSSL's error for TA_X509_OTHER */
	int anchor_err;             /* bundle unreadable: message recorded */
} ta_x509;

/* Prepares x for a handshake on ctx with host (DNS name or IP literal) and
 * makes it the one ta_x509_verify() works for. */
void ta_x509_begin(ta_x509 *x, WOLFSSL_CTX *ctx, const char *ca_file, const char *host);
/* wolfSSL's verify callback: 1 to accept the certificate, 0 to refuse. */
int ta_x509_verify(int ok, WOLFSSL_X509_STORE_CTX *st);
/* Drops every anchor loaded for the handshake (and any certificate of the
 * chain wolfSSL kept as an issuer), so none stays in memory. */
void ta_x509_end(ta_x509 *x);

#endif
