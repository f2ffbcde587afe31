/* Hashes, HMAC, key generation and signatures on BearSSL.  Keys cross this
 * boundary as raw big-endian numbers (ta_key); encodings live in src/.
 * The EC and RSA implementations are BearSSL's defaults, the same ones the
 * TLS client links, so nothing is linked twice. */
#include "config.h"
#include <string.h>
#include "tacme.h"
#include "tacme_tls.h"
#include "../common/crypto_be.h"
#include "inner.h"
#include <bearssl.h>

/* BearSSL's key structs point to non-const bytes it only reads. */
#define UC(p) ((unsigned char *)(uintptr_t)(p))

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

/* See crypto_be.h. */
int ta_be_ec_generate(ta_key *k, int type)
{
	const br_ec_impl *ec = &ta_ec;
	br_hmac_drbg_context rng;
	br_ec_private_key sk;
	br_ec_public_key pk;
	int r;

	if ((r = seeded_rng(&rng)) != 0)
		return r;
	/* P-256 and P-384 keys fit the struct's arrays: BearSSL writes there. */
	k->ec_priv_len = br_ec_keygen(&rng.vtable, ec, &sk, k->ec_priv, curve_id(type));
	ta_wipe(&rng, sizeof(rng));
	if (k->ec_priv_len != ta_be_ec_size(type) ||
	    br_ec_compute_pub(ec, &pk, k->ec_pub, &sk) != 2 * k->ec_priv_len + 1) {
		ta_key_wipe(k);
		return ta_error(TA_ERR_CRYPTO, "EC key generation failed");
	}
	k->ec_pub_len = pk.qlen;
	k->type = type;
	k->bits = (unsigned)k->ec_priv_len * 8;
	return 0;
}

/* See crypto_be.h. */
int ta_be_rsa_generate(ta_key *k, unsigned bits)
{
	unsigned char kbuf[BR_RSA_KBUF_PRIV_SIZE(4096)], pbuf[BR_RSA_KBUF_PUB_SIZE(4096)];
	br_hmac_drbg_context rng;
	br_rsa_private_key sk;
	br_rsa_public_key pk;
	int r;

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

/* See crypto_be.h. */
int ta_be_rsa_sign_hash(const ta_key *k, const unsigned char h[TA_SHA256_LEN],
	unsigned char *sig)
{
	br_rsa_private_key sk = { 0, UC(k->p), k->p_len, UC(k->q), k->q_len, UC(k->dp),
		k->dp_len, UC(k->dq), k->dq_len, UC(k->qi), k->qi_len };

	sk.n_bitlen = ta_be_bit_length(k->n, k->n_len);
	return br_rsa_pkcs1_sign_get_default()(BR_HASH_OID_SHA256, h, TA_SHA256_LEN, &sk, sig)
		== 1;
}

/* See crypto_be.h: sign, then verify with n and e. */
int ta_be_rsa_matches(const ta_key *k)
{
	static const unsigned char h[TA_SHA256_LEN] = "tacme RSA key consistency check";
	unsigned char sig[TA_RSA_MAX_BYTES], out[TA_SHA256_LEN];
	br_rsa_public_key pk = { UC(k->n), k->n_len, UC(k->e), k->e_len };

	return ta_be_rsa_sign_hash(k, h, sig) &&
		br_rsa_pkcs1_vrfy_get_default()(sig, k->n_len, BR_HASH_OID_SHA256, sizeof(out),
		&pk, out) == 1 && memcmp(out, h, sizeof(out)) == 0;
}

/* See crypto_be.h. */
int ta_be_ec_public(const ta_key *k, size_t size, unsigned char *pub)
{
	const br_ec_impl *ec = &ta_ec;
	const unsigned char *order;
	br_ec_private_key sk;
	unsigned borrow = 0, nonzero = 0;
	size_t olen, i;

	/* 0 < x < order, else the public point would be meaningless. */
	order = ec->order(curve_id(k->type), &olen);
	for (i = size; i-- > 0;) {
		borrow = ((unsigned)k->ec_priv[i] - order[i] - borrow) >> 8 & 1;
		nonzero |= k->ec_priv[i];
	}
	sk.curve = curve_id(k->type);
	sk.x = UC(k->ec_priv);
	sk.xlen = size;
	return olen == size && borrow && nonzero &&
		br_ec_compute_pub(ec, NULL, pub, &sk) == 2 * size + 1;
}

/* See crypto_be.h. */
int ta_be_ec_sign_hash(const ta_key *k, size_t size, const unsigned char *h,
	unsigned char *sig)
{
	br_ec_private_key sk;

	sk.curve = curve_id(k->type);
	sk.x = UC(k->ec_priv);
	sk.xlen = size;
	/* RFC 6979 deterministic nonce: no randomness needed. */
	return br_ecdsa_sign_raw_get_default()(&ta_ec,
		size == 32 ? &br_sha256_vtable : &br_sha384_vtable, h, &sk, sig) == 2 * size;
}
