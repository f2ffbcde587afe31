/* Tests of the crypto backend: digest and HMAC vectors, RFC 6979's
 * deterministic ECDSA vector, and signatures checked by BearSSL's verifiers
 * and by the openssl command. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bearssl.h>
#include "test.h"
#include "tacme.h"
#include "tacme_tls.h"

static size_t unhex(const char *h, unsigned char *out)
{
	size_t n = 0;
	unsigned v;

	while (h[0] && h[1] && sscanf(h, "%2x", &v) == 1) {
		out[n++] = (unsigned char)v;
		h += 2;
	}
	return n;
}

static int eq_hex(const unsigned char *got, size_t len, const char *hex)
{
	unsigned char want[512];
	size_t n = unhex(hex, want);

	return n == len && memcmp(got, want, n) == 0;
}

static void t_digests(void)
{
	unsigned char h[48];
	static const char m448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	ta_sha256("abc", 3, h);
	CHECK(eq_hex(h, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	ta_sha256("", 0, h);
	CHECK(eq_hex(h, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	ta_sha256(m448, strlen(m448), h);
	CHECK(eq_hex(h, 32, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
	ta_sha384("abc", 3, h);
	CHECK(eq_hex(h, 48, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
		"8086072ba1e7cc2358baeca134c825a7"));
}

static void t_hmac_rfc4231(void)
{
	unsigned char key[131], h[32];
	static const char m6[] = "Test Using Larger Than Block-Size Key - Hash Key First";

	memset(key, 0x0b, 20);
	ta_hmac_sha256(key, 20, "Hi There", 8, h);
	CHECK(eq_hex(h, 32, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
	ta_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, h);
	CHECK(eq_hex(h, 32, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
	memset(key, 0xaa, 131);
	ta_hmac_sha256(key, 131, m6, strlen(m6), h);
	CHECK(eq_hex(h, 32, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
}

static void t_rfc6979_p256(void)
{
	ta_key k;
	unsigned char sig[64];
	size_t n;

	memset(&k, 0, sizeof(k));
	k.type = TA_KEY_EC256;
	k.ec_priv_len = unhex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", k.ec_priv);
	REQUIRE(ta_key_check(&k) == 0);
	CHECK_INT(k.ec_pub_len, 65);
	CHECK(eq_hex(k.ec_pub + 1, 64, "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
		"7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299"));
	REQUIRE(ta_key_sign(&k, "sample", 6, sig, sizeof(sig), &n) == 0);
	CHECK_INT(n, 64);
	CHECK(eq_hex(sig, 64, "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
		"F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"));
	/* A public key that does not belong to the private key is refused. */
	k.ec_pub[10] ^= 1;
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	CHECK_INT(ta_key_sign(&k, "x", 1, sig, 63, &n), TA_ERR_SPACE);
}

/* Verifies an EC signature with BearSSL. */
static int ec_verify(const ta_key *k, const char *msg, const unsigned char *sig, size_t n)
{
	br_ec_public_key pk;
	unsigned char h[48];
	size_t hl = k->type == TA_KEY_EC256 ? 32 : 48;

	if (hl == 32)
		ta_sha256(msg, strlen(msg), h);
	else
		ta_sha384(msg, strlen(msg), h);
	pk.curve = k->type == TA_KEY_EC256 ? BR_EC_secp256r1 : BR_EC_secp384r1;
	pk.q = (unsigned char *)(uintptr_t)k->ec_pub;
	pk.qlen = k->ec_pub_len;
	return br_ecdsa_i31_vrfy_raw(&br_ec_prime_i31, h, hl, &pk, sig, n);
}

/* Verifies a P-256 signature with the openssl command (an independent
 * implementation): SPKI and DER signature written to files. */
static int openssl_verify_p256(const ta_key *k, const char *msg, const unsigned char *sig)
{
	static const unsigned char spki_prefix[] = { 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a,
		0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03,
		0x01, 0x07, 0x03, 0x42, 0x00 };
	unsigned char der[80];
	char dir[] = "/tmp/tacme-cr-XXXXXX", cmd[512], path[64];
	size_t n = 0, i;
	FILE *f;
	int r;

	if (!mkdtemp(dir))
		return 0;
	snprintf(path, sizeof(path), "%s/pub.der", dir);
	f = fopen(path, "wb");
	fwrite(spki_prefix, 1, sizeof(spki_prefix), f);
	fwrite(k->ec_pub, 1, 65, f);
	fclose(f);
	/* ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } */
	der[n++] = 0x30;
	der[n++] = 0;
	for (i = 0; i < 2; i++) {
		const unsigned char *v = sig + 32 * i;
		size_t len = 32;

		while (len > 1 && *v == 0 && !(v[1] & 0x80)) {
			v++;
			len--;
		}
		der[n++] = 0x02;
		der[n++] = (unsigned char)(len + (v[0] & 0x80 ? 1 : 0));
		if (v[0] & 0x80)
			der[n++] = 0;
		memcpy(der + n, v, len);
		n += len;
	}
	der[1] = (unsigned char)(n - 2);
	snprintf(path, sizeof(path), "%s/sig.der", dir);
	f = fopen(path, "wb");
	fwrite(der, 1, n, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/msg", dir);
	f = fopen(path, "wb");
	fputs(msg, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "openssl dgst -sha256 -keyform DER -verify %s/pub.der "
		"-signature %s/sig.der %s/msg > /dev/null 2>&1", dir, dir, dir);
	r = system(cmd) == 0;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		r = 0;
	return r;
}

static void t_ec_generate_sign(void)
{
	static const int types[] = { TA_KEY_EC256, TA_KEY_EC384 };
	unsigned char sig[96];
	ta_key k, k2;
	size_t i, n;

	for (i = 0; i < TA_ARRAY_LEN(types); i++) {
		REQUIRE(ta_key_generate(&k, types[i], 0) == 0);
		CHECK_INT(k.ec_pub_len, i ? 97 : 65);
		CHECK_INT(k.ec_priv_len, i ? 48 : 32);
		REQUIRE(ta_key_sign(&k, "hello", 5, sig, sizeof(sig), &n) == 0);
		CHECK_INT(n, i ? 96 : 64);
		CHECK(ec_verify(&k, "hello", sig, n));
		CHECK(!ec_verify(&k, "hellO", sig, n));
		if (i == 0) {
			CHECK(openssl_verify_p256(&k, "hello", sig));
			sig[5] ^= 0x40;
			CHECK(!openssl_verify_p256(&k, "hello", sig));
		}
		/* A second key differs. */
		REQUIRE(ta_key_generate(&k2, types[i], 0) == 0);
		CHECK(memcmp(k.ec_priv, k2.ec_priv, k.ec_priv_len) != 0);
		ta_key_wipe(&k);
		CHECK_INT(k.ec_priv_len, 0);
	}
}

static void t_rsa_generate_sign(void)
{
	static ta_key k;
	static unsigned char sig[512];
	br_rsa_public_key pk;
	unsigned char h[32], out[32];
	size_t n;

	REQUIRE(ta_key_generate(&k, TA_KEY_RSA, 2048) == 0);
	CHECK_INT(k.n_len, 256);
	CHECK_INT(k.bits, 2048);
	CHECK(eq_hex(k.e, k.e_len, "010001"));
	CHECK(k.d_len > 200 && k.p_len == 128 && k.q_len == 128);
	REQUIRE(ta_key_sign(&k, "hello", 5, sig, sizeof(sig), &n) == 0);
	CHECK_INT(n, 256);
	pk.n = k.n;
	pk.nlen = k.n_len;
	pk.e = k.e;
	pk.elen = k.e_len;
	ta_sha256("hello", 5, h);
	CHECK(br_rsa_i31_pkcs1_vrfy(sig, n, BR_HASH_OID_SHA256, 32, &pk, out) == 1 &&
		memcmp(out, h, 32) == 0);
	sig[100] ^= 1;
	CHECK(!(br_rsa_i31_pkcs1_vrfy(sig, n, BR_HASH_OID_SHA256, 32, &pk, out) == 1 &&
		memcmp(out, h, 32) == 0));
	CHECK_INT(ta_key_sign(&k, "hello", 5, sig, 255, &n), TA_ERR_SPACE);
}

static void t_bad_arguments(void)
{
	static ta_key k;

	ta_error_clear();
	CHECK_INT(ta_key_generate(&k, TA_KEY_RSA, 1024), TA_ERR_ARG);
	CHECK_INT(ta_key_generate(&k, TA_KEY_RSA, 2049), TA_ERR_ARG);
	CHECK_INT(ta_key_generate(&k, TA_KEY_NONE, 0), TA_ERR_UNSUPPORTED);
	memset(&k, 0, sizeof(k));
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
}

const ta_test suite_crypto[] = {
	{ "digests", t_digests },
	{ "hmac_rfc4231", t_hmac_rfc4231 },
	{ "rfc6979_p256", t_rfc6979_p256 },
	{ "ec_generate_sign", t_ec_generate_sign },
	{ "rsa_generate_sign", t_rsa_generate_sign },
	{ "bad_arguments", t_bad_arguments },
	{ 0, 0 }
};
