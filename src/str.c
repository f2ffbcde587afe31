/* String helpers: substring search and bounded decimal parsing. */
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
