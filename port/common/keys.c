/* Key checks, generation and signing that are the same on every TLS
 * library: sizes and ranges, which hash goes with which key, errors.  The
 * arithmetic is the library's (port/<library>/crypto.c, crypto_be.h). */
#include <string.h>
#include "config.h"
#include "tacme.h"
#include "tacme_tls.h"
#include "crypto_be.h"

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

size_t ta_be_ec_size(int type)
{
	if (type == TA_KEY_EC256)
		return 32;
	return type == TA_KEY_EC384 && ENABLE_KEY_P384 ? 48 : 0;
}

unsigned ta_be_bit_length(const unsigned char *v, size_t len)
{
	unsigned bits = (unsigned)len * 8;
	unsigned char top = len ? v[0] : 0x80;

	while (bits && !(top & 0x80)) {
		top = (unsigned char)(top << 1);
		bits--;
	}
	return bits;
}

static int not_built_in(int type)
{
	return ta_error(TA_ERR_UNSUPPORTED, "key type %d is not built into this tacme", type);
}

/* Makes a new key; see tacme_tls.h.  Bad RSA sizes give TA_ERR_ARG, key
 * types not built in TA_ERR_UNSUPPORTED; on failure *k is wiped. */
int ta_key_generate(ta_key *k, int type, unsigned bits)
{
	ta_key_wipe(k);
	if (ta_be_ec_size(type))
		return ta_be_ec_generate(k, type);
	if (type != TA_KEY_RSA || !ENABLE_KEY_RSA)
		return not_built_in(type);
	if (bits < 2048 || bits > 4096 || bits % 8)
		return ta_error(TA_ERR_ARG, "RSA keys are 2048 to 4096 bits in steps of 8, not %u",
			bits);
	return ta_be_rsa_generate(k, bits);
}

/* RSA: sizes, then a signature made with p, q, dp, dq, qi must verify with
 * n and e (one private operation, so a damaged key file is caught here and
 * not by the CA). */
static int rsa_check(ta_key *k)
{
	const size_t part[] = { k->p_len, k->q_len, k->dp_len, k->dq_len, k->qi_len };
	unsigned bits = ta_be_bit_length(k->n, k->n_len), bad;
	size_t i;

	bad = bits < 2048 || k->n_len > TA_RSA_MAX_BYTES || k->n[0] == 0 || !k->e_len ||
		k->e_len > sizeof(k->e) || !(k->e[k->e_len - 1] & 1) || !k->d_len ||
		k->d_len > k->n_len;
	for (i = 0; i < TA_ARRAY_LEN(part); i++)
		bad |= !part[i] || part[i] > TA_RSA_MAX_BYTES / 2;
	if (bad)
		return ta_error(TA_ERR_CRYPTO, "RSA key: bad sizes (2048 to 4096 bits needed)");
	if (!ta_be_rsa_matches(k))
		return ta_error(TA_ERR_CRYPTO, "RSA key: the private part does not match n and e");
	k->bits = bits;
	return 0;
}

/* Completes and checks a key read from a file; see tacme_tls.h.  EC scalars
 * shorter than the curve are left-padded; a type not built in gives
 * TA_ERR_UNSUPPORTED. */
int ta_key_check(ta_key *k)
{
	unsigned char pub[sizeof(k->ec_pub)];
	size_t size = ta_be_ec_size(k->type);

	if ((k->type == TA_KEY_RSA && !ENABLE_KEY_RSA) || (k->type == TA_KEY_EC384 && !size))
		return not_built_in(k->type);
	if (k->type == TA_KEY_RSA)
		return rsa_check(k);
	if (!size || !k->ec_priv_len || k->ec_priv_len > size)
		return ta_error(TA_ERR_CRYPTO, "bad key type or EC private key size");
	memmove(k->ec_priv + size - k->ec_priv_len, k->ec_priv, k->ec_priv_len);
	memset(k->ec_priv, 0, size - k->ec_priv_len);
	k->ec_priv_len = size;
	if (!ta_be_ec_public(k, size, pub))
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
	size_t size = ta_be_ec_size(k->type);

	if (k->type == TA_KEY_RSA && ENABLE_KEY_RSA) {
		if (cap < k->n_len)
			return TA_ERR_SPACE;
		ta_sha256(msg, len, h);
		if (k->n_len < 256 || k->n_len > TA_RSA_MAX_BYTES ||
		    !ta_be_rsa_sign_hash(k, h, sig))
			return ta_error(TA_ERR_CRYPTO, "RSA signature failed");
		*siglen = k->n_len;
		return 0;
	}
	if (!size)
		return not_built_in(k->type);
	if (cap < 2 * size)
		return TA_ERR_SPACE;
	if (size == 32)
		ta_sha256(msg, len, h);
	else
		ta_sha384(msg, len, h);
	if (k->ec_priv_len != size || !ta_be_ec_sign_hash(k, size, h, sig))
		return ta_error(TA_ERR_CRYPTO, "ECDSA signature failed");
	*siglen = 2 * size;
	return 0;
}
