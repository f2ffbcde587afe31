/* Running a program (hooks, deploy commands) without a shell, bounded in
 * time. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tacme.h"
#include "tacme_port.h"

int ta_proc_run(const char *const *argv, unsigned timeout_s, int *status)
{
	uint32_t start = ta_time_ms();
	pid_t pid, r;
	int st;

	*status = -1;
	pid = fork();
	if (pid < 0)
		return ta_error(TA_ERR_IO, "cannot start %s: %s", argv[0], strerror(errno));
	if (pid == 0) {
		execvp(argv[0], (char *const *)(void *)argv);
		_exit(127);
	}
	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return ta_error(TA_ERR_IO, "waiting for %s: %s", argv[0], strerror(errno));
		if ((uint32_t)(ta_time_ms() - start) > timeout_s * 1000u) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return ta_error(TA_ERR_TIMEOUT, "%s did not finish within %u s and was "
				"killed", argv[0], timeout_s);
		}
		ta_time_sleep_ms(20);
	}
	if (WIFEXITED(st)) {
		*status = WEXITSTATUS(st);
		if (*status == 127)
			return ta_error(TA_ERR_IO, "cannot run %s (not found or not executable)",
				argv[0]);
	}
	return 0;
}
