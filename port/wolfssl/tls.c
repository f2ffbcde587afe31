/* TLS 1.3 and 1.2 client on wolfSSL: a small pool of connections over
 * tacme's own sockets (custom I/O callbacks, so every read and write keeps
 * its timeout), one context per process, full certificate verification
 * through ta_x509 (anchors loaded from the bundle per handshake), and the
 * same plain-words errors as the BearSSL build. */
#define _POSIX_C_SOURCE 200809L
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/version.h>
#include <wolfssl/error-ssl.h>
#include <string.h>
#include <time.h>
#include "tacme.h"
#include "tacme_tls.h"
#include "../common/tls_common.h"
#include "inner.h"

#if LIBWOLFSSL_VERSION_HEX < 0x05000000
#error "tacme needs wolfSSL 5.0 or later"
#endif
#if defined(NO_WOLFSSL_CLIENT) || defined(NO_CERTS) || !defined(HAVE_SNI)
#error "tacme needs a wolfSSL with the TLS client, certificates and SNI (--enable-sni)"
#endif
/* Plaintext gathered by ta_tls_write until ta_tls_flush, so an HTTP head
 * and its body leave in one record and one TCP segment, as with BearSSL. */
#define WBUF_SIZE 4096

struct ta_tls {
	int used;
	ta_net *net;
	WOLFSSL *ssl;
	int io_err;        /* first socket error the callbacks saw (TA_ERR_*) */
	int eof;           /* the socket reached end of stream */
	size_t wlen;
	unsigned char wbuf[WBUF_SIZE];
};

static ta_tls pool[CONFIG_TLS_CONNS];
static const char *ca_file = CONFIG_CA_FILE;
static WOLFSSL_CTX *ctx;         /* made once; anchors only during a handshake */
static ta_x509 x509;             /* one handshake at a time */

/* TLS 1.3 suites, then ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2:
 * the set the BearSSL build offers.  Names the library lacks are skipped. */
static const char suites[] =
	"TLS13-AES128-GCM-SHA256:TLS13-CHACHA20-POLY1305-SHA256:TLS13-AES256-GCM-SHA384:"
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384";

/* Sets the PEM bundle for later handshakes (NULL or "": the default). */
void ta_tls_set_ca_file(const char *path)
{
	ca_file = path && *path ? path : CONFIG_CA_FILE;
}

static int io_recv(WOLFSSL *ssl, char *buf, int sz, void *c)
{
	ta_tls *t = c;
	int r = ta_net_read(t->net, (unsigned char *)buf, (size_t)sz);

	(void)ssl;
	if (r > 0)
		return r;
	if (r == 0) {
		t->eof = 1;
		return WOLFSSL_CBIO_ERR_CONN_CLOSE;
	}
	if (!t->io_err)
		t->io_err = r;
	return WOLFSSL_CBIO_ERR_GENERAL;
}

static int io_send(WOLFSSL *ssl, char *buf, int sz, void *c)
{
	ta_tls *t = c;
	int r = ta_net_write(t->net, (const unsigned char *)buf, (size_t)sz);

	(void)ssl;
	if (r == 0)
		return sz;
	if (!t->io_err)
		t->io_err = r;
	return WOLFSSL_CBIO_ERR_GENERAL;
}

/* The context, made on first use.  Returns 0 or TA_ERR_TLS. */
static int ctx_ready(void)
{
	WOLFSSL_CTX *c;

	if (ctx)
		return 0;
	/* wolfSSL_CTX_new runs wolfSSL_Init on first use. */
	c = wolfSSL_CTX_new(wolfSSLv23_client_method());
	if (!c || wolfSSL_CTX_SetMinVersion(c, WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS ||
	    wolfSSL_CTX_set_cipher_list(c, suites) != WOLFSSL_SUCCESS) {
		wolfSSL_CTX_free(c);
		return ta_error(TA_ERR_TLS, "TLS setup failed (wolfSSL)");
	}
	wolfSSL_CTX_set_verify(c, WOLFSSL_VERIFY_PEER, ta_x509_verify);
	wolfSSL_CTX_set_session_cache_mode(c, WOLFSSL_SESS_CACHE_OFF);
	wolfSSL_CTX_SetIORecv(c, io_recv);
	wolfSSL_CTX_SetIOSend(c, io_send);
	ctx = c;
	return 0;
}

/* Records a message for a failed handshake (wolfSSL error err). */
static int handshake_error(ta_tls *t, int err, const char *host, int64_t now)
{
	WOLFSSL_ALERT_HISTORY h;

	if (t->io_err)
		return t->io_err;            /* timeout or reset, recorded */
	if (x509.anchor_err)
		return x509.anchor_err;      /* message already recorded */
	switch (x509.err ? x509.err : err < 0 ? ta_x509_reason(err) : 0) {
	case TA_X509_UNTRUSTED:
		return ta_tls_fail(TA_TLS_UNTRUSTED, host, ca_file, now, "wolfSSL", err);
	case TA_X509_NAME:
		return ta_tls_fail(TA_TLS_BAD_NAME, host, ca_file, now, "wolfSSL", err);
	case TA_X509_DATE:
		return ta_tls_fail(TA_TLS_EXPIRED, host, ca_file, now, "wolfSSL", err);
	default:
		break;
	}
	if (x509.err)
		return ta_tls_fail(TA_TLS_REJECTED, host, ca_file, now, "wolfSSL", x509.code);
	if (t->eof || err == SOCKET_PEER_CLOSED_E || err == SOCKET_ERROR_E)
		return ta_tls_fail(TA_TLS_LOST, host, ca_file, now, "wolfSSL", err);
	if (wolfSSL_get_alert_history(t->ssl, &h) == WOLFSSL_SUCCESS && h.last_rx.code > 0)
		return ta_tls_fail(TA_TLS_ALERT, host, ca_file, now, "wolfSSL", h.last_rx.code);
	return ta_tls_fail(TA_TLS_OTHER, host, ca_file, now, "wolfSSL", err);
}

static void drop(ta_tls *t)
{
	wolfSSL_free(t->ssl);
	t->ssl = NULL;
	t->used = 0;
	ta_wipe(t->wbuf, t->wlen);
}

/* Handshake over the connected socket n; see tacme_tls.h.  The context
 * holds trust anchors only while ta_x509 checks this server's chain. */
int ta_tls_open(ta_tls **out, ta_net *n, const char *host)
{
	ta_tls *t = NULL;
	int64_t now = ta_time_now();
	size_t i;
	int r;

	*out = NULL;
	for (i = 0; i < TA_ARRAY_LEN(pool) && !t; i++)
		if (!pool[i].used)
			t = &pool[i];
	if (!t)
		return ta_error(TA_ERR_SPACE, "more than %d TLS connections open", CONFIG_TLS_CONNS);
	if (ta_tls_check_clock(now, host))
		return TA_ERR_CLOCK;
	if ((r = ctx_ready()) != 0)
		return r;
	t->ssl = wolfSSL_new(ctx);
	if (!t->ssl)
		return ta_error(TA_ERR_TLS, "TLS setup failed (wolfSSL)");
	t->used = 1;
	t->net = n;
	t->io_err = 0;
	t->eof = 0;
	t->wlen = 0;
	wolfSSL_SetIOReadCtx(t->ssl, t);
	wolfSSL_SetIOWriteCtx(t->ssl, t);
	ta_x509_begin(&x509, ctx, ca_file, host);
	/* SNI and wolfSSL's name check for DNS names only (RFC 6066: no IP in
	 * SNI); ta_x509 checks an IP literal. */
	if (!x509.ip_len && (wolfSSL_UseSNI(t->ssl, WOLFSSL_SNI_HOST_NAME, host,
	    (unsigned short)strlen(host)) != WOLFSSL_SUCCESS ||
	    wolfSSL_check_domain_name(t->ssl, host) != WOLFSSL_SUCCESS))
		r = ta_error(TA_ERR_TLS, "TLS setup failed (wolfSSL)");
	else if ((r = wolfSSL_connect(t->ssl)) != WOLFSSL_SUCCESS)
		r = handshake_error(t, wolfSSL_get_error(t->ssl, r), host, now);
	else if (!x509.seen) {    /* cannot happen: the context had no anchor */
		x509.err = TA_X509_OTHER;
		x509.code = NO_PEER_CERT;
		r = handshake_error(t, 0, host, now);
	} else {
		r = 0;
	}
	ta_x509_end(&x509);
	if (r) {
		drop(t);
		return r;
	}
	*out = t;
	return 0;
}

/* The error for a socket that ended or failed: TA_ERR_TIMEOUT stays one
 * (the peer may have the request: it must not be sent again), anything
 * else is TA_ERR_CLOSED (a stale keep-alive connection, reopened). */
static int closed(const ta_tls *t)
{
	return t->io_err == TA_ERR_TIMEOUT ? TA_ERR_TIMEOUT : TA_ERR_CLOSED;
}

/* Reads decrypted bytes; see tacme_tls.h.  0 after the server's
 * close_notify, TA_ERR_CLOSED when the socket ended or failed without it. */
int ta_tls_read(ta_tls *t, unsigned char *buf, size_t len)
{
	int r, err;

	if (len > 0x7fffffff)
		len = 0x7fffffff;
	r = wolfSSL_read(t->ssl, buf, (int)len);
	if (r > 0)
		return r;
	if (wolfSSL_get_shutdown(t->ssl) & WOLFSSL_RECEIVED_SHUTDOWN)
		return 0;                            /* close_notify */
	if (t->io_err || t->eof)
		return closed(t);                    /* socket closed or failed */
	err = wolfSSL_get_error(t->ssl, r);
	if (err == WOLFSSL_ERROR_ZERO_RETURN)
		return 0;
	return ta_error(TA_ERR_TLS, "TLS read failed (wolfSSL error %d)", err);
}

/* Sends p[0..len) as one record (or more, above wolfSSL's record size). */
static int push(ta_tls *t, const unsigned char *p, size_t len)
{
	int r;

	if (!len)
		return 0;
	r = wolfSSL_write(t->ssl, p, (int)len);
	if (r == (int)len)
		return 0;
	if (t->io_err || t->eof)
		return closed(t);
	return ta_error(TA_ERR_TLS, "TLS write failed (wolfSSL error %d)",
		wolfSSL_get_error(t->ssl, r));
}

/* Queues buf[0..len); a full buffer is sent as one record. */
int ta_tls_write(ta_tls *t, const unsigned char *buf, size_t len)
{
	size_t k;
	int r;

	while (len) {
		k = sizeof(t->wbuf) - t->wlen;
		if (k > len)
			k = len;
		memcpy(t->wbuf + t->wlen, buf, k);
		t->wlen += k;
		buf += k;
		len -= k;
		if (t->wlen == sizeof(t->wbuf) && (r = ta_tls_flush(t)) != 0)
			return r;
	}
	return 0;
}

/* Sends what ta_tls_write queued, then wipes it (request headers may carry
 * credentials). */
int ta_tls_flush(ta_tls *t)
{
	size_t k = t->wlen;
	int r;

	t->wlen = 0;
	r = push(t, t->wbuf, k);
	ta_wipe(t->wbuf, k);
	return r;
}

/* Sends close_notify without waiting for the server's, frees the session
 * and returns the slot to the pool; the socket stays open. */
void ta_tls_close(ta_tls *t)
{
	if (!t || !t->used)
		return;
	if (!t->io_err && !t->eof)
		wolfSSL_shutdown(t->ssl);
	drop(t);
}
