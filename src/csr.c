/* PKCS#10 CSR with a subjectAltName list, written backwards with der.c
 * straight into the caller's buffer. */
#include <string.h>
#include "tacme.h"
#include "ta_csr.h"
#include "ta_der.h"
#include "ta_key.h"

static const unsigned char oid_cn[] = { 0x55, 0x04, 0x03 };
static const unsigned char oid_ext_req[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e };
static const unsigned char oid_san[] = { 0x55, 0x1d, 0x11 };
static const unsigned char oid_ecdsa256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02 };
static const unsigned char oid_ecdsa384[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03 };
static const unsigned char oid_rsa256[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };

/* Prepends CertificationRequestInfo. */
static void write_info(ta_der_w *w, const ta_key *k, const char *const *names, size_t n)
{
	size_t i, m, cn = strlen(names[0]);

	/* attributes [0] { Attribute { extensionRequest, SET { Extensions {
	 * Extension { subjectAltName, OCTET STRING { GeneralNames } } } } } } */
	for (i = n; i > 0; i--)
		ta_der_prim(w, TA_DER_CTX | 2, names[i - 1], strlen(names[i - 1]));
	ta_der_wrap(w, TA_DER_SEQUENCE, 0);
	ta_der_wrap(w, TA_DER_OCTET_STRING, 0);
	ta_der_prim(w, TA_DER_OID, oid_san, sizeof(oid_san));
	ta_der_wrap(w, TA_DER_SEQUENCE, 0);
	ta_der_wrap(w, TA_DER_SEQUENCE, 0);
	ta_der_wrap(w, TA_DER_SET, 0);
	ta_der_prim(w, TA_DER_OID, oid_ext_req, sizeof(oid_ext_req));
	ta_der_wrap(w, TA_DER_SEQUENCE, 0);
	ta_der_wrap(w, TA_DER_CTX_CONS | 0, 0);
	ta_key_spki_put(w, k);
	/* subject: CN = the first name if within the CN's upper bound of 64 */
	m = ta_der_w_len(w);
	if (cn <= 64) {
		ta_der_prim(w, TA_DER_UTF8, names[0], cn);
		ta_der_prim(w, TA_DER_OID, oid_cn, sizeof(oid_cn));
		ta_der_wrap(w, TA_DER_SEQUENCE, m);
		ta_der_wrap(w, TA_DER_SET, m);
	}
	ta_der_wrap(w, TA_DER_SEQUENCE, m);
	ta_der_uint(w, (const unsigned char *)"", 0);        /* version 0 */
	ta_der_wrap(w, TA_DER_SEQUENCE, 0);
}

/* 0 if every name is 1..253 printable ASCII characters, else TA_ERR_ARG. */
static int check_names(const char *const *names, size_t n)
{
	size_t i, len;
	const char *s;

	if (n == 0 || n > TA_CSR_MAX_NAMES)
		return ta_error(TA_ERR_ARG, "a certificate needs 1 to %d names, not %zu",
			TA_CSR_MAX_NAMES, n);
	for (i = 0; i < n; i++) {
		for (s = names[i]; *s > ' ' && *s < 0x7f; s++)
			;
		len = (size_t)(s - names[i]);
		if (*s || len == 0 || len > 253)
			return ta_error(TA_ERR_ARG, "name %zu is not a DNS name", i + 1);
	}
	return 0;
}

size_t ta_csr_bound(int type, unsigned bits, size_t n, size_t chars)
{
	/* SPKI and signature: EC 91 + 75 and 120 + 107 (r and s with a
	 * leading zero); RSA (bits/8 + 38) + (bits/8 + 5) */
	size_t key = type == TA_KEY_EC256 ? 166 : type == TA_KEY_EC384 ? 227 :
		(size_t)bits / 4 + 43;

	/* headers of 4 bytes at most, a 64-character CN, sha256WithRSA's
	 * algorithm (the longer), and a tag and length of 3 for each name */
	return 147 + key + chars + 3 * n;
}

int ta_csr_make(const ta_key *k, const char *const *names, size_t n,
	unsigned char *out, size_t cap, size_t *len)
{
	unsigned char sig[TA_RSA_MAX_BYTES], tail[TA_RSA_MAX_BYTES + 32];
	ta_der_w w, t;
	size_t info_len, siglen, tail_len, m;
	int r;

	if ((r = check_names(names, n)) != 0)
		return r;
	/* the request info at the end of out, signed where it lies */
	ta_der_w_init(&w, out, cap);
	write_info(&w, k, names, n);
	if (w.err == TA_ERR_ARG)
		return ta_error(TA_ERR_ARG, "CSR: the key has no public part");
	if (w.err)
		goto space;
	info_len = ta_der_w_len(&w);
	if ((r = ta_key_sign(k, w.p, info_len, sig, sizeof(sig), &siglen)) != 0)
		return r;
	/* signatureAlgorithm and signature, built apart */
	ta_der_w_init(&t, tail, sizeof(tail));
	if (k->type == TA_KEY_RSA) {
		ta_der_bits(&t, sig, siglen);
		m = ta_der_w_len(&t);
		ta_der_raw(&t, "\x05\x00", 2);
		ta_der_prim(&t, TA_DER_OID, oid_rsa256, sizeof(oid_rsa256));
	} else {
		/* raw r||s to ECDSA-Sig-Value { INTEGER r, INTEGER s } */
		ta_der_uint(&t, sig + siglen / 2, siglen / 2);
		ta_der_uint(&t, sig, siglen / 2);
		ta_der_wrap(&t, TA_DER_SEQUENCE, 0);
		ta_der_raw(&t, "", 1);
		ta_der_wrap(&t, TA_DER_BIT_STRING, 0);
		m = ta_der_w_len(&t);
		if (k->type == TA_KEY_EC256)
			ta_der_prim(&t, TA_DER_OID, oid_ecdsa256, sizeof(oid_ecdsa256));
		else
			ta_der_prim(&t, TA_DER_OID, oid_ecdsa384, sizeof(oid_ecdsa384));
	}
	ta_der_wrap(&t, TA_DER_SEQUENCE, m);
	tail_len = ta_der_w_len(&t);
	/* slide the info down to make room for the tail after it */
	if (t.err || (size_t)(w.p - out) < tail_len)
		goto space;
	memmove(w.p - tail_len, w.p, info_len);
	memcpy(out + cap - tail_len, t.p, tail_len);
	w.p -= tail_len;
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	if (ta_der_w_finish(&w, len) == 0)
		return 0;
space:
	return ta_error(TA_ERR_SPACE, "CSR for %zu names larger than %zu bytes", n, cap);
}
