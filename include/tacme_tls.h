/* TLS and crypto backend contract.  Exactly one backend is linked, chosen by
 * the Makefile from Kconfig (port/bearssl/ or port/wolfssl/): a new TLS
 * library is one more folder in port/, never an #if in src/.  Key and
 * certificate encodings (DER, PEM, JWK) live in src/, so a backend only sees
 * raw numbers. */
#ifndef TACME_TLS_H
#define TACME_TLS_H

#include <stddef.h>
#include <stdint.h>
#include "tacme_port.h"

/* ---- TLS client --------------------------------------------------------- */
typedef struct ta_tls ta_tls;   /* backend-private; a small static pool */

/* Sets the PEM bundle of trust anchors used by later handshakes (the string
 * must stay valid).  The bundle is read at handshake time, and only the
 * anchors the server's chain needs are kept in memory. */
void ta_tls_set_ca_file(const char *path);
/* Runs a TLS client handshake over the connected socket n with SNI and full
 * verification of host (a DNS name, or an IPv4/IPv6 literal matched against
 * the certificate's IP addresses).  On success *out is a connection from the
 * backend's pool (Kconfig TLS_CONNS).  Returns 0, TA_ERR_CERT (untrusted,
 * wrong name, expired: message says which), TA_ERR_CLOCK (the clock is before
 * the build date), TA_ERR_TLS, TA_ERR_NET, TA_ERR_TIMEOUT or TA_ERR_SPACE (no
 * free pool slot). */
int ta_tls_open(ta_tls **out, ta_net *n, const char *host);
/* Reads decrypted bytes: count > 0, 0 at close_notify or end of stream, or a
 * negative error. */
int ta_tls_read(ta_tls *t, unsigned char *buf, size_t len);
/* Queues all len bytes for sending; ta_tls_flush() pushes them out. */
int ta_tls_write(ta_tls *t, const unsigned char *buf, size_t len);
int ta_tls_flush(ta_tls *t);
/* Sends close_notify when possible and returns the slot to the pool; does not
 * close the socket. */
void ta_tls_close(ta_tls *t);

/* ---- hashes ------------------------------------------------------------- */
#define TA_SHA256_LEN 32
#define TA_SHA384_LEN 48
/* One-shot digests of data[0..len). */
void ta_sha256(const void *data, size_t len, unsigned char out[TA_SHA256_LEN]);
void ta_sha384(const void *data, size_t len, unsigned char out[TA_SHA384_LEN]);
/* HMAC-SHA256 of msg with key. */
void ta_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
	unsigned char out[TA_SHA256_LEN]);

/* ---- keys --------------------------------------------------------------- */
enum { TA_KEY_NONE = 0, TA_KEY_EC256 = 1, TA_KEY_EC384 = 2, TA_KEY_RSA = 3 };
#define TA_RSA_MAX_BYTES 512    /* 4096-bit modulus */

/* A private key as raw big-endian numbers.  Owned by the caller (usually on
 * the stack); wipe it with ta_key_wipe() when done. */
typedef struct ta_key {
	int type;                   /* TA_KEY_* */
	unsigned bits;              /* 256, 384, or the RSA modulus size */
	/* EC: private scalar and uncompressed public point 04||X||Y */
	unsigned char ec_priv[48];
	size_t ec_priv_len;
	unsigned char ec_pub[97];
	size_t ec_pub_len;
	/* RSA, big-endian unsigned: modulus, exponents, CRT factors */
	unsigned char n[TA_RSA_MAX_BYTES], e[4], d[TA_RSA_MAX_BYTES];
	unsigned char p[TA_RSA_MAX_BYTES / 2], q[TA_RSA_MAX_BYTES / 2];
	unsigned char dp[TA_RSA_MAX_BYTES / 2], dq[TA_RSA_MAX_BYTES / 2];
	unsigned char qi[TA_RSA_MAX_BYTES / 2];
	size_t n_len, e_len, d_len, p_len, q_len, dp_len, dq_len, qi_len;
} ta_key;

/* Makes a new key: TA_KEY_EC256, TA_KEY_EC384 (bits ignored) or TA_KEY_RSA
 * with bits 2048..4096 (multiple of 8; e = 65537).  Returns 0, TA_ERR_RAND,
 * TA_ERR_UNSUPPORTED or TA_ERR_CRYPTO. */
int ta_key_generate(ta_key *k, int type, unsigned bits);
/* Completes and checks a key read from a file: for EC, computes ec_pub from
 * ec_priv (and checks it against ec_pub if that was present).  For RSA,
 * checks the sizes.  Returns 0 or TA_ERR_CRYPTO. */
int ta_key_check(ta_key *k);
/* Signs msg[0..len): EC256 with SHA-256, EC384 with SHA-384, as raw r||s
 * (64 or 96 bytes); RSA with PKCS#1 v1.5 and SHA-256 (n_len bytes).  Writes
 * to sig[0..cap) and sets *siglen.  Returns 0, TA_ERR_SPACE or
 * TA_ERR_CRYPTO. */
int ta_key_sign(const ta_key *k, const void *msg, size_t len,
	unsigned char *sig, size_t cap, size_t *siglen);
/* Overwrites the whole key with zeros. */
void ta_key_wipe(ta_key *k);
/* Zeroes memory in a way the compiler does not remove. */
void ta_wipe(void *p, size_t len);

#endif
