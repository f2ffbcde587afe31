/* Hashes, HMAC, key generation and signatures on wolfCrypt.  Keys cross this
 * boundary as raw big-endian numbers (ta_key); the one encoding done here
 * (with src/der.c) is PKCS#1 RSAPrivateKey, the form wolfCrypt takes and
 * gives RSA keys in. */
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/rsa.h>
#include <stddef.h>
#include <string.h>
#include "config.h"
#include "tacme.h"
#include "tacme_tls.h"
#include "../common/crypto_be.h"
#include "ta_der.h"

#if !defined(HAVE_ECC) || !defined(HAVE_ECC_SIGN) || !defined(HAVE_ECC_KEY_EXPORT) || \
	!defined(HAVE_ECC_KEY_IMPORT)
#error "tacme needs a wolfSSL built with ECC (--enable-ecc)"
#endif
#if !defined(WOLFSSL_SHA384) || defined(NO_HMAC)
#error "tacme needs a wolfSSL with SHA-384 and HMAC (--enable-sha384, --enable-hmac)"
#endif
#if ENABLE_KEY_RSA && (defined(NO_RSA) || !defined(WOLFSSL_KEY_GEN))
#error "RSA keys need a wolfSSL built with RSA and --enable-keygen (or build tacme with CONFIG_KEY_RSA=)"
#endif
/* RFC 6979 deterministic ECDSA when the library has it (Debian's does; the
 * _VARIANT skips reducing the hash modulo the order, which changes nothing
 * for P-256: the odds of a SHA-256 value above the order are 2^-32).
 * wolfSSL 5.5 derives the nonce with SHA-256 only, so P-384 signatures, and
 * all of them on a library without the option, take their nonce from
 * wolfCrypt's Hash-DRBG seeded by the kernel. */
#if defined(WOLFSSL_ECDSA_DETERMINISTIC_K) || defined(WOLFSSL_ECDSA_DETERMINISTIC_K_VARIANT)
#define deterministic(key, size) ((size) == 32 ? wc_ecc_set_deterministic(key, 1) : 0)
#else
#define deterministic(key, size) 0
#endif

/* One-shot SHA-256 of data[0..len) into out. */
void ta_sha256(const void *data, size_t len, unsigned char out[TA_SHA256_LEN])
{
	wc_Sha256Hash(data, (word32)len, out);
}

/* One-shot SHA-384 of data[0..len) into out. */
void ta_sha384(const void *data, size_t len, unsigned char out[TA_SHA384_LEN])
{
	wc_Sha384Hash(data, (word32)len, out);
}

/* HMAC-SHA256 (any key length); the key schedule is wiped afterwards.  A
 * library failure gives an all-zero MAC, which no server accepts. */
void ta_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
	unsigned char out[TA_SHA256_LEN])
{
	static const unsigned char none[1];
	Hmac h;

	if (wc_HmacInit(&h, NULL, INVALID_DEVID) ||
	    wc_HmacSetKey(&h, WC_SHA256, klen ? key : none, (word32)klen) ||
	    wc_HmacUpdate(&h, msg, (word32)mlen) || wc_HmacFinal(&h, out))
		memset(out, 0, TA_SHA256_LEN);
	wc_HmacFree(&h);
	ta_wipe(&h, sizeof(h));
}

static int curve_id(int type)
{
	return type == TA_KEY_EC256 ? ECC_SECP256R1 : ECC_SECP384R1;
}

/* Loads k's private scalar (size bytes) into a fresh wolfCrypt key and
 * computes its public point there; wolfCrypt refuses a scalar that is not
 * in 1..order-1.  Returns 0 or -1; *key must be freed with wc_ecc_free()
 * either way. */
static int ec_load(ecc_key *key, const ta_key *k, size_t size, WC_RNG *rng)
{
	if (wc_ecc_init(key))
		return -1;
	if (wc_ecc_import_private_key_ex(k->ec_priv, (word32)size, NULL, 0, key,
	    curve_id(k->type)) || wc_ecc_make_pub_ex(key, NULL, rng))
		return -1;
	return 0;
}

/* See crypto_be.h: a new scalar from wolfCrypt; ta_key_check() then adds
 * the public point. */
int ta_be_ec_generate(ta_key *k, int type)
{
	size_t size = ta_be_ec_size(type);
	word32 plen = (word32)size;
	WC_RNG rng;
	ecc_key key;
	int r;

	if (wc_InitRng(&rng))
		return ta_error(TA_ERR_RAND, "no entropy for the wolfSSL random generator");
	r = wc_ecc_init(&key) == 0 &&
		wc_ecc_make_key_ex(&rng, (int)size, &key, curve_id(type)) == 0 &&
		wc_ecc_export_private_only(&key, k->ec_priv, &plen) == 0 && plen == size;
	wc_ecc_free(&key);
	ta_wipe(&key, sizeof(key));
	wc_FreeRng(&rng);
	k->type = type;
	k->ec_priv_len = plen;
	if (!r || ta_key_check(k)) {
		ta_key_wipe(k);
		return ta_error(TA_ERR_CRYPTO, "EC key generation failed");
	}
	return 0;
}

/* ---- RSA in PKCS#1 form ------------------------------------------------ */

/* The numbers of an RSAPrivateKey after its version, in order: where each
 * lives in ta_key, where its length lives, and its room. */
#define PART(f) { offsetof(ta_key, f), offsetof(ta_key, f##_len), sizeof(((ta_key *)0)->f) }
static const struct { unsigned short num, len, cap; } rsa_parts[8] = {
	PART(n), PART(e), PART(d), PART(p), PART(q), PART(dp), PART(dq), PART(qi)
};

/* PKCS#1 RSAPrivateKey of k into out[0..RSA_DER_MAX); 0 or TA_ERR_SPACE. */
#define RSA_DER_MAX 2600
static int rsa_to_der(const ta_key *k, unsigned char *out, size_t *len)
{
	static const unsigned char zero;
	const unsigned char *b = (const unsigned char *)k;
	ta_der_w w;
	size_t i;

	ta_der_w_init(&w, out, RSA_DER_MAX);
	for (i = TA_ARRAY_LEN(rsa_parts); i-- > 0;)
		ta_der_uint(&w, b + rsa_parts[i].num,
			*(const size_t *)(const void *)(b + rsa_parts[i].len));
	ta_der_uint(&w, &zero, 1);                   /* version 0 */
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	return ta_der_w_finish(&w, len);
}

/* Reads the numbers of a PKCS#1 RSAPrivateKey into k.  Returns 0 or -1. */
static int rsa_from_der(ta_key *k, const unsigned char *der, size_t der_len)
{
	ta_der d = { der, der + der_len }, seq, v;
	unsigned char *b = (unsigned char *)k;
	size_t i;

	if (ta_der_expect(&d, TA_DER_SEQUENCE, &seq) || ta_der_get_uint(&seq, &v))
		return -1;
	for (i = 0; i < TA_ARRAY_LEN(rsa_parts); i++) {
		if (ta_der_get_uint(&seq, &v) || ta_der_len(&v) > rsa_parts[i].cap)
			return -1;
		memcpy(b + rsa_parts[i].num, v.p, ta_der_len(&v));
		*(size_t *)(void *)(b + rsa_parts[i].len) = ta_der_len(&v);
	}
	return 0;
}

/* Loads k's private part into a fresh wolfCrypt key.  Returns 0 or -1;
 * *key must be freed with wc_FreeRsaKey() either way. */
static int rsa_load(RsaKey *key, const ta_key *k)
{
	unsigned char der[RSA_DER_MAX];
	size_t len = 0;
	word32 idx = 0;
	int r;

	if (wc_InitRsaKey(key, NULL))
		return -1;
	r = rsa_to_der(k, der, &len) == 0 &&
		wc_RsaPrivateKeyDecode(der, &idx, key, (word32)len) == 0 && idx == len;
	ta_wipe(der, sizeof(der));
	return r ? 0 : -1;
}

/* DigestInfo prefix for SHA-256 (RFC 8017 9.2 note 1). */
static const unsigned char sha256_info[19] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
	0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 };

/* PKCS#1 v1.5 signature of the SHA-256 hash h with the private part of k
 * into sig (n_len bytes).  The signature must also verify with k's n and e
 * (a damaged key, or a fault in the CRT computation, which would leak a
 * factor, gives no signature).  Returns 1 on success, 0 on failure. */
int ta_be_rsa_sign_hash(const ta_key *k, const unsigned char h[TA_SHA256_LEN],
	unsigned char *sig)
{
	unsigned char info[sizeof(sha256_info) + TA_SHA256_LEN], out[TA_RSA_MAX_BYTES];
	word32 n = (word32)k->n_len;
	RsaKey key;
	WC_RNG rng;
	int r = 0;

	memcpy(info, sha256_info, sizeof(sha256_info));
	memcpy(info + sizeof(sha256_info), h, TA_SHA256_LEN);
	if (wc_InitRng(&rng))
		return 0;
	if (rsa_load(&key, k) == 0 &&
	    wc_RsaSSL_Sign(info, sizeof(info), sig, n, &key, &rng) == (int)n)
		r = wc_RsaSSL_Verify(sig, n, out, sizeof(out), &key) == (int)sizeof(info) &&
			memcmp(out, info, sizeof(info)) == 0;
	wc_FreeRsaKey(&key);
	ta_wipe(&key, sizeof(key));
	wc_FreeRng(&rng);
	return r;
}

/* See crypto_be.h. */
int ta_be_rsa_generate(ta_key *k, unsigned bits)
{
	unsigned char der[RSA_DER_MAX];
	RsaKey key;
	WC_RNG rng;
	int r = 0, len;

	if (wc_InitRng(&rng))
		return ta_error(TA_ERR_RAND, "no entropy for the wolfSSL random generator");
	if (wc_InitRsaKey(&key, NULL) == 0) {
#ifdef WOLFSSL_KEY_GEN
		if (wc_MakeRsaKey(&key, (int)bits, 65537, &rng) == 0 &&
		    (len = wc_RsaKeyToDer(&key, der, sizeof(der))) > 0)
			r = rsa_from_der(k, der, (size_t)len) == 0;
#else
		(void)len;
#endif
		wc_FreeRsaKey(&key);
	}
	ta_wipe(&key, sizeof(key));
	ta_wipe(der, sizeof(der));
	wc_FreeRng(&rng);
	if (!r || k->n_len != bits / 8 || k->n[0] < 0x80) {
		ta_key_wipe(k);
		return ta_error(TA_ERR_CRYPTO, "RSA key generation failed");
	}
	k->type = TA_KEY_RSA;
	k->bits = bits;
	return 0;
}

/* See crypto_be.h: ta_be_rsa_sign_hash() verifies what it signs. */
int ta_be_rsa_matches(const ta_key *k)
{
	static const unsigned char h[TA_SHA256_LEN] = "tacme RSA key consistency check";
	unsigned char sig[TA_RSA_MAX_BYTES];

	return ta_be_rsa_sign_hash(k, h, sig);
}

/* See crypto_be.h; wolfCrypt refuses a scalar outside 1..order-1. */
int ta_be_ec_public(const ta_key *k, size_t size, unsigned char *pub)
{
	word32 qlen = (word32)(2 * size + 1);
	ecc_key key;
	WC_RNG rng;
	int r;

	if (wc_InitRng(&rng))
		return 0;
	r = ec_load(&key, k, size, &rng) == 0 && wc_ecc_export_x963(&key, pub, &qlen) == 0 &&
		qlen == 2 * size + 1;
	wc_ecc_free(&key);
	ta_wipe(&key, sizeof(key));
	wc_FreeRng(&rng);
	return r;
}

/* ECDSA over hash h (size bytes for P-256 with SHA-256, P-384 with
 * SHA-384) as raw r||s (2 * size bytes) in sig.  Returns 1 or 0. */
int ta_be_ec_sign_hash(const ta_key *k, size_t size, const unsigned char *h,
	unsigned char *sig)
{
	unsigned char der[ECC_MAX_SIG_SIZE], r[ECC_MAXSIZE], s[ECC_MAXSIZE];
	word32 dlen = sizeof(der), rlen = sizeof(r), slen = sizeof(s);
	ecc_key key;
	WC_RNG rng;
	int ok;

	if (wc_InitRng(&rng))
		return 0;
	ok = ec_load(&key, k, size, &rng) == 0 &&
		deterministic(&key, size) == 0 &&
		wc_ecc_sign_hash(h, (word32)size, der, &dlen, &rng, &key) == 0 &&
		wc_ecc_sig_to_rs(der, dlen, r, &rlen, s, &slen) == 0 &&
		rlen <= size && slen <= size;
	if (ok) {
		/* r and s come without leading zeros: left-pad each to size. */
		memset(sig, 0, 2 * size);
		memcpy(sig + size - rlen, r, rlen);
		memcpy(sig + 2 * size - slen, s, slen);
	}
	wc_ecc_free(&key);
	ta_wipe(&key, sizeof(key));
	wc_FreeRng(&rng);
#ifdef FP_ECC
	wc_ecc_fp_free();    /* no table cache of ~1 MB for a few signatures */
#endif
	return ok;
}
