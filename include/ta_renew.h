/* Renewal: what the current certificate is, whether it is due (without
 * network when nothing is), and the renew run over sections. */
#ifndef TA_RENEW_H
#define TA_RENEW_H

#include <stdint.h>
#include "ta_cert.h"
#include "ta_state.h"
#include "ta_fmt.h"
#include "ta_conf.h"

/* The certificate a section has now. */
typedef struct ta_current {
	int exists;
	unsigned char der[CONFIG_TLS_CERT_MAX];   /* the leaf */
	size_t len;
	ta_cert_info ci;            /* slices into der */
	char cert_id[256];          /* ARI id: b64url(AKI keyid) "." b64url(serial) */
	int key_type;               /* TA_KEY_* of its public key, 0 if unknown */
	unsigned key_bits;
} ta_current;

/* Reads <state_dir>/<section>/cert.pem into cur (cur->exists 0 when there
 * is none).  Returns 0 or an error for a damaged file. */
int ta_renew_read_current(const ta_config *c, const ta_cert_conf *cc, ta_current *cur);
/* Why cc is due now, or NULL: no certificate, other names or key type, or
 * the renewal moment reached.  Needs no network. */
const char *ta_renew_reason(const ta_cert_conf *cc, const ta_current *cur,
	int64_t renew_at, int64_t now);
/* Makes st the state of the certificate in place, cur, when it is another's
 * (a certificate copied in, a lost state, a crash before the state was
 * saved): renewal moment from its lifetime, an ARI poll at now; the backoff
 * and the deploy mark stay.  Unchanged when st is cur's or there is none. */
void ta_renew_adopt(const ta_current *cur, ta_state *st, int64_t now);

#endif
