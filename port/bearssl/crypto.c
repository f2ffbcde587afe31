/* Hashes, HMAC, key generation and signatures on BearSSL.  Keys cross this
 * boundary as raw big-endian numbers (ta_key); encodings live in src/. */
#include "config.h"
#include <string.h>
#include "tacme.h"
#include "tacme_tls.h"
#include <bearssl.h>

void ta_wipe(void *p, size_t len)
{
	volatile unsigned char *v = p;

	while (len--)
		*v++ = 0;
}

void ta_key_wipe(ta_key *k)
{
	ta_wipe(k, sizeof(*k));
}

void ta_sha256(const void *data, size_t len, unsigned char out[TA_SHA256_LEN])
{
	br_sha256_context c;

	br_sha256_init(&c);
	br_sha256_update(&c, data, len);
	br_sha256_out(&c, out);
}

void ta_sha384(const void *data, size_t len, unsigned char out[TA_SHA384_LEN])
{
	br_sha384_context c;

	br_sha384_init(&c);
	br_sha384_update(&c, data, len);
	br_sha384_out(&c, out);
}

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

/* A DRBG seeded from the kernel. */
static int seeded_rng(br_hmac_drbg_context *rng)
{
	unsigned char seed[48];

	if (ta_rand(seed, sizeof(seed)))
		return TA_ERR_RAND;
	br_hmac_drbg_init(rng, &br_sha256_vtable, seed, sizeof(seed));
	ta_wipe(seed, sizeof(seed));
	return 0;
}

static int curve_of(const ta_key *k)
{
	return k->type == TA_KEY_EC256 ? BR_EC_secp256r1 : BR_EC_secp384r1;
}

static int ec_generate(ta_key *k, int type)
{
	br_hmac_drbg_context rng;
	br_ec_private_key sk;
	br_ec_public_key pk;
	unsigned char kbuf[BR_EC_KBUF_PRIV_MAX_SIZE], pbuf[BR_EC_KBUF_PUB_MAX_SIZE];
	const br_ec_impl *ec = br_ec_get_default();
	size_t len;
	int r;

	k->type = type;
	k->bits = type == TA_KEY_EC256 ? 256 : 384;
	if ((r = seeded_rng(&rng)) != 0)
		return r;
	len = br_ec_keygen(&rng.vtable, ec, &sk, kbuf, curve_of(k));
	ta_wipe(&rng, sizeof(rng));
	if (len == 0 || len > sizeof(k->ec_priv) ||
	    br_ec_compute_pub(ec, &pk, pbuf, &sk) == 0 || pk.qlen > sizeof(k->ec_pub)) {
		ta_wipe(kbuf, sizeof(kbuf));
		return ta_error(TA_ERR_CRYPTO, "EC key generation failed");
	}
	memcpy(k->ec_priv, sk.x, sk.xlen);
	k->ec_priv_len = sk.xlen;
	memcpy(k->ec_pub, pk.q, pk.qlen);
	k->ec_pub_len = pk.qlen;
	ta_wipe(kbuf, sizeof(kbuf));
	return 0;
}

/* Copies a BearSSL big-endian number, dropping leading zeros. */
static size_t put_num(unsigned char *dst, size_t cap, const unsigned char *src, size_t len)
{
	while (len > 1 && *src == 0) {
		src++;
		len--;
	}
	if (len > cap)
		return 0;
	memcpy(dst, src, len);
	return len;
}

static int rsa_generate(ta_key *k, unsigned bits)
{
	static unsigned char kbuf[BR_RSA_KBUF_PRIV_SIZE(4096)];
	unsigned char pbuf[BR_RSA_KBUF_PUB_SIZE(4096)];
	br_hmac_drbg_context rng;
	br_rsa_private_key sk;
	br_rsa_public_key pk;
	size_t dlen;
	int r;

	if (bits < 2048 || bits > 4096 || bits % 8)
		return ta_error(TA_ERR_ARG, "RSA keys are 2048 to 4096 bits, not %u", bits);
	if ((r = seeded_rng(&rng)) != 0)
		return r;
	r = br_rsa_keygen_get_default()(&rng.vtable, &sk, kbuf, &pk, pbuf, bits, 65537) == 1;
	ta_wipe(&rng, sizeof(rng));
	if (!r) {
		ta_wipe(kbuf, sizeof(kbuf));
		return ta_error(TA_ERR_CRYPTO, "RSA key generation failed");
	}
	k->type = TA_KEY_RSA;
	k->bits = bits;
	k->n_len = put_num(k->n, sizeof(k->n), pk.n, pk.nlen);
	k->e_len = put_num(k->e, sizeof(k->e), pk.e, pk.elen);
	k->p_len = put_num(k->p, sizeof(k->p), sk.p, sk.plen);
	k->q_len = put_num(k->q, sizeof(k->q), sk.q, sk.qlen);
	k->dp_len = put_num(k->dp, sizeof(k->dp), sk.dp, sk.dplen);
	k->dq_len = put_num(k->dq, sizeof(k->dq), sk.dq, sk.dqlen);
	k->qi_len = put_num(k->qi, sizeof(k->qi), sk.iq, sk.iqlen);
	dlen = br_rsa_compute_privexp_get_default()(k->d, &sk, 65537);
	if (dlen) {
		unsigned char tmp[TA_RSA_MAX_BYTES];

		memcpy(tmp, k->d, dlen);
		k->d_len = put_num(k->d, sizeof(k->d), tmp, dlen);
		ta_wipe(tmp, sizeof(tmp));
	}
	ta_wipe(kbuf, sizeof(kbuf));
	ta_wipe(&sk, sizeof(sk));
	if (!k->n_len || !k->p_len || !k->q_len || !k->dp_len || !k->dq_len || !k->qi_len ||
	    !k->d_len)
		return ta_error(TA_ERR_CRYPTO, "RSA key generation failed");
	return 0;
}

int ta_key_generate(ta_key *k, int type, unsigned bits)
{
	ta_key_wipe(k);
	if (type == TA_KEY_EC256 || (type == TA_KEY_EC384 && ENABLE_KEY_P384))
		return ec_generate(k, type);
	if (type == TA_KEY_RSA && ENABLE_KEY_RSA)
		return rsa_generate(k, bits);
	return ta_error(TA_ERR_UNSUPPORTED, "key type %d is not built into this tacme", type);
}

int ta_key_check(ta_key *k)
{
	br_ec_private_key sk;
	br_ec_public_key pk;
	unsigned char pbuf[BR_EC_KBUF_PUB_MAX_SIZE];
	size_t want;

	if (k->type == TA_KEY_RSA) {
		if (!ENABLE_KEY_RSA || k->n_len < 256 || k->n_len > TA_RSA_MAX_BYTES || !k->e_len ||
		    !k->p_len || !k->q_len || !k->dp_len || !k->dq_len || !k->qi_len)
			return TA_ERR_CRYPTO;
		k->bits = (unsigned)k->n_len * 8;
		return 0;
	}
	if (k->type != TA_KEY_EC256 && (k->type != TA_KEY_EC384 || !ENABLE_KEY_P384))
		return TA_ERR_CRYPTO;
	want = k->type == TA_KEY_EC256 ? 32 : 48;
	if (k->ec_priv_len == 0 || k->ec_priv_len > want)
		return TA_ERR_CRYPTO;
	if (k->ec_priv_len < want) {            /* left-pad to the curve size */
		memmove(k->ec_priv + want - k->ec_priv_len, k->ec_priv, k->ec_priv_len);
		memset(k->ec_priv, 0, want - k->ec_priv_len);
		k->ec_priv_len = want;
	}
	k->bits = want == 32 ? 256 : 384;
	sk.curve = curve_of(k);
	sk.x = k->ec_priv;
	sk.xlen = k->ec_priv_len;
	if (br_ec_compute_pub(br_ec_get_default(), &pk, pbuf, &sk) == 0)
		return TA_ERR_CRYPTO;
	if (k->ec_pub_len && (k->ec_pub_len != pk.qlen || memcmp(k->ec_pub, pk.q, pk.qlen)))
		return TA_ERR_CRYPTO;
	memcpy(k->ec_pub, pk.q, pk.qlen);
	k->ec_pub_len = pk.qlen;
	return 0;
}

static int rsa_sign(const ta_key *k, const void *msg, size_t len, unsigned char *sig,
	size_t cap, size_t *siglen)
{
	br_rsa_private_key sk;
	unsigned char h[TA_SHA256_LEN];

	if (cap < k->n_len)
		return TA_ERR_SPACE;
	sk.n_bitlen = k->bits;
	sk.p = (unsigned char *)(uintptr_t)k->p;
	sk.plen = k->p_len;
	sk.q = (unsigned char *)(uintptr_t)k->q;
	sk.qlen = k->q_len;
	sk.dp = (unsigned char *)(uintptr_t)k->dp;
	sk.dplen = k->dp_len;
	sk.dq = (unsigned char *)(uintptr_t)k->dq;
	sk.dqlen = k->dq_len;
	sk.iq = (unsigned char *)(uintptr_t)k->qi;
	sk.iqlen = k->qi_len;
	ta_sha256(msg, len, h);
	if (!br_rsa_pkcs1_sign_get_default()(BR_HASH_OID_SHA256, h, sizeof(h), &sk, sig))
		return ta_error(TA_ERR_CRYPTO, "RSA signature failed");
	*siglen = k->n_len;
	return 0;
}

int ta_key_sign(const ta_key *k, const void *msg, size_t len, unsigned char *sig,
	size_t cap, size_t *siglen)
{
	br_ec_private_key sk;
	unsigned char h[TA_SHA384_LEN];
	const br_hash_class *hc;
	size_t n;

	if (k->type == TA_KEY_RSA && ENABLE_KEY_RSA)
		return rsa_sign(k, msg, len, sig, cap, siglen);
	if (k->type == TA_KEY_EC256) {
		hc = &br_sha256_vtable;
		ta_sha256(msg, len, h);
	} else if (k->type == TA_KEY_EC384 && ENABLE_KEY_P384) {
		hc = &br_sha384_vtable;
		ta_sha384(msg, len, h);
	} else {
		return TA_ERR_ARG;
	}
	if (cap < 2 * k->ec_priv_len)
		return TA_ERR_SPACE;
	sk.curve = curve_of(k);
	sk.x = (unsigned char *)(uintptr_t)k->ec_priv;
	sk.xlen = k->ec_priv_len;
	n = br_ecdsa_sign_raw_get_default()(br_ec_get_default(), hc, h, &sk, sig);
	if (n != 2 * k->ec_priv_len)
		return ta_error(TA_ERR_CRYPTO, "ECDSA signature failed");
	*siglen = n;
	return 0;
}
