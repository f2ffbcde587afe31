/* Configuration: the INI reader (pure) and tacme's settings. */
#ifndef TA_CONF_H
#define TA_CONF_H

#include <stddef.h>
#include "config.h"

/* Called for each "key = value" line, with the current section ("" before
 * the first [section]) and its 1-based line number; key and value are
 * NUL-terminated inside the text.  Called with key NULL at each [section]
 * line.  A non-zero return stops the parse and is returned. */
typedef int (*ta_ini_cb)(void *ctx, const char *section, const char *key,
	const char *value, unsigned line);

/* Parses INI text in place (text[len] must be writable and is set to NUL):
 * `# comment` and `; comment` lines, `[section]`, `key = value` with
 * whitespace trimmed.  Keys and section names are letters, digits, '_',
 * '-' and '.'.  Errors, its own and those cb records, get "name:line: "
 * in front (unless an error was recorded before).  Returns 0,
 * TA_ERR_CONFIG, or what cb returned. */
int ta_ini_parse(char *text, size_t len, const char *name, ta_ini_cb cb, void *ctx);

/* The largest config file is one byte less (read on ta_config_load's stack). */
#define TA_CONF_TEXT_MAX 8192

/* One [section]: a certificate.  Strings point into ta_config.pool, except
 * key_type_name (a constant). */
typedef struct ta_cert_conf {
	const char *name;           /* the section name */
	const char *names;          /* space-separated DNS names, *.x allowed */
	int key_type;               /* TA_KEY_EC256 (default), EC384, RSA */
	unsigned key_bits;          /* RSA: 2048, 3072, 4096 */
	const char *key_type_name;  /* as written, for messages */
	const char *preferred_chain;/* issuer CN of the chain's top, or NULL */
	const char *profile;        /* ACME profile, or NULL */
	const char *deploy;         /* program and arguments, or NULL */
	int key_reuse;              /* keep the key across renewals */
	unsigned line;
} ta_cert_conf;

/* tacme's settings; the strings point into pool (copies of the values in
 * the file) or are defaults. */
typedef struct ta_config {
	const char *path;
	const char *directory;      /* ACME directory URL */
	const char *ca_file;        /* PEM trust anchors */
	const char *state_dir;      /* keys, certificates, account */
	const char *contact;        /* mailto:... or NULL */
	const char *eab_kid, *eab_hmac_key;
	const char *acmedns_url;    /* acme-dns API base URL */
	const char *acmedns_credentials;    /* JSON file of registrations */
	const char *dns_resolver;   /* host[:port] or NULL: /etc/resolv.conf */
	const char *hook;           /* dehydrated-style hook program, or NULL */
	const char *proxy;          /* proxy URL, or NULL */
	const char *log;            /* "stderr" or "syslog" */
	ta_cert_conf certs[CONFIG_MAX_CERTS];
	unsigned ncerts;
	char pool[CONFIG_CONF_POOL];/* the values kept, each NUL-terminated */
	char derived[512];          /* defaults built from other settings */
} ta_config;

/* Reads and checks the config file at path (up to TA_CONF_TEXT_MAX - 1
 * bytes, on the stack and wiped after) and copies its values into c->pool.
 * Returns 0, or TA_ERR_CONFIG / TA_ERR_IO / TA_ERR_NOTFOUND with a message
 * naming the file, the line and what is expected. */
int ta_config_load(ta_config *c, const char *path);
/* The section called name, or NULL. */
const ta_cert_conf *ta_config_cert(const ta_config *c, const char *name);
/* Splits the space-separated names of cc into out[0..max) (pointers into
 * mem, which must hold strlen(cc->names)+1 bytes); returns the count. */
size_t ta_config_names(const ta_cert_conf *cc, char *mem, size_t memcap,
	const char **out, size_t max);

#endif
