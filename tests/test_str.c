/* Tests of the string helpers (src/str.c). */
#include <limits.h>
#include "test.h"
#include "ta_str.h"

static void t_strstr(void)
{
	static const char *const cases[][2] = {
		{ "", "" }, { "abc", "" }, { "", "a" }, { "abc", "abc" }, { "abc", "abcd" },
		{ "aaab", "aab" }, { "x\r\ny\r\n", "\r\n" }, { "rel=\"alternate\"", "alternate\"" },
		{ "a..b", ".." }, { "ab", "b" }, { "ab", "c" }, { "mississippi", "issip" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (ta_strstr(cases[i][0], cases[i][1]) != strstr(cases[i][0], cases[i][1])) {
			fprintf(stderr, "    ta_strstr(\"%s\", \"%s\") differs from strstr\n",
				cases[i][0], cases[i][1]);
			ta_test_failed = 1;
		}
	}
}

static void t_parse_uint(void)
{
	unsigned long v = 7;

	CHECK_INT(ta_parse_uint("0", 10, &v), 0);
	CHECK_INT(v, 0);
	CHECK_INT(ta_parse_uint("65535", 65535, &v), 0);
	CHECK_INT(v, 65535);
	v = 7;
	CHECK_INT(ta_parse_uint("65536", 65535, &v), -1);
	CHECK_INT(ta_parse_uint("", 65535, &v), -1);
	CHECK_INT(ta_parse_uint("+1", 65535, &v), -1);
	CHECK_INT(ta_parse_uint("-1", 65535, &v), -1);
	CHECK_INT(ta_parse_uint(" 1", 65535, &v), -1);
	CHECK_INT(ta_parse_uint("1 ", 65535, &v), -1);
	CHECK_INT(ta_parse_uint("99999999999999999999999", ULONG_MAX, &v), -1);
	CHECK_INT(ta_parse_uint("5", 3, &v), -1);
	CHECK_INT(v, 7);
	CHECK_INT(ta_parse_uint("000053", 53, &v), 0);
	CHECK_INT(v, 53);
}

const ta_test suite_str[] = {
	{ "strstr", t_strstr },
	{ "parse_uint", t_parse_uint },
	{ 0, 0 }
};
