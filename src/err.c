/* Error names and the record of a run's first detailed failure. */
#include <stdarg.h>
#include <string.h>
#include "tacme.h"
#include "ta_fmt.h"

static char first_msg[512];
static int first_code;

const char *ta_strerror(int err)
{
	static const char *const names[] = {
		"ok", "buffer too small", "malformed input", "I/O error",
		"network error", "timed out", "TLS error",
		"certificate not accepted", "crypto error", "no entropy",
		"HTTP protocol error", "unexpected HTTP status", "not found",
		"configuration error", "bad argument", "clock is wrong",
		"not supported", "ACME protocol error", "DNS error",
		"connection closed",
	};
	unsigned i = (unsigned)(-err);

	if (err > 0 || i >= TA_ARRAY_LEN(names))
		return "unknown error";
	return names[i];
}

int ta_error(int err, const char *fmt, ...)
{
	va_list ap;

	if (first_code)
		return err;
	first_code = err;
	va_start(ap, fmt);
	ta_vsnprintf(first_msg, sizeof(first_msg), fmt, ap);
	va_end(ap);
	return err;
}

void ta_error_prefix(const char *fmt, ...)
{
	char pre[256];
	size_t n, m;
	va_list ap;

	if (!first_code)
		return;
	va_start(ap, fmt);
	ta_vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	n = strlen(pre);
	m = strlen(first_msg);
	if (n + m >= sizeof(first_msg))   /* keep the cause whole; drop the context */
		return;
	memmove(first_msg + n, first_msg, m + 1);
	memcpy(first_msg, pre, n);
}

const char *ta_error_msg(void)
{
	return first_msg;
}

int ta_error_code(void)
{
	return first_code;
}

void ta_error_clear(void)
{
	first_code = 0;
	first_msg[0] = '\0';
}
