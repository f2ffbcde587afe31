/* tacme's configuration file: known keys, checked values, clear errors. */
#include <string.h>
#include "tacme.h"
#include "tacme_port.h"
#include "ta_conf.h"
#include "ta_http.h"

typedef struct loader {
	ta_config *c;
} loader;

/* Where each global key is stored. */
static const char **global_slot(ta_config *c, const char *key)
{
	if (!strcmp(key, "directory"))
		return &c->directory;
	if (!strcmp(key, "ca_file"))
		return &c->ca_file;
	if (!strcmp(key, "proxy"))
		return &c->proxy;
	if (!strcmp(key, "log"))
		return &c->log;
	return NULL;
}

static int check_url(const ta_config *c, const char *key, const char *v, unsigned line)
{
	ta_url u;

	if (ta_url_parse(v, &u)) {
		ta_error_clear();
		return ta_error(TA_ERR_CONFIG, "%s:%u: %s must be an http:// or https:// URL, "
			"not \"%.200s\"", c->path, line, key, v);
	}
	return 0;
}

static int on_key(void *ctx, const char *section, const char *key, const char *value,
	unsigned line)
{
	ta_config *c = ((loader *)ctx)->c;
	const char **slot;

	if (*section)
		return ta_error(TA_ERR_CONFIG, "%s:%u: [%s]: certificate sections are not "
			"supported yet", c->path, line, section);
	slot = global_slot(c, key);
	if (!slot)
		return ta_error(TA_ERR_CONFIG, "%s:%u: unknown key \"%s\" (known: directory, "
			"ca_file, proxy, log)", c->path, line, key);
	if (*slot)
		return ta_error(TA_ERR_CONFIG, "%s:%u: %s is set twice", c->path, line, key);
	if (!*value)
		return ta_error(TA_ERR_CONFIG, "%s:%u: %s needs a value", c->path, line, key);
	if ((!strcmp(key, "directory") || !strcmp(key, "proxy")) && check_url(c, key, value, line))
		return TA_ERR_CONFIG;
	if (!strcmp(key, "log") && strcmp(value, "stderr") && strcmp(value, "syslog"))
		return ta_error(TA_ERR_CONFIG, "%s:%u: log is stderr or syslog, not \"%.40s\"",
			c->path, line, value);
	*slot = value;
	return 0;
}

int ta_config_load(ta_config *c, const char *path)
{
	loader l;
	size_t len;
	int r;

	memset(c, 0, sizeof(*c));
	c->path = path;
	r = ta_store_read(path, c->text, sizeof(c->text) - 1, &len);
	if (r == TA_ERR_NOTFOUND)
		return ta_error(TA_ERR_NOTFOUND, "config file %s does not exist: create it or "
			"name another with -c FILE", path);
	if (r == TA_ERR_SPACE) {
		ta_error_clear();
		return ta_error(TA_ERR_CONFIG, "%s is larger than %d bytes", path,
			TA_CONF_TEXT_MAX - 1);
	}
	if (r)
		return r;
	l.c = c;
	r = ta_ini_parse(c->text, len, path, on_key, &l);
	if (r)
		return r;
	if (!c->directory)
		return ta_error(TA_ERR_CONFIG, "%s: directory = <ACME directory URL> is missing "
			"(e.g. https://acme-v02.api.letsencrypt.org/directory)", path);
	if (!c->ca_file)
		c->ca_file = CONFIG_CA_FILE;
	if (!c->log)
		c->log = "stderr";
	return 0;
}
