/* tacme's configuration file: a table of known keys, checked values, and
 * errors that name the file, the line and what is expected. */
#include <string.h>
#include "tacme.h"
#include "ta_str.h"
#include "ta_fmt.h"
#include "tacme_port.h"
#include "tacme_tls.h"
#include "ta_b64.h"
#include "ta_conf.h"
#include "ta_csr.h"
#include "ta_http.h"

enum { V_TEXT, V_URL, V_PATH, V_LOG, V_KEYTYPE, V_NAMES, V_BOOL, V_HOSTPORT, V_CONTACT,
	V_SECRET };

#define PATH_LEN_MAX 255    /* paths are built from these into 512-byte buffers */
#define SECTION_LEN_MAX 64

typedef struct key_def {
	const char *key;
	unsigned char kind;         /* V_* */
	unsigned char section;      /* 0 global, 1 per certificate */
	size_t off;                 /* of the const char * in its struct */
	const char *expect;         /* what a good value looks like */
} key_def;

#define G(k, v, e) { #k, v, 0, offsetof(ta_config, k), e }
#define S(k, v, e) { #k, v, 1, offsetof(ta_cert_conf, k), e }

static const key_def keys[] = {
	G(directory, V_URL, "the CA's ACME directory URL"),
	G(ca_file, V_PATH, "a PEM file of trusted roots"),
	G(state_dir, V_PATH, "a folder for keys and certificates"),
	G(contact, V_CONTACT, "mailto:you@example.com"),
	G(eab_kid, V_TEXT, "the key id the CA gave you"),
	G(eab_hmac_key, V_SECRET, "the base64url MAC key the CA gave you"),
	G(acmedns_url, V_URL, "the acme-dns server URL, e.g. https://auth.acme-dns.io"),
	G(acmedns_credentials, V_PATH, "a JSON file of acme-dns registrations"),
	G(dns_resolver, V_HOSTPORT, "host or host:port of a DNS resolver"),
	G(hook, V_PATH, "a program called like a dehydrated hook"),
	G(proxy, V_URL, "http://[user:password@]host:port"),
	G(log, V_LOG, "stderr or syslog"),
	S(names, V_NAMES, "space-separated DNS names, *.example.com allowed"),
	S(key_type_name, V_KEYTYPE, "ec256, ec384, rsa2048, rsa3072 or rsa4096"),
	S(preferred_chain, V_TEXT, "the common name of the root you prefer"),
	S(profile, V_TEXT, "a profile name the CA offers"),
	S(deploy, V_TEXT, "a program and its arguments"),
	S(key_reuse, V_BOOL, "yes or no"),
};

typedef struct loader {
	ta_config *c;
	ta_cert_conf *cur;
	size_t used;                /* bytes of c->pool taken */
	int bool_set;               /* key_reuse was set in this section */
} loader;

/* Errors from here to on_key leave out "file:line: " (ta_ini_parse adds it). */
static int bad_value(const char *key, const char *v, const char *expect)
{
	return ta_error(TA_ERR_CONFIG, "bad %s \"%.100s%s\": expected %s", key, v,
		strlen(v) > 100 ? "..." : "", expect);
}

/* The error for a bad URL value: its user:password@ is a secret, shown as
 * "...@". */
static int bad_url(const char *key, const char *v, const char *expect)
{
	int head;
	const char *at = ta_url_secret(v, &head);

	if (at)
		return ta_error(TA_ERR_CONFIG, "bad %s \"%.*s...%.100s\": expected %s", key,
			head, v, at, expect);
	return bad_value(key, v, expect);
}

/* 1 if the name v[0..n) is among the names before it, in any case. */
static int seen_before(const char *start, const char *v, size_t n)
{
	while (start < v) {
		size_t m = strcspn(start, " \t"), i;

		for (i = 0; i < n && m == n; i++)
			if ((start[i] | 0x20) != (v[i] | 0x20))
				break;
		if (m == n && i == n)
			return 1;
		start += m;
		start += strspn(start, " \t");
	}
	return 0;
}

/* 0 if v is 1..CONFIG_MAX_NAMES good names, each once, else an error
 * naming the bad one. */
static int check_names(const char *v, const char *expect)
{
	const char *start = v;
	unsigned count = 0;

	while (*v) {
		size_t n = strcspn(v, " \t");

		if (!ta_dns_name_ok(v, n))
			return ta_error(TA_ERR_CONFIG, "bad names: \"%.*s%s\" is not a DNS name: "
				"expected %s", (int)(n > 100 ? 100 : n), v, n > 100 ? "..." : "", expect);
		if (seen_before(start, v, n))
			return ta_error(TA_ERR_CONFIG, "bad names: %.*s is there twice (a "
				"certificate carries each name once)", (int)n, v);
		if (++count > CONFIG_MAX_NAMES)
			return ta_error(TA_ERR_CONFIG, "bad names: more than %d names (Kconfig "
				"MAX_NAMES): split them over more [sections]", CONFIG_MAX_NAMES);
		v += n;
		v += strspn(v, " \t");
	}
	return 0;
}

/* 0 if v is host, host:port, [IPv6]:port or a bare IPv6 literal (as
 * dnslookup.c reads it), port 1..65535. */
static int hostport_ok(const char *v)
{
	const char *port = NULL, *colon = strchr(v, ':');
	size_t n = strlen(v);
	unsigned long p = 0;

	if (v[0] == '[') {
		const char *rb = strchr(v, ']');

		if (!rb || rb == v + 1 || (rb[1] && rb[1] != ':'))
			return -1;
		port = rb[1] ? rb + 2 : NULL;
		v++;
		n = (size_t)(rb - v);
	} else if (colon && !strchr(colon + 1, ':')) {
		port = colon + 1;
		n = (size_t)(colon - v);
	}
	if (n == 0 || strcspn(v, " \t/[]") < n)
		return -1;
	if (!port)
		return 0;
	if (!*port || strlen(port) > 5 || strspn(port, "0123456789") != strlen(port))
		return -1;
	for (; *port; port++)
		p = p * 10 + (unsigned long)(*port - '0');
	return p >= 1 && p <= 65535 ? 0 : -1;
}

/* Sets cc's key type from its name v (key_type_name: the table's copy).
 * Returns 0, 1 if that type is not built in, -1 if v names none. */
static int key_type(ta_cert_conf *cc, const char *v)
{
	static const struct { const char *name; int type; unsigned bits; } types[] = {
		{ "ec256", TA_KEY_EC256, 256 }, { "ec384", TA_KEY_EC384, 384 },
		{ "rsa2048", TA_KEY_RSA, 2048 }, { "rsa3072", TA_KEY_RSA, 3072 },
		{ "rsa4096", TA_KEY_RSA, 4096 },
	};
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(types); i++) {
		if (strcmp(v, types[i].name))
			continue;
		if ((types[i].type == TA_KEY_RSA && !ENABLE_KEY_RSA) ||
		    (types[i].type == TA_KEY_EC384 && !ENABLE_KEY_P384))
			return 1;
		cc->key_type = types[i].type;
		cc->key_bits = types[i].bits;
		cc->key_type_name = types[i].name;
		return 0;
	}
	return -1;
}

/* Checks v for def; 0 if good. */
static int check_value(loader *l, const key_def *d, const char *v)
{
	ta_url u;
	int r;

	switch (d->kind) {
	case V_URL:
		if (strlen(v) > CONFIG_HTTP_URL_MAX)
			return ta_error(TA_ERR_CONFIG, "bad %s: longer than %d characters (Kconfig "
				"HTTP_URL_MAX)", d->key, CONFIG_HTTP_URL_MAX);
		if (ta_url_parse(v, &u)) {
			ta_error_clear();
			return bad_url(d->key, v, d->expect);
		}
		if (!strcmp(d->key, "directory") && !u.tls)
			return bad_url(d->key, v, "https:// (RFC 8555 requires HTTPS)");
		if (!strcmp(d->key, "proxy") && u.tls)
			return bad_url(d->key, v, "http://[user:password@]host:port "
				"(https:// proxies are not supported)");
		if (strcmp(d->key, "proxy") && u.userinfo)   /* never sent: only logged */
			return bad_url(d->key, v, "a URL without user:password@ (only a proxy "
				"takes them)");
		return 0;
	case V_LOG:
		if (!strcmp(v, "stderr") || (!strcmp(v, "syslog") && ENABLE_SYSLOG))
			return 0;
		return bad_value(d->key, v, ENABLE_SYSLOG ? d->expect :
			"stderr (syslog is not built in)");
	case V_NAMES:
		return check_names(v, d->expect);
	case V_KEYTYPE:
		r = key_type(l->cur, v);
		if (r > 0)
			return ta_error(TA_ERR_CONFIG, "key_type %s is not built into this tacme "
				"(Kconfig KEY_RSA / KEY_P384)", v);
		return r ? bad_value("key_type", v, d->expect) : 0;
	case V_BOOL:
		if (l->bool_set)
			return ta_error(TA_ERR_CONFIG, "%s is set twice", d->key);
		if (!strcmp(v, "yes") || !strcmp(v, "no")) {
			l->cur->key_reuse = !strcmp(v, "yes");
			l->bool_set = 1;
			return 0;
		}
		return bad_value(d->key, v, d->expect);
	case V_HOSTPORT:
		return hostport_ok(v) ? bad_value(d->key, v, "host, host:port (port "
			"1-65535) or [IPv6]:port of a DNS resolver") : 0;
	case V_CONTACT:
		if (strncmp(v, "mailto:", 7) || !strchr(v + 7, '@') || strcspn(v, " \t,") != strlen(v))
			return bad_value(d->key, v, d->expect);
		return 0;
	case V_SECRET: {
		unsigned char k[128];
		size_t klen = 0;

		/* As ta_jws_eab reads it; the value is a secret and never shown. */
		r = ta_b64url_decode(v, strlen(v), k, sizeof(k), &klen);
		ta_wipe(k, sizeof(k));
		if (r || klen < 16) {
			ta_error_clear();
			return ta_error(TA_ERR_CONFIG, "bad %s: expected %s (base64url, at least "
				"16 bytes; copy it exactly as the CA shows it)", d->key, d->expect);
		}
		return 0;
	}
	case V_PATH:
		/* cron runs tacme in /: a relative path, or one in quotes, would
		 * be somewhere else; a "# comment" would be part of it */
		if (v[0] != '/' || ta_strstr(v, " #") || ta_strstr(v, "\t#"))
			return bad_value(d->key, v, "an absolute path (from /), without quotes "
				"or a # comment");
		if (strlen(v) > PATH_LEN_MAX)
			return ta_error(TA_ERR_CONFIG, "%s is longer than %d characters: use a "
				"shorter path", d->key, PATH_LEN_MAX);
		if (!strcmp(d->key, "hook") && !ENABLE_HOOK)
			return ta_error(TA_ERR_CONFIG, "the hook provider is not built into this "
				"tacme (Kconfig HOOK)");
		return 0;
	default:
		return 0;
	}
}

/* Copies s into c->pool; returns the copy, or NULL with an error (the
 * pool is full: never a cut value). */
static const char *keep(loader *l, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (n > sizeof(l->c->pool) - l->used) {
		ta_error(TA_ERR_CONFIG, "settings longer than %d bytes in total "
			"(CONFIG_CONF_POOL)", CONFIG_CONF_POOL);
		return NULL;
	}
	p = l->c->pool + l->used;
	memcpy(p, s, n);
	l->used += n;
	return p;
}

/* Starts the certificate section called name (kept in the pool). */
static int new_section(loader *l, const char *name, unsigned line)
{
	ta_config *c = l->c;
	const char *kept;
	unsigned i;

	if (strlen(name) > SECTION_LEN_MAX)
		return ta_error(TA_ERR_CONFIG, "section name longer than %d characters: "
			"[%.20s...]", SECTION_LEN_MAX, name);
	for (i = 0; i < c->ncerts; i++)
		if (!strcmp(c->certs[i].name, name))
			return ta_error(TA_ERR_CONFIG, "[%s] appears twice (first on line %u)",
				name, c->certs[i].line);
	if (c->ncerts == TA_ARRAY_LEN(c->certs))
		return ta_error(TA_ERR_CONFIG, "more than %d certificates (Kconfig MAX_CERTS)",
			CONFIG_MAX_CERTS);
	kept = keep(l, name);
	if (!kept)
		return TA_ERR_CONFIG;
	l->cur = &c->certs[c->ncerts++];
	l->bool_set = 0;
	l->cur->name = kept;
	l->cur->line = line;
	l->cur->key_type = TA_KEY_EC256;
	l->cur->key_bits = 256;
	return 0;
}

/* ta_ini_parse's callback: checks one setting and keeps a copy of its
 * value (booleans and key types need none). */
static int on_key(void *ctx, const char *section, const char *key, const char *value,
	unsigned line)
{
	loader *l = ctx;
	ta_config *c = l->c;
	const key_def *d = NULL;
	const char **slot;
	size_t i;

	if (!key)
		return new_section(l, section, line);
	for (i = 0; i < TA_ARRAY_LEN(keys) && !d; i++) {
		const char *k = keys[i].key;

		if (!strcmp(k, "key_type_name"))
			k = "key_type";
		if (!strcmp(k, key) && keys[i].section == (*section != 0))
			d = &keys[i];
	}
	if (!d)
		return ta_error(TA_ERR_CONFIG, "unknown key \"%.64s%s\" %s (see the README for "
			"the keys)", key, strlen(key) > 64 ? "..." : "",
			*section ? "in a certificate section" : "before the first [section]");
	slot = (const char **)(void *)((char *)(d->section ? (void *)l->cur : (void *)c) + d->off);
	if (d->kind != V_BOOL && *slot)
		return ta_error(TA_ERR_CONFIG, "%s is set twice", key);
	if (!*value)
		return ta_error(TA_ERR_CONFIG, "%s needs a value: %s", key, d->expect);
	if (check_value(l, d, value))
		return TA_ERR_CONFIG;
	if (d->kind == V_BOOL || d->kind == V_KEYTYPE)
		return 0;               /* check_value has set them */
	*slot = keep(l, value);
	return *slot ? 0 : TA_ERR_CONFIG;
}

/* Fills defaults that depend on other settings. */
static int defaults(ta_config *c)
{
	int n;

	if (!c->ca_file)
		c->ca_file = CONFIG_CA_FILE;
	if (!c->log)
		c->log = "stderr";
	if (!c->state_dir)
		c->state_dir = "/etc/tacme";
	if (!c->acmedns_credentials) {
		n = ta_snprintf(c->derived, sizeof(c->derived), "%s/acmedns.json", c->state_dir);
		if (n < 0 || (size_t)n >= sizeof(c->derived))
			return ta_error(TA_ERR_CONFIG, "%s: state_dir is too long", c->path);
		c->acmedns_credentials = c->derived;
	}
	return 0;
}

/* Reads the file c->path into text[0..cap) and parses it into c. */
static int read_parse(ta_config *c, char *text, size_t cap)
{
	loader l;
	size_t len;
	int r;

	r = ta_store_read(c->path, text, cap - 1, &len);
	if (r == TA_ERR_NOTFOUND)
		return ta_error(TA_ERR_NOTFOUND, "config file %s does not exist: create it or "
			"name another with -c FILE", c->path);
	if (r == TA_ERR_SPACE) {
		ta_error_clear();
		return ta_error(TA_ERR_CONFIG, "%s is larger than %d bytes", c->path,
			TA_CONF_TEXT_MAX - 1);
	}
	if (r)
		return r;
	l.c = c;
	l.cur = NULL;
	l.used = 0;
	l.bool_set = 0;
	return ta_ini_parse(text, len, c->path, on_key, &l);
}

/* 0 if the CSR of cc's names and key fits in a finalize request (else it
 * would fail only after every name was validated), or an error. */
static int check_csr_size(const ta_config *c, const ta_cert_conf *cc)
{
	const char *v = cc->names;
	size_t n = 0, chars = 0, bound, w;

	while (*v) {
		w = strcspn(v, " \t");
		n++;
		chars += w;
		v += w;
		v += strspn(v, " \t");
	}
	bound = ta_csr_bound(cc->key_type, cc->key_bits, n, chars);
	if (bound <= TA_CSR_MAX)
		return 0;
	return ta_error(TA_ERR_CONFIG, "%s:%u: [%s]: %zu names of %zu characters in all and "
		"this key_type make a certificate request of up to %zu bytes, more than the %d "
		"tacme can send: use fewer or shorter names, or a smaller key", c->path,
		cc->line, cc->name, n, chars, bound, TA_CSR_MAX);
}

/* Checks the settings that need others, then fills the defaults. */
static int finish(ta_config *c)
{
	unsigned i;
	int r;

	if (!c->directory)
		return ta_error(TA_ERR_CONFIG, "%s: directory = <ACME directory URL> is missing "
			"(e.g. https://acme-v02.api.letsencrypt.org/directory)", c->path);
	if (!c->eab_kid != !c->eab_hmac_key)
		return ta_error(TA_ERR_CONFIG, "%s: eab_kid and eab_hmac_key go together", c->path);
	for (i = 0; i < c->ncerts; i++)
		if (!c->certs[i].names)
			return ta_error(TA_ERR_CONFIG, "%s:%u: [%s] needs names = <DNS names>",
				c->path, c->certs[i].line, c->certs[i].name);
		else if ((r = check_csr_size(c, &c->certs[i])) != 0)
			return r;
	return defaults(c);
}

/* The file's text lives only in this frame and is wiped on every path. */
int ta_config_load(ta_config *c, const char *path)
{
	char text[TA_CONF_TEXT_MAX];    /* the raw file: it may hold eab_hmac_key */
	int r;

	memset(c, 0, sizeof(*c));
	c->path = path;
	r = read_parse(c, text, sizeof(text));
	ta_wipe(text, sizeof(text));
	return r ? r : finish(c);
}

const ta_cert_conf *ta_config_cert(const ta_config *c, const char *name)
{
	unsigned i;

	for (i = 0; i < c->ncerts; i++)
		if (!strcmp(c->certs[i].name, name))
			return &c->certs[i];
	return NULL;
}

size_t ta_config_names(const ta_cert_conf *cc, char *mem, size_t memcap,
	const char **out, size_t max)
{
	size_t n = 0, len = strlen(cc->names);
	char *p = mem;

	if (len >= memcap)
		return 0;
	memcpy(mem, cc->names, len + 1);
	while (*p && n < max) {
		size_t w = strcspn(p, " \t");

		out[n++] = p;
		p += w;
		if (*p)
			*p++ = '\0';
		p += strspn(p, " \t");
	}
	return n;
}
