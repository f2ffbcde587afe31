/* Test runner: runs every suite (or those named on the command line, or
 * single tests as suite/test), prints one line per test and
 * "N passed, N failed[, N skipped]" as its last line; exits 1 on any failure. */
#include <stdlib.h>
#include "test.h"

int ta_test_failed;
static int skipped;

void ta_test_skip(const char *why)
{
	fprintf(stderr, "    skipped: %s\n", why);
	skipped = 1;
}

const char *ta_test_env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static const struct {
	const char *name;
	const ta_test *tests;
} suites[] = {
#define SUITE(n) { #n, suite_##n },
#include TA_SUITES_H
#undef SUITE
};

static int selected(int argc, char **argv, const char *suite, const char *test)
{
	char full[256];
	int i;

	if (argc < 2)
		return 1;
	snprintf(full, sizeof(full), "%s/%s", suite, test);
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], suite) || !strcmp(argv[i], full))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned passed = 0, failed = 0, nskipped = 0;
	size_t s;
	const ta_test *t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		for (t = suites[s].tests; t->name; t++) {
			if (!selected(argc, argv, suites[s].name, t->name))
				continue;
			ta_test_failed = 0;
			skipped = 0;
			fflush(stderr);
			t->fn();
			fflush(stderr);
			if (ta_test_failed) {
				failed++;
				printf("FAIL %s/%s\n", suites[s].name, t->name);
			} else if (skipped) {
				nskipped++;
				printf("SKIP %s/%s\n", suites[s].name, t->name);
			} else {
				passed++;
				printf("ok   %s/%s\n", suites[s].name, t->name);
			}
		}
	}
	if (nskipped)
		printf("%u passed, %u failed, %u skipped\n", passed, failed, nskipped);
	else
		printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
