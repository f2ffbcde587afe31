/* Bounded append buffer with a sticky overflow flag: write freely, check
 * once.  The caller owns the memory; ta_buf never allocates. */
#ifndef TA_BUF_H
#define TA_BUF_H

#include <stddef.h>
#include <stdarg.h>

typedef struct ta_buf {
	char *p;        /* caller's memory */
	size_t len;     /* bytes written so far */
	size_t cap;     /* size of p */
	int err;        /* 0, or TA_ERR_SPACE once anything did not fit */
} ta_buf;

/* Points b at mem[0..cap) with nothing written. */
void ta_buf_init(ta_buf *b, void *mem, size_t cap);
/* Appends len bytes (all or nothing; on overflow sets b->err). */
void ta_buf_put(ta_buf *b, const void *data, size_t len);
/* Appends a NUL-terminated string (without its NUL). */
void ta_buf_puts(ta_buf *b, const char *s);
/* Appends one byte. */
void ta_buf_putc(ta_buf *b, int c);
/* Appends formatted text (ta_vsnprintf rules); overflow sets b->err. */
void ta_buf_printf(ta_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void ta_buf_vprintf(ta_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 0)))
#endif
	;
/* Appends an unsigned decimal number. */
void ta_buf_putu(ta_buf *b, unsigned long long v);
/* Writes a NUL after the content (not counted in len) and returns 0, or
 * TA_ERR_SPACE if anything overflowed, including the NUL. */
int ta_buf_cstr(ta_buf *b);

#endif
