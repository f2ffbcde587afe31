/* tacme's test framework: each tests/test_<suite>.c defines a table
 * `const ta_test suite_<suite>[]` ending with {0, 0}; tests/suites.h lists
 * the suites; runner.c runs them and prints "N passed, N failed" last. */
#ifndef TA_TEST_H
#define TA_TEST_H

#ifndef TA_SUITES_H
#define TA_SUITES_H "suites.h"
#endif

#include <stdio.h>
#include <sys/types.h>
#include <string.h>

typedef struct ta_test {
	const char *name;
	void (*fn)(void);
} ta_test;

/* Set by CHECK when a test fails; the runner resets it per test. */
extern int ta_test_failed;
/* Marks the current test as skipped (with a reason); a skip is not a pass. */
void ta_test_skip(const char *why);
/* Environment variable or NULL. */
const char *ta_test_env(const char *name);

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "    %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
		ta_test_failed = 1; \
	} \
} while (0)

/* CHECK that returns from the test on failure, for preconditions. */
#define REQUIRE(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "    %s:%d: REQUIRE(%s) failed\n", __FILE__, __LINE__, #cond); \
		ta_test_failed = 1; \
		return; \
	} \
} while (0)

#define CHECK_INT(a, b) do { \
	long long ta_a_ = (long long)(a), ta_b_ = (long long)(b); \
	if (ta_a_ != ta_b_) { \
		fprintf(stderr, "    %s:%d: %s == %lld, expected %s == %lld\n", \
			__FILE__, __LINE__, #a, ta_a_, #b, ta_b_); \
		ta_test_failed = 1; \
	} \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *ta_a_ = (a), *ta_b_ = (b); \
	if (!ta_a_ || !ta_b_ || strcmp(ta_a_, ta_b_) != 0) { \
		fprintf(stderr, "    %s:%d: %s == \"%s\", expected \"%s\"\n", \
			__FILE__, __LINE__, #a, ta_a_ ? ta_a_ : "(null)", ta_b_ ? ta_b_ : "(null)"); \
		ta_test_failed = 1; \
	} \
} while (0)

/* Compares len bytes of a with the NUL-terminated string b. */
#define CHECK_MEM(a, len, b) do { \
	const char *ta_b_ = (b); size_t ta_l_ = (size_t)(len); \
	if (ta_l_ != strlen(ta_b_) || memcmp((a), ta_b_, ta_l_) != 0) { \
		fprintf(stderr, "    %s:%d: %s (%zu bytes) != \"%s\"\n", \
			__FILE__, __LINE__, #a, ta_l_, ta_b_); \
		ta_test_failed = 1; \
	} \
} while (0)

/* Starts serve(u, t, mode) in a forked child on UDP socket u and listening
 * TCP socket t, both bound to one free 127.0.0.1 port (*port).  Returns the
 * child's pid, or -1 (tests/fake_server.c). */
pid_t ta_test_server_start(void (*serve)(int u, int t, int mode), int mode, unsigned *port);
/* Kills and reaps a server ta_test_server_start started (pid <= 0: nothing). */
void ta_test_server_stop(pid_t pid);

#define SUITE(name) extern const ta_test suite_##name[];
#include TA_SUITES_H
#undef SUITE

#endif
