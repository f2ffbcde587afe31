/* The ACME protocol (RFC 8555): directory, nonces, signed requests with
 * problem reporting, account, order, authorization, challenge, finalize,
 * download.  The flow that strings them together is in issue.c. */
#ifndef TA_ACME_H
#define TA_ACME_H

#include <stddef.h>
#include "config.h"
#include "tacme_tls.h"
#include "ta_buf.h"
#include "ta_http.h"
#include "ta_json.h"

#define TA_ACME_URL 384     /* longest ACME URL kept (longer ones are an error) */

typedef struct ta_acme_dir {
	const char *new_nonce, *new_account, *new_order;
	const char *revoke_cert, *key_change, *renewal_info;   /* may be NULL */
	const char *profiles;       /* space-separated meta.profiles names */
	char pool[1024];            /* their strings (Let's Encrypt's: 370 B) */
} ta_acme_dir;

typedef struct ta_acme {
	ta_http *http;
	const ta_key *key;          /* the account key (caller's) */
	char kid[TA_ACME_URL];      /* account URL, "" before newAccount */
	char nonce[128];
	ta_acme_dir dir;
	char *req;                  /* JWS request buffer (caller's) */
	size_t req_cap;
	ta_json_tok *tok;           /* token array (caller's) */
	unsigned ntok;
	ta_json json;               /* last JSON response (into http's buffer) */
	unsigned bad_nonces;        /* badNonce retries so far (for tests) */
	const char *state_dir;      /* keeps the directory for a day in
	                             * <state_dir>/directory.json, or NULL */
} ta_acme;

typedef struct ta_order {
	char url[TA_ACME_URL];
	char finalize[TA_ACME_URL];
	char certificate[TA_ACME_URL];
	char status[16];
	const char *authz[CONFIG_MAX_NAMES];   /* in pool */
	unsigned nauthz;
	ta_buf pool;                /* the caller's memory (TA_ORDER_POOL bytes
	                             * are enough): the authorization URLs, then
	                             * the strings ta_acme_get_authz keeps */
} ta_order;

typedef struct ta_authz {
	const char *url;            /* the caller's (the order's pool) */
	char status[16];
	const char *domain;         /* identifier value, without "*." */
	int wildcard;
	const char *chall_url;      /* the dns-01 challenge */
	const char *token;
} ta_authz;                     /* the strings are in the caller's pool */

/* Bytes of an order's pool per authorization: its URL, name, challenge URL
 * and token (Let's Encrypt's take 196 plus the name). */
#define TA_AUTHZ_POOL 272
#define TA_ORDER_POOL (CONFIG_MAX_NAMES * TA_AUTHZ_POOL)

/* Prepares a for one CA: http carries the requests, key signs them; req
 * and tok are the caller's buffers for JWS bodies and JSON tokens.  req
 * may be the tail of http's response buffer: a request is built there only
 * after the last answer's values are copied out, and the URL and payload
 * of a request must not point into either buffer (checked: TA_ERR_ARG). */
void ta_acme_init(ta_acme *a, ta_http *http, const ta_key *key, char *req, size_t req_cap,
	ta_json_tok *tok, unsigned ntok);
/* Reads the directory at url: from <a->state_dir>/directory.json when it
 * holds this URL's directory and is less than a day old (one request less
 * per run), else from the CA, then saved there.  Returns 0 or an error. */
int ta_acme_directory(ta_acme *a, const char *url);
/* Drops the saved directory (after a failure, so the next run asks the CA
 * again). */
void ta_acme_forget_directory(ta_acme *a);
/* Sends a signed POST to url (payload NULL: POST-as-GET), with kid once an
 * account is known, else jwk.  Takes every Replay-Nonce, gets a nonce
 * first when none is held, retries badNonce (up to 20 in a row: a CA
 * rejecting half the nonces, as Pebble does in the tests, gets through) and
 * honours a short Retry-After on rateLimited/503 once.  On 2xx returns 0
 * with the response in a->http and JSON bodies parsed into a->json; on an
 * ACME problem returns TA_ERR_PROTO with type, detail and subproblems in
 * the recorded message, prefixed by step. */
int ta_acme_post(ta_acme *a, const char *step, const char *url, const char *payload);
/* Finds or creates the account (newAccount, termsOfServiceAgreed, contact
 * when not NULL, External Account Binding when eab_kid is set); with
 * only_existing, onlyReturnExisting.  Sets a->kid.  Returns 0 or an error. */
int ta_acme_account(ta_acme *a, const char *contact, const char *eab_kid,
	const char *eab_key, int only_existing);
/* Creates an order for names[0..n) (profile and replaces may be NULL). */
int ta_acme_new_order(ta_acme *a, const char *const *names, size_t n, const char *profile,
	const char *replaces, ta_order *o);
/* Reads the order at o->url again (POST-as-GET). */
int ta_acme_get_order(ta_acme *a, ta_order *o);
/* Reads an authorization and its dns-01 challenge into z; z->url points
 * to url, which must outlive z (the order's pool), and its other strings
 * are appended to pool (the caller's memory, one per order).  Returns 0 or
 * an error (TA_ERR_SPACE when pool is full). */
int ta_acme_get_authz(ta_acme *a, const char *url, ta_authz *z, ta_buf *pool);
/* Tells the CA to validate z's dns-01 challenge. */
int ta_acme_respond(ta_acme *a, const ta_authz *z);
/* Polls z until it is valid (0) or invalid (TA_ERR_PROTO with the
 * challenge's error), bounded to timeout_s seconds. */
int ta_acme_wait_authz(ta_acme *a, ta_authz *z, unsigned timeout_s);
/* Sends the CSR to o->finalize and polls the order until it is valid and
 * has a certificate URL, bounded to timeout_s. */
int ta_acme_finalize(ta_acme *a, ta_order *o, const unsigned char *csr, size_t len,
	unsigned timeout_s);
/* Downloads a certificate chain (PEM) into a->http's buffer. */
int ta_acme_download(ta_acme *a, const char *url);
/* Revokes the certificate der[0..len) with reason (RFC 5280 code, -1 for
 * none), signed by the account.  Returns 0 or an error. */
int ta_acme_revoke(ta_acme *a, const unsigned char *der, size_t len, int reason);
/* Rolls the account over to new_key (RFC 8555 7.3.5).  Returns 0 or an
 * error; on success a->key still points at the old key: the caller swaps. */
int ta_acme_key_change(ta_acme *a, const ta_key *new_key);
/* Reads the account object (POST-as-GET on the account URL) into
 * a->json.  Returns 0 or an error. */
int ta_acme_get_account(ta_acme *a);
/* Deactivates the account.  Returns 0 or an error. */
int ta_acme_deactivate(ta_acme *a);
/* Asks the CA's renewalInfo (RFC 9773) about the certificate cert_id with
 * an unauthenticated GET: sets the suggested window, the Retry-After
 * (seconds, at most a day; 0 when absent; also set when the CA answered an
 * error) and explain[0..cap) to the explanationURL ("" when none).
 * Returns 0, TA_ERR_UNSUPPORTED when the CA has no renewalInfo, or an
 * error (a window whose end is not after its start included). */
int ta_acme_renewal_info(ta_acme *a, const char *cert_id, int64_t *start, int64_t *end,
	unsigned *retry_s, char *explain, size_t cap);
/* 1 if the last answer is an error (4xx/5xx) whose problem document has
 * type urn:ietf:params:acme:error:<type> (e.g. "accountDoesNotExist"). */
int ta_acme_is_problem(ta_acme *a, const char *type);
/* Seconds to wait before polling again: the last response's Retry-After
 * when present (clamped to 1..max_s), else fallback_ms rounded up. */
unsigned ta_acme_retry_after_ms(const ta_acme *a, unsigned fallback_ms, unsigned max_s);

#endif
