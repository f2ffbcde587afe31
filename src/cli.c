/* Command line: options, the config file, commands, exit codes. */
#include <stdarg.h>
#include <string.h>
#include "tacme.h"
#include "ta_str.h"
#include "ta_fmt.h"
#include "tacme_port.h"
#include "tacme_tls.h"
#include "ta_conf.h"
#include "ta_http.h"
#include "ta_json.h"
#include "ta_cli.h"
#include "ta_issue.h"
#include "ta_manage.h"
#include "ta_renew.h"
#include "ta_state.h"

/* Everything one run owns: fixed buffers sized by Kconfig. */
typedef struct run {
	ta_config conf;
	ta_issuer is;
} run;

static run the_run;

/* A command-line word as messages show it: at most 60 characters, control
 * characters as \xNN, "..." when cut.  Returns buf. */
static const char *shown(const char *s, char *buf, size_t cap)
{
	size_t n = 0;

	for (; *s && n + 8 < cap; s++) {
		unsigned char ch = (unsigned char)*s;

		if (n >= 60)
			break;
		if (ch < 0x20 || ch == 0x7f)
			n += (size_t)ta_snprintf(buf + n, cap - n, "\\x%02x", ch);
		else
			buf[n++] = (char)ch;
	}
	buf[n] = '\0';
	if (*s)
		ta_snprintf(buf + n, cap - n, "...");
	return buf;
}

static void usage(int fd)
{
	ta_dprintf(fd,
		"usage: tacme [OPTIONS] COMMAND [ARGS]\n"
		"  -c FILE            configuration file (default %s)\n"
		"  -v                 verbose: log every request\n"
		"  -q                 quiet: only errors\n"
		"  --jitter SECONDS   random delay before the first request (fleets)\n"
		"  --wait             wait for another run's lock instead of exiting\n"
		"  --wait-clock SECONDS  wait for NTP when the clock is wrong\n"
		"commands:\n"
		"  renew [SECTION...]  renew what is due (exit 2: nothing was due)\n"
		"  issue [SECTION...]  get certificates now, due or not (default: all)\n"
		"  status              show each certificate and its renewal plan\n"
		"  revoke SECTION [--reason N]  revoke the section's certificate\n"
		"  account show|rollover|deactivate  the ACME account\n"
		"  register NAME...    register NAME at acme-dns and print the CNAME to create\n"
		"  directory   fetch and print the CA's directory, and get a nonce\n"
		"  version     print the version\n", CONFIG_CONF_FILE);
}

/* Logs an error (as "tacme: ..." on stderr before the config names a log);
 * returns TA_EXIT_ERROR. */
static int cli_error(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;
static int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ta_vlog(TA_LOG_ERR, fmt, ap);
	va_end(ap);
	return TA_EXIT_ERROR;
}

/* Prints the failure recorded for this run, with the step that failed. */
static int fail(const char *step, int err)
{
	const char *msg = ta_error_msg();

	return cli_error("%s failed: %s", step, *msg ? msg : ta_strerror(err));
}

/* Prints the members of the object at index obj, nested names joined by '.'. */
static void print_object(const ta_json *j, int obj, const char *prefix)
{
	int i = obj + 1;
	uint32_t m;
	char key[128], val[1024], name[256];

	for (m = 0; m < j->tok[obj].size; m++) {
		int v = i + 1, t = ta_json_type(j, v);

		if (ta_json_str(j, i, key, sizeof(key), NULL))
			ta_snprintf(key, sizeof(key), "?");
		ta_snprintf(name, sizeof(name), "%s%s%s", prefix, *prefix ? "." : "", key);
		if (t == TA_JSON_OBJECT)
			print_object(j, v, name);
		else if (t == TA_JSON_STRING && ta_json_str(j, v, val, sizeof(val), NULL) == 0)
			ta_dprintf(TA_STDOUT, "%-24s %s\n", name, val);
		else
			ta_dprintf(TA_STDOUT, "%-24s %.*s\n", name, (int)(j->tok[v].end - j->tok[v].start),
				j->doc + j->tok[v].start);
		i = (int)j->tok[v].next;
	}
}

static int cmd_directory(run *r)
{
	ta_http *h = &r->is.http;
	ta_json j;
	char nonce_url[CONFIG_HTTP_URL_MAX + 1];
	const char *nonce;
	ta_http_req req;
	int rc, i;

	rc = ta_http_get(h, r->conf.directory, "application/json");
	if (rc)
		return fail("directory", rc);
	if (h->status != 200)
		return fail("directory", ta_error(TA_ERR_STATUS, "GET %s answered status %d",
			r->conf.directory, h->status));
	rc = ta_json_parse(&j, h->body, h->body_len, r->is.tok, TA_ARRAY_LEN(r->is.tok));
	if (rc || ta_json_type(&j, 0) != TA_JSON_OBJECT)
		return fail("directory", ta_error(TA_ERR_PROTO, "%s is not an ACME directory "
			"(not a JSON object)", r->conf.directory));
	ta_dprintf(TA_STDOUT, "%-24s %s\n", "directory", r->conf.directory);
	print_object(&j, 0, "");
	i = ta_json_get(&j, 0, "newNonce");
	if (ta_json_str(&j, i, nonce_url, sizeof(nonce_url), NULL))
		return fail("directory", ta_error(TA_ERR_PROTO, "the directory has no newNonce URL"));
	memset(&req, 0, sizeof(req));
	req.method = "HEAD";
	req.url = nonce_url;
	rc = ta_http_do(h, &req);
	if (rc)
		return fail("newNonce", rc);
	nonce = ta_http_header(h, "Replay-Nonce", 0);
	if ((h->status != 200 && h->status != 204) || !nonce || !*nonce)
		return fail("newNonce", ta_error(TA_ERR_PROTO, "HEAD %s answered status %d "
			"without a Replay-Nonce", nonce_url, h->status));
	ta_dprintf(TA_STDOUT, "%-24s %s\n", "nonce", nonce);
	ta_log(TA_LOG_INFO, "%u requests over %u connection%s", h->requests, h->connects,
		h->connects == 1 ? "" : "s");
	return TA_EXIT_OK;
}

/* Records a failed attempt in the section's state, for `tacme status`. */
static void record_failure(run *r, const ta_cert_conf *cc)
{
	ta_state st;
	int had = ta_error_code();
	char msg[sizeof(st.last) - 8];

	/* A status line: a long message is shortened here, on purpose. */
	ta_snprintf(msg, sizeof(msg), "%s", ta_error_msg());
	if (ta_state_load(r->conf.state_dir, cc->name, &st) == 0) {
		st.last_time = ta_time_now();
		/* renew's backoff: the next run, then after 1, 2, 4 and at most
		 * 6 hours (less 5 minutes, for an hourly cron job's jitter); a
		 * failed deploy alone is no reason to wait with a renewal */
		if (st.failures < 0)
			st.failures = 0;         /* a damaged state */
		if (!r->is.deploy_failed && st.failures < 1000000) {
			st.failures++;
			st.retry_at = st.failures < 2 ? 0 : st.last_time - 300 +
				(st.failures < 5 ? 3600 << (st.failures - 2) : 6 * 3600);
		}
		ta_snprintf(st.last, sizeof(st.last), "failed: %s", msg);
		ta_state_save(r->conf.state_dir, cc->name, &st);
	}
	if (!had)
		ta_error_clear();
}

/* Runs issue (force) or renew over the named sections (all when none). */
static int over_sections(run *r, char **sections, int n, int force)
{
	unsigned i, ok = 0, failed = 0;
	int k, rc, issued;

	for (k = 0; k < n; k++)
		if (!ta_config_cert(&r->conf, sections[k])) {
			char b[80];

			return cli_error("no section [%s] in %s%s", shown(sections[k], b, sizeof(b)),
				r->conf.path, sections[k][0] == '-' ? " (options go before the command)" :
				"");
		}
	if (r->conf.ncerts == 0 && !force) {   /* a fresh install's cron job: not an error */
		ta_log(TA_LOG_INFO, "%s has no [section] yet: nothing to renew", r->conf.path);
		return TA_EXIT_NOTHING;
	}
	if (r->conf.ncerts == 0)
		return cli_error("%s has no [section]: add one per certificate, with names = ...",
			r->conf.path);
	for (i = 0; i < r->conf.ncerts; i++) {
		const ta_cert_conf *cc = &r->conf.certs[i];

		for (k = 0; k < n && strcmp(sections[k], cc->name); k++)
			;
		if (n && k == n)
			continue;
		ta_error_clear();
		issued = 0;
		r->is.deploy_failed = 0;
		if (force) {
			rc = ta_issue(&r->is, cc, NULL);
			issued = rc == 0;
		} else {
			rc = ta_renew(&r->is, cc, &issued);
		}
		if (rc) {
			char step[80];

			ta_snprintf(step, sizeof(step), "[%s]", cc->name);
			fail(step, rc);
			record_failure(r, cc);
			ta_acme_forget_directory(&r->is.acme);
			failed++;
		} else {
			ok += issued;
		}
	}
	return failed ? TA_EXIT_ERROR : ok ? TA_EXIT_OK : TA_EXIT_NOTHING;
}

/* Prints each certificate: names, validity, planned renewal, last result. */
static int cmd_status(run *r)
{
	unsigned i;

	for (i = 0; i < r->conf.ncerts; i++) {
		const ta_cert_conf *cc = &r->conf.certs[i];
		ta_current cur;
		ta_state st;
		char t[32];

		ta_dprintf(TA_STDOUT, "[%s]\n  names       %s\n", cc->name, cc->names);
		if (ta_renew_read_current(&r->conf, cc, &cur) || !cur.exists) {
			ta_error_clear();
			ta_dprintf(TA_STDOUT, "  certificate none\n");
		} else {
			ta_fmt_time(cur.ci.not_after, t, sizeof(t));
			ta_dprintf(TA_STDOUT, "  not after   %s\n", t);
		}
		if (ta_state_load(r->conf.state_dir, cc->name, &st) == 0 && st.renew_at) {
			ta_fmt_time(st.renew_at, t, sizeof(t));
			ta_dprintf(TA_STDOUT, "  renew at    %s%s\n", t, st.window_start ? " (in the CA's renewal "
				"window)" : " (a third of the lifetime left)");
		}
		ta_error_clear();
		if (st.last[0]) {
			ta_fmt_time(st.last_time, t, sizeof(t));
			ta_dprintf(TA_STDOUT, "  last run    %s: %s\n", t, st.last);
		}
		if (st.retry_at > ta_time_now()) {
			ta_fmt_time(st.retry_at, t, sizeof(t));
			ta_dprintf(TA_STDOUT, "  next try    %s (%lld failed in a row)\n", t,
				(long long)st.failures);
		}
		if (st.deploy_pending)
			ta_dprintf(TA_STDOUT, "  deploy      not done yet: the next renew runs it\n");
		if (ta_issuer_kept_order(&r->is, cc))
			ta_dprintf(TA_STDOUT, "  order       finalized, certificate not issued yet: "
				"the next run fetches it\n");
	}
	return TA_EXIT_OK;
}

static int cmd_register(run *r, char **names, int n)
{
	char record[600];
	int k, rc;

	if (n == 0)
		return cli_error("register needs the names to register (without *.)");
	if (!r->conf.acmedns_url)
		return cli_error("%s: set acmedns_url to register at acme-dns", r->conf.path);
	if (ta_store_mkdir(r->conf.state_dir, 1))
		return fail("register", TA_ERR_IO);
	for (k = 0; k < n; k++) {     /* every name checked before any request */
		const char *d = strncmp(names[k], "*.", 2) ? names[k] : names[k] + 2;
		char b[80];

		if (*d == '*' || !ta_dns_name_ok(d, strlen(d))) {
			return cli_error("register: \"%s\" is not a DNS name (labels of letters, "
				"digits and '-', at most 253 characters)", shown(names[k], b, sizeof(b)));
		}
	}
	for (k = 0; k < n; k++) {
		const char *d = strncmp(names[k], "*.", 2) ? names[k] : names[k] + 2;
		int j;

		/* A name and its wildcard share one registration (and CNAME). */
		for (j = 0; j < k && !ta_dns_name_eq(d, names[j] + 2 * !strncmp(names[j], "*.", 2)); j++)
			;
		if (j < k)
			continue;
		rc = ta_dns_acmedns_register(&r->is.adns, d, record, sizeof(record));
		if (rc)
			return fail("register", rc);
		ta_dprintf(TA_STDOUT, "%s\n", record);
	}
	return TA_EXIT_OK;
}

/* Parses a decimal number 0..max; -1 when v is not one. */
static long number_arg(const char *v, long max)
{
	long n = 0;

	if (!v || !*v)
		return -1;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || n > max)
			return -1;
		n = n * 10 + (*v - '0');
	}
	return n > max ? -1 : n;
}

/* Parses a number of seconds for option opt; -1 when it is not one. */
static long seconds_arg(const char *opt, const char *v)
{
	long n = number_arg(v, 86400 * 7);
	char b[80];

	if (n < 0)
		cli_error("%s needs a number of seconds from 0 to 604800 (a week)%s%s%s", opt,
			v ? ", not \"" : "", v ? shown(v, b, sizeof(b)) : "", v ? "\"" : "");
	return n;
}

/* Takes the state folder's lock; 0, or an exit code. */
static int lock_state(run *r, int wait, int *handle)
{
	char path[512];

	if (ta_store_mkdir(r->conf.state_dir, 1))
		return fail("lock", TA_ERR_IO);
	if ((size_t)ta_snprintf(path, sizeof(path), "%s/.lock", r->conf.state_dir) >= sizeof(path))
		return fail("lock", ta_error(TA_ERR_CONFIG, "state_dir is too long"));
	*handle = ta_lock(path, wait);
	if (*handle == TA_ERR_CLOSED)
		return cli_error("another tacme run is working on %s: try again later, or "
			"use --wait", r->conf.state_dir);
	return *handle < 0 ? fail("lock", *handle) : 0;
}

/* The index of word in the NULL-ended list, or of the NULL. */
static int find_word(const char *const *list, const char *word)
{
	int i;

	for (i = 0; list[i] && strcmp(list[i], word); i++)
		;
	return i;
}

enum { C_RENEW, C_ISSUE, C_STATUS, C_DIRECTORY, C_REVOKE, C_ACCOUNT, C_REGISTER, C_VERSION };
static const char *const commands[] = {
	"renew", "issue", "status", "directory", "revoke", "account", "register", "version", NULL
};
enum { O_C, O_V, O_Q, O_WAIT, O_JITTER, O_WAIT_CLOCK, O_H, O_HELP };
static const char *const options[] = {
	"-c", "-v", "-q", "--wait", "--jitter", "--wait-clock", "-h", "--help", NULL
};

/* `revoke SECTION [--reason N]` */
static int cmd_revoke(run *r, char **args, int n)
{
	const ta_cert_conf *cc = n >= 1 ? ta_config_cert(&r->conf, args[0]) : NULL;
	long reason = -1;
	int rc;

	if ((n == 2 || n == 3) && !strcmp(args[1], "--reason")) {
		char b[80];

		reason = number_arg(n == 3 ? args[2] : NULL, 10);
		if (reason < 0 || reason == 7)
			return cli_error("--reason needs an RFC 5280 reason code, 0-6 or 8-10, not "
				"\"%s\"", n == 3 ? shown(args[2], b, sizeof(b)) : "");
	} else if (n != 1)
		return cli_error("usage: tacme revoke SECTION [--reason N]");
	if (!cc) {
		char b[80];

		return cli_error("no section [%s] in %s", shown(args[0], b, sizeof(b)),
			r->conf.path);
	}
	rc = ta_manage_revoke(&r->is, cc, (int)reason);
	return rc ? fail("revoke", rc) : TA_EXIT_OK;
}

static int cmd_account(run *r, char **args, int n)
{
	int rc;

	if (n != 1)
		return cli_error("usage: tacme account show|rollover|deactivate");
	rc = ta_manage_account(&r->is, args[0]);
	return rc ? fail("account", rc) : TA_EXIT_OK;
}

int ta_cli_main(int argc, char **argv)
{
	const char *conf_path = CONFIG_CONF_FILE, *cmd;
	int level = TA_LOG_INFO, i, rc, c, wait = 0, lock = -1;
	long jitter = 0, wait_clock = 0;
	run *r = &the_run;
	char b[80];

	ta_std_fds();
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		c = find_word(options, argv[i]);
		if (c == O_C) {
			if (i + 1 >= argc || !argv[i + 1][0])
				return cli_error("-c needs a FILE: the configuration file");
			conf_path = argv[++i];
			if (strlen(conf_path) > 1024)
				return cli_error("-c: the file name is longer than 1024 bytes");
		} else if (c == O_V)
			level = TA_LOG_DEBUG;
		else if (c == O_Q)
			level = TA_LOG_ERR;
		else if (c == O_WAIT)
			wait = 1;
		else if (c == O_JITTER || c == O_WAIT_CLOCK) {
			long v = seconds_arg(argv[i], i + 1 < argc ? argv[i + 1] : NULL);

			if (v < 0)
				return TA_EXIT_ERROR;
			*(c == O_JITTER ? &jitter : &wait_clock) = v;
			i++;
		} else if (c == O_H || c == O_HELP) {
			usage(TA_STDOUT);
			return TA_EXIT_OK;
		} else {
			cli_error("unknown option %s%s", shown(argv[i], b, sizeof(b)),
				!strcmp(argv[i], "--reason") ? " (it goes after revoke SECTION)" : "");
			usage(TA_STDERR);
			return TA_EXIT_ERROR;
		}
	}
	ta_log_open("stderr", level);
	if (i >= argc) {
		usage(TA_STDERR);
		return TA_EXIT_ERROR;
	}
	cmd = argv[i++];
	c = find_word(commands, cmd);
	if (c == C_VERSION) {
		ta_dprintf(TA_STDOUT, "tacme %s\n", ta_version);
		return TA_EXIT_OK;
	}
	if (!commands[c]) {
		cli_error("unknown command %s", shown(cmd, b, sizeof(b)));
		usage(TA_STDERR);
		return TA_EXIT_ERROR;
	}
	if (i < argc && (c == C_DIRECTORY || c == C_STATUS))
		return cli_error("%s takes no arguments", cmd);
	rc = ta_config_load(&r->conf, conf_path);
	if (rc)
		return fail("config", rc);
	if (ta_log_open(r->conf.log, level))
		return fail("config", ta_error(TA_ERR_CONFIG, "log = syslog is not built in"));
	ta_tls_set_ca_file(r->conf.ca_file);
	ta_issuer_init(&r->is, &r->conf);
	r->is.jitter_s = (unsigned)jitter;
	r->is.wait_clock_s = (unsigned)wait_clock;
	if (c == C_DIRECTORY)
		rc = cmd_directory(r);       /* always asks the CA itself */
	else if (c == C_STATUS)
		rc = cmd_status(r);
	else if ((rc = lock_state(r, wait, &lock)) != 0)
		;
	else if (c <= C_ISSUE)
		rc = over_sections(r, argv + i, argc - i, c == C_ISSUE);
	else if (c == C_REVOKE)
		rc = cmd_revoke(r, argv + i, argc - i);
	else if (c == C_ACCOUNT)
		rc = cmd_account(r, argv + i, argc - i);
	else
		rc = cmd_register(r, argv + i, argc - i);
	if (r->is.http.requests)
		ta_log(TA_LOG_DEBUG, "%u requests over %u connections to the CA",
			r->is.http.requests, r->is.http.connects);
	ta_issuer_done(&r->is);
	ta_unlock(lock);
	ta_wipe(&r->conf, sizeof(r->conf));  /* eab_hmac_key, a proxy password */
	return rc;
}
