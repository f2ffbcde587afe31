/* tacme: common definitions shared by every layer: error codes, version,
 * log levels.  No OS or TLS header is included here. */
#ifndef TACME_H
#define TACME_H

#include <stddef.h>
#include <stdint.h>

/* Error codes: every function returns 0 (or a count) on success and one of
 * these, negative, on failure.  ta_strerror() names them. */
enum {
	TA_OK = 0,
	TA_ERR_SPACE = -1,       /* a bounded buffer or table is too small */
	TA_ERR_PARSE = -2,       /* malformed input (JSON, HTTP, PEM, config...) */
	TA_ERR_IO = -3,          /* file or device I/O failed */
	TA_ERR_NET = -4,         /* name resolution, connect, read or write failed */
	TA_ERR_TIMEOUT = -5,     /* a network step took longer than allowed */
	TA_ERR_TLS = -6,         /* TLS handshake or record layer failed */
	TA_ERR_CERT = -7,        /* the server's certificate was not accepted */
	TA_ERR_CRYPTO = -8,      /* a hash, key or signature operation failed */
	TA_ERR_RAND = -9,        /* no entropy available */
	TA_ERR_HTTP = -10,       /* HTTP protocol violation by the peer */
	TA_ERR_STATUS = -11,     /* unexpected HTTP status */
	TA_ERR_NOTFOUND = -12,   /* a key, header, file or field is absent */
	TA_ERR_CONFIG = -13,     /* bad configuration */
	TA_ERR_ARG = -14,        /* bad argument from the caller or the user */
	TA_ERR_CLOCK = -15,      /* the system clock is plainly wrong */
	TA_ERR_UNSUPPORTED = -16,/* feature not built in or not offered */
	TA_ERR_PROTO = -17,      /* the ACME server did something unexpected */
	TA_ERR_DNS = -18,        /* DNS query or answer problem */
	TA_ERR_CLOSED = -19      /* the peer closed the connection */
};

/* Keeps a function with big buffers in a stack frame of its own, so that
 * the buffers of steps that run one after the other never add up. */
#if defined(__GNUC__)
#define TA_NOINLINE __attribute__((noinline))
#else
#define TA_NOINLINE
#endif

/* Returns a short constant English name for an error code. */
const char *ta_strerror(int err);

/* Records the first detailed failure of a run (later ones are ignored until
 * ta_error_clear()) and returns err, so callers can write
 * `return ta_error(TA_ERR_NET, "connect to %s:%u: %s", host, port, why);`.
 * The message must never contain secrets. */
int ta_error(int err, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Puts the text made from fmt in front of the recorded message (when there
 * is one and both fit), to say where a low-level failure happened. */
void ta_error_prefix(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;
/* The recorded message ("" when none); owned by err.c, valid until cleared. */
const char *ta_error_msg(void);
/* The recorded code (0 when none). */
int ta_error_code(void);
/* Forgets the recorded failure. */
void ta_error_clear(void);

/* Version string and build time (seconds since the epoch), set by the build. */
extern const char ta_version[];
extern const long long ta_build_time;

/* Log levels for ta_log() (port layer). */
enum { TA_LOG_ERR = 0, TA_LOG_WARN = 1, TA_LOG_INFO = 2, TA_LOG_DEBUG = 3 };

#define TA_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
