/* Tests of base64url and base64 (RFC 4648 vectors, strictness, bounds). */
#include "test.h"
#include "tacme.h"
#include "ta_b64.h"

static const struct { const char *in, *b64, *b64url; } vec[] = {
	{ "", "", "" },
	{ "f", "Zg==", "Zg" },
	{ "fo", "Zm8=", "Zm8" },
	{ "foo", "Zm9v", "Zm9v" },
	{ "foob", "Zm9vYg==", "Zm9vYg" },
	{ "fooba", "Zm9vYmE=", "Zm9vYmE" },
	{ "foobar", "Zm9vYmFy", "Zm9vYmFy" },
};

static void t_rfc4648_vectors(void)
{
	char mem[64], dec[64];
	size_t i, n;
	ta_buf b;

	for (i = 0; i < TA_ARRAY_LEN(vec); i++) {
		size_t len = strlen(vec[i].in);

		ta_buf_init(&b, mem, sizeof(mem));
		ta_b64_put(&b, vec[i].in, len, 0);
		CHECK_INT(ta_buf_cstr(&b), 0);
		CHECK_STR(mem, vec[i].b64);
		ta_buf_init(&b, mem, sizeof(mem));
		ta_b64url_put(&b, vec[i].in, len);
		CHECK_INT(ta_buf_cstr(&b), 0);
		CHECK_STR(mem, vec[i].b64url);
		CHECK_INT(ta_b64url_len(len), strlen(vec[i].b64url));
		CHECK_INT(ta_b64_decode(vec[i].b64, strlen(vec[i].b64), dec, sizeof(dec), &n), 0);
		CHECK_MEM(dec, n, vec[i].in);
		CHECK_INT(ta_b64url_decode(vec[i].b64url, strlen(vec[i].b64url), dec, sizeof(dec), &n), 0);
		CHECK_MEM(dec, n, vec[i].in);
	}
}

static void t_rfc7515_header(void)
{
	static const char hdr[] = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
	char mem[128];
	ta_buf b;

	ta_buf_init(&b, mem, sizeof(mem));
	ta_b64url_put(&b, hdr, strlen(hdr));
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(mem, "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
}

static void t_url_alphabet_and_roundtrip(void)
{
	unsigned char all[256], dec[256];
	char mem[512];
	size_t n, len;
	ta_buf b;

	for (n = 0; n < 256; n++)
		all[n] = (unsigned char)(255 - n);
	for (len = 0; len <= 64; len++) {
		ta_buf_init(&b, mem, sizeof(mem));
		ta_b64url_put(&b, all, len);
		REQUIRE(ta_buf_cstr(&b) == 0);
		CHECK(strpbrk(mem, "+/=") == NULL);
		CHECK_INT(ta_b64url_decode(mem, b.len, dec, sizeof(dec), &n), 0);
		CHECK_INT(n, len);
		CHECK(memcmp(dec, all, len) == 0);
		ta_buf_init(&b, mem, sizeof(mem));
		ta_b64_put(&b, all, len, 0);
		REQUIRE(ta_buf_cstr(&b) == 0);
		CHECK_INT(ta_b64_decode(mem, b.len, dec, sizeof(dec), &n), 0);
		CHECK_INT(n, len);
		CHECK(memcmp(dec, all, len) == 0);
	}
	ta_buf_init(&b, mem, sizeof(mem));
	ta_b64url_put(&b, "\xfb\xff", 2);
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(mem, "-_8");
}

static void t_url_rejects(void)
{
	static const char *const bad[] = { "Zg==", "Zm8=", "Z", "Zm9vY", "Zm 9v", "Zm9v\n",
		"Zh", "Zm9", "Zm+v", "Zm/v", "Zm9v!" };
	unsigned char out[16];
	size_t i, n;

	/* "Zh" and "Zm9" have non-zero trailing bits ("Zg", "Zm8" are canonical). */
	for (i = 0; i < TA_ARRAY_LEN(bad); i++)
		if (ta_b64url_decode(bad[i], strlen(bad[i]), out, sizeof(out), &n) != TA_ERR_PARSE) {
			fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
			ta_test_failed = 1;
		}
}

static void t_std_rejects_and_whitespace(void)
{
	static const char *const bad[] = { "Zg", "Zg=", "Zg===", "Z===", "Zh==", "Zm9=",
		"Zg==Zg==", "Zm-v", "Zm_v", "=Zg=", "Zg==x" };
	unsigned char out[16];
	size_t i, n;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++)
		if (ta_b64_decode(bad[i], strlen(bad[i]), out, sizeof(out), &n) != TA_ERR_PARSE) {
			fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
			ta_test_failed = 1;
		}
	CHECK_INT(ta_b64_decode(" Zm9v\r\nYmFy\n", 12, out, sizeof(out), &n), 0);
	CHECK_MEM(out, n, "foobar");
	CHECK_INT(ta_b64_decode("Zg==\n", 5, out, sizeof(out), &n), 0);
	CHECK_MEM(out, n, "f");
}

static void t_space(void)
{
	unsigned char out[6];
	char mem[8];
	size_t n;
	ta_buf b;

	CHECK_INT(ta_b64url_decode("Zm9vYmFy", 8, out, 5, &n), TA_ERR_SPACE);
	CHECK_INT(ta_b64url_decode("Zm9vYmFy", 8, out, 6, &n), 0);
	CHECK_INT(ta_b64_decode("Zm9vYmFy", 8, out, 5, &n), TA_ERR_SPACE);
	ta_buf_init(&b, mem, sizeof(mem));
	ta_b64url_put(&b, "foobar", 6);      /* 8 chars fit, the NUL does not */
	CHECK_INT(b.err, 0);
	CHECK_INT(ta_buf_cstr(&b), TA_ERR_SPACE);
	ta_buf_init(&b, mem, 7);
	ta_b64url_put(&b, "foobar", 6);
	CHECK_INT(b.err, TA_ERR_SPACE);
}

static void t_line_wrapping(void)
{
	unsigned char in[100];
	char mem[200];
	ta_buf b;

	memset(in, 0, sizeof(in));
	ta_buf_init(&b, mem, sizeof(mem));
	ta_b64_put(&b, in, 48, 64);           /* exactly one full line */
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_INT(b.len, 65);
	CHECK_INT(mem[64], '\n');
	ta_buf_init(&b, mem, sizeof(mem));
	ta_b64_put(&b, in, 49, 64);
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(mem + 65, "AA==\n");
}

const ta_test suite_b64[] = {
	{ "rfc4648_vectors", t_rfc4648_vectors },
	{ "rfc7515_header", t_rfc7515_header },
	{ "url_alphabet_and_roundtrip", t_url_alphabet_and_roundtrip },
	{ "url_rejects", t_url_rejects },
	{ "std_rejects_and_whitespace", t_std_rejects_and_whitespace },
	{ "space", t_space },
	{ "line_wrapping", t_line_wrapping },
	{ 0, 0 }
};
