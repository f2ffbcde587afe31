/* Tests of running programs (port/posix/proc.c): PATH search, the
 * environment tacme adds, and its limits. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include "test.h"
#include "tacme.h"
#include "tacme_port.h"

/* A name without '/' is found in PATH; the child sees the added variables
 * and the rest of tacme's environment. */
static void t_path_and_env(void)
{
	const char *argv[] = { "sh", "-c",
		"test \"$TACME_T_A\" = 'a b=c' && test \"$TACME_T_B\" = 2 && test \"$HOME_T\" = kept",
		NULL };
	int status;

	REQUIRE(setenv("HOME_T", "kept", 1) == 0);
	REQUIRE(setenv("TACME_T_B", "old", 1) == 0);
	CHECK_INT(ta_env_set("TACME_T_A", "a b=c"), 0);
	CHECK_INT(ta_env_set("TACME_T_B", "1"), 0);
	CHECK_INT(ta_env_set("TACME_T_B", "2"), 0);      /* replaced, not added twice */
	CHECK_INT(ta_proc_run(argv, 10, &status), 0);
	CHECK_INT(status, 0);
	argv[2] = "exit 3";
	CHECK_INT(ta_proc_run(argv, 10, &status), 0);
	CHECK_INT(status, 3);
}

static void t_not_found(void)
{
	const char *argv[] = { "tacme-no-such-program", NULL };
	int status;

	ta_error_clear();
	CHECK_INT(ta_proc_run(argv, 10, &status), TA_ERR_IO);
	CHECK(strstr(ta_error_msg(), "not found") != NULL);
	ta_error_clear();
}

/* Too long or too many: an error, never a cut value. */
static void t_limits(void)
{
	static char big[1100];

	memset(big, 'x', sizeof(big) - 1);
	CHECK_INT(ta_env_set("TACME_T_BIG", big), TA_ERR_SPACE);
	big[641 - sizeof("TACME_T_BIG=")] = '\0';
	CHECK_INT(ta_env_set("TACME_T_BIG", big), TA_ERR_SPACE);  /* 641 bytes with the NUL */
	big[640 - sizeof("TACME_T_BIG=")] = '\0';
	CHECK_INT(ta_env_set("TACME_T_BIG", big), 0);        /* 640 bytes with the NUL: fits */
	CHECK_INT(ta_env_set("TACME_T_C", "c"), 0);
	CHECK_INT(ta_env_set("TACME_T_D", "d"), TA_ERR_SPACE); /* a fifth variable */
	CHECK_INT(ta_env_set("BAD=NAME", "d"), TA_ERR_SPACE);
	CHECK_INT(ta_env_set("TACME_T_C", NULL), 0);           /* forgotten: room again */
	CHECK_INT(ta_env_set("TACME_T_D", "d"), 0);
	ta_env_set("TACME_T_A", NULL);
	ta_env_set("TACME_T_B", NULL);
	ta_env_set("TACME_T_BIG", NULL);
	ta_env_set("TACME_T_D", NULL);
}

const ta_test suite_proc[] = {
	{ "path_and_env", t_path_and_env },
	{ "not_found", t_not_found },
	{ "limits", t_limits },
	{ 0, 0 }
};
