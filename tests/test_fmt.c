/* Tests of tacme's own printf (src/fmt.c) against the C library's. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_port.h"
#include "ta_fmt.h"

/* Formats with both, for every cap from 0 to past the end, and compares
 * the result and the bytes written (a canary after the cap stays put). */
static void same_v(int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void same_v(int line, const char *fmt, va_list ap)
{
	char want[512], got[512];
	int wn, gn;
	size_t cap;
	va_list a2;

	for (cap = 0; cap < 80; cap = cap < 8 ? cap + 1 : cap * 2) {
		memset(want, '#', sizeof(want));
		memset(got, '#', sizeof(got));
		va_copy(a2, ap);
		wn = vsnprintf(want, cap, fmt, a2);
		va_end(a2);
		va_copy(a2, ap);
		gn = ta_vsnprintf(got, cap, fmt, a2);
		va_end(a2);
		if (wn != gn || memcmp(want, got, sizeof(want))) {
			fprintf(stderr, "    line %d: \"%s\" cap %zu: libc %d \"%.*s\", ta %d \"%.*s\"\n",
				line, fmt, cap, wn, (int)(cap < 200 ? cap : 200), want, gn,
				(int)(cap < 200 ? cap : 200), got);
			ta_test_failed = 1;
			return;
		}
	}
}

static void same(int line, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void same(int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	same_v(line, fmt, ap);
	va_end(ap);
}
#define SAME(...) same(__LINE__, __VA_ARGS__)

static void t_ints(void)
{
	static const int iv[] = { 0, 1, -1, 9, 10, 42, -42, 99999, INT_MAX, INT_MIN };
	static const long long lv[] = { 0, -1, 1234567890123LL, LLONG_MAX, LLONG_MIN };
	static const unsigned long long uv[] = { 0, 1, 15, 16, 255, 4294967295ULL, ULLONG_MAX };
	size_t i;

	for (i = 0; i < sizeof(iv) / sizeof(iv[0]); i++) {
		SAME("%d|%5d|%-5d|%05d|%1d|%012d", iv[i], iv[i], iv[i], iv[i], iv[i], iv[i]);
		SAME("%u|%x|%02x|%8x|%-8u.", (unsigned)iv[i], (unsigned)iv[i], (unsigned)iv[i],
			(unsigned)iv[i], (unsigned)iv[i]);
		SAME("%ld %lu", (long)iv[i], (unsigned long)iv[i]);
	}
	for (i = 0; i < sizeof(lv) / sizeof(lv[0]); i++)
		SAME("%lld|%02lld|%04lld|%-22lld|%025lld", lv[i], lv[i], lv[i], lv[i], lv[i]);
	for (i = 0; i < sizeof(uv) / sizeof(uv[0]); i++) {
		SAME("%llu|%30llu|%-21llu|", uv[i], uv[i], uv[i]);
		SAME("%zu %zu", (size_t)uv[i], SIZE_MAX);
		SAME("%lu %lx", (unsigned long)uv[i], (unsigned long)uv[i]);
	}
	SAME("%ld %ld", LONG_MIN, LONG_MAX);
}

static void t_strings(void)
{
	static const char *sv[] = { "", "a", "hello", "a somewhat longer string than the rest" };
	size_t i;
	int p;

	for (i = 0; i < sizeof(sv) / sizeof(sv[0]); i++) {
		SAME("[%s] [%10s] [%-10s] [%.3s] [%.0s] [%-24s]", sv[i], sv[i], sv[i], sv[i], sv[i],
			sv[i]);
		for (p = -1; p < 8; p++)
			SAME("<%.*s>", p, sv[i]);
		SAME("%c%c%c|%3c|%-3c|", 'x', sv[i][0] ? sv[i][0] : '.', '%', 'y', 'z');
	}
	SAME("%.5s", "ab\0cdef");
	SAME("%%|%s%%%d%%", "x", 5);
	SAME("no conversions at all");
	SAME("%s", "");
}

/* %.N reads at most N bytes: a not NUL-terminated array is fine. */
static void t_precision_bound(void)
{
	char a[3] = { 'x', 'y', 'z' }, out[8];

	CHECK_INT(ta_snprintf(out, sizeof(out), "%.3s|", a), 4);
	CHECK_STR(out, "xyz|");
	CHECK_INT(ta_snprintf(out, sizeof(out), "%.*s", 2, a), 2);
	CHECK_STR(out, "xy");
}

static void t_truncation(void)
{
	char out[6];

	memset(out, '#', sizeof(out));
	CHECK_INT(ta_snprintf(out, 0, "%s", "abcdef"), 6);
	CHECK_INT(out[0], '#');
	CHECK_INT(ta_snprintf(out, 1, "%s", "abcdef"), 6);
	CHECK_INT(out[0], '\0');
	CHECK_INT(out[1], '#');
	CHECK_INT(ta_snprintf(out, sizeof(out), "%d-%s", -12345, "tail"), 11);
	CHECK_STR(out, "-1234");
	CHECK_INT(ta_snprintf(out, sizeof(out), "%20s", "x"), 20);
	CHECK_STR(out, "     ");
}

/* ta_snprintf with a format the compiler must not check. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int loose(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = ta_vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	return n;
}
#pragma GCC diagnostic pop

/* Conversions tacme does not use come out as written, and do not crash. */
static void t_unknown(void)
{
	char out[64];

	CHECK_INT(loose(out, sizeof(out), ""), 0);
	CHECK_STR(out, "");

	CHECK_INT(loose(out, sizeof(out), "a%qb"), 4);
	CHECK_STR(out, "a%qb");
	CHECK_INT(loose(out, sizeof(out), "end%"), 4);
	CHECK_STR(out, "end%");
	CHECK_INT(loose(out, sizeof(out), "%l"), 2);
	CHECK_STR(out, "%l");
	CHECK_INT(loose(out, sizeof(out), "%hd|%s", "x"), 5);
	CHECK_STR(out, "%hd|x");
}

static void t_time(void)
{
	char out[32];
	ta_date d;

	ta_fmt_time(0, out, sizeof(out));
	CHECK_STR(out, "1970-01-01 00:00 UTC");
	ta_fmt_time(951782400 - 60, out, sizeof(out));       /* 2000-02-29 00:00 */
	CHECK_STR(out, "2000-02-28 23:59 UTC");
	ta_fmt_time(951782400, out, sizeof(out));
	CHECK_STR(out, "2000-02-29 00:00 UTC");
	ta_fmt_time(4102444799LL, out, sizeof(out));
	CHECK_STR(out, "2099-12-31 23:59 UTC");
	ta_fmt_time(-1, out, sizeof(out));
	CHECK_STR(out, "1969-12-31 23:59 UTC");
	ta_date_of(1796000059LL, &d);                     /* 2026-11-30 00:54:19 UTC */
	CHECK_INT(d.year, 2026);
	CHECK_INT(d.month, 11);
	CHECK_INT(d.day, 30);
	CHECK_INT(d.hour, 0);
	CHECK_INT(d.min, 54);
	CHECK_INT(d.sec, 19);
}

/* ta_dprintf writes long output whole, through its small buffer. */
static void t_dprintf(void)
{
	char big[3000], back[4000];
	int fds[2];
	ssize_t n, got = 0;
	size_t i;

	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = (char)('a' + i % 26);
	big[sizeof(big) - 1] = '\0';
	REQUIRE(pipe(fds) == 0);
	CHECK_INT(ta_dprintf(fds[1], "<%s>%d\n", big, -7), (int)sizeof(big) - 1 + 5);
	close(fds[1]);
	while ((n = read(fds[0], back + got, sizeof(back) - (size_t)got)) > 0)
		got += n;
	close(fds[0]);
	CHECK_INT(got, (int)sizeof(big) - 1 + 5);
	CHECK(back[0] == '<' && !memcmp(back + 1, big, sizeof(big) - 1));
	CHECK(!memcmp(back + sizeof(big), ">-7\n", 4));
	CHECK_INT(ta_dprintf(-1, "x"), -1);
}

const ta_test suite_fmt[] = {
	{ "ints", t_ints },
	{ "strings", t_strings },
	{ "precision_bound", t_precision_bound },
	{ "truncation", t_truncation },
	{ "unknown", t_unknown },
	{ "time", t_time },
	{ "dprintf", t_dprintf },
	{ 0, 0 }
};
