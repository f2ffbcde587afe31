/* One certificate end to end.  Nothing on disk changes until the whole
 * chain is downloaded and checked (the leaf carries our key and exactly the
 * requested names); then the four files are written into a fresh folder
 * and the section's link is switched to it in one rename. */
#include <string.h>
#include "tacme.h"
#include "ta_str.h"
#include "ta_fmt.h"
#include "tacme_port.h"
#include "ta_b64.h"
#include "ta_buf.h"
#include "ta_cert.h"
#include "ta_csr.h"
#include "ta_issue.h"
#include "ta_key.h"
#include "ta_pem.h"
#include "ta_renew.h"
#include "ta_state.h"

#define PATH_MAX_LEN 512

static int path_of(char *out, const char *dir, const char *name)
{
	int n = ta_snprintf(out, PATH_MAX_LEN, "%s/%s", dir, name);

	return n < 0 || n >= PATH_MAX_LEN ?
		ta_error(TA_ERR_SPACE, "path too long: %s/%s", dir, name) : 0;
}

void ta_issuer_init(ta_issuer *is, const ta_config *conf)
{
	/* No memset: is is zeroed static storage, and touching all of it would
	 * put its untouched buffers into the resident set for nothing. */
	is->conf = conf;
	ta_http_init(&is->http, is->http_buf, sizeof(is->http_buf), conf->proxy);
	ta_buf_init(&is->order.pool, is->order_pool, sizeof(is->order_pool));
	ta_acme_init(&is->acme, &is->http, &is->account,
		is->http_buf + sizeof(is->http_buf) - TA_JWS_REQ_MAX, TA_JWS_REQ_MAX,
		is->tok, TA_ARRAY_LEN(is->tok));
	is->acme.state_dir = conf->state_dir;
	ta_error_clear();
	if (conf->acmedns_url) {
		ta_dns_acmedns_init(&is->adns, conf->acmedns_url, conf->acmedns_credentials,
			conf->dns_resolver, conf->proxy, is->acme.req, is->acme.req_cap,
			is->tok, TA_ARRAY_LEN(is->tok));
		is->dns = &is->adns.vtable;
	}
	if (ENABLE_HOOK && conf->hook) {
		ta_dns_hook_init(&is->hook, conf->hook);
		is->dns = &is->hook.vtable;
	}
}

void ta_issuer_done(ta_issuer *is)
{
	ta_http_close(&is->http);
	if (is->conf->acmedns_url)
		ta_dns_acmedns_done(&is->adns);
	ta_key_wipe(&is->account);
	ta_key_wipe(&is->cert_key);
	ta_wipe(is->http_buf, sizeof(is->http_buf));
}

int ta_issuer_recover_rollover(ta_issuer *is)
{
	ta_key k;
	char path[PATH_MAX_LEN], path_new[PATH_MAX_LEN];
	const ta_key *old = is->acme.key;
	int r, refused, had = ta_error_code();

	if (path_of(path_new, is->conf->state_dir, "account.key.new") ||
	    path_of(path, is->conf->state_dir, "account.key") || ta_key_load(path_new, &k) != 0) {
		ta_key_wipe(&k);
		if (!had)
			ta_error_clear();
		return 0;
	}
	is->acme.key = &k;
	r = ta_acme_get_account(&is->acme);
	is->acme.key = old;
	/* Only an answer about the key says it was never taken: a 429 or
	 * an exhausted badNonce says nothing, and the key must stay. */
	refused = r == TA_ERR_PROTO && (is->http.status == 401 || is->http.status == 403 ||
		is->http.status == 404 || (is->http.status == 400 &&
		(ta_acme_is_problem(&is->acme, "accountDoesNotExist") ||
		ta_acme_is_problem(&is->acme, "unauthorized") ||
		ta_acme_is_problem(&is->acme, "malformed"))));
	if (!had)
		ta_error_clear();
	if (r == 0) {
		ta_log(TA_LOG_WARN, "finishing an interrupted account key rollover");
		if ((r = ta_key_save(path, &k)) == 0) {
			is->account = k;
			ta_store_remove(path_new);
			r = 1;
		}
	} else if (refused) {
		ta_store_remove(path_new);      /* the CA does not know it: never used */
		r = 0;
	} else {
		ta_log(TA_LOG_WARN, "cannot ask the CA whether it took the new account key: %s "
			"is kept for the next run", path_new);
		r = 0;
	}
	ta_key_wipe(&k);
	return r;
}

int ta_issuer_begin(ta_issuer *is)
{
	uint32_t waited = 0;
	int64_t now;

	if (is->network)
		return 0;
	while ((now = ta_time_now()) < ta_build_time - 86400) {
		if (waited >= is->wait_clock_s) {
			char date[32];

			ta_fmt_time(now, date, sizeof(date));
			return ta_error(TA_ERR_CLOCK, "the clock says %s, before this tacme was built: "
				"set the time (NTP) first%s", date, is->wait_clock_s ? "" :
				", or use --wait-clock SECONDS to wait for it");
		}
		ta_time_sleep(1);
		waited++;
	}
	if (is->jitter_s) {
		uint32_t r = 0;

		if (ta_rand(&r, sizeof(r)))
			return TA_ERR_RAND;
		r %= is->jitter_s * 1000u + 1;
		ta_log(TA_LOG_DEBUG, "waiting %u ms (--jitter)", r);
		ta_time_sleep_ms(r);
	}
	is->network = 1;
	return 0;
}

/* 1 if the account URL is on the server of newAccount (scheme, host and
 * port): one made at another CA (staging, then production, with the same
 * state_dir) would be refused at every request. */
static int same_ca(const char *url, const char *new_account)
{
	const char *a = ta_strstr(url, "://"), *b = ta_strstr(new_account, "://");
	size_t n;

	if (!a || !b)
		return 0;
	n = (size_t)(a - url) + 3 + strcspn(a + 3, "/");
	return !strncmp(url, new_account, n) && (new_account[n] == '/' || !new_account[n]);
}

/* Directory, account key (made on first use) and account URL. */
int ta_issuer_account(ta_issuer *is)
{
	const ta_config *c = is->conf;
	char path[PATH_MAX_LEN], url[TA_ACME_URL];
	size_t len;
	int r, known_key;

	if (is->ready)
		return 0;
	if ((r = ta_issuer_begin(is)) != 0 || (r = ta_store_mkdir(c->state_dir, 1)) != 0)
		return r;
	if ((r = ta_acme_directory(&is->acme, c->directory)) != 0)
		return r;
	if ((r = path_of(path, c->state_dir, "account.key")) != 0)
		return r;
	r = ta_key_load(path, &is->account);
	known_key = r == 0;
	if (r == TA_ERR_NOTFOUND) {
		ta_log(TA_LOG_INFO, "making a new account key %s", path);
		if ((r = ta_key_generate(&is->account, TA_KEY_EC256, 256)) != 0 ||
		    (r = ta_key_save(path, &is->account)) != 0)
			return r;
	} else if (r) {
		return r;
	}
	if ((r = path_of(path, c->state_dir, "account.url")) != 0)
		return r;
	r = ta_store_read(path, url, sizeof(url) - 1, &len);
	if (r == 0) {
		url[len] = '\0';
		url[strcspn(url, "\r\n")] = '\0';
	}
	/* The URL of this key's account at this CA: a new key has no account
	 * yet, and a URL from another CA would be refused at every request. */
	if (r == 0 && len > 8 && known_key && same_ca(url, is->acme.dir.new_account)) {
		strcpy(is->acme.kid, url);
	} else {
		ta_error_clear();
		/* A known key without its URL: ask for the existing account first. */
		r = known_key ? ta_acme_account(&is->acme, NULL, NULL, NULL, 1) : TA_ERR_NOTFOUND;
		if (r) {
			ta_error_clear();
			r = ta_acme_account(&is->acme, c->contact, c->eab_kid, c->eab_hmac_key, 0);
		}
		if (r)
			return r;
		ta_log(TA_LOG_INFO, "account %s", is->acme.kid);
		if ((r = ta_store_write(path, is->acme.kid, strlen(is->acme.kid), 0)) != 0)
			return r;
	}
	is->ready = 1;
	r = ta_issuer_recover_rollover(is);
	return r < 0 ? r : 0;
}

/* ---- dns-01 in rounds ---------------------------------------------------- */

typedef struct pending {
	ta_authz *z;
	char value[44];
	int published;
} pending;

static void unpublish(ta_issuer *is, pending *p, size_t n)
{
	size_t i;
	int had = ta_error_code();

	for (i = 0; i < n; i++) {
		if (!p[i].published)
			continue;
		(*is->dns)->remove(is->dns, p[i].z->domain, p[i].z->token, p[i].value);
		p[i].published = 0;
	}
	if (!had)
		ta_error_clear();
}

/* Publishes, waits for, validates and cleans up one round. */
static int round_run(ta_issuer *is, pending *p, size_t n)
{
	const ta_config *c = is->conf;
	size_t i;
	int r = 0;

	for (i = 0; i < n && !r; i++) {
		r = ta_dns01_value(&is->account, p[i].z->token, p[i].value);
		if (!r)
			r = (*is->dns)->add(is->dns, p[i].z->domain, p[i].z->token, p[i].value);
		p[i].published = !r;
	}
	for (i = 0; i < n && !r; i++)
		r = ta_dns01_wait(c->dns_resolver, p[i].z->domain, p[i].value, CONFIG_DNS_WAIT_S);
	for (i = 0; i < n && !r; i++)
		r = ta_acme_respond(&is->acme, p[i].z);
	for (i = 0; i < n && !r; i++)
		r = ta_acme_wait_authz(&is->acme, p[i].z, 180);
	unpublish(is, p, n);
	return r;
}

/* Validates every pending authorization, at most per_group values of one
 * group at a time. */
static int validate(ta_issuer *is)
{
	pending round[CONFIG_MAX_NAMES];
	unsigned groups[CONFIG_MAX_NAMES], count[CONFIG_MAX_NAMES];
	unsigned limit = (*is->dns)->per_group, done[CONFIG_MAX_NAMES];
	size_t i, k, n, left = 0;
	int r;

	for (i = 0; i < is->order.nauthz; i++) {
		done[i] = strcmp(is->authz[i].status, "pending") != 0;
		left += !done[i];
		groups[i] = (*is->dns)->group(is->dns, is->authz[i].domain);
	}
	while (left) {
		n = 0;
		for (i = 0; i < is->order.nauthz; i++) {
			if (done[i])
				continue;
			for (k = 0, count[n] = 0; k < n; k++)
				count[n] += groups[round[k].z - is->authz] == groups[i];
			if (limit && count[n] >= limit)
				continue;
			round[n].z = &is->authz[i];
			round[n].published = 0;
			n++;
			done[i] = 1;
		}
		ta_log(TA_LOG_INFO, "validating %zu name%s", n, n == 1 ? "" : "s");
		if ((r = round_run(is, round, n)) != 0)
			return r;
		left -= n;
	}
	return 0;
}

/* ---- the certificate ----------------------------------------------------- */

/* 1 if the leaf's names are exactly names[0..n) (any order, any case). */
static int same_names(const ta_cert_info *ci, const char *const *names, size_t n)
{
	size_t i, seen = 0;

	for (i = 0; i < n; i++)
		if (!ta_cert_has_name(ci, names[i]))
			return 0;
	seen = ta_cert_count_names(ci);
	return seen == n;
}

/* Checks the chain PEM in is->chain: leaf key is cert_key, names exact. */
TA_NOINLINE static int check_chain(ta_issuer *is, const char *const *names, size_t n)
{
	unsigned char der[CONFIG_TLS_CERT_MAX];
	unsigned char spki[1024];
	size_t pos = 0, len, label_len, spki_len;
	const char *label;
	ta_cert_info ci;
	int r;

	r = ta_pem_next(is->chain, is->chain_len, &pos, &label, &label_len, der, sizeof(der), &len);
	if (r || label_len != 11 || memcmp(label, "CERTIFICATE", 11) || ta_cert_parse(der, len, &ci))
		return ta_error(TA_ERR_PROTO, "download: the CA sent no readable certificate");
	if ((r = ta_key_spki(&is->cert_key, spki, sizeof(spki), &spki_len)) != 0)
		return r;
	if (ci.spki_len != spki_len || memcmp(ci.spki, spki, spki_len))
		return ta_error(TA_ERR_PROTO, "download: the certificate is not for our key: "
			"refusing it");
	if (!same_names(&ci, names, n))
		return ta_error(TA_ERR_PROTO, "download: the certificate does not carry exactly "
			"the names asked for: refusing it");
	return 0;
}

/* Takes the downloaded chain where it is, in the HTTP buffer. */
static int keep_chain(ta_issuer *is)
{
	if (is->http.body_len >= TA_CHAIN_MAX)
		return ta_error(TA_ERR_SPACE, "the certificate chain is larger than %d bytes",
			TA_CHAIN_MAX);
	is->chain = is->http.body;
	is->chain_len = is->http.body_len;
	return 0;
}

/* 1 if the chain's last certificate was issued by a CA whose common name
 * is cn. */
TA_NOINLINE static int top_issuer_is(const ta_issuer *is, const char *cn)
{
	unsigned char der[CONFIG_TLS_CERT_MAX];
	size_t pos = 0, len, label_len;
	const char *label;
	char name[256] = "";
	ta_cert_info ci;

	while (ta_pem_next(is->chain, is->chain_len, &pos, &label, &label_len, der,
		sizeof(der), &len) == 0)
		if (ta_cert_parse(der, len, &ci) || ta_cert_issuer_cn(&ci, name, sizeof(name)))
			name[0] = '\0';        /* the last one decides */
	return !strcmp(name, cn);
}

/* Downloads the default chain, or the alternate whose top issuer is
 * preferred.  An alternate that cannot be had is skipped: the certificate
 * is issued, and the default chain serves. */
TA_NOINLINE static int download(ta_issuer *is, const ta_cert_conf *cc)
{
	char alt[8][TA_ACME_URL];
	unsigned nalt, i;
	int r, had = ta_error_code();

	if ((r = ta_acme_download(&is->acme, is->order.certificate)) != 0 || (r = keep_chain(is)))
		return r;
	if (!cc->preferred_chain || top_issuer_is(is, cc->preferred_chain))
		return 0;
	nalt = ta_http_links(&is->http, "alternate", alt[0], sizeof(alt[0]), TA_ARRAY_LEN(alt));
	for (i = 0; i < nalt; i++) {
		if ((r = ta_acme_download(&is->acme, alt[i])) != 0 || (r = keep_chain(is)) != 0) {
			ta_log(TA_LOG_WARN, "[%s]: alternate chain %s: %s: skipped", cc->name, alt[i],
				ta_error_msg());
			if (!had)
				ta_error_clear();
			continue;
		}
		if (top_issuer_is(is, cc->preferred_chain))
			return 0;
	}
	ta_log(TA_LOG_WARN, "[%s]: no chain from \"%s\": keeping the default chain", cc->name,
		cc->preferred_chain);
	if ((r = ta_acme_download(&is->acme, is->order.certificate)) != 0)
		return r;
	return keep_chain(is);
}

/* ---- storage ------------------------------------------------------------- */

/* Writes the four files into dir. */
TA_NOINLINE static int write_set(ta_issuer *is, const char *dir)
{
	unsigned char der[CONFIG_TLS_CERT_MAX];
	char out[TA_CHAIN_MAX + 512];
	char path[PATH_MAX_LEN];
	size_t pos = 0, len, label_len, leaf_end = 0, k = 0;
	const char *label;
	ta_buf cert;
	int r;

	if ((r = path_of(path, dir, "privkey.pem")) != 0 || (r = ta_key_save(path, &is->cert_key)))
		return r;
	/* cert.pem: the leaf; chain.pem: the rest; fullchain.pem: both. */
	ta_buf_init(&cert, out, sizeof(out));
	while ((r = ta_pem_next(is->chain, is->chain_len, &pos, &label, &label_len, der,
		sizeof(der), &len)) == 0) {
		ta_pem_put(&cert, "CERTIFICATE", der, len);
		if (k++ == 0)
			leaf_end = cert.len;
	}
	if (cert.err)
		return ta_error(TA_ERR_SPACE, "certificate chain too large");
	if (r != TA_ERR_NOTFOUND || k < 2)
		return ta_error(TA_ERR_PROTO, "download: the chain is damaged or has no "
			"intermediate: refusing it");
	if ((r = path_of(path, dir, "cert.pem")) != 0 ||
	    (r = ta_store_write(path, out, leaf_end, 0)) != 0 ||
	    (r = path_of(path, dir, "chain.pem")) != 0 ||
	    (r = ta_store_write(path, out + leaf_end, cert.len - leaf_end, 0)) != 0 ||
	    (r = path_of(path, dir, "fullchain.pem")) != 0)
		return r;
	return ta_store_write(path, out, cert.len, 0);
}

static int remove_entry(void *ctx, const char *name)
{
	char path[PATH_MAX_LEN];

	if (path_of(path, ctx, name) == 0)
		ta_store_remove(path);
	return 0;
}

/* Removes a version folder and whatever is in it. */
static void remove_set(const char *dir)
{
	ta_store_list(dir, remove_entry, (void *)(uintptr_t)dir);
	ta_store_rmdir(dir);
}

typedef struct sweep {
	const char *state_dir, *section, *keep;
} sweep;

/* 1 if s is "pre" followed by one or more decimal digits. */
static int digits_after(const char *s, const char *pre)
{
	size_t n = strlen(pre);

	if (strncmp(s, pre, n) || !s[n])
		return 0;
	return strspn(s + n, "0123456789") == strlen(s + n);
}

/* Removes what an interrupted run of this section may have left: version
 * folders .<section>.<time> other than keep, and temporary links, state,
 * order and account files (<file>.lnk<pid>, <file>.tmp<pid>).  Only those exact
 * forms: section names may hold dots, and "home.lan"'s folders must not
 * look like "home"'s. */
static int sweep_entry(void *ctx, const char *name)
{
	const sweep *s = ctx;
	size_t n = strlen(s->section);
	char path[PATH_MAX_LEN];

	if (name[0] == '.' && !strncmp(name + 1, s->section, n) &&
	    digits_after(name + 1 + n, ".") && strcmp(name, s->keep)) {
		if (path_of(path, s->state_dir, name) == 0)
			remove_set(path);
	} else if ((!strncmp(name, s->section, n) && (digits_after(name + n, ".lnk") ||
		    digits_after(name + n, ".state.tmp"))) ||
		   (name[0] == '.' && !strncmp(name + 1, s->section, n) &&
		    (digits_after(name + 1 + n, ".order.tmp") ||
		    digits_after(name + 1 + n, ".order.key.tmp"))) ||
		   (!strncmp(name, "account.", 8) && ta_strstr(name, ".tmp") &&
		    digits_after(ta_strstr(name, ".tmp"), ".tmp"))) {
		if (path_of(path, s->state_dir, name) == 0)
			ta_store_remove(path);
	}
	return 0;
}

/* Stores the set: a new folder .<section>.<n>, then the link <section>
 * switched to it, then the previous folder removed. */
static int store_set(ta_issuer *is, const ta_cert_conf *cc)
{
	const char *sd = is->conf->state_dir;
	char link[PATH_MAX_LEN], dir[PATH_MAX_LEN], old[PATH_MAX_LEN], target[128];
	int r, have_old, n;
	long long t = (long long)ta_time_now();

	if ((r = path_of(link, sd, cc->name)) != 0)
		return r;
	have_old = ta_store_readlink(link, old, sizeof(old)) == 0;
	if (!have_old && ta_store_exists(link))
		return ta_error(TA_ERR_IO, "%s exists and is not tacme's link: move it away", link);
	for (;; t++) {
		n = ta_snprintf(target, sizeof(target), ".%s.%lld", cc->name, t);
		if (n < 0 || (size_t)n >= sizeof(target) || path_of(dir, sd, target))
			return ta_error(TA_ERR_SPACE, "section name too long");
		if (!ta_store_exists(dir) && !(have_old && !strcmp(old, target)))
			break;
	}
	if ((r = ta_store_mkdir(dir, 0)) != 0)
		return r;
	if ((r = write_set(is, dir)) != 0 || (r = ta_store_symlink(target, link)) != 0) {
		remove_set(dir);
		return r;
	}
	{
		sweep sw;

		sw.state_dir = sd;
		sw.section = cc->name;
		sw.keep = target;
		ta_store_list(sd, sweep_entry, &sw);
	}
	return 0;
}

static int mark_deploy(const ta_issuer *is, const ta_cert_conf *cc, int v);

/* store_set, with the deploy marked pending first (see mark_deploy). */
static int store(ta_issuer *is, const ta_cert_conf *cc)
{
	int was = cc->deploy ? mark_deploy(is, cc, 1) : 1, r = store_set(is, cc);

	if (r && !was)
		mark_deploy(is, cc, 0);          /* the old set stays: nothing to deploy */
	return r;
}

/* Runs the section's deploy command (split on spaces, no shell) with
 * TACME_SECTION and TACME_CERT_DIR (the folder of the new files) set:
 * 0 when it succeeded or there is none, else an error (recorded). */
static int deploy(const ta_issuer *is, const ta_cert_conf *cc)
{
	/* "NAME=value" for the child: section names have at most 64 bytes */
	char mem[512], sect[sizeof("TACME_SECTION=") + 64],
		dir[sizeof("TACME_CERT_DIR=") - 1 + PATH_MAX_LEN];
	const char *argv[16], *env[3] = { sect, dir, NULL };
	size_t n = 0;
	char *p = mem;
	int status, r;

	if (!cc->deploy)
		return 0;
	if (strlen(cc->deploy) >= sizeof(mem))
		return ta_error(TA_ERR_CONFIG, "[%s]: deploy command longer than %zu bytes: not "
			"run (put it in a script)", cc->name, sizeof(mem) - 1);
	strcpy(mem, cc->deploy);
	p += strspn(p, " \t");
	while (*p) {
		if (n == TA_ARRAY_LEN(argv) - 1)
			return ta_error(TA_ERR_CONFIG, "[%s]: deploy command has more than %zu "
				"words: not run (put it in a script)", cc->name, TA_ARRAY_LEN(argv) - 1);
		argv[n++] = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
		p += strspn(p, " \t");
	}
	argv[n] = NULL;
	if (!n)
		return 0;
	r = ta_snprintf(sect, sizeof(sect), "TACME_SECTION=%s", cc->name);
	memcpy(dir, "TACME_CERT_DIR=", sizeof("TACME_CERT_DIR=") - 1);
	if (r < 0 || (size_t)r >= sizeof(sect) ||
	    path_of(dir + sizeof("TACME_CERT_DIR=") - 1, is->conf->state_dir, cc->name))
		return ta_error(TA_ERR_SPACE, "[%s]: deploy: cannot set its environment", cc->name);
	r = ta_proc_run(argv, env, 300, &status);
	if (r) {
		ta_error_prefix("[%s]: deploy: ", cc->name);
		return r;
	}
	if (status)
		return ta_error(TA_ERR_IO, "[%s]: deploy command %s exited with status %d",
			cc->name, argv[0], status);
	ta_log(TA_LOG_INFO, "[%s]: deploy command %s succeeded", cc->name, argv[0]);
	return 0;
}

/* Runs the deploy command and records its outcome in the section's state
 * (st, as loaded): a failed one is run again by the next renew; one that
 * succeeds ends the failures it caused. */
static int deploy_and_record(ta_issuer *is, const ta_cert_conf *cc, ta_state *st)
{
	int r = deploy(is, cc), had;

	is->deploy_failed = r != 0;
	if (!r == !st->deploy_pending)
		return r;                    /* recorded as it is: no write */
	st->deploy_pending = r != 0;
	if (!r) {
		st->failures = st->retry_at = 0;
		st->last_time = ta_time_now();
		ta_snprintf(st->last, sizeof(st->last), "deployed, valid until %lld",
			(long long)st->not_after);
	}
	had = ta_error_code();
	if (ta_state_save(is->conf->state_dir, cc->name, st) && !r)
		r = ta_error_code();
	else if (!had)
		ta_error_clear();
	return r;
}

int ta_issuer_deploy_pending(ta_issuer *is, const ta_cert_conf *cc, int *ran)
{
	ta_current cur;
	ta_state st;
	int had = ta_error_code();

	*ran = 0;
	if (ta_state_load(is->conf->state_dir, cc->name, &st) != 0) {
		if (!had)
			ta_error_clear();        /* damaged: renew decides afresh */
		return 0;
	}
	if (!st.deploy_pending)
		return 0;
	if (!cc->deploy) {               /* the deploy line was removed since */
		st.deploy_pending = 0;
		ta_state_save(is->conf->state_dir, cc->name, &st);
		if (!had)
			ta_error_clear();
		return 0;
	}
	/* a crash between the switch and the state: the state becomes the
	 * certificate's in place */
	if (ta_renew_read_current(is->conf, cc, &cur) == 0)
		ta_renew_adopt(&cur, &st, ta_time_now());
	else if (!had)
		ta_error_clear();
	*ran = 1;
	ta_log(TA_LOG_INFO, "[%s]: running the deploy command that did not succeed last time",
		cc->name);
	return deploy_and_record(is, cc, &st);
}

/* Sets the deploy mark of cc's state to v (best effort): returns what it
 * was.  Set before the set is switched, so that a crash between the switch
 * and the deploy leaves the deploy to the next renew. */
static int mark_deploy(const ta_issuer *is, const ta_cert_conf *cc, int v)
{
	ta_state st;
	int had = ta_error_code(), was;

	ta_state_load(is->conf->state_dir, cc->name, &st);   /* damaged: zeroed */
	was = st.deploy_pending != 0;
	if (was != v) {
		st.deploy_pending = v;
		ta_state_save(is->conf->state_dir, cc->name, &st);
	}
	if (!had)
		ta_error_clear();
	return was;
}

/* 1 if tacme revoked the section's current certificate. */
static int revoked(const ta_issuer *is, const ta_cert_conf *cc)
{
	ta_state st;
	int r = ta_state_load(is->conf->state_dir, cc->name, &st) == 0 && st.revoked;

	ta_error_clear();
	return r;
}

/* The new certificate key: the old one with key_reuse (unless tacme revoked
 * its certificate), else a fresh one. */
static int cert_key(ta_issuer *is, const ta_cert_conf *cc)
{
	char path[PATH_MAX_LEN], rel[PATH_MAX_LEN];
	int r;

	ta_key_wipe(&is->cert_key);
	if (cc->key_reuse && !revoked(is, cc) && path_of(rel, cc->name, "privkey.pem") == 0 &&
	    path_of(path, is->conf->state_dir, rel) == 0 &&
	    ta_key_load(path, &is->cert_key) == 0 && is->cert_key.type == cc->key_type &&
	    (cc->key_type != TA_KEY_RSA || is->cert_key.bits == cc->key_bits))
		return 0;
	ta_error_clear();
	r = ta_key_generate(&is->cert_key, cc->key_type, cc->key_bits);
	return r;
}

/* 1 if the space-separated list has word. */
static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	while (*list) {
		size_t w = strcspn(list, " ");

		if (w == n && !memcmp(list, word, n))
			return 1;
		list += w;
		list += strspn(list, " ");
	}
	return 0;
}

/* Records the new certificate's renewal state, then runs the deploy
 * command: 0, or the deploy's error (recorded: the next renew runs it). */
static TA_NOINLINE int save_state(ta_issuer *is, const ta_cert_conf *cc, const char *name)
{
	ta_current cur;
	ta_state st;
	int64_t now = ta_time_now();
	uint32_t r = 0;
	int rc;

	memset(&st, 0, sizeof(st));
	rc = ta_renew_read_current(is->conf, cc, &cur);
	if (rc)
		return rc;
	st.not_before = cur.ci.not_before;
	st.not_after = cur.ci.not_after;
	st.renew_at = ta_state_third_left(st.not_before, st.not_after);
	st.ari = is->acme.dir.renewal_info != NULL && cur.cert_id[0];
	memcpy(st.cert_id, cur.cert_id, sizeof(st.cert_id));
	if (st.ari) {
		/* First renewalInfo poll in 6 to 12 hours. */
		ta_rand(&r, sizeof(r));
		st.ari_next = now + 6 * 3600 + (int64_t)(r % (6 * 3600));
	}
	st.last_time = now;
	/* Until the deploy command succeeds (a crash before it included). */
	st.deploy_pending = cc->deploy != NULL;
	ta_snprintf(st.last, sizeof(st.last), "issued, valid until %lld", (long long)st.not_after);
	if ((rc = ta_state_save(is->conf->state_dir, cc->name, &st)) != 0) {
		ta_log(TA_LOG_WARN, "[%s]: the certificate is stored, but its state is not: %s",
			cc->name, ta_error_msg());
		ta_error_clear();
	}
	ta_log(TA_LOG_INFO, "[%s]: certificate for %s stored in %s/%s/", cc->name,
		name, is->conf->state_dir, cc->name);
	return deploy_and_record(is, cc, &st);
}

/* ---- an order an earlier run finalized ----------------------------------- */

/* The files that keep a finalized order until its certificate is stored:
 * .<section>.order (its URL) and .<section>.order.key (the certificate
 * key).  A section name never starts with '.', and version folders end in
 * digits: no other file has these names. */
static int pending_paths(const ta_issuer *is, const ta_cert_conf *cc, char *url_path,
	char *key_path)
{
	int n = ta_snprintf(url_path, PATH_MAX_LEN, "%s/.%s.order", is->conf->state_dir, cc->name);

	if (n < 0 || n + 4 >= PATH_MAX_LEN)
		return ta_error(TA_ERR_SPACE, "state path too long");
	memcpy(key_path, url_path, (size_t)n);
	memcpy(key_path + n, ".key", 5);
	return 0;
}

static void pending_drop(const ta_issuer *is, const ta_cert_conf *cc)
{
	char up[PATH_MAX_LEN], kp[PATH_MAX_LEN];

	if (pending_paths(is, cc, up, kp) == 0) {
		ta_store_remove(up);
		ta_store_remove(kp);
	}
}

/* Keeps the order and the certificate key before finalize: a CA that is
 * slow to issue (or a crash) leaves the order for the next run, which
 * fetches its certificate instead of ordering (and paying) again. */
static int pending_save(const ta_issuer *is, const ta_cert_conf *cc)
{
	char up[PATH_MAX_LEN], kp[PATH_MAX_LEN];
	int r;

	if ((r = pending_paths(is, cc, up, kp)) != 0 || (r = ta_key_save(kp, &is->cert_key)) != 0)
		return r;
	return ta_store_write(up, is->order.url, strlen(is->order.url), 0);
}

/* 1 for an error that says nothing of the order: the CA could not be
 * reached, or not trusted, or asks to come back (5xx, 429), or this machine
 * failed. */
static int transient(const ta_issuer *is, int r)
{
	return r == TA_ERR_NET || r == TA_ERR_TIMEOUT || r == TA_ERR_TLS || r == TA_ERR_CLOSED ||
		r == TA_ERR_CERT || r == TA_ERR_CLOCK || r == TA_ERR_RAND || r == TA_ERR_IO ||
		(r == TA_ERR_PROTO && (is->http.status >= 500 || is->http.status == 429));
}

int ta_issuer_kept_order(const ta_issuer *is, const ta_cert_conf *cc)
{
	char up[PATH_MAX_LEN], kp[PATH_MAX_LEN];
	int had = ta_error_code(), r = pending_paths(is, cc, up, kp) == 0 && ta_store_exists(up);

	if (!had)
		ta_error_clear();
	return r;
}

/* 1 if is->cert_key (a kept order's) is the key of the set in place. */
static TA_NOINLINE int kept_key_in_place(ta_issuer *is, const ta_cert_conf *cc)
{
	unsigned char a[1024], b[1024];
	char rel[PATH_MAX_LEN], path[PATH_MAX_LEN];
	size_t al, bl;
	ta_key k;
	int same, had = ta_error_code();

	same = path_of(rel, cc->name, "privkey.pem") == 0 &&
		path_of(path, is->conf->state_dir, rel) == 0 && ta_key_load(path, &k) == 0 &&
		ta_key_spki(&k, a, sizeof(a), &al) == 0 &&
		ta_key_spki(&is->cert_key, b, sizeof(b), &bl) == 0 && al == bl && !memcmp(a, b, al);
	ta_key_wipe(&k);
	if (!had)
		ta_error_clear();
	return same;
}

/* Fetches the order an earlier run finalized, if any, and stores its
 * certificate.  Returns 0 when it was stored (deployed too), 1 when there
 * is none to fetch (or no longer one: a new order is made), or an error
 * (the order is kept for the next run: the CA is still processing it, or
 * could not be reached). */
static TA_NOINLINE int resume(ta_issuer *is, const ta_cert_conf *cc, const char *const *names,
	size_t n)
{
	char up[PATH_MAX_LEN], kp[PATH_MAX_LEN];
	size_t len;
	int r, had = ta_error_code();

	if (pending_paths(is, cc, up, kp))
		return ta_error_code();
	r = ta_store_read(up, is->order.url, sizeof(is->order.url) - 1, &len);
	if (r == TA_ERR_NOTFOUND) {
		if (!had)
			ta_error_clear();
		return 1;
	}
	if (!r) {
		is->order.url[len] = '\0';
		is->order.url[strcspn(is->order.url, "\r\n")] = '\0';
		r = ta_key_load(kp, &is->cert_key);
	}
	/* its key that of a certificate revoked since (keyCompromise...), or
	 * another key type asked for: that order's certificate is not wanted */
	if (!r && ((revoked(is, cc) && kept_key_in_place(is, cc)) ||
	    is->cert_key.type != cc->key_type ||
	    (cc->key_type == TA_KEY_RSA && is->cert_key.bits != cc->key_bits)))
		r = ta_error(TA_ERR_CONFIG, "its key is revoked or of another type");
	if (!r) {
		ta_log(TA_LOG_INFO, "[%s]: fetching the order an earlier run finalized: %s",
			cc->name, is->order.url);
		r = ta_acme_get_order(&is->acme, &is->order);
		if (transient(is, r))
			return r;                /* not reached: asked again next time */
	}
	if (!r && !strcmp(is->order.status, "processing"))
		return ta_error(TA_ERR_TIMEOUT, "[%s]: the CA is still processing the order %s "
			"(finalized by an earlier run): the next run fetches it again", cc->name,
			is->order.url);
	if (!r && strcmp(is->order.status, "valid"))
		r = ta_error(TA_ERR_PROTO, "it is %s", is->order.status);
	if (!r && transient(is, r = download(is, cc)))
		return r;
	if (!r)
		r = check_chain(is, names, n);   /* the names may have changed since */
	if (r) {
		ta_log(TA_LOG_WARN, "[%s]: the order an earlier run left is dropped (%s)",
			cc->name, ta_error_msg());
		pending_drop(is, cc);
		if (!had)
			ta_error_clear();
		return 1;
	}
	if ((r = store(is, cc)) != 0)
		return r;
	pending_drop(is, cc);
	is->issued++;
	return save_state(is, cc, names[0]);
}

/* The certificate key, the CSR for names[0..n) and the finalize request.
 * The CSR lives in this frame only: it is gone when the chain is stored. */
static TA_NOINLINE int finalize(ta_issuer *is, const ta_cert_conf *cc,
	const char *const *names, size_t n)
{
	unsigned char csr[TA_CSR_MAX];
	size_t csr_len = 0;
	int r;

	if ((r = cert_key(is, cc)) != 0 ||
	    (r = ta_csr_make(&is->cert_key, names, n, csr, sizeof(csr), &csr_len)) != 0 ||
	    (r = pending_save(is, cc)) != 0)
		return r;
	return ta_acme_finalize(&is->acme, &is->order, csr, csr_len, 300);
}

int ta_issue_kept(ta_issuer *is, const ta_cert_conf *cc, int *stored)
{
	char mem[CONFIG_CONF_POOL];
	const char *names[CONFIG_MAX_NAMES];
	size_t n = ta_config_names(cc, mem, sizeof(mem), names, TA_ARRAY_LEN(names));
	int r;

	*stored = 0;
	if ((r = ta_issuer_account(is)) != 0 || (r = resume(is, cc, names, n)) < 0)
		return r;
	*stored = r == 0;
	return 0;
}

/* 1 if the last answer says the CA no longer knows the account (a test
 * CA reset, an account deleted at the CA): then account.url is dropped and
 * the account looked up (or made) again with the same key.  0 otherwise. */
static int account_lost(ta_issuer *is)
{
	char path[PATH_MAX_LEN];

	if (!ta_acme_is_problem(&is->acme, "accountDoesNotExist") ||
	    path_of(path, is->conf->state_dir, "account.url"))
		return 0;
	ta_log(TA_LOG_WARN, "the CA no longer knows the account %s (%s): looking for this "
		"key's account again", is->acme.kid, ta_error_msg());
	ta_store_remove(path);          /* else the next lookup fails as this one */
	ta_error_clear();
	is->acme.kid[0] = '\0';
	is->ready = 0;
	return 1;
}

/* newOrder for names[0..n), replacing *replaces (or NULL).  When the CA
 * refuses "replaces" (alreadyReplaced, an unknown or foreign certificate,
 * Pebble's 500 "could not find an order"), the same would be refused at
 * every later run and the certificate never renewed: the order is made
 * again without it (*replaces NULL), losing only the CA's rate-limit
 * exemption for renewals.  A refusal that says "later" (rateLimited, 429,
 * 503) fails the run instead: the next one asks with "replaces" again,
 * when the exemption matters most. */
static TA_NOINLINE int order(ta_issuer *is, const ta_cert_conf *cc, const char *const *names,
	size_t n, const char **replaces)
{
	int r = ta_acme_new_order(&is->acme, names, n, cc->profile, *replaces, &is->order);

	if (r == TA_ERR_PROTO && account_lost(is)) {
		if ((r = ta_issuer_account(is)) != 0)
			return r;
		r = ta_acme_new_order(&is->acme, names, n, cc->profile, *replaces, &is->order);
	}
	if (r == TA_ERR_PROTO && *replaces && is->http.status != 429 && is->http.status != 503 &&
	    !ta_acme_is_problem(&is->acme, "rateLimited")) {
		ta_log(TA_LOG_WARN, "[%s]: the CA refused the order replacing %s (%s): ordering "
			"without \"replaces\"", cc->name, *replaces, ta_error_msg());
		ta_error_clear();
		*replaces = NULL;
		r = ta_acme_new_order(&is->acme, names, n, cc->profile, NULL, &is->order);
	}
	return r;
}

int ta_issue(ta_issuer *is, const ta_cert_conf *cc, const char *replaces)
{
	char mem[CONFIG_CONF_POOL];     /* cc->names is in the config's pool */
	const char *names[CONFIG_MAX_NAMES];
	size_t n, i;
	int r;

	if (!is->dns)
		return ta_error(TA_ERR_CONFIG, "%s: set acmedns_url (acme-dns) or hook to say how "
			"tacme publishes TXT records", is->conf->path);
	n = ta_config_names(cc, mem, sizeof(mem), names, TA_ARRAY_LEN(names));
	for (i = 0; i < n; i++) {
		const char *d = strncmp(names[i], "*.", 2) ? names[i] : names[i] + 2;

		if ((r = (*is->dns)->prepare(is->dns, d)) != 0)
			return r;
	}
	if ((r = ta_issuer_account(is)) != 0)
		return r;
	if (cc->profile && !has_word(is->acme.dir.profiles, cc->profile))
		return ta_error(TA_ERR_CONFIG, "[%s]: the CA does not offer profile \"%s\" "
			"(it offers: %s)", cc->name, cc->profile,
			*is->acme.dir.profiles ? is->acme.dir.profiles : "none");
	if ((r = resume(is, cc, names, n)) <= 0)
		return r;
	if ((r = order(is, cc, names, n, &replaces)) != 0)
		return r;
	if (replaces)
		ta_log(TA_LOG_DEBUG, "[%s]: the order replaces %s", cc->name, replaces);
	for (i = 0; i < is->order.nauthz; i++)
		if ((r = ta_acme_get_authz(&is->acme, is->order.authz[i], &is->authz[i],
		    &is->order.pool)) != 0)
			return r;
	if ((r = validate(is)) != 0)
		return r;
	if ((r = finalize(is, cc, names, n)) != 0 ||
	    (r = download(is, cc)) != 0 || (r = check_chain(is, names, n)) != 0)
		return r;
	if ((r = store(is, cc)) != 0)
		return r;
	pending_drop(is, cc);
	is->issued++;
	return save_state(is, cc, names[0]);
}
