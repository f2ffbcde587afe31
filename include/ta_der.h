/* DER: a writer that fills a buffer from its end backwards (so lengths
 * need no second pass, as Mbed TLS's asn1write), and a strict reader that
 * returns slices into the caller's buffer.  Single-byte tags only (tag
 * numbers 0..30), which is all X.509, PKCS#8 and PKCS#10 need. */
#ifndef TA_DER_H
#define TA_DER_H

#include <stddef.h>
#include <stdint.h>

/* Tags (class and constructed bit included). */
enum {
	TA_DER_BOOLEAN = 0x01, TA_DER_INTEGER = 0x02, TA_DER_BIT_STRING = 0x03,
	TA_DER_OCTET_STRING = 0x04, TA_DER_NULL = 0x05, TA_DER_OID = 0x06,
	TA_DER_UTF8 = 0x0c, TA_DER_PRINTABLE = 0x13, TA_DER_IA5 = 0x16,
	TA_DER_UTCTIME = 0x17, TA_DER_GENTIME = 0x18,
	TA_DER_SEQUENCE = 0x30, TA_DER_SET = 0x31,
	TA_DER_CTX = 0x80,          /* | n: [n] IMPLICIT, primitive */
	TA_DER_CTX_CONS = 0xa0      /* | n: [n] constructed (EXPLICIT, or IMPLICIT SEQUENCE) */
};

/* ---- writer ------------------------------------------------------------- */
typedef struct ta_der_w {
	unsigned char *start;       /* the caller's buffer */
	unsigned char *end;         /* one past its last byte */
	unsigned char *p;           /* first written byte */
	int err;                    /* sticky: TA_ERR_SPACE, or TA_ERR_ARG */
} ta_der_w;

/* Points w at the caller's buf[0..cap), empty; output grows down from
 * buf + cap.  Nothing is ever written below buf.  Elements are written
 * last first; any failure sets w->err and later calls do nothing. */
void ta_der_w_init(ta_der_w *w, unsigned char *buf, size_t cap);
/* Bytes written so far (they are at w->p). */
size_t ta_der_w_len(const ta_der_w *w);
/* Moves the output to the start of the buffer and sets *len; returns 0 or
 * the sticky error.  The writer must not be used afterwards. */
int ta_der_w_finish(ta_der_w *w, size_t *len);
/* Prepends raw bytes (an already encoded element, or content). */
void ta_der_raw(ta_der_w *w, const void *data, size_t len);
/* Prepends a tag and a minimal definite length. */
void ta_der_hdr(ta_der_w *w, unsigned tag, size_t len);
/* Prepends a primitive element: tag, length, data[0..len).  With
 * TA_DER_OID (content bytes), TA_DER_OCTET_STRING, TA_DER_UTF8,
 * TA_DER_IA5, TA_DER_CTX | n... */
void ta_der_prim(ta_der_w *w, unsigned tag, const void *data, size_t len);
/* Prepends an INTEGER from unsigned big-endian v[0..len): redundant leading
 * zeros are dropped, and a 0x00 is added when the top bit is set (len 0
 * means zero). */
void ta_der_uint(ta_der_w *w, const unsigned char *v, size_t len);
/* Prepends a BIT STRING of whole bytes (no unused bits). */
void ta_der_bits(ta_der_w *w, const void *data, size_t len);
/* Wraps everything written since mark (= ta_der_w_len() then; 0 for all)
 * in tag: TA_DER_SEQUENCE, TA_DER_SET, TA_DER_CTX_CONS | n, or
 * TA_DER_OCTET_STRING / TA_DER_BIT_STRING holding encoded DER. */
void ta_der_wrap(ta_der_w *w, unsigned tag, size_t mark);

/* ---- reader ------------------------------------------------------------- */
/* A slice [p, end) of the caller's buffer. */
typedef struct ta_der {
	const unsigned char *p;
	const unsigned char *end;
} ta_der;

/* Reads the next TLV of d: single-byte tag (not 0, not the high-tag-number
 * form), definite length in minimal form, at most 4 length bytes, content
 * inside d.  Sets *tag and *val (the content, a slice of d) and advances d.
 * Returns 0, or TA_ERR_PARSE with d unchanged. */
int ta_der_get(ta_der *d, unsigned *tag, ta_der *val);
/* As ta_der_get, but the tag must be want (TA_ERR_PARSE otherwise). */
int ta_der_expect(ta_der *d, unsigned want, ta_der *val);
/* Reads a non-negative INTEGER in minimal form and sets *mag to its
 * magnitude (the 0x00 sign byte dropped; zero is one 0x00 byte).  Returns 0
 * or TA_ERR_PARSE (then d is left anywhere). */
int ta_der_get_uint(ta_der *d, ta_der *mag);
/* Content length of v. */
size_t ta_der_len(const ta_der *v);
/* 1 if the content of v is exactly bytes[0..n) (e.g. an OID), else 0. */
int ta_der_eq(const ta_der *v, const void *bytes, size_t n);
/* Reads the content of a UTCTime (tag 0x17, "YYMMDDHHMMSSZ", 19YY when
 * YY >= 50) or GeneralizedTime (0x18, "YYYYMMDDHHMMSSZ") as seconds since
 * 1970-01-01T00:00:00Z into *t.  Returns 0 or TA_ERR_PARSE (any other form,
 * or a date that does not exist). */
int ta_der_time(unsigned tag, const ta_der *v, int64_t *t);

#endif
