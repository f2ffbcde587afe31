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

/* ta_date_of as it was written with C's 64-bit / and %, before
 * ta_fdivmod64: the reference where it does not overflow (|t| < 2^62). */
static void date_ref(int64_t t, ta_date *d)
{
	int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468, era, doe, yoe, doy, mp;
	int64_t sod = t - (z - 719468) * 86400;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d->day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	d->month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	d->year = (long long)(yoe + era * 400 + (d->month <= 2));
	d->hour = (unsigned)(sod / 3600);
	d->min = (unsigned)(sod % 3600 / 60);
	d->sec = (unsigned)(sod % 60);
}

static int date_is(int64_t t, long long y, unsigned mo, unsigned d, unsigned h, unsigned mi,
	unsigned s)
{
	ta_date x;

	ta_date_of(t, &x);
	if (x.year == y && x.month == mo && x.day == d && x.hour == h && x.min == mi && x.sec == s)
		return 1;
	fprintf(stderr, "    %lld: %lld-%u-%u %u:%u:%u, expected %lld-%u-%u %u:%u:%u\n",
		(long long)t, x.year, x.month, x.day, x.hour, x.min, x.sec, y, mo, d, h, mi, s);
	return 0;
}

/* Times from damaged certificates or state files: every int64 is a date
 * (values from Python's arbitrary-precision divmod). */
static void t_time_extremes(void)
{
	char out[40];

	CHECK(date_is(INT64_MIN, -292277022657LL, 1, 27, 8, 29, 52));
	CHECK(date_is(INT64_MIN + 1, -292277022657LL, 1, 27, 8, 29, 53));
	CHECK(date_is(INT64_MAX, 292277026596LL, 12, 4, 15, 30, 7));
	CHECK(date_is(-62167219200LL, 0, 1, 1, 0, 0, 0));
	CHECK(date_is(-62167219201LL, -1, 12, 31, 23, 59, 59));
	CHECK(date_is(253402300799LL, 9999, 12, 31, 23, 59, 59));
	CHECK(date_is(253402300800LL, 10000, 1, 1, 0, 0, 0));
	CHECK(date_is(-86399, 1969, 12, 31, 0, 0, 1));
	CHECK(date_is(-86400, 1969, 12, 31, 0, 0, 0));
	CHECK(date_is(-86401, 1969, 12, 30, 23, 59, 59));
	CHECK(date_is(2147483648LL, 2038, 1, 19, 3, 14, 8));
	CHECK(date_is(-2147483649LL, 1901, 12, 13, 20, 45, 51));
	CHECK(date_is(4294967296LL, 2106, 2, 7, 6, 28, 16));
	ta_fmt_time(INT64_MIN, out, sizeof(out));
	CHECK_STR(out, "-292277022657-01-27 08:29 UTC");
	ta_fmt_time(INT64_MAX, out, sizeof(out));
	CHECK_STR(out, "292277026596-12-04 15:30 UTC");
}

/* ta_date_of gives what the C-operator version gave, on times of every
 * size up to 2^62 seconds, negative too, and on consecutive seconds. */
static void t_time_same_as_before(void)
{
	uint64_t s = 0x2545f4914f6cdd1du;
	int64_t t;
	ta_date a, b;
	int i, bad = 0;

	for (i = 0; i < 100000 && bad < 5; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		t = (int64_t)(s >> (2 + i % 62));
		if (i & 1)
			t = -t;
		if (i % 100 == 0)           /* around day and era boundaries */
			t = (int64_t)(i / 100 - 500) * 86400 * 1461 + i % 3 - 1;
		ta_date_of(t, &a);
		date_ref(t, &b);
		if (a.year != b.year || a.month != b.month || a.day != b.day ||
		    a.hour != b.hour || a.min != b.min || a.sec != b.sec) {
			fprintf(stderr, "    %lld: %lld-%u-%u %u:%u:%u, before %lld-%u-%u %u:%u:%u\n",
				(long long)t, a.year, a.month, a.day, a.hour, a.min, a.sec,
				b.year, b.month, b.day, b.hour, b.min, b.sec);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
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
	{ "time_extremes", t_time_extremes },
	{ "time_same_as_before", t_time_same_as_before },
	{ "dprintf", t_dprintf },
	{ 0, 0 }
};
