/* DER writer (backwards) and strict reader. */
#include <string.h>
#include "tacme.h"
#include "ta_der.h"
#include "ta_fmt.h"

void ta_der_w_init(ta_der_w *w, unsigned char *buf, size_t cap)
{
	w->start = buf;
	w->end = buf + cap;
	w->p = w->end;
	w->err = 0;
}

size_t ta_der_w_len(const ta_der_w *w)
{
	return (size_t)(w->end - w->p);
}

int ta_der_w_finish(ta_der_w *w, size_t *len)
{
	if (w->err)
		return w->err;
	*len = ta_der_w_len(w);
	memmove(w->start, w->p, *len);
	return 0;
}

void ta_der_raw(ta_der_w *w, const void *data, size_t len)
{
	if (w->err)
		return;
	if ((size_t)(w->p - w->start) < len) {
		w->err = TA_ERR_SPACE;
		return;
	}
	w->p -= len;
	if (len)
		memcpy(w->p, data, len);
}

void ta_der_hdr(ta_der_w *w, unsigned tag, size_t len)
{
	unsigned char h[2 + sizeof(size_t)];
	size_t n = sizeof(h), k = 0;

	if (len < 0x80) {
		h[--n] = (unsigned char)len;
	} else {
		for (; len; len >>= 8, k++)
			h[--n] = (unsigned char)len;
		h[--n] = (unsigned char)(0x80 | k);
	}
	h[--n] = (unsigned char)tag;
	ta_der_raw(w, h + n, sizeof(h) - n);
}

void ta_der_prim(ta_der_w *w, unsigned tag, const void *data, size_t len)
{
	ta_der_raw(w, data, len);
	ta_der_hdr(w, tag, len);
}

void ta_der_uint(ta_der_w *w, const unsigned char *v, size_t len)
{
	while (len > 1 && v[0] == 0) {
		v++;
		len--;
	}
	ta_der_raw(w, v, len);
	if (len == 0 || (v[0] & 0x80)) {
		ta_der_raw(w, "", 1);
		len++;
	}
	ta_der_hdr(w, TA_DER_INTEGER, len);
}

void ta_der_bits(ta_der_w *w, const void *data, size_t len)
{
	ta_der_raw(w, data, len);
	ta_der_raw(w, "", 1);
	ta_der_hdr(w, TA_DER_BIT_STRING, len + 1);
}

void ta_der_wrap(ta_der_w *w, unsigned tag, size_t mark)
{
	if (mark > ta_der_w_len(w) && !w->err)
		w->err = TA_ERR_ARG;
	ta_der_hdr(w, tag, ta_der_w_len(w) - mark);
}

int ta_der_get(ta_der *d, unsigned *tag, ta_der *val)
{
	const unsigned char *p = d->p;
	size_t avail = (size_t)(d->end - p), len, k;

	if (avail < 2 || p[0] == 0 || (p[0] & 0x1f) == 0x1f)
		return TA_ERR_PARSE;
	len = p[1];
	p += 2;
	avail -= 2;
	if (len & 0x80) {
		k = len & 0x7f;
		/* indefinite (k == 0), too long, or not minimal */
		if (k == 0 || k > 4 || k > avail || p[0] == 0)
			return TA_ERR_PARSE;
		for (len = 0, avail -= k; k; k--)
			len = len << 8 | *p++;
		if (len < 0x80)
			return TA_ERR_PARSE;
	}
	if (len > avail)
		return TA_ERR_PARSE;
	*tag = d->p[0];
	val->p = p;
	val->end = p + len;
	d->p = p + len;
	return 0;
}

int ta_der_expect(ta_der *d, unsigned want, ta_der *val)
{
	ta_der save = *d;
	unsigned tag;

	if (ta_der_get(d, &tag, val))
		return TA_ERR_PARSE;
	if (tag != want) {
		*d = save;
		return TA_ERR_PARSE;
	}
	return 0;
}

int ta_der_get_uint(ta_der *d, ta_der *mag)
{
	ta_der v;

	if (ta_der_expect(d, TA_DER_INTEGER, &v) || v.p == v.end || (v.p[0] & 0x80))
		return TA_ERR_PARSE;
	if (v.end - v.p > 1 && v.p[0] == 0) {
		if (!(v.p[1] & 0x80))
			return TA_ERR_PARSE;     /* redundant leading zero */
		v.p++;
	}
	*mag = v;
	return 0;
}

size_t ta_der_len(const ta_der *v)
{
	return (size_t)(v->end - v->p);
}

int ta_der_eq(const ta_der *v, const void *bytes, size_t n)
{
	return ta_der_len(v) == n && !memcmp(v->p, bytes, n);
}

/* Reads n decimal digits, or returns -1. */
static int digits(const unsigned char *p, int n)
{
	int v = 0;

	while (n--) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p++ - '0');
	}
	return v;
}

int ta_der_time(unsigned tag, const ta_der *v, int64_t *t)
{
	static const unsigned char mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const unsigned char *p = v->p;
	size_t len = ta_der_len(v);
	int y, mo, d, h, mi, s;

	if (tag == TA_DER_UTCTIME && len == 13) {
		y = digits(p, 2);
		if (y >= 0)
			y += y < 50 ? 2000 : 1900;
		p += 2;
	} else if (tag == TA_DER_GENTIME && len == 15) {
		y = digits(p, 4);
		p += 4;
	} else {
		return TA_ERR_PARSE;
	}
	mo = digits(p, 2);
	d = digits(p + 2, 2);
	h = digits(p + 4, 2);
	mi = digits(p + 6, 2);
	s = digits(p + 8, 2);
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400))) ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || p[10] != 'Z')
		return TA_ERR_PARSE;
	*t = ta_time_of(y, mo, d, h, mi, s);
	return 0;
}
