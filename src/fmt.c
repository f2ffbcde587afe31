/* tacme's printf (see include/ta_fmt.h): one formatter that hands its
 * output to a sink, and the snprintf and date helpers built on it. */
#include <limits.h>
#include <string.h>
#include "ta_div64.h"
#include "ta_fmt.h"

/* Emits n copies of c. */
static void pad(ta_fmt_sink put, void *ctx, char c, size_t n)
{
	static const char spaces[] = "                ", zeros[] = "0000000000000000";
	const char *s = c == '0' ? zeros : spaces;

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		put(ctx, s, k);
		n -= k;
	}
}

/* Digits of v in base (10 or 16), written backwards ending at end; returns
 * the first digit. */
static char *utoa(unsigned long long v, unsigned base, char *end)
{
	uint32_t digit;

	do {
		v = ta_udivmod64(v, base, &digit);
		*--end = "0123456789abcdef"[digit];
	} while (v);
	return end;
}

size_t ta_vformat(ta_fmt_sink put, void *ctx, const char *fmt, va_list ap)
{
	size_t total = 0;
	const char *p = fmt;

	while (*p) {
		const char *start = p, *s;
		char num[24], *digits, fill = ' ';
		int left = 0, lng = 0, siz = 0, neg = 0;
		size_t width = 0, prec = (size_t)-1, n, sign;
		unsigned long long u;

		while (*p && *p != '%')
			p++;
		if (p > start) {
			put(ctx, start, (size_t)(p - start));
			total += (size_t)(p - start);
		}
		if (!*p)
			break;
		start = p++;
		for (;; p++) {               /* flags */
			if (*p == '-')
				left = 1;
			else if (*p == '0')
				fill = '0';
			else
				break;
		}
		while (*p >= '0' && *p <= '9') {
			if (width < 100000)
				width = width * 10 + (size_t)(*p - '0');
			p++;
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				int v = va_arg(ap, int);

				prec = v < 0 ? (size_t)-1 : (size_t)v;
				p++;
			} else {
				prec = 0;
				while (*p >= '0' && *p <= '9') {
					if (prec < 100000)
						prec = prec * 10 + (size_t)(*p - '0');
					p++;
				}
			}
		}
		if (*p == 'l') {
			lng = 1;
			if (*++p == 'l') {
				lng = 2;
				p++;
			}
		} else if (*p == 'z') {
			siz = 1;
			p++;
		}
		s = num;
		n = 0;
		switch (*p) {
		case '%':
			if (p != start + 1)
				goto unknown;
			num[0] = '%';
			n = 1;
			width = 0;
			break;
		case 'c':
			if (lng || siz)
				goto unknown;
			num[0] = (char)va_arg(ap, int);
			n = 1;
			fill = ' ';
			break;
		case 's':
			if (lng || siz)
				goto unknown;
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			if (prec == (size_t)-1) {
				n = strlen(s);
			} else {
				const char *z = memchr(s, '\0', prec);

				n = z ? (size_t)(z - s) : prec;
			}
			fill = ' ';
			break;
		case 'd': {
			long long v;

			if (siz)
				goto unknown;
			v = lng == 2 ? va_arg(ap, long long) : lng ? va_arg(ap, long) : va_arg(ap, int);
			neg = v < 0;
			/* -(v + 1) + 1 avoids overflowing on LLONG_MIN */
			u = neg ? (unsigned long long)-(v + 1) + 1 : (unsigned long long)v;
			goto number;
		}
		case 'u':
		case 'x':
			u = lng == 2 ? va_arg(ap, unsigned long long) : lng ? va_arg(ap, unsigned long) :
				siz ? va_arg(ap, size_t) : va_arg(ap, unsigned);
number:
			if (prec != (size_t)-1)
				goto unknown;
			digits = utoa(u, *p == 'x' ? 16 : 10, num + sizeof(num));
			if (neg)
				*--digits = '-';
			s = digits;
			n = (size_t)(num + sizeof(num) - digits);
			break;
		default:
unknown:
			/* not one of ours: copy the conversion as written */
			if (*p)
				p++;
			put(ctx, start, (size_t)(p - start));
			total += (size_t)(p - start);
			continue;
		}
		p++;
		if (fill == '0' && left)
			fill = ' ';
		sign = fill == '0' && neg;
		if (sign) {                  /* "-0042": the sign before the zeros */
			put(ctx, s, 1);
			s++;
		}
		if (!left && width > n)
			pad(put, ctx, fill, width - n);
		put(ctx, s + 0, n - sign);
		if (left && width > n)
			pad(put, ctx, ' ', width - n);
		total += width > n ? width : n;
	}
	return total;
}

struct sbuf {
	char *p;
	size_t cap, len;   /* cap - 1 bytes of room; len counts everything */
};

static void sbuf_put(void *ctx, const char *s, size_t n)
{
	struct sbuf *b = ctx;

	if (b->len < b->cap) {
		size_t room = b->cap - b->len;

		memcpy(b->p + b->len, s, n < room ? n : room);
	}
	b->len += n;
}

int ta_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct sbuf b;
	size_t n;

	b.p = buf;
	b.cap = cap ? cap - 1 : 0;
	b.len = 0;
	n = ta_vformat(sbuf_put, &b, fmt, ap);
	if (cap)
		buf[n < cap ? n : cap - 1] = '\0';
	return n > INT_MAX ? -1 : (int)n;
}

int ta_snprintf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = ta_vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

void ta_date_of(int64_t t, ta_date *d)
{
	/* Days and seconds of the day, rounded down: any t, INT64_MIN too. */
	uint32_t sod, doe, yoe, doy, mp;
	int64_t z = ta_fdivmod64(t, 86400, &sod) + 719468, era;

	/* H. Hinnant's civil_from_days, on days since 0000-03-01; the day of
	 * the 400-year era and what follows from it fit in 32 bits. */
	era = ta_fdivmod64(z, 146097, &doe);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d->day = doy - (153 * mp + 2) / 5 + 1;
	d->month = mp < 10 ? mp + 3 : mp - 9;
	d->year = (long long)(yoe + era * 400 + (d->month <= 2));
	d->hour = sod / 3600;
	d->min = sod % 3600 / 60;
	d->sec = sod % 60;
}

int64_t ta_time_of(int y, int mo, int d, int h, int mi, int s)
{
	/* days from civil on years from 0000-03-01 (int suffices for 4-digit
	 * years: no 64-bit division) */
	int yy = y - (mo <= 2), era = (yy >= 0 ? yy : yy - 399) / 400, yoe = yy - era * 400;
	int days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 +
		(153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1 - 719468;

	return (int64_t)days * 86400 + h * 3600 + mi * 60 + s;
}

void ta_fmt_time(int64_t t, char *out, size_t cap)
{
	ta_date d;

	ta_date_of(t, &d);
	ta_snprintf(out, cap, "%04lld-%02u-%02u %02u:%02u UTC", d.year, d.month, d.day,
		d.hour, d.min);
}
