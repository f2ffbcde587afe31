/* A connection to an HTTP server: TCP (direct or tunnelled through a proxy)
 * with TLS on top for https.
 *
 * The TLS backend has room for CONFIG_TLS_CONNS connections (each one
 * needs a 16 KB record buffer).  When an https connection is wanted and
 * all are taken, the one idle longest is closed: its owner then finds it
 * closed at its next request and connects again, exactly as when a server
 * closes an idle keep-alive connection.  tacme is single-threaded and
 * reads each response whole, so the connection closed is always idle. */
#include <string.h>
#include "tacme.h"
#include "ta_http.h"

static ta_conn *holders[CONFIG_TLS_CONNS];   /* connections holding TLS */
static unsigned long uses[CONFIG_TLS_CONNS], clock_uses;

/* Marks c as just used (for the choice of the one idle longest). */
static void touch(const ta_conn *c)
{
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(holders); i++)
		if (holders[i] == c)
			uses[i] = ++clock_uses;
}

/* A free holder slot for c, closing the connection idle longest if need be. */
static size_t make_room(const ta_conn *c)
{
	size_t i, old = 0;

	for (i = 0; i < TA_ARRAY_LEN(holders); i++) {
		if (!holders[i] || holders[i] == c)
			return i;
		if (uses[i] < uses[old])
			old = i;
	}
	ta_log(TA_LOG_DEBUG, "closing an idle TLS connection to make room (CONFIG_TLS_CONNS %d)",
		CONFIG_TLS_CONNS);
	ta_conn_close(holders[old]);
	return old;
}

int ta_conn_open(ta_conn *c, const ta_url *u, unsigned timeout_ms)
{
	const char *proxy = ta_proxy_for(u, c->proxy);
	int r;

	c->tls = NULL;
	c->open = 0;
	if (proxy) {
		r = ta_proxy_connect(&c->net, proxy, u, timeout_ms);
		if (r)
			return r;
		ta_log(TA_LOG_DEBUG, "connected to %s port %u through proxy", u->host, u->port);
	} else {
		r = ta_net_connect(&c->net, u->host, u->port, timeout_ms);
		if (r)
			return r;
		ta_log(TA_LOG_DEBUG, "connected to %s port %u", u->host, u->port);
	}
	if (u->tls) {
		size_t slot = make_room(c);

		r = ta_tls_open(&c->tls, &c->net, u->host);
		if (r) {
			ta_net_close(&c->net);
			return r;
		}
		holders[slot] = c;
		uses[slot] = ++clock_uses;
	}
	c->open = 1;
	return 0;
}

int ta_conn_read(ta_conn *c, unsigned char *buf, size_t len)
{
	if (!c->open)
		return TA_ERR_CLOSED;
	if (c->tls) {
		touch(c);
		return ta_tls_read(c->tls, buf, len);
	}
	return ta_net_read(&c->net, buf, len);
}

int ta_conn_write(ta_conn *c, const unsigned char *buf, size_t len)
{
	if (!c->open)
		return TA_ERR_CLOSED;
	if (c->tls)
		return ta_tls_write(c->tls, buf, len);
	return ta_net_write(&c->net, buf, len);
}

int ta_conn_flush(ta_conn *c)
{
	if (c->open && c->tls)
		return ta_tls_flush(c->tls);
	return c->open ? 0 : TA_ERR_CLOSED;
}

void ta_conn_close(ta_conn *c)
{
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(holders); i++)
		if (holders[i] == c)
			holders[i] = NULL;
	if (c->tls)
		ta_tls_close(c->tls);
	c->tls = NULL;
	if (c->open)
		ta_net_close(&c->net);
	c->open = 0;
}
