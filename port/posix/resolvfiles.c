/* The resolver's files: /etc/hosts and /etc/resolv.conf, read in chunks
 * by ta_store_scan (open/read, no stdio) through one word scanner, so
 * neither the length of a line nor the size of the file is limited. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <errno.h>
#include <string.h>
#include "tacme.h"
#include "tacme_port.h"
#include "resolve.h"

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Length of name without one trailing dot. */
static size_t bare_len(const char *name, size_t n)
{
	return n && name[n - 1] == '.' ? n - 1 : n;
}

/* A name word of an /etc/hosts line. */
static void hosts_word(ta_cfgscan *s)
{
	size_t n = bare_len(s->word, s->len), i;

	if (!s->line_addr.len || s->line_done || s->toolong || n != s->namelen)
		return;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)s->word[i]) != lower((unsigned char)s->name[i]))
			return;
	s->line_done = 1;                /* one address per line, however many names match */
	if (s->out->n < TA_ADDR_MAX)
		s->out->a[s->out->n++] = s->line_addr;
}

/* A decimal option value, at most 1000 (larger values are capped below). */
static unsigned option_value(const char *p)
{
	unsigned v = 0;

	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++)
		if (v < 1000)
			v = v * 10 + (unsigned)(*p - '0');
	return v;
}

/* A word of a resolv.conf line. */
static void resolv_word(ta_cfgscan *s)
{
	ta_resolvconf *rc = s->rc;
	unsigned v;

	if (s->toolong)
		return;
	if (s->nword == 0) {
		s->kind = !strcmp(s->word, "nameserver") ? 1 : !strcmp(s->word, "options") ? 2 : 0;
		return;
	}
	if (s->kind == 1 && s->nword == 1 && rc->nns < TA_NS_MAX && s->len < sizeof(rc->nsname[0]) &&
	    ta_addr_parse(s->word, &rc->ns[rc->nns])) {
		memcpy(rc->nsname[rc->nns], s->word, s->len + 1);
		rc->port[rc->nns++] = 53;
	} else if (s->kind == 2 && !strncmp(s->word, "timeout:", 8) && s->word[8]) {
		v = option_value(s->word + 8);
		rc->timeout_s = v < 1 ? 1 : v > 60 ? 60 : v;     /* musl caps at 60 */
	} else if (s->kind == 2 && !strncmp(s->word, "attempts:", 9) && s->word[9]) {
		v = option_value(s->word + 9);
		rc->attempts = v < 1 ? 1 : v > 10 ? 10 : v;      /* musl caps at 10 */
	}
}

static void word_end(ta_cfgscan *s)
{
	if (!s->len && !s->toolong)
		return;
	s->word[s->len] = '\0';
	if (s->resolv) {
		resolv_word(s);
	} else if (s->nword == 0) {
		if (s->toolong || !ta_addr_parse(s->word, &s->line_addr))
			s->line_addr.len = 0;            /* not an address: skip the line */
	} else {
		hosts_word(s);
	}
	s->nword++;
	s->len = 0;
	s->toolong = 0;
}

static void line_end(ta_cfgscan *s)
{
	word_end(s);
	s->nword = 0;
	s->comment = 0;
	s->line_addr.len = 0;
	s->line_done = 0;
	s->kind = 0;
}

void ta_hosts_begin(ta_cfgscan *s, const char *name, ta_addrs *out)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->namelen = bare_len(name, strlen(name));
	s->out = out;
	out->n = 0;
}

void ta_resolvconf_begin(ta_cfgscan *s, ta_resolvconf *rc)
{
	memset(s, 0, sizeof(*s));
	memset(rc, 0, sizeof(*rc));
	rc->timeout_s = 5;
	rc->attempts = 2;
	s->rc = rc;
	s->resolv = 1;
}

void ta_cfgscan_feed(ta_cfgscan *s, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (c == '\n') {
			line_end(s);
		} else if (s->comment) {
			continue;
		} else if (c == '#' || (c == ';' && s->resolv)) {
			word_end(s);
			s->comment = 1;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\0') {
			word_end(s);
		} else if (s->len < sizeof(s->word) - 1) {
			s->word[s->len++] = c;
		} else {
			s->toolong = 1;
		}
	}
}

void ta_cfgscan_end(ta_cfgscan *s)
{
	ta_addrs *o = s->out;
	ta_addr tmp;
	unsigned i, j;

	line_end(s);
	if (!o)
		return;
	for (i = 1; i < o->n; i++)      /* IPv4 first, file order kept (insertion) */
		for (j = i; j > 0 && o->a[j].len == 4 && o->a[j - 1].len == 16; j--) {
			tmp = o->a[j];
			o->a[j] = o->a[j - 1];
			o->a[j - 1] = tmp;
		}
}

/* ta_cfgscan_feed in ta_store_scan's shape. */
static int feed_chunk(void *ctx, const char *chunk, size_t len)
{
	ta_cfgscan_feed(ctx, chunk, len);
	return 0;
}

int ta_cfgscan_file(ta_cfgscan *s, const char *path)
{
	int r = ta_store_scan(path, feed_chunk, s), err = errno;

	if (r == TA_ERR_NOTFOUND && (err == ENOENT || err == ENOTDIR || err == EACCES))
		return TA_ERR_NOTFOUND;
	if (r != TA_ERR_NOTFOUND)        /* what was read counts, even before an error */
		ta_cfgscan_end(s);
	if (r)
		return ta_error(TA_ERR_IO, "cannot read %s: %s", path, strerror(err));
	return 0;
}

int ta_resolvconf_load(const char *path, ta_resolvconf *rc)
{
	ta_cfgscan s;
	int r;

	ta_resolvconf_begin(&s, rc);
	r = ta_cfgscan_file(&s, path);
	rc->path = path;
	if (r == TA_ERR_IO)
		return r;
	if (rc->nns == 0) {              /* musl's default: a local nameserver */
		(void)ta_addr_parse("127.0.0.1", &rc->ns[0]);
		memcpy(rc->nsname[0], "127.0.0.1", 10);
		rc->port[0] = 53;
		rc->nns = 1;
	}
	return 0;
}
