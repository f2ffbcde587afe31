/* Trust anchors from a PEM bundle, loaded on demand: the bundle is streamed
 * through BearSSL's PEM and X.509 decoders and only certificates whose
 * subject matches a wanted issuer are kept, so a 150-certificate bundle
 * costs a few hundred bytes of RAM instead of tens of kilobytes. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include "tacme.h"
#include "inner.h"

typedef struct scan {
	br_pem_decoder_context pem;
	br_x509_decoder_context x509;
	unsigned char dn[TA_DN_MAX];
	size_t dn_len;
	int dn_over;
	int in_cert;
	unsigned certs;
} scan;

static void on_dn(void *ctx, const void *buf, size_t len)
{
	scan *s = ctx;

	if (len > sizeof(s->dn) - s->dn_len) {
		s->dn_over = 1;
		return;
	}
	memcpy(s->dn + s->dn_len, buf, len);
	s->dn_len += len;
}

static void to_x509(void *ctx, const void *buf, size_t len)
{
	br_x509_decoder_push(ctx, buf, len);
}

static int already_have(const ta_anchor_set *set, const br_x509_pkey *pk)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		const br_x509_pkey *o = &set->ta[i].pkey;

		if (o->key_type != pk->key_type)
			continue;
		if (pk->key_type == BR_KEYTYPE_EC && o->key.ec.qlen == pk->key.ec.qlen &&
		    !memcmp(o->key.ec.q, pk->key.ec.q, pk->key.ec.qlen))
			return 1;
		if (pk->key_type == BR_KEYTYPE_RSA && o->key.rsa.nlen == pk->key.rsa.nlen &&
		    !memcmp(o->key.rsa.n, pk->key.rsa.n, pk->key.rsa.nlen))
			return 1;
	}
	return 0;
}

/* Copies the decoded certificate into set as an anchor; 1 if added. */
static int add_anchor(ta_anchor_set *set, scan *s)
{
	br_x509_pkey *pk = br_x509_decoder_get_pkey(&s->x509);
	br_x509_trust_anchor *ta;
	unsigned char *key;

	if (!pk || set->n >= CONFIG_TLS_ANCHORS_MAX || already_have(set, pk))
		return 0;
	ta = &set->ta[set->n];
	key = set->key[set->n];
	memcpy(set->dn[set->n], s->dn, s->dn_len);
	ta->dn.data = set->dn[set->n];
	ta->dn.len = s->dn_len;
	ta->flags = br_x509_decoder_isCA(&s->x509) ? BR_X509_TA_CA : 0;
	ta->pkey.key_type = pk->key_type;
	if (pk->key_type == BR_KEYTYPE_EC) {
		if (pk->key.ec.qlen > TA_ANCHOR_KEY_MAX)
			return 0;
		memcpy(key, pk->key.ec.q, pk->key.ec.qlen);
		ta->pkey.key.ec.curve = pk->key.ec.curve;
		ta->pkey.key.ec.q = key;
		ta->pkey.key.ec.qlen = pk->key.ec.qlen;
	} else {
		if (pk->key.rsa.nlen + pk->key.rsa.elen > TA_ANCHOR_KEY_MAX)
			return 0;
		memcpy(key, pk->key.rsa.n, pk->key.rsa.nlen);
		memcpy(key + pk->key.rsa.nlen, pk->key.rsa.e, pk->key.rsa.elen);
		ta->pkey.key.rsa.n = key;
		ta->pkey.key.rsa.nlen = pk->key.rsa.nlen;
		ta->pkey.key.rsa.e = key + pk->key.rsa.nlen;
		ta->pkey.key.rsa.elen = pk->key.rsa.elen;
	}
	set->n++;
	return 1;
}

/* Handles one PEM decoder event; returns anchors added. */
static int on_event(scan *s, int ev, const unsigned char *dn, size_t dn_len,
	ta_anchor_set *set)
{
	if (ev == BR_PEM_BEGIN_OBJ) {
		s->in_cert = !strcmp(br_pem_decoder_name(&s->pem), "CERTIFICATE");
		s->dn_len = 0;
		s->dn_over = 0;
		br_x509_decoder_init(&s->x509, on_dn, s);
		br_pem_decoder_setdest(&s->pem, s->in_cert ? to_x509 : NULL, &s->x509);
		return 0;
	}
	if (ev == BR_PEM_END_OBJ && s->in_cert) {
		s->in_cert = 0;
		s->certs++;
		if (br_x509_decoder_last_error(&s->x509) == 0 && !s->dn_over &&
		    s->dn_len == dn_len && !memcmp(s->dn, dn, dn_len))
			return add_anchor(set, s);
	}
	return 0;
}

int ta_anchor_find(const char *ca_file, const unsigned char *dn, size_t dn_len,
	ta_anchor_set *set)
{
	static scan s;   /* 3 KB: kept off the stack, used by one scan at a time */
	unsigned char chunk[1024];
	ssize_t n;
	size_t off;
	int added = 0, fd;

	do
		fd = open(ca_file, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return ta_error(TA_ERR_CERT, "cannot read the CA bundle %s: set ca_file "
			"to a PEM file of trusted roots (OpenWrt: install ca-bundle)", ca_file);
	memset(&s, 0, sizeof(s));
	br_pem_decoder_init(&s.pem);
	/* Read to the end; a read error ends the scan like the end of file. */
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (off = 0; off < (size_t)n; ) {
			int ev;

			off += br_pem_decoder_push(&s.pem, chunk + off, (size_t)n - off);
			ev = br_pem_decoder_event(&s.pem);
			if (ev == BR_PEM_ERROR) {
				/* Resynchronise at the next BEGIN line. */
				br_pem_decoder_init(&s.pem);
				s.in_cert = 0;
			} else if (ev) {
				added += on_event(&s, ev, dn, dn_len, set);
			}
		}
	}
	close(fd);
	if (s.certs == 0)
		return ta_error(TA_ERR_CERT, "the CA bundle %s holds no certificate", ca_file);
	return added;
}
