/* DER writer (backwards) and strict reader. */
#include <string.h>
#include "tacme.h"
#include "ta_der.h"

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

void ta_der_raw(ta_der_w *w, const void *data, size_t len)
{
	if (w->err || (size_t)(w->p - w->start) < len) {
		w->err = TA_ERR_SPACE;
		return;
	}
	w->p -= len;
	if (len)
		memcpy(w->p, data, len);
}

void ta_der_hdr(ta_der_w *w, unsigned tag, size_t len)
{
	unsigned char h[6];
	size_t n = 0, i;

	if (len < 0x80) {
		h[n++] = (unsigned char)len;
	} else {
		unsigned char tmp[4];
		size_t k = 0;

		for (; len; len >>= 8)
			tmp[k++] = (unsigned char)len;
		h[n++] = (unsigned char)(0x80 | k);
		for (i = k; i > 0; i--)
			h[n++] = tmp[i - 1];
	}
	ta_der_raw(w, h, n);
	h[0] = (unsigned char)tag;
	ta_der_raw(w, h, 1);
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
	ta_der_hdr(w, 0x02, len);
}

void ta_der_bits(ta_der_w *w, const void *data, size_t len)
{
	ta_der_raw(w, data, len);
	ta_der_raw(w, "", 1);
	ta_der_hdr(w, 0x03, len + 1);
}

void ta_der_wrap(ta_der_w *w, unsigned tag, size_t mark)
{
	ta_der_hdr(w, tag, ta_der_w_len(w) - mark);
}

int ta_der_get(ta_der *d, unsigned *tag, ta_der *val)
{
	const unsigned char *p = d->p;
	size_t len, avail, k, i;

	if (d->end - p < 2 || (p[0] & 0x1f) == 0x1f)
		return TA_ERR_PARSE;
	*tag = p[0];
	len = p[1];
	p += 2;
	if (len & 0x80) {
		k = len & 0x7f;
		if (k == 0 || k > 4 || (size_t)(d->end - p) < k || p[0] == 0)
			return TA_ERR_PARSE;     /* indefinite, huge, or not minimal */
		for (len = 0, i = 0; i < k; i++)
			len = (len << 8) | p[i];
		p += k;
		if (len < 0x80)
			return TA_ERR_PARSE;
	}
	avail = (size_t)(d->end - p);
	if (len > avail)
		return TA_ERR_PARSE;
	val->p = p;
	val->end = p + len;
	d->p = p + len;
	return 0;
}

int ta_der_expect(ta_der *d, unsigned want, ta_der *val)
{
	unsigned tag;

	if (ta_der_get(d, &tag, val) || tag != want)
		return TA_ERR_PARSE;
	return 0;
}

size_t ta_der_len(const ta_der *v)
{
	return (size_t)(v->end - v->p);
}

/* Reads n decimal digits. */
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

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int ta_der_time(unsigned tag, const ta_der *v, int64_t *t)
{
	const unsigned char *p = v->p;
	size_t len = ta_der_len(v);
	int y, mo, d, h, mi, s;

	if (tag == 0x17 && len == 13) {
		y = digits(p, 2);
		y = y < 0 ? -1 : y + (y < 50 ? 2000 : 1900);
		p += 2;
	} else if (tag == 0x18 && len == 15) {
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
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || s < 0 || s > 60 || p[10] != 'Z')
		return TA_ERR_PARSE;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	return 0;
}
