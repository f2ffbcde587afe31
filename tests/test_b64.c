/* Tests of base64url and base64: RFC 4648 and RFC 7515 vectors, every
 * length round trip, strict rejection, exact buffer bounds, wrapping. */
#include "test.h"
#include "tacme.h"
#include "ta_b64.h"

/* RFC 4648 section 10, and the same data in base64url without padding. */
static const struct { const char *in, *b64, *b64url; } vec[] = {
	{ "", "", "" },
	{ "f", "Zg==", "Zg" },
	{ "fo", "Zm8=", "Zm8" },
	{ "foo", "Zm9v", "Zm9v" },
	{ "foob", "Zm9vYg==", "Zm9vYg" },
	{ "fooba", "Zm9vYmE=", "Zm9vYmE" },
	{ "foobar", "Zm9vYmFy", "Zm9vYmFy" },
};

/* Encodes in[0..n) into mem (NUL-terminated); 0 or the buffer's error. */
static int enc(char *mem, size_t cap, const void *in, size_t n, int url, unsigned wrap)
{
	ta_buf b;

	ta_buf_init(&b, mem, cap);
	if (url)
		ta_b64url_put(&b, in, n);
	else
		ta_b64_put(&b, in, n, wrap);
	return ta_buf_cstr(&b);
}

/* 1 if ta_b64url_decode / ta_b64_decode rejects s as TA_ERR_PARSE. */
static int url_rejects(const char *s, size_t n)
{
	unsigned char out[64];
	size_t len = 12345;

	return ta_b64url_decode(s, n, out, sizeof(out), &len) == TA_ERR_PARSE && len == 12345;
}

static int std_rejects(const char *s, size_t n)
{
	unsigned char out[64];
	size_t len = 12345;

	return ta_b64_decode(s, n, out, sizeof(out), &len) == TA_ERR_PARSE && len == 12345;
}

static void t_rfc4648_encode(void)
{
	char mem[64];
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(vec); i++) {
		size_t len = strlen(vec[i].in);

		CHECK_INT(enc(mem, sizeof(mem), vec[i].in, len, 0, 0), 0);
		CHECK_STR(mem, vec[i].b64);
		CHECK_INT(enc(mem, sizeof(mem), vec[i].in, len, 1, 0), 0);
		CHECK_STR(mem, vec[i].b64url);
		CHECK_INT(ta_b64url_len(len), strlen(vec[i].b64url));
	}
}

static void t_rfc4648_decode(void)
{
	char dec[64];
	size_t i, n;

	for (i = 0; i < TA_ARRAY_LEN(vec); i++) {
		n = 999;
		CHECK_INT(ta_b64_decode(vec[i].b64, strlen(vec[i].b64), dec, sizeof(dec), &n), 0);
		CHECK_MEM(dec, n, vec[i].in);
		n = 999;
		CHECK_INT(ta_b64url_decode(vec[i].b64url, strlen(vec[i].b64url), dec, sizeof(dec),
			&n), 0);
		CHECK_MEM(dec, n, vec[i].in);
	}
}

/* RFC 7515 appendix A.1: protected header and payload (with CRLF inside). */
static void t_rfc7515_a1_header_payload(void)
{
	static const char hdr[] = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
	static const char pay[] =
		"{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n"
		" \"http://example.com/is_root\":true}";
	static const char pay64[] = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9l"
		"eGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
	char mem[256];
	size_t n;

	CHECK_INT(enc(mem, sizeof(mem), hdr, strlen(hdr), 1, 0), 0);
	CHECK_STR(mem, "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
	CHECK_INT(enc(mem, sizeof(mem), pay, strlen(pay), 1, 0), 0);
	CHECK_STR(mem, pay64);
	CHECK_INT(ta_b64url_decode(pay64, strlen(pay64), mem, sizeof(mem), &n), 0);
	CHECK_MEM(mem, n, pay);
}

/* RFC 7515 A.1.1 HMAC value (uses '-' and '_') and the A.1 JWK "k". */
static void t_rfc7515_a1_signature_and_key(void)
{
	static const unsigned char sig[32] = { 116, 24, 223, 180, 151, 153, 224, 37, 79, 250,
		96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88,
		83, 132, 141, 121 };
	static const char sig64[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
	static const char k64[] = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3"
		"Yj0iPS4hcgUuTwjAzZr1Z9CAow";
	unsigned char dec[64];
	char mem[128];
	size_t n;

	CHECK_INT(enc(mem, sizeof(mem), sig, sizeof(sig), 1, 0), 0);
	CHECK_STR(mem, sig64);
	CHECK_INT(ta_b64url_decode(sig64, strlen(sig64), dec, sizeof(dec), &n), 0);
	CHECK(n == 32 && !memcmp(dec, sig, 32));
	CHECK_INT(ta_b64url_decode(k64, strlen(k64), dec, sizeof(dec), &n), 0);
	CHECK_INT(n, 64);
	CHECK(dec[0] == 0x03 && dec[1] == 0x23 && dec[63] == 0xa3);
	CHECK_INT(enc(mem, sizeof(mem), dec, n, 1, 0), 0);
	CHECK_STR(mem, k64);
}

/* RFC 7515 appendix C: [3, 236, 255, 224, 193] is "A-z_4ME" ("A+z/4ME=" in base64). */
static void t_rfc7515_appendix_c(void)
{
	static const unsigned char in[5] = { 3, 236, 255, 224, 193 };
	unsigned char dec[8];
	char mem[16];
	size_t n;

	CHECK_INT(enc(mem, sizeof(mem), in, 5, 1, 0), 0);
	CHECK_STR(mem, "A-z_4ME");
	CHECK_INT(enc(mem, sizeof(mem), in, 5, 0, 0), 0);
	CHECK_STR(mem, "A+z/4ME=");
	CHECK_INT(ta_b64url_decode("A-z_4ME", 7, dec, sizeof(dec), &n), 0);
	CHECK(n == 5 && !memcmp(dec, in, 5));
	CHECK_INT(ta_b64_decode("A+z/4ME=", 8, dec, sizeof(dec), &n), 0);
	CHECK(n == 5 && !memcmp(dec, in, 5));
}

/* Every length 0..64 of every byte value, both alphabets, exact length. */
static void t_roundtrip_all_lengths(void)
{
	unsigned char all[256], dec[256];
	char mem[512];
	size_t n, len, off;

	for (n = 0; n < 256; n++)
		all[n] = (unsigned char)(255 - n);
	for (off = 0; off < 256; off += 64)
		for (len = 0; len <= 64; len++) {
			const unsigned char *in = all + (off + len <= 256 ? off : 256 - len);

			REQUIRE(enc(mem, sizeof(mem), in, len, 1, 0) == 0);
			CHECK_INT(strlen(mem), ta_b64url_len(len));
			CHECK(strpbrk(mem, "+/=") == NULL);
			CHECK_INT(ta_b64url_decode(mem, strlen(mem), dec, sizeof(dec), &n), 0);
			CHECK(n == len && !memcmp(dec, in, len));
			REQUIRE(enc(mem, sizeof(mem), in, len, 0, 0) == 0);
			CHECK_INT(strlen(mem), (len + 2) / 3 * 4);
			CHECK(strpbrk(mem, "-_") == NULL);
			CHECK_INT(ta_b64_decode(mem, strlen(mem), dec, sizeof(dec), &n), 0);
			CHECK(n == len && !memcmp(dec, in, len));
		}
}

static void t_url_alphabet(void)
{
	char mem[16];

	CHECK_INT(enc(mem, sizeof(mem), "\xfb\xff", 2, 1, 0), 0);
	CHECK_STR(mem, "-_8");
	CHECK_INT(enc(mem, sizeof(mem), "\xfb\xff", 2, 0, 0), 0);
	CHECK_STR(mem, "+/8=");
}

static void t_url_rejects(void)
{
	static const char *const bad[] = {
		"Zg==", "Zm8=", "Zg=", "=", "==",                 /* padding */
		"Z", "A", "AAAAA", "Zm9vY", "Zm9vYmFyZ",          /* length 1 mod 4 */
		"Zh", "Zm9", "Zm9vYh", "AB", "AAB",               /* trailing bits set */
		"Zm 9v", " Zm9v", "Zm9v\n", "Zm9v\r\n", "Zm\t9v", /* whitespace */
		"Zm+v", "Zm/v", "Zm9v!", "Zm9v.", "Zm9\x80", "Zm9\xff", "Zm9v*A==",
	};
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++)
		if (!url_rejects(bad[i], strlen(bad[i]))) {
			fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
			ta_test_failed = 1;
		}
	CHECK(url_rejects("Zm\0v", 4));                   /* an embedded NUL */
	CHECK(!url_rejects("Zg", 2) && !url_rejects("Zm8", 3) && !url_rejects("", 0));
}

static void t_std_rejects(void)
{
	static const char *const bad[] = {
		"Zg", "Zg=", "Zm8", "Zm9vYg", "Zm9vYg=",          /* padding missing */
		"Zg===", "Z===", "Z=", "=", "====", "=Zg=", "Zm9v====",  /* padding misplaced */
		"Zh==", "Zm9=", "AB==", "AAB=",                   /* trailing bits set */
		"Zg==Zg==", "Zg==x", "Zm8=\nZm8=", "Zm=v", "Zg==\n=", /* data after padding */
		"Zm-v", "Zm_v", "Zm9v!", "Zm9\x80", "Zm9v\x85",      /* alphabet */
		"Z", "Zm9vY", " Z ",                               /* length */
	};
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++)
		if (!std_rejects(bad[i], strlen(bad[i]))) {
			fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
			ta_test_failed = 1;
		}
	CHECK(std_rejects("Zm\0v", 4));
}

static void t_std_whitespace(void)
{
	static const char *const good[] = {
		" Zm9v\r\nYmFy\n", "Zm9vYmFy", "\tZm9v YmFy \n\n", "Z\nm\n9\nv\nY\nm\nF\ny",
		"Zm9vYmFy\v\f\r\n", "Zm9v\r\n\r\nYmFy",
	};
	unsigned char out[16];
	size_t i, n;

	for (i = 0; i < TA_ARRAY_LEN(good); i++) {
		n = 0;
		CHECK_INT(ta_b64_decode(good[i], strlen(good[i]), out, sizeof(out), &n), 0);
		CHECK_MEM(out, n, "foobar");
	}
	CHECK_INT(ta_b64_decode("Zg==\n", 5, out, sizeof(out), &n), 0);
	CHECK_MEM(out, n, "f");
	CHECK_INT(ta_b64_decode("Zg=\r\n=  \n", 9, out, sizeof(out), &n), 0); /* RFC 7468 lax */
	CHECK_MEM(out, n, "f");
	CHECK_INT(ta_b64_decode(" \r\n", 3, out, sizeof(out), &n), 0);
	CHECK_INT(n, 0);
}

/* For every length, a buffer one byte short is TA_ERR_SPACE and *outlen
 * stays untouched; the exact size succeeds. */
static void t_decode_space_exact(void)
{
	unsigned char in[64], dec[64];
	char text[128];
	size_t len, n;
	int url;

	for (len = 0; len < sizeof(in); len++)
		in[len] = (unsigned char)(len * 7 + 1);
	for (url = 0; url < 2; url++)
		for (len = 1; len <= 64; len++) {
			REQUIRE(enc(text, sizeof(text), in, len, url, 0) == 0);
			n = 777;
			CHECK_INT(url ? ta_b64url_decode(text, strlen(text), dec, len - 1, &n) :
				ta_b64_decode(text, strlen(text), dec, len - 1, &n), TA_ERR_SPACE);
			CHECK_INT(n, 777);
			CHECK_INT(url ? ta_b64url_decode(text, strlen(text), dec, len, &n) :
				ta_b64_decode(text, strlen(text), dec, len, &n), 0);
			CHECK(n == len && !memcmp(dec, in, len));
		}
	CHECK_INT(ta_b64url_decode("", 0, NULL, 0, &n), 0);
	CHECK_INT(n, 0);
}

/* The encoders fill a buffer exactly, and one byte less sets b->err. */
static void t_encode_space_exact(void)
{
	unsigned char in[40];
	char mem[128];
	size_t len, need;
	ta_buf b;
	int url;

	memset(in, 0xa5, sizeof(in));
	for (url = 0; url < 3; url++)
		for (len = 1; len <= sizeof(in); len++) {
			need = url == 1 ? ta_b64url_len(len) : (len + 2) / 3 * 4;
			if (url == 2)
				need += (need + 15) / 16;          /* '\n' after every 16 */
			ta_buf_init(&b, mem, need);
			if (url == 1)
				ta_b64url_put(&b, in, len);
			else
				ta_b64_put(&b, in, len, url == 2 ? 16 : 0);
			CHECK_INT(b.err, 0);
			CHECK_INT(b.len, need);
			ta_buf_init(&b, mem, need - 1);
			if (url == 1)
				ta_b64url_put(&b, in, len);
			else
				ta_b64_put(&b, in, len, url == 2 ? 16 : 0);
			CHECK_INT(b.err, TA_ERR_SPACE);
		}
}

/* The sticky error: after an overflow nothing more is appended. */
static void t_encode_sticky(void)
{
	char mem[8];
	ta_buf b;

	ta_buf_init(&b, mem, sizeof(mem));
	ta_b64url_put(&b, "foobarfoobar", 12);
	CHECK_INT(b.err, TA_ERR_SPACE);
	ta_b64url_put(&b, "", 0);
	ta_b64url_put(&b, "f", 1);
	CHECK_INT(b.err, TA_ERR_SPACE);
	CHECK(b.len <= sizeof(mem));
	CHECK_INT(ta_buf_cstr(&b), TA_ERR_SPACE);
}

static void t_line_wrapping(void)
{
	unsigned char in[100];
	char mem[200];

	memset(in, 0, sizeof(in));
	CHECK_INT(enc(mem, sizeof(mem), in, 48, 0, 64), 0);     /* exactly one line */
	CHECK_INT(strlen(mem), 65);
	CHECK_INT(mem[64], '\n');
	CHECK_INT(enc(mem, sizeof(mem), in, 49, 0, 64), 0);
	CHECK_STR(mem + 65, "AA==\n");
	CHECK_INT(enc(mem, sizeof(mem), in, 0, 0, 64), 0);      /* nothing, not "\n" */
	CHECK_STR(mem, "");
	CHECK_INT(enc(mem, sizeof(mem), "foobar", 6, 0, 4), 0);
	CHECK_STR(mem, "Zm9v\nYmFy\n");
	CHECK_INT(enc(mem, sizeof(mem), "fooba", 5, 0, 3), 0);   /* the padding wraps too */
	CHECK_STR(mem, "Zm9\nvYm\nE=\n");
	CHECK_INT(enc(mem, sizeof(mem), "foobar", 6, 0, 1), 0);
	CHECK_STR(mem, "Z\nm\n9\nv\nY\nm\nF\ny\n");
}

/* `openssl base64` output (64 columns) for bytes (i * 37 + 11) & 255. */
static void t_wrapping_matches_openssl(void)
{
	static const char want96[] =
		"CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YYar0PUaP2SJrtP4HUJnjLHW\n"
		"+yBFao+02f4jSG2St9wBJktwlbrfBClOc5i94gcsUXabwOUKL1R5nsPoDTJXfKHG\n";
	static const char want100[] =
		"CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8YYar0PUaP2SJrtP4HUJnjLHW\n"
		"+yBFao+02f4jSG2St9wBJktwlbrfBClOc5i94gcsUXabwOUKL1R5nsPoDTJXfKHG\n"
		"6xA1Wg==\n";
	unsigned char in[100], dec[100];
	char mem[256];
	size_t i, n;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)((i * 37 + 11) & 255);
	CHECK_INT(enc(mem, sizeof(mem), in, 96, 0, 64), 0);
	CHECK_STR(mem, want96);
	CHECK_INT(enc(mem, sizeof(mem), in, 100, 0, 64), 0);
	CHECK_STR(mem, want100);
	CHECK_INT(ta_b64_decode(want100, strlen(want100), dec, sizeof(dec), &n), 0);
	CHECK(n == 100 && !memcmp(dec, in, 100));
}

const ta_test suite_b64[] = {
	{ "rfc4648_encode", t_rfc4648_encode },
	{ "rfc4648_decode", t_rfc4648_decode },
	{ "rfc7515_a1_header_payload", t_rfc7515_a1_header_payload },
	{ "rfc7515_a1_signature_and_key", t_rfc7515_a1_signature_and_key },
	{ "rfc7515_appendix_c", t_rfc7515_appendix_c },
	{ "roundtrip_all_lengths", t_roundtrip_all_lengths },
	{ "url_alphabet", t_url_alphabet },
	{ "url_rejects", t_url_rejects },
	{ "std_rejects", t_std_rejects },
	{ "std_whitespace", t_std_whitespace },
	{ "decode_space_exact", t_decode_space_exact },
	{ "encode_space_exact", t_encode_space_exact },
	{ "encode_sticky", t_encode_sticky },
	{ "line_wrapping", t_line_wrapping },
	{ "wrapping_matches_openssl", t_wrapping_matches_openssl },
	{ 0, 0 }
};
