/* Tests of the string helpers (src/str.c). */
#include <limits.h>
#include <string.h>
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

/* The DNS name rule shared by the config reader and `tacme register`. */
static void t_dns_name(void)
{
	static const char *const good[] = {
		"a.b", "example.org", "*.example.org", "x-1.example.org", "A.B-C.D",
		"123.example", "a.b.c.d.e.f",
	};
	static const char *const bad[] = {
		"", "intranet", ".a.b", "a.b.", "a..b", "-a.b", "a-.b", "a.-b", "a.b-",
		"a_b.c", "a b.c", "*.", "*.com.", "**.a.b", "*.*.a.b", "a.*.b", "*a.b",
		"\x1b.a", "a.b\n", "*",
	};
	char longest[254], label[80];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!ta_dns_name_ok(good[i], strlen(good[i]))) {
			fprintf(stderr, "    \"%s\" refused\n", good[i]);
			ta_test_failed = 1;
		}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ta_dns_name_ok(bad[i], strlen(bad[i]))) {
			fprintf(stderr, "    \"%s\" taken\n", bad[i]);
			ta_test_failed = 1;
		}
	/* Only n bytes count: the rest of the string is not looked at. */
	CHECK_INT(ta_dns_name_ok("a.b c", 3), 1);
	CHECK_INT(ta_dns_name_ok("a.b-", 3), 1);
	/* 253 characters and 63-character labels, not one more. */
	memset(longest, 'a', sizeof(longest));
	for (i = 63; i < sizeof(longest); i += 64)
		longest[i] = '.';
	CHECK_INT(ta_dns_name_ok(longest, 253), 1);
	CHECK_INT(ta_dns_name_ok(longest, 254), 0);
	memset(label, 'b', sizeof(label));
	memcpy(label + 64, ".org", 4);
	CHECK_INT(ta_dns_name_ok(label + 1, 67), 1);
	CHECK_INT(ta_dns_name_ok(label, 68), 0);
}

static void t_dns_name_eq(void)
{
	CHECK_INT(ta_dns_name_eq("a.example", "a.example"), 1);
	CHECK_INT(ta_dns_name_eq("A.Example", "a.EXAMPLE"), 1);
	CHECK_INT(ta_dns_name_eq("a.example.", "a.example"), 1);
	CHECK_INT(ta_dns_name_eq("a.example", "a.example."), 1);
	CHECK_INT(ta_dns_name_eq("a.example.", "a.example."), 1);
	CHECK_INT(ta_dns_name_eq("a.example", "b.example"), 0);
	CHECK_INT(ta_dns_name_eq("a.example", "a.example.org"), 0);
	CHECK_INT(ta_dns_name_eq("a.example..", "a.example"), 0);
	CHECK_INT(ta_dns_name_eq("a.example", ""), 0);
	CHECK_INT(ta_dns_name_eq("", ""), 1);
	CHECK_INT(ta_dns_name_eq("a-b", "a\rb"), 0);      /* '-' is not '\r' | 0x20 */
	CHECK_INT(ta_dns_name_eq("[", "{"), 0);           /* only letters fold */
}

const ta_test suite_str[] = {
	{ "strstr", t_strstr },
	{ "parse_uint", t_parse_uint },
	{ "dns_name", t_dns_name },
	{ "dns_name_eq", t_dns_name_eq },
	{ 0, 0 }
};
