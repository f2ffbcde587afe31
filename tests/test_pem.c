/* Tests of PEM armour: a real certificate, bundles, CRLF, and malformed
 * blocks. */
#include "test.h"
#include "tacme.h"
#include "ta_pem.h"

/* Made with: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256
 * -subj /CN=test; its DER is 376 bytes, 30 82 01 74 ... fe f9 bc. */
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
	"-----END CERTIFICATE-----\n"
;

static unsigned char der[2048];

static void t_real_certificate(void)
{
	const char *label;
	size_t pos = 0, llen, n;

	REQUIRE(ta_pem_next(cert_pem, strlen(cert_pem), &pos, &label, &llen, der, sizeof(der), &n) == 0);
	CHECK_MEM(label, llen, "CERTIFICATE");
	CHECK_INT(n, 376);
	CHECK(der[0] == 0x30 && der[1] == 0x82 && der[2] == 0x01 && der[3] == 0x74);
	CHECK(der[373] == 0xfe && der[374] == 0xf9 && der[375] == 0xbc);
	CHECK_INT(pos, strlen(cert_pem) - 1);    /* just past the END line, before \n */
	CHECK_INT(ta_pem_next(cert_pem, strlen(cert_pem), &pos, &label, &llen, der, sizeof(der), &n),
		TA_ERR_NOTFOUND);
}

static void t_put_matches_openssl(void)
{
	const char *label;
	size_t pos = 0, llen, n;
	static char out[1024];
	ta_buf b;

	REQUIRE(ta_pem_next(cert_pem, strlen(cert_pem), &pos, &label, &llen, der, sizeof(der), &n) == 0);
	ta_buf_init(&b, out, sizeof(out));
	ta_pem_put(&b, "CERTIFICATE", der, n);
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(out, cert_pem);
}

static void t_bundle_with_text_and_crlf(void)
{
	static char bundle[4096];
	const char *label;
	size_t pos = 0, llen, n, i, len = 0, k;
	int count = 0;

	len += (size_t)snprintf(bundle + len, sizeof(bundle) - len, "Certificate:\n  Data: junk\n");
	len += (size_t)snprintf(bundle + len, sizeof(bundle) - len, "%s", cert_pem);
	len += (size_t)snprintf(bundle + len, sizeof(bundle) - len, "# comment between\n");
	for (i = 0; cert_pem[i]; i++) {                  /* the same block with CRLF */
		if (cert_pem[i] == '\n')
			bundle[len++] = '\r';
		bundle[len++] = cert_pem[i];
	}
	len += (size_t)snprintf(bundle + len, sizeof(bundle) - len,
		"-----BEGIN EC PRIVATE KEY-----\nAAEC\n-----END EC PRIVATE KEY-----\n");
	for (k = 0; k < 3; k++) {
		REQUIRE(ta_pem_next(bundle, len, &pos, &label, &llen, der, sizeof(der), &n) == 0);
		count++;
		if (k < 2) {
			CHECK_MEM(label, llen, "CERTIFICATE");
			CHECK_INT(n, 376);
		} else {
			CHECK_MEM(label, llen, "EC PRIVATE KEY");
			CHECK_INT(n, 3);
		}
	}
	CHECK_INT(ta_pem_next(bundle, len, &pos, &label, &llen, der, sizeof(der), &n), TA_ERR_NOTFOUND);
	CHECK_INT(count, 3);
}

static void t_malformed(void)
{
	static const char *const bad[] = {
		"-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATEX-----\n",
		"-----BEGIN CERTIFICATE-----\nAAEC\n-----END KEY-----\n",
		"-----BEGIN CERTIFICATE-----\nAAEC\n",
		"-----BEGIN CERTIFICATE-----\nAA!C\n-----END CERTIFICATE-----\n",
		"-----BEGIN CERTIFICATE-----\nAAE\n-----END CERTIFICATE-----\n",
		("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: x\n\nAAEC\n"
			"-----END RSA PRIVATE KEY-----\n"),
		"-----BEGIN -----\nAAEC\n-----END -----\n",
		"-----BEGIN CERTIFICATE",
	};
	const char *label;
	size_t i, pos, llen, n;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++) {
		pos = 0;
		if (ta_pem_next(bad[i], strlen(bad[i]), &pos, &label, &llen, der, sizeof(der), &n) !=
		    TA_ERR_PARSE) {
			fprintf(stderr, "    accepted case %zu\n", i);
			ta_test_failed = 1;
		}
	}
}

static void t_space(void)
{
	const char *label;
	size_t pos = 0, llen, n;

	CHECK_INT(ta_pem_next(cert_pem, strlen(cert_pem), &pos, &label, &llen, der, 375, &n),
		TA_ERR_SPACE);
	pos = 0;
	CHECK_INT(ta_pem_next(cert_pem, strlen(cert_pem), &pos, &label, &llen, der, 376, &n), 0);
}

static void t_begin_must_start_line(void)
{
	static const char text[] = "x-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";
	const char *label;
	size_t pos = 0, llen, n;

	CHECK_INT(ta_pem_next(text, strlen(text), &pos, &label, &llen, der, sizeof(der), &n),
		TA_ERR_NOTFOUND);
}

const ta_test suite_pem[] = {
	{ "real_certificate", t_real_certificate },
	{ "put_matches_openssl", t_put_matches_openssl },
	{ "bundle_with_text_and_crlf", t_bundle_with_text_and_crlf },
	{ "malformed", t_malformed },
	{ "space", t_space },
	{ "begin_must_start_line", t_begin_must_start_line },
	{ 0, 0 }
};
