/* Renewal decisions.  Everything needed to decide "not due" is on disk (the
 * certificate and its state file), so the common cron run touches no
 * network and writes nothing; renewalInfo (RFC 9773) is asked only when
 * its Retry-After has passed. */
#include <string.h>
#include "tacme.h"
#include "tacme_port.h"
#include "ta_b64.h"
#include "ta_buf.h"
#include "ta_der.h"
#include "ta_fmt.h"
#include "ta_issue.h"
#include "ta_key.h"
#include "ta_pem.h"
#include "ta_renew.h"
#include "ta_state.h"

/* Key type and size of the certificate's key (0 when of another kind). */
static void spki_type(ta_current *cur)
{
	ta_cert_key k;

	if (ta_cert_key_of(&cur->ci, &k) == 0 && k.type != TA_CERT_KEY_EC521) {
		cur->key_type = k.type;
		cur->key_bits = k.bits;
	}
}

int ta_renew_read_current(const ta_config *c, const ta_cert_conf *cc, ta_current *cur)
{
	char pem[TA_PEM_LEN(CONFIG_TLS_CERT_MAX)];   /* the leaf tacme stored */
	char path[512];
	const char *label;
	size_t len, pos = 0, llen;
	ta_buf b;
	int r;

	cur->exists = 0;
	cur->cert_id[0] = '\0';
	cur->key_type = 0;
	if (ta_snprintf(path, sizeof(path), "%s/%s/cert.pem", c->state_dir, cc->name) >= (int)sizeof(path))
		return ta_error(TA_ERR_SPACE, "path too long");
	r = ta_store_read(path, pem, sizeof(pem), &len);
	if (r == TA_ERR_NOTFOUND)
		return 0;
	if (r == 0)
		r = ta_pem_next(pem, len, &pos, &label, &llen, cur->der, sizeof(cur->der), &cur->len);
	if (r == 0)
		r = ta_cert_parse(cur->der, cur->len, &cur->ci);
	if (r)
		return ta_error(TA_ERR_PARSE, "%s is not a readable certificate: tacme will "
			"replace it", path);
	cur->exists = 1;
	spki_type(cur);
	if (cur->ci.aki_len) {
		ta_buf_init(&b, cur->cert_id, sizeof(cur->cert_id));
		ta_b64url_put(&b, cur->ci.aki, cur->ci.aki_len);
		ta_buf_putc(&b, '.');
		ta_b64url_put(&b, cur->ci.serial, cur->ci.serial_len);
		if (ta_buf_cstr(&b))
			cur->cert_id[0] = '\0';
	}
	return 0;
}

const char *ta_renew_reason(const ta_cert_conf *cc, const ta_current *cur,
	int64_t renew_at, int64_t now)
{
	char mem[CONFIG_CONF_POOL];     /* cc->names is in the config's pool */
	const char *names[CONFIG_MAX_NAMES];
	size_t n, i;

	if (!cur->exists)
		return "there is no certificate yet";
	n = ta_config_names(cc, mem, sizeof(mem), names, TA_ARRAY_LEN(names));
	for (i = 0; i < n; i++)
		if (!ta_cert_has_name(&cur->ci, names[i]))
			return "the configured names changed";
	if (ta_cert_count_names(&cur->ci) != n)
		return "the configured names changed";
	if (cur->key_type != cc->key_type ||
	    (cc->key_type == TA_KEY_RSA && cur->key_bits != cc->key_bits))
		return "the configured key type changed";
	if (now >= renew_at)
		return "its renewal time has come";
	return NULL;
}

/* Picks a random moment in [start, end]. */
static int64_t pick(int64_t start, int64_t end)
{
	uint32_t r = 0;
	uint64_t span;

	if (end <= start || ta_rand(&r, sizeof(r)))
		return start;
	/* r modulo span + 1, in 32 bits: a span of 2^32 - 1 or more keeps
	 * every r as it is (and end - start cannot overflow as unsigned) */
	span = (uint64_t)end - (uint64_t)start;
	if (span < UINT32_MAX)
		r %= (uint32_t)span + 1;
	return start + (int64_t)r;     /* at most end */
}

/* Asks renewalInfo and updates st; saves it.  A failed poll is a warning
 * and moves the next one (Retry-After, else an hour).  Returns 0 or an
 * error (the clock, or the state file). */
static int poll_ari(ta_issuer *is, const ta_cert_conf *cc, ta_state *st, int64_t now)
{
	int64_t start, end;
	unsigned retry = 0;
	char explain[TA_ACME_URL];
	int r;

	if ((r = ta_issuer_begin(is)) != 0)
		return r;
	r = is->acme.dir.new_nonce ? 0 : ta_acme_directory(&is->acme, is->conf->directory);
	if (r == 0)
		r = ta_acme_renewal_info(&is->acme, st->cert_id, &start, &end, &retry, explain,
			sizeof(explain));
	if (r == TA_ERR_UNSUPPORTED) {
		st->ari = 0;                   /* the CA dropped ARI: one third rule */
		st->renew_at = ta_state_third_left(st->not_before, st->not_after);
		ta_error_clear();
		return ta_state_save(is->conf->state_dir, cc->name, st);
	}
	if (r) {
		/* Not a reason to fail the run or to ask at every cron run: the
		 * renewal time already planned still holds (RFC 9773 4.3.3). */
		retry = retry >= 60 ? retry : 3600;
		ta_log(TA_LOG_WARN, "[%s]: %s: asking again in %u s", cc->name, ta_error_msg(), retry);
		ta_error_clear();
		st->ari_next = now + retry;
		return ta_state_save(is->conf->state_dir, cc->name, st);
	}
	if (start != st->window_start || end != st->window_end || !st->renew_at) {
		if (st->window_start && explain[0])   /* the CA moved it, and says why */
			ta_log(TA_LOG_WARN, "[%s]: the CA moved the renewal window: %s", cc->name,
				explain);
		st->window_start = start;
		st->window_end = end;
		st->renew_at = pick(start, end);
	}
	if (retry < 60)
		retry = retry ? 60 : 6 * 3600;
	st->ari_next = now + retry;
	{
		char a[32], b[32];

		ta_fmt_time(start, a, sizeof(a));
		ta_fmt_time(end, b, sizeof(b));
		ta_log(TA_LOG_DEBUG, "[%s]: renewalInfo window %s .. %s, next poll in %u s",
			cc->name, a, b, retry);
	}
	return ta_state_save(is->conf->state_dir, cc->name, st);
}

void ta_renew_adopt(const ta_current *cur, ta_state *st, int64_t now)
{
	int64_t failures = st->failures, retry_at = st->retry_at, pending = st->deploy_pending;

	if (!cur->exists || (st->not_after == cur->ci.not_after && st->renew_at))
		return;
	memset(st, 0, sizeof(*st));
	st->failures = failures;
	st->retry_at = retry_at;
	st->deploy_pending = pending;
	st->not_before = cur->ci.not_before;
	st->not_after = cur->ci.not_after;
	st->renew_at = ta_state_third_left(st->not_before, st->not_after);
	memcpy(st->cert_id, cur->cert_id, sizeof(st->cert_id));
	st->ari = st->cert_id[0] != 0;
	st->ari_next = now;
}

/* Whether cc is due now: the reason, or NULL when it is not (*r 0), when
 * failed attempts hold it back (*held 1) or a renewalInfo poll failed (*r
 * the error).  *replaces gets the ARI id of the certificate to replace
 * ("" for none).  The certificate is read into a frame of its own, gone
 * before the issuance. */
static TA_NOINLINE const char *due(ta_issuer *is, const ta_cert_conf *cc, int64_t now,
	char *replaces, size_t cap, int *r, int *held)
{
	ta_current cur;
	ta_state st;
	const char *why;
	char when[32];

	*r = 0;
	replaces[0] = '\0';
	if (ta_state_load(is->conf->state_dir, cc->name, &st) != 0)
		ta_error_clear();              /* a damaged state: decide afresh */
	if (ta_renew_read_current(is->conf, cc, &cur) != 0)
		ta_error_clear();
	ta_renew_adopt(&cur, &st, now);
	why = ta_renew_reason(cc, &cur, st.renew_at, now);
	if (!why && st.ari && now >= st.ari_next) {
		if ((*r = poll_ari(is, cc, &st, now)) != 0)
			return NULL;
		why = ta_renew_reason(cc, &cur, st.renew_at, now);
	}
	if (!why) {
		ta_fmt_time(st.renew_at, when, sizeof(when));
		ta_log(TA_LOG_DEBUG, "[%s]: not due; renewal planned for %s", cc->name, when);
		return NULL;
	}
	if (now < st.retry_at) {
		/* Failed attempts back off: an hourly cron job would otherwise
		 * make an order (and a failed validation) every hour. */
		ta_fmt_time(st.retry_at, when, sizeof(when));
		ta_log(TA_LOG_INFO, "[%s]: due (%s), but the last %lld attempts failed: the next "
			"one after %s (`tacme issue %s` tries now)", cc->name, why,
			(long long)st.failures, when, cc->name);
		*held = 1;
		return NULL;
	}
	if (cur.exists && st.ari && st.cert_id[0] && strlen(st.cert_id) < cap)
		memcpy(replaces, st.cert_id, strlen(st.cert_id) + 1);
	return why;
}

int ta_renew(ta_issuer *is, const ta_cert_conf *cc, int *issued)
{
	char replaces[sizeof(((ta_state *)0)->cert_id)], failed[200];
	const char *why;
	int r, ran, held = 0;

	*issued = 0;
	why = due(is, cc, ta_time_now(), replaces, sizeof(replaces), &r, &held);
	if (why) {
		ta_log(TA_LOG_INFO, "[%s]: renewing: %s", cc->name, why);
		r = ta_issue(is, cc, replaces[0] ? replaces : NULL);
		*issued = r == 0;
		if (r && !is->deploy_failed) {
			/* Not renewed: the certificate in place stays, and a deploy
			 * of it that failed before is run again (its own failure is
			 * not recorded over the renewal's, nor counted apart). */
			ta_issuer_deploy_pending(is, cc, &ran);
			is->deploy_failed = 0;
		}
		return r;
	}
	if (r)
		return r;
	/* Nothing due: a deploy that did not succeed is run again. */
	if ((r = ta_issuer_deploy_pending(is, cc, &ran)) != 0) {
		ta_snprintf(failed, sizeof(failed), "%s (run again at the next renew)",
			ta_error_msg());
		ta_error_clear();
		return ta_error(r, "%s", failed);
	}
	if (!held && ta_issuer_kept_order(is, cc)) {
		ta_log(TA_LOG_INFO, "[%s]: fetching an earlier run's order", cc->name);
		return ta_issue_kept(is, cc, issued);
	}
	*issued = ran;
	return 0;
}
