/* Absolute http(s) URLs: scheme, userinfo, host (IPv6 in brackets), port,
 * path. */
#include <string.h>
#include "tacme.h"
#include "ta_str.h"
#include "ta_buf.h"
#include "ta_http.h"

const char *ta_url_secret(const char *url, int *head)
{
	const char *at = strrchr(url, '@'), *s = ta_strstr(url, "://");

	*head = s && at && s < at ? (int)(s + 3 - url) : 0;
	return at;
}

/* The error for a bad url; a password in it is not shown. */
static int bad(const char *url, const char *why)
{
	int head;
	const char *at = ta_url_secret(url, &head);

	if (at)
		return ta_error(TA_ERR_PARSE, "bad URL \"%.*s...%.100s\": %s", head, url, at, why);
	return ta_error(TA_ERR_PARSE, "bad URL \"%.200s\": %s", url, why);
}

/* Parses the decimal port in s[0..n). */
static int parse_port(const char *s, size_t n, unsigned *port)
{
	unsigned v = 0;
	size_t i;

	if (n == 0 || n > 5)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return -1;
	*port = v;
	return 0;
}

/* Checks the characters of a host name or IPv4 literal. */
static int host_chars_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
			return 0;
	}
	return n > 0;
}

int ta_url_parse(const char *url, ta_url *u)
{
	const char *p, *auth_end, *at, *host, *host_end, *port = NULL;
	size_t hlen;

	memset(u, 0, sizeof(*u));
	if (!strncmp(url, "https://", 8)) {
		u->tls = 1;
		u->port = 443;
		p = url + 8;
	} else if (!strncmp(url, "http://", 7)) {
		u->port = 80;
		p = url + 7;
	} else {
		return bad(url, "it must start with https:// or http://");
	}
	auth_end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(auth_end - p));
	if (at) {
		u->userinfo = p;
		u->userinfo_len = (size_t)(at - p);
		p = at + 1;
	}
	if (*p == '[') {
		host = p + 1;
		host_end = memchr(host, ']', (size_t)(auth_end - host));
		if (!host_end || host_end == host)
			return bad(url, "unclosed [ in the host");
		if (host_end + 1 < auth_end) {
			if (host_end[1] != ':')
				return bad(url, "junk after ]");
			port = host_end + 2;
		}
		for (p = host; p < host_end; p++)
			if (!strchr("0123456789abcdefABCDEF:.", *p))
				return bad(url, "bad IPv6 literal");
		if (!memchr(host, ':', (size_t)(host_end - host)))   /* [cafe], [1.2.3.4] */
			return bad(url, "bad IPv6 literal");
	} else {
		host = p;
		host_end = memchr(p, ':', (size_t)(auth_end - p));
		if (host_end)
			port = host_end + 1;
		else
			host_end = auth_end;
		if (!host_chars_ok(host, (size_t)(host_end - host)))
			return bad(url, "bad host name");
	}
	if (port && parse_port(port, (size_t)(auth_end - port), &u->port))
		return bad(url, "bad port");
	hlen = (size_t)(host_end - host);
	if (hlen >= sizeof(u->host))
		return ta_error(TA_ERR_SPACE, "host name too long in URL \"%.200s\"", url);
	memcpy(u->host, host, hlen);
	u->host[hlen] = '\0';
	if (*auth_end == '#')
		return bad(url, "fragments are not allowed");
	u->path = *auth_end == '/' ? auth_end : "/";
	if (*auth_end == '?')
		return bad(url, "a query needs a path");
	for (p = u->path; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '#')
			return bad(url, "spaces, control characters or # in the path");
	return 0;
}

void ta_url_put_hostport(ta_buf *b, const ta_url *u, int always_port)
{
	int v6 = strchr(u->host, ':') != NULL;

	if (v6)
		ta_buf_putc(b, '[');
	ta_buf_puts(b, u->host);
	if (v6)
		ta_buf_putc(b, ']');
	if (always_port || u->port != (u->tls ? 443u : 80u)) {
		ta_buf_putc(b, ':');
		ta_buf_putu(b, u->port);
	}
}
