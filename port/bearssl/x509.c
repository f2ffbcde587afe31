/* X.509 engine for the handshake: buffers each certificate of the server's
 * chain, loads from the CA bundle the anchors its issuer needs, checks the
 * leaf's extKeyUsage and, for an IP-literal host, its iPAddress names
 * (BearSSL checks neither), then feeds the certificate to BearSSL's
 * minimal engine, which does the rest of the verification. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <string.h>
#include "tacme.h"
#include "ta_cert.h"
#include "ta_div64.h"
#include "inner.h"

/* Reads one DER TLV at *p (< end): sets *tag, *val, *len and advances *p.
 * Only definite lengths up to 4 bytes.  Returns 0 or -1. */
static int der_next(const unsigned char **p, const unsigned char *end,
	unsigned *tag, const unsigned char **val, size_t *len)
{
	const unsigned char *q = *p;
	size_t l, i, nb;

	if (end - q < 2)
		return -1;
	*tag = *q++;
	l = *q++;
	if (l & 0x80) {
		nb = l & 0x7f;
		if (nb == 0 || nb > 4 || (size_t)(end - q) < nb)
			return -1;
		for (l = 0, i = 0; i < nb; i++)
			l = (l << 8) | *q++;
	}
	if (l > (size_t)(end - q))
		return -1;
	*val = q;
	*len = l;
	*p = q + l;
	return 0;
}

/* Finds the issuer Name (whole TLV) of a certificate. */
static int cert_fields(const unsigned char *der, size_t len,
	const unsigned char **issuer, size_t *issuer_len)
{
	const unsigned char *p = der, *end = der + len, *v, *start;
	unsigned tag;
	size_t l;
	int field = 0;

	if (der_next(&p, end, &tag, &v, &l) || tag != 0x30)
		return -1;
	p = v;
	end = v + l;
	if (der_next(&p, end, &tag, &v, &l) || tag != 0x30)   /* tbsCertificate */
		return -1;
	p = v;
	end = v + l;
	while (p < end) {
		start = p;
		if (der_next(&p, end, &tag, &v, &l))
			return -1;
		if (tag == 0xa0 && field == 0)      /* [0] version */
			continue;
		field++;
		if (field == 3) {                   /* serial, signature, issuer */
			*issuer = start;
			*issuer_len = (size_t)(p - start);
		}
	}
	return field >= 6 ? 0 : -1;
}

/* Checks what BearSSL's engine does not: the leaf's extKeyUsage (absent,
 * or with serverAuth) and, for an IP-literal host, its iPAddress names.
 * Returns 0 or a BR_ERR_X509_* code. */
static int leaf_check(const ta_x509 *x)
{
	ta_cert_info ci;

	if (ta_cert_parse(x->cert, x->cert_len, &ci))
		return BR_ERR_X509_BAD_DN;
	if (ci.no_server_auth)
		return BR_ERR_X509_FORBIDDEN_KEY_USAGE;
	if (x->ip_len && !ta_cert_has_ip(&ci, x->ip, x->ip_len))
		return BR_ERR_X509_BAD_SERVER_NAME;
	return 0;
}

static void xs_start_chain(const br_x509_class **ctx, const char *server_name)
{
	ta_x509 *x = (ta_x509 *)(void *)ctx;

	x->index = 0;
	x->err = 0;
	x->minimal.vtable->start_chain(&x->minimal.vtable, server_name);
}

static void xs_start_cert(const br_x509_class **ctx, uint32_t length)
{
	ta_x509 *x = (ta_x509 *)(void *)ctx;

	x->cert_len = 0;
	x->cert_want = length;
	if (length > sizeof(x->cert) && !x->err)
		x->err = BR_ERR_X509_LIMIT_EXCEEDED;
}

static void xs_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
	ta_x509 *x = (ta_x509 *)(void *)ctx;

	if (x->err || len > sizeof(x->cert) - x->cert_len)
		return;
	memcpy(x->cert + x->cert_len, buf, len);
	x->cert_len += len;
}

static void xs_end_cert(const br_x509_class **ctx)
{
	ta_x509 *x = (ta_x509 *)(void *)ctx;
	const br_x509_class **inner = &x->minimal.vtable;
	const unsigned char *issuer = NULL;
	size_t issuer_len = 0;
	int r;

	if (x->err)
		return;
	if (x->cert_len != x->cert_want ||
	    cert_fields(x->cert, x->cert_len, &issuer, &issuer_len)) {
		x->err = BR_ERR_X509_BAD_DN;
		return;
	}
	if (x->index == 0 && (r = leaf_check(x)) != 0) {
		x->err = r;
		return;
	}
	r = ta_anchor_find(x->ca_file, issuer, issuer_len, &x->anchors);
	if (r < 0)
		x->anchor_err = r;
	x->minimal.trust_anchors = x->anchors.ta;
	x->minimal.trust_anchors_num = x->anchors.n;
	(*inner)->start_cert(inner, (uint32_t)x->cert_len);
	(*inner)->append(inner, x->cert, x->cert_len);
	(*inner)->end_cert(inner);
	x->index++;
}

static unsigned xs_end_chain(const br_x509_class **ctx)
{
	ta_x509 *x = (ta_x509 *)(void *)ctx;
	unsigned r = x->minimal.vtable->end_chain(&x->minimal.vtable);

	return x->err ? (unsigned)x->err : r;
}

static const br_x509_pkey *xs_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
	const ta_x509 *x = (const ta_x509 *)(const void *)ctx;

	return x->minimal.vtable->get_pkey(&x->minimal.vtable, usages);
}

static const br_x509_class xs_vtable = {
	sizeof(ta_x509), xs_start_chain, xs_start_cert, xs_append,
	xs_end_cert, xs_end_chain, xs_get_pkey
};

int ta_x509_init(ta_x509 *x, const char *ca_file, const char *host, int64_t now)
{
	br_x509_minimal_context *m = &x->minimal;
	int64_t days;
	uint32_t sec;

	x->vtable = &xs_vtable;
	x->ca_file = ca_file;
	x->anchors.n = 0;
	x->err = 0;
	x->anchor_err = 0;
	x->index = 0;
	x->ip_len = 0;
	if (inet_pton(AF_INET, host, x->ip) == 1)
		x->ip_len = 4;
	else if (inet_pton(AF_INET6, host, x->ip) == 1)
		x->ip_len = 16;
	br_x509_minimal_init(m, &br_sha256_vtable, x->anchors.ta, 0);
	br_x509_minimal_set_hash(m, br_sha256_ID, &br_sha256_vtable);
	br_x509_minimal_set_hash(m, br_sha384_ID, &br_sha384_vtable);
	br_x509_minimal_set_hash(m, br_sha512_ID, &br_sha512_vtable);
	br_x509_minimal_set_rsa(m, br_rsa_pkcs1_vrfy_get_default());
	br_x509_minimal_set_ecdsa(m, &ta_ec, br_ecdsa_vrfy_asn1_get_default());
	/* Days since 0000-01-01 (proleptic Gregorian), as BearSSL counts, and
	 * the second of the day (rounded down, so a clock before 1970 still
	 * gives a second from 0 to 86399). */
	days = ta_fdivmod64(now, 86400, &sec);
	br_x509_minimal_set_time(m, (uint32_t)(days + 719528), sec);
	return 0;
}
