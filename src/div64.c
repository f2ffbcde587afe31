/* 64-bit division with 32-bit operations (see include/ta_div64.h). */
#include "ta_div64.h"

uint64_t ta_udivmod64(uint64_t n, uint32_t d, uint32_t *rem)
{
	/* The high word by the hardware's 32-bit divide, then the low word
	 * bit by bit (shift and subtract), its bits giving way to those of
	 * the quotient.  The remainder r stays below d, so 2r + 1 fits in
	 * 33 bits: the bit shifted out of r is the 33rd. */
	uint32_t hi = (uint32_t)(n >> 32), lo = (uint32_t)n;
	uint32_t qhi = hi / d, r = hi % d, top;
	int i;

	for (i = 0; i < 32; i++) {
		top = r >> 31;
		r = r << 1 | lo >> 31;
		lo <<= 1;
		if (top || r >= d) {
			r -= d;
			lo |= 1;
		}
	}
	if (rem)
		*rem = r;
	return (uint64_t)qhi << 32 | lo;
}

int64_t ta_fdivmod64(int64_t n, uint32_t d, uint32_t *rem)
{
	/* For n < 0, m = -n - 1 = ~n does not overflow, and
	 * m = q d + r gives n = (-q - 1) d + (d - 1 - r). */
	int neg = n < 0;
	uint32_t r;
	uint64_t q = ta_udivmod64(neg ? ~(uint64_t)n : (uint64_t)n, d, &r);

	if (rem)
		*rem = neg ? d - 1 - r : r;
	return neg ? -(int64_t)q - 1 : (int64_t)q;
}
