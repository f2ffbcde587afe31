/* Bounded append buffer with a sticky overflow flag. */
#include <string.h>
#include "tacme.h"
#include "ta_div64.h"
#include "ta_fmt.h"
#include "ta_buf.h"

void ta_buf_init(ta_buf *b, void *mem, size_t cap)
{
	b->p = mem;
	b->len = 0;
	b->cap = cap;
	b->err = 0;
}

void ta_buf_put(ta_buf *b, const void *data, size_t len)
{
	if (b->err)
		return;
	if (len > b->cap - b->len) {
		b->err = TA_ERR_SPACE;
		return;
	}
	if (len)
		memcpy(b->p + b->len, data, len);
	b->len += len;
}

void ta_buf_puts(ta_buf *b, const char *s)
{
	ta_buf_put(b, s, strlen(s));
}

void ta_buf_putc(ta_buf *b, int c)
{
	unsigned char ch = (unsigned char)c;

	ta_buf_put(b, &ch, 1);
}

void ta_buf_vprintf(ta_buf *b, const char *fmt, va_list ap)
{
	size_t room;
	int n;

	if (b->err)
		return;
	room = b->cap - b->len;
	n = ta_vsnprintf(b->p + b->len, room, fmt, ap);
	if (n < 0 || (size_t)n >= room) {
		b->err = TA_ERR_SPACE;
		return;
	}
	b->len += (size_t)n;
}

void ta_buf_printf(ta_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ta_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void ta_buf_putu(ta_buf *b, unsigned long long v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	uint32_t digit;

	do {
		v = ta_udivmod64(v, 10, &digit);
		tmp[--i] = (char)('0' + digit);
	} while (v);
	ta_buf_put(b, tmp + i, sizeof(tmp) - i);
}

int ta_buf_cstr(ta_buf *b)
{
	if (!b->err && b->len < b->cap)
		b->p[b->len] = '\0';
	else if (!b->err)
		b->err = TA_ERR_SPACE;
	return b->err;
}
