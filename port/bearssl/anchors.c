/* Trust anchors from a PEM bundle, loaded on demand: the bundle is read
 * line by line, each certificate decoded with tacme's own base64 and X.509
 * reader, and only certificates whose subject matches a wanted issuer are
 * kept, so a 150-certificate bundle costs a few kilobytes of stack during a
 * handshake instead of tens of kilobytes of RAM (and BearSSL's PEM and
 * X.509 decoders are not linked). */
#include <string.h>
#include "tacme.h"
#include "tacme_port.h"
#include "ta_b64.h"
#include "ta_cert.h"
#include "tacme_tls.h"
#include "inner.h"

#define LINE_MAX_LEN 128          /* RFC 7468 lines are 64; longer: broken */
#define ANCHOR_DER_MAX 3072       /* Debian's largest root is 2 KB */

enum { OUTSIDE, IN_CERT, BROKEN_CERT, OTHER_BLOCK };

typedef struct scan {
	unsigned char der[ANCHOR_DER_MAX];  /* the certificate being read */
	size_t len;
	char b64[3 + LINE_MAX_LEN];         /* base64 not yet decoded */
	size_t b64_len;
	char line[LINE_MAX_LEN];
	size_t line_len;
	int line_over;
	int state;
	unsigned certs;
	const unsigned char *dn;            /* the subject wanted */
	size_t dn_len;
	ta_anchor_set *set;                 /* where anchors go */
	int added;
} scan;

static int already_have(const ta_anchor_set *set, const ta_cert_key *k)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		const br_x509_pkey *o = &set->ta[i].pkey;

		if (k->type == TA_KEY_RSA ? o->key_type == BR_KEYTYPE_RSA &&
		    o->key.rsa.nlen == k->n_len && !memcmp(o->key.rsa.n, k->n, k->n_len) :
		    o->key_type == BR_KEYTYPE_EC && o->key.ec.qlen == k->q_len &&
		    !memcmp(o->key.ec.q, k->q, k->q_len))
			return 1;
	}
	return 0;
}

/* BearSSL's curve id for a key type, 0 if none. */
static int curve_of(int type)
{
	return type == TA_KEY_EC256 ? BR_EC_secp256r1 : type == TA_KEY_EC384 ?
		BR_EC_secp384r1 : type == TA_CERT_KEY_EC521 ? BR_EC_secp521r1 : 0;
}

/* Copies the certificate ci into set as an anchor; 1 if added. */
static int add_anchor(ta_anchor_set *set, const ta_cert_info *ci)
{
	br_x509_trust_anchor *ta;
	unsigned char *key;
	ta_cert_key k;

	if (set->n >= CONFIG_TLS_ANCHORS_MAX || ci->subject_len > TA_DN_MAX ||
	    ta_cert_key_of(ci, &k) || (k.type != TA_KEY_RSA && !curve_of(k.type)) ||
	    already_have(set, &k))
		return 0;
	ta = &set->ta[set->n];
	key = set->key[set->n];
	memcpy(set->dn[set->n], ci->subject, ci->subject_len);
	ta->dn.data = set->dn[set->n];
	ta->dn.len = ci->subject_len;
	ta->flags = ci->is_ca ? BR_X509_TA_CA : 0;
	if (k.type == TA_KEY_RSA) {
		if (k.n_len + k.e_len > TA_ANCHOR_KEY_MAX)
			return 0;
		ta->pkey.key_type = BR_KEYTYPE_RSA;
		memcpy(key, k.n, k.n_len);
		memcpy(key + k.n_len, k.e, k.e_len);
		ta->pkey.key.rsa.n = key;
		ta->pkey.key.rsa.nlen = k.n_len;
		ta->pkey.key.rsa.e = key + k.n_len;
		ta->pkey.key.rsa.elen = k.e_len;
	} else {
		if (k.q_len > TA_ANCHOR_KEY_MAX)
			return 0;
		ta->pkey.key_type = BR_KEYTYPE_EC;
		memcpy(key, k.q, k.q_len);
		ta->pkey.key.ec.curve = curve_of(k.type);
		ta->pkey.key.ec.q = key;
		ta->pkey.key.ec.qlen = k.q_len;
	}
	set->n++;
	return 1;
}

static int is(const scan *s, const char *text)
{
	return s->line_len == strlen(text) && !memcmp(s->line, text, s->line_len);
}

/* Decodes the whole quads of the pending base64 and this line's into the
 * certificate; a decoding error or a certificate too large breaks it. */
static void take_base64(scan *s)
{
	size_t i, whole, got;

	for (i = 0; i < s->line_len; i++)
		if (s->line[i] != ' ' && s->line[i] != '\t')
			s->b64[s->b64_len++] = s->line[i];
	whole = s->b64_len - s->b64_len % 4;
	if (ta_b64_decode(s->b64, whole, s->der + s->len, sizeof(s->der) - s->len, &got)) {
		s->state = BROKEN_CERT;
		return;
	}
	s->len += got;
	memmove(s->b64, s->b64 + whole, s->b64_len - whole);
	s->b64_len -= whole;
}

/* Handles one complete line (without its end); returns anchors added. */
static int on_line(scan *s, const unsigned char *dn, size_t dn_len, ta_anchor_set *set)
{
	ta_cert_info ci;
	int done;

	while (s->line_len && (s->line[s->line_len - 1] == '\r' ||
	       s->line[s->line_len - 1] == ' ' || s->line[s->line_len - 1] == '\t'))
		s->line_len--;
	if (s->line_len >= 11 && !memcmp(s->line, "-----BEGIN ", 11)) {
		s->state = is(s, "-----BEGIN CERTIFICATE-----") ? IN_CERT : OTHER_BLOCK;
		s->len = s->b64_len = 0;
		return 0;
	}
	if (s->state == OUTSIDE || s->state == OTHER_BLOCK) {
		if (s->line_len >= 9 && !memcmp(s->line, "-----END ", 9))
			s->state = OUTSIDE;
		return 0;
	}
	if (s->line_len >= 9 && !memcmp(s->line, "-----END ", 9)) {
		done = s->state == IN_CERT && is(s, "-----END CERTIFICATE-----") && !s->b64_len;
		s->certs++;
		s->state = OUTSIDE;
		if (done && ta_cert_parse(s->der, s->len, &ci) == 0 && ci.subject_len == dn_len &&
		    !memcmp(ci.subject, dn, dn_len))
			return add_anchor(set, &ci);
		return 0;
	}
	if (s->state == IN_CERT && !s->line_over)
		take_base64(s);
	else
		s->state = BROKEN_CERT;
	return 0;
}

/* Feeds bytes of the bundle to the scan (ctx), in ta_store_scan's shape;
 * counts the anchors added in s->added. */
static int feed(void *ctx, const char *p, size_t n)
{
	scan *s = ctx;

	for (; n; p++, n--) {
		if (*p != '\n') {
			if (s->line_len < sizeof(s->line))
				s->line[s->line_len++] = *p;
			else
				s->line_over = 1;
			continue;
		}
		s->added += on_line(s, s->dn, s->dn_len, s->set);
		s->line_len = 0;
		s->line_over = 0;
	}
	return 0;
}

int ta_anchor_find(const char *ca_file, const unsigned char *dn, size_t dn_len,
	ta_anchor_set *set)
{
	scan s;

	s.len = s.b64_len = s.line_len = 0;
	s.line_over = 0;
	s.state = OUTSIDE;
	s.certs = 0;
	s.dn = dn;
	s.dn_len = dn_len;
	s.set = set;
	s.added = 0;
	/* Read to the end; a read error (TA_ERR_IO) ends the scan like the end
	 * of the file. */
	if (ta_store_scan(ca_file, feed, &s) == TA_ERR_NOTFOUND)
		return ta_error(TA_ERR_CERT, "cannot read the CA bundle %s: set ca_file "
			"to a PEM file of trusted roots (OpenWrt: install ca-bundle)", ca_file);
	feed(&s, "\n", 1);    /* a last line without '\n' */
	if (s.certs == 0)
		return ta_error(TA_ERR_CERT, "the CA bundle %s holds no certificate", ca_file);
	return s.added;
}
