/* What both TLS backends say the same way: the clock check before a
 * handshake and the words for a failed one.  Internal to port/. */
#ifndef TA_TLS_COMMON_H
#define TA_TLS_COMMON_H

#include <stdint.h>

/* Why a handshake failed, in backend-neutral terms. */
enum {
	TA_TLS_UNTRUSTED = 1,   /* no chain to a root in the bundle */
	TA_TLS_BAD_NAME,        /* the leaf is not for the host */
	TA_TLS_EXPIRED,         /* expired or not yet valid: the clock? */
	TA_TLS_TOO_BIG,         /* a certificate over CONFIG_TLS_CERT_MAX */
	TA_TLS_LOST,            /* the connection went away */
	TA_TLS_ALERT,           /* the server sent alert `code` */
	TA_TLS_REJECTED,        /* another certificate error (library `code`) */
	TA_TLS_OTHER            /* another handshake error (library `code`) */
};

/* Records and returns the error for a handshake with host that failed for
 * why (TA_TLS_*); ca_file names the bundle, now the time of the attempt,
 * lib and code the library's own name and number for the last two kinds. */
int ta_tls_fail(int why, const char *host, const char *ca_file, int64_t now,
	const char *lib, int code);

/* 0 when the clock is plausible (not before this tacme was built), else
 * TA_ERR_CLOCK with a message naming the date and host. */
int ta_tls_check_clock(int64_t now, const char *host);

#endif
