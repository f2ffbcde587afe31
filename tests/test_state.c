/* Tests of the pure parts of the state module: RFC 3339 times and the
 * default renewal moment. */
#include <stdint.h>
#include "test.h"
#include "tacme.h"
#include "ta_fmt.h"
#include "ta_state.h"

static int64_t parsed(const char *s)
{
	int64_t t = -12345;

	return ta_time_parse_rfc3339(s, &t) ? -12345 : t;
}

static void t_rfc3339(void)
{
	int64_t t;

	CHECK_INT(parsed("1970-01-01T00:00:00Z"), 0);
	CHECK_INT(parsed("1969-12-31T23:59:59Z"), -1);
	CHECK_INT(parsed("0000-01-01T00:00:00Z"), -62167219200LL);
	CHECK_INT(parsed("0000-03-01T00:00:00Z"), -62162035200LL);
	CHECK_INT(parsed("0001-01-01T00:00:00Z"), -62135596800LL);
	CHECK_INT(parsed("9999-12-31T23:59:59Z"), 253402300799LL);
	CHECK_INT(parsed("2000-02-29T00:00:00Z"), 951782400);
	CHECK_INT(parsed("2038-01-19T03:14:08Z"), 2147483648LL);
	CHECK_INT(parsed("2106-02-07T06:28:16.999Z"), 4294967296LL);
	CHECK_INT(parsed("2026-11-28T20:15:28+01:30"), 1795896928LL - 5400);
	CHECK_INT(parsed("2026-11-28t20:15:28-00:45"), 1795896928LL + 2700);
	CHECK_INT(parsed("0000-01-01T00:00:00+99:59"), -62167219200LL - 99 * 3600 - 59 * 60);
	CHECK_INT(ta_time_parse_rfc3339("2026-13-01T00:00:00Z", &t), TA_ERR_PARSE);
	CHECK_INT(ta_time_parse_rfc3339("2026-11-28T20:15:28", &t), TA_ERR_PARSE);
	{
		/* wrong shapes, out-of-range fields, and every cut of a good one */
		static const char *const bad[] = {
			"", "Z", "2026-11-28", "2026-11-28T20:15Z", "2026/11/28T20:15:28Z",
			"2026-11-28T20-15-28Z", "26-11-28T20:15:28Z",
			"+2026-11-28T20:15:28Z", "2026-1-28T20:15:28Z", "2026-11-28T20:15:2Z",
			"2026-11-28T20:15:28.Z", "2026-11-28T20:15:28+01", "2026-11-28T20:15:28+0100",
			"2026-11-28T20:15:28Zx", "2026-00-28T20:15:28Z", "2026-11-00T20:15:28Z",
			"2026-11-31T20:15:28Z", "2025-02-29T00:00:00Z", "2026-11-28T24:00:00Z",
			"2026-11-28T20:60:00Z", "2026-11-28T20:15:61Z", "2026-11-28T20:15:28+01:60",
			"2O26-11-28T20:15:28Z", "2026-11-28T20:15:28 Z",
		};
		static const char good[] = "2026-11-28T20:15:28.5+01:30";
		char cut[sizeof(good)];
		size_t i;

		for (i = 0; i < TA_ARRAY_LEN(bad); i++)
			if (ta_time_parse_rfc3339(bad[i], &t) != TA_ERR_PARSE) {
				fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
				ta_test_failed = 1;
			}
		for (i = 0; i + 1 < sizeof(good); i++) {
			memcpy(cut, good, i);
			cut[i] = '\0';
			if (ta_time_parse_rfc3339(cut, &t) != TA_ERR_PARSE) {
				fprintf(stderr, "    accepted \"%s\"\n", cut);
				ta_test_failed = 1;
			}
		}
		CHECK_INT(parsed(good), 1795896928LL - 5400);
		CHECK_INT(parsed("2026-11-28 20:15:28Z"), 1795896928LL);  /* RFC 3339 5.6 */
		CHECK_INT(parsed("2024-02-29T00:00:00Z"), 1709164800LL);
		CHECK_INT(parsed("2000-02-29T00:00:00Z"), 951782400LL);
		CHECK_INT(ta_time_parse_rfc3339("1900-02-29T00:00:00Z", &t), TA_ERR_PARSE);
	}
}

/* Every second of years 0 to 9999 that ta_date_of writes parses back. */
static void t_rfc3339_round_trip(void)
{
	uint64_t s = 0x853c49e6748fea9bu;
	int64_t t, back;
	ta_date d;
	char text[40];
	int i, bad = 0;

	for (i = 0; i < 20000 && bad < 5; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		t = (int64_t)(s % (253402300800ULL + 62167219200ULL)) - 62167219200LL;
		ta_date_of(t, &d);
		ta_snprintf(text, sizeof(text), "%04lld-%02u-%02uT%02u:%02u:%02uZ", d.year,
			d.month, d.day, d.hour, d.min, d.sec);
		back = parsed(text);
		if (back != t) {
			fprintf(stderr, "    %lld -> %s -> %lld\n", (long long)t, text, (long long)back);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
}

static void t_third_left(void)
{
	/* 90 days: renew 30 days before the end; 45 days: 15 */
	CHECK_INT(ta_state_third_left(1000, 1000 + 90 * 86400), 1000 + 60 * 86400);
	CHECK_INT(ta_state_third_left(0, 45 * 86400), 30 * 86400);
	/* truncated toward zero, as C's / did: a span of 4 keeps 1, of -4
	 * (not_after before not_before) gives back 1 */
	CHECK_INT(ta_state_third_left(0, 4), 3);
	CHECK_INT(ta_state_third_left(4, 0), 1);
	CHECK_INT(ta_state_third_left(-5, -1), -2);
	CHECK_INT(ta_state_third_left(0, 0), 0);
	/* any two values (a damaged state file) give a result: the span is
	 * taken modulo 2^64, as a wrapping subtraction gives it */
	CHECK_INT(ta_state_third_left(INT64_MIN, INT64_MAX), INT64_MAX);
	CHECK_INT(ta_state_third_left(INT64_MAX, INT64_MIN), INT64_MIN);
	CHECK_INT(ta_state_third_left(0, INT64_MAX), INT64_MAX - INT64_MAX / 3);
	CHECK_INT(ta_state_third_left(0, INT64_MIN), INT64_MIN - INT64_MIN / 3);
	/* a span of 2^63 wraps to INT64_MIN, whose third is -0x2aaaaaaaaaaaaaaa */
	CHECK_INT(ta_state_third_left(-1, INT64_MAX), INT64_MIN + 0x2aaaaaaaaaaaaaa9LL);
}

const ta_test suite_state[] = {
	{ "rfc3339", t_rfc3339 },
	{ "rfc3339_round_trip", t_rfc3339_round_trip },
	{ "third_left", t_third_left },
	{ 0, 0 }
};
