/* PKCS#10 CSR with a subjectAltName list, written backwards with der.c. */
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

/* Writes CertificationRequestInfo. */
static void write_info(ta_der_w *w, const ta_key *k, const char *const *names, size_t n)
{
	unsigned char spki[1100];
	size_t spki_len, i;

	/* attributes [0] { extensionRequest { SET { Extensions } } } */
	for (i = n; i > 0; i--)
		ta_der_prim(w, 0x82, names[i - 1], strlen(names[i - 1]));
	ta_der_wrap(w, 0x30, 0);                     /* GeneralNames */
	ta_der_wrap(w, 0x04, 0);                     /* extnValue */
	ta_der_prim(w, 0x06, oid_san, sizeof(oid_san));
	ta_der_wrap(w, 0x30, 0);                     /* Extension */
	ta_der_wrap(w, 0x30, 0);                     /* Extensions */
	ta_der_wrap(w, 0x31, 0);                     /* SET */
	ta_der_prim(w, 0x06, oid_ext_req, sizeof(oid_ext_req));
	ta_der_wrap(w, 0x30, 0);                     /* Attribute */
	ta_der_wrap(w, 0xa0, 0);
	if (ta_key_spki(k, spki, sizeof(spki), &spki_len)) {
		w->err = TA_ERR_SPACE;
		return;
	}
	ta_der_raw(w, spki, spki_len);
	/* subject: CN = first name, if short enough for the CN's upper bound */
	{
		size_t sm = ta_der_w_len(w);

		if (strlen(names[0]) <= 64) {
			ta_der_prim(w, 0x0c, names[0], strlen(names[0]));
			ta_der_prim(w, 0x06, oid_cn, sizeof(oid_cn));
			ta_der_wrap(w, 0x30, sm);
			ta_der_wrap(w, 0x31, sm);
		}
		ta_der_wrap(w, 0x30, sm);
	}
	ta_der_raw(w, "\x02\x01\x00", 3);            /* version 0 */
	ta_der_wrap(w, 0x30, 0);
}

/* Appends an ECDSA-Sig-Value from raw r||s. */
static void write_ecdsa_sig(ta_der_w *w, const unsigned char *sig, size_t n)
{
	size_t half = n / 2;

	ta_der_uint(w, sig + half, half);
	ta_der_uint(w, sig, half);
	ta_der_wrap(w, 0x30, 0);
}

int ta_csr_make(const ta_key *k, const char *const *names, size_t n,
	unsigned char *out, size_t cap, size_t *len)
{
	static unsigned char info[4096];
	unsigned char sig[TA_RSA_MAX_BYTES];
	ta_der_w wi, w;
	size_t info_len, siglen, m;
	int r;

	if (n == 0)
		return TA_ERR_ARG;
	ta_der_w_init(&wi, info, sizeof(info));
	write_info(&wi, k, names, n);
	if (wi.err)
		return ta_error(TA_ERR_SPACE, "CSR too large (%zu names)", n);
	info_len = ta_der_w_len(&wi);
	if ((r = ta_key_sign(k, wi.p, info_len, sig, sizeof(sig), &siglen)) != 0)
		return r;
	ta_der_w_init(&w, out, cap);
	if (k->type == TA_KEY_RSA) {
		ta_der_bits(&w, sig, siglen);
		m = ta_der_w_len(&w);
		ta_der_raw(&w, "\x05\x00", 2);
		ta_der_prim(&w, 0x06, oid_rsa256, sizeof(oid_rsa256));
	} else {
		write_ecdsa_sig(&w, sig, siglen);
		ta_der_raw(&w, "", 1);
		ta_der_wrap(&w, 0x03, 0);
		m = ta_der_w_len(&w);
		if (k->type == TA_KEY_EC256)
			ta_der_prim(&w, 0x06, oid_ecdsa256, sizeof(oid_ecdsa256));
		else
			ta_der_prim(&w, 0x06, oid_ecdsa384, sizeof(oid_ecdsa384));
	}
	ta_der_wrap(&w, 0x30, m);
	ta_der_raw(&w, wi.p, info_len);
	ta_der_wrap(&w, 0x30, 0);
	if (w.err)
		return ta_error(TA_ERR_SPACE, "CSR larger than %zu bytes", cap);
	*len = ta_der_w_len(&w);
	memmove(out, w.p, *len);
	return 0;
}
