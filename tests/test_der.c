/* Tests of the DER writer and reader: known encodings (length forms at
 * every boundary, integers with the top bit set, nested structures), exact
 * buffer bounds, and every malformed form the reader must refuse. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "tacme.h"
#include "ta_der.h"

static size_t unhex(const char *h, unsigned char *out)
{
	size_t n = 0;
	unsigned v;

	while (h[0] && h[1]) {
		if (h[0] == ' ') {
			h++;
			continue;
		}
		if (sscanf(h, "%2x", &v) != 1)
			break;
		out[n++] = (unsigned char)v;
		h += 2;
	}
	return n;
}

/* 1 if the writer's output is exactly the hex string. */
static int w_is(const ta_der_w *w, const char *hex)
{
	unsigned char want[256];
	size_t n = unhex(hex, want);

	if (w->err || ta_der_w_len(w) != n || memcmp(w->p, want, n)) {
		size_t i;

		fprintf(stderr, "    got (err %d):", w->err);
		for (i = 0; !w->err && i < ta_der_w_len(w) && i < 64; i++)
			fprintf(stderr, " %02x", w->p[i]);
		fprintf(stderr, "\n    want: %s\n", hex);
		return 0;
	}
	return 1;
}

static ta_der slice(const unsigned char *p, size_t n)
{
	ta_der d;

	d.p = p;
	d.end = p + n;
	return d;
}

/* ---- writer ------------------------------------------------------------- */

static unsigned char big[70000];

static void t_lengths(void)
{
	static const struct {
		size_t len;
		const char *hdr;
	} v[] = {
		{ 0, "0400" }, { 1, "0401" }, { 127, "047f" }, { 128, "048180" },
		{ 255, "0481ff" }, { 256, "04820100" }, { 65535, "0482ffff" },
		{ 65536, "0483010000" },
	};
	static unsigned char content[65536];
	unsigned char want[8];
	size_t i, n;
	ta_der_w w;
	ta_der d, val;
	unsigned tag;

	memset(content, 0x5a, sizeof(content));
	for (i = 0; i < TA_ARRAY_LEN(v); i++) {
		n = unhex(v[i].hdr, want);
		ta_der_w_init(&w, big, sizeof(big));
		ta_der_prim(&w, TA_DER_OCTET_STRING, content, v[i].len);
		CHECK_INT(w.err, 0);
		CHECK_INT(ta_der_w_len(&w), n + v[i].len);
		CHECK(!memcmp(w.p, want, n));
		CHECK(w.p + n + v[i].len == big + sizeof(big));
		/* and back */
		d = slice(w.p, ta_der_w_len(&w));
		CHECK_INT(ta_der_get(&d, &tag, &val), 0);
		CHECK_INT(tag, 0x04);
		CHECK_INT(ta_der_len(&val), v[i].len);
		CHECK(val.p == w.p + n && d.p == d.end);
		/* the header alone, as ta_der_hdr writes it */
		ta_der_w_init(&w, big, sizeof(big));
		ta_der_hdr(&w, 0x04, v[i].len);
		CHECK(w_is(&w, v[i].hdr));
	}
	/* wrapping gives the same headers: 65535 and 65536 bytes of content */
	ta_der_w_init(&w, big, sizeof(big));
	ta_der_raw(&w, content, 65533);
	ta_der_prim(&w, TA_DER_UTF8, "", 0);
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	CHECK_INT(w.err, 0);
	CHECK_INT(ta_der_w_len(&w), 4 + 65535);
	CHECK(!memcmp(w.p, "\x30\x82\xff\xff\x0c\x00", 6));
	ta_der_w_init(&w, big, sizeof(big));
	ta_der_raw(&w, content, 65534);
	ta_der_prim(&w, TA_DER_UTF8, "", 0);
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	CHECK_INT(w.err, 0);
	CHECK_INT(ta_der_w_len(&w), 5 + 65536);
	CHECK(!memcmp(w.p, "\x30\x83\x01\x00\x00\x0c\x00", 7));
}

static void t_integers(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "", "020100" },               /* empty means zero */
		{ "00", "020100" },
		{ "0000", "020100" },
		{ "01", "020101" },
		{ "7f", "02017f" },
		{ "80", "02020080" },           /* top bit: sign byte added */
		{ "ff", "020200ff" },
		{ "0080", "02020080" },         /* needed zero kept */
		{ "000080", "02020080" },       /* redundant zeros dropped */
		{ "0001", "020101" },
		{ "00007f", "02017f" },
		{ "ffff", "020300ffff" },
		{ "010001", "0203010001" },
		{ "8000000000000000", "020900 8000000000000000" },
	};
	unsigned char in[16], buf[32];
	size_t i, n;
	ta_der_w w;
	ta_der d, mag;

	for (i = 0; i < TA_ARRAY_LEN(v); i++) {
		n = unhex(v[i].in, in);
		ta_der_w_init(&w, buf, sizeof(buf));
		ta_der_uint(&w, in, n);
		CHECK(w_is(&w, v[i].out));
		/* read back: the magnitude is the input without leading zeros */
		d = slice(w.p, ta_der_w_len(&w));
		CHECK_INT(ta_der_get_uint(&d, &mag), 0);
		while (n > 1 && in[0] == 0)
			memmove(in, in + 1, --n);
		if (n == 0)
			in[n++] = 0;
		CHECK(ta_der_eq(&mag, in, n));
		CHECK(d.p == d.end);
	}
}

static void t_primitives(void)
{
	static const unsigned char oid_rsa256[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
	unsigned char buf[128];
	ta_der_w w;
	size_t m;

	/* sha256WithRSAEncryption AlgorithmIdentifier, as in every certificate */
	ta_der_w_init(&w, buf, sizeof(buf));
	ta_der_raw(&w, "\x05\x00", 2);
	ta_der_prim(&w, TA_DER_OID, oid_rsa256, sizeof(oid_rsa256));
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	CHECK(w_is(&w, "300d06092a864886f70d01010b0500"));

	ta_der_w_init(&w, buf, sizeof(buf));
	ta_der_bits(&w, "\x04\x01\x02", 3);
	CHECK(w_is(&w, "030400040102"));
	ta_der_w_init(&w, buf, sizeof(buf));
	ta_der_bits(&w, "", 0);
	CHECK(w_is(&w, "030100"));

	/* SEQUENCE { INTEGER 1, SET { UTF8String "a" }, [0] { OID 2.5.4.3 },
	 * [2] "x.y" }, written last first, with marks inside */
	ta_der_w_init(&w, buf, sizeof(buf));
	ta_der_prim(&w, TA_DER_CTX | 2, "x.y", 3);
	m = ta_der_w_len(&w);
	ta_der_prim(&w, TA_DER_OID, "\x55\x04\x03", 3);
	ta_der_wrap(&w, TA_DER_CTX_CONS | 0, m);
	m = ta_der_w_len(&w);
	ta_der_prim(&w, TA_DER_UTF8, "a", 1);
	ta_der_wrap(&w, TA_DER_SET, m);
	ta_der_uint(&w, (const unsigned char *)"\x01", 1);
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	CHECK(w_is(&w, "3014 020101 3103 0c0161 a005 0603550403 8203 782e79"));
	CHECK_INT(ta_der_w_finish(&w, &m), 0);
	CHECK_INT(m, 22);
	CHECK(!memcmp(buf, "\x30\x14\x02\x01\x01", 5));

	/* a mark beyond what was written is a caller bug, not an output */
	ta_der_w_init(&w, buf, sizeof(buf));
	ta_der_raw(&w, "ab", 2);
	ta_der_wrap(&w, TA_DER_SEQUENCE, 3);
	CHECK_INT(w.err, TA_ERR_ARG);
	CHECK_INT(ta_der_w_finish(&w, &m), TA_ERR_ARG);
}

/* Writes the structure of t_primitives (22 bytes) into cap bytes. */
static int write_sample(unsigned char *buf, size_t cap, size_t *len)
{
	ta_der_w w;
	size_t m;

	ta_der_w_init(&w, buf, cap);
	ta_der_prim(&w, TA_DER_CTX | 2, "x.y", 3);
	m = ta_der_w_len(&w);
	ta_der_prim(&w, TA_DER_OID, "\x55\x04\x03", 3);
	ta_der_wrap(&w, TA_DER_CTX_CONS | 0, m);
	m = ta_der_w_len(&w);
	ta_der_prim(&w, TA_DER_UTF8, "a", 1);
	ta_der_wrap(&w, TA_DER_SET, m);
	ta_der_uint(&w, (const unsigned char *)"\x81", 1);
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	if (!w.err && w.p < buf)
		return -99;                 /* wrote below the buffer */
	return ta_der_w_finish(&w, len);
}

static void t_space(void)
{
	unsigned char buf[40];
	size_t cap, len = 0;
	int r;

	/* 23 bytes needed: every smaller buffer fails, nothing written outside */
	for (cap = 0; cap <= 30; cap++) {
		memset(buf, 0xee, sizeof(buf));
		r = write_sample(buf + 5, cap, &len);
		CHECK_INT(r, cap < 23 ? TA_ERR_SPACE : 0);
		CHECK(buf[4] == 0xee && buf[5 + cap] == 0xee);
		if (r == 0)
			CHECK_INT(len, 23);
	}
	/* sticky: once full, later small writes are refused too */
	{
		ta_der_w w;

		ta_der_w_init(&w, buf, 4);
		ta_der_prim(&w, TA_DER_UTF8, "abcd", 4);
		CHECK_INT(w.err, TA_ERR_SPACE);
		ta_der_raw(&w, "x", 1);
		CHECK_INT(ta_der_w_len(&w), 4);     /* the content went in first */
		CHECK_INT(w.err, TA_ERR_SPACE);
	}
}

/* ---- reader ------------------------------------------------------------- */

/* ta_der_get on hex: returns its result; on success *clen = content length. */
static int get_hex(const char *hex, unsigned *tag, size_t *clen, size_t *rest)
{
	static unsigned char b[300];
	size_t n = unhex(hex, b);
	ta_der d = slice(b, n), save = d, v;
	int r = ta_der_get(&d, tag, &v);

	if (r == 0) {
		*clen = ta_der_len(&v);
		*rest = (size_t)(d.end - d.p);
		if (v.p < b || v.end > b + n || v.p > v.end)
			return -99;
	} else if (d.p != save.p || d.end != save.end) {
		return -98;                 /* failure moved d */
	}
	return r;
}

static void t_reader_accepts(void)
{
	unsigned tag;
	size_t clen, rest;

	CHECK_INT(get_hex("0500", &tag, &clen, &rest), 0);
	CHECK_INT(tag, 5);
	CHECK_INT(clen, 0);
	CHECK_INT(get_hex("0403616263ff", &tag, &clen, &rest), 0);
	CHECK_INT(clen, 3);
	CHECK_INT(rest, 1);
	CHECK_INT(get_hex("a003020102", &tag, &clen, &rest), 0);
	CHECK_INT(tag, 0xa0);
	CHECK_INT(get_hex("de00", &tag, &clen, &rest), 0);   /* [30] private: fine */
	CHECK_INT(tag, 0xde);
}

/* Checks that hdr followed by clen bytes reads as one TLV. */
static void n_ok(const char *hdr, size_t clen)
{
	static unsigned char b[300];
	size_t n = unhex(hdr, b);
	ta_der d, v;
	unsigned tag;

	memset(b + n, 0x61, clen);
	d = slice(b, n + clen);
	CHECK_INT(ta_der_get(&d, &tag, &v), 0);
	CHECK(ta_der_len(&v) == clen && d.p == d.end);
}

static void t_reader_rejects(void)
{
	static unsigned char b[300];
	static const char *const bad[] = {
		"",                     /* nothing */
		"30",                   /* tag without length */
		"3080",                 /* indefinite length */
		"30800000",             /* indefinite with end-of-contents */
		"04817f",               /* long form for < 128: not minimal */
		"0481",                 /* length bytes missing */
		"04820001",             /* leading zero length byte */
		"0482008000",           /* not minimal (0x80 fits in one byte) */
		"040161 61",            /* fine: used as a control below */
		"0402",                 /* content missing */
		"040561626364",         /* length beyond the buffer */
		"0482ffff00",           /* likewise, long form */
		"048501000000000000",   /* 5 length bytes */
		"0484ffffffff",         /* 4 GB */
		"1f2100",               /* high tag number form */
		"3f8100",               /* likewise, constructed */
		"0000",                 /* end-of-contents outside BER */
		"04ff",                 /* 127 length bytes */
	};
	unsigned tag;
	size_t i, clen, rest;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++) {
		int r = get_hex(bad[i], &tag, &clen, &rest);

		if (i == 8) {
			CHECK_INT(r, 0);
			continue;
		}
		if (r != TA_ERR_PARSE)
			fprintf(stderr, "    accepted or broke on %s (%d)\n", bad[i], r);
		CHECK_INT(r, TA_ERR_PARSE);
	}
	/* non-minimal lengths with their content present */
	{
		static const char *const hdr[] = { "048105", "04820005", "0482007f", "04820080",
			"0483000100", "048400000080" };
		static const size_t clen_of[] = { 5, 5, 127, 128, 256, 128 };

		for (i = 0; i < TA_ARRAY_LEN(hdr); i++) {
			size_t n = unhex(hdr[i], b);
			ta_der d, v;

			memset(b + n, 0x61, clen_of[i]);
			d = slice(b, n + clen_of[i]);
			CHECK_INT(ta_der_get(&d, &tag, &v), TA_ERR_PARSE);
			CHECK(d.p == b);
		}
		/* and the minimal forms of the same are fine */
		n_ok("0405", 5);
		n_ok("047f", 127);
		n_ok("048180", 128);
		n_ok("04820100", 256);
	}
	/* a child may not run past its parent: content of 30 03 is 3 bytes */
	{
		size_t n = unhex("3003 0402 6162 63", b);
		ta_der d = slice(b, n), seq, v;

		CHECK_INT(ta_der_expect(&d, 0x30, &seq), 0);
		CHECK_INT(ta_der_get(&seq, &tag, &v), TA_ERR_PARSE);
	}
	/* expect: wrong tag leaves d where it was */
	{
		size_t n = unhex("020101", b);
		ta_der d = slice(b, n), v;

		CHECK_INT(ta_der_expect(&d, 0x04, &v), TA_ERR_PARSE);
		CHECK(d.p == b);
		CHECK_INT(ta_der_expect(&d, 0x02, &v), 0);
		CHECK(d.p == d.end);
	}
}

static void t_reader_uint(void)
{
	static const struct {
		const char *hex;
		int ok;
		const char *mag;
	} v[] = {
		{ "020100", 1, "00" }, { "02017f", 1, "7f" }, { "02020080", 1, "80" },
		{ "020300ffff", 1, "ffff" }, { "0203010001", 1, "010001" },
		{ "0200", 0, "" },          /* empty */
		{ "020180", 0, "" },        /* negative */
		{ "0202ff7f", 0, "" },      /* negative */
		{ "0202007f", 0, "" },      /* redundant zero */
		{ "02020000", 0, "" },      /* redundant zero */
		{ "0401 00", 0, "" },       /* not an INTEGER */
	};
	unsigned char b[16], m[16];
	size_t i, n;

	for (i = 0; i < TA_ARRAY_LEN(v); i++) {
		ta_der d, mag;

		n = unhex(v[i].hex, b);
		d = slice(b, n);
		if (!v[i].ok) {
			CHECK_INT(ta_der_get_uint(&d, &mag), TA_ERR_PARSE);
			continue;
		}
		CHECK_INT(ta_der_get_uint(&d, &mag), 0);
		n = unhex(v[i].mag, m);
		CHECK(ta_der_eq(&mag, m, n));
	}
}

static void t_eq(void)
{
	static const unsigned char p256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
	ta_der v = slice(p256, sizeof(p256));

	CHECK(ta_der_eq(&v, p256, sizeof(p256)));
	CHECK(!ta_der_eq(&v, p256, sizeof(p256) - 1));
	CHECK(!ta_der_eq(&v, "\x2a\x86\x48\xce\x3d\x03\x01\x08", 8));
	v.end = v.p;
	CHECK(ta_der_eq(&v, "", 0));
}

/* Seconds since 1970 counted the slow way, independent of der.c. */
static long long slow_epoch(int y, int mo, int d, int h, int mi, int s)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long long days = 0;
	int i;

	for (i = 1970; i < y; i++)
		days += 365 + (i % 4 == 0 && (i % 100 || i % 400 == 0));
	for (i = y; i < 1970; i++)
		days -= 365 + (i % 4 == 0 && (i % 100 || i % 400 == 0));
	for (i = 1; i < mo; i++)
		days += md[i - 1] + (i == 2 && y % 4 == 0 && (y % 100 || y % 400 == 0));
	days += d - 1;
	return days * 86400 + h * 3600 + mi * 60 + s;
}

static int time_of(unsigned tag, const char *s, int64_t *t)
{
	ta_der v = slice((const unsigned char *)s, strlen(s));

	return ta_der_time(tag, &v, t);
}

static void t_time(void)
{
	static const struct {
		unsigned tag;
		const char *s;
		long long t;
	} good[] = {
		{ 0x17, "700101000000Z", 0 },
		{ 0x17, "500101000000Z", -631152000LL },        /* YY >= 50: 19YY */
		{ 0x17, "491231235959Z", 2524607999LL },        /* YY < 50: 20YY */
		{ 0x17, "691231235959Z", -1 },
		{ 0x17, "000229120000Z", 951825600LL },         /* 2000 is leap */
		{ 0x17, "000301000000Z", 951868800LL },
		{ 0x17, "240229123456Z", 1709210096LL },
		{ 0x18, "20500101000000Z", 2524608000LL },
		{ 0x18, "19700101000000Z", 0 },
		{ 0x18, "21000301000000Z", 4107542400LL },
		{ 0x18, "99991231235959Z", 253402300799LL },
		{ 0x18, "19000101000000Z", -2208988800LL },
	};
	static const struct {
		unsigned tag;
		const char *s;
	} bad[] = {
		{ 0x17, "7001010000Z" },        /* no seconds */
		{ 0x17, "700101000000" },       /* no Z */
		{ 0x17, "700101000000+0000" },  /* offset */
		{ 0x17, "700101000000z" },
		{ 0x17, "7001010000000" },
		{ 0x18, "19700101000000.5Z" },  /* fraction */
		{ 0x18, "197001010000Z" },
		{ 0x17, "20240101000000Z" },    /* generalized form under the UTC tag */
		{ 0x18, "240101000000Z" },      /* and the reverse */
		{ 0x17, "701301000000Z" },      /* month 13 */
		{ 0x17, "700001000000Z" },      /* month 0 */
		{ 0x17, "700100000000Z" },      /* day 0 */
		{ 0x17, "700132000000Z" },
		{ 0x17, "700431000000Z" },      /* April 31 */
		{ 0x17, "230229000000Z" },      /* 2023 is not leap */
		{ 0x18, "21000229000000Z" },    /* 2100 is not leap */
		{ 0x17, "700101240000Z" },
		{ 0x17, "700101006000Z" },
		{ 0x17, "700101000060Z" },
		{ 0x17, "7a0101000000Z" },
		{ 0x17, "-10101000000Z" },
		{ 0x17, " 00101000000Z" },
		{ 0x17, "70010100000 Z" },
		{ 0x18, "18991231235959Z" },    /* before 1900: not for certificates */
		{ 0x04, "700101000000Z" },      /* not a time */
	};
	int64_t t;
	size_t i;
	int y, m, d;
	char s[16];

	for (i = 0; i < TA_ARRAY_LEN(good); i++) {
		t = 12345;
		CHECK_INT(time_of(good[i].tag, good[i].s, &t), 0);
		CHECK_INT(t, good[i].t);
	}
	for (i = 0; i < TA_ARRAY_LEN(bad); i++) {
		if (time_of(bad[i].tag, bad[i].s, &t) != TA_ERR_PARSE)
			fprintf(stderr, "    accepted %s\n", bad[i].s);
		CHECK_INT(time_of(bad[i].tag, bad[i].s, &t), TA_ERR_PARSE);
	}
	/* every day from 1900 to 2400 against the slow count */
	for (y = 1900; y <= 2400; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= 31; d++) {
				static const int md[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
				int valid = d <= md[m - 1] &&
					!(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 || y % 400 == 0)));
				int r;

				snprintf(s, sizeof(s), "%04d%02d%02d%02d%02d%02dZ", y, m, d, d % 24, m * 4, d + 20);
				r = time_of(0x18, s, &t);
				if (r != (valid ? 0 : TA_ERR_PARSE) ||
				    (valid && t != slow_epoch(y, m, d, d % 24, m * 4, d + 20))) {
					fprintf(stderr, "    %s: r %d t %lld\n", s, r, (long long)t);
					CHECK(0);
					return;
				}
			}
}

/* Writes random nested structures and reads them back, element by element. */
static unsigned long rng = 12345;

static unsigned rnd(unsigned n)
{
	rng = rng * 1103515245UL + 12345UL;
	return (unsigned)((rng >> 16) % n);
}

static void t_roundtrip(void)
{
	static unsigned char buf[4096], content[300];
	int round;

	for (round = 0; round < 200; round++) {
		size_t lens[8], i, n = 1 + rnd(8), total = 0;
		ta_der_w w;
		ta_der d, seq, v;
		unsigned tag;

		ta_der_w_init(&w, buf, sizeof(buf));
		for (i = 0; i < n; i++) {
			lens[i] = rnd(4) == 0 ? 128 + rnd(170) : rnd(130);
			memset(content, (int)i, lens[i]);
			ta_der_prim(&w, 0x80 | (unsigned)i, content, lens[i]);
			total += lens[i];
		}
		ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
		REQUIRE(w.err == 0);
		d = slice(w.p, ta_der_w_len(&w));
		REQUIRE(ta_der_expect(&d, TA_DER_SEQUENCE, &seq) == 0 && d.p == d.end);
		for (i = n; i-- > 0;) {         /* written last first */
			REQUIRE(ta_der_get(&seq, &tag, &v) == 0);
			CHECK_INT(tag, 0x80 | i);
			CHECK_INT(ta_der_len(&v), lens[i]);
			CHECK(lens[i] == 0 || (v.p[0] == i && v.p[lens[i] - 1] == i));
		}
		CHECK(seq.p == seq.end);
		(void)total;
	}
}

const ta_test suite_der[] = {
	{ "lengths", t_lengths },
	{ "integers", t_integers },
	{ "primitives", t_primitives },
	{ "space", t_space },
	{ "reader_accepts", t_reader_accepts },
	{ "reader_rejects", t_reader_rejects },
	{ "reader_uint", t_reader_uint },
	{ "eq", t_eq },
	{ "time", t_time },
	{ "roundtrip", t_roundtrip },
	{ 0, 0 }
};
