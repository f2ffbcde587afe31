/* Tests of the certificate reader: certificates made by `openssl ca` with
 * known serials, dates (UTCTime and GeneralizedTime), names, SANs and AKI
 * have every field compared; a PEM chain is walked; synthetic certificates
 * written with der.c check each strictness rule; truncated and bit-flipped
 * certificates are refused (or read within bounds) and never crash. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_tls.h"
#include "ta_cert.h"
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

static const char *path(const char *name)
{
	static char p[128];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
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
	char cmd[4096];
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

static void done(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "    could not remove %s\n", dir);
}

/* The test PKI: a CA with a fixed subjectKeyIdentifier; "leaf" (v3, P-256,
 * serial 00c0ffee, 2024-02-29T12:34:56Z to 2050-01-01, SANs mixing DNS, IP
 * and email, AKI, keyUsage without keyCertSign, extKeyUsage without
 * serverAuth; the CA's has both); "old" (v1, RSA, serial 7f0102, 1999-12-31T23:59:59Z to
 * 2049-12-31T23:59:59Z, no extensions). */
static const char ca_cnf[] =
	"[ca]\ndefault_ca = tca\n"
	"[tca]\ndatabase = index.txt\nserial = serial\nnew_certs_dir = .\n"
	"certificate = ca.pem\nprivate_key = ca.key\ndefault_md = sha256\npolicy = pol\n"
	"email_in_dn = no\nunique_subject = no\n"
	"[pol]\ncommonName = supplied\n"
	"[req]\ndistinguished_name = dn\n[dn]\n"
	"[ca_ext]\nsubjectKeyIdentifier = 0102030405060708090a0b0c0d0e0f1011121314\n"
	"basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign\n"
	"extendedKeyUsage = clientAuth,serverAuth\n"
	"[leaf_ext]\nsubjectAltName = DNS:leaf.example.com,IP:192.0.2.1,"
	"DNS:*.wild.example.com,email:a@b.example,DNS:UPPER.Example.NET\n"
	"authorityKeyIdentifier = keyid:always\nbasicConstraints = CA:FALSE\n"
	"keyUsage = digitalSignature,keyEncipherment\nextendedKeyUsage = clientAuth,codeSigning\n";

static int make_pki(void)
{
	int made;

	snprintf(dir, sizeof(dir), "/tmp/tacme-cert-XXXXXX");
	if (!mkdtemp(dir))
		return 0;
	made = sh("(printf '%%s' '%s' > ca.cnf && touch index.txt && "
		"openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key && "
		"openssl req -x509 -new -config ca.cnf -extensions ca_ext -key ca.key -set_serial 1 "
		"-subj '/O=tacme test/CN=tacme test CA' -days 3650 -out ca.pem && "
		"openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out leaf.key && "
		"openssl req -new -config ca.cnf -key leaf.key -subj /CN=leaf.example.com -out leaf.csr && "
		"echo 00C0FFEE > serial && "
		"openssl ca -batch -config ca.cnf -extensions leaf_ext -in leaf.csr -out leaf.pem "
		"-startdate 240229123456Z -enddate 20500101000000Z -notext && "
		"openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out old.key && "
		"openssl req -new -config ca.cnf -key old.key -subj /CN=old.example -out old.csr && "
		"echo 7F0102 > serial && "
		"openssl ca -batch -config ca.cnf -in old.csr -out old.pem "
		"-startdate 991231235959Z -enddate 491231235959Z -notext) > /dev/null 2>&1", ca_cnf);
	if (made)
		made = sh("openssl x509 -in leaf.pem -outform DER -out leaf.der && "
			"openssl x509 -in old.pem -outform DER -out old.der && "
			"openssl x509 -in ca.pem -outform DER -out ca.der && "
			"openssl x509 -in leaf.pem -noout -text | grep -q 'Version: 3' && "
			"openssl x509 -in old.pem -noout -text | grep -q 'Version: 1'");
	return made;
}

/* Reads file name into buf; returns its length (0 when missing). */
static size_t load(const char *name, unsigned char *buf, size_t cap)
{
	long n = get(name, buf, cap);

	return n > 0 ? (size_t)n : 0;
}

/* 1 if the slice equals file name's bytes. */
static int same_as_file(const unsigned char *p, size_t len, const char *name)
{
	static unsigned char b[8192];
	size_t n = load(name, b, sizeof(b));

	return n == len && !memcmp(b, p, len);
}

static int mem_has(const unsigned char *p, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(p + i, s, n))
			return 1;
	return 0;
}

static unsigned char leaf[4096], old[4096], ca[4096];
static size_t leaf_len, old_len, ca_len;

/* Makes the PKI and loads its DER; 0 when skipped or failed (marked). */
static int load_all(void)
{
	if (!have_openssl()) {
		ta_test_skip("no openssl command");
		return 0;
	}
	if (make_pki()) {
		leaf_len = load("leaf.der", leaf, sizeof(leaf));
		old_len = load("old.der", old, sizeof(old));
		ca_len = load("ca.der", ca, sizeof(ca));
		if (leaf_len && old_len && ca_len)
			return 1;
	}
	CHECK(!"making the test PKI");
	done();
	return 0;
}

/* ---- certificates made by openssl -------------------------------------------- */

static void t_openssl_leaf(void)
{
	static const unsigned char aki[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		16, 17, 18, 19, 20 };
	static const char *const want[] = { "leaf.example.com", "*.wild.example.com",
		"UPPER.Example.NET" };
	static char text[4096];
	static unsigned char keypem[4096];
	ta_cert_info ci, cai;
	unsigned char spki[200];
	size_t pos = 0, len, i, spki_len;
	const char *name;
	ta_key k;
	char cn[64];

	if (!load_all())
		return;
	REQUIRE(ta_cert_parse(leaf, leaf_len, &ci) == 0);
	REQUIRE(ta_cert_parse(ca, ca_len, &cai) == 0);
	/* serial as encoded: the 0x00 before 0xc0 is kept */
	CHECK(ci.serial_len == 4 && !memcmp(ci.serial, "\x00\xc0\xff\xee", 4));
	CHECK_INT(ci.not_before, 1709210096LL);          /* UTCTime */
	CHECK_INT(ci.not_after, 2524608000LL);           /* GeneralizedTime */
	/* issuer = the CA's subject, byte for byte; subject is the leaf's */
	CHECK(ci.issuer_len == cai.subject_len && !memcmp(ci.issuer, cai.subject, ci.issuer_len));
	CHECK(cai.issuer_len == cai.subject_len && !memcmp(cai.issuer, cai.subject, cai.issuer_len));
	CHECK(ci.issuer > leaf && ci.issuer + ci.issuer_len < leaf + leaf_len);
	CHECK(ci.issuer[0] == 0x30 && mem_has(ci.issuer, ci.issuer_len, "tacme test CA"));
	CHECK(ci.subject[0] == 0x30 && mem_has(ci.subject, ci.subject_len, "leaf.example.com"));
	CHECK(!mem_has(ci.subject, ci.subject_len, "tacme"));
	CHECK_INT(ta_cert_issuer_cn(&ci, cn, sizeof(cn)), 0);
	CHECK_STR(cn, "tacme test CA");
	/* what a TLS backend checks: CA, keyCertSign, serverAuth, IP names */
	CHECK(!ci.is_ca && ci.no_cert_sign && ci.no_server_auth);
	CHECK(cai.is_ca && !cai.no_cert_sign && !cai.no_server_auth);
	CHECK(ta_cert_has_ip(&ci, (const unsigned char *)"\xc0\x00\x02\x01", 4));
	CHECK(!ta_cert_has_ip(&ci, (const unsigned char *)"\xc0\x00\x02\x02", 4));
	CHECK(!ta_cert_has_ip(&cai, (const unsigned char *)"\xc0\x00\x02\x01", 4));
	CHECK_INT(ta_cert_count_names(&ci), 5);
	CHECK_INT(ta_cert_issuer_cn(&ci, cn, 13), TA_ERR_SPACE);
	CHECK_INT(ta_cert_issuer_cn(&ci, cn, 14), 0);
	/* the key: what openssl prints, and what we make of leaf.key */
	REQUIRE(sh("openssl x509 -in leaf.pem -noout -pubkey | openssl pkey -pubin -outform DER "
		"-out leaf.spki"));
	CHECK(same_as_file(ci.spki, ci.spki_len, "leaf.spki"));
	len = load("leaf.key", keypem, sizeof(keypem));
	REQUIRE(ta_key_from_pem(&k, (const char *)keypem, len) == 0);
	REQUIRE(ta_key_spki(&k, spki, sizeof(spki), &spki_len) == 0);
	CHECK(spki_len == ci.spki_len && !memcmp(spki, ci.spki, spki_len));
	ta_key_wipe(&k);
	/* AKI keyIdentifier = the CA's subjectKeyIdentifier */
	CHECK(ci.aki_len == 20 && !memcmp(ci.aki, aki, 20));
	CHECK_INT(cai.aki_len, 0);
	/* the dNSNames, in order; IP and email entries skipped */
	for (i = 0; ta_cert_next_name(&ci, &pos, &name, &len) == 0; i++) {
		REQUIRE(i < TA_ARRAY_LEN(want));
		CHECK(len == strlen(want[i]) && !memcmp(name, want[i], len));
	}
	CHECK_INT(i, 3);
	CHECK_INT(ta_cert_next_name(&ci, &pos, &name, &len), TA_ERR_NOTFOUND);
	CHECK_INT(ta_cert_count_names(&ci), 5);   /* every entry: the IP and email too */
	CHECK(ta_cert_has_name(&ci, "leaf.example.com"));
	CHECK(ta_cert_has_name(&ci, "LEAF.example.COM"));
	CHECK(ta_cert_has_name(&ci, "upper.example.net"));
	CHECK(ta_cert_has_name(&ci, "*.wild.example.com"));
	CHECK(!ta_cert_has_name(&ci, "x.wild.example.com"));   /* exact, no matching */
	CHECK(!ta_cert_has_name(&ci, "wild.example.com"));
	CHECK(!ta_cert_has_name(&ci, "leaf.example.co"));
	CHECK(!ta_cert_has_name(&ci, "leaf.example.comm"));
	CHECK(!ta_cert_has_name(&ci, "192.0.2.1"));
	CHECK(!ta_cert_has_name(&ci, "a@b.example"));
	CHECK(!ta_cert_has_name(&ci, ""));
	/* the CA has no SAN */
	pos = 0;
	CHECK(cai.san == NULL);
	CHECK_INT(ta_cert_next_name(&cai, &pos, &name, &len), TA_ERR_NOTFOUND);
	CHECK_INT(ta_cert_count_names(&cai), 0);
	/* openssl agrees on the dates */
	REQUIRE(sh("openssl x509 -in leaf.pem -noout -startdate -enddate -serial > dates.txt"));
	REQUIRE(get("dates.txt", text, sizeof(text)) > 0);
	CHECK_STR(text, "notBefore=Feb 29 12:34:56 2024 GMT\nnotAfter=Jan  1 00:00:00 2050 GMT\n"
		"serial=C0FFEE\n");
	done();
}

static void t_openssl_v1(void)
{
	ta_cert_info ci;
	unsigned char keypem[4096], spki[600];
	size_t len, spki_len, pos = 0;
	const char *name;
	ta_key k;
	char cn[64];

	if (!load_all())
		return;
	REQUIRE(ta_cert_parse(old, old_len, &ci) == 0);
	CHECK(ci.serial_len == 3 && !memcmp(ci.serial, "\x7f\x01\x02", 3));
	CHECK_INT(ci.not_before, 946684799LL);           /* 19YY */
	CHECK_INT(ci.not_after, 2524607999LL);           /* 20YY */
	CHECK(ci.aki == NULL && ci.aki_len == 0);
	CHECK(ci.san == NULL);
	CHECK(!ci.is_ca && !ci.no_cert_sign && !ci.no_server_auth);
	CHECK_INT(ta_cert_next_name(&ci, &pos, &name, &len), TA_ERR_NOTFOUND);
	CHECK(!ta_cert_has_name(&ci, "old.example"));
	CHECK_INT(ta_cert_issuer_cn(&ci, cn, sizeof(cn)), 0);
	CHECK_STR(cn, "tacme test CA");
	len = load("old.key", keypem, sizeof(keypem));
	REQUIRE(ta_key_from_pem(&k, (const char *)keypem, len) == 0);
	REQUIRE(ta_key_spki(&k, spki, sizeof(spki), &spki_len) == 0);
	CHECK(spki_len == ci.spki_len && !memcmp(spki, ci.spki, spki_len));
	ta_key_wipe(&k);
	done();
}

static void t_chain(void)
{
	static char text[16384];
	static unsigned char der[4096];
	ta_cert_info ci;
	size_t pos = 0, n;
	long len;

	if (!load_all())
		return;
	REQUIRE(sh("(echo 'leading text'; cat leaf.pem leaf.key ca.pem; echo) > chain.pem"));
	REQUIRE((len = get("chain.pem", text, sizeof(text))) > 0);
	CHECK_INT(ta_cert_next(text, (size_t)len, &pos, der, sizeof(der), &ci), 0);
	CHECK(ci.serial_len == 4 && ci.aki_len == 20);
	CHECK_INT(ta_cert_next(text, (size_t)len, &pos, der, sizeof(der), &ci), 0);
	CHECK(ci.serial_len == 1 && ci.serial[0] == 1 && ci.aki_len == 0);   /* the CA */
	CHECK_INT(ta_cert_next(text, (size_t)len, &pos, der, sizeof(der), &ci), TA_ERR_NOTFOUND);
	/* a buffer too small for the certificate */
	pos = 0;
	CHECK_INT(ta_cert_next(text, (size_t)len, &pos, der, 100, &ci), TA_ERR_SPACE);
	/* a damaged body */
	pos = 0;
	n = (size_t)(strstr(text, "-----END") - text) - 10;
	text[n] = '*';
	CHECK_INT(ta_cert_next(text, (size_t)len, &pos, der, sizeof(der), &ci), TA_ERR_PARSE);
	done();
}

/* ---- damage ---------------------------------------------------------------------- */

/* Every slice of ci lies inside der[0..len). */
static int inside(const ta_cert_info *ci, const unsigned char *der, size_t len)
{
#define IN(p, n) ((p) == NULL ? (n) == 0 : ((p) >= der && (n) <= len && (p) + (n) <= der + len))
	return IN(ci->serial, ci->serial_len) && IN(ci->issuer, ci->issuer_len) &&
		IN(ci->subject, ci->subject_len) && IN(ci->spki, ci->spki_len) &&
		IN(ci->aki, ci->aki_len) && IN(ci->san, ci->san_len) && ci->serial && ci->issuer &&
		ci->subject && ci->spki;
#undef IN
}

static void damage(const unsigned char *der, size_t len)
{
	static unsigned char bad[4096 + 1];
	ta_cert_info ci;
	size_t i, bit, accepted = 0, pos, n;
	const char *name;
	int r;

	/* every truncation, and one byte more */
	for (i = 0; i < len; i++) {
		memcpy(bad, der, i);
		CHECK_INT(ta_cert_parse(bad, i, &ci), TA_ERR_PARSE);
	}
	memcpy(bad, der, len);
	bad[len] = 0;
	CHECK_INT(ta_cert_parse(bad, len + 1, &ci), TA_ERR_PARSE);
	/* every single-bit flip: refused, or read within bounds */
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(bad, der, len);
			bad[i] ^= (unsigned char)(1 << bit);
			r = ta_cert_parse(bad, len, &ci);
			if (i < 8)          /* the certificate's and TBS's headers */
				CHECK_INT(r, TA_ERR_PARSE);
			if (r != 0) {
				CHECK_INT(r, TA_ERR_PARSE);
				continue;
			}
			accepted++;
			CHECK(inside(&ci, bad, len));
			for (pos = 0; ta_cert_next_name(&ci, &pos, &name, &n) == 0;)
				CHECK((const unsigned char *)name >= bad && (const unsigned char *)name + n <= bad + len);
		}
	/* flips inside signature bytes, key bits and strings are fine; at least
	 * the structural ones are caught */
	CHECK(accepted < len * 8);
}

static void t_damaged(void)
{
	static unsigned char bad[4096];
	ta_cert_info ci;
	size_t i;

	if (!load_all())
		return;
	damage(leaf, leaf_len);
	damage(old, old_len);
	/* a bad date inside an otherwise valid certificate */
	for (i = 0; i + 13 <= leaf_len; i++)
		if (!memcmp(leaf + i, "240229123456Z", 13))
			break;
	REQUIRE(i + 13 <= leaf_len);
	memcpy(bad, leaf, leaf_len);
	memcpy(bad + i, "241329", 6);                    /* month 13 */
	CHECK_INT(ta_cert_parse(bad, leaf_len, &ci), TA_ERR_PARSE);
	memcpy(bad, leaf, leaf_len);
	memcpy(bad + i, "230229", 6);                    /* 2023-02-29 */
	CHECK_INT(ta_cert_parse(bad, leaf_len, &ci), TA_ERR_PARSE);
	memcpy(bad, leaf, leaf_len);
	bad[i + 12] = '0';                               /* no Z */
	CHECK_INT(ta_cert_parse(bad, leaf_len, &ci), TA_ERR_PARSE);
	memcpy(bad, leaf, leaf_len);
	memcpy(bad + i, "240229123457Z", 13);            /* still fine */
	CHECK_INT(ta_cert_parse(bad, leaf_len, &ci), 0);
	CHECK_INT(ci.not_before, 1709210097LL);
	done();
}

/* ---- synthetic certificates: one rule each ----------------------------------------- */

enum {
	DUP_SAN = 1 << 0, BAD_VERSION = 1 << 1, SERIAL_NONMIN = 1 << 2, EXT_EMPTY = 1 << 3,
	SAN_UNIVERSAL = 1 << 4, UID_AFTER_EXT = 1 << 5, CRIT_LEN2 = 1 << 6,
	TRAILING_TBS = 1 << 7, NO_SIGNATURE = 1 << 8, AKI_ORDER = 1 << 9, SAN_EMPTY = 1 << 10,
	DUP_AKI = 1 << 11, NEG_SERIAL = 1 << 12, NO_VERSION = 1 << 13, UNKNOWN_EXT = 1 << 14,
	UID_BEFORE_EXT = 1 << 15, CRIT_FIRST = 1 << 16, EXT_TRAILING = 1 << 17,
	VALIDITY_3 = 1 << 18, SIG_TRAILING = 1 << 19, ISSUER_NOT_SEQ = 1 << 20
};

static const unsigned char alg[12] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d,
	0x04, 0x03, 0x02 };

static void name(ta_der_w *w, const char *cn)
{
	size_t m = ta_der_w_len(w);

	ta_der_prim(w, TA_DER_UTF8, cn, strlen(cn));
	ta_der_prim(w, TA_DER_OID, "\x55\x04\x03", 3);
	ta_der_wrap(w, TA_DER_SEQUENCE, m);
	ta_der_wrap(w, TA_DER_SET, m);
	ta_der_wrap(w, TA_DER_SEQUENCE, m);
}

/* Writes a certificate with the given flaws into buf; returns its length. */
static size_t synth(unsigned flags, unsigned char *buf, size_t cap, const unsigned char **out)
{
	ta_der_w w;
	size_t m, mt, me, i;

	ta_der_w_init(&w, buf, cap);
	if (flags & SIG_TRAILING)
		ta_der_prim(&w, TA_DER_NULL, "", 0);
	if (!(flags & NO_SIGNATURE))
		ta_der_bits(&w, "sig", 3);
	ta_der_raw(&w, alg, sizeof(alg));
	mt = ta_der_w_len(&w);
	if (flags & TRAILING_TBS)
		ta_der_prim(&w, TA_DER_OCTET_STRING, "x", 1);
	if (flags & UID_AFTER_EXT)
		ta_der_prim(&w, TA_DER_CTX | 1, "\0\1", 2);
	me = ta_der_w_len(&w);
	if (flags & EXT_TRAILING)
		ta_der_prim(&w, TA_DER_NULL, "", 0);
	if (!(flags & EXT_EMPTY)) {
		if (flags & UNKNOWN_EXT) {      /* unknown, critical: still read */
			m = ta_der_w_len(&w);
			ta_der_prim(&w, TA_DER_OCTET_STRING, "\x05\x00", 2);
			ta_der_prim(&w, TA_DER_BOOLEAN, "\xff", 1);
			ta_der_prim(&w, TA_DER_OID, "\x2b\x06\x01\x04\x01\x82\x37", 7);
			ta_der_wrap(&w, TA_DER_SEQUENCE, m);
		}
		for (i = 0; i < (flags & DUP_AKI ? 2u : 1u); i++) {
			m = ta_der_w_len(&w);
			if (flags & AKI_ORDER) {
				ta_der_prim(&w, TA_DER_CTX | 0, "keyid", 5);
				ta_der_prim(&w, TA_DER_CTX | 2, "\1", 1);
			} else {
				ta_der_prim(&w, TA_DER_CTX | 2, "\1", 1);
				ta_der_prim(&w, TA_DER_CTX | 0, "keyid", 5);
			}
			ta_der_wrap(&w, TA_DER_SEQUENCE, m);
			ta_der_wrap(&w, TA_DER_OCTET_STRING, m);
			ta_der_prim(&w, TA_DER_OID, "\x55\x1d\x23", 3);
			ta_der_wrap(&w, TA_DER_SEQUENCE, m);
		}
		for (i = 0; i < (flags & DUP_SAN ? 2u : 1u); i++) {
			m = ta_der_w_len(&w);
			if (!(flags & SAN_EMPTY)) {
				ta_der_prim(&w, TA_DER_CTX | 2, "b.example", 9);
				if (flags & SAN_UNIVERSAL)
					ta_der_prim(&w, TA_DER_UTF8, "x", 1);
				ta_der_prim(&w, TA_DER_CTX | 7, "\xc0\x00\x02\x01", 4);
				ta_der_prim(&w, TA_DER_CTX | 2, "a.example", 9);
			}
			ta_der_wrap(&w, TA_DER_SEQUENCE, m);
			ta_der_wrap(&w, TA_DER_OCTET_STRING, m);
			if (flags & CRIT_FIRST) {
				ta_der_prim(&w, TA_DER_OID, "\x55\x1d\x11", 3);
				ta_der_prim(&w, TA_DER_BOOLEAN, "\xff", 1);
			} else {
				if (flags & CRIT_LEN2)
					ta_der_prim(&w, TA_DER_BOOLEAN, "\xff\xff", 2);
				else
					ta_der_prim(&w, TA_DER_BOOLEAN, "\xff", 1);
				ta_der_prim(&w, TA_DER_OID, "\x55\x1d\x11", 3);
			}
			ta_der_wrap(&w, TA_DER_SEQUENCE, m);
		}
	}
	ta_der_wrap(&w, TA_DER_SEQUENCE, me);
	ta_der_wrap(&w, TA_DER_CTX_CONS | 3, me);
	if (flags & UID_BEFORE_EXT)
		ta_der_prim(&w, TA_DER_CTX | 2, "\0\1", 2);
	ta_der_raw(&w, "\x30\x02\x05\x00", 4);             /* "SubjectPublicKeyInfo" */
	name(&w, "leaf");
	m = ta_der_w_len(&w);
	if (flags & VALIDITY_3)
		ta_der_prim(&w, TA_DER_GENTIME, "20510101000000Z", 15);
	ta_der_prim(&w, TA_DER_GENTIME, "20500101000000Z", 15);
	ta_der_prim(&w, TA_DER_UTCTIME, "240229123456Z", 13);
	ta_der_wrap(&w, TA_DER_SEQUENCE, m);
	if (flags & ISSUER_NOT_SEQ)
		ta_der_prim(&w, TA_DER_SET, "", 0);
	else
		name(&w, "issuer CA");
	ta_der_raw(&w, alg, sizeof(alg));
	if (flags & SERIAL_NONMIN)
		ta_der_prim(&w, TA_DER_INTEGER, "\x00\x01", 2);
	else if (flags & NEG_SERIAL)
		ta_der_prim(&w, TA_DER_INTEGER, "\x80\x01", 2);
	else
		ta_der_prim(&w, TA_DER_INTEGER, "\x00\x80\x01", 3);
	if (!(flags & NO_VERSION)) {
		m = ta_der_w_len(&w);
		ta_der_uint(&w, (const unsigned char *)(flags & BAD_VERSION ? "\3" : "\2"), 1);
		ta_der_wrap(&w, TA_DER_CTX_CONS | 0, m);
	}
	ta_der_wrap(&w, TA_DER_SEQUENCE, mt);
	ta_der_wrap(&w, TA_DER_SEQUENCE, 0);
	*out = w.p;
	return w.err ? 0 : ta_der_w_len(&w);
}

static void t_synthetic(void)
{
	static const unsigned bad[] = { DUP_SAN, BAD_VERSION, SERIAL_NONMIN, EXT_EMPTY,
		SAN_UNIVERSAL, UID_AFTER_EXT, CRIT_LEN2, TRAILING_TBS, NO_SIGNATURE, AKI_ORDER,
		SAN_EMPTY, DUP_AKI, CRIT_FIRST, EXT_TRAILING, VALIDITY_3, SIG_TRAILING,
		ISSUER_NOT_SEQ };
	static const unsigned good[] = { 0, NEG_SERIAL, NO_VERSION, UNKNOWN_EXT, UID_BEFORE_EXT };
	static unsigned char buf[1024];
	const unsigned char *der;
	ta_cert_info ci;
	size_t len, i, pos, n;
	const char *nm;
	char cn[32];

	for (i = 0; i < TA_ARRAY_LEN(good); i++) {
		REQUIRE((len = synth(good[i], buf, sizeof(buf), &der)) > 0);
		if (ta_cert_parse(der, len, &ci) != 0)
			fprintf(stderr, "    refused good variant %#x\n", good[i]);
		REQUIRE(ta_cert_parse(der, len, &ci) == 0);
		CHECK(inside(&ci, der, len));
		CHECK_INT(ci.not_before, 1709210096LL);
		CHECK_INT(ci.not_after, 2524608000LL);
		CHECK(ci.aki_len == 5 && !memcmp(ci.aki, "keyid", 5));
		CHECK(ci.spki_len == 4 && !memcmp(ci.spki, "\x30\x02\x05\x00", 4));
		pos = 0;
		CHECK(ta_cert_next_name(&ci, &pos, &nm, &n) == 0 && n == 9 && !memcmp(nm, "a.example", 9));
		CHECK(ta_cert_next_name(&ci, &pos, &nm, &n) == 0 && n == 9 && !memcmp(nm, "b.example", 9));
		CHECK_INT(ta_cert_next_name(&ci, &pos, &nm, &n), TA_ERR_NOTFOUND);
		CHECK_INT(ta_cert_issuer_cn(&ci, cn, sizeof(cn)), 0);
		CHECK_STR(cn, "issuer CA");
		if (good[i] == NEG_SERIAL)
			CHECK(ci.serial_len == 2 && !memcmp(ci.serial, "\x80\x01", 2));
		else
			CHECK(ci.serial_len == 3 && !memcmp(ci.serial, "\x00\x80\x01", 3));
	}
	for (i = 0; i < TA_ARRAY_LEN(bad); i++) {
		REQUIRE((len = synth(bad[i], buf, sizeof(buf), &der)) > 0);
		if (ta_cert_parse(der, len, &ci) != TA_ERR_PARSE)
			fprintf(stderr, "    accepted bad variant %#x\n", bad[i]);
		CHECK_INT(ta_cert_parse(der, len, &ci), TA_ERR_PARSE);
		CHECK(ci.serial == NULL && ci.san == NULL);   /* nothing half-filled */
	}
}

/* Every root of the system's CA bundle is read (tacme's BearSSL build
 * takes its trust anchors from there with this reader): each parses, is a
 * CA, and has a key tacme can use; ISRG Root X1 and X2 have the expected
 * ones. */
static void t_bundle(void)
{
	static char pem[512 * 1024];
	static unsigned char der[4096];
	const char *path = "/etc/ssl/certs/ca-certificates.crt";
	size_t len = 0, pos = 0, count = 0, begins = 0;
	ta_cert_info ci;
	ta_cert_key k;
	char cn[128];
	int r, x1 = 0, x2 = 0;
	FILE *f = fopen(path, "rb");
	const char *p;

	if (!f) {
		fprintf(stderr, "    (no %s: skipped)\n", path);
		return;
	}
	len = fread(pem, 1, sizeof(pem) - 1, f);
	fclose(f);
	REQUIRE(len > 0 && len < sizeof(pem) - 1);
	for (p = pem; (p = strstr(p, "-----BEGIN CERTIFICATE-----")) != NULL; p++)
		begins++;
	while ((r = ta_cert_next(pem, len, &pos, der, sizeof(der), &ci)) == 0) {
		count++;
		CHECK(ci.is_ca);
		CHECK_INT(ta_cert_key_of(&ci, &k), 0);
		CHECK(k.type != 0);
		/* the subject is the issuer's Name in a self-signed root */
		CHECK(ci.subject_len == ci.issuer_len);
		ta_cert_issuer_cn(&ci, cn, sizeof(cn));
		if (!strcmp(cn, "ISRG Root X1")) {
			x1 = 1;
			CHECK(k.type == TA_KEY_RSA && k.bits == 4096 && k.e_len == 3 &&
			      !memcmp(k.e, "\x01\x00\x01", 3));
		} else if (!strcmp(cn, "ISRG Root X2")) {
			x2 = 1;
			CHECK(k.type == TA_KEY_EC384 && k.q_len == 97 && k.q[0] == 4);
		}
	}
	CHECK_INT(r, TA_ERR_NOTFOUND);
	CHECK(count == begins && count > 50);
	CHECK(x1 && x2);
}

const ta_test suite_cert[] = {
	{ "bundle", t_bundle },
	{ "openssl_leaf", t_openssl_leaf },
	{ "openssl_v1", t_openssl_v1 },
	{ "chain", t_chain },
	{ "damaged", t_damaged },
	{ "synthetic", t_synthetic },
	{ 0, 0 }
};
