/* Logging to stderr or syslog, and the environment. */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include "tacme.h"
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

void ta_log(int level, const char *fmt, ...)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	va_list ap;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	if (ENABLE_SYSLOG && use_syslog) {
		vsyslog(prio[level & 3], fmt, ap);
	} else {
		fputs("tacme: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

const char *ta_env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}
