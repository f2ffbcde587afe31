/* Tests of the INI reader and the config file loader. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_tls.h"
#include "ta_conf.h"
#include "ta_csr.h"

typedef struct seen {
	char out[1024];
	size_t len;
} seen;

static int record(void *ctx, const char *section, const char *key, const char *value,
	unsigned line)
{
	seen *s = ctx;

	if (!key)
		return 0;
	s->len += (size_t)snprintf(s->out + s->len, sizeof(s->out) - s->len, "%u[%s]%s=%s;",
		line, section, key, value);
	return 0;
}

static int parse(const char *text, seen *s)
{
	static char mem[2048];
	size_t n = strlen(text);

	memcpy(mem, text, n);
	s->len = 0;
	s->out[0] = '\0';
	ta_error_clear();
	return ta_ini_parse(mem, n, "t.conf", record, s);
}

static void t_ini_basic(void)
{
	seen s;

	REQUIRE(parse("# comment\n; other\n\n  directory =  https://x/dir  \r\n"
		"[www]\nnames = a.example *.a.example\nempty =\n[ spaced ]\nk=v", &s) == 0);
	CHECK_STR(s.out, "4[]directory=https://x/dir;6[www]names=a.example *.a.example;"
		"7[www]empty=;9[spaced]k=v;");
}

/* A UTF-8 byte order mark, as some Windows editors write, is skipped. */
static void t_ini_bom(void)
{
	seen s;

	REQUIRE(parse("\xef\xbb\xbf" "directory = https://x/dir\n[a.b]\nk = v\n", &s) == 0);
	CHECK_STR(s.out, "1[]directory=https://x/dir;3[a.b]k=v;");
}

static void t_ini_hash_in_value(void)
{
	seen s;

	REQUIRE(parse("hook = /bin/x --flag=#1\n", &s) == 0);
	CHECK_STR(s.out, "1[]hook=/bin/x --flag=#1;");
}

static void t_ini_errors(void)
{
	static const struct { const char *text, *where; } bad[] = {
		{ "novalue\n", "t.conf:1: expected key = value" },
		{ "a = 1\n[unclosed\n", "t.conf:2: expected [section]" },
		{ "a = 1\n\n[bad name]\n", "t.conf:3: a section name" },
		{ "bad key = 1\n", "t.conf:1: bad key" },
		{ "= 1\n", "t.conf:1: bad key" },
		{ "[]\n", "t.conf:1: a section name" },
		{ "a = 1\n[..]\n", "t.conf:2: a section name is letters, digits, '_', '-' and '.' "
		  "(not first)" },
		{ "[.web]\n", "t.conf:1: a section name" },
	};
	size_t i;
	seen s;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++) {
		CHECK_INT(parse(bad[i].text, &s), TA_ERR_CONFIG);
		if (strncmp(ta_error_msg(), bad[i].where, strlen(bad[i].where))) {
			fprintf(stderr, "    got \"%s\" for %s", ta_error_msg(), bad[i].text);
			ta_test_failed = 1;
		}
	}
}

static void t_ini_nul_refused(void)
{
	static char mem[16] = "a = 1\0b = 2";
	seen s;

	ta_error_clear();
	CHECK_INT(ta_ini_parse(mem, 11, "t.conf", record, &s), TA_ERR_CONFIG);
}

static ta_config conf;

/* Writes text to a temporary file and loads it. */
static int load(const char *text, char *path, size_t cap)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;

	snprintf(path, cap, "%s/tacme-conf-%ld.conf", dir ? dir : "/tmp", (long)getpid());
	f = fopen(path, "w");
	if (!f)
		return -100;
	fputs(text, f);
	fclose(f);
	ta_error_clear();
	return ta_config_load(&conf, path);
}

static void t_config_ok(void)
{
	char path[256];

	REQUIRE(load("directory = https://127.0.0.1:14000/dir\nca_file = /tmp/ca.pem\n"
		"proxy = http://u:p@proxy:3128\nlog = syslog\n", path, sizeof(path)) == 0);
	CHECK_STR(conf.directory, "https://127.0.0.1:14000/dir");
	CHECK_STR(conf.ca_file, "/tmp/ca.pem");
	CHECK_STR(conf.proxy, "http://u:p@proxy:3128");
	CHECK_STR(conf.log, "syslog");
	REQUIRE(load("directory = https://x/dir\n", path, sizeof(path)) == 0);
	CHECK_STR(conf.ca_file, CONFIG_CA_FILE);
	CHECK_STR(conf.log, "stderr");
	CHECK(conf.proxy == NULL);
	unlink(path);
}

static void t_config_errors(void)
{
	static const struct { const char *text, *msg; } bad[] = {
		{ "directory = https://x/\ncolour = blue\n", ":2: unknown key \"colour\"" },
		{ "directory = ftp://x/\n", ":1: bad directory \"ftp://x/\": expected the CA's ACME directory URL" },
		{ "directory = https://x/\ndirectory = https://y/\n", ":2: directory is set twice" },
		{ "directory =\n", ":1: directory needs a value: the CA's ACME directory URL" },
		{ "log = file\ndirectory = https://x/\n", ":1: bad log \"file\": expected stderr or syslog" },
		{ "ca_file = /x\n", "directory = <ACME directory URL> is missing" },
		{ "directory = https://x/\nproxy = socks5://p\n", ":2: bad proxy" },
		/* key_reuse twice; paths that cron (in /) would not find */
		{ "directory = https://x/\n[a]\nnames = a.example\nkey_reuse = yes\nkey_reuse = no\n",
		  ":5: key_reuse is set twice" },
		{ "directory = https://x/\nstate_dir = \"/etc/tacme\"\n", ":2: bad state_dir "
		  "\"\"/etc/tacme\"\": expected an absolute path (from /), without quotes" },
		{ "directory = https://x/\nstate_dir = /etc/tacme   # keys here\n", ":2: bad state_dir" },
		{ "directory = https://x/\nhook = hook.sh\n", ":2: bad hook \"hook.sh\": expected an "
		  "absolute path" },
		{ "directory = https://x/\nca_file = 'x.pem'\n", ":2: bad ca_file" },
		/* a password with '@' or '/' is hidden all the same */
		{ "directory = https://x/\nproxy = http://al:s3cr@tpw@proxy.lan:3128/x\n",
		  ":2: bad proxy \"http://...@proxy.lan:3128/x\"" },
		{ "directory = https://x/\nproxy = http://al:pa/sspw@proxy.lan:3128/x\n",
		  ":2: bad proxy \"http://...@proxy.lan:3128/x\"" },
		/* user:password@ elsewhere was never sent, only logged with -v */
		{ "directory = https://al:s3cr3t@x/dir\n", ":1: bad directory \"https://...@x/dir\": "
		  "expected a URL without user:password@" },
		{ "directory = https://x/\nacmedns_url = http://u:s3cr3t@auth.lan\n",
		  ":2: bad acmedns_url \"http://...@auth.lan\": expected a URL without" },
	};
	char path[256];
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++) {
		int r = load(bad[i].text, path, sizeof(path));

		CHECK_INT(r, TA_ERR_CONFIG);
		if (!strstr(ta_error_msg(), bad[i].msg) || !strstr(ta_error_msg(), path)) {
			fprintf(stderr, "    got \"%s\", want \"%s\"\n", ta_error_msg(), bad[i].msg);
			ta_test_failed = 1;
		}
	}
	unlink(path);
}

static void t_config_sections(void)
{
	char path[256], mem[256];
	const char *names[8];
	const ta_cert_conf *cc;

	REQUIRE(load("directory = https://x/dir\nstate_dir = /var/lib/tacme\n"
		"[www]\nnames = www.example.com  *.example.com example.com\n"
		"key_type = rsa3072\nkey_reuse = yes\ndeploy = /etc/init.d/uhttpd reload\n"
		"[nas]\nnames = nas.lan.example.org\n", path, sizeof(path)) == 0);
	CHECK_INT(conf.ncerts, 2);
	CHECK_STR(conf.acmedns_credentials, "/var/lib/tacme/acmedns.json");
	cc = ta_config_cert(&conf, "www");
	REQUIRE(cc);
	CHECK_INT(cc->key_type, TA_KEY_RSA);
	CHECK_INT(cc->key_bits, 3072);
	CHECK_INT(cc->key_reuse, 1);
	CHECK_STR(cc->deploy, "/etc/init.d/uhttpd reload");
	CHECK_INT(ta_config_names(cc, mem, sizeof(mem), names, 8), 3);
	CHECK_STR(names[0], "www.example.com");
	CHECK_STR(names[1], "*.example.com");
	CHECK_STR(names[2], "example.com");
	cc = ta_config_cert(&conf, "nas");
	REQUIRE(cc);
	CHECK_INT(cc->key_type, TA_KEY_EC256);
	CHECK_INT(cc->key_reuse, 0);
	CHECK(ta_config_cert(&conf, "none") == NULL);
	unlink(path);
}

static void t_config_section_errors(void)
{
	static const struct { const char *text, *msg; } bad[] = {
		{ "directory = https://x/\n[a]\n", ":2: [a] needs names" },
		{ "directory = https://x/\n[a]\nnames = x.example\n[a]\nnames = y.example\n",
			":4: [a] appears twice (first on line 2)" },
		{ "directory = https://x/\n[a]\nnames = bad_name.example\n", ":3: bad names" },
		{ "directory = https://x/\n[a]\nnames = single\n", ":3: bad names" },
		{ "directory = https://x/\n[a]\nnames = a.example\nkey_type = dsa\n",
			":4: bad key_type \"dsa\": expected ec256, ec384" },
		{ "directory = https://x/\n[a]\nnames = a.example\nkey_reuse = maybe\n",
			":4: bad key_reuse" },
		{ "directory = https://x/\n[a]\nnames = a.example\ndirectory = https://y/\n",
			":4: unknown key \"directory\" in a certificate section" },
		{ "names = a.example\ndirectory = https://x/\n",
			":1: unknown key \"names\" before the first [section]" },
		{ "directory = https://x/\neab_kid = k\n", "eab_kid and eab_hmac_key go together" },
	};
	char path[256];
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++) {
		CHECK_INT(load(bad[i].text, path, sizeof(path)), TA_ERR_CONFIG);
		if (!strstr(ta_error_msg(), bad[i].msg)) {
			fprintf(stderr, "    got \"%s\", want \"%s\"\n", ta_error_msg(), bad[i].msg);
			ta_test_failed = 1;
		}
	}
	unlink(path);
}

static void t_config_missing_file(void)
{
	ta_error_clear();
	CHECK_INT(ta_config_load(&conf, "/nonexistent/tacme.conf"), TA_ERR_NOTFOUND);
	CHECK(strstr(ta_error_msg(), "/nonexistent/tacme.conf does not exist") != NULL);
}

static void t_config_too_big(void)
{
	static char text[TA_CONF_TEXT_MAX + 10];
	char path[256];

	memset(text, '#', sizeof(text) - 1);
	CHECK_INT(load(text, path, sizeof(path)), TA_ERR_CONFIG);
	CHECK(strstr(ta_error_msg(), "is larger than") != NULL);
	unlink(path);
}

/* A config of several sections, as key/value pairs ("[" starts a section);
 * the last section gets a padded deploy from pool_text. */
static const char *const pool_conf[] = {
	"directory", "https://acme.example/directory",
	"state_dir", "/var/lib/tacme",
	"contact", "mailto:admin@example.com",
	"eab_kid", "kid-7f3a",
	"eab_hmac_key", "c2VjcmV0LWhtYWMta2V5LWZvci10ZXN0cw",
	"proxy", "http://u:p@proxy.lan:3128",
	"[", "www",
	"names", "www.example.com *.example.com example.com",
	"key_type", "rsa3072",
	"key_reuse", "yes",
	"deploy", "/etc/init.d/uhttpd reload",
	"[", "nas",
	"names", "nas.lan.example.org",
	"preferred_chain", "ISRG Root X1",
	"profile", "tlsserver",
	"[", "mail",
	"names", "mail.example.net smtp.example.net",
	"key_type", "ec384",
};

/* Writes pool_conf to text (cap bytes) with a last deploy padded so that the
 * kept values and section names take CONFIG_CONF_POOL + extra bytes; 0 if
 * that does not fit in text. */
static int pool_text(char *text, size_t cap, size_t extra)
{
	static const char deploy[] = "/usr/bin/deploy ";
	size_t i, used = 0, len = 0, pad;
	int n;

	for (i = 0; i < TA_ARRAY_LEN(pool_conf); i += 2) {
		const char *k = pool_conf[i], *v = pool_conf[i + 1];

		n = *k == '[' ? snprintf(text + len, cap - len, "[%s]\n", v) :
			snprintf(text + len, cap - len, "%s = %s\n", k, v);
		if (n < 0 || (size_t)n >= cap - len)
			return 0;
		len += (size_t)n;
		if (strcmp(k, "key_type") && strcmp(k, "key_reuse"))
			used += strlen(v) + 1;     /* key types and booleans take no room */
	}
	used += sizeof(deploy);            /* its text and the NUL */
	if (used > CONFIG_CONF_POOL)
		return 0;
	pad = CONFIG_CONF_POOL + extra - used;
	n = snprintf(text + len, cap - len, "deploy = %s", deploy);
	if (n < 0 || (size_t)n + pad + 2 >= cap - len)
		return 0;
	len += (size_t)n;
	memset(text + len, 'x', pad);
	memcpy(text + len + pad, "\n", 2);
	return 1;
}

/* The number of the last line of text (each line ends with '\n'). */
static unsigned last_line(const char *text)
{
	unsigned n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* Puts a stack frame bigger than the config file buffer over the stack
 * ta_config_load used. */
static void __attribute__((noinline)) stack_scribble(void)
{
	volatile char junk[TA_CONF_TEXT_MAX * 2];
	size_t i;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (char)0xa5;
}

/* Checks every value pool_conf set (and the padded deploy's start). */
static void pool_check(void)
{
	const ta_cert_conf *cc;

	CHECK_INT(conf.ncerts, 3);
	CHECK_STR(conf.directory, "https://acme.example/directory");
	CHECK_STR(conf.state_dir, "/var/lib/tacme");
	CHECK_STR(conf.contact, "mailto:admin@example.com");
	CHECK_STR(conf.eab_kid, "kid-7f3a");
	CHECK_STR(conf.eab_hmac_key, "c2VjcmV0LWhtYWMta2V5LWZvci10ZXN0cw");
	CHECK_STR(conf.proxy, "http://u:p@proxy.lan:3128");
	CHECK_STR(conf.acmedns_credentials, "/var/lib/tacme/acmedns.json");
	CHECK_STR(conf.log, "stderr");
	REQUIRE((cc = ta_config_cert(&conf, "www")) != NULL);
	CHECK_STR(cc->name, "www");
	CHECK_STR(cc->names, "www.example.com *.example.com example.com");
	CHECK_STR(cc->key_type_name, "rsa3072");
	CHECK_INT(cc->key_bits, 3072);
	CHECK_INT(cc->key_reuse, 1);
	CHECK_STR(cc->deploy, "/etc/init.d/uhttpd reload");
	REQUIRE((cc = ta_config_cert(&conf, "nas")) != NULL);
	CHECK_STR(cc->names, "nas.lan.example.org");
	CHECK_STR(cc->preferred_chain, "ISRG Root X1");
	CHECK_STR(cc->profile, "tlsserver");
	CHECK(cc->deploy == NULL && cc->key_type_name == NULL && cc->key_reuse == 0);
	REQUIRE((cc = ta_config_cert(&conf, "mail")) != NULL);
	CHECK_STR(cc->names, "mail.example.net smtp.example.net");
	CHECK_STR(cc->key_type_name, "ec384");
	REQUIRE(cc->deploy != NULL);
	CHECK(!strncmp(cc->deploy, "/usr/bin/deploy xxx", 19));
	CHECK_INT(cc->deploy[strlen(cc->deploy) - 1], 'x');
	/* The last value ends on the pool's last byte: it was not cut. */
	CHECK(cc->deploy + strlen(cc->deploy) == conf.pool + sizeof(conf.pool) - 1);
}

static void t_config_pool_fits(void)
{
	static char text[TA_CONF_TEXT_MAX];
	char path[256];

	if (!pool_text(text, sizeof(text), 0)) {
		ta_test_skip("CONFIG_CONF_POOL is too large for a file under 8 KB");
		return;
	}
	REQUIRE(load(text, path, sizeof(path)) == 0);
	pool_check();
	/* The values are copies, not pointers into the (wiped) file buffer
	 * that lived on ta_config_load's stack. */
	stack_scribble();
	pool_check();
	unlink(path);
}

static void t_config_pool_full(void)
{
	static char text[TA_CONF_TEXT_MAX];
	char path[256], want[128];

	if (!pool_text(text, sizeof(text), 1)) {
		ta_test_skip("CONFIG_CONF_POOL is too large for a file under 8 KB");
		return;
	}
	snprintf(want, sizeof(want), ":%u: settings longer than %d bytes in total "
		"(CONFIG_CONF_POOL)", last_line(text), CONFIG_CONF_POOL);
	CHECK_INT(load(text, path, sizeof(path)), TA_ERR_CONFIG);
	CHECK(strstr(ta_error_msg(), path) != NULL);
	CHECK(strstr(ta_error_msg(), want) != NULL);
	/* A full pool refuses a section name too, on its line. */
	REQUIRE(pool_text(text, sizeof(text), 0));
	REQUIRE(strlen(text) + 20 < sizeof(text));
	strcat(text, "[more]\n");
	snprintf(want, sizeof(want), ":%u: settings longer than", last_line(text));
	CHECK_INT(load(text, path, sizeof(path)), TA_ERR_CONFIG);
	CHECK(strstr(ta_error_msg(), want) != NULL);
	if (ta_test_failed)
		fprintf(stderr, "    got \"%s\"\n", ta_error_msg());
	unlink(path);
}

/* Writes a config with one [big] section: rsa4096 and 32 names, 31 of 55
 * characters and the last of last_len (a CSR bound of TA_CSR_MAX at 48). */
static void csr_text(char *text, size_t cap, size_t last_len)
{
	size_t i, len = (size_t)snprintf(text, cap, "directory = https://x/dir\n[big]\n"
		"key_type = rsa4096\nnames =");

	for (i = 0; i < 32; i++) {
		size_t w = i < 31 ? 55 : last_len;

		REQUIRE(len + w + 3 < cap);
		len += (size_t)snprintf(text + len, cap - len, " %02zu", i);
		memset(text + len, 'a', w - 2 - 4);
		memcpy(text + len + w - 2 - 4, ".org", 4);
		len += w - 2;
	}
	text[len++] = '\n';
	text[len] = '\0';
}

/* A section whose CSR could not be sent at finalize is refused when the
 * config is read, not after every name was validated; one byte less fits. */
static void t_config_csr_size(void)
{
	static char text[4096];
	char path[256], want[200];

#if !CONFIG_KEY_RSA
	ta_test_skip("no RSA certificate keys (Kconfig KEY_RSA)");
	return;
#endif
	if (CONFIG_MAX_NAMES < 32 || CONFIG_CONF_POOL < 2400) {
		ta_test_skip("Kconfig MAX_NAMES < 32 or CONF_POOL < 2400");
		return;
	}
	REQUIRE(ta_csr_bound(TA_KEY_RSA, 4096, 32, 31 * 55 + 48) == TA_CSR_MAX);
	csr_text(text, sizeof(text), 48);
	CHECK_INT(load(text, path, sizeof(path)), 0);
	csr_text(text, sizeof(text), 49);
	CHECK_INT(load(text, path, sizeof(path)), TA_ERR_CONFIG);
	snprintf(want, sizeof(want), ":2: [big]: 32 names of %d characters in all and this "
		"key_type make a certificate request of up to %d bytes, more than the %d",
		31 * 55 + 49, TA_CSR_MAX + 1, TA_CSR_MAX);
	CHECK(strstr(ta_error_msg(), want) != NULL);
	if (ta_test_failed)
		fprintf(stderr, "    got \"%s\"\n", ta_error_msg());
	unlink(path);
}

const ta_test suite_conf[] = {
	{ "ini_basic", t_ini_basic },
	{ "ini_hash_in_value", t_ini_hash_in_value },
	{ "ini_errors", t_ini_errors },
	{ "ini_bom", t_ini_bom },
	{ "ini_nul_refused", t_ini_nul_refused },
	{ "config_ok", t_config_ok },
	{ "config_errors", t_config_errors },
	{ "config_sections", t_config_sections },
	{ "config_section_errors", t_config_section_errors },
	{ "config_missing_file", t_config_missing_file },
	{ "config_too_big", t_config_too_big },
	{ "config_pool_fits", t_config_pool_fits },
	{ "config_pool_full", t_config_pool_full },
	{ "config_csr_size", t_config_csr_size },
	{ 0, 0 }
};
