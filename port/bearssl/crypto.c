/* Hashes, HMAC, key generation and signatures on BearSSL.  Keys cross this
 * boundary as raw big-endian numbers (ta_key); encodings live in src/.
 * The EC and RSA implementations are BearSSL's defaults, the same ones the
 * TLS client links, so nothing is linked twice. */
#include "config.h"
#include <string.h>
#include "tacme.h"
#include "tacme_tls.h"
#include <bearssl.h>

/* BearSSL's key structs point to non-const bytes it only reads. */
#define UC(p) ((unsigned char *)(uintptr_t)(p))

/* Zeroes p[0..len) through a volatile pointer, so it is not optimised out. */
void ta_wipe(void *p, size_t len)
{
	volatile unsigned char *v = p;

	while (len--)
		*v++ = 0;
}

/* Zeroes the whole key, numbers and lengths. */
void ta_key_wipe(ta_key *k)
{
	ta_wipe(k, sizeof(*k));
}

/* One-shot SHA-256 of data[0..len) into out. */
void ta_sha256(const void *data, size_t len, unsigned char out[TA_SHA256_LEN])
{
	br_sha256_context c;

	br_sha256_init(&c);
	br_sha256_update(&c, data, len);
	br_sha256_out(&c, out);
}

/* One-shot SHA-384 of data[0..len) into out. */
void ta_sha384(const void *data, size_t len, unsigned char out[TA_SHA384_LEN])
{
	br_sha384_context c;

	br_sha384_init(&c);
	br_sha384_update(&c, data, len);
	br_sha384_out(&c, out);
}

/* HMAC-SHA256 (any key length); the key schedule is wiped afterwards. */
void ta_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
	unsigned char out[TA_SHA256_LEN])
{
	br_hmac_key_context kc;
	br_hmac_context hc;

	br_hmac_key_init(&kc, &br_sha256_vtable, key, klen);
	br_hmac_init(&hc, &kc, 0);
	br_hmac_update(&hc, msg, mlen);
	br_hmac_out(&hc, out);
	ta_wipe(&kc, sizeof(kc));
	ta_wipe(&hc, sizeof(hc));
}

/* An HMAC-DRBG seeded with 384 bits from the kernel. */
static int seeded_rng(br_hmac_drbg_context *rng)
{
	unsigned char seed[48];

	if (ta_rand(seed, sizeof(seed)))
		return TA_ERR_RAND;
	br_hmac_drbg_init(rng, &br_sha256_vtable, seed, sizeof(seed));
	ta_wipe(seed, sizeof(seed));
	return 0;
}

/* Size in bytes of the curve order (and of each half of a signature), or 0
 * when the key's EC type is not built in. */
static size_t ec_size(int type)
{
	if (type == TA_KEY_EC256)
		return 32;
	return type == TA_KEY_EC384 && ENABLE_KEY_P384 ? 48 : 0;
}

static int curve_id(int type)
{
	return type == TA_KEY_EC256 ? BR_EC_secp256r1 : BR_EC_secp384r1;
}

/* Drops leading zero bytes of v[0..len) in place; returns the new length. */
static size_t trim(unsigned char *v, size_t len)
{
	size_t z = 0;

	while (z + 1 < len && v[z] == 0)
		z++;
	memmove(v, v + z, len - z);
	return len - z;
}

/* Copies src[0..len) to dst without its leading zero bytes. */
static size_t put(unsigned char *dst, const unsigned char *src, size_t len)
{
	memcpy(dst, src, len);
	return trim(dst, len);
}

static unsigned bit_length(const unsigned char *v, size_t len)
{
	unsigned bits = (unsigned)len * 8;
	unsigned char top = len ? v[0] : 0x80;

	while (bits && !(top & 0x80)) {
		top = (unsigned char)(top << 1);
		bits--;
	}
	return bits;
}

static int ec_generate(ta_key *k, int type)
{
	const br_ec_impl *ec = br_ec_get_default();
	br_hmac_drbg_context rng;
	br_ec_private_key sk;
	br_ec_public_key pk;
	int r;

	if ((r = seeded_rng(&rng)) != 0)
		return r;
	/* P-256 and P-384 keys fit the struct's arrays: BearSSL writes there. */
	k->ec_priv_len = br_ec_keygen(&rng.vtable, ec, &sk, k->ec_priv, curve_id(type));
	ta_wipe(&rng, sizeof(rng));
	if (k->ec_priv_len != ec_size(type) ||
	    br_ec_compute_pub(ec, &pk, k->ec_pub, &sk) != 2 * k->ec_priv_len + 1) {
		ta_key_wipe(k);
		return ta_error(TA_ERR_CRYPTO, "EC key generation failed");
	}
	k->ec_pub_len = pk.qlen;
	k->type = type;
	k->bits = (unsigned)k->ec_priv_len * 8;
	return 0;
}

static int rsa_generate(ta_key *k, unsigned bits)
{
	unsigned char kbuf[BR_RSA_KBUF_PRIV_SIZE(4096)], pbuf[BR_RSA_KBUF_PUB_SIZE(4096)];
	br_hmac_drbg_context rng;
	br_rsa_private_key sk;
	br_rsa_public_key pk;
	int r;

	if (bits < 2048 || bits > 4096 || bits % 8)
		return ta_error(TA_ERR_ARG, "RSA keys are 2048 to 4096 bits in steps of 8, not %u",
			bits);
	if ((r = seeded_rng(&rng)) != 0)
		return r;
	r = br_rsa_keygen_get_default()(&rng.vtable, &sk, kbuf, &pk, pbuf, bits, 65537) == 1 &&
		pk.nlen == bits / 8 && pk.elen <= sizeof(k->e) &&
		br_rsa_compute_privexp_get_default()(k->d, &sk, 65537) == bits / 8;
	ta_wipe(&rng, sizeof(rng));
	if (r) {
		/* Sizes are bounded by bits <= 4096, hence fit the arrays. */
		k->type = TA_KEY_RSA;
		k->bits = bits;
		k->n_len = pk.nlen;
		memcpy(k->n, pk.n, pk.nlen);
		k->e_len = pk.elen;
		memcpy(k->e, pk.e, pk.elen);
		k->d_len = trim(k->d, bits / 8);
		k->p_len = put(k->p, sk.p, sk.plen);
		k->q_len = put(k->q, sk.q, sk.qlen);
		k->dp_len = put(k->dp, sk.dp, sk.dplen);
		k->dq_len = put(k->dq, sk.dq, sk.dqlen);
		k->qi_len = put(k->qi, sk.iq, sk.iqlen);
	}
	ta_wipe(kbuf, sizeof(kbuf));
	ta_wipe(&sk, sizeof(sk));
	if (!r) {
		ta_key_wipe(k);
		return ta_error(TA_ERR_CRYPTO, "RSA key generation failed");
	}
	return 0;
}

/* Makes a new key; see tacme_tls.h.  Bad RSA sizes give TA_ERR_ARG, key
 * types not built in TA_ERR_UNSUPPORTED; on failure *k is wiped. */
int ta_key_generate(ta_key *k, int type, unsigned bits)
{
	ta_key_wipe(k);
	if (ec_size(type))
		return ec_generate(k, type);
	if (type == TA_KEY_RSA && ENABLE_KEY_RSA)
		return rsa_generate(k, bits);
	return ta_error(TA_ERR_UNSUPPORTED, "key type %d is not built into this tacme", type);
}

static int rsa_sign_hash(const ta_key *k, const unsigned char h[TA_SHA256_LEN],
	unsigned char *sig)
{
	br_rsa_private_key sk = { 0, UC(k->p), k->p_len, UC(k->q), k->q_len, UC(k->dp),
		k->dp_len, UC(k->dq), k->dq_len, UC(k->qi), k->qi_len };

	sk.n_bitlen = bit_length(k->n, k->n_len);
	return br_rsa_pkcs1_sign_get_default()(BR_HASH_OID_SHA256, h, TA_SHA256_LEN, &sk, sig)
		== 1;
}

/* RSA: sizes, then a signature made with p, q, dp, dq, qi must verify with
 * n and e (one private operation, so a damaged key file is caught here and
 * not by the CA). */
static int rsa_check(ta_key *k)
{
	static const unsigned char h[TA_SHA256_LEN] = "tacme RSA key consistency check";
	unsigned char sig[TA_RSA_MAX_BYTES], out[TA_SHA256_LEN];
	br_rsa_public_key pk = { UC(k->n), k->n_len, UC(k->e), k->e_len };
	const size_t part[] = { k->p_len, k->q_len, k->dp_len, k->dq_len, k->qi_len };
	unsigned bits = bit_length(k->n, k->n_len), bad;
	size_t i;

	bad = bits < 2048 || k->n_len > TA_RSA_MAX_BYTES || k->n[0] == 0 || !k->e_len ||
		k->e_len > sizeof(k->e) || !(k->e[k->e_len - 1] & 1) || !k->d_len ||
		k->d_len > k->n_len;
	for (i = 0; i < TA_ARRAY_LEN(part); i++)
		bad |= !part[i] || part[i] > TA_RSA_MAX_BYTES / 2;
	if (bad)
		return ta_error(TA_ERR_CRYPTO, "RSA key: bad sizes (2048 to 4096 bits needed)");
	if (!rsa_sign_hash(k, h, sig) ||
	    br_rsa_pkcs1_vrfy_get_default()(sig, k->n_len, BR_HASH_OID_SHA256, sizeof(out),
		&pk, out) != 1 || memcmp(out, h, sizeof(out)) != 0)
		return ta_error(TA_ERR_CRYPTO, "RSA key: the private part does not match n and e");
	k->bits = bits;
	return 0;
}

/* Completes and checks a key read from a file; see tacme_tls.h.  EC scalars
 * shorter than the curve are left-padded; a type not built in gives
 * TA_ERR_UNSUPPORTED. */
int ta_key_check(ta_key *k)
{
	const br_ec_impl *ec = br_ec_get_default();
	const unsigned char *order;
	unsigned char pub[sizeof(k->ec_pub)];
	br_ec_private_key sk;
	size_t size = ec_size(k->type), olen, i;
	unsigned borrow = 0, nonzero = 0;

	if ((k->type == TA_KEY_RSA && !ENABLE_KEY_RSA) || (k->type == TA_KEY_EC384 && !size))
		return ta_error(TA_ERR_UNSUPPORTED, "key type %d is not built into this tacme",
			k->type);
	if (k->type == TA_KEY_RSA)
		return rsa_check(k);
	if (!size || !k->ec_priv_len || k->ec_priv_len > size)
		return ta_error(TA_ERR_CRYPTO, "bad key type or EC private key size");
	memmove(k->ec_priv + size - k->ec_priv_len, k->ec_priv, k->ec_priv_len);
	memset(k->ec_priv, 0, size - k->ec_priv_len);
	k->ec_priv_len = size;
	/* 0 < x < order, else the public point would be meaningless. */
	order = ec->order(curve_id(k->type), &olen);
	for (i = size; i-- > 0;) {
		borrow = ((unsigned)k->ec_priv[i] - order[i] - borrow) >> 8 & 1;
		nonzero |= k->ec_priv[i];
	}
	sk.curve = curve_id(k->type);
	sk.x = k->ec_priv;
	sk.xlen = size;
	if (olen != size || !borrow || !nonzero ||
	    br_ec_compute_pub(ec, NULL, pub, &sk) != 2 * size + 1)
		return ta_error(TA_ERR_CRYPTO, "EC private key out of range");
	if (k->ec_pub_len && (k->ec_pub_len != 2 * size + 1 || memcmp(k->ec_pub, pub,
	    k->ec_pub_len)))
		return ta_error(TA_ERR_CRYPTO, "EC public key does not match the private key");
	memcpy(k->ec_pub, pub, 2 * size + 1);
	k->ec_pub_len = 2 * size + 1;
	k->bits = (unsigned)size * 8;
	return 0;
}

/* Signs msg; see tacme_tls.h.  A key type not built in (or TA_KEY_NONE)
 * gives TA_ERR_UNSUPPORTED. */
int ta_key_sign(const ta_key *k, const void *msg, size_t len, unsigned char *sig,
	size_t cap, size_t *siglen)
{
	unsigned char h[TA_SHA384_LEN];
	br_ec_private_key sk;
	size_t size = ec_size(k->type);

	if (k->type == TA_KEY_RSA && ENABLE_KEY_RSA) {
		if (cap < k->n_len)
			return TA_ERR_SPACE;
		ta_sha256(msg, len, h);
		if (k->n_len < 256 || k->n_len > TA_RSA_MAX_BYTES || !rsa_sign_hash(k, h, sig))
			return ta_error(TA_ERR_CRYPTO, "RSA signature failed");
		*siglen = k->n_len;
		return 0;
	}
	if (!size)
		return ta_error(TA_ERR_UNSUPPORTED, "key type %d is not built into this tacme",
			k->type);
	if (cap < 2 * size)
		return TA_ERR_SPACE;
	if (size == 32)
		ta_sha256(msg, len, h);
	else
		ta_sha384(msg, len, h);
	sk.curve = curve_id(k->type);
	sk.x = UC(k->ec_priv);
	sk.xlen = k->ec_priv_len;
	/* RFC 6979 deterministic nonce: no randomness needed. */
	if (k->ec_priv_len != size || br_ecdsa_sign_raw_get_default()(br_ec_get_default(),
	    size == 32 ? &br_sha256_vtable : &br_sha384_vtable, h, &sk, sig) != 2 * size)
		return ta_error(TA_ERR_CRYPTO, "ECDSA signature failed");
	*siglen = 2 * size;
	return 0;
}
