/* RFC 8555 requests: directory, nonces, signed POSTs with problem
 * documents, account, order, authorization, challenge, finalize and
 * download.  Every URL or value that must outlive a response is copied out
 * of the HTTP buffer before the next request. */
#include <string.h>
#include "tacme.h"
#include "ta_fmt.h"
#include "tacme_port.h"
#include "ta_acme.h"
#include "ta_b64.h"
#include "ta_buf.h"
#include "ta_csr.h"
#include "ta_jws.h"
#include "ta_key.h"
#include "ta_state.h"

#define PROBLEM_PREFIX "urn:ietf:params:acme:error:"

void ta_acme_init(ta_acme *a, ta_http *http, const ta_key *key, char *req, size_t req_cap,
	ta_json_tok *tok, unsigned ntok)
{
	memset(a, 0, sizeof(*a));
	a->http = http;
	a->key = key;
	a->req = req;
	a->req_cap = req_cap;
	a->tok = tok;
	a->ntok = ntok;
}

/* Copies the string member key of object obj into out; 0, or -1 when it is
 * missing, not a string, or does not fit. */
static int copy_str(const ta_json *j, int obj, const char *key, char *out, size_t cap)
{
	out[0] = '\0';
	return ta_json_str(j, ta_json_get(j, obj, key), out, cap, NULL) ? -1 : 0;
}

/* copy_str for the text of a message (a problem's type or detail): one too
 * long for out is cut, with "...", rather than dropped. */
static void copy_text(const ta_json *j, int obj, const char *key, char *out, size_t cap)
{
	int i = ta_json_get(j, obj, key);
	size_t n;

	int r = ta_json_str(j, i, out, cap, NULL);

	if (r != TA_ERR_SPACE) {
		if (r)
			out[0] = '\0';
		return;
	}
	n = j->tok[i].end - j->tok[i].start;   /* as sent, escapes and all */
	n = n < cap - 4 ? n : cap - 4;
	memcpy(out, j->doc + j->tok[i].start, n);
	memcpy(out + n, "...", 4);
}

/* A problem type without "urn:ietf:params:acme:error:". */
static const char *short_type(const char *type)
{
	return strncmp(type, PROBLEM_PREFIX, strlen(PROBLEM_PREFIX)) ? type :
		type + strlen(PROBLEM_PREFIX);
}

/* Appends text (a member's name, or anything before a value) and s as a
 * JSON string. */
static void put_member(ta_buf *b, const char *text, const char *s)
{
	ta_buf_puts(b, text);
	ta_json_put_string(b, s, strlen(s));
}

/* Parses the last response body as a JSON object into a->json. */
static int parse_body(ta_acme *a, const char *what)
{
	ta_http *h = a->http;

	if (ta_json_parse(&a->json, h->body, h->body_len, a->tok, a->ntok) ||
	    ta_json_type(&a->json, 0) != TA_JSON_OBJECT)
		return ta_error(TA_ERR_PROTO, "%s: the CA's answer is not a JSON object", what);
	return 0;
}

/* Appends a string member of the directory object dir to the pool. */
static const char *dir_url(ta_acme *a, ta_buf *pool, int dir, const char *key, int required)
{
	const char *start = pool->p + pool->len;
	int i = ta_json_get(&a->json, dir, key);
	char tmp[TA_ACME_URL];

	if (ta_json_str(&a->json, i, tmp, sizeof(tmp), NULL) == 0) {
		ta_buf_puts(pool, tmp);
		ta_buf_putc(pool, '\0');
		if (!pool->err)
			return start;
	}
	if (required)
		ta_error(TA_ERR_PROTO, "the directory has no usable \"%s\" URL", key);
	return NULL;
}

/* Fills a->dir from the directory object at index dir of a->json. */
static int read_dir(ta_acme *a, int dir)
{
	ta_acme_dir *d = &a->dir;
	ta_buf pool;
	int meta, profiles, i;
	uint32_t m;

	ta_buf_init(&pool, d->pool, sizeof(d->pool));
	d->new_nonce = dir_url(a, &pool, dir, "newNonce", 1);
	d->new_account = dir_url(a, &pool, dir, "newAccount", 1);
	d->new_order = dir_url(a, &pool, dir, "newOrder", 1);
	if (!d->new_nonce || !d->new_account || !d->new_order)
		return TA_ERR_PROTO;
	d->revoke_cert = dir_url(a, &pool, dir, "revokeCert", 0);
	d->key_change = dir_url(a, &pool, dir, "keyChange", 0);
	d->renewal_info = dir_url(a, &pool, dir, "renewalInfo", 0);
	d->profiles = pool.p + pool.len;
	meta = ta_json_get(&a->json, dir, "meta");
	profiles = ta_json_get(&a->json, meta, "profiles");
	if (ta_json_type(&a->json, profiles) == TA_JSON_OBJECT) {
		i = profiles + 1;
		for (m = 0; m < a->json.tok[profiles].size; m++) {
			char name[64];

			if (ta_json_str(&a->json, i, name, sizeof(name), NULL) == 0) {
				if (m)
					ta_buf_putc(&pool, ' ');
				ta_buf_puts(&pool, name);
			}
			i = (int)a->json.tok[i + 1].next;
		}
	}
	ta_buf_putc(&pool, '\0');
	if (pool.err)
		return ta_error(TA_ERR_SPACE, "the directory's URLs are too long");
	return 0;
}

#define DIR_CACHE_MAX 4096
#define DIR_CACHE_PATH 512
#define DIR_CACHE_AGE (24 * 3600)

/* Writes the directory cache's path into out[DIR_CACHE_PATH]: 0, or -1
 * when there is none (no state_dir, or too long a path). */
static int cache_path(const ta_acme *a, char *out)
{
	int n;

	if (!a->state_dir)
		return -1;
	n = ta_snprintf(out, DIR_CACHE_PATH, "%s/directory.json", a->state_dir);
	return n < 0 || n >= DIR_CACHE_PATH ? -1 : 0;
}

/* Uses the directory saved by an earlier run, when it is for url and less
 * than a day old.  Returns 0 when a->dir is filled. */
static int dir_from_cache(ta_acme *a, const char *url)
{
	char text[DIR_CACHE_MAX], path[DIR_CACHE_PATH];
	int64_t t, now = ta_time_now();
	size_t len;

	if (cache_path(a, path) || ta_store_read(path, text, sizeof(text), &len) != 0 ||
	    ta_json_parse(&a->json, text, len, a->tok, a->ntok) ||
	    !ta_json_eq(&a->json, ta_json_get(&a->json, 0, "url"), url) ||
	    ta_json_int(&a->json, ta_json_get(&a->json, 0, "time"), &t) ||
	    t > now || now - t > DIR_CACHE_AGE ||
	    ta_json_type(&a->json, ta_json_get(&a->json, 0, "directory")) != TA_JSON_OBJECT ||
	    read_dir(a, ta_json_get(&a->json, 0, "directory"))) {
		ta_error_clear();
		return -1;
	}
	return 0;
}

/* Saves the directory just fetched for the next runs (best effort). */
static void dir_to_cache(ta_acme *a, const char *url)
{
	char text[DIR_CACHE_MAX], path[DIR_CACHE_PATH];
	ta_buf b;

	if (cache_path(a, path))
		return;
	ta_buf_init(&b, text, sizeof(text));
	put_member(&b, "{\"url\":", url);
	ta_buf_printf(&b, ",\"time\":%lld,\"directory\":", (long long)ta_time_now());
	ta_buf_put(&b, a->http->body, a->http->body_len);
	ta_buf_puts(&b, "}\n");
	if (!b.err && ta_store_write(path, text, b.len, 0) != 0)
		ta_error_clear();
}

void ta_acme_forget_directory(ta_acme *a)
{
	char path[DIR_CACHE_PATH];

	if (cache_path(a, path) == 0)
		ta_store_remove(path);
}

int ta_acme_directory(ta_acme *a, const char *url)
{
	int rc;

	if (dir_from_cache(a, url) == 0)
		return 0;
	rc = ta_http_get(a->http, url, "application/json");
	if (rc)
		return rc;
	if (a->http->status != 200)
		return ta_error(TA_ERR_STATUS, "GET %s answered status %d: is this an ACME "
			"directory URL?", url, a->http->status);
	if (parse_body(a, "directory") || (rc = read_dir(a, 0)) != 0)
		return TA_ERR_PROTO;
	dir_to_cache(a, url);
	return 0;
}

/* Keeps the Replay-Nonce of the last response, if any. */
static void take_nonce(ta_acme *a)
{
	const char *n = ta_http_header(a->http, "Replay-Nonce", 0);
	size_t len = n ? strlen(n) : 0;

	if (len && len < sizeof(a->nonce))
		memcpy(a->nonce, n, len + 1);
}

static int get_nonce(ta_acme *a)
{
	ta_http_req r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.method = "HEAD";
	r.url = a->dir.new_nonce;
	rc = ta_http_do(a->http, &r);
	if (rc)
		return rc;
	take_nonce(a);
	if (!a->nonce[0])
		return ta_error(TA_ERR_PROTO, "newNonce: HEAD %s answered %d without a "
			"Replay-Nonce", r.url, a->http->status);
	return 0;
}

/* Records the problem document of the last response for step and url. */
static int problem(ta_acme *a, const char *step, const char *url)
{
	ta_http *h = a->http;
	char type[128], detail[300], msg[900];
	const char *t;
	ta_json *j = &a->json;
	ta_buf b;
	int sub, i;
	unsigned k;

	ta_buf_init(&b, msg, sizeof(msg));
	ta_buf_printf(&b, "%s: %s answered %d", step, url, h->status);
	if (ta_json_parse(j, h->body, h->body_len, a->tok, a->ntok) == 0 &&
	    ta_json_type(j, 0) == TA_JSON_OBJECT) {
		copy_text(j, 0, "type", type, sizeof(type));
		copy_text(j, 0, "detail", detail, sizeof(detail));
		t = short_type(type);
		ta_buf_printf(&b, ": %s: %s", *t ? t : "(no type)", detail);
		sub = ta_json_get(j, 0, "subproblems");
		for (k = 0; (i = ta_json_at(j, sub, k)) >= 0 && k < 5; k++) {
			char ident[256];

			copy_text(j, i, "type", type, sizeof(type));
			copy_text(j, i, "detail", detail, sizeof(detail));
			copy_str(j, ta_json_get(j, i, "identifier"), "value", ident, sizeof(ident));
			ta_buf_printf(&b, "; %s: %s: %s", ident, short_type(type), detail);
		}
	}
	if (ta_buf_cstr(&b))
		memcpy(msg + sizeof(msg) - 4, "...", 4);
	return ta_error(TA_ERR_PROTO, "%s", msg);
}

/* 1 if the last response is a problem of the given type. */
static int is_problem(ta_acme *a, const char *type)
{
	char want[96];
	ta_json j;

	ta_snprintf(want, sizeof(want), PROBLEM_PREFIX "%s", type);
	return a->http->status >= 400 &&
		ta_json_parse(&j, a->http->body, a->http->body_len, a->tok, a->ntok) == 0 &&
		ta_json_eq(&j, ta_json_get(&j, 0, "type"), want);
}

int ta_acme_is_problem(ta_acme *a, const char *type)
{
	return is_problem(a, type);
}

unsigned ta_acme_retry_after_ms(const ta_acme *a, unsigned fallback_ms, unsigned max_s)
{
	const char *ra = ta_http_header(a->http, "Retry-After", 0);
	unsigned long s = 0;

	if (!ra || !*ra)
		return fallback_ms;
	for (; *ra >= '0' && *ra <= '9'; ra++)     /* saturates: 10^9 is "long" */
		s = s < 10000000 ? s * 10 + (unsigned long)(*ra - '0') : s;
	if (*ra)                 /* an HTTP-date: not worth a date parser */
		return fallback_ms;
	if (s < 1)
		s = 1;
	if (s > max_s)
		s = max_s;
	return (unsigned)s * 1000u;
}

/* 1 if s[0..len] shares a byte with the request buffer or with the HTTP
 * buffer (which the request or its answer overwrites). */
static int in_req(const ta_acme *a, const char *s, size_t len)
{
	uintptr_t p = (uintptr_t)s, q = (uintptr_t)a->req, h = (uintptr_t)a->http->buf;

	return (p <= q + a->req_cap && q <= p + len) || (p <= h + a->http->cap && h <= p + len);
}

/* Builds and sends one signed POST; 0 or an error. */
static int send_signed(ta_acme *a, const char *url, const char *payload, const char *accept)
{
	ta_http_req r;
	ta_buf b;
	int rc;

	if (in_req(a, url, strlen(url)) || (payload && in_req(a, payload, strlen(payload))))
		return ta_error(TA_ERR_ARG, "request to %s: its URL or payload lies in the "
			"request or answer buffer (a tacme bug: please report it)", url);
	ta_buf_init(&b, a->req, a->req_cap);
	rc = ta_jws_sign(&b, a->key, a->kid[0] ? a->kid : NULL, a->nonce, url,
		payload ? payload : "", payload ? strlen(payload) : 0);
	if (rc)
		return rc == TA_ERR_SPACE ? ta_error(rc, "request to %s too large", url) : rc;
	a->nonce[0] = '\0';                  /* used up */
	memset(&r, 0, sizeof(r));
	r.method = "POST";
	r.url = url;
	r.content_type = "application/jose+json";
	r.accept = accept;
	r.body = a->req;
	r.body_len = b.len;
	return ta_http_do(a->http, &r);
}

/* A signed POST with retries (see ta_acme_post); accept NULL means JSON. */
static int post(ta_acme *a, const char *step, const char *url, const char *payload,
	const char *accept)
{
	unsigned nonce_tries = 0, waits = 0, ms;
	int rc;

	for (;;) {
		if (!a->nonce[0] && (rc = get_nonce(a)) != 0)
			return rc;
		rc = send_signed(a, url, payload, accept);
		if (rc)
			return rc;
		take_nonce(a);
		if (is_problem(a, "badNonce") && ++nonce_tries <= 20) {
			a->bad_nonces++;
			continue;
		}
		if ((a->http->status == 503 || is_problem(a, "rateLimited")) && waits++ == 0 &&
		    (ms = ta_acme_retry_after_ms(a, 0, 3600)) != 0 && ms <= 60000) {
			ta_log(TA_LOG_INFO, "%s: the CA asks to wait %u s", step, ms / 1000);
			ta_time_sleep_ms(ms);
			continue;
		}
		break;
	}
	if (a->http->status >= 300)
		return problem(a, step, url);
	a->json.ntok = 0;                    /* an empty body is not the last one */
	if (!accept && a->http->body_len && parse_body(a, step))
		return TA_ERR_PROTO;
	return 0;
}

/* Copies the Location header of the last answer (the URL of the object
 * step created, a what) into out[TA_ACME_URL]: 0 or TA_ERR_PROTO. */
static int take_location(ta_acme *a, char *out, const char *step, const char *what)
{
	const char *loc = ta_http_header(a->http, "Location", 0);

	if (!loc || !*loc || strlen(loc) >= TA_ACME_URL)
		return ta_error(TA_ERR_PROTO, "%s: the CA gave no %s URL (Location)", step, what);
	strcpy(out, loc);
	return 0;
}

int ta_acme_post(ta_acme *a, const char *step, const char *url, const char *payload)
{
	return post(a, step, url, payload, NULL);
}

int ta_acme_account(ta_acme *a, const char *contact, const char *eab_kid,
	const char *eab_key, int only_existing)
{
	char payload[2048];
	ta_buf b;
	int rc;

	ta_buf_init(&b, payload, sizeof(payload));
	ta_buf_puts(&b, "{\"termsOfServiceAgreed\":true");
	if (only_existing)
		ta_buf_puts(&b, ",\"onlyReturnExisting\":true");
	if (contact) {
		put_member(&b, ",\"contact\":[", contact);
		ta_buf_putc(&b, ']');
	}
	if (eab_kid && !only_existing) {
		ta_buf_puts(&b, ",\"externalAccountBinding\":");
		rc = ta_jws_eab(&b, eab_kid, eab_key, a->key, a->dir.new_account);
		if (rc) {
			ta_wipe(payload, sizeof(payload));
			return rc;
		}
	}
	ta_buf_putc(&b, '}');
	if (ta_buf_cstr(&b))
		return ta_error(TA_ERR_SPACE, "newAccount request too large");
	a->kid[0] = '\0';
	rc = ta_acme_post(a, "newAccount", a->dir.new_account, payload);
	if (rc)
		return rc;
	return take_location(a, a->kid, "newAccount", "account");
}

/* Reads an order object from a->json into o (keeping o->url); with_authz
 * also refills o->pool with its authorization URLs (which starts it over:
 * strings appended after them by ta_acme_get_authz go too). */
static int read_order(ta_acme *a, ta_order *o, const char *step, int with_authz)
{
	ta_json *j = &a->json;
	int list, i;
	unsigned k;

	if (copy_str(j, 0, "status", o->status, sizeof(o->status)) ||
	    copy_str(j, 0, "finalize", o->finalize, sizeof(o->finalize)))
		return ta_error(TA_ERR_PROTO, "%s: the order has no status or finalize URL", step);
	copy_str(j, 0, "certificate", o->certificate, sizeof(o->certificate));
	list = ta_json_get(j, 0, "authorizations");
	if (ta_json_type(j, list) != TA_JSON_ARRAY)
		return ta_error(TA_ERR_PROTO, "%s: the order has no authorizations", step);
	if (!with_authz)
		return 0;
	o->pool.len = 0;
	o->pool.err = 0;
	o->nauthz = 0;
	for (k = 0; (i = ta_json_at(j, list, k)) >= 0; k++) {
		char url[TA_ACME_URL];

		if (k >= TA_ARRAY_LEN(o->authz) || ta_json_str(j, i, url, sizeof(url), NULL))
			return ta_error(TA_ERR_PROTO, "%s: bad or too many authorizations", step);
		o->authz[o->nauthz++] = o->pool.p + o->pool.len;
		ta_buf_puts(&o->pool, url);
		ta_buf_putc(&o->pool, '\0');
	}
	if (o->pool.err)
		return ta_error(TA_ERR_SPACE, "%s: the authorization URLs do not fit in the %zu "
			"bytes kept for an order (CONFIG_MAX_NAMES x %d)", step, o->pool.cap,
			TA_AUTHZ_POOL);
	return 0;
}

int ta_acme_new_order(ta_acme *a, const char *const *names, size_t n, const char *profile,
	const char *replaces, ta_order *o)
{
	char payload[TA_JWS_MAX * 3 / 4];    /* base64url makes 4 of 3: more cannot be sent */
	ta_buf b;
	size_t i;
	int rc;

	ta_buf_init(&b, payload, sizeof(payload));
	ta_buf_puts(&b, "{\"identifiers\":[");
	for (i = 0; i < n; i++) {
		put_member(&b, &",{\"type\":\"dns\",\"value\":"[!i], names[i]);
		ta_buf_putc(&b, '}');
	}
	ta_buf_putc(&b, ']');
	if (profile)
		put_member(&b, ",\"profile\":", profile);
	if (replaces)
		put_member(&b, ",\"replaces\":", replaces);
	ta_buf_putc(&b, '}');
	if (ta_buf_cstr(&b))
		return ta_error(TA_ERR_SPACE, "newOrder request too large");
	rc = ta_acme_post(a, "newOrder", a->dir.new_order, payload);
	if (rc)
		return rc;
	if ((rc = take_location(a, o->url, "newOrder", "order")) != 0)
		return rc;
	return read_order(a, o, "newOrder", 1);
}

int ta_acme_get_order(ta_acme *a, ta_order *o)
{
	int rc = ta_acme_post(a, "order", o->url, NULL);

	return rc ? rc : read_order(a, o, "order", 1);
}

static int authz_error(ta_acme *a, const ta_authz *z);

/* Appends string member key of object obj to pool and points *out at it:
 * 0, TA_ERR_SPACE (pool full) or TA_ERR_PARSE (missing, not a string). */
static int pool_str(ta_buf *pool, const ta_json *j, int obj, const char *key,
	const char **out)
{
	char *dst = pool->p + pool->len;
	size_t n;
	int r;

	if (pool->err || pool->len >= pool->cap)
		return TA_ERR_SPACE;
	r = ta_json_str(j, ta_json_get(j, obj, key), dst, pool->cap - pool->len, &n);
	if (r)
		return r;
	*out = dst;
	pool->len += n + 1;
	return 0;
}

/* The error for an authorization whose strings do not fit in the pool. */
static int authz_full(const ta_buf *pool, const char *url)
{
	return ta_error(TA_ERR_SPACE, "authorization %s: its name, challenge URL and token do "
		"not fit in the %zu bytes kept for the order (CONFIG_MAX_NAMES x %d)", url,
		pool->cap, TA_AUTHZ_POOL);
}

int ta_acme_get_authz(ta_acme *a, const char *url, ta_authz *z, ta_buf *pool)
{
	ta_json *j = &a->json;
	int rc, list, i, ident;
	unsigned k;

	memset(z, 0, sizeof(*z));
	z->url = url;
	z->domain = z->chall_url = z->token = "";
	rc = ta_acme_post(a, "authorization", url, NULL);
	if (rc)
		return rc;
	ident = ta_json_get(j, 0, "identifier");
	if (copy_str(j, 0, "status", z->status, sizeof(z->status)))
		return ta_error(TA_ERR_PROTO, "authorization %s has no status or identifier", url);
	if ((rc = pool_str(pool, j, ident, "value", &z->domain)) != 0)
		return rc == TA_ERR_SPACE ? authz_full(pool, url) :
			ta_error(TA_ERR_PROTO, "authorization %s has no status or identifier", url);
	z->wildcard = ta_json_type(j, ta_json_get(j, 0, "wildcard")) == TA_JSON_TRUE;
	if (strcmp(z->status, "pending") && strcmp(z->status, "valid"))
		return authz_error(a, z);    /* invalid, expired...: no use trying */
	list = ta_json_get(j, 0, "challenges");
	for (k = 0; (i = ta_json_at(j, list, k)) >= 0; k++) {
		if (!ta_json_eq(j, ta_json_get(j, i, "type"), "dns-01"))
			continue;
		if ((rc = pool_str(pool, j, i, "url", &z->chall_url)) != 0 ||
		    (rc = pool_str(pool, j, i, "token", &z->token)) != 0)
			return rc == TA_ERR_SPACE ? authz_full(pool, url) :
				ta_error(TA_ERR_PROTO, "the dns-01 challenge of %s has no url or "
				"token", z->domain);
		return 0;
	}
	if (!strcmp(z->status, "valid"))
		return 0;
	return ta_error(TA_ERR_PROTO, "the CA offers no dns-01 challenge for %s", z->domain);
}

int ta_acme_respond(ta_acme *a, const ta_authz *z)
{
	return ta_acme_post(a, "challenge", z->chall_url, "{}");
}

/* Appends the first error found in the challenges of the last authz. */
static int authz_error(ta_acme *a, const ta_authz *z)
{
	ta_json *j = &a->json;
	char type[128] = "", detail[400] = "";
	int list = ta_json_get(j, 0, "challenges"), i, err;
	unsigned k;

	for (k = 0; (i = ta_json_at(j, list, k)) >= 0; k++) {
		err = ta_json_get(j, i, "error");
		if (err >= 0) {
			copy_text(j, err, "type", type, sizeof(type));
			copy_text(j, err, "detail", detail, sizeof(detail));
			break;
		}
	}
	if (!type[0] && !detail[0])
		return ta_error(TA_ERR_PROTO, "authorization of %s%s is %s and the CA gives "
			"no reason (run tacme again for a new order)", z->wildcard ? "*." : "",
			z->domain, z->status[0] ? z->status : "without status");
	return ta_error(TA_ERR_PROTO, "authorization of %s%s is %s: %s: %s (check that "
		"_acme-challenge.%s reaches the TXT record tacme set)", z->wildcard ? "*." : "",
		z->domain, z->status, short_type(type), detail, z->domain);
}

/* Waits before the next poll: the CA's Retry-After (at most max_s) or
 * *wait, which then doubles up to 5 s.  1, without waiting, when the poll
 * would come more than timeout_s after start. */
static int poll_wait(const ta_acme *a, unsigned *wait, uint32_t start, unsigned timeout_s,
	unsigned max_s)
{
	*wait = ta_acme_retry_after_ms(a, *wait, max_s);
	if ((uint32_t)(ta_time_ms() - start) + *wait > timeout_s * 1000u)
		return 1;
	ta_time_sleep_ms(*wait);
	*wait = *wait * 2 > 5000 ? 5000 : *wait * 2;
	return 0;
}

int ta_acme_wait_authz(ta_acme *a, ta_authz *z, unsigned timeout_s)
{
	uint32_t start = ta_time_ms();
	unsigned wait = 1000;
	int rc;

	for (;;) {
		rc = ta_acme_post(a, "authorization", z->url, NULL);
		if (rc)
			return rc;
		if (copy_str(&a->json, 0, "status", z->status, sizeof(z->status)))
			return ta_error(TA_ERR_PROTO, "authorization of %s: the CA's answer has "
				"no status (a CA fault: try again later)", z->domain);
		if (!strcmp(z->status, "valid"))
			return 0;
		if (strcmp(z->status, "pending") && strcmp(z->status, "processing"))
			return authz_error(a, z);
		if (poll_wait(a, &wait, start, timeout_s, 30))
			return ta_error(TA_ERR_TIMEOUT, "authorization of %s still %s after %u s",
				z->domain, z->status, timeout_s);
	}
}

int ta_acme_finalize(ta_acme *a, ta_order *o, const unsigned char *csr, size_t len,
	unsigned timeout_s)
{
	char payload[TA_JWS_PAYLOAD_MAX + 1];   /* an RSA-4096 CSR with many names */
	uint32_t start = ta_time_ms();
	unsigned wait = 1000;
	ta_buf b;
	int rc;

	if (len > TA_CSR_MAX)
		return ta_error(TA_ERR_SPACE, "finalize: the CSR of %zu bytes is too large (at "
			"most %d)", len, TA_CSR_MAX);
	ta_buf_init(&b, payload, sizeof(payload));
	ta_buf_puts(&b, "{\"csr\":\"");
	ta_b64url_put(&b, csr, len);
	ta_buf_puts(&b, "\"}");
	ta_buf_cstr(&b);                     /* fits: len <= TA_CSR_MAX */
	rc = ta_acme_post(a, "finalize", o->finalize, payload);
	if (rc)
		return rc;
	for (;;) {
		if ((rc = read_order(a, o, "finalize", 0)) != 0)
			return rc;
		if (!strcmp(o->status, "valid"))
			return o->certificate[0] ? 0 : ta_error(TA_ERR_PROTO, "finalize: the "
				"order is valid but has no certificate URL (a CA fault: try again later)");
		if (strcmp(o->status, "processing") && strcmp(o->status, "valid")) {
			/* The CA's reason, when it gives one (a CAA re-check...). */
			char type[96], detail[300];
			int e = ta_json_get(&a->json, 0, "error");

			copy_text(&a->json, e, "type", type, sizeof(type));
			copy_text(&a->json, e, "detail", detail, sizeof(detail));
			return ta_error(TA_ERR_PROTO, "finalize: the order is %s, not processing%s%s%s%s",
				o->status, *type || *detail ? ": " : "", short_type(type),
				*detail ? ": " : "", detail);
		}
		/* A Retry-After past the timeout ends the wait now: the order
		 * is kept, and the next run fetches the certificate. */
		if (poll_wait(a, &wait, start, timeout_s, 86400)) {
			unsigned s = (unsigned)((ta_time_ms() - start) / 1000);

			if (s + 10 < timeout_s)       /* a Retry-After beyond it */
				return ta_error(TA_ERR_TIMEOUT, "the CA has not issued the certificate "
					"yet and asks to wait %u s: the order is kept, and the next run "
					"fetches it", wait / 1000);
			return ta_error(TA_ERR_TIMEOUT, "the CA has not issued the certificate after "
				"%u s: the order is kept, and the next run fetches it", s);
		}
		if ((rc = ta_acme_post(a, "order", o->url, NULL)) != 0)
			return rc;
	}
}

int ta_acme_download(ta_acme *a, const char *url)
{
	int rc = post(a, "download", url, NULL, "application/pem-certificate-chain");

	if (rc == 0 && a->http->status != 200)
		return ta_error(TA_ERR_PROTO, "download: %s answered %d", url, a->http->status);
	return rc;
}

int ta_acme_renewal_info(ta_acme *a, const char *cert_id, int64_t *start, int64_t *end,
	unsigned *retry_s, char *explain, size_t cap)
{
	char url[TA_ACME_URL + 300], t[64];
	int n, rc, win;

	if (!a->dir.renewal_info)
		return TA_ERR_UNSUPPORTED;
	n = ta_snprintf(url, sizeof(url), "%s%s%s", a->dir.renewal_info,
		a->dir.renewal_info[strlen(a->dir.renewal_info) - 1] == '/' ? "" : "/", cert_id);
	if (n < 0 || (size_t)n >= sizeof(url))
		return ta_error(TA_ERR_SPACE, "renewalInfo URL too long");
	rc = ta_http_get(a->http, url, "application/json");
	if (rc)
		return rc;
	explain[0] = '\0';
	/* RFC 9773 4.3.2: a day at most between polls (a CA that moves the
	 * windows after an incident must be heard within a day) */
	*retry_s = ta_acme_retry_after_ms(a, 0, 86400) / 1000;
	if (a->http->status != 200)
		return ta_error(TA_ERR_PROTO, "renewalInfo: GET %s answered %d", url,
			a->http->status);
	if (parse_body(a, "renewalInfo"))
		return TA_ERR_PROTO;
	win = ta_json_get(&a->json, 0, "suggestedWindow");
	if (copy_str(&a->json, win, "start", t, sizeof(t)) || ta_time_parse_rfc3339(t, start) ||
	    copy_str(&a->json, win, "end", t, sizeof(t)) || ta_time_parse_rfc3339(t, end) ||
	    *end <= *start)
		return ta_error(TA_ERR_PROTO, "renewalInfo: no valid suggestedWindow from %s", url);
	if (copy_str(&a->json, 0, "explanationURL", explain, cap))
		explain[0] = '\0';          /* absent, or too long to show */
	return 0;
}

int ta_acme_revoke(ta_acme *a, const unsigned char *der, size_t len, int reason)
{
	char payload[TA_JWS_MAX / 2];
	ta_buf b;

	if (!a->dir.revoke_cert)
		return ta_error(TA_ERR_UNSUPPORTED, "the CA's directory has no revokeCert");
	ta_buf_init(&b, payload, sizeof(payload));
	ta_buf_puts(&b, "{\"certificate\":\"");
	ta_b64url_put(&b, der, len);
	ta_buf_putc(&b, '"');
	if (reason >= 0)
		ta_buf_printf(&b, ",\"reason\":%d", reason);
	ta_buf_putc(&b, '}');
	if (ta_buf_cstr(&b))
		return ta_error(TA_ERR_SPACE, "certificate too large to revoke");
	return ta_acme_post(a, "revokeCert", a->dir.revoke_cert, payload);
}

int ta_acme_key_change(ta_acme *a, const ta_key *new_key)
{
	char inner[TA_JWS_MAX / 2];
	char payload[1536];
	ta_buf b;
	int rc;

	if (!a->dir.key_change)
		return ta_error(TA_ERR_UNSUPPORTED, "the CA's directory has no keyChange");
	ta_buf_init(&b, payload, sizeof(payload));
	put_member(&b, "{\"account\":", a->kid);
	ta_buf_puts(&b, ",\"oldKey\":");
	ta_key_jwk(&b, a->key);
	ta_buf_putc(&b, '}');
	if (ta_buf_cstr(&b))
		return ta_error(TA_ERR_SPACE, "keyChange request too large");
	ta_buf_init(&b, inner, sizeof(inner));
	rc = ta_jws_sign(&b, new_key, NULL, NULL, a->dir.key_change, payload, strlen(payload));
	if (rc || ta_buf_cstr(&b))
		return rc ? rc : ta_error(TA_ERR_SPACE, "keyChange request too large");
	return ta_acme_post(a, "keyChange", a->dir.key_change, inner);
}

int ta_acme_get_account(ta_acme *a)
{
	return ta_acme_post(a, "account", a->kid, NULL);
}

int ta_acme_deactivate(ta_acme *a)
{
	return ta_acme_post(a, "deactivate", a->kid, "{\"status\":\"deactivated\"}");
}
