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

#define TA_CHAIN_MAX 12288

/* Everything a run needs to issue certificates; big, so the caller keeps it
 * in static storage.  One account and one CA connection serve every
 * certificate of the run. */
typedef struct ta_issuer {
	const ta_config *conf;
	ta_http http;
	char http_buf[CONFIG_HTTP_BUF_SIZE];
	ta_json_tok tok[CONFIG_JSON_MAX_TOKENS];
	char req[TA_JWS_REQ_MAX];
	ta_acme acme;
	ta_key account;
	int ready;                  /* directory read, account known */
	ta_dns_acmedns adns;
	ta_dns_hook hook;
	const ta_dns_class **dns;
	ta_key cert_key;
	ta_order order;
	ta_authz authz[CONFIG_MAX_NAMES];
	char chain[TA_CHAIN_MAX];   /* the chosen chain, PEM */
	size_t chain_len;
	unsigned issued;            /* certificates written this run */
} ta_issuer;

/* Prepares is for conf (which must outlive it); is must start zeroed
 * (static storage), as it is not cleared here. */
void ta_issuer_init(ta_issuer *is, const ta_config *conf);
/* Obtains a certificate for section cc now and stores it under
 * <state_dir>/<section>/ (privkey.pem, cert.pem, chain.pem, fullchain.pem,
 * all replaced together), then runs its deploy command.  Returns 0 or an
 * error with the step and what to do recorded. */
int ta_issue(ta_issuer *is, const ta_cert_conf *cc);
/* Closes connections and wipes keys. */
void ta_issuer_done(ta_issuer *is);

#endif
