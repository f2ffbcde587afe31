/* Tests of the PKCS#10 writer: for every key type and several name lists
 * (one, several, wildcard plus apex, 100, very long), openssl must verify
 * the self-signature and list exactly our names, subject and key; a buffer
 * that is too small gives TA_ERR_SPACE and nothing outside it changes. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_tls.h"
#include "ta_buf.h"
#include "ta_csr.h"
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

static int setup(void)
{
	if (!have_openssl()) {
		ta_test_skip("no openssl command");
		return 0;
	}
	snprintf(dir, sizeof(dir), "/tmp/tacme-csr-XXXXXX");
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
	static char p[128];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
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

/* ---- keys ------------------------------------------------------------------- */

enum { K256, K384, KRSA, KRSA4096, NKEYS };
static ta_key keys[NKEYS];
static const char *const key_name[NKEYS] = { "P-256", "P-384", "RSA-2048", "RSA-4096" };

/* The key, made once: by ta_key_generate, or (RSA-4096, which BearSSL is
 * slow to make) by openssl in the current test folder. */
static const ta_key *key(int i)
{
	static const int type[3] = { TA_KEY_EC256, TA_KEY_EC384, TA_KEY_RSA };
	static char text[8192];
	long n;

	if (keys[i].type != TA_KEY_NONE)
		return &keys[i];
	if (i < KRSA4096)
		return ta_key_generate(&keys[i], type[i], 2048) == 0 ? &keys[i] : NULL;
	if (!sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out k4096.pem "
	    "2>/dev/null") || (n = get("k4096.pem", text, sizeof(text))) < 0 ||
	    ta_key_from_pem(&keys[i], text, (size_t)n) != 0)
		return NULL;
	return &keys[i];
}

/* ---- checking one CSR --------------------------------------------------------- */

static unsigned char csr[40000];
static char text[200000];

/* Writes the CSR as PEM to req.pem. */
static int save(const unsigned char *der, size_t len)
{
	static char pem[60000];
	ta_buf b;

	ta_buf_init(&b, pem, sizeof(pem));
	ta_pem_put(&b, "CERTIFICATE REQUEST", der, len);
	return !b.err && put("req.pem", pem, b.len);
}

/* The value lines that follow the line containing heading in text, joined
 * (openssl prints a long SAN list on one line); NULL if absent. */
static const char *after(const char *heading)
{
	static char line[60000];
	const char *p = strstr(text, heading), *e;
	size_t n;

	if (!p || !(p = strchr(p, '\n')))
		return NULL;
	while (*++p == ' ')
		;
	e = strchr(p, '\n');
	n = e ? (size_t)(e - p) : strlen(p);
	if (n >= sizeof(line))
		return NULL;
	memcpy(line, p, n);
	line[n] = '\0';
	return line;
}

/* Makes and checks the CSR of key ki for names[0..n). */
static void check_csr(int ki, const char *const *names, size_t n)
{
	static char want[60000];
	static unsigned char spki[600];
	static const char *const sigalg[NKEYS] = { "ecdsa-with-SHA256", "ecdsa-with-SHA384",
		"sha256WithRSAEncryption", "sha256WithRSAEncryption" };
	const ta_key *k = key(ki);
	const char *got;
	size_t len = 0, spki_len, i;
	ta_buf b;

	REQUIRE(k != NULL);
	CHECK_INT(ta_csr_make(k, names, n, csr, sizeof(csr), &len), 0);
	/* ta_csr_bound holds, and is tight: it counts a CN of 64 characters
	 * (77 bytes with its headers), 3 bytes of tag and length per name (2
	 * below 128 characters), RSA's longer algorithm (3 more than EC's),
	 * r and s with leading zeros, and 4-byte headers for the 9 structures
	 * that may reach 256 bytes */
	for (i = 0, spki_len = 0; i < n; i++)
		spki_len += strlen(names[i]);
	spki_len = ta_csr_bound(k->type, k->bits, n, spki_len);
	if (len > spki_len || spki_len > len + n + 25 +
	    (strlen(names[0]) <= 64 ? 64 - strlen(names[0]) : 77)) {
		fprintf(stderr, "    %s, %zu names: CSR of %zu bytes, bound %zu\n", key_name[ki],
			n, len, spki_len);
		CHECK(0);
	}
	REQUIRE(len > 0 && save(csr, len));
	if (!sh("openssl req -in req.pem -noout -verify 2>&1 | grep -q 'verify OK'")) {
		fprintf(stderr, "    %s, %zu names: signature refused\n", key_name[ki], n);
		CHECK(0);
	}
	REQUIRE(sh("openssl req -in req.pem -noout -text -nameopt RFC2253 > req.txt"));
	REQUIRE(get("req.txt", text, sizeof(text)) > 0);
	/* exactly our names, in order */
	ta_buf_init(&b, want, sizeof(want));
	for (i = 0; i < n; i++)
		ta_buf_printf(&b, "%sDNS:%s", i ? ", " : "", names[i]);
	REQUIRE(ta_buf_cstr(&b) == 0);
	got = after("X509v3 Subject Alternative Name:");
	CHECK(got != NULL);
	if (got && strcmp(got, want)) {
		fprintf(stderr, "    SANs: %.200s\n    want: %.200s\n", got, want);
		CHECK(0);
	}
	/* one SAN extension, nothing else requested */
	CHECK(strstr(text, "Requested Extensions:") != NULL);
	got = strstr(text, "Subject Alternative Name");
	CHECK(got && !strstr(got + 1, "Subject Alternative Name"));
	CHECK(!strstr(text, "Basic Constraints") && !strstr(text, "Key Usage"));
	/* subject CN = first name, or empty */
	REQUIRE(sh("openssl req -in req.pem -noout -subject -nameopt RFC2253 > subj.txt"));
	REQUIRE(get("subj.txt", text, sizeof(text)) > 0);
	if (strlen(names[0]) <= 64) {
		snprintf(want, sizeof(want), "subject=CN=%s\n", names[0]);
		CHECK_STR(text, want);
	} else {
		CHECK_STR(text, "subject=\n");
	}
	/* version 1 (0), our key, our algorithm */
	REQUIRE(sh("openssl req -in req.pem -noout -text > req.txt"));
	REQUIRE(get("req.txt", text, sizeof(text)) > 0);
	CHECK(strstr(text, "Version: 1 (0x0)") != NULL);
	snprintf(want, sizeof(want), "Signature Algorithm: %s\n", sigalg[ki]);
	CHECK(strstr(text, want) != NULL);
	REQUIRE(ta_key_spki(k, spki, sizeof(spki), &spki_len) == 0);
	REQUIRE(sh("openssl req -in req.pem -noout -pubkey | openssl pkey -pubin -outform DER "
		"-out pub.der"));
	CHECK(get("pub.der", text, sizeof(text)) == (long)spki_len && !memcmp(text, spki, spki_len));
}

/* ---- the name lists ------------------------------------------------------------- */

static const char *const one[] = { "router.example.com" };
static const char *const several[] = { "nas.example.com", "www.nas.example.com",
	"files.example.net", "Mixed-Case.Example.org" };
static const char *const wild[] = { "*.home.example.com", "home.example.com" };

static char many_mem[100][64];
static const char *many[100];
static char long_mem[100][254];
static const char *longs[100];

static void make_lists(void)
{
	size_t i;

	for (i = 0; i < 100; i++) {
		snprintf(many_mem[i], sizeof(many_mem[i]), "host-%03zu.example.com", i);
		many[i] = many_mem[i];
		/* 253 characters: four 62-character labels and a three-letter TLD */
		memset(long_mem[i], 'a' + (int)(i % 26), 253);
		long_mem[i][62] = long_mem[i][125] = long_mem[i][188] = long_mem[i][249] = '.';
		snprintf(long_mem[i], 4, "%03zu", i);
		long_mem[i][3] = 'x';
		long_mem[i][253] = '\0';
		longs[i] = long_mem[i];
	}
}

static void run_lists(int ki)
{
	make_lists();
	if (!setup())
		return;
	check_csr(ki, one, 1);
	check_csr(ki, several, TA_ARRAY_LEN(several));
	check_csr(ki, wild, TA_ARRAY_LEN(wild));
	check_csr(ki, many, 100);
	done();
}

static void t_p256(void)
{
	run_lists(K256);
}

static void t_p384(void)
{
	run_lists(K384);
}

static void t_rsa2048(void)
{
	run_lists(KRSA);
}

static void t_largest(void)
{
	/* 100 names of 253 characters with a 4096-bit key: about 26 KB; the
	 * first name is too long for the CN, so the subject is empty */
	make_lists();
	if (!setup())
		return;
	check_csr(KRSA4096, longs, 100);
	check_csr(K256, longs + 1, 2);
	{
		/* the CN's upper bound: 64 characters fit, 65 do not */
		static char n64[65], n65[66];
		const char *nm[2] = { n64, n65 };

		memset(n64, 'a', 64);
		memcpy(n64 + 60, ".org", 4);
		memset(n65, 'b', 65);
		memcpy(n65 + 61, ".org", 4);
		check_csr(K384, nm, 2);
		nm[0] = n65;
		nm[1] = n64;
		check_csr(K384, nm, 2);
	}
	done();
}

static void t_space(void)
{
	static unsigned char ref[4096], buf[4096 + 64];
	const ta_key *k = key(K256);
	size_t need = 0, len, cap;
	int r;

	REQUIRE(k != NULL);
	REQUIRE(ta_csr_make(k, several, TA_ARRAY_LEN(several), ref, sizeof(ref), &need) == 0);
	for (cap = 0; cap <= need + 2; cap += cap + 40 < need ? 37 : 1) {
		memset(buf, 0xa5, sizeof(buf));
		len = 0;
		r = ta_csr_make(k, several, TA_ARRAY_LEN(several), buf + 32, cap, &len);
		CHECK_INT(r, cap < need ? TA_ERR_SPACE : 0);
		CHECK(buf[31] == 0xa5 && buf[32 + cap] == 0xa5);
		if (r == 0)   /* deterministic ECDSA: the very same request */
			CHECK(len == need && !memcmp(buf + 32, ref, need));
	}
	/* the largest request does not fit 16 KB */
	make_lists();
	REQUIRE(key(KRSA) != NULL);
	CHECK_INT(ta_csr_make(key(KRSA), longs, 100, csr, 16384, &len), TA_ERR_SPACE);
}

static void t_bad_args(void)
{
	static const char *const empty[] = { "" };
	static const char *const space[] = { "a.example", "b example" };
	static const char *const ctrl[] = { "a\n.example" };
	static const char *const utf8[] = { "caf\xc3\xa9.example" };
	const ta_key *k = key(K256);
	ta_key none;
	size_t len;

	make_lists();
	REQUIRE(k != NULL);
	CHECK_INT(ta_csr_make(k, one, 0, csr, sizeof(csr), &len), TA_ERR_ARG);
	CHECK_INT(ta_csr_make(k, empty, 1, csr, sizeof(csr), &len), TA_ERR_ARG);
	CHECK_INT(ta_csr_make(k, space, 2, csr, sizeof(csr), &len), TA_ERR_ARG);
	CHECK_INT(ta_csr_make(k, ctrl, 1, csr, sizeof(csr), &len), TA_ERR_ARG);
	CHECK_INT(ta_csr_make(k, utf8, 1, csr, sizeof(csr), &len), TA_ERR_ARG);
	{
		const char *too_many[101];
		size_t i;

		for (i = 0; i < 101; i++)
			too_many[i] = many[i % 100];
		CHECK_INT(ta_csr_make(k, too_many, 101, csr, sizeof(csr), &len), TA_ERR_ARG);
		CHECK_INT(ta_csr_make(k, too_many, 100, csr, sizeof(csr), &len), 0);
	}
	{
		char name[300];
		const char *nm[1];

		memset(name, 'a', 254);
		name[254] = '\0';
		nm[0] = name;
		CHECK_INT(ta_csr_make(k, nm, 1, csr, sizeof(csr), &len), TA_ERR_ARG);
		name[253] = '\0';
		CHECK_INT(ta_csr_make(k, nm, 1, csr, sizeof(csr), &len), 0);
	}
	ta_key_wipe(&none);
	CHECK_INT(ta_csr_make(&none, one, 1, csr, sizeof(csr), &len), TA_ERR_ARG);
}

/* The signature of an EC CSR is a DER ECDSA-Sig-Value with minimal
 * integers, whatever the top bits of r and s: check many requests. */
static void t_ecdsa_sig_form(void)
{
	static char name[32];
	const char *nm[1] = { name };
	int ki, i;

	for (ki = K256; ki <= K384; ki++) {
		const ta_key *k = key(ki);
		int high = 0;

		REQUIRE(k != NULL);
		for (i = 0; i < 64; i++) {
			ta_der d, cert, v, sig, r, s;
			size_t len;

			snprintf(name, sizeof(name), "n%d.example", i);
			REQUIRE(ta_csr_make(k, nm, 1, csr, sizeof(csr), &len) == 0);
			d.p = csr;
			d.end = csr + len;
			REQUIRE(ta_der_expect(&d, TA_DER_SEQUENCE, &cert) == 0 && d.p == d.end);
			REQUIRE(ta_der_expect(&cert, TA_DER_SEQUENCE, &v) == 0);
			REQUIRE(ta_der_expect(&cert, TA_DER_SEQUENCE, &v) == 0);
			REQUIRE(ta_der_expect(&cert, TA_DER_BIT_STRING, &v) == 0 && cert.p == cert.end);
			REQUIRE(ta_der_len(&v) > 1 && v.p[0] == 0);
			v.p++;
			REQUIRE(ta_der_expect(&v, TA_DER_SEQUENCE, &sig) == 0 && v.p == v.end);
			/* get_uint refuses anything not minimal and non-negative */
			CHECK(ta_der_get_uint(&sig, &r) == 0 && ta_der_get_uint(&sig, &s) == 0);
			CHECK(sig.p == sig.end);
			CHECK(ta_der_len(&r) <= (size_t)(ki == K256 ? 32 : 48));
			high += s.p[-1] == 0;      /* s needed a 0x00 sign byte */
		}
		CHECK(high > 0);        /* half of them, by chance */
	}
}

const ta_test suite_csr[] = {
	{ "p256", t_p256 },
	{ "p384", t_p384 },
	{ "rsa2048", t_rsa2048 },
	{ "largest", t_largest },
	{ "space", t_space },
	{ "bad_args", t_bad_args },
	{ "ecdsa_sig_form", t_ecdsa_sig_form },
	{ 0, 0 }
};
