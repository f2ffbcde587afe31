/* Getting one certificate end to end: checks, account, order, dns-01 in
 * rounds, finalize, download, verification, atomic storage, deploy. */
#ifndef TA_ISSUE_H
#define TA_ISSUE_H

#include "config.h"
#include "tacme_tls.h"
#include "ta_acme.h"
#include "ta_conf.h"
#include "ta_dns01.h"
#include "ta_http.h"
#include "ta_json.h"
#include "ta_jws.h"
#include "ta_renew.h"

#define TA_CHAIN_MAX 12288

#if CONFIG_HTTP_BUF_SIZE < TA_JWS_REQ_MAX + 4096
#error "CONFIG_HTTP_BUF_SIZE must leave room for a signed request and an answer"
#endif

/* Everything a run needs to issue certificates; big, so the caller keeps it
 * in static storage.  One account and one CA connection serve every
 * certificate of the run. */
typedef struct ta_issuer {
	const ta_config *conf;
	ta_http http;
	char http_buf[CONFIG_HTTP_BUF_SIZE];    /* responses; its last
	                             * TA_JWS_REQ_MAX bytes also hold each signed
	                             * request while it is built and sent (the
	                             * answer may then overwrite it) */
	ta_json_tok tok[CONFIG_JSON_MAX_TOKENS];
	ta_acme acme;
	ta_key account;
	int ready;                  /* directory read, account known */
	ta_dns_acmedns adns;
	ta_dns_hook hook;
	const ta_dns_class **dns;
	ta_key cert_key;
	ta_order order;
	ta_authz authz[CONFIG_MAX_NAMES];
	char order_pool[TA_ORDER_POOL];     /* order.pool's memory */
	const char *chain;          /* the chosen chain, PEM: the body of the
	                             * download, in http_buf until the next
	                             * request (stored before there is one) */
	size_t chain_len;
	unsigned issued;            /* certificates written this run */
	unsigned jitter_s;          /* random delay before the first request */
	unsigned wait_clock_s;      /* how long to wait for a sane clock */
	int network;                /* the first network step has been taken */
	int deploy_failed;          /* the last deploy command failed (a failure
	                             * that is no reason for renew's backoff) */
} ta_issuer;

/* Prepares is for conf (which must outlive it); is must start zeroed
 * (static storage), as it is not cleared here. */
void ta_issuer_init(ta_issuer *is, const ta_config *conf);
/* Obtains a certificate for section cc now and stores it under
 * <state_dir>/<section>/ (privkey.pem, cert.pem, chain.pem, fullchain.pem,
 * all replaced together), records its renewal state, then runs its deploy
 * command (a failed one is marked in the state for the next renew: see
 * ta_issuer_deploy_pending).  replaces is the ARI id of the certificate
 * this one renews, or NULL.  Returns 0 or an error with the step and what
 * to do recorded (a failed deploy too, the certificate being stored). */
int ta_issue(ta_issuer *is, const ta_cert_conf *cc, const char *replaces);
/* Called before the first network step of a run: checks the clock (waiting
 * up to wait_clock_s for NTP when it is before the build date) and sleeps
 * the random jitter.  Returns 0 or TA_ERR_CLOCK. */
int ta_issuer_begin(ta_issuer *is);
/* Reads the directory and the account (once per run). */
int ta_issuer_account(ta_issuer *is);
/* Runs cc's deploy command again when the state says the last one did not
 * succeed (failed, or a crash before it), without the network; sets *ran.
 * Returns 0 (done, or nothing pending: a damaged state too) or the
 * deploy's error, which stays marked in the state for the next run. */
int ta_issuer_deploy_pending(ta_issuer *is, const ta_cert_conf *cc, int *ran);
/* Fetches cc's kept order (see ta_issuer_kept_order) and stores its
 * certificate (*stored 1), or drops it when the CA no longer has it for us
 * (*stored 0: no new order is made).  Returns 0 or an error (the order is
 * kept: the CA is still processing it, or could not be reached). */
int ta_issue_kept(ta_issuer *is, const ta_cert_conf *cc, int *stored);
/* 1 if an order of cc's that an earlier run sent to finalize is kept
 * (the CA was slow, or the run was killed): ta_issue fetches it first. */
int ta_issuer_kept_order(const ta_issuer *is, const ta_cert_conf *cc);
/* Finishes a rollover that the CA may have taken without tacme knowing
 * (killed, or the keyChange answer lost): when account.key.new exists, asks
 * the CA for the account with that key.  Known: it becomes account.key (and
 * is->account).  Refused (401, 403, 404, or 400 accountDoesNotExist,
 * unauthorized or malformed): it was never used and is removed.  Any other
 * answer (429 rateLimited, 5xx) or none: it is kept for the next run, which asks again.  Returns 1 when
 * the new key became the account key, 0 otherwise, or a negative error
 * when it could not be stored. */
int ta_issuer_recover_rollover(ta_issuer *is);
/* Decides whether cc is due and, when it is, renews it (with "replaces"
 * when the CA offers ARI); polls renewalInfo only when its Retry-After has
 * passed, so a run with nothing due makes no connection and writes no file.
 * Sets *issued.  Returns 0 or an error. */
int ta_renew(ta_issuer *is, const ta_cert_conf *cc, int *issued);
/* Closes connections and wipes keys. */
void ta_issuer_done(ta_issuer *is);

#endif
