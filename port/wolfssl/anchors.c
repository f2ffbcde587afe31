/* Trust anchors from a PEM bundle, loaded on demand: the bundle is read
 * line by line, each certificate decoded on its own, and only those whose
 * subject is the Name a chain asks for go into wolfSSL, so a 150-root
 * system bundle costs a few kilobytes of RAM instead of the ~350 KB it
 * takes loaded whole. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include "tacme.h"
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

/* A file read line by line through a small buffer (fgets without stdio). */
typedef struct {
	int fd;
	size_t pos, len;
	unsigned char buf[1024];
} reader;

/* Copies the next line into line[0..cap) like fgets: up to and including
 * its '\n', at most cap - 1 bytes, NUL-terminated.  Returns 0 at the end
 * of the file or on a read error when nothing was copied. */
static int read_line(reader *r, char *line, size_t cap)
{
	size_t n = 0;

	while (n + 1 < cap) {
		if (r->pos == r->len) {
			ssize_t k = read(r->fd, r->buf, sizeof(r->buf));

			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			r->pos = 0;
			r->len = (size_t)k;
		}
		line[n] = (char)r->buf[r->pos++];
		if (line[n++] == '\n')
			break;
	}
	line[n] = '\0';
	return n > 0;
}

/* Loads the anchors named dn; see inner.h. */
int ta_wolf_anchor_find(WOLFSSL_CTX *ctx, const char *ca_file, const unsigned char *dn,
	size_t dn_len, unsigned *room)
{
	static scan s;   /* off the stack; one scan at a time */
	static reader r;
	char line[128];
	unsigned certs = 0;
	int in = 0, bol = 1, added = 0;

	do
		r.fd = open(ca_file, O_RDONLY | O_CLOEXEC);
	while (r.fd < 0 && errno == EINTR);
	r.pos = r.len = 0;
	if (r.fd < 0)
		return ta_error(TA_ERR_CERT, "cannot read the CA bundle %s: set ca_file "
			"to a PEM file of trusted roots (OpenWrt: install ca-bundle)", ca_file);
	while (read_line(&r, line, sizeof(line))) {
		/* Armour lines count only at the start of a line. */
		if (bol && starts(line, "-----BEGIN ")) {
			in = starts(line, "-----BEGIN CERTIFICATE-----");
			s.len = s.nq = 0;
			s.bad = 0;
		} else if (bol && starts(line, "-----END ")) {
			if (in && starts(line, "-----END CERTIFICATE-----")) {
				certs++;
				if (*room && take(ctx, &s, dn, dn_len)) {
					added++;
					--*room;
				}
			}
			in = 0;
		} else if (in) {
			add_line(&s, line);
		}
		bol = strchr(line, '\n') != NULL;
	}
	close(r.fd);
	if (certs == 0)
		return ta_error(TA_ERR_CERT, "the CA bundle %s holds no certificate", ca_file);
	return added;
}
