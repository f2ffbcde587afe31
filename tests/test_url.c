/* Tests of URL parsing and Host formatting. */
#include "test.h"
#include "tacme.h"
#include "ta_buf.h"
#include "ta_http.h"

static void t_https_default(void)
{
	ta_url u;

	REQUIRE(ta_url_parse("https://acme-v02.api.letsencrypt.org/directory", &u) == 0);
	CHECK_INT(u.tls, 1);
	CHECK_STR(u.host, "acme-v02.api.letsencrypt.org");
	CHECK_INT(u.port, 443);
	CHECK_STR(u.path, "/directory");
	CHECK(u.userinfo == NULL);
}

static void t_http_port_query(void)
{
	ta_url u;

	REQUIRE(ta_url_parse("http://127.0.0.1:8080/a/b?c=d&e", &u) == 0);
	CHECK_INT(u.tls, 0);
	CHECK_STR(u.host, "127.0.0.1");
	CHECK_INT(u.port, 8080);
	CHECK_STR(u.path, "/a/b?c=d&e");
	REQUIRE(ta_url_parse("http://example.com", &u) == 0);
	CHECK_INT(u.port, 80);
	CHECK_STR(u.path, "/");
}

static void t_ipv6(void)
{
	ta_url u;
	char mem[64];
	ta_buf b;

	REQUIRE(ta_url_parse("https://[::1]:14000/dir", &u) == 0);
	CHECK_STR(u.host, "::1");
	CHECK_INT(u.port, 14000);
	CHECK_STR(u.path, "/dir");
	ta_buf_init(&b, mem, sizeof(mem));
	ta_url_put_hostport(&b, &u, 0);
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(mem, "[::1]:14000");
	REQUIRE(ta_url_parse("https://[2001:db8::5]", &u) == 0);
	CHECK_STR(u.host, "2001:db8::5");
	CHECK_INT(u.port, 443);
	ta_buf_init(&b, mem, sizeof(mem));
	ta_url_put_hostport(&b, &u, 0);
	ta_url_put_hostport(&b, &u, 1);
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(mem, "[2001:db8::5][2001:db8::5]:443");
}

static void t_userinfo(void)
{
	ta_url u;

	REQUIRE(ta_url_parse("http://user:p%40ss@proxy.lan:3128", &u) == 0);
	CHECK_STR(u.host, "proxy.lan");
	CHECK_INT(u.port, 3128);
	CHECK_MEM(u.userinfo, u.userinfo_len, "user:p%40ss");
	CHECK_STR(u.path, "/");
}

static void t_rejects(void)
{
	static const char *const bad[] = {
		"ftp://x/", "https//x", "https://", "https:///path", "https://[::1/x",
		"https://[]/", "https://[::1]x/", "https://[::g]/", "https://host:0/",
		"https://host:65536/", "https://host:12a/", "https://host:/",
		"https://ho st/", "https://host/pa th", "https://host/p#frag",
		"https://host#frag", "https://host?q", "https://host/\x01",
		"https://host:123456/", "HTTPS://host/", "https://[cafe]/", "https://[1.2.3.4]:443/",
	};
	size_t i;
	ta_url u;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++) {
		ta_error_clear();
		if (ta_url_parse(bad[i], &u) != TA_ERR_PARSE) {
			fprintf(stderr, "    accepted: %s\n", bad[i]);
			ta_test_failed = 1;
		}
		CHECK(strstr(ta_error_msg(), "bad URL") != NULL);
	}
}

/* A refused URL's user:password@ never reaches the message, wherever the
 * mistake is (the bad port, a space, an '@' or '/' in the password, no
 * scheme as in https_proxy=user:pass@host:3128). */
static void t_error_hides_password(void)
{
	static const struct { const char *url, *shown; } cases[] = {
		{ "http://alice:Sup3rSecret@proxy.lan:80800", "\"http://...@proxy.lan:80800\"" },
		{ "http://alice:Sup3rSecret@proxy.lan :8080", "\"http://...@proxy.lan :8080\"" },
		{ "http://alice:Sup3r@Secret@proxy.lan:8080x", "\"http://...@proxy.lan:8080x\"" },
		{ "http://alice:Sup3r/Secret@proxy.lan:0", "\"http://...@proxy.lan:0\"" },
		{ "alice:Sup3rSecret@proxy.lan:3128", "\"...@proxy.lan:3128\"" },
	};
	size_t i;
	ta_url u;

	for (i = 0; i < TA_ARRAY_LEN(cases); i++) {
		ta_error_clear();
		CHECK(ta_url_parse(cases[i].url, &u) != 0);
		if (strstr(ta_error_msg(), "Secret") || strstr(ta_error_msg(), "alice") ||
		    !strstr(ta_error_msg(), cases[i].shown)) {
			fprintf(stderr, "    %s: %s\n", cases[i].url, ta_error_msg());
			ta_test_failed = 1;
		}
	}
}

static void t_host_too_long(void)
{
	char url[400];
	ta_url u;

	memcpy(url, "https://", 8);
	memset(url + 8, 'a', 300);
	strcpy(url + 308, "/x");
	ta_error_clear();
	CHECK_INT(ta_url_parse(url, &u), TA_ERR_SPACE);
	url[8 + TA_HOST_MAX - 1] = '\0';
	CHECK_INT(ta_url_parse(url, &u), 0);
	CHECK_INT(strlen(u.host), TA_HOST_MAX - 1);
}

const ta_test suite_url[] = {
	{ "https_default", t_https_default },
	{ "http_port_query", t_http_port_query },
	{ "ipv6", t_ipv6 },
	{ "userinfo", t_userinfo },
	{ "rejects", t_rejects },
	{ "host_too_long", t_host_too_long },
	{ "error_hides_password", t_error_hides_password },
	{ 0, 0 }
};
