/* String helpers: substring search, bounded decimal parsing, DNS names. */
#include <string.h>
#include "ta_str.h"

char *ta_strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return (char *)hay;
	for (; ; hay++) {
		if (*hay == *needle && !strncmp(hay, needle, n))
			return (char *)hay;   /* strstr's contract: a pointer into hay */
		if (!*hay)
			return NULL;
	}
}

int ta_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (d > 9 || d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int ta_dns_name_ok(const char *s, size_t n)
{
	size_t i, label = 0;

	if (n > 2 && s[0] == '*' && s[1] == '.') {
		s += 2;
		n -= 2;
	}
	if (n == 0 || n > 253 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (ch == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (ch == '-' && (label == 0 || i + 1 == n))
			return 0;      /* a label neither starts nor ends with '-' */
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-') || ++label > 63)
			return 0;
	}
	return memchr(s, '.', n) != NULL;
}

int ta_dns_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;

		if (x != y)
			return 0;
	}
	return (*a == *b) || (*a == '.' && !a[1] && !*b) || (*b == '.' && !b[1] && !*a);
}
