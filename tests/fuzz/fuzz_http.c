/* Fuzz target: the HTTP/1.1 response reader (status line, headers,
 * Content-Length, chunked, close) over a scripted stream.  The first byte
 * picks the read size and the request method; the rest is the response. */
#include <string.h>
#include "tacme.h"
#include "ta_http.h"

static const unsigned char *resp;
static size_t resp_len, pos, chunk;

static int f_open(void *ctx, const ta_url *u, unsigned t)
{
	(void)ctx;
	(void)u;
	(void)t;
	pos = 0;
	return 0;
}

static int f_read(void *ctx, unsigned char *buf, size_t len)
{
	size_t n = resp_len - pos;

	(void)ctx;
	if (n > len)
		n = len;
	if (n > chunk)
		n = chunk;
	memcpy(buf, resp + pos, n);
	pos += n;
	return (int)n;
}

static int f_write(void *ctx, const unsigned char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	return 0;
}

static int f_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static void f_close(void *ctx)
{
	(void)ctx;
}

static const ta_http_io io = { f_open, f_read, f_write, f_flush, f_close, NULL };

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static char buf[4096];
	ta_http h;
	ta_http_req r;
	unsigned i;

	if (size < 1)
		return 0;
	chunk = (data[0] & 0x3f) + 1;
	resp = data + 1;
	resp_len = size - 1;
	ta_error_clear();
	ta_http_init(&h, buf, sizeof(buf), NULL);
	h.io = &io;
	h.io_ctx = NULL;
	memset(&r, 0, sizeof(r));
	r.method = data[0] & 0x40 ? "HEAD" : "GET";
	r.url = "https://ca.example/x";
	if (ta_http_do(&h, &r) == 0) {
		/* Every slice must stay inside the buffer and be terminated. */
		if (h.body_len && (h.body < buf || h.body + h.body_len >= buf + sizeof(buf) ||
		    h.body[h.body_len] != '\0'))
			__builtin_trap();
		for (i = 0; i < h.nhdr; i++)
			if (strlen(h.hdr[i].name) == 0)
				__builtin_trap();
		(void)ta_http_header(&h, "Link", 1);
	}
	return 0;
}
