/* The acme-dns provider: credentials that can change one TXT record and
 * nothing else, in the JSON file format lego and certbot-dns-acmedns use
 * ({"<domain>": {"username", "password", "fulldomain", "subdomain",
 * "allowfrom"}}), reached through a one-time CNAME from
 * _acme-challenge.<domain>.  The server keeps the two latest values. */
#include <stddef.h>
#include <string.h>
#include "tacme.h"
#include "ta_fmt.h"
#include "tacme_port.h"
#include "ta_buf.h"
#include "ta_dns01.h"
#include "ta_json.h"
#include "ta_str.h"

typedef struct creds {
	char username[128];
	char password[128];
	char fulldomain[256];
	char subdomain[128];
} creds;

/* The members of an entry, in the file and in creds. */
static const struct {
	const char *name;
	unsigned short off, cap;
} fields[] = {
	{ "username", offsetof(creds, username), sizeof(((creds *)0)->username) },
	{ "password", offsetof(creds, password), sizeof(((creds *)0)->password) },
	{ "fulldomain", offsetof(creds, fulldomain), sizeof(((creds *)0)->fulldomain) },
	{ "subdomain", offsetof(creds, subdomain), sizeof(((creds *)0)->subdomain) },
};

/* What an acme-dns error answer says: its "error" member ({"error":
 * "forbidden"}, acme-dns's format), or else the start of the body; the
 * log cleans control characters. */
static const char *why(const ta_http *h, char *out, size_t cap)
{
	ta_json_tok tok[8];
	ta_json j;

	if (ta_json_parse(&j, h->body, h->body_len, tok, TA_ARRAY_LEN(tok)) == 0 &&
	    ta_json_str(&j, ta_json_get(&j, 0, "error"), out, cap, NULL) == 0)
		return out;
	ta_snprintf(out, cap, "%.*s", h->body_len > 120 ? 120 : (int)h->body_len, h->body);
	return out;
}

/* Reads the credentials file into file (TA_ACMEDNS_FILE_MAX bytes, the
 * caller's, wiped by it) and parses it into j over the shared tokens; a
 * missing file is an empty object.  Returns 0 or an error, recorded. */
static int read_file(ta_dns_acmedns *p, char *file, ta_json *j)
{
	static const char empty[] = "{}";
	size_t len = 0;
	int r = ta_store_read(p->cred_path, file, TA_ACMEDNS_FILE_MAX - 1, &len);

	if (r == TA_ERR_NOTFOUND)
		return ta_json_parse(j, empty, 2, p->tok, p->ntok);
	if (r)
		return r;
	file[len] = '\0';
	if (ta_json_parse(j, file, len, p->tok, p->ntok) || ta_json_type(j, 0) != TA_JSON_OBJECT)
		return ta_error(TA_ERR_CONFIG, "%s is not a JSON object of acme-dns "
			"registrations", p->cred_path);
	return 0;
}

/* Index of the value of the registration whose key is domain (as DNS
 * names compare: any case, a final dot or not), or -1. */
static int entry_of(const ta_json *j, const char *domain)
{
	char key[256];
	unsigned m, i = 1;

	for (m = 0; m < j->tok[0].size; m++, i = j->tok[i + 1].next)
		if (ta_json_str(j, (int)i, key, sizeof(key), NULL) == 0 &&
		    ta_dns_name_eq(key, domain))
			return (int)i + 1;
	return -1;
}

/* Reads the registration of domain; TA_ERR_NOTFOUND when there is none.
 * The file is read afresh each time into this frame and wiped: only the
 * one entry in use stays in memory, and only while it is used. */
static TA_NOINLINE int find(ta_dns_acmedns *p, const char *domain, creds *c)
{
	char file[TA_ACMEDNS_FILE_MAX];
	ta_json j;
	int r, e;
	size_t f;

	if ((r = read_file(p, file, &j)) != 0) {
		ta_wipe(file, sizeof(file));
		return r;
	}
	e = entry_of(&j, domain);
	if (e < 0)
		r = TA_ERR_NOTFOUND;
	for (f = 0; f < TA_ARRAY_LEN(fields) && !r; f++)
		if (ta_json_str(&j, ta_json_get(&j, e, fields[f].name), (char *)c + fields[f].off,
		    fields[f].cap, NULL))
			r = ta_error(TA_ERR_CONFIG, "%s: the entry for %s lacks username, password, "
				"fulldomain or subdomain", p->cred_path, domain);
	/* They go into request headers: a line break would add a header. */
	if (!r && (strcspn(c->username, "\r\n") != strlen(c->username) ||
	    strcspn(c->password, "\r\n") != strlen(c->password)))
		r = ta_error(TA_ERR_CONFIG, "%s: the entry for %s has a line break in its "
			"username or password", p->cred_path, domain);
	if (r)
		ta_wipe(c, sizeof(*c));
	ta_wipe(file, sizeof(file));
	return r;
}

/* Builds "<url>/<path>" into out. */
static int api_url(const ta_dns_acmedns *p, const char *path, char *out, size_t cap)
{
	size_t n = strlen(p->url);
	int w = ta_snprintf(out, cap, "%.*s/%s", (int)(n && p->url[n - 1] == '/' ? n - 1 : n),
		p->url, path);

	return w < 0 || (size_t)w >= cap ? ta_error(TA_ERR_SPACE, "acmedns_url too long") : 0;
}

static int adns_prepare(const ta_dns_class **ctx, const char *domain)
{
	ta_dns_acmedns *p = (ta_dns_acmedns *)(void *)ctx;
	char name[300], target[300], *s;
	creds c;
	int r = find(p, domain, &c);

	if (r == TA_ERR_NOTFOUND)
		return ta_error(TA_ERR_CONFIG, "no acme-dns registration for %s in %s: run "
			"`tacme register %s`, then create the CNAME record it prints", domain,
			p->cred_path, domain);
	if (r)
		return r;
	ta_snprintf(name, sizeof(name), "_acme-challenge.%s", domain);
	/* In lower case, as the CA writes names: some DNS servers match case. */
	for (s = name; *s; s++)
		*s = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
	r = ta_dns01_cname(p->resolver, name, target, sizeof(target));
	if (r == 0 && ta_dns_name_eq(target, c.fulldomain))
		r = 0;
	else if (r == 0 || r == TA_ERR_NOTFOUND)
		r = ta_error(TA_ERR_DNS, "%s is %s%s: create this DNS record, then run tacme "
			"again:\n  _acme-challenge.%s. CNAME %s.", name, r ? "not a CNAME" :
			"a CNAME to ", r ? "" : target, domain, c.fulldomain);
	ta_wipe(&c, sizeof(c));
	return r;
}

static unsigned adns_group(const ta_dns_class **ctx, const char *domain)
{
	ta_dns_acmedns *p = (ta_dns_acmedns *)(void *)ctx;
	unsigned h = 2166136261u;
	const char *s;
	creds c;

	if (find(p, domain, &c) != 0)
		return 0;
	for (s = c.subdomain; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	ta_wipe(&c, sizeof(c));
	return h;
}

static int adns_add(const ta_dns_class **ctx, const char *domain, const char *token,
	const char *value)
{
	ta_dns_acmedns *p = (ta_dns_acmedns *)(void *)ctx;
	char url[TA_HOST_MAX + 64], extra[320], body[256];
	ta_http_req req;
	ta_buf b;
	creds c;
	int r;

	(void)token;
	if ((r = find(p, domain, &c)) != 0)
		return r == TA_ERR_NOTFOUND ? adns_prepare(ctx, domain) : r;
	if ((r = api_url(p, "update", url, sizeof(url))) != 0) {
		ta_wipe(&c, sizeof(c));
		return r;
	}
	ta_buf_init(&b, extra, sizeof(extra));
	ta_buf_printf(&b, "X-Api-User: %s\r\nX-Api-Key: %s\r\n", c.username, c.password);
	ta_buf_cstr(&b);
	ta_buf_init(&b, body, sizeof(body));
	ta_buf_puts(&b, "{\"subdomain\":");
	ta_json_put_string(&b, c.subdomain, strlen(c.subdomain));
	ta_buf_puts(&b, ",\"txt\":");
	ta_json_put_string(&b, value, strlen(value));
	ta_buf_putc(&b, '}');
	ta_buf_cstr(&b);
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.url = url;
	req.content_type = "application/json";
	req.extra = extra;
	req.body = body;
	req.body_len = b.len;
	r = b.err ? ta_error(TA_ERR_SPACE, "acme-dns update too large") : ta_http_do(&p->http, &req);
	ta_wipe(extra, sizeof(extra));
	ta_wipe(&c, sizeof(c));
	if (r)
		return r;
	p->updates++;
	if (p->http.status == 401 || p->http.status == 403)
		return ta_error(TA_ERR_DNS, "acme-dns at %s refused the credentials for %s in %s "
			"(status %d): register again with `tacme register %s`", p->url, domain,
			p->cred_path, p->http.status, domain);
	if (p->http.status != 200)
		return ta_error(TA_ERR_DNS, "acme-dns update for %s answered status %d: %s",
			domain, p->http.status, why(&p->http, extra, sizeof(extra)));
	ta_log(TA_LOG_DEBUG, "acme-dns: updated the TXT record for %s", domain);
	return 0;
}

static int adns_remove(const ta_dns_class **ctx, const char *domain, const char *token,
	const char *value)
{
	/* acme-dns has no delete: the value is replaced by the next ones. */
	(void)ctx;
	(void)domain;
	(void)token;
	(void)value;
	return 0;
}

static const ta_dns_class acmedns_class = {
	"acme-dns", 2, adns_prepare, adns_group, adns_add, adns_remove
};

void ta_dns_acmedns_init(ta_dns_acmedns *p, const char *url, const char *cred_path,
	const char *resolver, const char *proxy, char *buf, size_t cap, ta_json_tok *tok,
	unsigned ntok)
{
	memset(p, 0, sizeof(*p));
	p->vtable = &acmedns_class;
	p->url = url;
	p->cred_path = cred_path;
	p->resolver = resolver;
	p->tok = tok;
	p->ntok = ntok;
	p->http_buf = buf;
	p->http_cap = cap;
	ta_http_init(&p->http, buf, cap, proxy);
}

void ta_dns_acmedns_done(ta_dns_acmedns *p)
{
	ta_http_close(&p->http);
	ta_wipe(p->http_buf, p->http_cap);
}

/* Writes the file with every entry but domain's, then domain's from the
 * registration j (object at index reg). */
static int save(ta_dns_acmedns *p, const char *domain, const ta_json *reg)
{
	char file[TA_ACMEDNS_FILE_MAX], out[TA_ACMEDNS_FILE_MAX];
	ta_json j;
	ta_jsonw w;
	ta_buf b;
	uint32_t m;
	int i, r;
	size_t f;
	char v[256];

	if ((r = read_file(p, file, &j)) != 0) {
		ta_wipe(file, sizeof(file));
		return r;
	}
	ta_buf_init(&b, out, sizeof(out));
	ta_jsonw_init(&w, &b);
	ta_jsonw_obj(&w);
	for (m = 0, i = 1; m < j.tok[0].size; m++, i = (int)j.tok[i + 1].next) {
		char key[256];

		if (ta_json_str(&j, i, key, sizeof(key), NULL) || ta_dns_name_eq(key, domain) ||
		    ta_json_type(&j, i + 1) != TA_JSON_OBJECT)
			continue;
		ta_jsonw_key(&w, key);
		ta_jsonw_raw(&w, j.doc + j.tok[i + 1].start, j.tok[i + 1].end - j.tok[i + 1].start);
	}
	ta_jsonw_key(&w, domain);
	ta_jsonw_obj(&w);
	for (f = 0; f < TA_ARRAY_LEN(fields); f++) {
		if (ta_json_str(reg, ta_json_get(reg, 0, fields[f].name), v, sizeof(v), NULL))
			break;
		ta_jsonw_key(&w, fields[f].name);
		ta_jsonw_str(&w, v);
	}
	ta_jsonw_key(&w, "allowfrom");
	ta_jsonw_arr(&w);
	ta_jsonw_arr_end(&w);
	ta_jsonw_obj_end(&w);
	ta_jsonw_obj_end(&w);
	ta_buf_putc(&b, '\n');
	ta_wipe(v, sizeof(v));
	if (f < TA_ARRAY_LEN(fields))
		r = ta_error(TA_ERR_PROTO, "acme-dns register: the answer has no %s", fields[f].name);
	else if (b.err)
		r = ta_error(TA_ERR_SPACE, "%s would be larger than %d bytes", p->cred_path,
			TA_ACMEDNS_FILE_MAX);
	else
		r = ta_store_write(p->cred_path, out, b.len, 1);
	ta_wipe(out, sizeof(out));
	ta_wipe(file, sizeof(file));
	return r;
}

/* Whether the credentials file is readable and well-formed (or absent),
 * checked before registering so a broken file costs no registration. */
static TA_NOINLINE int file_usable(ta_dns_acmedns *p)
{
	char file[TA_ACMEDNS_FILE_MAX];
	ta_json j;
	int r = read_file(p, file, &j);

	ta_wipe(file, sizeof(file));
	return r;
}

int ta_dns_acmedns_register(ta_dns_acmedns *p, const char *domain, char *out, size_t cap)
{
	ta_json_tok rtok[32];
	char url[TA_HOST_MAX + 64], full[256];
	ta_http_req req;
	ta_json j;
	int r, n;

	if ((r = file_usable(p)) != 0 || (r = api_url(p, "register", url, sizeof(url))) != 0)
		return r;
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.url = url;
	req.content_type = "application/json";
	req.body = "{}";
	req.body_len = 2;
	if ((r = ta_http_do(&p->http, &req)) != 0)
		return r;
	if (p->http.status != 201 && p->http.status != 200)
		return ta_error(TA_ERR_DNS, "acme-dns register at %s answered status %d: %s",
			url, p->http.status, why(&p->http, full, sizeof(full)));
	if (ta_json_parse(&j, p->http.body, p->http.body_len, rtok, TA_ARRAY_LEN(rtok)) ||
	    ta_json_str(&j, ta_json_get(&j, 0, "fulldomain"), full, sizeof(full), NULL))
		r = ta_error(TA_ERR_PROTO, "acme-dns register at %s: unexpected answer", url);
	else
		r = save(p, domain, &j);
	ta_wipe(p->http_buf, p->http_cap);
	if (r)
		return r;
	n = ta_snprintf(out, cap, "_acme-challenge.%s. CNAME %s.", domain, full);
	return n < 0 || (size_t)n >= cap ? TA_ERR_SPACE : 0;
}
