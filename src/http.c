/* HTTP/1.1 client: one request, one response read whole into the caller's
 * buffer, keep-alive with one transparent reconnect, strict and bounded
 * parsing (status line, headers, Content-Length, chunked, close). */
#include <string.h>
#include "tacme.h"
#include "ta_str.h"
#include "ta_fmt.h"
#include "ta_buf.h"
#include "ta_http.h"

static int conn_open(void *ctx, const ta_url *u, unsigned timeout_ms)
{
	return ta_conn_open(ctx, u, timeout_ms);
}

static int conn_read(void *ctx, unsigned char *buf, size_t len)
{
	return ta_conn_read(ctx, buf, len);
}

static int conn_write(void *ctx, const unsigned char *buf, size_t len)
{
	return ta_conn_write(ctx, buf, len);
}

static int conn_flush(void *ctx)
{
	return ta_conn_flush(ctx);
}

static void conn_close(void *ctx)
{
	ta_conn_close(ctx);
}

static void conn_limit(void *ctx, unsigned limit_ms)
{
	ta_net_limit(&((ta_conn *)ctx)->net, limit_ms);
}

static const ta_http_io conn_io = {
	conn_open, conn_read, conn_write, conn_flush, conn_close, conn_limit
};

void ta_http_init(ta_http *h, char *buf, size_t cap, const char *proxy)
{
	memset(h, 0, sizeof(*h));
	h->io = &conn_io;
	h->io_ctx = &h->conn;
	h->conn.proxy = proxy;
	h->timeout_ms = CONFIG_HTTP_TIMEOUT_MS;
	h->buf = buf;
	h->cap = cap;
	h->body = "";
}

void ta_http_close(ta_http *h)
{
	if (h->open)
		h->io->close(h->io_ctx);
	h->open = 0;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int ieq(const char *a, const char *b)
{
	while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == *b;
}

/* 1 if a Connection header of the answer lists token (any case, in any
 * of its lines: "Connection: close, foo"). */
static int has_token(const ta_http *h, const char *token)
{
	const char *v;
	unsigned k;
	size_t n = strlen(token), w, i;

	for (k = 0; (v = ta_http_header(h, "Connection", k)) != NULL; k++)
		for (v += strspn(v, " \t,"); *v; v += strspn(v, " \t,")) {
			for (w = strcspn(v, ","); w && (v[w - 1] == ' ' || v[w - 1] == '\t'); w--)
				;
			for (i = 0; i < w && i < n && lower((unsigned char)v[i]) == token[i]; i++)
				;
			if (i == n && w == n)
				return 1;
			v += strcspn(v, ",");
		}
	return 0;
}

const char *ta_http_header(const ta_http *h, const char *name, unsigned nth)
{
	unsigned i;

	for (i = 0; i < h->nhdr; i++)
		if (ieq(h->hdr[i].name, name) && nth-- == 0)
			return h->hdr[i].value;
	return NULL;
}

unsigned ta_http_links(const ta_http *h, const char *rel, char *out, size_t cap, unsigned max)
{
	const char *line, *lt, *gt, *next;
	unsigned n = 0, i;
	char want[2][40];

	if (ta_snprintf(want[0], sizeof(want[0]), "rel=\"%s\"", rel) >= (int)sizeof(want[0]))
		return 0;
	ta_snprintf(want[1], sizeof(want[1]), "rel=%s", rel);
	for (i = 0; (line = ta_http_header(h, "Link", i)) != NULL; i++)
		for (lt = strchr(line, '<'); lt && n < max; lt = next) {
			size_t ulen, plen, k;
			char params[128];

			if (!(gt = strchr(lt, '>')))
				break;
			next = strchr(gt, '<');
			ulen = (size_t)(gt - lt - 1);
			plen = next ? (size_t)(next - gt - 1) : strlen(gt + 1);
			if (plen >= sizeof(params) || ulen >= cap || strncmp(lt + 1, "https://", 8))
				continue;
			memcpy(params, gt + 1, plen);
			params[plen] = '\0';
			for (k = 0; k < 2; k++) {
				const char *at = ta_strstr(params, want[k]);
				char end = at ? at[strlen(want[k])] : 'x';

				if (at && (end == '\0' || end == ';' || end == ',' || end == ' '))
					break;
			}
			if (k == 2)
				continue;
			memcpy(out + n * cap, lt + 1, ulen);
			out[n++ * cap + ulen] = '\0';
		}
	return n;
}

/* ---- reading ------------------------------------------------------------ */

/* State of one response being read: raw bytes are buf[0..len). */
typedef struct rd {
	ta_http *h;
	size_t len;
	uint32_t start_ms;
	const char *url;
} rd;

/* Reads more bytes into the buffer (never beyond limit).  Returns the count,
 * 0 at end of stream, or a negative error. */
static int fill(rd *s, size_t limit)
{
	ta_http *h = s->h;
	int r;

	if (s->len >= limit)
		return ta_error(TA_ERR_SPACE, "response from %s is larger than the %zu-byte "
			"buffer (CONFIG_HTTP_BUF_SIZE)", s->url, h->cap);
	if ((uint32_t)(ta_time_ms() - s->start_ms) > 2u * h->timeout_ms)
		return ta_error(TA_ERR_TIMEOUT, "response from %s took longer than %u ms",
			s->url, 2u * h->timeout_ms);
	r = h->io->read(h->io_ctx, (unsigned char *)h->buf + s->len, limit - s->len);
	if (r > 0)
		s->len += (size_t)r;
	return r;
}

static int is_tchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		(c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Parses "HTTP/1.x SSS reason" in line (NUL-terminated). */
static int parse_status(ta_http *h, const char *line, int *minor)
{
	if (strncmp(line, "HTTP/1.", 7) || (line[7] != '0' && line[7] != '1') || line[8] != ' ')
		return -1;
	if (line[9] < '1' || line[9] > '9' || line[10] < '0' || line[10] > '9' ||
	    line[11] < '0' || line[11] > '9' || (line[12] != ' ' && line[12] != '\0'))
		return -1;
	*minor = line[7] - '0';
	h->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
	return 0;
}

/* Splits the header section buf[0..end) (ending in CRLF CRLF) into
 * NUL-terminated lines: the status line and name/value pairs. */
static int parse_head(rd *s, size_t end, int *minor)
{
	ta_http *h = s->h;
	char *p = h->buf, *limit = h->buf + end - 2, *eol, *colon, *v, *e;

	h->nhdr = 0;
	eol = ta_strstr(p, "\r\n");
	if (!eol || eol > limit)
		return -1;
	*eol = '\0';
	if (parse_status(h, p, minor))
		return -1;
	for (p = eol + 2; p < limit; p = eol + 2) {
		eol = ta_strstr(p, "\r\n");
		if (!eol || eol > limit)
			return -1;
		*eol = '\0';
		for (colon = p; is_tchar((unsigned char)*colon); colon++)
			;
		if (colon == p || *colon != ':')
			return -1;     /* empty name, bad char, or obs-fold */
		*colon = '\0';
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		for (e = eol; e > v && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*e = '\0';
		for (e = v; *e; e++)
			if ((unsigned char)*e < 0x20 && *e != '\t')
				return -1;
		if (h->nhdr == TA_ARRAY_LEN(h->hdr))
			return ta_error(TA_ERR_SPACE, "more than %d header lines from %s "
				"(CONFIG_HTTP_MAX_HEADERS)", CONFIG_HTTP_MAX_HEADERS, s->url);
		h->hdr[h->nhdr].name = p;
		h->hdr[h->nhdr].value = v;
		h->nhdr++;
	}
	return 0;
}

/* Reads until the blank line that ends the headers; returns its end offset
 * (> 0) or a negative error.  TA_ERR_CLOSED when the stream ended before any
 * byte (a keep-alive connection the server had closed). */
static long read_head(rd *s)
{
	size_t limit = s->h->cap - 1 < CONFIG_HTTP_HEAD_MAX ? s->h->cap - 1 : CONFIG_HTTP_HEAD_MAX;
	size_t scan = 0;
	char *end;
	int r;

	for (;;) {
		s->h->buf[s->len] = '\0';
		while (scan + 4 <= s->len) {
			end = memchr(s->h->buf + scan, '\r', s->len - scan);
			if (!end) {
				scan = s->len;
				break;
			}
			scan = (size_t)(end - s->h->buf);
			if (scan + 4 > s->len)
				break;          /* wait for more bytes */
			if (!memcmp(end, "\r\n\r\n", 4))
				return (long)scan + 4;
			scan++;
		}
		if (memchr(s->h->buf, '\0', s->len))
			return ta_error(TA_ERR_HTTP, "NUL byte in the headers from %s", s->url);
		if (s->len >= limit)
			return ta_error(TA_ERR_SPACE, "headers from %s are larger than %zu bytes "
				"(CONFIG_HTTP_HEAD_MAX)", s->url, limit);
		r = fill(s, limit);
		if (r == 0 || r == TA_ERR_CLOSED)
			return s->len ? ta_error(TA_ERR_HTTP, "%s closed the connection in the "
				"middle of the headers", s->url) : TA_ERR_CLOSED;
		if (r < 0)
			return r == TA_ERR_NET && !s->len ? TA_ERR_CLOSED : r;
	}
}

/* Parses a Content-Length value; -1 when malformed. */
static long long parse_length(const char *v)
{
	long long n = 0;

	if (!*v)
		return -1;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || n > 100000000000LL)
			return -1;
		n = n * 10 + (*v - '0');
	}
	return n;
}

/* Reads a body of exactly n bytes (a Content-Length) starting at offset
 * off. */
static int read_length(rd *s, size_t off, long long n)
{
	size_t want = (size_t)n;
	int r;

	if ((unsigned long long)n > s->h->cap - 1 - off)
		return ta_error(TA_ERR_SPACE, "response body from %s is %lld bytes, larger than "
			"the buffer (CONFIG_HTTP_BUF_SIZE)", s->url, n);
	while (s->len < off + want) {
		r = fill(s, off + want);
		if (r == 0 || r == TA_ERR_CLOSED)
			return ta_error(TA_ERR_HTTP, "response body from %s truncated at %zu of %zu "
				"bytes", s->url, s->len - off, want);
		if (r < 0)
			return r;
	}
	if (s->len > off + want)
		return ta_error(TA_ERR_HTTP, "%s sent more bytes than its Content-Length", s->url);
	s->h->body_len = want;
	return 0;
}

/* Reads until the server closes the connection. */
static int read_close(rd *s, size_t off)
{
	int r;

	for (;;) {
		r = fill(s, s->h->cap - 1);
		if (r == 0)
			break;
		if (r < 0)
			return r == TA_ERR_CLOSED ? ta_error(TA_ERR_HTTP, "response from %s ended "
				"without a clean close: it may be truncated", s->url) : r;
	}
	s->h->body_len = s->len - off;
	return 0;
}

/* Ensures raw bytes [pos, pos+n) are in the buffer. */
static int need(rd *s, size_t pos, size_t n)
{
	int r;

	while (s->len < pos + n) {
		if (pos + n > s->h->cap - 1)
			return ta_error(TA_ERR_SPACE, "chunked response from %s is larger than the "
				"buffer (CONFIG_HTTP_BUF_SIZE)", s->url);
		r = fill(s, s->h->cap - 1);
		if (r == 0 || r == TA_ERR_CLOSED)
			return ta_error(TA_ERR_HTTP, "chunked response from %s truncated", s->url);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Reads one CRLF-terminated line at raw offset *pos (at most 256 bytes);
 * returns its length (without CRLF) and advances *pos past it. */
static long read_line(rd *s, size_t *pos)
{
	size_t i = 0;
	int r;

	for (;; i++) {
		if (i >= 256)
			return ta_error(TA_ERR_HTTP, "chunk line too long from %s", s->url);
		if ((r = need(s, *pos, i + 2)) != 0)
			return r;
		if (s->h->buf[*pos + i] == '\r') {
			if (s->h->buf[*pos + i + 1] != '\n')
				return ta_error(TA_ERR_HTTP, "bad line end in chunked body from %s", s->url);
			*pos += i + 2;
			return (long)i;
		}
	}
}

/* Decodes a chunked body in place: data moves down to off, raw framing is
 * read ahead of it. */
static int read_chunked(rd *s, size_t off)
{
	ta_http *h = s->h;
	size_t w = off, pos = off;
	long n;

	for (;;) {
		size_t size = 0, i, line;
		int digits = 0;

		if ((n = read_line(s, &pos)) < 0)
			return (int)n;
		line = pos - (size_t)n - 2;
		for (i = 0; i < (size_t)n; i++) {
			int c = lower((unsigned char)h->buf[line + i]), d;

			d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
			if (d < 0)
				break;
			if (size > (h->cap >> 4))
				return ta_error(TA_ERR_SPACE, "chunk from %s is larger than the buffer", s->url);
			size = size * 16 + (size_t)d;
			digits++;
		}
		if (!digits || (i < (size_t)n && h->buf[line + i] != ';' &&
		    h->buf[line + i] != ' ' && h->buf[line + i] != '\t'))
			return ta_error(TA_ERR_HTTP, "bad chunk size from %s", s->url);
		if (size == 0)
			break;
		if ((n = need(s, pos, size + 2)) != 0)
			return (int)n;
		if (h->buf[pos + size] != '\r' || h->buf[pos + size + 1] != '\n')
			return ta_error(TA_ERR_HTTP, "chunk from %s is not followed by CRLF", s->url);
		memmove(h->buf + w, h->buf + pos, size);
		w += size;
		pos += size + 2;
		/* Give the framing space back so large bodies fit. */
		memmove(h->buf + w, h->buf + pos, s->len - pos);
		s->len -= pos - w;
		pos = w;
	}
	do {                                    /* trailer lines, then CRLF */
		if ((n = read_line(s, &pos)) < 0)
			return (int)n;
	} while (n > 0);
	if (s->len != pos)
		return ta_error(TA_ERR_HTTP, "%s sent bytes after the chunked body", s->url);
	h->body_len = w - off;
	s->len = w;
	return 0;
}

/* Reads a complete response; sets *keep when the connection can be reused. */
static int read_response(ta_http *h, const ta_http_req *r, int *keep)
{
	rd s;
	long end;
	int minor = 1, rc, interim = 0;
	const char *te, *cl;

	s.h = h;
	s.len = 0;
	s.start_ms = ta_time_ms();
	s.url = r->url;
	for (;;) {
		end = read_head(&s);
		if (end == TA_ERR_CLOSED && interim)   /* answered: never resent */
			return ta_error(TA_ERR_HTTP, "%s closed the connection after an interim "
				"(1xx) response", r->url);
		if (end < 0)
			return (int)end;
		if (parse_head(&s, (size_t)end, &minor))
			return ta_error_code() == TA_ERR_SPACE ? TA_ERR_SPACE :
				ta_error(TA_ERR_HTTP, "malformed response headers from %s", r->url);
		if (h->status >= 200)
			break;
		if (h->status == 101 || ++interim > 8)
			return ta_error(TA_ERR_HTTP, "unexpected status %d from %s", h->status, r->url);
		memmove(h->buf, h->buf + end, s.len - (size_t)end);   /* drop 1xx */
		s.len -= (size_t)end;
	}
	h->body = h->buf + end;
	h->body_len = 0;
	*keep = minor == 1 ? !has_token(h, "close") : has_token(h, "keep-alive");
	te = ta_http_header(h, "Transfer-Encoding", 0);
	cl = ta_http_header(h, "Content-Length", 0);
	if (!strcmp(r->method, "HEAD") || h->status == 204 || h->status == 304) {
		rc = s.len == (size_t)end ? 0 : ta_error(TA_ERR_HTTP, "%s sent a body where none "
			"is allowed", r->url);
	} else if (te) {
		if (!ieq(te, "chunked") || ta_http_header(h, "Transfer-Encoding", 1))
			return ta_error(TA_ERR_HTTP, "unsupported Transfer-Encoding \"%.40s\" from %s",
				te, r->url);
		*keep = *keep && !cl;        /* both: framing in doubt (RFC 9112 6.3) */
		rc = read_chunked(&s, (size_t)end);
	} else if (cl) {
		long long n = parse_length(cl);
		const char *cl2;
		unsigned k;

		for (k = 1; n >= 0 && (cl2 = ta_http_header(h, "Content-Length", k)) != NULL; k++)
			if (parse_length(cl2) != n)
				n = -1;
		if (n < 0)
			return ta_error(TA_ERR_HTTP, "bad Content-Length from %s", r->url);
		rc = read_length(&s, (size_t)end, n);
	} else {
		*keep = 0;
		rc = read_close(&s, (size_t)end);
	}
	if (rc == 0)
		h->buf[(size_t)end + h->body_len] = '\0';
	return rc;
}

/* ---- writing ------------------------------------------------------------ */

static int send_request(ta_http *h, const ta_http_req *r, const ta_url *u)
{
	char head[1024 + CONFIG_HTTP_URL_MAX];
	ta_buf b;
	int rc;

	if (h->io->limit)       /* the bound of read_response, below TLS too */
		h->io->limit(h->io_ctx, 2u * h->timeout_ms);
	ta_buf_init(&b, head, sizeof(head));
	ta_buf_printf(&b, "%s %s HTTP/1.1\r\nHost: ", r->method, u->path);
	ta_url_put_hostport(&b, u, 0);
	ta_buf_printf(&b, "\r\nUser-Agent: tacme/%s\r\n", ta_version);
	if (r->accept)
		ta_buf_printf(&b, "Accept: %s\r\n", r->accept);
	if (r->content_type)
		ta_buf_printf(&b, "Content-Type: %s\r\n", r->content_type);
	if (r->body || !strcmp(r->method, "POST")) {
		ta_buf_puts(&b, "Content-Length: ");
		ta_buf_putu(&b, r->body_len);
		ta_buf_puts(&b, "\r\n");
	}
	if (r->extra)
		ta_buf_puts(&b, r->extra);
	ta_buf_puts(&b, "\r\n");
	if (b.err)
		return ta_error(TA_ERR_SPACE, "request headers for %s too long", r->url);
	rc = h->io->write(h->io_ctx, (const unsigned char *)head, b.len);
	ta_wipe(head, b.len);          /* extra may carry credentials (acme-dns) */
	if (rc == 0 && r->body_len)
		rc = h->io->write(h->io_ctx, r->body, r->body_len);
	if (rc == 0)
		rc = h->io->flush(h->io_ctx);
	return rc == TA_ERR_NET ? TA_ERR_CLOSED : rc;   /* may retry when reused */
}

/* 1 if the open connection goes to u's scheme, host and port. */
static int same_origin(const ta_http *h, const ta_url *u)
{
	return h->open && h->tls == u->tls && h->port == u->port && !strcmp(h->host, u->host);
}

static int connect_to(ta_http *h, const ta_url *u)
{
	int rc;

	ta_http_close(h);
	rc = h->io->open(h->io_ctx, u, h->timeout_ms);
	if (rc)
		return rc;
	h->open = 1;
	h->tls = u->tls;
	h->port = u->port;
	strcpy(h->host, u->host);
	h->connects++;
	return 0;
}

int ta_http_do(ta_http *h, const ta_http_req *r)
{
	ta_url u;
	int rc, keep = 0, reused, had_error = ta_error_code() != 0;

	h->status = 0;
	h->nhdr = 0;
	h->body = "";
	h->body_len = 0;
	if (strlen(r->url) > CONFIG_HTTP_URL_MAX)
		return ta_error(TA_ERR_SPACE, "URL longer than %d bytes", CONFIG_HTTP_URL_MAX);
	if ((rc = ta_url_parse(r->url, &u)) != 0)
		return rc;
	if (h->cap < 256)
		return ta_error(TA_ERR_SPACE, "HTTP buffer too small");
	reused = same_origin(h, &u);
	if (!reused && (rc = connect_to(h, &u)) != 0)
		return rc;
	h->requests++;
	ta_log(TA_LOG_DEBUG, "%s %s", r->method, r->url);
	rc = send_request(h, r, &u);
	if (rc == 0)
		rc = read_response(h, r, &keep);
	if (reused && rc == TA_ERR_CLOSED) {
		/* The server closed the idle connection: once more, afresh. */
		if (!had_error)
			ta_error_clear();
		if ((rc = connect_to(h, &u)) != 0)
			return rc;
		rc = send_request(h, r, &u);
		if (rc == 0)
			rc = read_response(h, r, &keep);
	}
	if (rc == TA_ERR_CLOSED)
		rc = ta_error(TA_ERR_NET, "%s closed the connection without a response", r->url);
	if (rc && !had_error && !ta_strstr(ta_error_msg(), u.host))
		ta_error_prefix("%s %s: ", r->method, r->url);   /* say which server */
	if (rc || !keep)
		ta_http_close(h);
	return rc;
}

int ta_http_get(ta_http *h, const char *url, const char *accept)
{
	ta_http_req r;

	memset(&r, 0, sizeof(r));
	r.method = "GET";
	r.url = url;
	r.accept = accept;
	return ta_http_do(h, &r);
}
