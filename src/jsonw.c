/* JSON writer into a bounded ta_buf: commas, nesting and escaping.  Every
 * error is recorded in the buffer's sticky b->err (see ta_json.h). */
#include <string.h>
#include "tacme.h"
#include "ta_json.h"

#define MAX_DEPTH 31    /* containers; bit 0 of has_item is the top level */

static void fail(ta_jsonw *w, int err)
{
	if (!w->b->err)
		w->b->err = err;
}

/* Before any value: consumes a pending key, or writes the comma. */
static void item(ta_jsonw *w)
{
	uint32_t bit = 1u << w->depth;

	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if ((w->is_obj & bit) || (!w->depth && (w->has_item & 1))) {
		fail(w, TA_ERR_PARSE);
		return;
	}
	if (w->has_item & bit)
		ta_buf_putc(w->b, ',');
	w->has_item |= bit;
}

static void push(ta_jsonw *w, char c, uint32_t obj)
{
	uint32_t bit;

	item(w);
	if (w->depth >= MAX_DEPTH) {
		fail(w, TA_ERR_SPACE);
		return;
	}
	bit = 1u << ++w->depth;
	w->has_item &= ~bit;
	w->is_obj = (w->is_obj & ~bit) | (obj ? bit : 0);
	ta_buf_putc(w->b, c);
}

static void pop(ta_jsonw *w, char c, uint32_t obj)
{
	if (!w->depth || w->after_key || ((w->is_obj >> w->depth) & 1) != obj) {
		fail(w, TA_ERR_PARSE);
		return;
	}
	w->depth--;
	ta_buf_putc(w->b, c);
}

/* Starts writing JSON into b (owned by the caller) at depth 0. */
void ta_jsonw_init(ta_jsonw *w, ta_buf *b)
{
	w->b = b;
	w->depth = 0;
	w->has_item = 0;
	w->is_obj = 0;
	w->after_key = 0;
}

/* Opens an object. */
void ta_jsonw_obj(ta_jsonw *w)
{
	push(w, '{', 1);
}

/* Closes the current object. */
void ta_jsonw_obj_end(ta_jsonw *w)
{
	pop(w, '}', 1);
}

/* Opens an array. */
void ta_jsonw_arr(ta_jsonw *w)
{
	push(w, '[', 0);
}

/* Closes the current array. */
void ta_jsonw_arr_end(ta_jsonw *w)
{
	pop(w, ']', 0);
}

/* Writes a member key (escaped) and the colon; the next call writes its
 * value. */
void ta_jsonw_key(ta_jsonw *w, const char *key)
{
	uint32_t bit = 1u << w->depth;

	if (!(w->is_obj & bit) || w->after_key) {
		fail(w, TA_ERR_PARSE);
		return;
	}
	if (w->has_item & bit)
		ta_buf_putc(w->b, ',');
	w->has_item |= bit;
	ta_json_put_string(w->b, key, strlen(key));
	ta_buf_putc(w->b, ':');
	w->after_key = 1;
}

/* Writes the NUL-terminated string s as a string value. */
void ta_jsonw_str(ta_jsonw *w, const char *s)
{
	ta_jsonw_strn(w, s, strlen(s));
}

/* Writes s[0..len) (UTF-8) as a string value. */
void ta_jsonw_strn(ta_jsonw *w, const char *s, size_t len)
{
	item(w);
	ta_json_put_string(w->b, s, len);
}

/* Writes a decimal integer. */
void ta_jsonw_int(ta_jsonw *w, int64_t v)
{
	item(w);
	if (v < 0)
		ta_buf_putc(w->b, '-');
	ta_buf_putu(w->b, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v);
}

/* Writes true (v != 0) or false. */
void ta_jsonw_bool(ta_jsonw *w, int v)
{
	item(w);
	ta_buf_puts(w->b, v ? "true" : "false");
}

/* Writes null. */
void ta_jsonw_null(ta_jsonw *w)
{
	item(w);
	ta_buf_puts(w->b, "null");
}

/* Writes json[0..len), trusted to be one valid JSON value, as a value. */
void ta_jsonw_raw(ta_jsonw *w, const char *json, size_t len)
{
	item(w);
	ta_buf_put(w->b, json, len);
}

/* Appends "s[0..len)" escaped; invalid UTF-8 sets b->err = TA_ERR_PARSE. */
void ta_json_put_string(ta_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	static const char esc[] = "\"\"\\\\\bb\ff\nn\rr\tt";
	size_t i = 0, run, k = 0;
	uint32_t cp = 0;
	const char *e;
	char u[6] = "\\u00";

	ta_buf_putc(b, '"');
	while (i < len) {
		for (run = i; i < len; i += k) {
			k = ta_json_utf8(s + i, len - i, &cp);
			if (!k || cp < 0x20 || cp == '"' || cp == '\\')
				break;
		}
		ta_buf_put(b, s + run, i - run);
		if (i == len)
			break;
		if (!k) {
			if (!b->err)
				b->err = TA_ERR_PARSE;
			return;
		}
		e = s[i] ? strchr(esc, s[i]) : NULL;
		if (e) {        /* pairs of (character, escape letter) */
			u[1] = e[1];
			ta_buf_put(b, u, 2);
		} else {
			u[1] = 'u';
			u[4] = hex[cp >> 4];
			u[5] = hex[cp & 15];
			ta_buf_put(b, u, 6);
		}
		i++;
	}
	ta_buf_putc(b, '"');
}
