/* The ACME client's memory layout as tacme runs it: each signed request is
 * built in the tail of the HTTP response buffer (which the answer may then
 * overwrite), and an order's authorization URLs and the strings kept from
 * each authorization share one pool.  The CA is canned: every request gets
 * the next answer, and the last request sent is kept for checking. */
#include <stdio.h>
#include <string.h>
#include "test.h"
#include "tacme.h"
#include "ta_acme.h"
#include "ta_csr.h"
#include "ta_b64.h"
#include "ta_jws.h"
#include "ta_key.h"

static const char *answers[CONFIG_MAX_NAMES + 2];
static unsigned nanswers, next_answer;
static char head[256], sent[TA_JWS_REQ_MAX + 2048];
static size_t head_len, pos, sent_len;
static const char *cur, *extra_head = "";

static int c_open(void *ctx, const ta_url *u, unsigned t)
{
	(void)ctx;
	(void)u;
	(void)t;
	return 0;
}

/* A request starts with its head: the next answer is chosen then. */
static int c_write(void *ctx, const unsigned char *buf, size_t len)
{
	(void)ctx;
	if ((len >= 5 && !memcmp(buf, "POST ", 5)) || (len >= 4 && !memcmp(buf, "GET ", 4))) {
		cur = next_answer < nanswers ? answers[next_answer++] : "{}";
		head_len = (size_t)snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\n"
			"Replay-Nonce: n%u\r\nLocation: https://ca.example/order/1\r\n%s"
			"Content-Length: %zu\r\n\r\n", next_answer, extra_head, strlen(cur));
		pos = 0;
		sent_len = 0;
	}
	if (sent_len + len <= sizeof(sent)) {
		memcpy(sent + sent_len, buf, len);
		sent_len += len;
	}
	return 0;
}

static int c_read(void *ctx, unsigned char *buf, size_t len)
{
	size_t total = head_len + strlen(cur), n = total - pos < len ? total - pos : len, i;

	(void)ctx;
	for (i = 0; i < n; i++, pos++)
		buf[i] = (unsigned char)(pos < head_len ? head[pos] : cur[pos - head_len]);
	return (int)n;
}

static int c_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static void c_close(void *ctx)
{
	(void)ctx;
}

static const ta_http_io canned = { c_open, c_read, c_write, c_flush, c_close, NULL };

static char buf[CONFIG_HTTP_BUF_SIZE], opool[TA_ORDER_POOL];
static char big[CONFIG_HTTP_BUF_SIZE - TA_JWS_REQ_MAX + 1000];
static ta_json_tok tok[256];
static ta_key key;
static ta_http h;
static ta_acme a;
static ta_order o;

/* An ACME client as tacme's issuer sets it up, over the canned CA. */
static int setup(void)
{
	ta_error_clear();
	if (!key.type && ta_key_generate(&key, TA_KEY_EC256, 256))
		return -1;
	ta_http_init(&h, buf, sizeof(buf), NULL);
	h.io = &canned;
	ta_acme_init(&a, &h, &key, buf + sizeof(buf) - TA_JWS_REQ_MAX, TA_JWS_REQ_MAX, tok,
		TA_ARRAY_LEN(tok));
	strcpy(a.kid, "https://ca.example/acct/1");
	strcpy(a.nonce, "n0");
	a.dir.new_order = "https://ca.example/new-order";
	a.dir.new_nonce = "https://ca.example/nonce";
	memset(&o, 0, sizeof(o));
	ta_buf_init(&o.pool, opool, sizeof(opool));
	next_answer = 0;
	return 0;
}

/* The member ("protected" or "payload") of the last signed request
 * sent, base64url-decoded into out (NUL-terminated); 0 or -1. */
static int sent_member(const char *member, char *out, size_t cap)
{
	char k[32];
	const char *p, *e;
	size_t n;

	sent[sent_len < sizeof(sent) ? sent_len : sizeof(sent) - 1] = '\0';
	snprintf(k, sizeof(k), "\"%s\":\"", member);
	if (!(p = strstr(sent, k)) || !(e = strchr(p += strlen(k), '"')) ||
	    ta_b64url_decode(p, (size_t)(e - p), out, cap - 1, &n))
		return -1;
	out[n] = '\0';
	return 0;
}

/* The "url" of the protected header of the last signed request sent, in
 * out; 0 or -1. */
static int sent_url(char *out, size_t cap)
{
	char prot[1024];
	const char *u, *e;

	if (sent_member("protected", prot, sizeof(prot)) ||
	    !(u = strstr(prot, "\"url\":\"")) || !(e = strchr(u += 7, '"')) ||
	    (size_t)(e - u) >= cap)
		return -1;
	memcpy(out, u, (size_t)(e - u));
	out[e - u] = '\0';
	return 0;
}

/* An order answer bigger than the part of the buffer before the request
 * area: the next requests are built over its tail, and the values kept
 * from it must not change. */
static void t_big_answer_then_requests(void)
{
	static char order[CONFIG_HTTP_BUF_SIZE - 200];
	static const char authz[] = "{\"status\":\"pending\",\"identifier\":{\"type\":\"dns\","
		"\"value\":\"b.example\"},\"challenges\":[{\"type\":\"http-01\",\"url\":"
		"\"https://ca.example/chall/h\",\"token\":\"th\"},{\"type\":\"dns-01\",\"url\":"
		"\"https://ca.example/chall/2\",\"token\":\"tok-2\",\"status\":\"pending\"}]}";
	const char *names[] = { "a.example", "b.example" };
	ta_authz z;
	char url[256];

	REQUIRE(setup() == 0);
	memset(big, 'x', sizeof(big) - 1);
	snprintf(order, sizeof(order), "{\"status\":\"pending\",\"padding\":\"%s\","
		"\"finalize\":\"https://ca.example/fin/1\",\"authorizations\":["
		"\"https://ca.example/authz/1\",\"https://ca.example/authz/2\"]}", big);
	REQUIRE(strlen(order) + 100 > sizeof(buf) - TA_JWS_REQ_MAX);
	answers[0] = order;
	answers[1] = authz;
	nanswers = 2;
	CHECK_INT(ta_acme_new_order(&a, names, 2, NULL, NULL, &o), 0);
	CHECK_INT(o.nauthz, 2);
	CHECK_STR(o.finalize, "https://ca.example/fin/1");
	CHECK_INT(ta_acme_get_authz(&a, o.authz[1], &z, &o.pool), 0);
	REQUIRE(sent_url(url, sizeof(url)) == 0);
	CHECK_STR(url, "https://ca.example/authz/2");
	CHECK_STR(z.url, "https://ca.example/authz/2");
	CHECK_STR(o.authz[0], "https://ca.example/authz/1");
	CHECK_STR(z.domain, "b.example");
	CHECK_STR(z.chall_url, "https://ca.example/chall/2");
	CHECK_STR(z.token, "tok-2");
	/* the pool holds the two URLs, then the name, challenge URL, token */
	CHECK_INT(o.pool.len, strlen(o.authz[0]) + strlen(o.authz[1]) + strlen(z.domain) +
		strlen(z.chall_url) + strlen(z.token) + 5);
}

/* A URL that lies in the request area would be overwritten while the
 * request is built, and one in the answer area by the answer: refused
 * before anything is sent. */
static void t_url_in_request_area_refused(void)
{
	REQUIRE(setup() == 0);
	strcpy(a.req + 100, "https://ca.example/x");
	sent_len = 0;
	CHECK_INT(ta_acme_post(&a, "test", a.req + 100, NULL), TA_ERR_ARG);
	CHECK(strstr(ta_error_msg(), "request or answer buffer") != NULL);
	CHECK_INT(sent_len, 0);
	CHECK_INT(ta_acme_post(&a, "test", "https://ca.example/x", a.req + a.req_cap - 2),
		TA_ERR_ARG);
	strcpy(buf + 10, "https://ca.example/y");   /* its answer would overwrite it */
	CHECK_INT(ta_acme_post(&a, "test", buf + 10, NULL), TA_ERR_ARG);
	CHECK_INT(sent_len, 0);
	answers[0] = "{}";
	nanswers = 1;
	CHECK_INT(ta_acme_post(&a, "test", "https://ca.example/y", NULL), 0);
	CHECK(sent_len > 0);
}

/* An order whose authorization URLs overflow the pool is an error that
 * names the limit, not a truncated list. */
static void t_order_pool_full(void)
{
	static const char order[] = "{\"status\":\"pending\",\"finalize\":\"https://ca.example/f\","
		"\"authorizations\":[\"https://ca.example/authz/111111111111\","
		"\"https://ca.example/authz/222222222222\"]}";
	static char small[128];
	const char *names[] = { "a.example", "b.example" };

	REQUIRE(setup() == 0);
	ta_buf_init(&o.pool, small, 60);
	answers[0] = order;
	nanswers = 1;
	CHECK_INT(ta_acme_new_order(&a, names, 2, NULL, NULL, &o), TA_ERR_SPACE);
	CHECK(strstr(ta_error_msg(), "CONFIG_MAX_NAMES") != NULL);
	ta_buf_init(&o.pool, small, sizeof(small));
	next_answer = 0;
	ta_error_clear();
	CHECK_INT(ta_acme_new_order(&a, names, 2, NULL, NULL, &o), 0);
	CHECK_STR(o.authz[1], "https://ca.example/authz/222222222222");
}

/* An order of CONFIG_MAX_NAMES names of 60 characters is sent; names so
 * long that the request could not be signed are an error before sending. */
static void t_many_names(void)
{
	static char mem[CONFIG_MAX_NAMES][256], pay[TA_JWS_MAX];
	const char *names[CONFIG_MAX_NAMES];
	static const char order[] = "{\"status\":\"pending\",\"finalize\":\"https://ca.example/f\","
		"\"authorizations\":[\"https://ca.example/authz/1\"]}";
	size_t i;

	REQUIRE(setup() == 0);
	for (i = 0; i < CONFIG_MAX_NAMES; i++) {
		memset(mem[i], 'a', 60);
		snprintf(mem[i] + 60, 196, "%zu.example", i);
		names[i] = mem[i];
	}
	answers[0] = order;
	nanswers = 1;
	CHECK_INT(ta_acme_new_order(&a, names, CONFIG_MAX_NAMES, NULL, NULL, &o), 0);
	REQUIRE(sent_member("payload", pay, sizeof(pay)) == 0);
	CHECK(strstr(pay, mem[0]) != NULL);
	CHECK(strstr(pay, mem[CONFIG_MAX_NAMES - 1]) != NULL);
	CHECK_INT(next_answer, 1);
	for (i = 0; i < CONFIG_MAX_NAMES; i++)
		memset(mem[i], 'b', 200);
	sent_len = 0;
	ta_error_clear();
	CHECK_INT(ta_acme_new_order(&a, names, CONFIG_MAX_NAMES, NULL, NULL, &o), TA_ERR_SPACE);
	CHECK(strstr(ta_error_msg(), "too large") != NULL);
	CHECK_INT(sent_len, 0);
}

/* Serves an order of CONFIG_MAX_NAMES authorizations with Let's Encrypt's
 * URL and token lengths for names of name_len characters, and reads them
 * all into the order's pool; returns the first error, 1 when a value read
 * back differs, or 0. */
static int full_order(size_t name_len)
{
	static char order[CONFIG_MAX_NAMES * 90 + 200];
	static char authz[CONFIG_MAX_NAMES][600], name[CONFIG_MAX_NAMES][128];
	const char *names[] = { "x.example" };
	ta_authz z[CONFIG_MAX_NAMES];
	size_t i, n;
	int r;

	if (setup())
		return 1;
	n = (size_t)snprintf(order, sizeof(order), "{\"status\":\"pending\",\"finalize\":"
		"\"https://ca.example/f\",\"authorizations\":[");
	for (i = 0; i < CONFIG_MAX_NAMES; i++) {
		/* 71, 78 and 43 characters, as at Let's Encrypt */
		n += (size_t)snprintf(order + n, sizeof(order) - n, "%s\"https://acme-v02.api."
			"letsencrypt.org/acme/authz/2345678901/4567890123%02zu\"", i ? "," : "", i);
		memset(name[i], 'n', name_len);
		snprintf(name[i] + name_len - 10, 11, "%02zu.example", i);
		snprintf(authz[i], sizeof(authz[i]), "{\"status\":\"pending\",\"identifier\":{"
			"\"type\":\"dns\",\"value\":\"%.127s\"},\"challenges\":[{\"type\":\"dns-01\","
			"\"url\":\"https://acme-v02.api.letsencrypt.org/acme/chall/2345678901/"
			"4567890123%02zu/AbCd1A\",\"token\":\"%043zu\"}]}", name[i], i, i);
		answers[i + 1] = authz[i];
	}
	snprintf(order + n, sizeof(order) - n, "]}");
	answers[0] = order;
	nanswers = CONFIG_MAX_NAMES + 1;
	if ((r = ta_acme_new_order(&a, names, 1, NULL, NULL, &o)) != 0)
		return r;
	for (i = 0; i < o.nauthz; i++)
		if ((r = ta_acme_get_authz(&a, o.authz[i], &z[i], &o.pool)) != 0)
			return r;
	for (i = 0; i < CONFIG_MAX_NAMES; i++)      /* all kept, none overwritten */
		if (strcmp(z[i].domain, name[i]) || strlen(z[i].token) != 43 ||
		    strlen(z[i].chall_url) != 78 || strlen(o.authz[i]) != 71)
			return 1;
	return 0;
}

/* An order of CONFIG_MAX_NAMES names of 76 characters fits the pool; one
 * character more is an error that names the limit. */
static void t_full_order_fits(void)
{
	CHECK_INT(full_order(76), 0);
	CHECK_INT(o.nauthz, CONFIG_MAX_NAMES);
	CHECK_INT(o.pool.len, o.pool.cap);
	CHECK_INT(full_order(77), TA_ERR_SPACE);
	CHECK(strstr(ta_error_msg(), "CONFIG_MAX_NAMES") != NULL);
}

/* finalize takes a CSR of TA_CSR_MAX bytes (an RSA-4096 key and 32 names of
 * about 50 characters) even beside the largest protected header the limit
 * leaves room for (kid and url of 200 characters, a nonce of 64); one byte
 * more is an error before anything is sent. */
static void t_big_csr_finalize(void)
{
	static unsigned char csr[TA_CSR_MAX + 1];
	static char pay[TA_JWS_MAX], url[201];
	static char valid[600];

	REQUIRE(setup() == 0);
	memset(csr, 0x5a, sizeof(csr));
	memset(url, 'u', 200);
	memcpy(url, "https://ca.example/", 19);
	memcpy(a.kid, url, 201);
	a.kid[19] = 'k';
	memset(a.nonce, 'n', 64);
	a.nonce[64] = '\0';
	memcpy(o.finalize, url, 201);
	strcpy(o.url, "https://ca.example/order/1");
	snprintf(valid, sizeof(valid), "{\"status\":\"valid\",\"finalize\":\"%s\","
		"\"certificate\":\"https://ca.example/cert/1\",\"authorizations\":[]}", url);
	answers[0] = valid;
	nanswers = 1;
	CHECK_INT(ta_acme_finalize(&a, &o, csr, TA_CSR_MAX, 10), 0);
	if (ta_test_failed)
		fprintf(stderr, "    %s\n", ta_error_msg());
	REQUIRE(sent_member("protected", pay, sizeof(pay)) == 0);
	CHECK(strlen(pay) <= TA_JWS_HDR_ROOM && strlen(pay) > TA_JWS_HDR_ROOM - 60);
	REQUIRE(sent_member("payload", pay, sizeof(pay)) == 0);
	CHECK_INT(strlen(pay), strlen("{\"csr\":\"\"}") + (TA_CSR_MAX * 4 + 2) / 3);
	CHECK_STR(o.certificate, "https://ca.example/cert/1");
	REQUIRE(setup() == 0);
	strcpy(o.finalize, "https://ca.example/f");
	sent_len = 0;
	CHECK_INT(ta_acme_finalize(&a, &o, csr, TA_CSR_MAX + 1, 10), TA_ERR_SPACE);
	CHECK(strstr(ta_error_msg(), "too large") != NULL);
	CHECK_INT(sent_len, 0);
}

/* An invalid order says the CA's reason; a detail longer than tacme keeps
 * is cut, not dropped. */
static void t_invalid_order_reason(void)
{
	static char answer[1200];
	static unsigned char csr[100];
	char detail[601];

	REQUIRE(setup() == 0);
	memset(detail, 'd', 600);
	detail[600] = '\0';
	snprintf(answer, sizeof(answer), "{\"status\":\"invalid\",\"finalize\":\"https://ca.example/f\","
		"\"error\":{\"type\":\"urn:ietf:params:acme:error:caa\",\"detail\":\"CAA forbids %s\"},"
		"\"authorizations\":[]}", detail);
	strcpy(o.finalize, "https://ca.example/f");
	answers[0] = answer;
	nanswers = 1;
	CHECK_INT(ta_acme_finalize(&a, &o, csr, sizeof(csr), 10), TA_ERR_PROTO);
	CHECK(strstr(ta_error_msg(), "the order is invalid, not processing: caa: CAA forbids dddd") != NULL);
	CHECK(strstr(ta_error_msg(), "ddd...") != NULL);
}

/* renewalInfo (RFC 9773): Retry-After is held to a day; the
 * explanationURL is given back; a window that does not end after it starts
 * is no answer. */
static void t_renewal_info(void)
{
	int64_t start, end;
	unsigned retry = 0;
	char explain[64];

	REQUIRE(setup() == 0);
	a.dir.renewal_info = "https://ca.example/ari";
	answers[0] = "{\"suggestedWindow\":{\"start\":\"2026-12-01T00:00:00Z\","
		"\"end\":\"2026-12-02T00:00:00Z\"},\"explanationURL\":\"https://ca.example/why\"}";
	answers[1] = "{\"suggestedWindow\":{\"start\":\"2026-12-01T00:00:00Z\","
		"\"end\":\"2026-12-01T00:00:00Z\"}}";
	nanswers = 2;
	extra_head = "Retry-After: 1000000000\r\n";   /* 31 years: held to a day */
	CHECK_INT(ta_acme_renewal_info(&a, "aki.serial", &start, &end, &retry, explain,
		sizeof(explain)), 0);
	CHECK_INT(end - start, 86400);
	CHECK_INT(retry, 86400);
	CHECK_STR(explain, "https://ca.example/why");
	CHECK_INT(ta_acme_renewal_info(&a, "aki.serial", &start, &end, &retry, explain,
		sizeof(explain)), TA_ERR_PROTO);
	CHECK(strstr(ta_error_msg(), "no valid suggestedWindow") != NULL);
	extra_head = "";
}

const ta_test suite_acme[] = {
	{ "renewal_info", t_renewal_info },
	{ "invalid_order_reason", t_invalid_order_reason },
	{ "big_csr_finalize", t_big_csr_finalize },
	{ "full_order_fits", t_full_order_fits },
	{ "many_names", t_many_names },
	{ "big_answer_then_requests", t_big_answer_then_requests },
	{ "url_in_request_area_refused", t_url_in_request_area_refused },
	{ "order_pool_full", t_order_pool_full },
	{ 0, 0 }
};
