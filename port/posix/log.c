/* Logging to stderr or to the system log.  The system log is spoken to
 * directly (RFC 3164 datagrams on /dev/log), not through syslog(3), whose
 * musl version brings vsnprintf, strftime and the time zone code along. */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "tacme.h"
#include "ta_fmt.h"
#include "tacme_port.h"

#define LOG_PATH "/dev/log"
#define FACILITY_DAEMON (3 << 3)

static int max_level = TA_LOG_INFO;
static int use_syslog;
static int log_fd = -1;       /* the /dev/log socket, once opened */
static int told_fallback;     /* said once that syslog is unavailable */
static int tty;               /* stderr is a terminal: syslog lines go there too */

void ta_std_fds(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		;                            /* stays open, for the hooks too */
	if (fd > 2)
		close(fd);
}

int ta_log_open(const char *target, int level)
{
	max_level = level;
	if (!target || !strcmp(target, "stderr")) {
		use_syslog = 0;
		return 0;
	}
	if (!strcmp(target, "syslog") && ENABLE_SYSLOG) {
		use_syslog = 1;
		tty = isatty(2);
		return 0;
	}
	return TA_ERR_CONFIG;
}

int ta_log_enabled(int level)
{
	return level <= max_level;
}

/* Makes a log line safe for a terminal or syslog: control characters
 * (which a server could put in a problem detail) become one space each,
 * runs of white space one space; a line cut at the buffer ends with "...". */
static void clean_line(char *s, int n, size_t cap)
{
	char *w = s, *r;

	for (r = s; *r; r++) {
		unsigned char c = (unsigned char)*r;

		if (c < 0x20 || c == 0x7f)
			c = ' ';
		if (c == ' ' && w > s && w[-1] == ' ')
			continue;
		*w++ = (char)c;
	}
	if (n >= 0 && (size_t)n >= cap && cap > 4)
		w = (size_t)(w - s) > cap - 4 ? s + cap - 4 : w;   /* room for "..." */
	if (n >= 0 && (size_t)n >= cap && cap > 4)
		memcpy(w, "...", 4);
	else
		*w = '\0';
}

/* Opens and connects the datagram socket to /dev/log; -1 on failure. */
static int log_connect(void)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, LOG_PATH, sizeof(LOG_PATH));
	if (connect(fd, (const struct sockaddr *)(const void *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Sends msg[0..len) to the system log, reconnecting once (syslogd may have
 * restarted since the last line).  Returns 0, or -1 when it could not. */
static int log_send(const char *msg, size_t len)
{
	int attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		ssize_t w;

		if (log_fd < 0 && (log_fd = log_connect()) < 0)
			return -1;
		do
			w = send(log_fd, msg, len, MSG_NOSIGNAL);
		while (w < 0 && errno == EINTR);
		if (w == (ssize_t)len)
			return 0;
		close(log_fd);
		log_fd = -1;
	}
	return -1;
}

/* One line to the system log as "<PRI>Mmm dd hh:mm:ss tacme[PID]: line",
 * facility daemon.  The RFC 3164 time stamp cannot be left out: OpenWrt's
 * logd drops the 16 bytes after <PRI> whenever the 16th is a space, stamp
 * or not (and then stamps the line itself).  tacme has no time zone code,
 * so the stamp is UTC: logd ignores it; busybox syslogd shows it instead of
 * its own clock, which is right on a system kept in UTC and hours off
 * elsewhere.  Also to stderr when it is a terminal (`tacme issue` typed on
 * a router whose config says log = syslog); only there, saying so once, when
 * there is no system log. */
static void to_syslog(int level, const char *line)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const int sev[] = { 3, 4, 6, 7 };   /* err, warning, info, debug */
	char msg[1200];
	ta_date d;
	int n;

	ta_date_of(ta_time_now(), &d);
	n = ta_snprintf(msg, sizeof(msg), "<%d>%.3s %2u %02u:%02u:%02u tacme[%ld]: %s",
		FACILITY_DAEMON | sev[level & 3], months + 3 * ((d.month - 1) % 12), d.day,
		d.hour, d.min, d.sec, (long)getpid(), line);
	if (n > 0 && (size_t)n < sizeof(msg) && log_send(msg, (size_t)n) == 0) {
		if (tty)                    /* a person typing the command sees it */
			ta_dprintf(TA_STDERR, "tacme: %s\n", line);
		return;
	}
	if (!told_fallback) {
		told_fallback = 1;
		ta_dprintf(TA_STDERR, "tacme: no system log at " LOG_PATH ": logging to stderr\n");
	}
	ta_dprintf(TA_STDERR, "tacme: %s\n", line);
}

void ta_vlog(int level, const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	if (level > max_level)
		return;
	n = ta_vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		return;
	clean_line(line, n, sizeof(line));
	if (ENABLE_SYSLOG && use_syslog)
		to_syslog(level, line);
	else
		ta_dprintf(TA_STDERR, "tacme: %s\n", line);
}

void ta_log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ta_vlog(level, fmt, ap);
	va_end(ap);
}
