/* Test helper: a fake server on one loopback port, UDP and TCP (DNS
 * transport tests, resolver tests), run by a forked child. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"

pid_t ta_test_server_start(void (*serve)(int u, int t, int mode), int mode, unsigned *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int u = -1, t = -1, tries, one = 1;
	pid_t pid;

	/* a port free for UDP may be taken for TCP: another one then */
	for (tries = 0; tries < 20; tries++) {
		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		u = socket(AF_INET, SOCK_DGRAM, 0);
		t = socket(AF_INET, SOCK_STREAM, 0);
		(void)setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (u >= 0 && t >= 0 && bind(u, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
		    getsockname(u, (struct sockaddr *)&sa, &sl) == 0 &&
		    bind(t, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(t, 4) == 0)
			break;
		close(u);
		close(t);
		u = t = -1;
	}
	if (u < 0)
		return -1;
	*port = ntohs(sa.sin_port);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		serve(u, t, mode);
		_exit(0);
	}
	close(u);
	close(t);
	return pid;
}

void ta_test_server_stop(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}
