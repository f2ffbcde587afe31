/* URLs, connections and the HTTP/1.1 client. */
#ifndef TA_HTTP_H
#define TA_HTTP_H

#include <stddef.h>
#include "config.h"
#include "tacme_port.h"
#include "tacme_tls.h"

/* ---- URL ---------------------------------------------------------------- */
#define TA_HOST_MAX 256

typedef struct ta_url {
	int tls;                    /* 1 for https, 0 for http */
	char host[TA_HOST_MAX];     /* name or IP literal, without brackets */
	unsigned port;              /* explicit, or 443 / 80 */
	const char *path;           /* into the parsed string: "/..." (with
	                             * query), or "/" when the URL has none */
	const char *userinfo;       /* into the parsed string, or NULL */
	size_t userinfo_len;
} ta_url;

/* Parses an absolute http:// or https:// URL (IPv6 literals in brackets,
 * explicit ports, optional user:password@).  u->path and u->userinfo point
 * into url, which must outlive u.  Returns 0, TA_ERR_PARSE or TA_ERR_SPACE
 * (host too long), with a message naming the URL. */
int ta_url_parse(const char *url, ta_url *u);
/* For a message quoting url, which may hold user:password@: returns the
 * last '@' in it (NULL when none) and sets *head to the length to show
 * before it, up to the scheme's "://" (0 without one).  Show head bytes,
 * "...", then the rest from the '@'. */
const char *ta_url_secret(const char *url, int *head);
/* Appends "host" or "host:port" (brackets around IPv6) as in a Host header;
 * the port is left out when it is the scheme's default. */
struct ta_buf;
void ta_url_put_hostport(struct ta_buf *b, const ta_url *u, int always_port);

/* ---- connection: TCP, optionally TLS, optionally through a proxy -------- */
typedef struct ta_conn {
	ta_net net;
	ta_tls *tls;
	int open;
	const char *proxy;          /* proxy URL from the config, or NULL to use
	                             * https_proxy / http_proxy / no_proxy */
} ta_conn;

/* Connects to u's host and port (through a proxy when one applies) and
 * runs the TLS handshake for https.  Returns 0 or a negative error with
 * the message recorded. */
int ta_conn_open(ta_conn *c, const ta_url *u, unsigned timeout_ms);
int ta_conn_read(ta_conn *c, unsigned char *buf, size_t len);
int ta_conn_write(ta_conn *c, const unsigned char *buf, size_t len);
int ta_conn_flush(ta_conn *c);
void ta_conn_close(ta_conn *c);

/* ---- proxy (proxy.c) ---------------------------------------------------- */
/* Returns the proxy URL to use for u: configured (if not NULL/""), else
 * https_proxy/HTTPS_PROXY for https and http_proxy/HTTP_PROXY for http,
 * unless no_proxy/NO_PROXY names the host ("*", exact names, ".suffix" or
 * "suffix" domain matches, IP literals; ports ignored).  NULL for a direct
 * connection. */
const char *ta_proxy_for(const ta_url *u, const char *configured);
/* Opens a tunnel through the HTTP proxy at proxy_url with CONNECT to u's
 * host and port, with Basic authentication when the proxy URL carries
 * user:password.  n is connected on success.  Returns 0 or an error
 * (TA_ERR_UNSUPPORTED when built without proxy support). */
int ta_proxy_connect(ta_net *n, const char *proxy_url, const ta_url *u, unsigned timeout_ms);

/* ---- HTTP client -------------------------------------------------------- */
typedef struct ta_http_hdr {
	const char *name;           /* NUL-terminated, inside the response buffer */
	const char *value;          /* NUL-terminated, trimmed */
} ta_http_hdr;

/* Byte stream under the client: the default runs over ta_conn; tests put
 * canned responses behind it. */
typedef struct ta_http_io {
	int (*open)(void *ctx, const ta_url *u, unsigned timeout_ms);
	int (*read)(void *ctx, unsigned char *buf, size_t len);
	int (*write)(void *ctx, const unsigned char *buf, size_t len);
	int (*flush)(void *ctx);
	void (*close)(void *ctx);
	/* A request starts: every wait until its answer is read ends within
	 * limit_ms (NULL: not bounded below the client). */
	void (*limit)(void *ctx, unsigned limit_ms);
} ta_http_io;

typedef struct ta_http_req {
	const char *method;         /* "GET", "HEAD", "POST" */
	const char *url;
	const char *content_type;   /* or NULL */
	const char *accept;         /* or NULL */
	const char *extra;          /* more header lines, each ending in
	                             * "\r\n", or NULL */
	const void *body;
	size_t body_len;
} ta_http_req;

typedef struct ta_http {
	const ta_http_io *io;
	void *io_ctx;
	ta_conn conn;               /* io_ctx of the default io */
	unsigned timeout_ms;
	/* the open connection */
	int open;
	int tls;
	unsigned port;
	char host[TA_HOST_MAX];
	/* the response buffer (caller's) and the last response, all inside it */
	char *buf;
	size_t cap;
	int status;
	ta_http_hdr hdr[CONFIG_HTTP_MAX_HEADERS];
	unsigned nhdr;
	const char *body;           /* NUL-terminated (not counted in body_len) */
	size_t body_len;
	/* counters, for tests and benchmarks */
	unsigned requests;
	unsigned connects;
} ta_http;

/* Prepares h to use buf[0..cap) for responses (the caller owns it and keeps
 * it alive), over real connections; proxy is the configured proxy URL or
 * NULL. */
void ta_http_init(ta_http *h, char *buf, size_t cap, const char *proxy);
/* Sends one request and reads the whole response into the buffer: status,
 * headers and body (Content-Length, chunked, or until close).  Reuses the
 * open connection when scheme, host and port match, and reconnects once
 * when the server had closed it.  Any status is success here (0): check
 * h->status.  Returns TA_ERR_SPACE (response too big), TA_ERR_HTTP
 * (malformed), TA_ERR_TIMEOUT, TA_ERR_NET, TA_ERR_TLS, TA_ERR_CERT... with
 * a message naming the URL. */
int ta_http_do(ta_http *h, const ta_http_req *r);
/* Shorthand for a GET/HEAD/POST without extra headers. */
int ta_http_get(ta_http *h, const char *url, const char *accept);
/* Value of the nth (0-based) header called name (case-insensitive) in the
 * last response, or NULL. */
const char *ta_http_header(const ta_http *h, const char *name, unsigned nth);
/* Copies the absolute (https://) URLs of the last answer's Link headers with
 * rel="REL" or rel=REL (several links may share a header line, comma-
 * separated) into out, max slots of cap bytes each (the caller's); longer
 * URLs are skipped.  Returns how many were copied. */
unsigned ta_http_links(const ta_http *h, const char *rel, char *out, size_t cap, unsigned max);
/* Closes the connection, if open. */
void ta_http_close(ta_http *h);

#endif
