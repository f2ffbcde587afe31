/* The elliptic curves tacme's BearSSL build uses, and only those: P-256
 * (ECDHE, account and certificate keys, most CA signatures) in BearSSL's
 * constant-time 32-bit code, and P-384/P-521 (CA chains such as Let's
 * Encrypt's E-series under ISRG Root X2, P-384 keys) in its generic code.
 * br_ec_get_default() would also link Curve25519 (4 KB on MIPS), which no
 * ACME server needs: every TLS server offers P-256 for ECDHE. */
#include <bearssl.h>
#include "inner.h"

static const br_ec_impl *curve_impl(int curve)
{
	return curve == BR_EC_secp256r1 ? &br_ec_p256_m31 : &br_ec_prime_i31;
}

static const unsigned char *ec_generator(int curve, size_t *len)
{
	return curve_impl(curve)->generator(curve, len);
}

static const unsigned char *ec_order(int curve, size_t *len)
{
	return curve_impl(curve)->order(curve, len);
}

static size_t ec_xoff(int curve, size_t *len)
{
	return curve_impl(curve)->xoff(curve, len);
}

static uint32_t ec_mul(unsigned char *G, size_t Glen, const unsigned char *x, size_t xlen,
	int curve)
{
	return curve_impl(curve)->mul(G, Glen, x, xlen, curve);
}

static size_t ec_mulgen(unsigned char *R, const unsigned char *x, size_t xlen, int curve)
{
	return curve_impl(curve)->mulgen(R, x, xlen, curve);
}

static uint32_t ec_muladd(unsigned char *A, const unsigned char *B, size_t len,
	const unsigned char *x, size_t xlen, const unsigned char *y, size_t ylen, int curve)
{
	return curve_impl(curve)->muladd(A, B, len, x, xlen, y, ylen, curve);
}

const br_ec_impl ta_ec = {
	(uint32_t)1 << BR_EC_secp256r1 | (uint32_t)1 << BR_EC_secp384r1 |
		(uint32_t)1 << BR_EC_secp521r1,
	ec_generator, ec_order, ec_xoff, ec_mul, ec_mulgen, ec_muladd
};
