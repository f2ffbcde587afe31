/* Tests of the INI reader and the config file loader. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_tls.h"
#include "ta_conf.h"

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

const ta_test suite_conf[] = {
	{ "ini_basic", t_ini_basic },
	{ "ini_hash_in_value", t_ini_hash_in_value },
	{ "ini_errors", t_ini_errors },
	{ "ini_nul_refused", t_ini_nul_refused },
	{ "config_ok", t_config_ok },
	{ "config_errors", t_config_errors },
	{ "config_sections", t_config_sections },
	{ "config_section_errors", t_config_section_errors },
	{ "config_missing_file", t_config_missing_file },
	{ "config_too_big", t_config_too_big },
	{ 0, 0 }
};
