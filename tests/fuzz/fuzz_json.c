/* libFuzzer target for src/json.c and src/jsonw.c: parses the input,
 * checks the token tree's invariants, reads every token with the
 * accessors, rewrites the document with the writer and checks that the
 * result parses to the same tree and is a fixed point.  Aborts on any
 * broken property.  Build: see tests/fuzz/replay.c and the Makefile. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "config.h"
#include "ta_buf.h"
#include "ta_json.h"

#define ASSERT(c) do { if (!(c)) abort(); } while (0)
#define MAX_IN (1 << 20)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static ta_json_tok tok[CONFIG_JSON_MAX_TOKENS], tok2[CONFIG_JSON_MAX_TOKENS];
static char str[MAX_IN + 1], out1[MAX_IN + 64], out2[MAX_IN + 64], tmp[MAX_IN * 6 + 8];

/* Reads string token i into str; returns its length. */
static size_t read_str(const ta_json *j, int i)
{
	size_t n = 0, n2 = 0;
	char small[4];
	int r;

	r = ta_json_str(j, i, str, sizeof(str), &n);
	ASSERT(r == 0);     /* the tokenizer accepted it; it is at most doc size */
	ASSERT(n == strlen(str));
	ASSERT(ta_json_eq(j, i, str));
	r = ta_json_str(j, i, small, sizeof(small), &n2);
	ASSERT(r == (n < sizeof(small) ? 0 : TA_ERR_SPACE));
	ASSERT(r || (n2 == n && !strcmp(small, str)));
	return n;
}

/* Escapes str[0..n) alone and checks it reads back identically. */
static void string_roundtrip(size_t n)
{
	ta_json_tok t[2];
	ta_json j;
	ta_buf b;

	ta_buf_init(&b, tmp, sizeof(tmp));
	ta_json_put_string(&b, str, n);
	ASSERT(b.err == 0);
	if (b.len > TA_JSON_DOC_MAX) {           /* too long for 16-bit offsets */
		ASSERT(ta_json_parse(&j, tmp, b.len, t, 2) == TA_ERR_PARSE);
		return;
	}
	ASSERT(ta_json_parse(&j, tmp, b.len, t, 2) == 0);
	ASSERT(j.ntok == 1 && t[0].type == TA_JSON_STRING);
	ASSERT(ta_json_eq(&j, 0, str));
}

static void number(const ta_json *j, int i)
{
	const ta_json_tok *t = &j->tok[i];
	const char *s = j->doc + t->start;
	size_t len = t->end - t->start, k;
	int64_t v = 0, v2 = 1;
	int plain = 1;
	ta_json_tok t2[2];
	ta_json j2;
	ta_buf b;
	ta_jsonw w;
	char m[32];

	for (k = s[0] == '-'; k < len; k++)
		plain &= s[k] >= '0' && s[k] <= '9';
	if (ta_json_int(j, i, &v) != 0) {
		ASSERT(!plain || len - (s[0] == '-') > 18);
		return;
	}
	ASSERT(plain);
	ta_buf_init(&b, m, sizeof(m));
	ta_jsonw_init(&w, &b);
	ta_jsonw_int(&w, v);
	ASSERT(b.err == 0);
	ASSERT(ta_json_parse(&j2, m, b.len, t2, 2) == 0);
	ASSERT(ta_json_int(&j2, 0, &v2) == 0 && v2 == v);
}

/* Checks the tree shape: next pointers nest, sizes count children, keys are
 * strings and get() finds a member with an equal key. */
static void check_tree(const ta_json *j)
{
	unsigned i, m, k;

	ASSERT(j->ntok > 0 && j->tok[0].next == j->ntok);
	for (i = 0; i < j->ntok; i++) {
		const ta_json_tok *t = &j->tok[i];

		ASSERT(t->type >= TA_JSON_OBJECT && t->type <= TA_JSON_NULL);
		ASSERT(t->next > i && t->next <= j->ntok);
		ASSERT(t->start <= t->end && t->end <= j->len);
		if (t->type != TA_JSON_OBJECT && t->type != TA_JSON_ARRAY) {
			ASSERT(t->next == i + 1 && t->size == 0);
			continue;
		}
		k = i + 1;
		for (m = 0; m < t->size; m++) {
			ASSERT(k < t->next);
			if (t->type == TA_JSON_OBJECT) {
				int v;

				ASSERT(j->tok[k].type == TA_JSON_STRING);
				read_str(j, (int)k);
				v = ta_json_get(j, (int)i, str);
				ASSERT(v > (int)i && v <= (int)k + 1);
				ASSERT(ta_json_eq(j, v - 1, str));
				k++;
			} else {
				ASSERT(ta_json_at(j, (int)i, m) == (int)k);
			}
			k = j->tok[k].next;
		}
		ASSERT(k == t->next);
		if (t->type == TA_JSON_ARRAY)
			ASSERT(ta_json_at(j, (int)i, t->size) == -1);
		else
			ASSERT(ta_json_at(j, (int)i, 0) == -1);
	}
	ASSERT(ta_json_type(j, -1) == 0 && ta_json_type(j, (int)j->ntok) == 0);
}

/* Writes the tree of j with the writer, iteratively; returns the length. */
static size_t rewrite(const ta_json *j, char *mem, size_t cap)
{
	unsigned stk[CONFIG_JSON_MAX_DEPTH + 1], depth = 0, i;
	int want_key[CONFIG_JSON_MAX_DEPTH + 1];
	ta_buf b;
	ta_jsonw w;
	const ta_json_tok *t;
	size_t n;

	ta_buf_init(&b, mem, cap);
	ta_jsonw_init(&w, &b);
	for (i = 0; i <= j->ntok; i++) {
		while (depth && j->tok[stk[depth - 1]].next == i) {
			if (j->tok[stk[--depth]].type == TA_JSON_OBJECT)
				ta_jsonw_obj_end(&w);
			else
				ta_jsonw_arr_end(&w);
		}
		if (i == j->ntok)
			break;
		t = &j->tok[i];
		if (depth && want_key[depth - 1] == 1) {
			read_str(j, (int)i);
			ta_jsonw_key(&w, str);
			want_key[depth - 1] = 2;
			continue;
		}
		if (depth && want_key[depth - 1] == 2)
			want_key[depth - 1] = 1;
		switch (t->type) {
		case TA_JSON_OBJECT:
		case TA_JSON_ARRAY:
			if (t->type == TA_JSON_OBJECT)
				ta_jsonw_obj(&w);
			else
				ta_jsonw_arr(&w);
			ASSERT(depth <= CONFIG_JSON_MAX_DEPTH);
			want_key[depth] = t->type == TA_JSON_OBJECT;
			stk[depth++] = i;
			break;
		case TA_JSON_STRING:
			n = read_str(j, (int)i);
			string_roundtrip(n);
			ta_jsonw_strn(&w, str, n);
			break;
		case TA_JSON_NUMBER:
			number(j, (int)i);
			ta_jsonw_raw(&w, j->doc + t->start, t->end - t->start);
			break;
		case TA_JSON_NULL:
			ta_jsonw_null(&w);
			break;
		default:
			ta_jsonw_bool(&w, t->type == TA_JSON_TRUE);
		}
	}
	ASSERT(depth == 0 && w.depth == 0);
	ASSERT(b.err == 0);
	return b.len;
}

/* Runs the input as a program of writer calls into a small buffer: unless
 * the writer flagged an error (misuse, invalid UTF-8, overflow), what it
 * wrote must be one valid JSON value. */
static void writer_ops(const unsigned char *data, size_t size)
{
	static const char raw[] = "[1,{\"k\":null}]";
	char mem[256], key[8];
	ta_json_tok t[sizeof(mem)];
	ta_json j;
	ta_buf b;
	ta_jsonw w;
	unsigned maxdepth = 0;      /* 99: the output need not parse */
	size_t i = 0, n;
	int64_t v;

	ta_buf_init(&b, mem, sizeof(mem));
	ta_jsonw_init(&w, &b);
	while (i < size) {
		unsigned op = data[i++];

		n = (op >> 4) & 7;
		if (n > size - i)
			n = size - i;
		switch (op % 11) {
		case 0: ta_jsonw_obj(&w); break;
		case 1: ta_jsonw_obj_end(&w); break;
		case 2: ta_jsonw_arr(&w); break;
		case 3: ta_jsonw_arr_end(&w); break;
		case 4:
			memcpy(key, data + i, n);
			key[n] = '\0';
			ta_jsonw_key(&w, key);
			i += n;
			break;
		case 5:
			/* \u0000 is written but, by design, not read back */
			if (memchr(data + i, 0, n))
				maxdepth = 99;
			ta_jsonw_strn(&w, (const char *)data + i, n);
			i += n;
			break;
		case 6:
			for (v = 0; n--; i++)
				v = (int64_t)((uint64_t)v << 8 | data[i]);
			ta_jsonw_int(&w, op & 0x80 ? -v : v);
			break;
		case 7: ta_jsonw_bool(&w, op & 0x80); break;
		case 8: ta_jsonw_null(&w); break;
		case 9: ta_jsonw_raw(&w, raw, sizeof(raw) - 1); break;
		default: ta_json_put_string(&b, (const char *)data + i, n); i += n;
		}
		if (w.depth > maxdepth)
			maxdepth = w.depth;
		if (op % 11 == 10)  /* no comma handling: the output is not JSON */
			maxdepth = 99;
	}
	if (b.err || w.depth || !(w.has_item & 1) || maxdepth > CONFIG_JSON_MAX_DEPTH)
		return;
	ASSERT(ta_json_parse(&j, mem, b.len, t, sizeof(mem)) == 0);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	ta_json j, j2;
	size_t n1, n2;
	unsigned i;
	int r;

	if (size > MAX_IN)
		return 0;
	writer_ops(data, size);
	r = ta_json_parse(&j, (const char *)data, size, tok, CONFIG_JSON_MAX_TOKENS);
	if (r != 0) {
		ASSERT(r == TA_ERR_PARSE || r == TA_ERR_SPACE);
		ASSERT(j.ntok == 0 && ta_json_type(&j, 0) == 0);
		ASSERT(ta_json_get(&j, 0, "a") == -1 && ta_json_at(&j, 0, 0) == -1);
		return 0;
	}
	check_tree(&j);
	/* one token fewer: the same walk runs out of room at the last one */
	ASSERT(ta_json_parse(&j2, (const char *)data, size, tok2, j.ntok - 1) == TA_ERR_SPACE);
	ASSERT(ta_json_parse(&j, (const char *)data, size, tok, CONFIG_JSON_MAX_TOKENS) == 0);

	n1 = rewrite(&j, out1, sizeof(out1));
	ASSERT(ta_json_parse(&j2, out1, n1, tok2, CONFIG_JSON_MAX_TOKENS) == 0);
	ASSERT(j2.ntok == j.ntok);
	for (i = 0; i < j.ntok; i++)
		ASSERT(tok2[i].type == tok[i].type && tok2[i].size == tok[i].size &&
			tok2[i].next == tok[i].next);
	n2 = rewrite(&j2, out2, sizeof(out2));
	ASSERT(n1 == n2 && !memcmp(out1, out2, n1));
	return 0;
}
