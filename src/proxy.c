/* HTTP proxies: choosing one (config, https_proxy, http_proxy, no_proxy)
 * and tunnelling through it with CONNECT, optionally with Basic auth. */
#include <string.h>
#include "tacme.h"
#include "ta_b64.h"
#include "ta_buf.h"
#include "ta_http.h"

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* 1 if host is name or a subdomain of name (name may start with '.'); an
 * IP literal host only when it is name exactly ("0.0.1" is no suffix of
 * 10.0.0.1). */
static int host_matches(const char *host, const char *name, size_t n)
{
	size_t hl = strlen(host), i;

	if (strchr(host, ':') || (hl && host[hl - 1] >= '0' && host[hl - 1] <= '9')) {
		for (i = 0; i < n && i < hl && lower(host[i]) == lower(name[i]); i++)
			;
		return i == n && n == hl;
	}
	if (n && name[0] == '.') {
		name++;
		n--;
	}
	if (n == 0 || n > hl)
		return 0;
	for (i = 0; i < n; i++)
		if (lower(host[hl - n + i]) != lower(name[i]))
			return 0;
	return hl == n || host[hl - n - 1] == '.';
}

/* 1 if the no_proxy list (commas or spaces) names host. */
static int no_proxy_matches(const char *list, const char *host)
{
	while (list && *list) {
		size_t n = strcspn(list, ", "), len = n;
		const char *colon = memchr(list, ':', n), *name = list, *rb = memchr(list, ']', n);

		if (list[0] == '[' && rb) {       /* [IPv6] or [IPv6]:port */
			name = list + 1;
			len = (size_t)(rb - name);
		} else if (colon && !memchr(colon + 1, ':', n - (size_t)(colon - list) - 1)) {
			len = (size_t)(colon - list);    /* drop a :port */
		}
		if ((len == 1 && list[0] == '*') || host_matches(host, name, len))
			return 1;
		list += n;
		list += strspn(list, ", ");
	}
	return 0;
}

const char *ta_proxy_for(const ta_url *u, const char *configured)
{
	const char *p, *np;

	if (!ENABLE_PROXY)
		return NULL;
	np = ta_env("no_proxy");
	if (!np)
		np = ta_env("NO_PROXY");
	if (np && no_proxy_matches(np, u->host))
		return NULL;
	if (configured && *configured)
		return configured;
	p = ta_env(u->tls ? "https_proxy" : "http_proxy");
	if (!p)
		p = ta_env(u->tls ? "HTTPS_PROXY" : "HTTP_PROXY");
	return p;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Appends "Proxy-Authorization: Basic ..." for percent-encoded userinfo. */
static int put_auth(ta_buf *b, const char *ui, size_t n)
{
	char plain[256];
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)ui[i];

		if (c == '%') {
			int h1 = i + 2 < n ? hexval(ui[i + 1]) : -1;
			int h2 = i + 2 < n ? hexval(ui[i + 2]) : -1;

			if (h1 < 0 || h2 < 0) {
				ta_wipe(plain, sizeof(plain));
				return ta_error(TA_ERR_PARSE, "bad %%-escape in the proxy credentials");
			}
			c = h1 * 16 + h2;
			i += 2;
		}
		if (len == sizeof(plain)) {
			ta_wipe(plain, sizeof(plain));
			return ta_error(TA_ERR_SPACE, "proxy credentials too long");
		}
		plain[len++] = (char)c;
	}
	ta_buf_puts(b, "Proxy-Authorization: Basic ");
	ta_b64_put(b, plain, len, 0);
	ta_buf_puts(b, "\r\n");
	ta_wipe(plain, sizeof(plain));
	return 0;
}

/* Reads the proxy's reply to CONNECT up to the blank line, past up to 7
 * interim 1xx replies (RFC 9110 15.2); returns its status code or a
 * negative error. */
static int read_reply(ta_net *n, char *buf, size_t cap)
{
	size_t len = 0;
	unsigned interim = 0;
	int r;

	while (len < cap - 1) {
		r = ta_net_read(n, (unsigned char *)buf + len, 1);
		if (r <= 0)
			return r ? r : ta_error(TA_ERR_NET, "the proxy closed the connection");
		len++;
		buf[len] = '\0';
		if (len < 4 || memcmp(buf + len - 4, "\r\n\r\n", 4))
			continue;
		if (strncmp(buf, "HTTP/1.", 7) || buf[8] != ' ' || buf[9] < '1' || buf[9] > '5' ||
		    buf[10] < '0' || buf[10] > '9' || buf[11] < '0' || buf[11] > '9')
			return ta_error(TA_ERR_HTTP, "the proxy sent a malformed reply");
		if (buf[9] != '1' || ++interim == 8)
			return (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
		len = 0;
	}
	return ta_error(TA_ERR_SPACE, "the proxy's reply is too long");
}

int ta_proxy_connect(ta_net *n, const char *proxy_url, const ta_url *u, unsigned timeout_ms)
{
	char req[1024];
	ta_url pu;
	ta_buf b;
	int r;

	if (!ENABLE_PROXY)
		return ta_error(TA_ERR_UNSUPPORTED, "this tacme was built without proxy support");
	if (ta_url_parse(proxy_url, &pu))
		return ta_error(TA_ERR_CONFIG, "bad proxy URL");
	if (pu.tls)
		return ta_error(TA_ERR_UNSUPPORTED, "https:// proxies are not supported: use http://");
	ta_buf_init(&b, req, sizeof(req));
	ta_buf_puts(&b, "CONNECT ");
	ta_url_put_hostport(&b, u, 1);
	ta_buf_puts(&b, " HTTP/1.1\r\nHost: ");
	ta_url_put_hostport(&b, u, 1);
	ta_buf_puts(&b, "\r\n");
	r = pu.userinfo ? put_auth(&b, pu.userinfo, pu.userinfo_len) : 0;
	ta_buf_puts(&b, "\r\n");
	if (!r && b.err)
		r = ta_error(TA_ERR_SPACE, "CONNECT request too long");
	if (r) {
		ta_wipe(req, sizeof(req));      /* may hold the credentials */
		return r;
	}
	r = ta_net_connect(n, pu.host, pu.port, timeout_ms);
	if (r == 0)
		r = ta_net_write(n, (const unsigned char *)req, b.len);
	ta_wipe(req, sizeof(req));
	if (r == 0)
		r = read_reply(n, req, sizeof(req));
	if (r < 0) {
		ta_net_close(n);
		return r;
	}
	if (r / 100 != 2) {
		ta_net_close(n);
		return ta_error(TA_ERR_NET, "the proxy %s:%u refused CONNECT to %s:%u with "
			"status %d%s", pu.host, pu.port, u->host, u->port, r,
			r == 407 ? " (proxy authentication required: put user:password@ in the proxy URL)" : "");
	}
	return 0;
}
