/* Logging to stderr or syslog. */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <stdarg.h>
#include <string.h>
#include <syslog.h>
#include "tacme.h"
#include "ta_fmt.h"
#include "tacme_port.h"

static int max_level = TA_LOG_INFO;
static int use_syslog;

int ta_log_open(const char *target, int level)
{
	max_level = level;
	if (!target || !strcmp(target, "stderr")) {
		use_syslog = 0;
		return 0;
	}
	if (!strcmp(target, "syslog") && ENABLE_SYSLOG) {
		openlog("tacme", LOG_PID, LOG_DAEMON);
		use_syslog = 1;
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

void ta_log(int level, const char *fmt, ...)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char line[1024];
	va_list ap;
	int n;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	n = ta_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	clean_line(line, n, sizeof(line));
	if (ENABLE_SYSLOG && use_syslog)
		syslog(prio[level & 3], "%s", line);
	else
		ta_dprintf(TA_STDERR, "tacme: %s\n", line);
}
