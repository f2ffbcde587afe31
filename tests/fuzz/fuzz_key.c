/* libFuzzer target for src/keyfile.c (and the PEM and DER readers under
 * it): an input starting with '-' is PEM text; any other input is a label
 * choice (first byte) and DER, armoured here, so the fuzzer reaches the
 * key structures without having to find base64.  A key that is read must
 * write back, read back equal, write the same text again, and give a
 * SubjectPublicKeyInfo and a JWK; a refused key must leave *k wiped.
 * Aborts on any broken property.  Build: see tests/fuzz/replay.c and the
 * Makefile. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "tacme_tls.h"
#include "ta_buf.h"
#include "ta_key.h"
#include "ta_pem.h"

#define ASSERT(c) do { if (!(c)) abort(); } while (0)
#define MAX_IN 8192

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static char text[MAX_IN * 2], out1[8192], out2[8192], jwk[2048];
static unsigned char spki[1024];
static ta_key k, k2;
static const ta_key zero;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const labels[] = { "EC PRIVATE KEY", "RSA PRIVATE KEY", "PRIVATE KEY",
		"ENCRYPTED PRIVATE KEY" };
	const char *pem = (const char *)data;
	size_t len = size, n;
	ta_buf b;
	int r;

	if (size == 0 || size > MAX_IN)
		return 0;
	if (data[0] != '-') {
		ta_buf_init(&b, text, sizeof(text));
		ta_pem_put(&b, labels[data[0] % 4], data + 1, size - 1);
		ASSERT(b.err == 0);
		pem = text;
		len = b.len;
	}
	memset(&k, 0x5a, sizeof(k));
	r = ta_key_from_pem(&k, pem, len);
	if (r != 0) {
		ASSERT(r == TA_ERR_PARSE || r == TA_ERR_UNSUPPORTED || r == TA_ERR_CRYPTO);
		ASSERT(!memcmp(&k, &zero, sizeof(k)));
		return 0;
	}
	ASSERT(k.type == TA_KEY_EC256 || k.type == TA_KEY_EC384 || k.type == TA_KEY_RSA);
	/* write, read back, write again: the same key and the same text */
	ta_buf_init(&b, out1, sizeof(out1));
	ASSERT(ta_key_to_pem(&b, &k) == 0);
	n = b.len;
	ASSERT(ta_key_from_pem(&k2, out1, n) == 0);
	ASSERT(k2.type == k.type && k2.bits == k.bits);
	if (k.type == TA_KEY_RSA)
		ASSERT(k2.n_len == k.n_len && !memcmp(k2.n, k.n, k.n_len) &&
			k2.d_len == k.d_len && !memcmp(k2.d, k.d, k.d_len) &&
			k2.qi_len == k.qi_len && !memcmp(k2.qi, k.qi, k.qi_len));
	else
		ASSERT(k2.ec_priv_len == k.ec_priv_len && !memcmp(k2.ec_priv, k.ec_priv, k.ec_priv_len) &&
			k2.ec_pub_len == k.ec_pub_len && !memcmp(k2.ec_pub, k.ec_pub, k.ec_pub_len));
	ta_buf_init(&b, out2, sizeof(out2));
	ASSERT(ta_key_to_pem(&b, &k2) == 0);
	ASSERT(b.len == n && !memcmp(out1, out2, n));
	/* the public encodings */
	ASSERT(ta_key_spki(&k, spki, sizeof(spki), &n) == 0 && n > 0 && spki[0] == 0x30);
	ta_buf_init(&b, jwk, sizeof(jwk));
	ASSERT(ta_key_jwk(&b, &k) == 0 && jwk[0] == '{' && jwk[b.len - 1] == '}');
	ta_key_wipe(&k);
	ta_key_wipe(&k2);
	return 0;
}
