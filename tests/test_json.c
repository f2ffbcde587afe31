/* Tests of the JSON reader (src/json.c) and writer (src/jsonw.c), on
 * recorded ACME documents, RFC 8259 edge cases and malformed inputs. */
#include <stdint.h>
#include "test.h"
#include "tacme.h"
#include "config.h"
#include "ta_buf.h"
#include "ta_json.h"

static ta_json_tok tok[CONFIG_JSON_MAX_TOKENS];
static ta_json J;
static char sbuf[1024];

static int parse(const char *s)
{
	return ta_json_parse(&J, s, strlen(s), tok, TA_ARRAY_LEN(tok));
}

/* Unescaped string token i, or "(err)". */
static const char *str(int i)
{
	if (ta_json_str(&J, i, sbuf, sizeof(sbuf), NULL) != 0)
		return "(err)";
	return sbuf;
}

/* Value at a path of object keys from the root, or -1. */
static int path(const char *a, const char *b, const char *c)
{
	int i = ta_json_get(&J, 0, a);

	if (b)
		i = ta_json_get(&J, i, b);
	if (c)
		i = ta_json_get(&J, i, c);
	return i;
}

/* Recorded from Pebble 2.4.0 (Debian), GET /dir. */
static const char pebble_dir[] =
	"{\n   \"keyChange\": \"https://127.0.0.1:14731/rollover-account-key\",\n"
	"   \"meta\": {\n      \"externalAccountRequired\": false,\n"
	"      \"termsOfService\": \"data:text/plain,Do%20what%20thou%20wilt\"\n   },\n"
	"   \"newAccount\": \"https://127.0.0.1:14731/sign-me-up\",\n"
	"   \"newNonce\": \"https://127.0.0.1:14731/nonce-plz\",\n"
	"   \"newOrder\": \"https://127.0.0.1:14731/order-plz\",\n"
	"   \"revokeCert\": \"https://127.0.0.1:14731/revoke-cert\"\n}";

/* Let's Encrypt production directory (2025 shape, with profiles and ARI). */
static const char le_dir[] =
	"{\n  \"Ym1ON0MqsVs\": \"https://community.letsencrypt.org/t/adding-random-entries-to-the-directory/33417\",\n"
	"  \"keyChange\": \"https://acme-v02.api.letsencrypt.org/acme/key-change\",\n"
	"  \"meta\": {\n    \"caaIdentities\": [\n      \"letsencrypt.org\"\n    ],\n"
	"    \"profiles\": {\n"
	"      \"classic\": \"https://letsencrypt.org/docs/profiles#classic\",\n"
	"      \"shortlived\": \"https://letsencrypt.org/docs/profiles#shortlived\",\n"
	"      \"tlsclient\": \"https://letsencrypt.org/docs/profiles#tlsclient\",\n"
	"      \"tlsserver\": \"https://letsencrypt.org/docs/profiles#tlsserver\"\n    },\n"
	"    \"termsOfService\": \"https://letsencrypt.org/documents/LE-SA-v1.5-February-24-2025.pdf\",\n"
	"    \"website\": \"https://letsencrypt.org\"\n  },\n"
	"  \"newAccount\": \"https://acme-v02.api.letsencrypt.org/acme/new-acct\",\n"
	"  \"newNonce\": \"https://acme-v02.api.letsencrypt.org/acme/new-nonce\",\n"
	"  \"newOrder\": \"https://acme-v02.api.letsencrypt.org/acme/new-order\",\n"
	"  \"renewalInfo\": \"https://acme-v02.api.letsencrypt.org/acme/renewal-info\",\n"
	"  \"revokeCert\": \"https://acme-v02.api.letsencrypt.org/acme/revoke-cert\"\n}\n";

/* RFC 8555 section 6.7.1 example, with a status added. */
static const char problem[] =
	"{\n    \"type\": \"urn:ietf:params:acme:error:malformed\",\n"
	"    \"detail\": \"Some of the identifiers requested were rejected\",\n"
	"    \"status\": 400,\n"
	"    \"subproblems\": [\n        {\n"
	"            \"type\": \"urn:ietf:params:acme:error:malformed\",\n"
	"            \"detail\": \"Invalid underscore in DNS name \\\"_example.org\\\"\",\n"
	"            \"identifier\": {\n                \"type\": \"dns\",\n"
	"                \"value\": \"_example.org\"\n            }\n        },\n        {\n"
	"            \"type\": \"urn:ietf:params:acme:error:rejectedIdentifier\",\n"
	"            \"detail\": \"This CA will not issue for \\\"example.net\\\"\",\n"
	"            \"identifier\": {\n                \"type\": \"dns\",\n"
	"                \"value\": \"example.net\"\n            }\n        }\n    ]\n}";

static void t_scalars(void)
{
	static const struct { const char *s; int type; } v[] = {
		{ "true", TA_JSON_TRUE }, { " false ", TA_JSON_FALSE },
		{ "\nnull\t", TA_JSON_NULL }, { "0", TA_JSON_NUMBER },
		{ "-1.5e+3", TA_JSON_NUMBER }, { "\"x\"", TA_JSON_STRING },
		{ "\"\"", TA_JSON_STRING }, { "[]", TA_JSON_ARRAY },
		{ "{}", TA_JSON_OBJECT }, { "\r\n [ ] \r\n", TA_JSON_ARRAY },
	};
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(v); i++) {
		CHECK_INT(parse(v[i].s), 0);
		CHECK_INT(J.ntok, 1);
		CHECK_INT(ta_json_type(&J, 0), v[i].type);
		CHECK_INT(tok[0].next, 1);
		CHECK_INT(tok[0].size, 0);
	}
	CHECK_INT(parse(" -1.5e+3 "), 0);
	CHECK_INT(tok[0].start, 1);
	CHECK_INT(tok[0].end, 8);
	CHECK_INT(parse("\"\""), 0);
	CHECK_STR(str(0), "");
}

static void t_layout(void)
{
	/* tokens: 0 { 1 a 2 [ 3 1 4 { 5 b 6 null 7 [] 8 c 9 {} 10 d 11 e */
	const char *d = "{\"a\":[1,{\"b\":null},[]],\"c\":{},\"d\":\"e\"}";
	int a, o;

	REQUIRE(parse(d) == 0);
	CHECK_INT(J.ntok, 12);
	CHECK_INT(tok[0].type, TA_JSON_OBJECT);
	CHECK_INT(tok[0].size, 3);
	CHECK_INT(tok[0].next, 12);
	CHECK_INT(tok[0].start, 0);
	CHECK_INT(tok[0].end, strlen(d));
	CHECK_INT(tok[1].type, TA_JSON_STRING);     /* key "a" */
	CHECK_INT(tok[1].start, 2);
	CHECK_INT(tok[1].end, 3);
	CHECK_INT(tok[1].next, 2);
	a = ta_json_get(&J, 0, "a");
	CHECK_INT(a, 2);
	CHECK_INT(tok[a].type, TA_JSON_ARRAY);
	CHECK_INT(tok[a].size, 3);
	CHECK_INT(tok[a].next, 8);                  /* skips the subtree */
	CHECK_INT(ta_json_at(&J, a, 0), 3);
	o = ta_json_at(&J, a, 1);
	CHECK_INT(o, 4);
	CHECK_INT(tok[o].next, 7);
	CHECK_INT(ta_json_type(&J, ta_json_get(&J, o, "b")), TA_JSON_NULL);
	CHECK_INT(ta_json_at(&J, a, 2), 7);
	CHECK_INT(ta_json_type(&J, 7), TA_JSON_ARRAY);
	CHECK_INT(tok[7].size, 0);
	CHECK_INT(ta_json_at(&J, a, 3), -1);
	CHECK_INT(ta_json_get(&J, 0, "c"), 9);
	CHECK_INT(tok[9].type, TA_JSON_OBJECT);
	CHECK_INT(tok[9].size, 0);
	CHECK_INT(tok[9].next, 10);
	CHECK_STR(str(ta_json_get(&J, 0, "d")), "e");
	CHECK_INT(ta_json_get(&J, 0, "e"), -1);
	CHECK_INT(ta_json_get(&J, a, "a"), -1);     /* not an object */
	CHECK_INT(ta_json_at(&J, 0, 0), -1);        /* not an array */
	CHECK_INT(ta_json_type(&J, -1), 0);
	CHECK_INT(ta_json_type(&J, 12), 0);
	CHECK_INT(ta_json_get(&J, -1, "a"), -1);
	CHECK_INT(ta_json_at(&J, 99, 0), -1);
}

static void t_whitespace(void)
{
	REQUIRE(parse(" \t\r\n{ \"a\" :\n[ 1 , 2\t]\r, \"b\" : { } } \n") == 0);
	CHECK_INT(J.ntok, 7);
	CHECK_INT(tok[ta_json_get(&J, 0, "a")].size, 2);
	CHECK_INT(ta_json_type(&J, ta_json_get(&J, 0, "b")), TA_JSON_OBJECT);
}

static void t_pebble_directory(void)
{
	int meta;

	REQUIRE(parse(pebble_dir) == 0);
	CHECK_INT(tok[0].size, 6);
	CHECK(ta_json_eq(&J, path("newNonce", 0, 0), "https://127.0.0.1:14731/nonce-plz"));
	CHECK_STR(str(path("newAccount", 0, 0)), "https://127.0.0.1:14731/sign-me-up");
	CHECK_STR(str(path("newOrder", 0, 0)), "https://127.0.0.1:14731/order-plz");
	CHECK_STR(str(path("revokeCert", 0, 0)), "https://127.0.0.1:14731/revoke-cert");
	CHECK_STR(str(path("keyChange", 0, 0)), "https://127.0.0.1:14731/rollover-account-key");
	meta = path("meta", 0, 0);
	CHECK_INT(ta_json_type(&J, meta), TA_JSON_OBJECT);
	CHECK_INT(ta_json_type(&J, ta_json_get(&J, meta, "externalAccountRequired")), TA_JSON_FALSE);
	CHECK_STR(str(ta_json_get(&J, meta, "termsOfService")), "data:text/plain,Do%20what%20thou%20wilt");
	CHECK_INT(path("renewalInfo", 0, 0), -1);
	CHECK_INT(path("meta", "profiles", 0), -1);
	CHECK_INT(tok[0].next, J.ntok);
}

static void t_le_directory(void)
{
	int caa;

	REQUIRE(parse(le_dir) == 0);
	CHECK_STR(str(path("newNonce", 0, 0)), "https://acme-v02.api.letsencrypt.org/acme/new-nonce");
	CHECK_STR(str(path("renewalInfo", 0, 0)), "https://acme-v02.api.letsencrypt.org/acme/renewal-info");
	CHECK_STR(str(path("meta", "profiles", "classic")), "https://letsencrypt.org/docs/profiles#classic");
	CHECK_STR(str(path("meta", "profiles", "tlsserver")), "https://letsencrypt.org/docs/profiles#tlsserver");
	CHECK_INT(tok[path("meta", "profiles", 0)].size, 4);
	CHECK_STR(str(path("meta", "termsOfService", 0)),
		"https://letsencrypt.org/documents/LE-SA-v1.5-February-24-2025.pdf");
	caa = path("meta", "caaIdentities", 0);
	CHECK_INT(tok[caa].size, 1);
	CHECK(ta_json_eq(&J, ta_json_at(&J, caa, 0), "letsencrypt.org"));
	CHECK_INT(ta_json_at(&J, caa, 1), -1);
	CHECK_INT(path("meta", "profiles", "default"), -1);
	/* a key after a large nested member is still found */
	CHECK_STR(str(path("revokeCert", 0, 0)), "https://acme-v02.api.letsencrypt.org/acme/revoke-cert");
}

static void t_problem_document(void)
{
	int subs, s1;
	int64_t status = 0;

	REQUIRE(parse(problem) == 0);
	CHECK(ta_json_eq(&J, path("type", 0, 0), "urn:ietf:params:acme:error:malformed"));
	CHECK_INT(ta_json_int(&J, path("status", 0, 0), &status), 0);
	CHECK_INT(status, 400);
	subs = path("subproblems", 0, 0);
	CHECK_INT(ta_json_type(&J, subs), TA_JSON_ARRAY);
	CHECK_INT(tok[subs].size, 2);
	CHECK_STR(str(ta_json_get(&J, ta_json_at(&J, subs, 0), "detail")),
		"Invalid underscore in DNS name \"_example.org\"");
	s1 = ta_json_at(&J, subs, 1);
	CHECK_STR(str(ta_json_get(&J, s1, "type")), "urn:ietf:params:acme:error:rejectedIdentifier");
	CHECK_STR(str(ta_json_get(&J, ta_json_get(&J, s1, "identifier"), "value")), "example.net");
	CHECK_INT(ta_json_at(&J, subs, 2), -1);
	/* the raw token keeps its escapes */
	CHECK_MEM(J.doc + tok[ta_json_get(&J, s1, "detail")].start,
		tok[ta_json_get(&J, s1, "detail")].end - tok[ta_json_get(&J, s1, "detail")].start,
		"This CA will not issue for \\\"example.net\\\"");
}

static void t_order(void)
{
	static const char order[] =
		"{\"status\":\"pending\",\"expires\":\"2026-01-08T19:29:33Z\","
		"\"identifiers\":[{\"type\":\"dns\",\"value\":\"example.org\"},"
		"{\"type\":\"dns\",\"value\":\"*.example.org\"}],"
		"\"authorizations\":[\"https://127.0.0.1:14731/authZ/a1\","
		"\"https://127.0.0.1:14731/authZ/a2\"],"
		"\"finalize\":\"https://127.0.0.1:14731/finalize-order/x\"}";
	int auth;

	REQUIRE(parse(order) == 0);
	CHECK(ta_json_eq(&J, path("status", 0, 0), "pending"));
	CHECK(!ta_json_eq(&J, path("status", 0, 0), "pendin"));
	CHECK(!ta_json_eq(&J, path("status", 0, 0), "pendingx"));
	CHECK(!ta_json_eq(&J, path("identifiers", 0, 0), "pending"));
	auth = path("authorizations", 0, 0);
	CHECK_STR(str(ta_json_at(&J, auth, 1)), "https://127.0.0.1:14731/authZ/a2");
	CHECK_STR(str(ta_json_get(&J, ta_json_at(&J, path("identifiers", 0, 0), 1), "value")),
		"*.example.org");
	CHECK_STR(str(path("finalize", 0, 0)), "https://127.0.0.1:14731/finalize-order/x");
}

static void t_escaped_keys(void)
{
	REQUIRE(parse("{\"a\\\"b\":1,\"\\u0063d\":2,\"\\u00e9\":3,\"x\\/y\":4,"
		"\"ab\":5,\"\":6,\"\\ud83d\\ude00\":7,\"tab\\t\":8,\"a\":9}") == 0);
	CHECK_INT(ta_json_get(&J, 0, "a\"b"), 2);
	CHECK_INT(ta_json_get(&J, 0, "cd"), 4);
	CHECK_INT(ta_json_get(&J, 0, "\xc3\xa9"), 6);
	CHECK_INT(ta_json_get(&J, 0, "x/y"), 8);
	CHECK_INT(ta_json_get(&J, 0, "ab"), 10);
	CHECK_INT(ta_json_get(&J, 0, ""), 12);
	CHECK_INT(ta_json_get(&J, 0, "\xf0\x9f\x98\x80"), 14);
	CHECK_INT(ta_json_get(&J, 0, "tab\t"), 16);
	CHECK_INT(ta_json_get(&J, 0, "a"), 18);      /* not a prefix of "a\"b" */
	CHECK_INT(ta_json_get(&J, 0, "c"), -1);
	CHECK_INT(ta_json_get(&J, 0, "cde"), -1);
	CHECK_INT(ta_json_get(&J, 0, "\\u0063d"), -1);  /* raw text is not the key */
	CHECK_INT(ta_json_get(&J, 0, "x\\/y"), -1);
	/* duplicates: the first member wins */
	REQUIRE(parse("{\"k\":1,\"k\":2}") == 0);
	CHECK_INT(ta_json_get(&J, 0, "k"), 2);
}

static void t_unescape(void)
{
	size_t n = 99;

	REQUIRE(parse("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"\\u00e9\\u20AC\","
		"\"\\ud83d\\ude00\",\"\\uD834\\uDD1E\",\"\\u0041\\u007f\\u0080\","
		"\"\\uffff\\uDBFF\\uDFFF\",\"caf\xc3\xa9 \xe2\x82\xac\"]") == 0);
	CHECK_INT(ta_json_str(&J, 1, sbuf, sizeof(sbuf), &n), 0);
	CHECK_INT(n, 8);
	CHECK_STR(sbuf, "\"\\/\b\f\n\r\t");
	CHECK_STR(str(2), "\xc3\xa9\xe2\x82\xac");
	CHECK_STR(str(3), "\xf0\x9f\x98\x80");
	CHECK_STR(str(4), "\xf0\x9d\x84\x9e");
	CHECK_STR(str(5), "A\x7f\xc2\x80");
	CHECK_STR(str(6), "\xef\xbf\xbf\xf4\x8f\xbf\xbf");
	CHECK_STR(str(7), "caf\xc3\xa9 \xe2\x82\xac");
	CHECK(ta_json_eq(&J, 3, "\xf0\x9f\x98\x80"));
	CHECK(!ta_json_eq(&J, 3, "\xf0\x9f\x98"));
	CHECK(ta_json_eq(&J, 1, "\"\\/\b\f\n\r\t"));
	CHECK_INT(ta_json_str(&J, 0, sbuf, sizeof(sbuf), NULL), TA_ERR_PARSE);  /* array */
	CHECK_STR(sbuf, "");
	CHECK_INT(ta_json_str(&J, 8, sbuf, sizeof(sbuf), NULL), TA_ERR_PARSE);  /* no token */
}

static void t_utf8_boundaries(void)
{
	static const char *const ok[] = {
		"\"\xc2\x80\"", "\"\xdf\xbf\"", "\"\xe0\xa0\x80\"", "\"\xed\x9f\xbf\"",
		"\"\xee\x80\x80\"", "\"\xef\xbf\xbf\"", "\"\xf0\x90\x80\x80\"",
		"\"\xf4\x8f\xbf\xbf\"", "\"\x7f\"",
	};
	size_t i;
	uint32_t cp = 0;

	for (i = 0; i < TA_ARRAY_LEN(ok); i++) {
		CHECK_INT(parse(ok[i]), 0);
		CHECK_INT(strlen(str(0)), strlen(ok[i]) - 2);
		CHECK(memcmp(str(0), ok[i] + 1, strlen(ok[i]) - 2) == 0);
	}
	CHECK_INT(ta_json_utf8("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	CHECK_INT(cp, 0x10FFFF);
	CHECK_INT(ta_json_utf8("\xe2\x82\xac", 3, &cp), 3);
	CHECK_INT(cp, 0x20AC);
	CHECK_INT(ta_json_utf8("\xe2\x82\xac", 2, &cp), 0);   /* cut short */
	CHECK_INT(ta_json_utf8("\xc1\xbf", 2, &cp), 0);
	CHECK_INT(ta_json_utf8("", 0, &cp), 0);
}

static void t_str_space(void)
{
	char out[8];
	size_t n = 99;

	REQUIRE(parse("[\"abcdefg\",\"abcde\\u00e9\",\"\"]") == 0);
	CHECK_INT(ta_json_str(&J, 1, out, 8, &n), 0);         /* 7 + NUL */
	CHECK_STR(out, "abcdefg");
	CHECK_INT(n, 7);
	n = 99;
	CHECK_INT(ta_json_str(&J, 1, out, 7, &n), TA_ERR_SPACE);
	CHECK_INT(n, 99);
	CHECK_STR(out, "");
	CHECK_INT(ta_json_str(&J, 1, out, 0, NULL), TA_ERR_SPACE);
	CHECK_INT(ta_json_str(&J, 2, out, 8, NULL), 0);       /* 5 + 2 + NUL */
	CHECK_STR(out, "abcde\xc3\xa9");
	CHECK_INT(ta_json_str(&J, 2, out, 7, NULL), TA_ERR_SPACE);  /* é not split */
	CHECK_STR(out, "");
	CHECK_INT(ta_json_str(&J, 3, out, 1, &n), 0);
	CHECK_INT(n, 0);
	CHECK_INT(ta_json_str(&J, 3, out, 0, NULL), TA_ERR_SPACE);
}

static void t_int(void)
{
	static const struct { const char *s; int r; int64_t v; } v[] = {
		{ "0", 0, 0 }, { "-0", 0, 0 }, { "42", 0, 42 }, { "-7", 0, -7 },
		{ "9223372036854775807", 0, INT64_MAX },
		{ "-9223372036854775808", 0, INT64_MIN },
		{ "9223372036854775806", 0, INT64_MAX - 1 },
		{ "-9223372036854775807", 0, -INT64_MAX },
		{ "9223372036854775808", TA_ERR_PARSE, 0 },
		{ "-9223372036854775809", TA_ERR_PARSE, 0 },
		{ "9223372036854775810", TA_ERR_PARSE, 0 },
		{ "18446744073709551616", TA_ERR_PARSE, 0 },
		{ "100000000000000000000000000000", TA_ERR_PARSE, 0 },
		{ "1.0", TA_ERR_PARSE, 0 }, { "1e3", TA_ERR_PARSE, 0 },
		{ "-1E0", TA_ERR_PARSE, 0 }, { "\"1\"", TA_ERR_PARSE, 0 },
		{ "true", TA_ERR_PARSE, 0 }, { "[1]", TA_ERR_PARSE, 0 },
	};
	size_t i;
	int64_t x;

	for (i = 0; i < TA_ARRAY_LEN(v); i++) {
		REQUIRE(parse(v[i].s) == 0);
		x = 12345;
		CHECK_INT(ta_json_int(&J, 0, &x), v[i].r);
		CHECK(x == (v[i].r ? 12345 : v[i].v));
		if (ta_test_failed) {
			fprintf(stderr, "    input %s\n", v[i].s);
			return;
		}
	}
	CHECK_INT(ta_json_int(&J, -1, &x), TA_ERR_PARSE);
}

static void t_numbers_grammar(void)
{
	static const char *const ok[] = {
		"0.5", "-0", "1E10", "1e-7", "-0.0e+0", "123456789012345678901234567890",
		"[0,-0,0.0,1e1,1E+1,1e-1,10.25]", "1.7976931348623157e309",
	};
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(ok); i++)
		CHECK_INT(parse(ok[i]), 0);
	REQUIRE(parse("[0,-0,0.0,1e1,1E+1,1e-1,10.25]") == 0);
	CHECK_INT(tok[0].size, 7);
	CHECK_INT(tok[7].end - tok[7].start, 5);
}

static const struct { const char *s; size_t len; } bad[] = {
	{ "", 0 }, { " ", 0 }, { "\n\t", 0 },
	/* truncated */
	{ "[", 0 }, { "[1", 0 }, { "[1,", 0 }, { "{", 0 }, { "{\"a\"", 0 },
	{ "{\"a\":", 0 }, { "{\"a\":1", 0 }, { "\"abc", 0 }, { "\"abc\\", 0 },
	{ "\"\\u12", 0 }, { "tru", 0 }, { "nul", 0 }, { "fals", 0 },
	/* structure */
	{ "[1,]", 0 }, { "[,1]", 0 }, { "[1,,2]", 0 }, { "[1 2]", 0 },
	{ "{\"a\"1}", 0 }, { "{\"a\":}", 0 }, { "{,}", 0 }, { "{\"a\":1,}", 0 },
	{ "{\"a\":1 \"b\":2}", 0 }, { "{1:2}", 0 }, { "{\"a\"}", 0 },
	{ "[1;2]", 0 }, { "{\"a\":1;\"b\":2}", 0 }, { "[\"a\":1]", 0 }, { "[1:2]", 0 },
	{ "{\"a\",1}", 0 }, { "{\"a\"::1}", 0 }, { "{'a':1}", 0 }, { "{a:1}", 0 },
	{ "[1}", 0 }, { "{\"a\":1]", 0 }, { "]", 0 }, { "}", 0 }, { ",", 0 },
	{ ":", 0 }, { "[1]]", 0 }, { "{}}", 0 },
	/* trailing garbage */
	{ "[1]x", 0 }, { "{} {}", 0 }, { "1 2", 0 }, { "truee", 0 }, { "true1", 0 },
	{ "nullx", 0 }, { "[1]\0", 4 }, { "0 ,", 0 }, { "\"a\"\"b\"", 0 },
	/* numbers */
	{ "01", 0 }, { "-01", 0 }, { "00", 0 }, { "[01]", 0 }, { "1.", 0 },
	{ ".5", 0 }, { "-", 0 }, { "+1", 0 }, { "1e", 0 }, { "1e+", 0 },
	{ "1.e3", 0 }, { "0x10", 0 }, { "- 1", 0 }, { "1.5.2", 0 }, { "NaN", 0 },
	{ "Infinity", 0 }, { "-Infinity", 0 }, { "1e1.5", 0 }, { "--1", 0 },
	/* literals */
	{ "True", 0 }, { "NULL", 0 }, { "nil", 0 }, { "undefined", 0 },
	/* escapes */
	{ "\"\\x\"", 0 }, { "\"\\a\"", 0 }, { "\"\\U0041\"", 0 }, { "\"\\'\"", 0 },
	{ "\"\\u12\"", 0 }, { "\"\\u12g4\"", 0 }, { "\"\\u-123\"", 0 },
	{ "\"\\ud800\"", 0 }, { "\"\\udc00\"", 0 }, { "\"\\udfff\\ud800\"", 0 },
	{ "\"\\ud800\\u0041\"", 0 }, { "\"\\ud800x\"", 0 }, { "\"\\ud800\\ud800\"", 0 },
	{ "\"\\ud800\\\"", 0 }, { "\"\\u0000\"", 0 }, { "\"\\\n\"", 0 },
	{ "\"\\\0\"", 4 },
	/* raw control characters */
	{ "\"a\x01" "b\"", 0 }, { "\"tab\there\"", 0 }, { "\"line\nbreak\"", 0 },
	{ "\"\x1f\"", 0 }, { "\"a\0b\"", 5 },
	/* invalid UTF-8 */
	{ "\"\x80\"", 0 }, { "\"\xbf\"", 0 }, { "\"\xc3\"", 0 }, { "\"\xc3" "a\"", 0 },
	{ "\"\xc0\xaf\"", 0 }, { "\"\xc1\xbf\"", 0 }, { "\"\xe0\x80\xaf\"", 0 },
	{ "\"\xe0\x9f\xbf\"", 0 }, { "\"\xf0\x80\x80\xaf\"", 0 },
	{ "\"\xf0\x8f\xbf\xbf\"", 0 }, { "\"\xed\xa0\x80\"", 0 },
	{ "\"\xed\xbf\xbf\"", 0 }, { "\"\xf4\x90\x80\x80\"", 0 },
	{ "\"\xf5\x80\x80\x80\"", 0 }, { "\"\xf8\x88\x80\x80\x80\"", 0 },
	{ "\"\xfe\"", 0 }, { "\"\xff\"", 0 }, { "\"\xe2\x82\"", 0 },
	{ "\"\xe2\x82" "a\"", 0 }, { "\"\xf0\x9f\x98\"", 0 }, { "\xe2\x82\xac", 0 },
	/* not JSON whitespace, comments, BOM */
	{ "\v[]", 0 }, { "[]\f", 0 }, { "\xc2\xa0[]", 0 }, { "/* */ {}", 0 },
	{ "[] // x", 0 }, { "\xef\xbb\xbf{}", 0 }, { "'a'", 0 },
};

static void t_malformed(void)
{
	size_t i, n;
	int r;

	for (i = 0; i < TA_ARRAY_LEN(bad); i++) {
		n = bad[i].len ? bad[i].len : strlen(bad[i].s);
		r = ta_json_parse(&J, bad[i].s, n, tok, TA_ARRAY_LEN(tok));
		if (r != TA_ERR_PARSE) {
			fprintf(stderr, "    bad[%u] accepted or wrong error (%d)\n", (unsigned)i, r);
			ta_test_failed = 1;
		}
		CHECK_INT(J.ntok, 0);
		CHECK_INT(ta_json_type(&J, 0), 0);
	}
}

static void nest(char *d, unsigned depth, const char *open, const char *close)
{
	unsigned i;

	d[0] = '\0';
	for (i = 0; i < depth; i++)
		strcat(d, open);
	strcat(d, "1");
	for (i = 0; i < depth; i++)
		strcat(d, close);
}

static void t_depth(void)
{
	char d[(CONFIG_JSON_MAX_DEPTH + 2) * 8];
	int i, k;

	nest(d, CONFIG_JSON_MAX_DEPTH, "[", "]");
	CHECK_INT(parse(d), 0);
	CHECK_INT(J.ntok, CONFIG_JSON_MAX_DEPTH + 1);
	for (i = 0, k = 0; i < CONFIG_JSON_MAX_DEPTH; i++)
		k = ta_json_at(&J, k, 0);
	CHECK_INT(ta_json_type(&J, k), TA_JSON_NUMBER);
	nest(d, CONFIG_JSON_MAX_DEPTH + 1, "[", "]");
	CHECK_INT(parse(d), TA_ERR_PARSE);
	nest(d, CONFIG_JSON_MAX_DEPTH, "{\"a\":", "}");
	CHECK_INT(parse(d), 0);
	nest(d, CONFIG_JSON_MAX_DEPTH + 1, "{\"a\":", "}");
	CHECK_INT(parse(d), TA_ERR_PARSE);
	/* depth is depth, not the number of containers */
	nest(d, CONFIG_JSON_MAX_DEPTH - 1, "[", "]");
	strcpy(d + strlen(d) - 1, ",[],[[]]]");
	CHECK_INT(parse(d), 0);
	/* an unclosed deep document is still malformed, not too deep */
	nest(d, CONFIG_JSON_MAX_DEPTH, "[", "]");
	d[strlen(d) - 1] = '\0';
	CHECK_INT(parse(d), TA_ERR_PARSE);
}

static void t_tokens_space(void)
{
	ta_json_tok small[5];

	CHECK_INT(ta_json_parse(&J, "[1,2,3]", 7, small, 4), 0);
	CHECK_INT(J.ntok, 4);
	CHECK_INT(ta_json_parse(&J, "[1,2,3]", 7, small, 3), TA_ERR_SPACE);
	CHECK_INT(J.ntok, 0);
	CHECK_INT(ta_json_type(&J, 0), 0);
	CHECK_INT(ta_json_parse(&J, "{\"a\":1,\"b\":[]}", 14, small, 4), TA_ERR_SPACE);
	CHECK_INT(ta_json_parse(&J, "{\"a\":1,\"b\":[]}", 14, small, 5), 0);
	CHECK_INT(ta_json_parse(&J, "1", 1, small, 0), TA_ERR_SPACE);
	CHECK_INT(ta_json_parse(&J, "", 0, small, 0), TA_ERR_PARSE);
	CHECK_INT(ta_json_parse(&J, le_dir, strlen(le_dir), small, 4), TA_ERR_SPACE);
}

static void t_huge_length(void)
{
	/* one byte over what a token's offsets can hold (read: nothing) */
	if (TA_JSON_DOC_MAX < 0xffffffffu) {
		CHECK_INT(ta_json_parse(&J, "1", (size_t)TA_JSON_DOC_MAX + 1, tok, 4), TA_ERR_PARSE);
		CHECK_INT(J.ntok, 0);
	}
	if (sizeof(size_t) <= 4) {
		ta_test_skip("size_t is 32 bits");
		return;
	}
	/* rejected on the length alone, before reading past "1" or taking a
	 * token (cap 0 would make that TA_ERR_SPACE) */
	CHECK_INT(ta_json_parse(&J, "1", (size_t)((uint64_t)UINT32_MAX + 1), tok, 0), TA_ERR_PARSE);
	CHECK_INT(J.ntok, 0);
}

/* ---------------------------------------------------------------- writer */

static char wmem[2048];
static ta_buf B;
static ta_jsonw W;

static void wstart(size_t cap)
{
	ta_buf_init(&B, wmem, cap);
	ta_jsonw_init(&W, &B);
}

static void t_w_basic(void)
{
	wstart(sizeof(wmem));
	ta_jsonw_obj(&W);
	ta_jsonw_key(&W, "a");
	ta_jsonw_str(&W, "x");
	ta_jsonw_key(&W, "n");
	ta_jsonw_int(&W, -5);
	ta_jsonw_key(&W, "t");
	ta_jsonw_bool(&W, 7);
	ta_jsonw_key(&W, "f");
	ta_jsonw_bool(&W, 0);
	ta_jsonw_key(&W, "z");
	ta_jsonw_null(&W);
	ta_jsonw_key(&W, "l");
	ta_jsonw_arr(&W);
	ta_jsonw_int(&W, 1);
	ta_jsonw_arr(&W);
	ta_jsonw_arr_end(&W);
	ta_jsonw_obj(&W);
	ta_jsonw_obj_end(&W);
	ta_jsonw_arr(&W);
	ta_jsonw_str(&W, "");
	ta_jsonw_arr_end(&W);
	ta_jsonw_arr_end(&W);
	ta_jsonw_key(&W, "r");
	ta_jsonw_raw(&W, "{\"k\":1}", 7);
	ta_jsonw_key(&W, "s");
	ta_jsonw_strn(&W, "abc", 2);
	ta_jsonw_obj_end(&W);
	CHECK_INT(ta_buf_cstr(&B), 0);
	CHECK_STR(wmem, "{\"a\":\"x\",\"n\":-5,\"t\":true,\"f\":false,\"z\":null,"
		"\"l\":[1,[],{},[\"\"]],\"r\":{\"k\":1},\"s\":\"ab\"}");
	CHECK_INT(W.depth, 0);
	REQUIRE(parse(wmem) == 0);
	CHECK_INT(tok[ta_json_get(&J, 0, "l")].size, 4);
}

static void t_w_acme_payload(void)
{
	static const char *const names[] = { "example.org", "*.example.org" };
	int ids;
	unsigned i;

	wstart(sizeof(wmem));
	ta_jsonw_obj(&W);
	ta_jsonw_key(&W, "identifiers");
	ta_jsonw_arr(&W);
	for (i = 0; i < 2; i++) {
		ta_jsonw_obj(&W);
		ta_jsonw_key(&W, "type");
		ta_jsonw_str(&W, "dns");
		ta_jsonw_key(&W, "value");
		ta_jsonw_str(&W, names[i]);
		ta_jsonw_obj_end(&W);
	}
	ta_jsonw_arr_end(&W);
	ta_jsonw_key(&W, "profile");
	ta_jsonw_str(&W, "tlsserver");
	ta_jsonw_obj_end(&W);
	CHECK_INT(ta_buf_cstr(&B), 0);
	CHECK_STR(wmem, "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"example.org\"},"
		"{\"type\":\"dns\",\"value\":\"*.example.org\"}],\"profile\":\"tlsserver\"}");
	REQUIRE(parse(wmem) == 0);
	ids = ta_json_get(&J, 0, "identifiers");
	CHECK_STR(str(ta_json_get(&J, ta_json_at(&J, ids, 1), "value")), "*.example.org");
}

static void t_w_escape_roundtrip(void)
{
	static const char s[] = "q\"b\\s/n\nr\rt\tb\bf\f\x01\x1f\x7f"
		" caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf";
	size_t n = 0;

	wstart(sizeof(wmem));
	ta_jsonw_str(&W, s);
	CHECK_INT(ta_buf_cstr(&B), 0);
	CHECK_STR(wmem, "\"q\\\"b\\\\s/n\\nr\\rt\\tb\\bf\\f\\u0001\\u001f\x7f"
		" caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf\"");
	REQUIRE(parse(wmem) == 0);
	CHECK_INT(ta_json_str(&J, 0, sbuf, sizeof(sbuf), &n), 0);
	CHECK_INT(n, strlen(s));
	CHECK_STR(sbuf, s);
	CHECK(ta_json_eq(&J, 0, s));
	/* a key is escaped the same way and found again by ta_json_get */
	wstart(sizeof(wmem));
	ta_jsonw_obj(&W);
	ta_jsonw_key(&W, s);
	ta_jsonw_int(&W, 1);
	ta_jsonw_obj_end(&W);
	CHECK_INT(ta_buf_cstr(&B), 0);
	REQUIRE(parse(wmem) == 0);
	CHECK_INT(ta_json_get(&J, 0, s), 2);
}

static void t_w_nul_and_put_string(void)
{
	ta_buf b;
	char m[32];

	ta_buf_init(&b, m, sizeof(m));
	ta_json_put_string(&b, "a\0b", 3);
	ta_json_put_string(&b, "", 0);
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(m, "\"a\\u0000b\"\"\"");      /* no comma handling */
	ta_buf_init(&b, m, sizeof(m));
	ta_json_put_string(&b, "ok\xc3", 3);       /* cut UTF-8 */
	CHECK_INT(b.err, TA_ERR_PARSE);
	ta_buf_init(&b, m, sizeof(m));
	ta_json_put_string(&b, "\xed\xa0\x80", 3); /* surrogate */
	CHECK_INT(b.err, TA_ERR_PARSE);
	ta_buf_init(&b, m, sizeof(m));
	ta_json_put_string(&b, "\xc0\x80", 2);     /* overlong NUL */
	CHECK_INT(b.err, TA_ERR_PARSE);
}

static void t_w_int_edges(void)
{
	int64_t v = 0;

	wstart(sizeof(wmem));
	ta_jsonw_arr(&W);
	ta_jsonw_int(&W, INT64_MIN);
	ta_jsonw_int(&W, INT64_MAX);
	ta_jsonw_int(&W, 0);
	ta_jsonw_arr_end(&W);
	CHECK_INT(ta_buf_cstr(&B), 0);
	CHECK_STR(wmem, "[-9223372036854775808,9223372036854775807,0]");
	REQUIRE(parse(wmem) == 0);
	CHECK_INT(ta_json_int(&J, 1, &v), 0);
	CHECK(v == INT64_MIN);
	CHECK_INT(ta_json_int(&J, 2, &v), 0);
	CHECK(v == INT64_MAX);
}

static void t_w_overflow_sticky(void)
{
	size_t len;

	wstart(12);
	ta_jsonw_obj(&W);
	ta_jsonw_key(&W, "abc");
	ta_jsonw_str(&W, "toolong");       /* {"abc": is 7 bytes; 9 more do not fit */
	CHECK_INT(B.err, TA_ERR_SPACE);
	len = B.len;
	ta_jsonw_key(&W, "d");
	ta_jsonw_int(&W, 1);
	ta_jsonw_obj_end(&W);
	CHECK_INT(B.err, TA_ERR_SPACE);
	CHECK_INT(B.len, len);
	CHECK_INT(ta_buf_cstr(&B), TA_ERR_SPACE);
	/* exactly full, then the NUL does not fit */
	wstart(7);
	ta_jsonw_arr(&W);
	ta_jsonw_str(&W, "abc");
	ta_jsonw_arr_end(&W);
	CHECK_INT(B.err, 0);
	CHECK_INT(B.len, 7);
	CHECK_INT(ta_buf_cstr(&B), TA_ERR_SPACE);
	/* overflow inside an escape: nothing half-written counts */
	wstart(4);
	ta_jsonw_str(&W, "\x01");
	CHECK_INT(B.err, TA_ERR_SPACE);
}

static void t_w_misuse(void)
{
	wstart(sizeof(wmem));               /* value in an object without key */
	ta_jsonw_obj(&W);
	ta_jsonw_int(&W, 1);
	CHECK_INT(B.err, TA_ERR_PARSE);
	wstart(sizeof(wmem));               /* key in an array */
	ta_jsonw_arr(&W);
	ta_jsonw_key(&W, "a");
	CHECK_INT(B.err, TA_ERR_PARSE);
	wstart(sizeof(wmem));               /* key at the top level */
	ta_jsonw_key(&W, "a");
	CHECK_INT(B.err, TA_ERR_PARSE);
	wstart(sizeof(wmem));               /* key after key */
	ta_jsonw_obj(&W);
	ta_jsonw_key(&W, "a");
	ta_jsonw_key(&W, "b");
	CHECK_INT(B.err, TA_ERR_PARSE);
	wstart(sizeof(wmem));               /* end after a key */
	ta_jsonw_obj(&W);
	ta_jsonw_key(&W, "a");
	ta_jsonw_obj_end(&W);
	CHECK_INT(B.err, TA_ERR_PARSE);
	wstart(sizeof(wmem));               /* mismatched end */
	ta_jsonw_arr(&W);
	ta_jsonw_obj_end(&W);
	CHECK_INT(B.err, TA_ERR_PARSE);
	wstart(sizeof(wmem));
	ta_jsonw_obj(&W);
	ta_jsonw_arr_end(&W);
	CHECK_INT(B.err, TA_ERR_PARSE);
	wstart(sizeof(wmem));               /* extra end */
	ta_jsonw_arr_end(&W);
	CHECK_INT(B.err, TA_ERR_PARSE);
	wstart(sizeof(wmem));               /* two top-level values */
	ta_jsonw_arr(&W);
	ta_jsonw_arr_end(&W);
	CHECK_INT(B.err, 0);
	ta_jsonw_null(&W);
	CHECK_INT(B.err, TA_ERR_PARSE);
	wstart(sizeof(wmem));               /* invalid UTF-8 in a value */
	ta_jsonw_strn(&W, "\xff", 1);
	CHECK_INT(B.err, TA_ERR_PARSE);
	wstart(3);                          /* the first error wins */
	ta_jsonw_str(&W, "abc");
	ta_jsonw_key(&W, "x");
	CHECK_INT(B.err, TA_ERR_SPACE);
}

static void t_w_depth(void)
{
	unsigned i;

	wstart(sizeof(wmem));
	for (i = 0; i < 31; i++)
		ta_jsonw_arr(&W);
	CHECK_INT(B.err, 0);
	CHECK_INT(W.depth, 31);
	for (i = 0; i < 31; i++)
		ta_jsonw_arr_end(&W);
	CHECK_INT(ta_buf_cstr(&B), 0);
	CHECK_INT(B.len, 62);
	wstart(sizeof(wmem));
	for (i = 0; i < 32; i++)
		ta_jsonw_obj(&W), ta_jsonw_key(&W, "a");
	CHECK_INT(B.err, TA_ERR_SPACE);
	/* siblings after a deep subtree get their commas right */
	wstart(sizeof(wmem));
	ta_jsonw_arr(&W);
	ta_jsonw_arr(&W);
	ta_jsonw_arr(&W);
	ta_jsonw_int(&W, 1);
	ta_jsonw_arr_end(&W);
	ta_jsonw_arr_end(&W);
	ta_jsonw_arr(&W);
	ta_jsonw_arr(&W);
	ta_jsonw_arr_end(&W);
	ta_jsonw_int(&W, 2);
	ta_jsonw_arr_end(&W);
	ta_jsonw_arr_end(&W);
	CHECK_INT(ta_buf_cstr(&B), 0);
	CHECK_STR(wmem, "[[[1]],[[],2]]");
}

/* Writes token i and its subtree with the writer (recursion is fine here). */
static int rewrite(int i)
{
	int k = i + 1;
	unsigned m;

	switch (tok[i].type) {
	case TA_JSON_OBJECT:
		ta_jsonw_obj(&W);
		for (m = 0; m < tok[i].size; m++) {
			if (ta_json_str(&J, k, sbuf, sizeof(sbuf), NULL))
				return -1;
			ta_jsonw_key(&W, sbuf);
			k = rewrite(k + 1);
		}
		ta_jsonw_obj_end(&W);
		return k;
	case TA_JSON_ARRAY:
		ta_jsonw_arr(&W);
		for (m = 0; m < tok[i].size; m++)
			k = rewrite(k);
		ta_jsonw_arr_end(&W);
		return k;
	case TA_JSON_STRING:
		if (ta_json_str(&J, i, sbuf, sizeof(sbuf), NULL))
			return -1;
		ta_jsonw_str(&W, sbuf);
		break;
	case TA_JSON_NUMBER:
		ta_jsonw_raw(&W, J.doc + tok[i].start, tok[i].end - tok[i].start);
		break;
	default:
		ta_jsonw_raw(&W, J.doc + tok[i].start, tok[i].end - tok[i].start);
	}
	return k;
}

static void t_roundtrip_documents(void)
{
	static const char *const docs[] = { pebble_dir, problem, le_dir };
	static char copy[2048];
	size_t i;

	for (i = 0; i < TA_ARRAY_LEN(docs); i++) {
		REQUIRE(parse(docs[i]) == 0);
		wstart(sizeof(wmem));
		CHECK_INT(rewrite(0), (int)J.ntok);
		CHECK_INT(ta_buf_cstr(&B), 0);
		memcpy(copy, wmem, B.len + 1);
		REQUIRE(parse(copy) == 0);
		CHECK(strchr(copy, '\n') == NULL);            /* compact */
		wstart(sizeof(wmem));
		rewrite(0);
		CHECK_INT(ta_buf_cstr(&B), 0);
		CHECK_STR(wmem, copy);                        /* a fixed point */
	}
	REQUIRE(parse(pebble_dir) == 0);
	wstart(sizeof(wmem));
	rewrite(0);
	CHECK_INT(ta_buf_cstr(&B), 0);
	CHECK_STR(wmem, "{\"keyChange\":\"https://127.0.0.1:14731/rollover-account-key\","
		"\"meta\":{\"externalAccountRequired\":false,"
		"\"termsOfService\":\"data:text/plain,Do%20what%20thou%20wilt\"},"
		"\"newAccount\":\"https://127.0.0.1:14731/sign-me-up\","
		"\"newNonce\":\"https://127.0.0.1:14731/nonce-plz\","
		"\"newOrder\":\"https://127.0.0.1:14731/order-plz\","
		"\"revokeCert\":\"https://127.0.0.1:14731/revoke-cert\"}");
}

const ta_test suite_json[] = {
	{ "scalars", t_scalars },
	{ "layout", t_layout },
	{ "whitespace", t_whitespace },
	{ "pebble_directory", t_pebble_directory },
	{ "le_directory", t_le_directory },
	{ "problem_document", t_problem_document },
	{ "order", t_order },
	{ "escaped_keys", t_escaped_keys },
	{ "unescape", t_unescape },
	{ "utf8_boundaries", t_utf8_boundaries },
	{ "str_space", t_str_space },
	{ "int", t_int },
	{ "numbers_grammar", t_numbers_grammar },
	{ "malformed", t_malformed },
	{ "depth", t_depth },
	{ "tokens_space", t_tokens_space },
	{ "huge_length", t_huge_length },
	{ "w_basic", t_w_basic },
	{ "w_acme_payload", t_w_acme_payload },
	{ "w_escape_roundtrip", t_w_escape_roundtrip },
	{ "w_nul_and_put_string", t_w_nul_and_put_string },
	{ "w_int_edges", t_w_int_edges },
	{ "w_overflow_sticky", t_w_overflow_sticky },
	{ "w_misuse", t_w_misuse },
	{ "w_depth", t_w_depth },
	{ "roundtrip_documents", t_roundtrip_documents },
	{ 0, 0 }
};
