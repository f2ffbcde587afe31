/* Certificate check for the handshake.  The wolfSSL context holds no trust
 * anchor between handshakes: when wolfSSL finds no issuer for the server's
 * chain, the verify callback loads from the PEM bundle the anchors the
 * chain names (as the BearSSL backend does), checks the chain with
 * wolfSSL's certificate manager (signatures, dates), promoting to anchors
 * only certificates that are CAs with keyCertSign, and checks the leaf's
 * dNSName or iPAddress names and its extKeyUsage the way the BearSSL
 * backend does (wolfSSL alone takes partial wildcards and the CN, and
 * matches IP names only in some builds). */
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

/* 1 if pattern p[0..n), a dNSName, matches host (case-insensitive): a
 * wildcard only as the whole first label, for one label (RFC 6125 6.4.3,
 * as BearSSL; wolfSSL alone would take "f*.example" and "*.*.example"). */
static int lc(char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int name_match(const char *p, size_t n, const char *host)
{
	const char *dot = strchr(host, '.');
	size_t i;

	if (n > 2 && p[0] == '*' && p[1] == '.') {
		if (!dot || dot == host)
			return 0;
		p++;
		n--;
		host = dot;
	}
	for (i = 0; i < n && host[i] && p[i] != '*' && lc(p[i]) == lc(host[i]); i++)
		;
	return i == n && !host[i];
}

/* Whether the leaf der[0..len) may serve host: 0 when it has no
 * extKeyUsage, or one with serverAuth, and an iPAddress equal to the IP
 * literal x->ip, or a dNSName matching host (never the subject's CN);
 * else TA_X509_OTHER or TA_X509_NAME. */
static int leaf_check(const ta_x509 *x, const unsigned char *der, size_t len)
{
	ta_cert_info ci;
	const char *name;
	size_t pos = 0, n;

	if (ta_cert_parse(der, len, &ci) || ci.no_server_auth)
		return TA_X509_OTHER;
	if (x->ip_len)
		return ta_cert_has_ip(&ci, x->ip, x->ip_len) ? 0 : TA_X509_NAME;
	while (ta_cert_next_name(&ci, &pos, &name, &n) == 0)
		if (name_match(name, n, x->host))
			return 0;
	return TA_X509_NAME;
}

/* Prepares x for one handshake; see inner.h. */
void ta_x509_begin(ta_x509 *x, WOLFSSL_CTX *ctx, const char *ca_file, const char *host)
{
	memset(x, 0, sizeof(*x));
	x->ctx = ctx;
	x->ca_file = ca_file;
	x->room = CONFIG_TLS_ANCHORS_MAX;
	x->host = host;
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
	/* chain[j] verified: trust it, then check the one below with it.
	 * wolfSSL takes any certificate loaded as an anchor, so only a CA that
	 * may sign certificates is (else the holder of any leaf could sign
	 * one for any host with it). */
	while (j > i) {
		if (ta_cert_parse(chain[j].buffer, chain[j].length, &ci) || !ci.is_ca ||
		    ci.no_cert_sign)
			return TA_X509_UNTRUSTED;
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
		x->err = st->totalCerts < 1 ? TA_X509_OTHER :
			leaf_check(x, st->certs[0].buffer, st->certs[0].length);
		if (x->err)
			return 0;
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
