/* Private key files (SEC1, PKCS#1, PKCS#8), SubjectPublicKeyInfo and JWK. */
#include <stddef.h>
#include <string.h>
#include "tacme.h"
#include "ta_b64.h"
#include "ta_der.h"
#include "ta_key.h"
#include "ta_pem.h"

const unsigned char ta_oid_ec_public_key[7] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
const unsigned char ta_oid_p256[8] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
const unsigned char ta_oid_p384[5] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
const unsigned char ta_oid_rsa[9] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };

/* A 4096-bit RSA key is 2.4 KB of DER (PKCS#8). */
#define KEY_DER_MAX 2600

/* The RSA numbers in PKCS#1 order: offsets of value, length, capacity. */
#define PART(f) { offsetof(ta_key, f), offsetof(ta_key, f##_len), sizeof(((ta_key *)0)->f) }
static const struct {
	unsigned short v, len, cap;
} rsa_part[8] = { PART(n), PART(e), PART(d), PART(p), PART(q), PART(dp), PART(dq), PART(qi) };

#define PART_V(k, i) ((unsigned char *)(k) + rsa_part[i].v)
#define PART_LEN(k, i) (*(size_t *)((unsigned char *)(k) + rsa_part[i].len))

/* Bytes of an EC scalar or coordinate, or 0 for a non-EC type. */
static size_t ec_size(int type)
{
	return type == TA_KEY_EC256 ? 32 : type == TA_KEY_EC384 ? 48 : 0;
}

static int ec_ok(const ta_key *k)
{
	size_t size = ec_size(k->type);

	return size && k->ec_pub_len == 2 * size + 1 && k->ec_pub[0] == 0x04;
}

static void curve_oid(ta_der_w *w, const ta_key *k)
{
	if (k->type == TA_KEY_EC256)
		ta_der_prim(w, TA_DER_OID, ta_oid_p256, sizeof(ta_oid_p256));
	else
		ta_der_prim(w, TA_DER_OID, ta_oid_p384, sizeof(ta_oid_p384));
}

int ta_key_to_pem(ta_buf *b, const ta_key *k)
{
	unsigned char scratch[KEY_DER_MAX];     /* private DER; wiped after use */
	size_t size = ec_size(k->type), i, m;
	const char *label;
	ta_der_w w;
	int r;

	ta_der_w_init(&w, scratch, sizeof(scratch));
	if (k->type == TA_KEY_RSA) {
		for (i = 8; i-- > 0;) {
			if (!PART_LEN(k, i) || PART_LEN(k, i) > rsa_part[i].cap)
				w.err = TA_ERR_ARG;
			ta_der_uint(&w, PART_V(k, i), PART_LEN(k, i));
		}
		ta_der_uint(&w, (const unsigned char *)"", 0);         /* version 0 */
		label = "RSA PRIVATE KEY";
	} else if (ec_ok(k) && k->ec_priv_len && k->ec_priv_len <= size) {
		ta_der_bits(&w, k->ec_pub, k->ec_pub_len);
		ta_der_wrap(&w, TA_DER_CTX_CONS | 1, 0);
		m = ta_der_w_len(&w);
		curve_oid(&w, k);
		ta_der_wrap(&w, TA_DER_CTX_CONS | 0, m);
		m = ta_der_w_len(&w);
		ta_der_raw(&w, k->ec_priv, k->ec_priv_len);
		for (i = k->ec_priv_len; i < size; i++)
			ta_der_raw(&w, "", 1);                       /* fixed width */
		ta_der_wrap(&w, TA_DER_OCTET_STRING, m);
		ta_der_uint(&w, (const unsigned char *)"\1", 1);      /* version 1 */
		label = "EC PRIVATE KEY";
	} else {
		return TA_ERR_ARG;
	}
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	if ((r = w.err) == 0) {
		ta_pem_put(b, label, w.p, ta_der_w_len(&w));
		r = b->err;
	}
	ta_wipe(scratch, sizeof(scratch));
	return r;
}

/* Copies the next non-negative INTEGER's magnitude into dst[0..cap). */
static int get_num(ta_der *d, unsigned char *dst, size_t cap, size_t *len)
{
	ta_der v;

	if (ta_der_get_uint(d, &v))
		return TA_ERR_PARSE;
	*len = ta_der_len(&v);
	if (*len > cap)
		return TA_ERR_UNSUPPORTED;
	memcpy(dst, v.p, *len);
	return 0;
}

/* RSAPrivateKey (PKCS#1), two primes: the whole of d. */
static int read_pkcs1(ta_key *k, ta_der d)
{
	ta_der seq, v;
	size_t i;
	int r;

	if (ta_der_expect(&d, TA_DER_SEQUENCE, &seq) || d.p != d.end ||
	    ta_der_get_uint(&seq, &v) || !ta_der_eq(&v, "", 1))
		return TA_ERR_PARSE;
	for (i = 0; i < 8; i++)
		if ((r = get_num(&seq, PART_V(k, i), rsa_part[i].cap, &PART_LEN(k, i))) != 0)
			return r;
	if (seq.p != seq.end)
		return TA_ERR_PARSE;
	k->type = TA_KEY_RSA;
	return 0;
}

/* Sets k->type from a named curve's OID; a type already set must agree. */
static int curve_type(ta_key *k, const ta_der *oid)
{
	int t;

	if (ta_der_eq(oid, ta_oid_p256, sizeof(ta_oid_p256)))
		t = TA_KEY_EC256;
	else if (ta_der_eq(oid, ta_oid_p384, sizeof(ta_oid_p384)))
		t = TA_KEY_EC384;
	else
		return ta_error(TA_ERR_UNSUPPORTED, "EC key on a curve other than P-256 or P-384");
	if (k->type && k->type != t)
		return TA_ERR_PARSE;
	k->type = t;
	return 0;
}

/* ECPrivateKey (SEC1): the whole of d.  The curve comes from its
 * parameters, or was set from the PKCS#8 algorithm. */
static int read_sec1(ta_key *k, ta_der d)
{
	ta_der seq, v, x;
	unsigned tag, next = TA_DER_CTX_CONS | 0;
	int r;

	if (ta_der_expect(&d, TA_DER_SEQUENCE, &seq) || d.p != d.end ||
	    ta_der_get_uint(&seq, &v) || !ta_der_eq(&v, "\1", 1) ||
	    ta_der_expect(&seq, TA_DER_OCTET_STRING, &x) || ta_der_len(&x) > sizeof(k->ec_priv))
		return TA_ERR_PARSE;
	memcpy(k->ec_priv, x.p, ta_der_len(&x));
	k->ec_priv_len = ta_der_len(&x);
	while (seq.p < seq.end) {
		/* parameters [0], then publicKey [1], each at most once */
		if (ta_der_get(&seq, &tag, &v) || tag < next || tag > (TA_DER_CTX_CONS | 1))
			return TA_ERR_PARSE;
		next = tag + 1;
		if (tag == (TA_DER_CTX_CONS | 0)) {
			if (ta_der_expect(&v, TA_DER_OID, &x) || v.p != v.end)
				return ta_error(TA_ERR_UNSUPPORTED, "EC key without a named curve");
			if ((r = curve_type(k, &x)) != 0)
				return r;
		} else {
			if (ta_der_expect(&v, TA_DER_BIT_STRING, &x) || v.p != v.end ||
			    ta_der_len(&x) < 2 || x.p[0] != 0 ||
			    ta_der_len(&x) - 1 > sizeof(k->ec_pub))
				return TA_ERR_PARSE;
			k->ec_pub_len = ta_der_len(&x) - 1;
			memcpy(k->ec_pub, x.p + 1, k->ec_pub_len);
		}
	}
	return k->type ? 0 : TA_ERR_PARSE;
}

/* PrivateKeyInfo / OneAsymmetricKey (PKCS#8, RFC 5958): the whole of d. */
static int read_pkcs8(ta_key *k, ta_der d)
{
	ta_der seq, v, alg, oid, inner;
	unsigned tag;
	int r;

	if (ta_der_expect(&d, TA_DER_SEQUENCE, &seq) || d.p != d.end ||
	    ta_der_get_uint(&seq, &v) || ta_der_len(&v) != 1 || v.p[0] > 1 ||
	    ta_der_expect(&seq, TA_DER_SEQUENCE, &alg) || ta_der_expect(&alg, TA_DER_OID, &oid) ||
	    ta_der_expect(&seq, TA_DER_OCTET_STRING, &inner))
		return TA_ERR_PARSE;
	while (seq.p < seq.end)         /* attributes [0], publicKey [1]: ignored */
		if (ta_der_get(&seq, &tag, &v) ||
		    (tag != (TA_DER_CTX_CONS | 0) && tag != (TA_DER_CTX | 1)))
			return TA_ERR_PARSE;
	if (ta_der_eq(&oid, ta_oid_rsa, sizeof(ta_oid_rsa))) {
		/* parameters NULL (or absent) */
		if (alg.p != alg.end && (ta_der_expect(&alg, TA_DER_NULL, &v) || v.p != v.end ||
		    alg.p != alg.end))
			return TA_ERR_PARSE;
		return read_pkcs1(k, inner);
	}
	if (!ta_der_eq(&oid, ta_oid_ec_public_key, sizeof(ta_oid_ec_public_key)))
		return ta_error(TA_ERR_UNSUPPORTED, "private key is neither EC nor RSA");
	if (ta_der_expect(&alg, TA_DER_OID, &oid) || alg.p != alg.end)
		return ta_error(TA_ERR_UNSUPPORTED, "EC key without a named curve");
	if ((r = curve_type(k, &oid)) != 0)
		return r;
	return read_sec1(k, inner);
}

static int label_is(const char *label, size_t len, const char *want)
{
	return len == strlen(want) && !memcmp(label, want, len);
}

int ta_key_from_pem(ta_key *k, const char *pem, size_t len)
{
	unsigned char scratch[KEY_DER_MAX];     /* private DER; wiped after use */
	const char *label;
	size_t pos = 0, llen, n;
	ta_der d;
	int r;

	ta_key_wipe(k);
	while ((r = ta_pem_next(pem, len, &pos, &label, &llen, scratch, sizeof(scratch), &n)) == 0) {
		d.p = scratch;
		d.end = scratch + n;
		if (label_is(label, llen, "EC PRIVATE KEY"))
			r = read_sec1(k, d);
		else if (label_is(label, llen, "RSA PRIVATE KEY"))
			r = read_pkcs1(k, d);
		else if (label_is(label, llen, "PRIVATE KEY"))
			r = read_pkcs8(k, d);
		else if (label_is(label, llen, "ENCRYPTED PRIVATE KEY"))
			r = ta_error(TA_ERR_UNSUPPORTED, "the private key is encrypted: "
				"tacme needs it unencrypted");
		else
			continue;
		break;
	}
	ta_wipe(scratch, sizeof(scratch));
	if (r == TA_ERR_NOTFOUND || r == TA_ERR_SPACE)
		r = TA_ERR_PARSE;
	if (r == 0)
		r = ta_key_check(k);
	if (r)
		ta_key_wipe(k);
	return r;
}

void ta_key_spki_put(ta_der_w *w, const ta_key *k)
{
	size_t m = ta_der_w_len(w), a;

	if (k->type == TA_KEY_RSA && k->n_len && k->e_len) {
		ta_der_uint(w, k->e, k->e_len);
		ta_der_uint(w, k->n, k->n_len);
		ta_der_wrap(w, TA_DER_SEQUENCE, m);
		ta_der_raw(w, "", 1);
		ta_der_wrap(w, TA_DER_BIT_STRING, m);
		a = ta_der_w_len(w);
		ta_der_raw(w, "\x05\x00", 2);
		ta_der_prim(w, TA_DER_OID, ta_oid_rsa, sizeof(ta_oid_rsa));
	} else if (ec_ok(k)) {
		ta_der_bits(w, k->ec_pub, k->ec_pub_len);
		a = ta_der_w_len(w);
		curve_oid(w, k);
		ta_der_prim(w, TA_DER_OID, ta_oid_ec_public_key, sizeof(ta_oid_ec_public_key));
	} else {
		if (!w->err)
			w->err = TA_ERR_ARG;
		return;
	}
	ta_der_wrap(w, TA_DER_SEQUENCE, a);                /* AlgorithmIdentifier */
	ta_der_wrap(w, TA_DER_SEQUENCE, m);
}

int ta_key_spki(const ta_key *k, unsigned char *out, size_t cap, size_t *len)
{
	ta_der_w w;

	ta_der_w_init(&w, out, cap);
	ta_key_spki_put(&w, k);
	return ta_der_w_finish(&w, len);
}

/* Appends base64url of an unsigned number without leading zero bytes. */
static void put_num(ta_buf *b, const unsigned char *v, size_t len)
{
	while (len > 1 && v[0] == 0) {
		v++;
		len--;
	}
	ta_b64url_put(b, v, len);
}

int ta_key_jwk(ta_buf *b, const ta_key *k)
{
	size_t size = ec_size(k->type);

	if (k->type == TA_KEY_RSA && k->n_len && k->e_len) {
		ta_buf_puts(b, "{\"e\":\"");
		put_num(b, k->e, k->e_len);
		ta_buf_puts(b, "\",\"kty\":\"RSA\",\"n\":\"");
		put_num(b, k->n, k->n_len);
	} else if (ec_ok(k)) {
		ta_buf_puts(b, size == 32 ? "{\"crv\":\"P-256\"" : "{\"crv\":\"P-384\"");
		ta_buf_puts(b, ",\"kty\":\"EC\",\"x\":\"");
		ta_b64url_put(b, k->ec_pub + 1, size);
		ta_buf_puts(b, "\",\"y\":\"");
		ta_b64url_put(b, k->ec_pub + 1 + size, size);
	} else {
		return TA_ERR_ARG;
	}
	ta_buf_puts(b, "\"}");
	return b->err;
}
