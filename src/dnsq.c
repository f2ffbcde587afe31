/* DNS messages: queries out, strict and bounded answers in.  No I/O. */
#include <string.h>
#include "tacme.h"
#include "ta_dns.h"

#define MAX_JUMPS 16            /* compression pointers followed per name */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* 1 if name[0..n) is a name we may ask about: labels of 1..63 letters,
 * digits, '-' or '_', or a label that is just '*'. */
static int valid_name(const char *name, size_t n)
{
	size_t i, label = 0, star = 0;

	for (i = 0; i <= n; i++) {
		int c = i < n ? (unsigned char)name[i] : '.';

		if (c == '.') {
			if (label == 0 || label > 63 || (star && label != 1))
				return 0;
			label = star = 0;
			continue;
		}
		label++;
		if (c == '*')
			star = 1;
		else if (!((c | 32) >= 'a' && (c | 32) <= 'z') && !(c >= '0' && c <= '9') &&
		    c != '-' && c != '_')
			return 0;
	}
	return 1;
}

int ta_dns_query(unsigned char *buf, size_t cap, uint16_t id, const char *name, int qtype,
	size_t *len)
{
	size_t n = strlen(name), o = 12, label;
	const char *p = name;
	int rd = !(qtype & TA_DNS_NORD);

	qtype &= ~TA_DNS_NORD;
	if (n && name[n - 1] == '.')
		n--;
	if (n == 0 || n > 253 || !valid_name(name, n) || qtype <= 0 || qtype > 0xffff)
		return TA_ERR_ARG;
	if (cap < 12 + n + 2 + 4)            /* header, labels, root, type, class */
		return TA_ERR_SPACE;
	memset(buf, 0, 12);
	buf[0] = (unsigned char)(id >> 8);
	buf[1] = (unsigned char)id;
	buf[2] = (unsigned char)rd;          /* RD */
	buf[5] = 1;                          /* QDCOUNT */
	while (p < name + n) {
		label = strcspn(p, ".");
		buf[o++] = (unsigned char)label;
		memcpy(buf + o, p, label);
		o += label;
		p += label + 1;
	}
	buf[o++] = 0;
	buf[o++] = (unsigned char)(qtype >> 8);
	buf[o++] = (unsigned char)qtype;
	buf[o++] = 0;
	buf[o++] = 1;                        /* IN */
	*len = o;
	return 0;
}

/* Reads the possibly compressed name at *off into out (dotted text, no
 * trailing dot, at most 253 bytes) and moves *off past it.  Pointers must
 * point backwards and past the header; labels must not hold dots, spaces
 * or control bytes.  Returns 0 or -1. */
static int read_name(const unsigned char *m, size_t len, size_t *off, char *out)
{
	size_t p = *off, o = 0, end = 0, i;
	unsigned jumps = 0, l;

	for (;;) {
		if (p >= len)
			return -1;
		l = m[p];
		if ((l & 0xc0) == 0xc0) {
			size_t to;

			if (p + 1 >= len || ++jumps > MAX_JUMPS)
				return -1;
			to = (size_t)(l & 0x3f) << 8 | m[p + 1];
			if (to < 12 || to >= p)
				return -1;           /* only backwards: no loops */
			if (!end)
				end = p + 2;
			p = to;
			continue;
		}
		if (l & 0xc0)
			return -1;               /* obsolete extended label types */
		p++;
		if (l == 0)
			break;
		if (p + l > len || o + (o != 0) + l > 253)
			return -1;
		if (o)
			out[o++] = '.';
		for (i = 0; i < l; i++) {
			unsigned char c = m[p + i];

			if (c <= ' ' || c == '.' || c == 0x7f)
				return -1;
			out[o++] = (char)c;
		}
		p += l;
	}
	out[o] = '\0';
	*off = end ? end : p;
	return 0;
}

/* Compares names case-insensitively, ignoring one trailing dot on each. */
static int same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower((unsigned char)*a) != lower((unsigned char)*b))
			return 0;
	return (!*a || (*a == '.' && !a[1])) && (!*b || (*b == '.' && !b[1]));
}

typedef struct rr {
	char owner[TA_DNS_NAME_MAX];
	unsigned type;
	size_t rdata, rdlen;
} rr;

/* Reads the resource record at *off and moves *off past it.  0 or -1. */
static int read_rr(const unsigned char *m, size_t len, size_t *off, rr *r)
{
	size_t p;

	if (read_name(m, len, off, r->owner))
		return -1;
	p = *off;
	if (p + 10 > len)
		return -1;
	r->type = (unsigned)(m[p] << 8 | m[p + 1]);
	r->rdlen = (size_t)(m[p + 8] << 8 | m[p + 9]);
	r->rdata = p + 10;
	if (r->rdata + r->rdlen > len)
		return -1;
	*off = r->rdata + r->rdlen;
	return 0;
}

/* Concatenates the <len><bytes> strings of a TXT RDATA into out (255 bytes
 * and a NUL), or only checks them when out is NULL.  Returns 0, TA_ERR_DNS
 * (malformed) or TA_ERR_SPACE (longer than 255 bytes). */
static int txt_value(const unsigned char *m, const rr *r, char *out, unsigned char *olen)
{
	size_t p = r->rdata, end = r->rdata + r->rdlen, o = 0;

	if (p == end)
		return TA_ERR_DNS;           /* at least one string */
	while (p < end) {
		size_t l = m[p++];

		if (p + l > end)
			return TA_ERR_DNS;
		if (out && o + l <= 255)
			memcpy(out + o, m + p, l);
		o += l;
		p += l;
	}
	if (o > 255)
		return TA_ERR_SPACE;
	if (out) {
		out[o] = '\0';
		*olen = (unsigned char)o;
	}
	return 0;
}

int ta_dns_parse(const unsigned char *msg, size_t len, uint16_t id, const char *name,
	int qtype, ta_dns_result *res)
{
	char cur[TA_DNS_NAME_MAX];
	unsigned an, i;
	size_t off = 12, ans;
	rr r;
	int e;

	qtype &= ~TA_DNS_NORD;
	memset(res, 0, sizeof(*res));
	if (len < 12 || (unsigned)(msg[0] << 8 | msg[1]) != id)
		return ta_error(TA_ERR_DNS, "the DNS answer about %s does not match the query", name);
	if (!(msg[2] & 0x80) || (msg[2] & 0x78))
		return ta_error(TA_ERR_DNS, "the DNS answer about %s is not a query response", name);
	res->truncated = (msg[2] & 0x02) != 0;
	res->aa = (msg[2] & 0x04) != 0;
	res->rcode = msg[3] & 0x0f;
	an = (unsigned)(msg[6] << 8 | msg[7]);
	if (res->rcode && !msg[4] && !msg[5] && !an)
		return 0;                    /* an error answer without the question */
	if (msg[4] != 0 || msg[5] != 1 || read_name(msg, len, &off, cur) || off + 4 > len)
		return ta_error(TA_ERR_DNS, "malformed DNS answer about %s", name);
	if (!same_name(cur, name) || (msg[off] << 8 | msg[off + 1]) != qtype ||
	    (msg[off + 2] << 8 | msg[off + 3]) != 1)
		return ta_error(TA_ERR_DNS, "the DNS answer is for another question than %s", name);
	ans = off + 4;
	if (res->truncated) {            /* what came: a cut record ends it */
		off = ans;
		for (i = 0; i < an && !read_rr(msg, len, &off, &r); i++)
			;
		an = i;
	}
	/* Follow the CNAME chain from the question name (cur)... */
	for (;;) {
		off = ans;
		for (i = 0; i < an; i++) {
			if (read_rr(msg, len, &off, &r))
				return ta_error(TA_ERR_DNS, "malformed DNS record in the answer about %s", name);
			if (r.type == TA_DNS_CNAME && same_name(r.owner, cur))
				break;
		}
		if (i == an)
			break;
		off = r.rdata;
		if (read_name(msg, r.rdata + r.rdlen, &off, res->cname) ||
		    off != r.rdata + r.rdlen || !res->cname[0])
			return ta_error(TA_ERR_DNS, "malformed CNAME record in the answer about %s", name);
		if (++res->ncname > TA_DNS_MAX_CHAIN)
			return ta_error(TA_ERR_DNS, "the CNAME chain from %s is longer than %d records "
				"(a loop?)", name, TA_DNS_MAX_CHAIN);
		memcpy(cur, res->cname, strlen(res->cname) + 1);
	}
	/* ...then count the records of the asked type at its end (every record
	 * is read here, so the whole answer section is checked). */
	off = ans;
	for (i = 0; i < an; i++) {
		if (read_rr(msg, len, &off, &r))
			return ta_error(TA_ERR_DNS, "malformed DNS record in the answer about %s", name);
		if (r.type == TA_DNS_SOA && same_name(r.owner, cur) && !res->zone[0])
			memcpy(res->zone, r.owner, sizeof(r.owner));
		if (r.type != (unsigned)qtype || !same_name(r.owner, cur))
			continue;
		res->nanswer++;
		if (qtype == TA_DNS_NS) {     /* past TA_DNS_MAX_TXT: checked only */
			size_t at = r.rdata;
			int keep = res->ntxt < TA_DNS_MAX_TXT;
			char *host = keep ? res->txt[res->ntxt] : r.owner;

			if (read_name(msg, r.rdata + r.rdlen, &at, host) || at != r.rdata + r.rdlen ||
			    !*host)
				return ta_error(TA_ERR_DNS, "malformed NS record at %s", cur);
			res->ntxt += keep;
			continue;
		}
		if (qtype == TA_DNS_A || qtype == TA_DNS_AAAA) {
			size_t alen = qtype == TA_DNS_A ? 4 : 16;

			if (r.rdlen != alen)
				return ta_error(TA_ERR_DNS, "malformed address record at %s", cur);
			if (res->naddr < TA_DNS_MAX_ADDR)   /* enough to connect */
				memcpy(res->addr[res->naddr++], msg + r.rdata, alen);
			continue;
		}
		if (qtype != TA_DNS_TXT)
			continue;
		/* Past TA_DNS_MAX_TXT records or over 255 bytes (never an ACME
		 * value): checked and counted, not kept. */
		if (res->ntxt < TA_DNS_MAX_TXT)
			e = txt_value(msg, &r, res->txt[res->ntxt], &res->txtlen[res->ntxt]);
		else
			e = txt_value(msg, &r, NULL, NULL) == TA_ERR_DNS ? TA_ERR_DNS : TA_ERR_SPACE;
		if (e == TA_ERR_DNS)
			return ta_error(e, "malformed TXT record at %s", cur);
		if (e)
			res->txt_more++;
		else
			res->ntxt++;
	}
	/* the authority section: an SOA names the zone (a negative answer);
	 * read as far as it is well formed, as nothing else depends on it */
	for (i = res->truncated ? 0 : (unsigned)(msg[8] << 8 | msg[9]);
	    i > 0 && !read_rr(msg, len, &off, &r); i--)
		if (r.type == TA_DNS_SOA && !res->zone[0])
			memcpy(res->zone, r.owner, sizeof(r.owner));
	return 0;
}
