/* TLS 1.2 client on BearSSL: a small pool of connections, a trimmed engine
 * (ECDHE with AES-GCM or ChaCha20-Poly1305), full certificate verification
 * through ta_x509, and errors that say what to do. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <time.h>
#include "tacme.h"
#include "tacme_tls.h"
#include "../common/tls_common.h"
#include "inner.h"

struct ta_tls {
	int used;
	int io_err;        /* the socket's last failure (0: end of stream) */
	ta_net *net;
	br_ssl_client_context cc;
	br_sslio_context io;
	unsigned char iobuf[BR_SSL_BUFSIZE_MONO];
};

static ta_tls pool[CONFIG_TLS_CONNS];
static const char *ca_file = CONFIG_CA_FILE;

static const uint16_t suites[] = {
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
};

void ta_tls_set_ca_file(const char *path)
{
	ca_file = path && *path ? path : CONFIG_CA_FILE;
}

static int low_read(void *ctx, unsigned char *buf, size_t len)
{
	ta_tls *t = ctx;
	int r = ta_net_read(t->net, buf, len);

	if (r > 0)
		return r;
	t->io_err = r;
	return -1;
}

static int low_write(void *ctx, const unsigned char *buf, size_t len)
{
	ta_tls *t = ctx;
	int r = ta_net_write(t->net, buf, len);

	if (r == 0)
		return (int)len;
	t->io_err = r;
	return -1;
}

/* The error for a failed read, write or flush: BearSSL's own, or for a
 * socket that ended or failed, TA_ERR_TIMEOUT when it timed out (the peer
 * may have the request: it must not be sent again), else TA_ERR_CLOSED
 * (a stale keep-alive connection, reopened). */
static int io_error(const ta_tls *t, const char *what)
{
	int err = br_ssl_engine_last_error(&t->cc.eng);

	if (err == BR_ERR_IO)
		return t->io_err == TA_ERR_TIMEOUT ? TA_ERR_TIMEOUT : TA_ERR_CLOSED;
	return ta_error(TA_ERR_TLS, "TLS %s failed (BearSSL error %d)", what, err);
}

/* The engine with only what tacme needs, so the linker drops the rest. */
static void engine_init(br_ssl_client_context *cc)
{
	br_ssl_engine_context *eng = &cc->eng;

	br_ssl_client_zero(cc);
	br_ssl_engine_set_versions(eng, BR_TLS12, BR_TLS12);
	br_ssl_engine_set_suites(eng, suites, TA_ARRAY_LEN(suites));
	br_ssl_client_set_default_rsapub(cc);
	br_ssl_engine_set_default_rsavrfy(eng);
	br_ssl_engine_set_ecdsa(eng, br_ecdsa_vrfy_asn1_get_default());
	br_ssl_engine_set_ec(eng, &ta_ec);
	br_ssl_engine_set_hash(eng, br_sha256_ID, &br_sha256_vtable);
	br_ssl_engine_set_hash(eng, br_sha384_ID, &br_sha384_vtable);
	br_ssl_engine_set_hash(eng, br_sha512_ID, &br_sha512_vtable);
	br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
	br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
	br_ssl_engine_set_default_aes_gcm(eng);
	br_ssl_engine_set_default_chapol(eng);
	br_ssl_engine_add_flags(eng, BR_OPT_NO_RENEGOTIATION);
}

/* Records a message for a failed handshake checked by x. */
static int handshake_error(const ta_x509 *x, int err, const char *host, int64_t now)
{
	int why = TA_TLS_OTHER;

	if (x->anchor_err)
		return x->anchor_err;        /* message already recorded */
	if (err == BR_ERR_X509_NOT_TRUSTED)
		why = TA_TLS_UNTRUSTED;
	else if (err == BR_ERR_X509_BAD_SERVER_NAME)
		why = TA_TLS_BAD_NAME;
	else if (err == BR_ERR_X509_EXPIRED)
		why = TA_TLS_EXPIRED;
	else if (err == BR_ERR_X509_LIMIT_EXCEEDED)
		why = TA_TLS_TOO_BIG;
	else if (err == BR_ERR_IO)
		why = TA_TLS_LOST;
	else if (err >= BR_ERR_RECV_FATAL_ALERT && err < BR_ERR_SEND_FATAL_ALERT)
		return ta_tls_fail(TA_TLS_ALERT, host, ca_file, now, "BearSSL",
			err - BR_ERR_RECV_FATAL_ALERT);
	else if (err >= 32 && err < 64)
		why = TA_TLS_REJECTED;
	return ta_tls_fail(why, host, ca_file, now, "BearSSL", err);
}

/* The handshake of t over n, its chain checked by x; 0 or an error,
 * recorded.  x lives on the stack of this call only: the engine uses it
 * during the handshake, and BR_OPT_NO_RENEGOTIATION means there is never
 * another one on this connection. */
static TA_NOINLINE int handshake(ta_tls *t, ta_net *n, const char *host, int64_t now)
{
	ta_x509 x;
	unsigned char seed[32];
	int err, r = 0;

	if (ta_rand(seed, sizeof(seed)))
		return TA_ERR_RAND;
	engine_init(&t->cc);
	ta_x509_init(&x, ca_file, host, now);
	br_ssl_engine_set_x509(&t->cc.eng, &x.vtable);
	br_ssl_engine_set_buffer(&t->cc.eng, t->iobuf, sizeof(t->iobuf), 0);
	br_ssl_engine_inject_entropy(&t->cc.eng, seed, sizeof(seed));
	ta_wipe(seed, sizeof(seed));
	if (!br_ssl_client_reset(&t->cc, x.ip_len ? NULL : host, 0))
		return ta_error(TA_ERR_TLS, "TLS setup failed (BearSSL error %d)",
			br_ssl_engine_last_error(&t->cc.eng));
	t->net = n;
	t->io_err = 0;
	br_sslio_init(&t->io, &t->cc.eng, low_read, t, low_write, t);
	if (br_sslio_flush(&t->io) != 0) {
		err = br_ssl_engine_last_error(&t->cc.eng);
		if (err == BR_ERR_IO && t->io_err)
			r = t->io_err;               /* timeout or reset, recorded */
		else
			r = handshake_error(&x, err, host, now);
	}
	br_ssl_engine_set_x509(&t->cc.eng, NULL);
	return r;
}

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
	if ((r = handshake(t, n, host, now)) != 0)
		return r;
	t->used = 1;
	*out = t;
	return 0;
}

int ta_tls_read(ta_tls *t, unsigned char *buf, size_t len)
{
	int r = br_sslio_read(&t->io, buf, len);

	if (r > 0)
		return r;
	if (br_ssl_engine_current_state(&t->cc.eng) == BR_SSL_CLOSED &&
	    br_ssl_engine_last_error(&t->cc.eng) == BR_ERR_OK)
		return 0;                            /* close_notify */
	return io_error(t, "read");
}

int ta_tls_write(ta_tls *t, const unsigned char *buf, size_t len)
{
	return br_sslio_write_all(&t->io, buf, len) ? io_error(t, "write") : 0;
}

int ta_tls_flush(ta_tls *t)
{
	return br_sslio_flush(&t->io) ? io_error(t, "flush") : 0;
}

void ta_tls_close(ta_tls *t)
{
	br_ssl_engine_context *eng = &t->cc.eng;
	unsigned st;

	if (!t || !t->used)
		return;
	/* Send close_notify without waiting for the server's reply. */
	br_ssl_engine_close(eng);
	while ((st = br_ssl_engine_current_state(eng)) & BR_SSL_SENDREC) {
		size_t len;
		unsigned char *rec = br_ssl_engine_sendrec_buf(eng, &len);

		if (ta_net_write(t->net, rec, len) != 0)
			break;
		br_ssl_engine_sendrec_ack(eng, len);
	}
	/* BearSSL decrypts in place: the buffer holds the last answers (an
	 * acme-dns registration's password), the engine the session keys. */
	ta_wipe(t, sizeof(*t));         /* used = 0 too */
}
