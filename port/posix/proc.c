/* Running a program (hooks, deploy commands) without a shell, bounded in
 * time, with the variables its caller adds.  The child's environment and
 * its PATH search are built here in fixed arrays on the stack (no setenv,
 * no malloc). */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tacme.h"
#include "tacme_port.h"

extern char **environ;

#define ENV_MAX 256         /* the child's whole environment */

/* Length of the name part of "NAME=value" (or of a bare name). */
static size_t name_len(const char *s)
{
	const char *eq = strchr(s, '=');

	return eq ? (size_t)(eq - s) : strlen(s);
}

const char *ta_env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* 1 if the variable e ("NAME=value") is one of add's names. */
static int replaced(const char *e, const char *const *add)
{
	size_t k = name_len(e);

	for (; add && *add; add++)
		if (name_len(*add) == k && !memcmp(*add, e, k))
			return 1;
	return 0;
}

/* Fills envp with tacme's environment minus the variables add (a
 * NULL-terminated list, or NULL) replaces, then those, and a NULL.
 * Returns 0, TA_ERR_ARG when an entry of add is no "NAME=value", or
 * TA_ERR_SPACE when the result would have more than ENV_MAX variables. */
static int build_env(char **envp, const char *const *add)
{
	const char *const *a;
	size_t n = 0;
	char **e;

	for (a = add; a && *a; a++)
		if (**a == '=' || !strchr(*a, '='))
			return TA_ERR_ARG;
	for (e = environ; e && *e; e++) {
		if (replaced(*e, add))
			continue;
		if (n == ENV_MAX)
			return TA_ERR_SPACE;
		envp[n++] = *e;
	}
	for (a = add; a && *a; a++) {
		if (n == ENV_MAX)
			return TA_ERR_SPACE;
		envp[n++] = (char *)*a;     /* execve's type; never written */
	}
	envp[n] = NULL;
	return 0;
}

/* execvp with an explicit environment (in the child): a file without '/'
 * is tried in each folder of PATH (an empty entry is the current folder),
 * going on after ENOENT, ENOTDIR and EACCES as execvp does.  Returns only
 * on failure. */
static void exec_path(const char *file, char *const argv[], char *const envp[])
{
	const char *path = getenv("PATH"), *p, *z;
	char b[1024];
	size_t k = strlen(file);
	int eacces = 0;

	if (!*file) {
		errno = ENOENT;
		return;
	}
	if (strchr(file, '/')) {
		execve(file, argv, envp);
		return;
	}
	if (!path)
		path = "/usr/local/bin:/bin:/usr/bin";
	for (p = path; ; p = z + 1) {
		z = strchr(p, ':');
		if (!z)
			z = p + strlen(p);
		if ((size_t)(z - p) + 1 + k < sizeof(b)) {
			memcpy(b, p, (size_t)(z - p));
			b[z - p] = '/';
			memcpy(b + (z - p) + (z > p), file, k + 1);
			execve(b, argv, envp);
			if (errno == EACCES)
				eacces = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return;
		}
		if (!*z)
			break;
	}
	errno = eacces ? EACCES : ENOENT;
}

int ta_proc_run(const char *const *argv, const char *const *env_add, unsigned timeout_s,
	int *status)
{
	char *envp[ENV_MAX + 1];      /* 1-2 KB of stack, only while it runs */
	uint32_t start = ta_time_ms();
	pid_t pid, r;
	ssize_t n;
	int st, e, fds[2];

	*status = -1;
	e = build_env(envp, env_add);
	if (e == TA_ERR_ARG)
		return ta_error(TA_ERR_ARG, "cannot start %s: an added variable is not "
			"NAME=value", argv[0]);
	if (e)
		return ta_error(TA_ERR_IO, "cannot start %s: its environment would have more "
			"than %d variables", argv[0], ENV_MAX);
	/* Started with SIGCHLD ignored, children would be reaped unseen. */
	signal(SIGCHLD, SIG_DFL);
	/* A failed execve is told through a pipe that a successful one closes:
	 * exit status 127 may be the program's own. */
	if (pipe(fds) != 0)
		return ta_error(TA_ERR_IO, "cannot start %s: %s", argv[0], strerror(errno));
	(void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	(void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	pid = fork();
	if (pid == 0) {
		/* A process group of its own, so a timeout kills what it started
		 * too (a hook script's curl or sleep). */
		setpgid(0, 0);
		exec_path(argv[0], (char *const *)(void *)argv, envp);
		e = errno;
		(void)!write(fds[1], &e, sizeof(e));
		_exit(127);
	}
	e = errno;
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return ta_error(TA_ERR_IO, "cannot start %s: %s", argv[0], strerror(e));
	}
	setpgid(pid, pid);                   /* whichever side runs first */
	while ((n = read(fds[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(fds[0]);
	if (n == (ssize_t)sizeof(e)) {
		waitpid(pid, &st, 0);
		return ta_error(TA_ERR_IO, "cannot run %s: %s", argv[0], strerror(e));
	}
	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return ta_error(TA_ERR_IO, "waiting for %s: %s", argv[0], strerror(errno));
		if ((uint32_t)(ta_time_ms() - start) > timeout_s * 1000u) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return ta_error(TA_ERR_TIMEOUT, "%s did not finish within %u s and was "
				"killed", argv[0], timeout_s);
		}
		ta_time_sleep_ms(20);
	}
	if (WIFEXITED(st))
		*status = WEXITSTATUS(st);
	return 0;
}
