/* Tests of the POSIX TCP client against listeners made here on loopback. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_port.h"
#include "ta_http.h"

/* A listening socket on 127.0.0.1 (or ::1); sets *port. */
static int listener(int v6, unsigned *port)
{
	struct sockaddr_in a4;
	struct sockaddr_in6 a6;
	struct sockaddr *sa;
	socklen_t len;
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&a4, 0, sizeof(a4));
	memset(&a6, 0, sizeof(a6));
	a4.sin_family = AF_INET;
	a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a6.sin6_family = AF_INET6;
	a6.sin6_addr = in6addr_loopback;
	sa = v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4;
	len = v6 ? sizeof(a6) : sizeof(a4);
	if (bind(fd, sa, len) != 0 || listen(fd, 4) != 0 || getsockname(fd, sa, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(v6 ? a6.sin6_port : a4.sin_port);
	return fd;
}

static void t_connect_read_write(void)
{
	unsigned port;
	int lfd = listener(0, &port), cfd;
	unsigned char got[16];
	ta_net n;

	REQUIRE(lfd >= 0);
	REQUIRE(ta_net_connect(&n, "127.0.0.1", port, 2000) == 0);
	cfd = accept(lfd, NULL, NULL);
	REQUIRE(cfd >= 0);
	CHECK_INT(ta_net_write(&n, (const unsigned char *)"ping", 4), 0);
	CHECK_INT(read(cfd, got, sizeof(got)), 4);
	CHECK(memcmp(got, "ping", 4) == 0);
	CHECK_INT(write(cfd, "pong!", 5), 5);
	CHECK_INT(ta_net_read(&n, got, sizeof(got)), 5);
	close(cfd);
	CHECK_INT(ta_net_read(&n, got, sizeof(got)), 0);     /* end of stream */
	ta_net_close(&n);
	ta_net_close(&n);                                     /* idempotent */
	CHECK_INT(ta_net_read(&n, got, sizeof(got)), TA_ERR_CLOSED);
	close(lfd);
}

static void t_read_timeout(void)
{
	unsigned port;
	int lfd = listener(0, &port);
	unsigned char got[4];
	uint32_t t0;
	ta_net n;

	REQUIRE(lfd >= 0);
	REQUIRE(ta_net_connect(&n, "127.0.0.1", port, 300) == 0);
	ta_error_clear();
	t0 = ta_time_ms();
	CHECK_INT(ta_net_read(&n, got, sizeof(got)), TA_ERR_TIMEOUT);
	CHECK((uint32_t)(ta_time_ms() - t0) >= 250);
	CHECK(strstr(ta_error_msg(), "300 ms") != NULL);
	ta_net_close(&n);
	close(lfd);
}

/* A server that sends a byte every 100 ms (each read would wait less than
 * the 300 ms timeout) is cut off at the limit: ta_net_limit bounds the
 * whole exchange, as http.c sets it per request. */
static void t_drip_limited(void)
{
	unsigned port;
	int lfd = listener(0, &port), cfd, i, r;
	unsigned char got[4];
	uint32_t t0;
	pid_t pid;
	ta_net n;

	REQUIRE(lfd >= 0);
	REQUIRE(ta_net_connect(&n, "127.0.0.1", port, 300) == 0);
	cfd = accept(lfd, NULL, NULL);
	REQUIRE(cfd >= 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		for (i = 0; i < 50 && write(cfd, "x", 1) == 1; i++)   /* 5 s */
			ta_time_sleep_ms(100);
		_exit(0);
	}
	ta_net_limit(&n, 700);
	ta_error_clear();
	t0 = ta_time_ms();
	while ((r = ta_net_read(&n, got, 1)) == 1)
		;
	CHECK_INT(r, TA_ERR_TIMEOUT);
	CHECK((uint32_t)(ta_time_ms() - t0) < 2500);
	CHECK(strstr(ta_error_msg(), "took more than 700 ms") != NULL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	ta_net_close(&n);
	close(cfd);
	close(lfd);
}

static void t_refused(void)
{
	unsigned port;
	int lfd = listener(0, &port);
	ta_net n;

	REQUIRE(lfd >= 0);
	close(lfd);                      /* nobody listens there now */
	ta_error_clear();
	CHECK_INT(ta_net_connect(&n, "127.0.0.1", port, 1000), TA_ERR_NET);
	CHECK(strstr(ta_error_msg(), "cannot connect to 127.0.0.1") != NULL);
	CHECK_INT(n.fd, -1);
	ta_error_clear();
	CHECK_INT(ta_net_connect(&n, "127.0.0.1", 0, 1000), TA_ERR_ARG);
}

static void t_tries_each_address(void)
{
	/* "localhost" may resolve to ::1 first; only 127.0.0.1 listens. */
	unsigned port;
	int lfd = listener(0, &port);
	ta_net n;

	REQUIRE(lfd >= 0);
	CHECK_INT(ta_net_connect(&n, "localhost", port, 1000), 0);
	ta_net_close(&n);
	close(lfd);
}

static void t_ipv6_literal(void)
{
	unsigned port;
	int lfd = listener(1, &port);
	ta_net n;

	if (lfd < 0) {
		ta_test_skip("no IPv6 loopback");
		return;
	}
	CHECK_INT(ta_net_connect(&n, "::1", port, 1000), 0);
	ta_net_close(&n);
	close(lfd);
}

static void t_write_to_closed_peer(void)
{
	unsigned port;
	int lfd = listener(0, &port), cfd, r = 0, i;
	static unsigned char big[65536];
	ta_net n;

	REQUIRE(lfd >= 0);
	REQUIRE(ta_net_connect(&n, "127.0.0.1", port, 1000) == 0);
	cfd = accept(lfd, NULL, NULL);
	REQUIRE(cfd >= 0);
	close(cfd);
	/* No SIGPIPE: an error comes back instead. */
	for (i = 0; i < 50 && r == 0; i++)
		r = ta_net_write(&n, big, sizeof(big));
	CHECK_INT(r, TA_ERR_NET);
	ta_net_close(&n);
	close(lfd);
}

/* A CONNECT proxy in a child: reads the request head, answers reply,
 * then sends "tunnel" through the tunnel. */
static pid_t fake_proxy(int lfd, const char *reply)
{
	char head[1024];
	size_t len = 0;
	pid_t pid = fork();
	int cfd;

	if (pid != 0)
		return pid;
	cfd = accept(lfd, NULL, NULL);
	while (cfd >= 0 && len < sizeof(head) && read(cfd, head + len, 1) == 1)
		if (++len >= 4 && !memcmp(head + len - 4, "\r\n\r\n", 4)) {
			if (write(cfd, reply, strlen(reply)) < 0 || write(cfd, "tunnel", 6) < 0)
				_exit(1);
			ta_time_sleep_ms(2000);
			break;
		}
	_exit(0);
}

/* A CONNECT answered with interim 1xx replies before the 200: the tunnel
 * is up and its first bytes are the server's; eight interim replies, or a
 * refusal, are not a tunnel. */
static void t_proxy_interim(void)
{
	static const struct { const char *reply; int want; } cases[] = {
		{ "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX: y\r\n\r\n"
		  "HTTP/1.1 200 Connection established\r\n\r\n", 0 },
		{ "HTTP/1.0 200 OK\r\nProxy-Agent: x\r\n\r\n", 0 },
		{ "HTTP/1.1 100 A\r\n\r\nHTTP/1.1 100 A\r\n\r\nHTTP/1.1 100 A\r\n\r\n"
		  "HTTP/1.1 100 A\r\n\r\nHTTP/1.1 100 A\r\n\r\nHTTP/1.1 100 A\r\n\r\n"
		  "HTTP/1.1 100 A\r\n\r\nHTTP/1.1 100 A\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", TA_ERR_NET },
		{ "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 403 Forbidden\r\n\r\n", TA_ERR_NET },
	};
	unsigned port, i;
	unsigned char got[8];
	char proxy[64];
	ta_url u;
	ta_net n;
	pid_t pid;
	int lfd, r;

	if (!ENABLE_PROXY) {
		ta_test_skip("built without proxy support (Kconfig PROXY)");
		return;
	}
	REQUIRE(ta_url_parse("https://ca.example:14000/dir", &u) == 0);
	for (i = 0; i < TA_ARRAY_LEN(cases); i++) {
		lfd = listener(0, &port);
		REQUIRE(lfd >= 0);
		snprintf(proxy, sizeof(proxy), "http://127.0.0.1:%u", port);
		pid = fake_proxy(lfd, cases[i].reply);
		REQUIRE(pid > 0);
		ta_error_clear();
		r = ta_proxy_connect(&n, proxy, &u, 2000);
		CHECK_INT(r, cases[i].want);
		if (r == 0) {
			CHECK_INT(ta_net_read(&n, got, 6), 6);
			CHECK(!memcmp(got, "tunnel", 6));
			ta_net_close(&n);
		} else if (i == 3) {
			CHECK(strstr(ta_error_msg(), "status 403") != NULL);
		}
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(lfd);
	}
}

const ta_test suite_net[] = {
	{ "proxy_interim", t_proxy_interim },
	{ "drip_limited", t_drip_limited },
	{ "connect_read_write", t_connect_read_write },
	{ "read_timeout", t_read_timeout },
	{ "refused", t_refused },
	{ "tries_each_address", t_tries_each_address },
	{ "ipv6_literal", t_ipv6_literal },
	{ "write_to_closed_peer", t_write_to_closed_peer },
	{ 0, 0 }
};
