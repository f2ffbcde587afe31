/* A connection to an HTTP server: TCP (direct or tunnelled through a proxy)
 * with TLS on top for https. */
#include <string.h>
#include "tacme.h"
#include "ta_http.h"

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
		r = ta_tls_open(&c->tls, &c->net, u->host);
		if (r) {
			ta_net_close(&c->net);
			return r;
		}
	}
	c->open = 1;
	return 0;
}

int ta_conn_read(ta_conn *c, unsigned char *buf, size_t len)
{
	if (!c->open)
		return TA_ERR_CLOSED;
	if (c->tls)
		return ta_tls_read(c->tls, buf, len);
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
	if (c->tls)
		ta_tls_close(c->tls);
	c->tls = NULL;
	if (c->open)
		ta_net_close(&c->net);
	c->open = 0;
}
