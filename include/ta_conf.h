/* Configuration: the INI reader (pure) and tacme's settings. */
#ifndef TA_CONF_H
#define TA_CONF_H

#include <stddef.h>

/* Called for each "key = value" line, with the current section ("" before
 * the first [section]) and its 1-based line number; key and value are
 * NUL-terminated inside the text.  A non-zero return stops the parse and
 * is returned by ta_ini_parse. */
typedef int (*ta_ini_cb)(void *ctx, const char *section, const char *key,
	const char *value, unsigned line);

/* Parses INI text in place (text[len] must be writable and is set to NUL):
 * `# comment` and `; comment` lines, `[section]`, `key = value` with
 * whitespace trimmed.  Keys and section names are letters, digits, '_',
 * '-' and '.'.  Errors name the file (name) and the line.  Returns 0,
 * TA_ERR_CONFIG, or what cb returned. */
int ta_ini_parse(char *text, size_t len, const char *name, ta_ini_cb cb, void *ctx);

#define TA_CONF_TEXT_MAX 8192

/* tacme's settings; the strings point into text. */
typedef struct ta_config {
	const char *path;
	const char *directory;      /* ACME directory URL */
	const char *ca_file;        /* PEM trust anchors */
	const char *proxy;          /* proxy URL, or NULL */
	const char *log;            /* "stderr" or "syslog" */
	char text[TA_CONF_TEXT_MAX];
} ta_config;

/* Reads and checks the config file at path.  Returns 0, or TA_ERR_CONFIG /
 * TA_ERR_IO / TA_ERR_NOTFOUND with a message naming the file, the line and
 * what is expected. */
int ta_config_load(ta_config *c, const char *path);

#endif
