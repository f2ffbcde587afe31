/* Runs a command and prints its CPU time (user+sys, microseconds) and peak
 * RSS (KB) from wait4's rusage, then its exit status.  A small C parent, so
 * the figures are the command's own (a forked interpreter would add its
 * memory and start-up time).  usage: rusage CMD ARGS... */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	pid_t pid;
	int st;

	if (argc < 2)
		return 2;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &st, 0, &ru) != pid)
		return 2;
	printf("%ld %ld %d\n", (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L +
		ru.ru_utime.tv_usec + ru.ru_stime.tv_usec, ru.ru_maxrss,
		WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}
