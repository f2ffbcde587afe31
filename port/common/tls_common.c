/* The clock check and the handshake failure messages of both TLS backends,
 * so a user reads the same words whichever library tacme is built with. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "tacme.h"
#include "ta_fmt.h"
#include "tacme_port.h"
#include "tls_common.h"

int ta_tls_check_clock(int64_t now, const char *host)
{
	char date[40];

	if (now >= ta_build_time - 86400)
		return 0;
	ta_fmt_time(now, date, sizeof(date));
	return ta_error(TA_ERR_CLOCK, "the clock says %s, before this tacme was built: "
		"set the time (NTP) before talking to %s", date, host);
}

int ta_tls_fail(int why, const char *host, const char *ca_file, int64_t now,
	const char *lib, int code)
{
	char date[40];

	switch (why) {
	case TA_TLS_UNTRUSTED:
		return ta_error(TA_ERR_CERT, "TLS: the certificate of %s does not chain to any "
			"root in %s (wrong server, interception proxy, or missing root: "
			"set ca_file)", host, ca_file);
	case TA_TLS_BAD_NAME:
		return ta_error(TA_ERR_CERT, "TLS: the certificate presented by %s is not "
			"valid for that name", host);
	case TA_TLS_EXPIRED:
		ta_fmt_time(now, date, sizeof(date));
		return ta_error(TA_ERR_CERT, "TLS: the certificate of %s is expired or not yet "
			"valid at %s: check the clock (NTP)", host, date);
	case TA_TLS_TOO_BIG:
		return ta_error(TA_ERR_CERT, "TLS: a certificate from %s is larger than "
			"CONFIG_TLS_CERT_MAX (%d bytes)", host, CONFIG_TLS_CERT_MAX);
	case TA_TLS_LOST:
		return ta_error(TA_ERR_NET, "TLS handshake with %s: connection lost", host);
	case TA_TLS_ALERT:
		return ta_error(TA_ERR_TLS, "TLS handshake with %s: the server sent alert %d",
			host, code);
	case TA_TLS_REJECTED:
		return ta_error(TA_ERR_CERT, "TLS: the certificate of %s was rejected "
			"(%s error %d)", host, lib, code);
	default:
		return ta_error(TA_ERR_TLS, "TLS handshake with %s failed (%s error %d)", host,
			lib, code);
	}
}
