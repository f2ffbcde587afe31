/* Fuzz target: tacme's printf against the C library's.  The input is read
 * as a list of directives (flags, width, %s precision, conversion, an
 * argument and a buffer size), each formatted between two bits of literal
 * text by ta_snprintf and by snprintf: the results and the bytes written
 * must be the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ta_fmt.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char *const convs[] = { "d", "ld", "lld", "u", "lu", "llu", "zu", "x", "lx",
	"c", "s", "%" };

/* Takes n bytes (zeros past the end) from the input. */
static void take(const unsigned char **p, const unsigned char *end, void *out, size_t n)
{
	size_t k = (size_t)(end - *p) < n ? (size_t)(end - *p) : n;

	memset(out, 0, n);
	memcpy(out, *p, k);
	*p += k;
}

/* Compares one format with one argument (two, the first prec, when star). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
static void one(const char *fmt, size_t cap, int conv, int star, int prec,
	unsigned long long v, const char *s)
{
	char a[600], b[600];
	int na, nb;

	memset(a, '#', sizeof(a));
	memset(b, '#', sizeof(b));
	switch (conv) {
	case 0: na = snprintf(a, cap, fmt, (int)v); nb = ta_snprintf(b, cap, fmt, (int)v); break;
	case 1: na = snprintf(a, cap, fmt, (long)v); nb = ta_snprintf(b, cap, fmt, (long)v); break;
	case 2:
		na = snprintf(a, cap, fmt, (long long)v);
		nb = ta_snprintf(b, cap, fmt, (long long)v);
		break;
	case 3: case 7:
		na = snprintf(a, cap, fmt, (unsigned)v);
		nb = ta_snprintf(b, cap, fmt, (unsigned)v);
		break;
	case 4: case 8:
		na = snprintf(a, cap, fmt, (unsigned long)v);
		nb = ta_snprintf(b, cap, fmt, (unsigned long)v);
		break;
	case 5: na = snprintf(a, cap, fmt, v); nb = ta_snprintf(b, cap, fmt, v); break;
	case 6: na = snprintf(a, cap, fmt, (size_t)v); nb = ta_snprintf(b, cap, fmt, (size_t)v); break;
	case 9: na = snprintf(a, cap, fmt, (int)(v % 255 + 1)); nb = ta_snprintf(b, cap, fmt, (int)(v % 255 + 1)); break;
	case 10:
		if (star) {
			na = snprintf(a, cap, fmt, prec, s);
			nb = ta_snprintf(b, cap, fmt, prec, s);
		} else {
			na = snprintf(a, cap, fmt, s);
			nb = ta_snprintf(b, cap, fmt, s);
		}
		break;
	default:                     /* "%%": the unused argument is allowed */
		na = snprintf(a, cap, fmt, 0);
		nb = ta_snprintf(b, cap, fmt, 0);
		break;
	}
	if (na != nb || memcmp(a, b, sizeof(a)))
		abort();
}
#pragma GCC diagnostic pop

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const unsigned char *p = data, *end = data + size;

	while (p < end) {
		unsigned char op[6];
		unsigned long long v;
		char fmt[64], s[40];
		size_t n = 0, i, cap;
		int conv, star = 0, prec = 0;

		take(&p, end, op, sizeof(op));
		take(&p, end, &v, sizeof(v));
		conv = op[0] % (int)(sizeof(convs) / sizeof(convs[0]));
		for (i = 0; i < (op[5] & 7u); i++)      /* literal text before */
			fmt[n++] = (char)('a' + i);
		fmt[n++] = '%';
		if (conv != 11) {
			if (op[1] & 1)
				fmt[n++] = '-';
			if ((op[1] & 2) && conv != 9 && conv != 10)
				fmt[n++] = '0';
			if (op[1] & 4)
				n += (size_t)snprintf(fmt + n, sizeof(fmt) - n, "%u", op[2] % 40u);
			if (conv == 10 && (op[1] & 8))
				n += (size_t)snprintf(fmt + n, sizeof(fmt) - n, ".%u", op[3] % 40u);
			else if (conv == 10 && (op[1] & 16)) {
				fmt[n++] = '.';
				fmt[n++] = '*';
				star = 1;
				prec = (int)(op[3] % 50u) - 5;   /* negative: as if none */
			}
		}
		n += (size_t)snprintf(fmt + n, sizeof(fmt) - n, "%s|z", convs[conv]);
		fmt[n] = '\0';
		for (i = 0; i < sizeof(s) - 1 && i < (v & 31u); i++)   /* %s text */
			s[i] = (char)(' ' + (unsigned char)((v >> (i % 8)) + i) % 94u);
		s[i] = '\0';
		cap = op[4] % 80u;
		one(fmt, cap, conv, star, prec, v, s);
	}
	return 0;
}
