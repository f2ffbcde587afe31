/* What tacme remembers about each certificate between runs, and the
 * renewal decision that needs no network. */
#ifndef TA_STATE_H
#define TA_STATE_H

#include <stddef.h>
#include <stdint.h>

typedef struct ta_state {
	int64_t not_before, not_after;  /* of the current certificate */
	int64_t renew_at;           /* chosen moment to renew (0: unknown) */
	int64_t ari_next;           /* earliest next renewalInfo poll (0: none) */
	int64_t window_start, window_end;   /* the last ARI window */
	int ari;                    /* the CA offers renewalInfo */
	char cert_id[256];          /* ARI certificate id of the current cert */
	int64_t last_time;          /* when the last attempt ended */
	int64_t revoked;            /* when tacme revoked it (0: not): the next
	                             * certificate gets a new key, key_reuse or not */
	int64_t deploy_pending;     /* 1: the current certificate's deploy
	                             * command has not succeeded yet */
	int64_t failures;           /* attempts failed in a row since */
	int64_t retry_at;           /* renew tries again no sooner (backoff) */
	char last[256];             /* its result, for `tacme status` */
} ta_state;

/* Reads <state_dir>/<section>.state (JSON) into st; a missing file gives a
 * zeroed st and 0.  Returns 0, or TA_ERR_PARSE / TA_ERR_IO / TA_ERR_SPACE
 * for a damaged file (st is then zeroed too). */
int ta_state_load(const char *state_dir, const char *section, ta_state *st);
/* Writes st atomically.  Returns 0 or an error. */
int ta_state_save(const char *state_dir, const char *section, const ta_state *st);
/* The default renewal moment without ARI: when a third of the lifetime is
 * left (never assuming 90 days).  Any two values give a result (the
 * arithmetic wraps modulo 2^64 rather than overflowing). */
int64_t ta_state_third_left(int64_t not_before, int64_t not_after);
/* Parses an RFC 3339 time ("2026-11-28T20:15:28Z", fractions and offsets
 * allowed) into seconds since 1970.  Returns 0 or TA_ERR_PARSE. */
int ta_time_parse_rfc3339(const char *s, int64_t *t);

#endif
