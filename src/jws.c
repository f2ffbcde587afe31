/* JWK, RFC 7638 thumbprints, and flattened JWS objects for ACME. */
#include <string.h>
#include "tacme.h"
#include "tacme_tls.h"
#include "ta_b64.h"
#include "ta_buf.h"
#include "ta_json.h"
#include "ta_jws.h"
#include "ta_key.h"

static const char *alg_name(const ta_key *k)
{
	switch (k->type) {
	case TA_KEY_EC256: return "ES256";
	case TA_KEY_EC384: return "ES384";
	case TA_KEY_RSA: return "RS256";
	default: return NULL;
	}
}

int ta_jws_thumbprint(const ta_key *k, char out[44])
{
	char mem[1200];
	unsigned char h[TA_SHA256_LEN];
	ta_buf b;
	int r;

	ta_buf_init(&b, mem, sizeof(mem));
	if ((r = ta_key_jwk(&b, k)) != 0)
		return r;
	ta_sha256(mem, b.len, h);
	ta_buf_init(&b, out, 44);
	ta_b64url_put(&b, h, sizeof(h));
	return ta_buf_cstr(&b);
}

/* Appends "sig" base64url to b for the signing input in[0..n). */
static int put_signature(ta_buf *b, const ta_key *k, const char *in, size_t n)
{
	unsigned char sig[TA_RSA_MAX_BYTES];
	size_t siglen;
	int r = ta_key_sign(k, in, n, sig, sizeof(sig), &siglen);

	if (r)
		return r;
	ta_b64url_put(b, sig, siglen);
	return 0;
}

/* Appends {"protected":P,"payload":Q,"signature":S} for header hdr and
 * payload, where S is made by sign over "P.Q". */
static int put_jws(ta_buf *b, const char *hdr, size_t hlen, const char *payload, size_t plen,
	const ta_key *k, const char *mac_key, size_t mac_len)
{
	char in[TA_JWS_MAX];
	ta_buf s;
	size_t p_off;
	int r;

	ta_buf_init(&s, in, sizeof(in));
	ta_b64url_put(&s, hdr, hlen);
	p_off = s.len;
	ta_buf_putc(&s, '.');
	ta_b64url_put(&s, payload, plen);
	if (s.err)
		return ta_error(TA_ERR_SPACE, "JWS larger than %d bytes", TA_JWS_MAX);
	ta_buf_puts(b, "{\"protected\":\"");
	ta_buf_put(b, in, p_off);
	ta_buf_puts(b, "\",\"payload\":\"");
	ta_buf_put(b, in + p_off + 1, s.len - p_off - 1);
	ta_buf_puts(b, "\",\"signature\":\"");
	if (k) {
		r = put_signature(b, k, in, s.len);
		if (r)
			return r;
	} else {
		unsigned char mac[TA_SHA256_LEN];

		ta_hmac_sha256(mac_key, mac_len, in, s.len, mac);
		ta_b64url_put(b, mac, sizeof(mac));
	}
	ta_buf_puts(b, "\"}");
	return b->err;
}

int ta_jws_sign(ta_buf *b, const ta_key *k, const char *kid, const char *nonce,
	const char *url, const char *payload, size_t len)
{
	char hdr[1536];
	ta_buf h;
	const char *alg = alg_name(k);

	if (!alg)
		return TA_ERR_ARG;
	ta_buf_init(&h, hdr, sizeof(hdr));
	ta_buf_printf(&h, "{\"alg\":\"%s\",", alg);
	if (kid) {
		ta_buf_puts(&h, "\"kid\":");
		ta_json_put_string(&h, kid, strlen(kid));
	} else {
		ta_buf_puts(&h, "\"jwk\":");
		ta_key_jwk(&h, k);
	}
	if (nonce) {
		ta_buf_puts(&h, ",\"nonce\":");
		ta_json_put_string(&h, nonce, strlen(nonce));
	}
	ta_buf_puts(&h, ",\"url\":");
	ta_json_put_string(&h, url, strlen(url));
	ta_buf_putc(&h, '}');
	if (h.err)
		return ta_error(TA_ERR_SPACE, "JWS header too long for %s", url);
	return put_jws(b, hdr, h.len, payload, len, k, NULL, 0);
}

int ta_jws_eab(ta_buf *b, const char *eab_kid, const char *hmac_b64u,
	const ta_key *account, const char *url)
{
	char hdr[1024], jwk[1200];
	unsigned char key[128];
	size_t klen;
	ta_buf h, j;
	int r;

	if (ta_b64url_decode(hmac_b64u, strlen(hmac_b64u), key, sizeof(key), &klen) || klen < 16)
		return ta_error(TA_ERR_CONFIG, "eab_hmac_key is not a base64url MAC key of at "
			"least 16 bytes (copy it exactly as the CA shows it)");
	ta_buf_init(&h, hdr, sizeof(hdr));
	ta_buf_puts(&h, "{\"alg\":\"HS256\",\"kid\":");
	ta_json_put_string(&h, eab_kid, strlen(eab_kid));
	ta_buf_puts(&h, ",\"url\":");
	ta_json_put_string(&h, url, strlen(url));
	ta_buf_putc(&h, '}');
	ta_buf_init(&j, jwk, sizeof(jwk));
	ta_key_jwk(&j, account);
	if (h.err || j.err) {
		ta_wipe(key, sizeof(key));
		return ta_error(TA_ERR_SPACE, "external account binding too long");
	}
	r = put_jws(b, hdr, h.len, jwk, j.len, NULL, (const char *)key, klen);
	ta_wipe(key, sizeof(key));
	return r;
}
