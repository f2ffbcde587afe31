/* Trust anchors from a PEM bundle, loaded on demand: the bundle is read
 * line by line, each certificate decoded on its own, and only those whose
 * subject is the Name a chain asks for go into wolfSSL, so a 150-root
 * system bundle costs a few kilobytes of RAM instead of the ~350 KB it
 * takes loaded whole. */
#include <string.h>
#include "tacme.h"
#include "tacme_port.h"
#include "ta_b64.h"
#include "ta_cert.h"
#include "inner.h"

typedef struct scan {
	unsigned char der[CONFIG_TLS_CERT_MAX];
	size_t len;
	char quad[4];               /* base64 characters not yet decoded */
	size_t nq;
	int bad;                    /* too large or not base64 */
} scan;

/* 1 if line starts with the string literal prefix. */
#define starts(line, prefix) (strncmp(line, prefix, sizeof(prefix) - 1) == 0)

/* Decodes the base64 characters of one line (whitespace skipped), four at
 * a time, onto the end of s->der. */
static void add_line(scan *s, const char *line)
{
	size_t out;

	for (; *line && !s->bad; line++) {
		if (*line == ' ' || (*line >= '\t' && *line <= '\r'))
			continue;
		s->quad[s->nq++] = *line;
		if (s->nq < 4)
			continue;
		s->nq = 0;
		if (ta_b64_decode(s->quad, 4, s->der + s->len, sizeof(s->der) - s->len, &out))
			s->bad = 1;
		else
			s->len += out;
	}
}

/* Loads s's certificate into ctx when its subject is dn; 1 if loaded. */
static int take(WOLFSSL_CTX *ctx, const scan *s, const unsigned char *dn, size_t dn_len)
{
	ta_cert_info ci;

	if (s->bad || s->nq || ta_cert_parse(s->der, s->len, &ci) ||
	    ci.subject_len != dn_len || memcmp(ci.subject, dn, dn_len))
		return 0;
	/* An anchor's own dates are not checked, as with BearSSL; wolfSSL
	 * still checks those of every certificate the server sends. */
	return wolfSSL_CTX_load_verify_buffer_ex(ctx, s->der, (long)s->len,
		WOLFSSL_FILETYPE_ASN1, 0, WOLFSSL_LOAD_FLAG_DATE_ERR_OKAY) == WOLFSSL_SUCCESS;
}

/* One bundle scan: lines cut from the chunks like fgets would cut them,
 * and what is done with them. */
typedef struct {
	scan *s;
	WOLFSSL_CTX *ctx;
	const unsigned char *dn;
	size_t dn_len;
	unsigned *room, certs;
	int in, bol, added;
	size_t n;                   /* bytes in line */
	char line[128];
} job;

/* Handles one line (with its '\n', if any, NUL-terminated) of at most
 * sizeof(j->line) - 1 bytes; a longer line comes in several pieces. */
static void on_line(job *j, const char *line)
{
	scan *s = j->s;

	/* Armour lines count only at the start of a line. */
	if (j->bol && starts(line, "-----BEGIN ")) {
		j->in = starts(line, "-----BEGIN CERTIFICATE-----");
		s->len = s->nq = 0;
		s->bad = 0;
	} else if (j->bol && starts(line, "-----END ")) {
		if (j->in && starts(line, "-----END CERTIFICATE-----")) {
			j->certs++;
			if (*j->room && take(j->ctx, s, j->dn, j->dn_len)) {
				j->added++;
				--*j->room;
			}
		}
		j->in = 0;
	} else if (j->in) {
		add_line(s, line);
	}
	j->bol = strchr(line, '\n') != NULL;
}

/* Cuts bytes of the bundle into lines (ta_store_scan's shape; ctx is the
 * job). */
static int feed(void *ctx, const char *p, size_t len)
{
	job *j = ctx;

	for (; len; p++, len--) {
		j->line[j->n++] = *p;
		if (*p == '\n' || j->n == sizeof(j->line) - 1) {
			j->line[j->n] = '\0';
			j->n = 0;
			on_line(j, j->line);
		}
	}
	return 0;
}

/* Loads the anchors named dn; see inner.h. */
int ta_wolf_anchor_find(WOLFSSL_CTX *ctx, const char *ca_file, const unsigned char *dn,
	size_t dn_len, unsigned *room)
{
	static scan s;   /* off the stack; one scan at a time */
	job j;

	memset(&j, 0, sizeof(j));
	j.s = &s;
	j.ctx = ctx;
	j.dn = dn;
	j.dn_len = dn_len;
	j.room = room;
	j.bol = 1;
	/* Read to the end; a read error (TA_ERR_IO) ends the scan like the end
	 * of the file. */
	if (ta_store_scan(ca_file, feed, &j) == TA_ERR_NOTFOUND)
		return ta_error(TA_ERR_CERT, "cannot read the CA bundle %s: set ca_file "
			"to a PEM file of trusted roots (OpenWrt: install ca-bundle)", ca_file);
	if (j.n) {                  /* a last line without '\n' */
		j.line[j.n] = '\0';
		on_line(&j, j.line);
	}
	if (j.certs == 0)
		return ta_error(TA_ERR_CERT, "the CA bundle %s holds no certificate", ca_file);
	return j.added;
}
