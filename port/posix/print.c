/* Formatted output to a file descriptor: ta_vformat's pieces gathered in a
 * stack buffer and written with write(2). */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include "tacme_port.h"
#include "ta_fmt.h"

int ta_write_all(int fd, const void *p, size_t len)
{
	const char *s = p;

	while (len > 0) {
		ssize_t w = write(fd, s, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

struct out {
	int fd, failed;
	size_t len;
	char buf[256];
};

static void flush(struct out *o)
{
	if (o->len && !o->failed && ta_write_all(o->fd, o->buf, o->len))
		o->failed = 1;
	o->len = 0;
}

static void out_put(void *ctx, const char *s, size_t n)
{
	struct out *o = ctx;

	while (n > 0) {
		size_t k = sizeof(o->buf) - o->len;

		if (k > n)
			k = n;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
		if (o->len == sizeof(o->buf))
			flush(o);
	}
}

int ta_dprintf(int fd, const char *fmt, ...)
{
	struct out o;
	va_list ap;
	size_t n;

	o.fd = fd;
	o.failed = 0;
	o.len = 0;
	va_start(ap, fmt);
	n = ta_vformat(out_put, &o, fmt, ap);
	va_end(ap);
	flush(&o);
	return o.failed || n > 0x7fffffff ? -1 : (int)n;
}
