/* 64-bit division by a 32-bit divisor, written with 32-bit operations
 * only.  On 32-bit targets (MIPS32, ARMv5..7) the C operators / and % on
 * 64-bit operands call libgcc's __udivdi3, __umoddi3, __divdi3 and
 * __moddi3, over 4 KB of non-MIPS16 code for a static binary; tacme's own
 * code divides 64-bit values through these two functions instead (numbers
 * to decimal, seconds to days).  Every divisor tacme uses fits in 32 bits. */
#ifndef TA_DIV64_H
#define TA_DIV64_H

#include <stdint.h>

/* Returns n / d and stores n % d in *rem (when rem is not NULL), for every
 * n and every d from 1 to UINT32_MAX (d must not be 0). */
uint64_t ta_udivmod64(uint64_t n, uint32_t d, uint32_t *rem);

/* Floor division: returns the largest q with q * d <= n and stores
 * n - q * d, from 0 to d - 1, in *rem (when rem is not NULL), for every n
 * (INT64_MIN too) and every d from 1 to UINT32_MAX.  For n >= 0 that is
 * n / d and n % d; for n < 0 it rounds down, not toward zero: (-1, 60)
 * gives -1 and 59, as seconds before the epoch need. */
int64_t ta_fdivmod64(int64_t n, uint32_t d, uint32_t *rem);

#endif
