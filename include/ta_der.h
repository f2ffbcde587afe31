/* DER: a writer that fills a buffer from its end backwards (so lengths
 * need no second pass, as Mbed TLS's asn1write), and a strict reader. */
#ifndef TA_DER_H
#define TA_DER_H

#include <stddef.h>
#include <stdint.h>

typedef struct ta_der_w {
	unsigned char *start;       /* the caller's buffer */
	unsigned char *end;         /* one past its last byte */
	unsigned char *p;           /* first written byte */
	int err;                    /* sticky TA_ERR_SPACE */
} ta_der_w;

/* Points w at buf[0..cap), empty; output grows down from buf + cap. */
void ta_der_w_init(ta_der_w *w, unsigned char *buf, size_t cap);
/* Bytes written so far (they are at w->p). */
size_t ta_der_w_len(const ta_der_w *w);
/* Prepends raw bytes. */
void ta_der_raw(ta_der_w *w, const void *data, size_t len);
/* Prepends a tag and a length header. */
void ta_der_hdr(ta_der_w *w, unsigned tag, size_t len);
/* Prepends a primitive value: tag, length, bytes. */
void ta_der_prim(ta_der_w *w, unsigned tag, const void *data, size_t len);
/* Prepends an INTEGER from unsigned big-endian bytes (minimal form). */
void ta_der_uint(ta_der_w *w, const unsigned char *v, size_t len);
/* Prepends a BIT STRING with no unused bits. */
void ta_der_bits(ta_der_w *w, const void *data, size_t len);
/* Wraps everything written since mark (= ta_der_w_len then) in tag. */
void ta_der_wrap(ta_der_w *w, unsigned tag, size_t mark);

typedef struct ta_der {
	const unsigned char *p;
	const unsigned char *end;
} ta_der;

/* Reads the next TLV of d: single-byte tags, definite minimal lengths,
 * within d.  Sets *tag and *val (its content) and advances d.  Returns 0
 * or TA_ERR_PARSE. */
int ta_der_get(ta_der *d, unsigned *tag, ta_der *val);
/* As ta_der_get, but the tag must be want. */
int ta_der_expect(ta_der *d, unsigned want, ta_der *val);
/* Content length of v. */
size_t ta_der_len(const ta_der *v);
/* Reads a UTCTime (tag 0x17) or GeneralizedTime (0x18) "...Z" value as
 * seconds since 1970.  Returns 0 or TA_ERR_PARSE. */
int ta_der_time(unsigned tag, const ta_der *v, int64_t *t);

#endif
