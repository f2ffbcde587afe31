/* DNS messages: queries out, strict and bounded answers in. */
#include <stdio.h>
#include <string.h>
#include "tacme.h"
#include "ta_dns.h"

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int ta_dns_query(unsigned char *buf, size_t cap, uint16_t id, const char *name, int qtype,
	size_t *len)
{
	size_t n = strlen(name), o = 12, label;
	const char *p = name;

	if (n && name[n - 1] == '.')
		n--;
	if (n == 0 || n > 253 || cap < 12 + n + 2 + 4)
		return n == 0 || n > 253 ? TA_ERR_ARG : TA_ERR_SPACE;
	memset(buf, 0, 12);
	buf[0] = (unsigned char)(id >> 8);
	buf[1] = (unsigned char)id;
	buf[2] = 0x01;                       /* RD */
	buf[5] = 1;                          /* QDCOUNT */
	while (p < name + n) {
		label = strcspn(p, ".");
		if (p + label > name + n)
			label = (size_t)(name + n - p);
		if (label == 0 || label > 63)
			return TA_ERR_ARG;
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

/* Reads a possibly compressed name at *off into out (dotted, no trailing
 * dot) and advances *off past it.  Returns 0 or -1. */
static int read_name(const unsigned char *m, size_t len, size_t *off, char *out)
{
	size_t p = *off, o = 0, end = 0;
	unsigned jumps = 0;

	for (;;) {
		unsigned l;

		if (p >= len)
			return -1;
		l = m[p];
		if ((l & 0xc0) == 0xc0) {
			size_t to;

			if (p + 1 >= len || ++jumps > 16)
				return -1;
			to = ((l & 0x3f) << 8) | m[p + 1];
			if (!end)
				end = p + 2;
			if (to >= p)
				return -1;           /* only backwards: no loops */
			p = to;
			continue;
		}
		if (l & 0xc0)
			return -1;
		p++;
		if (l == 0)
			break;
		if (p + l > len || o + l + 1 >= TA_DNS_NAME_MAX)
			return -1;
		if (o)
			out[o++] = '.';
		memcpy(out + o, m + p, l);
		o += l;
		p += l;
	}
	out[o] = '\0';
	*off = end ? end : p;
	return 0;
}

/* Compares names case-insensitively, ignoring one trailing dot. */
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

/* Reads the resource record at *off. */
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

/* Concatenates the character-strings of a TXT RDATA into out. */
static int txt_value(const unsigned char *m, const rr *r, char *out)
{
	size_t p = r->rdata, end = r->rdata + r->rdlen, o = 0;

	while (p < end) {
		size_t l = m[p++];

		if (p + l > end || o + l >= 256)
			return -1;
		memcpy(out + o, m + p, l);
		o += l;
		p += l;
	}
	out[o] = '\0';
	return 0;
}

int ta_dns_parse(const unsigned char *msg, size_t len, uint16_t id, const char *name,
	int qtype, ta_dns_result *res)
{
	char cur[TA_DNS_NAME_MAX], qn[TA_DNS_NAME_MAX];
	unsigned an, i, hops;
	size_t off = 12, ans;
	rr r;

	memset(res, 0, sizeof(*res));
	if (len < 12 || (unsigned)(msg[0] << 8 | msg[1]) != id || !(msg[2] & 0x80) ||
	    (msg[2] & 0x78) || msg[4] != 0 || msg[5] != 1)
		return ta_error(TA_ERR_DNS, "malformed or mismatched DNS answer for %s", name);
	res->truncated = (msg[2] & 0x02) != 0;
	res->rcode = msg[3] & 0x0f;
	an = (unsigned)(msg[6] << 8 | msg[7]);
	if (read_name(msg, len, &off, qn) || off + 4 > len || !same_name(qn, name) ||
	    (msg[off] << 8 | msg[off + 1]) != qtype)
		return ta_error(TA_ERR_DNS, "the DNS answer is for another question than %s", name);
	ans = off + 4;
	snprintf(cur, sizeof(cur), "%s", name);
	/* Follow the CNAME chain (bounded), then collect TXT at its end. */
	for (hops = 0; hops < 8; hops++) {
		int moved = 0;

		off = ans;
		for (i = 0; i < an; i++) {
			if (read_rr(msg, len, &off, &r))
				return ta_error(TA_ERR_DNS, "malformed DNS record for %s", name);
			if (r.type == TA_DNS_CNAME && same_name(r.owner, cur)) {
				size_t t = r.rdata;

				if (read_name(msg, r.rdata + r.rdlen, &t, res->cname) ||
				    t != r.rdata + r.rdlen)
					return ta_error(TA_ERR_DNS, "malformed CNAME for %s", name);
				snprintf(cur, sizeof(cur), "%s", res->cname);
				moved = 1;
				break;
			}
		}
		if (!moved)
			break;
	}
	off = ans;
	for (i = 0; i < an; i++) {
		if (read_rr(msg, len, &off, &r))
			return ta_error(TA_ERR_DNS, "malformed DNS record for %s", name);
		if (r.type != TA_DNS_TXT || !same_name(r.owner, cur))
			continue;
		if (res->ntxt == TA_DNS_MAX_TXT)
			return ta_error(TA_ERR_SPACE, "more than %d TXT records at %s", TA_DNS_MAX_TXT,
				cur);
		if (txt_value(msg, &r, res->txt[res->ntxt]))
			return ta_error(TA_ERR_DNS, "malformed TXT record at %s", cur);
		res->ntxt++;
	}
	return 0;
}
