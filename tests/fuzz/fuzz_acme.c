/* Fuzz target: tacme's handling of the CA's answer at each ACME step
 * (directory, account with and without External Account Binding, order,
 * authorization, challenge, finalize, download, ARI, revocation, key
 * rollover, account read and deactivation, problem documents), through the
 * real HTTP reader and JSON parser.  The first byte picks the step (low
 * four bits) and the HTTP status (high four bits); the rest is the
 * response body. */
#include <stdio.h>
#include <string.h>
#include "tacme.h"
#include "tacme_tls.h"
#include "ta_acme.h"
#include "ta_jws.h"

static const unsigned char *body;
static size_t body_len, pos, head_len;
static char head[256];
static unsigned status;

static int f_open(void *ctx, const ta_url *u, unsigned t)
{
	(void)ctx;
	(void)u;
	(void)t;
	return 0;
}

/* Every request gets the same answer: our header, the fuzzed body. */
static int f_write(void *ctx, const unsigned char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	head_len = (size_t)snprintf(head, sizeof(head), "HTTP/1.1 %u X\r\nReplay-Nonce: n0nce\r\n"
		"Location: https://ca.example/obj/1\r\nContent-Type: application/json\r\n"
		"Content-Length: %zu\r\n\r\n", status, body_len);
	pos = 0;
	return 0;
}

static int f_read(void *ctx, unsigned char *buf, size_t len)
{
	size_t n;

	(void)ctx;
	if (pos < head_len) {
		n = head_len - pos < len ? head_len - pos : len;
		memcpy(buf, head + pos, n);
	} else {
		n = head_len + body_len - pos < len ? head_len + body_len - pos : len;
		memcpy(buf, body + pos - head_len, n);
	}
	pos += n;
	return (int)n;
}

static int f_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static void f_close(void *ctx)
{
	(void)ctx;
}

static const ta_http_io io = { f_open, f_read, f_write, f_flush, f_close, NULL };

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const unsigned statuses[] = { 200, 201, 400, 403, 404, 500 };
	static char buf[CONFIG_HTTP_BUF_SIZE], opool[TA_ORDER_POOL];
	static ta_json_tok tok[256];
	static ta_key key, key2;
	static const unsigned char der[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
	static ta_http h;
	static ta_acme a;
	static ta_order o;
	static ta_authz z;
	const char *names[] = { "a.example", "*.a.example" };
	int64_t s, e;
	unsigned r;
	char ex[64];

	if (size < 1)
		return 0;
	if (!key.type && ta_key_generate(&key, TA_KEY_EC256, 256))
		return 0;
	if (!key2.type && ta_key_generate(&key2, TA_KEY_EC256, 256))
		return 0;
	status = statuses[(data[0] >> 4) % 6];
	body = data + 1;
	body_len = size - 1;
	ta_error_clear();
	ta_http_init(&h, buf, sizeof(buf), NULL);
	h.io = &io;
	/* as tacme runs: each request is built in the tail of the response
	 * buffer, and the order's strings share one pool */
	ta_acme_init(&a, &h, &key, buf + sizeof(buf) - TA_JWS_REQ_MAX, TA_JWS_REQ_MAX, tok, 256);
	strcpy(a.kid, "https://ca.example/acct/1");
	strcpy(a.nonce, "n");
	a.dir.new_nonce = "https://ca.example/nonce";
	a.dir.new_account = "https://ca.example/acct";
	a.dir.new_order = "https://ca.example/order";
	a.dir.revoke_cert = "https://ca.example/revoke";
	a.dir.key_change = "https://ca.example/key";
	a.dir.renewal_info = "https://ca.example/ari";
	a.dir.profiles = "";
	strcpy(o.url, "https://ca.example/order/1");
	strcpy(o.finalize, "https://ca.example/finalize/1");
	z.url = "https://ca.example/authz/1";
	z.chall_url = "https://ca.example/chall/1";
	z.domain = "a.example";
	z.token = "t0ken";
	ta_buf_init(&o.pool, opool, sizeof(opool));
	switch (data[0] & 15) {
	case 0: ta_acme_directory(&a, "https://ca.example/dir"); break;
	case 1: ta_acme_account(&a, "mailto:x@example.com", NULL, NULL, 0); break;
	case 2: ta_acme_new_order(&a, names, 2, NULL, "aki.serial", &o); break;
	case 3: ta_acme_get_authz(&a, "https://ca.example/authz/1", &z, &o.pool); break;
	case 4: ta_acme_wait_authz(&a, &z, 0); break;
	case 5: ta_acme_finalize(&a, &o, (const unsigned char *)"csr", 3, 0); break;
	case 6: ta_acme_renewal_info(&a, "aki.serial", &s, &e, &r, ex, sizeof(ex)); break;
	case 7: ta_acme_get_order(&a, &o); break;
	case 8: ta_acme_respond(&a, &z); break;
	case 9: ta_acme_download(&a, "https://ca.example/cert/1"); break;
	case 10: ta_acme_revoke(&a, der, sizeof(der), 1); break;
	case 11: ta_acme_key_change(&a, &key2); break;
	case 12: ta_acme_get_account(&a); break;
	case 13: ta_acme_deactivate(&a); break;
	case 14: ta_acme_account(&a, NULL, "kid-1", "c2VjcmV0LWhtYWMta2V5LWZvci1mdXp6aW5nLTAxMjM0NQ",
		0); break;
	default: ta_acme_account(&a, NULL, NULL, NULL, 1); break;
	}
	ta_http_close(&h);
	return 0;
}
