/* Certificate check for the handshake.  The wolfSSL context holds no trust
 * anchor between handshakes: when wolfSSL finds no issuer for the server's
 * chain, the verify callback loads from the PEM bundle the anchors the
 * chain names (as the BearSSL backend does), checks the chain with
 * wolfSSL's certificate manager (signatures, dates, CA flags), and checks
 * an IP-literal host against the leaf's iPAddress names, which wolfSSL
 * matches only in some builds. */
#define _POSIX_C_SOURCE 200809L
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/error-ssl.h>
#include <arpa/inet.h>
#include <string.h>
#include "tacme.h"
#include "ta_cert.h"
#include "inner.h"

static ta_x509 *cur;    /* the handshake in progress; one at a time */

/* 1 if the certificate has a subjectAltName iPAddress equal to ip. */
static int has_ip(const unsigned char *der, size_t len, const unsigned char *ip,
	size_t ip_len)
{
	ta_cert_info ci;
	ta_der names, v;
	unsigned tag;

	if (ta_cert_parse(der, len, &ci) || !ci.san)
		return 0;
	names = (ta_der){ ci.san, ci.san + ci.san_len };
	while (ta_der_get(&names, &tag, &v) == 0)
		if (tag == (TA_DER_CTX | 7) && ta_der_eq(&v, ip, ip_len))
			return 1;
	return 0;
}

/* Prepares x for one handshake; see inner.h. */
void ta_x509_begin(ta_x509 *x, WOLFSSL_CTX *ctx, const char *ca_file, const char *host)
{
	memset(x, 0, sizeof(*x));
	x->ctx = ctx;
	x->ca_file = ca_file;
	x->room = CONFIG_TLS_ANCHORS_MAX;
	if (inet_pton(AF_INET, host, x->ip) == 1)
		x->ip_len = 4;
	else if (inet_pton(AF_INET6, host, x->ip) == 1)
		x->ip_len = 16;
	cur = x;
}

/* Drops the handshake's anchors; see inner.h.  A wolfSSL built with
 * FP_ECC (Debian's is) caches ECC tables of several hundred kilobytes per
 * point used twice; they are freed here too, so they do not pile up over
 * the connections of a run. */
void ta_x509_end(ta_x509 *x)
{
	wolfSSL_CTX_UnloadCAs(x->ctx);
	cur = NULL;
#ifdef FP_ECC
	wc_ecc_fp_free();
#endif
}

/* Sorts a wolfSSL error; see inner.h. */
int ta_x509_reason(int e)
{
	switch (e) {
	case WOLFSSL_SUCCESS:
		return 0;
	case ASN_NO_SIGNER_E:
	case ASN_SELF_SIGNED_E:
	case 2:          /* X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT */
	case 18:         /* ..._DEPTH_ZERO_SELF_SIGNED_CERT */
	case 19:         /* ..._SELF_SIGNED_CERT_IN_CHAIN */
	case 20:         /* ..._UNABLE_TO_GET_ISSUER_CERT_LOCALLY */
		return TA_X509_UNTRUSTED;
	case ASN_AFTER_DATE_E:
	case ASN_BEFORE_DATE_E:
	case 9:          /* X509_V_ERR_CERT_NOT_YET_VALID */
	case 10:         /* X509_V_ERR_CERT_HAS_EXPIRED */
		return TA_X509_DATE;
	case DOMAIN_NAME_MISMATCH:
	case IPADDR_MISMATCH:
	case 62:         /* X509_V_ERR_HOSTNAME_MISMATCH */
	case 64:         /* X509_V_ERR_IP_ADDRESS_MISMATCH */
		return TA_X509_NAME;
	default:
		return TA_X509_OTHER;
	}
}

/* Checks chain certificate c with the anchors loaded so far. */
static int check(WOLFSSL_CERT_MANAGER *cm, const WOLFSSL_BUFFER_INFO *c)
{
	return ta_x509_reason(wolfSSL_CertManagerVerifyBuffer(cm, c->buffer, (long)c->length,
		WOLFSSL_FILETYPE_ASN1));
}

/* Checks chain[i] up to an anchor from the bundle: walks up the chain until
 * a certificate verifies with anchors named by its issuer, then trusts the
 * certificates below it one by one, each after it verified.  Returns 0 or
 * a TA_X509_* reason. */
static int chain_ok(ta_x509 *x, const WOLFSSL_BUFFER_INFO *chain, int total, int i)
{
	WOLFSSL_CERT_MANAGER *cm = wolfSSL_CTX_GetCertManager(x->ctx);
	ta_cert_info ci;
	int j, r;

	for (j = i;; j++) {
		if (j == total)
			return TA_X509_UNTRUSTED;
		r = check(cm, &chain[j]);
		if (r != TA_X509_UNTRUSTED)
			break;
		if (ta_cert_parse(chain[j].buffer, chain[j].length, &ci))
			return TA_X509_OTHER;
		r = ta_wolf_anchor_find(x->ctx, x->ca_file, ci.issuer, ci.issuer_len, &x->room);
		if (r < 0) {
			x->anchor_err = r;
			return TA_X509_UNTRUSTED;
		}
		r = check(cm, &chain[j]);
		if (r != TA_X509_UNTRUSTED)
			break;
	}
	if (r)
		return r;
	/* chain[j] verified: trust it, then check the one below with it. */
	while (j > i) {
		if (wolfSSL_CTX_load_verify_buffer(x->ctx, chain[j].buffer, (long)chain[j].length,
		    WOLFSSL_FILETYPE_ASN1) != WOLFSSL_SUCCESS)
			return TA_X509_UNTRUSTED;
		if ((r = check(cm, &chain[--j])) != 0)
			return r;
	}
	return 0;
}

/* The verify callback; see inner.h.  wolfSSL calls it at least once per
 * handshake (the empty context cannot verify the chain), with the whole
 * chain in st->certs, leaf first. */
int ta_x509_verify(int ok, WOLFSSL_X509_STORE_CTX *st)
{
	ta_x509 *x = cur;
	int r;

	if (!x || x->err)
		return 0;
	if (!x->seen) {
		x->seen = 1;
		if (st->totalCerts < 1 || (x->ip_len && !has_ip(st->certs[0].buffer,
		    st->certs[0].length, x->ip, x->ip_len))) {
			x->err = TA_X509_NAME;
			return 0;
		}
	}
	if (ok)
		return 1;
	r = ta_x509_reason(st->error);
	if (r == TA_X509_UNTRUSTED && st->error_depth >= 0 && st->error_depth < st->totalCerts)
		r = chain_ok(x, st->certs, st->totalCerts, st->error_depth);
	x->err = r;
	x->code = st->error;
	return !r;
}
