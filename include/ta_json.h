/* JSON reader (allocation-free tokenizer into a caller's token array, in the
 * manner of jsmn) and writer (into a bounded ta_buf). */
#ifndef TA_JSON_H
#define TA_JSON_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "ta_buf.h"

/* An offset in a document, or a token count.  16 bits when no document
 * can be larger (the HTTP buffer and every file tacme reads as JSON are
 * smaller than 64 KB): a token is then 10 bytes instead of 20. */
#if CONFIG_HTTP_BUF_SIZE < 65536 && CONFIG_JSON_MAX_TOKENS < 65536
typedef uint16_t ta_json_off;
#define TA_JSON_DOC_MAX 65535u
#else
typedef uint32_t ta_json_off;
#define TA_JSON_DOC_MAX 0xffffffffu
#endif

enum {
	TA_JSON_OBJECT = 1, TA_JSON_ARRAY, TA_JSON_STRING, TA_JSON_NUMBER,
	TA_JSON_TRUE, TA_JSON_FALSE, TA_JSON_NULL
};

typedef struct ta_json_tok {
	uint8_t type;       /* TA_JSON_* */
	ta_json_off start;     /* offset of the value in the document; for strings
	                     * the first byte after the opening quote */
	ta_json_off end;    /* offset one past the value; for strings the
	                     * closing quote (so the raw, still escaped, text is
	                     * doc[start..end)) */
	ta_json_off size;   /* object: number of members; array: elements */
	ta_json_off next;   /* index of the token after this value's subtree */
} ta_json_tok;

typedef struct ta_json {
	const char *doc;
	size_t len;
	ta_json_tok *tok;   /* caller's array */
	unsigned ntok;      /* tokens used */
	unsigned cap;       /* size of tok */
} ta_json;

/* Parses doc[0..len) (one JSON value, RFC 8259, UTF-8; surrounding
 * whitespace allowed, anything else after the value is an error; nesting
 * deeper than CONFIG_JSON_MAX_DEPTH is an error) into tok[0..cap).  In an
 * object, member keys and values alternate: key token i, value token i+1.
 * j keeps pointers to doc and tok.  Returns 0, TA_ERR_PARSE (also for len
 * over TA_JSON_DOC_MAX) or TA_ERR_SPACE (more tokens than cap). */
int ta_json_parse(ta_json *j, const char *doc, size_t len, ta_json_tok *tok, unsigned cap);
/* Index of the value of member key in the object at index obj, or -1 when
 * obj is not an object or has no such key (keys are compared unescaped). */
int ta_json_get(const ta_json *j, int obj, const char *key);
/* Index of element i of the array at index arr, or -1. */
int ta_json_at(const ta_json *j, int arr, unsigned i);
/* Type of token i (TA_JSON_*), or 0 when i is out of range (e.g. -1). */
int ta_json_type(const ta_json *j, int i);
/* Unescapes the string token i (\uXXXX and surrogate pairs to UTF-8) into
 * out[0..cap) with a NUL.  Returns 0 and sets *outlen (may be NULL),
 * TA_ERR_PARSE if i is not a string or its escapes are bad (lone
 * surrogates, \u0000), TA_ERR_SPACE if it does not fit. */
int ta_json_str(const ta_json *j, int i, char *out, size_t cap, size_t *outlen);
/* 1 if token i is a string equal to s after unescaping, else 0. */
int ta_json_eq(const ta_json *j, int i, const char *s);
/* Reads an integer number token (no fraction or exponent, within int64).
 * Returns 0, or TA_ERR_PARSE. */
int ta_json_int(const ta_json *j, int i, int64_t *v);
/* Length (1..4) of the valid UTF-8 sequence at s[0..n) with its code point
 * in *cp, or 0 if it is malformed, overlong, a surrogate or > U+10FFFF. */
size_t ta_json_utf8(const char *s, size_t n, uint32_t *cp);

/* Writer: commas and nesting are tracked; all errors land in the buf's
 * sticky flag (b->err), checked once at the end: TA_ERR_SPACE when the
 * buffer is full or containers nest deeper than 31; TA_ERR_PARSE on misuse
 * (a value in an object without a key, a key outside an object, a
 * mismatched or extra end, a second top-level value, invalid UTF-8). */
typedef struct ta_jsonw {
	ta_buf *b;
	unsigned depth;
	uint32_t has_item;  /* bit d: the container at depth d has an item
	                     * (depth 0: the top-level value was written) */
	uint32_t is_obj;    /* bit d: the container at depth d is an object */
	int after_key;
} ta_jsonw;

void ta_jsonw_init(ta_jsonw *w, ta_buf *b);
void ta_jsonw_obj(ta_jsonw *w);        /* { */
void ta_jsonw_obj_end(ta_jsonw *w);    /* } */
void ta_jsonw_arr(ta_jsonw *w);        /* [ */
void ta_jsonw_arr_end(ta_jsonw *w);    /* ] */
void ta_jsonw_key(ta_jsonw *w, const char *key);
void ta_jsonw_str(ta_jsonw *w, const char *s);
void ta_jsonw_strn(ta_jsonw *w, const char *s, size_t len);
void ta_jsonw_int(ta_jsonw *w, int64_t v);
void ta_jsonw_bool(ta_jsonw *w, int v);
void ta_jsonw_null(ta_jsonw *w);
/* Inserts already-valid JSON text as one value (e.g. a JWK built earlier). */
void ta_jsonw_raw(ta_jsonw *w, const char *json, size_t len);
/* Appends s as a JSON string literal with escaping (quotes included),
 * without comma handling. */
void ta_json_put_string(ta_buf *b, const char *s, size_t len);

#endif
