/* Tests of running programs (port/posix/proc.c): PATH search, the
 * variables a caller adds to the environment, and their limits. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_port.h"

extern char **environ;

/* A name without '/' is found in PATH; the child sees the added variables,
 * each once (an added one replaces tacme's own: counted in the environment
 * it was started with, as sh itself drops duplicates), and the rest of
 * tacme's environment; the next run, without them, sees tacme's again. */
static void t_path_and_env(void)
{
	const char *argv[] = { "sh", "-c",
		"test \"$TACME_T_A\" = 'a b=c' && test \"$TACME_T_B\" = 2 && "
		"test \"$HOME_T\" = kept && "
		"test \"$(tr '\\0' '\\n' < /proc/$$/environ | grep -c '^TACME_T_B=')\" = 1",
		NULL };
	const char *add[] = { "TACME_T_A=a b=c", "TACME_T_B=2", NULL };
	int status;

	REQUIRE(setenv("HOME_T", "kept", 1) == 0);
	REQUIRE(setenv("TACME_T_B", "old", 1) == 0);
	CHECK_INT(ta_proc_run(argv, add, 10, &status), 0);
	CHECK_INT(status, 0);
	argv[2] = "test \"$TACME_T_B\" = old && test -z \"${TACME_T_A+set}\"";
	CHECK_INT(ta_proc_run(argv, NULL, 10, &status), 0);
	CHECK_INT(status, 0);
	argv[2] = "exit 3";
	CHECK_INT(ta_proc_run(argv, add, 10, &status), 0);
	CHECK_INT(status, 3);
	unsetenv("TACME_T_B");
}

static void t_not_found(void)
{
	const char *argv[] = { "tacme-no-such-program", NULL };
	int status;

	ta_error_clear();
	CHECK_INT(ta_proc_run(argv, NULL, 10, &status), TA_ERR_IO);
	CHECK(strstr(ta_error_msg(), "cannot run tacme-no-such-program: No such file") != NULL);
	ta_error_clear();
}

/* A program's own exit status 127 is its status, not "cannot run"; a file
 * that is not executable cannot run. */
static void t_status_127(void)
{
	const char *argv[] = { "sh", "-c", "exit 127", NULL };
	char path[64];
	const char *noexec[] = { path, NULL };
	FILE *f;
	int status;

	ta_error_clear();
	CHECK_INT(ta_proc_run(argv, NULL, 10, &status), 0);
	CHECK_INT(status, 127);
	snprintf(path, sizeof(path), "/tmp/tacme-noexec-%ld", (long)getpid());
	f = fopen(path, "w");
	REQUIRE(f != NULL);
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);                              /* mode 0644 (umask): no x bit */
	CHECK_INT(ta_proc_run(noexec, NULL, 10, &status), TA_ERR_IO);
	CHECK(strstr(ta_error_msg(), "Permission denied") != NULL);
	CHECK(strstr(ta_error_msg(), "cannot run /tmp/tacme-noexec-") != NULL);
	remove(path);
	ta_error_clear();
}

/* Too many variables, or one that is no NAME=value: an error, and nothing
 * runs. */
static void t_limits(void)
{
	static char names[257][16];
	static const char *add[258];
	const char *argv[] = { "sh", "-c", "exit 0", NULL };
	const char *bad[] = { "TACME_T_C=c", "TACME_T_D", NULL };
	size_t have = 0, i;
	char **e;
	int status;

	for (e = environ; *e; e++)
		have++;
	REQUIRE(have < 256);
	for (i = 0; i < 257; i++)
		snprintf(names[i], sizeof(names[i]), "TACME_T_%u=x", (unsigned)i);
	for (i = 0; i < 256 - have; i++)          /* exactly 256 in all: runs */
		add[i] = names[i];
	add[i] = NULL;
	CHECK_INT(ta_proc_run(argv, add, 10, &status), 0);
	CHECK_INT(status, 0);
	add[i] = names[i];                        /* 257 */
	add[i + 1] = NULL;
	ta_error_clear();
	CHECK_INT(ta_proc_run(argv, add, 10, &status), TA_ERR_IO);
	CHECK(strstr(ta_error_msg(), "more than 256 variables") != NULL);
	CHECK_INT(status, -1);
	ta_error_clear();
	CHECK_INT(ta_proc_run(argv, bad, 10, &status), TA_ERR_ARG);
	bad[1] = "=d";
	CHECK_INT(ta_proc_run(argv, bad, 10, &status), TA_ERR_ARG);
	ta_error_clear();
}

/* 1 if process pid is gone or a zombie (killed, not yet reaped by init). */
static int gone(long pid)
{
	char path[64], st[512];
	FILE *f;
	size_t n;
	char *p;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (!(f = fopen(path, "r")))
		return 1;
	n = fread(st, 1, sizeof(st) - 1, f);
	fclose(f);
	st[n] = '\0';
	p = strrchr(st, ')');
	return p && p[1] == ' ' && p[2] == 'Z';
}

/* A program that outlives its time is killed with what it started (a
 * hook's sleep or curl), and started with SIGCHLD ignored, tacme still
 * sees its status. */
static void t_timeout_kills_group(void)
{
	char script[200], file[64];
	const char *argv[] = { "sh", "-c", script, NULL };
	long child = 0;
	FILE *f;
	int status, i;

	snprintf(file, sizeof(file), "/tmp/tacme-proc-%ld", (long)getpid());
	snprintf(script, sizeof(script), "sleep 30 & echo $! > %s; wait", file);
	ta_error_clear();
	CHECK_INT(ta_proc_run(argv, NULL, 1, &status), TA_ERR_TIMEOUT);
	CHECK_INT(status, -1);
	ta_error_clear();
	f = fopen(file, "r");
	REQUIRE(f != NULL);
	CHECK_INT(fscanf(f, "%ld", &child), 1);
	fclose(f);
	remove(file);
	REQUIRE(child > 0);
	for (i = 0; i < 100 && !gone(child); i++)
		ta_time_sleep_ms(10);
	CHECK(gone(child));
	if (!gone(child))
		kill((pid_t)child, SIGKILL);
	signal(SIGCHLD, SIG_IGN);
	argv[2] = "exit 5";
	CHECK_INT(ta_proc_run(argv, NULL, 10, &status), 0);
	CHECK_INT(status, 5);
	signal(SIGCHLD, SIG_DFL);
}

const ta_test suite_proc[] = {
	{ "timeout_kills_group", t_timeout_kills_group },
	{ "path_and_env", t_path_and_env },
	{ "not_found", t_not_found },
	{ "status_127", t_status_127 },
	{ "limits", t_limits },
	{ 0, 0 }
};
