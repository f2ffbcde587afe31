/* Per-certificate state between runs, as a small JSON file written
 * atomically: a crash leaves the old or the new file, never half of one. */
#include <string.h>
#include "tacme.h"
#include "ta_div64.h"
#include "ta_fmt.h"
#include "tacme_port.h"
#include "ta_buf.h"
#include "ta_json.h"
#include "ta_state.h"

static const struct { const char *key; size_t off; } nums[] = {
	{ "not_before", offsetof(ta_state, not_before) },
	{ "not_after", offsetof(ta_state, not_after) },
	{ "renew_at", offsetof(ta_state, renew_at) },
	{ "ari_next", offsetof(ta_state, ari_next) },
	{ "window_start", offsetof(ta_state, window_start) },
	{ "window_end", offsetof(ta_state, window_end) },
	{ "last_time", offsetof(ta_state, last_time) },
	{ "revoked", offsetof(ta_state, revoked) },
	{ "deploy_pending", offsetof(ta_state, deploy_pending) },
	{ "failures", offsetof(ta_state, failures) },
	{ "retry_at", offsetof(ta_state, retry_at) },
};

static int path_of(char *out, size_t cap, const char *dir, const char *section)
{
	int n = ta_snprintf(out, cap, "%s/%s.state", dir, section);

	return n < 0 || (size_t)n >= cap ? ta_error(TA_ERR_SPACE, "state path too long") : 0;
}

int ta_state_load(const char *state_dir, const char *section, ta_state *st)
{
	char path[512], text[1536];
	ta_json_tok tok[40];
	ta_json j;
	size_t len, i;
	int r;

	memset(st, 0, sizeof(*st));
	if ((r = path_of(path, sizeof(path), state_dir, section)) != 0)
		return r;
	r = ta_store_read(path, text, sizeof(text), &len);
	if (r == TA_ERR_NOTFOUND)
		return 0;
	if (r)
		return r;
	if (ta_json_parse(&j, text, len, tok, TA_ARRAY_LEN(tok)) ||
	    ta_json_type(&j, 0) != TA_JSON_OBJECT)
		return ta_error(TA_ERR_PARSE, "%s is damaged: delete it (tacme makes a new one)",
			path);
	for (i = 0; i < TA_ARRAY_LEN(nums); i++)
		ta_json_int(&j, ta_json_get(&j, 0, nums[i].key),
			(int64_t *)(void *)((char *)st + nums[i].off));
	st->ari = ta_json_type(&j, ta_json_get(&j, 0, "ari")) == TA_JSON_TRUE;
	ta_json_str(&j, ta_json_get(&j, 0, "cert_id"), st->cert_id, sizeof(st->cert_id), NULL);
	ta_json_str(&j, ta_json_get(&j, 0, "last"), st->last, sizeof(st->last), NULL);
	return 0;
}

int ta_state_save(const char *state_dir, const char *section, const ta_state *st)
{
	char path[512], text[1536];
	ta_jsonw w;
	ta_buf b;
	size_t i;
	int r;

	if ((r = path_of(path, sizeof(path), state_dir, section)) != 0)
		return r;
	ta_buf_init(&b, text, sizeof(text));
	ta_jsonw_init(&w, &b);
	ta_jsonw_obj(&w);
	for (i = 0; i < TA_ARRAY_LEN(nums); i++) {
		ta_jsonw_key(&w, nums[i].key);
		ta_jsonw_int(&w, *(const int64_t *)(const void *)((const char *)st + nums[i].off));
	}
	ta_jsonw_key(&w, "ari");
	ta_jsonw_bool(&w, st->ari);
	ta_jsonw_key(&w, "cert_id");
	ta_jsonw_str(&w, st->cert_id);
	ta_jsonw_key(&w, "last");
	ta_jsonw_str(&w, st->last);
	ta_jsonw_obj_end(&w);
	ta_buf_putc(&b, '\n');
	if (b.err)
		return ta_error(TA_ERR_SPACE, "state for [%s] too large", section);
	return ta_store_write(path, text, b.len, 0);
}

int64_t ta_state_third_left(int64_t not_before, int64_t not_after)
{
	/* not_after - (not_after - not_before) / 3, the division truncated
	 * toward zero as C's, computed modulo 2^64 so that any two values (a
	 * damaged state file) give a result rather than an overflow. */
	uint64_t span = (uint64_t)not_after - (uint64_t)not_before;
	uint64_t third = span >> 63 ? 0 - ta_udivmod64(0 - span, 3, NULL) : ta_udivmod64(span, 3, NULL);

	return (int64_t)((uint64_t)not_after - third);
}

/* Whether s starts as pat does: '0' a digit, 'T' one of "Tt ", any other
 * character itself. */
static int match(const char *s, const char *pat)
{
	for (; *pat; s++, pat++)
		if (*pat == '0' ? *s < '0' || *s > '9' : *pat == 'T' ? !*s || !strchr("Tt ", *s) :
		    *s != *pat)
			return 0;
	return 1;
}

/* The number of the n digits at s (checked by match). */
static int num(const char *s, int n)
{
	int v = 0;

	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* Days in month m (1-12) of year y (Gregorian). */
static int month_days(int y, int m)
{
	static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return days[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

int ta_time_parse_rfc3339(const char *s, int64_t *t)
{
	const char *s0 = s;
	int mo, d, h, mi, sec, off = 0;
	int64_t v;

	if (!match(s, "0000-00-00T00:00:00"))
		return TA_ERR_PARSE;
	mo = num(s + 5, 2);
	d = num(s + 8, 2);
	h = num(s + 11, 2);
	mi = num(s + 14, 2);
	sec = num(s + 17, 2);
	v = ta_time_of(num(s, 4), mo, d, h, mi, sec);
	s += 19;
	if (*s == '.' && match(s + 1, "0"))     /* a fraction has a digit at least */
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if ((*s == '+' || *s == '-') && match(s + 1, "00:00") && num(s + 4, 2) < 60) {
		off = num(s + 1, 2) * 3600 + num(s + 4, 2) * 60;
		off = *s == '-' ? -off : off;
		s += 6;
	} else {
		return TA_ERR_PARSE;
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > month_days(num(s0, 4), mo) || h > 23 ||
	    mi > 59 || sec > 60)
		return TA_ERR_PARSE;
	*t = v - off;
	return 0;
}
