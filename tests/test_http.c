/* Unit tests of the HTTP/1.1 client over a scripted byte stream: framing,
 * headers, keep-alive and reconnect, and every malformed response the
 * client must refuse without crashing or truncating. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include "test.h"
#include "tacme.h"
#include "ta_http.h"

typedef struct mock {
	const char *resp[4];    /* bytes served on connection 0, 1, ... */
	size_t chunk;           /* most bytes per read (0: all at once) */
	int conn;               /* current connection, -1 before the first */
	size_t pos;
	int opens;
	int closes;
	int wrote;              /* a request was written since the pause */
	char sent[4096];
	size_t sent_len;
} mock;

static int m_open(void *ctx, const ta_url *u, unsigned timeout_ms)
{
	mock *m = ctx;

	(void)u;
	(void)timeout_ms;
	m->conn++;
	m->pos = 0;
	m->opens++;
	return 0;
}

/* Serves the script of the current connection; a '\f' in it pauses until
 * the client has sent its next request. */
static int m_read(void *ctx, unsigned char *buf, size_t len)
{
	mock *m = ctx;
	const char *r = m->conn >= 0 && m->conn < 4 ? m->resp[m->conn] : NULL;
	size_t left;
	const char *pause;

	if (!r)
		return 0;
	if (r[m->pos] == '\f' && m->wrote) {
		m->pos++;
		m->wrote = 0;
	}
	pause = strchr(r + m->pos, '\f');
	left = pause ? (size_t)(pause - (r + m->pos)) : strlen(r + m->pos);
	if (left == 0)
		return 0;
	if (len > left)
		len = left;
	if (m->chunk && len > m->chunk)
		len = m->chunk;
	memcpy(buf, r + m->pos, len);
	m->pos += len;
	m->wrote = 0;
	return (int)len;
}

static int m_write(void *ctx, const unsigned char *buf, size_t len)
{
	mock *m = ctx;

	if (len > sizeof(m->sent) - m->sent_len)
		return TA_ERR_SPACE;
	memcpy(m->sent + m->sent_len, buf, len);
	m->sent_len += len;
	m->wrote = 1;
	return 0;
}

static int m_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static void m_close(void *ctx)
{
	((mock *)ctx)->closes++;
}

static const ta_http_io mock_io = { m_open, m_read, m_write, m_flush, m_close, NULL };

static char buf[2048];
static mock m;
static ta_http h;

static void setup(const char *r0, const char *r1)
{
	memset(&m, 0, sizeof(m));
	m.conn = -1;
	m.resp[0] = r0;
	m.resp[1] = r1;
	ta_error_clear();
	ta_http_init(&h, buf, sizeof(buf), NULL);
	h.io = &mock_io;
	h.io_ctx = &m;
}

static int get(const char *url)
{
	int r = ta_http_get(&h, url, NULL);

	if (getenv("TACME_TEST_DEBUG"))
		fprintf(stderr, "    get %s: %d %s\n", url, r, ta_error_msg());
	return r;
}

static void t_content_length(void)
{
	setup("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Thing:  spaced value \t\r\n\r\nhello", NULL);
	REQUIRE(get("https://ca.example/dir") == 0);
	CHECK_INT(h.status, 200);
	CHECK_INT(h.body_len, 5);
	CHECK_STR(h.body, "hello");
	CHECK_STR(ta_http_header(&h, "x-thing", 0), "spaced value");
	CHECK_STR(ta_http_header(&h, "CONTENT-LENGTH", 0), "5");
	CHECK(ta_http_header(&h, "X-Thing", 1) == NULL);
	CHECK(ta_http_header(&h, "Missing", 0) == NULL);
	CHECK_INT(m.opens, 1);
	CHECK_INT(m.closes, 0);     /* HTTP/1.1: kept open */
}

static void t_request_format(void)
{
	ta_http_req r;
	const char *want =
		"POST /acme/new-order?x=1 HTTP/1.1\r\n"
		"Host: [::1]:14000\r\n";

	setup("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", NULL);
	memset(&r, 0, sizeof(r));
	r.method = "POST";
	r.url = "https://[::1]:14000/acme/new-order?x=1";
	r.content_type = "application/jose+json";
	r.accept = "application/json";
	r.extra = "X-Extra: 1\r\n";
	r.body = "{}";
	r.body_len = 2;
	REQUIRE(ta_http_do(&h, &r) == 0);
	CHECK_INT(h.status, 201);
	m.sent[m.sent_len] = '\0';
	CHECK(strncmp(m.sent, want, strlen(want)) == 0);
	CHECK(strstr(m.sent, "\r\nUser-Agent: tacme/") != NULL);
	CHECK(strstr(m.sent, "\r\nContent-Type: application/jose+json\r\n") != NULL);
	CHECK(strstr(m.sent, "\r\nAccept: application/json\r\n") != NULL);
	CHECK(strstr(m.sent, "\r\nContent-Length: 2\r\n") != NULL);
	CHECK(strstr(m.sent, "\r\nX-Extra: 1\r\n\r\n{}") != NULL);
	CHECK_INT(m.sent[m.sent_len - 1], '}');
}

static void t_host_default_port(void)
{
	setup("HTTP/1.1 204 No Content\r\n\r\n", NULL);
	REQUIRE(get("https://ca.example:443") == 0);
	m.sent[m.sent_len] = '\0';
	CHECK(strncmp(m.sent, "GET / HTTP/1.1\r\nHost: ca.example\r\n", 34) == 0);
	CHECK(strstr(m.sent, "Content-Length") == NULL);
	CHECK_INT(h.status, 204);
	CHECK_INT(h.body_len, 0);
}

static void t_chunked(void)
{
	setup("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		"5\r\nhello\r\n6;ext=1\r\n world\r\nB\r\n 0123456789\r\n0\r\nTrailer: x\r\n\r\n", NULL);
	REQUIRE(get("https://ca.example/x") == 0);
	CHECK_STR(h.body, "hello world 0123456789");
	CHECK_INT(h.body_len, 22);
}

static void t_chunked_drip(void)
{
	setup("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
		"3\r\nabc\r\n1\r\nd\r\n0\r\n\r\n", NULL);
	m.chunk = 1;
	REQUIRE(get("https://ca.example/x") == 0);
	CHECK_STR(h.body, "abcd");
}

static void t_drip_content_length(void)
{
	setup("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world", NULL);
	m.chunk = 1;
	REQUIRE(get("https://ca.example/x") == 0);
	CHECK_STR(h.body, "hello world");
}

static void t_close_delimited(void)
{
	setup("HTTP/1.1 200 OK\r\n\r\nuntil the end", NULL);
	REQUIRE(get("http://ca.example/x") == 0);
	CHECK_STR(h.body, "until the end");
	CHECK_INT(m.closes, 1);
}

static void t_http10_closes(void)
{
	setup("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", NULL);
	REQUIRE(get("http://ca.example/x") == 0);
	CHECK_STR(h.body, "ok");
	CHECK_INT(m.closes, 1);
}

static void t_connection_close_header(void)
{
	setup("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
	REQUIRE(get("http://ca.example/x") == 0);
	REQUIRE(get("http://ca.example/y") == 0);
	CHECK_STR(h.body, "abc");
	CHECK_INT(m.opens, 2);
}

/* "close" among other tokens or in a second Connection line; keep-alive
 * for HTTP/1.0 the same way. */
static void t_connection_tokens(void)
{
	static const char *const closing[] = {
		"HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 200 OK\r\nConnection: foo\r\nConnection:  close \r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 200 OK\r\nConnection: ,CLOSE,\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.0 200 OK\r\nConnection: keep-alive-x\r\nContent-Length: 2\r\n\r\nok",
		/* chunked and a Content-Length: framing in doubt, not reused */
		"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
	};
	static const char *const keeping[] = {
		"HTTP/1.1 200 OK\r\nConnection: closed, xclose\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.0 200 OK\r\nConnection: x, Keep-Alive\r\nContent-Length: 2\r\n\r\nok",
	};
	size_t i;

	for (i = 0; i < sizeof(closing) / sizeof(closing[0]) + sizeof(keeping) / sizeof(keeping[0]); i++) {
		int closes = i < sizeof(closing) / sizeof(closing[0]);

		setup(closes ? closing[i] : keeping[i - sizeof(closing) / sizeof(closing[0])], NULL);
		REQUIRE(get("http://ca.example/x") == 0);
		CHECK_STR(h.body, "ok");
		if (m.closes != closes) {
			fprintf(stderr, "    answer %zu: %s, expected the other\n", i,
				m.closes ? "closed" : "kept");
			ta_test_failed = 1;
		}
	}
}

/* Link headers: one link per line (Pebble, Boulder) or several in one,
 * quoted or bare rel, only absolute https URLs, only the rel asked for. */
static void t_links(void)
{
	char out[4][64];

	setup("HTTP/1.1 200 OK\r\nLink: <https://a/dir>;rel=\"index\", "
		"<https://a/cert/1>;rel=\"alternate\"\r\n"
		"Link: <https://a/cert/2>; rel=alternate\r\n"
		"Link: </cert/3>;rel=\"alternate\"\r\n"
		"Link: <https://a/cert/4>;rel=\"alternates\"\r\n"
		"Link: <https://a/cert/5>;rel=\"up\", <https://a/cert/6>;rel=\"alternate\"\r\n"
		"Content-Length: 0\r\n\r\n", NULL);
	REQUIRE(get("https://ca.example/cert") == 0);
	REQUIRE(ta_http_links(&h, "alternate", out[0], sizeof(out[0]), 4) == 3);
	CHECK_STR(out[0], "https://a/cert/1");
	CHECK_STR(out[1], "https://a/cert/2");
	CHECK_STR(out[2], "https://a/cert/6");
	CHECK_INT(ta_http_links(&h, "alternate", out[0], sizeof(out[0]), 1), 1);
	CHECK_INT(ta_http_links(&h, "index", out[0], sizeof(out[0]), 4), 1);
	CHECK_STR(out[0], "https://a/dir");
	CHECK_INT(ta_http_links(&h, "alternate", out[0], 16, 4), 0);   /* no room: skipped */
	CHECK_INT(ta_http_links(&h, "alternate", out[0], 17, 4), 3);
}

static void t_repeated_headers(void)
{
	setup("HTTP/1.1 200 OK\r\nLink: <https://a/1>;rel=\"alternate\"\r\n"
		"Content-Length: 0\r\nlink: <https://a/2>;rel=\"alternate\"\r\n"
		"LINK: <https://a/dir>;rel=\"index\"\r\n\r\n", NULL);
	REQUIRE(get("https://ca.example/cert") == 0);
	CHECK_STR(ta_http_header(&h, "Link", 0), "<https://a/1>;rel=\"alternate\"");
	CHECK_STR(ta_http_header(&h, "Link", 1), "<https://a/2>;rel=\"alternate\"");
	CHECK_STR(ta_http_header(&h, "Link", 2), "<https://a/dir>;rel=\"index\"");
	CHECK(ta_http_header(&h, "Link", 3) == NULL);
}

static void t_keep_alive_reuse(void)
{
	setup("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA\f"
		"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nB", NULL);
	REQUIRE(get("https://ca.example/1") == 0);
	CHECK_STR(h.body, "A");
	REQUIRE(get("https://ca.example/2") == 0);
	CHECK_STR(h.body, "B");
	CHECK_INT(m.opens, 1);
	CHECK_INT(h.requests, 2);
	/* Another host: a new connection. */
	REQUIRE(get("https://other.example/3") != 0 || 1);
	CHECK_INT(m.opens, 2);
}

static void t_reconnect_once(void)
{
	/* The server answers once, then has closed the idle connection. */
	setup("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA",
		"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nB");
	REQUIRE(get("https://ca.example/1") == 0);
	REQUIRE(get("https://ca.example/2") == 0);
	CHECK_STR(h.body, "B");
	CHECK_INT(m.opens, 2);
	CHECK_STR(ta_error_msg(), "");
	/* The request was sent twice (once per connection). */
	m.sent[m.sent_len] = '\0';
	CHECK(strstr(strstr(m.sent, "GET /2") + 1, "GET /2") != NULL);
}

static void t_no_second_reconnect(void)
{
	setup("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA", "");
	REQUIRE(get("https://ca.example/1") == 0);
	CHECK_INT(get("https://ca.example/2"), TA_ERR_NET);
	CHECK_INT(m.opens, 2);
	CHECK(strstr(ta_error_msg(), "without a response") != NULL);
}

static void t_fresh_connection_closed_is_error(void)
{
	setup("", NULL);
	CHECK_INT(get("https://ca.example/1"), TA_ERR_NET);
	CHECK_INT(m.opens, 1);
}

static void t_interim_100(void)
{
	setup("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", NULL);
	REQUIRE(get("https://ca.example/x") == 0);
	CHECK_INT(h.status, 200);
	CHECK_STR(h.body, "ok");
}

/* A reused connection that answers 100 Continue and closes: the request
 * was received, so it is not sent again (its buffer may hold the answer
 * by then), and the error says what happened. */
static void t_interim_then_close_not_resent(void)
{
	setup("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA\fHTTP/1.1 100 Continue\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nB");
	REQUIRE(get("https://ca.example/1") == 0);
	CHECK_INT(get("https://ca.example/2"), TA_ERR_HTTP);
	CHECK_INT(m.opens, 1);
	CHECK(strstr(ta_error_msg(), "after an interim (1xx) response") != NULL);
}

static void t_head_has_no_body(void)
{
	ta_http_req r;

	setup("HTTP/1.1 200 OK\r\nReplay-Nonce: abc\r\nContent-Length: 100\r\n\r\n\f"
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", NULL);
	memset(&r, 0, sizeof(r));
	r.method = "HEAD";
	r.url = "https://ca.example/nonce";
	REQUIRE(ta_http_do(&h, &r) == 0);
	CHECK_STR(ta_http_header(&h, "Replay-Nonce", 0), "abc");
	CHECK_INT(h.body_len, 0);
	REQUIRE(get("https://ca.example/x") == 0);
	CHECK_STR(h.body, "ok");
	CHECK_INT(m.opens, 1);
}

/* A response that must be refused with err, delivered in reads of at most
 * chunks[i] bytes (0: all at once). */
static void refuse_in(const char *resp, int err, const size_t *chunks, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		setup(resp, NULL);
		m.chunk = chunks[i];
		CHECK_INT(get("https://ca.example/x"), err);
		CHECK(ta_error_msg()[0] != '\0');
		CHECK_INT(m.opens, 1);
		CHECK(m.closes == 1);   /* never reused after an error */
	}
}

/* Refused whatever the delivery size. */
static void refuse(const char *resp, int err)
{
	static const size_t chunks[] = { 0, 1, 7 };

	refuse_in(resp, err, chunks, TA_ARRAY_LEN(chunks));
}

/* Bytes beyond the end of a response: seen when they arrive with it (when
 * they come later, the next response's status line refuses them). */
static void refuse_extra(const char *resp)
{
	static const size_t whole[] = { 0 };

	refuse_in(resp, TA_ERR_HTTP, whole, 1);
}

static void t_bad_status_lines(void)
{
	refuse("HTTP/2 200 OK\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 20 OK\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 2000 OK\r\n\r\n", TA_ERR_HTTP);
	refuse("http/1.1 200 OK\r\n\r\n", TA_ERR_HTTP);
	refuse("garbage\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 099 Low\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 101 Switching\r\n\r\n", TA_ERR_HTTP);
}

static void t_bad_headers(void)
{
	refuse("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\n: empty name\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nA: b\x01" "c\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n"
		"Content-Length: 3\r\n\r\nabc", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nContent-Len", TA_ERR_HTTP);
}

static void t_truncated_and_extra(void)
{
	refuse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", TA_ERR_HTTP);
	refuse_extra("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhello");
	refuse_extra("HTTP/1.1 204 No Content\r\n\r\nbody");
}

static void t_bad_chunks(void)
{
	refuse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nab\r\n0\r\n\r\n", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", TA_ERR_HTTP);
	refuse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n", TA_ERR_HTTP);
	refuse_extra("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nextra");
	refuse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", TA_ERR_SPACE);
	refuse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", TA_ERR_HTTP);
}

static void t_limits(void)
{
	static char big[4096];
	size_t n;
	int i;

	/* A body larger than the buffer: refused, not truncated. */
	refuse("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nxxxx", TA_ERR_SPACE);
	refuse("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", TA_ERR_HTTP);
	/* Close-delimited body larger than the buffer. */
	n = (size_t)snprintf(big, sizeof(big), "HTTP/1.1 200 OK\r\n\r\n");
	memset(big + n, 'x', sizeof(big) - n - 1);
	refuse(big, TA_ERR_SPACE);
	/* Chunked body larger than the buffer. */
	n = (size_t)snprintf(big, sizeof(big), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
	for (i = 0; i < 30 && n + 120 < sizeof(big); i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "64\r\n%0100d\r\n", 0);
	snprintf(big + n, sizeof(big) - n, "0\r\n\r\n");
	refuse(big, TA_ERR_SPACE);
	/* Endless headers. */
	n = (size_t)snprintf(big, sizeof(big), "HTTP/1.1 200 OK\r\n");
	while (n + 12 < sizeof(big))
		n += (size_t)snprintf(big + n, sizeof(big) - n, "X-Pad: abc\r\n");
	refuse(big, TA_ERR_SPACE);
}

static void t_too_many_headers(void)
{
	static char resp[2048];
	size_t n = (size_t)snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\n");
	int i;

	for (i = 0; i < CONFIG_HTTP_MAX_HEADERS + 1; i++)
		n += (size_t)snprintf(resp + n, sizeof(resp) - n, "H%d: v\r\n", i);
	snprintf(resp + n, sizeof(resp) - n, "\r\n");
	refuse(resp, TA_ERR_SPACE);
}

static void t_exact_fit(void)
{
	/* A chunked body that fills the buffer to its last byte still works,
	 * because framing space is reclaimed as chunks are decoded. */
	static char resp[3000];
	size_t n = (size_t)snprintf(resp, sizeof(resp),
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
	int i;

	for (i = 0; i < 18; i++)
		n += (size_t)snprintf(resp + n, sizeof(resp) - n, "64\r\n%0100d\r\n", i);
	snprintf(resp + n, sizeof(resp) - n, "0\r\n\r\n");
	setup(resp, NULL);
	m.chunk = 64;
	REQUIRE(get("https://ca.example/x") == 0);
	CHECK_INT(h.body_len, 1800);
}

/* no_proxy: names and their subdomains, IP literals only exactly, [IPv6]
 * with or without a port, ports ignored. */
static void t_no_proxy(void)
{
	static const struct { const char *list, *host; int direct; } cases[] = {
		{ "example.com", "example.com", 1 },
		{ "example.com", "www.example.com", 1 },
		{ ".example.com", "www.example.com", 1 },
		{ "example.com", "badexample.com", 0 },
		{ "EXAMPLE.com:443", "www.example.COM", 1 },
		{ "0.0.1", "10.0.0.1", 0 },
		{ "0.1", "10.0.0.1", 0 },
		{ "10.0.0.1", "10.0.0.1", 1 },
		{ "10.0.0.1:8443", "10.0.0.1", 1 },
		{ "::1", "::1", 1 },
		{ "[::1]", "::1", 1 },
		{ "[::1]:443", "::1", 1 },
		{ "[::1]:443", "::2", 0 },
		{ "1", "::1", 0 },
		{ "foo, *", "ca.example", 1 },
		{ "a.example b.example", "b.example", 1 },
	};
	ta_url u;
	size_t i;

	REQUIRE(setenv("https_proxy", "http://proxy.lan:3128", 1) == 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char url[128];

		REQUIRE(setenv("no_proxy", cases[i].list, 1) == 0);
		snprintf(url, sizeof(url), strchr(cases[i].host, ':') ? "https://[%s]/" :
			"https://%s/", cases[i].host);
		REQUIRE(ta_url_parse(url, &u) == 0);
		if ((ta_proxy_for(&u, NULL) == NULL) != cases[i].direct) {
			fprintf(stderr, "    no_proxy=\"%s\", %s: %s\n", cases[i].list,
				cases[i].host, cases[i].direct ? "proxied" : "direct");
			ta_test_failed = 1;
		}
	}
	unsetenv("no_proxy");
	unsetenv("https_proxy");
}

const ta_test suite_http[] = {
	{ "no_proxy", t_no_proxy },
	{ "content_length", t_content_length },
	{ "request_format", t_request_format },
	{ "host_default_port", t_host_default_port },
	{ "chunked", t_chunked },
	{ "chunked_drip", t_chunked_drip },
	{ "drip_content_length", t_drip_content_length },
	{ "close_delimited", t_close_delimited },
	{ "http10_closes", t_http10_closes },
	{ "connection_close_header", t_connection_close_header },
	{ "connection_tokens", t_connection_tokens },
	{ "links", t_links },
	{ "repeated_headers", t_repeated_headers },
	{ "keep_alive_reuse", t_keep_alive_reuse },
	{ "reconnect_once", t_reconnect_once },
	{ "no_second_reconnect", t_no_second_reconnect },
	{ "fresh_connection_closed_is_error", t_fresh_connection_closed_is_error },
	{ "interim_100", t_interim_100 },
	{ "interim_then_close_not_resent", t_interim_then_close_not_resent },
	{ "head_has_no_body", t_head_has_no_body },
	{ "bad_status_lines", t_bad_status_lines },
	{ "bad_headers", t_bad_headers },
	{ "truncated_and_extra", t_truncated_and_extra },
	{ "bad_chunks", t_bad_chunks },
	{ "limits", t_limits },
	{ "too_many_headers", t_too_many_headers },
	{ "exact_fit", t_exact_fit },
	{ 0, 0 }
};
