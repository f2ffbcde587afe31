/* Integration tests through tacme's own stack (TCP, TLS with verification,
 * HTTP, JSON) against real servers that tests/check.sh starts on loopback:
 * Debian's Pebble, TLS servers that must be refused, a CONNECT proxy. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "tacme.h"
#include "tacme_tls.h"
#include "ta_http.h"
#include "ta_json.h"

static char buf[CONFIG_HTTP_BUF_SIZE];
static ta_json_tok tok[CONFIG_JSON_MAX_TOKENS];

/* Returns the env var or marks the test failed: check.sh always sets them. */
static const char *need_env(const char *name)
{
	const char *v = ta_test_env(name);

	if (!v) {
		fprintf(stderr, "    %s is not set: run the suite with tests/check.sh\n", name);
		ta_test_failed = 1;
	}
	return v;
}

static void setup(ta_http *h, const char *proxy)
{
	ta_error_clear();
	ta_tls_set_ca_file(ta_test_env("TACME_TEST_CA"));
	ta_http_init(h, buf, sizeof(buf), proxy);
}

/* Reads a string member of the directory into out. */
static int dir_url(const ta_http *h, const char *key, char *out, size_t cap)
{
	ta_json j;

	if (ta_json_parse(&j, h->body, h->body_len, tok, TA_ARRAY_LEN(tok)))
		return -1;
	return ta_json_str(&j, ta_json_get(&j, 0, key), out, cap, NULL);
}

static void t_directory_and_nonce_one_connection(void)
{
	const char *url = need_env("TACME_TEST_DIR_URL");
	char nonce_url[512], acct_url[512], first_nonce[128];
	unsigned before = ta_net_connect_count();
	ta_http h;
	ta_http_req r;
	int i;

	REQUIRE(url);
	setup(&h, NULL);
	REQUIRE(ta_http_get(&h, url, "application/json") == 0);
	CHECK_INT(h.status, 200);
	REQUIRE(dir_url(&h, "newNonce", nonce_url, sizeof(nonce_url)) == 0);
	REQUIRE(dir_url(&h, "newAccount", acct_url, sizeof(acct_url)) == 0);
	CHECK(strncmp(acct_url, "https://", 8) == 0);
	first_nonce[0] = '\0';
	for (i = 0; i < 3; i++) {
		const char *nonce;

		memset(&r, 0, sizeof(r));
		r.method = "HEAD";
		r.url = nonce_url;
		REQUIRE(ta_http_do(&h, &r) == 0);
		CHECK(h.status == 200 || h.status == 204);
		CHECK_INT(h.body_len, 0);
		nonce = ta_http_header(&h, "replay-nonce", 0);   /* any case */
		REQUIRE(nonce && strlen(nonce) >= 16);
		CHECK(strcmp(nonce, first_nonce) != 0);          /* fresh each time */
		snprintf(first_nonce, sizeof(first_nonce), "%s", nonce);
	}
	REQUIRE(ta_http_get(&h, url, "application/json") == 0);
	CHECK_INT(h.status, 200);
	/* Five requests, one TCP connection, one TLS handshake. */
	CHECK_INT(h.requests, 5);
	CHECK_INT(h.connects, 1);
	CHECK_INT(ta_net_connect_count() - before, 1);
	ta_http_close(&h);
}

static void t_not_found_status_keeps_connection(void)
{
	const char *url = need_env("TACME_TEST_DIR_URL");
	char missing[600];
	ta_http h;

	REQUIRE(url);
	setup(&h, NULL);
	snprintf(missing, sizeof(missing), "%s-no-such-thing", url);
	REQUIRE(ta_http_get(&h, url, NULL) == 0);
	REQUIRE(ta_http_get(&h, missing, NULL) == 0);
	CHECK_INT(h.status, 404);
	REQUIRE(ta_http_get(&h, url, NULL) == 0);
	CHECK_INT(h.status, 200);
	CHECK_INT(h.connects, 1);
	ta_http_close(&h);
}

/* Two https clients alternate: with room for one TLS connection only
 * (CONFIG_TLS_CONNS 1) each request closes the other's idle connection,
 * which then connects again by itself; with room for two, nothing closes. */
static void t_tls_room_shared(void)
{
	const char *url = need_env("TACME_TEST_DIR_URL");
	static char buf2[8192];
	unsigned extra = CONFIG_TLS_CONNS < 2;
	ta_http h, h2;
	int i;

	REQUIRE(url);
	setup(&h, NULL);
	ta_http_init(&h2, buf2, sizeof(buf2), NULL);
	for (i = 0; i < 3; i++) {
		REQUIRE(ta_http_get(&h, url, NULL) == 0);
		CHECK_INT(h.status, 200);
		REQUIRE(ta_http_get(&h2, url, NULL) == 0);
		CHECK_INT(h2.status, 200);
	}
	CHECK_INT(h.connects, 1 + 2 * extra);
	CHECK_INT(h2.connects, 1 + 2 * extra);
	CHECK_INT(ta_error_code(), 0);
	ta_http_close(&h);
	ta_http_close(&h2);
}

static void t_untrusted_refused(void)
{
	const char *url = need_env("TACME_TEST_UNTRUSTED_URL");
	ta_http h;

	REQUIRE(url);
	setup(&h, NULL);
	CHECK_INT(ta_http_get(&h, url, NULL), TA_ERR_CERT);
	CHECK(strstr(ta_error_msg(), "does not chain") != NULL);
	CHECK_INT(h.status, 0);
}

static void t_wrong_name_refused(void)
{
	const char *url = need_env("TACME_TEST_WRONGNAME_URL");
	ta_http h;

	REQUIRE(url);
	setup(&h, NULL);
	CHECK_INT(ta_http_get(&h, url, NULL), TA_ERR_CERT);
	CHECK(strstr(ta_error_msg(), "not valid for that name") != NULL);
}

static void t_dns_name_checked_too(void)
{
	/* The wrong-name server by the name "localhost": chain fine, name wrong. */
	const char *port = getenv("TACME_TEST_WRONGNAME_URL");
	char url[256];
	ta_http h;

	REQUIRE(port);
	port = strrchr(port, ':');
	REQUIRE(port);
	snprintf(url, sizeof(url), "https://localhost%s", port);
	setup(&h, NULL);
	CHECK_INT(ta_http_get(&h, url, NULL), TA_ERR_CERT);
	CHECK(strstr(ta_error_msg(), "not valid for that name") != NULL);
}

static void t_missing_ca_bundle(void)
{
	const char *url = need_env("TACME_TEST_DIR_URL");
	ta_http h;

	REQUIRE(url);
	ta_error_clear();
	ta_tls_set_ca_file("/nonexistent/ca.pem");
	ta_http_init(&h, buf, sizeof(buf), NULL);
	CHECK_INT(ta_http_get(&h, url, NULL), TA_ERR_CERT);
	CHECK(strstr(ta_error_msg(), "cannot read the CA bundle") != NULL);
	ta_tls_set_ca_file(NULL);
}

static void t_through_proxy(void)
{
	const char *url = need_env("TACME_TEST_DIR_URL");
	const char *proxy = need_env("TACME_TEST_PROXY");
	const char *log = need_env("TACME_TEST_PROXY_LOG");
	char line[256], want[64];
	int seen = 0;
	FILE *f;
	ta_http h;

	REQUIRE(url && proxy && log);
	setup(&h, proxy);
	REQUIRE(ta_http_get(&h, url, "application/json") == 0);
	CHECK_INT(h.status, 200);
	REQUIRE(ta_http_get(&h, url, "application/json") == 0);
	CHECK_INT(h.connects, 1);
	ta_http_close(&h);
	snprintf(want, sizeof(want), "CONNECT 127.0.0.1:%s", need_env("TACME_TEST_PEBBLE_PORT"));
	f = fopen(log, "r");
	REQUIRE(f);
	while (fgets(line, sizeof(line), f))
		seen += strncmp(line, want, strlen(want)) == 0;
	fclose(f);
	CHECK(seen >= 1);
}

static void t_proxy_bad_password(void)
{
	const char *url = need_env("TACME_TEST_DIR_URL");
	const char *proxy = need_env("TACME_TEST_PROXY");
	char bad[256];
	const char *at;
	ta_http h;

	REQUIRE(url && proxy);
	at = strchr(proxy, '@');
	REQUIRE(at);
	snprintf(bad, sizeof(bad), "http://tester:wrong%s", at);
	setup(&h, bad);
	CHECK_INT(ta_http_get(&h, url, NULL), TA_ERR_NET);
	CHECK(strstr(ta_error_msg(), "407") != NULL);
}

static void t_ipv6_literal(void)
{
	const char *url = ta_test_env("TACME_TEST_V6_URL");
	ta_http h;

	if (!url) {
		ta_test_skip("no IPv6 loopback on this machine");
		return;
	}
	setup(&h, NULL);
	REQUIRE(ta_http_get(&h, url, NULL) == 0);
	CHECK_INT(h.status, 200);
	ta_http_close(&h);
}

const ta_test suite_pebble[] = {
	{ "directory_and_nonce_one_connection", t_directory_and_nonce_one_connection },
	{ "not_found_status_keeps_connection", t_not_found_status_keeps_connection },
	{ "tls_room_shared", t_tls_room_shared },
	{ "untrusted_refused", t_untrusted_refused },
	{ "wrong_name_refused", t_wrong_name_refused },
	{ "dns_name_checked_too", t_dns_name_checked_too },
	{ "missing_ca_bundle", t_missing_ca_bundle },
	{ "through_proxy", t_through_proxy },
	{ "proxy_bad_password", t_proxy_bad_password },
	{ "ipv6_literal", t_ipv6_literal },
	{ 0, 0 }
};
