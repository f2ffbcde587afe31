/* Tests of key files and public key encodings: keys made here are checked
 * by the openssl command (which must also write the very same DER), keys
 * made by openssl (PKCS#8, SEC1, PKCS#1) are read and their public keys
 * compared with what openssl prints, malformed and unsupported files are
 * refused, and JWKs match RFC 7638 / RFC 7517 vectors. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_tls.h"
#include "ta_b64.h"
#include "ta_buf.h"
#include "ta_der.h"
#include "ta_key.h"
#include "ta_pem.h"

/* ---- files and the openssl command --------------------------------------- */

static char dir[64];

static int have_openssl(void)
{
	static int have = -1;

	if (have < 0)
		have = system("openssl version > /dev/null 2>&1") == 0;
	return have;
}

/* Makes a fresh temporary folder (removed by done()); 0 if impossible or
 * when openssl is missing (the test is then skipped). */
static int setup(void)
{
	if (!have_openssl()) {
		ta_test_skip("no openssl command");
		return 0;
	}
	snprintf(dir, sizeof(dir), "/tmp/tacme-key-XXXXXX");
	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return 0;
	}
	return 1;
}

static void done(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "    could not remove %s\n", dir);
}

static const char *path(const char *name)
{
	static char p[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static int put(const char *name, const void *data, size_t len)
{
	FILE *f = fopen(path(name), "wb");
	int ok;

	if (!f)
		return 0;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

/* Reads a file into buf (NUL added); returns its length or -1. */
static long get(const char *name, void *buf, size_t cap)
{
	FILE *f = fopen(path(name), "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, cap - 1, f);
	fclose(f);
	((char *)buf)[n] = '\0';
	return (long)n;
}

/* Runs a shell command (printf format) in the test folder; 1 when it
 * exits 0. */
static int sh(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;
static int sh(const char *fmt, ...)
{
	char cmd[1024];
	int n;
	va_list ap;

	n = snprintf(cmd, sizeof(cmd), "cd '%s' && ", dir);
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0) {
		fprintf(stderr, "    command failed: %s\n", cmd);
		return 0;
	}
	return 1;
}

static int same_file(const char *name, const unsigned char *p, size_t len)
{
	static unsigned char b[8192];
	long n = get(name, b, sizeof(b));

	return n >= 0 && (size_t)n == len && !memcmp(b, p, len);
}

/* ---- helpers --------------------------------------------------------------- */

static int key_eq(const ta_key *a, const ta_key *b)
{
#define EQ(f) (a->f##_len == b->f##_len && !memcmp(a->f, b->f, a->f##_len))
	if (a->type != b->type || a->bits != b->bits)
		return 0;
	if (a->type == TA_KEY_RSA)
		return EQ(n) && EQ(e) && EQ(d) && EQ(p) && EQ(q) && EQ(dp) && EQ(dq) && EQ(qi);
	return EQ(ec_priv) && EQ(ec_pub);
#undef EQ
}

static char pem[8192];

/* Writes k as PEM into pem; returns its length (0 on failure). */
static size_t to_pem(const ta_key *k)
{
	ta_buf b;

	ta_buf_init(&b, pem, sizeof(pem));
	if (ta_key_to_pem(&b, k) != 0 || ta_buf_cstr(&b) != 0)
		return 0;
	return b.len;
}

/* Reads key file name; returns ta_key_from_pem's result. */
static int read_key(const char *name, ta_key *k)
{
	static char text[16384];
	long n = get(name, text, sizeof(text));

	if (n < 0)
		return -999;
	return ta_key_from_pem(k, text, (size_t)n);
}

/* 1 if our SPKI of k is what `openssl pkey -pubout` prints for file name. */
static int spki_matches(const ta_key *k, const char *name)
{
	unsigned char spki[600];
	size_t len;

	if (ta_key_spki(k, spki, sizeof(spki), &len) != 0)
		return 0;
	if (!sh("openssl pkey -in %s -pubout -outform DER -out spki.der", name))
		return 0;
	return same_file("spki.der", spki, len);
}

static ta_key gen[3];   /* EC256, EC384, RSA-2048, made once */

static const ta_key *generated(int i)
{
	static const int type[3] = { TA_KEY_EC256, TA_KEY_EC384, TA_KEY_RSA };

	if (gen[i].type == TA_KEY_NONE && ta_key_generate(&gen[i], type[i], 2048) != 0)
		return NULL;
	return &gen[i];
}

/* ---- writing ---------------------------------------------------------------- */

static void t_write_generated(void)
{
	static const char *const label[3] = { "EC PRIVATE KEY", "EC PRIVATE KEY",
		"RSA PRIVATE KEY" };
	static const char *const tool[3] = { "ec", "ec", "rsa -traditional" };
	static unsigned char der[4096];
	int i;

	if (!setup())
		return;
	for (i = 0; i < 3; i++) {
		const ta_key *k = generated(i);
		ta_key back;
		size_t n, pos = 0, llen, dlen;
		const char *lab;

		REQUIRE(k != NULL);
		REQUIRE((n = to_pem(k)) > 0);
		REQUIRE(ta_pem_next(pem, n, &pos, &lab, &llen, der, sizeof(der), &dlen) == 0);
		CHECK(llen == strlen(label[i]) && !memcmp(lab, label[i], llen));
		CHECK(pos == n - 1 && pem[n - 1] == '\n');
		REQUIRE(put("key.pem", pem, n));
		/* openssl's key checks accept it */
		CHECK(sh("openssl pkey -in key.pem -noout -check > /dev/null 2>&1"));
		if (i < 2)
			CHECK(sh("openssl ec -in key.pem -noout -check 2>&1 | grep -qx 'EC Key valid.'"));
		else
			CHECK(sh("openssl rsa -in key.pem -noout -check 2>&1 | grep -qx 'RSA key ok'"));
		/* openssl writes the very same DER (SEC1 with curve and point; PKCS#1) */
		CHECK(sh("openssl %s -in key.pem -outform DER -out key.der 2>/dev/null", tool[i]));
		CHECK(same_file("key.der", der, dlen));
		/* its public key is ours */
		CHECK(spki_matches(k, "key.pem"));
		/* and it reads back equal */
		CHECK_INT(ta_key_from_pem(&back, pem, n), 0);
		CHECK(key_eq(&back, k));
		ta_key_wipe(&back);
	}
	done();
}

static void t_write_short_scalar(void)
{
	/* a P-256 scalar with a leading zero byte is written at full width */
	ta_key k, back;
	size_t n;

	ta_key_wipe(&k);
	k.type = TA_KEY_EC256;
	k.ec_priv[0] = 7;
	k.ec_priv_len = 1;
	REQUIRE(ta_key_check(&k) == 0);      /* pads ec_priv, computes ec_pub */
	CHECK(k.ec_priv_len == 32 && k.ec_priv[31] == 7 && k.ec_priv[0] == 0);
	k.ec_priv_len = 1;
	k.ec_priv[0] = 7;
	REQUIRE((n = to_pem(&k)) > 0);
	{
		/* SEC1 as openssl writes it: 30 77 02 01 01 04 20 <32 bytes> */
		unsigned char der[200];
		size_t pos = 0, llen, dlen, i;
		const char *lab;

		REQUIRE(ta_pem_next(pem, n, &pos, &lab, &llen, der, sizeof(der), &dlen) == 0);
		CHECK(dlen == 0x79 && !memcmp(der, "\x30\x77\x02\x01\x01\x04\x20", 7));
		for (i = 7; i < 7 + 31; i++)
			CHECK(der[i] == 0);
		CHECK(der[7 + 31] == 7);
	}
	REQUIRE(ta_key_from_pem(&back, pem, n) == 0);
	CHECK_INT(back.ec_priv_len, 32);
	CHECK(back.ec_priv[31] == 7 && back.ec_priv[0] == 0);
	CHECK(!memcmp(back.ec_pub, k.ec_pub, 65));
}

static void t_write_errors(void)
{
	const ta_key *k = generated(0);
	ta_key none;
	ta_buf b;
	char small[100];
	unsigned char spki[90];
	size_t len;

	REQUIRE(k != NULL);
	ta_buf_init(&b, small, sizeof(small));
	CHECK_INT(ta_key_to_pem(&b, k), TA_ERR_SPACE);
	ta_key_wipe(&none);
	ta_buf_init(&b, small, sizeof(small));
	CHECK_INT(ta_key_to_pem(&b, &none), TA_ERR_ARG);
	none.type = TA_KEY_RSA;                 /* RSA without numbers */
	CHECK_INT(ta_key_to_pem(&b, &none), TA_ERR_ARG);
	CHECK_INT(ta_key_spki(&none, spki, sizeof(spki), &len), TA_ERR_ARG);
	/* a P-256 SPKI is 91 bytes */
	CHECK_INT(ta_key_spki(k, spki, sizeof(spki), &len), TA_ERR_SPACE);
	{
		unsigned char s2[91];

		CHECK_INT(ta_key_spki(k, s2, sizeof(s2), &len), 0);
		CHECK_INT(len, 91);
		REQUIRE(generated(1) != NULL);
		CHECK_INT(ta_key_spki(generated(1), spki, sizeof(spki), &len), TA_ERR_SPACE);
	}
}

/* ---- reading openssl's keys ------------------------------------------------- */

static void t_read_openssl(void)
{
	static const struct {
		const char *cmd;
		int type;
		unsigned bits;
	} v[] = {
		{ "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256", TA_KEY_EC256, 256 },
		{ "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384", TA_KEY_EC384, 384 },
		{ "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048", TA_KEY_RSA, 2048 },
		{ "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072", TA_KEY_RSA, 3072 },
		/* SEC1 after an "EC PARAMETERS" block */
		{ "openssl ecparam -name prime256v1 -genkey", TA_KEY_EC256, 256 },
		{ "openssl ecparam -name secp384r1 -genkey -noout", TA_KEY_EC384, 384 },
		/* SEC1 without the public key: computed from the scalar */
		{ "openssl ecparam -name prime256v1 -genkey -noout | openssl ec -no_public 2>/dev/null",
			TA_KEY_EC256, 256 },
		/* PKCS#8 of such a key */
		{ "openssl ecparam -name secp384r1 -genkey -noout | openssl ec -no_public 2>/dev/null"
			" | openssl pkcs8 -topk8 -nocrypt", TA_KEY_EC384, 384 },
		/* PKCS#1 */
		{ "openssl genrsa -traditional 2048 2>/dev/null", TA_KEY_RSA, 2048 },
		/* with a certificate before it and text around */
		{ "(echo hello; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
			"-keyout k.tmp -nodes -subj /CN=x 2>/dev/null; cat k.tmp; echo bye)",
			TA_KEY_EC256, 256 },
	};
	size_t i;

	if (!setup())
		return;
	for (i = 0; i < TA_ARRAY_LEN(v); i++) {
		ta_key k;
		size_t n;

		REQUIRE(sh("(%s) > in.pem 2>/dev/null", v[i].cmd));
		CHECK_INT(read_key("in.pem", &k), 0);
		CHECK_INT(k.type, v[i].type);
		CHECK_INT(k.bits, v[i].bits);
		if (!spki_matches(&k, "in.pem"))
			fprintf(stderr, "    public key differs for: %s\n", v[i].cmd);
		CHECK(spki_matches(&k, "in.pem"));
		/* what we write from it, openssl reads as the same key */
		REQUIRE((n = to_pem(&k)) > 0);
		REQUIRE(put("ours.pem", pem, n));
		CHECK(sh("for f in in ours; do openssl %s -in $f.pem -outform DER -out $f.der "
			"2>/dev/null || exit 1; done; cmp -s in.der ours.der",
			v[i].type == TA_KEY_RSA ? "rsa -traditional" : "ec -no_public"));
		ta_key_wipe(&k);
	}
	done();
}

/* ---- refusing --------------------------------------------------------------- */

static void t_read_unsupported(void)
{
	static const struct {
		const char *cmd;
		int err;
	} v[] = {
		{ "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 "
			"-aes256 -pass pass:secret", TA_ERR_UNSUPPORTED },
		{ "openssl ecparam -name prime256v1 -genkey -noout | "
			"openssl ec -aes256 -passout pass:secret 2>/dev/null", TA_ERR_PARSE },
		{ "openssl ecparam -name secp256k1 -genkey -noout", TA_ERR_UNSUPPORTED },
		{ "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521", TA_ERR_UNSUPPORTED },
		{ "openssl ecparam -name prime256v1 -genkey -noout -param_enc explicit",
			TA_ERR_UNSUPPORTED },
		{ "openssl genpkey -algorithm ED25519", TA_ERR_UNSUPPORTED },
		{ "openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048",
			TA_ERR_UNSUPPORTED },
		{ "openssl genrsa 1024 2>/dev/null", TA_ERR_CRYPTO },
		{ "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout /dev/null "
			"-nodes -subj /CN=x 2>/dev/null", TA_ERR_PARSE },
		{ "echo no key here", TA_ERR_PARSE },
		{ "printf ''", TA_ERR_PARSE },
	};
	size_t i;

	if (!setup())
		return;
	for (i = 0; i < TA_ARRAY_LEN(v); i++) {
		ta_key k;
		int r;

		REQUIRE(sh("(%s) > in.pem 2>/dev/null", v[i].cmd));
		memset(&k, 0x55, sizeof(k));
		r = read_key("in.pem", &k);
		if (r != v[i].err)
			fprintf(stderr, "    %d for: %s\n", r, v[i].cmd);
		CHECK_INT(r, v[i].err);
		CHECK_INT(k.type, TA_KEY_NONE);      /* wiped */
		CHECK_INT(k.ec_priv[0] | k.d[0] | k.p[0], 0);
	}
	done();
}

/* Armours der[0..len) as label and reads it. */
static int read_der(const char *label, const unsigned char *der, size_t len, ta_key *k)
{
	static char text[8192];
	ta_buf b;

	ta_buf_init(&b, text, sizeof(text));
	ta_pem_put(&b, label, der, len);
	if (b.err)
		return -999;
	return ta_key_from_pem(k, text, b.len);
}

static size_t der_of(const ta_key *k, unsigned char *der, size_t cap)
{
	size_t n = to_pem(k), pos = 0, llen, dlen;
	const char *lab;

	if (!n || ta_pem_next(pem, n, &pos, &lab, &llen, der, cap, &dlen))
		return 0;
	return dlen;
}

static void t_read_damaged(void)
{
	static unsigned char der[4096], bad[4096];
	size_t len, i, bit;
	ta_key k;
	int r;

	/* EC: every single-bit flip and every truncation is refused (the point
	 * is checked against the scalar, so no flip can go unnoticed) */
	REQUIRE(generated(0) != NULL);
	REQUIRE((len = der_of(generated(0), der, sizeof(der))) > 0);
	CHECK_INT(read_der("EC PRIVATE KEY", der, len, &k), 0);
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(bad, der, len);
			bad[i] ^= (unsigned char)(1 << bit);
			r = read_der("EC PRIVATE KEY", bad, len, &k);
			if (r == 0)
				fprintf(stderr, "    flip at %zu bit %zu accepted\n", i, bit);
			CHECK(r == TA_ERR_PARSE || r == TA_ERR_CRYPTO || r == TA_ERR_UNSUPPORTED);
			CHECK_INT(k.type, TA_KEY_NONE);
		}
	for (i = 0; i < len; i++) {
		r = read_der("EC PRIVATE KEY", der, i, &k);
		CHECK(r == TA_ERR_PARSE);
	}
	/* trailing bytes after the key */
	memcpy(bad, der, len);
	bad[len] = 0;
	CHECK_INT(read_der("EC PRIVATE KEY", bad, len + 1, &k), TA_ERR_PARSE);
	/* the right DER under another label */
	CHECK_INT(read_der("RSA PRIVATE KEY", der, len, &k), TA_ERR_PARSE);
	CHECK_INT(read_der("PRIVATE KEY", der, len, &k), TA_ERR_PARSE);

	/* RSA: flips and truncations never crash; structural damage is refused */
	REQUIRE(generated(2) != NULL);
	REQUIRE((len = der_of(generated(2), der, sizeof(der))) > 0);
	CHECK_INT(read_der("RSA PRIVATE KEY", der, len, &k), 0);
	for (i = 0; i < len; i += 7) {
		memcpy(bad, der, len);
		bad[i] ^= 0x80;
		r = read_der("RSA PRIVATE KEY", bad, len, &k);
		CHECK(r == 0 || r == TA_ERR_PARSE || r == TA_ERR_CRYPTO || r == TA_ERR_UNSUPPORTED);
		if (i < 16 || i >= len - 16)    /* headers, version, tail of qi */
			CHECK(r != 0);
	}
	for (i = 0; i < len; i += 3) {
		r = read_der("RSA PRIVATE KEY", der, i, &k);
		if (r != TA_ERR_PARSE)
			fprintf(stderr, "    truncated to %zu: %d\n", i, r);
		CHECK_INT(r, TA_ERR_PARSE);
	}
}

/* A PKCS#8 whose algorithm says P-256 around a SEC1 key that says P-384. */
static void t_read_curve_mismatch(void)
{
	static const unsigned char ver0 = 0, ver1 = 1;
	static unsigned char mem[512];
	const ta_key *k = generated(0);
	ta_der_w w;
	ta_key out;
	size_t m, m2;

	REQUIRE(k != NULL);
	ta_der_w_init(&w, mem, sizeof(mem));
	ta_der_prim(&w, TA_DER_OID, ta_oid_p384, sizeof(ta_oid_p384));
	ta_der_wrap(&w, TA_DER_CTX_CONS | 0, 0);
	ta_der_prim(&w, TA_DER_OCTET_STRING, k->ec_priv, 32);
	ta_der_uint(&w, &ver1, 1);
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	ta_der_wrap(&w, TA_DER_OCTET_STRING, 0);
	m = ta_der_w_len(&w);
	ta_der_prim(&w, TA_DER_OID, ta_oid_p256, sizeof(ta_oid_p256));
	ta_der_prim(&w, TA_DER_OID, ta_oid_ec_public_key, sizeof(ta_oid_ec_public_key));
	ta_der_wrap(&w, TA_DER_SEQUENCE, m);
	ta_der_uint(&w, &ver0, 1);
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	REQUIRE(w.err == 0);
	CHECK_INT(read_der("PRIVATE KEY", w.p, ta_der_w_len(&w), &out), TA_ERR_PARSE);

	/* the same with a P-256 inner curve is fine */
	ta_der_w_init(&w, mem, sizeof(mem));
	ta_der_prim(&w, TA_DER_OID, ta_oid_p256, sizeof(ta_oid_p256));
	ta_der_wrap(&w, TA_DER_CTX_CONS | 0, 0);
	ta_der_prim(&w, TA_DER_OCTET_STRING, k->ec_priv, 32);
	ta_der_uint(&w, &ver1, 1);
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	ta_der_wrap(&w, TA_DER_OCTET_STRING, 0);
	m = ta_der_w_len(&w);
	ta_der_prim(&w, TA_DER_OID, ta_oid_p256, sizeof(ta_oid_p256));
	ta_der_prim(&w, TA_DER_OID, ta_oid_ec_public_key, sizeof(ta_oid_ec_public_key));
	ta_der_wrap(&w, TA_DER_SEQUENCE, m);
	m2 = ta_der_w_len(&w);
	ta_der_uint(&w, &ver0, 1);
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	REQUIRE(w.err == 0);
	CHECK_INT(read_der("PRIVATE KEY", w.p, ta_der_w_len(&w), &out), 0);
	CHECK(key_eq(&out, k));
	/* attributes [0] after the key are allowed; anything else is not */
	{
		static unsigned char mem2[600];
		ta_der_w w2;

		ta_der_w_init(&w2, mem2, sizeof(mem2));
		ta_der_prim(&w2, TA_DER_CTX_CONS | 0, "", 0);
		ta_der_raw(&w2, mem + sizeof(mem) - m2, m2);     /* version .. key */
		ta_der_uint(&w2, &ver0, 1);
		ta_der_wrap(&w2, TA_DER_SEQUENCE, 0);
		REQUIRE(w2.err == 0);
		CHECK_INT(read_der("PRIVATE KEY", w2.p, ta_der_w_len(&w2), &out), 0);
		ta_der_w_init(&w2, mem2, sizeof(mem2));
		ta_der_prim(&w2, TA_DER_NULL, "", 0);
		ta_der_raw(&w2, mem + sizeof(mem) - m2, m2);
		ta_der_uint(&w2, &ver0, 1);
		ta_der_wrap(&w2, TA_DER_SEQUENCE, 0);
		REQUIRE(w2.err == 0);
		CHECK_INT(read_der("PRIVATE KEY", w2.p, ta_der_w_len(&w2), &out), TA_ERR_PARSE);
	}
}

/* PKCS#1 with an extra element after qi (as a multi-prime key would have). */
static void t_read_pkcs1_extra(void)
{
	static unsigned char der[4096], mem[4200];
	ta_der d, seq;
	ta_der_w w;
	ta_key out;
	size_t len;

	REQUIRE(generated(2) != NULL);
	REQUIRE((len = der_of(generated(2), der, sizeof(der))) > 0);
	d.p = der;
	d.end = der + len;
	REQUIRE(ta_der_expect(&d, TA_DER_SEQUENCE, &seq) == 0);
	ta_der_w_init(&w, mem, sizeof(mem));
	ta_der_prim(&w, TA_DER_SEQUENCE, "", 0);
	ta_der_raw(&w, seq.p, ta_der_len(&seq));
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	REQUIRE(w.err == 0);
	CHECK_INT(read_der("RSA PRIVATE KEY", w.p, ta_der_w_len(&w), &out), TA_ERR_PARSE);
	/* version 1 (multi-prime) is refused too */
	memcpy(der + 6, "\x01", 1);
	CHECK(der[4] == 0x02 && der[5] == 0x01);
	CHECK_INT(read_der("RSA PRIVATE KEY", der, len, &out), TA_ERR_PARSE);
	der[6] = 0;
	CHECK_INT(read_der("RSA PRIVATE KEY", der, len, &out), 0);
}

/* ---- JWK ---------------------------------------------------------------------- */

static void t_jwk_rfc7638(void)
{
	/* RFC 7638 section 3.1 */
	static const char n64[] =
		"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_B"
		"JECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
		"FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhA"
		"I4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
	static char json[1024], want[1024], tp[64];
	unsigned char h[TA_SHA256_LEN];
	ta_key k;
	ta_buf b;

	ta_key_wipe(&k);
	k.type = TA_KEY_RSA;
	REQUIRE(ta_b64url_decode(n64, strlen(n64), k.n, sizeof(k.n), &k.n_len) == 0);
	CHECK_INT(k.n_len, 256);
	memcpy(k.e, "\x01\x00\x01", 3);
	k.e_len = 3;
	ta_buf_init(&b, json, sizeof(json));
	CHECK_INT(ta_key_jwk(&b, &k), 0);
	REQUIRE(ta_buf_cstr(&b) == 0);
	snprintf(want, sizeof(want), "{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":\"%s\"}", n64);
	CHECK_STR(json, want);
	ta_sha256(json, b.len, h);
	ta_buf_init(&b, tp, sizeof(tp));
	ta_b64url_put(&b, h, sizeof(h));
	REQUIRE(ta_buf_cstr(&b) == 0);
	CHECK_STR(tp, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");

	/* leading zero bytes never reach the JWK */
	memmove(k.e + 1, k.e, 3);
	k.e[0] = 0;
	k.e_len = 4;
	ta_buf_init(&b, json, sizeof(json));
	CHECK_INT(ta_key_jwk(&b, &k), 0);
	REQUIRE(ta_buf_cstr(&b) == 0);
	CHECK_STR(json, want);

	/* one byte short: refused, never truncated */
	ta_buf_init(&b, json, strlen(want) - 1);
	CHECK_INT(ta_key_jwk(&b, &k), TA_ERR_SPACE);
	ta_buf_init(&b, json, strlen(want));
	CHECK_INT(ta_key_jwk(&b, &k), 0);
}

static void t_jwk_ec(void)
{
	/* RFC 7517 appendix A.1 (the public point of a P-256 key) */
	static const char x[] = "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4";
	static const char y[] = "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM";
	static char json[512];
	ta_key k;
	ta_buf b;
	size_t n;

	ta_key_wipe(&k);
	k.type = TA_KEY_EC256;
	k.ec_pub[0] = 4;
	REQUIRE(ta_b64url_decode(x, strlen(x), k.ec_pub + 1, 32, &n) == 0 && n == 32);
	REQUIRE(ta_b64url_decode(y, strlen(y), k.ec_pub + 33, 32, &n) == 0 && n == 32);
	k.ec_pub_len = 65;
	ta_buf_init(&b, json, sizeof(json));
	CHECK_INT(ta_key_jwk(&b, &k), 0);
	REQUIRE(ta_buf_cstr(&b) == 0);
	CHECK_STR(json, "{\"crv\":\"P-256\",\"kty\":\"EC\","
		"\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\","
		"\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}");

	/* P-384: 64-character coordinates */
	REQUIRE(generated(1) != NULL);
	ta_buf_init(&b, json, sizeof(json));
	CHECK_INT(ta_key_jwk(&b, generated(1)), 0);
	REQUIRE(ta_buf_cstr(&b) == 0);
	CHECK(!strncmp(json, "{\"crv\":\"P-384\",\"kty\":\"EC\",\"x\":\"", 31));
	CHECK_INT(b.len, 31 + 64 + 7 + 64 + 2);

	/* a key without its point */
	k.ec_pub_len = 0;
	CHECK_INT(ta_key_jwk(&b, &k), TA_ERR_ARG);
	k.type = TA_KEY_NONE;
	CHECK_INT(ta_key_jwk(&b, &k), TA_ERR_ARG);
}

const ta_test suite_key[] = {
	{ "write_generated", t_write_generated },
	{ "write_short_scalar", t_write_short_scalar },
	{ "write_errors", t_write_errors },
	{ "read_openssl", t_read_openssl },
	{ "read_unsupported", t_read_unsupported },
	{ "read_damaged", t_read_damaged },
	{ "read_curve_mismatch", t_read_curve_mismatch },
	{ "read_pkcs1_extra", t_read_pkcs1_extra },
	{ "jwk_rfc7638", t_jwk_rfc7638 },
	{ "jwk_ec", t_jwk_ec },
	{ 0, 0 }
};
