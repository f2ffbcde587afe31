/* dns-01: key authorization digests, the DNS providers that publish them,
 * and the wait until a value is visible in DNS. */
#ifndef TA_DNS01_H
#define TA_DNS01_H

#include <stddef.h>
#include "tacme_tls.h"
#include "ta_http.h"
#include "ta_json.h"

/* A DNS provider.  Calls get the name without "*." (the TXT record goes to
 * _acme-challenge.<domain>), the challenge token and the TXT value. */
typedef struct ta_dns_class ta_dns_class;
struct ta_dns_class {
	const char *name;
	/* Most values that may be pending at once in one group (acme-dns keeps
	 * the two latest per registration); 0 = no limit. */
	unsigned per_group;
	/* Checks before ordering that domain can be served (credentials, the
	 * CNAME delegation).  Returns 0 or an error saying what to do. */
	int (*prepare)(const ta_dns_class **ctx, const char *domain);
	/* The group a domain's values share (same number: same group). */
	unsigned (*group)(const ta_dns_class **ctx, const char *domain);
	int (*add)(const ta_dns_class **ctx, const char *domain, const char *token,
		const char *value);
	int (*remove)(const ta_dns_class **ctx, const char *domain, const char *token,
		const char *value);
};

/* The TXT value for a dns-01 challenge: base64url(SHA-256(token "."
 * thumbprint of the account key)), 43 characters and a NUL.  Returns 0 or
 * an error. */
int ta_dns01_value(const ta_key *account, const char *token, char out[44]);

/* Waits until value is visible as a TXT record of _acme-challenge.<domain>
 * (following CNAMEs), polling for at most timeout_s: at every NS host (up
 * to 4) of the zone holding the CNAME chain's end, asked directly without
 * recursion (the chain, the zone, its hosts and their addresses are found
 * through resolver: "host[:port]", or NULL for the first nameserver of
 * /etc/resolv.conf); through resolver itself when none of them can be
 * found or answers with authority.  Returns 0, TA_ERR_TIMEOUT (saying
 * which server showed what), or the error of a bad resolver. */
int ta_dns01_wait(const char *resolver, const char *domain, const char *value,
	unsigned timeout_s);

/* Looks up the CNAME of name through resolver (as for ta_dns01_wait) into
 * target (no trailing dot).  Returns 0, TA_ERR_NOTFOUND when name has no
 * CNAME, or TA_ERR_DNS. */
int ta_dns01_cname(const char *resolver, const char *name, char *target, size_t cap);

/* ---- hook provider: dehydrated's hook calls ----------------------------- */
typedef struct ta_dns_hook {
	const ta_dns_class *vtable;
	const char *program;
	unsigned timeout_s;
	unsigned calls;             /* programs run (for tests and benchmarks) */
} ta_dns_hook;

void ta_dns_hook_init(ta_dns_hook *h, const char *program);

/* ---- acme-dns provider -------------------------------------------------- */
#define TA_ACMEDNS_FILE_MAX 8192

typedef struct ta_dns_acmedns {
	const ta_dns_class *vtable;
	const char *url;            /* acme-dns server base URL */
	const char *cred_path;      /* JSON credentials file */
	const char *resolver;       /* for the CNAME check, or NULL */
	ta_http http;               /* its own connection */
	char *http_buf;             /* its answers (caller's, like tok) */
	size_t http_cap;
	ta_json_tok *tok;           /* token array (may be shared with the ACME
	                             * client: used only between its requests) */
	unsigned ntok;
	unsigned updates;           /* POST /update sent (for tests) */
} ta_dns_acmedns;

/* Prepares the provider; proxy as for ta_http_init.  buf[0..cap) (at
 * least 1 KB) receives acme-dns's answers and tok[0..ntok) parses them:
 * both the caller's, and may be shared with the ACME client, as they are
 * used only between its requests; buf is wiped after a registration and
 * by ta_dns_acmedns_done. */
void ta_dns_acmedns_init(ta_dns_acmedns *p, const char *url, const char *cred_path,
	const char *resolver, const char *proxy, char *buf, size_t cap, ta_json_tok *tok,
	unsigned ntok);
/* Registers at the acme-dns server for domain (without "*."), stores the
 * credentials in the file (0600, other entries kept) and writes the
 * record to create into out: "_acme-challenge.<domain>. CNAME <full>." */
int ta_dns_acmedns_register(ta_dns_acmedns *p, const char *domain, char *out, size_t cap);
/* Closes its connection and wipes the loaded credentials. */
void ta_dns_acmedns_done(ta_dns_acmedns *p);

#endif
