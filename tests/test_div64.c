/* Tests of the 64-bit division helpers against C's own / and % (which the
 * test runner may take from libgcc: the product code does not). */
#include <stdint.h>
#include "test.h"
#include "ta_div64.h"

/* Divisors: the small constants tacme divides by, powers of two and their
 * neighbours up to the 32-bit limit. */
static const uint32_t divisors[] = {
	1, 2, 3, 7, 10, 16, 60, 400, 1000, 3600, 65535, 65536, 65537, 86400,
	146097, 1000000, 10000000, 0x7fffffffu, 0x80000000u, 0x80000001u,
	0xfffffffeu, 0xffffffffu
};

/* xorshift64: the same sequence on every run and every target. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The numerators tried with d: edges around d, 2^32 and 2^63, and the
 * extremes. */
static size_t edges(uint32_t d, uint64_t *n)
{
	size_t k = 0;

	n[k++] = 0;
	n[k++] = 1;
	n[k++] = d - 1;
	n[k++] = d;
	n[k++] = (uint64_t)d + 1;
	n[k++] = (uint64_t)d * d;
	n[k++] = (uint64_t)d * d - 1;
	n[k++] = 0xffffffffu;
	n[k++] = 0x100000000u;
	n[k++] = 0x100000001u;
	n[k++] = ((uint64_t)d << 32) - 1;
	n[k++] = (uint64_t)d << 32;
	n[k++] = ((uint64_t)d << 32) | 0xffffffffu;
	n[k++] = (uint64_t)INT64_MAX;
	n[k++] = (uint64_t)1 << 63;
	n[k++] = ((uint64_t)1 << 63) + 1;
	n[k++] = UINT64_MAX - 1;
	n[k++] = UINT64_MAX;
	n[k++] = UINT64_MAX - UINT64_MAX % d;       /* the largest multiple of d */
	n[k++] = UINT64_MAX - UINT64_MAX % d - 1;
	return k;
}

static int udiv_ok(uint64_t n, uint32_t d)
{
	uint32_t r = 0xdeadbeefu;
	uint64_t q = ta_udivmod64(n, d, &r);

	if (q == n / d && r == n % d)
		return 1;
	fprintf(stderr, "    ta_udivmod64(%llu, %lu): %llu rem %lu, expected %llu rem %llu\n",
		(unsigned long long)n, (unsigned long)d, (unsigned long long)q,
		(unsigned long)r, (unsigned long long)(n / d), (unsigned long long)(n % d));
	return 0;
}

/* Floor division with C's operators, which truncate toward zero. */
static int64_t floor_ref(int64_t n, uint32_t d, int64_t *r)
{
	int64_t q = n / (int64_t)d;

	*r = n % (int64_t)d;
	if (*r < 0) {
		q--;
		*r += d;
	}
	return q;
}

static int fdiv_ok(int64_t n, uint32_t d)
{
	uint32_t r = 0xdeadbeefu;
	int64_t want_r, want_q = floor_ref(n, d, &want_r), q = ta_fdivmod64(n, d, &r);

	if (q == want_q && (int64_t)r == want_r)
		return 1;
	fprintf(stderr, "    ta_fdivmod64(%lld, %lu): %lld rem %lu, expected %lld rem %lld\n",
		(long long)n, (unsigned long)d, (long long)q, (unsigned long)r,
		(long long)want_q, (long long)want_r);
	return 0;
}

static void t_unsigned_edges(void)
{
	uint64_t n[24];
	size_t i, j, k;

	for (i = 0; i < sizeof(divisors) / sizeof(divisors[0]); i++) {
		k = edges(divisors[i], n);
		for (j = 0; j < k; j++)
			CHECK(udiv_ok(n[j], divisors[i]));
	}
}

static void t_unsigned_random(void)
{
	uint64_t s = 0x9e3779b97f4a7c15u, n;
	uint32_t d;
	int i, bad = 0;

	for (i = 0; i < 200000 && bad < 5; i++) {
		n = next(&s);
		/* divisors of every width, numerators of every width */
		d = (uint32_t)(next(&s) >> (32 + i % 32));
		if (!d)
			d = 1;
		n >>= (unsigned)(i / 7) % 64;
		if (!udiv_ok(n, d))
			bad++;
	}
	CHECK_INT(bad, 0);
}

static void t_signed_edges(void)
{
	uint64_t n[24];
	size_t i, j, k;

	for (i = 0; i < sizeof(divisors) / sizeof(divisors[0]); i++) {
		k = edges(divisors[i], n);
		for (j = 0; j < k; j++) {
			/* each edge as a positive and as a negative int64 */
			CHECK(fdiv_ok((int64_t)(n[j] >> 1), divisors[i]));
			CHECK(fdiv_ok(-(int64_t)(n[j] >> 1), divisors[i]));
			CHECK(fdiv_ok(-(int64_t)(n[j] >> 1) - 1, divisors[i]));
		}
		CHECK(fdiv_ok(INT64_MIN, divisors[i]));
		CHECK(fdiv_ok(INT64_MIN + 1, divisors[i]));
		CHECK(fdiv_ok(INT64_MAX, divisors[i]));
		CHECK(fdiv_ok(-1, divisors[i]));
	}
}

static void t_signed_random(void)
{
	uint64_t s = 0x0123456789abcdefu;
	int64_t n;
	uint32_t d;
	int i, bad = 0;

	for (i = 0; i < 200000 && bad < 5; i++) {
		n = (int64_t)(next(&s) >> (i % 64));
		if (i & 1)
			n = -n - 1;
		d = (uint32_t)(next(&s) >> (32 + (i / 3) % 32));
		if (!d)
			d = 86400;
		if (!fdiv_ok(n, d))
			bad++;
	}
	CHECK_INT(bad, 0);
}

static void t_examples(void)
{
	uint32_t r;

	CHECK_INT(ta_fdivmod64(-1, 60, &r), -1);
	CHECK_INT(r, 59);
	CHECK_INT(ta_fdivmod64(-60, 60, &r), -1);
	CHECK_INT(r, 0);
	CHECK_INT(ta_fdivmod64(-61, 60, &r), -2);
	CHECK_INT(r, 59);
	CHECK_INT(ta_fdivmod64(INT64_MIN, 86400, &r), -106751991167301LL);
	CHECK_INT(r, 30592);
	CHECK(ta_udivmod64(UINT64_MAX, 10, &r) == 1844674407370955161u);
	CHECK_INT(r, 5);
	/* rem may be NULL */
	CHECK(ta_udivmod64(UINT64_MAX, 0xffffffffu, NULL) == 0x100000001u);
	CHECK_INT(ta_fdivmod64(-7, 2, NULL), -4);
}

const ta_test suite_div64[] = {
	{ "unsigned_edges", t_unsigned_edges },
	{ "unsigned_random", t_unsigned_random },
	{ "signed_edges", t_signed_edges },
	{ "signed_random", t_signed_random },
	{ "examples", t_examples },
	{ 0, 0 }
};
