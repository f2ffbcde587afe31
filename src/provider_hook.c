/* The hook provider: runs a program the way dehydrated calls its hooks,
 * "deploy_challenge <domain> <token> <txt-value>" before validation and
 * "clean_challenge <domain> <token> <txt-value>" after, so existing
 * dehydrated DNS hooks work unchanged.  execve, no shell, bounded time. */
#include <string.h>
#include "tacme.h"
#include "tacme_port.h"
#include "ta_dns01.h"

static int run(ta_dns_hook *h, const char *op, const char *domain, const char *token,
	const char *value)
{
	const char *argv[6];
	int rc, status;

	argv[0] = h->program;
	argv[1] = op;
	argv[2] = domain;
	argv[3] = token;
	argv[4] = value;
	argv[5] = NULL;
	h->calls++;
	ta_log(TA_LOG_DEBUG, "hook: %s %s %s", h->program, op, domain);
	rc = ta_proc_run(argv, NULL, h->timeout_s, &status);
	if (rc)
		return rc;
	if (status != 0)
		return ta_error(TA_ERR_DNS, "hook %s %s %s exited with status %d", h->program,
			op, domain, status);
	return 0;
}

static int hook_prepare(const ta_dns_class **ctx, const char *domain)
{
	(void)ctx;
	(void)domain;
	return 0;
}

static unsigned hook_group(const ta_dns_class **ctx, const char *domain)
{
	(void)ctx;
	(void)domain;
	return 0;
}

static int hook_add(const ta_dns_class **ctx, const char *domain, const char *token,
	const char *value)
{
	return run((ta_dns_hook *)(void *)ctx, "deploy_challenge", domain, token, value);
}

static int hook_remove(const ta_dns_class **ctx, const char *domain, const char *token,
	const char *value)
{
	return run((ta_dns_hook *)(void *)ctx, "clean_challenge", domain, token, value);
}

static const ta_dns_class hook_class = {
	"hook", 0, hook_prepare, hook_group, hook_add, hook_remove
};

void ta_dns_hook_init(ta_dns_hook *h, const char *program)
{
	h->vtable = &hook_class;
	h->program = program;
	h->timeout_s = 300;
	h->calls = 0;
}
