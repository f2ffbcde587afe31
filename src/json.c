/* JSON reader: a strict RFC 8259 tokenizer into the caller's token array
 * (no allocation, no recursion) and accessors that unescape on the fly. */
#include <string.h>
#include "tacme.h"
#include "config.h"
#include "ta_json.h"

enum { VAL, VAL_OR_END, KEY, KEY_OR_END, AFTER };

/* Length (1..4) of the valid UTF-8 sequence at s[0..n), storing its code
 * point, or 0 when it is malformed, overlong, a surrogate or > U+10FFFF. */
size_t ta_json_utf8(const char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[4] = { 0, 0x80, 0x800, 0x10000 };
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t k, i;

	if (!n)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2 || c > 0xF4)
		return 0;
	k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
	if (n <= k)
		return 0;
	c &= 0x3Fu >> k;
	for (i = 1; i <= k; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3Fu);
	}
	if (c < min[k] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return k + 1;
}

static long hex4(const char *s, size_t n, size_t p)
{
	long v = 0;
	size_t i;
	int c;

	if (n - p < 4)
		return -1;
	for (i = p; i < p + 4; i++) {
		c = s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v << 4 | c;
	}
	return v;
}

/* Decodes one character of string content at s[*pp..n) (a raw UTF-8
 * sequence or an escape), advancing *pp.  Returns the code point, or -1
 * for a control character, bad escape, lone surrogate, \u0000 or bad UTF-8.
 * The caller stops at the closing quote. */
static long next_cp(const char *s, size_t n, size_t *pp)
{
	static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";  /* (letter, char) */
	size_t p = *pp, k;
	uint32_t cp;
	long c, lo;
	const char *e;

	if (p >= n || (unsigned char)s[p] < 0x20)
		return -1;
	if (s[p] != '\\') {
		k = ta_json_utf8(s + p, n - p, &cp);
		*pp = p + k;
		return k ? (long)cp : -1;
	}
	if (++p >= n)
		return -1;
	if (s[p] != 'u') {
		e = s[p] ? strchr(esc, s[p]) : NULL;
		if (!e || (e - esc) % 2)
			return -1;
		*pp = p + 1;
		return e[1];
	}
	c = hex4(s, n, p + 1);
	p += 5;
	if (c >= 0xD800 && c <= 0xDBFF) {
		if (n - p < 6 || s[p] != '\\' || s[p + 1] != 'u')
			return -1;
		lo = hex4(s, n, p + 2);
		if (lo < 0xDC00 || lo > 0xDFFF)
			return -1;
		c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
		p += 6;
	} else if (c <= 0 || (c >= 0xDC00 && c <= 0xDFFF)) {
		return -1;
	}
	*pp = p;
	return c;
}

static size_t digits(const char *d, size_t n, size_t p)
{
	while (p < n && d[p] >= '0' && d[p] <= '9')
		p++;
	return p;
}

/* End of the number at d[p..n), or 0 when it does not follow the grammar
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static size_t number(const char *d, size_t n, size_t p)
{
	size_t q;

	if (d[p] == '-')
		p++;
	if (p < n && d[p] == '0')
		p++;
	else if ((q = digits(d, n, p)) > p)
		p = q;
	else
		return 0;
	if (p < n && d[p] == '.') {
		if ((q = digits(d, n, p + 1)) == p + 1)
			return 0;
		p = q;
	}
	if (p < n && (d[p] | 0x20) == 'e') {
		p++;
		if (p < n && (d[p] == '+' || d[p] == '-'))
			p++;
		if ((q = digits(d, n, p)) == p)
			return 0;
		p = q;
	}
	return p;
}

static size_t ws(const char *d, size_t n, size_t p)
{
	while (p < n && (d[p] == ' ' || d[p] == '\t' || d[p] == '\n' || d[p] == '\r'))
		p++;
	return p;
}

/* Scans a string whose opening quote is at d[p] into token t; returns the
 * offset after the closing quote, or 0. */
static size_t string(const char *d, size_t n, size_t p, ta_json_tok *t)
{
	t->type = TA_JSON_STRING;
	t->start = (ta_json_off)++p;
	while (p < n && d[p] != '"')
		if (next_cp(d, n, &p) < 0)
			return 0;
	if (p >= n)
		return 0;
	t->end = (ta_json_off)p;
	return p + 1;
}

static int tokenize(ta_json *j)
{
	static const char *const lit[] = { "true", "false", "null" };
	const char *d = j->doc;
	size_t n = j->len, p = 0, q, k;
	unsigned stack[CONFIG_JSON_MAX_DEPTH], depth = 0, idx;
	int state = VAL;
	ta_json_tok *t;
	char c;

	if (n > (size_t)TA_JSON_DOC_MAX)     /* offsets would not fit a token */
		return TA_ERR_PARSE;
	for (;;) {
		p = ws(d, n, p);
		if (state == AFTER && !depth)
			return p == n ? 0 : TA_ERR_PARSE;
		if (p >= n)
			return TA_ERR_PARSE;
		c = d[p];
		if (state == AFTER || state == VAL_OR_END || state == KEY_OR_END) {
			t = &j->tok[stack[depth - 1]];
			if (c == (t->type == TA_JSON_OBJECT ? '}' : ']')) {
				t->end = (ta_json_off)++p;
				t->next = (ta_json_off)j->ntok;
				depth--;
				state = AFTER;
				continue;
			}
			if (state == AFTER) {
				if (c != ',')
					return TA_ERR_PARSE;
				p++;
				state = t->type == TA_JSON_OBJECT ? KEY : VAL;
				continue;
			}
			state = state == KEY_OR_END ? KEY : VAL;
		}
		if (j->ntok >= j->cap)
			return TA_ERR_SPACE;
		idx = j->ntok++;
		t = &j->tok[idx];
		t->start = (ta_json_off)p;
		t->size = 0;
		t->next = (ta_json_off)(idx + 1);
		if (state == KEY) {
			if (c != '"' || !(p = string(d, n, p, t)))
				return TA_ERR_PARSE;
			p = ws(d, n, p);
			if (p >= n || d[p] != ':')
				return TA_ERR_PARSE;
			p++;
			state = VAL;
			continue;
		}
		if (depth)
			j->tok[stack[depth - 1]].size++;
		state = AFTER;
		if (c == '{' || c == '[') {
			if (depth == CONFIG_JSON_MAX_DEPTH)
				return TA_ERR_PARSE;
			t->type = c == '{' ? TA_JSON_OBJECT : TA_JSON_ARRAY;
			stack[depth++] = idx;
			state = c == '{' ? KEY_OR_END : VAL_OR_END;
			p++;
			continue;
		}
		if (c == '"') {
			if (!(p = string(d, n, p, t)))
				return TA_ERR_PARSE;
			continue;
		}
		if (c == '-' || (c >= '0' && c <= '9')) {
			if (!(q = number(d, n, p)))
				return TA_ERR_PARSE;
			t->type = TA_JSON_NUMBER;
		} else {
			for (k = 0; k < 3 && c != lit[k][0]; k++)
				;
			if (k == 3 || n - p < strlen(lit[k]) ||
			    memcmp(d + p, lit[k], strlen(lit[k])))
				return TA_ERR_PARSE;
			t->type = (uint8_t)(TA_JSON_TRUE + k);
			q = p + strlen(lit[k]);
		}
		t->end = (ta_json_off)q;
		p = q;
	}
}

/* Parses doc[0..len) into tok[0..cap); see ta_json.h.  On failure
 * j->ntok is 0, so the accessors find nothing. */
int ta_json_parse(ta_json *j, const char *doc, size_t len, ta_json_tok *tok, unsigned cap)
{
	int r;

	j->doc = doc;
	j->len = len;
	j->tok = tok;
	j->ntok = 0;
	j->cap = cap;
	r = tokenize(j);
	if (r)
		j->ntok = 0;
	return r;
}

/* Type of token i, or 0 when i is not a token. */
int ta_json_type(const ta_json *j, int i)
{
	return i < 0 || (unsigned)i >= j->ntok ? 0 : j->tok[i].type;
}

/* Value of member key in object obj, or -1. */
int ta_json_get(const ta_json *j, int obj, const char *key)
{
	unsigned m;
	int k;

	if (ta_json_type(j, obj) != TA_JSON_OBJECT)
		return -1;
	k = obj + 1;
	for (m = 0; m < j->tok[obj].size; m++) {
		if (ta_json_eq(j, k, key))
			return k + 1;
		k = (int)j->tok[k + 1].next;
	}
	return -1;
}

/* Element i of array arr, or -1. */
int ta_json_at(const ta_json *j, int arr, unsigned i)
{
	int k;

	if (ta_json_type(j, arr) != TA_JSON_ARRAY || i >= j->tok[arr].size)
		return -1;
	for (k = arr + 1; i; i--)
		k = (int)j->tok[k].next;
	return k;
}

/* Encodes code point c as UTF-8 into u[0..4); returns the length. */
static size_t put_utf8(char *u, uint32_t c)
{
	size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4, i;

	for (i = n - 1; i > 0; i--, c >>= 6)
		u[i] = (char)(0x80 | (c & 0x3F));
	u[0] = (char)(n == 1 ? c : (0xF00u >> n & 0xF0) | c);
	return n;
}

/* Unescapes string token i into out[0..cap) with a NUL; see ta_json.h. */
int ta_json_str(const ta_json *j, int i, char *out, size_t cap, size_t *outlen)
{
	size_t p, o = 0, k;
	long c;
	char u[4];

	if (cap)
		out[0] = '\0';
	if (ta_json_type(j, i) != TA_JSON_STRING)
		return TA_ERR_PARSE;
	for (p = j->tok[i].start; p < j->tok[i].end; o += k) {
		if ((c = next_cp(j->doc, j->tok[i].end, &p)) < 0)
			return TA_ERR_PARSE;
		k = put_utf8(u, (uint32_t)c);
		if (cap - o <= k) {
			if (cap)
				out[0] = '\0';
			return TA_ERR_SPACE;
		}
		memcpy(out + o, u, k);
	}
	if (!cap)
		return TA_ERR_SPACE;
	out[o] = '\0';
	if (outlen)
		*outlen = o;
	return 0;
}

/* 1 if string token i unescapes to exactly s. */
int ta_json_eq(const ta_json *j, int i, const char *s)
{
	size_t p, k;
	long c;
	char u[4];

	if (ta_json_type(j, i) != TA_JSON_STRING)
		return 0;
	for (p = j->tok[i].start; p < j->tok[i].end; s += k) {
		if ((c = next_cp(j->doc, j->tok[i].end, &p)) < 0)
			return 0;
		k = put_utf8(u, (uint32_t)c);
		if (strncmp(s, u, k))
			return 0;
	}
	return *s == '\0';
}

/* Reads integer token i into *v; 0 or TA_ERR_PARSE. */
int ta_json_int(const ta_json *j, int i, int64_t *v)
{
	const char *d;
	size_t p, e;
	uint64_t acc = 0;
	unsigned dig, last;
	int neg;

	if (ta_json_type(j, i) != TA_JSON_NUMBER)
		return TA_ERR_PARSE;
	d = j->doc;
	p = j->tok[i].start;
	e = j->tok[i].end;
	neg = d[p] == '-';
	p += (size_t)neg;
	/* The limit is INT64_MAX, or 2^63 for a negative number: acc * 10 + dig
	 * must not exceed it.  Its tenth is a constant (no 64-bit division at
	 * run time) and its last digit is 7 or 8. */
	last = 7 + (unsigned)neg;
	for (; p < e; p++) {
		if (d[p] < '0' || d[p] > '9')
			return TA_ERR_PARSE;
		dig = (unsigned)(d[p] - '0');
		if (acc > (uint64_t)INT64_MAX / 10 ||
		    (acc == (uint64_t)INT64_MAX / 10 && dig > last))
			return TA_ERR_PARSE;
		acc = acc * 10 + dig;
	}
	*v = neg && acc ? -(int64_t)(acc - 1) - 1 : (int64_t)acc;
	return 0;
}
