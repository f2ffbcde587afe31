/* Tests of JWK, RFC 7638 thumbprints, JWS signing and EAB. */
#include <bearssl.h>
#include "test.h"
#include "tacme.h"
#include "tacme_tls.h"
#include "ta_b64.h"
#include "ta_json.h"
#include "ta_jws.h"
#include "ta_key.h"
#include "ta_dns01.h"

static const char rfc7638_n[] =
	"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

static ta_key key;

static void t_rfc7638_thumbprint(void)
{
	char tp[44];

	memset(&key, 0, sizeof(key));
	key.type = TA_KEY_RSA;
	REQUIRE(ta_b64url_decode(rfc7638_n, strlen(rfc7638_n), key.n, sizeof(key.n), &key.n_len) == 0);
	REQUIRE(ta_b64url_decode("AQAB", 4, key.e, sizeof(key.e), &key.e_len) == 0);
	REQUIRE(ta_jws_thumbprint(&key, tp) == 0);
	CHECK_STR(tp, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

static void t_ec_jwk_canonical(void)
{
	char mem[300];
	ta_buf b;

	REQUIRE(ta_key_generate(&key, TA_KEY_EC256, 0) == 0);
	ta_buf_init(&b, mem, sizeof(mem));
	REQUIRE(ta_key_jwk(&b, &key) == 0);
	REQUIRE(ta_buf_cstr(&b) == 0);
	/* crv, kty, x, y in that order; 43-character coordinates. */
	CHECK(strncmp(mem, "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"", 31) == 0);
	CHECK_INT(strlen(mem), 31 + 43 + 7 + 43 + 2);
	CHECK(strstr(mem, " ") == NULL);
}

/* Splits a flattened JWS and verifies its ES256 signature. */
static void t_es256_sign_verifies(void)
{
	static char out[4096], in[4096];
	static ta_json_tok tok[32];
	char prot[1024], pay[256], sigb[200], hdr[1024];
	unsigned char sig[64], h[32];
	size_t n, siglen;
	br_ec_public_key pk;
	ta_json j, hj;
	ta_buf b;

	REQUIRE(ta_key_generate(&key, TA_KEY_EC256, 0) == 0);
	ta_buf_init(&b, out, sizeof(out));
	REQUIRE(ta_jws_sign(&b, &key, "https://ca/acct/1", "nonce-1", "https://ca/new-order",
		"{\"a\":1}", 7) == 0);
	REQUIRE(ta_buf_cstr(&b) == 0);
	REQUIRE(ta_json_parse(&j, out, b.len, tok, 32) == 0);
	REQUIRE(ta_json_str(&j, ta_json_get(&j, 0, "protected"), prot, sizeof(prot), NULL) == 0);
	REQUIRE(ta_json_str(&j, ta_json_get(&j, 0, "payload"), pay, sizeof(pay), NULL) == 0);
	REQUIRE(ta_json_str(&j, ta_json_get(&j, 0, "signature"), sigb, sizeof(sigb), NULL) == 0);
	REQUIRE(ta_b64url_decode(prot, strlen(prot), hdr, sizeof(hdr) - 1, &n) == 0);
	hdr[n] = '\0';
	REQUIRE(ta_json_parse(&hj, hdr, n, tok, 32) == 0);
	CHECK(ta_json_eq(&hj, ta_json_get(&hj, 0, "alg"), "ES256"));
	CHECK(ta_json_eq(&hj, ta_json_get(&hj, 0, "kid"), "https://ca/acct/1"));
	CHECK(ta_json_eq(&hj, ta_json_get(&hj, 0, "nonce"), "nonce-1"));
	CHECK(ta_json_eq(&hj, ta_json_get(&hj, 0, "url"), "https://ca/new-order"));
	CHECK_INT(ta_json_get(&hj, 0, "jwk"), -1);
	REQUIRE(ta_b64url_decode(pay, strlen(pay), in, sizeof(in), &n) == 0);
	CHECK_MEM(in, n, "{\"a\":1}");
	REQUIRE(ta_b64url_decode(sigb, strlen(sigb), sig, sizeof(sig), &siglen) == 0);
	CHECK_INT(siglen, 64);
	n = (size_t)snprintf(in, sizeof(in), "%s.%s", prot, pay);
	ta_sha256(in, n, h);
	pk.curve = BR_EC_secp256r1;
	pk.q = key.ec_pub;
	pk.qlen = key.ec_pub_len;
	CHECK(br_ecdsa_i31_vrfy_raw(&br_ec_prime_i31, h, 32, &pk, sig, 64) == 1);
	in[0] ^= 1;
	ta_sha256(in, n, h);
	CHECK(br_ecdsa_i31_vrfy_raw(&br_ec_prime_i31, h, 32, &pk, sig, 64) == 0);
}

static void t_jwk_header_and_post_as_get(void)
{
	static char out[4096];
	static ta_json_tok tok[64];
	char prot[1024], hdr[1024];
	size_t n;
	ta_json j, hj;
	ta_buf b;

	ta_buf_init(&b, out, sizeof(out));
	REQUIRE(ta_jws_sign(&b, &key, NULL, "n", "https://ca/new-acct", "", 0) == 0);
	REQUIRE(ta_buf_cstr(&b) == 0);
	REQUIRE(ta_json_parse(&j, out, b.len, tok, 64) == 0);
	CHECK(ta_json_eq(&j, ta_json_get(&j, 0, "payload"), ""));
	REQUIRE(ta_json_str(&j, ta_json_get(&j, 0, "protected"), prot, sizeof(prot), NULL) == 0);
	REQUIRE(ta_b64url_decode(prot, strlen(prot), hdr, sizeof(hdr), &n) == 0);
	REQUIRE(ta_json_parse(&hj, hdr, n, tok, 64) == 0);
	CHECK(ta_json_eq(&hj, ta_json_get(&hj, ta_json_get(&hj, 0, "jwk"), "kty"), "EC"));
	CHECK_INT(ta_json_get(&hj, 0, "kid"), -1);
}

static void t_eab_hs256(void)
{
	static char out[4096], in[2048];
	static ta_json_tok tok[32];
	char prot[512], pay[512], sigb[64];
	unsigned char mac[32], key_bytes[32], sig[32];
	size_t n;
	ta_json j;
	ta_buf b;

	memset(key_bytes, 0x42, sizeof(key_bytes));
	ta_buf_init(&b, in, sizeof(in));
	ta_b64url_put(&b, key_bytes, sizeof(key_bytes));
	REQUIRE(ta_buf_cstr(&b) == 0);
	ta_buf_init(&b, out, sizeof(out));
	REQUIRE(ta_jws_eab(&b, "kid-1", in, &key, "https://ca/new-acct") == 0);
	REQUIRE(ta_buf_cstr(&b) == 0);
	REQUIRE(ta_json_parse(&j, out, b.len, tok, 32) == 0);
	REQUIRE(ta_json_str(&j, ta_json_get(&j, 0, "protected"), prot, sizeof(prot), NULL) == 0);
	REQUIRE(ta_json_str(&j, ta_json_get(&j, 0, "payload"), pay, sizeof(pay), NULL) == 0);
	REQUIRE(ta_json_str(&j, ta_json_get(&j, 0, "signature"), sigb, sizeof(sigb), NULL) == 0);
	n = (size_t)snprintf(in, sizeof(in), "%s.%s", prot, pay);
	ta_hmac_sha256(key_bytes, sizeof(key_bytes), in, n, mac);
	REQUIRE(ta_b64url_decode(sigb, strlen(sigb), sig, sizeof(sig), &n) == 0);
	CHECK(n == 32 && memcmp(sig, mac, 32) == 0);
	ta_error_clear();
	ta_buf_init(&b, out, sizeof(out));
	CHECK_INT(ta_jws_eab(&b, "kid-1", "not base64!", &key, "https://ca/x"), TA_ERR_CONFIG);
}

static void t_dns01_value(void)
{
	char tp[44], v[44], ka[200];
	unsigned char h[32];
	ta_buf b;

	REQUIRE(ta_jws_thumbprint(&key, tp) == 0);
	REQUIRE(ta_dns01_value(&key, "tok-123", v) == 0);
	snprintf(ka, sizeof(ka), "tok-123.%s", tp);
	ta_sha256(ka, strlen(ka), h);
	ta_buf_init(&b, ka, sizeof(ka));
	ta_b64url_put(&b, h, 32);
	REQUIRE(ta_buf_cstr(&b) == 0);
	CHECK_STR(v, ka);
	CHECK_INT(strlen(v), 43);
}

const ta_test suite_jws[] = {
	{ "rfc7638_thumbprint", t_rfc7638_thumbprint },
	{ "ec_jwk_canonical", t_ec_jwk_canonical },
	{ "es256_sign_verifies", t_es256_sign_verifies },
	{ "jwk_header_and_post_as_get", t_jwk_header_and_post_as_get },
	{ "eab_hs256", t_eab_hs256 },
	{ "dns01_value", t_dns01_value },
	{ 0, 0 }
};
