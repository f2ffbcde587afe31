/* Private key files (SEC1, PKCS#1, PKCS#8) and SubjectPublicKeyInfo. */
#include <string.h>
#include "tacme.h"
#include "ta_der.h"
#include "ta_key.h"
#include "ta_pem.h"

const unsigned char ta_oid_ec_public_key[7] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
const unsigned char ta_oid_p256[8] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
const unsigned char ta_oid_p384[5] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
const unsigned char ta_oid_rsa[9] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };

#define KEY_DER_MAX 2600

static void curve_oid(ta_der_w *w, const ta_key *k)
{
	if (k->type == TA_KEY_EC256)
		ta_der_prim(w, 0x06, ta_oid_p256, sizeof(ta_oid_p256));
	else
		ta_der_prim(w, 0x06, ta_oid_p384, sizeof(ta_oid_p384));
}

int ta_key_to_pem(ta_buf *b, const ta_key *k)
{
	static unsigned char mem[KEY_DER_MAX];
	static const unsigned char zero = 0, one = 1;
	ta_der_w w;
	size_t m;

	ta_der_w_init(&w, mem, sizeof(mem));
	if (k->type == TA_KEY_RSA) {
		ta_der_uint(&w, k->qi, k->qi_len);
		ta_der_uint(&w, k->dq, k->dq_len);
		ta_der_uint(&w, k->dp, k->dp_len);
		ta_der_uint(&w, k->q, k->q_len);
		ta_der_uint(&w, k->p, k->p_len);
		ta_der_uint(&w, k->d, k->d_len);
		ta_der_uint(&w, k->e, k->e_len);
		ta_der_uint(&w, k->n, k->n_len);
		ta_der_uint(&w, &zero, 1);
		ta_der_wrap(&w, 0x30, 0);
	} else if (k->type == TA_KEY_EC256 || k->type == TA_KEY_EC384) {
		ta_der_bits(&w, k->ec_pub, k->ec_pub_len);
		ta_der_wrap(&w, 0xa1, 0);
		m = ta_der_w_len(&w);
		curve_oid(&w, k);
		ta_der_wrap(&w, 0xa0, m);
		ta_der_prim(&w, 0x04, k->ec_priv, k->ec_priv_len);
		ta_der_uint(&w, &one, 1);
		ta_der_wrap(&w, 0x30, 0);
	} else {
		return TA_ERR_ARG;
	}
	if (!w.err)
		ta_pem_put(b, k->type == TA_KEY_RSA ? "RSA PRIVATE KEY" : "EC PRIVATE KEY", w.p,
			ta_der_w_len(&w));
	ta_wipe(mem, sizeof(mem));
	return w.err ? w.err : b->err;
}

/* Copies an INTEGER's magnitude into dst[0..cap). */
static int get_uint(ta_der *d, unsigned char *dst, size_t cap, size_t *len)
{
	ta_der v;
	size_t n;

	if (ta_der_expect(d, 0x02, &v) || ta_der_len(&v) == 0 || (v.p[0] & 0x80))
		return TA_ERR_PARSE;
	while (ta_der_len(&v) > 1 && v.p[0] == 0)
		v.p++;
	n = ta_der_len(&v);
	if (n > cap)
		return TA_ERR_UNSUPPORTED;
	memcpy(dst, v.p, n);
	*len = n;
	return 0;
}

/* RSAPrivateKey (PKCS#1) in d. */
static int read_pkcs1(ta_key *k, ta_der d)
{
	ta_der seq;
	size_t ver;
	unsigned char v[4];
	int r;

	if (ta_der_expect(&d, 0x30, &seq) || get_uint(&seq, v, sizeof(v), &ver) || v[0] != 0)
		return TA_ERR_PARSE;
	k->type = TA_KEY_RSA;
	if ((r = get_uint(&seq, k->n, sizeof(k->n), &k->n_len)) ||
	    (r = get_uint(&seq, k->e, sizeof(k->e), &k->e_len)) ||
	    (r = get_uint(&seq, k->d, sizeof(k->d), &k->d_len)) ||
	    (r = get_uint(&seq, k->p, sizeof(k->p), &k->p_len)) ||
	    (r = get_uint(&seq, k->q, sizeof(k->q), &k->q_len)) ||
	    (r = get_uint(&seq, k->dp, sizeof(k->dp), &k->dp_len)) ||
	    (r = get_uint(&seq, k->dq, sizeof(k->dq), &k->dq_len)) ||
	    (r = get_uint(&seq, k->qi, sizeof(k->qi), &k->qi_len)))
		return r;
	return 0;
}

/* Sets k->type from a curve OID. */
static int curve_type(ta_key *k, const ta_der *oid)
{
	size_t n = ta_der_len(oid);

	if (n == sizeof(ta_oid_p256) && !memcmp(oid->p, ta_oid_p256, n))
		k->type = TA_KEY_EC256;
	else if (n == sizeof(ta_oid_p384) && !memcmp(oid->p, ta_oid_p384, n))
		k->type = TA_KEY_EC384;
	else
		return TA_ERR_UNSUPPORTED;
	return 0;
}

/* ECPrivateKey (SEC1) in d; curve from the key, or known (type set). */
static int read_sec1(ta_key *k, ta_der d)
{
	ta_der seq, v, oid;
	unsigned tag;

	if (ta_der_expect(&d, 0x30, &seq) || ta_der_expect(&seq, 0x02, &v) ||
	    ta_der_len(&v) != 1 || v.p[0] != 1 || ta_der_expect(&seq, 0x04, &v) ||
	    ta_der_len(&v) > sizeof(k->ec_priv))
		return TA_ERR_PARSE;
	memcpy(k->ec_priv, v.p, ta_der_len(&v));
	k->ec_priv_len = ta_der_len(&v);
	while (seq.p < seq.end) {
		if (ta_der_get(&seq, &tag, &v))
			return TA_ERR_PARSE;
		if (tag == 0xa0) {
			if (ta_der_expect(&v, 0x06, &oid) || curve_type(k, &oid))
				return TA_ERR_UNSUPPORTED;
		} else if (tag == 0xa1) {
			if (ta_der_expect(&v, 0x03, &oid) || ta_der_len(&oid) < 2 || oid.p[0] != 0 ||
			    ta_der_len(&oid) - 1 > sizeof(k->ec_pub))
				return TA_ERR_PARSE;
			memcpy(k->ec_pub, oid.p + 1, ta_der_len(&oid) - 1);
			k->ec_pub_len = ta_der_len(&oid) - 1;
		}
	}
	return k->type ? 0 : TA_ERR_UNSUPPORTED;
}

/* PrivateKeyInfo (PKCS#8) in d. */
static int read_pkcs8(ta_key *k, ta_der d)
{
	ta_der seq, v, alg, oid, inner;

	if (ta_der_expect(&d, 0x30, &seq) || ta_der_expect(&seq, 0x02, &v) ||
	    ta_der_expect(&seq, 0x30, &alg) || ta_der_expect(&alg, 0x06, &oid) ||
	    ta_der_expect(&seq, 0x04, &inner))
		return TA_ERR_PARSE;
	if (ta_der_len(&oid) == sizeof(ta_oid_rsa) && !memcmp(oid.p, ta_oid_rsa, sizeof(ta_oid_rsa)))
		return read_pkcs1(k, inner);
	if (ta_der_len(&oid) != sizeof(ta_oid_ec_public_key) ||
	    memcmp(oid.p, ta_oid_ec_public_key, sizeof(ta_oid_ec_public_key)) ||
	    ta_der_expect(&alg, 0x06, &oid) || curve_type(k, &oid))
		return TA_ERR_UNSUPPORTED;
	return read_sec1(k, inner);
}

int ta_key_from_pem(ta_key *k, const char *pem, size_t len)
{
	static unsigned char der[KEY_DER_MAX];
	const char *label;
	size_t pos = 0, llen, n;
	ta_der d;
	int r = TA_ERR_PARSE;

	ta_key_wipe(k);
	while ((r = ta_pem_next(pem, len, &pos, &label, &llen, der, sizeof(der), &n)) == 0) {
		d.p = der;
		d.end = der + n;
		if (llen == 14 && !memcmp(label, "EC PRIVATE KEY", 14))
			r = read_sec1(k, d);
		else if (llen == 15 && !memcmp(label, "RSA PRIVATE KEY", 15))
			r = read_pkcs1(k, d);
		else if (llen == 11 && !memcmp(label, "PRIVATE KEY", 11))
			r = read_pkcs8(k, d);
		else
			continue;
		break;
	}
	ta_wipe(der, sizeof(der));
	if (r == TA_ERR_NOTFOUND)
		r = TA_ERR_PARSE;
	if (r == 0 && ta_key_check(k))
		r = TA_ERR_CRYPTO;
	if (r)
		ta_key_wipe(k);
	return r;
}

int ta_key_spki(const ta_key *k, unsigned char *out, size_t cap, size_t *len)
{
	ta_der_w w;
	static const unsigned char null_der[] = { 0x05, 0x00 };

	ta_der_w_init(&w, out, cap);
	if (k->type == TA_KEY_RSA) {
		ta_der_uint(&w, k->e, k->e_len);
		ta_der_uint(&w, k->n, k->n_len);
		ta_der_wrap(&w, 0x30, 0);
		ta_der_raw(&w, "", 1);
		ta_der_wrap(&w, 0x03, 0);
		{
			size_t m = ta_der_w_len(&w);

			ta_der_raw(&w, null_der, sizeof(null_der));
			ta_der_prim(&w, 0x06, ta_oid_rsa, sizeof(ta_oid_rsa));
			ta_der_wrap(&w, 0x30, m);
		}
	} else if (k->type == TA_KEY_EC256 || k->type == TA_KEY_EC384) {
		size_t m;

		ta_der_bits(&w, k->ec_pub, k->ec_pub_len);
		m = ta_der_w_len(&w);
		curve_oid(&w, k);
		ta_der_prim(&w, 0x06, ta_oid_ec_public_key, sizeof(ta_oid_ec_public_key));
		ta_der_wrap(&w, 0x30, m);
	} else {
		return TA_ERR_ARG;
	}
	ta_der_wrap(&w, 0x30, 0);
	if (w.err)
		return w.err;
	*len = ta_der_w_len(&w);
	memmove(out, w.p, *len);
	return 0;
}
