/* Tests of the crypto backend: FIPS 180 and RFC 4231 vectors, RFC 6979's
 * deterministic ECDSA vectors, and generated keys whose signatures are
 * checked by BearSSL's verifiers and by the openssl command (an independent
 * implementation), with public and private keys encoded here in DER. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bearssl.h>
#include "config.h"
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

/* ---- a little DER, written forwards (content first built elsewhere) ---- */

static void tlv(unsigned char *out, size_t *n, unsigned tag, const unsigned char *v, size_t len)
{
	out[(*n)++] = (unsigned char)tag;
	if (len >= 256) {
		out[(*n)++] = 0x82;
		out[(*n)++] = (unsigned char)(len >> 8);
	} else if (len >= 128) {
		out[(*n)++] = 0x81;
	}
	out[(*n)++] = (unsigned char)len;
	memcpy(out + *n, v, len);
	*n += len;
}

static void der_uint(unsigned char *out, size_t *n, const unsigned char *v, size_t len)
{
	unsigned char tmp[TA_RSA_MAX_BYTES + 1];
	size_t m = 0;

	while (len > 1 && v[0] == 0) {
		v++;
		len--;
	}
	if (v[0] & 0x80)
		tmp[m++] = 0;
	memcpy(tmp + m, v, len);
	tlv(out, n, 0x02, tmp, m + len);
}

/* ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } from raw r||s. */
static size_t ec_sig_der(const unsigned char *sig, size_t len, unsigned char *out)
{
	unsigned char seq[120];
	size_t m = 0, n = 0;

	der_uint(seq, &m, sig, len / 2);
	der_uint(seq, &m, sig + len / 2, len / 2);
	tlv(out, &n, 0x30, seq, m);
	return n;
}

/* SubjectPublicKeyInfo for a P-256 or P-384 point: fixed prefixes. */
static size_t ec_spki(const ta_key *k, unsigned char *out)
{
	static const unsigned char p256[] = { 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86,
		0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03,
		0x01, 0x07, 0x03, 0x42, 0x00 };
	static const unsigned char p384[] = { 0x30, 0x76, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86,
		0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x03,
		0x62, 0x00 };
	const unsigned char *pre = k->type == TA_KEY_EC256 ? p256 : p384;
	size_t plen = k->type == TA_KEY_EC256 ? sizeof(p256) : sizeof(p384);

	memcpy(out, pre, plen);
	memcpy(out + plen, k->ec_pub, k->ec_pub_len);
	return plen + k->ec_pub_len;
}

/* SubjectPublicKeyInfo { rsaEncryption, BIT STRING RSAPublicKey { n, e } }. */
static size_t rsa_spki(const ta_key *k, unsigned char *out)
{
	static const unsigned char alg[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
		0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };
	unsigned char a[600], c[600], b[600];
	size_t na = 0, nc = 1, nb = sizeof(alg), n = 0;

	der_uint(a, &na, k->n, k->n_len);
	der_uint(a, &na, k->e, k->e_len);
	c[0] = 0;                       /* BIT STRING: no unused bits */
	tlv(c, &nc, 0x30, a, na);
	memcpy(b, alg, sizeof(alg));
	tlv(b, &nb, 0x03, c, nc);
	tlv(out, &n, 0x30, b, nb);
	return n;
}

/* PKCS#1 RSAPrivateKey { 0, n, e, d, p, q, dp, dq, qi }. */
static size_t rsa_priv_der(const ta_key *k, unsigned char *out)
{
	static unsigned char seq[2600];
	static const unsigned char zero = 0;
	size_t m = 0, n = 0;

	der_uint(seq, &m, &zero, 1);
	der_uint(seq, &m, k->n, k->n_len);
	der_uint(seq, &m, k->e, k->e_len);
	der_uint(seq, &m, k->d, k->d_len);
	der_uint(seq, &m, k->p, k->p_len);
	der_uint(seq, &m, k->q, k->q_len);
	der_uint(seq, &m, k->dp, k->dp_len);
	der_uint(seq, &m, k->dq, k->dq_len);
	der_uint(seq, &m, k->qi, k->qi_len);
	tlv(out, &n, 0x30, seq, m);
	return n;
}

/* ---- the openssl command ----------------------------------------------- */

static int have_openssl(void)
{
	static int have = -1;

	if (have < 0)
		have = system("openssl version > /dev/null 2>&1") == 0;
	return have;
}

static int put_file(const char *dir, const char *name, const void *p, size_t len)
{
	char path[96];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "wb")))
		return 0;
	ok = fwrite(p, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

static void rm_files(const char *dir)
{
	static const char *const names[] = { "pub.der", "sig", "msg", "key.der" };
	char path[96];
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* 1 if openssl accepts sig as md's signature of msg under the SPKI, 0 if
 * it refuses it, -1 if the files could not be written. */
static int openssl_verify(const unsigned char *spki, size_t spki_len, const char *md,
	const char *msg, const unsigned char *sig, size_t sig_len)
{
	char dir[] = "/tmp/tacme-crypto-XXXXXX", cmd[400];
	int r = -1;

	if (!mkdtemp(dir))
		return -1;
	if (put_file(dir, "pub.der", spki, spki_len) && put_file(dir, "sig", sig, sig_len) &&
	    put_file(dir, "msg", msg, strlen(msg))) {
		snprintf(cmd, sizeof(cmd), "openssl dgst -%s -keyform DER -verify %s/pub.der "
			"-signature %s/sig %s/msg > /dev/null 2>&1", md, dir, dir, dir);
		r = system(cmd) == 0;
	}
	rm_files(dir);
	return r;
}

/* 1 if `openssl rsa -check` says exactly "RSA key ok" for the DER key, 0 if
 * not, -1 if the file could not be written. */
static int openssl_rsa_check(const unsigned char *der, size_t len)
{
	char dir[] = "/tmp/tacme-crypto-XXXXXX", cmd[400];
	int r = -1;

	if (!mkdtemp(dir))
		return -1;
	if (put_file(dir, "key.der", der, len)) {
		snprintf(cmd, sizeof(cmd), "openssl rsa -inform DER -in %s/key.der -check -noout "
			"2>&1 | grep -qx 'RSA key ok'", dir);
		r = system(cmd) == 0;
	}
	rm_files(dir);
	return r;
}

/* ---- hashes ------------------------------------------------------------ */

static const char m448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

static void t_sha256(void)
{
	unsigned char h[TA_SHA256_LEN];

	ta_sha256("abc", 3, h);
	CHECK(eq_hex(h, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	ta_sha256("", 0, h);
	CHECK(eq_hex(h, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	ta_sha256(m448, strlen(m448), h);
	CHECK(eq_hex(h, 32, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
}

static void t_sha384(void)
{
	unsigned char h[TA_SHA384_LEN];

	ta_sha384("abc", 3, h);
	CHECK(eq_hex(h, 48, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
		"1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"));
	ta_sha384("", 0, h);
	CHECK(eq_hex(h, 48, "38b060a751ac96384cd9327eb1b1e36a21fdb71114be0743"
		"4c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"));
	ta_sha384(m448, strlen(m448), h);
	CHECK(eq_hex(h, 48, "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05ab"
		"fe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b"));
}

static void t_hmac_rfc4231(void)
{
	static const char m6[] = "Test Using Larger Than Block-Size Key - Hash Key First";
	static const char m7[] = "This is a test using a larger than block-size key and a "
		"larger than block-size data. The key needs to be hashed before being used by "
		"the HMAC algorithm.";
	unsigned char key[131], data[50], h[TA_SHA256_LEN];
	unsigned i;

	memset(key, 0x0b, 20);          /* test case 1 */
	ta_hmac_sha256(key, 20, "Hi There", 8, h);
	CHECK(eq_hex(h, 32, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
	ta_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, h);
	CHECK(eq_hex(h, 32, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
	memset(key, 0xaa, 20);          /* test case 3 */
	memset(data, 0xdd, 50);
	ta_hmac_sha256(key, 20, data, 50, h);
	CHECK(eq_hex(h, 32, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"));
	for (i = 0; i < 25; i++)        /* test case 4 */
		key[i] = (unsigned char)(i + 1);
	memset(data, 0xcd, 50);
	ta_hmac_sha256(key, 25, data, 50, h);
	CHECK(eq_hex(h, 32, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"));
	memset(key, 0xaa, 131);         /* test cases 6 and 7: key longer than a block */
	ta_hmac_sha256(key, 131, m6, strlen(m6), h);
	CHECK(eq_hex(h, 32, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
	ta_hmac_sha256(key, 131, m7, strlen(m7), h);
	CHECK(eq_hex(h, 32, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"));
	key[130] ^= 1;
	ta_hmac_sha256(key, 131, m7, strlen(m7), h);
	CHECK(!eq_hex(h, 32, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"));
}

static void t_wipe(void)
{
	static ta_key k;
	unsigned char buf[40];
	const unsigned char *p = (const unsigned char *)&k;
	size_t i, nonzero = 0;

	memset(buf, 0x5a, sizeof(buf));
	ta_wipe(buf + 1, 38);
	CHECK(buf[0] == 0x5a && buf[39] == 0x5a);
	for (i = 1; i < 39; i++)
		nonzero |= buf[i];
	memset(&k, 0xff, sizeof(k));
	ta_key_wipe(&k);
	for (i = 0; i < sizeof(k); i++)
		nonzero |= p[i];
	CHECK_INT(nonzero, 0);
}

/* ---- EC ---------------------------------------------------------------- */

/* Verifies an EC signature with BearSSL's i31 code. */
static int ec_verify(const ta_key *k, const char *msg, const unsigned char *sig, size_t n)
{
	br_ec_public_key pk;
	unsigned char h[TA_SHA384_LEN];
	size_t hl = k->type == TA_KEY_EC256 ? 32 : 48;

	if (hl == 32)
		ta_sha256(msg, strlen(msg), h);
	else
		ta_sha384(msg, strlen(msg), h);
	pk.curve = k->type == TA_KEY_EC256 ? BR_EC_secp256r1 : BR_EC_secp384r1;
	pk.q = (unsigned char *)(uintptr_t)k->ec_pub;
	pk.qlen = k->ec_pub_len;
	return br_ecdsa_i31_vrfy_raw(&br_ec_prime_i31, h, hl, &pk, sig, n) == 1;
}

/* Verifies an EC signature with openssl; see openssl_verify(). */
static int ec_openssl(const ta_key *k, const char *msg, const unsigned char *sig, size_t n)
{
	unsigned char spki[130], der[120];
	size_t sl = ec_spki(k, spki), dl = ec_sig_der(sig, n, der);

	return openssl_verify(spki, sl, k->type == TA_KEY_EC256 ? "sha256" : "sha384", msg,
		der, dl);
}

static void t_rfc6979_p256(void)
{
	static ta_key k;
	unsigned char sig[64], sig2[64];
	size_t n;

	memset(&k, 0, sizeof(k));       /* RFC 6979 A.2.5, SHA-256, "sample" */
	k.type = TA_KEY_EC256;
	k.ec_priv_len = unhex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721",
		k.ec_priv);
	REQUIRE(ta_key_check(&k) == 0);
	CHECK_INT(k.bits, 256);
	CHECK_INT(k.ec_pub_len, 65);
	CHECK(k.ec_pub[0] == 4 && eq_hex(k.ec_pub + 1, 64,
		"60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
		"7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299"));
	REQUIRE(ta_key_sign(&k, "sample", 6, sig, sizeof(sig), &n) == 0);
	CHECK_INT(n, 64);
	CHECK(eq_hex(sig, 64, "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
		"F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"));
	REQUIRE(ta_key_sign(&k, "test", 4, sig2, sizeof(sig2), &n) == 0);
	CHECK(eq_hex(sig2, 64, "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367"
		"019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083"));
	CHECK(ec_verify(&k, "sample", sig, 64));
	CHECK(!ec_verify(&k, "sample", sig2, 64));
	CHECK_INT(ta_key_sign(&k, "x", 1, sig, 63, &n), TA_ERR_SPACE);
	/* A public key that does not belong to the private key is refused. */
	k.ec_pub[10] ^= 1;
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	ta_key_wipe(&k);
}

static void t_rfc6979_p384(void)
{
	static ta_key k;
	unsigned char sig[96], sig2[96];
	size_t n;

	memset(&k, 0, sizeof(k));       /* RFC 6979 A.2.6, SHA-384, "sample" */
	k.type = TA_KEY_EC384;
	k.ec_priv_len = unhex("6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D8"
		"96D5724E4C70A825F872C9EA60D2EDF5", k.ec_priv);
	if (!ENABLE_KEY_P384) {
		CHECK_INT(ta_key_check(&k), TA_ERR_UNSUPPORTED);
		CHECK_INT(ta_key_sign(&k, "sample", 6, sig, sizeof(sig), &n), TA_ERR_UNSUPPORTED);
		ta_test_skip("P-384 is not built in");
		return;
	}
	REQUIRE(ta_key_check(&k) == 0);
	CHECK_INT(k.bits, 384);
	CHECK_INT(k.ec_pub_len, 97);
	CHECK(k.ec_pub[0] == 4 && eq_hex(k.ec_pub + 1, 96,
		"EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64"
		"DEF8F0EA9055866064A254515480BC13"
		"8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1"
		"288B231C3AE0D4FE7344FD2533264720"));
	REQUIRE(ta_key_sign(&k, "sample", 6, sig, sizeof(sig), &n) == 0);
	CHECK_INT(n, 96);
	CHECK(ec_verify(&k, "sample", sig, 96));
	CHECK(!ec_verify(&k, "samplE", sig, 96));
	/* Deterministic nonces (BearSSL) must be RFC 6979's; a backend may also
	 * draw them at random (wolfSSL 5.5 derives them for P-256 only). */
	REQUIRE(ta_key_sign(&k, "sample", 6, sig2, sizeof(sig2), &n) == 0);
	CHECK(ec_verify(&k, "sample", sig2, 96));
	if (memcmp(sig, sig2, 96) == 0)
		CHECK(eq_hex(sig, 96, "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C"
			"81A648152E44ACF96E36DD1E80FABE46"
			"99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94F"
			"A329C145786E679E7B82C71A38628AC8"));
	CHECK_INT(ta_key_sign(&k, "x", 1, sig, 95, &n), TA_ERR_SPACE);
	ta_key_wipe(&k);
}

/* ta_key_check: range of the scalar, padding, recomputed public point. */
static void t_ec_check(void)
{
	static const char order256[] =
		"FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";
	static ta_key k;
	unsigned char pub[65];

	memset(&k, 0, sizeof(k));       /* 1*G is the generator */
	k.type = TA_KEY_EC256;
	k.ec_priv[0] = 1;
	k.ec_priv_len = 1;
	REQUIRE(ta_key_check(&k) == 0);
	CHECK_INT(k.ec_priv_len, 32);
	CHECK(k.ec_priv[31] == 1 && k.ec_priv[0] == 0);
	CHECK(eq_hex(k.ec_pub, 65, "046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
		"4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"));
	/* Zero, the order itself, and more than 32 bytes are refused. */
	memset(&k, 0, sizeof(k));
	k.type = TA_KEY_EC256;
	k.ec_priv_len = 32;
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	k.ec_priv_len = unhex(order256, k.ec_priv);
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	k.ec_priv[31]--;                /* order - 1 is the largest valid scalar */
	CHECK_INT(ta_key_check(&k), 0);
	k.ec_priv_len = 33;
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	/* A generated key's public point is recomputed identically. */
	REQUIRE(ta_key_generate(&k, TA_KEY_EC256, 0) == 0);
	memcpy(pub, k.ec_pub, 65);
	CHECK_INT(ta_key_check(&k), 0);
	k.ec_pub_len = 0;
	memset(k.ec_pub, 0, sizeof(k.ec_pub));
	CHECK_INT(ta_key_check(&k), 0);
	CHECK(k.ec_pub_len == 65 && memcmp(k.ec_pub, pub, 65) == 0);
	k.ec_pub[64] ^= 0x80;
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	k.ec_pub_len = 64;              /* truncated public point */
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	ta_key_wipe(&k);
}

static void ec_roundtrip(int type)
{
	static ta_key k, k2;
	unsigned char sig[96], sig2[96];
	size_t size = type == TA_KEY_EC256 ? 32 : 48, n;
	int os = have_openssl();

	REQUIRE(ta_key_generate(&k, type, 0) == 0);
	CHECK_INT(k.type, type);
	CHECK_INT(k.bits, size * 8);
	CHECK_INT(k.ec_priv_len, size);
	CHECK_INT(k.ec_pub_len, 2 * size + 1);
	CHECK_INT(k.ec_pub[0], 4);
	REQUIRE(ta_key_sign(&k, "hello", 5, sig, sizeof(sig), &n) == 0);
	CHECK_INT(n, 2 * size);
	CHECK(ec_verify(&k, "hello", sig, n));
	CHECK(!ec_verify(&k, "hellO", sig, n));
	if (os) {
		CHECK_INT(ec_openssl(&k, "hello", sig, n), 1);
		CHECK_INT(ec_openssl(&k, "hellO", sig, n), 0);
	}
	/* A second signature of the same message verifies too: the same one
	 * with deterministic nonces (RFC 6979), another with random ones. */
	REQUIRE(ta_key_sign(&k, "hello", 5, sig2, sizeof(sig2), &n) == 0);
	CHECK(ec_verify(&k, "hello", sig2, n));
	sig[n - 3] ^= 0x40;
	CHECK(!ec_verify(&k, "hello", sig, n));
	if (os)
		CHECK_INT(ec_openssl(&k, "hello", sig, n), 0);
	CHECK_INT(ta_key_sign(&k, "hello", 5, sig, 2 * size - 1, &n), TA_ERR_SPACE);
	/* A second key differs, and does not verify the first one's signature. */
	REQUIRE(ta_key_generate(&k2, type, 0) == 0);
	CHECK(memcmp(k.ec_priv, k2.ec_priv, size) != 0);
	CHECK(!ec_verify(&k2, "hello", sig2, n));
	ta_key_wipe(&k);
	ta_key_wipe(&k2);
	CHECK_INT(k.ec_priv_len, 0);
	if (!os)
		ta_test_skip("no openssl command: checked with BearSSL only");
}

static void t_ec256_generate_sign(void)
{
	ec_roundtrip(TA_KEY_EC256);
}

static void t_ec384_generate_sign(void)
{
	static ta_key k;

	if (!ENABLE_KEY_P384) {
		CHECK_INT(ta_key_generate(&k, TA_KEY_EC384, 0), TA_ERR_UNSUPPORTED);
		ta_test_skip("P-384 is not built in");
		return;
	}
	ec_roundtrip(TA_KEY_EC384);
}

/* ---- RSA --------------------------------------------------------------- */

static int rsa_verify(const ta_key *k, const char *msg, const unsigned char *sig, size_t n)
{
	br_rsa_public_key pk;
	unsigned char h[TA_SHA256_LEN], out[TA_SHA256_LEN];

	pk.n = (unsigned char *)(uintptr_t)k->n;
	pk.nlen = k->n_len;
	pk.e = (unsigned char *)(uintptr_t)k->e;
	pk.elen = k->e_len;
	ta_sha256(msg, strlen(msg), h);
	return br_rsa_i31_pkcs1_vrfy(sig, n, BR_HASH_OID_SHA256, sizeof(out), &pk, out) == 1 &&
		memcmp(out, h, sizeof(h)) == 0;
}

static void rsa_roundtrip(unsigned bits)
{
	static ta_key k;
	static unsigned char sig[TA_RSA_MAX_BYTES], der[2600];
	size_t n, len, half = bits / 16;
	int os = have_openssl();

	if (!ENABLE_KEY_RSA) {
		CHECK_INT(ta_key_generate(&k, TA_KEY_RSA, bits), TA_ERR_UNSUPPORTED);
		ta_test_skip("RSA is not built in");
		return;
	}
	REQUIRE(ta_key_generate(&k, TA_KEY_RSA, bits) == 0);
	CHECK_INT(k.type, TA_KEY_RSA);
	CHECK_INT(k.bits, bits);
	CHECK_INT(k.n_len, bits / 8);
	CHECK(k.n[0] & 0x80);
	CHECK(eq_hex(k.e, k.e_len, "010001"));
	CHECK(k.p_len == half && k.q_len == half && k.p[0] && k.q[0]);
	CHECK(k.d_len > half && k.d_len <= bits / 8 && k.d[0]);
	CHECK(k.dp_len && k.dp_len <= half && k.dq_len && k.dq_len <= half);
	CHECK(k.qi_len && k.qi_len <= half);
	REQUIRE(ta_key_sign(&k, "hello", 5, sig, sizeof(sig), &n) == 0);
	CHECK_INT(n, bits / 8);
	CHECK(rsa_verify(&k, "hello", sig, n));
	CHECK(!rsa_verify(&k, "hellO", sig, n));
	if (os) {
		len = rsa_spki(&k, der);
		CHECK_INT(openssl_verify(der, len, "sha256", "hello", sig, n), 1);
		CHECK_INT(openssl_verify(der, len, "sha256", "hellO", sig, n), 0);
		sig[n / 2] ^= 1;
		CHECK_INT(openssl_verify(der, len, "sha256", "hello", sig, n), 0);
		sig[n / 2] ^= 1;
		/* The whole private key, d included, is consistent. */
		len = rsa_priv_der(&k, der);
		CHECK_INT(openssl_rsa_check(der, len), 1);
		k.d[k.d_len - 1] ^= 2;
		len = rsa_priv_der(&k, der);
		CHECK_INT(openssl_rsa_check(der, len), 0);
		k.d[k.d_len - 1] ^= 2;
	}
	sig[n / 2] ^= 1;
	CHECK(!rsa_verify(&k, "hello", sig, n));
	CHECK_INT(ta_key_sign(&k, "hello", 5, sig, n - 1, &n), TA_ERR_SPACE);
	/* ta_key_check accepts it, and catches parts that do not belong together. */
	k.bits = 0;
	CHECK_INT(ta_key_check(&k), 0);
	CHECK_INT(k.bits, bits);
	k.n[k.n_len - 1] ^= 2;
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	k.n[k.n_len - 1] ^= 2;
	k.dq[0] ^= 1;
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	k.dq[0] ^= 1;
	n = k.qi_len;
	k.qi_len = TA_RSA_MAX_BYTES / 2 + 1;
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	k.qi_len = n;
	k.p_len = 0;
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	k.p_len = half;
	CHECK_INT(ta_key_check(&k), 0);
	k.e_len = 0;
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	ta_key_wipe(&k);
	if (!os)
		ta_test_skip("no openssl command: checked with BearSSL only");
}

static void t_rsa2048(void)
{
	rsa_roundtrip(2048);
}

static void t_rsa3072(void)
{
	rsa_roundtrip(3072);
}

static void t_rsa4096(void)
{
	rsa_roundtrip(4096);
}

static void t_bad_arguments(void)
{
	static ta_key k;
	unsigned char sig[64];
	size_t n;

	ta_error_clear();
	if (ENABLE_KEY_RSA) {
		CHECK_INT(ta_key_generate(&k, TA_KEY_RSA, 1024), TA_ERR_ARG);
		CHECK(strstr(ta_error_msg(), "1024") != NULL);
		CHECK_INT(ta_key_generate(&k, TA_KEY_RSA, 2049), TA_ERR_ARG);
		CHECK_INT(ta_key_generate(&k, TA_KEY_RSA, 2052), TA_ERR_ARG);
		CHECK_INT(ta_key_generate(&k, TA_KEY_RSA, 4104), TA_ERR_ARG);
		CHECK_INT(ta_key_generate(&k, TA_KEY_RSA, 0), TA_ERR_ARG);
	} else {
		CHECK_INT(ta_key_generate(&k, TA_KEY_RSA, 2048), TA_ERR_UNSUPPORTED);
	}
	CHECK_INT(k.type, TA_KEY_NONE);
	memset(&k, 0xff, sizeof(k));
	CHECK_INT(ta_key_generate(&k, TA_KEY_NONE, 0), TA_ERR_UNSUPPORTED);
	CHECK(k.type == TA_KEY_NONE && k.ec_priv[0] == 0 && k.p[0] == 0);
	CHECK_INT(ta_key_generate(&k, 99, 256), TA_ERR_UNSUPPORTED);
	CHECK_INT(ta_key_sign(&k, "x", 1, sig, sizeof(sig), &n), TA_ERR_UNSUPPORTED);
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	k.type = TA_KEY_EC256;          /* EC key without a private scalar */
	CHECK_INT(ta_key_check(&k), TA_ERR_CRYPTO);
	k.type = TA_KEY_RSA;            /* RSA key without numbers */
	CHECK_INT(ta_key_check(&k), ENABLE_KEY_RSA ? TA_ERR_CRYPTO : TA_ERR_UNSUPPORTED);
	ta_error_clear();
}

const ta_test suite_crypto[] = {
	{ "sha256", t_sha256 },
	{ "sha384", t_sha384 },
	{ "hmac_rfc4231", t_hmac_rfc4231 },
	{ "wipe", t_wipe },
	{ "rfc6979_p256", t_rfc6979_p256 },
	{ "rfc6979_p384", t_rfc6979_p384 },
	{ "ec_check", t_ec_check },
	{ "ec256_generate_sign", t_ec256_generate_sign },
	{ "ec384_generate_sign", t_ec384_generate_sign },
	{ "rsa2048", t_rsa2048 },
	{ "rsa3072", t_rsa3072 },
	{ "rsa4096", t_rsa4096 },
	{ "bad_arguments", t_bad_arguments },
	{ 0, 0 }
};
