/* Tests of PEM armour: a real certificate against openssl's DER and PEM,
 * bundles with text between blocks, CRLF, and malformed blocks. */
#include "test.h"
#include "tacme.h"
#include "ta_pem.h"

/* Made with: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256
 * -nodes -subj /CN=test -days 1 -keyout /dev/null -out x.pem */
static const char cert_pem[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBdDCCARmgAwIBAgIUFffBCkUQWW63HIwmSLvdOJAjYdUwCgYIKoZIzj0EAwIw\n"
	"DzENMAsGA1UEAwwEdGVzdDAeFw0yNjExMjgxOTU5NDVaFw0yNjExMjkxOTU5NDVa\n"
	"MA8xDTALBgNVBAMMBHRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAT5x5ej\n"
	"Ea27h90cxPcH0nrQqSZJ4xOGL0bn1rmivmw+Lon1oXFjjkZ2oMl05CvUq7KrSGXy\n"
	"ATJFx7TToWztudTko1MwUTAdBgNVHQ4EFgQUpfXTsUeTNClVf0JXbvPoxj/qZ+ww\n"
	"HwYDVR0jBBgwFoAUpfXTsUeTNClVf0JXbvPoxj/qZ+wwDwYDVR0TAQH/BAUwAwEB\n"
	"/zAKBggqhkjOPQQDAgNJADBGAiEAjh/aW2IJ+lNXsDsl0SKf/6MISbe/O7cCawCL\n"
	"NRKFsUQCIQDquJOVQRfwNDCQRf7vZEWo5eGXQbNknLaLp/lzTP75vA==\n"
	"-----END CERTIFICATE-----\n";

/* openssl x509 -in x.pem -outform der | xxd -i: 376 bytes, 30 82 01 74 ...
 * fe f9 bc. */
static const unsigned char cert_der[] = {
	0x30, 0x82, 0x01, 0x74, 0x30, 0x82, 0x01, 0x19, 0xa0, 0x03, 0x02, 0x01,
	0x02, 0x02, 0x14, 0x15, 0xf7, 0xc1, 0x0a, 0x45, 0x10, 0x59, 0x6e, 0xb7,
	0x1c, 0x8c, 0x26, 0x48, 0xbb, 0xdd, 0x38, 0x90, 0x23, 0x61, 0xd5, 0x30,
	0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x30,
	0x0f, 0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x04,
	0x74, 0x65, 0x73, 0x74, 0x30, 0x1e, 0x17, 0x0d, 0x32, 0x36, 0x31, 0x31,
	0x32, 0x38, 0x31, 0x39, 0x35, 0x39, 0x34, 0x35, 0x5a, 0x17, 0x0d, 0x32,
	0x36, 0x31, 0x31, 0x32, 0x39, 0x31, 0x39, 0x35, 0x39, 0x34, 0x35, 0x5a,
	0x30, 0x0f, 0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c,
	0x04, 0x74, 0x65, 0x73, 0x74, 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a,
	0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
	0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04, 0xf9, 0xc7, 0x97, 0xa3,
	0x11, 0xad, 0xbb, 0x87, 0xdd, 0x1c, 0xc4, 0xf7, 0x07, 0xd2, 0x7a, 0xd0,
	0xa9, 0x26, 0x49, 0xe3, 0x13, 0x86, 0x2f, 0x46, 0xe7, 0xd6, 0xb9, 0xa2,
	0xbe, 0x6c, 0x3e, 0x2e, 0x89, 0xf5, 0xa1, 0x71, 0x63, 0x8e, 0x46, 0x76,
	0xa0, 0xc9, 0x74, 0xe4, 0x2b, 0xd4, 0xab, 0xb2, 0xab, 0x48, 0x65, 0xf2,
	0x01, 0x32, 0x45, 0xc7, 0xb4, 0xd3, 0xa1, 0x6c, 0xed, 0xb9, 0xd4, 0xe4,
	0xa3, 0x53, 0x30, 0x51, 0x30, 0x1d, 0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04,
	0x16, 0x04, 0x14, 0xa5, 0xf5, 0xd3, 0xb1, 0x47, 0x93, 0x34, 0x29, 0x55,
	0x7f, 0x42, 0x57, 0x6e, 0xf3, 0xe8, 0xc6, 0x3f, 0xea, 0x67, 0xec, 0x30,
	0x1f, 0x06, 0x03, 0x55, 0x1d, 0x23, 0x04, 0x18, 0x30, 0x16, 0x80, 0x14,
	0xa5, 0xf5, 0xd3, 0xb1, 0x47, 0x93, 0x34, 0x29, 0x55, 0x7f, 0x42, 0x57,
	0x6e, 0xf3, 0xe8, 0xc6, 0x3f, 0xea, 0x67, 0xec, 0x30, 0x0f, 0x06, 0x03,
	0x55, 0x1d, 0x13, 0x01, 0x01, 0xff, 0x04, 0x05, 0x30, 0x03, 0x01, 0x01,
	0xff, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03,
	0x02, 0x03, 0x49, 0x00, 0x30, 0x46, 0x02, 0x21, 0x00, 0x8e, 0x1f, 0xda,
	0x5b, 0x62, 0x09, 0xfa, 0x53, 0x57, 0xb0, 0x3b, 0x25, 0xd1, 0x22, 0x9f,
	0xff, 0xa3, 0x08, 0x49, 0xb7, 0xbf, 0x3b, 0xb7, 0x02, 0x6b, 0x00, 0x8b,
	0x35, 0x12, 0x85, 0xb1, 0x44, 0x02, 0x21, 0x00, 0xea, 0xb8, 0x93, 0x95,
	0x41, 0x17, 0xf0, 0x34, 0x30, 0x90, 0x45, 0xfe, 0xef, 0x64, 0x45, 0xa8,
	0xe5, 0xe1, 0x97, 0x41, 0xb3, 0x64, 0x9c, 0xb6, 0x8b, 0xa7, 0xf9, 0x73,
	0x4c, 0xfe, 0xf9, 0xbc
};

/* openssl x509 -in x.pem -text -noout: the text some bundles carry. */
static const char cert_text[] =
	"Certificate:\n"
	"    Data:\n"
	"        Version: 3 (0x2)\n"
	"        Serial Number:\n"
	"            15:f7:c1:0a:45:10:59:6e:b7:1c:8c:26:48:bb:dd:38:90:23:61:d5\n"
	"        Signature Algorithm: ecdsa-with-SHA256\n"
	"        Issuer: CN = test\n"
	"        Validity\n"
	"            Not Before: Nov 28 19:59:45 2026 GMT\n"
	"            Not After : Nov 29 19:59:45 2026 GMT\n"
	"        Subject: CN = test\n"
	"        Subject Public Key Info:\n"
	"            Public Key Algorithm: id-ecPublicKey\n"
	"                Public-Key: (256 bit)\n"
	"                pub:\n"
	"                    04:f9:c7:97:a3:11:ad:bb:87:dd:1c:c4:f7:07:d2:\n"
	"                    7a:d0:a9:26:49:e3:13:86:2f:46:e7:d6:b9:a2:be:\n"
	"                    6c:3e:2e:89:f5:a1:71:63:8e:46:76:a0:c9:74:e4:\n"
	"                    2b:d4:ab:b2:ab:48:65:f2:01:32:45:c7:b4:d3:a1:\n"
	"                    6c:ed:b9:d4:e4\n"
	"                ASN1 OID: prime256v1\n"
	"                NIST CURVE: P-256\n"
	"        X509v3 extensions:\n"
	"            X509v3 Subject Key Identifier: \n"
	"                A5:F5:D3:B1:47:93:34:29:55:7F:42:57:6E:F3:E8:C6:3F:EA:67:EC\n"
	"            X509v3 Authority Key Identifier: \n"
	"                A5:F5:D3:B1:47:93:34:29:55:7F:42:57:6E:F3:E8:C6:3F:EA:67:EC\n"
	"            X509v3 Basic Constraints: critical\n"
	"                CA:TRUE\n"
	"    Signature Algorithm: ecdsa-with-SHA256\n"
	"    Signature Value:\n"
	"        30:46:02:21:00:8e:1f:da:5b:62:09:fa:53:57:b0:3b:25:d1:\n"
	"        22:9f:ff:a3:08:49:b7:bf:3b:b7:02:6b:00:8b:35:12:85:b1:\n"
	"        44:02:21:00:ea:b8:93:95:41:17:f0:34:30:90:45:fe:ef:64:\n"
	"        45:a8:e5:e1:97:41:b3:64:9c:b6:8b:a7:f9:73:4c:fe:f9:bc\n";

/* openssl ecparam -name prime256v1 */
static const char ecparams_pem[] =
	"-----BEGIN EC PARAMETERS-----\n"
	"BggqhkjOPQMBBw==\n"
	"-----END EC PARAMETERS-----\n";
static const unsigned char ecparams_der[] = {
	0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07
};

static unsigned char der[2048];

/* ta_pem_next on a NUL-terminated text with out = der[0..cap). */
static int next(const char *text, size_t *pos, const char **label, size_t *llen,
	size_t cap, size_t *n)
{
	return ta_pem_next(text, strlen(text), pos, label, llen, der, cap, n);
}

/* 1 if text's first block is rejected with err and *pos is left alone. */
static int rejects(const char *text, int err)
{
	const char *label;
	size_t pos = 0, llen, n = 4321;

	return next(text, &pos, &label, &llen, sizeof(der), &n) == err && pos == 0 && n == 4321;
}

static void t_real_certificate(void)
{
	const char *label;
	size_t pos = 0, llen, n;

	REQUIRE(sizeof(cert_der) == 376);
	REQUIRE(next(cert_pem, &pos, &label, &llen, sizeof(der), &n) == 0);
	CHECK_MEM(label, llen, "CERTIFICATE");
	CHECK(label > cert_pem && label < cert_pem + sizeof(cert_pem));
	CHECK_INT(n, 376);
	CHECK(der[0] == 0x30 && der[1] == 0x82 && der[2] == 0x01 && der[3] == 0x74);
	CHECK(der[373] == 0xfe && der[374] == 0xf9 && der[375] == 0xbc);
	CHECK(memcmp(der, cert_der, sizeof(cert_der)) == 0);
	CHECK_INT(pos, strlen(cert_pem) - 1);    /* just past END's dashes, before \n */
	CHECK_INT(next(cert_pem, &pos, &label, &llen, sizeof(der), &n), TA_ERR_NOTFOUND);
	CHECK_INT(pos, strlen(cert_pem) - 1);
}

/* ta_pem_put on openssl's DER gives openssl's PEM, byte for byte. */
static void t_put_matches_openssl(void)
{
	static char out[1024];
	ta_buf b;

	ta_buf_init(&b, out, sizeof(out));
	ta_pem_put(&b, "CERTIFICATE", cert_der, sizeof(cert_der));
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(out, cert_pem);
	ta_buf_init(&b, out, sizeof(out));
	ta_pem_put(&b, "EC PARAMETERS", ecparams_der, sizeof(ecparams_der));
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(out, ecparams_pem);
}

static void t_put_space(void)
{
	static char out[1024];
	size_t need = strlen(cert_pem);
	ta_buf b;

	ta_buf_init(&b, out, need);
	ta_pem_put(&b, "CERTIFICATE", cert_der, sizeof(cert_der));
	CHECK_INT(b.err, 0);
	CHECK_INT(b.len, need);
	CHECK(memcmp(out, cert_pem, need) == 0);
	ta_buf_init(&b, out, need - 1);
	ta_pem_put(&b, "CERTIFICATE", cert_der, sizeof(cert_der));
	CHECK_INT(b.err, TA_ERR_SPACE);
	ta_buf_init(&b, out, 40);                  /* overflow in the body */
	ta_pem_put(&b, "CERTIFICATE", cert_der, sizeof(cert_der));
	CHECK_INT(b.err, TA_ERR_SPACE);
}

static void t_put_empty_and_one_line(void)
{
	static const unsigned char zero[48];
	char out[256];
	const char *label;
	size_t pos = 0, llen, n = 99;
	ta_buf b;

	ta_buf_init(&b, out, sizeof(out));
	ta_pem_put(&b, "X", "", 0);
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(out, "-----BEGIN X-----\n-----END X-----\n");
	CHECK_INT(next(out, &pos, &label, &llen, sizeof(der), &n), 0);
	CHECK_INT(n, 0);
	CHECK_MEM(label, llen, "X");
	ta_buf_init(&b, out, sizeof(out));
	ta_pem_put(&b, "Y", zero, sizeof(zero));
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(out, "-----BEGIN Y-----\n"
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
		"-----END Y-----\n");
}

/* Appends s to t[*len..], changing "\n" to "\r\n" if crlf. */
static void add(char *t, size_t cap, size_t *len, const char *s, int crlf)
{
	for (; *s; s++) {
		if (crlf && *s == '\n' && *len < cap)
			t[(*len)++] = '\r';
		if (*len < cap)
			t[(*len)++] = *s;
	}
}

/* A bundle like `openssl x509 -text` writes, comments, several labels, one
 * block with CRLF: every block comes back in order. */
static void t_bundle_in_order(void)
{
	static char bundle[8192];
	static const struct { const char *label; size_t len; } want[] = {
		{ "CERTIFICATE", 376 }, { "EC PARAMETERS", 10 }, { "CERTIFICATE", 376 },
		{ "EC PRIVATE KEY", 3 }, { "CERTIFICATE", 376 },
	};
	const char *label;
	size_t pos = 0, last, llen, n, len = 0, k;

	add(bundle, sizeof(bundle), &len, cert_text, 0);
	add(bundle, sizeof(bundle), &len, cert_pem, 0);
	add(bundle, sizeof(bundle), &len, "\n# comment: between blocks\n\n", 0);
	add(bundle, sizeof(bundle), &len, ecparams_pem, 0);
	add(bundle, sizeof(bundle), &len, cert_text, 1);
	add(bundle, sizeof(bundle), &len, cert_pem, 1);
	add(bundle, sizeof(bundle), &len, "-----BEGIN EC PRIVATE KEY-----\nAAEC\n"
		"-----END EC PRIVATE KEY-----   trailing words\n", 0);
	add(bundle, sizeof(bundle), &len, "Subject: CN = x\n", 0);
	add(bundle, sizeof(bundle), &len, cert_pem, 0);
	add(bundle, sizeof(bundle), &len, "trailer\n", 0);
	REQUIRE(len < sizeof(bundle));
	for (k = 0; k < TA_ARRAY_LEN(want); k++) {
		last = pos;
		REQUIRE(ta_pem_next(bundle, len, &pos, &label, &llen, der, sizeof(der), &n) == 0);
		CHECK(pos > last && pos <= len);
		CHECK_MEM(label, llen, want[k].label);
		CHECK_INT(n, want[k].len);
		if (n == 376)
			CHECK(memcmp(der, cert_der, n) == 0);
		if (n == 10)
			CHECK(memcmp(der, ecparams_der, n) == 0);
	}
	CHECK_INT(ta_pem_next(bundle, len, &pos, &label, &llen, der, sizeof(der), &n),
		TA_ERR_NOTFOUND);
}

static void t_crlf(void)
{
	static char text[1024];
	const char *label;
	size_t pos = 0, llen, n, len = 0;

	add(text, sizeof(text), &len, cert_pem, 1);
	REQUIRE(len < sizeof(text));
	REQUIRE(ta_pem_next(text, len, &pos, &label, &llen, der, sizeof(der), &n) == 0);
	CHECK_MEM(label, llen, "CERTIFICATE");
	CHECK(n == sizeof(cert_der) && !memcmp(der, cert_der, n));
	CHECK_INT(pos, len - 2);
	CHECK_INT(ta_pem_next(text, len, &pos, &label, &llen, der, sizeof(der), &n),
		TA_ERR_NOTFOUND);
}

/* Files concatenated without a final newline: END----------BEGIN. */
static void t_glued_blocks(void)
{
	static char text[2048];
	const char *label;
	size_t pos = 0, llen, n, len = 0;

	add(text, sizeof(text), &len, cert_pem, 0);
	len--;                                     /* drop the final '\n' */
	add(text, sizeof(text), &len, ecparams_pem, 0);
	REQUIRE(ta_pem_next(text, len, &pos, &label, &llen, der, sizeof(der), &n) == 0);
	CHECK_MEM(label, llen, "CERTIFICATE");
	REQUIRE(ta_pem_next(text, len, &pos, &label, &llen, der, sizeof(der), &n) == 0);
	CHECK_MEM(label, llen, "EC PARAMETERS");
	CHECK(n == 10 && !memcmp(der, ecparams_der, 10));
	CHECK_INT(ta_pem_next(text, len, &pos, &label, &llen, der, sizeof(der), &n),
		TA_ERR_NOTFOUND);
}

static void t_mismatched_labels(void)
{
	static const char *const bad[] = {
		"-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATEX-----\n",
		"-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICAT-----\n",
		"-----BEGIN CERTIFICATE-----\nAAEC\n-----END certificate-----\n",
		"-----BEGIN CERTIFICATE-----\nAAEC\n-----END KEY-----\n",
		"-----BEGIN CERTIFICATE-----\nAAEC\n-----END -----\n",
		("-----BEGIN X-----\nAAEC\n-----END Y-----\n"
			"-----BEGIN Y-----\nAAEC\n-----END Y-----\n"),
	};
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++)
		if (!rejects(bad[i], TA_ERR_PARSE)) {
			fprintf(stderr, "    accepted case %zu\n", i);
			ta_test_failed = 1;
		}
}

/* Every prefix of a block that ends before END's dashes is an error. */
static void t_truncated(void)
{
	static char text[1024];
	size_t full = strlen(cert_pem) - 1, cut, pos, llen, n;
	const char *label;
	int r;

	for (cut = 0; cut < full; cut++) {
		memcpy(text, cert_pem, cut);
		pos = 0;
		r = ta_pem_next(text, cut, &pos, &label, &llen, der, sizeof(der), &n);
		if (r != (cut < 11 ? TA_ERR_NOTFOUND : TA_ERR_PARSE) || pos != 0) {
			fprintf(stderr, "    cut at %zu: %d\n", cut, r);
			ta_test_failed = 1;
		}
	}
	memcpy(text, cert_pem, full);
	pos = 0;
	CHECK_INT(ta_pem_next(text, full, &pos, &label, &llen, der, sizeof(der), &n), 0);
	CHECK_INT(n, 376);
	CHECK(rejects("-----BEGIN CERTIFICATE-----\nAAEC\n", TA_ERR_PARSE));
	CHECK(rejects("-----BEGIN CERTIFICATE", TA_ERR_PARSE));
	CHECK(rejects("-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE", TA_ERR_PARSE));
}

/* Any single damaged character in the body is refused. */
static void t_damaged_body(void)
{
	static char text[1024];
	size_t i, body = strlen("-----BEGIN CERTIFICATE-----\n");
	size_t end = (size_t)(strstr(cert_pem, "-----END") - cert_pem);

	for (i = body; i < end; i++) {
		if (cert_pem[i] == '\n')
			continue;
		memcpy(text, cert_pem, sizeof(cert_pem));
		text[i] = i % 2 ? '.' : '-';
		if (!rejects(text, TA_ERR_PARSE)) {
			fprintf(stderr, "    accepted damage at %zu\n", i);
			ta_test_failed = 1;
		}
	}
	CHECK(rejects("-----BEGIN CERTIFICATE-----\nAAE\n-----END CERTIFICATE-----\n",
		TA_ERR_PARSE));                          /* no padding */
	CHECK(rejects("-----BEGIN CERTIFICATE-----\nAA==AA==\n-----END CERTIFICATE-----\n",
		TA_ERR_PARSE));
}

static void t_encrypted_headers(void)
{
	CHECK(rejects("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
		"DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\nAAEC\n"
		"-----END RSA PRIVATE KEY-----\n", TA_ERR_PARSE));
	CHECK(rejects("-----BEGIN X-----\nComment: hello\n\nAAEC\n-----END X-----\n",
		TA_ERR_PARSE));
}

static void t_labels(void)
{
	static char text[512], long_label[66];
	const char *label;
	size_t pos, llen, n, i;

	CHECK(rejects("-----BEGIN -----\nAAEC\n-----END -----\n", TA_ERR_PARSE));
	CHECK(rejects("-----BEGIN CERT\nIFICATE-----\nAAEC\n-----END CERT\nIFICATE-----\n",
		TA_ERR_PARSE));
	CHECK(rejects("-----BEGIN CERT\tX-----\nAAEC\n-----END CERT\tX-----\n", TA_ERR_PARSE));
	CHECK(rejects("-----BEGIN CERT\x7fX-----\nAAEC\n-----END CERT\x7fX-----\n", TA_ERR_PARSE));
	CHECK(rejects("-----BEGIN CERT\xc3\xa9-----\nAAEC\n-----END CERT\xc3\xa9-----\n",
		TA_ERR_PARSE));
	/* labels up to 64 characters */
	memset(long_label, 'L', sizeof(long_label) - 1);
	for (i = 64; i <= 65; i++) {
		snprintf(text, sizeof(text), "-----BEGIN %.*s-----\nAAEC\n-----END %.*s-----\n",
			(int)i, long_label, (int)i, long_label);
		pos = 0;
		CHECK_INT(next(text, &pos, &label, &llen, sizeof(der), &n),
			i == 64 ? 0 : TA_ERR_PARSE);
		CHECK(i > 64 || llen == 64);
	}
	pos = 0;
	CHECK_INT(next("-----BEGIN X509 CRL-----\nAAEC\n-----END X509 CRL-----\n", &pos, &label,
		&llen, sizeof(der), &n), 0);
	CHECK_MEM(label, llen, "X509 CRL");
	CHECK(n == 3 && der[0] == 0 && der[1] == 1 && der[2] == 2);
}

/* A good block, then a broken one: the first is returned, then the error. */
static void t_error_after_good_block(void)
{
	static char text[1024];
	const char *label;
	size_t pos = 0, at, llen, n;

	snprintf(text, sizeof(text), "%s-----BEGIN X-----\nAAEC\n", cert_pem);
	CHECK_INT(next(text, &pos, &label, &llen, sizeof(der), &n), 0);
	at = pos;
	CHECK_INT(next(text, &pos, &label, &llen, sizeof(der), &n), TA_ERR_PARSE);
	CHECK_INT(pos, at);
}

static void t_space(void)
{
	const char *label;
	size_t pos = 0, llen, n = 4321;

	CHECK_INT(next(cert_pem, &pos, &label, &llen, 375, &n), TA_ERR_SPACE);
	CHECK_INT(pos, 0);
	CHECK_INT(n, 4321);
	CHECK_INT(next(cert_pem, &pos, &label, &llen, 0, &n), TA_ERR_SPACE);
	CHECK_INT(next(cert_pem, &pos, &label, &llen, 376, &n), 0);
	CHECK_INT(n, 376);
}

static void t_no_block(void)
{
	const char *label;
	size_t pos, llen, n;

	CHECK(rejects("", TA_ERR_NOTFOUND));
	CHECK(rejects("hello\nworld\n", TA_ERR_NOTFOUND));
	CHECK(rejects("-----BEGIN", TA_ERR_NOTFOUND));
	CHECK(rejects("-----END CERTIFICATE-----\n", TA_ERR_NOTFOUND));
	CHECK(rejects("x-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n",
		TA_ERR_NOTFOUND));                      /* BEGIN must start a line */
	CHECK(rejects("  -----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n",
		TA_ERR_NOTFOUND));
	pos = strlen(cert_pem) + 10;               /* past the end */
	CHECK_INT(next(cert_pem, &pos, &label, &llen, sizeof(der), &n), TA_ERR_NOTFOUND);
	pos = 0;                                    /* a later block that starts a line */
	CHECK_INT(next("x-----BEGIN A-----\n-----BEGIN B-----\nAAEC\n-----END B-----\n", &pos,
		&label, &llen, sizeof(der), &n), 0);
	CHECK_MEM(label, llen, "B");
}

/* TA_PEM_LEN(n) is what ta_pem_put writes for n bytes: exactly, for every
 * length up to 32 KB (the largest CONFIG_TLS_CERT_MAX). */
static void t_pem_len(void)
{
	static unsigned char body[32768];
	static char out[TA_PEM_LEN(32768) + 1];
	size_t n;
	ta_buf b;

	for (n = 0; n <= sizeof(body); n += n < 200 ? 1 : 97) {
		ta_buf_init(&b, out, sizeof(out));
		ta_pem_put(&b, "CERTIFICATE", body, n);
		REQUIRE(!b.err);
		if (b.len != TA_PEM_LEN(n)) {
			fprintf(stderr, "    %zu bytes: %zu written, TA_PEM_LEN %zu\n", n, b.len,
				(size_t)TA_PEM_LEN(n));
			ta_test_failed = 1;
			return;
		}
	}
}

const ta_test suite_pem[] = {
	{ "pem_len", t_pem_len },
	{ "real_certificate", t_real_certificate },
	{ "put_matches_openssl", t_put_matches_openssl },
	{ "put_space", t_put_space },
	{ "put_empty_and_one_line", t_put_empty_and_one_line },
	{ "bundle_in_order", t_bundle_in_order },
	{ "crlf", t_crlf },
	{ "glued_blocks", t_glued_blocks },
	{ "mismatched_labels", t_mismatched_labels },
	{ "truncated", t_truncated },
	{ "damaged_body", t_damaged_body },
	{ "encrypted_headers", t_encrypted_headers },
	{ "labels", t_labels },
	{ "error_after_good_block", t_error_after_good_block },
	{ "space", t_space },
	{ "no_block", t_no_block },
	{ 0, 0 }
};
